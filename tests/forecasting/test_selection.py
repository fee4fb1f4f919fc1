"""The selection rule on hand-made backtest errors: champion, margin, tolerance, cost."""

from __future__ import annotations

import datetime as dt

import polars as pl

from smartstock.forecasting.core import selection


def test_a_series_keeps_the_champion_unless_another_model_is_more_than_the_margin_better():
    kept = selection.choose({"LightGBM": 10.0, "ETS": 8.5}, champion="LightGBM", margin=0.2)
    assert (kept.model, kept.champion, kept.runner_up) == ("LightGBM", True, "ETS")
    assert "not clearly better" in kept.reason("rmse")["en"] and "ETS 8.5" in kept.reason("rmse")["ko"]
    switched = selection.choose({"LightGBM": 10.0, "ETS": 7.9}, champion="LightGBM", margin=0.2)
    assert (switched.model, switched.champion) == ("ETS", False)


def test_without_a_champion_the_cheapest_model_within_tolerance_wins():
    assert selection.choose({"LightGBM": 10.0, "ETS": 10.1}, tolerance=0.02).model == "ETS"
    assert selection.choose({"LightGBM": 10.0, "ETS": 10.5}, tolerance=0.02).model == "LightGBM"
    assert selection.choose({"ETS": float("nan"), "SeasonalNaive": None}).model == "SeasonalNaive"


def _cv(rows):
    day = dt.date(2024, 1, 1)
    return pl.DataFrame(
        [{"unique_id": s, "ds": day + dt.timedelta(days=d), "cutoff": day, "y": y, "evaluable": True, **f}
         for s, d, y, f in rows])


def test_the_champion_has_the_lowest_pooled_wape_among_models_that_cover_every_series():
    cv = _cv([
        # A sells 100 a day, B 1 a day: pooled WAPE weighs A's errors by its volume
        ("A", 0, 100.0, {"LightGBM": 90.0, "Ensemble": 80.0, "ETS": 100.0}),
        ("A", 1, 100.0, {"LightGBM": 110.0, "Ensemble": 120.0, "ETS": 100.0}),
        ("B", 0, 1.0, {"LightGBM": 3.0, "Ensemble": 1.0, "ETS": None}),
        ("B", 1, 1.0, {"LightGBM": 3.0, "Ensemble": 1.0, "ETS": None}),
    ])
    # LightGBM: (10+10+2+2)/202; Ensemble: (20+20)/202; ETS misses B, so it cannot be the champion
    assert selection.champion(cv, ["LightGBM", "Ensemble", "ETS"]) == "LightGBM"
    chosen = selection.select(cv, ["LightGBM", "Ensemble", "ETS"], metric="mae", margin=0.2)
    assert chosen["A"].model == "ETS"  # MAE 0 against LightGBM's 10: far more than 20 % better
    assert chosen["B"].model == "Ensemble"  # MAE 0 against 2
    no_margin = selection.select(cv, ["LightGBM", "Ensemble", "ETS"], metric="mae", margin=0.0)
    assert not any(c.champion for c in no_margin.values())
