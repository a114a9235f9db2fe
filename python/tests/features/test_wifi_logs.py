"""The log generator (python/fixtures/wifi_logs.py): deterministic, readable by the reference, labelled."""
import hashlib
import json

import pytest

import wifi_logs
from warden_features import extract_file, parse_timestamp

START = parse_timestamp("2026-01-05T00:00:00Z")
H = 3600 * 1_000_000


def gen(tmp_path, name, hours=6, aps=3, seed=5, attacks="none", **kw):
    path = tmp_path / name
    labels = tmp_path / (name + ".labels.json")
    summary = wifi_logs.generate(str(path), START, START + hours * H, aps, seed, attacks,
                                 labels_path=str(labels), **kw)
    return path, json.loads(labels.read_text()), summary


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_arguments_same_bytes(tmp_path):
    a, la, _ = gen(tmp_path, "a.jsonl", attacks="sample")
    b, lb, _ = gen(tmp_path, "b.jsonl", attacks="sample")
    assert digest(a) == digest(b) and la == lb
    c, _, _ = gen(tmp_path, "c.jsonl", seed=6)
    assert digest(a) != digest(c)


def test_json_lines_and_csv_give_the_same_windows(tmp_path):
    j, _, _ = gen(tmp_path, "x.jsonl", attacks="sample")
    c, _, _ = gen(tmp_path, "x.csv", attacks="sample", csv_mode=True)
    wj, sj = extract_file(str(j))
    wc, sc = extract_file(str(c))
    assert sj == sc
    assert [(w.entity, w.start_us, w.features) for w in wj] == [(w.entity, w.start_us, w.features) for w in wc]


def test_noise_is_counted_and_clean_output_has_none(tmp_path):
    noisy, _, gs = gen(tmp_path, "noisy.jsonl", hours=24)
    _, s = extract_file(str(noisy))
    assert gs["malformed"] > 0 and gs["message_only"] > 0 and gs["delayed"] > 0
    assert s["malformed"] == gs["malformed"]  # every message-only record parses, every bad one is caught
    assert s["records"] == gs["lines"]
    assert s["late"] > 0
    clean, _, cs = gen(tmp_path, "clean.jsonl", hours=24, clean=True)
    _, s = extract_file(str(clean))
    assert (cs["malformed"], cs["message_only"], cs["delayed"]) == (0, 0, 0)
    assert (s["malformed"], s["late"]) == (0, 0)
    lines = clean.read_text().splitlines()
    assert all(json.loads(line)["id"] == i for i, line in enumerate(lines, 1))


def test_message_only_records_carry_the_event_and_a_ts_that_is_ignored(tmp_path):
    path, _, _ = gen(tmp_path, "m.jsonl", hours=24)
    found = 0
    for line in path.read_text().splitlines():
        obj = json.loads(line) if line.startswith("{") and line.endswith("}") else None
        if obj and "message" in obj and "ap" not in obj:
            found += 1
            assert set(obj) in ({"ts", "message"}, {"timestamp", "message"})
            assert "ap=ap-" in obj["message"] and "event_type=" in obj["message"]
    assert found > 10


def test_spellings_are_mixed(tmp_path):
    text = gen(tmp_path, "s.jsonl", hours=12)[0].read_text()
    for needle in ('"level":4', '"level":"WARNING"', '"level":"informational"', "+01:00\"", "-05:00\"",
                   '"client_mac":"', "."):
        assert needle in text
    assert any(len(m) == 14 and m[4] == "." for m in (t.split('"')[0] for t in text.split('"client_mac":"')[1:]))


def test_normal_events_do_not_depend_on_attacks(tmp_path):
    quiet, _, _ = gen(tmp_path, "quiet.jsonl", hours=12, clean=True)
    loud, labels, _ = gen(tmp_path, "loud.jsonl", hours=12, clean=True, attacks="sample")
    attacked = {(w["ap"], parse_timestamp(w["window_start"])) for w in labels["windows"]}
    q = {(w.entity, w.start_us): w.features for w in extract_file(str(quiet))[0]}
    lw = {(w.entity, w.start_us): w.features for w in extract_file(str(loud))[0]}
    assert attacked and attacked <= set(lw)
    assert all(q[k] == lw[k] for k in q if k not in attacked)
    assert all(q[k] != lw[k] for k in attacked)


@pytest.mark.parametrize("mode", ["sample", "eval"])
def test_labels_name_whole_windows_of_every_type(tmp_path, mode):
    path, labels, _ = gen(tmp_path, f"{mode}.jsonl", hours=24, aps=3, attacks=mode, clean=True)
    assert set(labels) == {"windows", "episodes"}
    assert {w["kind"] for w in labels["windows"]} == set(wifi_logs.KINDS)
    for w in labels["windows"]:
        assert set(w) == {"ap", "window_start", "kind"}
        assert parse_timestamp(w["window_start"]) % (300 * 1_000_000) == 0
    starts = [(parse_timestamp(w["window_start"]), w["ap"]) for w in labels["windows"]]
    assert starts == sorted(starts)
    scored = {(w.entity, w.start_us) for w in extract_file(str(path))[0]}
    assert {(ap, t) for t, ap in starts} <= scored
    if mode == "eval":
        assert {e["strength"] for e in labels["episodes"]} == {"obvious", "subtle"}
        assert 0.04 < len(labels["windows"]) / len(scored) < 0.15
    for e in labels["episodes"]:
        if e["kind"] == "off_hours_activity":
            assert 1 <= int(e["start"][11:13]) < 5


def test_max_events_stops_exactly(tmp_path):
    path, _, s = gen(tmp_path, "m.jsonl", hours=48, clean=True, max_events=5000)
    assert len(path.read_text().splitlines()) == 5000 == s["events"]


def test_cli(tmp_path):
    out, labels = tmp_path / "cli.csv", tmp_path / "labels.json"
    assert wifi_logs.main(["--start", "2026-01-05T00:00:00Z", "--hours", "2", "--aps", "2", "--seed", "1",
                           "--attacks", "sample", "--out", str(out), "--csv", "--labels", str(labels)]) == 0
    assert out.read_text().startswith("id,ts,ap,bssid,client_mac,ssid,event_type,level,signal_dbm,")
    assert json.loads(labels.read_text())["windows"]
