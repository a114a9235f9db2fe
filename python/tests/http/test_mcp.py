"""MCP end to end with the official Python SDK (pip `mcp`, pinned in python/requirements-http-test.txt): over
Streamable HTTP against a `warden serve` with authentication on, and over stdio against `warden mcp` on the same
registry. Both transports: initialize, list tools/resources/templates/prompts (the tools equal the committed
docs/MCP.json), call every tool with valid input and with bad input (wrong types, unknown model, out-of-scope model,
missing reason), read every resource, get both prompts; a viewer key reads but cannot deploy (refused and audited);
an invalid key gets an authentication error; and afterwards the registry is consistent (one serving version, what
serves is what the history says, every refusal audited).
"""
import asyncio
import contextlib
import json
import os
import tempfile

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
        params = StdioServerParameters(command=BIN, args=["mcp", "--data-dir", srv.data_dir], env=env)
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
