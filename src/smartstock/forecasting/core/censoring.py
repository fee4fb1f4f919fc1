"""Stock-out days are censored demand: what sold is a lower bound on what was wanted.

Fitting on them as if they were real zeros teaches every model that demand stops when stock does.
Instead each censored day's demand is estimated before fitting, and censored days are left out of
every accuracy metric (`evaluable` marks the rest).

The estimate for a censored day is the larger of what sold and the mean of the same series over
the last 28 uncensored days before it (0 when there are none): a level estimate, deliberately
simple, so that a long stock-out does not invent a trend.
"""

from __future__ import annotations

import polars as pl

from smartstock.forecasting.core.frames import CENSORED, ID, TARGET

LEVEL_WINDOW = 28


def impute_censored(df: pl.DataFrame, window: int = LEVEL_WINDOW) -> pl.DataFrame:
    """`y` with censored days replaced by max(sold, recent uncensored level); `censored` is kept."""
    if CENSORED not in df.columns or not df[CENSORED].any():
        return df
    observed = pl.when(~pl.col(CENSORED)).then(pl.col(TARGET))
    level = (
        observed.rolling_mean(window_size=window, min_samples=1)
        .shift(1)
        .forward_fill()
        .fill_null(0.0)
        .over(ID)
    )
    return df.with_columns(
        pl.when(pl.col(CENSORED))
        .then(pl.max_horizontal(pl.col(TARGET), level))
        .otherwise(pl.col(TARGET))
        .alias(TARGET)
    )
