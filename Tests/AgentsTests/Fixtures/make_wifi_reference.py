#!/usr/bin/env python3
"""Writes the fixture of AgentsTests' agreement test with the Python reference (python/warden_features).

    python3 Tests/AgentsTests/Fixtures/make_wifi_reference.py [--python-dir python]

1. A log from python/fixtures/wifi_logs.py (seed 5, 2 APs, 1.25 h from 2026-01-06T02:40Z, attacks "eval":
   message-only records, spellings, late events, an off-hours episode); then every 23rd line is delivered 35 lines
   later (more late and within-grace events), and edge records are inserted (seed 000's timestamp key, numeric and
   odd levels, ids as text, non-finite and non-numeric measurements, invalid JSON, a non-object, empty strings).
2. Every record as the reference reader yields it, typed so that a Swift reader needs no JSON number guessing:
   ``wifi-records.jsonl``, one ``[arrival_id, slot, ...]`` per line with one slot per key of SLOTS: null when
   absent or null, else a string whose first character is the JSON type (b boolean, i integer, f float as repr,
   s string) followed by the value's text; ``[arrival_id]`` for a line that is not a JSON object.  A message is
   dropped when the record has an ``ap`` (it is then only carried, never read).
3. The reference's results: ``wifi-windows.json`` = ``{"runs": [{"config": [window_s, grace_s, min_events],
   "summary": {...}, "windows": [[entity, start_us, end_us, event_count, [17 floats as repr] | null]]}]}`` for the
   contract defaults (300, 60, 5) and for (120, 30, 12), every closed window (skipped: null) in closing order.
"""
import argparse
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SLOTS = ("id", "ts", "timestamp", "ap", "bssid", "client_mac", "ssid", "event_type", "level", "signal_dbm",
         "data_rate_mbps", "packet_loss", "message")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--python-dir", default=os.path.join(HERE, "..", "..", "..", "python"))
    args = ap.parse_args()
    sys.path.insert(0, args.python_dir)
    sys.path.insert(0, os.path.join(args.python_dir, "fixtures"))
    import wifi_logs
    from warden_features import FEATURE_NAMES, MalformedRecord, WindowExtractor, parse_record
    from warden_features.reader import read_records
    from warden_features.timestamps import parse_timestamp

    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "raw.jsonl")
        start = parse_timestamp("2026-01-06T02:40:00Z")
        wifi_logs.generate(raw, start, start + int(1.25 * 3600) * 1_000_000, n_aps=2, seed=5, attacks="eval")
        with open(raw, encoding="utf-8") as f:
            lines = f.read().splitlines()
        moved = [i for i in range(len(lines)) if i % 23 == 11]
        order = [i for i in range(len(lines)) if i % 23 != 11]
        for i in moved:
            order.insert(min(len(order), order.index(i - 1) + 36 if i - 1 in order else i), i)
        lines = [lines[i] for i in order]
        t = json.loads(lines[400])["ts"]
        edge = [
            {"timestamp": t, "ap": "ap-01", "event_type": "deauth", "level": 3, "client_mac": "AA-BB-CC-00-11-22"},
            {"ts": t, "ap": "ap-01", "event_type": "deauth", "level": 3.0, "signal_dbm": "-71.5"},
            {"ts": t, "ap": "ap-01", "event_type": "Deauth", "level": True, "id": "+77", "ssid": ""},
            {"ts": t, "ap": "ap-01", "event_type": "auth_failure", "level": "04", "packet_loss": "1e-3"},
            {"ts": t, "ap": "ap-02", "event_type": "beacon", "level": "Emergency", "bssid": "AABB.CC00.1199"},
            {"ts": t, "ap": "ap-02", "signal_dbm": float("nan")},
            {"ts": t, "ap": "ap-02", "data_rate_mbps": "1e400"},
            {"ts": t, "ap": "ap-02", "packet_loss": "n/a"},
            {"ts": t, "ap": "ap-02", "id": 1.5},
            {"ts": t.replace("T", " "), "ap": "ap-02"},
            {"ts": t, "message": 'event_type=deauth ap=ap-02 client_mac=aabb.cc00.1133 ssid="Guest WiFi" level=err'},
            {"ts": t, "message": "no fields here"},
            {"ts": t, "ap": "", "event_type": "data"},
            [1, 2, 3],
        ]
        lines[401:401] = [json.dumps(r) for r in edge] + ['{"ts": "cut']

        jsonl = os.path.join(tmp, "log.jsonl")
        with open(jsonl, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")

        def typed(v):
            if v is None:
                return None
            if isinstance(v, bool):
                return "btrue" if v else "bfalse"
            if isinstance(v, int):
                return "i" + str(v)
            if isinstance(v, float):
                return "f" + repr(v)
            return "s" + v

        records = []
        for arrival, obj in read_records(jsonl, "json"):
            if isinstance(obj, dict):
                kept = dict(obj)
                if kept.get("ap") not in (None, ""):
                    kept.pop("message", None)
                records.append([arrival] + [typed(kept.get(k)) for k in SLOTS])
            else:
                records.append([arrival])

        runs = []
        for config in ((300, 60, 5), (120, 30, 12)):
            x = WindowExtractor(*config)
            windows = []
            malformed = 0

            def emit(closed):
                for w in closed:
                    feats = None if w.skipped else [repr(w.features[n]) for n in FEATURE_NAMES]
                    windows.append([w.entity, w.start_us, w.end_us, w.event_count, feats])

            for arrival, obj in read_records(jsonl, "json"):
                try:
                    if isinstance(obj, MalformedRecord):
                        raise obj
                    event = parse_record(obj, arrival)
                except MalformedRecord:
                    malformed += 1
                    continue
                emit(x.push(event))
            emit(x.finish())
            summary = {"records": len(records), "events": x.accepted, "scored": x.scored, "skipped": x.skipped,
                       "late": x.late, "malformed": malformed}
            runs.append({"config": list(config), "summary": summary, "windows": windows})
            print(config, json.dumps(summary))
    with open(os.path.join(HERE, "wifi-records.jsonl"), "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
    with open(os.path.join(HERE, "wifi-windows.json"), "w", encoding="utf-8") as f:
        json.dump({"runs": runs}, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
