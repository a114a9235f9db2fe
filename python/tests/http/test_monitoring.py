"""Monitoring end to end: a `warden serve` with a 1 s flush interval records predictions, captures a baseline,
checks drift, flushes to the registry (read by `warden stats` / `warden drift` in another process), and restores
its window after a restart. scipy checks the drift statistics the server reports."""
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import numpy as np
import pytest
from scipy import stats

from server import MODEL, ROOT, VERSION, Server

BIN = os.environ.get("HTTPTEST_BIN", str(ROOT / ".build/debug/warden"))
ENV = {"WARDEN_MONITORING_FLUSH_INTERVAL": "1", "WARDEN_MONITORING_CHECK_INTERVAL": "0"}


def call(url, method="GET", body=None, content_type="application/json"):
    data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if r.headers.get_content_type() == "application/json" else raw.decode())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def cli(*args, data_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARDEN_")}
    r = subprocess.run([BIN, *args, "--data-dir", data_dir], capture_output=True, text=True, env=env, timeout=120)
    return r.returncode, r.stdout, r.stderr


@pytest.fixture()
def data_dir():
    d = tempfile.mkdtemp(prefix="warden-monitoring-")
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_record_baseline_drift_flush_and_restore(reference, data_dir):
    rows = reference["rows"]
    server = Server(BIN, env_extra=ENV, data_dir=data_dir)
    try:
        mm = f"{server.url}/api/v1/model-management/performance/{VERSION}"
        for _ in range(3):
            status, _ = call(server.url + "/predict", "POST", {"features": rows})
            assert status == 200
        n = 3 * len(rows)
        status, body = call(server.url + "/api/monitoring/baseline", "POST")
        assert status == 200, body
        assert body["rows"] == n and body["source"] == "window"

        # A reference far from the served rows: every feature drifts; the K-S figures equal scipy's.
        names = reference["names"]
        shifted = np.vstack([reference["X"] * 3 + 50] * 2)
        csv = ",".join(names) + "\n" + "\n".join(",".join(repr(float(v)) for v in r) for r in shifted) + "\n"
        status, body = call(server.url + "/api/monitoring/baseline", "POST", csv.encode(), "text/csv")
        assert status == 200, body
        status, check = call(mm + "/check-drift", "POST")
        assert status == 200, check
        assert check["data_drift"]["dataset_drift"] is True
        current = np.vstack([reference["X"]] * 3)
        for j, f in enumerate(check["data_drift"]["features"]):
            assert f["name"] == names[j]
            ks = stats.ks_2samp(shifted[:, j], current[:, j])
            assert abs(f["ks_statistic"] - ks.statistic) <= 1e-9
            assert abs(f["ks_p_value"] - ks.pvalue) <= 1e-9 * max(1.0, ks.pvalue)
            assert abs(f["wasserstein"] - stats.wasserstein_distance(shifted[:, j], current[:, j])) <= 1e-9 * max(
                1.0, f["wasserstein"])
        assert "data_drift" in check["raised_alerts"]

        status, metrics = call(server.url + "/metrics")
        assert status == 200
        assert f'model_feature_drift{{' in metrics and f'model="{MODEL}"' in metrics

        # The flush (every second) reaches the registry: another process reads it.
        deadline = time.monotonic() + 20
        while True:
            code, out, err = cli("stats", "--json", data_dir=data_dir)
            assert code == 0, err
            versions = json.loads(out)["versions"]
            if versions and (versions[0].get("period") or {}).get("predictions", 0) >= n:
                break
            assert time.monotonic() < deadline, out
            time.sleep(0.5)
        assert versions[0]["version"] == VERSION
        code, out, err = cli("drift", VERSION, "--json", data_dir=data_dir)
        assert code == 0, err
        report = json.loads(out)
        assert report["window"]["count"] == n
        assert report["drift"]["data_drift"]["dataset_drift"] is True
        code, out, err = cli("drift", VERSION, "--fail-on-drift", data_dir=data_dir)
        assert code == 79, (out, err)
        assert "Drift: DETECTED" in out
    finally:
        server.stop()

    # After a restart the window comes back from the registry.
    server = Server(BIN, env_extra=ENV, data_dir=data_dir)
    try:
        deadline = time.monotonic() + 20
        while True:
            status, perf = call(f"{server.url}/api/v1/model-management/performance/{VERSION}")
            assert status == 200
            if perf.get("window") and perf["window"]["count"] == n:
                break
            assert time.monotonic() < deadline, perf
            time.sleep(0.2)
        status, alerts = call(server.url + "/api/monitoring/alerts")
        assert status == 200
        assert any(a["kind"] == "data_drift" and a["event"] == "raised" for a in alerts["alerts"])
    finally:
        server.stop()
