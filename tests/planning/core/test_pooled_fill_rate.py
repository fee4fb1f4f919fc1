"""Base-stock levels for a fill rate pooled over the assortment (`policy.pooled_base_stock_levels`)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from smartstock.planning.core import policy as p


def _paths(daily: np.ndarray):
    """Sorted totals over T days, the totals over T − 1 days and the per-day shortage curve."""
    t, before = daily.sum(axis=2), daily[:, :, :-1].sum(axis=2)
    x = np.sort(t, axis=1)
    return t, before, x, p.base_stock_shortage_curve(x, before)


def _short(t, before, level):
    return (p.expected_shortage(t, level) - p.expected_shortage(before, level)).ravel()


def test_identical_skus_get_the_per_sku_level_and_the_pooled_target_is_met():
    rng = np.random.default_rng(3)
    daily = np.repeat(rng.poisson(5.0, size=(1, 4000, 7)).astype(float), 3, axis=0)
    t, before, x, curve = _paths(daily)
    pooled = p.pooled_base_stock_levels(x, curve, 0.95, 5.0)
    single = p.base_stock_level(x, curve, 0.95, 5.0)
    assert_allclose(pooled, single, atol=1.0)  # one sample step (integer demand) apart at most
    assert _short(t, before, pooled).sum() <= 0.05 * 15.0 + 1e-9


def test_stock_goes_where_it_saves_the_most_and_the_assortment_needs_less():
    # a steady seller (Poisson 20 a day) and a lumpy one (an order of 200 on 2 % of days, same mean 4)
    rng = np.random.default_rng(7)
    steady = rng.poisson(20.0, size=(4000, 7)).astype(float)
    lumpy = (rng.random((4000, 7)) < 0.02) * 200.0
    t, before, x, curve = _paths(np.stack([steady, lumpy]))
    mu = np.array([20.0, 4.0])
    pooled = p.pooled_base_stock_levels(x, curve, 0.95, mu)
    per_sku = p.base_stock_level(x, curve, 0.95, mu)
    short_pooled, short_per_sku = _short(t, before, pooled), _short(t, before, per_sku)
    # both serve 95 % of the assortment's demand …
    assert short_pooled.sum() <= 0.05 * mu.sum() + 1e-9
    assert short_per_sku.sum() == pytest.approx(0.05 * mu.sum(), rel=0.05)
    # … the pooled levels with much less stock: the steady seller better served, the lumpy one worse
    assert pooled.sum() < 0.8 * per_sku.sum()
    assert short_pooled[0] < short_per_sku[0] and short_pooled[1] > short_per_sku[1]


def test_no_demand_no_stock_and_bad_targets():
    x = np.zeros((2, 10))
    assert_allclose(p.pooled_base_stock_levels(x, np.zeros((2, 10)), 0.95, 0.0), 0.0)
    with pytest.raises(p.PlanInputError):
        p.pooled_base_stock_levels(x, np.zeros((2, 10)), 1.5, 1.0)
