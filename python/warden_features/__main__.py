"""Command line: ``python3 -m warden_features extract --input FILE [--window-seconds S --grace-seconds G
--min-events M] [--format json|csv] [--output OUT]``.

Writes one JSON line per **scored** window, in the order the windows close::

    {"entity": "ap-01", "window_start": "2026-01-05T10:05:00Z", "window_end": "2026-01-05T10:10:00Z",
     "event_count": 42, "features": {"auth_failure_ratio": 0.0, ...}}

Features are in FEATURE_NAMES order, floats printed with Python's shortest round-trip repr.  Malformed records
and late events are counted, never fatal; the last line on stderr is a JSON summary
``{"records", "events", "scored", "skipped", "late", "malformed"}`` (``events`` = events accepted into a window).
Exit status 0, or 2 for bad arguments / an unreadable input file.
"""
from __future__ import annotations

import argparse
import json
import sys

from . import EventReader, WindowExtractor, summary, window_json


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m warden_features",
                                     description="Reference implementation of Warden's WiFi log features.")
    sub = parser.add_subparsers(dest="command", required=True)
    ext = sub.add_parser("extract", help="log file -> one JSON line per scored window")
    ext.add_argument("--input", required=True, help="JSON lines (.jsonl/.json) or CSV (.csv); sniffed otherwise")
    ext.add_argument("--format", choices=("json", "csv"), help="override the detected format")
    ext.add_argument("--window-seconds", type=int, default=300)
    ext.add_argument("--grace-seconds", type=int, default=60)
    ext.add_argument("--min-events", type=int, default=5)
    ext.add_argument("--output", help="write the windows here instead of stdout")
    ext.add_argument("--reasons", action="store_true", help="also print the first malformed reasons on stderr")
    args = parser.parse_args(argv)
    try:
        extractor = WindowExtractor(args.window_seconds, args.grace_seconds, args.min_events)
    except ValueError as e:
        parser.error(str(e))
    reader = EventReader(args.input, args.format)
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        def emit(windows):
            for w in windows:
                if not w.skipped:
                    out.write(json.dumps(window_json(w), ensure_ascii=False) + "\n")

        for event in reader:
            emit(extractor.push(event))
        emit(extractor.finish())
    except OSError as e:
        print(f"warden_features: cannot read {args.input}: {e}", file=sys.stderr)
        return 2
    finally:
        if out is not sys.stdout:
            out.close()
        else:
            out.flush()
    if args.reasons:
        for arrival_id, reason in reader.reasons:
            print(f"malformed record {arrival_id}: {reason}", file=sys.stderr)
    print(json.dumps(summary(reader, extractor)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
