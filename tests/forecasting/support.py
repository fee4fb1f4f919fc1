"""Small synthetic demand frames for the forecasting tests (seeded, built in memory)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

START = dt.date(2024, 1, 1)
WEEKLY = np.array([1.0, 0.9, 0.9, 1.0, 1.2, 1.5, 1.4])


def series(unique_id: str, values, start: dt.date = START, censored=None) -> pl.DataFrame:
    values = np.asarray(values, dtype=float)
    frame = pl.DataFrame({
        "unique_id": unique_id,
        "ds": pl.date_range(start, start + dt.timedelta(days=len(values) - 1), interval="1d", eager=True),
        "y": values,
    })
    if censored is not None:
        frame = frame.with_columns(pl.Series("censored", np.asarray(censored, dtype=bool)))
    return frame


def weekly(unique_id: str, days: int, level: float, seed: int, start: dt.date = START) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    shape = np.resize(np.roll(WEEKLY, -start.weekday()), days)
    return series(unique_id, rng.poisson(level * shape), start)


def intermittent(unique_id: str, days: int, rate: float, seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    return series(unique_id, (rng.random(days) < rate) * rng.integers(1, 4, days))


def panel(n_smooth: int = 4, n_sparse: int = 2, days: int = 200) -> pl.DataFrame:
    parts = [weekly(f"S{i}", days, 8 + 3 * i, seed=i) for i in range(n_smooth)]
    parts += [intermittent(f"I{i}", days, 0.2, seed=100 + i) for i in range(n_sparse)]
    return pl.concat(parts)
