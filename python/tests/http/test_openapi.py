"""The OpenAPI document: valid OpenAPI 3.1, served as committed, and naming exactly the routes the server
registers (read from Sources/ModelServer/*.swift)."""
import json
import re

import requests
from openapi_spec_validator import validate

from server import ROOT

DOC_PATH = ROOT / "Sources/ModelServer/openapi.json"
SOURCES = ROOT / "Sources/ModelServer"
# Where each route-adding function mounts its routes (WardenServer.router()).
PREFIXES = {
    "addPredictionRoutes": "", "addModelsRoutes": "api/v1/models", "addModelManagementRoutes": "api/v1/model-management",
    "addTrainingServiceRoutes": "api/v1/model-management", "addVersioningRoutes": "api", "addHealthRoutes": "",
    "addV2Routes": "v2", "addMLflowRoutes": "", "addPendingRoutes": "", "addMonitoringRoutes": "", "addMetricsRoutes": "", "addDriftRoutes": "", "addSecurityRoutes": "", "addAgentRoutes": "",
    "addMCPRoutes": "", "router": "",
}
# Local route groups and their mount points (besides `router` and each function's `group`).
HOLDERS = {"management": "api/v1/model-management", "agents": "api/v1/agents", "anomalies": "api/v1/anomalies",
           "incidents": "api/v1/incidents"}
ROUTE = re.compile(r'\b(router|group|management|agents|anomalies|incidents)\.(get|post|put|delete|patch)\s*(?:\(\s*"([^"]*)"|\{)')
FUNC = re.compile(r'func (add\w+Routes)\(|public func (router)\(')


def registered_routes():
    routes = set()
    for f in sorted(SOURCES.glob("*.swift")):
        func = None
        for line in f.read_text().splitlines():
            m = FUNC.search(line)
            if m:
                func = m.group(1) or m.group(2)
            for holder, method, path in ROUTE.findall(line):
                prefix = HOLDERS[holder] if holder in HOLDERS else PREFIXES[func]
                if holder == "router" and func != "addModelsRoutes":
                    prefix = ""
                full = "/" + "/".join(p for p in (prefix, path) if p)
                full = re.sub(r":(\w+)", r"{\1}", full)
                routes.add((method, full))
    return routes


def test_document_is_valid_openapi_31():
    doc = json.loads(DOC_PATH.read_text())
    assert doc["openapi"].startswith("3.1")
    validate(doc)


def test_served_document_is_the_committed_one(base_url):
    r = requests.get(base_url + "/openapi.json", timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/json")
    assert r.json() == json.loads(DOC_PATH.read_text())


def test_document_names_exactly_the_registered_routes():
    doc = json.loads(DOC_PATH.read_text())
    documented = {(m, p) for p, ops in doc["paths"].items() for m in ops if m in ("get", "post", "put", "delete",
                                                                                   "patch")}
    registered = registered_routes()
    assert len(registered) > 50
    assert registered - documented == set(), "routes missing from openapi.json"
    assert documented - registered == set(), "documented routes the server does not register"


def test_every_operation_documents_its_errors_with_the_shared_schema():
    doc = json.loads(DOC_PATH.read_text())
    for path, ops in doc["paths"].items():
        for method, o in ops.items():
            for status, resp in o["responses"].items():
                if status.startswith(("4", "5")) and "$ref" in resp:
                    # /v2 answers the Open Inference Protocol's error shape (V2Error); every other route Error.
                    prefix = "#/components/responses/V2E" if path.startswith("/v2") else "#/components/responses/E"
                    assert resp["$ref"].startswith(prefix), (method, path, status)
            if o["x-warden-status"].startswith("pending"):
                # A pending operation answers 501, or the access checks' answers before it (401/403/429/409/503).
                assert "501" in o["responses"], (method, path)
                assert set(o["responses"]) <= {"501", "401", "403", "429", "409", "503"}, (method, path)
