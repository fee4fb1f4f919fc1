"""Sets consume their components (all or nothing); lots are consumed first-expiring first."""

from __future__ import annotations

import datetime as dt

from tests.factories import create_product, move, signup
from tests.kit.support import error_of, movements, on_hand


def _gift_set(client, stock_a=10, stock_b=10):
    a, b = create_product(client, name="머그"), create_product(client, name="컵받침")
    gift = create_product(client, kind="set", name="머그 선물세트")
    client.put(f"/api/products/{gift['id']}/components", json=[{"component_id": a["id"], "quantity": 2},
                                                                {"component_id": b["id"], "quantity": 3}])
    for product, stock in ((a, stock_a), (b, stock_b)):
        if stock:
            move(client, product["id"], "inbound", stock)
    return gift, a, b


def test_selling_a_set_consumes_its_components(app):
    client, _ = signup(app)
    gift, a, b = _gift_set(client)
    r = move(client, gift["id"], "outbound", 2, note="스마트스토어 주문")
    assert r.status_code == 201, r.text
    parent, *children = r.json()
    assert (parent["product_id"], parent["quantity"], parent["reason"], parent["balance_after"]) == \
        (gift["id"], -2, "outbound", None)
    assert [(c["product_id"], c["quantity"], c["reason"], c["parent_movement_id"], c["balance_after"])
            for c in children] == [(a["id"], -4, "set_consumption", parent["id"], 6),
                                   (b["id"], -6, "set_consumption", parent["id"], 4)]
    assert on_hand(client, a["id"]) == 6 and on_hand(client, b["id"]) == 4
    assert on_hand(client, gift["id"]) == 0


def test_a_set_is_all_or_nothing(app):
    client, _ = signup(app)
    gift, a, b = _gift_set(client, stock_a=10, stock_b=5)
    move(client, a["id"], "inbound", 4, lot_code="A-LOT", use_by="2031-01-01")
    before = movements(client)["total"]
    r = move(client, gift["id"], "outbound", 2)  # needs 4 of a (fine) and 6 of b (5 on hand)
    assert r.status_code == 409 and error_of(r) == "insufficient_stock"
    assert r.json()["master_sku"] == b["master_sku"] and r.json()["requested"] == 6
    assert on_hand(client, a["id"]) == 14 and on_hand(client, b["id"]) == 5
    assert movements(client)["total"] == before
    assert [lot["remaining"] for lot in client.get("/api/stock/lots").json()] == [4]


def test_a_set_has_no_stock_of_its_own(app):
    client, _ = signup(app)
    gift, _, _ = _gift_set(client)
    for reason, quantity in (("inbound", 1), ("adjustment", 1), ("stock_count", 3)):
        r = move(client, gift["id"], reason, quantity, note="x")
        assert r.status_code == 400 and error_of(r) == "set_has_no_stock", reason
    empty = create_product(client, kind="set")
    r = move(client, empty["id"], "outbound", 1)
    assert r.status_code == 400 and error_of(r) == "set_without_components"
    assert movements(client)["total"] == 2  # the two inbound movements of the components


def test_outbound_takes_the_first_expiring_lots_first(app):
    client, _ = signup(app)
    product = create_product(client)
    pid = product["id"]
    r = move(client, pid, "inbound", 5, lot_code="LATE", use_by="2031-06-30")
    assert r.json()[0]["lot_code"] == "LATE" and r.json()[0]["use_by"] == "2031-06-30"
    move(client, pid, "inbound", 4, lot_code="NODATE")
    move(client, pid, "inbound", 3, lot_code="EARLY", use_by="2030-12-31")
    move(client, pid, "inbound", 2)  # outside any lot

    lots = client.get("/api/stock/lots", params={"product_id": pid}).json()
    assert [(lot["lot_code"], lot["use_by"], lot["remaining"]) for lot in lots] == [
        ("EARLY", "2030-12-31", 3), ("LATE", "2031-06-30", 5), ("NODATE", None, 4)]
    assert lots[0]["received_quantity"] == 3 and lots[0]["master_sku"] == product["master_sku"]
    assert client.get("/api/stock/balances").json()["items"][0]["nearest_use_by"] == "2030-12-31"

    move(client, pid, "outbound", 4)
    remaining = {lot["lot_code"]: lot["remaining"] for lot in client.get("/api/stock/lots").json()}
    assert remaining == {"LATE": 4, "NODATE": 4}  # EARLY used up (and no longer listed), then LATE
    move(client, pid, "outbound", 6)
    assert {lot["lot_code"]: lot["remaining"] for lot in client.get("/api/stock/lots").json()} == {"NODATE": 2}
    assert on_hand(client, pid) == 4


def test_expiring_lots_filter(app):
    client, _ = signup(app)
    product = create_product(client)
    today = dt.date.today()
    move(client, product["id"], "inbound", 1, lot_code="SOON", use_by=(today + dt.timedelta(days=5)).isoformat())
    move(client, product["id"], "inbound", 1, lot_code="LATER", use_by=(today + dt.timedelta(days=60)).isoformat())
    move(client, product["id"], "inbound", 1, lot_code="NEVER")

    def codes(**params):
        return [lot["lot_code"] for lot in client.get("/api/stock/lots", params=params).json()]

    assert codes(expiring_within_days=10) == ["SOON"]
    assert codes(expiring_within_days=90) == ["SOON", "LATER"]
    assert codes() == ["SOON", "LATER", "NEVER"]
    assert client.get("/api/stock/lots", params={"expiring_within_days": -1}).status_code == 422
