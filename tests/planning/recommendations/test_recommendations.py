"""Order recommendations through the API on every database: the numbers against hand-computed
values, stock on order, products that cannot be planned, and drafts made from them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from tests.factories import add_member, create_product, create_supplier, move, signup
from tests.planning.purchase_orders.support import act, detail, draft, today
from tests.planning.recommendations.support import recommendations, row_of
from tests.planning.support import add_forecast, add_sales


@pytest.fixture
def shop(app, db):
    """A supplier and a product with lead time 7, MOQ 100 in packs of 50, 50 on hand and a
    forecast of 10 a day for 90 days."""
    owner, me = signup(app)
    supplier = create_supplier(owner, default_lead_time_days=10)
    product = create_product(owner, supplier_id=supplier["id"], lead_time_days=7, moq=100, pack_size=50,
                             unit_cost="1500.00")
    move(owner, product["id"], "inbound", 50)
    add_forecast(db, me["tenant"]["id"], today(), {product["id"]: ([10.0] * 90, [10.0] * 90)})
    return owner, me, supplier, product


def set_policy(client, **fields) -> dict:
    r = client.put("/api/planning/policy", json=fields)
    assert r.status_code == 200, r.text
    return r.json()


def test_coverage_rule_by_hand(shop):
    owner, _, supplier, product = shop
    set_policy(owner, safety_stock_method="coverage")
    row = row_of(recommendations(owner), product["id"])
    # SS = 30-day forecast × L/30 = 300 × 7/30 = 70; ROP = μ·L + SS = 70 + 70 = 140; target = μ·R = 70;
    # Q = max(0, 140 + 70 − 50) = 160 → at least the MOQ 100, in packs of 50 → 200
    assert row["mu"] == pytest.approx(10) and row["lead_time_demand"] == pytest.approx(70)
    assert row["safety_stock"] == pytest.approx(70) and row["reorder_point"] == pytest.approx(140)
    assert row["target_stock"] == pytest.approx(70)
    assert row["order_needed"] and row["order_qty"] == 200
    assert row["order_by_date"] == today().isoformat()
    assert row["expected_arrival"] == (today() + dt.timedelta(days=7)).isoformat()
    assert row["days_of_supply"] == pytest.approx(5)
    assert row["amount"] == "300000.00" and row["supplier"]["id"] == supplier["id"]
    assert "stockout_before_arrival" in row["warnings"]  # 50 units last 5 days, the order takes 7
    assert any("70" in line for line in row["explain_en"]) and row["explain_ko"]
    assert row["problem"] is None and row["forecast_run_id"] is not None


def test_stock_on_order_counts_in_the_position(shop):
    owner, _, supplier, product = shop
    set_policy(owner, safety_stock_method="coverage")
    po = draft(owner, supplier, [(product, 100)])
    act(owner, po, "approve")
    row = row_of(recommendations(owner), product["id"])
    # position 50 + 100 = 150 ≤ ROP 140? no: nothing to order now
    assert row["on_order"] == 100 and row["position"] == 150
    assert not row["order_needed"] and row["order_qty"] == 0
    # the order-by date is the day whose sales take the position to the ROP: 150 − 10 = 140 by tonight
    assert row["order_by_date"] == today().isoformat()
    assert row["next_order_qty"] == 100  # 140 + 70 − 140 = 70 → the MOQ


def test_statistical_safety_stock_uses_the_forecast_spread(shop, db):
    owner, me, supplier, _ = shop
    noisy = create_product(owner, supplier_id=supplier["id"], lead_time_days=9)
    rng = np.random.default_rng(3)
    residuals = [list(rng.normal(0, 4, 28).round(2)) for _ in range(3)]
    add_forecast(db, me["tenant"]["id"], today(), {noisy["id"]: ([20.0] * 60, [20.0] * 60)},
                 residuals={noisy["id"]: residuals})
    row = row_of(recommendations(owner), noisy["id"])
    # SS = z·σ·√L with z = Φ⁻¹(0.95) = 1.645 and σ the forecast's daily sd
    assert row["method"] == "statistical" and row["service_level"] == 0.95
    assert row["safety_factor"] == pytest.approx(1.6449, abs=1e-3)
    assert row["sigma"] > 1
    assert row["safety_stock"] == pytest.approx(row["safety_factor"] * row["sigma"] * 3, rel=1e-6)
    assert row["reorder_point"] == pytest.approx(180 + row["safety_stock"], rel=1e-6)
    assert row["lead_time_demand_p50"] == pytest.approx(180, rel=0.1)
    assert row["lead_time_demand_quantile"] > row["lead_time_demand_p50"]


def test_products_that_cannot_be_planned_say_why(shop):
    owner, _, _, _ = shop
    no_lead = create_product(owner)  # no supplier, no lead time
    zero = create_product(owner, lead_time_days=0)
    orphan = create_product(owner, lead_time_days=5, safety_stock=30)  # no supplier, no forecast
    move(owner, orphan["id"], "inbound", 10)
    body = recommendations(owner)
    assert row_of(body, no_lead["id"])["problem"]["code"] == "no_lead_time"
    zero_row = row_of(body, zero["id"])
    assert zero_row["problem"]["code"] == "lead_time_zero" and "0" in zero_row["problem"]["ko"]
    assert zero_row["order_qty"] == 0
    row = row_of(body, orphan["id"])
    # no forecast yet: μ = 0 and the manual safety stock; position 10 ≤ ROP 30 → 20, at least the MOQ 1
    assert row["problem"] is None and {"no_forecast", "no_supplier"} <= set(row["warnings"])
    assert row["safety_stock"] == 30 and row["order_qty"] == 20

    r = owner.post("/api/planning/recommendations/drafts", json={"items": [{"product_id": orphan["id"]}]})
    assert r.status_code == 400 and r.json()["error"] == "product_without_supplier"
    r = owner.post("/api/planning/recommendations/drafts", json={"items": [{"product_id": zero["id"]}]},
                   headers={"Accept-Language": "ko"})
    assert r.status_code == 400 and r.json()["error"] == "lead_time_zero" and "리드타임" in r.json()["detail"]


def test_filters(shop):
    owner, _, supplier, product = shop
    other = create_product(owner, master_sku="ZZ-OTHER", category="욕실", lead_time_days=3)
    assert [r["product_id"] for r in recommendations(owner, q="zz-oth")["rows"]] == [other["id"]]
    assert [r["product_id"] for r in recommendations(owner, category="욕실")["rows"]] == [other["id"]]
    assert [r["product_id"] for r in recommendations(owner, supplier_id=supplier["id"])["rows"]] == [product["id"]]
    needed = recommendations(owner, needed_only=True)
    assert [r["product_id"] for r in needed["rows"]] == [product["id"]] and needed["needed_count"] == 1


def test_drafts_keep_the_ai_proposal_and_the_users_change(shop, app):
    owner, _, supplier, product = shop
    set_policy(owner, safety_stock_method="coverage")
    second = create_product(owner, supplier_id=supplier["id"], lead_time_days=7, safety_stock=5)

    r = owner.post("/api/planning/recommendations/drafts",
                   json={"items": [{"product_id": product["id"], "quantity": 250}]})
    assert r.status_code == 400 and r.json()["error"] == "reason_required"
    assert "200" in r.json()["detail"] and "250" in r.json()["detail"]

    staff = add_member(owner, app, "staff")
    r = staff.post("/api/planning/recommendations/drafts", json={
        "items": [{"product_id": product["id"], "quantity": 250, "reason": "추석 행사 대비"},
                  {"product_id": second["id"]}], "note": "주간 발주"})
    assert r.status_code == 201, r.text
    [po] = r.json()
    assert po["status"] == "draft" and po["supplier"]["id"] == supplier["id"] and po["note"] == "주간 발주"
    lines = {line["product_id"]: line for line in po["lines"]}
    assert lines[product["id"]]["proposed_quantity"] == 200 and lines[product["id"]]["quantity"] == 250
    assert lines[product["id"]]["proposal"]["safety_stock"] == pytest.approx(70)
    assert lines[product["id"]]["expected_on"] == (today() + dt.timedelta(days=7)).isoformat()
    assert lines[second["id"]]["proposed_quantity"] == lines[second["id"]]["quantity"] == 5
    [change] = po["changes"]
    assert (change["product_id"], change["old_quantity"], change["new_quantity"], change["reason"]) == (
        product["id"], 200, 250, "추석 행사 대비")
    assert change["changed_by"]["name"].startswith("staff")
    assert detail(owner, po)["changes"] == po["changes"]

    viewer = add_member(owner, app, "viewer")
    assert viewer.post("/api/planning/recommendations/drafts",
                       json={"items": [{"product_id": product["id"]}]}).status_code == 403


def test_drafts_refuse_unknown_sets_and_nothing_to_order(shop, app):
    owner, _, _, product = shop
    r = owner.post("/api/planning/recommendations/drafts", json={"items": [{"product_id": 10**9}]})
    assert r.status_code == 404
    kit = create_product(owner, kind="set")
    r = owner.post("/api/planning/recommendations/drafts", json={"items": [{"product_id": kit["id"]}]})
    assert r.status_code == 400 and r.json()["error"] == "set_not_orderable"
    other_owner, _ = signup(app)
    r = other_owner.post("/api/planning/recommendations/drafts", json={"items": [{"product_id": product["id"]}]})
    assert r.status_code == 404  # another tenant's product is not there
    assert owner.post("/api/planning/recommendations/drafts", json={"items": []}).status_code == 422
    r = owner.post("/api/planning/recommendations/drafts", json={"items": [{"product_id": product["id"], "quantity": 0}]})
    assert r.status_code == 422


def test_abc_service_levels(shop, db):
    owner, me, supplier, product = shop
    slow = create_product(owner, supplier_id=supplier["id"], lead_time_days=7, unit_cost="1000.00")
    yesterday = today() - dt.timedelta(days=1)
    add_sales(db, me["tenant"]["id"], product["id"], [10] * 30, yesterday)
    add_sales(db, me["tenant"]["id"], slow["id"], [1 if (29 - k) % 10 == 0 else 0 for k in range(30)], yesterday)
    set_policy(owner, service_level=0.9, service_level_a=0.99, service_level_c=0.8)
    body = recommendations(owner)
    fast_row, slow_row = row_of(body, product["id"]), row_of(body, slow["id"])
    # value: 300 × 1,500 against 3 × 1,000: the first is A (99 %), the second starts beyond 95 %: C (80 %)
    assert (fast_row["abc_class"], fast_row["service_level"], fast_row["service_level_source"]) == ("A", 0.99, "abc:A")
    assert (slow_row["abc_class"], slow_row["service_level"], slow_row["service_level_source"]) == ("C", 0.8, "abc:C")
    # a product's own level wins over its class
    r = owner.put("/api/planning/policy/overrides", json={"scope": "product", "product_id": product["id"],
                                                          "service_level": 0.97})
    assert r.status_code == 200, r.text
    fast_row = row_of(recommendations(owner), product["id"])
    assert (fast_row["service_level"], fast_row["service_level_source"]) == (0.97, "product")


def test_from_a_real_forecast_run(app, db, session_factory, monkeypatch):
    """Sales → a forecast run in the worker → recommendations on its numbers."""
    from smartstock.settings import get_settings
    from tests.ingest.support import run_jobs

    monkeypatch.setattr(get_settings(), "forecast_cnn_lstm", False)
    monkeypatch.setattr(get_settings(), "forecast_jobs", 1)
    owner, me = signup(app)
    supplier = create_supplier(owner)
    product = create_product(owner, supplier_id=supplier["id"], lead_time_days=10)
    rng = np.random.default_rng(5)
    add_sales(db, me["tenant"]["id"], product["id"], rng.poisson(8, 120), today() - dt.timedelta(days=1))
    run = owner.post("/api/forecasts/runs", json={"horizon": 30}).json()
    run_jobs(session_factory)
    body = recommendations(owner)
    row = row_of(body, product["id"])
    assert body["forecast_run_id"] == row["forecast_run_id"] == run["id"]
    assert row["mu"] == pytest.approx(8, rel=0.3)
    assert row["order_needed"] and row["order_qty"] >= row["reorder_point"]  # nothing on hand
    assert row["abc_class"] == "A"

    assert "spread_assumed" in row["warnings"]  # a lone product is new to the engine: no residuals yet
    # Poisson lead-time demand: σ_daily ≈ √(μ·L)/√L = √μ
    assert row["sigma"] == pytest.approx(np.sqrt(row["mu"]), rel=0.15)


def test_lead_time_observed_on_received_orders(shop, db):
    from sqlalchemy import update

    from smartstock.db.models import PurchaseOrder
    from tests.planning.purchase_orders.support import advance

    owner, me, supplier, _ = shop
    product = create_product(owner, supplier_id=supplier["id"])  # no lead time of its own: the supplier's 10
    add_forecast(db, me["tenant"]["id"], today(), {product["id"]: ([4.0] * 60, [4.0] * 60)})
    for days_ago in (5, 7, 9):
        po = advance(owner, draft(owner, supplier, [(product, 1)]), "sent")
        sent = dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)
        db.execute(update(PurchaseOrder).where(PurchaseOrder.id == po["id"]).values(sent_at=sent))
        db.commit()
        received = act(owner, po["id"], "receive", lines=[{"line_id": po["lines"][0]["id"], "quantity": 1}])
        assert received["status"] == "received"
    set_policy(owner, safety_stock_method="lead_time_variability")
    row = row_of(recommendations(owner), product["id"])
    assert (row["lead_time_days"], row["lead_time_source"]) == (10, "supplier")
    assert row["lead_time_observed"] == pytest.approx(7) and row["lead_time_sd"] == pytest.approx(2)
    assert "× 2²" in row["explain_en"][0]  # SS = z·√(L·σ² + μ²·σ_L²)

    assert owner.patch(f"/api/products/{product['id']}", json={"supplier_id": None}).status_code == 200
    row = row_of(recommendations(owner), product["id"])
    assert (row["lead_time_days"], row["lead_time_source"]) == (7, "history")
