#!/usr/bin/env python3
"""The agents benchmark's driver (scripts/bench-agents builds, generates and starts PostgreSQL, then runs this).

    python3 python/bench/agents_bench.py --warden .build/release/warden --logs logs.jsonl \
        --package samples/wifi-anomaly/model_20260105_000000_deployment.zip --work DIR \
        [--pg-url URL --pg-table wifi_logs] [--live-seconds 60] [--json OUT]

Measures, in one run, the user's whole jobs (a process each, wall time from start to exit, peak RSS from wait4):

1. **file job**: ``warden agents scan --input LOGS`` (read, windows, the 17 features, scoring, classification,
   one JSON line per anomaly) beside python/bench/agents_anchor.py (pandas read_json, groupby windows, features,
   scaler + IsolationForest) on the same file and package; ``warden features extract`` beside the anchor's
   read + features share. The windows scored must agree.
2. **PostgreSQL drain**: ``warden agents run AGENT --until-idle`` reading the events already loaded in PG-TABLE
   (an agent of the configuration written here, source postgres) into the registry's anomaly store: events/s.
3. **end-to-end delay**: ``warden agents run AGENT`` (polling every 1 s, 10 s windows, 2 s grace) while a feeder
   inserts events stamped with the wall clock at a steady 5,000 events/s through one ``psql`` COPY per 0.1 s;
   every stored window's ``recorded_at - window_end`` (the window can close only once an event ``grace`` past
   its end arrives), p50/p99/max, beside the target grace + interval + 1 s.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

REFERENCE_EPOCH = 978307200.0  # 2001-01-01T00:00:00Z: Foundation's reference date (recorded_at is stored against it)


def run(cmd: list[str], *, env: dict | None = None, stdout_path: Path | None = None) -> dict:
    """Runs a process to completion: wall seconds, peak RSS (MiB, from wait4), its stderr, and its stdout unless
    that goes to ``stdout_path``."""
    import tempfile
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        sink = open(stdout_path, "wb") if stdout_path else out
        try:
            t0 = time.perf_counter()
            p = subprocess.Popen(cmd, env=env, stdout=sink, stderr=err)
            _, status, usage = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
        finally:
            if stdout_path:
                sink.close()
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        out.seek(0)
        err_text = err.read().decode(errors="replace")
        if p.returncode != 0:
            sys.exit(f"{' '.join(cmd)} exited {p.returncode}:\n{err_text[-2000:]}")
        return {"wall_s": wall, "rss_mb": usage.ru_maxrss / 1024, "stderr": err_text,
                "stdout": out.read().decode(errors="replace")}


def warden_env(extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARDEN_")}
    env.update(extra or {})
    return env


def import_package(warden: str, data: Path, package: str) -> str:
    out = subprocess.run([warden, "import", package, "--data-dir", str(data), "--json"], env=warden_env(),
                         check=True, capture_output=True, text=True).stdout
    version = json.loads(out)["version"]
    subprocess.run([warden, "models", "deploy", version, "--data-dir", str(data)], env=warden_env(), check=True,
                   capture_output=True)
    return version


def file_job(args, work: Path) -> dict:
    data = work / "file-job"
    data.mkdir(parents=True)
    version = import_package(args.warden, data, args.package)
    scan = run([args.warden, "agents", "scan", "--input", args.logs, "--data-dir", str(data), "--version", version],
               env=warden_env(), stdout_path=work / "anomalies.jsonl")
    summary = json.loads(scan["stderr"].strip().splitlines()[-1])
    extract = run([args.warden, "features", "extract", "--input", args.logs], env=warden_env(),
                  stdout_path=work / "windows.jsonl")
    anchor_run = run([sys.executable, "python/bench/agents_anchor.py", "--input", args.logs, "--package",
                      args.package])
    anchor = json.loads(anchor_run["stdout"])
    if anchor["windows"] != summary["windows"]:
        sys.exit(f"windows scored differ: Warden {summary['windows']}, Python {anchor['windows']}")
    return {
        "events": summary["events"], "windows": summary["windows"], "warden_anomalies": summary["anomalies"],
        "python_flags": anchor["anomalies"],
        "warden_scan_s": scan["wall_s"], "warden_scan_rss_mb": scan["rss_mb"],
        "warden_extract_s": extract["wall_s"], "warden_extract_rss_mb": extract["rss_mb"],
        "python_job_s": anchor_run["wall_s"], "python_job_rss_mb": anchor_run["rss_mb"],
        "python_total_s": anchor["total_s"], "python_features_s": anchor["read_s"] + anchor["features_s"],
        "python_import_s": anchor["import_s"],
    }


def write_config(path: Path, agent: str, table: str, window: int, grace: int, interval: float) -> None:
    path.write_text(f"""model:
  name: wifi-anomaly
agents:
  - id: {agent}
    source:
      type: postgres
      url_env: WARDEN_DATABASE_URL
      table: {table}
    model: wifi-anomaly
    version: production
    window_seconds: {window}
    grace_seconds: {grace}
    min_events: 5
    interval: {interval}
    page_size: 10000
""")


def drain(args, work: Path) -> dict:
    data = work / "drain"
    data.mkdir(parents=True)
    import_package(args.warden, data, args.package)
    config = work / "drain.yaml"
    write_config(config, "bench-pg", args.pg_table, 300, 60, 5)
    r = run([args.warden, "agents", "run", "bench-pg", "--until-idle", "--config", str(config), "--data-dir",
             str(data)], env=warden_env({"WARDEN_DATABASE_URL": args.pg_url}))
    db = sqlite3.connect(data / "registry.sqlite")
    windows = db.execute("SELECT count(*) FROM window_outcomes WHERE agent = 'bench-pg'").fetchone()[0]
    anomalies = db.execute("SELECT count(*) FROM anomalies WHERE agent = 'bench-pg'").fetchone()[0]
    return {"drain_s": r["wall_s"], "drain_rss_mb": r["rss_mb"], "drain_windows": windows,
            "drain_anomalies": anomalies}


TYPES = (["data"] * 50 + ["beacon"] * 20 + ["probe"] * 10 + ["auth_success"] * 6 + ["assoc"] * 6
         + ["auth_failure"] * 3 + ["roam"] * 2 + ["disassoc", "deauth"])


def live(args, work: Path) -> dict:
    """A steady 5,000 events/s into a fresh table while `warden agents run` polls it."""
    psql = os.path.join(args.pg_bin, "psql")
    table = "wifi_live"
    subprocess.run([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", args.pg_url, "-c",
                    f"DROP TABLE IF EXISTS {table}; CREATE TABLE {table} (id bigint GENERATED ALWAYS AS IDENTITY "
                    "PRIMARY KEY, ts timestamptz, ap text, bssid text, client_mac text, ssid text, event_type text, "
                    "level text, signal_dbm double precision, data_rate_mbps double precision, "
                    "packet_loss double precision, message text)"], check=True)
    data = work / "live"
    data.mkdir(parents=True)
    import_package(args.warden, data, args.package)
    config = work / "live.yaml"
    window, grace, interval = 10, 2, 1
    write_config(config, "bench-live", table, window, grace, interval)
    agent = subprocess.Popen([args.warden, "agents", "run", "bench-live", "--config", str(config), "--data-dir",
                              str(data)], env=warden_env({"WARDEN_DATABASE_URL": args.pg_url}),
                             stdout=subprocess.DEVNULL, stderr=open(work / "live-agent.log", "wb"))
    feeder = subprocess.Popen([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", args.pg_url],
                              stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    rng = random.Random(5)
    macs = [f"02:00:00:{i // 256:02x}:{i % 256:02x}:01" for i in range(400)]
    rate, tick = 5000, 0.1
    per_tick = int(rate * tick)
    start = time.time()
    sent = 0
    next_tick = start
    while time.time() - start < args.live_seconds:
        lines = []
        now = datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")
        for _ in range(per_tick):
            k = rng.randrange(12) + 1
            ap = f"ap-{k:02d}"
            et = rng.choice(TYPES)
            mac = rng.choice(macs)
            lines.append(f"{now},{ap},02:00:00:00:{k:02x}:00,{mac},corp,{et},info,{-40 - rng.random() * 40:.1f},"
                         f"{rng.choice((54, 144, 300, 866))},{rng.random() * 0.02:.4f},{et} {ap}")
        feeder.stdin.write(f"COPY {table} (ts, ap, bssid, client_mac, ssid, event_type, level, signal_dbm, "
                           "data_rate_mbps, packet_loss, message) FROM STDIN (FORMAT csv);\n"
                           + "\n".join(lines) + "\n\\.\n")
        feeder.stdin.flush()
        sent += per_tick
        next_tick += tick
        time.sleep(max(0.0, next_tick - time.time()))
    fed_s = time.time() - start
    # Let the last windows that can close (their grace passed while events kept arriving) be stored.
    time.sleep(grace + interval + 2)
    feeder.stdin.close()
    feeder.wait()
    agent.terminate()
    agent.wait()
    db = sqlite3.connect(data / "registry.sqlite")
    rows = db.execute("SELECT window_end, recorded_at FROM window_outcomes WHERE agent = 'bench-live' "
                      "AND outcome <> 'skipped'").fetchall()
    delays = sorted(rec + REFERENCE_EPOCH - end / 1e6 for end, rec in rows)
    if not delays:
        log = (work / "live-agent.log").read_text(errors="replace")[-3000:]
        sys.exit(f"the live agent stored no window; its log ends:\n{log}")

    def q(p: float) -> float:
        return delays[min(len(delays) - 1, int(p * len(delays)))]

    return {"live_rate": sent / fed_s, "live_windows": len(delays), "delay_p50_s": q(0.5), "delay_p99_s": q(0.99),
            "delay_max_s": delays[-1], "delay_target_s": grace + interval + 1}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--warden", required=True)
    ap.add_argument("--logs", required=True)
    ap.add_argument("--package", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--pg-url")
    ap.add_argument("--pg-table", default="wifi_logs")
    ap.add_argument("--pg-bin", default="/usr/lib/postgresql/15/bin")
    ap.add_argument("--live-seconds", type=float, default=60)
    ap.add_argument("--json")
    args = ap.parse_args()
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    r = file_job(args, work)
    if args.pg_url:
        r.update(drain(args, work))
        r.update(live(args, work))
    shutil.rmtree(work, ignore_errors=True)

    def ratio(a: float, w: float) -> str:
        return f"{a / w:.1f}×"
    ev = r["events"]
    print(f"Agents: {ev:,} events, {r['windows']:,} windows scored; Warden's anomalies {r['warden_anomalies']}, "
          f"Python's model flags {r['python_flags']}")
    print(f"{'':44}{'Warden':>12}{'Python':>12}{'Python / Warden':>18}")
    print(f"{'file job: logs in, windows scored (process)':44}{r['warden_scan_s']:>11.2f}s"
          f"{r['python_job_s']:>11.2f}s{ratio(r['python_job_s'], r['warden_scan_s']):>18}")
    print(f"{'  without Python imports (its own total_s)':44}{'':>12}{r['python_total_s']:>11.2f}s"
          f"{ratio(r['python_total_s'], r['warden_scan_s']):>18}")
    print(f"{'features only (extract vs read + features)':44}{r['warden_extract_s']:>11.2f}s"
          f"{r['python_features_s']:>11.2f}s{ratio(r['python_features_s'], r['warden_extract_s']):>18}")
    print(f"{'peak RSS, file job':44}{r['warden_scan_rss_mb']:>10.0f}MB{r['python_job_rss_mb']:>10.0f}MB")
    if "drain_s" in r:
        print(f"PostgreSQL drain: {ev:,} events in {r['drain_s']:.2f} s = {ev / r['drain_s']:,.0f} events/s, "
              f"{r['drain_windows']:,} windows, {r['drain_anomalies']} anomalies, peak RSS {r['drain_rss_mb']:.0f} MB")
        print(f"end-to-end at {r['live_rate']:,.0f} events/s: {r['live_windows']} windows, delay window end -> stored "
              f"p50 {r['delay_p50_s']:.2f} s, p99 {r['delay_p99_s']:.2f} s, max {r['delay_max_s']:.2f} s "
              f"(target ≤ grace + interval + 1 = {r['delay_target_s']} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=1) + "\n")


if __name__ == "__main__":
    main()
