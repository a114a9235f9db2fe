"""The outside probe of issue 18, kept as tests so its findings stay fixed: hostile framing (chunked bodies over the
limit, bad chunk sizes, clients hanging up mid-body), slow and greedy clients (slowloris, connections per address),
HTTP/1.0, liveness under a low rate limit and failed authentications, listings seen by a model-scoped key, the
documented statuses of requests that name no model or a malformed version, and loose input.

Every server here is a real `warden serve` on loopback with authentication on and small limits, so each probe is
bounded (the whole module takes about half a minute). Run: `pytest python/tests/http/test_hardening.py`
(HTTPTEST_BIN names the binary; default .build/debug/warden)."""
import contextlib
import json
import os
import pathlib
import socket
import subprocess
import time
import urllib.error
import urllib.request
import zipfile

import pytest

from server import MODEL, PACKAGE, ROOT, VERSION, Server

BIN = os.environ.get("HTTPTEST_BIN", str(ROOT / ".build/debug/warden"))
HEADER_TIMEOUT = 2  # server.header_timeout of the guarded server, seconds
MAX_CONNECTIONS = 6  # server.max_connections_per_client of the crowded server
MAX_BODY = 4 << 20  # --max-body-bytes of the guarded server
MAX_UPLOAD = 8 << 20  # --max-upload-bytes of the guarded server
OTHER = "other"  # the second model of the multi-model server


def clean_env():
    return {k: v for k, v in os.environ.items() if not k.startswith("WARDEN_")}


@pytest.fixture(scope="module")
def guarded():
    """One model, small body limits and a 2 s header timeout."""
    server = Server(BIN, auth=True, extra_args=("--max-body-bytes", str(MAX_BODY), "--max-upload-bytes",
                                                str(MAX_UPLOAD)),
                    env_extra={"WARDEN_SERVER_HEADER_TIMEOUT": str(HEADER_TIMEOUT)})
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def crowded():
    """6 connections per client address (a server of its own: the other probes open connections freely)."""
    server = Server(BIN, auth=True, env_extra={"WARDEN_SERVER_MAX_CONNECTIONS_PER_CLIENT": str(MAX_CONNECTIONS)})
    try:
        yield server
    finally:
        server.stop()


# ------------------------------------------------------------------------------------------------ raw HTTP helpers

def port_of(srv):
    return int(srv.url.rsplit(":", 1)[1])


def connect(srv, timeout=10.0):
    s = socket.create_connection(("127.0.0.1", port_of(srv)), timeout=timeout)
    s.settimeout(timeout)
    return s


def read_response(s, timeout=10.0):
    """Reads one response (head and Content-Length body). Returns (status, headers dict, body bytes) or None when
    the connection closed first."""
    s.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = s.recv(65536)
        if not chunk:
            break
        rest += chunk
    return status, headers, rest[:length]


def closed_within(s, seconds):
    """True when the server closes the connection within `seconds` (EOF or reset), reading and dropping anything
    it sends first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        s.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            if not s.recv(65536):
                return True
        except socket.timeout:
            return False
        except (ConnectionResetError, BrokenPipeError):
            return True
    return False


def error_code(body):
    doc = json.loads(body)
    return doc["error"]["code"] if isinstance(doc.get("error"), dict) else doc.get("code")


def chunked_head(srv, path, content_type="application/json"):
    return (f"POST {path} HTTP/1.1\r\nHost: x\r\nX-API-Key: {srv.api_key}\r\nContent-Type: {content_type}\r\n"
            f"Transfer-Encoding: chunked\r\n\r\n").encode()


def call(srv, method, path, body=None, headers=None, key=None, content_type="application/json"):
    h = {"Content-Type": content_type}
    if key is not False:
        h["X-API-Key"] = key or srv.api_key
    h.update(headers or {})
    data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(srv.url + path, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def server_errors(srv):
    """Lines of the server log at level error or above."""
    log = pathlib.Path(srv.data_dir, "serve.log").read_text(errors="replace")
    return [line for line in log.splitlines() if " error " in line or " critical " in line or "internal_error" in line]


# Every body reader, with the route's limit: predictions, V2, MLflow, package upload.
BODY_ROUTES = [
    (f"/predict?model={MODEL}", MAX_BODY, "application/json"),
    (f"/v2/models/{MODEL}/infer", MAX_BODY, "application/json"),
    (f"/invocations?model={MODEL}", MAX_BODY, "application/json"),
    ("/api/v1/model-management/upload", MAX_UPLOAD, "application/zip"),
]


@contextlib.contextmanager
def mode_for(srv, path):
    """Uploads run in training mode only; everything else here in inference mode."""
    training = "upload" in path
    if training:
        assert call(srv, "POST", "/api/mode/training")[0] == 200
    try:
        yield
    finally:
        if training:
            assert call(srv, "POST", "/api/mode/inference")[0] == 200


# ------------------------------------------------------------------------------------------------ 1. chunked bodies

@pytest.mark.parametrize("path,limit,content_type", BODY_ROUTES)
def test_a_chunked_body_over_the_limit_is_413_and_closes(guarded, path, limit, content_type):
    # As the probe: 1 MiB chunks until past the limit (20 MiB at the default 16 MiB limit; here 4 or 8 MiB).
    chunk = b"x" * (1 << 20)
    chunks = limit // len(chunk) + 4
    body = b"".join(b"%x\r\n" % len(chunk) + chunk + b"\r\n" for _ in range(chunks)) + b"0\r\n\r\n"
    with mode_for(guarded, path), connect(guarded) as s:
        s.sendall(chunked_head(guarded, path, content_type) + body)
        response = read_response(s)
        assert response is not None, path
        status, headers, raw = response
        assert status == 413, (path, status, raw[:300])
        assert error_code(raw) == "body_too_large"
        assert headers.get("connection") == "close"
        assert closed_within(s, 10)


@pytest.mark.parametrize("path,limit,content_type", BODY_ROUTES)
def test_a_bad_chunk_size_is_400(guarded, path, limit, content_type):
    with mode_for(guarded, path), connect(guarded) as s:
        s.sendall(chunked_head(guarded, path, content_type) + b"zz\r\n{}\r\n0\r\n\r\n")
        response = read_response(s)
        assert response is not None, path
        status, headers, raw = response
        assert status == 400, (path, status, raw[:300])
        assert error_code(raw) == "malformed_request"
        assert closed_within(s, 10)


def test_a_client_that_declares_a_huge_chunk_and_hangs_up_is_no_server_error(guarded):
    before = len(server_errors(guarded))
    for path, _, content_type in BODY_ROUTES[:3]:
        with connect(guarded) as s:
            s.sendall(chunked_head(guarded, path, content_type) + b"7fffffff\r\n" + b"{" * 1000)
            s.shutdown(socket.SHUT_WR)
            response = read_response(s)
            # The client is gone in real life; if it still reads, it reads a 400, never a 500.
            assert response is None or response[0] == 400, response
    time.sleep(0.5)
    assert server_errors(guarded)[before:] == []
    assert call(guarded, "GET", "/health", key=False)[0] == 200


# ------------------------------------------------------------------------------------------------ 2. slow and greedy

def test_slowloris_connections_are_closed_at_the_header_timeout(guarded):
    # Eight connections, each sending one header line every 0.5 s: all closed about HEADER_TIMEOUT s after they opened.
    sockets = [connect(guarded) for _ in range(8)]
    start = time.monotonic()
    for s in sockets:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
    open_ = set(range(len(sockets)))
    try:
        while open_ and time.monotonic() - start < HEADER_TIMEOUT + 6:
            time.sleep(0.5)
            for i in list(open_):
                try:
                    sockets[i].sendall(b"X-Slow: 1\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    open_.discard(i)
                    continue
                sockets[i].setblocking(False)
                try:
                    data = sockets[i].recv(65536)
                    if not data or data.startswith(b"HTTP/1.1 408"):
                        open_.discard(i)
                except BlockingIOError:
                    pass
                except ConnectionResetError:
                    open_.discard(i)
                finally:
                    sockets[i].setblocking(True)
        elapsed = time.monotonic() - start
        assert not open_, f"{len(open_)} slow connections still open after {elapsed:.1f} s"
        assert elapsed < HEADER_TIMEOUT + 3
    finally:
        for s in sockets:
            s.close()
    assert call(guarded, "GET", "/health", key=False)[0] == 200


def test_a_connection_that_sends_nothing_is_closed_quietly(guarded):
    with connect(guarded) as s:
        start = time.monotonic()
        assert closed_within(s, HEADER_TIMEOUT + 3)
        assert time.monotonic() - start >= HEADER_TIMEOUT - 0.5


def test_a_partial_head_gets_408(guarded):
    with connect(guarded) as s:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        response = read_response(s, timeout=HEADER_TIMEOUT + 3)
        assert response is not None and response[0] == 408 and error_code(response[2]) == "request_timeout"


def test_an_idle_keep_alive_connection_outlives_the_header_timeout(guarded):
    with connect(guarded) as s:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_response(s)[0] == 200
        time.sleep(HEADER_TIMEOUT + 1)
        s.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
        response = read_response(s)
        assert response is not None and response[0] == 200


def test_connections_per_client_address_are_bounded(crowded):
    held = []
    try:
        for _ in range(MAX_CONNECTIONS):
            s = connect(crowded)
            s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            assert read_response(s)[0] == 200
            held.append(s)
        with connect(crowded) as extra:
            extra.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            response = read_response(extra)
            assert response is not None, "the connection over the limit was closed without an answer"
            status, headers, raw = response
            assert status == 503 and error_code(raw) == "too_many_connections"
            assert json.loads(raw)["error"]["details"]["limit"] == MAX_CONNECTIONS
            assert closed_within(extra, 10)
        # A connection closed frees its slot.
        held.pop().close()
        deadline = time.monotonic() + 5
        while True:
            with connect(crowded) as again:
                again.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                response = read_response(again)
            if response and response[0] == 200:
                break
            assert time.monotonic() < deadline, "a freed slot was not reused"
            time.sleep(0.1)
    finally:
        for s in held:
            s.close()


# ------------------------------------------------------------------------------------------------ 7. HTTP/1.0

def test_http_1_0_without_keep_alive_is_answered_and_closed(guarded):
    with connect(guarded) as s:
        s.sendall(b"GET /health HTTP/1.0\r\n\r\n")
        response = read_response(s)
        assert response is not None and response[0] == 200
        assert response[1].get("connection") == "close"
        start = time.monotonic()
        assert closed_within(s, 2), "an HTTP/1.0 request without keep-alive left the connection open"
        assert time.monotonic() - start < 1


def test_connection_close_is_honoured_and_keep_alive_kept(guarded):
    with connect(guarded) as s:
        s.sendall(b"GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        assert read_response(s)[0] == 200
        s.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        response = read_response(s)
        assert response is not None and response[0] == 200
        assert closed_within(s, 2)


# ------------------------------------------------------------------------------------------------ 3. rate limits

RATE_LIMIT = 4  # rate_limit.max_requests of the limited server, per 60 s
PUBLIC = ["/health", "/ping", "/version", "/v2", "/v2/health/live", "/v2/health/ready", "/openapi.json"]


@pytest.fixture(scope="module")
def limited():
    """A low rate limit: 4 requests per 60 s per key or client address."""
    server = Server(BIN, auth=True, env_extra={"WARDEN_RATE_LIMIT_MAX_REQUESTS": str(RATE_LIMIT),
                                               "WARDEN_RATE_LIMIT_WINDOW_SECONDS": "60"})
    try:
        yield server
    finally:
        server.stop()


def test_liveness_and_readiness_are_never_rate_limited(limited):
    # A load balancer or Kubernetes probing every second must not take the replica out.
    for path in PUBLIC:
        statuses = [call(limited, "GET", path, key=False)[0] for _ in range(RATE_LIMIT + 2)]
        assert 429 not in statuses, (path, statuses)


def test_failed_authentications_count_against_the_address(limited):
    bad = "wdn_" + "0" * 12 + "_" + "A" * 43
    statuses = [call(limited, "GET", "/api/v1/models", key=bad)[0] for _ in range(RATE_LIMIT)]
    statuses += [call(limited, "GET", "/api/v1/models", key=False)[0] for _ in range(2)]
    assert statuses == [401] * RATE_LIMIT + [429, 429], statuses
    status, headers, raw = call(limited, "GET", "/api/v1/models", key=bad)
    assert status == 429 and error_code(raw) == "rate_limited" and int(headers["Retry-After"]) >= 1
    # A valid key has its own bucket, and liveness still answers.
    assert call(limited, "GET", "/api/v1/models")[0] == 200
    assert call(limited, "GET", "/health", key=False)[0] == 200


# ------------------------------------------------------------------------------------------------ 4, 5. two models

def other_package(path):
    """The valid package under the model name `other` (the manifest's model_info.model_name; it is not covered by
    the package's file_integrity)."""
    with zipfile.ZipFile(PACKAGE) as z, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename.endswith("deployment_manifest.json"):
                manifest = json.loads(data)
                manifest["model_info"]["model_name"] = OTHER
                data = json.dumps(manifest, indent=2).encode()
            out.writestr(info, data)
    return path


@pytest.fixture(scope="module")
def multi(tmp_path_factory):
    """Two models served (wifi-anomaly and other), none configured as the default; `scoped_key` is an admin key
    limited to `other`."""
    data = tmp_path_factory.mktemp("multi")
    env = clean_env()

    def warden(*args):
        return subprocess.run([BIN, *args, "--data-dir", str(data)], capture_output=True, text=True, env=env,
                              check=True).stdout

    for package, model in ((PACKAGE, MODEL), (other_package(data / "other.zip"), OTHER)):
        warden("import", str(package))
        warden("models", "deploy", VERSION, "--model", model)
    scoped = json.loads(warden("keys", "create", "--name", "scoped", "--role", "admin", "--models", OTHER,
                               "--json"))["key"]
    server = Server(BIN, auth=True, data_dir=str(data))
    server.scoped_key = scoped
    try:
        yield server
    finally:
        server.stop()


def sample_rows():
    return json.loads((ROOT / "samples/wifi-iforest/rows.json").read_text())


def test_a_scoped_key_sees_only_its_model_in_every_listing(multi):
    rows = sample_rows()
    for model in (MODEL, OTHER):  # windows, performance and metrics for both
        assert call(multi, "POST", f"/predict?model={model}", {"features": rows})[0] == 200
    key = multi.scoped_key
    status, _, raw = call(multi, "GET", "/api/v1/models", key=key)
    assert status == 200 and {v["model"] for v in json.loads(raw)["models"]} == {OTHER}
    status, _, raw = call(multi, "POST", "/v2/repository/index", key=key)
    assert status == 200 and [e["name"] for e in json.loads(raw)] == [OTHER]
    status, _, raw = call(multi, "GET", "/api/v1/model-management/performance", key=key)
    assert status == 200 and [v["model"] for v in json.loads(raw)["versions"]] == [OTHER]
    status, _, raw = call(multi, "GET", "/metrics", key=key)
    assert status == 200 and f'model="{OTHER}"'.encode() in raw and f'model="{MODEL}"'.encode() not in raw
    status, _, raw = call(multi, "GET", "/api/health/detailed", key=key)
    assert status == 200 and [m["model"] for m in json.loads(raw)["models"]] == [OTHER]
    # Every other reading endpoint of the OpenAPI document: the other model is never named.
    doc = json.loads((ROOT / "Sources/ModelServer/openapi.json").read_text())
    walked = 0
    for path, ops in doc["paths"].items():
        if "get" not in ops or ops["get"].get("security") == []:
            continue
        concrete = (path.replace("{version}", VERSION).replace("{name}", OTHER).replace("{path}", "x")
                    .replace("{id}", "000000000000").replace("{agent}", "a"))
        status, _, raw = call(multi, "GET", concrete, key=key)
        assert MODEL.encode() not in raw, (path, status, raw[:300])
        walked += 1
    assert walked >= 25
    # Operations on every model are refused to it.
    for method, path in (("GET", "/api/keys"), ("GET", "/api/audit"), ("POST", "/api/mode/training"),
                         ("GET", "/api/v1/model-management/transfer-history")):
        status, _, raw = call(multi, method, path, key=key)
        assert status == 403 and error_code(raw) == "model_out_of_scope", (path, status, raw[:200])


def test_several_models_and_none_named_is_400_model_required(multi):
    rows = sample_rows()
    for method, path, body in (("POST", "/invocations", {"dataframe_records": rows}),
                               ("GET", "/api/monitoring/stats", None),
                               ("POST", "/predict", {"features": rows})):
        status, _, raw = call(multi, method, path, body)
        assert status == 400, (path, status, raw[:300])
        error = json.loads(raw)["error"]
        assert error["code"] == "model_required" and sorted(error["details"]["models"]) == sorted([MODEL, OTHER])
        assert call(multi, method, f"{path}?model={OTHER}", body)[0] == 200
    # The scoped key names none and means its own model.
    assert call(multi, "POST", "/invocations", {"dataframe_records": rows}, key=multi.scoped_key)[0] == 200


@pytest.mark.parametrize("version", ["..%2f..%2fetc", "%00", "v" * 300])
def test_a_malformed_version_is_400_invalid_version(multi, version):
    for method, path in (("GET", f"/api/v1/models/{version}/info?model={MODEL}"),
                         ("GET", f"/api/v1/model-management/models/{version}?model={MODEL}"),
                         ("GET", f"/v2/models/{MODEL}/versions/{version}"),
                         ("POST", f"/api/v1/models/{version}/deploy?model={MODEL}")):
        status, _, raw = call(multi, method, path)
        assert status == 400 and error_code(raw) == "invalid_version", (path, status, raw[:200])


# ------------------------------------------------------------------------------------------------ 6. loose input

def test_a_v2_int64_tensor_holding_2_to_the_64_is_refused(guarded):
    names = json.loads(call(guarded, "GET", f"/v2/models/{MODEL}")[2])["parameters"]["feature_names"]
    for datatype, value in (("INT64", 2 ** 64), ("INT64", 2 ** 63), ("INT32", 2 ** 31), ("INT64", 2.5)):
        data = [0] * (len(names) - 1) + [value]
        body = {"inputs": [{"name": "input", "datatype": datatype, "shape": [1, len(names)], "data": data}]}
        status, _, raw = call(guarded, "POST", f"/v2/models/{MODEL}/infer", body)
        assert status == 400, (datatype, value, status, raw[:200])
        doc = json.loads(raw)
        assert doc["code"] == "invalid_tensor_data" and doc["details"]["index"] == len(names) - 1
    data = [0] * (len(names) - 1) + [2 ** 63 - 1]
    body = {"inputs": [{"name": "input", "datatype": "INT64", "shape": [1, len(names)], "data": data}]}
    assert call(guarded, "POST", f"/v2/models/{MODEL}/infer", body)[0] == 200


def test_a_dataframe_split_index_longer_than_its_data_is_refused(guarded):
    rows = sample_rows()[:2]
    columns = list(rows[0])
    split = {"columns": columns, "data": [[r[c] for c in columns] for r in rows]}
    status, _, raw = call(guarded, "POST", "/invocations", {"dataframe_split": {**split, "index": [0, 1, 2]}})
    assert status == 400 and error_code(raw) == "invalid_request" and b"one index label per row" in raw
    assert call(guarded, "POST", "/invocations", {"dataframe_split": {**split, "index": [5, 6]}})[0] == 200


@pytest.mark.parametrize("path", ["/predict", "/invocations", f"/v2/models/{MODEL}/infer"])
def test_json_in_utf_16_is_refused(guarded, path):
    rows = sample_rows()[:1]
    body = {"features": rows} if path == "/predict" else (
        {"dataframe_records": rows} if path == "/invocations" else
        {"inputs": [{"name": "input", "datatype": "FP64", "shape": [1, len(rows[0])], "data": list(rows[0].values())}]})
    status, _, raw = call(guarded, "POST", path, json.dumps(body).encode("utf-16"),
                          content_type="application/json; charset=utf-16")
    assert status == 415 and error_code(raw) == "unsupported_charset", (status, raw[:200])
    assert call(guarded, "POST", path, body, content_type="application/json; charset=utf-8")[0] == 200


def test_null_features_are_scored_by_isolation_forest(guarded):
    rows = sample_rows()[:2]
    rows[1] = {**rows[1], "beacon_ratio": None}
    status, _, raw = call(guarded, "POST", "/predict", {"features": rows})
    assert status == 200, raw[:200]
    assert all(isinstance(s, float) and 0 < s <= 1 for s in json.loads(raw)["scores"])
