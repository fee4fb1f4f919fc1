"""POST /api/planning/what-if on every database: the projected stock without and with an order,
checked day by day by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import create_product, create_supplier, move, signup
from tests.planning.purchase_orders.support import order_for, today
from tests.planning.support import add_forecast


@pytest.fixture
def shop(app, db):
    """A product with lead time 5, 40 on hand, 30 on a sent order (due in 5 days), and a forecast
    that started two days ago: 6 a day on average (p50 5: the projection must use the mean) for
    30 days, overridden to 0 on days 10–12."""
    owner, me = signup(app)
    supplier = create_supplier(owner, default_lead_time_days=9)
    product = create_product(owner, master_sku="WI-A", supplier_id=supplier["id"], lead_time_days=5)
    other = create_product(owner, master_sku="WI-NOFC", supplier_id=supplier["id"])
    assert move(owner, product["id"], "inbound", 40).status_code == 201
    order_for(owner, supplier["id"], product["id"], "sent", quantity=30)
    t = today()
    add_forecast(db, me["tenant"]["id"], t - dt.timedelta(days=2), {product["id"]: ([6.0] * 30, [5.0] * 30)})
    r = owner.post("/api/forecasts/overrides", json={
        "product_id": product["id"], "start_date": str(t + dt.timedelta(days=10)),
        "end_date": str(t + dt.timedelta(days=12)), "quantity": "0", "reason": "행사 종료"})
    assert r.status_code == 201, r.text
    return owner, product, other, supplier


def project(on_hand, receipts, demand):
    out, stock = [], on_hand
    for r, d in zip(receipts, demand, strict=True):
        stock = max(0, stock + r - d)
        out.append(stock)
    return out


def test_projection_without_and_with_the_order(shop):
    owner, product, _, _ = shop
    t = today()
    r = owner.post("/api/planning/what-if", json={"product_id": product["id"], "quantity": 60,
                                                  "order_date": str(t + dt.timedelta(days=2))})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["lead_time_days"] == 5 and body["on_hand"] == 40 and body["master_sku"] == "WI-A"
    assert body["order_date"] == str(t + dt.timedelta(days=2))
    assert body["arrival_date"] == str(t + dt.timedelta(days=7))
    days = body["days"]
    # the forecast's two past days are dropped: today … first day + 29 = 28 days
    assert len(days) == 28 and days[0]["day"] == str(t) and days[-1]["day"] == str(t + dt.timedelta(days=27))
    demand = [0.0 if 10 <= i <= 12 else 6.0 for i in range(28)]  # the mean, overridden to 0 on days 10–12
    assert [d["demand"] for d in days] == demand
    receipts = [30.0 if i == 5 else 0.0 for i in range(28)]
    assert [d["receipts"] for d in days] == receipts
    without = project(40, receipts, demand)
    with_order = project(40, [r + (60 if i == 7 else 0) for i, r in enumerate(receipts)], demand)
    assert [d["without"] for d in days] == without
    assert [d["with"] for d in days] == with_order
    # by hand: 34 28 22 16 10 | +30 → 34 28 22 16 10 | 0-demand days 10 10 10 | 4 0 …
    assert without[:15] == [34, 28, 22, 16, 10, 34, 28, 22, 16, 10, 10, 10, 10, 4, 0]
    # with 60 arriving on day 7: 28 + 60 − 6 = 82, 76, 70, 70, 70, 70, 64, … 4 on day 23, 0 on day 24
    assert with_order[6:14] == [28, 82, 76, 70, 70, 70, 70, 64] and with_order[23:25] == [4, 0]
    assert body["stockout_date_without"] == str(t + dt.timedelta(days=14))
    assert body["stockout_date_with"] == str(t + dt.timedelta(days=24))
    mu = sum(demand) / 28  # 150 / 28
    assert body["days_of_supply_without"] == pytest.approx(22 / mu)
    assert body["days_of_supply_with"] == pytest.approx(82 / mu)
    assert body["forecast_overridden"] is True
    assert body["scheduled_receipts"] == [{"expected_on": str(t + dt.timedelta(days=5)), "quantity": 30, "counted": True}]


def test_order_date_defaults_to_today(shop):
    owner, product, _, _ = shop
    body = owner.post("/api/planning/what-if", json={"product_id": product["id"], "quantity": 12}).json()
    assert body["order_date"] == str(today()) and body["arrival_date"] == str(today() + dt.timedelta(days=5))
    # the 12 arrive on day 5 together with the open order's 30: 10 + 42 − 6 = 46
    assert [d["with"] - d["without"] for d in body["days"][:6]] == [0, 0, 0, 0, 0, 12]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_bad_input(shop, language):
    owner, product, other, _ = shop
    owner.headers["Accept-Language"] = language

    def post(**body):
        return owner.post("/api/planning/what-if", json={"product_id": product["id"], "quantity": 10, **body})

    r = post(product_id=999_999_999)
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    assert r.json()["detail"] == ("상품을(를) 찾을 수 없습니다." if language == "ko" else "Product not found.")
    r = post(quantity=0)
    assert r.status_code == 400 and r.json()["error"] == "invalid_quantity"
    assert ("수량은 1 이상" if language == "ko" else "at least 1") in r.json()["detail"]
    assert post(quantity=-5).status_code == 400
    assert post(quantity=1.5).status_code == 422
    r = post(product_id=other["id"])
    assert r.status_code == 409 and r.json()["error"] == "no_forecast"
    assert ("예측이 없습니다" if language == "ko" else "no forecast yet") in r.json()["detail"]
    r = post(order_date=str(today() - dt.timedelta(days=1)))
    assert r.status_code == 400 and r.json()["error"] == "order_date_past"
    r = post(order_date=str(today() + dt.timedelta(days=25)))  # arrives on day 30: past the forecast
    assert r.status_code == 400 and r.json()["error"] == "arrival_beyond_forecast"
    assert ("예측 기간" if language == "ko" else "end of the forecast") in r.json()["detail"]


def test_products_that_cannot_be_ordered(app, db):
    owner, me = signup(app)
    product = create_product(owner, master_sku="WI-NOLT")
    add_forecast(db, me["tenant"]["id"], today(), {product["id"]: ([1.0] * 10, [1.0] * 10)})
    r = owner.post("/api/planning/what-if", json={"product_id": product["id"], "quantity": 5})
    assert r.status_code == 400 and r.json()["error"] == "no_lead_time"
    assert "리드타임이 없습니다" in owner.post("/api/planning/what-if", json={
        "product_id": product["id"], "quantity": 5}, headers={"Accept-Language": "ko"}).json()["detail"]
    assert owner.patch(f"/api/products/{product['id']}", json={"lead_time_days": 0}).status_code == 200
    r = owner.post("/api/planning/what-if", json={"product_id": product["id"], "quantity": 5})
    assert r.status_code == 400 and r.json()["error"] == "lead_time_zero"
    kit = create_product(owner, master_sku="WI-SET", kind="set", lead_time_days=3)
    r = owner.post("/api/planning/what-if", json={"product_id": kit["id"], "quantity": 5})
    assert r.status_code == 400 and r.json()["error"] == "set_not_orderable"
