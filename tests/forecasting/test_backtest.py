"""The backtest cannot see the future: changing every day after a fold's cut-off leaves that
fold's forecasts exactly as they were, for every model family."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from smartstock.forecasting.core import backtest, engine
from smartstock.forecasting.core.models import (
    COST_ORDER,
    CnnLstmFamily,
    LightGBMFamily,
    StatsFamily,
)
from smartstock.forecasting.core.patterns import classify_frame
from tests.forecasting.support import panel

HORIZON, FOLDS = 14, 3


def test_cutoffs_step_back_from_the_end():
    assert backtest.cutoffs(dt.date(2024, 3, 31), 14, 3) == [dt.date(2024, 2, 18), dt.date(2024, 3, 3), dt.date(2024, 3, 17)]
    assert backtest.cutoffs(dt.date(2024, 3, 31), 14, 2, step=7) == [dt.date(2024, 3, 10), dt.date(2024, 3, 17)]


def _cv(data: pl.DataFrame, families, patterns) -> pl.DataFrame:
    truth = data.with_columns(pl.lit(False).alias("censored"))
    return backtest.cross_validate(data, truth, families, patterns, HORIZON, FOLDS)


@pytest.mark.parametrize("family", [
    StatsFamily(), LightGBMFamily(n_estimators=30), CnnLstmFamily(epochs=1),
], ids=["statistical", "lightgbm", "cnn-lstm"])
def test_no_fold_uses_data_after_its_cutoff(family):
    data = panel(n_smooth=3, n_sparse=1, days=160)
    patterns = classify_frame(data)  # the candidate sets are fixed; the models must not peek
    before = _cv(data, [family], patterns)
    assert set(before["cutoff"].unique()) == set(backtest.cutoffs(data["ds"].max(), HORIZON, FOLDS))
    in_fold = (pl.col("ds") > pl.col("cutoff")) & (pl.col("ds") <= pl.col("cutoff") + pl.duration(days=HORIZON))
    assert before.select(in_fold.all()).item()
    models = [c for c in before.columns if c not in ("unique_id", "ds", "cutoff", "y", "evaluable")]
    for cutoff in backtest.cutoffs(data["ds"].max(), HORIZON, FOLDS):
        # Wreck everything after this cut-off: its fold's forecasts must not move.
        future_changed = data.with_columns(
            pl.when(pl.col("ds") > cutoff).then(pl.col("y") * 7 + 50).otherwise(pl.col("y")).alias("y")
        )
        after = _cv(future_changed, [family], patterns)
        fold = pl.col("cutoff") == cutoff
        assert_frame_equal(before.filter(fold).select("unique_id", "ds", *models),
                           after.filter(fold).select("unique_id", "ds", *models))


def test_the_engines_backtest_is_blind_to_the_future_too():
    """End to end: candidates, selection inputs and every fold's forecasts ignore later days."""
    data = panel(n_smooth=3, n_sparse=2, days=160)
    config = engine.EngineConfig(folds=FOLDS, backtest_horizon=HORIZON)
    before = engine.run(data, HORIZON, config, backtest_only=True).backtest
    models = [c for c in before.columns if c in COST_ORDER]
    for cutoff in backtest.cutoffs(data["ds"].max(), HORIZON, FOLDS):
        changed = data.with_columns(
            pl.when(pl.col("ds") > cutoff).then(pl.col("y") * 7 + 50).otherwise(pl.col("y")).alias("y"))
        after = engine.run(changed, HORIZON, config, backtest_only=True).backtest
        fold = pl.col("cutoff") == cutoff
        assert_frame_equal(before.filter(fold).select("unique_id", "ds", *models),
                           after.filter(fold).select("unique_id", "ds", *models))
