"""The 17 features of one window, exactly as the contract's table defines them.

Numerics (what an implementation in another language must copy to agree within 1e-12):

* The window's events are sorted by (``ts``, ``id``) with a stable sort (equal keys keep arrival order); every
  sum below runs left to right over that order in float64: ``s = 0.0; s += x`` — no compensated (``math.fsum``)
  or pairwise (numpy) summation, no fused multiply-add.
* Ratios are ``float(count) / float(n)``; counts are returned as floats.
* Means of a nullable field are ``s / k`` over its ``k`` non-null values, 0.0 when ``k == 0``.
* ``std_signal_strength`` is two-pass: ``m = s / k``, then ``q += (x - m) * (x - m)`` and ``sqrt(q / k)``;
  0.0 when ``k < 2``.
* ``mean_hour_of_day``: with ``t`` the event's integer µs and ``tod = t mod 86_400_000_000`` (floor modulo),
  ``h = tod // 3_600_000_000``, ``m = (tod // 60_000_000) mod 60``, ``s = (tod mod 60_000_000) / 1e6``, the
  value is ``(float(h) + float(m) / 60.0) + s / 3600.0``; the mean is the left-to-right sum over n.
* ``mean_day_of_week``: ``(floor(t / 86_400_000_000) + 3) mod 7`` (1970-01-01 was a Thursday, Monday = 0),
  summed as floats over n.
* ``mean_time_between_events``: ``(float(max ts - min ts) / 1e6) / float(n - 1)``, the difference taken in
  integer µs; 0.0 when n = 1.
"""
from __future__ import annotations

import math
from typing import Iterable, Sequence

from .events import Event
from .timestamps import US_PER_DAY, US_PER_HOUR, US_PER_MINUTE

FEATURE_NAMES = (
    "auth_failure_ratio",
    "deauth_ratio",
    "beacon_ratio",
    "unique_mac_count",
    "unique_ssid_count",
    "mean_signal_strength",
    "std_signal_strength",
    "mean_data_rate",
    "mean_packet_loss",
    "error_ratio",
    "warning_ratio",
    "mean_hour_of_day",
    "mean_day_of_week",
    "mean_time_between_events",
    "total_devices",
    "max_device_activity",
    "mean_device_activity",
)


def hour_of_day(ts: int) -> float:
    """The UTC hour of ``ts`` (µs) as a fraction: ``h + m/60 + s/3600``, s with its µs fraction."""
    tod = ts % US_PER_DAY
    return (float(tod // US_PER_HOUR) + float((tod // US_PER_MINUTE) % 60) / 60.0) + (tod % US_PER_MINUTE) / 1e6 / 3600.0


def day_of_week(ts: int) -> int:
    """The UTC weekday of ``ts`` (µs), Monday = 0 … Sunday = 6."""
    return (ts // US_PER_DAY + 3) % 7


def _mean(values: Sequence[float]) -> float:
    if not values:
        return 0.0
    s = 0.0
    for x in values:
        s += x
    return s / len(values)


def _std(values: Sequence[float]) -> float:
    k = len(values)
    if k < 2:
        return 0.0
    s = 0.0
    for x in values:
        s += x
    m = s / k
    q = 0.0
    for x in values:
        d = x - m
        q += d * d
    return math.sqrt(q / k)


def features(events: Iterable[Event]) -> dict[str, float]:
    """The 17 features (FEATURE_NAMES order) of one window's events; at least one event is needed."""
    ordered = sorted(events, key=lambda e: (e.ts, e.id))
    n = len(ordered)
    if n == 0:
        raise ValueError("a window needs at least one event")
    auth_failures = deauths = beacons = errors = warnings = 0
    macs: dict[str, int] = {}
    ssids: set[str] = set()
    devices: set[str] = set()
    signals: list[float] = []
    rates: list[float] = []
    losses: list[float] = []
    hours = 0.0
    weekdays = 0.0
    with_mac = 0
    for e in ordered:
        kind = e.event_type
        if kind == "auth_failure":
            auth_failures += 1
        elif kind == "deauth" or kind == "disassoc":
            deauths += 1
        elif kind == "beacon":
            beacons += 1
        if e.level == "error":
            errors += 1
        elif e.level == "warning":
            warnings += 1
        if e.client_mac is not None:
            macs[e.client_mac] = macs.get(e.client_mac, 0) + 1
            devices.add(e.client_mac)
            with_mac += 1
        if e.bssid is not None:
            devices.add(e.bssid)
        if e.ssid is not None:
            ssids.add(e.ssid)
        if e.signal_dbm is not None:
            signals.append(e.signal_dbm)
        if e.data_rate_mbps is not None:
            rates.append(e.data_rate_mbps)
        if e.packet_loss is not None:
            losses.append(e.packet_loss)
        hours += hour_of_day(e.ts)
        weekdays += float(day_of_week(e.ts))
    fn = float(n)
    unique_macs = len(macs)
    span = ordered[-1].ts - ordered[0].ts
    return {
        "auth_failure_ratio": auth_failures / fn,
        "deauth_ratio": deauths / fn,
        "beacon_ratio": beacons / fn,
        "unique_mac_count": float(unique_macs),
        "unique_ssid_count": float(len(ssids)),
        "mean_signal_strength": _mean(signals),
        "std_signal_strength": _std(signals),
        "mean_data_rate": _mean(rates),
        "mean_packet_loss": _mean(losses),
        "error_ratio": errors / fn,
        "warning_ratio": warnings / fn,
        "mean_hour_of_day": hours / fn,
        "mean_day_of_week": weekdays / fn,
        "mean_time_between_events": (span / 1e6) / float(n - 1) if n > 1 else 0.0,
        "total_devices": float(len(devices)),
        "max_device_activity": float(max(macs.values())) if macs else 0.0,
        "mean_device_activity": with_mac / float(unique_macs) if unique_macs else 0.0,
    }
