#!/usr/bin/env python3
"""Web UI benchmark (issue 13's speed targets): dashboard pages/s over HTTP and one page of a 10,000-version models
table, from `warden serve`, beside a minimal Flask + Jinja2 anchor rendering pages of the same shape.

    python3 python/bench/ui/run.py --warden .build-release/release/warden --package PKG.zip --out DIR \
        [--versions 10000] [--duration 10] [--connections 16] [--wrk-threads 2] [--quick]

Steps, in one run:
1. A data directory: `warden serve --bootstrap PKG` imports and deploys the package once; then the version's row is
   copied (with its files) N-1 times straight into registry.sqlite with sqlite3 (distinct timestamp versions, one
   minute apart, status `available`), so the registry holds N versions of one model.
2. `warden serve --no-auth` on it (no sign-in: every visitor is the local admin, the UI's full page with every
   action). Every page is checked first: status 200, text/html, and the content that proves it is the real page.
3. wrk (WRK_THREADS threads, CONNECTIONS connections, a warm-up then DURATION s) on GET /ui: pages/s, p50, p99.
4. The models table: GET /ui/models?model=M&page=K for the first, a middle and the last page (50 rows each),
   sequentially over one keep-alive connection, median of R requests each (ms, client-measured, loopback); also the
   same table sorted by quality score (the UI reads every summary then, see docs/UI.md).
5. The anchor: Flask + Jinja2 under gunicorn (2 sync workers) serving a 50-row table page out of N in-memory rows
   and a dashboard-like page; the same wrk and timing. It reads no database, so it is a floor for a Python stack,
   not a like-for-like server.
Figures go to OUT/results.json; a table is printed (targets: >= 2,000 dashboard pages/s, < 20 ms a table page).
"""
from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
MODEL = "wifi-anomaly"
PAGE_SIZE = 50
REFERENCE_DATE = datetime.datetime(2001, 1, 1, tzinfo=datetime.timezone.utc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, conn: http.client.HTTPConnection | None = None) -> tuple[int, str, str]:
    c = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read().decode("utf-8", "replace")
    if conn is None:
        c.close()
    return r.status, r.getheader("Content-Type") or "", body


def wait_ready(port: int, proc: subprocess.Popen, path: str, log: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}; see {log}")
        try:
            if get(port, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server on {port} not ready after {timeout} s; see {log}")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def warden_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARDEN_")}
    env["WARDEN_RATE_LIMIT_MAX_REQUESTS"] = "1000000000"
    return env


def prepare(warden: str, package: str, data: str, versions: int) -> str:
    """Imports and deploys the package, then copies its version row N-1 times; returns the serving version."""
    port = free_port()
    log = os.path.join(data, "bootstrap.log")
    with open(log, "w") as out:
        proc = subprocess.Popen([warden, "serve", "--data-dir", data, "--port", str(port), "--no-auth",
                                 "--bootstrap", package], stdout=out, stderr=subprocess.STDOUT, env=warden_env())
        try:
            wait_ready(port, proc, "/health", log)
        finally:
            stop(proc)
    db = sqlite3.connect(os.path.join(data, "registry.sqlite"))
    cols = [r[1] for r in db.execute("PRAGMA table_info(versions)")]
    (vid, serving), = db.execute("SELECT id, version FROM versions WHERE model = ?", (MODEL,)).fetchall()
    row = dict(zip(cols, db.execute("SELECT * FROM versions WHERE id = ?", (vid,)).fetchone()))
    files = db.execute("SELECT position, name, sha256, size FROM version_files WHERE version_id = ?", (vid,)).fetchall()
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    names = [c for c in cols if c != "id"]
    insert = f"INSERT INTO versions ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    with db:
        for i in range(versions - 1):
            at = start + datetime.timedelta(minutes=i)
            copy = dict(row, version=at.strftime("%Y%m%d_%H%M%S"), status="available",
                        imported_at=(at - REFERENCE_DATE).total_seconds())
            cur = db.execute(insert, [copy[c] for c in names])
            db.executemany("INSERT INTO version_files (version_id, position, name, sha256, size) VALUES (?, ?, ?, ?, ?)",
                           [(cur.lastrowid, *f) for f in files])
    count, = db.execute("SELECT count(*) FROM versions WHERE model = ?", (MODEL,)).fetchone()
    db.close()
    if count != versions:
        raise RuntimeError(f"the registry holds {count} versions, expected {versions}")
    return serving


def wrk(port: int, path: str, duration: int, warmup: int, connections: int, threads: int) -> dict:
    url = f"http://127.0.0.1:{port}{path}"
    # wrk's default 2 s timeout drops slow responses from its figures (and reports 0 pages/s when none finish in
    # time): allow 30 s, and refuse a run with errors, timeouts or non-2xx answers rather than print its figures.
    base = ["wrk", "-t", str(threads), "-c", str(connections), "--timeout", "30s", "--latency"]
    subprocess.run(base + ["-d", f"{warmup}s", url], capture_output=True, text=True, check=True)
    out = subprocess.run(base + ["-d", f"{duration}s", url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    if rps <= 0 or non2xx or errors:
        raise RuntimeError(f"wrk on {url}: no clean run; its output:\n{out}")

    def pct(p: str) -> float:
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v

    return {"pages_per_s": rps, "p50_ms": pct("50"), "p99_ms": pct("99"),
            "non_2xx": int(non2xx.group(1)) if non2xx else 0, "socket_errors": errors.group(0) if errors else ""}


def timed_pages(port: int, paths: dict, repeats: int, check) -> dict:
    """Median and p90 client-side milliseconds per page, sequentially over one keep-alive connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    out = {}
    for name, path in paths.items():
        status, ctype, body = get(port, path, conn)
        check(name, path, status, ctype, body)
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            get(port, path, conn)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        out[name] = {"median_ms": statistics.median(times), "p90_ms": times[int(0.9 * (len(times) - 1))],
                     "path": path}
    conn.close()
    return out


def check_warden(name: str, path: str, status: int, ctype: str, body: str) -> None:
    if status != 200 or not ctype.startswith("text/html"):
        raise RuntimeError(f"{path}: HTTP {status} {ctype}")
    if name.startswith("table"):
        rows = body.count('<a href="/ui/models/')
        if rows < PAGE_SIZE:
            raise RuntimeError(f"{path}: {rows} version links, expected {PAGE_SIZE}")


def check_anchor(name: str, path: str, status: int, ctype: str, body: str) -> None:
    if status != 200 or "<table" not in body:
        raise RuntimeError(f"anchor {path}: HTTP {status}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--warden", required=True)
    p.add_argument("--package", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--versions", type=int, default=10_000)
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--wrk-threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=200)
    p.add_argument("--quick", action="store_true", help="1,000 versions, 3 s runs: smoke only")
    a = p.parse_args()
    if a.quick:
        a.versions, a.duration, a.warmup, a.repeats = 1000, 3, 1, 30
    os.makedirs(a.out, exist_ok=True)
    data = tempfile.mkdtemp(prefix="warden-ui-bench-")
    results: dict = {"versions": a.versions, "duration_s": a.duration, "connections": a.connections,
                     "wrk_threads": a.wrk_threads, "cpus": os.cpu_count(), "machine": platform.platform(),
                     "load_before": os.getloadavg()[0], "at": datetime.datetime.now(datetime.timezone.utc).isoformat()}
    pages = a.versions // PAGE_SIZE
    table_paths = {"table first page": f"/ui/models?model={MODEL}",
                   "table middle page": f"/ui/models?model={MODEL}&page={pages // 2}",
                   "table last page": f"/ui/models?model={MODEL}&page={pages}",
                   "table sorted by score": f"/ui/models?model={MODEL}&sort=score&dir=desc&page={pages // 2}"}
    try:
        print(f"== preparing {a.versions} versions in {data}", file=sys.stderr)
        t = time.perf_counter()
        results["serving"] = prepare(a.warden, a.package, data, a.versions)
        results["prepare_s"] = time.perf_counter() - t
        port = free_port()
        log = os.path.join(a.out, "warden-serve.log")
        with open(log, "w") as out:
            proc = subprocess.Popen([a.warden, "serve", "--data-dir", data, "--port", str(port), "--no-auth"],
                                    stdout=out, stderr=subprocess.STDOUT, env=warden_env())
        try:
            wait_ready(port, proc, "/ui", log)
            status, ctype, body = get(port, "/ui")
            if status != 200 or results["serving"] not in body or 'id="serving-table"' not in body:
                raise RuntimeError(f"/ui is not the dashboard with {results['serving']} serving")
            print("== warden: wrk on GET /ui", file=sys.stderr)
            results["warden_dashboard"] = wrk(port, "/ui", a.duration, a.warmup, a.connections, a.wrk_threads)
            results["warden_dashboard"]["bytes"] = len(body.encode())
            print("== warden: models table pages", file=sys.stderr)
            results["warden_table"] = timed_pages(port, table_paths, a.repeats, check_warden)
            results["warden_table_wrk"] = wrk(port, table_paths["table middle page"], a.duration, a.warmup,
                                              a.connections, a.wrk_threads)
        finally:
            stop(proc)
        aport = free_port()
        alog = os.path.join(a.out, "anchor.log")
        env = dict(os.environ, UI_ANCHOR_VERSIONS=str(a.versions))
        with open(alog, "w") as out:
            anchor = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{aport}",
                                       "--chdir", HERE, "jinja_anchor:app"], stdout=out, stderr=subprocess.STDOUT,
                                      env=env)
        try:
            wait_ready(aport, anchor, "/ui", alog)
            print("== anchor: wrk on GET /ui", file=sys.stderr)
            results["anchor_dashboard"] = wrk(aport, "/ui", a.duration, a.warmup, a.connections, a.wrk_threads)
            results["anchor_table"] = timed_pages(
                aport, {"table middle page": f"/ui/models?page={pages // 2}"}, a.repeats, check_anchor)
            results["anchor_table_wrk"] = wrk(aport, f"/ui/models?page={pages // 2}", a.duration, a.warmup,
                                              a.connections, a.wrk_threads)
        finally:
            stop(anchor)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    results["load_after"] = os.getloadavg()[0]
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    d, ad = results["warden_dashboard"], results["anchor_dashboard"]
    print(f"\nWeb UI benchmark: {a.versions} versions, wrk -t{a.wrk_threads} -c{a.connections} {a.duration} s, "
          f"{os.cpu_count()} CPUs, load {results['load_before']:.1f} before / {results['load_after']:.1f} after")
    print(f"{'':34}{'warden':>14}{'Flask+Jinja2':>14}{'ratio':>8}{'target':>14}")
    print(f"{'GET /ui pages/s':34}{d['pages_per_s']:>14.0f}{ad['pages_per_s']:>14.0f}"
          f"{d['pages_per_s'] / ad['pages_per_s']:>8.1f}{'>= 2000':>14}")
    print(f"{'GET /ui p50 / p99 ms':34}{d['p50_ms']:>7.2f}/{d['p99_ms']:<6.2f}{ad['p50_ms']:>7.2f}/{ad['p99_ms']:<6.2f}")
    for name, r in results["warden_table"].items():
        anchor_ms = results["anchor_table"].get(name, {}).get("median_ms")
        ratio = f"{anchor_ms / r['median_ms']:>8.1f}" if anchor_ms else f"{'':>8}"
        anchor_text = f"{anchor_ms:>14.2f}" if anchor_ms else f"{'—':>14}"
        print(f"{name + ' median ms':34}{r['median_ms']:>14.2f}{anchor_text}{ratio}{'< 20 ms':>14}")
    tw, aw = results["warden_table_wrk"], results["anchor_table_wrk"]
    print(f"{'table middle page, pages/s (wrk)':34}{tw['pages_per_s']:>14.0f}{aw['pages_per_s']:>14.0f}"
          f"{tw['pages_per_s'] / aw['pages_per_s']:>8.1f}")
    print(f"(ratio > 1: Warden is faster; figures in {os.path.join(a.out, 'results.json')})")


if __name__ == "__main__":
    main()
