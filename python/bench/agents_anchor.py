#!/usr/bin/env python3
"""Python anchor of the agents benchmark: log file -> 17 features per window -> scores, in idiomatic pandas.

    python3 python/bench/agents_anchor.py --input logs.jsonl --package model_..._deployment.zip \
        [--window-seconds 300 --grace-seconds 60 --min-events 5] [--windows-out windows.jsonl]

Does the job of ``warden features extract`` followed by scoring, the way a data scientist would write it:

1. **read**: ``pd.read_json(path, lines=True, dtype=False)`` (``read_s``).
2. **features** (``features_s``, of which ``normalize_s`` is the normalisation): empty strings -> null; ``ts``
   (or ``timestamp``) -> integer µs with ``pd.to_datetime(format="ISO8601", utc=True)``; text columns become
   categoricals, MACs and levels normalised on their distinct values only (``pd.factorize``); numeric columns
   with ``pd.to_numeric``; ``id`` = the record's id, else the line number.  Lateness is computed exactly and
   vectorised: an event is late when the running maximum of the earlier events' ``ts`` (arrival = line order) is
   ``>= window end + grace`` (a late event's time is already below the watermark, so counting it in the running
   maximum changes nothing: the running maximum is the contract's watermark).  Windows with fewer than ``min_events`` events are skipped.  The 17 features come from
   one ``groupby(["ap", "window_start"])`` over events sorted by (``ts``, ``id``): sums, means, ``std(ddof=0)``,
   ``nunique``, a second groupby for per-station activity and one over ``client_mac ∪ bssid`` for devices.
   pandas sums are compensated (Kahan), so the values agree with ``python/warden_features`` within 1e-9 rather
   than bit for bit (checked by python/tests/features/test_agents_anchor.py).
3. **score** (``score_s``, of which ``load_s`` is reading the package): ``scaler.transform`` on a DataFrame in the
   model's feature order, then IsolationForest ``score_samples``, ``decision_function`` and ``predict``.

Out of scope (the benchmark feeds ``wifi_logs.py --clean`` output, which has none): message-only records and
malformed records (a record without ``ap`` or with an unreadable value would raise or be dropped, not be counted
as the contract says).  CSV input is read with ``pd.read_csv`` (``--input x.csv``).

Prints one JSON object: ``read_s``, ``features_s``, ``normalize_s``, ``score_s``, ``load_s``, ``total_s``,
``import_s`` (importing pandas and scikit-learn; not in ``total_s``), ``events``, ``late``, ``windows``
(scored), ``skipped``, ``anomalies``, ``peak_rss_mb`` (ru_maxrss of this process).  BLAS/OpenMP run on one
thread, as in the other anchors.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
             "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
    os.environ.setdefault(_var, "1")

import time  # noqa: E402

_T_IMPORT = time.perf_counter()
import argparse  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import zipfile  # noqa: E402

import joblib  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn.ensemble  # noqa: E402,F401  (imported up front: load_s measures the package, not the import)

IMPORT_S = time.perf_counter() - _T_IMPORT

FEATURE_NAMES = [
    "auth_failure_ratio", "deauth_ratio", "beacon_ratio", "unique_mac_count", "unique_ssid_count",
    "mean_signal_strength", "std_signal_strength", "mean_data_rate", "mean_packet_loss", "error_ratio",
    "warning_ratio", "mean_hour_of_day", "mean_day_of_week", "mean_time_between_events", "total_devices",
    "max_device_activity", "mean_device_activity",
]
US = 1_000_000
DAY_US = 86_400 * US
TEXT = ["ap", "bssid", "client_mac", "ssid", "event_type"]  # message is not needed for the features
NUMERIC = ["signal_dbm", "data_rate_mbps", "packet_loss"]
ERROR_WORDS = {"emerg", "emergency", "alert", "crit", "critical", "err", "error", "panic", "fatal", "0", "1", "2",
               "3"}
WARNING_WORDS = {"warn", "warning", "4"}
HEX = "[0-9a-f]"


def read(path: str) -> pd.DataFrame:
    if path.lower().endswith(".csv"):
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    return pd.read_json(path, lines=True, dtype=False)


def _blank_to_null(col: pd.Series) -> pd.Series:
    return col.mask(col == "") if col.dtype != np.float64 and col.dtype != np.int64 else col


def _categorical(values: pd.Series, normalise=None) -> pd.Categorical:
    """A categorical of the (normalised) values, "" as null; the work is done on the distinct values only."""
    codes, uniques = pd.factorize(values)
    u = pd.Series(uniques, dtype=object).astype(str)
    if normalise is not None:
        u = normalise(u)
    final_codes, categories = pd.factorize(u.mask(u == ""))
    mapped = np.append(final_codes, -1)[np.where(codes >= 0, codes, len(final_codes))]
    return pd.Categorical.from_codes(mapped, categories=pd.Index(categories, dtype=object))


def _mac_spellings(u: pd.Series) -> pd.Series:
    """aa:bb:cc:00:11:22 for the three accepted spellings; other text unchanged."""
    low = u.str.lower()
    colon = low.str.fullmatch(rf"{HEX}{{2}}(?::{HEX}{{2}}){{5}}")
    dash = low.str.fullmatch(rf"{HEX}{{2}}(?:-{HEX}{{2}}){{5}}")
    cisco = low.str.fullmatch(rf"{HEX}{{4}}\.{HEX}{{4}}\.{HEX}{{4}}")
    out = u.copy()
    out[colon] = low[colon]
    out[dash] = low[dash].str.replace("-", ":", regex=False)
    out[cisco] = low[cisco].str.replace(".", "", regex=False).str.replace(r"(..)(?=.)", r"\1:", regex=True)
    return out


def _levels(col: pd.Series) -> np.ndarray:
    """0 info, 1 warning, 2 error, computed on the distinct spellings."""
    codes, uniques = pd.factorize(col)

    def word(v):
        if isinstance(v, bool):
            return ""
        if isinstance(v, (float, np.floating)) and float(v).is_integer():
            v = int(v)  # an integer column with nulls arrives as floats
        w = str(v).lower()
        return str(int(w)) if w.isascii() and w.isdigit() else w

    words = [word(v) for v in uniques]
    # numeric severities arrive as ints or digit strings; other numbers (and 5-7) are info
    kind = np.array([2 if w in ERROR_WORDS else 1 if w in WARNING_WORDS else 0 for w in words] + [0], dtype=np.int8)
    return kind[np.where(codes >= 0, codes, len(words))]


def normalize(df: pd.DataFrame) -> pd.DataFrame:
    """The contract's normalisation, vectorised: ts and id as int64, ap / MACs / ssid / event_type as
    categoricals (MACs in canonical spelling), level as 0 info / 1 warning / 2 error, numbers as float64."""
    n = len(df)
    out = pd.DataFrame(index=df.index)
    ts = _blank_to_null(df["ts"]) if "ts" in df else pd.Series(np.nan, index=df.index)
    if "timestamp" in df:
        ts = ts.fillna(_blank_to_null(df["timestamp"]))
    out["ts"] = pd.to_datetime(ts, format="ISO8601", utc=True).dt.as_unit("us").astype("int64")
    line = pd.Series(np.arange(1, n + 1, dtype=np.int64), index=df.index)
    out["id"] = pd.to_numeric(_blank_to_null(df["id"]), errors="coerce").fillna(line).astype("int64") \
        if "id" in df else line
    empty = pd.Series([None] * n, index=df.index, dtype=object)
    for name in TEXT:
        col = df[name] if name in df else empty
        out[name] = _categorical(col, _mac_spellings if name in ("bssid", "client_mac") else None)
    if out["event_type"].isna().any():
        out["event_type"] = out["event_type"].cat.add_categories(["other"]).fillna("other")
    out["level"] = _levels(_blank_to_null(df["level"])) if "level" in df else np.zeros(n, dtype=np.int8)
    for name in NUMERIC:
        out[name] = pd.to_numeric(_blank_to_null(df[name]), errors="coerce").astype("float64") if name in df \
            else np.nan
    return out


def _codes(cat: pd.Series) -> np.ndarray:
    """Integer codes of a categorical column as float64, NaN for null (so groupby nunique skips them)."""
    codes = cat.cat.codes.to_numpy().astype(np.float64)
    codes[codes < 0] = np.nan
    return codes


def window_features(ev: pd.DataFrame, window_seconds: int = 300, grace_seconds: int = 60, min_events: int = 5):
    """(features frame indexed by (ap, window_start_us) with event_count + 17 columns, late count, skipped count)."""
    width, grace = window_seconds * US, grace_seconds * US
    ts = ev["ts"].to_numpy()
    start = ts // width * width
    before = np.empty_like(ts)  # the watermark before each event: the running maximum of the earlier times
    before[0] = np.iinfo(np.int64).min
    np.maximum.accumulate(ts[:-1], out=before[1:])
    late = before >= start + width + grace
    ev = ev[~late].assign(window_start=start[~late])
    ev = ev.sort_values(["ts", "id"], kind="stable")

    t = ev["ts"].to_numpy()
    tod = t % DAY_US
    et = ev["event_type"]
    mac = ev["client_mac"]
    # one code space for client_mac and bssid (total_devices counts their union)
    devices = mac.cat.categories.union(ev["bssid"].cat.categories)
    mac_dev = np.append(devices.get_indexer(mac.cat.categories), -1)[mac.cat.codes.to_numpy()]
    bssid_dev = np.append(devices.get_indexer(ev["bssid"].cat.categories), -1)[ev["bssid"].cat.codes.to_numpy()]
    key = ["ap", "window_start"]
    work = pd.DataFrame({
        "ap": ev["ap"].to_numpy(), "window_start": ev["window_start"].to_numpy(),
        "af": (et == "auth_failure").to_numpy(np.float64),
        "de": et.isin(["deauth", "disassoc"]).to_numpy(np.float64),
        "be": (et == "beacon").to_numpy(np.float64),
        "err": (ev["level"] == 2).to_numpy(np.float64),
        "warn": (ev["level"] == 1).to_numpy(np.float64),
        "mac": _codes(mac), "ssid": _codes(ev["ssid"]),
        "signal": ev["signal_dbm"].to_numpy(), "rate": ev["data_rate_mbps"].to_numpy(),
        "loss": ev["packet_loss"].to_numpy(),
        "hour": ((tod // 3_600_000_000).astype(np.float64) + ((tod // 60_000_000) % 60).astype(np.float64) / 60.0)
        + (tod % 60_000_000) / 1e6 / 3600.0,
        "wd": ((t // DAY_US + 3) % 7).astype(np.float64),
        "ts": t,
    })
    g = work.groupby(key, sort=True, observed=True)
    n = g.size()
    keep = n >= min_events
    skipped = int((~keep).sum())
    agg = g.agg(af=("af", "sum"), de=("de", "sum"), be=("be", "sum"), err=("err", "sum"), warn=("warn", "sum"),
                macs=("mac", "nunique"), ssids=("ssid", "nunique"), with_mac=("mac", "count"),
                sig=("signal", "mean"), rate=("rate", "mean"), loss=("loss", "mean"), hour=("hour", "mean"),
                wd=("wd", "mean"), t0=("ts", "min"), t1=("ts", "max"))
    sig_std = g["signal"].std(ddof=0)
    both = pd.DataFrame({"ap": np.concatenate([work["ap"].to_numpy(), work["ap"].to_numpy()]),
                         "window_start": np.concatenate([work["window_start"].to_numpy()] * 2),
                         "dev": np.concatenate([mac_dev, bssid_dev])})
    total = both[both["dev"] >= 0].groupby(key, observed=True)["dev"].nunique().reindex(n.index, fill_value=0)
    activity = work[work["mac"].notna()].groupby(key + ["mac"], observed=True).size()
    max_activity = activity.groupby(level=[0, 1], observed=True).max().reindex(n.index, fill_value=0)

    nf = n.astype(np.float64)
    macs = agg["macs"].astype(np.float64)
    out = pd.DataFrame({
        "event_count": n,
        "auth_failure_ratio": agg["af"] / nf,
        "deauth_ratio": agg["de"] / nf,
        "beacon_ratio": agg["be"] / nf,
        "unique_mac_count": macs,
        "unique_ssid_count": agg["ssids"].astype(np.float64),
        "mean_signal_strength": agg["sig"].fillna(0.0),
        "std_signal_strength": sig_std.fillna(0.0),
        "mean_data_rate": agg["rate"].fillna(0.0),
        "mean_packet_loss": agg["loss"].fillna(0.0),
        "error_ratio": agg["err"] / nf,
        "warning_ratio": agg["warn"] / nf,
        "mean_hour_of_day": agg["hour"],
        "mean_day_of_week": agg["wd"],
        "mean_time_between_events": ((agg["t1"] - agg["t0"]) / 1e6 / (nf - 1.0)).where(n > 1, 0.0),
        "total_devices": total.astype(np.float64),
        "max_device_activity": max_activity.astype(np.float64),
        "mean_device_activity": (agg["with_mac"] / macs).where(macs > 0, 0.0),
    })
    out = out[keep]
    out.index = pd.MultiIndex.from_arrays([out.index.get_level_values(0).astype(str).to_numpy(dtype=object),
                                           out.index.get_level_values(1).to_numpy()], names=key)
    return out, int(late.sum()), skipped


def load_package(path: str):
    """(model, scaler or None, feature names) from a deployment ZIP or folder."""
    def blob(name):
        if os.path.isdir(path):
            full = os.path.join(path, name)
            return open(full, "rb").read() if os.path.exists(full) else None
        with zipfile.ZipFile(path) as z:
            match = [n for n in z.namelist() if n == name or n.endswith("/" + name)]
            return z.read(match[0]) if match else None

    meta = json.loads(blob("metadata.json"))
    scaler_bytes = blob("scaler.joblib")
    return (joblib.load(io.BytesIO(blob("model.joblib"))),
            joblib.load(io.BytesIO(scaler_bytes)) if scaler_bytes else None,
            list(meta["training_info"]["feature_names"]))


def score(features: pd.DataFrame, model, scaler, names):
    X = features[names].astype(np.float64)
    Z = scaler.transform(X) if scaler is not None else X.to_numpy()
    return model.score_samples(Z), model.decision_function(Z), model.predict(Z)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--input", required=True)
    p.add_argument("--package", required=True, help="deployment ZIP or extracted folder")
    p.add_argument("--window-seconds", type=int, default=300)
    p.add_argument("--grace-seconds", type=int, default=60)
    p.add_argument("--min-events", type=int, default=5)
    p.add_argument("--windows-out", help="also write one JSON line per scored window with its score")
    a = p.parse_args(argv)

    t0 = time.perf_counter()
    raw = read(a.input)
    t1 = time.perf_counter()
    events = normalize(raw)
    t2 = time.perf_counter()
    features, late, skipped = window_features(events, a.window_seconds, a.grace_seconds, a.min_events)
    t3 = time.perf_counter()
    model, scaler, names = load_package(a.package)
    t4 = time.perf_counter()
    samples, decision, predictions = score(features, model, scaler, names)
    t5 = time.perf_counter()

    if a.windows_out:
        with open(a.windows_out, "w") as f:
            for (ap, start), row, s, d, y in zip(features.index, features.itertuples(index=False), samples,
                                                 decision, predictions):
                f.write(json.dumps({"entity": ap, "window_start_us": int(start), "event_count": int(row[0]),
                                    "features": dict(zip(FEATURE_NAMES, row[1:])), "score_samples": float(s),
                                    "decision_function": float(d), "predict": int(y)}) + "\n")
    print(json.dumps({
        "read_s": round(t1 - t0, 4), "features_s": round(t3 - t1, 4), "normalize_s": round(t2 - t1, 4),
        "score_s": round(t5 - t3, 4), "load_s": round(t4 - t3, 4), "total_s": round(t5 - t0, 4),
        "import_s": round(IMPORT_S, 4),
        "events": int(len(raw)), "late": late, "windows": int(len(features)), "skipped": skipped,
        "anomalies": int((predictions == -1).sum()),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
