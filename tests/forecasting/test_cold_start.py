"""New products borrow their peers' backtest residuals, scaled to the new product's level.

Regression (Online Retail, policy benchmark): a peer whose sales had nearly stopped in its last 28
days (level 1.4 a day) still had the residuals of the months when it sold ~30 a day (sd ≈ 240).
Dividing those by its recent level and multiplying by a new product's level gave the new product a
band ~170 times its level, and the replenishment policy held ~350,000 units of it against 12,000 sold.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
from numpy.testing import assert_allclose

from smartstock.forecasting.core import cold_start, quantiles
from tests.forecasting.support import START, series

DAYS, FOLDS, H = 140, 3, 28


def _peers() -> tuple[pl.DataFrame, dict[str, np.ndarray]]:
    """Two established products: STEADY sells 10 a day throughout; DYING sold 50 a day until its
    last 28 days and about one unit a fortnight since. Their residual blocks (folds × h) cover the
    last 84 days, as the backtest's do: STEADY ±3, DYING ±25 (the forecast was right on average)."""
    rng = np.random.default_rng(0)
    steady = np.full(DAYS, 10.0)
    dying = np.full(DAYS, 50.0)
    dying[-28:] = 0.0
    dying[-20], dying[-6] = 1.0, 1.0
    history = pl.concat([series("STEADY", steady), series("DYING", dying)])
    blocks = {"STEADY": rng.normal(0, 3, (FOLDS, H)), "DYING": rng.normal(0, 25, (FOLDS, H))}
    return history, blocks


def _new(level: float, days: int = 20) -> pl.DataFrame:
    return series("NEW", np.full(days, level), start=START + dt.timedelta(days=DAYS - days))


def test_a_peer_whose_sales_nearly_stopped_does_not_explode_a_new_products_band():
    history, blocks = _peers()
    out = cold_start.forecast(_new(5.0), None, history, blocks, 30, {}, {})
    block = out.blocks["NEW"]
    mean = out.forecasts["mean"].to_numpy()
    assert_allclose(mean, 5.0)  # its own level, flat (no peer forecasts given)
    # each peer's residuals relative to the level they were measured at (10 a day and ≈ 33 a day
    # over the backtest window: ±30 % and ±75 %), times the new product's 5 a day
    assert np.nanstd(block) < 0.8 * 5.0
    daily = quantiles.daily_quantiles(mean, block, (0.1, 0.5, 0.9))
    assert (daily[2] <= 3 * 5.0).all()  # dividing by DYING's recent 0.07 a day gave a p90 of ~1,000
    total = quantiles.lead_time_quantiles(mean, block, 30, (0.5, 0.95))
    assert 0.8 * 150 < total[0] < 1.2 * 150
    assert total[1] < 2 * 150


def test_borrowed_residuals_keep_the_peers_relative_error_and_skip_peers_without_a_scale():
    history, blocks = _peers()
    # a peer that neither sold nor was forecast to sell over the backtest window has no scale
    history = pl.concat([history, series("IDLE", np.r_[np.full(DAYS - 84, 4.0), np.zeros(84)])])
    blocks["IDLE"] = np.zeros((FOLDS, H))
    blocks["STEADY"] = np.tile([-3.0, 3.0], (FOLDS, H // 2))  # ±3 on a level of 10: ±30 %
    scales = cold_start._residual_scales(history, blocks)
    assert "IDLE" not in scales
    assert_allclose(scales["STEADY"], 10.0)
    assert 30 < scales["DYING"] < 37  # 84 days: 56 at 50 a day, 28 near 0 (≈ 33.4); the forecast ≈ the actuals
    block = cold_start._borrowed_block(["STEADY"], blocks, scales, 20.0)
    assert_allclose(np.abs(block), 6.0)  # ±30 % of 20


def test_a_forecast_that_was_far_too_high_gives_a_bounded_relative_error():
    # the backtest forecast 100 a day where 1 a day sold: r = −99, ŷ̄ = 100, scale (1 + 100)/2
    history = series("P", np.ones(DAYS))
    scales = cold_start._residual_scales(history, {"P": np.full((FOLDS, H), -99.0)})
    assert_allclose(scales["P"], 50.5)
    block = cold_start._borrowed_block(["P"], {"P": np.full((FOLDS, H), -99.0)}, scales, 2.0)
    assert (block >= -2 * 2.0).all()


def test_a_new_products_level_is_its_recent_rate_not_one_launch_order():
    # Online Retail 23166: 74,215 units in one order in its first week, then ~15 a day
    history, blocks = _peers()
    values = np.full(100, 15.0)
    values[3] = 74_215.0
    new = series("NEW", values, start=START + dt.timedelta(days=DAYS - 100))
    out = cold_start.forecast(new, None, history, blocks, 14, {}, {})
    assert_allclose(out.forecasts["mean"].to_numpy(), 15.0)
    # younger than the window: since its first sale (zeros before it do not count)
    young = series("NEW", [0, 0, 0, 6, 0, 6, 6], start=START + dt.timedelta(days=DAYS - 7))
    assert_allclose(cold_start.forecast(young, None, history, blocks, 7, {}, {}).forecasts["mean"].to_numpy(), 4.5)
    # the user's manual level wins
    manual = cold_start.forecast(new, None, history, blocks, 7, {}, {"NEW": 3.0})
    assert_allclose(manual.forecasts["mean"].to_numpy(), 3.0)
