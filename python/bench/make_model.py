#!/usr/bin/env python3
"""Build the benchmark model and probe rows shared by python/bench/anchor.py and warden-bench.

    python3 python/bench/make_model.py --out bench-results/model

Writes into DIR:
  pipeline.joblib          Pipeline(StandardScaler, IsolationForest(n_estimators=100, random_state=42)),
                           fitted on 10,000 synthetic WiFi rows (ndarray, so no feature names); uncompressed.
  pipeline.onnx            the same pipeline converted with skl2onnx (float32 input "X", shape [None, 17]).
  rows.f64 / rows.json     1,000,000 probe rows (different seed), little-endian float64, row-major;
                           rows.json = {"rows": 1000000, "columns": 17}.
  expected_first1000.json  {"score_samples": [...]}: scikit-learn's pipeline.score_samples on the first 1,000 rows.
  onnx_check.json          how the ONNX model was checked against scikit-learn (outputs, max |diff|).

ONNX outputs (skl2onnx IsolationForest converter, option score_samples=True):
  "label"          int64 [N,1]   predict(): 1 inlier / -1 outlier
  "scores"         float32 [N,1] decision_function() = score_samples - offset_
  "score_samples"  float32 [N,1] score_samples()  (negated anomaly score, as scikit-learn)
The benchmark compares against "score_samples".
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "fixtures"))

import wifi  # noqa: E402  (python/fixtures/wifi.py)

TRAIN_ROWS = 10_000
TRAIN_SEED = 20240501
PROBE_ROWS = 1_000_000
PROBE_SEED = 20240502
N_FEATURES = wifi.N_FEATURES  # 17
CHECK_ROWS = 1_000
ONNX_TOLERANCE = 1e-4
# ai.onnx.ml opset 3 has TreeEnsembleRegressor + LabelEncoder with float values, which the
# IsolationForest converter needs (it requires >= 2); default domain 17 is well supported by onnxruntime.
TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}


def build_pipeline(X):
    from sklearn.ensemble import IsolationForest
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    pipe = Pipeline([
        ("scaler", StandardScaler()),
        ("iforest", IsolationForest(n_estimators=100, random_state=42)),
    ])
    pipe.fit(X)
    return pipe


def convert_onnx(pipe, path):
    from skl2onnx import to_onnx
    from skl2onnx.common.data_types import FloatTensorType
    from sklearn.ensemble import IsolationForest

    onx = to_onnx(
        pipe,
        initial_types=[("X", FloatTensorType([None, N_FEATURES]))],
        target_opset=TARGET_OPSET,
        options={IsolationForest: {"score_samples": True}},
    )
    with open(path, "wb") as f:
        f.write(onx.SerializeToString())
    return onx


def check_onnx(pipe, onnx_path, X):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(onnx_path, so, providers=["CPUExecutionProvider"])
    outputs = [(o.name, o.type, o.shape) for o in sess.get_outputs()]
    names = [o[0] for o in outputs]
    got = dict(zip(names, sess.run(None, {"X": X.astype(np.float32)})))
    ref_ss = pipe.score_samples(X)
    ref_df = pipe.decision_function(X)
    ref_pred = pipe.predict(X)
    ss = np.asarray(got["score_samples"], dtype=np.float64).ravel()
    df = np.asarray(got["scores"], dtype=np.float64).ravel()
    d_ss = np.abs(ss - ref_ss)
    d_df = np.abs(df - ref_df)
    report = {
        "rows": int(X.shape[0]),
        "input": {"name": sess.get_inputs()[0].name, "type": sess.get_inputs()[0].type},
        "outputs": [{"name": n, "type": t, "shape": [str(s) for s in sh]} for n, t, sh in outputs],
        "score_samples_output": "score_samples",
        "score_samples_max_abs_diff": float(d_ss.max()),
        "score_samples_rows_over_tolerance": int((d_ss > ONNX_TOLERANCE).sum()),
        "decision_function_output": "scores",
        "decision_function_max_abs_diff": float(d_df.max()),
        "label_mismatches": int((np.asarray(got["label"]).ravel() != ref_pred).sum()),
        "tolerance": ONNX_TOLERANCE,
    }
    return report


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output directory")
    args = ap.parse_args(argv)
    out = args.out
    os.makedirs(out, exist_ok=True)
    import joblib

    t0 = time.perf_counter()
    X_train = wifi.make_array(TRAIN_ROWS, TRAIN_SEED)
    assert X_train.shape == (TRAIN_ROWS, N_FEATURES) and X_train.dtype == np.float64
    pipe = build_pipeline(X_train)
    assert not hasattr(pipe, "feature_names_in_")
    joblib.dump(pipe, os.path.join(out, "pipeline.joblib"), compress=0)
    print(f"pipeline.joblib written ({time.perf_counter() - t0:.1f}s)", flush=True)

    X = np.ascontiguousarray(wifi.make_array(PROBE_ROWS, PROBE_SEED), dtype="<f8")
    assert X.shape == (PROBE_ROWS, N_FEATURES)
    X.tofile(os.path.join(out, "rows.f64"))
    with open(os.path.join(out, "rows.json"), "w") as f:
        json.dump({"rows": PROBE_ROWS, "columns": N_FEATURES}, f)
        f.write("\n")
    print(f"rows.f64 written: {PROBE_ROWS} x {N_FEATURES} float64 ({time.perf_counter() - t0:.1f}s)", flush=True)

    first = X[:CHECK_ROWS]
    expected = pipe.score_samples(first)
    with open(os.path.join(out, "expected_first1000.json"), "w") as f:
        # json writes repr(float): shortest round-trip form, so float64 values survive exactly.
        json.dump({"score_samples": [float(v) for v in expected]}, f)
        f.write("\n")

    onnx_path = os.path.join(out, "pipeline.onnx")
    convert_onnx(pipe, onnx_path)
    report = check_onnx(pipe, onnx_path, first)
    with open(os.path.join(out, "onnx_check.json"), "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    print(f"pipeline.onnx written; outputs {[o['name'] for o in report['outputs']]}; "
          f"score_samples max |diff| vs scikit-learn on {CHECK_ROWS} rows = {report['score_samples_max_abs_diff']:.3g}, "
          f"decision_function ('scores') max |diff| = {report['decision_function_max_abs_diff']:.3g}, "
          f"label mismatches = {report['label_mismatches']} ({time.perf_counter() - t0:.1f}s)", flush=True)
    if report["score_samples_max_abs_diff"] > ONNX_TOLERANCE:
        print(f"error: onnxruntime's score_samples differ from scikit-learn's by more than {ONNX_TOLERANCE}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
