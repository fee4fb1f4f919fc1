"""Recording stock movements: balances, validation, negative stock, listing and filters."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import update

from smartstock.db.models import StockBalance
from tests.factories import create_product, move, signup
from tests.kit.support import error_of, member_client, movements, on_hand


def test_each_reason_changes_the_balance_and_records_actor_and_note(app):
    owner, _ = signup(app)
    staff, staff_user = member_client(app, owner, "staff")
    product = create_product(owner)
    pid = product["id"]
    steps = [("inbound", 20, "입고 1차", 20, 20), ("outbound", 8, "쿠팡 주문", -8, 12),
             ("adjustment", -2, "파손", -2, 10), ("adjustment", 5, "반품 재입고", 5, 15),
             ("stock_count", 11, "월말 실사", -4, 11), ("stock_count", 11, "재실사", 0, 11)]
    for reason, quantity, note, delta, balance in steps:
        r = move(staff, pid, reason, quantity, note=note)
        assert r.status_code == 201, r.text
        [m] = r.json()
        assert (m["reason"], m["quantity"], m["balance_after"], m["note"]) == (reason, delta, balance, note)
        assert m["actor"] == {"id": staff_user["id"], "name": "staff member", "email": staff_user["email"]}
        assert m["source"] == "manual" and m["product_id"] == pid and m["master_sku"] == product["master_sku"]
        assert m["undone"] is False and m["reverses_movement_id"] is None
        assert on_hand(owner, pid) == balance
    listed = movements(owner, product_id=pid)
    assert listed["total"] == len(steps)
    assert sum(m["quantity"] for m in listed["items"]) == on_hand(owner, pid) == 11
    [balance_row] = owner.get("/api/stock/balances").json()["items"]
    assert (balance_row["product_id"], balance_row["on_hand"]) == (pid, 11)


def test_outbound_beyond_stock_is_refused_with_the_sku(app):
    client, _ = signup(app)
    product = create_product(client, name="유리컵")
    move(client, product["id"], "inbound", 3)
    for reason, quantity in (("outbound", 4), ("adjustment", -4)):
        r = move(client, product["id"], reason, quantity, note="x")
        assert r.status_code == 409 and error_of(r) == "insufficient_stock"
        body = r.json()
        assert (body["master_sku"], body["on_hand"], body["requested"]) == (product["master_sku"], 3, 4)
        assert product["master_sku"] in body["detail"]
    r = client.post("/api/stock/movements", json={"product_id": product["id"], "reason": "outbound", "quantity": 4},
                    headers={"Accept-Language": "ko"})
    assert "재고가 부족합니다" in r.json()["detail"]
    assert on_hand(client, product["id"]) == 3 and movements(client)["total"] == 1
    assert move(client, product["id"], "outbound", 3).json()[0]["balance_after"] == 0  # exactly all is fine


def test_negative_stock_when_the_tenant_allows_it(app):
    client, _ = signup(app)
    product = create_product(client)
    assert client.patch("/api/settings", json={"allow_negative_stock": True}).status_code == 200
    r = move(client, product["id"], "outbound", 5)
    assert r.status_code == 201 and r.json()[0]["balance_after"] == -5
    assert move(client, product["id"], "stock_count", 2).json()[0]["quantity"] == 7
    client.patch("/api/settings", json={"allow_negative_stock": False})
    assert move(client, product["id"], "outbound", 3).status_code == 409
    assert on_hand(client, product["id"]) == 2


def test_invalid_quantities_change_nothing(app):
    client, _ = signup(app)
    product = create_product(client)
    move(client, product["id"], "inbound", 10)
    cases = [
        ("inbound", 0, 400), ("inbound", -5, 400), ("outbound", 0, 400), ("outbound", -1, 400),
        ("adjustment", 0, 400), ("stock_count", -1, 400),
        ("inbound", 2.5, 422), ("outbound", 2.5, 422), ("inbound", "3", 422), ("inbound", True, 422),
        ("inbound", None, 422), ("inbound", 100_000_001, 422), ("transfer", 1, 422),
    ]
    for reason, quantity, status in cases:
        r = client.post("/api/stock/movements", json={"product_id": product["id"], "reason": reason,
                                                      "quantity": quantity, "note": "x"})
        assert r.status_code == status, (reason, quantity, r.text)
        if status == 400:
            assert error_of(r) == "invalid_quantity"
    for note in (None, "", "   "):
        r = move(client, product["id"], "adjustment", -1, note=note)
        assert r.status_code == 400 and error_of(r) == "note_required"
    r = move(client, product["id"], "outbound", 1, lot_code="L1")
    assert r.status_code == 400 and error_of(r) == "lot_on_inbound_only"
    r = move(client, 999999999, "inbound", 1)
    assert r.status_code == 404 and error_of(r) == "not_found"
    assert on_hand(client, product["id"]) == 10 and movements(client)["total"] == 1


def test_movement_list_filters(app):
    owner, me = signup(app)
    staff, staff_user = member_client(app, owner, "staff")
    a, b = create_product(owner), create_product(owner)
    move(owner, a["id"], "inbound", 10)
    move(staff, a["id"], "outbound", 3)
    move(staff, b["id"], "inbound", 4)
    first = move(owner, b["id"], "adjustment", 1, note="발견").json()[0]

    def ids(**params):
        return [m["id"] for m in movements(owner, **params)["items"]]

    everything = ids()
    assert len(everything) == 4 and everything == sorted(everything, reverse=True)  # newest first
    assert everything[0] == first["id"]
    assert len(ids(product_id=a["id"])) == 2
    assert [m["reason"] for m in movements(owner, reason="inbound")["items"]] == ["inbound", "inbound"]
    assert {m["actor"]["id"] for m in movements(owner, actor_id=staff_user["id"])["items"]} == {staff_user["id"]}
    assert len(ids(actor_id=me["id"], product_id=b["id"])) == 1
    assert movements(owner, source="upload")["total"] == 0

    created = dt.datetime.fromisoformat(first["created_at"])
    assert abs(created - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    day = created.astimezone(ZoneInfo("Asia/Seoul")).date()  # the filters take the tenant's days
    assert len(ids(date_from=day, date_to=day)) == 4
    assert ids(date_from=day + dt.timedelta(days=1)) == []
    assert ids(date_to=day - dt.timedelta(days=1)) == []
    page = owner.get("/api/stock/movements", params={"page": 2, "page_size": 3}).json()
    assert page["total"] == 4 and [m["id"] for m in page["items"]] == everything[3:]
    assert owner.get("/api/stock/movements", params={"reason": "stolen"}).status_code == 422


def test_balances_list(app):
    client, _ = signup(app)
    cup = create_product(client, master_sku="BAL-CUP", name="컵", category="주방", safety_stock=5)
    create_product(client, master_sku="BAL-TOWEL", name="수건", category="욕실")
    create_product(client, master_sku="BAL-SET", name="컵 세트", kind="set")
    move(client, cup["id"], "inbound", 7)
    body = client.get("/api/stock/balances").json()
    assert [(b["master_sku"], b["on_hand"]) for b in body["items"]] == [("BAL-CUP", 7), ("BAL-TOWEL", 0)]
    assert body["total"] == 2 and body["items"][0]["safety_stock"] == 5  # sets have no stock of their own

    def skus(**params):
        return [b["master_sku"] for b in client.get("/api/stock/balances", params=params).json()["items"]]

    assert skus(q="컵") == ["BAL-CUP"] and skus(category="욕실") == ["BAL-TOWEL"] and skus(q="%") == []


def test_stock_beyond_the_column_range_is_a_clean_400_on_every_database(app, db):
    client, _ = signup(app)
    product = create_product(client)
    move(client, product["id"], "inbound", 1)
    db.execute(update(StockBalance).where(StockBalance.product_id == product["id"]).values(on_hand=2**31 - 10))
    db.commit()
    r = move(client, product["id"], "inbound", 10)
    assert r.status_code == 400 and error_of(r) == "stock_out_of_range"
    assert move(client, product["id"], "inbound", 9).json()[0]["balance_after"] == 2**31 - 1
    assert move(client, product["id"], "outbound", 5).json()[0]["balance_after"] == 2**31 - 6
