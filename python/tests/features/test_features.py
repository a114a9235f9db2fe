import math

import pytest

from helpers import ev
from warden_features import FEATURE_NAMES, day_of_week, features, hour_of_day, parse_timestamp

A, B, X, Y = "aa:aa:aa:aa:aa:aa", "bb:bb:bb:bb:bb:bb", "00:00:00:00:00:01", "00:00:00:00:00:02"


def window():
    """Five events from 10:00:00 to 10:04:00 on Monday 2026-01-05, given out of order."""
    return [
        ev(240, id=5, event_type="disassoc", client_mac=A, signal_dbm=-80.0, data_rate_mbps=200.0),
        ev(0, id=1, event_type="data", client_mac=A, bssid=X, ssid="corp", signal_dbm=-60.0, data_rate_mbps=100.0,
           packet_loss=0.1),
        ev(30, id=2, event_type="auth_failure", client_mac=B, bssid=X, ssid="corp", level="warning",
           signal_dbm=-70.0),
        ev(60, id=3, event_type="deauth", client_mac=A, bssid=Y, ssid="guest", level="error"),
        ev(120, id=4, event_type="beacon", bssid=Y, ssid="guest"),
    ]


def test_feature_names_are_the_contracts_17_in_order():
    assert FEATURE_NAMES == (
        "auth_failure_ratio", "deauth_ratio", "beacon_ratio", "unique_mac_count", "unique_ssid_count",
        "mean_signal_strength", "std_signal_strength", "mean_data_rate", "mean_packet_loss", "error_ratio",
        "warning_ratio", "mean_hour_of_day", "mean_day_of_week", "mean_time_between_events", "total_devices",
        "max_device_activity", "mean_device_activity")
    assert list(features(window())) == list(FEATURE_NAMES)


def test_hand_computed_window():
    f = features(window())
    assert f["auth_failure_ratio"] == 0.2
    assert f["deauth_ratio"] == 0.4  # deauth + disassoc
    assert f["beacon_ratio"] == 0.2
    assert f["unique_mac_count"] == 2.0
    assert f["unique_ssid_count"] == 2.0
    assert f["mean_signal_strength"] == -70.0
    assert f["std_signal_strength"] == math.sqrt(200.0 / 3.0)
    assert f["mean_data_rate"] == 150.0
    assert f["mean_packet_loss"] == 0.1
    assert f["error_ratio"] == 0.2
    assert f["warning_ratio"] == 0.2
    assert f["mean_hour_of_day"] == pytest.approx(10.025, rel=1e-15)
    assert f["mean_day_of_week"] == 0.0
    assert f["mean_time_between_events"] == 60.0  # 240 s / 4
    assert f["total_devices"] == 4.0  # A, B, X, Y
    assert f["max_device_activity"] == 3.0  # A
    assert f["mean_device_activity"] == 2.0  # 4 events with a MAC / 2 MACs
    assert all(type(v) is float for v in f.values())


def test_single_event_window():
    f = features([ev(15, signal_dbm=-50.0)])
    assert f["mean_signal_strength"] == -50.0
    assert f["std_signal_strength"] == 0.0  # fewer than 2 values
    assert f["mean_time_between_events"] == 0.0  # n = 1
    assert f["max_device_activity"] == 0.0 and f["mean_device_activity"] == 0.0  # no client_mac
    assert f["mean_data_rate"] == 0.0 and f["mean_packet_loss"] == 0.0  # no values
    assert f["unique_mac_count"] == 0.0 and f["total_devices"] == 0.0 and f["unique_ssid_count"] == 0.0


def test_other_event_types_count_in_n_only():
    f = features([ev(0, event_type="dhcp"), ev(1, event_type="deauth"), ev(2, event_type="Deauth"),
                  ev(3, event_type="other")])
    assert f["deauth_ratio"] == 0.25


def test_hour_of_day_includes_the_microsecond_fraction():
    t = parse_timestamp("2026-01-05T10:30:15.5Z")
    assert hour_of_day(t) == (10.0 + 30.0 / 60.0) + 15.5 / 3600.0
    assert hour_of_day(parse_timestamp("2026-01-05T23:59:59.999999Z")) == (23.0 + 59.0 / 60.0) + 59.999999 / 3600.0
    assert hour_of_day(parse_timestamp("1969-12-31T23:00:00Z")) == 23.0  # floor modulo before the epoch


@pytest.mark.parametrize("day, weekday", [("2026-01-05", 0), ("2026-01-06", 1), ("2026-01-10", 5),
                                          ("2026-01-11", 6), ("1970-01-01", 3), ("1969-12-31", 2)])
def test_weekday_monday_is_zero(day, weekday):
    assert day_of_week(parse_timestamp(day + "T12:00:00Z")) == weekday


def test_mean_day_of_week_across_midnight():
    sunday = parse_timestamp("2026-01-11T23:59:00Z")
    events = [ev(0)._replace(ts=sunday), ev(0)._replace(ts=sunday + 120_000_000, id=2)]  # Sunday, Monday
    assert features(events)["mean_day_of_week"] == 3.0


def test_mean_time_between_events_uses_integer_microseconds():
    f = features([ev(0, t_us=1), ev(0, id=2, t_us=3), ev(1, id=3, t_us=2)])
    assert f["mean_time_between_events"] == (1_000_001 / 1e6) / 2.0


def test_sums_are_plain_left_to_right_over_ts_id_order():
    # in (ts, id) order the signals are 1e16, -1e16, 1.0: a plain sum gives 1.0 (fsum too), but the arrival
    # order 1e16, 1.0, -1e16 would give 0.0 because 1e16 + 1.0 rounds to 1e16.
    events = [ev(0, id=1, signal_dbm=1e16), ev(2, id=3, signal_dbm=1.0), ev(1, id=2, signal_dbm=-1e16)]
    assert features(events)["mean_signal_strength"] == 1.0 / 3.0
    # not compensated: the (ts, id) order 1e16, 1.0, -1e16 gives 0.0 where math.fsum would give 1.0
    events = [ev(0, id=1, signal_dbm=1e16), ev(1, id=2, signal_dbm=1.0), ev(2, id=3, signal_dbm=-1e16)]
    assert features(events)["mean_signal_strength"] == 0.0
    assert math.fsum([1e16, 1.0, -1e16]) == 1.0


def test_equal_timestamps_are_ordered_by_id_then_arrival():
    # same ts: id decides; the sum order 1e16, -1e16, 1.0 (ids 1, 2, 3) gives 1.0
    events = [ev(0, id=3, signal_dbm=1.0), ev(0, id=1, signal_dbm=1e16), ev(0, id=2, signal_dbm=-1e16)]
    assert features(events)["mean_signal_strength"] == 1.0 / 3.0
    # same ts and id: arrival order is kept (stable sort)
    events = [ev(0, id=1, signal_dbm=1e16), ev(0, id=1, signal_dbm=1.0), ev(0, id=1, signal_dbm=-1e16)]
    assert features(events)["mean_signal_strength"] == 0.0


def test_standard_deviation_is_two_pass_population():
    values = [1e9 + 1.0, 1e9 + 2.0, 1e9 + 3.0]
    f = features([ev(i, id=i, signal_dbm=v) for i, v in enumerate(values)])
    m = sum(values) / 3
    assert f["std_signal_strength"] == math.sqrt(sum((v - m) * (v - m) for v in values) / 3)
    assert f["std_signal_strength"] == math.sqrt(2.0 / 3.0)


def test_means_skip_nulls():
    f = features([ev(0, signal_dbm=-50.0, packet_loss=0.5), ev(1, id=2), ev(2, id=3, signal_dbm=-70.0)])
    assert f["mean_signal_strength"] == -60.0
    assert f["mean_packet_loss"] == 0.5


def test_devices_union_client_macs_and_bssids():
    f = features([ev(0, client_mac=A, bssid=A), ev(1, id=2, client_mac=B), ev(2, id=3, bssid=X)])
    assert f["total_devices"] == 3.0
    assert f["unique_mac_count"] == 2.0
    assert f["max_device_activity"] == 1.0


def test_empty_window_is_an_error():
    with pytest.raises(ValueError):
        features([])
