#!/usr/bin/env python3
"""Validates this deployment package: file integrity, model loading, a test inference."""
import hashlib
import json
import os
import sys

import joblib
import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def main():
    print("🔍 Validating model deployment...")
    with open(os.path.join(HERE, "deployment_manifest.json")) as f:
        manifest = json.load(f)
    print("📁 Checking file integrity...")
    ok = True
    for name, expected in manifest.get("file_integrity", {}).items():
        path = os.path.join(HERE, name)
        if not os.path.exists(path):
            print(f"❌ {name}: missing")
            ok = False
        elif sha256(path) != expected:
            print(f"❌ {name}: hash mismatch")
            ok = False
        else:
            print(f"✅ {name}: OK")
    if not ok:
        return 1
    print("🤖 Loading model...")
    model = joblib.load(os.path.join(HERE, "model.joblib"))
    print("✅ Model loaded successfully")
    scaler = None
    if os.path.exists(os.path.join(HERE, "scaler.joblib")):
        scaler = joblib.load(os.path.join(HERE, "scaler.joblib"))
        print("✅ Scaler loaded successfully")
    print("🧪 Testing model inference...")
    names = manifest["training_info"]["feature_names"]
    rng = np.random.RandomState(0)
    base = scaler.mean_ if scaler is not None else np.zeros(len(names))
    spread = scaler.scale_ if scaler is not None else np.ones(len(names))
    X = base + rng.normal(0.0, 1.0, (5, len(names))) * spread
    if scaler is not None:
        X = scaler.transform(pd.DataFrame(X, columns=names))
    predictions = (model.predict(X) == -1).astype(int).tolist()
    scores = -model.score_samples(X)
    if not np.all(np.isfinite(scores)):
        print("❌ Inference produced non-finite scores")
        return 1
    print("✅ Inference test successful")
    print(f"   Sample predictions: {predictions}")
    print(f"   Score range: {scores.min():.3f} to {scores.max():.3f}")
    print("🎉 Model validation completed successfully!")
    return 0


if __name__ == "__main__":
    sys.exit(main())
