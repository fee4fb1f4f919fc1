"""The engine end to end on small synthetic panels: selection by pattern, censored days, new
products, coherent categories, lead-time totals."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from numpy.testing import assert_allclose

from smartstock.forecasting.core import engine
from smartstock.forecasting.core.frames import Columns
from tests.forecasting.support import intermittent, panel, series, weekly

FAST = engine.EngineConfig(folds=2, n_jobs=1)


@pytest.fixture(scope="module")
def result():
    data = pl.concat([panel(n_smooth=4, n_sparse=2, days=200), weekly("NEW", 30, 10, seed=9, start=dt.date(2024, 6, 19))])
    groups = {"S0": "A", "S1": "A", "S2": "B", "S3": "B", "I0": "A", "I1": "B", "NEW": "A"}
    return engine.run(data, 28, FAST, groups=groups)


def test_every_series_gets_a_forecast_with_ordered_quantiles(result):
    f = result.forecasts
    assert f.group_by("unique_id").len()["len"].to_list() == [28] * 7
    assert (f["ds"].min(), f["ds"].max()) == (dt.date(2024, 7, 19), dt.date(2024, 8, 15))
    assert ((f["p10"] <= f["p50"]) & (f["p50"] <= f["p90"]) & (f["p10"] >= 0)).all()


def test_candidates_follow_the_demand_pattern(result):
    kinds = dict(result.series.select("unique_id", "pattern").iter_rows())
    assert kinds["S0"] == "smooth" and kinds["I0"] in ("intermittent", "lumpy")
    fitted = result.scores.group_by("unique_id").agg(pl.col("model"))
    models = {r["unique_id"]: set(r["model"]) for r in fitted.iter_rows(named=True)}
    assert {"ETS", "Theta", "LightGBM", "SeasonalNaive", "Ensemble"} <= models["S0"]
    assert "CrostonSBA" not in models["S0"]
    assert {"CrostonSBA", "TSB", "ADIDA", "IMAPA"} <= models["I0"] and "ETS" not in models["I0"]


def test_the_choice_is_the_champion_or_a_clearly_better_model(result):
    metric, margin = FAST.selection_metric, FAST.champion_margin
    for sid, group in result.scores.group_by("unique_id"):
        chosen = group.filter(pl.col("selected"))
        assert chosen.height == 1
        best = group[metric].min()
        within_tolerance = chosen[metric][0] <= best * (1 + FAST.tolerance) + 1e-9
        kept_champion = best > chosen[metric][0] * (1 - margin)  # nothing else more than the margin better
        assert within_tolerance or kept_champion
    reasons = result.series.filter(pl.col("kind") == "backtested")["reason"]
    assert all("RMSE" in r for r in reasons)


def test_a_new_product_is_shaped_like_its_category_at_its_own_level(result):
    new = result.series.filter(pl.col("unique_id") == "NEW").row(0, named=True)
    assert (new["kind"], new["model"]) == ("new", "Category")
    mean = result.forecasts.filter(pl.col("unique_id") == "NEW")["mean"].to_numpy()
    assert 7 < mean.mean() < 16  # its own ~11.5 a day, not category A's ~30 a day
    weekday_shape = mean[:7] / mean[:7].mean()
    assert weekday_shape.max() / weekday_shape.min() > 1.2  # the category's weekly pattern carried over


def test_categories_are_the_sums_of_their_products(result):
    cats = result.categories.forecasts
    sums = (result.forecasts.with_columns(pl.col("unique_id").replace_strict(
        {"S0": "A", "S1": "A", "S2": "B", "S3": "B", "I0": "A", "I1": "B", "NEW": "A"}).alias("category"))
        .group_by("category", "ds").agg(pl.col("mean").sum()).sort("category", "ds"))
    assert_allclose(cats.sort("category", "ds")["mean"].to_numpy(), sums["mean"].to_numpy())
    assert ((cats["p10"] <= cats["mean"] * 1.5) & (cats["p10"] <= cats["p90"])).all()
    assert set(result.categories.scores["category"]) == {"A", "B"}


def test_lead_time_totals_are_wider_than_one_day_and_ordered(result):
    q7 = result.lead_time_quantiles("S1", 7)
    q28 = result.lead_time_quantiles("S1", 28)
    assert q7[0] <= q7[1] <= q7[2] and q28[0] <= q28[1] <= q28[2]
    assert q28[2] - q28[0] > q7[2] - q7[0]
    daily = result.forecasts.filter(pl.col("unique_id") == "S1")
    # never the sum of daily p90s: that would be (much) wider than the paths' p90 of the sum
    assert q28[2] < daily["p90"].sum()


def test_stockout_days_are_censored_not_zero_demand():
    rng = np.random.default_rng(3)
    values = rng.poisson(10, 200).astype(float)
    censored = np.zeros(200, dtype=bool)
    censored[165:] = True  # out of stock for the last five weeks, into the backtest window
    values[165:] = 0
    frame = series("X", values, censored=censored)
    cfg = engine.EngineConfig(folds=1, use_lightgbm=False)
    honest = engine.run(frame, 14, cfg, columns=Columns(censored="censored"))
    naive = engine.run(frame.drop("censored"), 14, cfg)
    assert honest.forecasts["mean"].mean() == pytest.approx(10, rel=0.25)
    assert naive.forecasts["mean"].mean() < 0.5 * honest.forecasts["mean"].mean()
    # the stock-out days in the backtest window are not scored
    window = honest.backtest.with_columns(pl.col("ds").is_in(frame.filter(pl.col("censored"))["ds"].implode()).alias("out"))
    assert window["out"].any()
    assert (window["evaluable"] == ~window["out"]).all()


def test_column_names_are_parameters_and_transactions_are_summed_per_day():
    rows = intermittent("A", 150, 0.5, seed=1).rename({"unique_id": "sku", "ds": "date", "y": "qty"})
    doubled = pl.concat([rows, rows])  # two transactions a day
    out = engine.run(doubled, 7, engine.EngineConfig(folds=1, use_lightgbm=False),
                     columns=Columns(id="sku", time="date", target="qty"))
    single = engine.run(rows.with_columns(pl.col("qty") * 2), 7, engine.EngineConfig(folds=1, use_lightgbm=False),
                        columns=Columns(id="sku", time="date", target="qty"))
    assert_allclose(out.forecasts["mean"].to_numpy(), single.forecasts["mean"].to_numpy())


def test_bad_input_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="horizon"):
        engine.run(panel(1, 0, 60), 0)
    with pytest.raises(ValueError, match="column 'qty' is missing"):
        engine.run(panel(1, 0, 60), 7, columns=Columns(target="qty"))
    with pytest.raises(ValueError, match="no demand history"):
        engine.run(panel(1, 0, 60).head(0), 7)


def test_with_only_new_products_there_is_no_backtest_but_still_a_forecast():
    out = engine.run(weekly("ONLY", 20, 6, seed=2), 10, FAST)
    assert out.series.row(0, named=True)["kind"] == "new"
    assert out.scores.is_empty() and out.summary() == {}
    assert out.forecasts["mean"].to_list() == pytest.approx([out.forecasts["mean"][0]] * 10)  # flat: no peers
    assert 3 < out.forecasts["mean"][0] < 9


def test_compare_scores_every_candidate_and_the_portfolio_out_of_sample():
    data = panel(n_smooth=3, n_sparse=1, days=150)
    result = engine.run(data, 14, engine.EngineConfig(folds=3), backtest_only=True)
    assert result.forecasts.is_empty()
    table = engine.compare(result)
    rows = {r["model"]: r for r in table.iter_rows(named=True)}
    assert {"SeasonalNaive", "ETS", "Theta", "LightGBM", "Ensemble", "CrostonSBA", "Portfolio"} <= set(rows)
    assert rows["Portfolio"]["n"] == rows["LightGBM"]["n"] * 2 // 3  # folds 2 and 3 only
    assert rows["ETS"]["series"] == 3 and rows["CrostonSBA"]["series"] == 1  # by pattern
    assert all(0 <= r["coverage"] <= 1 and r["wape"] > 0 for r in rows.values())


def test_known_covariates_of_any_numeric_type_feed_lightgbm():
    rng = np.random.default_rng(4)
    days = 200
    price = np.where(np.arange(days) % 30 < 10, 9.5, 12.25)  # a decimal price, cheaper 10 days a month
    promo = (np.arange(days) % 14 == 0).astype(np.int64)
    frame = series("P", rng.poisson(20 * (12.25 / price) * (1 + promo))).with_columns(
        pl.Series("price", price), pl.Series("promo", promo))
    config = engine.EngineConfig(folds=2, covariates=("price", "promo"))
    out = engine.run(frame, 14, config)
    assert out.forecasts.height == 14 and out.forecasts["mean"].is_finite().all()
    assert "LightGBM" in set(out.scores["model"])
