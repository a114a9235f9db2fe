"""MCP end to end with the official Python SDK (pip `mcp`, pinned in python/requirements-http-test.txt): over
Streamable HTTP against a `warden serve` with authentication on, and over stdio against `warden mcp` on the same
registry. Both transports: initialize, list tools/resources/templates/prompts (the tools equal the committed
docs/MCP.json), call every tool with valid input and with bad input (wrong types, unknown model, out-of-scope model,
missing reason), read every resource, get both prompts; a viewer key reads but cannot deploy (refused and audited);
an invalid key gets an authentication error; and afterwards the registry is consistent (one serving version, what
serves is what the history says, every refusal audited).

The agent tools run against a second server with the sample agent (samples/wifi-anomaly: its configuration and
package), after the sample logs were posted to /api/v1/logs and the agent stored its anomalies: list_agents,
list_anomalies, explain_window, update_anomaly_status and set_agent_model over both transports (`warden mcp` given
the server's --config), equal to what the HTTP API answers, with refusals by role and scope and bad input.
"""
import asyncio
import contextlib
import json
import os
import tempfile

import time

import httpx2
import numpy as np
import pytest
from mcp import Client, MCPError, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

from conftest import sk_score_samples
from server import MODEL, ROOT, VERSION, Server

BIN = os.environ.get("HTTPTEST_BIN", str(ROOT / ".build/debug/warden"))
CATALOG = json.loads((ROOT / "docs/MCP.json").read_text())
TOOLS = [t["name"] for t in CATALOG["tools"]]
TRANSPORTS = ["http", "stdio"]


def run(coro):
    return asyncio.run(coro)


def http_call(srv, method, path, body=None, key=None, headers=None):
    h = {"Content-Type": "application/json", "X-API-Key": key or srv.api_key, **(headers or {})}
    with httpx2.Client(timeout=30) as c:
        r = c.request(method, srv.url + path, content=None if body is None else json.dumps(body), headers=h)
    return r.status_code, (r.json() if r.content else None)


@pytest.fixture(scope="module")
def srv():
    server = Server(BIN, auth=True)
    try:
        keys = {"admin": server.api_key}
        for name, role, models in [("viewer", "viewer", None), ("operator", "operator", None),
                                   ("scoped", "admin", ["other-model"])]:
            status, body = http_call(server, "POST", "/api/keys", {"name": "mcp-" + name, "role": role,
                                                                 "models": models})
            assert status == 201, body
            keys[name] = body["key"]
        server.keys = keys
        # A second version to deploy, roll back and promote: the serving version saved under a new name (a
        # registry write, which the training mode allows).
        assert http_call(server, "POST", "/api/mode/training")[0] == 200
        status, body = http_call(server, "POST", f"/api/model/save?model={MODEL}", {"tags": ["mcp-test"]})
        assert status == 201, body
        server.candidate = body["version"]
        assert http_call(server, "POST", "/api/mode/inference")[0] == 200
        yield server
    finally:
        server.stop()


@contextlib.asynccontextmanager
async def connect(srv, transport, key_name="admin", key=None, mode="auto"):
    """An initialized MCP client over `transport` acting for one of the module's keys."""
    key = key if key is not None else srv.keys[key_name]
    if transport == "http":
        async with httpx2.AsyncClient(headers={"X-API-Key": key}, timeout=60) as http:
            async with Client(streamable_http_client(srv.url + "/mcp", http_client=http), mode=mode) as client:
                yield client
    else:
        env = {k: v for k, v in os.environ.items() if not k.startswith("WARDEN_")}
        env["WARDEN_API_KEY"] = key
        # `warden mcp` knows the agents from the server's configuration (the registry holds their anomalies).
        config = ["--config", str(srv.config)] if getattr(srv, "config", None) else []
        params = StdioServerParameters(command=BIN, args=["mcp", "--data-dir", srv.data_dir, *config], env=env)
        with tempfile.TemporaryFile("w+") as errlog:
            async with Client(stdio_client(params, errlog=errlog), mode=mode) as client:
                yield client


def structured(result):
    assert not result.is_error, result.content[0].text
    assert json.loads(result.content[0].text) == result.structured_content
    return result.structured_content


def refused(result):
    assert result.is_error, result.structured_content
    error = result.structured_content["error"]
    assert result.content[0].text.startswith(error["code"] + ": ")
    return error["code"]


def serving_version(srv):
    status, body = http_call(srv, "GET", f"/api/v1/models/current?model={MODEL}")
    assert status == 200, body
    return body["version"]


# ------------------------------------------------------------------------------------------------ both transports
@pytest.mark.parametrize("transport", TRANSPORTS)
def test_initialize_and_lists(srv, transport):
    async def go():
        async with connect(srv, transport, "viewer") as client:
            assert client.server_info.name == "warden"
            assert "deploy_version" in (client.instructions or "")
            caps = client.server_capabilities
            assert caps.tools is not None and caps.resources is not None and caps.prompts is not None
            tools = (await client.list_tools()).tools
            assert [t.name for t in tools] == TOOLS
            by_name = {t["name"]: t for t in CATALOG["tools"]}
            for t in tools:
                committed = by_name[t.name]
                assert t.input_schema == committed["inputSchema"], t.name
                assert t.output_schema == committed["outputSchema"], t.name
                assert t.description == committed["description"], t.name
                assert t.annotations.destructive_hint == committed["annotations"]["destructiveHint"], t.name
                assert t.annotations.read_only_hint == committed["annotations"]["readOnlyHint"], t.name
            templates = (await client.list_resource_templates()).resource_templates
            assert [t.uri_template for t in templates] == [t["uriTemplate"] for t in CATALOG["resource_templates"]]
            resources = (await client.list_resources()).resources
            assert len(resources) == 3
            prompts = (await client.list_prompts()).prompts
            assert [p.name for p in prompts] == ["investigate_anomaly", "review_candidate_model"]
            await client.send_ping()
    run(go())


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_read_tools_with_valid_input(srv, transport, reference):
    async def go():
        rows = reference["rows"][:5]
        async with connect(srv, transport, "operator") as client:
            await client.list_tools()  # the client then checks every structured result against its output schema
            models = structured(await client.call_tool("list_models", {}))
            assert models["models"][0]["model"] == MODEL
            assert {v["version"] for v in models["models"][0]["versions"]} >= {VERSION, srv.candidate}
            version = structured(await client.call_tool("get_version", {"model": MODEL}))
            assert version["validation"]["valid"] is True and version["manifest"] and version["metadata"]
            compared = structured(await client.call_tool(
                "compare_versions", {"model": MODEL, "version_a": VERSION, "version_b": srv.candidate}))
            assert compared["metrics"] and all(m["difference"] == 0 for m in compared["metrics"])

            predicted = structured(await client.call_tool("predict", {"model": MODEL, "rows": rows}))
            if transport == "http":
                status, direct = http_call(srv, "POST", "/predict", {"features": rows})
                assert status == 200
                assert predicted == direct
            X = np.array([[float(r[n]) for n in reference["names"]] for r in rows])
            np.testing.assert_allclose(predicted["scores"], -sk_score_samples(reference, X), rtol=0, atol=1e-9)
            assert predicted["threshold"] == reference["threshold"]
            assert predicted["model_version"] == serving_version(srv)
            assert predicted["predictions"] == [int(s > reference["threshold"]) for s in predicted["scores"]]

            performance = structured(await client.call_tool("get_performance", {}))
            assert performance["version"] == serving_version(srv)
            drift = structured(await client.call_tool("check_drift", {"model": MODEL}))
            assert isinstance(drift["drift_detected"], bool)
            alerts = structured(await client.call_tool("list_alerts", {"limit": 10}))
            assert alerts["count"] == len(alerts["alerts"])
            health = structured(await client.call_tool("get_health", {}))
            assert health["status"] == "healthy"
        async with connect(srv, transport, "admin") as client:
            audit = structured(await client.call_tool("get_audit_log", {"limit": 5}))
            assert audit["count"] == len(audit["entries"])
    run(go())


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_lifecycle_tools(srv, transport):
    async def go():
        before = serving_version(srv)
        async with connect(srv, transport, "admin") as client:
            reason = f"mcp {transport} test"
            deployed = structured(await client.call_tool(
                "deploy_version", {"model": MODEL, "version": srv.candidate, "reason": reason}))
            assert deployed["changed"] is True and deployed["serving_version"] == srv.candidate
            back = structured(await client.call_tool("rollback", {"model": MODEL, "version": before,
                                                                  "reason": reason}))
            assert back["serving_version"] == before
            promoted = structured(await client.call_tool(
                "promote_version", {"model": MODEL, "version": before, "reason": reason}))
            assert promoted["production_version"] == before
            audit = structured(await client.call_tool("get_audit_log", {"limit": 10}))
            mine = [e for e in audit["entries"] if reason in e["details"]]
            assert {e["action"] for e in mine} == {"deploy", "rollback", "promote"}
            assert all(e["outcome"] == "success" for e in mine)
        # The server sees the change at once (HTTP) or within its refresh interval (stdio wrote the registry).
        for _ in range(50):
            if serving_version(srv) == before:
                break
            await asyncio.sleep(0.2)
        assert serving_version(srv) == before
    run(go())


BAD_INPUT = [
    ("predict", {"rows": "not rows"}, "invalid_request"),
    ("predict", {"rows": [{"x": 1}], "model": 42}, "invalid_request"),
    ("predict", {"rows": []}, "invalid_request"),
    ("predict", {"model": "no-such-model", "rows": [{"x": 1}]}, "model_not_found"),
    ("predict", {"rows": [{"x": 1}]}, "missing_features"),
    ("get_version", {"model": MODEL, "version": "19990101_000000"}, "version_not_found"),
    ("get_version", {"version": 7}, "invalid_request"),
    ("compare_versions", {"version_a": VERSION}, "invalid_request"),
    ("deploy_version", {"model": MODEL, "version": VERSION}, "invalid_request"),
    ("deploy_version", {"model": MODEL, "version": "19990101_000000", "reason": "r"}, "version_not_found"),
    ("rollback", {"model": MODEL, "reason": 5}, "invalid_request"),
    ("promote_version", {"model": MODEL, "version": VERSION, "reason": "r", "force": "yes"}, "invalid_request"),
    ("get_performance", {"model": "no-such-model"}, "version_not_found"),
    ("check_drift", {"version": ["x"]}, "invalid_request"),
    ("list_alerts", {"limit": "ten"}, "invalid_request"),
    ("get_audit_log", {"since": "yesterday"}, "invalid_request"),
    ("get_health", {"verbose": True}, "invalid_request"),
]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_bad_input_is_refused_with_codes(srv, transport):
    async def go():
        before = serving_version(srv)
        async with connect(srv, transport, "admin") as client:
            for name, arguments, code in BAD_INPUT:
                assert refused(await client.call_tool(name, arguments)) == code, (name, arguments)
            with pytest.raises(MCPError) as unknown:
                await client.call_tool("no_such_tool", {})
            assert unknown.value.error.code == -32602
        assert serving_version(srv) == before
        async with connect(srv, transport, "scoped") as client:
            for name, arguments in [("predict", {"model": MODEL, "rows": [{"x": 1}]}), ("get_version", {"model": MODEL}),
                                    ("deploy_version", {"model": MODEL, "version": srv.candidate, "reason": "r"})]:
                assert refused(await client.call_tool(name, arguments)) == "model_out_of_scope", name
            assert structured(await client.call_tool("list_models", {}))["models"] == []
            with pytest.raises(MCPError) as scoped:
                await client.read_resource(f"warden://models/{MODEL}/versions/{VERSION}/performance-report")
            assert scoped.value.error.data["code"] == "model_out_of_scope"
        assert serving_version(srv) == before
    run(go())


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_viewer_reads_but_cannot_deploy(srv, transport):
    async def go():
        before = serving_version(srv)
        async with connect(srv, transport, "viewer") as client:
            assert structured(await client.call_tool("list_models", {}))["count"] >= 2
            for name, arguments in [
                ("deploy_version", {"model": MODEL, "version": srv.candidate, "reason": "viewer " + transport}),
                ("rollback", {"model": MODEL, "reason": "viewer " + transport}),
                ("predict", {"rows": [{"x": 1}]}),
                ("get_audit_log", {}),
            ]:
                assert refused(await client.call_tool(name, arguments)) == "forbidden", name
        assert serving_version(srv) == before
        status, audit = http_call(srv, "GET", "/api/audit?action=deploy&limit=50")
        denied = [e for e in audit["entries"] if e["outcome"] == "denied" and "viewer " + transport in e["details"]]
        assert len(denied) == 1
        assert json.loads(denied[0]["details"])["tool"] == "deploy_version"
    run(go())


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_every_resource_and_prompt(srv, transport):
    async def go():
        async with connect(srv, transport, "viewer") as client:
            uris = [r.uri for r in (await client.list_resources()).resources]
            uris += [t["uriTemplate"].replace("{name}", MODEL).replace("{version}", srv.candidate)
                     for t in CATALOG["resource_templates"]]
            for uri in uris:
                contents = (await client.read_resource(str(uri))).contents
                assert contents[0].mime_type == "application/json"
                assert isinstance(json.loads(contents[0].text), dict), uri
            with pytest.raises(MCPError) as missing:
                await client.read_resource(f"warden://models/{MODEL}/versions/19990101_000000/drift-report")
            assert missing.value.error.code == -32002
            assert missing.value.error.data["code"] == "version_not_found"
            with pytest.raises(MCPError) as bad:
                await client.read_resource("warden://nothing")
            assert bad.value.error.code == -32602

            investigate = await client.get_prompt("investigate_anomaly", {"observation": "spike on AP-12"})
            embedded = [m.content.resource.uri for m in investigate.messages if m.content.type == "resource"]
            assert [str(u).rsplit("/", 1)[1] for u in embedded] == ["drift-report", "performance-report"]
            review = await client.get_prompt("review_candidate_model", {"version": srv.candidate})
            assert any(m.content.type == "resource" and str(m.content.resource.uri).endswith("validation-report")
                       for m in review.messages)
            with pytest.raises(MCPError):
                await client.get_prompt("review_candidate_model", {})
    run(go())


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_invalid_key_is_an_authentication_error(srv, transport):
    async def go():
        with pytest.raises(Exception) as failed:
            async with connect(srv, transport, key="wdn_nope_nope") as client:
                await client.list_tools()
        return failed.value
    error = run(go())
    if transport == "http":
        assert "invalid_key" in str(error) or "invalid_key" in repr(getattr(error, "exceptions", ""))


def test_stdio_reads_the_key_from_a_file(srv, tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text(srv.keys["viewer"] + "\n")

    async def go():
        env = {k: v for k, v in os.environ.items() if not k.startswith("WARDEN_")}
        params = StdioServerParameters(
            command=BIN, args=["mcp", "--data-dir", srv.data_dir, "--key-file", str(key_file)], env=env)
        async with Client(stdio_client(params), mode="legacy") as client:
            health = await client.call_tool("get_health", {})
            assert health.structured_content["status"] == "healthy"
            denied = await client.call_tool("deploy_version", {"version": VERSION, "reason": "r"})
            assert denied.structured_content["error"]["code"] == "forbidden"
    run(go())


def test_http_origin_and_transport_rules(srv):
    ping = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
    accept = {"Accept": "application/json, text/event-stream"}
    status, body = http_call(srv, "POST", "/mcp", ping, headers={**accept, "Origin": "https://evil.example"})
    assert status == 403 and body["error"]["code"] == -32600
    port = srv.url.rsplit(":", 1)[1]
    status, body = http_call(srv, "POST", "/mcp", ping, headers={**accept, "Origin": f"http://127.0.0.1:{port}"})
    assert status == 200 and body["result"] == {}
    status, _ = http_call(srv, "POST", "/mcp", ping, headers={**accept, "Host": f"rebound.example:{port}"})
    assert status == 421
    status, _ = http_call(srv, "POST", "/mcp", ping, headers={"Accept": "text/html"})
    assert status == 406
    status, body = http_call(srv, "POST", "/mcp", ping, key="wdn_nope", headers=accept)
    assert status == 401 and body["error"]["data"]["code"] == "invalid_key"
    status, _ = http_call(srv, "POST", "/mcp", {"jsonrpc": "2.0", "method": "notifications/initialized"},
                          headers=accept)
    assert status == 202


def test_registry_is_consistent_afterwards(srv):
    status, body = http_call(srv, "GET", f"/api/v1/model-management/models?model={MODEL}")
    assert status == 200
    serving = [v for v in body["models"] if v["is_serving"]]
    assert len(serving) == 1, serving
    assert serving[0]["version"] == serving_version(srv)
    status, health = http_call(srv, "GET", "/health")
    assert status == 200 and health["status"] == "healthy"
    status, audit = http_call(srv, "GET", "/api/audit?limit=1000")
    for entry in audit["entries"]:
        assert entry["outcome"] in ("success", "failed", "denied")
        details = json.loads(entry["details"])
        if entry["outcome"] == "denied" and details.get("face") == "mcp":
            assert details["code"] in ("forbidden", "model_out_of_scope"), entry
    status, history = http_call(srv, "GET", f"/api/model/versions?model={MODEL}")
    assert status == 200 and history["current_version"] == serving[0]["version"]


# ------------------------------------------------------------------------------------------------ the agent tools
SAMPLE = ROOT / "samples/wifi-anomaly"
AGENT = "wifi-campus"
AGENT_VERSION = "20260105_000000"
AGENT_TOOLS = ["explain_window", "list_agents", "set_agent_model", "list_anomalies", "update_anomaly_status"]


@pytest.fixture(scope="module")
def agents_srv():
    """`warden serve` with the sample configuration and package, the sample logs posted and their anomalies stored."""
    server = Server(BIN, auth=True, package=SAMPLE / "model_20260105_000000_deployment.zip",
                    extra_args=("--config", str(SAMPLE / "warden.yaml")))
    server.config = SAMPLE / "warden.yaml"
    try:
        keys = {"admin": server.api_key}
        for name, role, models in [("viewer", "viewer", None), ("operator", "operator", None),
                                   ("scoped", "admin", ["other-model"])]:
            status, body = http_call(server, "POST", "/api/keys", {"name": "mcp-agents-" + name, "role": role,
                                                                 "models": models})
            assert status == 201, body
            keys[name] = body["key"]
        server.keys = keys
        with httpx2.Client(timeout=120) as c:
            r = c.post(server.url + "/api/v1/logs", content=(SAMPLE / "logs.jsonl").read_bytes(),
                       headers={"X-API-Key": server.api_key, "Content-Type": "application/x-ndjson"})
        assert r.status_code == 202, r.text
        labels = json.loads((SAMPLE / "logs-labels.json").read_text())["windows"]
        expected = {(w["ap"], w["window_start"]) for w in labels}
        deadline = time.monotonic() + 90
        while True:
            status, page = http_call(server, "GET", "/api/v1/anomalies?limit=1000")
            found = {(a["entity"], a["window_start"]) for a in page["anomalies"]}
            if expected <= found:
                break
            assert time.monotonic() < deadline, f"the agent did not flag {sorted(expected - found)}"
            time.sleep(0.5)
        yield server
    finally:
        server.stop()


def anomalies_over_http(srv, query="limit=1000"):
    status, body = http_call(srv, "GET", "/api/v1/anomalies?" + query)
    assert status == 200, body
    return body


def test_agent_tools_are_listed(agents_srv):
    async def go():
        async with connect(agents_srv, "http", "viewer") as client:
            names = [t.name for t in (await client.list_tools()).tools]
            assert set(AGENT_TOOLS) <= set(names) and len(names) == len(TOOLS) == 17
            by_name = {t.name: t for t in (await client.list_tools()).tools}
            assert by_name["set_agent_model"].annotations.destructive_hint is True
            assert by_name["set_agent_model"].annotations.idempotent_hint is False
            assert "reason" in by_name["set_agent_model"].input_schema["required"]
            update = by_name["update_anomaly_status"].annotations
            assert update.destructive_hint is False and update.read_only_hint is False
    run(go())


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_agent_read_tools(agents_srv, transport):
    async def go():
        async with connect(agents_srv, transport, "viewer") as client:
            await client.list_tools()  # the client checks structured results against the output schemas
            agents = structured(await client.call_tool("list_agents", {}))
            assert agents["count"] == 1 and agents["agents"][0]["id"] == AGENT
            assert agents["agents"][0]["model"] == MODEL
            one = structured(await client.call_tool("list_agents", {"agent": AGENT}))
            assert one["agents"][0]["id"] == AGENT

            listed = structured(await client.call_tool("list_anomalies", {"limit": 1000}))
            direct = anomalies_over_http(agents_srv)
            assert listed == direct  # the same JSON as GET /api/v1/anomalies
            deauth = structured(await client.call_tool(
                "list_anomalies", {"agent": AGENT, "ap": "ap-02", "type": "deauth_flood"}))
            assert deauth == anomalies_over_http(agents_srv, f"agent={AGENT}&ap=ap-02&type=deauth_flood")
            assert deauth["total"] >= 2
            window = structured(await client.call_tool(
                "list_anomalies", {"from": "2026-01-06T07:30:00Z", "to": "2026-01-06T07:35:00Z"}))
            assert window["anomalies"] and all(a["window_start"] == "2026-01-06T07:30:00Z"
                                               for a in window["anomalies"])
            page = structured(await client.call_tool("list_anomalies", {"limit": 2, "offset": 1}))
            assert [a["id"] for a in page["anomalies"]] == [a["id"] for a in direct["anomalies"][1:3]]

            anomaly = direct["anomalies"][0]
            explained = structured(await client.call_tool("explain_window", {"id": anomaly["id"]}))
            assert (explained["id"], explained["agent"], explained["ap"], explained["window_start"]) == \
                   (anomaly["id"], AGENT, anomaly["entity"], anomaly["window_start"])
            assert explained["model_version"] == AGENT_VERSION
            assert explained["score"] == anomaly["score"] and explained["threshold"] == anomaly["threshold"]
            assert explained["features"] == anomaly["features"] and len(explained["features"]) == 17
            assert explained["contributors"] == anomaly["contributors"] and explained["contributors"]
            assert all({"feature", "value", "z"} <= set(c) for c in explained["contributors"])

            prompt = await client.get_prompt("investigate_anomaly", {"anomaly": str(anomaly["id"])})
            texts = [m.content.text for m in prompt.messages if m.content.type == "text"]
            assert any(t.startswith("The anomaly, as explain_window gives it:") for t in texts)
            embedded = [str(m.content.resource.uri) for m in prompt.messages if m.content.type == "resource"]
            base = f"warden://models/{MODEL}/versions/{AGENT_VERSION}/"
            assert embedded == [base + "drift-report", base + "performance-report"]
    run(go())


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_agent_write_tools(agents_srv, transport):
    async def go():
        # A different anomaly per transport: each one moves open → acknowledged → resolved once.
        anomaly = anomalies_over_http(agents_srv, "status=open&limit=1000")["anomalies"][TRANSPORTS.index(transport)]
        note = f"mcp {transport} on it"
        async with connect(agents_srv, transport, "operator") as client:
            moved = structured(await client.call_tool(
                "update_anomaly_status", {"id": anomaly["id"], "status": "acknowledged", "note": note}))
            assert moved["status"] == "acknowledged" and moved["status_history"][-1]["note"] == note
            status, direct = http_call(agents_srv, "GET", f"/api/v1/anomalies/{anomaly['id']}")
            assert status == 200 and direct == moved
            again = await client.call_tool("update_anomaly_status", {"id": anomaly["id"], "status": "acknowledged"})
            assert refused(again) == "conflict"
            resolved = structured(await client.call_tool(
                "update_anomaly_status", {"id": anomaly["id"], "status": "resolved"}))
            assert resolved["status"] == "resolved"
        reason = f"mcp {transport} pin"
        async with connect(agents_srv, transport, "admin") as client:
            paired = structured(await client.call_tool(
                "set_agent_model", {"agent": AGENT, "model": MODEL, "version": AGENT_VERSION,
                                    "shadow_version": AGENT_VERSION, "reason": reason}))
            assert (paired["agent"], paired["version"], paired["shadow_version"]) == (AGENT, AGENT_VERSION,
                                                                                      AGENT_VERSION)
            back = structured(await client.call_tool(
                "set_agent_model", {"agent": AGENT, "version": "production", "reason": reason + " undone"}))
            assert back["version"] == "production" and back["shadow_version"] is None
            audit = structured(await client.call_tool("get_audit_log", {"limit": 50}))
        status, history = http_call(agents_srv, "GET", f"/api/v1/agents/{AGENT}/history")
        assert [p["reason"] for p in history["pairings"][-2:]] == [reason, reason + " undone"]
        status, agent = http_call(agents_srv, "GET", f"/api/v1/agents/{AGENT}")
        assert agent["paired_version"] == "production"
        mine = [e for e in audit["entries"] if transport in e["details"] and e["action"] == "agent.set_model"]
        assert len(mine) == 2 and all(e["target"] == f"agent:{AGENT}" and e["outcome"] == "success" for e in mine)
        moves = [e for e in audit["entries"] if e["action"] == "anomaly.status" and e["target"] == f"anomaly:{anomaly['id']}"]
        assert [e["outcome"] for e in moves] == ["success", "failed", "success"]
        assert note in moves[-1]["details"]
    run(go())


AGENT_BAD_INPUT = [
    ("list_agents", {"agent": "no-such-agent"}, "not_found"),
    ("set_agent_model", {"agent": "no-such-agent", "reason": "r"}, "not_found"),
    ("set_agent_model", {"agent": AGENT}, "invalid_request"),
    ("set_agent_model", {"agent": AGENT, "version": "19990101_000000", "reason": "r"}, "version_not_found"),
    ("explain_window", {"id": 999999}, "not_found"),
    ("explain_window", {"id": "one"}, "invalid_request"),
    ("update_anomaly_status", {"id": 999999, "status": "resolved"}, "not_found"),
    ("update_anomaly_status", {"id": 1, "status": "closed"}, "invalid_request"),
    ("list_anomalies", {"from": "yesterday"}, "invalid_request"),
    ("list_anomalies", {"limit": 1001}, "invalid_request"),
]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_agent_tools_refuse_bad_input_roles_and_scope(agents_srv, transport):
    async def go():
        before = anomalies_over_http(agents_srv)
        status, pairings = http_call(agents_srv, "GET", f"/api/v1/agents/{AGENT}/history")
        async with connect(agents_srv, transport, "admin") as client:
            for name, arguments, code in AGENT_BAD_INPUT:
                assert refused(await client.call_tool(name, arguments)) == code, (name, arguments)
        anomaly = before["anomalies"][-1]
        denied = f"denied {transport}"
        for key in ["viewer", "operator"]:
            async with connect(agents_srv, transport, key) as client:
                assert refused(await client.call_tool(
                    "set_agent_model", {"agent": AGENT, "reason": f"{denied} {key}"})) == "forbidden"
                if key == "viewer":
                    assert refused(await client.call_tool(
                        "update_anomaly_status", {"id": anomaly["id"], "status": "resolved", "note": denied}
                    )) == "forbidden"
        async with connect(agents_srv, transport, "scoped") as client:
            assert structured(await client.call_tool("list_agents", {}))["count"] == 0
            assert structured(await client.call_tool("list_anomalies", {}))["total"] == 0
            assert refused(await client.call_tool("explain_window", {"id": anomaly["id"]})) == "not_found"
            assert refused(await client.call_tool(
                "update_anomaly_status", {"id": anomaly["id"], "status": "resolved"})) == "not_found"
            for arguments in [{"agent": AGENT, "reason": "r"}, {"agent": AGENT, "model": MODEL, "reason": "r"}]:
                assert refused(await client.call_tool("set_agent_model", arguments)) == "model_out_of_scope"
        assert anomalies_over_http(agents_srv) == before
        assert http_call(agents_srv, "GET", f"/api/v1/agents/{AGENT}/history")[1] == pairings
        status, audit = http_call(agents_srv, "GET", "/api/audit?limit=200")
        refusals = [e for e in audit["entries"] if denied in e["details"]]
        assert sorted((e["action"], e["outcome"], e["target"]) for e in refusals) == sorted([
            ("agent.set_model", "denied", f"agent:{AGENT}"), ("agent.set_model", "denied", f"agent:{AGENT}"),
            ("anomaly.status", "denied", f"anomaly:{anomaly['id']}")])
    run(go())
