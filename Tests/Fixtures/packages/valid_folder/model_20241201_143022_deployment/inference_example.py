#!/usr/bin/env python3
"""Production-ready inference for this deployment package."""
import json
import os
from typing import Any, Dict, List

import joblib
import numpy as np
import pandas as pd


class ModelInference:
    """Loads the packaged model (and scaler) and scores feature dictionaries."""

    def __init__(self, model_dir: str = "."):
        self.model_dir = model_dir
        with open(os.path.join(model_dir, "deployment_manifest.json")) as f:
            self.manifest = json.load(f)
        self.model = joblib.load(os.path.join(model_dir, "model.joblib"))
        scaler_path = os.path.join(model_dir, "scaler.joblib")
        self.scaler = joblib.load(scaler_path) if os.path.exists(scaler_path) else None
        self.threshold = float(self.manifest.get("inference_config", {}).get("threshold", 0.5))
        self.feature_names = list(self.manifest["training_info"]["feature_names"])

    def preprocess_features(self, features: List[Dict[str, Any]]) -> np.ndarray:
        """Orders each dictionary's values as in training; missing features default to 0.0."""
        X = np.array([[float(row.get(name, 0.0)) for name in self.feature_names] for row in features])
        if self.scaler is not None:
            X = self.scaler.transform(pd.DataFrame(X, columns=self.feature_names))
        return X

    def predict(self, features: List[Dict[str, Any]]) -> Dict[str, Any]:
        """Scores rows: higher scores are more anomalous; a score above the threshold is an anomaly (1)."""
        X = self.preprocess_features(features)
        scores = -self.model.score_samples(X)
        predictions = (scores > self.threshold).astype(int)
        return {
            "predictions": predictions.tolist(),
            "scores": scores.tolist(),
            "threshold": self.threshold,
            "anomaly_count": int(predictions.sum()),
            "total_samples": len(features),
        }


if __name__ == "__main__":
    inference = ModelInference(os.path.dirname(os.path.abspath(__file__)))
    example = {name: 0.0 for name in inference.feature_names}
    result = inference.predict([example])
    print(f"Anomalies: {result['anomaly_count']}/{result['total_samples']}")
