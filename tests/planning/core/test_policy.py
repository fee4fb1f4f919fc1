"""Policy math against hand-computed reference values, and its invariants (hypothesis)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from smartstock.planning.core import policy as p

TODAY = dt.date(2026, 11, 1)


# ---------------------------------------------------------------- reference values


def test_service_factor_and_loss_function():
    assert_allclose(p.service_factor(0.95), 1.6448536, atol=1e-7)
    assert_allclose(p.service_factor([0.5, 0.9]), [0.0, 1.2815516], atol=1e-7)
    # G(0) = φ(0) = 1/√(2π) = 0.3989423; G(1) = φ(1) − 1·(1 − Φ(1)) = 0.2419707 − 0.1586553 = 0.0833155
    assert_allclose(p.normal_loss([0.0, 1.0]), [0.3989423, 0.0833155], atol=1e-7)


@pytest.mark.parametrize("level", [0.0, 1.0, 1.2, -0.1, float("nan")])
def test_service_level_outside_zero_one_is_rejected_in_both_languages(level):
    with pytest.raises(ValueError) as err:
        p.service_factor(level)
    assert "서비스 수준" in str(err.value) and "service level" in str(err.value)


def test_fill_rate_factor():
    # β = 0.95, Q = 50, σ_L = 10: G(k) = 0.05 × 50 / 10 = 0.25 → k = 0.3449
    # (φ(0.3449) = 0.37587, 1 − Φ(0.3449) = 0.36509: 0.37587 − 0.3449 × 0.36509 = 0.2500)
    k = p.fill_rate_factor(0.95, 50, 10)
    assert_allclose(k, 0.3449, atol=1e-4)
    assert_allclose(p.normal_loss(k), 0.25, atol=1e-9)
    # a loose target (G(k) ≥ G(0) = 0.399) clips at k = 0; no uncertainty → k = 0
    assert_allclose(p.fill_rate_factor([0.5, 0.95], [50, 50], [10, 0]), [0.0, 0.0])


def test_safety_stock_methods():
    # statistical: 1.65 × 4.2 × √14 = 6.93 × 3.741657 = 25.92969
    assert_allclose(p.safety_stock_statistical(1.65, 4.2, 14), 25.92969, atol=1e-5)
    # lead-time variability: 1.65 × √(14 × 4.2² + 3.1² × 2²) = 1.65 × √(246.96 + 38.44) = 1.65 × 16.89379
    assert_allclose(p.safety_stock_lead_time_variability(1.65, 3.1, 4.2, 14, 2.0), 27.87475, atol=1e-5)
    # quantile of lead-time demand: max(0, 120 − 95) = 25; max(0, 90 − 95) = 0
    assert_allclose(p.safety_stock_forecast_quantile([120, 90], [95, 95]), [25, 0])
    # coverage: 93 × 14/30 = 43.4; no forecast yet → the manual 20
    assert_allclose(p.safety_stock_coverage([93, np.nan], 14, [5, 20]), [43.4, 20.0])
    # negative z (level < 50 %) is clipped: no negative safety stock
    assert_allclose(p.safety_stock_statistical(-1.0, 4.2, 14), 0.0)


def test_reorder_point_quantities_and_rounding():
    # ROP = 3.1 × 14 + 25.92969 = 43.4 + 25.92969 = 69.32969
    assert_allclose(p.reorder_point(3.1, 14, 25.92969), 69.32969, atol=1e-5)
    # available = 30 + 15 − 5 = 40; Q = max(0, 69 + 22 − 40) = 51; target stock 3.1 × 7 = 21.7
    assert_allclose(p.available_stock(30, 15, 5), 40)
    assert_allclose(p.order_quantity_seed(69, 22, 40), 51)
    assert_allclose(p.order_quantity_seed(69, 22, 100), 0)
    assert_allclose(p.target_stock(3.1, 7), 21.7)
    # EOQ √(2 × 1130 × 30000 / 2500) = √27120 = 164.6815
    assert_allclose(p.eoq(1130, 30000, 2500), 164.6815, atol=1e-4)
    # ordered at/below ROP, raised to bring the position above ROP: max(10, ⌊69.5 − 40⌋ + 1) = 30
    assert_allclose(p.order_quantity_eoq([164.6815, 10, 10], [69, 69.5, 69], [40, 40, 80]), [164.6815, 30, 0])
    # rounding: 51 → MOQ 100; 51 → 5 packs of 12 = 60; 0 stays 0; 101 with MOQ 100 and packs of 12 → 108;
    # 3 with MOQ 10 and packs of 3 → 12 (at least the MOQ, whole packs)
    assert_allclose(p.round_order([51, 51, 0, 101, 3], [100, 0, 100, 100, 10], [1, 12, 12, 12, 3]),
                    [100, 60, 0, 108, 12])


def test_excess_and_days_of_supply():
    # excess = 100 − (3.1 × 14 + 26) = 100 − 69.4 = 30.6
    assert_allclose(p.excess_stock(100, 3.1, 14, 26), 30.6)
    # 31 / 3.1 = 10 days; μ = 0 with stock: never runs out (inf); μ = 0 without stock: 0
    assert_allclose(p.days_of_supply([31, 5, 0], [3.1, 0, 0]), [10, math.inf, 0])


def test_projections():
    demand = np.full((1, 8), 3.0)
    # 10 − 3 = 7, 4, 1, 0 → out on day 3
    assert p.stockout_day(10, None, demand)[0] == 3
    # a receipt of 5 on day 2: 7, 4, 4 + 5 − 3 = 6, 3, 0 → day 4
    receipts = np.array([[0, 0, 5.0]])
    assert_allclose(p.project_stock(10, receipts, demand)[0, :5], [7, 4, 6, 3, 0])
    assert p.stockout_day(10, receipts, demand)[0] == 4
    # the position 40 falls 3 a day: 37, 34, 31 ≤ ROP 31 on day 2; already at ROP → today; never → −1
    assert_allclose(p.order_by_day([40, 30, 100], demand.repeat(3, axis=0), [31, 31, 31]), [2, 0, -1])


def test_fill_rate_level_on_samples():
    # samples 0 … 99 (mean 49.5): E[(D − s)^+] = Σ_{x > s}(x − s)/100; for s = 90: (1 + … + 9)/100 = 0.45
    x = np.arange(100.0)[None, :]
    assert_allclose(p.expected_shortage(x, 90.0), 0.45)
    s = p.fill_rate_level(x, 0.95, 9.0)  # target (1 − 0.95) × 9 = 0.45 → s = 90
    assert_allclose(s, 90.0)
    # a target above the mean continues linearly: E = 49.5 − s for s ≤ 0 → s = max(0, …) = 0
    assert_allclose(p.fill_rate_level(x, 0.5, 200.0), 0.0)


def test_base_stock_level_gives_the_stated_per_day_shortage():
    rng = np.random.default_rng(3)
    daily = rng.poisson(5.0, size=(2, 4000, 7)).astype(float)
    t, before = daily.sum(axis=2), daily[:, :, :6].sum(axis=2)
    x = np.sort(t, axis=1)
    level = p.base_stock_level(x, p.base_stock_shortage_curve(x, before), 0.95, 5.0)
    shortage = p.expected_shortage(t, level) - p.expected_shortage(before, level)
    assert_allclose(shortage, 0.05 * 5.0, atol=0.01)
    # the normal version on the same mean and sd lands close
    normal = p.base_stock_level_normal(t.mean(axis=1), t.std(axis=1), 7, 0.95, 5.0)
    assert_allclose(normal, level, rtol=0.05)


# ---------------------------------------------------------------- plan()


def test_plan_reproduces_the_issue_example():
    frame = p.plan(on_hand=[40.0], mu=3.1, sigma=4.2, lead_time=14, moq=100, review_period=22 / 3.1,
                   service_level=0.95, today=TODAY, skus=["A-1"])
    row = frame.row(0, named=True)
    # SS = 1.6449 × 4.2 × √14 = 25.8488; ROP = 43.4 + 25.8488 = 69.2488; Q = 69.2488 + 22 − 40 = 51.2488
    assert_allclose([row["safety_stock"], row["reorder_point"], row["order_qty_raw"]], [25.8488, 69.2488, 51.2488],
                    atol=1e-4)
    assert row["order_qty"] == 100 and row["order_needed"]
    assert row["order_by_date"] == TODAY and row["expected_arrival"] == TODAY + dt.timedelta(days=14)
    assert row["explain_en"] == ["SS = 1.64 × 4.2 × √14 = 26", "ROP = 3.1 × 14 + 26 = 69",
                                 "Q = max(0, 69 + 22 − 40) = 51 → MOQ 100"]
    assert row["explain_ko"][0].startswith("안전재고") and "최소주문 100" in row["explain_ko"][2]
    # on hand 40 at 3.1 a day: 36.9, 33.8, … ≤ 0 on day 12 (40 / 3.1 = 12.9), before the order arrives
    assert row["stockout_date"] == TODAY + dt.timedelta(days=12)
    assert row["warnings"] == ["stockout_before_arrival"]
    # at arrival (day 14) the stock is 0: days of supply after = 100 / 3.1 = 32.26
    assert_allclose(row["days_of_supply_after_arrival"], 100 / 3.1)
    assert_allclose(row["days_of_supply"], 40 / 3.1)


def test_plan_every_method_and_rule():
    samples = np.tile(np.arange(100.0), (5, 1))  # lead-time demand 0 … 99, mean 49.5
    frame = p.plan(
        on_hand=[0, 0, 0, 0, 0], mu=[3.1, 3.1, 3.1, 3.1, 3.1], sigma=4.2, lead_time=14, lead_time_sd=2.0,
        method=["statistical", "lead_time_variability", "forecast_quantile", "coverage", "forecast_quantile"],
        service_measure=["cycle", "cycle", "fill_rate", "cycle", "cycle"], service_level=0.95,
        lead_time_demand_mean=49.5, lead_time_demand_samples=samples, forecast_30=93.0, review_period=0,
        order_rule=["seed", "seed", "seed", "seed", "eoq"], ordering_cost=30000, unit_cost=10000, holding_rate=0.25,
        today=TODAY)
    ss = frame["safety_stock"].to_numpy()
    z = 1.6448536
    # statistical 1.6449 × 4.2 × √14 = 25.8488; variability 1.6448536 × 16.89379 = 27.7878
    assert_allclose(ss[:2], [25.8488, 27.7878], atol=1e-4)
    # forecast quantile, fill rate 95 %, Q = max(3.1 × max(R, 1), MOQ 0, pack 1) = 3.1: the level with
    # E[(D − s)^+] = 0.155 on 0 … 99; SS = s − 49.5
    level = p.fill_rate_level(samples[2:3], 0.95, 3.1)[0]
    assert_allclose(p.expected_shortage(samples[2], level), 0.05 * 3.1, atol=1e-9)
    assert_allclose(ss[2], level - 49.5)
    # coverage 93 × 14/30 = 43.4; forecast quantile at a 95 % cycle level: Q_95(0 … 99) − 49.5 = 94.05 − 49.5
    assert_allclose(ss[3:], [43.4, 44.55], atol=1e-9)
    assert_allclose(frame["safety_factor"].to_numpy()[:2], [z, z], atol=1e-6)
    # EOQ √(2 × 1131.5 × 30000 / 2500) = 164.79; position 0 ≤ ROP 49.5 + 44.55 = 94.05 → max(164.79, 95)
    eoq = math.sqrt(2 * 3.1 * 365 * 30000 / 2500)
    assert_allclose(frame["eoq"][4], eoq)
    assert frame["order_qty"][4] == math.ceil(eoq)
    assert frame["reorder_point"][4] == pytest.approx(49.5 + 44.55)


def test_plan_without_forecast_uses_the_manual_safety_stock():
    frame = p.plan(on_hand=[0.0, 0.0], mu=[np.nan, 0.0], sigma=[np.nan, 0.0], lead_time=7,
                   manual_safety_stock=[12.0, 0.0], method="statistical", today=TODAY)
    assert frame["safety_stock"].to_list() == [12.0, 0.0]
    assert frame["order_qty"].to_list() == [12.0, 0.0]
    assert frame["warnings"][0].to_list() == ["no_forecast"]
    assert frame["days_of_supply"].to_list() == [None, None]
    assert frame["order_by_date"][1] is None


def test_plan_flags_an_moq_above_a_year_of_demand():
    frame = p.plan(on_hand=[100.0, 100.0], mu=[0.1, 5.0], sigma=0.3, lead_time=7, moq=100, today=TODAY)
    # a year of 0.1 a day = 36.5 < 100: flagged, not an error
    assert frame["warnings"].to_list() == [["moq_exceeds_year"], []]


@pytest.mark.parametrize(("kwargs", "ko", "en"), [
    ({"lead_time": [7, 0]}, "리드타임은 1일 이상이어야 합니다", "The lead time must be at least 1 day"),
    ({"lead_time": [7, np.nan]}, "리드타임은 1일 이상이어야 합니다", "The lead time must be at least 1 day"),
    ({"moq": [-1, 0]}, "최소주문수량", "MOQ must not be negative"),
    ({"pack_size": [1, 0]}, "포장 단위", "pack size must be greater than 0"),
    ({"service_level": 1.0}, "서비스 수준", "service level"),
    ({"method": "forecast_quantile", "service_measure": "fill_rate"}, "표본", "needs lead_time_demand_samples"),
    ({"order_rule": "eoq"}, "EOQ", "EOQ needs an ordering cost"),
    ({"method": "magic"}, "알 수 없는", "Unknown setting"),
])
def test_plan_rejects_bad_input_in_korean_and_english(kwargs, ko, en):
    args = {"on_hand": [1.0, 1.0], "mu": 1.0, "sigma": 1.0, "lead_time": 7, "today": TODAY, "skus": ["A", "B"]}
    with pytest.raises(p.PlanInputError) as err:
        p.plan(**{**args, **kwargs})
    assert ko in str(err.value) and en in str(err.value)
    assert err.value.messages["ko"] and err.value.messages["en"]


# ---------------------------------------------------------------- invariants

levels = st.floats(0.51, 0.995)
positive = st.floats(0.0, 500.0, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(mu=positive, sigma=positive, lead=st.floats(1, 120), lt_sd=st.floats(0, 10), a=levels, b=levels,
       measure=st.sampled_from(["cycle", "fill_rate"]), method=st.sampled_from(["statistical", "lead_time_variability"]))
def test_safety_stock_rises_with_service_level(mu, sigma, lead, lt_sd, a, b, measure, method):
    lo, hi = sorted((a, b))
    frame = p.plan(on_hand=[0.0, 0.0], mu=mu, sigma=sigma, lead_time=lead, lead_time_sd=lt_sd,
                   service_level=[lo, hi], service_measure=measure, method=method, today=TODAY)
    ss = frame["safety_stock"].to_numpy()
    assert ss[0] <= ss[1] + 1e-9 * max(1.0, ss[1])


@settings(max_examples=60, deadline=None)
@given(mu=positive, sigma=positive, a=st.floats(1, 120), b=st.floats(1, 120), level=levels,
       method=st.sampled_from(["statistical", "lead_time_variability", "coverage"]),
       measure=st.sampled_from(["cycle", "fill_rate"]))
def test_safety_stock_rises_with_lead_time(mu, sigma, a, b, level, method, measure):
    lo, hi = sorted((a, b))
    frame = p.plan(on_hand=[0.0, 0.0], mu=mu, sigma=sigma, lead_time=[lo, hi], lead_time_sd=1.0,
                   service_level=level, method=method, service_measure=measure, forecast_30=30 * mu, today=TODAY)
    ss = frame["safety_stock"].to_numpy()
    assert ss[0] <= ss[1] + 1e-9 * max(1.0, ss[1])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(positive, positive, positive, positive, st.integers(1, 60), st.floats(0, 200),
                          st.floats(0.5, 24)), min_size=1, max_size=8),
       st.sampled_from(["seed", "eoq"]), levels)
def test_orders_only_at_or_below_the_reorder_point_and_in_moq_and_packs(rows, rule, level):
    on_hand, on_order, mu, sigma, lead, moq, pack = map(np.array, zip(*rows, strict=True))
    pack = np.maximum(np.round(pack), 1.0)
    frame = p.plan(on_hand=on_hand, on_order=on_order, mu=mu, sigma=sigma, lead_time=lead, moq=moq,
                   pack_size=pack, service_level=level, order_rule=rule, ordering_cost=50.0, unit_cost=10.0,
                   today=TODAY)
    qty = frame["order_qty"].to_numpy()
    above = frame["position"].to_numpy() > frame["reorder_point"].to_numpy()
    assert np.all(qty[above] == 0) and not frame["order_needed"].to_numpy()[above].any()
    ordered = qty > 0
    assert np.all(qty[ordered] >= moq[ordered] - 1e-9)
    assert_allclose(np.round(qty / pack) * pack, qty, atol=1e-6)
    nxt = frame["next_order_qty"].to_numpy()
    assert np.all((nxt == 0) | (nxt >= moq - 1e-9))


@settings(max_examples=300, deadline=None)
@given(q=st.floats(0, 1e6), moq=st.floats(0, 1e4), pack=st.floats(0.01, 500))
def test_round_order_invariant(q, moq, pack):
    r = float(p.round_order(q, moq, pack))
    if q == 0:
        assert r == 0
    else:
        assert r >= q and r >= moq
        assert math.isclose(r / pack, round(r / pack), rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=60, deadline=None)
@given(on_hand=positive, lead=st.integers(1, 90), moq=st.floats(0, 100), level=levels,
       method=st.sampled_from(list(p.SafetyStockMethod)), measure=st.sampled_from(list(p.ServiceMeasure)),
       rule=st.sampled_from(list(p.OrderRule)))
def test_zero_demand_means_zero_order(on_hand, lead, moq, level, method, measure, rule):
    samples = np.zeros((1, 50))
    frame = p.plan(on_hand=[on_hand], mu=0.0, sigma=0.0, lead_time=lead, moq=moq, service_level=level,
                   method=method, service_measure=measure, order_rule=rule, forecast_30=0.0,
                   lead_time_demand_mean=0.0, lead_time_demand_samples=samples, lead_time_demand_quantile=0.0,
                   manual_safety_stock=0.0, ordering_cost=10.0, unit_cost=1.0, today=TODAY)
    assert frame["order_qty"][0] == 0 and frame["next_order_qty"][0] == 0 and not frame["order_needed"][0]
    assert frame["safety_stock"][0] == 0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 1000), min_size=2, max_size=300), st.floats(0.5, 0.999), st.floats(0.1, 200))
def test_fill_rate_solve_gives_the_stated_expected_shortage(draws, beta, q):
    x = np.array(draws)
    s = float(p.fill_rate_level(x[None, :], beta, q)[0])
    target = (1 - beta) * q
    got = float(p.expected_shortage(x, s))
    if s > 0 and target > 0:
        assert got == pytest.approx(target, rel=1e-6, abs=1e-6)
    else:  # clipped at 0 (the target exceeds the mean) or the largest sample (zero target)
        assert got <= target + 1e-6 or s == pytest.approx(x.max())
