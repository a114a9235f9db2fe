"""The committed sample model and logs (python/fixtures/sample_model.py) are what their docs say."""
import csv
import hashlib
import io
import json
import os
import zipfile

import joblib
import numpy as np
import pandas as pd
import pytest

from warden_features import FEATURE_NAMES, extract_file, parse_timestamp

SAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "samples", "wifi-anomaly")
ZIP = os.path.join(SAMPLES, "model_20260105_000000_deployment.zip")
pytestmark = pytest.mark.skipif(not os.path.exists(ZIP), reason="sample package not generated")


@pytest.fixture(scope="module")
def package():
    with zipfile.ZipFile(ZIP) as z:
        files = {name: z.read(name) for name in z.namelist()}
    return files


@pytest.fixture(scope="module")
def scorer(package):
    model = joblib.load(io.BytesIO(package["model.joblib"]))
    scaler = joblib.load(io.BytesIO(package["scaler.joblib"]))

    def predict(rows):
        X = pd.DataFrame(np.asarray(rows, dtype=np.float64), columns=list(FEATURE_NAMES))
        return model.predict(scaler.transform(X))

    return predict


def test_layout_and_integrity(package):
    assert set(package) == {"model.joblib", "scaler.joblib", "metadata.json", "deployment_manifest.json",
                            "validate_model.py", "inference_example.py", "requirements.txt", "README.md",
                            "reference_sample.csv"}
    manifest = json.loads(package["deployment_manifest.json"])
    assert manifest["model_version"] == "20260105_000000"
    assert manifest["files"]["reference_sample"] == "reference_sample.csv"
    assert set(manifest["file_integrity"]) == {"model.joblib", "scaler.joblib", "metadata.json",
                                               "reference_sample.csv"}
    for name, digest in manifest["file_integrity"].items():
        assert hashlib.sha256(package[name]).hexdigest() == digest


def test_metadata_names_the_contract_features_and_their_statistics(package):
    meta = json.loads(package["metadata.json"])
    info = meta["training_info"]
    assert info["feature_names"] == list(FEATURE_NAMES) and info["feature_count"] == 17
    assert info["training_samples"] > 10_000
    assert set(info["feature_statistics"]) == set(FEATURE_NAMES)
    for stats in info["feature_statistics"].values():
        assert set(stats) == {"mean", "std", "min", "max", "p01", "p50", "p99"}
        assert stats["min"] <= stats["p01"] <= stats["p50"] <= stats["p99"] <= stats["max"]
    assert meta["model_info"]["version"] == "20260105_000000"
    assert meta["evaluation_info"]["basic_metrics"]["f1_score"] >= 0.7


def test_reference_sample(package):
    rows = list(csv.reader(io.StringIO(package["reference_sample.csv"].decode())))
    assert rows[0] == list(FEATURE_NAMES)
    assert len(rows) == 1001 and all(len(r) == 17 for r in rows)


def test_request_contract_rows(scorer):
    with open(os.path.join(SAMPLES, "request.json")) as f:
        rows = json.load(f)["features"]
    assert len(rows) == 5 and all(list(r) == list(FEATURE_NAMES) for r in rows)
    assert scorer([[r[n] for n in FEATURE_NAMES] for r in rows]).tolist() == [1, 1, 1, 1, -1]


def test_sample_logs_flag_both_episodes_and_few_normal_windows(scorer):
    path = os.path.join(SAMPLES, "logs.jsonl")
    assert os.path.getsize(path) < 3_000_000
    with open(os.path.join(SAMPLES, "logs-labels.json")) as f:
        labels = json.load(f)
    attacked = {(w["ap"], parse_timestamp(w["window_start"])): w["kind"] for w in labels["windows"]}
    assert sorted(set(attacked.values())) == ["deauth_flood", "rf_jamming"]
    windows, summary = extract_file(path)
    assert summary["malformed"] > 0 and summary["late"] > 0  # the noise is there and is handled
    flagged = scorer([[w.features[n] for n in FEATURE_NAMES] for w in windows]) == -1
    keys = [(w.entity, w.start_us) for w in windows]
    assert all(f for k, f in zip(keys, flagged) if k in attacked)
    normal = [f for k, f in zip(keys, flagged) if k not in attacked]
    assert sum(normal) <= 0.03 * len(normal)
