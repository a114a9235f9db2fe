import csv
import json
import os
import subprocess
import sys

import pytest

from conftest import PYTHON
from warden_features import FEATURE_NAMES, read_records

LINES = [
    {"id": 1, "ts": "2026-01-05T10:00:01Z", "ap": "ap-01", "client_mac": "AA:BB:CC:00:11:22", "event_type": "data",
     "level": "INFO", "signal_dbm": -60},
    {"id": 2, "ts": "2026-01-05T10:00:02.5Z", "ap": "ap-01", "client_mac": "aabb.cc00.1122", "event_type": "deauth",
     "level": 4, "signal_dbm": -62},
    {"ts": "2026-01-05T10:00:03Z", "message": 'event_type=auth_failure ap=ap-01 client_mac=aa-bb-cc-00-11-33 '
                                              'ssid="Guest WiFi" level=err'},
    {"id": 4, "ts": "2026-01-05T11:00:04+01:00", "ap": "ap-01", "bssid": "00:11:22:33:44:55",
     "event_type": "beacon", "ssid": "corp"},
    {"id": 5, "ts": "2026-01-05T10:00:05Z", "ap": "ap-01", "event_type": "data", "signal_dbm": "n/a"},
    {"id": 6, "ts": "2026-01-05T10:04:59.999999Z", "ap": "ap-01", "event_type": "probe", "data_rate_mbps": "54"},
    {"id": 7, "ts": "2026-01-05T10:06:01Z", "ap": "ap-02", "event_type": "probe"},
    {"id": 8, "ts": "2026-01-05T10:03:00Z", "ap": "ap-02", "event_type": "probe"},  # late: closed at 10:06:00
]


def run(*args):
    env = dict(os.environ, PYTHONPATH=PYTHON)
    p = subprocess.run([sys.executable, "-m", "warden_features", *args], capture_output=True, text=True, env=env)
    assert p.returncode == 0, p.stderr
    return [json.loads(line) for line in p.stdout.splitlines()], json.loads(p.stderr.strip().splitlines()[-1])


@pytest.fixture
def jsonl(tmp_path):
    path = tmp_path / "logs.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in LINES) + "\n\nnot json\n")
    return path


def test_extract_prints_scored_windows_and_a_summary(jsonl):
    windows, summary = run("extract", "--input", str(jsonl), "--min-events", "1")
    assert summary == {"records": 9, "events": 6, "scored": 2, "skipped": 0, "late": 1, "malformed": 2}
    first = windows[0]
    assert list(first) == ["entity", "window_start", "window_end", "event_count", "features"]
    assert (first["entity"], first["window_start"], first["window_end"], first["event_count"]) == (
        "ap-01", "2026-01-05T10:00:00Z", "2026-01-05T10:05:00Z", 5)
    assert list(first["features"]) == list(FEATURE_NAMES)
    f = first["features"]
    assert (f["auth_failure_ratio"], f["deauth_ratio"], f["beacon_ratio"], f["unique_mac_count"]) == (
        0.2, 0.2, 0.2, 2.0)
    assert (f["error_ratio"], f["warning_ratio"], f["unique_ssid_count"], f["mean_data_rate"]) == (
        0.2, 0.2, 2.0, 54.0)
    assert windows[1]["entity"] == "ap-02" and windows[1]["event_count"] == 1


def test_default_min_events_skips_small_windows(jsonl):
    windows, summary = run("extract", "--input", str(jsonl))
    assert [(w["entity"], w["event_count"]) for w in windows] == [("ap-01", 5)]
    assert (summary["scored"], summary["skipped"]) == (1, 1)


def test_floats_are_printed_with_shortest_round_trip_repr(jsonl):
    p = subprocess.run([sys.executable, "-m", "warden_features", "extract", "--input", str(jsonl)],
                       capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=PYTHON))
    assert '"mean_hour_of_day": 10.017249999944443' in p.stdout


def test_csv_input_gives_the_same_windows(tmp_path, jsonl):
    path = tmp_path / "logs.csv"
    fields = ["id", "ts", "timestamp", "ap", "bssid", "client_mac", "ssid", "event_type", "level", "signal_dbm",
              "data_rate_mbps", "packet_loss", "message"]
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fields)
        w.writeheader()
        for x in LINES:
            w.writerow({k: ("" if v is None else v) for k, v in x.items()})
        f.write("1,2,3\n")  # a short row: malformed
    windows_csv, summary_csv = run("extract", "--input", str(path), "--min-events", "1")
    windows_json, summary_json = run("extract", "--input", str(jsonl), "--min-events", "1")
    assert windows_csv == windows_json
    assert summary_csv == summary_json


def test_format_is_sniffed_without_an_extension(tmp_path, jsonl):
    path = tmp_path / "logs"
    path.write_bytes(jsonl.read_bytes())
    assert run("extract", "--input", str(path), "--min-events", "1")[1]["events"] == 6


def test_window_and_grace_options(jsonl):
    windows, summary = run("extract", "--input", str(jsonl), "--window-seconds", "60", "--grace-seconds", "0",
                           "--min-events", "1")
    assert windows[0]["window_end"] == "2026-01-05T10:01:00Z"
    assert summary["late"] == 1


def test_arrival_ids_are_line_numbers_for_json_lines_and_row_numbers_for_csv(tmp_path):
    j = tmp_path / "a.jsonl"
    j.write_text('{"a":1}\n\n{"b":2}\n')
    assert [i for i, _ in read_records(str(j))] == [1, 3]
    c = tmp_path / "a.csv"
    c.write_text("ts,ap\nx,y\n\nz,w\n")
    assert [i for i, _ in read_records(str(c))] == [1, 3]


def test_a_json_array_file(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(LINES))
    windows, summary = run("extract", "--input", str(path), "--min-events", "1")
    assert summary["records"] == 8 and summary["malformed"] == 1


def test_bad_arguments_exit_2(jsonl):
    p = subprocess.run([sys.executable, "-m", "warden_features", "extract", "--input", str(jsonl),
                        "--window-seconds", "0"], capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=PYTHON))
    assert p.returncode == 2
