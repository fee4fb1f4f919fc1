"""Forecast accuracy and speed of the engine against statsforecast baselines on a 28-day hold-out.

Datasets (shared data folder, see benchmarks/forecast/datasets.py and shared/data/SOURCES.md):
M5 subset (56 item × store series, prices and SNAP days as covariates known over the hold-out),
Online Retail (top 500 SKUs by units before the hold-out, through the product's own cleansing),
Store Item Demand (500 series, 730 training days; also the speed test). Every method is fitted
only on the days before the hold-out and scored on the same 28 days of every series.

Methods, side by side in one run, each dataset in a fresh subprocess (its peak memory is that
process's VmHWM, imports included; statsforecast's worker processes are reported separately):

- `SeasonalNaive` and `AutoETS` (season 7, the full default search): statsforecast called
  directly, n_jobs=2, on each series' full training history, intervals from its own `level=[80]`
  (p10/p90 = lo-80/hi-80, p50 = the point). Point and bands are clipped at 0 (demand is never
  negative; this only helps the baselines).
- `Portfolio` and `Portfolio + CNN-LSTM`: `engine.run(train, 28, EngineConfig(use_cnn_lstm=…,
  n_jobs=2, holidays_country=…, covariates=…), groups=…, future_covariates=…)`, timed end to end
  (backtest, selection, final fit, quantile calibration, category forecasts); point = `mean`.
- Every candidate alone (`result.candidate_forecast(name)`: its forecast with quantiles calibrated
  on its own backtest residuals), from the run without the CNN-LSTM; `CNN-LSTM` and its `Ensemble`
  from the run with it. A candidate covers only the series whose pattern allowed it (and none of
  the series too new for a backtest): see the `series` column, and `WAPE vs AutoETS (same series)`.

Metrics (all from `smartstock.forecasting.core.metrics.evaluate`, scales from the training data):
daily WAPE (Σ|F−A| / ΣA over series × days), WAPE of 28-day totals (Σ_i |ΣF_i − ΣA_i| / Σ_i ΣA_i),
the same over the top 20 % of series by units in the last 364 training days (the seeds' KPI,
target ≤ 15 %), RMSSE and scaled pinball loss over p10/p50/p90 (M5 style, mean over series),
p10–p90 coverage, bias, wall time. Goals, checked for both portfolios: daily WAPE and pinball
≥ 10 % below AutoETS's, coverage 80 % ± 5, the KPI ≤ 15 %; speed on store_item (500 × 730 days):
≤ 60 s without the CNN-LSTM, ≤ 180 s with it. Nothing is tuned on the hold-out.

While the benchmark runs, a monitor samples every process's CPU time every 5 s (/proc/*/stat) and
records how busy the machine was with anything but this benchmark (a dataset's run counts as idle
when all other processes together used at most half a core in every sample). `--wait-idle S` first
waits up to S seconds for 30 such quiet seconds (other engineers may share the 2 cores).

    .venv/bin/python benchmarks/forecast/run.py [--datasets m5,online_retail,store_item] [--no-cnn-lstm] [--quick]
        [--wait-idle SECONDS] [--merge] [--render] [--out PREFIX]

`--quick` keeps 40 series per dataset (development only; speed goals are then not judged).
`--merge` re-runs only the given datasets and keeps the others already in PREFIX.json (each dataset
records its own command, engine commit and machine load); `--render` rewrites PREFIX.md from PREFIX.json.
Writes benchmarks/results/forecast.json and .md (or --out PREFIX.json/.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from proc_status import machine_basics, status_mb  # noqa: E402

HORIZON = 28
N_JOBS = 2
QUANTILES = {0.1: "p10", 0.5: "p50", 0.9: "p90"}
TOP_SHARE = 0.2
VOLUME_DAYS = 364
GOALS = {"wape_ratio": 0.90, "pinball_ratio": 0.90, "coverage": (0.75, 0.85), "kpi": 0.15,
         "speed_s": {"Portfolio": 60.0, "Portfolio + CNN-LSTM": 180.0}}
SPEED_DATASET = "store_item"
PORTFOLIOS = ("Portfolio", "Portfolio + CNN-LSTM")
ID, TIME, TARGET = "unique_id", "ds", "y"


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- memory and machine

def machine() -> dict:
    import lightgbm
    import mlforecast
    import numpy
    import pandas
    import polars
    import statsforecast

    try:
        import torch
        torch_version = torch.__version__
    except ImportError:
        torch_version = None
    return {**machine_basics(), "polars": polars.__version__, "pandas": pandas.__version__,
            "numpy": numpy.__version__, "statsforecast": statsforecast.__version__,
            "mlforecast": mlforecast.__version__, "lightgbm": lightgbm.__version__, "torch": torch_version}


class LoadMonitor(threading.Thread):
    """CPU used by processes outside this benchmark's process tree, sampled every `interval` s."""

    def __init__(self, interval: float = 5.0):
        super().__init__(daemon=True)
        self.interval = interval
        self.stop = threading.Event()
        self.samples: list[dict] = []
        self.tick = os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _procs() -> dict[int, tuple[int, int, str]]:
        out = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            ppid, ticks = int(fields[1]), int(fields[11]) + int(fields[12])
            out[int(entry.name)] = (ppid, ticks, cmd[:120] or stat[stat.index("(") + 1:stat.rindex(")")])
        return out

    def _own(self, procs: dict[int, tuple[int, int, str]]) -> set[int]:
        own, me = set(), os.getpid()
        for pid in procs:
            p, seen = pid, 0
            while p > 1 and seen < 64:
                if p == me:
                    own.add(pid)
                    break
                p = procs.get(p, (0,))[0]
                seen += 1
        return own

    def run(self) -> None:
        prev, t_prev = self._procs(), time.monotonic()
        while not self.stop.wait(self.interval):
            cur, t_cur = self._procs(), time.monotonic()
            own, span = self._own(cur), (t_cur - t_prev) * self.tick
            usage = {pid: 100 * (c[1] - prev[pid][1]) / span for pid, c in cur.items() if pid in prev}
            others = {pid: u for pid, u in usage.items() if pid not in own and u > 0}
            busiest = max(others, key=others.get) if others else None
            self.samples.append({
                "own_pct": round(sum(u for pid, u in usage.items() if pid in own), 1),
                "others_pct": round(sum(others.values()), 1),
                "busiest_other_pct": round(others[busiest], 1) if busiest else 0.0,
                "busiest_other": cur[busiest][2] if busiest else None,
            })
            prev, t_prev = cur, t_cur

    def summary(self, start: int = 0) -> dict:
        samples = self.samples[start:]
        if not samples:
            return {"samples": 0, "idle": None}
        worst = max(samples, key=lambda s: s["busiest_other_pct"])
        return {
            "samples": len(samples), "interval_s": self.interval,
            "others_pct_mean": round(sum(s["others_pct"] for s in samples) / len(samples), 1),
            "others_pct_max": max(s["others_pct"] for s in samples),
            "busiest_other_pct_max": worst["busiest_other_pct"], "busiest_other": worst["busiest_other"],
            "own_pct_mean": round(sum(s["own_pct"] for s in samples) / len(samples), 1),
            "idle": max(s["others_pct"] for s in samples) <= 50.0,
        }


def wait_until_idle(max_wait_s: float, quiet_s: float = 30.0, interval: float = 5.0) -> dict:
    """Wait until processes outside this one together use at most half a core for `quiet_s` seconds."""
    monitor, t0, quiet = LoadMonitor(interval), time.monotonic(), 0.0
    prev = monitor._procs()
    while time.monotonic() - t0 < max_wait_s:
        time.sleep(interval)
        cur = monitor._procs()
        own = monitor._own(cur)
        usage = [(100 * (c[1] - prev[pid][1]) / (interval * monitor.tick), c[2])
                 for pid, c in cur.items() if pid in prev and pid not in own]
        busiest, total = max(usage, default=(0.0, "")), sum(u for u, _ in usage)
        prev = cur
        quiet = quiet + interval if total <= 50.0 else 0.0
        if quiet >= quiet_s:
            return {"waited_s": round(time.monotonic() - t0), "idle": True}
        if total > 50.0:
            log(f"waiting for an idle machine: others {total:.0f} %, busiest {busiest[1][:80]} at {busiest[0]:.0f} %")
    return {"waited_s": round(time.monotonic() - t0), "idle": False}


def busy_processes(threshold: float = 50.0) -> list[str]:
    """`ps` lines of other python processes above `threshold` % CPU (ps's lifetime average)."""
    out = subprocess.run(["ps", "-eo", "pid,pcpu,etime,args", "--sort=-pcpu"], capture_output=True, text=True).stdout
    busy = []
    for line in out.splitlines()[1:]:
        parts = line.split(None, 3)
        if len(parts) == 4 and int(parts[0]) != os.getpid() and float(parts[1]) > threshold and "python" in parts[3]:
            busy.append(line.strip()[:160])
    return busy


# ---------------------------------------------------------------- one dataset (child process)

def statsforecast_baseline(train, model_name: str):
    """SeasonalNaive(7) or AutoETS(7), full training history, own 80 % intervals; clipped at 0."""
    import polars as pl
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS, SeasonalNaive

    model = SeasonalNaive(season_length=7) if model_name == "SeasonalNaive" else AutoETS(season_length=7)
    sf = StatsForecast(models=[model], freq="1d", n_jobs=N_JOBS)
    t0 = time.perf_counter()
    out = sf.forecast(df=train.select(ID, TIME, TARGET), h=HORIZON, level=[80])
    seconds = time.perf_counter() - t0
    name = str(model)
    fc = out.select(
        pl.col(ID).cast(pl.String), pl.col(TIME).cast(pl.Date),
        pl.col(name).clip(lower_bound=0).alias("mean"),
        pl.col(f"{name}-lo-80").clip(lower_bound=0).alias("p10"),
        pl.col(name).clip(lower_bound=0).alias("p50"),
        pl.col(f"{name}-hi-80").clip(lower_bound=0).alias("p90"),
    )
    return fc, seconds


def score(fc, test, scale, top_ids: set[str], patterns=None) -> dict:
    """Hold-out metrics of a forecast frame (`unique_id, ds, mean, p10, p50, p90`)."""
    import polars as pl

    from smartstock.forecasting.core import metrics

    joined = test.join(fc.select(ID, TIME, "mean", "p10", "p50", "p90"), on=[ID, TIME], how="inner")
    ids = set(joined[ID].unique().to_list())
    expected = test.filter(pl.col(ID).is_in(list(ids))).height
    row = metrics.evaluate(joined, point="mean", quantiles=QUANTILES, scale=scale, by=()).row(0, named=True)
    totals = joined.group_by(ID).agg(pl.col(TARGET).sum().alias("a"), pl.col("mean").sum().alias("f"))
    top = totals.filter(pl.col(ID).is_in(list(top_ids)))

    def totals_wape(t) -> float | None:
        a = t["a"].sum()
        return float((t["f"] - t["a"]).abs().sum() / a) if a > 0 else None

    out = {
        "series": len(ids), "missing_days": expected - joined.height,
        "wape": row["wape"], "totals_wape": totals_wape(totals), "kpi_top20_totals_wape": totals_wape(top),
        "top20_series": top.height, "rmsse": row["rmsse"], "pinball": row["pinball"], "coverage": row["coverage"],
        "bias": row["bias"], "mase": row["mase"], "smape": row["smape"], "mae": row["mae"],
        "actual": float(row["actual"]), "forecast": float(row["forecast"]),
    }
    if patterns is not None:  # daily WAPE by demand pattern (diagnostic)
        by = joined.join(patterns, on=ID, how="left").group_by("pattern").agg(
            pl.len().alias("n"), ((pl.col("mean") - pl.col(TARGET)).abs().sum() / pl.col(TARGET).sum()).alias("wape"),
            pl.col(TARGET).sum().alias("actual"))
        out["by_pattern"] = {r["pattern"]: {"series": r["n"] // HORIZON, "wape": r["wape"], "actual": r["actual"]}
                             for r in by.iter_rows(named=True)}
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in out.items()}


def engine_run(data, use_cnn_lstm: bool) -> tuple[object, float]:
    from smartstock.forecasting.core import engine

    config = engine.EngineConfig(use_cnn_lstm=use_cnn_lstm, n_jobs=N_JOBS, holidays_country=data.holidays_country,
                                 covariates=data.covariates)
    last = [0.0]

    def progress(fraction: float, message: str) -> None:
        if fraction - last[0] >= 0.1 or fraction >= 1.0:
            last[0] = fraction
            log(f"    {fraction:4.0%} {message}")

    t0 = time.perf_counter()
    result = engine.run(data.train, HORIZON, config=config, groups=data.groups,
                        future_covariates=data.future_covariates, progress=progress)
    return result, time.perf_counter() - t0


def engine_source() -> dict:
    """Which engine code ran: the commit, uncommitted changes under forecasting/core, a hash of its files."""
    import hashlib

    core = ROOT / "src" / "smartstock" / "forecasting" / "core"
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(core.glob("*.py")))).hexdigest()[:12]

    def git(*a: str) -> str:
        return subprocess.run(["git", *a], capture_output=True, text=True, cwd=ROOT).stdout.strip()

    return {"commit": git("rev-parse", "--short", "HEAD"), "core_sha256": digest,
            "core_uncommitted": git("status", "--porcelain", "--", str(core)).splitlines()}


def child(name: str, quick: bool, cnn_lstm: bool) -> dict:
    import polars as pl

    source_at_start = engine_source()
    import datasets
    from smartstock.forecasting.core import metrics

    rss_imports = status_mb("VmRSS")
    t0 = time.perf_counter()
    data = datasets.load(name, quick)
    load_s = time.perf_counter() - t0
    log(f"{name}: {data.describe()['series']} series, {data.train.height:,} training rows, loaded in {load_s:.1f} s")
    scale = metrics.scales(data.train.select(ID, TIME, TARGET))
    recent = data.train.filter(pl.col(TIME) > data.train[TIME].max() - dt.timedelta(days=VOLUME_DAYS))
    volume = recent.group_by(ID).agg(pl.col(TARGET).sum()).sort([TARGET, ID], descending=[True, False])
    top_ids = set(volume.head(max(1, round(TOP_SHARE * volume.height)))[ID].to_list())

    methods: dict[str, dict] = {}
    forecasts: dict[str, object] = {}
    runs: dict[str, dict] = {}
    for baseline in ("SeasonalNaive", "AutoETS"):
        log(f"  {baseline} (statsforecast, n_jobs={N_JOBS}) …")
        fc, seconds = statsforecast_baseline(data.train, baseline)
        forecasts[baseline] = fc
        methods[baseline] = {"kind": "baseline", "seconds": round(seconds, 2)}
        log(f"  {baseline}: {seconds:.1f} s")

    patterns = None
    for label, use_cnn in (("Portfolio", False), ("Portfolio + CNN-LSTM", True)):
        if use_cnn and not cnn_lstm:
            continue
        log(f"  engine.run, use_cnn_lstm={use_cnn} …")
        try:
            result, seconds = engine_run(data, use_cnn)
        except Exception as exc:  # noqa: BLE001 - reported, not hidden
            log(f"  engine.run failed: {exc!r}")
            runs[label] = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}
            continue
        log(f"  {label}: {seconds:.1f} s  ({', '.join(f'{k} {v:.1f}' for k, v in result.timings.items())})")
        forecasts[label] = result.forecasts
        methods[label] = {"kind": "portfolio", "seconds": round(seconds, 2)}
        if patterns is None:
            patterns = result.series.select(ID, "pattern")
        series = result.series
        backtest = result.summary()
        runs[label] = {
            "seconds": round(seconds, 2),
            "timings": {k: round(v, 2) for k, v in result.timings.items()},
            "kinds": dict(series.group_by("kind").len().iter_rows()),
            "patterns": dict(series.group_by("pattern").len().iter_rows()),
            "chosen": dict(series.group_by("model").len().sort("len", descending=True).iter_rows()),
            "candidates": [c for c in result.candidates.columns if c not in (ID, TIME)],
            "backtest_summary": {k: round(v, 4) for k, v in backtest.items()},
        }
        wanted = runs[label]["candidates"] if not use_cnn else [c for c in ("CNN-LSTM", "Ensemble")
                                                                 if c in result.candidates.columns]
        for candidate in wanted:
            # candidate keys never collide with the baselines' (the engine has a SeasonalNaive too)
            key = f"{candidate} (candidate)" if not use_cnn or candidate == "CNN-LSTM" else \
                "Ensemble with CNN-LSTM (candidate)"
            try:
                forecasts[key] = result.candidate_forecast(candidate)
            except Exception as exc:  # noqa: BLE001
                runs[label].setdefault("candidate_errors", {})[candidate] = f"{type(exc).__name__}: {exc}"
                continue
            methods[key] = {"kind": "candidate", "seconds": None, "from": label}
        if use_cnn and "Portfolio" in forecasts and "LightGBM" in result.candidates.columns:
            # the same candidates in both runs should give the same forecasts (determinism check)
            a = forecasts["LightGBM (candidate)"].select(ID, TIME, "mean")
            b = result.candidates.select(ID, TIME, pl.col("LightGBM").alias("b"))
            diff = a.join(b, on=[ID, TIME]).select((pl.col("mean") - pl.col("b")).abs().max()).item()
            runs[label]["lightgbm_max_abs_diff_vs_portfolio_run"] = diff
        del result

    for key, fc in forecasts.items():
        methods[key].update(score(fc, data.test, scale, top_ids, patterns))
    ets = forecasts["AutoETS"]
    ets_all = methods["AutoETS"]
    for key, m in methods.items():
        m["wape_vs_autoets"] = m["wape"] / ets_all["wape"] if m["wape"] is not None else None
        m["pinball_vs_autoets"] = (m["pinball"] / ets_all["pinball"]) if m["pinball"] is not None else None
        if m["series"] < ets_all["series"]:  # a candidate on a subset: compare on the same series
            ids = forecasts[key][ID].unique().implode()
            same = score(ets.filter(pl.col(ID).is_in(ids)), data.test, scale, top_ids)
            m["autoets_same_series"] = {"wape": same["wape"], "pinball": same["pinball"]}
            m["wape_vs_autoets_same_series"] = m["wape"] / same["wape"] if same["wape"] else None
            m["pinball_vs_autoets_same_series"] = m["pinball"] / same["pinball"] if same["pinball"] else None
    import resource

    source = engine_source()
    source["changed_during_run"] = source["core_sha256"] != source_at_start["core_sha256"]
    return {
        "dataset": data.describe(), "notes": data.notes, "quick": quick, "load_s": round(load_s, 2),
        "engine_source": source,
        "top20_series": len(top_ids), "methods": methods, "engine_runs": runs,
        "rss_after_imports_mb": round(rss_imports, 1), "peak_rss_mb": round(status_mb("VmHWM"), 1),
        # forked workers inherit the parent's pages: this is not memory on top of peak_rss_mb
        "largest_worker_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }


# ---------------------------------------------------------------- goals and report

def load_text(load: dict | None) -> str:
    if not load or not load.get("samples"):
        return "load not sampled"
    if load["idle"]:
        return (f"idle (other processes together ≤ 50 % of a core in every 5-s sample; mean "
                f"{load['others_pct_mean']} %)")
    return (f"NOT idle: other processes used up to {load['others_pct_max']} % of a core (mean "
            f"{load['others_pct_mean']} %), the busiest {load['busiest_other_pct_max']} % ({load['busiest_other']})")


def goals(name: str, entry: dict, quick: bool) -> list[dict]:
    out = []
    methods = entry["methods"]
    for label in PORTFOLIOS:
        m = methods.get(label)
        if m is None:
            continue
        lo, hi = GOALS["coverage"]
        rows = [
            ("daily WAPE ≥ 10 % below AutoETS", m["wape_vs_autoets"], lambda v: v <= GOALS["wape_ratio"],
             lambda v: f"{v:.3f}× AutoETS ({m['wape']:.1%} vs {methods['AutoETS']['wape']:.1%})"),
            ("pinball ≥ 10 % below AutoETS", m["pinball_vs_autoets"], lambda v: v <= GOALS["pinball_ratio"],
             lambda v: f"{v:.3f}× AutoETS ({m['pinball']:.3f} vs {methods['AutoETS']['pinball']:.3f})"),
            ("p10–p90 coverage 80 % ± 5", m["coverage"], lambda v: lo <= v <= hi, lambda v: f"{v:.1%}"),
            ("28-day totals WAPE, top 20 % SKUs ≤ 15 %", m["kpi_top20_totals_wape"], lambda v: v <= GOALS["kpi"],
             lambda v: f"{v:.1%}"),
        ]
        if name == SPEED_DATASET:
            limit = GOALS["speed_s"][label]
            busy = "" if (entry.get("load") or {}).get("idle") else " (machine NOT idle)"
            rows.append((f"500 SKUs × 730 days end to end ≤ {limit:g} s", None if quick else m["seconds"],
                         lambda v, limit=limit: v <= limit, lambda v, busy=busy: f"{v:.1f} s{busy}"))
        for what, value, ok, fmt in rows:
            verdict = "not judged (--quick)" if value is None and quick else (
                "not measured" if value is None else ("✅ met" if ok(value) else "❌ missed"))
            out.append({"dataset": name, "method": label, "goal": what, "value": value,
                        "measured": fmt(value) if value is not None else "—", "verdict": verdict})
    return out


def _pct(v, digits: int = 1) -> str:
    return "—" if v is None else f"{v * 100:.{digits}f} %"


def _num(v, digits: int = 3) -> str:
    return "—" if v is None else f"{v:.{digits}f}"


def _ratio(v) -> str:
    return "—" if v is None else f"{v:.3f}"


ORDER = ["SeasonalNaive", "AutoETS", "Portfolio", "Portfolio + CNN-LSTM"]


def method_order(methods: dict) -> list[str]:
    rest = [k for k in methods if k not in ORDER]
    return [k for k in ORDER if k in methods] + rest


def markdown(report: dict) -> str:
    m = report["machine"]
    load = report["load"]
    idle = ("idle: other processes together used at most half a core in every 5-s sample" if load.get("idle")
            else f"NOT idle: other processes used up to {load.get('others_pct_max')} % of a core, the busiest "
            f"{load.get('busiest_other_pct_max')} % ({load.get('busiest_other')})") if load.get("samples") else "load not sampled"
    lines = [
        "# Forecast accuracy and speed — 28-day hold-out", "",
        f"Machine: {m['arch']}, {m['cores']} cores, {m['cpu']}, {m['memory_mb']:,} MB RAM; Python {m['python']}, "
        f"polars {m['polars']}, pandas {m['pandas']}, numpy {m['numpy']}, statsforecast {m['statsforecast']}, "
        f"mlforecast {m['mlforecast']}, lightgbm {m['lightgbm']}, torch {m['torch']}; {report['date']}.", "",
        f"Machine load during the (last) run: {idle} (other processes: mean {load.get('others_pct_mean', '—')} %, "
        f"max {load.get('others_pct_max', '—')} % of one core; this benchmark: mean {load.get('own_pct_mean', '—')} %). "
        f"Busy python processes at the start: {', '.join(report['busy_at_start']) or 'none'}"
        + (f"; waited {report['waited_for_idle']['waited_s']} s for an idle machine "
           f"({'found' if report['waited_for_idle']['idle'] else 'not found'})" if report.get("waited_for_idle") else "")
        + f". Whole benchmark: {report['total_s']:.0f} s.", "",
        f"Command: `{report['command']}`" + (" — **quick run: 40 series per dataset, not a result**"
                                             if report["quick"] else "")
        + ("; merged with the other datasets of earlier runs (" + "; ".join(f"`{c}`" for c in report["earlier_commands"])
           + "): each dataset below says which run, engine code and machine load it had"
           if report.get("earlier_commands") else ""), "",
        "Every method is fitted only on the days before the hold-out and scored on the same 28 days of every "
        "series, all with `smartstock.forecasting.core.metrics.evaluate` (scales from the training data). "
        "Daily WAPE = Σ|F−A|/ΣA over series × days; totals WAPE = Σ|ΣF−ΣA|/ΣΣA of each series' 28-day "
        "totals; KPI = totals WAPE over the top 20 % of series by units in the last 364 training days; "
        "RMSSE and pinball (scaled, over p10/p50/p90) are means over series (M5 style); coverage = share of "
        "days with p10 ≤ actual ≤ p90. Baselines: statsforecast `SeasonalNaive(7)` and `AutoETS(season_length=7)` "
        "(full search), n_jobs=2, full training history, their own 80 % intervals as p10/p90, clipped at 0. "
        "Portfolios: `engine.run` with `n_jobs=2`, wall time end to end. Candidates: "
        "`result.candidate_forecast(name)` (own backtest-calibrated quantiles); a candidate covers only the "
        "series its pattern allowed, so compare it with AutoETS on the same series (last two columns). "
        "Wall time: baselines = `StatsForecast.forecast`; portfolios = `engine.run`; candidates are part of "
        "their portfolio's run.", "",
        "## Goals", "",
        "| dataset | method | goal | measured | verdict |", "|---|---|---|---|---|",
    ]
    for g in report["goals"]:
        lines.append(f"| {g['dataset']} | {g['method']} | {g['goal']} | {g['measured']} | {g['verdict']} |")
    for name, entry in report["datasets"].items():
        if "error" in entry:
            lines += ["", f"## {name}", "", f"Failed: `{entry['error']}`"]
            continue
        d = entry["dataset"]
        lines += [
            "", f"## {name}", "",
            f"{d['series']} series, training {d['train_first']} … {d['train_last']} ({d['train_rows']:,} rows; "
            f"history {d['history_days_min']}–{d['history_days_max']} days, median {d['history_days_median']:.0f}; "
            f"{d['train_zero_share']:.0%} zero days), hold-out {d['holdout_first']} … {d['holdout_last']} "
            f"({d['holdout_units']:,.0f} units, {d['holdout_zero_share']:.0%} zero days). Holidays: "
            f"{d['holidays_country']}; covariates: {', '.join(d['covariates']) or 'none'}; "
            f"groups: {d['groups'] or 'none'}; KPI series (top 20 %): {entry['top20_series']}.", "",
        ]
        lines += [f"- {n}" for n in entry["notes"]]
        src = entry.get("engine_source")
        if src:
            lines += [f"- engine code: commit {src['commit']}, core files sha256 {src['core_sha256']}"
                      + (f", uncommitted: {'; '.join(src['core_uncommitted'])}" if src["core_uncommitted"] else "")
                      + (" — **the core changed while this dataset ran**" if src.get("changed_during_run") else "")]
        if entry.get("load"):
            lines += [f"- run {entry.get('started', '?')} by `{entry.get('command', '?')}`; machine load meanwhile: "
                      f"{load_text(entry['load'])}"]
        lines += [
            "", "| method | series | daily WAPE | totals WAPE | KPI top-20 % totals WAPE | RMSSE | pinball | coverage "
            "| bias | wall s | WAPE vs AutoETS | pinball vs AutoETS | WAPE vs AutoETS (same series) "
            "| pinball vs AutoETS (same series) |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for key in method_order(entry["methods"]):
            r = entry["methods"][key]
            label = f"**{key}**" if key in PORTFOLIOS else (key if r["kind"] == "candidate" else f"{key} (statsforecast)")
            lines.append(
                f"| {label} | {r['series']} | {_pct(r['wape'])} | {_pct(r['totals_wape'])} | "
                f"{_pct(r['kpi_top20_totals_wape'])} | {_num(r['rmsse'])} | {_num(r['pinball'])} | "
                f"{_pct(r['coverage'])} | {_pct(r['bias'])} | {_num(r['seconds'], 1)} | {_ratio(r['wape_vs_autoets'])} | "
                f"{_ratio(r['pinball_vs_autoets'])} | {_ratio(r.get('wape_vs_autoets_same_series'))} | "
                f"{_ratio(r.get('pinball_vs_autoets_same_series'))} |")
        for label, run in entry["engine_runs"].items():
            if "error" in run:
                lines += ["", f"{label}: **failed** — `{run['error']}`"]
                continue
            timings = ", ".join(f"{k} {v:.1f} s" for k, v in run["timings"].items())
            timings += f"; not in those timings (selection, backtest score table, cold starts, categories) " \
                       f"{run['seconds'] - sum(run['timings'].values()):.1f} s"
            chosen = ", ".join(f"{k} {v}" for k, v in run["chosen"].items())
            patterns = ", ".join(f"{k} {v}" for k, v in sorted(run["patterns"].items()))
            bt = run["backtest_summary"]
            lines += ["", f"{label}: {run['seconds']:.1f} s ({timings}). Patterns: {patterns}. Chosen: {chosen}. "
                      f"Backtest (in-sample selection) of the chosen models: WAPE {_pct(bt.get('wape'))}, "
                      f"coverage {_pct(bt.get('coverage'))}."]
            if run.get("lightgbm_max_abs_diff_vs_portfolio_run") is not None:
                lines[-1] += (" LightGBM forecasts vs the run without the CNN-LSTM: max |difference| "
                              f"{run['lightgbm_max_abs_diff_vs_portfolio_run']:.3g}.")
        by_pattern = {k: v.get("by_pattern") for k, v in entry["methods"].items() if v.get("by_pattern")}
        if by_pattern:
            pats = sorted({p for v in by_pattern.values() for p in v if p})
            lines += ["", "Daily WAPE by demand pattern (series counted by the engine's classification):", "",
                      "| method | " + " | ".join(
                          f"{p} ({by_pattern.get('AutoETS', {}).get(p, {}).get('series', '?')})" for p in pats) + " |",
                      "|---|" + "---|" * len(pats)]
            for key in [k for k in method_order(entry["methods"]) if k in by_pattern]:
                cells = [_pct(by_pattern[key].get(p, {}).get("wape")) if p in by_pattern[key] else "—" for p in pats]
                lines.append(f"| {key} | " + " | ".join(cells) + " |")
        lines += ["", f"Peak memory of this dataset's process (VmHWM, imports included): {entry['peak_rss_mb']:,.0f} MB "
                      f"({entry['rss_after_imports_mb']:,.0f} MB after imports). statsforecast's worker processes are "
                      "forked from it, so their peak RSS counts its shared pages and is not reported as extra memory. "
                      f"Dataset loaded in {entry['load_s']:.1f} s."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default="m5,online_retail,store_item")
    parser.add_argument("--no-cnn-lstm", action="store_true", help="skip the portfolio with the CNN-LSTM")
    parser.add_argument("--quick", action="store_true", help="40 series per dataset (development)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "forecast"),
                        help="output prefix (.json and .md are added)")
    parser.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                        help="first wait up to SECONDS until other processes use at most half a core for 30 s")
    parser.add_argument("--merge", action="store_true",
                        help="keep the other datasets already in PREFIX.json (re-run some datasets only)")
    parser.add_argument("--render", action="store_true", help="only rewrite PREFIX.md from PREFIX.json")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = child(args.child, args.quick, not args.no_cnn_lstm)
        Path(args.child_out).write_text(json.dumps(result, default=str))
        return

    if args.render:
        prefix = Path(args.out)
        prefix.with_suffix(".md").write_text(markdown(json.loads(prefix.with_suffix(".json").read_text())))
        return
    waited = wait_until_idle(args.wait_idle) if args.wait_idle > 0 else None
    report = {"machine": machine(), "waited_for_idle": waited, "date": dt.date.today().isoformat(), "quick": args.quick,
              "cnn_lstm": not args.no_cnn_lstm, "horizon": HORIZON, "n_jobs": N_JOBS, "goals_definition": GOALS,
              "busy_at_start": busy_processes(),
              "command": " ".join([".venv/bin/python benchmarks/forecast/run.py", *sys.argv[1:]]), "datasets": {}}
    previous = Path(args.out).with_suffix(".json")
    if args.merge and previous.exists():
        old = json.loads(previous.read_text())
        report["datasets"] = {k: v for k, v in old["datasets"].items() if k not in args.datasets.split(",")}
        for entry in report["datasets"].values():  # entries from before per-dataset load records
            entry.setdefault("load", old.get("load"))
            entry.setdefault("command", old["command"])
        report["earlier_commands"] = [*old.get("earlier_commands", []), old["command"]]
    if report["busy_at_start"]:
        log(f"warning: busy processes at start: {report['busy_at_start']}")
    monitor = LoadMonitor()
    monitor.start()
    t_all = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-forecast-") as tmp:
        for name in args.datasets.split(","):
            out = Path(tmp) / f"{name}.json"
            command = [sys.executable, __file__, "--child", name, "--child-out", str(out)]
            command += ["--quick"] * args.quick + ["--no-cnn-lstm"] * args.no_cnn_lstm
            log(f"{name} …")
            first_sample, started = len(monitor.samples), dt.datetime.now().isoformat(timespec="seconds")
            proc = subprocess.run(command, cwd=ROOT)
            if proc.returncode != 0 or not out.exists():
                report["datasets"][name] = {"error": f"child exited with {proc.returncode}"}
                log(f"{name} failed ({proc.returncode})")
                continue
            report["datasets"][name] = {**json.loads(out.read_text()), "load": monitor.summary(first_sample),
                                        "started": started, "command": report["command"]}
            write(report, monitor, t_all, args)  # after every dataset, so a stopped run leaves its results
    monitor.stop.set()
    monitor.join()
    prefix = write(report, monitor, t_all, args)
    print(prefix.with_suffix(".md").read_text())


def write(report: dict, monitor: LoadMonitor, t_all: float, args) -> Path:
    report["total_s"] = round(time.perf_counter() - t_all, 1)
    report["load"] = monitor.summary()
    report["finished"] = list(report["datasets"])
    report["goals"] = [g for name, entry in report["datasets"].items() if "error" not in entry
                       for g in goals(name, entry, args.quick)]
    prefix = Path(args.out)
    prefix.parent.mkdir(parents=True, exist_ok=True)
    prefix.with_suffix(".json").write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
    prefix.with_suffix(".md").write_text(markdown(report))
    return prefix


if __name__ == "__main__":
    main()
