"""Forecasts for products with too little history to backtest.

A new product's daily level is its own mean sale over its last 28 days, or since its first sale if
it is younger (or the user's manual value) — the same window as the category's level below, so one
huge order in its launch weeks does not set its level for good (Online Retail: one order of 74,215
units set a level of ~650 a day for a product selling ~15). Its shape over the horizon is its
category's: the category's forecast divided by the category's recent (28-day) level, so a category
that sells more on weekends or before 추석 passes that on.
Its uncertainty is borrowed the same way: its peers' backtest residual paths, each divided by
that peer's level over the days those residuals were measured on and multiplied by the new
product's level. That level is the mean of the peer's demand and of its backtest forecast over the
backtest window, (ȳ + ŷ̄)/2, so a fold's mean relative error stays within ±2 × folds however
far the forecast was off. (Dividing by the peer's last-28-day level instead let a peer whose sales
had nearly stopped — level 1.4 a day against residuals of ±240 measured when it sold 30 a day —
blow a new product's band up a hundredfold.)
A product whose category has no established products uses all established products; with none at
all, the shape is flat.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl

from smartstock.forecasting.core.frames import ID, TARGET, TIME

LEVEL_WINDOW = 28
MAX_PEERS = 30


@dataclass
class ColdStart:
    forecasts: pl.DataFrame  # unique_id, ds, model, mean
    blocks: dict[str, np.ndarray]


def forecast(
    new: pl.DataFrame,
    established_forecasts: pl.DataFrame | None,
    established: pl.DataFrame,
    established_blocks: Mapping[str, np.ndarray],
    horizon: int,
    groups: Mapping[str, str],
    manual_levels: Mapping[str, float],
) -> ColdStart:
    end: dt.date = max(new[TIME].max(), established[TIME].max() if not established.is_empty() else new[TIME].max())
    days = pl.date_range(end + dt.timedelta(days=1), end + dt.timedelta(days=horizon), interval="1d", eager=True)
    levels = _recent_levels(established)
    scales = _residual_scales(established, established_blocks)
    frames, blocks = [], {}
    for (series,), history in new.sort(ID, TIME).group_by(ID, maintain_order=True):
        series = str(series)
        peers = _peers(series, groups, levels)
        shape = _shape(peers, established_forecasts, levels, horizon)
        level = manual_levels.get(series, _own_level(history[TARGET].to_numpy()))
        frames.append(
            pl.DataFrame({ID: series, TIME: days, "model": "Category", "mean": level * shape})
        )
        blocks[series] = _borrowed_block(peers, established_blocks, scales, level)
    return ColdStart(pl.concat(frames) if frames else pl.DataFrame(), blocks)


def _own_level(y: np.ndarray) -> float:
    """Mean daily demand over the last `LEVEL_WINDOW` days, or since the first sale if that is later."""
    sold = np.flatnonzero(y > 0)
    return float(y[max(sold[0], y.size - LEVEL_WINDOW) :].mean()) if sold.size else 0.0


def _recent_levels(established: pl.DataFrame) -> dict[str, float]:
    if established.is_empty():
        return {}
    recent = established.filter(pl.col(TIME) > pl.col(TIME).max() - pl.duration(days=LEVEL_WINDOW))
    return {str(k): float(v) for k, v in recent.group_by(ID).agg(pl.col(TARGET).mean()).iter_rows() if v and v > 0}


def _peers(series: str, groups: Mapping[str, str], levels: Mapping[str, float]) -> list[str]:
    group = groups.get(series)
    same = sorted(i for i in levels if group is not None and groups.get(i) == group)
    return (same or sorted(levels))[:MAX_PEERS]


def _shape(peers: list[str], forecasts: pl.DataFrame | None, levels: Mapping[str, float], horizon: int) -> np.ndarray:
    if not peers or forecasts is None:
        return np.ones(horizon)
    total = forecasts.filter(pl.col(ID).is_in(peers)).group_by(TIME).agg(pl.col("mean").sum()).sort(TIME)
    level = sum(levels[p] for p in peers)
    shape = total["mean"].to_numpy()[:horizon] / level
    return np.pad(shape, (0, horizon - shape.size), constant_values=1.0) if shape.size < horizon else shape


def _residual_scales(established: pl.DataFrame, blocks: Mapping[str, np.ndarray]) -> dict[str, float]:
    """Per established series with residuals, the level its residuals were measured at: the mean of
    its demand ȳ and of its backtest forecast ŷ̄ = ȳ − r̄ over the backtest window (the last
    folds × h days of its history, where folds × h is the block's shape). Series whose demand and
    forecast were both zero there have no scale (their residuals say nothing relative)."""
    if established.is_empty() or not blocks:
        return {}
    history = {str(k[0]): g.sort(TIME)[TARGET].to_numpy().astype(float) for k, g in established.group_by(ID)}
    scales = {}
    for series, block in blocks.items():
        y = history.get(series)
        block = np.atleast_2d(np.asarray(block, dtype=float))
        if y is None or block.size == 0 or np.isnan(block).all():
            continue
        y_bar = float(y[-block.size :].mean())
        f_bar = max(y_bar - float(np.nanmean(block)), 0.0)
        scale = (y_bar + f_bar) / 2.0
        if scale > 0:
            scales[series] = scale
    return scales


def _borrowed_block(
    peers: list[str], blocks: Mapping[str, np.ndarray], scales: Mapping[str, float], level: float
) -> np.ndarray:
    scaled = [blocks[p] / scales[p] * level for p in peers if p in blocks and p in scales]
    if not scaled:
        return np.empty((0, 0))
    width = max(b.shape[1] for b in scaled)
    return np.vstack([np.pad(b, ((0, 0), (0, width - b.shape[1])), constant_values=np.nan) for b in scaled])
