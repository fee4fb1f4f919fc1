"""Metric formulas against values worked out by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
from numpy.testing import assert_allclose

from smartstock.forecasting.core import metrics

Y = np.array([3.0, 0.0, 5.0, 2.0])
F = np.array([2.0, 1.0, 5.0, 4.0])


def test_point_metrics_reference_values():
    # |e| = 1, 1, 0, 2 → Σ 4; Σ|y| = 10
    assert_allclose(metrics.wape(Y, F), 0.4)
    # 2|e|/(|y|+|f|) = 2/5, 2/1, 0, 4/6 → mean (0.4 + 2 + 0 + 0.6667)/4
    assert_allclose(metrics.smape(Y, F), (0.4 + 2 + 0 + 4 / 6) / 4)
    assert_allclose(metrics.pinball(Y, F, 0.9), np.mean([0.9, 0.1, 0.0, 0.2]))
    assert metrics.wape(np.zeros(3), np.zeros(3)) == 0.0
    assert metrics.smape(np.zeros(2), np.zeros(2)) == 0.0


def test_evaluate_matches_the_formulas_per_series_and_pooled():
    days = [dt.date(2024, 1, d) for d in range(1, 5)]
    frame = pl.DataFrame({
        "unique_id": ["a"] * 4 + ["b"] * 4,
        "ds": days * 2,
        "y": [*Y, 10.0, 10.0, 10.0, 10.0],
        "f": [*F, 9.0, 11.0, 10.0, 12.0],
        "lo": [*(F - 1), 8.0, 8.0, 8.0, 8.0],
        "hi": [*(F + 1), 12.0, 12.0, 9.0, 12.0],
    })
    train = pl.DataFrame({"unique_id": ["a"] * 8 + ["b"] * 8, "ds": [dt.date(2023, 12, d) for d in range(1, 9)] * 2,
                          "y": [1.0, 2, 3, 4, 5, 6, 7, 8, 5, 5, 5, 5, 5, 5, 5, 5]})
    scale = metrics.scales(train, season=1)
    per = metrics.evaluate(frame, point="f", quantiles={0.1: "lo", 0.9: "hi"}, scale=scale)
    a = per.filter(pl.col("unique_id") == "a").row(0, named=True)
    assert_allclose(a["wape"], 0.4)
    assert_allclose(a["mae"], 1.0)
    assert_allclose(a["rmse"], np.sqrt((1 + 1 + 0 + 4) / 4))
    assert_allclose(a["bias"], (-1 + 1 + 0 + 2) / 10)
    assert_allclose(a["coverage"], 3 / 4)  # y=2 is outside [3, 5]
    assert_allclose(a["mase"], 1.0 / 1.0)  # training steps of 1
    assert_allclose(a["rmsse"], np.sqrt(6 / 4) / 1.0)
    b = per.filter(pl.col("unique_id") == "b").row(0, named=True)
    assert b["mase"] is None  # a flat training series has no scale: no value, never a division by zero
    pooled = metrics.evaluate(frame, point="f", by=()).row(0, named=True)
    assert_allclose(pooled["wape"], (4 + 4) / (10 + 40))  # volumes pooled, not averaged per series
    assert pooled["n"] == 8


def test_evaluate_leaves_out_days_that_cannot_be_scored():
    frame = pl.DataFrame({"unique_id": ["a"] * 3, "y": [5.0, 0.0, 5.0], "f": [5.0, 5.0, 5.0],
                          "evaluable": [True, False, True]})
    assert metrics.evaluate(frame, point="f", by=()).row(0, named=True)["wape"] == 0.0
