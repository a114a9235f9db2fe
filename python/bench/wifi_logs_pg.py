#!/usr/bin/env python3
"""Load a JSON-lines WiFi log (python/fixtures/wifi_logs.py) into a PostgreSQL table with the contract's columns.

    python3 python/bench/wifi_logs_pg.py --url postgres://USER:PASSWORD@HOST:PORT/DB --table wifi_logs \
        [--psql /usr/lib/postgresql/15/bin/psql] [--replace] logs.jsonl

Creates the table when it is missing (``--replace``: drops it first) in the shape docs/AGENTS.md gives::

    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, ts timestamptz, ap text, bssid text, client_mac text,
    ssid text, event_type text, level text, signal_dbm double precision, data_rate_mbps double precision,
    packet_loss double precision, message text

then appends the records in file order with one ``COPY ... FROM STDIN (FORMAT csv)`` through psql (no Python
driver needed; the password goes to psql in ``PGPASSWORD``, not on its command line).  ``id`` is assigned by the
table, so file order is id order.  Values a typed column cannot hold keep the JSON reader's verdict where they can:

* ``ts`` (or seed 000's ``timestamp``) must be text in the contract's ISO 8601 form, else NULL (malformed: missing
  ``ts``; the JSON reader says ``not_a_timestamp``);
* measurements: JSON numbers as they are (``NaN`` stays NaN: malformed), decimal strings as numbers, anything else
  (``"n/a"``, booleans) NaN (malformed, as the JSON reader's ``not_a_number``);
* ``level``: text as it is, an integer as its digits (the same syslog severity), anything else NULL;
* text fields: text as it is (``""`` stays an empty string, which the source reads as null), other values as text.

Lines that are not JSON objects (the generator's cut lines) are skipped and counted.  Prints one line:
``loaded N rows into TABLE (K lines skipped) in S s``.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import time
import urllib.parse

COLUMNS = ("ts", "ap", "bssid", "client_mac", "ssid", "event_type", "level", "signal_dbm", "data_rate_mbps",
           "packet_loss", "message")
TEXT = ("ap", "bssid", "client_mac", "ssid", "event_type", "message")
MEASUREMENTS = ("signal_dbm", "data_rate_mbps", "packet_loss")
TS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)\Z")
DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\Z")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_$]{0,62}\Z")

CREATE = """CREATE TABLE IF NOT EXISTS {table} (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ts timestamptz,
    ap text,
    bssid text,
    client_mac text,
    ssid text,
    event_type text,
    level text,
    signal_dbm double precision,
    data_rate_mbps double precision,
    packet_loss double precision,
    message text
)"""


def quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def number(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "NaN"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return repr(value) if math.isfinite(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, str):
        if value == "":
            return None
        return value if DECIMAL.match(value) else "NaN"
    return "NaN"


def csv_row(record: dict) -> str:
    cells: list[str] = []
    ts = record.get("ts")
    if ts is None or ts == "":
        ts = record.get("timestamp")
    cells.append(quoted(ts) if isinstance(ts, str) and TS.match(ts) else "")
    for name in COLUMNS[1:]:
        value = record.get(name)
        if name in MEASUREMENTS:
            cell = number(value)
            cells.append("" if cell is None else cell)
        elif name == "level":
            if isinstance(value, str):
                cells.append(quoted(value))
            elif isinstance(value, int) and not isinstance(value, bool):
                cells.append(quoted(str(value)))
            else:
                cells.append("")
        elif value is None:
            cells.append("")
        else:
            cells.append(quoted(value if isinstance(value, str) else json.dumps(value)))
    return ",".join(cells) + "\n"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", required=True, help="postgres://USER:PASSWORD@HOST:PORT/DATABASE")
    p.add_argument("--table", default="wifi_logs", help="a plain identifier (default wifi_logs)")
    p.add_argument("--psql", default="psql")
    p.add_argument("--replace", action="store_true", help="drop the table first")
    p.add_argument("input")
    args = p.parse_args()
    if not IDENTIFIER.match(args.table):
        p.error(f"--table {args.table!r}: use a plain identifier (a letter or _, then letters, digits, _ or $)")

    url = urllib.parse.urlsplit(args.url)
    env = dict(os.environ, PGTZ="UTC")
    if url.password is not None:
        env["PGPASSWORD"] = urllib.parse.unquote(url.password)
        netloc = url.netloc.rsplit("@", 1)
        user = urllib.parse.unquote(url.username or "")
        url = url._replace(netloc=urllib.parse.quote(user, safe="") + "@" + netloc[1])
    conninfo = urllib.parse.urlunsplit(url)
    table = quoted(args.table)
    psql = [args.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo]

    setup = (f"DROP TABLE IF EXISTS {table};\n" if args.replace else "") + CREATE.format(table=table) + ";"
    subprocess.run(psql + ["-c", setup], env=env, check=True)

    started = time.perf_counter()
    copy = f"\\copy {table} ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv)"
    loader = subprocess.Popen(psql + ["-c", copy], env=env, stdin=subprocess.PIPE, text=True)
    rows = skipped = 0
    assert loader.stdin is not None
    with open(args.input, encoding="utf-8") as lines:
        batch: list[str] = []
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                skipped += 1
                continue
            if not isinstance(record, dict):
                skipped += 1
                continue
            batch.append(csv_row(record))
            rows += 1
            if len(batch) == 10_000:
                loader.stdin.write("".join(batch))
                batch.clear()
        loader.stdin.write("".join(batch))
    loader.stdin.close()
    if loader.wait() != 0:
        print("wifi_logs_pg.py: psql COPY failed", file=sys.stderr)
        return 1
    print(f"loaded {rows} rows into {args.table} ({skipped} lines skipped) in "
          f"{time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
