#!/usr/bin/env python3
"""Fuzzes the whole API against its OpenAPI document with schemathesis.

    python3 python/tests/http/run_schemathesis.py --url http://127.0.0.1:PORT     # a running warden serve
    python3 python/tests/http/run_schemathesis.py --bin .build/debug/warden      # starts one on a temp data dir

Checks: not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance
(schemathesis.toml: 501 and 503 are documented answers, not server errors; any other 5xx fails). Every
operation is tested, the lifecycle ones included (deploy, rollback, deactivate, activate, load, promote, save,
DELETE transfer-history, V2 unload/load): whatever state they leave (another version serving, the model unloaded)
is a state whose answers the document describes (409, 503, ...), so the run does not depend on order. Bounded by
--max-examples per operation and a fixed --seed (override with SCHEMATHESIS_SEED), with two workers.
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from server import ROOT, Server  # noqa: E402

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", help="base URL of a running warden serve (started with the bootstrap package)")
    ap.add_argument("--bin", default=str(ROOT / ".build/debug/warden"), help="warden binary to start otherwise")
    ap.add_argument("--max-examples", type=int, default=int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25")))
    ap.add_argument("--seed", type=int, default=int(os.environ.get("SCHEMATHESIS_SEED", "20241201")))
    ap.add_argument("--workers", default="2")
    ap.add_argument("--report-dir", default=None, help="where the JUnit report goes (default: a temp dir)")
    ap.add_argument("--api-key", default=None,
                    help="an admin API key sent as X-API-Key on every request (a server with authentication on)")
    args = ap.parse_args()

    server = None
    url = args.url
    if not url:
        server = Server(args.bin, auth=True)
        url = server.url
        args.api_key = server.api_key
    report_dir = args.report_dir or tempfile.mkdtemp(prefix="schemathesis-")
    cmd = [
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(HERE / "schemathesis.toml"),
        "run", f"{url}/openapi.json",
        "--checks", CHECKS,
        "--phases", "examples,coverage,fuzzing",
        "--max-examples", str(args.max_examples),
        "--seed", str(args.seed),
        "--workers", args.workers,
        "--request-timeout", "30",
        "--no-shrink",
        "--suppress-health-check", "all",
        "--report", "junit", "--report-dir", report_dir,
    ]
    if args.api_key:
        # Rotating or revoking keys would rotate the run's own admin key (schemathesis reuses ids it has seen in
        # responses) and leave the rest of the run unauthenticated; those two are tested in SecurityRouteTests and
        # python/tests/http/test_security.py instead.
        cmd += ["--header", f"X-API-Key: {args.api_key}", "--exclude-path-regex", "^/api/keys/"]
    shown = [c if not c.startswith("X-API-Key:") else "X-API-Key: <redacted>" for c in cmd]
    print("+", " ".join(shown), flush=True)
    try:
        # Run in the report dir: schemathesis keeps a crash cache (.schemathesis/) in its working directory.
        code = subprocess.call(cmd, cwd=report_dir)
    finally:
        if server:
            server.stop()
    print(f"schemathesis exit {code}; JUnit report in {report_dir}", flush=True)
    sys.exit(code)


if __name__ == "__main__":
    main()
