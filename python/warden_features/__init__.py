"""warden_features: the Python reference implementation of Warden's WiFi log contract.

The contract (``/work/shared/docs/wifi-logs.md``, restated in ``docs/FEATURES.md``) defines log events, their
normalisation, tumbling windows per access point with a watermark and grace, and the 17 features per window
that the training service's models are trained on.  Warden's Swift agents implement the same rules for serving;
the two must agree within ``1e-12 * max(1, |x|)``.

Standard library only (``warden_features.frame`` optionally builds pandas frames).

    from warden_features import parse_record, WindowExtractor, features, FEATURE_NAMES

    x = WindowExtractor(window_seconds=300, grace_seconds=60, min_events=5)
    for arrival_id, obj in enumerate(records, 1):
        for w in x.push(parse_record(obj, arrival_id)):      # raises MalformedRecord
            if not w.skipped:
                row = [w.features[name] for name in FEATURE_NAMES]
    for w in x.finish(): ...
"""
from .events import (FIELDS, KEY_VALUE, MESSAGE_FIELDS, Event, MalformedRecord, normalize_level, normalize_mac,
                     parse_key_values, parse_message, parse_record)
from .features import FEATURE_NAMES, day_of_week, features, hour_of_day
from .reader import EventReader, read_records
from .timestamps import format_timestamp, parse_timestamp
from .windows import ClosedWindow, WindowExtractor, extract_windows

__all__ = [
    "FIELDS", "KEY_VALUE", "MESSAGE_FIELDS", "Event", "MalformedRecord", "normalize_level", "normalize_mac",
    "parse_key_values", "parse_message", "parse_record", "FEATURE_NAMES", "day_of_week", "features",
    "hour_of_day", "EventReader", "read_records", "format_timestamp", "parse_timestamp", "ClosedWindow",
    "WindowExtractor", "extract_windows", "window_json", "extract_file",
]


def window_json(window: ClosedWindow) -> dict:
    """The CLI's JSON object of a scored window (key order as printed)."""
    return {
        "entity": window.entity,
        "window_start": format_timestamp(window.start_us),
        "window_end": format_timestamp(window.end_us),
        "event_count": window.event_count,
        "features": {name: window.features[name] for name in FEATURE_NAMES} if window.features else None,
    }


def extract_file(path: str, window_seconds: int = 300, grace_seconds: int = 60, min_events: int = 5,
                 fmt=None, patterns=(KEY_VALUE,)):
    """(scored windows, summary dict) of a log file: what ``python3 -m warden_features extract`` computes."""
    reader = EventReader(path, fmt, patterns)
    x = WindowExtractor(window_seconds, grace_seconds, min_events)
    scored = [w for w in extract_windows(reader, extractor=x) if not w.skipped]
    return scored, summary(reader, x)


def summary(reader: EventReader, x: WindowExtractor) -> dict:
    """The counts the CLI prints on stderr."""
    return {"records": reader.records, "events": x.accepted, "scored": x.scored, "skipped": x.skipped,
            "late": x.late, "malformed": reader.malformed}
