"""Forecasts through the API on every database: run in the worker, read, override, score live,
retrain on degradation, the nightly schedule, MLflow tracking."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from sqlalchemy import select, update

from smartstock.db.models import (
    Channel,
    DailySales,
    ForecastRun,
    Job,
    JobStatus,
    RunTrigger,
)
from smartstock.forecasting import service
from smartstock.settings import get_settings
from tests.factories import add_member, create_product, signup
from tests.ingest.support import run_jobs

DAYS = 150
END = dt.date(2026, 10, 31)  # the history's last day; forecasts start on 1 November


@pytest.fixture(autouse=True)
def quick_engine(monkeypatch):
    """The API tests exercise the service, not the models' speed: no CNN-LSTM, one process."""
    monkeypatch.setattr(get_settings(), "forecast_cnn_lstm", False)
    monkeypatch.setattr(get_settings(), "forecast_jobs", 1)


def add_sales(db, tenant_id: int, product_id: int, values, end: dt.date = END, promoted=()) -> None:
    """Daily sales ending on `end`; the days at the indexes in `promoted` were on promotion."""
    start = end - dt.timedelta(days=len(values) - 1)
    for k, quantity in enumerate(values):
        day = start + dt.timedelta(days=k)
        db.add(DailySales(tenant_id=tenant_id, product_id=product_id, channel=Channel.coupang, sale_date=day,
                          quantity=int(quantity), promotion=k in promoted))
    db.commit()


@pytest.fixture
def shop(app, db):
    """A tenant with five products in two categories (one with a slash in its name) and one without,
    150 days of sales; one product is new."""
    owner, me = signup(app)
    tenant_id = me["tenant"]["id"]
    rng = np.random.default_rng(7)
    weekly = np.array([1.0, 0.9, 0.9, 1.0, 1.2, 1.5, 1.4])
    products = {}
    for name, category, level in [("A", "주방용품", 12), ("B", "주방용품", 6), ("C", "욕실/청소", 20), ("D", None, 0.3)]:
        products[name] = create_product(owner, master_sku=f"FC-{name}", category=category)
        values = rng.poisson(level * np.resize(weekly, DAYS))
        promoted = set(range(5, DAYS, 20)) if name == "A" else set()
        values[list(promoted)] *= 3  # A sells three times as much on its promotion days
        add_sales(db, tenant_id, products[name]["id"], values, promoted=promoted)
    products["NEW"] = create_product(owner, master_sku="FC-NEW", category="주방용품")
    add_sales(db, tenant_id, products["NEW"]["id"], rng.poisson(5, 20))
    return owner, me, products


def start_run(client, session_factory, horizon: int = 90, trigger: str = "manual") -> dict:
    r = client.post("/api/forecasts/runs", json={"horizon": horizon, "trigger": trigger})
    assert r.status_code == 202, r.text
    assert r.json()["status"] == "queued" and r.json()["job_id"]
    run_jobs(session_factory)
    run = client.get(f"/api/forecasts/runs/{r.json()['id']}").json()
    assert run["status"] == "succeeded", run
    return run


def test_a_run_forecasts_every_product_and_category_with_reasons(shop, session_factory):
    owner, _, products = shop
    run = start_run(owner, session_factory)
    assert run["products"] == 5 and run["horizon"] == 90 and run["trigger"] == "manual"
    assert (run["history_start"], run["history_end"]) == ("2026-06-04", "2026-10-31")
    assert 0 < run["metrics"]["wape"] < 1 and 0 < run["metrics"]["coverage"] <= 1 and run["metrics"]["mase"] > 0
    assert int(run["model_version"]) >= 1 and run["mlflow_run_id"]
    assert run["params"]["covariates"] == "promotion"  # the history has promotion days: a LightGBM feature
    assert sum(run["model_counts"].values()) == 5 and run["model_counts"]["Category"] == 1
    candidates = {m["model"] for m in run["models"]}
    assert {"SeasonalNaive", "ETS", "Theta", "LightGBM", "Ensemble", "CrostonSBA"} <= candidates
    assert all(m["wape"] is not None for m in run["models"])

    page = owner.get("/api/forecasts/products", params={"page_size": 10}).json()
    assert page["total"] == 5
    rows = {r["master_sku"]: r for r in page["items"]}
    assert rows["FC-NEW"]["kind"] == "new" and rows["FC-NEW"]["model"] == "Category"
    assert rows["FC-D"]["pattern"] in ("intermittent", "lumpy")
    assert rows["FC-A"]["pattern"] == "smooth" and "RMSE" in rows["FC-A"]["reason"]["en"]
    assert "RMSE" in rows["FC-A"]["reason"]["ko"] and "백테스트" in rows["FC-A"]["reason"]["ko"]
    totals = {t["days"]: t for t in rows["FC-A"]["totals"]}
    assert sorted(totals) == [7, 30, 60, 90]
    assert totals[7]["p10"] <= totals[7]["p50"] <= totals[7]["p90"]
    assert totals[90]["p90"] - totals[90]["p10"] > totals[7]["p90"] - totals[7]["p10"]
    assert 7 * 12 * 0.6 < totals[7]["mean"] < 7 * 12 * 1.6
    assert owner.get("/api/forecasts/products", params={"pattern": "smooth"}).json()["total"] >= 2
    assert owner.get("/api/forecasts/products", params={"q": "FC-B"}).json()["items"][0]["master_sku"] == "FC-B"

    detail = owner.get(f"/api/forecasts/products/{products['A']['id']}").json()
    assert len(detail["forecast"]) == 90 and detail["forecast"][0]["day"] == "2026-11-01"
    assert all(d["p10"] <= d["p50"] <= d["p90"] and d["effective"] == d["mean"] for d in detail["forecast"])
    assert len(detail["history"]) == 120 and detail["history"][-1]["day"] == "2026-10-31"
    backtest = [s for s in detail["scores"] if s["source"] == "backtest"]
    assert sum(s["selected"] for s in backtest) == 1 and len(backtest) >= 5

    categories = owner.get("/api/forecasts/categories").json()["items"]
    assert {c["name"] for c in categories} == {"주방용품", "욕실/청소", "(none)"}
    assert owner.get("/api/forecasts/categories/욕실/청소").json()["row"]["name"] == "욕실/청소"
    uncategorised = owner.get("/api/forecasts/products", params={"category": "(none)"}).json()["items"]
    assert [r["master_sku"] for r in uncategorised] == ["FC-D"]
    assert owner.get("/api/forecasts/categories/(none)").json()["history"]
    kitchen = owner.get("/api/forecasts/categories/주방용품").json()
    members = [owner.get(f"/api/forecasts/products/{products[k]['id']}").json() for k in ("A", "B", "NEW")]
    for day in range(90):  # a category is exactly the sum of its products
        assert kitchen["forecast"][day]["mean"] == pytest.approx(sum(m["forecast"][day]["mean"] for m in members), abs=1e-3)
    assert kitchen["history"][-1]["quantity"] == sum(m["history"][-1]["quantity"] for m in members)


def test_runs_are_tracked_in_mlflow(shop, session_factory):
    owner, me, _ = shop
    run = start_run(owner, session_factory, horizon=30)
    from smartstock.forecasting import tracking

    client = tracking.client()
    tracked = client.get_run(run["mlflow_run_id"])
    assert tracked.data.params["horizon"] == "30" and tracked.data.params["selection_metric"] == "rmse"
    assert tracked.data.metrics["wape"] == pytest.approx(run["metrics"]["wape"], rel=1e-6)
    assert "wape.LightGBM" in tracked.data.metrics
    assert tracked.data.tags["smartstock.forecast_run_id"] == str(run["id"])
    assert tracked.data.tags["smartstock.history"] == "2026-06-04..2026-10-31"
    artifacts = {a.path for a in client.list_artifacts(run["mlflow_run_id"])}
    assert {"lineage.json", "backtest_scores.csv", "model"} <= artifacts
    versions = client.search_model_versions(f"name = '{tracking.model_name(me['tenant']['id'])}'")
    assert any(v.run_id == run["mlflow_run_id"] and str(v.version) == run["model_version"] for v in versions)
    second = start_run(owner, session_factory, horizon=7)
    assert int(second["model_version"]) == int(run["model_version"]) + 1


def test_overrides_replace_the_forecast_downstream_and_keep_the_ai_one(shop, session_factory, db):
    owner, me, products = shop
    start_run(owner, session_factory, horizon=30)
    pid = products["A"]["id"]
    body = {"product_id": pid, "start_date": "2026-11-05", "end_date": "2026-11-11", "quantity": "40",
            "reason": "라이브 방송 프로모션"}
    r = owner.post("/api/forecasts/overrides", json=body)
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["ai_quantity"] > 0 and made["created_by_name"] and made["quantity"] == "40.00"

    detail = owner.get(f"/api/forecasts/products/{pid}").json()
    days = {d["day"]: d for d in detail["forecast"]}
    assert days["2026-11-05"]["override"] == 40 and days["2026-11-05"]["effective"] == 40
    assert days["2026-11-05"]["mean"] == pytest.approx(made["ai_quantity"], rel=1)  # the AI value stays
    assert days["2026-11-04"]["override"] is None
    assert owner.get("/api/forecasts/products", params={"q": "FC-A"}).json()["items"][0]["overridden"]

    frame = service.effective_forecast(db, me["tenant"]["id"], [pid])
    assert frame.filter(frame["overridden"])["effective"].to_list() == [40.0] * 7
    demand = service.lead_time_demand(db, me["tenant"]["id"], pid, 14)
    assert demand["mean"] == pytest.approx(float(frame.head(14)["effective"].sum()))
    assert demand["p10"] <= demand["p50"] <= demand["p90"]

    # the category line carries the override: AI sum + (40 − A's AI mean) on the days it covers
    kitchen = {d["day"]: d for d in owner.get("/api/forecasts/categories/주방용품").json()["forecast"]}
    assert kitchen["2026-11-05"]["override"] == pytest.approx(
        kitchen["2026-11-05"]["mean"] + 40 - days["2026-11-05"]["mean"], abs=1e-6)
    assert kitchen["2026-11-05"]["effective"] == kitchen["2026-11-05"]["override"]
    assert kitchen["2026-11-04"]["override"] is None and kitchen["2026-11-04"]["effective"] == kitchen["2026-11-04"]["mean"]
    assert owner.get("/api/forecasts/categories/주방용품").json()["row"]["overridden"]

    staff = add_member(owner, owner.app, "staff")
    assert staff.post("/api/forecasts/overrides", json={**body, "quantity": "35"}).status_code == 201
    viewer = add_member(owner, owner.app, "viewer")
    assert viewer.post("/api/forecasts/overrides", json=body).status_code == 403
    history = owner.get("/api/forecasts/overrides", params={"product_id": pid}).json()
    assert [o["quantity"] for o in history] == ["35.00", "40.00"]  # newest first
    audit = owner.get("/api/audit", params={"entity_type": "product"}).json()["items"]
    assert any("라이브 방송" in e["summary"] for e in audit)

    withdrawn = owner.post(f"/api/forecasts/overrides/{history[0]['id']}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_by_name"]
    again = owner.post(f"/api/forecasts/overrides/{history[0]['id']}/withdraw")
    assert again.status_code == 409 and again.json()["error"] == "already_withdrawn"
    days = {d["day"]: d for d in owner.get(f"/api/forecasts/products/{pid}").json()["forecast"]}
    assert days["2026-11-05"]["effective"] == 40  # back to the first override


BAD_OVERRIDES = [
    ({"end_date": "2026-11-01"}, "bad_period"),  # ends before it starts
    ({"start_date": "2026-10-01", "end_date": "2026-10-05"}, "past_period"),
    ({"end_date": "2028-01-01"}, "bad_period"),  # longer than a year
    ({"quantity": "-1"}, "invalid_input"),
    ({"reason": "   "}, "invalid_input"),
    ({"product_id": 999_999_999}, "not_found"),
]


def test_bad_overrides_are_refused_in_both_languages(shop, session_factory):
    owner, _, products = shop
    start_run(owner, session_factory, horizon=7)
    for change, error in BAD_OVERRIDES:
        body = {"product_id": products["A"]["id"], "start_date": "2026-11-03", "end_date": "2026-11-04",
                "quantity": "5", "reason": "테스트", **change}
        r = owner.post("/api/forecasts/overrides", json=body)
        assert r.status_code in (400, 404, 422) and r.json()["error"] == error, (change, r.text)
        korean = owner.post("/api/forecasts/overrides", json=body, headers={"Accept-Language": "ko"})
        assert korean.json()["detail"] != r.json()["detail"]
    assert owner.get("/api/forecasts/overrides").json() == []


def test_run_requests_that_cannot_start(app, shop, session_factory):
    owner, _, _ = shop
    fresh, _ = signup(app)
    r = fresh.post("/api/forecasts/runs", json={})
    assert r.status_code == 400 and r.json()["error"] == "no_sales_history"
    assert fresh.get("/api/forecasts/products").json()["error"] == "no_forecast"
    assert owner.post("/api/forecasts/runs", json={}).status_code == 202
    busy = owner.post("/api/forecasts/runs", json={})
    assert busy.status_code == 409 and busy.json()["error"] == "forecast_running"
    assert owner.post("/api/forecasts/runs", json={"horizon": 120}).status_code == 422
    viewer = add_member(owner, app, "viewer")
    assert viewer.post("/api/forecasts/runs", json={}).status_code == 403


def test_a_failed_run_says_why(shop, session_factory, db, monkeypatch):
    owner, _, _ = shop
    from smartstock.forecasting.core import engine

    def broken(*args, **kwargs):
        raise RuntimeError("model exploded")

    monkeypatch.setattr(engine, "run", broken)
    r = owner.post("/api/forecasts/runs", json={})
    run_jobs(session_factory)
    run = owner.get(f"/api/forecasts/runs/{r.json()['id']}").json()
    assert run["status"] == "failed" and "model exploded" in run["error"]["en"] and "오류" in run["error"]["ko"]
    assert owner.post("/api/forecasts/runs", json={}).status_code == 202  # a failed run does not block


def test_live_accuracy_and_retraining_when_it_degrades(shop, session_factory, db):
    owner, me, products = shop
    tenant_id = me["tenant"]["id"]
    first = start_run(owner, session_factory, horizon=30)
    # Ten days of actuals arrive, three times what was forecast for product C.
    forecast_c = owner.get(f"/api/forecasts/products/{products['C']['id']}").json()["forecast"]
    later = END + dt.timedelta(days=10)
    for key in ("A", "B", "C", "D"):
        days = owner.get(f"/api/forecasts/products/{products[key]['id']}").json()["forecast"][:10]
        factor = 3 if key == "C" else 1
        add_sales(db, tenant_id, products[key]["id"], [round(d["mean"] * factor) for d in days], end=later)
    assert forecast_c

    assert service.score_live(db, tenant_id) == 1
    db.commit()
    trend = owner.get("/api/forecasts/accuracy", params={"level": "run"}).json()
    assert trend[-1]["run_id"] == first["id"] and trend[-1]["live_days"] == 10
    assert trend[-1]["live"]["wape"] > trend[-1]["backtest"]["wape"]
    per_product = {r["master_sku"]: r for r in owner.get("/api/forecasts/accuracy", params={"level": "product"}).json()}
    assert per_product["FC-C"]["live"]["wape"] == pytest.approx(2 / 3, abs=0.05)  # |F − 3F| / 3F
    assert per_product["FC-A"]["live"]["wape"] < 0.1
    assert owner.get("/api/forecasts/accuracy", params={"level": "category"}).json()

    retrain = service.check_degradation(db, tenant_id)
    assert retrain is not None and retrain.trigger == RunTrigger.degradation
    db.commit()
    assert service.check_degradation(db, tenant_id) is None  # already queued: not twice
    run_jobs(session_factory)
    runs = owner.get("/api/forecasts/runs").json()["items"]
    assert runs[0]["trigger"] == "degradation" and runs[0]["status"] == "succeeded"
    assert runs[0]["history_end"] == later.isoformat()


def test_the_nightly_schedule_runs_once_a_night_at_the_tenants_hour(shop, session_factory, db):
    owner, me, _ = shop
    tenant_id = me["tenant"]["id"]
    night = dt.datetime(2026, 11, 22, 17, 30, tzinfo=dt.UTC)  # 02:30 in Seoul
    day = dt.datetime(2026, 11, 22, 5, 30, tzinfo=dt.UTC)  # 14:30 in Seoul
    assert [r for r in service.nightly(db, now=day) if r.tenant_id == tenant_id] == []
    started = [r for r in service.nightly(db, now=night) if r.tenant_id == tenant_id]
    assert len(started) == 1 and started[0].trigger == RunTrigger.nightly
    db.commit()
    assert [r for r in service.nightly(db, now=night) if r.tenant_id == tenant_id] == []  # one is running
    run_jobs(session_factory)
    db.execute(update(ForecastRun).where(ForecastRun.tenant_id == tenant_id).values(
        created_at=night - dt.timedelta(hours=2)))
    db.commit()
    assert [r for r in service.nightly(db, now=night) if r.tenant_id == tenant_id] == []  # ran two hours ago
    owner.patch("/api/settings", json={"forecast_nightly": False})
    db.execute(update(ForecastRun).where(ForecastRun.tenant_id == tenant_id).values(
        created_at=night - dt.timedelta(days=1)))
    db.commit()
    assert [r for r in service.nightly(db, now=night) if r.tenant_id == tenant_id] == []  # switched off
    jobs = db.scalars(select(Job).where(Job.tenant_id == tenant_id, Job.kind == service.RUN_JOB)).all()
    assert all(j.status == JobStatus.succeeded for j in jobs)
