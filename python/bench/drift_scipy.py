#!/usr/bin/env python3
"""The anchor of Warden's drift-check benchmark (scripts/bench-monitoring): scipy and numpy on the same numbers.

    python3 python/bench/drift_scipy.py make-data --out bench-results/monitoring
    python3 python/bench/drift_scipy.py measure --data bench-results/monitoring/data \
        [--warden bench-results/monitoring/swift.json] [--json OUT] [--quick]

make-data extracts the sample package's model.joblib and scaler.joblib to OUT/model (for warden-monitoring-bench)
and writes OUT/data/data.f64 + data.json: 10,000 reference and 10,000 current rows of the 17 WiFi features
(python/fixtures/wifi.py, fixed seeds; the current rows shifted on a few features) and both samples' scores from the
package's own scaler + IsolationForest (decision_function). data.f64 is little-endian float64: the reference's
columns one after another, then the current's, then the reference scores, then the current scores.

measure times, per run over the 17 features and the scores (median of >= 5 runs), what Warden's
DriftDetector(configuration: .evidently) computes per column:
  ks_2samp           scipy.stats.ks_2samp(ref, cur) (two-sided, method='auto': exact here, 10,000 values each)
  wasserstein        scipy.stats.wasserstein_distance(ref, cur), normalised by max(np.std(ref), 0.001)
  PSI + JS binning   Evidently's get_binned_data (np.histogram_bin_edges(..., 'sturges') or one bin per value when
                     the reference has <= 20 distinct values), PSI with Evidently's zero filling (numpy), and
                     scipy.spatial.distance.jensenshannon(ref_bins, cur_bins, 2)
The binning is python/fixtures/drift.py's `binned`, the one the Swift statistics were checked against. With
--warden, every statistic is compared with warden-monitoring-bench's printed values (|Δ| <= 1e-9) and the result
is printed and recorded; a difference fails the run.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
import warnings
import zipfile

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "python", "fixtures"))

import drift  # noqa: E402  (python/fixtures/drift.py: Evidently's binning, as the Swift tests were checked)
import wifi  # noqa: E402  (python/fixtures/wifi.py: the synthetic WiFi feature rows)

ROWS = 10_000
REFERENCE_SEED = 20261201
CURRENT_SEED = 20261202
# The current window's drift: (feature, multiply, add). The rest of the features only differ by sampling.
SHIFTS = [
    ("auth_failure_ratio", 1.25, 0.0),
    ("mean_signal_strength", 1.0, -3.0),
    ("mean_data_rate", 0.9, 0.0),
    ("mean_hour_of_day", 1.0, 1.5),
    ("total_devices", 1.0, 4.0),
]
TOLERANCE = 1e-9
PACKAGE = os.path.join(ROOT, "Tests", "Fixtures", "packages", "valid", "model_20241201_143022_deployment.zip")


# ---------------------------------------------------------------------------------------------------------------
# data


def make_data(out: str, package: str) -> None:
    import joblib

    model_dir = os.path.join(out, "model")
    data_dir = os.path.join(out, "data")
    shutil.rmtree(model_dir, ignore_errors=True)
    os.makedirs(model_dir)
    os.makedirs(data_dir, exist_ok=True)
    with zipfile.ZipFile(package) as z:
        for name in ("model.joblib", "scaler.joblib", "deployment_manifest.json"):
            z.extract(name, model_dir)
    with open(os.path.join(model_dir, "deployment_manifest.json")) as f:
        names = list(json.load(f)["training_info"]["feature_names"])
    if names != wifi.FEATURES:
        raise SystemExit("the package's feature names are not python/fixtures/wifi.py's")

    ref = wifi.make_array(ROWS, REFERENCE_SEED)
    cur = wifi.make_array(ROWS, CURRENT_SEED)
    for name, mul, add in SHIFTS:
        j = names.index(name)
        cur[:, j] = cur[:, j] * mul + add

    scaler = joblib.load(os.path.join(model_dir, "scaler.joblib"))
    model = joblib.load(os.path.join(model_dir, "model.joblib"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref_scores = model.decision_function(scaler.transform(ref))
        cur_scores = model.decision_function(scaler.transform(cur))

    blob = np.concatenate([ref.T.ravel(), cur.T.ravel(), ref_scores, cur_scores]).astype("<f8")
    blob.tofile(os.path.join(data_dir, "data.f64"))
    meta = {"generator": "python/bench/drift_scipy.py make-data", "reference_rows": ROWS, "current_rows": ROWS,
            "names": names, "reference_seed": REFERENCE_SEED, "current_seed": CURRENT_SEED,
            "shifts": [{"feature": n, "multiply": m, "add": a} for n, m, a in SHIFTS],
            "scores": "decision_function of the package's scaler + IsolationForest",
            "layout": "float64 LE: reference columns, current columns, reference scores, current scores"}
    with open(os.path.join(data_dir, "data.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(f"wrote {data_dir}/data.f64 ({blob.nbytes:,} bytes) and {model_dir}/model.joblib, scaler.joblib")


def load_data(data_dir: str):
    with open(os.path.join(data_dir, "data.json")) as f:
        meta = json.load(f)
    n1, n2, names = meta["reference_rows"], meta["current_rows"], meta["names"]
    k = len(names)
    v = np.fromfile(os.path.join(data_dir, "data.f64"), dtype="<f8")
    if v.size != k * n1 + k * n2 + n1 + n2:
        raise SystemExit(f"data.f64 holds {v.size} values; data.json describes {k * n1 + k * n2 + n1 + n2}")
    ref = v[: k * n1].reshape(k, n1)
    cur = v[k * n1: k * (n1 + n2)].reshape(k, n2)
    o = k * (n1 + n2)
    columns = [(names[j], ref[j].copy(), cur[j].copy()) for j in range(k)]
    columns.append(("score", v[o: o + n1].copy(), v[o + n1: o + n1 + n2].copy()))
    return meta, columns


# ---------------------------------------------------------------------------------------------------------------
# the statistics, as Warden's DriftDetector computes them per column


def ks(a, b):
    return stats.ks_2samp(a, b)  # method='auto'


def wasserstein(a, b):
    return stats.wasserstein_distance(a, b)


def psi_js(a, b):
    rp, cp = drift.binned(a, b, True)
    rj, cj = drift.binned(a, b, False)
    psi = float(np.sum((rp - cp) * np.log(rp / cp)))
    return psi, float(distance.jensenshannon(rj, cj, 2))


def values(columns) -> list[dict]:
    out = []
    for name, a, b in columns:
        r = ks(a, b)
        wd = wasserstein(a, b)
        psi, js = psi_js(a, b)
        out.append({"name": name, "ks_statistic": float(r.statistic), "ks_pvalue": float(r.pvalue),
                    "wasserstein": float(wd), "wasserstein_normed": float(wd / max(np.std(a), 0.001)),
                    "psi": psi, "jensenshannon": js})
    return out


def timed(fn, columns, runs: int) -> float:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for _, a, b in columns:
            fn(a, b)
        samples.append(time.perf_counter() - t0)
    return float(np.median(samples))


def report_once(a, b):
    ks(a, b)
    wasserstein(a, b) / max(np.std(a), 0.001)
    psi_js(a, b)


def compare(ours: list[dict], warden_path: str) -> dict:
    with open(warden_path) as f:
        theirs = {c["name"]: c for c in json.load(f)["columns"]}
    worst, where, failures = 0.0, None, []
    for c in ours:
        w = theirs.get(c["name"])
        if w is None:
            failures.append(f"{c['name']}: missing from Warden's output")
            continue
        for key, v in c.items():
            if key == "name":
                continue
            d = abs(float(w[key]) - v)
            if d > worst:
                worst, where = d, f"{c['name']}.{key}"
            if not d <= TOLERANCE:
                failures.append(f"{c['name']}.{key}: Warden {w[key]!r}, scipy {v!r} (|Δ| = {d:.3g})")
    return {"tolerance": TOLERANCE, "max_abs_diff": worst, "max_at": where, "compared": len(ours) * 6,
            "failures": failures, "equal": not failures}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    mk = sub.add_parser("make-data")
    mk.add_argument("--out", default=os.path.join(ROOT, "bench-results", "monitoring"))
    mk.add_argument("--package", default=PACKAGE)
    me = sub.add_parser("measure")
    me.add_argument("--data", default=os.path.join(ROOT, "bench-results", "monitoring", "data"))
    me.add_argument("--warden", help="warden-monitoring-bench's --json output, to compare the statistics with")
    me.add_argument("--json", help="write the figures here")
    me.add_argument("--quick", action="store_true", help="5 runs instead of 9")
    args = ap.parse_args(argv)
    if args.cmd == "make-data":
        make_data(args.out, args.package)
        return 0

    meta, columns = load_data(args.data)
    runs = 5 if args.quick else 9
    vals = values(columns)  # also the warm-up
    timings = {
        "drift_report_s": timed(report_once, columns, runs),
        "ks_2samp_s": timed(ks, columns, runs),
        "wasserstein_s": timed(wasserstein, columns, runs),
        "psi_js_binning_s": timed(psi_js, columns, runs),
    }
    n1, n2 = meta["reference_rows"], meta["current_rows"]
    print(f"scipy anchor: drift check ({n1} + {n2} rows, {len(columns)} columns incl. scores), median of {runs}")
    print(f"  all statistics                        {timings['drift_report_s'] * 1e3:10.2f} ms")
    print(f"  ks_2samp                              {timings['ks_2samp_s'] * 1e3:10.2f} ms")
    print(f"  wasserstein_distance                  {timings['wasserstein_s'] * 1e3:10.2f} ms")
    print(f"  binning + PSI + Jensen-Shannon        {timings['psi_js_binning_s'] * 1e3:10.2f} ms")
    check = None
    if args.warden:
        check = compare(vals, args.warden)
        if check["equal"]:
            print(f"  statistics: Warden's {check['compared']} values equal scipy's within {TOLERANCE:g} "
                  f"(max |Δ| = {check['max_abs_diff']:.3g} at {check['max_at']})")
        else:
            print(f"  statistics: {len(check['failures'])} of Warden's values differ from scipy's by more than "
                  f"{TOLERANCE:g}:")
            for line in check["failures"][:20]:
                print("    " + line)
    doc = {"timings": timings, "runs": runs, "columns": vals, "check": check,
           "versions": {"python": platform.python_version(), "scipy": scipy.__version__, "numpy": np.__version__}}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(doc, f, indent=1)
    return 0 if check is None or check["equal"] else 1


if __name__ == "__main__":
    sys.exit(main())
