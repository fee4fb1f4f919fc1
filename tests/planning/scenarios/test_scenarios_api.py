"""Scenario jobs on every database: started through the API, run by the worker, read back; the
baselines' numbers equal a direct replay of the same demand; bad input and short histories."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from smartstock.forecasting.core.censoring import impute_censored
from smartstock.planning.core import simulate as sim
from smartstock.settings import get_settings
from tests.factories import create_product, create_supplier, signup
from tests.ingest.support import run_jobs
from tests.planning.purchase_orders.support import today
from tests.planning.support import add_sales

DAYS = 120


@pytest.fixture(autouse=True)
def one_process(monkeypatch):
    """The engine in one process (the worker's default is two): the tests check the service."""
    monkeypatch.setattr(get_settings(), "forecast_jobs", 1)


@pytest.fixture
def shop(app, db):
    """120 days of sales ending yesterday: A (lead time 7, MOQ 10, unit cost 1,000, two stock-out
    days), B (its supplier's lead time 10, packs of 6, no cost), C (no lead time, no supplier) and a set."""
    owner, me = signup(app)
    tenant_id = me["tenant"]["id"]
    supplier = create_supplier(owner, default_lead_time_days=10)
    a = create_product(owner, master_sku="SC-A", supplier_id=supplier["id"], lead_time_days=7, moq=10, unit_cost="1000.00")
    b = create_product(owner, master_sku="SC-B", supplier_id=supplier["id"], pack_size=6)
    c = create_product(owner, master_sku="SC-C")
    s = create_product(owner, master_sku="SC-SET", kind="set")
    rng = np.random.default_rng(3)
    end = today() - dt.timedelta(days=1)
    demand = {a["id"]: rng.poisson(8, DAYS), b["id"]: rng.poisson(3, DAYS), c["id"]: rng.poisson(2, DAYS),
              s["id"]: rng.poisson(1, DAYS)}
    demand[a["id"]][[50, 51]] = 0
    for pid, values in demand.items():
        add_sales(db, tenant_id, pid, values, end, stockouts=(50, 51) if pid == a["id"] else ())
    return owner, {"A": a, "B": b, "C": c, "S": s}, demand, end


def start(client, session_factory, **body) -> dict:
    r = client.post("/api/planning/scenarios", json=body)
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["kind"] == "planning.scenarios" and job["status"] == "queued"
    run_jobs(session_factory)
    return client.get(f"/api/jobs/{job['id']}").json()


def expected_baselines(products, demand, end) -> dict[str, sim.SimulationResult]:
    """The same replay made directly with the planning core: A and B, lead times 7 and 10."""
    a, b = str(products["A"]["id"]), str(products["B"]["id"])
    start_day = end - dt.timedelta(days=DAYS - 1)
    days = [start_day + dt.timedelta(days=k) for k in range(DAYS)]
    frame = pl.concat([
        pl.DataFrame({"unique_id": sku, "ds": days, "y": demand[int(sku)].astype(float),
                      "censored": [k in (50, 51) and sku == a for k in range(DAYS)]})
        for sku in (a, b)])
    frame = impute_censored(frame).select("unique_id", "ds", "y")
    replay = sim.Replay(frame, lead_time={a: 7, b: 10}, moq={a: 10, b: 1}, pack={a: 1, b: 6},
                        unit_cost={a: 1000.0, b: float("nan")}, replay_days=DAYS - 10 - 28)
    return {"coverage": replay.run(sim.CoveragePolicy()), "minmax": replay.run(sim.MinMaxPolicy())}


def test_a_scenario_job_replays_three_policies(shop, session_factory):
    owner, products, demand, end = shop
    r = owner.get("/api/planning/scenarios/latest")
    assert r.status_code == 404 and r.json()["error"] == "no_scenario_result"

    job = start(owner, session_factory)
    assert job["status"] == "succeeded" and job["progress"] == 100, job
    r = owner.get("/api/planning/scenarios/latest")
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["job_id"] == job["id"] and result["forecaster"] == "engine"
    assert result["params"] == {"service_level": 0.95, "lead_time_days": None, "days": 180, "holding_rate": 0.25}
    # 120 days − the longest lead time (10) − 28 days for the first forecast to learn from
    assert result["days"] == 82 and result["window_end"] == str(end)
    assert result["window_start"] == str(end - dt.timedelta(days=81))
    assert result["products"] == 2 and result["priced_products"] == 1 and result["service_level"] == 0.95
    assert {(s["master_sku"], s["code"]) for s in result["skipped"]} == {("SC-C", "no_lead_time"), ("SC-SET", "set")}
    assert all(s["ko"] and s["en"] for s in result["skipped"])

    rows = {p["key"]: p for p in result["policies"]}
    assert list(rows) == ["smartstock", "coverage", "minmax"]
    assert rows["smartstock"]["label_ko"] and rows["minmax"]["label_en"] == "Min/max days of cover"
    expected = expected_baselines(products, demand, end)
    for key, run in expected.items():
        m, a_value = run.metrics, run.per_sku.filter(pl.col("sku") == str(products["A"]["id"]))["avg_inventory_value"][0]
        assert rows[key]["fill_rate"] == pytest.approx(m["fill_rate"])
        assert rows[key]["stockout_rate"] == pytest.approx(m["stockout_rate"])
        assert rows[key]["avg_inventory_units"] == pytest.approx(m["avg_inventory_units"])
        assert rows[key]["days_of_supply"] == pytest.approx(m["days_of_supply"])
        assert rows[key]["orders"] == m["orders"]
        assert rows[key]["avg_inventory_value"] == pytest.approx(a_value)  # only A has a cost
        assert rows[key]["holding_cost"] == pytest.approx(a_value * 0.25 * 82 / 365)
    ours = rows["smartstock"]
    assert 0.5 < ours["fill_rate"] <= 1 and 0 <= ours["stockout_rate"] < 0.5 and ours["orders"] > 0
    assert ours["avg_inventory_units"] > 0 and ours["avg_inventory_value"] > 0

    curve = result["curve"]
    assert [(c["key"], c["fill_rate_target"]) for c in curve] == [
        (k, t) for k in ("smartstock", "coverage", "minmax") for t in (0.9, 0.95, 0.98)]
    for c in curve:
        if c["reached"]:
            assert c["achieved_fill_rate"] >= c["fill_rate_target"] and c["avg_inventory_units"] > 0
        else:
            assert c["avg_inventory_units"] is None
    for key in ("smartstock", "coverage", "minmax"):  # more service takes more stock
        levels = [c["avg_inventory_units"] for c in curve if c["key"] == key and c["reached"]]
        assert levels == sorted(levels)


def test_with_a_longer_history_our_forecasts_carry_their_uncertainty(app, db, session_factory):
    """230 days: from about 150 days of history on, the engine backtests each series, and SmartStock's
    policy draws its lead-time demand from the residual paths, so it can be tuned to every target."""
    owner, me = signup(app)
    rng = np.random.default_rng(5)
    for i in range(2):
        product = create_product(owner, master_sku=f"SC-L{i}", lead_time_days=7)
        add_sales(db, me["tenant"]["id"], product["id"], rng.poisson(5 + 3 * i, 230), today() - dt.timedelta(days=1))
    assert start(owner, session_factory, days=60)["status"] == "succeeded"
    result = owner.get("/api/planning/scenarios/latest").json()
    assert result["days"] == 60 and result["products"] == 2 and result["skipped"] == []
    ours = next(p for p in result["policies"] if p["key"] == "smartstock")
    assert 0.9 <= ours["fill_rate"] <= 1 and ours["avg_inventory_value"] is None and ours["holding_cost"] is None
    curve = [c for c in result["curve"] if c["key"] == "smartstock"]
    assert all(c["reached"] for c in curve)
    assert [c["avg_inventory_units"] for c in curve] == sorted(c["avg_inventory_units"] for c in curve)


def test_one_lead_time_for_all_and_a_service_level(shop, session_factory):
    owner, _, _, _ = shop
    job = start(owner, session_factory, service_level=0.9, lead_time_days=30, days=40)
    assert job["status"] == "succeeded", job
    result = owner.get("/api/planning/scenarios/latest").json()
    assert result["params"]["lead_time_days"] == 30 and result["service_level"] == 0.9
    assert result["days"] == 40  # 120 − 30 − 28 = 62 available, 40 asked
    # the lead time given applies to C too (it has none of its own)
    assert result["products"] == 3 and [s["code"] for s in result["skipped"]] == ["set"]


def test_one_job_at_a_time(shop, session_factory):
    owner, _, _, _ = shop
    assert owner.post("/api/planning/scenarios", json={}).status_code == 202
    r = owner.post("/api/planning/scenarios", json={})
    assert r.status_code == 409 and r.json()["error"] == "scenarios_running"


@pytest.mark.parametrize("language", ["ko", "en"])
def test_too_little_history(app, db, session_factory, language):
    owner, me = signup(app)
    owner.headers["Accept-Language"] = language
    product = create_product(owner, master_sku="SC-SHORT", lead_time_days=7)
    r = owner.post("/api/planning/scenarios", json={})
    assert r.status_code == 400 and r.json()["error"] == "no_sales_history"
    add_sales(db, me["tenant"]["id"], product["id"], [3] * 40, today() - dt.timedelta(days=1))
    r = owner.post("/api/planning/scenarios", json={})
    assert r.status_code == 400 and r.json()["error"] == "history_too_short"
    assert r.json()["detail"] == ("판매 이력이 너무 짧습니다 (40일). 시나리오 비교에는 56일 이상의 판매 이력이 필요합니다."
                                  if language == "ko" else
                                  "The sales history is too short (40 days): scenarios need at least 56 days of sales.")
    add_sales(db, me["tenant"]["id"], product["id"], [3] * 30, today() - dt.timedelta(days=41))
    r = owner.post("/api/planning/scenarios", json={"lead_time_days": 30})  # 70 days < 30 + 28 + 14
    assert r.status_code == 400 and r.json()["error"] == "history_too_short"
    assert ("리드타임 30일" if language == "ko" else "lead time (30 days)") in r.json()["detail"]
    # the worker checks each product's own lead time the same way
    assert owner.patch(f"/api/products/{product['id']}", json={"lead_time_days": 40}).status_code == 200
    job = start(owner, session_factory)
    assert job["status"] == "failed" and job["result"]["error"] == "history_too_short", job
    assert "40" in job["result"]["detail"]["ko"] and "40 days" in job["result"]["detail"]["en"]
    assert owner.get("/api/planning/scenarios/latest").status_code == 404


def test_nothing_to_simulate_and_bad_parameters(app, db, session_factory):
    owner, me = signup(app)
    product = create_product(owner, master_sku="SC-NOLT")
    add_sales(db, me["tenant"]["id"], product["id"], [2] * 60, today() - dt.timedelta(days=1))
    job = start(owner, session_factory)
    assert job["status"] == "failed" and job["result"]["error"] == "nothing_to_simulate"
    assert job["result"]["detail"]["ko"] and job["result"]["detail"]["en"]
    for body in ({"service_level": 1.2}, {"service_level": 0.3}, {"lead_time_days": 0}, {"days": 7}, {"other": 1}):
        r = owner.post("/api/planning/scenarios", json=body)
        assert r.status_code == 422 and r.json()["error"] == "invalid_input", body
