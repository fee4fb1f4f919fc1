"""Receiving a purchase order books inbound stock through the ledger (reason receipt, source
purchase_order, lots and use-by dates); more than ordered is refused and books nothing."""

from __future__ import annotations

from tests.factories import signup
from tests.kit.support import audit_events, error_of, member_client, movements, on_hand
from tests.planning.purchase_orders.support import act, advance, catalog, detail, draft


def lots_of(client, product_id: int) -> list[tuple]:
    r = client.get("/api/stock/lots", params={"product_id": product_id})
    return [(lot["lot_code"], lot["use_by"], lot["received_quantity"], lot["remaining"]) for lot in r.json()]


def test_receipts_are_ledger_movements_with_lots_and_use_by_dates(app):
    owner, _ = signup(app)
    staff, staff_user = member_client(app, owner, "staff")
    supplier, (milk, cup) = catalog(owner)
    po = advance(owner, draft(owner, supplier, [(milk, 20), (cup, 5)]), "sent")
    line_milk, line_cup = (x["id"] for x in po["lines"])

    po = act(staff, po, "receive", note="1차 입고", lines=[
        {"line_id": line_milk, "quantity": 12, "lot_code": "M-2611", "use_by": "2026-12-31"},
        {"line_id": line_cup, "quantity": 5}])
    po = act(staff, po, "receive", lines=[{"line_id": line_milk, "quantity": 8, "use_by": "2027-01-15"}])
    assert po["status"] == "received"

    booked = movements(owner, source="purchase_order")["items"]
    assert [(m["product_id"], m["quantity"], m["reason"], m["balance_after"], m["lot_code"], m["use_by"], m["note"])
            for m in reversed(booked)] == [
        (milk["id"], 12, "receipt", 12, "M-2611", "2026-12-31", "1차 입고"),
        (cup["id"], 5, "receipt", 5, None, None, "1차 입고"),
        (milk["id"], 8, "receipt", 20, None, "2027-01-15", f"{po['po_number']} 입고"),
    ]
    assert all(m["actor"]["id"] == staff_user["id"] for m in booked)
    assert on_hand(owner, milk["id"]) == 20 and on_hand(owner, cup["id"]) == 5
    assert lots_of(owner, milk["id"]) == [("M-2611", "2026-12-31", 12, 12), (None, "2027-01-15", 8, 8)]
    assert lots_of(owner, cup["id"]) == []
    balances = {b["product_id"]: b for b in owner.get("/api/stock/balances").json()["items"]}
    assert balances[milk["id"]]["on_hand"] == 20 and balances[milk["id"]]["nearest_use_by"] == "2026-12-31"
    assert [(r["line_id"], r["quantity"], r["reason"], r["undone"]) for r in po["receipts"]] == [
        (line_milk, 12, "receipt", False), (line_cup, 5, "receipt", False), (line_milk, 8, "receipt", False)]
    assert {r["movement_id"] for r in po["receipts"]} == {m["id"] for m in booked}

    receive_events = audit_events(owner, action="receive")["items"]
    assert [e["after"]["status"] for e in receive_events] == ["received", "partly_received"]
    assert receive_events[1]["after"]["received"] == {milk["master_sku"]: 12, cup["master_sku"]: 5}

    # a receipt is corrected on the order, not undone in the ledger (the order would go on counting it)
    undo = owner.post(f"/api/stock/movements/{po['receipts'][1]['movement_id']}/undo", json={})
    assert undo.status_code == 409 and undo.json()["error"] == "receipt_undo_via_purchase_order"
    assert [r["undone"] for r in detail(owner, po)["receipts"]] == [False, False, False]


def test_more_than_ordered_is_refused_and_nothing_is_booked(app):
    owner, _ = signup(app)
    supplier, (a, b) = catalog(owner)
    po = advance(owner, draft(owner, supplier, [(a, 10), (b, 4)]), "sent")
    line_a, line_b = (x["id"] for x in po["lines"])
    act(owner, po, "receive", lines=[{"line_id": line_a, "quantity": 7}])
    before = movements(owner)["total"]

    r = owner.post(f"/api/purchase-orders/{po['id']}/receive", json={"lines": [
        {"line_id": line_b, "quantity": 4, "lot_code": "B-LOT"},  # fine on its own
        {"line_id": line_a, "quantity": 4, "lot_code": "A-LOT"}]})  # 7 + 4 > 10
    assert r.status_code == 409 and error_of(r) == "over_receipt"
    body = r.json()
    assert (body["master_sku"], body["ordered"], body["received"], body["requested"], body["open_quantity"]) == (
        a["master_sku"], 10, 7, 4, 3)
    assert "at most 3 more" in body["detail"] and "Nothing was booked" in body["detail"]
    r = owner.post(f"/api/purchase-orders/{po['id']}/receive", json={"lines": [{"line_id": line_a, "quantity": 4}]},
                   headers={"Accept-Language": "ko"})
    assert "3개까지만" in r.json()["detail"] and "아무것도 입고되지 않았습니다" in r.json()["detail"]

    after = detail(owner, po)
    assert after["status"] == "partly_received" and [x["received_quantity"] for x in after["lines"]] == [7, 0]
    assert movements(owner)["total"] == before
    assert on_hand(owner, a["id"]) == 7 and on_hand(owner, b["id"]) == 0
    assert lots_of(owner, a["id"]) == [] and lots_of(owner, b["id"]) == []

    r = owner.post(f"/api/purchase-orders/{po['id']}/receive", json={"lines": [{"line_id": line_b, "quantity": 5}]})
    assert r.status_code == 409 and error_of(r) == "over_receipt"  # more than ordered at once, too


def test_bad_receipts_are_refused(app):
    owner, _ = signup(app)
    supplier, (a, _) = catalog(owner)
    other = advance(owner, draft(owner, supplier, [(a, 1)]), "sent")
    po = advance(owner, draft(owner, supplier, [(a, 5)]), "approved")  # approved: goods may come before "sent"
    line = po["lines"][0]["id"]
    cases = [
        ({"lines": [{"line_id": line, "quantity": 0}]}, 400, "invalid_quantity"),
        ({"lines": [{"line_id": line, "quantity": -2}]}, 400, "invalid_quantity"),
        ({"lines": [{"line_id": line, "quantity": 1}, {"line_id": line, "quantity": 1}]}, 400, "duplicate_line"),
        ({"lines": [{"line_id": other["lines"][0]["id"], "quantity": 1}]}, 400, "unknown_line"),
        ({"lines": []}, 422, "invalid_input"),
        ({"lines": [{"line_id": line, "quantity": 1.5}]}, 422, "invalid_input"),
    ]
    for body, status, code in cases:
        r = owner.post(f"/api/purchase-orders/{po['id']}/receive", json=body)
        assert r.status_code == status and error_of(r) == code, (body, r.text)
    assert on_hand(owner, a["id"]) == 0 and detail(owner, po)["status"] == "approved"
    assert act(owner, po, "receive", lines=[{"line_id": line, "quantity": 5}])["status"] == "received"

    cancelled = act(owner, draft(owner, supplier, [(a, 2)]), "cancel", reason="중복")
    r = owner.post(f"/api/purchase-orders/{cancelled['id']}/receive",
                   json={"lines": [{"line_id": cancelled["lines"][0]["id"], "quantity": 1}]})
    assert r.status_code == 409 and error_of(r) == "not_receivable" and "cancelled" in r.json()["detail"]
    r = owner.post(f"/api/purchase-orders/{po['id']}/receive", json={"lines": [{"line_id": line, "quantity": 1}]})
    assert r.status_code == 409 and error_of(r) == "not_receivable" and "already received" in r.json()["detail"]
    assert on_hand(owner, a["id"]) == 5
