#!/usr/bin/env python3
"""Writes docs/MCP.json (the MCP catalog: tools with their JSON Schemas, who may call each and what each acts on,
resource templates, prompts) from `warden mcp --catalog`, and docs/MCP.md from it.

    python3 python/mcp/build_docs.py                 # uses .build/debug/warden; writes both files
    python3 python/mcp/build_docs.py --bin PATH      # another warden binary
    python3 python/mcp/build_docs.py --check         # exits 1 when a committed file differs (scripts/test-http)

The Swift tests (Tests/MCPServerTests/CatalogTests.swift) compare docs/MCP.json with the code's catalog, and the
Python tests (python/tests/http/test_mcp.py) compare it with what a running server lists; this script keeps
docs/MCP.md in step with docs/MCP.json. Do not edit either file by hand.
"""
import argparse
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
CATALOG = ROOT / "docs" / "MCP.json"
DOCS = ROOT / "docs" / "MCP.md"

PROSE = """# Warden's MCP server

Warden speaks the [Model Context Protocol](https://modelcontextprotocol.io) so that an assistant can answer "which
model is serving, is it drifting, roll back ap-model to yesterday's version" with Warden's own authorization. The
face is `Sources/MCPServer` (on modelcontextprotocol/swift-sdk); every tool parses its arguments and calls one
operation of the application (`WardenServices`), authorized as the equivalent HTTP endpoint is.

This file and [`MCP.json`](MCP.json) are written by `python3 python/mcp/build_docs.py` from `warden mcp --catalog`;
the tests fail when either differs from the code. Do not edit them by hand.

## Connecting

**Streamable HTTP** — `POST /mcp` on `warden serve`, stateless: each POST carries one JSON-RPC message (or a batch)
and gets one `application/json` response (`202` for notifications); no `Mcp-Session-Id` is issued, so any replica
behind a load balancer answers any request, and `GET /mcp` answers 405 (no event stream). Credentials are the API's:
`X-API-Key: wdn_…` or `Authorization: Bearer <token or key>`; without one the answer is `401` with a JSON-RPC error
whose `data.code` is `unauthenticated`, `invalid_key`, `invalid_token` or `expired_token`. Rate limits apply as to
every endpoint. Clients send `Accept: application/json` (`text/event-stream` may be listed too) and
`Content-Type: application/json`; an unsupported `MCP-Protocol-Version` is `400`.

```json
{"mcpServers": {"warden": {"url": "https://warden.example:8080/mcp",
                           "headers": {"X-API-Key": "wdn_…"}}}}
```

**Origin.** A request without `Origin` (every non-browser client) passes. A browser request passes when its
`Origin` is the server's own host (`scheme://` + the `Host` it was sent to) or is listed in
`server.mcp_allowed_origins` (comma-separated, e.g. `WARDEN_SERVER_MCP_ALLOWED_ORIGINS=https://ops.example.com`);
any other is `403`. When `warden serve` listens on loopback, the `Host` must also be a loopback name (`localhost`,
`127.x.y.z`, `[::1]`), else `421`: a page whose name was rebound to 127.0.0.1 (DNS rebinding) is refused even
though its `Origin` and `Host` agree.

**stdio** — `warden mcp` for an assistant on the machine that holds the registry. It opens the data directory as
the other commands do and acts for one API key, read from `WARDEN_API_KEY` or `--key-file FILE` (never an
argument, which other users could read in the process list); the key is checked against the store at start (an
invalid one exits with status 99, `invalid_key`). A token works too when `WARDEN_SECRET_KEY` is the server's.
Deployments made by other processes are picked up every `--refresh-interval` seconds (5). Logs go to stderr.
Agents are declared in the configuration, not in the registry: give `warden mcp` the server's `--config` (or
`WARDEN_CONFIG`; the file `warden serve` reads) so that `list_agents` and `set_agent_model` know them; without it
there are no agents (`list_agents` is empty, `set_agent_model` answers `not_found`), though the anomalies stored in
the registry are still listed, explained and moved. `warden mcp` runs no agent itself: a pairing it stores is
taken up by the serving process's agent at its next window.

```json
{"mcpServers": {"warden": {"command": "warden",
                           "args": ["mcp", "--data-dir", "/var/lib/warden", "--config", "/etc/warden/warden.yaml",
                                    "--key-file", "/home/me/.warden-key"]}}}
```

## Authorization and audit

Connecting needs any valid key (operation `mcp`, permission `read`). Each tool call, resource read and prompt is
then authorized on its own, through `WardenServices.perform`, against the operation in the tables below: the key's
role must grant the permission, a key scoped to models may name only those (else `model_out_of_scope`; a call that
names no model acts on the default one, which must be in scope too), and the serving mode must allow the action
(`mode_forbids`). A refusal of an audited operation is written to the audit log as `denied`, exactly as over HTTP:
a viewer's `deploy_version` leaves the same entry as a viewer's `POST /api/v1/model-management/{version}/deploy`.
Changes are audited with target `model/version` and details `{"face": "mcp", "tool", "model", "version",
"reason"}` (plus `code` and `message` when refused or failed).

The agent and anomaly tools act on an agent or an anomaly, not on a model: they are audited with target
`agent:<id>` or `anomaly:<id>` (details also name `agent` or `anomaly`, and `shadow_version`, `status`, `note`
when given) and never fall back to the default model. The key's scope is checked as over HTTP, by the agent and
anomaly services: agents and anomalies of models out of scope are not listed, naming one is `not_found`, and
pairing an agent whose model (or the model named) is out of scope is `model_out_of_scope`.

The destructive tools (`destructiveHint: true`) change what serves or scores and require a `reason`, which goes
into the audit log and the deployment or pairing history. `update_anomaly_status` is a write (neither read-only
nor destructive): the move goes into the anomaly's status history with the `note`, and into the audit log.

## Errors

* A tool that fails returns a result with `isError: true`; its text is `<code>: <message>` and its
  `structuredContent` is `{"error": {"code", "message", "details"}}` with Warden's stable codes (the ones of
  docs/API.md: `forbidden`, `model_out_of_scope`, `version_not_found`, `missing_features`, `validation_required`,
  `not_found` for an unknown agent or anomaly, `conflict` for a move the anomaly workflow does not allow,
  `invalid_request` for arguments that do not match the input schema, ...). Arguments are checked against the
  schema: unknown names, wrong types, a missing `reason`, a status or time (`from`, `to`: ISO 8601) that is not
  one, are `invalid_request` naming the argument.
* Protocol errors are JSON-RPC errors: not JSON `-32700`, not JSON-RPC `-32600`, an unknown method `-32601`, an
  unknown tool or prompt or a malformed URI `-32602`.
* Reading a resource or getting a prompt that fails is a JSON-RPC error whose `data` is `{"code", "message",
  "details"}`: `-32002` when what it names does not exist (`version_not_found`, `no_validation_report`), `-32602`
  for bad parameters, `-32000` when Warden refused (`forbidden`, `model_out_of_scope`) or cannot answer
  (`monitoring_disabled`, `insufficient_data`).
"""


def catalog_from(binary):
    out = subprocess.run([str(binary), "mcp", "--catalog"], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def schema_type(s):
    t = s.get("type")
    if t == "array" and "items" in s:
        inner = s["items"]
        if "enum" in inner:
            return "list of " + " \\| ".join(f"`{v}`" for v in inner["enum"])
        return f"list of {inner.get('type', 'value')}s"
    if "enum" in s:
        return " \\| ".join(f"`{v}`" for v in s["enum"])
    if t == "integer" and "minimum" in s:
        if s["maximum"] >= 2 ** 53:
            return f"integer ≥ {s['minimum']}"
        return f"integer {s['minimum']}–{s['maximum']}"
    if s.get("format") == "date-time":
        return "ISO 8601 time"
    return t if isinstance(t, str) else " or ".join(t)


def render_docs(cat):
    out = [PROSE, "\n## Tools\n\n"]
    access = cat["tool_access"]
    targets = {"model": "`model/version`", "agent": "`agent:<id>`", "anomaly": "`anomaly:<id>`"}
    out.append("| tool | what it does | operation (permission) | effect | audited as |\n|---|---|---|---|---|\n")
    for t in cat["tools"]:
        a = access[t["name"]]
        audited = f"`{a['audit']}` on {targets[a['subject']]}" if a["audit"] else "—"
        out.append(f"| [`{t['name']}`](#{t['name']}) | {t['title']} | `{a['operation']}` ({a['permission']}) | "
                   f"{a['effect']} | {audited} |\n")
    for t in cat["tools"]:
        a = access[t["name"]]
        ann = t.get("annotations", {})
        hints = ", ".join(f"`{k}: {str(v).lower()}`" for k, v in sorted(ann.items()) if k != "title")
        out.append(f"\n### `{t['name']}`\n\n{t['description']}\n\n")
        out.append(f"Operation `{a['operation']}` (permission `{a['permission']}`, mode action "
                   f"`{a['mode_action']}`); annotations {hints}.\n\n")
        props = t["inputSchema"].get("properties", {})
        required = set(t["inputSchema"].get("required", []))
        if props:
            out.append("| argument | type | required | meaning |\n|---|---|---|---|\n")
            for name in sorted(props, key=lambda n: (n not in required, n)):
                p = props[name]
                out.append(f"| `{name}` | {schema_type(p)} | {'yes' if name in required else 'no'} | "
                           f"{p.get('description', '')} |\n")
        else:
            out.append("No arguments.\n")
        result = t.get("outputSchema", {})
        fields = ", ".join(f"`{k}`" for k in sorted(result.get("properties", {})))
        out.append(f"\nResult (`structuredContent`, also as JSON text): {fields}.\n")
    out.append("\n## Resources\n\nJSON documents of a version, by URI. `resources/templates/list` names the templates; "
               "`resources/list` names the three reports of every serving version the key may see; any version's "
               "reports can be read.\n\n| URI template | what | operation (permission) |\n|---|---|---|\n")
    for r in cat["resource_templates"]:
        a = cat["resource_access"][r["name"]]
        out.append(f"| `{r['uriTemplate']}` | {r['description']} | `{a['operation']}` ({a['permission']}) |\n")
    out.append("\n## Prompts\n\nEach gathers the right reports (embedded as resources, read for the caller as the "
               "resources would be) with instructions for the assistant.\n\n| prompt | what | arguments |\n"
               "|---|---|---|\n")
    for p in cat["prompts"]:
        args = ", ".join(f"`{a['name']}`{'' if a.get('required') else ' (optional)'}" for a in p.get("arguments", []))
        out.append(f"| `{p['name']}` | {p['description']} | {args} |\n")
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=str(ROOT / ".build/debug/warden"), help="the warden binary")
    ap.add_argument("--check", action="store_true", help="exit 1 when a committed file differs")
    args = ap.parse_args()
    cat = catalog_from(args.bin)
    outputs = {CATALOG: json.dumps(cat, indent=2, sort_keys=True, ensure_ascii=False) + "\n", DOCS: render_docs(cat)}
    if args.check:
        stale = [str(p.relative_to(ROOT)) for p, text in outputs.items() if not p.exists() or p.read_text() != text]
        if stale:
            print(f"out of date: {', '.join(stale)}; run python3 python/mcp/build_docs.py", file=sys.stderr)
            sys.exit(1)
        print(f"docs/MCP.json and docs/MCP.md: up to date ({len(cat['tools'])} tools)")
        return
    for p, text in outputs.items():
        p.write_text(text)
    print(f"wrote docs/MCP.json and docs/MCP.md ({len(cat['tools'])} tools)")


if __name__ == "__main__":
    main()
