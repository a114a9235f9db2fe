"""End to end: a real Prometheus scrapes a running `warden serve` on loopback.

Starts `warden serve` (PROMTEST_WARDEN_BIN, default .build/debug/warden) on a free port with a temp data dir and the
sample package, and `prometheus` (PROMTEST_PROMETHEUS_BIN, default from PATH) on another free port with a temp
configuration that scrapes it every second and loads deploy/prometheus/warden-alerts.yml. Sends predictions, then
polls Prometheus' HTTP API (with a deadline) until it has scraped the expected counters. scripts/test-prometheus runs
this file.
"""
import json
import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
import time

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "Tests/Fixtures/packages/valid/model_20241201_143022_deployment.zip"
REQUEST = ROOT / "Tests/Fixtures/serving/request.json"
RULES = ROOT / "deploy/prometheus/warden-alerts.yml"
MODEL, VERSION = "wifi-anomaly", "20241201_143022"
DEADLINE = float(os.environ.get("PROMTEST_DEADLINE", "60"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def poll(what, check, deadline=DEADLINE, procs=()):
    """Calls check() every 0.25 s until it returns a truthy value; fails after `deadline` seconds."""
    end = time.monotonic() + deadline
    last = None
    while time.monotonic() < end:
        for name, p in procs:
            if p.poll() is not None:
                pytest.fail(f"{name} exited with {p.returncode} while waiting for {what}")
        try:
            result = check()
            if result:
                return result
        except (requests.RequestException, ValueError, KeyError) as e:
            last = e
        time.sleep(0.25)
    pytest.fail(f"timed out after {deadline} s waiting for {what} (last error: {last})")


class Process:
    def __init__(self, name, args, directory, env=None):
        self.name = name
        self.log_path = os.path.join(directory, f"{name}.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=directory)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def tail(self):
        with open(self.log_path) as f:
            return f.read()[-4000:]


@pytest.fixture(scope="module")
def stack():
    work = tempfile.mkdtemp(prefix="warden-prom-")
    warden_port, prom_port = free_port(), free_port()
    warden_url, prom_url = f"http://127.0.0.1:{warden_port}", f"http://127.0.0.1:{prom_port}"
    # warden refuses unknown WARDEN_* variables: hand it a clean environment of those.
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARDEN_")}
    binary = os.path.abspath(os.environ.get("PROMTEST_WARDEN_BIN", str(ROOT / ".build/debug/warden")))
    data = os.path.join(work, "data")
    # Authentication on, as in production: Prometheus scrapes with a viewer key (least privilege, sent as a Bearer
    # credential), the test predicts with an operator key.
    env["WARDEN_SECRET_KEY"] = "prometheus-e2e-signing-secret-0123456789abcdef"

    def make_key(name, role):
        out = subprocess.run([binary, "keys", "create", "--data-dir", data, "--name", name, "--role", role, "--json"],
                             capture_output=True, text=True, env=env, check=True).stdout
        return json.loads(out)["key"]

    viewer_key, operator_key = make_key("prometheus", "viewer"), make_key("e2e", "operator")
    shutil.copy(RULES, os.path.join(work, "warden-alerts.yml"))
    with open(os.path.join(work, "prometheus.yml"), "w") as f:
        f.write(f"""global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - warden-alerts.yml
scrape_configs:
  - job_name: warden
    authorization:
      type: Bearer
      credentials: {viewer_key}
    static_configs:
      - targets: ["127.0.0.1:{warden_port}"]
""")
    started = []
    try:
        warden = Process("warden", [binary, "serve", "--data-dir", data, "--host", "127.0.0.1", "--port",
                                    str(warden_port), "--bootstrap", str(PACKAGE)], work, env=env)
        started.append(warden)
        prometheus = Process("prometheus", [
            os.environ.get("PROMTEST_PROMETHEUS_BIN", "prometheus"), "--config.file=prometheus.yml",
            f"--storage.tsdb.path={os.path.join(work, 'tsdb')}", f"--web.listen-address=127.0.0.1:{prom_port}"],
            work)
        started.append(prometheus)
        procs = (("warden serve", warden.proc), ("prometheus", prometheus.proc))
        poll("warden serve ready",
             lambda: requests.get(warden_url + "/v2/health/ready", timeout=2).json().get("ready"), procs=procs)
        poll("prometheus ready", lambda: requests.get(prom_url + "/-/ready", timeout=2).ok, procs=procs)
        yield {"warden": warden_url, "prometheus": prom_url, "procs": procs, "operator_key": operator_key}
    except BaseException:
        for p in started:
            print(f"--- {p.name} log\n{p.tail()}")
        raise
    finally:
        for p in reversed(started):
            p.stop()
        shutil.rmtree(work, ignore_errors=True)


def query(prom_url, promql):
    r = requests.get(prom_url + "/api/v1/query", params={"query": promql}, timeout=5)
    r.raise_for_status()
    body = r.json()
    assert body["status"] == "success", body
    return body["data"]["result"]


def test_prometheus_scrapes_warden(stack):
    warden, prom, procs = stack["warden"], stack["prometheus"], stack["procs"]

    # The serving version's drift and quality series exist from load, before any prediction or drift check, as NaN
    # ("not measured yet"; docs/PROMETHEUS.md), with the time of the last check (0: none yet).
    def mine(promql, count):
        def check():
            result = [s for s in query(prom, promql) if s["metric"].get("version") == VERSION]
            return result if len(result) == count else None
        return check

    drift = poll("17 model_feature_drift series", mine(f'model_feature_drift{{model="{MODEL}"}}', 17), procs=procs)
    assert "mean_signal_strength" in {s["metric"]["feature"] for s in drift}
    for name in ("model_prediction_drift", "model_dataset_drift_share", "model_data_quality",
                 "warden_drift_check_timestamp_seconds"):
        series = poll(f"{name} scraped", mine(f'{name}{{model="{MODEL}"}}', 1), procs=procs)
        float(series[0]["value"][1])  # NaN, a measured value, or a timestamp: a number either way
    request = json.loads(REQUEST.read_text())
    rows, anomalies, requests_sent = 0, 0, 3
    for _ in range(requests_sent):
        r = requests.post(warden + "/predict", json=request, timeout=10,
                          headers={"X-API-Key": stack["operator_key"]})
        assert r.status_code == 200, r.text
        rows += r.json()["total_samples"]
        anomalies += r.json()["anomaly_count"]
    assert rows == requests_sent * len(request["features"])

    # Warden's own exposition first: the scrape target itself.
    assert requests.get(warden + "/metrics", timeout=5).status_code == 401  # not without a credential
    page = requests.get(warden + "/metrics", timeout=5, headers={"Authorization": "Bearer " + stack["operator_key"]})
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    assert f'model_predictions_total{{model="{MODEL}",version="{VERSION}"}} {rows}' in page.text

    def scraped(metric, expected):
        def check():
            result = query(prom, metric)
            mine = [s for s in result if s["metric"].get("model") == MODEL and s["metric"].get("version") == VERSION]
            return mine if len(mine) == 1 and float(mine[0]["value"][1]) == expected else None
        return check

    series = poll(f"model_predictions_total == {rows} in Prometheus",
                  scraped("model_predictions_total", rows), procs=procs)
    assert series[0]["metric"]["job"] == "warden"
    poll(f"model_anomalies_detected_total == {anomalies}", scraped("model_anomalies_detected_total", anomalies),
         procs=procs)
    poll(f"model_prediction_latency_seconds_count == {requests_sent}",
         scraped("model_prediction_latency_seconds_count", requests_sent), procs=procs)
    assert query(prom, 'warden_http_requests_total{route="/predict",method="POST",status="200"}')

    # The target is healthy.
    targets = requests.get(prom + "/api/v1/targets", timeout=5).json()["data"]["activeTargets"]
    assert len(targets) == 1 and targets[0]["health"] == "up", targets
    assert query(prom, 'up{job="warden"}')[0]["value"][1] == "1"

    # The repository's alert rules loaded, and none fires on a healthy server.
    groups = requests.get(prom + "/api/v1/rules", timeout=5).json()["data"]["groups"]
    names = {rule["name"] for g in groups for rule in g["rules"]}
    assert {"WardenFeatureDriftHigh", "WardenPredictionLatencyHigh", "WardenAnomalyRateHigh",
            "WardenModelMemoryHigh", "WardenDataQualityLow", "WardenDown", "WardenDriftCheckStale"} <= names, names
    assert all(rule.get("health") in ("ok", "unknown") for g in groups for rule in g["rules"]), groups
    firing = [a for a in requests.get(prom + "/api/v1/alerts", timeout=5).json()["data"]["alerts"]
              if a["state"] == "firing"]
    assert firing == [], firing
