"""Reading log files: JSON lines (or a JSON array) and CSV, one record at a time, never failing on a bad record.

* The format comes from the extension (``.jsonl``, ``.ndjson``, ``.json`` -> JSON; ``.csv`` -> CSV), else from
  the first non-whitespace character (``{`` or ``[`` -> JSON, anything else -> CSV).
* Bytes are decoded as UTF-8 (a leading BOM is dropped); invalid sequences become U+FFFD.
* JSON lines: every line is one record; blank lines are skipped but counted, so the **arrival id** is the 1-based
  line number.  A line that is not valid JSON is malformed.  A JSON file whose first non-whitespace character is
  ``[`` is read whole as an array; the arrival id is then the 1-based position in the array.
* CSV (RFC 4180, comma, double quotes): the first row is the header; the **arrival id** is the 1-based data-row
  number (the header is not counted, blank rows are skipped but counted).  Every value is a string (empty = null).
  A row whose field count differs from the header's is malformed.
"""
from __future__ import annotations

import csv
import io
import json
import os
from typing import Any, Iterator, Optional, Tuple, Union

from .events import Event, KEY_VALUE, MalformedRecord, parse_record

Record = Tuple[int, Union[Any, MalformedRecord]]


def detect_format(path: str, head: str = "") -> str:
    ext = os.path.splitext(path)[1].lower()
    if ext in (".jsonl", ".ndjson", ".json"):
        return "json"
    if ext == ".csv":
        return "csv"
    return "json" if head.lstrip()[:1] in ("{", "[") else "csv"


def _text(path: str) -> io.TextIOWrapper:
    return open(path, "r", encoding="utf-8-sig", errors="replace", newline="")


def read_records(path: str, fmt: Optional[str] = None) -> Iterator[Record]:
    """Yields (arrival_id, record) where record is a dict, another JSON value, or a MalformedRecord."""
    with _text(path) as f:
        head = f.read(4096)
        f.seek(0)
        fmt = fmt or detect_format(path, head)
        if fmt == "json" and head.lstrip()[:1] == "[":
            try:
                items = json.load(f)
            except ValueError as e:
                yield 1, MalformedRecord(f"invalid JSON array: {e}")
                return
            if not isinstance(items, list):
                yield 1, MalformedRecord("a JSON file must hold records")
                return
            for i, item in enumerate(items, 1):
                yield i, item
        elif fmt == "json":
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    yield number, json.loads(line)
                except ValueError as e:
                    yield number, MalformedRecord(f"invalid JSON: {e.args[0] if e.args else e}")
        else:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                return
            width = len(header)
            for number, row in enumerate(reader, 1):
                if not row:
                    continue
                if len(row) != width:
                    yield number, MalformedRecord(f"row has {len(row)} fields, the header {width}")
                    continue
                yield number, dict(zip(header, row))


class EventReader:
    """Iterates over the events of a file, counting malformed records (``malformed``, ``reasons``)."""

    def __init__(self, path: str, fmt: Optional[str] = None, patterns=(KEY_VALUE,), keep_reasons: int = 20):
        self.path = path
        self.fmt = fmt
        self.patterns = tuple(patterns)
        self.records = 0
        self.malformed = 0
        self.keep_reasons = keep_reasons
        #: The first ``keep_reasons`` (arrival_id, reason) pairs.
        self.reasons: list[tuple[int, str]] = []

    def __iter__(self) -> Iterator[Event]:
        for arrival_id, record in read_records(self.path, self.fmt):
            self.records += 1
            try:
                if isinstance(record, MalformedRecord):
                    raise record
                yield parse_record(record, arrival_id, self.patterns)
            except MalformedRecord as e:
                self.malformed += 1
                if len(self.reasons) < self.keep_reasons:
                    self.reasons.append((arrival_id, e.reason))
