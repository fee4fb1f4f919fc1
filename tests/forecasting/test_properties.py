"""Invariants of the engine for any input (hypothesis)."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartstock.forecasting.core import engine
from tests.forecasting.support import series

CONFIG = engine.EngineConfig(folds=2, backtest_horizon=7)
SETTINGS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
lengths = st.integers(min_value=30, max_value=90)


@SETTINGS
@given(days=st.integers(min_value=1, max_value=90), horizon=st.integers(min_value=1, max_value=30))
def test_all_zero_history_gives_a_zero_forecast(days, horizon):
    out = engine.run(series("Z", np.zeros(days)), horizon, CONFIG).forecasts
    assert out.height == horizon
    assert (out.select("mean", "p10", "p50", "p90").to_numpy() == 0).all()


@SETTINGS
@given(level=st.integers(min_value=1, max_value=500), days=lengths)
def test_the_median_of_a_constant_series_is_the_constant(level, days):
    out = engine.run(series("C", np.full(days, float(level))), 14, CONFIG).forecasts
    assert np.allclose(out["p50"].to_numpy(), level, rtol=1e-6)


@SETTINGS
@given(data=st.lists(st.integers(min_value=0, max_value=40), min_size=40, max_size=80),
       sparse=st.booleans())
def test_quantiles_never_cross_and_are_never_negative(data, sparse):
    values = np.array(data, dtype=float)
    if sparse:
        values[::2] = 0
    frame = pl.concat([series("A", values), series("B", values[::-1])])
    out = engine.run(frame, 21, CONFIG).forecasts
    assert ((out["p10"] <= out["p50"]) & (out["p50"] <= out["p90"]) & (out["p10"] >= 0)).all()
