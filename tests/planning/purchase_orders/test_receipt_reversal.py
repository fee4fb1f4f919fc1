"""A wrong receipt is corrected on its purchase order: the stock leaves the ledger again (lots
included), the line's received quantity goes down and the order returns to sent or partly
received, all or nothing."""

from __future__ import annotations

from tests.factories import move, signup
from tests.kit.support import audit_events, error_of, member_client, movements, on_hand
from tests.planning.purchase_orders.support import act, advance, catalog, detail, draft
from tests.planning.purchase_orders.test_receipts import lots_of


def reverse(client, po: dict, movement_id: int, expect: int = 200, **body) -> dict:
    r = client.post(f"/api/purchase-orders/{po['id']}/receipts/{movement_id}/reverse",
                    json={"reason": "수량 착오", **body})
    assert r.status_code == expect, r.text
    return r.json()


def test_a_receipt_is_reversed_with_its_lot_and_the_order_reopens(app):
    owner, _ = signup(app)
    staff, _ = member_client(app, owner, "staff")
    supplier, (milk, cup) = catalog(owner)
    po = advance(owner, draft(owner, supplier, [(milk, 20), (cup, 5)]), "sent")
    line_milk, line_cup = (x["id"] for x in po["lines"])
    po = act(owner, po, "receive", lines=[
        {"line_id": line_milk, "quantity": 20, "lot_code": "M-1", "use_by": "2027-01-31"},
        {"line_id": line_cup, "quantity": 5}])
    assert po["status"] == "received"
    milk_receipt = next(r for r in po["receipts"] if r["line_id"] == line_milk)

    po = reverse(staff, po, milk_receipt["movement_id"])
    assert po["status"] == "partly_received"
    assert {x["id"]: x["received_quantity"] for x in po["lines"]} == {line_milk: 0, line_cup: 5}
    assert [(r["line_id"], r["undone"]) for r in po["receipts"]] == [(line_milk, True), (line_cup, False)]
    assert on_hand(owner, milk["id"]) == 0 and lots_of(owner, milk["id"]) == []
    [undo] = [m for m in movements(owner, product_id=milk["id"])["items"] if m["reason"] == "undo"]
    assert undo["quantity"] == -20 and undo["source"] == "purchase_order" and "수량 착오" in undo["note"]
    [event] = audit_events(owner, action="correct")["items"]
    assert event["before"]["received"] == 20 and event["after"] == {
        "status": "partly_received", "received": 0, "movement": milk_receipt["movement_id"]}

    # the goods can be received again (correctly this time); the last receipt reversed: back to sent
    po = act(owner, po, "receive", lines=[{"line_id": line_milk, "quantity": 18}])
    cup_receipt = next(r for r in po["receipts"] if r["line_id"] == line_cup)
    po = reverse(owner, po, cup_receipt["movement_id"])
    new_milk = next(r for r in po["receipts"] if r["line_id"] == line_milk and not r["undone"])
    po = reverse(owner, po, new_milk["movement_id"])
    assert po["status"] == "sent" and on_hand(owner, milk["id"]) == 0 and on_hand(owner, cup["id"]) == 0


def test_refusals_change_nothing(app):
    owner, _ = signup(app)
    supplier, (milk, cup) = catalog(owner)
    po = advance(owner, draft(owner, supplier, [(milk, 10), (cup, 4)]), "sent")
    line_milk = po["lines"][0]["id"]
    po = act(owner, po, "receive", lines=[{"line_id": line_milk, "quantity": 10}])
    receipt = po["receipts"][0]["movement_id"]

    # sold since: the stock is no longer there, so nothing is reversed
    move(owner, milk["id"], "outbound", 7)
    r = owner.post(f"/api/purchase-orders/{po['id']}/receipts/{receipt}/reverse", json={"reason": "착오"},
                   headers={"Accept-Language": "ko"})
    assert r.status_code == 409 and error_of(r) == "insufficient_stock" and "재고가 부족" in r.json()["detail"]
    after = detail(owner, po)
    assert after["status"] == "partly_received" and after["lines"][0]["received_quantity"] == 10
    assert after["receipts"][0]["undone"] is False and on_hand(owner, milk["id"]) == 3

    move(owner, milk["id"], "inbound", 7)
    assert reverse(owner, po, receipt)["lines"][0]["received_quantity"] == 0
    assert error_of(owner.post(f"/api/purchase-orders/{po['id']}/receipts/{receipt}/reverse",
                               json={"reason": "또"})) == "already_undone"
    # a reason is required; a movement that is not a receipt of this order is not found
    r = owner.post(f"/api/purchase-orders/{po['id']}/receipts/{receipt}/reverse", json={"reason": " "})
    assert r.status_code == 400 and error_of(r) == "reason_required"
    outbound = movements(owner, product_id=milk["id"], reason="outbound")["items"][0]["id"]
    assert reverse(owner, po, outbound, expect=404)["error"] == "not_found"
    other = advance(owner, draft(owner, supplier, [(cup, 2)]), "sent")
    other = act(owner, other, "receive", lines=[{"line_id": other["lines"][0]["id"], "quantity": 2}])
    assert reverse(owner, po, other["receipts"][0]["movement_id"], expect=404)["error"] == "not_found"
    # a closed order is final
    closed = advance(owner, draft(owner, supplier, [(cup, 1)]), "closed")
    r = owner.post(f"/api/purchase-orders/{closed['id']}/receipts/{closed['receipts'][0]['movement_id']}/reverse",
                   json={"reason": "늦은 정정"})
    assert r.status_code == 409 and error_of(r) == "invalid_transition"


def test_viewers_cannot_reverse(app):
    owner, _ = signup(app)
    viewer, _ = member_client(app, owner, "viewer")
    supplier, (milk, _) = catalog(owner)
    po = advance(owner, draft(owner, supplier, [(milk, 3)]), "received")
    r = viewer.post(f"/api/purchase-orders/{po['id']}/receipts/{po['receipts'][0]['movement_id']}/reverse",
                    json={"reason": "x"})
    assert r.status_code == 403 and on_hand(owner, milk["id"]) == 3
