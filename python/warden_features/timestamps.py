"""ISO 8601 timestamps <-> integer microseconds since the Unix epoch (UTC), without ``datetime``.

The contract's timestamp grammar is exactly::

    YYYY-MM-DDTHH:MM:SS[.f]{Z | +HH:MM | -HH:MM}     f = 1 to 6 digits

ASCII digits only, an upper-case ``T`` and ``Z``, no surrounding whitespace.  Fields are range-checked (month
1-12, day within the month of the proleptic Gregorian calendar, hour 0-23, minute 0-59, second 0-59 (no leap
second), offset hours 0-23 and minutes 0-59).  A fraction of fewer than 6 digits is padded on the right
(``.5`` = 500000 µs).  The result is ``local time - offset`` in integer microseconds; every later computation
works on that integer.
"""
from __future__ import annotations

import re

US_PER_SECOND = 1_000_000
US_PER_MINUTE = 60 * US_PER_SECOND
US_PER_HOUR = 60 * US_PER_MINUTE
US_PER_DAY = 24 * US_PER_HOUR

_ISO = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?"
    r"(Z|([+-])([0-9]{2}):([0-9]{2}))"
)
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(z: int) -> tuple[int, int, int]:
    """The inverse of :func:`days_from_civil`: (year, month, day)."""
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return y + (m <= 2), m, d


def parse_timestamp(text: str) -> int | None:
    """Microseconds since the epoch, or None when ``text`` is not a contract timestamp."""
    match = _ISO.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    if not 1 <= month <= 12 or hour > 23 or minute > 59 or second > 59:
        return None
    days_in_month = 29 if month == 2 and is_leap(year) else _DAYS_IN_MONTH[month - 1]
    if not 1 <= day <= days_in_month:
        return None
    fraction = match.group(7)
    micros = int(fraction.ljust(6, "0")) if fraction else 0
    offset_us = 0
    if match.group(8) != "Z":
        off_h, off_m = int(match.group(10)), int(match.group(11))
        if off_h > 23 or off_m > 59:
            return None
        offset_us = off_h * US_PER_HOUR + off_m * US_PER_MINUTE
        if match.group(9) == "-":
            offset_us = -offset_us
    local = (days_from_civil(year, month, day) * US_PER_DAY + hour * US_PER_HOUR + minute * US_PER_MINUTE
             + second * US_PER_SECOND + micros)
    return local - offset_us


def format_timestamp(us: int) -> str:
    """ISO 8601 UTC with ``Z``: whole seconds when whole, else the fraction with trailing zeros removed.

    >>> format_timestamp(1767607500000000)
    '2026-01-05T10:05:00Z'
    >>> format_timestamp(1767607500120000)
    '2026-01-05T10:05:00.12Z'
    """
    days, tod = divmod(us, US_PER_DAY)
    y, m, d = civil_from_days(days)
    hour, rest = divmod(tod, US_PER_HOUR)
    minute, rest = divmod(rest, US_PER_MINUTE)
    second, micros = divmod(rest, US_PER_SECOND)
    text = f"{y:04d}-{m:02d}-{d:02d}T{hour:02d}:{minute:02d}:{second:02d}"
    if micros:
        text += "." + f"{micros:06d}".rstrip("0")
    return text + "Z"
