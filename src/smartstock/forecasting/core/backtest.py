"""Rolling-origin cross-validation: each fold is fitted on data up to its cut-off only.

With the history ending on day T, horizon h, K folds and step s, the cut-offs are
T − h − (K − 1)s, …, T − h − s, T − h. Fold k trains on days ≤ cutoff_k and is scored on the h
days after it. The training frame each family receives is cut by a filter on the date, so no
model can see past its cut-off (tests/forecasting/test_backtest.py perturbs the future to prove it).
Reference: Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*, §5.10.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import polars as pl

from smartstock.forecasting.core.frames import CENSORED, ID, TARGET, TIME
from smartstock.forecasting.core.models import Family
from smartstock.forecasting.core.patterns import Pattern

Progress = Callable[[float, str], None]


def cutoffs(last_day: dt.date, horizon: int, folds: int, step: int | None = None) -> list[dt.date]:
    step = step or horizon
    return [last_day - dt.timedelta(days=horizon + step * k) for k in reversed(range(folds))]


def cross_validate(
    train: pl.DataFrame,
    actual: pl.DataFrame,
    families: Sequence[Family],
    patterns: dict[str, Pattern],
    horizon: int,
    folds: int,
    step: int | None = None,
    future: pl.DataFrame | None = None,
    progress: Progress | None = None,
) -> pl.DataFrame:
    """Out-of-sample forecasts for every fold: `unique_id, ds, cutoff, y, evaluable` + model columns.

    `train` is the frame models are fitted on (censored days imputed); `actual` holds what really
    sold (`y`) and whether the day can be scored (`censored` days cannot). `patterns` (series →
    demand pattern, which decides its candidates) must come from data before the first cut-off.
    """
    last_day = train[TIME].max()
    points = cutoffs(last_day, horizon, folds, step)
    # A family that can forecast all folds at once (trained once at the first cut-off) does so.
    batched = {}
    for family in families:
        if hasattr(family, "forecast_folds"):
            if progress:
                progress(0.0, f"all folds: {family.name}")
            batched[family.name] = family.forecast_folds(train, horizon, future, patterns, points)
    parts = []
    for number, cutoff in enumerate(points):
        seen = train.filter(pl.col(TIME) <= cutoff)
        # Series that had not started by the cut-off have nothing to forecast from.
        started = set(seen[ID].unique().to_list())
        fold_patterns = {i: p for i, p in patterns.items() if i in started}
        fold_future = future.filter(pl.col(TIME) > cutoff) if future is not None else None
        merged = None
        for family in families:
            if progress:
                progress(number / len(points), f"fold {number + 1}/{len(points)}: {family.name}")
            if family.name in batched:
                out = batched[family.name][number].filter(pl.col(ID).is_in(list(fold_patterns)))
            else:
                out = family.forecast(seen, horizon, fold_future, fold_patterns)
            merged = out if merged is None else merged.join(out, on=[ID, TIME], how="full", coalesce=True)
        if merged is None:
            continue
        parts.append(merged.with_columns(pl.lit(cutoff).alias("cutoff")))
    if not parts:
        return pl.DataFrame()
    cv = pl.concat(parts, how="diagonal_relaxed")
    truth = actual.select(ID, TIME, TARGET, (~pl.col(CENSORED)).alias("evaluable"))
    return cv.join(truth, on=[ID, TIME], how="inner").sort(ID, "cutoff", TIME)
