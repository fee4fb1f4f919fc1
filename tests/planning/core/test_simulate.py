"""The policy simulator: a hand-worked replay, invariants, no peeking at the future, tuning."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import polars as pl
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from smartstock.planning.core import simulate as sim

START = dt.date(2025, 1, 1)


def frame(values: dict[str, np.ndarray], start: dt.date = START) -> pl.DataFrame:
    parts = [pl.DataFrame({"unique_id": sku, "ds": [start + dt.timedelta(days=i) for i in range(len(y))],
                           "y": np.asarray(y, dtype=float)}) for sku, y in values.items()]
    return pl.concat(parts)


def poisson(n_series: int = 12, days: int = 300, seed: int = 0) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    rates = rng.gamma(2.0, 4.0, n_series)
    return frame({f"S{i:02d}": rng.poisson(r, days) for i, r in enumerate(rates)})


@dataclass
class FixedPolicy:
    """Reorder point 40, order up to 60, every SKU (for checking the mechanics by hand)."""

    rop: float = 40.0
    up_to: float = 60.0
    forecaster: sim.Forecaster = field(default_factory=sim.MovingAverageForecaster)
    name: str = "fixed"
    knob: float = 0.0
    knob_bounds: tuple[float, float] = (0.0, 1.0)

    def levels(self, ctx):
        n = len(ctx.forecast.ids)
        return np.full(n, self.rop), np.full(n, self.up_to)

    def with_knob(self, value):
        return self


def test_hand_worked_replay_constant_demand():
    """Demand 10 a day, L = 3, MOQ 50, ROP 40, order-up-to 60; start with 60 on hand.

    day 0: 60 − 10 = 50, position 50 > 40
    day 1: 40, position 40 ≤ 40 → order 60 − 40 = 20 → MOQ 50, arrives day 4
    day 2: 30 (position 80); day 3: 20 (70)
    day 4: 20 + 50 − 10 = 60; day 5: 50
    day 6: 40 → order 50, arrives day 9; day 7: 30; day 8: 20; day 9: 20 + 50 − 10 = 60
    """
    replay = sim.Replay(frame({"A": np.full(40, 10.0)}), lead_time=3, moq=50, replay_days=10, warmup_days=0)
    r = replay.run(FixedPolicy())
    assert_array_equal(r.stock[0], [50, 40, 30, 20, 60, 50, 40, 30, 20, 60])
    assert_array_equal(r.orders[0], [0, 50, 0, 0, 0, 0, 50, 0, 0, 0])
    assert_array_equal(r.receipts[0], [0, 0, 0, 0, 50, 0, 0, 0, 0, 50])
    assert_array_equal(r.on_order[0], [0, 50, 50, 50, 0, 0, 50, 50, 50, 0])
    m = r.metrics
    assert m["fill_rate"] == 1.0 and m["stockout_rate"] == 0.0 and m["orders"] == 2
    assert m["avg_inventory_units"] == pytest.approx(40.0)  # (50+40+30+20+60+50+40+30+20+60) / 10
    assert m["days_of_supply"] == pytest.approx(4.0)


def test_hand_worked_replay_of_our_policy_on_constant_demand():
    """MA28 = 10, sd 0: the base-stock level is E[D_3] = 30 (no uncertainty, no safety stock).

    start 30; day 0: 20, position 20 ≤ 30 → order 10 → MOQ 50 (arrives day 3)
    day 1: 10 (position 60); day 2: 0 (50); day 3: 0 + 50 − 10 = 40 (40)
    day 4: 30, position 30 ≤ 30 but 30 − 30 = 0: nothing; day 5: 20 → order 50 (arrives day 8)
    day 6: 10; day 7: 0; day 8: 40; day 9: 30
    """
    replay = sim.Replay(frame({"A": np.full(40, 10.0)}), lead_time=3, moq=50, replay_days=10, warmup_days=0)
    r = replay.run(sim.ForecastPolicy(sim.MovingAverageForecaster(), 0.95))
    assert_array_equal(r.stock[0], [20, 10, 0, 40, 30, 20, 10, 0, 40, 30])
    assert_array_equal(r.orders[0], [50, 0, 0, 0, 0, 50, 0, 0, 0, 0])
    assert_allclose(r.reorder_point[0], np.full(10, 30.0))
    assert r.metrics["fill_rate"] == 1.0


def test_lost_sales_and_metrics_when_stock_runs_out():
    # no stock at the start (the policy's level is 0), then demand 5 a day: everything is lost
    replay = sim.Replay(frame({"A": np.r_[np.zeros(30), np.full(10, 5.0)]}), lead_time=2, replay_days=10,
                        warmup_days=0)
    r = replay.run(FixedPolicy(rop=0.0, up_to=0.0))
    assert r.metrics["fill_rate"] == 0.0 and r.metrics["lost_units"] == 50
    # day 0 of the window is the first sale ever: not an active day yet; the other 9 are stock-outs
    assert r.metrics["stockout_rate"] == 1.0 and r.per_sku["active_days"][0] == 9


@pytest.mark.parametrize("policy", [
    sim.ForecastPolicy(sim.MovingAverageForecaster(), 0.95),
    sim.ForecastPolicy(sim.MovingAverageForecaster(), 0.9, method="statistical", cycle_days=7),
    sim.CoveragePolicy(),
    sim.MinMaxPolicy(),
])
def test_invariants(policy):
    data = poisson(days=200, seed=1)
    zero = frame({"Z": np.zeros(200)})
    replay = sim.Replay(pl.concat([data, zero]), lead_time={**{f"S{i:02d}": 3 + i for i in range(12)}, "Z": 5},
                        moq=20, pack=6, replay_days=100)
    r = replay.run(policy)
    assert (r.stock >= 0).all()
    assert_allclose(r.served + r.lost, r.demand)
    placed = r.orders[r.orders > 0]
    assert (placed >= 20).all() and np.allclose(placed % 6, 0)
    z = r.ids.index("Z")
    assert r.orders[z].sum() == 0 and r.stock[z].sum() == 0  # zero demand: nothing ordered
    # every order arrives exactly its lead time later
    for i, sku in enumerate(r.ids):
        lead = replay.lead_time[i]
        assert_allclose(r.receipts[i, lead:], r.orders[i, :-lead])
    m = r.metrics
    assert m["served_units"] + m["lost_units"] == pytest.approx(m["demand_units"])
    assert 0 <= m["fill_rate"] <= 1 and 0 <= m["stockout_rate"] <= 1


@dataclass
class SpyForecaster(sim.MovingAverageForecaster):
    seen: list = field(default_factory=list)

    def forecast(self, history, horizon, origin):
        self.seen.append((origin, history["ds"].max()))
        return super().forecast(history, horizon, origin)


@pytest.mark.parametrize("reforecast_every", [1, 7])
def test_decisions_never_see_the_future(reforecast_every):
    data = poisson(days=160, seed=2)
    cut = dt.date(2025, 4, 15)  # inside the replay window
    changed = data.with_columns(pl.when(pl.col("ds") > cut).then(pl.col("y") * 3 + 7).otherwise(pl.col("y")).alias("y"))
    runs = []
    for demand in (data, changed):
        spy = SpyForecaster(reforecast_every=reforecast_every)
        replay = sim.Replay(demand, lead_time=5, moq=10, replay_days=60)
        runs.append(replay.run(sim.ForecastPolicy(spy, 0.95)))
        assert all(last < origin for origin, last in spy.seen)  # only days before the forecast's day
    upto = runs[0].dates.index(cut) + 1
    assert_array_equal(runs[0].orders[:, :upto], runs[1].orders[:, :upto])
    assert_array_equal(runs[0].reorder_point[:, :upto], runs[1].reorder_point[:, :upto])
    assert not np.array_equal(runs[0].orders, runs[1].orders)  # the perturbation did change later days


class PathForecaster:
    """A forecast with residual blocks (the engine's shape), without running the engine."""

    key = ("paths",)
    reforecast_every = 14

    def forecast(self, history, horizon, origin):
        recent = history.filter(pl.col("ds") >= origin - dt.timedelta(days=28))
        stats = recent.group_by("unique_id").agg(pl.col("y").mean(), pl.col("y").std().alias("s")).sort("unique_id")
        ids = stats["unique_id"].to_list()
        rng = np.random.default_rng(0)
        blocks = {i: rng.normal(0, s, (3, 28)) for i, s in zip(ids, stats["s"].fill_null(0).to_list(), strict=True)}
        mean = np.repeat(stats["y"].to_numpy()[:, None], horizon, axis=1)
        return sim.Forecast(ids, origin, mean, blocks=blocks, n_paths=200)


def test_sample_path_policy_runs_and_tracks_its_target():
    replay = sim.Replay(poisson(days=260, seed=4), lead_time=7, replay_days=150)
    fq = replay.run(sim.ForecastPolicy(PathForecaster(), 0.95))
    st = replay.run(sim.ForecastPolicy(PathForecaster(), 0.95, method="statistical"))
    for r in (fq, st):
        assert 0.9 < r.metrics["fill_rate"] <= 1.0
    high = replay.run(sim.ForecastPolicy(PathForecaster(), 0.99))
    assert high.metrics["avg_inventory_units"] > fq.metrics["avg_inventory_units"]


@pytest.mark.parametrize("policy", [sim.CoveragePolicy(), sim.MinMaxPolicy(),
                                    sim.ForecastPolicy(sim.MovingAverageForecaster(), 0.95),
                                    sim.ForecastPolicy(PathForecaster(), 0.95, knob_name="safety_scale")])
def test_tuning_hits_the_target_fill_rate(policy):
    replay = sim.Replay(poisson(n_series=20, days=260, seed=5), lead_time=7, replay_days=150)
    tuned = sim.tune(replay, policy, 0.97, tolerance=0.002)
    assert tuned.reached
    assert 0.97 <= tuned.fill_rate <= 0.972 or tuned.runs >= 30
    assert tuned.result.metrics["fill_rate"] == pytest.approx(tuned.fill_rate)
    curve = sim.inventory_curve(replay, policy, (0.95, 0.97))
    assert curve[0]["avg_inventory_units"] <= curve[1]["avg_inventory_units"]


def test_unreachable_target_is_reported():
    # a lead time longer than the history's stable stretch cannot reach 99.99 % with the min/max knob at 0.05
    replay = sim.Replay(poisson(days=200, seed=6), lead_time=7, replay_days=100)
    tuned = sim.tune(replay, sim.MinMaxPolicy(knob_bounds=(0.02, 0.05)), 0.9999)
    assert not tuned.reached and tuned.knob == 0.05


def test_what_if():
    # on hand 20, p50 5 a day, 30 ordered today arriving on day 3:
    # 15, 10, 5, 5 + 30 − 5 = 30, 25, 20, …; days of supply = stock / 5
    w = sim.what_if(20.0, None, np.full(10, 5.0), 30.0, 3)
    assert_allclose(w.stock[:6], [15, 10, 5, 30, 25, 20])
    assert_allclose(w.days_of_supply[:4], [3, 2, 1, 6])
    assert w.stockout_day == 9  # 30 on day 3 lasts through day 8: 30 − 5·6 = 0 on day 9
    # without the order the stock runs out on day 3
    assert sim.what_if(20.0, None, np.full(10, 5.0), 0.0, 3).stockout_day == 3
    # several SKUs at once, with scheduled receipts
    many = sim.what_if(np.array([20.0, 0.0]), np.array([[0, 10.0], [0, 0]]), np.full((2, 5), 5.0), [0, 10], [0, 1])
    assert_allclose(many.stock, [[15, 20, 15, 10, 5], [0, 5, 0, 0, 0]])


def test_bad_replay_input():
    data = poisson(days=60)
    with pytest.raises(ValueError, match="lead time must be at least 1 day"):
        sim.Replay(data, lead_time=0)
    with pytest.raises(ValueError, match="history"):
        sim.Replay(data, lead_time=7, replay_days=60)
    with pytest.raises(ValueError, match="lead time missing"):
        sim.Replay(data, lead_time={"S00": 3})
    with pytest.raises(ValueError, match="MOQ"):
        sim.Replay(data, lead_time=3, moq=-1, replay_days=20)


def test_engine_forecaster_drives_our_policy():
    from smartstock.forecasting.core.engine import EngineConfig

    engine = sim.EngineForecaster(EngineConfig(use_cnn_lstm=False, use_lightgbm=False, n_jobs=1, folds=2),
                                  reforecast_every=28, n_paths=100)
    replay = sim.Replay(poisson(n_series=4, days=200, seed=7), lead_time=7, replay_days=30, warmup_days=7)
    r = replay.run(sim.ForecastPolicy(engine, 0.95))
    assert len(engine.cache) == 2  # 37 simulated days, re-forecast every 28
    assert r.metrics["fill_rate"] > 0.8
    again = replay.run(sim.ForecastPolicy(engine, 0.9))  # reuses the cached forecasts
    assert len(engine.cache) == 2 and again.metrics["avg_inventory_units"] <= r.metrics["avg_inventory_units"]
