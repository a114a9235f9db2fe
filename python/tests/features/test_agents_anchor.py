"""python/bench/agents_anchor.py agrees with warden_features within 1e-9 on the scored windows."""
import json
import os

import numpy as np
import pytest

import agents_anchor
import wifi_logs
from warden_features import FEATURE_NAMES, extract_file, parse_timestamp

START = parse_timestamp("2026-01-05T06:00:00Z")
H = 3600 * 1_000_000
SAMPLE_ZIP = os.path.join(os.path.dirname(__file__), "..", "..", "..", "samples", "wifi-anomaly",
                          "model_20260105_000000_deployment.zip")


def compare(path, **window):
    reference, summary = extract_file(str(path), **window)
    frame, late, skipped = agents_anchor.window_features(
        agents_anchor.normalize(agents_anchor.read(str(path))), **window)
    assert (late, skipped, len(frame)) == (summary["late"], summary["skipped"], summary["scored"])
    assert sorted((w.entity, w.start_us) for w in reference) == list(frame.index)  # the anchor sorts by (ap, start)
    worst = 0.0
    for w in reference:
        row = frame.loc[(w.entity, w.start_us)]
        assert w.event_count == row["event_count"]
        for name in FEATURE_NAMES:
            a, b = w.features[name], row[name]
            worst = max(worst, abs(a - b) / max(1.0, abs(a)))
    assert worst <= 1e-9
    return reference, frame


def test_clean_logs_with_attacks(tmp_path):
    path = tmp_path / "clean.jsonl"
    wifi_logs.generate(str(path), START, START + 8 * H, 4, 11, "eval", clean=True)
    compare(path)


def test_clean_csv_and_other_window_settings(tmp_path):
    path = tmp_path / "clean.csv"
    wifi_logs.generate(str(path), START, START + 6 * H, 3, 12, "sample", clean=True, csv_mode=True)
    compare(path, window_seconds=60, grace_seconds=10, min_events=3)


def test_late_events_are_dropped_like_the_reference(tmp_path):
    noisy = tmp_path / "noisy.jsonl"
    wifi_logs.generate(str(noisy), START, START + 12 * H, 4, 13, "none")
    kept = tmp_path / "late-only.jsonl"  # keep the late events, drop message-only and malformed records
    lines = []
    for line in noisy.read_text().splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if "ap" in obj and obj.get("ap") and obj.get("signal_dbm") != "n/a" and "NaN" not in line \
                and obj["ts"][10] == "T":
            lines.append(line)
    kept.write_text("\n".join(lines) + "\n")
    _, summary = extract_file(str(kept))
    assert summary["malformed"] == 0 and summary["late"] > 0
    compare(kept)


@pytest.mark.skipif(not os.path.exists(SAMPLE_ZIP), reason="sample package not generated")
def test_main_scores_with_the_sample_package(tmp_path, capsys):
    path = tmp_path / "clean.jsonl"
    wifi_logs.generate(str(path), START, START + 2 * H, 6, 14, "none", clean=True)
    assert agents_anchor.main(["--input", str(path), "--package", SAMPLE_ZIP,
                               "--windows-out", str(tmp_path / "w.jsonl")]) == 0
    out = json.loads(capsys.readouterr().out)
    for key in ("read_s", "features_s", "score_s", "total_s", "events", "windows", "peak_rss_mb"):
        assert key in out
    assert out["windows"] == 2 * 12 * 6
    model, scaler, names = agents_anchor.load_package(SAMPLE_ZIP)
    reference, _ = extract_file(str(path))
    X = np.array([[w.features[n] for n in names] for w in reference])
    import pandas as pd
    expected = model.score_samples(scaler.transform(pd.DataFrame(X, columns=names)))
    got = {(d["entity"], d["window_start_us"]): d["score_samples"]
           for d in map(json.loads, (tmp_path / "w.jsonl").read_text().splitlines())}
    assert np.allclose([got[(w.entity, w.start_us)] for w in reference], expected, rtol=0, atol=1e-12)
