"""One log event: parsing and normalising a record (a JSON object or a CSV row) as the contract says.

``parse_record(obj, arrival_id)`` returns an :class:`Event` or raises :class:`MalformedRecord` whose ``reason``
names the field at fault.  The rules, in the order they are applied:

1. ``obj`` must be a mapping (a JSON object or a CSV row as a dict of strings).  Keys other than the contract's
   fields are ignored.  Values are taken as they are: no whitespace is trimmed anywhere.
2. **Empty strings are null**, for every field.
3. **ts**: the ``ts`` key; when it is absent or null, seed 000's ``timestamp`` key.  It must be a string in the
   contract's grammar (:mod:`warden_features.timestamps`) and becomes integer microseconds since the epoch.  A
   missing or unreadable timestamp makes the record malformed.
4. **Message-only records**: when both ``ap`` and ``event_type`` are null and ``message`` is a string, the fields
   are read from the message with the message patterns (default: :data:`KEY_VALUE`, see
   :func:`parse_message`).  A field the record itself sets (non-null) wins over the message's value; ``ts`` and
   ``id`` are never read from the message.
5. **ap** must be a non-null string, else the record is malformed (``missing ap``).  APs and SSIDs compare
   exactly (case-sensitive).
6. **event_type**: a string, kept as it is (case-sensitive); null becomes ``other``.
7. **level** (case-insensitive): ``emerg emergency alert crit critical err error panic fatal`` and the numeric
   syslog severities 0-3 -> ``error``; ``warn warning`` and 4 -> ``warning``; everything else (``notice``,
   ``info``, ``informational``, ``debug``, 5-7, other numbers, unknown words, other JSON types, null) -> ``info``.
   A numeric severity is a JSON integer or a string of ASCII digits.
8. **MACs** (``client_mac``, ``bssid``): ``AA:BB:CC:00:11:22``, ``aa-bb-cc-00-11-22`` (one separator kind
   throughout) and Cisco's ``aabb.cc00.1122`` (any case) become ``aa:bb:cc:00:11:22``.  Any other non-null string
   makes the record malformed, the reason naming the field (a MAC field that holds no MAC cannot be counted as a
   device; Warden's Swift implementation keeps MACs as 48-bit numbers and refuses the same records).
9. **signal_dbm, data_rate_mbps, packet_loss**: a JSON number (not a boolean) or a decimal string
   (``[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?``, no spaces, no ``nan``/``inf`` words) read as float64;
   a non-finite value (NaN, ±inf, or a literal that overflows) or anything else makes the record malformed, the
   reason naming the field.  No range check.
10. **Text fields** (``ap``, ``bssid``, ``client_mac``, ``ssid``, ``event_type``, ``message``) must be strings
    when not null; another JSON type makes the record malformed.
11. **id**: the record's own integer ``id`` (a JSON integer, not a boolean, or a string of ASCII digits with an
    optional sign) within the signed 64-bit range; when absent or null, ``arrival_id`` (the 1-based line number
    of a JSON-lines file, the 1-based data-row number of a CSV file, the ingestion sequence over HTTP).  Any
    other ``id`` value makes the record malformed.
"""
from __future__ import annotations

import math
import re
from typing import Any, Callable, Iterable, Mapping, NamedTuple, Optional, Pattern, Union

from .timestamps import parse_timestamp

FIELDS = ("id", "ts", "ap", "bssid", "client_mac", "ssid", "event_type", "level", "signal_dbm",
          "data_rate_mbps", "packet_loss", "message")
#: The fields a message may set (``ts`` and ``id`` in a message's text are ignored).
MESSAGE_FIELDS = ("ap", "bssid", "client_mac", "ssid", "event_type", "level", "signal_dbm", "data_rate_mbps",
                  "packet_loss")
TEXT_FIELDS = ("ap", "bssid", "client_mac", "ssid", "event_type", "message")
FLOAT_FIELDS = ("signal_dbm", "data_rate_mbps", "packet_loss")
INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1


class Event(NamedTuple):
    """A normalised log event.  ``ts`` is integer microseconds since the epoch (UTC)."""

    id: int
    ts: int
    ap: str
    bssid: Optional[str]
    client_mac: Optional[str]
    ssid: Optional[str]
    event_type: str
    level: str  # "info" | "warning" | "error"
    signal_dbm: Optional[float]
    data_rate_mbps: Optional[float]
    packet_loss: Optional[float]
    message: Optional[str]


class MalformedRecord(ValueError):
    """A record that cannot become an event; ``reason`` says which field and why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# --------------------------------------------------------------------------- normalisation helpers

_ERROR_WORDS = frozenset(("emerg", "emergency", "alert", "crit", "critical", "err", "error", "panic", "fatal"))
_WARNING_WORDS = frozenset(("warn", "warning"))
_DIGITS = re.compile(r"[0-9]+")
_HEX = "[0-9A-Fa-f]"
_MAC_COLON = re.compile(rf"{_HEX}{{2}}(?::{_HEX}{{2}}){{5}}")
_MAC_DASH = re.compile(rf"{_HEX}{{2}}(?:-{_HEX}{{2}}){{5}}")
_MAC_CISCO = re.compile(rf"{_HEX}{{4}}\.{_HEX}{{4}}\.{_HEX}{{4}}")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")


def _severity(number: int) -> str:
    if 0 <= number <= 3:
        return "error"
    if number == 4:
        return "warning"
    return "info"


def normalize_level(value: Any) -> str:
    """``error``, ``warning`` or ``info`` (rule 7)."""
    if isinstance(value, bool):
        return "info"
    if isinstance(value, int):
        return _severity(value)
    if isinstance(value, str):
        if _DIGITS.fullmatch(value):
            return _severity(int(value))
        word = value.lower()
        if word in _ERROR_WORDS:
            return "error"
        if word in _WARNING_WORDS:
            return "warning"
    return "info"


def normalize_mac(value: Optional[str]) -> Optional[str]:
    """``aa:bb:cc:00:11:22`` for the three accepted spellings; None stays None; any other string is returned
    unchanged (``_mac`` then makes the record malformed)."""
    if value is None:
        return None
    if _MAC_COLON.fullmatch(value):
        return value.lower()
    if _MAC_DASH.fullmatch(value):
        return value.lower().replace("-", ":")
    if _MAC_CISCO.fullmatch(value):
        h = value.lower().replace(".", "")
        return ":".join(h[i:i + 2] for i in range(0, 12, 2))
    return value


def _mac(name: str, value: Optional[str]) -> Optional[str]:
    """The normalised MAC of a field, or MalformedRecord naming the field when it holds no MAC spelling."""
    normalised = normalize_mac(value)
    if value is not None and normalised == value and not _MAC_COLON.fullmatch(value.lower()):
        raise MalformedRecord(f"{name} is not a MAC address (aa:bb:cc:00:11:22, aa-bb-cc-00-11-22 or aabb.cc00.1122): {value!r}")
    return normalised


def _float(name: str, value: Any) -> Optional[float]:
    if value is None:
        return None
    if isinstance(value, bool):
        raise MalformedRecord(f"{name} is not a number: {value!r}")
    if isinstance(value, (int, float)):
        try:
            x = float(value)
        except OverflowError:
            raise MalformedRecord(f"{name} is not a finite number: {value!r}") from None
    elif isinstance(value, str):
        if not _DECIMAL.fullmatch(value):
            raise MalformedRecord(f"{name} is not a number: {value!r}")
        x = float(value)
    else:
        raise MalformedRecord(f"{name} is not a number: {value!r}")
    if not math.isfinite(x):
        raise MalformedRecord(f"{name} is not a finite number: {value!r}")
    return x


def _text(name: str, value: Any) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    raise MalformedRecord(f"{name} is not a string: {value!r}")


def _id(value: Any, arrival_id: int) -> int:
    if value is None:
        return arrival_id
    if isinstance(value, bool):
        raise MalformedRecord(f"id is not an integer: {value!r}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _INTEGER.fullmatch(value):
        number = int(value)
    else:
        raise MalformedRecord(f"id is not an integer: {value!r}")
    if not INT64_MIN <= number <= INT64_MAX:
        raise MalformedRecord(f"id is outside the 64-bit range: {value!r}")
    return number


# --------------------------------------------------------------------------- message patterns

#: The default message pattern: ``key=value`` pairs.  A pair starts at the beginning of the text or after
#: whitespace; the key is ``[A-Za-z_][A-Za-z0-9_]*``; the value is a double-quoted string (a backslash escapes
#: the next character, so ``\"`` is ``"`` and ``\\`` is ``\``), tried first, else the run of non-whitespace
#: characters after ``=`` (possibly empty, which is null).  Only the names in MESSAGE_FIELDS are kept (keys are
#: case-sensitive); when a key repeats, the last pair wins.
KEY_VALUE = "key=value"
_PAIR = re.compile(r'(?<!\S)([A-Za-z_][A-Za-z0-9_]*)=(?:"((?:[^"\\]|\\.)*)"|(\S*))', re.DOTALL)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)

MessagePattern = Union[str, Pattern[str], Callable[[str], Optional[Mapping[str, Any]]]]


def parse_key_values(text: str) -> dict[str, str]:
    """The MESSAGE_FIELDS set by ``key=value`` pairs in ``text`` (see :data:`KEY_VALUE`)."""
    found: dict[str, str] = {}
    for match in _PAIR.finditer(text):
        key = match.group(1)
        if key not in MESSAGE_FIELDS:
            continue
        quoted = match.group(2)
        found[key] = _ESCAPE.sub(r"\1", quoted) if quoted is not None else match.group(3)
    return found


def parse_message(text: str, patterns: Iterable[MessagePattern] = (KEY_VALUE,)) -> dict[str, Any]:
    """Fields read from a message.  Patterns are tried in order and the first that yields a field wins.

    A pattern is :data:`KEY_VALUE`, a compiled regex whose named groups are field names (``search``; groups that
    did not take part are skipped), or a callable returning a mapping (or None).  Names outside MESSAGE_FIELDS
    are dropped.
    """
    for pattern in patterns:
        if pattern == KEY_VALUE:
            found: Mapping[str, Any] = parse_key_values(text)
        elif hasattr(pattern, "search"):
            match = pattern.search(text)  # type: ignore[union-attr]
            found = {k: v for k, v in match.groupdict().items() if v is not None} if match else {}
        else:
            found = pattern(text) or {}  # type: ignore[operator]
        fields = {k: v for k, v in found.items() if k in MESSAGE_FIELDS}
        if fields:
            return fields
    return {}


# --------------------------------------------------------------------------- the record

def parse_record(obj: Any, arrival_id: int, patterns: Iterable[MessagePattern] = (KEY_VALUE,)) -> Event:
    """Normalise one record into an :class:`Event`, or raise :class:`MalformedRecord` (module docstring)."""
    if not isinstance(obj, Mapping):
        raise MalformedRecord(f"a record must be an object, not {type(obj).__name__}")
    raw = {name: (None if obj.get(name) == "" else obj.get(name)) for name in FIELDS}
    ts_value = raw["ts"]
    ts_key = "ts"
    if ts_value is None:
        ts_value = None if obj.get("timestamp") == "" else obj.get("timestamp")
        ts_key = "timestamp"
    if ts_value is None:
        raise MalformedRecord("missing ts")
    if not isinstance(ts_value, str):
        raise MalformedRecord(f"{ts_key} is not an ISO 8601 string: {ts_value!r}")
    ts = parse_timestamp(ts_value)
    if ts is None:
        raise MalformedRecord(f"{ts_key} is not an ISO 8601 timestamp: {ts_value!r}")

    if raw["ap"] is None and raw["event_type"] is None and isinstance(raw["message"], str):
        parsed = parse_message(raw["message"], patterns)
        for name in MESSAGE_FIELDS:
            if raw[name] is None and name in parsed:
                value = parsed[name]
                raw[name] = None if value == "" else value

    for name in TEXT_FIELDS:
        _text(name, raw[name])
    ap = raw["ap"]
    if ap is None:
        raise MalformedRecord("missing ap")
    return Event(
        id=_id(raw["id"], arrival_id),
        ts=ts,
        ap=ap,
        bssid=_mac("bssid", raw["bssid"]),
        client_mac=_mac("client_mac", raw["client_mac"]),
        ssid=raw["ssid"],
        event_type=raw["event_type"] if raw["event_type"] is not None else "other",
        level=normalize_level(raw["level"]),
        signal_dbm=_float("signal_dbm", raw["signal_dbm"]),
        data_rate_mbps=_float("data_rate_mbps", raw["data_rate_mbps"]),
        packet_loss=_float("packet_loss", raw["packet_loss"]),
        message=raw["message"],
    )
