#!/usr/bin/env python3
"""Warden's monitoring benchmark driver (scripts/bench-monitoring): HTTP with monitoring on and off, then one table.

    python3 python/bench/monitoring_run.py --warden .build/release/warden \
        --swift bench-results/monitoring/swift.json --scipy bench-results/monitoring/scipy.json \
        [--out bench-results/monitoring] [--duration 10] [--warmup 2] [--rounds 2] [--quick] [--no-http]

HTTP: `warden serve --bootstrap Tests/Fixtures/packages/valid/model_20241201_143022_deployment.zip` is started twice on free
loopback ports, each with its own temporary data dir: once with WARDEN_MONITORING_ENABLED=false (no performance
monitor, no Prometheus metrics) and once with the default (monitoring on). Both answer one single-row POST /predict
(row 0 of Tests/Fixtures/serving/request.json) before measuring; then wrk (python/bench/http's post.lua and run_wrk,
16 connections, 2 threads) runs against them in turn, off, on, off, on (--rounds 2), same duration each, so drift of
a shared machine falls on both. Only one server is under load at a time; the other sits idle.

Then the table: the in-process hot path (warden-monitoring-bench: one-row prediction vs recording it), the drift check
beside scipy (python/bench/drift_scipy.py), and HTTP on vs off; everything goes to OUT/results.json.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from types import SimpleNamespace

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(HERE, "http"))

import run as http_bench  # noqa: E402  (python/bench/http/run.py: free_port, post, run_wrk, cpu_busy, cpu_model)

PACKAGE = os.path.join(ROOT, "Tests", "Fixtures", "packages", "valid", "model_20241201_143022_deployment.zip")
REQUEST = os.path.join(ROOT, "Tests", "Fixtures", "serving", "request.json")
# off: monitoring off, no authentication; on: monitoring on, no authentication; auth: monitoring on and every request
# authenticated with an X-API-Key (salted-hash check, role, mode, key-scoped rate-limit bucket lookup).
MODES = (("off", {"WARDEN_MONITORING_ENABLED": "false"}), ("on", {}),
         ("auth", {"WARDEN_SECRET_KEY": "bench-signing-secret-0123456789abcdefghijklmn"}))


class WardenServer:
    def __init__(self, warden: str, mode: str, env: dict, logdir: str, package: str):
        self.mode = mode
        self.port = http_bench.free_port()
        self.url = f"http://127.0.0.1:{self.port}/predict"
        self.data_dir = tempfile.mkdtemp(prefix=f"warden-bench-monitoring-{mode}-")
        self.log_path = os.path.join(logdir, f"warden-{mode}.log")
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("WARDEN_")}
        # The benchmark measures serving, not the limiter: one client on loopback would otherwise be throttled.
        full_env["WARDEN_RATE_LIMIT_ENABLED"] = "false"
        full_env.update(env)
        cmd = [warden, "serve", "--data-dir", self.data_dir, "--host", "127.0.0.1", "--port", str(self.port),
               "--bootstrap", package]
        self.headers = {}
        if mode == "auth":
            out = subprocess.run([warden, "keys", "create", "--data-dir", self.data_dir, "--name", "bench", "--role",
                                  "operator", "--json"], capture_output=True, text=True, env=full_env, check=True)
            self.headers = {"X-API-Key": json.loads(out.stdout)["key"]}
        else:
            cmd.append("--no-auth")
        self.log = open(self.log_path, "w")
        self.log.write("$ " + " ".join(f"{k}={v}" for k, v in env.items()) + (" " if env else "")
                       + " ".join(cmd) + "\n")
        self.log.flush()
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def wait_ready(self, body: bytes, timeout: float = 120.0) -> dict:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"warden ({self.mode}) exited with {self.proc.returncode}; see {self.log_path}")
            try:
                status, answer = http_bench.post(self.url, body, headers=self.headers)
                if status == 200:
                    return json.loads(answer)
                last = f"HTTP {status}: {answer[:200]!r}"
            except OSError as e:
                last = str(e)
            time.sleep(0.2)
        raise RuntimeError(f"warden ({self.mode}) not ready after {timeout:.0f} s ({last}); see {self.log_path}")

    def stop(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)  # the session this Popen created
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            except ProcessLookupError:
                pass
        self.log.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)


def http_on_off(args, logdir: str) -> dict:
    with open(args.request) as f:
        first = json.load(f)["features"][:1]
    body_path = os.path.join(args.out, "body-single.json")
    with open(body_path, "w") as f:
        json.dump({"features": first}, f)
    body = open(body_path, "rb").read()
    wrk_args = SimpleNamespace(wrk_threads=2, connections=16)
    servers = {}
    runs = {mode: [] for mode, _ in MODES}
    log = open(os.path.join(logdir, "wrk.log"), "w")
    try:
        for mode, env in MODES:
            servers[mode] = WardenServer(args.warden, mode, env, logdir, args.package)
        answers = {mode: s.wait_ready(body) for mode, s in servers.items()}
        if len({json.dumps(a.get("scores")) for a in answers.values()}) != 1:
            raise RuntimeError(f"the two servers answer differently: {answers}")
        print(f"== HTTP: both servers answer; scores {answers['on'].get('scores')}", flush=True)
        for mode in servers:
            if args.warmup > 0:
                http_bench.run_wrk(servers[mode].url, body_path, args.warmup, wrk_args, log,
                                   headers=servers[mode].headers)
        for r in range(args.rounds):
            for mode, _ in MODES:
                busy = http_bench.cpu_busy(0.5)
                s = http_bench.run_wrk(servers[mode].url, body_path, args.duration, wrk_args, log,
                                       headers=servers[mode].headers)
                s["cpu_busy_before"] = busy
                runs[mode].append(s)
                lat = s["latency_us"]
                print(f"   round {r + 1} {mode:4}: {s['req_per_s']:10,.0f} req/s  p50 {lat['p50']:6d} µs  "
                      f"p99 {lat['p99']:6d} µs  errors {s['error_count']}  (CPU busy before: {busy:.0%})",
                      flush=True)
    finally:
        for s in servers.values():
            s.stop()
        log.close()
    out = {"duration_s": args.duration, "warmup_s": args.warmup, "rounds": args.rounds, "connections": 16,
           "wrk_threads": 2, "body": body_path, "runs": runs}
    for mode in runs:
        rs = runs[mode]
        out[mode] = {
            "req_per_s": sum(s["req_per_s"] for s in rs) / len(rs),
            "p50_us": sum(s["latency_us"]["p50"] for s in rs) / len(rs),
            "p99_us": sum(s["latency_us"]["p99"] for s in rs) / len(rs),
            "errors": sum(s["error_count"] for s in rs),
        }
    return out


def fmt(v, digits=0, unit=""):
    return "—" if v is None else f"{v:,.{digits}f}{unit}"


def ratio(a, b, digits=2):
    if a is None or b is None or b == 0:
        return "—"
    return f"{a / b:.{digits}f}×"


def table(swift: dict, scipy_doc: dict | None, http: dict | None) -> str:
    """One table: every Warden figure beside its anchor, with the ratio."""
    t = swift["timings"]
    st = (scipy_doc or {}).get("timings", {})
    predict = t["predict_one_row_ns"]
    rows = [
        ("hot path (in process, one 17-feature row)", None, None, None, None),
        ("prediction: scaler + IsolationForest (ns)", fmt(predict, 1), "—", "—", "—"),
        ("record one row + 17 features, server path (version's recorder), 1 thread (ns)",
         fmt(t["record_one_row_ns"], 1), "prediction",
         fmt(predict, 1), f"{t['record_overhead_pct']:.1f} % (target ≤ 5 %)"),
        ("record one row + 17 features, 2 threads contending (ns)", fmt(t["record_one_row_2_threads_ns"], 1),
         "prediction", fmt(predict, 1), f"{t['record_overhead_2_threads_pct']:.1f} %"),
        ("record one row without features, 1 thread (ns)", fmt(t["record_one_row_no_features_ns"], 1), "prediction",
         fmt(predict, 1), f"{100 * t['record_one_row_no_features_ns'] / predict:.1f} %"),
        ("record one row + 17 features by name (recorder lookup first) (ns)",
         fmt(t.get("record_by_name_ns"), 1), "prediction", fmt(predict, 1),
         f"{100 * t['record_by_name_ns'] / predict:.1f} %" if t.get("record_by_name_ns") else "—"),
        ("drift check, 10,000 + 10,000 rows × (17 features + scores) (ms; ratio = scipy / Warden)",
         None, None, None, None),
    ]
    for key, label in (("drift_report_s", "whole check: DriftDetector(.evidently).report"),
                       ("ks_2samp_s", "ks_2samp, exact"), ("wasserstein_s", "wasserstein_distance"),
                       ("psi_js_binning_s", "binning + PSI + Jensen–Shannon")):
        w, a = t.get(key), st.get(key)
        rows.append((label, fmt(w * 1e3 if w else None, 2), "scipy/numpy", fmt(a * 1e3 if a else None, 2),
                     ratio(a, w)))
    if http:
        off, on = http["off"], http["on"]
        rows.append((f"HTTP, single-row POST /predict (wrk -t2 -c16, {http['rounds']} × {http['duration_s']:g} s "
                     "alternating; Warden = monitoring on, ratio = on / off)", None, None, None, None))
        for key, label, digits in (("req_per_s", "req/s", 0), ("p50_us", "p50 (µs)", 0), ("p99_us", "p99 (µs)", 0)):
            rows.append((label, fmt(on[key], digits), "monitoring off", fmt(off[key], digits),
                         ratio(on[key], off[key], 3)))
        if "auth" in http:
            auth = http["auth"]
            rows.append(("HTTP as above with authentication: every request carries X-API-Key (ratio = with / without)",
                         None, None, None, None))
            for key, label, digits in (("req_per_s", "req/s", 0), ("p50_us", "p50 (µs)", 0),
                                       ("p99_us", "p99 (µs)", 0)):
                rows.append((label, fmt(auth[key], digits), "no authentication", fmt(on[key], digits),
                             ratio(auth[key], on[key], 3)))
    lines = ["", "| measurement | Warden | anchor | anchor's figure | ratio |", "|---|---:|---|---:|---:|"]
    for label, w, anchor, a, r in rows:
        lines.append(f"| **{label}** | | | | |" if w is None else f"| {label} | {w} | {anchor} | {a} | {r} |")
    lines.append("")
    lines.append("Recording overhead target (≤ 5 % of a one-row prediction): "
                 + ("met" if t["record_overhead_pct"] <= 5 else "**not met**") + ".")
    check = (scipy_doc or {}).get("check")
    if check:
        lines.append(("Statistics: Warden's " + str(check["compared"]) + " values (KS statistic and p-value, "
                      "Wasserstein and normalised, PSI, JS per column) equal scipy's within "
                      + f"{check['tolerance']:g} (max |Δ| = {check['max_abs_diff']:.3g}).") if check["equal"]
                     else f"Statistics: **{len(check['failures'])} values differ from scipy's** by more than "
                          f"{check['tolerance']:g}.")
    lines.append(f"Drifted features (Evidently's rule): {swift.get('drifted_features')} of 17; dataset drift: "
                 f"{str(swift.get('dataset_drift')).lower()}.")
    if http and any(http[m]["errors"] for m in ("off", "on", "auth") if m in http):
        lines.append("wrk counted errors: " + ", ".join(f"{m} {http[m]['errors']}" for m in ("off", "on", "auth")
                                                          if m in http) + ".")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--warden", help="the warden executable (release build)")
    ap.add_argument("--swift", required=True, help="warden-monitoring-bench --json output")
    ap.add_argument("--scipy", help="drift_scipy.py measure --json output")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-results", "monitoring"))
    ap.add_argument("--package", default=PACKAGE)
    ap.add_argument("--request", default=REQUEST)
    ap.add_argument("--duration", type=float, default=10.0)
    ap.add_argument("--warmup", type=float, default=2.0)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--quick", action="store_true", help="3 s per point, 1 s warm-up")
    ap.add_argument("--no-http", action="store_true")
    ap.add_argument("--command", default="", help="the command line, recorded in results.json")
    args = ap.parse_args(argv)
    if args.quick:
        args.duration, args.warmup = 3.0, 1.0
    os.makedirs(args.out, exist_ok=True)
    logdir = os.path.join(args.out, "logs")
    os.makedirs(logdir, exist_ok=True)

    with open(args.swift) as f:
        swift = json.load(f)
    scipy_doc = None
    if args.scipy and os.path.exists(args.scipy):
        with open(args.scipy) as f:
            scipy_doc = json.load(f)
    http = None
    if not args.no_http:
        if not args.warden:
            raise SystemExit("--warden is required unless --no-http")
        print("== HTTP: warden serve with monitoring off and on", flush=True)
        http = http_on_off(args, logdir)

    text = table(swift, scipy_doc, http)
    print(text)
    doc = {"command": args.command, "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "quick": args.quick, "machine": {"cpu": http_bench.cpu_model(), "cores": os.cpu_count(),
                                            "python": platform.python_version(), "platform": platform.platform()},
           "warden": swift, "scipy": scipy_doc, "http": http, "table": text}
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(doc, f, indent=1)
    print(f"figures: {os.path.relpath(os.path.join(args.out, 'results.json'), ROOT)}")
    check = (scipy_doc or {}).get("check")
    return 1 if check and not check["equal"] else 0


if __name__ == "__main__":
    sys.exit(main())
