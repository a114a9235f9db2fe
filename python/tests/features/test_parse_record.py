import re

import pytest

from warden_features import (MalformedRecord, normalize_level, normalize_mac, parse_key_values, parse_message,
                             parse_record, parse_timestamp)

TS = "2026-01-05T10:00:00Z"


def rec(**fields):
    base = {"ts": TS, "ap": "ap-01", "event_type": "data"}
    base.update(fields)
    return base


# --------------------------------------------------------------------------- MACs

@pytest.mark.parametrize("text", ["AA:BB:CC:00:11:22", "aa:bb:cc:00:11:22", "aa-bb-cc-00-11-22",
                                  "AA-BB-CC-00-11-22", "aabb.cc00.1122", "AABB.CC00.1122", "Aa:bB:cc:00:11:22"])
def test_mac_spellings_normalise_to_lower_case_with_colons(text):
    assert normalize_mac(text) == "aa:bb:cc:00:11:22"
    e = parse_record(rec(client_mac=text, bssid=text), 1)
    assert e.client_mac == e.bssid == "aa:bb:cc:00:11:22"


@pytest.mark.parametrize("text", ["AA:BB-CC:00:11:22", "aabbcc001122", "AA:BB:CC:00:11", "aabb.cc00.112",
                                  "station-7", " aa:bb:cc:00:11:22"])
def test_other_mac_text_makes_the_record_malformed(text):
    assert normalize_mac(text) == text
    for field in ("client_mac", "bssid"):
        with pytest.raises(MalformedRecord, match=field):
            parse_record(rec(**{field: text}), 1)


# --------------------------------------------------------------------------- levels

@pytest.mark.parametrize("value", ["emerg", "EMERGENCY", "alert", "Crit", "critical", "err", "ERROR", "panic",
                                   "fatal", 0, 1, 2, 3, "0", "3"])
def test_error_levels(value):
    assert normalize_level(value) == "error"


@pytest.mark.parametrize("value", ["warn", "WARNING", "Warn", 4, "4"])
def test_warning_levels(value):
    assert normalize_level(value) == "warning"


@pytest.mark.parametrize("value", ["notice", "info", "INFO", "informational", "debug", 5, 6, 7, "7", 8, -1, "9",
                                   "verbose", None, True, 3.0, " error", "error "])
def test_everything_else_is_info(value):
    assert normalize_level(value) == "info"


def test_missing_level_is_info():
    assert parse_record(rec(), 1).level == "info"
    assert parse_record(rec(level=""), 1).level == "info"


# --------------------------------------------------------------------------- nulls, text, ids

def test_empty_strings_are_null():
    e = parse_record(rec(ssid="", client_mac="", bssid="", signal_dbm="", data_rate_mbps="", packet_loss="",
                         message="", id=""), 7)
    assert (e.ssid, e.client_mac, e.bssid, e.signal_dbm, e.data_rate_mbps, e.packet_loss, e.message) == (None,) * 7
    assert e.id == 7


def test_missing_or_empty_event_type_is_other():
    assert parse_record({"ts": TS, "ap": "ap-01"}, 1).event_type == "other"
    assert parse_record(rec(event_type=""), 1).event_type == "other"


def test_event_types_ssids_and_aps_are_kept_exactly():
    e = parse_record(rec(event_type="Deauth", ssid="Corp ", ap="AP-01"), 1)
    assert (e.event_type, e.ssid, e.ap) == ("Deauth", "Corp ", "AP-01")


@pytest.mark.parametrize("record", [{"ts": TS, "event_type": "data"}, rec(ap=""), rec(ap=None)])
def test_a_record_without_ap_is_malformed(record):
    with pytest.raises(MalformedRecord, match="missing ap"):
        parse_record(record, 1)


@pytest.mark.parametrize("field", ["ap", "ssid", "client_mac", "bssid", "event_type", "message"])
def test_text_fields_must_be_strings(field):
    with pytest.raises(MalformedRecord, match=field):
        parse_record(rec(**{field: 12}), 1)


@pytest.mark.parametrize("value, expected", [(42, 42), ("42", 42), ("-3", -3), (None, 9), ("", 9)])
def test_id_is_the_records_own_integer_else_the_arrival_id(value, expected):
    assert parse_record(rec(id=value), 9).id == expected


@pytest.mark.parametrize("value", [1.5, "x", True, "4.0", 2 ** 63])
def test_other_ids_are_malformed(value):
    with pytest.raises(MalformedRecord, match="id"):
        parse_record(rec(id=value), 1)


def test_not_an_object_is_malformed():
    for value in ([1, 2], "text", 3, None):
        with pytest.raises(MalformedRecord):
            parse_record(value, 1)


# --------------------------------------------------------------------------- timestamps

def test_ts_becomes_integer_microseconds():
    assert parse_record(rec(ts="2026-01-05T11:00:00.25+01:00"), 1).ts == parse_timestamp(TS) + 250_000


def test_seed_000_timestamp_key_is_accepted_and_ts_wins_over_it():
    assert parse_record({"timestamp": TS, "ap": "a"}, 1).ts == parse_timestamp(TS)
    both = parse_record({"ts": TS, "timestamp": "2020-01-01T00:00:00Z", "ap": "a"}, 1)
    assert both.ts == parse_timestamp(TS)


@pytest.mark.parametrize("record, reason", [
    ({"ap": "a"}, "missing ts"),
    (rec(ts=""), "missing ts"),
    (rec(ts="2026-01-05 10:00:00Z"), "ts is not an ISO 8601"),
    (rec(ts=1767607200), "ts is not an ISO 8601"),
    ({"timestamp": "yesterday", "ap": "a"}, "timestamp is not an ISO 8601"),
])
def test_bad_timestamps_are_malformed(record, reason):
    with pytest.raises(MalformedRecord, match=reason):
        parse_record(record, 1)


# --------------------------------------------------------------------------- numbers

@pytest.mark.parametrize("value, expected", [(-61, -61.0), (-61.5, -61.5), ("-61.5", -61.5), ("1e2", 100.0),
                                             (".5", 0.5), ("5.", 5.0), ("+3", 3.0), ("-0", -0.0)])
def test_numeric_fields_accept_json_numbers_and_decimal_strings(value, expected):
    assert parse_record(rec(signal_dbm=value), 1).signal_dbm == expected


@pytest.mark.parametrize("field", ["signal_dbm", "data_rate_mbps", "packet_loss"])
@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), "NaN", "inf", "Infinity", "n/a",
                                   " 1", "1 ", "1_000", "0x10", "1e999", True, [1], {"v": 1}, 10 ** 400])
def test_non_finite_or_non_numeric_values_are_malformed_naming_the_field(field, value):
    with pytest.raises(MalformedRecord, match=re.escape(field)):
        parse_record(rec(**{field: value}), 1)


# --------------------------------------------------------------------------- message-only records

def test_key_value_pairs_plain_and_quoted_with_escapes():
    text = r'event_type=deauth ap=ap-12 ssid="Guest \"x\" \\ WiFi" client_mac=AA:BB:CC:00:11:22 level=warning'
    assert parse_key_values(text) == {"event_type": "deauth", "ap": "ap-12", "ssid": 'Guest "x" \\ WiFi',
                                      "client_mac": "AA:BB:CC:00:11:22", "level": "warning"}


def test_key_value_ignores_unknown_keys_ts_id_and_pairs_inside_tokens():
    text = "ts=2020-01-01T00:00:00Z id=99 AP=x reason=7 url=http://h/?ap=evil ap=ap-1 foo"
    assert parse_key_values(text) == {"ap": "ap-1"}


def test_key_value_last_pair_wins_and_empty_value_is_null():
    assert parse_key_values("ap=a ap=b ssid=") == {"ap": "b", "ssid": ""}
    e = parse_record({"ts": TS, "message": "ap=a ssid= event_type=probe"}, 3)
    assert e.ssid is None


def test_message_only_record_is_parsed_from_its_message():
    text = ('ts=2020-01-01T00:00:00Z id=5 event_type=deauth ap=ap-12 client_mac=AA:BB:CC:00:11:22 ssid=corp '
            'signal_dbm=-71 level=warning data_rate_mbps=54 packet_loss=0.25 bssid=0011.2233.4455 extra=1')
    e = parse_record({"ts": TS, "message": text}, 17)
    assert e.ts == parse_timestamp(TS)  # the record's own ts wins over ts= in the text
    assert e.id == 17  # the arrival id, never id= from the text
    assert (e.ap, e.event_type, e.client_mac, e.ssid, e.level) == ("ap-12", "deauth", "aa:bb:cc:00:11:22", "corp",
                                                                   "warning")
    assert (e.signal_dbm, e.data_rate_mbps, e.packet_loss) == (-71.0, 54.0, 0.25)
    assert e.bssid == "00:11:22:33:44:55"
    assert e.message == text


def test_message_only_with_seed_000_timestamp_key():
    e = parse_record({"timestamp": TS, "message": "ap=ap-3 event_type=beacon"}, 1)
    assert (e.ap, e.event_type, e.ts) == ("ap-3", "beacon", parse_timestamp(TS))


def test_message_only_without_ap_is_malformed_and_without_event_type_is_other():
    with pytest.raises(MalformedRecord, match="missing ap"):
        parse_record({"ts": TS, "message": "event_type=deauth client_mac=aa:bb:cc:00:11:22"}, 1)
    assert parse_record({"ts": TS, "message": "ap=ap-1 signal_dbm=-50"}, 1).event_type == "other"


def test_message_only_bad_number_is_malformed_naming_the_field():
    with pytest.raises(MalformedRecord, match="signal_dbm"):
        parse_record({"ts": TS, "message": "ap=ap-1 signal_dbm=weak"}, 1)


def test_fields_the_record_sets_win_over_the_message():
    e = parse_record({"ts": TS, "ssid": "own", "message": "ap=ap-1 ssid=from-text event_type=probe"}, 1)
    assert e.ssid == "own"


def test_a_record_with_ap_or_event_type_is_not_parsed_from_its_message():
    e = parse_record({"ts": TS, "ap": "ap-1", "message": "event_type=deauth ssid=x"}, 1)
    assert (e.event_type, e.ssid) == ("other", None)
    with pytest.raises(MalformedRecord, match="missing ap"):
        parse_record({"ts": TS, "event_type": "data", "message": "ap=ap-1"}, 1)


def test_configurable_patterns_regex_and_callable():
    syslog = re.compile(r"(?P<ap>ap-\d+): (?P<event_type>\w+) from (?P<client_mac>[0-9a-fA-F:]{17})")
    e = parse_record({"ts": TS, "message": "ap-7: deauth from AA:BB:CC:00:11:22"}, 1, patterns=[syslog])
    assert (e.ap, e.event_type, e.client_mac) == ("ap-7", "deauth", "aa:bb:cc:00:11:22")
    assert parse_message("ap=x", [lambda text: None, "key=value"]) == {"ap": "x"}


# --------------------------------------------------------------------------- CSV rows

def test_csv_row_dicts_of_strings():
    row = {"id": "12", "ts": TS, "ap": "ap-01", "bssid": "", "client_mac": "aa-bb-cc-00-11-22", "ssid": "corp",
           "event_type": "data", "level": "6", "signal_dbm": "-60", "data_rate_mbps": "144.4",
           "packet_loss": "0.01", "message": "x", "unknown": "ignored"}
    e = parse_record(row, 3)
    assert (e.id, e.bssid, e.client_mac, e.level, e.signal_dbm, e.data_rate_mbps, e.packet_loss) == (
        12, None, "aa:bb:cc:00:11:22", "info", -60.0, 144.4, 0.01)
