#!/usr/bin/env python3
"""HTTP serving benchmark: `warden serve` beside Python servers of the same deployment package, in one run; and
Warden's MCP `predict` (POST /mcp, a tools/call over Streamable HTTP) beside its own /predict on the same server.

    python3 python/bench/http/run.py --package PKG.zip --out bench-results/http \
        [--warden .build/release/warden] [--warden-bench .build/release/warden-bench] \
        [--duration 15] [--warmup 3] [--connections 16] [--wrk-threads 2] [--only NAME,...] [--quick]

scripts/bench-http builds Warden and calls this. For every server it: starts it on a free loopback port, waits until
POST /predict answers, checks that its answers to a 1-row and a 1,000-row body equal scikit-learn's (seed 003's
ModelInference run in this process; exact to 1e-9, onnxruntime to ONNX_TOLERANCE), then runs wrk (post.lua) for a
warm-up and a measured period with single-row bodies and again with 1,000-row bodies, and stops it. The table at
the end gives req/s, p50, p99 and rows/s with Warden's ratio to each; figures go to OUT/results.json.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
import zipfile
from importlib import metadata

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "python", "fixtures"))

import wifi  # noqa: E402  (python/fixtures/wifi.py: the synthetic WiFi feature rows)

CORES = os.cpu_count() or 1
BATCH_ROWS = 1_000
BATCH_SEED = 20241121
INPROC_ROWS = 20_000  # rows handed to warden-bench for the in-process reference
INPROC_SEED = 20241122
EXACT_TOLERANCE = 1e-9
ONNX_TOLERANCE = 1e-4  # onnxruntime scores the float32-cast rows with float32 arithmetic
TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}  # as python/bench/make_model.py


# ---------------------------------------------------------------------------------------------------------------
# preparation


def prepare(package_zip: str, work: str) -> dict:
    """Unzips the package, writes the request bodies, the ONNX model and warden-bench's model folder."""
    import joblib

    pkg = os.path.join(work, "pkg")
    shutil.rmtree(pkg, ignore_errors=True)
    with zipfile.ZipFile(package_zip) as z:
        z.extractall(pkg)
    with open(os.path.join(pkg, "deployment_manifest.json")) as f:
        manifest = json.load(f)
    names = list(manifest["training_info"]["feature_names"])
    if names != wifi.FEATURES:
        raise SystemExit("the package's feature names are not python/fixtures/wifi.py's")

    # Bodies: one row from samples/wifi-iforest/rows.json; 1,000 synthetic rows from the fixtures' generator.
    with open(os.path.join(ROOT, "samples", "wifi-iforest", "rows.json")) as f:
        single_rows = json.load(f)[:1]
    X = wifi.make_array(BATCH_ROWS, BATCH_SEED)
    batch_rows = [{n: float(v) for n, v in zip(names, row)} for row in X]
    bodies = {}
    for kind, rows in (("single", single_rows), ("batch", batch_rows)):
        path = os.path.join(work, f"body-{kind}.json")
        with open(path, "w") as f:
            json.dump({"features": rows}, f)
        bodies[kind] = {"path": path, "rows": rows, "bytes": os.path.getsize(path)}
        # The same rows as an MCP tools/call of `predict` (POST /mcp, Streamable HTTP).
        mcp_path = os.path.join(work, f"body-mcp-{kind}.json")
        with open(mcp_path, "w") as f:
            json.dump({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                       "params": {"name": "predict", "arguments": {"rows": rows}}}, f)
        bodies[kind]["mcp_path"] = mcp_path

    # The reference answers: seed 003's ModelInference, in this process.
    sys.path.insert(0, pkg)
    from inference_example import ModelInference

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        inference = ModelInference(pkg)
        for kind in bodies:
            bodies[kind]["reference"] = inference.predict(bodies[kind]["rows"])

    # ONNX: Pipeline(scaler, IsolationForest) of the package's own fitted objects.
    from skl2onnx import to_onnx
    from skl2onnx.common.data_types import FloatTensorType
    from sklearn.ensemble import IsolationForest
    from sklearn.pipeline import Pipeline

    scaler = joblib.load(os.path.join(pkg, "scaler.joblib"))
    model = joblib.load(os.path.join(pkg, "model.joblib"))
    pipe = Pipeline([("scaler", scaler), ("iforest", model)])
    onnx_path = os.path.join(work, "model.onnx")
    onx = to_onnx(pipe, initial_types=[("X", FloatTensorType([None, len(names)]))], target_opset=TARGET_OPSET,
                  options={IsolationForest: {"score_samples": True}})
    with open(onnx_path, "wb") as f:
        f.write(onx.SerializeToString())

    # warden-bench's folder (Benchmarks/RuntimeBench): the same pipeline, probe rows, scikit-learn's scores.
    wb = os.path.join(work, "warden-bench-model")
    os.makedirs(wb, exist_ok=True)
    joblib.dump(pipe, os.path.join(wb, "pipeline.joblib"), compress=0)
    P = np.ascontiguousarray(wifi.make_array(INPROC_ROWS, INPROC_SEED), dtype="<f8")
    P.tofile(os.path.join(wb, "rows.f64"))
    with open(os.path.join(wb, "rows.json"), "w") as f:
        json.dump({"rows": INPROC_ROWS, "columns": len(names)}, f)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = pipe.score_samples(P[:1000])
    with open(os.path.join(wb, "expected_first1000.json"), "w") as f:
        json.dump({"score_samples": [float(v) for v in expected]}, f)

    return {"pkg": pkg, "manifest": manifest, "bodies": bodies, "onnx": onnx_path, "warden_bench_dir": wb,
            "version": manifest["model_version"]}


# ---------------------------------------------------------------------------------------------------------------
# servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_specs(prep: dict, args) -> list[dict]:
    """Every server of the run, in order. Worker counts: see README.md ("Workers")."""
    py = sys.executable
    pkg = prep["pkg"]
    specs = [
        {"name": "flask-seed", "family": "scikit-learn", "workers": 1,
         "what": "seed 003 Pattern 2: Flask dev server (Werkzeug, threaded), ModelInference",
         "cmd": lambda port: [py, os.path.join(HERE, "serve_flask_seed.py"), "--host", "127.0.0.1",
                              "--port", str(port)],
         "cwd": pkg, "threads": CORES},
        {"name": "flask-gunicorn-2w", "family": "scikit-learn", "workers": 2,
         "what": "the same seed app under gunicorn, 2 sync workers",
         "cmd": lambda port: [py, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "--chdir", pkg,
                              "--pythonpath", f"{HERE},{pkg}", "--log-level", "warning", "seed_flask_app:app"],
         "cwd": pkg, "threads": max(1, CORES // 2)},
    ]
    for engine, family in (("sklearn", "scikit-learn"), ("onnx", "onnxruntime")):
        for workers in (1, 2):
            specs.append({
                "name": f"fastapi-{engine}-{workers}w", "family": family, "workers": workers,
                "what": f"FastAPI + uvicorn (uvloop, httptools), {workers} worker(s), {family}",
                "cmd": (lambda w: lambda port: [py, "-m", "uvicorn", "fastapi_app:app", "--app-dir", HERE,
                                                "--host", "127.0.0.1", "--port", str(port), "--workers", str(w),
                                                "--log-level", "warning", "--no-access-log"])(workers),
                "cwd": HERE, "threads": max(1, CORES // workers),
                "env": {"BENCH_HTTP_PKG": pkg, "BENCH_HTTP_ENGINE": engine, "BENCH_HTTP_ONNX": prep["onnx"]},
            })
    if args.warden:
        specs.append({"name": "warden", "family": "warden", "workers": 1,
                      "what": "warden serve (Hummingbird; its own threads)", "warden": True})
    if args.warden_before:
        specs.append({"name": "warden-before", "family": "warden", "workers": 1,
                      "what": f"warden serve built from {args.before_label} (the same package, flags and checks)",
                      "warden": True, "binary": args.warden_before, "before": True})
    if args.only:
        keep = set(args.only.split(","))
        specs = [s for s in specs if s["name"] in keep]
    return specs


class Server:
    def __init__(self, spec: dict, prep: dict, args, logdir: str):
        self.spec, self.prep, self.args = spec, prep, args
        self.port = free_port()
        self.log_path = os.path.join(logdir, f"{spec['name']}.log")
        self.proc = None
        self.data_dir = None

    def start(self):
        log = open(self.log_path, "w")
        env = dict(os.environ)
        if self.spec.get("warden"):
            self.data_dir = tempfile.mkdtemp(prefix="warden-bench-http-")
            warden = self.spec.get("binary", self.args.warden)
            zip_path = self.args.package
            for cmd in ([warden, "import", zip_path, "--data-dir", self.data_dir],
                        [warden, "models", "deploy", self.prep["version"], "--data-dir", self.data_dir]):
                r = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
                if r.returncode != 0:
                    raise RuntimeError(f"{' '.join(cmd)} exited {r.returncode}; see {self.log_path}")
            # --no-auth and no rate limit: the anchors have neither (loopback only; Warden refuses --no-auth
            # elsewhere), and one wrk client would otherwise be throttled like any client address.
            cmd = [warden, "serve", "--data-dir", self.data_dir, "--host", "127.0.0.1", "--port", str(self.port),
                   "--no-auth"]
            env = {k: v for k, v in env.items() if not k.startswith("WARDEN_")}
            env["WARDEN_RATE_LIMIT_ENABLED"] = "false"
            cwd = ROOT
        else:
            threads = str(self.spec["threads"])
            for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BENCH_HTTP_THREADS"):
                env[var] = threads
            env.update(self.spec.get("env", {}))
            cmd = self.spec["cmd"](self.port)
            cwd = self.spec["cwd"]
        log.write("$ " + " ".join(cmd) + "\n")
        log.flush()
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}/predict"
        self.mcp_url = f"http://127.0.0.1:{self.port}/mcp"

    def wait_ready(self, timeout: float = 120.0):
        body = open(self.prep["bodies"]["single"]["path"], "rb").read()
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.spec['name']} exited with {self.proc.returncode}; see {self.log_path}")
            try:
                status, _ = post(self.url, body)
                if status == 200:
                    return
                last = f"HTTP {status}"
            except OSError as e:
                last = str(e)
            time.sleep(0.2)
        raise RuntimeError(f"{self.spec['name']} not ready after {timeout:.0f} s ({last}); see {self.log_path}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)  # the group this Popen created (server + its workers)
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            except ProcessLookupError:
                pass
        if self.data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)


def post(url: str, body: bytes, timeout: float = 60.0, headers=None):
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


# ---------------------------------------------------------------------------------------------------------------
# checks


def check_answer(name: str, family: str, answer: dict, reference: dict) -> dict:
    """Compares one server's answer with scikit-learn's; returns the differences, raises on a mismatch."""
    tol = ONNX_TOLERANCE if family == "onnxruntime" else EXACT_TOLERANCE
    for key in ("predictions", "scores", "threshold", "anomaly_count", "total_samples"):
        if key not in answer:
            raise RuntimeError(f"{name}: the answer has no '{key}' (keys: {sorted(answer)})")
    ref_s = np.asarray(reference["scores"], dtype=np.float64)
    got_s = np.asarray(answer["scores"], dtype=np.float64)
    if got_s.shape != ref_s.shape or answer["total_samples"] != reference["total_samples"]:
        raise RuntimeError(f"{name}: {got_s.shape[0]} scores for {ref_s.shape[0]} rows")
    diff = float(np.max(np.abs(got_s - ref_s)))
    if not diff <= tol:
        raise RuntimeError(f"{name}: scores differ from scikit-learn's by {diff:.3g} (tolerance {tol:g})")
    if abs(float(answer["threshold"]) - float(reference["threshold"])) > 0:
        raise RuntimeError(f"{name}: threshold {answer['threshold']} instead of {reference['threshold']}")
    ref_p = np.asarray(reference["predictions"])
    got_p = np.asarray(answer["predictions"])
    differ = got_p != ref_p
    # Within the tolerance a float32 score may fall on the other side of the threshold; nothing else may differ.
    near = np.abs(ref_s - float(reference["threshold"])) <= tol
    if np.any(differ & ~near):
        raise RuntimeError(f"{name}: {int(np.sum(differ & ~near))} predictions differ from scikit-learn's")
    return {"max_abs_score_diff": diff, "tolerance": tol, "prediction_flips_near_threshold": int(np.sum(differ))}


# ---------------------------------------------------------------------------------------------------------------
# wrk


def run_wrk(url: str, body_path: str, seconds: float, args, log, headers=None) -> dict:
    extra = [a for k, v in (headers or {}).items() for a in ("-H", f"{k}: {v}")]
    cmd = ["wrk", f"-t{args.wrk_threads}", f"-c{args.connections}", f"-d{max(1, round(seconds))}s",
           "--timeout", "30s", "--latency", *extra, "-s", os.path.join(HERE, "post.lua"), url, "--", body_path]
    r = subprocess.run(cmd, capture_output=True, text=True)
    shown = [c if not c.startswith("X-API-Key:") else "X-API-Key: <redacted>" for c in cmd]
    log.write("$ " + " ".join(shown) + "\n" + r.stdout + r.stderr)
    log.flush()
    line = next((ln for ln in r.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if r.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({r.returncode}): {r.stderr.strip() or r.stdout.strip()}")
    s = json.loads(line[len("BENCH_JSON "):])
    s["req_per_s"] = s["requests"] / (s["duration_us"] / 1e6)
    s["error_count"] = sum(s["errors"].values())
    return s


def cpu_busy(seconds: float = 1.0) -> float:
    """Fraction of the machine's CPU time that was busy over `seconds` (read before each server starts)."""
    def snap():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return sum(v), v[3] + v[4]
    t0, i0 = snap()
    time.sleep(seconds)
    t1, i1 = snap()
    return 1.0 - (i1 - i0) / max(1, t1 - t0)


def wait_quiet(args) -> float:
    """Waits up to --wait-quiet seconds for the CPU to be under 15 % busy; returns the last busy fraction seen."""
    busy = cpu_busy()
    until = time.monotonic() + args.wait_quiet
    while busy > 0.15 and time.monotonic() < until:
        busy = cpu_busy(2.0)
    return busy


CLK_TCK = os.sysconf("SC_CLK_TCK")


def machine_ticks() -> tuple[int, int]:
    """(all, busy) CPU ticks of the machine so far; busy = user + nice + system, what processes are charged
    (interrupt and steal time are left out: processes' own tick counts never include them)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return sum(v[:8]), v[0] + v[1] + v[2]


def session_ticks(sid: int) -> int:
    """CPU ticks used so far by the live processes of session `sid` (the server and its workers)."""
    total = 0
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[3]) == sid:
            total += int(fields[11]) + int(fields[12])
    return total


NOISY = 0.05  # other processes' share of the machine above which a point counts as disturbed


MCP_HEADERS = {"Accept": "application/json, text/event-stream"}


def measure_point(server: Server, body: dict, args, log, mcp=False) -> dict:
    """Warm-up, then one measured wrk run, with the machine's CPU split into server, wrk and everything else.
    With mcp, the same rows go to POST /mcp as a tools/call of `predict`."""
    url, path, headers = (server.mcp_url, body["mcp_path"], MCP_HEADERS) if mcp else (server.url, body["path"], None)
    if args.warmup > 0:
        run_wrk(url, path, args.warmup, args, log, headers=headers)
    m0, s0, o0 = machine_ticks(), session_ticks(server.proc.pid), own_and_children_ticks()
    s = run_wrk(url, path, args.duration, args, log, headers=headers)
    m1, s1, o1 = machine_ticks(), session_ticks(server.proc.pid), own_and_children_ticks()
    all_ticks = max(1, m1[0] - m0[0])
    s["cpu_server"] = (s1 - s0) / all_ticks
    s["cpu_wrk"] = (o1 - o0) / all_ticks
    s["cpu_other"] = max(0.0, (m1[1] - m0[1]) / all_ticks - s["cpu_server"] - s["cpu_wrk"])
    return s


def own_and_children_ticks() -> float:
    t = os.times()
    return (t.user + t.system + t.children_user + t.children_system) * CLK_TCK


def measure(server: Server, prep: dict, args, log, mcp=False) -> dict:
    out = {}
    for kind in ("single", "batch"):
        body = prep["bodies"][kind]
        s = None
        for attempt in range(1 + args.noisy_retries):
            if attempt:
                print(f"   {kind}: other processes used {s['cpu_other']:.0%} of the machine; measuring again",
                      flush=True)
                wait_quiet(args)
            t = measure_point(server, body, args, log, mcp=mcp)
            t["attempts"] = attempt + 1
            if s is None or t["cpu_other"] < s["cpu_other"]:
                s = t
            if s["cpu_other"] <= NOISY:
                break
        s["rows_per_request"] = len(body["rows"])
        s["rows_per_s"] = s["req_per_s"] * len(body["rows"])
        out[kind] = s
        if s["error_count"]:
            print(f"   warning: {server.spec['name']} {kind}: wrk counted errors {s['errors']}", flush=True)
    return out


# ---------------------------------------------------------------------------------------------------------------
# in-process reference


def in_process(args, prep: dict, logdir: str) -> dict | None:
    if not args.warden_bench:
        return None
    cmd = [args.warden_bench, "--model-dir", prep["warden_bench_dir"], "--json",
           os.path.join(logdir, "warden-bench.json")] + (["--quick"] if args.quick else [])
    r = subprocess.run(cmd, capture_output=True, text=True)
    with open(os.path.join(logdir, "warden-bench.log"), "w") as f:
        f.write("$ " + " ".join(cmd) + "\n" + r.stdout + r.stderr)
    if r.returncode != 0:
        raise RuntimeError(f"warden-bench failed: {r.stderr.strip()}")
    parity = next((ln for ln in r.stdout.splitlines() if ln.startswith("parity")), "")
    with open(os.path.join(logdir, "warden-bench.json")) as f:
        res = json.load(f)
    res["parity"] = parity
    return res


# ---------------------------------------------------------------------------------------------------------------
# report


def fmt_n(v, digits=0):
    return "—" if v is None else f"{v:,.{digits}f}"


def fmt_ratio(a, b):
    if a is None or b is None or b == 0:
        return "—"
    r = a / b
    return f"{r:,.0f}×" if r >= 100 else f"{r:,.1f}×" if r >= 10 else f"{r:.2f}×"


def report(results: dict) -> str:
    servers = results["servers"]
    w = servers.get("warden")
    wsingle = w["single"]["req_per_s"] if w else None
    wbatch = w["batch"]["rows_per_s"] if w else None
    lines = []
    head = ["server", "workers", "req/s (1 row)", "p50 ms", "p99 ms", "warden ÷", "rows/s (1,000-row)",
            "p99 ms", "warden ÷"]
    rows = []
    for name, r in servers.items():
        s, b = r["single"], r["batch"]
        rows.append([name, str(r["workers"]), fmt_n(s["req_per_s"]), f"{s['latency_us']['p50'] / 1e3:.2f}",
                     f"{s['latency_us']['p99'] / 1e3:.2f}",
                     "" if name == "warden" else fmt_ratio(wsingle, s["req_per_s"]),
                     fmt_n(b["rows_per_s"]), f"{b['latency_us']['p99'] / 1e3:.1f}",
                     "" if name == "warden" else fmt_ratio(wbatch, b["rows_per_s"])])
    widths = [max(len(x[i]) for x in [head] + rows) for i in range(len(head))]
    lines.append("  ".join(h.ljust(widths[i]) if i == 0 else h.rjust(widths[i]) for i, h in enumerate(head)))
    for row in rows:
        lines.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)))
    lines.append(f"(wrk: {results['config']['connections']} connections, {results['config']['wrk_threads']} threads, "
                 f"{results['config']['duration_s']} s per point after {results['config']['warmup_s']} s warm-up; "
                 f"wrk runs on the same {CORES} cores)")

    inproc = results.get("in_process")
    if inproc:
        lines.append(f"in-process (warden-bench, same pipeline): {fmt_n(inproc.get('rows_per_s_100'))} rows/s at "
                     f"batch 100, {fmt_n(inproc.get('rows_per_s_10000'))} at batch 10,000 (1 thread), "
                     f"{fmt_n(inproc.get('rows_per_s_10000_2t'))} at batch 10,000 (2 threads); {inproc['parity']}")
    if w:
        lines.append("targets:")
        def best(family):
            c = [(n, r["single"]["req_per_s"]) for n, r in servers.items() if r["family"] == family]
            return max(c, key=lambda x: x[1]) if c else None
        for family, target in (("scikit-learn", 100), ("onnxruntime", 25)):
            b = best(family)
            if b:
                ratio = wsingle / b[1]
                lines.append(f"  req/s ≥ {target}× the fastest {family} server ({b[0]}): {ratio:,.1f}× — "
                             f"{'met' if ratio >= target else 'NOT met'}")
        p99 = w["single"]["latency_us"]["p99"] / 1e3
        lines.append(f"  p99 ≤ 2 ms at {results['config']['connections']} connections: {p99:.2f} ms — "
                     f"{'met' if p99 <= 2 else 'NOT met'}")
        if inproc:
            for key, label in (("rows_per_s_10000", "1 thread"), ("rows_per_s_10000_2t", "2 threads")):
                ref = inproc.get(key)
                if ref:
                    per_http, per_in = 1e9 / wbatch, 1e9 / ref
                    lines.append(f"  1,000-row batches within 2× of in-process per row ({label}, batch 10,000): "
                                 f"{per_http:.0f} ns vs {per_in:.0f} ns = {per_http / per_in:.2f}× — "
                                 f"{'met' if per_http <= 2 * per_in else 'NOT met'}")
        mcp = w.get("mcp")
        if mcp:
            ms, mb = mcp["single"], mcp["batch"]
            share = ms["req_per_s"] / wsingle
            lines.append(
                f"MCP predict over Streamable HTTP (POST /mcp, tools/call predict; same server, same run): 1 row "
                f"{fmt_n(ms['req_per_s'])} req/s, p50 {ms['latency_us']['p50'] / 1e3:.2f} ms, p99 "
                f"{ms['latency_us']['p99'] / 1e3:.2f} ms = {share:.0%} of /predict's req/s; 1,000-row "
                f"{fmt_n(mb['rows_per_s'])} rows/s, p99 {mb['latency_us']['p99'] / 1e3:.1f} ms = "
                f"{mb['rows_per_s'] / wbatch:.0%} of /predict's")
            lines.append(f"  MCP predict ≥ 50 % of /predict's req/s: {share:.0%} — {'met' if share >= 0.5 else 'NOT met'}")
    before = servers.get("warden-before")
    if w and before:
        bs, bb = before["single"], before["batch"]
        lines.append(
            f"before/after (same run, same machine): this build ÷ {results['config'].get('before_label')}: "
            f"1 row {fmt_ratio(wsingle, bs['req_per_s'])} req/s (p99 {w['single']['latency_us']['p99'] / 1e3:.2f} "
            f"vs {bs['latency_us']['p99'] / 1e3:.2f} ms), 1,000-row {fmt_ratio(wbatch, bb['rows_per_s'])} rows/s")
    if not w and results.get("warden_skipped"):
        lines.append(f"warden: skipped — {results['warden_skipped']}")
    noisy = [n for n, r in servers.items() if r.get("cpu_busy_before", 0) > 0.15]
    busy_during = [f"{n} {k} ({r[k]['cpu_other']:.0%})" for n, r in servers.items() for k in ("single", "batch")
                   if r[k].get("cpu_other", 0) > NOISY]
    if busy_during:
        lines.append("note: other processes used more than 5 % of the machine while measuring: "
                     + ", ".join(busy_during))
    if inproc and inproc.get("cpu_busy_before", 0) > 0.15:
        lines.append(f"note: the machine was not quiet before warden-bench ({inproc['cpu_busy_before']:.0%} CPU busy)")
    if noisy:
        lines.append("note: the machine was not quiet before: " + ", ".join(
            f"{n} ({servers[n]['cpu_busy_before']:.0%} CPU busy)" for n in noisy))
    return "\n".join(lines)


def versions() -> dict:
    out = {"python": platform.python_version()}
    for p in ("flask", "werkzeug", "gunicorn", "fastapi", "starlette", "pydantic", "uvicorn", "uvloop", "httptools",
              "scikit-learn", "numpy", "pandas", "joblib", "onnxruntime", "skl2onnx", "onnx"):
        try:
            out[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            pass
    try:
        out["wrk"] = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split()[1]
    except (OSError, IndexError):
        pass
    return out


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for ln in f:
                if ln.startswith("model name"):
                    return ln.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--package", default=os.path.join(
        ROOT, "Tests/Fixtures/packages/valid/model_20241201_143022_deployment.zip"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-results", "http"))
    ap.add_argument("--warden", help="the warden executable (omit to skip Warden)")
    ap.add_argument("--warden-skipped", default="", help="why Warden is skipped (printed)")
    ap.add_argument("--warden-bench", help="warden-bench, for the in-process reference")
    ap.add_argument("--warden-before", help="a warden executable built from an earlier commit, measured the same way "
                    "in the same run (scripts/bench-http --before REV)")
    ap.add_argument("--before-label", default="an earlier commit", help="what --warden-before was built from")
    ap.add_argument("--duration", type=float)
    ap.add_argument("--warmup", type=float)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--wrk-threads", type=int, default=2)
    ap.add_argument("--only", help="comma-separated server names")
    ap.add_argument("--wait-quiet", type=float, default=0.0, metavar="S",
                    help="before each server, wait up to S seconds for the CPU to be under 15%% busy")
    ap.add_argument("--noisy-retries", type=int, default=0, metavar="N",
                    help="measure a point again (up to N times, after --wait-quiet) when other processes used more "
                         "than 5%% of the machine during it; the least disturbed attempt is kept")
    ap.add_argument("--quick", action="store_true", help="3 s per point, 1 s warm-up: smoke runs only")
    ap.add_argument("--command", default="", help="the command line to record in the results")
    args = ap.parse_args(argv)
    if args.duration is None:
        args.duration = 3.0 if args.quick else 15.0
    if args.warmup is None:
        args.warmup = 1.0 if args.quick else 3.0
    args.package = os.path.abspath(args.package)
    if shutil.which("wrk") is None:
        print("error: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2

    os.makedirs(args.out, exist_ok=True)
    work = os.path.join(args.out, "work")
    logdir = os.path.join(args.out, "logs")
    os.makedirs(work, exist_ok=True)
    os.makedirs(logdir, exist_ok=True)

    print("== preparing the package, request bodies, ONNX model", flush=True)
    prep = prepare(args.package, work)
    print(f"   bodies: 1 row ({prep['bodies']['single']['bytes']} bytes), {BATCH_ROWS} rows "
          f"({prep['bodies']['batch']['bytes']:,} bytes)", flush=True)

    results = {
        "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": args.command,
        "machine": {"cores": CORES, "cpu": cpu_model(), "kernel": platform.release()},
        "versions": versions(),
        "config": {"connections": args.connections, "wrk_threads": args.wrk_threads, "duration_s": args.duration,
                   "warmup_s": args.warmup, "batch_rows": BATCH_ROWS, "before_label": args.before_label if args.warden_before else None, "package": os.path.relpath(args.package, ROOT)},
        "servers": {},
        "warden_skipped": None if args.warden else (args.warden_skipped or "no --warden given"),
    }

    if args.warden_bench:
        busy = wait_quiet(args)
        print(f"== in-process reference: warden-bench on the same pipeline (CPU busy before: {busy:.0%})", flush=True)
        results["in_process"] = in_process(args, prep, logdir)
        results["in_process"]["cpu_busy_before"] = busy
        ip = results["in_process"]
        print(f"   {ip['parity']}; batch 10,000: {ip['rows_per_s_10000']:,.0f} rows/s (1 thread), "
              f"{ip['rows_per_s_10000_2t']:,.0f} (2 threads)", flush=True)

    specs = server_specs(prep, args)
    failed = None
    with open(os.path.join(logdir, "wrk.log"), "w") as wrk_log:
        for spec in specs:
            busy = wait_quiet(args)
            print(f"== {spec['name']}: {spec['what']} (CPU busy before: {busy:.0%})", flush=True)
            server = Server(spec, prep, args, logdir)
            try:
                server.start()
                server.wait_ready()
                checks = {}
                for kind in ("single", "batch"):
                    body = prep["bodies"][kind]
                    status, raw = post(server.url, open(body["path"], "rb").read())
                    if status != 200:
                        raise RuntimeError(f"{spec['name']}: HTTP {status}: {raw[:300]!r}")
                    checks[kind] = check_answer(spec["name"], spec["family"], json.loads(raw), body["reference"])
                worst = max(c["max_abs_score_diff"] for c in checks.values())
                flips = sum(c["prediction_flips_near_threshold"] for c in checks.values())
                print(f"   same answers as scikit-learn on 1 + {BATCH_ROWS} rows: predictions equal"
                      f"{f' except {flips} within the tolerance of the threshold' if flips else ''}, "
                      f"max |Δscore| = {worst:.3g} (tolerance {checks['single']['tolerance']:g})", flush=True)
                m = measure(server, prep, args, wrk_log)
                if spec.get("warden") and not spec.get("before"):
                    # MCP's predict on the same server, checked like /predict, then measured the same way.
                    for kind in ("single", "batch"):
                        body = prep["bodies"][kind]
                        status, raw = post(server.mcp_url, open(body["mcp_path"], "rb").read(), headers=MCP_HEADERS)
                        result = json.loads(raw).get("result", {}) if status == 200 else {}
                        if status != 200 or result.get("isError"):
                            raise RuntimeError(f"MCP predict: HTTP {status}: {raw[:300]!r}")
                        check_answer("warden MCP", spec["family"], result["structuredContent"], body["reference"])
                    print("   MCP predict (POST /mcp): the same answers; measuring it too", flush=True)
                    m["mcp"] = measure(server, prep, args, wrk_log, mcp=True)
                    mo = m["mcp"]["single"]
                    print(f"   MCP 1 row: {mo['req_per_s']:,.0f} req/s, p50 {mo['latency_us']['p50'] / 1e3:.2f} ms, "
                          f"p99 {mo['latency_us']['p99'] / 1e3:.2f} ms; {BATCH_ROWS} rows: "
                          f"{m['mcp']['batch']['rows_per_s']:,.0f} rows/s", flush=True)
                results["servers"][spec["name"]] = {
                    "family": spec["family"], "workers": spec["workers"], "what": spec["what"],
                    "threads_per_worker": spec.get("threads"), "check": checks, "cpu_busy_before": busy, **m}
                one = m["single"]
                print(f"   1 row: {one['req_per_s']:,.0f} req/s, p50 {one['latency_us']['p50'] / 1e3:.2f} ms, "
                      f"p99 {one['latency_us']['p99'] / 1e3:.2f} ms; {BATCH_ROWS} rows: "
                      f"{m['batch']['rows_per_s']:,.0f} rows/s, p99 {m['batch']['latency_us']['p99'] / 1e3:.1f} ms; "
                      f"CPU share server/wrk/other: " + ", ".join(
                          f"{m[k]['cpu_server']:.0%}/{m[k]['cpu_wrk']:.0%}/{m[k]['cpu_other']:.0%}"
                          for k in ("single", "batch")), flush=True)
            except (RuntimeError, OSError) as e:
                failed = str(e)
                print(f"error: {e}", file=sys.stderr, flush=True)
            finally:
                server.stop()
            if failed:
                break

    path = os.path.join(args.out, "results.json")
    with open(path, "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    print()
    print(report(results))
    print(f"\nresults: {os.path.relpath(path, os.getcwd())}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
