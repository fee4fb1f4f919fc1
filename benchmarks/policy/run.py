"""Replenishment policy benchmark: inventory needed for a fill rate, ours against two baselines.

Datasets (the forecast benchmark's loaders, benchmarks/forecast/datasets.py, training + hold-out
concatenated, covariates not used): M5 subset (56 series), Online Retail (top 500 SKUs), store-item
(500 series). For each dataset and lead time (7 and 30 days) the last 182 days are replayed with
`smartstock.planning.core.simulate.Replay` (lost sales, daily review, no MOQ, warm-up of 30 days
before the window for both lead times, so both share the same engine forecast origins):

- ours, `ForecastPolicy(EngineForecaster)`: the engine (no CNN-LSTM, n_jobs=2) re-forecasts every 28
  days from the history before the day; a daily base-stock level for a 95 % fill rate from the
  sample paths (`forecast_quantile`, the default) and from their mean/sd (`statistical`), each SKU
  at 95 %; and (`pooled fill rate`) 95 % of the whole assortment's demand with the least stock
  (`policy.pooled_base_stock_levels`: stock where a unit saves the most shortage);
- (a) `CoveragePolicy`: the seed-2 rule with a 28-day moving average, SS = MA × 30 × L/30;
- (b) `MinMaxPolicy`: order up to (L + 21) days of MA28 when the position is at or below L + 7 days;
- (a′) reference only (not a baseline of the goals): (a) with its moving average re-estimated only
  as often as ours re-forecasts (`--reforecast-every`, default 28 days) instead of daily.

Measured: every metric of each policy untuned (ours at its 95 % target, the baselines at their
defaults); each policy tuned by bisection on its single knob to 90 / 95 / 98 % fill rate (average
inventory interpolated to exactly the target); the planning time of `policy.plan` for 500 SKUs
(median of 7 runs). Goals: ours needs ≥ 20 % less inventory than the best baseline for 95 %; our
untuned fill rate within 1 point of 95 %; stockout rate ≤ 2 %; days of supply ≤ 30; plan ≤ 1 s.
Engine forecasts are cached on disk (`--cache-dir`) by dataset and origin; the wall time of the
engine runs made by this invocation is recorded.

    .venv/bin/python benchmarks/policy/run.py [--datasets m5,online_retail,store_item] [--quick]
        [--lead-times 7,30] [--cache-dir DIR] [--wait-idle SECONDS] [--forecasts-only] [--render]
        [--reforecast-every DAYS]

Writes benchmarks/results/policy.json and .md (or --out PREFIX.json/.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import statistics
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "forecast"))

import datasets
from proc_status import status_mb


def _forecast_run_module():
    """The forecast benchmark's machine description and load monitor (shared, not copied)."""
    spec = importlib.util.spec_from_file_location("forecast_benchmark_run", HERE.parent / "forecast" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REPLAY_DAYS = 182
REFORECAST_EVERY = 28
TARGETS = (0.90, 0.95, 0.98)
TARGET = 0.95
GOALS = {"inventory_ratio": 0.80, "fill_rate_points": 0.01, "stockout_rate": 0.02, "days_of_supply": 30.0,
         "plan_seconds": 1.0}
PLAN_SKUS = 500
ID, TIME, TARGET_COL = "unique_id", "ds", "y"


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def load_demand(name: str, quick: bool):
    data = datasets.load(name, quick)
    demand = data.train.select(ID, TIME, TARGET_COL).vstack(data.test.select(ID, TIME, TARGET_COL)).sort(ID, TIME)
    return data, demand


def engine_forecaster(name: str, data, cache_dir: Path, quick: bool, source: dict | None = None,
                      min_horizon: int = 0):
    from engine_cache import DiskCachedEngine

    from smartstock.forecasting.core.engine import EngineConfig

    config = EngineConfig(use_cnn_lstm=False, n_jobs=2, holidays_country=data.holidays_country)
    folder = cache_dir / f"{name}{'-quick' if quick else ''}"
    return DiskCachedEngine(folder, config, reforecast_every=REFORECAST_EVERY, log=log, source=source,
                            min_horizon=min_horizon)


def policies(engine):
    from smartstock.planning.core import simulate as sim

    return {
        "ours (forecast quantile)": sim.ForecastPolicy(engine, TARGET, method="forecast_quantile", name="ours",
                                                       knob_name="safety_scale"),
        "ours (statistical)": sim.ForecastPolicy(engine, TARGET, method="statistical", name="ours-statistical",
                                                 knob_name="safety_scale"),
        # the same sample paths, 95 % of the assortment's demand served with the least stock
        "ours (pooled fill rate)": sim.ForecastPolicy(engine, TARGET, method="forecast_quantile", allocation="pooled",
                                                      name="ours-pooled", knob_name="service_level"),
        "(a) coverage MA28": sim.CoveragePolicy(),
        "(b) min/max days": sim.MinMaxPolicy(),
        # reference, not a baseline of the goals: (a) with its moving average re-estimated only when ours
        # re-forecasts (every 28 days), to show what the baselines' daily re-estimation is worth
        f"(a′) coverage MA28, re-estimated every {REFORECAST_EVERY} days": sim.CoveragePolicy(
            forecaster=sim.MovingAverageForecaster(window=28, reforecast_every=REFORECAST_EVERY),
            name=f"coverage-{REFORECAST_EVERY}d"),
    }


OURS_VARIANTS = ("ours (forecast quantile)", "ours (statistical)", "ours (pooled fill rate)")
BASELINES = ("(a) coverage MA28", "(b) min/max days")


def clean(value):
    import math

    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def run_dataset(name: str, args, lead_times: list[int]) -> dict:
    from smartstock.planning.core import simulate as sim

    t0 = time.perf_counter()
    data, demand = load_demand(name, args.quick)
    load_s = time.perf_counter() - t0
    warmup = max(lead_times)
    # one engine run per origin serves every lead time: the horizon of the longest (28 + L + R)
    engine = engine_forecaster(name, data, Path(args.cache_dir), args.quick, args.engine_source,
                               min_horizon=REFORECAST_EVERY + warmup + 1)
    entry = {"series": demand[ID].n_unique(), "rows": demand.height, "first": str(demand[TIME].min()),
             "last": str(demand[TIME].max()), "load_s": round(load_s, 2),
             # the loader's notes, less those about covariates: this benchmark gives the engine none
             "notes": [n for n in data.notes if "covariate" not in n and not n.startswith("price:")]
             + ["training and hold-out of the forecast benchmark's split concatenated; no covariates"],
             "zero_share": round(float((demand[TARGET_COL] == 0).mean()), 3), "lead_times": {}}
    log(f"{name}: {entry['series']} series, {demand.height:,} rows ({entry['first']} … {entry['last']})")
    for lead in lead_times:
        started = time.perf_counter()
        replay = sim.Replay(demand, lead_time=lead, replay_days=args.replay_days, warmup_days=warmup)
        if args.forecasts_only:
            for t in range(replay.sim_start, len(replay.dates_all), REFORECAST_EVERY):
                replay.forecast(engine, t, replay.horizon_for(engine))
            continue
        first, last = replay.window_dates
        result = {"window": [str(first), str(last)], "warmup_days": warmup, "untuned": {}, "curves": {}}
        for label, policy in policies(engine).items():
            clock = time.perf_counter()
            run = replay.run(policy)
            result["untuned"][label] = {**run.metrics, "knob": policy.knob, "seconds": round(time.perf_counter() - clock, 2)}
            log(f"  L={lead} {label}: fill {run.metrics['fill_rate']:.3f}, inventory {run.metrics['avg_inventory_units']:,.0f}, "
                f"{time.perf_counter() - clock:.1f} s")
        for label, policy in policies(engine).items():
            clock = time.perf_counter()
            result["curves"][label] = sim.inventory_curve(replay, policy, TARGETS)
            log(f"  L={lead} {label} curve: " + ", ".join(
                f"{c['target']:.0%}→{c['avg_inventory_units']:,.0f}{'' if c['reached'] else ' (not reached)'}"
                for c in result["curves"][label]) + f" ({time.perf_counter() - clock:.1f} s)")
        result["seconds"] = round(time.perf_counter() - started, 1)
        entry["lead_times"][str(lead)] = result
        del replay
    entry["engine_runs"] = engine.runs
    entry["engine_forecasts"] = [{"origin": str(o), "seconds": f.info.get("seconds"), "models": f.info.get("models"),
                                  "fallback": f.info.get("fallback"), "engine_source": f.info.get("source")}
                                 for o, f in sorted(engine.cache.items())]
    entry["plan_timing"] = plan_timing(engine) if not args.forecasts_only else None
    entry["peak_rss_mb"] = round(status_mb("VmHWM") or 0, 1)
    return entry


def plan_timing(engine) -> dict | None:
    """`policy.plan` for (up to) 500 SKUs from the last engine forecast: forecast-quantile safety stock
    with a 95 % fill rate from 500 lead-time demand samples per SKU, p50 path, dates. Median of 7."""
    import numpy as np

    from smartstock.planning.core import policy

    if not engine.cache:
        return None
    fc = engine.cache[max(engine.cache)]
    n = min(PLAN_SKUS, len(fc.ids))
    lead = 7
    clock = time.perf_counter()
    paths = fc.paths()[:n]
    samples = paths[:, :, :lead].sum(axis=2).astype(float)
    paths_s = time.perf_counter() - clock
    mu = fc.mean[:n, :lead].mean(axis=1)
    sigma = samples.std(axis=1) / np.sqrt(lead)
    rng = np.random.default_rng(0)
    inputs = {"on_hand": rng.uniform(0, 3, n) * mu * lead, "on_order": 0.0, "mu": mu, "sigma": sigma, "lead_time": lead,
                  "lead_time_demand_mean": samples.mean(axis=1), "lead_time_demand_samples": samples,
                  "forecast_30": fc.mean[:n, :30].sum(axis=1), "moq": 10, "pack_size": 5, "service_level": 0.95,
                  "service_measure": "fill_rate", "method": "forecast_quantile", "review_period": 7,
                  "p50_path": np.median(paths, axis=1), "today": fc.origin, "skus": fc.ids[:n]}
    times = []
    for _ in range(7):
        clock = time.perf_counter()
        frame = policy.plan(**inputs)
        times.append(time.perf_counter() - clock)
    return {"skus": n, "median_s": round(statistics.median(times), 4), "runs_s": [round(t, 4) for t in times],
            "sample_paths_s": round(paths_s, 3), "orders_needed": int(frame["order_needed"].sum()),
            "method": "forecast_quantile, fill rate 95 %, MOQ 10, pack 5, review period 7, lead time 7"}


# ---------------------------------------------------------------- goals and report

def goals(report: dict) -> list[dict]:
    out = []
    for name, entry in report["datasets"].items():
        if "error" in entry:
            continue
        for lead, r in entry["lead_times"].items():
            curves = r["curves"]

            def at(label, target=TARGET, curves=curves):
                return next(c for c in curves[label] if abs(c["target"] - target) < 1e-9)

            best = min(BASELINES, key=lambda b: at(b)["avg_inventory_units"] if at(b)["reached"] else float("inf"))
            base = at(best)
            for label in OURS_VARIANTS:
                ours = at(label)
                ratio = ours["avg_inventory_units"] / base["avg_inventory_units"] if base["avg_inventory_units"] else None
                reached = ours["reached"] and base["reached"]
                u = r["untuned"][label]
                rows = [
                    ("inventory for 95 % fill ≥ 20 % below the best baseline", ratio if reached else None,
                     lambda v: v <= GOALS["inventory_ratio"],
                     lambda v, b=best, o=ours, s=base: f"{v:.3f}× {b} ({o['avg_inventory_units']:,.0f} vs "
                                                       f"{s['avg_inventory_units']:,.0f} units)"),
                    ("untuned fill rate within 1 point of 95 %", u["fill_rate"],
                     lambda v: abs(v - TARGET) <= GOALS["fill_rate_points"] + 1e-12, lambda v: f"{v:.1%}"),
                    ("stockout rate ≤ 2 % (untuned)", u["stockout_rate"], lambda v: v <= GOALS["stockout_rate"],
                     lambda v: f"{v:.2%}"),
                    ("days of supply ≤ 30 (untuned)", u["days_of_supply"], lambda v: v <= GOALS["days_of_supply"],
                     lambda v: f"{v:.1f} days"),
                ]
                for what, value, ok, fmt in rows:
                    verdict = "not measured" if value is None else ("✅ met" if ok(value) else "❌ missed")
                    if what.startswith("inventory") and not reached:
                        verdict = "❌ target not reached"
                    out.append({"dataset": name, "lead_time": int(lead), "policy": label, "goal": what,
                                "value": value, "measured": fmt(value) if value is not None else "—",
                                "verdict": verdict})
        timing = entry.get("plan_timing")
        if timing and timing["skus"] >= PLAN_SKUS:
            out.append({"dataset": name, "lead_time": None, "policy": "plan()", "goal": f"plan() for {timing['skus']} SKUs ≤ 1 s (median of 7)",
                        "value": timing["median_s"], "measured": f"{timing['median_s'] * 1000:.0f} ms",
                        "verdict": "✅ met" if timing["median_s"] <= GOALS["plan_seconds"] else "❌ missed"})
    return out


def _pct(v, digits=1) -> str:
    return "—" if v is None else f"{v * 100:.{digits}f} %"


def _n(v, digits=0) -> str:
    return "—" if v is None else f"{v:,.{digits}f}"


def markdown(report: dict) -> str:
    m = report["machine"]
    load = report.get("load") or {}
    idle = ("idle: other processes together used at most half a core in every 5-s sample" if load.get("idle")
            else f"NOT idle: other processes used up to {load.get('others_pct_max')} % of a core (mean "
                 f"{load.get('others_pct_mean')} %), the busiest {load.get('busiest_other_pct_max')} % "
                 f"({load.get('busiest_other')})") if load.get("samples") else "load not sampled"
    lines = [
        "# Replenishment policy — inventory needed for a fill rate, replaying the last 182 days", "",
        (f"Machine: {m['arch']}, {m['cores']} cores, {m['cpu']}, {m['memory_mb']:,} MB RAM; Python {m['python']}, "
        f"polars {m['polars']}, numpy {m['numpy']}, statsforecast {m['statsforecast']}, lightgbm {m['lightgbm']}; "
        f"{report['date']}."), "",
        f"Machine load during the run: {idle}. Busy python processes at the start: "
        f"{', '.join(report['busy_at_start']) or 'none'}"
        + (f"; waited {report['waited_for_idle']['waited_s']} s for an idle machine "
           f"({'found' if report['waited_for_idle']['idle'] else 'not found'})" if report.get("waited_for_idle") else "")
        + f". Whole benchmark: {report['total_s']:.0f} s (engine runs made by this invocation: "
        f"{report['engine_seconds']:.0f} s; the rest came from the forecast cache).", "",
        f"Command: `{report['command']}`" + (" — **quick run: 40 series per dataset, not a result**"
                                             if report["quick"] else ""), "",
        ("Replay (`smartstock.planning.core.simulate.Replay`): lost sales; each day receive, serve, review; daily "
        "review; an order placed at the end of day t arrives at the start of day t + L; no MOQ or pack size; "
        f"the simulation starts {report['warmup_days']} days before the 182-day window with each SKU holding the "
        "policy's own order-up-to level (from the history before it), and only the window is counted. Fill rate = "
        "units served / demanded; stockout rate = share of active SKU-days (the SKU had sold before) with unmet "
        "demand; average inventory = mean end-of-day units on hand summed over SKUs; days of supply = average "
        "inventory / average daily demand. Tuned: bisection on each policy's one knob (ours: the fill-rate "
        "target-95 % safety stock's scale, −1 … 20; ours (pooled fill rate): the assortment's fill-rate target "
        "β, 0.5 … 0.9995; (a): the multiplier on the coverage safety stock, −1 … 20; "
        "(b): min and max days scaled together, 0.02 … 20; negative values take the reorder point below the "
        "mean, allowed only so that a policy whose zero safety stock already over-serves can be tuned down) until "
        "a run is within 0.05 points above the target; the inventory is interpolated between the last runs "
        "below and above, to exactly the target. Ours: `ForecastPolicy` on the engine's forecasts (no CNN-LSTM, "
        f"n_jobs=2, re-forecast every {report['reforecast_every']} days from the history before the day, 500 sample "
        "paths), "
        "daily base-stock level from the per-day expected shortage; baselines on a 28-day moving average "
        "recomputed daily. Best baseline = the one needing less inventory for 95 %."), "",
        *[line for n in report.get("notes", []) for line in (f"Note: {n}", "")],
        "## Goals", "", "| dataset | L | policy | goal | measured | verdict |", "|---|---|---|---|---|---|",
    ]
    for g in report["goals"]:
        lines.append(f"| {g['dataset']} | {g['lead_time'] or '—'} | {g.get('policy', '')} | {g['goal']} | "
                     f"{g['measured']} | {g['verdict']} |")
    lines += tradeoff_lines(report)
    for name, entry in report["datasets"].items():
        lines += ["", f"## {name}", ""]
        if "error" in entry:
            lines += [f"Failed: `{entry['error']}`"]
            continue
        lines += [(f"{entry['series']} series, {entry['rows']:,} rows, {entry['first']} … {entry['last']} "
                  f"({entry['zero_share']:.0%} zero days). Loaded in {entry['load_s']:.1f} s; peak memory "
                  f"(VmHWM) {entry['peak_rss_mb']:,.0f} MB.")]
        lines += [f"- {n}" for n in entry["notes"]]
        if entry.get("load"):
            lines += [f"- machine load meanwhile: {_load(entry['load'])}"]
        runs = entry.get("engine_forecasts") or []
        if runs:
            secs = [r["seconds"] for r in runs if r["seconds"] is not None]
            sources = {json.dumps(r.get("engine_source"), sort_keys=True) for r in runs}
            lines += ["- engine code of the forecasts: " + "; ".join(
                "not recorded" if src == "null" else
                f"commit {json.loads(src)['commit']}, core sha256 {json.loads(src)['core_sha256']}"
                + (f", uncommitted {json.loads(src)['core_uncommitted']}" if json.loads(src)["core_uncommitted"] else "")
                for src in sorted(sources))]
            lines += [(f"- engine forecasts: {len(runs)} origins ({runs[0]['origin']} … {runs[-1]['origin']}), "
                      f"{sum(secs):.0f} s of engine time when they were made (median {statistics.median(secs):.1f} s per "
                      f"origin); {len(entry.get('engine_runs') or [])} made by this invocation, the rest from the cache")]
        for lead, r in entry["lead_times"].items():
            lines += ["", (f"### {name}, lead time {lead} days — window {r['window'][0]} … {r['window'][1]} "
                          f"({r['seconds']:.0f} s)"), "",
                      "Untuned (ours at a 95 % target; baselines at their defaults):", "",
                      "| policy | knob | fill rate | stockout rate | avg inventory (units) | days of supply | orders | lost units |",
                      "|---|---|---|---|---|---|---|---|"]
            for label, u in r["untuned"].items():
                lines.append(f"| {label} | {u['knob']:.3g} | {_pct(u['fill_rate'], 2)} | {_pct(u['stockout_rate'], 2)} | "
                             f"{_n(u['avg_inventory_units'])} | {_n(u['days_of_supply'], 1)} | {u['orders']:,} | "
                             f"{_n(u['lost_units'])} |")
            lines += ["", ("Average inventory (units) each policy needs, tuned to each fill rate (knob; achieved fill "
                          "rate of the run at that knob; days of supply; stockout rate):"), "",
                      "| policy | " + " | ".join(f"{t:.0%}" for t in TARGETS) + " |", "|---|" + "---|" * len(TARGETS)]
            for label, curve in r["curves"].items():
                cells = [f"{c['avg_inventory_units']:,.0f} (knob {c['knob']:.4g}; {c['fill_rate']:.2%}; "
                         f"{_n(c['days_of_supply'], 1)} d; {_pct(c.get('stockout_rate'))})"
                         + ("" if c["reached"] else " **not reached**") for c in curve]
                lines.append(f"| {label} | " + " | ".join(cells) + " |")
        t = entry.get("plan_timing")
        if t:
            lines += ["", (f"`policy.plan` for {t['skus']} SKUs ({t['method']}): median {t['median_s'] * 1000:.0f} ms "
                          f"over 7 runs ({', '.join(f'{x * 1000:.0f}' for x in t['runs_s'])} ms); drawing the 500 sample "
                          f"paths per SKU beforehand took {t['sample_paths_s']:.2f} s (the forecasting side's job).")]
    return "\n".join(lines) + "\n"


def tradeoff_lines(report: dict) -> list[str]:
    """Stockout rate (share of active SKU-days with unmet demand) of every policy when tuned to 90, 95 and
    98 % fill rate: the stockout goal compared across policies at the same fill rate."""
    rows = []
    for name, entry in report["datasets"].items():
        for lead, r in (entry.get("lead_times") or {}).items():
            for label, curve in r["curves"].items():
                cells = [f"{_pct(c.get('stockout_rate'), 2)}" + ("" if c["reached"] else " (not reached)") for c in curve]
                rows.append(f"| {name} | {lead} | {label} | " + " | ".join(cells) + " |")
    if not rows:
        return []
    return ["", "## Fill rate against stockout rate", "",
            ("With daily review, a 95 % fill rate (units) and a ≤ 2 % stockout rate (SKU-days) ask for different "
             "things: the fill rate counts units short, the stockout rate counts days with any shortage, so a "
             "policy can serve 95 % of the units while running short by a few units on many days. Every "
             "policy's stockout rate when tuned to the same fill rate (the baselines too):"), "",
            "| dataset | L | policy | " + " | ".join(f"at {t:.0%} fill" for t in TARGETS) + " |",
            "|---|---|---|" + "---|" * len(TARGETS), *rows]


def _load(load: dict) -> str:
    if not load or not load.get("samples"):
        return "load not sampled"
    if load["idle"]:
        return f"idle (other processes ≤ 50 % of a core in every 5-s sample; mean {load['others_pct_mean']} %)"
    return (f"NOT idle: other processes used up to {load['others_pct_max']} % of a core (mean "
            f"{load['others_pct_mean']} %), the busiest {load['busiest_other_pct_max']} % ({load['busiest_other']})")


def write(report: dict, prefix: Path) -> None:
    report["goals"] = goals(report)
    prefix.parent.mkdir(parents=True, exist_ok=True)
    prefix.with_suffix(".json").write_text(json.dumps(clean(report), indent=2, ensure_ascii=False, default=str) + "\n")
    prefix.with_suffix(".md").write_text(markdown(report))


def main() -> None:
    global REFORECAST_EVERY
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default="m5,online_retail,store_item")
    parser.add_argument("--lead-times", default="7,30")
    parser.add_argument("--replay-days", type=int, default=REPLAY_DAYS)
    parser.add_argument("--quick", action="store_true", help="40 series per dataset (development)")
    parser.add_argument("--cache-dir", default="/tmp/smartstock-policy-benchmark-cache",
                        help="engine forecasts by dataset and origin (reused by both lead times and by re-runs)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "policy"))
    parser.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS")
    parser.add_argument("--forecasts-only", action="store_true", help="only fill the engine forecast cache")
    parser.add_argument("--reforecast-every", type=int, default=REFORECAST_EVERY, metavar="DAYS",
                        help="days between engine re-forecasts (default 28; the product re-forecasts nightly)")
    parser.add_argument("--render", action="store_true", help="only rewrite PREFIX.md from PREFIX.json")
    parser.add_argument("--note", action="append", default=[], help="a note recorded with the results (repeatable)")
    args = parser.parse_args()
    prefix = Path(args.out)
    if args.render:
        report = json.loads(prefix.with_suffix(".json").read_text())
        write(report, prefix)
        return
    REFORECAST_EVERY = args.reforecast_every
    fr = _forecast_run_module()
    args.engine_source = fr.engine_source()
    lead_times = [int(x) for x in args.lead_times.split(",")]
    waited = fr.wait_until_idle(args.wait_idle) if args.wait_idle > 0 else None
    report = {"machine": fr.machine(), "waited_for_idle": waited, "date": dt.date.today().isoformat(),
              "quick": args.quick, "replay_days": args.replay_days, "warmup_days": max(lead_times),
              "reforecast_every": REFORECAST_EVERY, "targets": list(TARGETS), "goals_definition": GOALS,
              "busy_at_start": fr.busy_processes(), "notes": args.note,
              "command": " ".join([".venv/bin/python benchmarks/policy/run.py", *sys.argv[1:]]), "datasets": {}}
    monitor = fr.LoadMonitor()
    monitor.start()
    t_all = time.perf_counter()
    for name in args.datasets.split(","):
        first_sample = len(monitor.samples)
        try:
            entry = run_dataset(name, args, lead_times)
        except Exception as exc:  # noqa: BLE001 - recorded, not hidden
            log(f"{name} failed: {exc!r}")
            entry = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}
        entry["load"] = monitor.summary(first_sample)
        report["datasets"][name] = entry
        report["total_s"] = round(time.perf_counter() - t_all, 1)
        report["load"] = monitor.summary()
        report["engine_seconds"] = sum(r["seconds"] for e in report["datasets"].values()
                                       for r in e.get("engine_runs", []))
        if not args.forecasts_only:
            write(report, prefix)
    monitor.stop.set()
    monitor.join()
    if args.forecasts_only:
        log(f"forecast cache filled in {time.perf_counter() - t_all:.0f} s")
        return
    report["total_s"] = round(time.perf_counter() - t_all, 1)
    report["load"] = monitor.summary()
    write(report, prefix)
    print(prefix.with_suffix(".md").read_text())


if __name__ == "__main__":
    main()
