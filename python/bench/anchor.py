#!/usr/bin/env python3
"""Single-thread anchor measurements of scikit-learn and onnxruntime for scripts/bench.

    python3 python/bench/anchor.py --model-dir bench-results/model --out bench-results/anchor.json [--quick]

Reads what make_model.py wrote (pipeline.joblib, pipeline.onnx, rows.f64, rows.json) and measures, for
  "sklearn":     Pipeline.score_samples on float64 arrays,
  "onnxruntime": InferenceSession.run(["score_samples"]) on float32 arrays (the float64 -> float32
                 conversion is done once up front and is not timed),
everything on one thread:
  load_s          median of 5 joblib.load / InferenceSession creations (after one untimed warm-up).
  rows_per_s      batches of 1, 100, 10,000 and 1,000,000 rows cut from rows.f64 (8 different slices per
                  size, copied up front), scored repeatedly for ~1.5 s per size (1,000,000: once or twice);
                  rows scored / time spent inside the scoring calls.
  latency_us      p50 / p99 of single-row calls (2,000 to 20,000 calls, ~3 s, after warm-up).
  peak_rss_mb     ru_maxrss of a separate child process (os.wait4 rusage of that child alone) that only
                  reads rows.f64, loads the model and scores all 1,000,000 rows once.
--quick shortens every loop (smoke runs only; its figures are rough).
"""
from __future__ import annotations

import os

# Single thread everywhere; must be set before numpy (and its BLAS) is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
             "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

BATCHES = (1, 100, 10_000, 1_000_000)
ENGINES = ("sklearn", "onnxruntime")


# --------------------------------------------------------------------------- engines

def limit_threads():
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def load_sklearn(model_dir):
    import joblib

    return joblib.load(os.path.join(model_dir, "pipeline.joblib"))


def load_onnx(model_dir):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(os.path.join(model_dir, "pipeline.onnx"), so, providers=["CPUExecutionProvider"])


def scorer(engine, model):
    """Returns (score(batch) callable, dtype the batches must have)."""
    if engine == "sklearn":
        return model.score_samples, np.float64
    input_name = model.get_inputs()[0].name
    run = model.run

    def score(batch):
        return run(["score_samples"], {input_name: batch})[0]

    return score, np.float32


LOADERS = {"sklearn": load_sklearn, "onnxruntime": load_onnx}


# --------------------------------------------------------------------------- rows

def read_rows(model_dir, dtype=np.float64):
    """rows.f64 as a (rows, columns) C-contiguous array of dtype, converted in chunks (no float64 copy kept)."""
    with open(os.path.join(model_dir, "rows.json")) as f:
        meta = json.load(f)
    n, c = int(meta["rows"]), int(meta["columns"])
    path = os.path.join(model_dir, "rows.f64")
    if os.path.getsize(path) != n * c * 8:
        raise SystemExit(f"{path}: expected {n * c * 8} bytes")
    if np.dtype(dtype) == np.float64:
        return np.fromfile(path, dtype="<f8").reshape(n, c)
    out = np.empty((n, c), dtype=dtype)
    chunk = 65_536
    buf = np.empty((chunk, c), dtype="<f8")
    with open(path, "rb") as f:
        for start in range(0, n, chunk):
            k = min(chunk, n - start)
            view = buf[:k]
            f.readinto(memoryview(view).cast("B"))
            out[start:start + k] = view
    return out


def slices(X, batch, count=8):
    """count contiguous copies of batch rows from different places of X (as warden-bench does)."""
    n = X.shape[0]
    if batch >= n:
        return [np.ascontiguousarray(X[:batch])]
    span = n - batch + 1
    return [np.ascontiguousarray(X[(i * 7919 * batch % n) % span:][:batch]) for i in range(count)]


# --------------------------------------------------------------------------- measurements

def measure_load(engine, model_dir, repeats):
    LOADERS[engine](model_dir)  # warm-up: imports, file cache
    times = []
    for _ in range(repeats):
        gc.collect()
        t = time.perf_counter()
        m = LOADERS[engine](model_dir)
        times.append(time.perf_counter() - t)
        del m
    return float(np.median(times))


def measure_throughput(score, X, batch, seconds):
    batches = slices(X, batch)
    big = batch >= X.shape[0]
    if not big:
        score(batches[0])  # warm-up
    gc.collect()
    gc.disable()
    try:
        scored, elapsed, i = 0, 0.0, 0
        while scored == 0 or (elapsed < seconds and not (big and i >= 2)):
            b = batches[i % len(batches)]
            t = time.perf_counter()
            score(b)
            elapsed += time.perf_counter() - t
            scored += b.shape[0]
            i += 1
    finally:
        gc.enable()
    return scored / elapsed, i


def measure_latency(score, X, quick):
    singles = slices(X, 1, count=256)
    for s in singles[:64]:
        score(s)  # warm-up
    t = time.perf_counter()
    for s in singles[64:128]:
        score(s)
    per_call = (time.perf_counter() - t) / 64
    calls = 300 if quick else int(min(20_000, max(2_000, 3.0 / per_call)))
    samples = np.empty(calls)
    clock = time.perf_counter_ns
    gc.collect()
    gc.disable()
    try:
        for i in range(calls):
            s = singles[i % 256]
            t0 = clock()
            score(s)
            samples[i] = clock() - t0
    finally:
        gc.enable()
    samples /= 1e3
    return float(np.percentile(samples, 50)), float(np.percentile(samples, 99)), calls


def child_peak_rss(engine, model_dir):
    """Peak RSS (MB) of a fresh process that reads the rows, loads the model and scores them all once."""
    cmd = [sys.executable, os.path.abspath(__file__), "--child", engine, "--model-dir", model_dir]
    p = subprocess.Popen(cmd, env=dict(os.environ))
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise SystemExit(f"peak-RSS child for {engine} failed with {p.returncode}")
    return usage.ru_maxrss / 1024.0  # Linux: kilobytes


def child_main(engine, model_dir):
    limits = limit_threads() if engine == "sklearn" else None
    model = LOADERS[engine](model_dir)
    score, dtype = scorer(engine, model)
    X = read_rows(model_dir, dtype)
    s = score(X)
    assert np.asarray(s).size == X.shape[0]
    del limits
    return 0


# --------------------------------------------------------------------------- report

def machine_info(quick):
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "processor": platform.processor(),
        "cpu_model": model,
        "machine": platform.machine(),
        "system": f"{platform.system()} {platform.release()}",
        "cpu_count": os.cpu_count(),
        "threads": 1,
        "quick": quick,
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def versions():
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for key, dist in (("sklearn", "scikit-learn"), ("numpy", "numpy"), ("onnxruntime", "onnxruntime"),
                      ("skl2onnx", "skl2onnx"), ("joblib", "joblib"), ("scipy", "scipy"),
                      ("threadpoolctl", "threadpoolctl"), ("onnx", "onnx")):
        try:
            out[key] = version(dist)
        except PackageNotFoundError:
            out[key] = None
    return out


def measure_engine(engine, model_dir, X64, quick, log):
    load_s = measure_load(engine, model_dir, 3 if quick else 5)
    log(f"{engine}: load {load_s * 1e3:.1f} ms")
    model = LOADERS[engine](model_dir)
    score, dtype = scorer(engine, model)
    X = X64 if dtype == np.float64 else X64.astype(dtype)
    rps = {}
    budget = 0.3 if quick else 1.5
    for batch in BATCHES:
        rate, calls = measure_throughput(score, X, batch, budget)
        rps[str(batch)] = rate
        log(f"{engine}: batch {batch}: {rate:,.0f} rows/s ({calls} calls)")
    p50, p99, calls = measure_latency(score, X, quick)
    log(f"{engine}: latency p50 {p50:.1f} us, p99 {p99:.1f} us ({calls} calls)")
    del model, score, X
    gc.collect()
    peak = child_peak_rss(engine, model_dir)
    log(f"{engine}: peak RSS {peak:.1f} MB (child process)")
    return {"load_s": load_s, "rows_per_s": rps, "latency_us": {"p50": p50, "p99": p99}, "peak_rss_mb": peak}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--out", help="anchor JSON to write (required unless --child)")
    ap.add_argument("--quick", action="store_true", help="short loops for smoke runs")
    ap.add_argument("--engines", default=",".join(ENGINES), help="comma-separated subset of " + ",".join(ENGINES))
    ap.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child_main(args.child, args.model_dir)
    if not args.out:
        ap.error("--out is required")
    engines = [e for e in args.engines.split(",") if e]
    for e in engines:
        if e not in ENGINES:
            ap.error(f"unknown engine {e}")

    def log(msg):
        print(f"anchor: {msg}", file=sys.stderr, flush=True)

    limits = limit_threads()
    X64 = read_rows(args.model_dir)
    result = {"machine": machine_info(args.quick), "versions": versions(), "engines": {}}
    t0 = time.perf_counter()
    for engine in engines:
        result["engines"][engine] = measure_engine(engine, args.model_dir, X64, args.quick, log)
    del limits
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    os.replace(tmp, args.out)
    log(f"wrote {args.out} ({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
