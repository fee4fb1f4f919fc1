"""Accuracy metrics, per series and pooled over any grouping.

With actuals y, point forecasts ŷ, quantile forecasts q_τ and n evaluated points:

- WAPE  = Σ|y − ŷ| / Σ|y|                        (the seeds' KPI; 0 when both sums are 0)
- sMAPE = (1/n) Σ 2|y − ŷ| / (|y| + |ŷ|)          (a point with y = ŷ = 0 counts as 0; range 0…2)
- MAE   = (1/n) Σ|y − ŷ|,   RMSE = √((1/n) Σ(y − ŷ)²)
- MASE  = MAE / s,  s = mean |y_t − y_{t−m}| over the series' training data (m = 7, weekly naive)
- RMSSE = RMSE / √(mean (y_t − y_{t−1})² over training)            (M5's accuracy measure)
- bias  = Σ(ŷ − y) / Σ|y|                        (positive: over-forecast)
- coverage = share of points with q_lo ≤ y ≤ q_hi
- scaled pinball = mean over τ of (1/n) Σ ρ_τ(y − q_τ) / s₁, ρ_τ(u) = max(τu, (τ − 1)u),
  s₁ = mean |y_t − y_{t−1}| over training                          (M5's uncertainty measure, SPL)

Pooled over a group of series (a category, a run), sums are pooled for WAPE and bias (so big
series weigh more, as the KPI intends) and the scaled measures are averaged per series.
Reference: Hyndman & Koehler (2006); Makridakis et al., "The M5 competition" (IJF 2022).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from smartstock.forecasting.core.frames import ID, TARGET, TIME

METRICS = ("wape", "smape", "mae", "rmse", "mase", "rmsse", "bias", "coverage", "pinball")


def wape(y: np.ndarray, yhat: np.ndarray) -> float:
    denom = np.abs(y).sum()
    num = np.abs(y - yhat).sum()
    return float(num / denom) if denom > 0 else (0.0 if num == 0 else float("inf"))


def smape(y: np.ndarray, yhat: np.ndarray) -> float:
    denom = np.abs(y) + np.abs(yhat)
    ratio = np.divide(2 * np.abs(y - yhat), denom, out=np.zeros_like(denom, dtype=float), where=denom > 0)
    return float(ratio.mean()) if ratio.size else float("nan")


def pinball(y: np.ndarray, q: np.ndarray, tau: float) -> float:
    u = y - q
    return float(np.maximum(tau * u, (tau - 1) * u).mean())


def scales(train: pl.DataFrame, season: int = 7) -> pl.DataFrame:
    """Per-series denominators from training data: `scale_mase`, `scale_rmsse`, `scale_pinball`.

    A series too short or too flat to have a scale gets NaN; its scaled measures are then NaN and
    drop out of pooled means, instead of dividing by zero.
    """
    diffs = train.sort(ID, TIME).with_columns(
        (pl.col(TARGET) - pl.col(TARGET).shift(season)).over(ID).abs().alias("_ds"),
        (pl.col(TARGET) - pl.col(TARGET).shift(1)).over(ID).alias("_d1"),
    )
    out = diffs.group_by(ID).agg(
        pl.col("_ds").mean().alias("scale_mase"),
        (pl.col("_d1") ** 2).mean().sqrt().alias("scale_rmsse"),
        pl.col("_d1").abs().mean().alias("scale_pinball"),
    )
    return out.with_columns(
        pl.when(pl.col(c) > 0).then(pl.col(c)).otherwise(None).fill_null(float("nan")).alias(c)
        for c in ("scale_mase", "scale_rmsse", "scale_pinball")
    )


def evaluate(
    df: pl.DataFrame,
    *,
    point: str,
    quantiles: dict[float, str] | None = None,
    scale: pl.DataFrame | None = None,
    by: Sequence[str] = (ID,),
    interval: tuple[float, float] = (0.1, 0.9),
) -> pl.DataFrame:
    """Metrics of one forecast column against `y`, one row per group in `by`.

    `df` has `unique_id`, `y`, the column `point` and optionally the quantile columns named in
    `quantiles` ({0.1: "p10", ...}); `scale` comes from `scales(train)`. Rows flagged `evaluable`
    False (censored days) are left out when that column exists.
    """
    data = df.filter(pl.col("evaluable")) if "evaluable" in df.columns else df
    if scale is not None:
        data = data.join(scale, on=ID, how="left")
    err = pl.col(point) - pl.col(TARGET)
    abs_sum = pl.col(TARGET).abs().sum()
    aggs = [
        pl.len().alias("n"),
        pl.col(TARGET).sum().alias("actual"),
        pl.col(point).sum().alias("forecast"),
        (err.abs().sum() / abs_sum).alias("wape"),
        (
            pl.when((pl.col(TARGET).abs() + pl.col(point).abs()) > 0)
            .then(2 * err.abs() / (pl.col(TARGET).abs() + pl.col(point).abs()))
            .otherwise(0.0)
            .mean()
        ).alias("smape"),
        err.abs().mean().alias("mae"),
        (err**2).mean().sqrt().alias("rmse"),
        (err.sum() / abs_sum).alias("bias"),
    ]
    if quantiles:
        lo, hi = quantiles.get(interval[0]), quantiles.get(interval[1])
        if lo and hi:
            aggs.append(
                ((pl.col(TARGET) >= pl.col(lo)) & (pl.col(TARGET) <= pl.col(hi))).mean().alias("coverage")
            )
    out = data.group_by(list(by)).agg(aggs) if by else data.select(aggs)
    # 0/0 (no demand, no error) is a perfect score, not undefined.
    out = out.with_columns(
        pl.when(pl.col("actual").abs() == 0).then(
            pl.when(pl.col("mae") == 0).then(0.0).otherwise(float("inf"))
        ).otherwise(pl.col(c)).alias(c)
        for c in ("wape", "bias")
    )
    if scale is not None:
        per_series = data.group_by(ID).agg(
            (err.abs().mean() / pl.col("scale_mase").first()).alias("mase"),
            ((err**2).mean().sqrt() / pl.col("scale_rmsse").first()).alias("rmsse"),
            *(
                [_pinball_expr(quantiles, pl.col("scale_pinball").first()).alias("pinball")]
                if quantiles
                else []
            ),
            *(pl.col(c).first() for c in by if c != ID),
        )
        scaled = [c for c in ("mase", "rmsse", "pinball") if c in per_series.columns]
        pooled = (
            per_series.group_by(list(by)).agg(pl.col(c).fill_nan(None).mean() for c in scaled)
            if by
            else per_series.select(pl.col(c).fill_nan(None).mean() for c in scaled)
        )
        out = out.join(pooled, on=list(by), how="left") if by else pl.concat([out, pooled], how="horizontal")
    return out.sort(list(by)) if by else out


def _pinball_expr(quantiles: dict[float, str], denom: pl.Expr) -> pl.Expr:
    losses = [
        pl.max_horizontal(tau * (pl.col(TARGET) - pl.col(col)), (tau - 1) * (pl.col(TARGET) - pl.col(col))).mean()
        for tau, col in quantiles.items()
    ]
    return pl.sum_horizontal(losses) / len(losses) / denom
