"""Category forecasts that add up: each category's forecast is the sum of its products'.

Mean forecasts are summed (bottom-up reconciliation, coherent by construction); quantiles cannot be
summed, so each category gets its own residual paths from the backtest: the sum of its products'
chosen forecasts against the sum of their actual sales, per fold and day (stock-out days of a
product leave both sums). Reference: Hyndman & Athanasopoulos, FPP3 §11.2 (bottom-up).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from smartstock.forecasting.core import metrics, quantiles
from smartstock.forecasting.core.frames import ID, TARGET, TIME

CATEGORY = "category"
NO_CATEGORY = "(none)"


@dataclass
class CategoryResult:
    forecasts: pl.DataFrame  # category, ds, mean, p10…, products
    backtest: pl.DataFrame  # category, cutoff, ds, y, Selected, evaluable, p10…
    scores: pl.DataFrame  # category, metrics
    blocks: dict[str, np.ndarray]


def aggregate(
    forecasts: pl.DataFrame,
    cv: pl.DataFrame,
    blocks: Mapping[str, np.ndarray],
    groups: Mapping[str, str],
    qs: Sequence[float],
) -> CategoryResult:
    mapping = pl.DataFrame(
        {ID: list(groups), CATEGORY: [g or NO_CATEGORY for g in groups.values()]}, schema={ID: pl.String, CATEGORY: pl.String}
    )
    labelled = forecasts.join(mapping, on=ID, how="left").with_columns(pl.col(CATEGORY).fill_null(NO_CATEGORY))
    totals = labelled.group_by(CATEGORY, TIME).agg(pl.col("mean").sum(), pl.col(ID).n_unique().alias("products"))

    category_cv = pl.DataFrame()
    category_blocks: dict[str, np.ndarray] = {}
    scores = pl.DataFrame()
    if not cv.is_empty():
        rows = cv.filter(pl.col("evaluable")).join(mapping, on=ID, how="left").with_columns(
            pl.col(CATEGORY).fill_null(NO_CATEGORY)
        )
        category_cv = (
            rows.group_by(CATEGORY, "cutoff", TIME)
            .agg(pl.col(TARGET).sum(), pl.col("Selected").sum())
            .with_columns(pl.lit(True).alias("evaluable"))
            .sort(CATEGORY, "cutoff", TIME)
        )
        as_series = category_cv.rename({CATEGORY: ID})
        category_blocks = quantiles.residual_blocks(as_series, "Selected")
        with_bands = quantiles.held_out_quantiles(as_series, "Selected", qs)
        names = {q: quantiles.quantile_name(q) for q in qs}
        scores = metrics.evaluate(with_bands, point="Selected", quantiles=names).rename({ID: CATEGORY})
        category_cv = with_bands.rename({ID: CATEGORY})

    as_forecast = totals.rename({CATEGORY: ID}).sort(ID, TIME)
    calibrated = quantiles.calibrate(as_forecast, "mean", category_blocks, qs).rename({ID: CATEGORY})
    return CategoryResult(calibrated.sort(CATEGORY, TIME), category_cv, scores, category_blocks)
