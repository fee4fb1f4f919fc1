"""Sample paths from backtest residuals: level error + day-to-day noise; daily and lead-time quantiles."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from smartstock.forecasting.core import quantiles


def test_quantile_names():
    assert [quantiles.quantile_name(q) for q in (0.1, 0.5, 0.9, 0.95, 0.975)] == ["p10", "p50", "p90", "p95", "p97.5"]


def test_decompose_splits_level_error_from_noise():
    block = np.array([[1.0, 3.0, 1.0, 3.0], [-3.0, -1.0, -3.0, -1.0]])
    noise, center, spread = quantiles.decompose(block)
    assert_allclose(sorted(noise), [-1, -1, -1, -1, 1, 1, 1, 1])
    assert center == 0.0
    # fold means 2 and −2: variance (ddof=1) 8, minus noise variance 1 / 4 days
    assert_allclose(spread, np.sqrt(8 - 1 / 4))
    assert quantiles.decompose(np.array([[np.nan, np.nan]]))[0].size == 0


def test_no_residuals_gives_the_point_forecast_and_demand_is_never_negative():
    mean = np.array([4.0, 0.0, 2.0])
    assert_allclose(quantiles.daily_quantiles(mean, np.empty((0, 0)), (0.1, 0.9)), [mean, mean])
    assert_allclose(quantiles.daily_quantiles(mean, np.zeros((2, 3)), (0.5,)), [mean])
    assert (quantiles.daily_quantiles(np.ones(5), np.array([[-5.0, 5.0, -5.0, 5.0]]), (0.1,)) >= 0).all()


def test_daily_quantiles_follow_the_residual_distribution():
    rng = np.random.default_rng(1)
    block = rng.normal(0, 2, size=(3, 28))
    q = quantiles.daily_quantiles(np.full(10, 50.0), block, (0.1, 0.5, 0.9))
    assert (q[0] < q[1]).all() and (q[1] < q[2]).all()
    assert_allclose(q[1], 50, atol=0.6)
    assert_allclose(q[2] - q[0], 2 * 1.2816 * 2, rtol=0.25)  # ≈ the normal's 80 % width


def test_a_persistent_level_error_widens_totals_more_than_independent_days():
    mean = np.full(28, 5.0)
    noise_only = np.tile([-2.0, 2.0], (3, 14))  # each fold right on average
    level = noise_only + np.array([[3.0], [-3.0], [0.0]])  # folds too low, too high, right
    narrow = quantiles.lead_time_quantiles(mean, noise_only, 28, (0.1, 0.9))
    wide = quantiles.lead_time_quantiles(mean, level, 28, (0.1, 0.9))
    assert wide[1] - wide[0] > 3 * (narrow[1] - narrow[0])
    # totals over more days spread more, and not as the sum of daily p90s
    q7 = quantiles.lead_time_quantiles(mean, level, 7, (0.1, 0.9))
    assert wide[1] - wide[0] > q7[1] - q7[0]
    daily_p90 = quantiles.daily_quantiles(mean, level, (0.9,))[0]
    assert wide[1] < daily_p90.sum()


def test_same_inputs_same_quantiles_and_bad_lead_times():
    block = np.random.default_rng(5).normal(size=(2, 14))
    a = quantiles.lead_time_quantiles(np.ones(14), block, 10, (0.1, 0.5, 0.9))
    b = quantiles.lead_time_quantiles(np.ones(14), block, 10, (0.1, 0.5, 0.9))
    assert_allclose(a, b)
    assert_allclose(quantiles.lead_time_quantiles(np.ones(5), block, 0, (0.5,)), [0.0])
    with pytest.raises(ValueError, match="longer than the forecast"):
        quantiles.lead_time_quantiles(np.ones(5), block, 6, (0.5,))
