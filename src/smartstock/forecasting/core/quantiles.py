"""Calibrated quantiles from backtest residuals, daily and summed over any lead time.

For each series the backtest leaves residual paths r_f = y − ŷ over the h days after each cut-off
f (split conformal prediction: the residuals come from forecasts the model made without seeing
those days). Each fold's residuals are split into its level error m_f (their mean: the forecast
was too low or too high throughout) and day-to-day noise e_{f,t} = r_{f,t} − m_f. Demand on
forecast day t is then simulated as

    D_t = max(0, ŷ_t + M + E_t),   M ~ Normal(mean m_f, s²),   E_t drawn from all e_{f,t},

with one M per sample path, so a level error persists across the path, and
s² = max(0, Var(m_f) − Var(e)/h) (the fold means also carry averaged noise). Daily quantiles are
the paths' marginal quantiles (they never cross and agree with the totals); lead-time quantiles
are quantiles of Σ_{t≤L} D_t over the paths, never sums of daily quantiles. Paths use a fixed seed,
so the same inputs give the same quantiles. With no residuals the paths are the point forecast.
Reference: Stankeviciute et al., "Conformal time-series forecasting" (NeurIPS 2021); Hyndman &
Athanasopoulos, FPP3 §5.5 (bootstrapped residuals).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from smartstock.forecasting.core.frames import ID, TARGET, TIME

DEFAULT_QUANTILES = (0.1, 0.5, 0.9)
PATHS = 1000


def quantile_name(q: float) -> str:
    """0.1 → 'p10', 0.95 → 'p95', 0.975 → 'p97.5'."""
    return f"p{round(q * 100, 1):g}"


def _runs(keys: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of equal consecutive values in a sorted key array."""
    if keys.size == 0:
        return []
    edges = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    bounds = np.concatenate([[0], edges, [keys.size]])
    return list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))


def _fold_rows(cv: pl.DataFrame, column: str) -> tuple[pl.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """cv sorted by series, cut-off and day, with numpy arrays of its residuals (NaN where not
    evaluable), forecasts and a (series, fold) group code."""
    data = cv.sort(ID, "cutoff", TIME)
    residual = data.select(
        pl.when(pl.col("evaluable")).then(pl.col(TARGET) - pl.col(column)).cast(pl.Float64)
    ).to_series().fill_null(float("nan")).to_numpy()
    forecast = data[column].cast(pl.Float64).fill_null(0.0).fill_nan(0.0).to_numpy()
    groups = data.select(pl.struct(ID, "cutoff").rank("dense")).to_series().to_numpy()
    return data, residual, forecast, groups


def residual_blocks(cv: pl.DataFrame, column: str) -> dict[str, np.ndarray]:
    """Per series, a (folds × h) array of y − forecast; NaN where the day is not evaluable."""
    data, residual, _, groups = _fold_rows(cv, column)
    series = data[ID].cast(pl.String).to_numpy()
    blocks: dict[str, np.ndarray] = {}
    for start, end in _runs(series):
        rows = [residual[a + start : b + start] for a, b in _runs(groups[start:end])]
        width = max(len(r) for r in rows)
        blocks[str(series[start])] = np.vstack([np.pad(r, (0, width - len(r)), constant_values=np.nan) for r in rows])
    return blocks


def decompose(block: np.ndarray) -> tuple[np.ndarray, float, float]:
    """(noise, mean level error, level-error spread) of a residual block (folds × days, NaN skipped)."""
    rows = [r[~np.isnan(r)] for r in np.atleast_2d(np.asarray(block, dtype=float))]
    rows = [r for r in rows if r.size]
    if not rows:
        return np.empty(0), 0.0, 0.0
    means = np.array([r.mean() for r in rows])
    noise = np.concatenate([r - r.mean() for r in rows])
    days = float(np.mean([r.size for r in rows]))
    # one fold: its level error is the only evidence of how far off a level can be
    spread = float(means.var(ddof=1)) if means.size > 1 else float(means[0] ** 2)
    level_var = max(0.0, spread - float(noise.var()) / days)
    return noise, float(means.mean()), float(np.sqrt(level_var))


def sample_paths(mean_path: np.ndarray, block: np.ndarray, paths: int = PATHS, seed: int = 0) -> np.ndarray:
    """Simulated demand paths: an array (paths × len(mean_path)), each value ≥ 0."""
    mean_path = np.asarray(mean_path, dtype=float)
    noise, center, spread = decompose(block)
    if noise.size == 0 and center == 0 and spread == 0:
        return mean_path[None, :].clip(min=0.0)
    rng = np.random.default_rng(seed)
    level = center + spread * rng.standard_normal((paths, 1))
    shocks = rng.choice(noise, size=(paths, mean_path.size)) if noise.size else 0.0
    return np.clip(mean_path + level + shocks, 0.0, None)


def daily_quantiles(
    mean_path: np.ndarray, block: np.ndarray, quantiles: Sequence[float], paths: int = PATHS
) -> np.ndarray:
    """(len(quantiles) × days) quantiles of daily demand; rows ascending, so they never cross."""
    paths = sample_paths(mean_path, block, paths)
    return np.sort(np.quantile(paths, quantiles, axis=0, method="linear"), axis=0)


def lead_time_quantiles(
    mean_path: np.ndarray, block: np.ndarray, lead_time: int, quantiles: Sequence[float]
) -> np.ndarray:
    """Quantiles of total demand over the first `lead_time` days (lead_time ≤ len(mean_path))."""
    if lead_time <= 0:
        return np.zeros(len(quantiles))
    if lead_time > len(mean_path):
        raise ValueError(f"lead time {lead_time} is longer than the forecast ({len(mean_path)} days)")
    totals = sample_paths(mean_path[:lead_time], block).sum(axis=1)
    return np.sort(np.quantile(totals, quantiles, method="linear"))


def calibrate(
    point: pl.DataFrame, column: str, blocks: dict[str, np.ndarray], quantiles: Sequence[float]
) -> pl.DataFrame:
    """Adds one column per quantile (`p10`, `p50`, …) to a forecast frame of `unique_id, ds, column`."""
    parts = []
    for (series,), group in point.sort(ID, TIME).group_by(ID, maintain_order=True):
        path = group[column].to_numpy().astype(float)
        block = blocks.get(str(series), np.empty((0, 0)))
        values = daily_quantiles(path, block, quantiles)
        parts.append(group.with_columns(pl.Series(quantile_name(q), values[k]) for k, q in enumerate(quantiles)))
    if not parts:
        return point.with_columns(pl.lit(None, pl.Float64).alias(quantile_name(q)) for q in quantiles)
    return pl.concat(parts)


def held_out_quantiles(cv: pl.DataFrame, column: str, quantiles: Sequence[float], paths: int = 200) -> pl.DataFrame:
    """Backtest quantile columns for `column` where fold f's bands come only from the other folds'
    residuals (leave one fold out), so backtest coverage is not scored on its own calibration data."""
    data, residual, forecast, groups = _fold_rows(cv, column)
    if data.is_empty():
        return cv
    series = data[ID].cast(pl.String).to_numpy()
    out = np.zeros((len(quantiles), data.height))
    for start, end in _runs(series):
        folds = [(a + start, b + start) for a, b in _runs(groups[start:end])]
        width = max(b - a for a, b in folds)
        block = np.vstack([np.pad(residual[a:b], (0, width - (b - a)), constant_values=np.nan) for a, b in folds])
        for k, (a, b) in enumerate(folds):
            others = np.delete(block, k, axis=0) if len(folds) > 1 else np.empty((0, 0))
            out[:, a:b] = daily_quantiles(forecast[a:b], others, quantiles, paths)
    return data.with_columns(pl.Series(quantile_name(q), out[k]) for k, q in enumerate(quantiles))
