"""Undo: a reversing movement that restores the balance; once only; never of an undo."""

from __future__ import annotations

from tests.factories import create_product, move, signup
from tests.kit.support import error_of, member_client, movements, on_hand


def _undo(client, movement_id, **body):
    return client.post(f"/api/stock/movements/{movement_id}/undo", json=body)


def test_undo_restores_the_balance_once(app):
    owner, _ = signup(app)
    staff, staff_user = member_client(app, owner, "staff")
    product = create_product(owner)
    move(owner, product["id"], "inbound", 10)
    outbound = move(owner, product["id"], "outbound", 4).json()[0]

    r = _undo(staff, outbound["id"], note="주문 취소")
    assert r.status_code == 201
    [undo] = r.json()
    assert (undo["reason"], undo["quantity"], undo["balance_after"], undo["reverses_movement_id"]) == \
        ("undo", 4, 10, outbound["id"])
    assert undo["note"] == "주문 취소" and undo["actor"]["id"] == staff_user["id"]
    assert on_hand(owner, product["id"]) == 10
    listed = {m["id"]: m for m in movements(owner)["items"]}
    assert listed[outbound["id"]]["undone"] is True and listed[undo["id"]]["undone"] is False

    r = _undo(owner, outbound["id"])
    assert r.status_code == 409 and error_of(r) == "already_undone"
    r = _undo(owner, undo["id"])
    assert r.status_code == 400 and error_of(r) == "cannot_undo_undo"
    assert on_hand(owner, product["id"]) == 10 and movements(owner)["total"] == 3
    r = _undo(owner, 999999999)
    assert r.status_code == 404 and error_of(r) == "not_found"


def test_each_kind_of_movement_can_be_undone(app):
    client, _ = signup(app)
    product = create_product(client)
    pid = product["id"]
    made = [move(client, pid, "inbound", 9).json()[0],
            move(client, pid, "adjustment", -2, note="파손").json()[0],
            move(client, pid, "stock_count", 3).json()[0]]
    assert on_hand(client, pid) == 3
    for movement, expected in zip(reversed(made), (7, 9, 0)):
        r = _undo(client, movement["id"])
        assert r.status_code == 201 and r.json()[0]["balance_after"] == expected
        assert r.json()[0]["note"] == f"#{movement['id']} 되돌리기"
    assert on_hand(client, pid) == 0


def test_undoing_an_inbound_that_was_sold_needs_stock(app):
    client, _ = signup(app)
    product = create_product(client)
    inbound = move(client, product["id"], "inbound", 5, lot_code="L-1", use_by="2031-01-01").json()[0]
    move(client, product["id"], "outbound", 3)
    r = _undo(client, inbound["id"])
    assert r.status_code == 409 and error_of(r) == "insufficient_stock"
    assert on_hand(client, product["id"]) == 2
    assert [lot["remaining"] for lot in client.get("/api/stock/lots").json()] == [2]

    client.patch("/api/settings", json={"allow_negative_stock": True})
    assert _undo(client, inbound["id"]).status_code == 201
    assert on_hand(client, product["id"]) == -3
    assert client.get("/api/stock/lots").json() == []  # the lot's goods went back out with it


def test_undoing_a_set_sale_restores_every_component(app):
    client, _ = signup(app)
    a, b = create_product(client), create_product(client)
    gift = create_product(client, kind="set")
    client.put(f"/api/products/{gift['id']}/components", json=[{"component_id": a["id"], "quantity": 2},
                                                                {"component_id": b["id"], "quantity": 1}])
    move(client, a["id"], "inbound", 10)
    move(client, b["id"], "inbound", 10)
    parent, child_a, _ = move(client, gift["id"], "outbound", 3).json()

    r = _undo(client, child_a["id"])
    assert r.status_code == 400 and error_of(r) == "undo_parent"
    r = _undo(client, parent["id"])
    assert r.status_code == 201
    head, *children = r.json()
    assert (head["product_id"], head["quantity"], head["reverses_movement_id"]) == (gift["id"], 3, parent["id"])
    assert [(c["quantity"], c["parent_movement_id"]) for c in children] == [(6, head["id"]), (3, head["id"])]
    assert on_hand(client, a["id"]) == 10 and on_hand(client, b["id"]) == 10
    assert _undo(client, parent["id"]).status_code == 409
