"""Optional pandas helper (the rest of the package needs only the standard library).

    from warden_features.frame import windows_frame, extract_frame
    df = extract_frame("logs.jsonl")            # one row per scored window
    X = df[list(FEATURE_NAMES)]                 # the training matrix, columns in contract order
"""
from __future__ import annotations

from typing import Iterable

from . import extract_file
from .features import FEATURE_NAMES
from .windows import ClosedWindow


def windows_frame(windows: Iterable[ClosedWindow]):
    """A DataFrame of scored windows: entity, window_start_us, window_end_us, event_count, then the 17 features."""
    import pandas as pd

    rows = [(w.entity, w.start_us, w.end_us, w.event_count, *(w.features[name] for name in FEATURE_NAMES))
            for w in windows if not w.skipped]
    columns = ["entity", "window_start_us", "window_end_us", "event_count", *FEATURE_NAMES]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({name: "float64" for name in FEATURE_NAMES})


def extract_frame(path: str, window_seconds: int = 300, grace_seconds: int = 60, min_events: int = 5):
    """``windows_frame`` of a log file; the extraction summary is in ``frame.attrs["summary"]``."""
    scored, counts = extract_file(path, window_seconds, grace_seconds, min_events)
    frame = windows_frame(scored)
    frame.attrs["summary"] = counts
    return frame
