#!/usr/bin/env python3
"""The end-to-end file job of issue 11: score a file of rows with a deployment package and write the results,
in Warden and in pandas + scikit-learn, in one run.

    python3 python/bench/file_job.py --package PKG.zip --warden .build/release/warden --out bench-results/file_job \
        [--warden-bench .build/release/warden-bench] [--rows 100000,1000000] [--repeat 3] [--quick]

For each size it writes (once, then reuses) rows_N.csv (pandas to_csv, floats in repr form) and rows_N.json (a
JSON array of objects keyed by feature name, json.dumps, repr floats) of the 17 WiFi features
(python/fixtures/wifi.py), then times, each in its own child process (wall time, peak RSS from os.wait4):

  python   pd.read_csv / pd.read_json -> scaler.transform(df[feature_names]) -> model.score_samples once
           (decision_function = score_samples - offset_, predict from its sign, label by the manifest threshold:
           what the three scikit-learn calls return, computed once) -> DataFrame -> to_csv.
  warden   warden score --package PKG --input FILE --output OUT --format csv [--threads 2]

Both write the same columns (row, score, label, score_samples, decision_function, predict); the first 1,000 output
rows are compared (labels and predict equal; the largest |diff| of the scores is reported). The job is one process
per run, model loading included, as a user runs it. The median of --repeat runs is reported. With --warden-bench,
file parsing alone is measured too (FeatureRowReader into matrices, best of --repeat, MB/s of file text). Results:
OUT/results.json and a table on stdout.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "fixtures"))

SEED = 20261111


def make_inputs(out_dir: str, rows: int) -> tuple[str, str]:
    """rows_N.csv and rows_N.json, written once."""
    csv_path = os.path.join(out_dir, f"rows_{rows}.csv")
    json_path = os.path.join(out_dir, f"rows_{rows}.json")
    if os.path.exists(csv_path) and os.path.exists(json_path):
        return csv_path, json_path
    import wifi  # python/fixtures/wifi.py

    frame = wifi.make_frame(rows, SEED)
    frame.to_csv(csv_path + ".tmp", index=False)
    os.replace(csv_path + ".tmp", csv_path)
    names = list(frame.columns)
    with open(json_path + ".tmp", "w") as f:
        f.write("[")
        for i, values in enumerate(frame.itertuples(index=False, name=None)):
            if i:
                f.write(",\n")
            f.write(json.dumps(dict(zip(names, (float(v) for v in values)))))
        f.write("]\n")
    os.replace(json_path + ".tmp", json_path)
    return csv_path, json_path


PYTHON_JOB = r"""
import json, sys, zipfile
import joblib, numpy as np, pandas as pd
package, source, output = sys.argv[1:4]
with zipfile.ZipFile(package) as z:
    manifest = json.loads(z.read("deployment_manifest.json"))
    with z.open("model.joblib") as f: model = joblib.load(f)
    with z.open("scaler.joblib") as f: scaler = joblib.load(f)
names = manifest["training_info"]["feature_names"]
threshold = manifest["inference_config"]["threshold"]
df = pd.read_csv(source) if source.endswith(".csv") else pd.read_json(source, orient="records")
X = scaler.transform(df[names])
samples = model.score_samples(X)
decision = samples - model.offset_
score = -samples
pd.DataFrame({"row": np.arange(len(df)), "score": score, "label": (score > threshold).astype(int),
              "score_samples": samples, "decision_function": decision,
              "predict": np.where(decision < 0, -1, 1)}).to_csv(output, index=False)
"""


def run(args: list[str], env=None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process; fails on a non-zero exit."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} exited {proc.returncode}: {err[-2000:]}")
    return wall, usage.ru_maxrss / 1024.0


def compare(a_path: str, b_path: str, rows: int = 1000) -> float:
    """Max |diff| over the first rows of two result CSVs; raises when labels or predict differ."""
    import pandas as pd

    a = pd.read_csv(a_path, nrows=rows)
    b = pd.read_csv(b_path, nrows=rows)
    assert list(a.columns) == list(b.columns), (list(a.columns), list(b.columns))
    assert (a["label"] == b["label"]).all() and (a["predict"] == b["predict"]).all()
    return float(max((a[c] - b[c]).abs().max() for c in ("score", "score_samples", "decision_function")))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--package", required=True)
    p.add_argument("--warden", required=True)
    p.add_argument("--warden-bench", help="warden-bench, for file parsing alone (MB/s)")
    p.add_argument("--out", required=True)
    p.add_argument("--rows", default="100000,1000000")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--quick", action="store_true")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    sizes = [int(s) for s in a.rows.split(",")]
    repeat = 1 if a.quick else a.repeat
    if a.quick:
        sizes = [min(s, 20_000) for s in sizes][:1]
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env = {k: v for k, v in env.items() if not k.startswith("WARDEN_")}
    with zipfile.ZipFile(a.package) as z:
        names = json.loads(z.read("deployment_manifest.json"))["training_info"]["feature_names"]
    results = []
    scratch = tempfile.mkdtemp(prefix="warden-file-job-")
    for n in sizes:
        csv_path, json_path = make_inputs(a.out, n)
        for kind, path in (("csv", csv_path), ("json", json_path)):
            size_mb = os.path.getsize(path) / 1e6
            jobs = {
                "python": [sys.executable, "-c", PYTHON_JOB, a.package, path, os.path.join(scratch, "py.csv")],
                "warden_1t": [a.warden, "score", "--package", a.package, "--input", path, "--output",
                              os.path.join(scratch, "w1.csv"), "--format", "csv"],
                "warden_2t": [a.warden, "score", "--package", a.package, "--input", path, "--output",
                              os.path.join(scratch, "w2.csv"), "--format", "csv", "--threads", "2"],
            }
            figures = {}
            for name, args in jobs.items():
                runs = [run(args, env) for _ in range(repeat)]
                figures[name] = {"seconds": statistics.median(r[0] for r in runs),
                                 "peak_rss_mb": max(r[1] for r in runs)}
            diff = max(compare(os.path.join(scratch, "py.csv"), os.path.join(scratch, w))
                       for w in ("w1.csv", "w2.csv"))
            parse = None
            if a.warden_bench:
                out = subprocess.run([a.warden_bench, "--parse", path, "--feature-names", ",".join(names),
                                      "--repeat", str(repeat)], capture_output=True, text=True, check=True).stdout
                parse = json.loads(out.strip().splitlines()[-1])
            results.append({"rows": n, "format": kind, "file_mb": size_mb, "max_abs_diff": diff,
                            "parse_mb_per_s": parse and parse["mb_per_s"], **figures})
            py = figures["python"]["seconds"]
            print(f"{n:>9,} rows {kind:4} {size_mb:7.1f} MB  python {py:7.2f} s {figures['python']['peak_rss_mb']:7.0f} MB"
                  f"  warden {figures['warden_1t']['seconds']:6.2f} s ({py / figures['warden_1t']['seconds']:5.1f}x)"
                  f" 2 threads {figures['warden_2t']['seconds']:6.2f} s ({py / figures['warden_2t']['seconds']:5.1f}x)"
                  f" {figures['warden_2t']['peak_rss_mb']:6.0f} MB  max|diff| {diff:.1e}"
                  + (f"  parsing {parse['mb_per_s']:6.0f} MB/s" if parse else ""), flush=True)
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump({"package": a.package, "repeat": repeat, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
