"""Security end to end against a real `warden serve` with authentication on: every protected operation refuses a
request without credentials, hostile packages uploaded over HTTP are refused with stable codes and leave nothing
behind, malformed / oversized / deeply nested / slow / traversing / header-injecting requests get JSON errors, the
server survives all of it, and neither the API key nor the signing secret ever reaches the log.

Figures (counts of cases) are printed for the issue note: `pytest -s python/tests/http/test_security.py`."""
import io
import json
import os
import pathlib
import socket
import time
import urllib.error
import urllib.request
import zipfile

import pytest

from server import ROOT, VERSION, Server

BIN = os.environ.get("HTTPTEST_BIN", str(ROOT / ".build/debug/warden"))
PACKAGES = ROOT / "Tests/Fixtures/packages"
SECRET = "http-tests-signing-secret-0123456789abcdefghij"


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    training = tmp_path_factory.mktemp("training-service")
    (training / "models").mkdir()
    server = Server(BIN, auth=True, extra_args=("--request-timeout", "2", "--max-body-bytes", "1048576",
                                                "--max-upload-bytes", "8388608"),
                    env_extra={"WARDEN_INTEGRATION_TRAINING_SERVICE_PATH": str(training)})
    try:
        yield server
    finally:
        server.stop()


def call(srv, method, path, body=None, headers=None, key=True, content_type="application/json"):
    h = {"Content-Type": content_type}
    if key:
        h["X-API-Key"] = srv.api_key
    h.update(headers or {})
    data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(srv.url + path, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def error_code(raw):
    doc = json.loads(raw)
    if doc.get("jsonrpc") == "2.0":  # /mcp answers JSON-RPC errors, with Warden's code in data
        return doc["error"]["data"]["code"]
    return doc["error"]["code"] if isinstance(doc.get("error"), dict) else doc.get("code")


def versions(srv):
    status, _, raw = call(srv, "GET", "/api/model/versions")
    assert status == 200
    return sorted(v["version"] for v in json.loads(raw)["versions"])


def concrete(path):
    return (path.replace("{version}", VERSION).replace("{name}", "wifi-anomaly").replace("{path}", "x")
            .replace("{mode}", "inference").replace("{id}", "000000000000").replace("{agent}", "a"))


def test_every_protected_operation_needs_a_credential(srv):
    doc = json.loads((ROOT / "Sources/ModelServer/openapi.json").read_text())
    checked = 0
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            status, headers, raw = call(srv, method.upper(), concrete(path), key=False)
            if op.get("security") == []:
                assert status < 400, (method, path, status)
                continue
            assert status == 401, (method, path, status)
            assert headers["WWW-Authenticate"].startswith("Bearer")
            assert error_code(raw) == "unauthenticated"
            checked += 1
    bad = call(srv, "GET", "/api/v1/models", key=False, headers={"X-API-Key": "wdn_" + "0" * 12 + "_" + "A" * 43})
    assert bad[0] == 401 and error_code(bad[2]) == "invalid_key"
    print(f"\n401 without credentials: {checked} protected operations")


def hostile_zips():
    """(name, bytes): the refused packages of the registry fixtures plus archives built to attack the reader."""
    cases = []
    for folder in sorted(PACKAGES.iterdir()):
        if folder.is_dir() and not folder.name.startswith("valid"):
            for z in folder.glob("*.zip"):
                cases.append((f"fixture:{folder.name}", z.read_bytes()))
    valid = (PACKAGES / "valid/model_20241201_143022_deployment.zip").read_bytes()

    def build(entries, compression=zipfile.ZIP_DEFLATED):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression) as z:
            for name, data in entries:
                z.writestr(name, data)
        return buf.getvalue()

    # A zip bomb: deflate compresses zeros about 1000:1, so a 2 MiB body claims 2 GiB.
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("model.joblib", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(2048):
                f.write(chunk)
    cases += [
        ("zip bomb (2 GiB of zeros)", bomb.getvalue()),
        ("traversal ../", build([("../../etc/passwd", b"x"), ("metadata.json", b"{}")])),
        ("absolute path", build([("/etc/cron.d/evil", b"x")])),
        ("backslash traversal", build([("..\\..\\evil.txt", b"x")])),
        ("not a zip", b"this is not a zip file at all" * 10),
        ("truncated zip", valid[: len(valid) // 2]),
        ("nested zip only", build([("inner.zip", valid)])),
        ("NUL in entry name", build([("model.joblib\0.txt", b"x")])),
        ("ten thousand entries", build([(f"f{i}.txt", b"") for i in range(10_000)], zipfile.ZIP_STORED)),
    ]
    return cases


def test_hostile_packages_over_http_are_refused_and_leave_nothing(srv):
    assert call(srv, "POST", "/api/mode/training")[0] == 200
    before = versions(srv)
    refused = 0
    for name, data in hostile_zips():
        status, _, raw = call(srv, "POST", "/api/v1/model-management/upload", data, content_type="application/zip",
                              headers={"X-Filename": "hostile.zip"})
        assert 400 <= status < 500, (name, status, raw[:300])
        code = error_code(raw)
        assert code and code.replace("_", "").isalnum(), (name, raw[:300])
        refused += 1
    assert versions(srv) == before, "a refused package left a version behind"
    # The valid package still imports afterwards (nothing half-written blocks it): a duplicate version is 409.
    status, _, raw = call(srv, "POST", "/api/v1/model-management/upload",
                          (PACKAGES / "valid/model_20241201_143022_deployment.zip").read_bytes(),
                          content_type="application/zip")
    assert status == 409 and error_code(raw) == "duplicate_version"
    assert call(srv, "POST", "/api/mode/inference")[0] == 200
    print(f"\nhostile packages refused over HTTP: {refused}")


def test_malformed_bodies_get_json_errors(srv):
    cases = [
        ("malformed JSON", b'{"features": [', 400),
        ("wrong type", json.dumps({"features": "lots"}).encode(), 400),
        ("wrong value type", json.dumps({"features": [{"auth_failure_ratio": "high"}]}).encode(), 422),
        ("deep nesting", b"[" * 100_000 + b"]" * 100_000, 400),
        ("deep nesting in an object", b'{"features": ' + b"[" * 600 + b"]" * 600 + b"}", 400),
        ("huge body", b'{"features": [' + b"0," * 600_000 + b"0]}", 413),
        ("NUL bytes", b'{"features": [{"a\x00b": 1}]}', None),
        ("invalid UTF-8", b'{"features": [{"\xff\xfe": 1}]}', None),
        ("a number too large", b'{"features": [{"auth_failure_ratio": 1e999}]}', None),
    ]
    for name, body, expected in cases:
        status, headers, raw = call(srv, "POST", "/predict", body)
        assert status == expected if expected else 400 <= status < 500, (name, status, raw[:200])
        assert headers["Content-Type"].startswith("application/json"), name
        assert error_code(raw), name
    print(f"\nmalformed bodies answered with JSON errors: {len(cases)}")


def test_traversal_in_versions_and_import_paths(srv):
    assert call(srv, "POST", "/api/mode/training")[0] == 200
    paths = [
        ("GET", "/api/v1/models/..%2F..%2Fetc%2Fpasswd/info"),
        ("GET", "/api/v1/models/%2e%2e/info"),
        ("POST", "/api/v1/model-management/import/..%2F..%2Fetc"),
        ("POST", "/api/v1/model-management/import/%2e%2e"),
        ("POST", "/api/v1/model-management/import/..%5C..%5Cwindows"),
        ("GET", "/api/v1/model-management/models/%00"),
        ("POST", "/api/v1/models/..%2F" + VERSION + "/deploy"),
    ]
    for method, path in paths:
        status, headers, raw = call(srv, method, path)
        assert 400 <= status < 500, (path, status)
        assert headers["Content-Type"].startswith("application/json"), path
        assert error_code(raw), path
    assert call(srv, "POST", "/api/mode/inference")[0] == 200
    print(f"\ntraversal attempts refused: {len(paths)}")


def raw_request(srv, head, body=b"", read_timeout=10.0):
    host, port = "127.0.0.1", int(srv.url.rsplit(":", 1)[1])
    with socket.create_connection((host, port), timeout=read_timeout) as s:
        s.sendall(head + body)
        data = b""
        start = time.monotonic()
        while time.monotonic() - start < read_timeout:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            data += chunk
            if b"\r\n\r\n" in data:
                header, _, rest = data.partition(b"\r\n\r\n")
                length = next((int(l.split(b":")[1]) for l in header.split(b"\r\n")
                               if l.lower().startswith(b"content-length:")), None)
                if length is not None and len(rest) >= length:
                    break
        return data


def test_slow_client_times_out(srv):
    assert call(srv, "POST", "/api/mode/inference")[0] == 200
    head = (f"POST /predict HTTP/1.1\r\nHost: x\r\nX-API-Key: {srv.api_key}\r\nContent-Type: application/json\r\n"
            f"Content-Length: 500000\r\n\r\n").encode()
    start = time.monotonic()
    data = raw_request(srv, head, b'{"features": [', read_timeout=60)
    elapsed = time.monotonic() - start
    assert data.startswith(b"HTTP/1.1 408"), data[:200]
    assert b"request_timeout" in data
    # The version's inference_config.timeout_seconds (30 s in the sample package) bounds its bodies.
    assert 25 < elapsed < 45
    print(f"\nslow client answered 408 after {elapsed:.1f} s (the version's timeout_seconds: 30)")


def test_header_injection_is_not_echoed(srv):
    # Control characters in a header value are refused by the HTTP parser itself (a bare 400, connection closed):
    # nothing of the request reaches a route or the log, and nothing is echoed.
    for value in ("abc\x01def", "a\rSet-Cookie: pwned=1"):
        head = (f"GET /api/v1/models HTTP/1.1\r\nHost: x\r\nX-API-Key: {srv.api_key}\r\n"
                f"X-Request-Id: {value}\r\n\r\n").encode()
        data = raw_request(srv, head)
        headers = data.split(b"\r\n\r\n")[0]
        assert data.startswith(b"HTTP/1.1 400"), data[:200]
        assert b"Set-Cookie" not in headers and value.encode() not in headers
    # A request id that is not a sane token (too long, spaces, quotes) is replaced, never echoed.
    for value in ("x" * 1000, "a b", '"><script>'):
        status, headers, _ = call(srv, "GET", "/api/v1/models", headers={"X-Request-Id": value})
        assert status == 200 and headers["X-Request-Id"] != value
    # An actor with separators is not written to the deployment history or the audit log as given.
    status, _, _ = call(srv, "POST", f"/api/v1/models/{VERSION}/deploy", headers={"X-Actor": "a b; rm -rf"})
    status, _, raw = call(srv, "GET", "/api/audit?action=deploy&limit=1")
    assert b"rm -rf" not in raw


def test_the_log_never_holds_a_secret(srv):
    # Exercise logging paths: a failure, a token, a denied request, a mode change.
    call(srv, "POST", "/api/auth/token")
    call(srv, "GET", "/api/v1/models", key=False, headers={"Authorization": "Bearer " + srv.api_key[:-1] + "x"})
    call(srv, "POST", "/api/mode/inference")
    log = pathlib.Path(srv.data_dir, "serve.log").read_text(errors="replace")
    assert log, "the server log is empty"
    secret_part = srv.api_key.split("_", 2)[2]
    assert secret_part not in log
    assert SECRET not in log
    status, _, raw = call(srv, "GET", "/api/audit?limit=500")
    assert status == 200
    assert secret_part.encode() not in raw


def test_server_survived(srv):
    assert srv.proc.poll() is None, "warden serve died during the security tests"
    status, _, _ = call(srv, "GET", "/health", key=False)
    assert status == 200


def test_a_key_revoked_by_the_cli_stops_working_within_a_second(srv):
    import subprocess
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARDEN_")}
    out = subprocess.run([BIN, "keys", "create", "--data-dir", srv.data_dir, "--name", "short-lived", "--role",
                          "viewer", "--json"], capture_output=True, text=True, env=env, check=True).stdout
    created = json.loads(out)
    key = created["key"]
    assert call(srv, "GET", "/api/v1/models", key=False, headers={"X-API-Key": key})[0] == 200
    subprocess.run([BIN, "keys", "revoke", created["id"], "--data-dir", srv.data_dir], capture_output=True,
                   env=env, check=True)
    start = time.monotonic()
    while call(srv, "GET", "/api/v1/models", key=False, headers={"X-API-Key": key})[0] != 401:
        assert time.monotonic() - start < 3, "a revoked key still works"
        time.sleep(0.1)
    print(f"\nkey revoked by `warden keys revoke` refused after {time.monotonic() - start:.2f} s")


def test_tls(tmp_path):
    import shutil
    import ssl
    import subprocess
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1", "-keyout", str(key), "-out", str(cert)],
                   capture_output=True, check=True)
    import server as server_module
    original = server_module.wait_ready
    server_module.wait_ready = lambda url, timeout=60.0, proc=None: None  # the HTTPS probe is below
    try:
        s = Server(BIN, extra_args=("--tls-cert", str(cert), "--tls-key", str(key)))
    finally:
        server_module.wait_ready = original
    try:
        context = ssl.create_default_context(cafile=str(cert))
        url = s.url.replace("http://", "https://") + "/health"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, context=context, timeout=5) as r:
                    assert r.status == 200
                    break
            except (urllib.error.URLError, ConnectionError, ssl.SSLError):
                assert time.monotonic() < deadline and s.proc.poll() is None, "warden serve over TLS did not start"
                time.sleep(0.2)
        # Plain HTTP to the TLS port gets no HTTP answer.
        with pytest.raises(Exception):
            urllib.request.urlopen(s.url + "/health", timeout=5).read()
    finally:
        s.stop()
