"""The purchase-order lifecycle through the API: draft → approved → sent → partly received →
received → closed, cancelling, who may do what, and the clear refusals."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from tests.factories import signup
from tests.kit.support import audit_events, error_of, member_client, movements, on_hand
from tests.planning.purchase_orders.support import (
    act,
    advance,
    catalog,
    detail,
    draft,
    on_order,
    today,
)


def test_the_whole_lifecycle_through_the_api(app):
    owner, _ = signup(app)
    manager, manager_user = member_client(app, owner, "manager")
    staff, staff_user = member_client(app, owner, "staff")
    supplier, (a, b) = catalog(owner)

    po = draft(staff, supplier, [(a, 10), (b, 4)], note="월말 발주")
    assert re.fullmatch(rf"PO-{today():%Y%m%d}-\d{{4}}", po["po_number"])
    assert (po["status"], po["version"], po["ordered_on"], po["note"]) == ("draft", 1, today().isoformat(), "월말 발주")
    assert po["supplier"] == {"id": supplier["id"], "name": supplier["name"]}
    assert po["created_by"]["id"] == staff_user["id"] and po["from_proposals"] is False
    expected = (today() + dt.timedelta(days=7)).isoformat()
    assert [(x["master_sku"], x["quantity"], x["proposed_quantity"], x["lead_time_days"], x["expected_on"])
            for x in po["lines"]] == [(a["master_sku"], 10, None, 7, expected), (b["master_sku"], 4, None, 7, expected)]
    assert po["expected_on"] == expected
    assert Decimal(po["total_amount"]) == Decimal(10 * 1000 + 4 * 2000)
    assert (po["line_count"], po["total_quantity"], po["received_quantity"], po["late"]) == (2, 14, 0, False)
    assert on_order(owner) == {}  # a draft is not on order yet

    po = act(manager, po, "approve")
    assert po["status"] == "approved" and po["approved_by"]["id"] == manager_user["id"] and po["approved_at"]
    assert po["version"] == 2
    assert on_order(owner) == {a["id"]: 10, b["id"]: 4}

    po = act(staff, po, "send")
    assert po["status"] == "sent" and po["sent_at"] and po["ordered_on"] == today().isoformat()

    line_a, line_b = po["lines"]
    po = act(staff, po, "receive", lines=[{"line_id": line_a["id"], "quantity": 6, "lot_code": "LOT-A1",
                                           "use_by": "2030-03-31"}])
    assert po["status"] == "partly_received"
    assert [x["received_quantity"] for x in po["lines"]] == [6, 0]
    assert [x["open_quantity"] for x in po["lines"]] == [4, 4]
    assert on_hand(owner, a["id"]) == 6 and on_order(owner) == {a["id"]: 4, b["id"]: 4}

    po = act(staff, po, "receive", lines=[{"line_id": line_a["id"], "quantity": 4},
                                          {"line_id": line_b["id"], "quantity": 4, "lot_code": "LOT-B1"}])
    assert po["status"] == "received" and po["received_quantity"] == 14
    assert on_hand(owner, a["id"]) == 10 and on_hand(owner, b["id"]) == 4 and on_order(owner) == {}
    assert [(r["master_sku"], r["quantity"], r["lot_code"], r["use_by"], r["received_by"]["id"])
            for r in po["receipts"]] == [
        (a["master_sku"], 6, "LOT-A1", "2030-03-31", staff_user["id"]),
        (a["master_sku"], 4, None, None, staff_user["id"]),
        (b["master_sku"], 4, "LOT-B1", None, staff_user["id"]),
    ]

    po = act(staff, po, "close")
    assert po["status"] == "closed" and po["closed_at"] and po["late"] is False
    assert po["version"] == 6  # approve, send, two receipts, close

    events = audit_events(owner, entity_type="purchase_order")["items"]
    assert [e["action"] for e in reversed(events)] == ["create", "approve", "send", "receive", "receive", "close"]
    assert {e["entity_id"] for e in events} == {str(po["id"])}
    assert events[-1]["after"]["lines"] == {a["master_sku"]: 10, b["master_sku"]: 4}
    assert events[1]["after"]["received"] == {a["master_sku"]: 4, b["master_sku"]: 4}


def test_approving_twice_is_a_clear_conflict(app):
    owner, me = signup(app)
    manager, _ = member_client(app, owner, "manager")
    supplier, (a, _) = catalog(owner)
    po = draft(owner, supplier, [(a, 3)])
    assert owner.post(f"/api/purchase-orders/{po['id']}/approve").status_code == 200  # no body needed
    for client in (owner, manager):
        r = client.post(f"/api/purchase-orders/{po['id']}/approve", json={})
        assert r.status_code == 409 and error_of(r) == "already_approved"
        assert po["po_number"] in r.json()["detail"] and "already been approved" in r.json()["detail"]
    r = manager.post(f"/api/purchase-orders/{po['id']}/approve", json={}, headers={"Accept-Language": "ko"})
    assert "이미 승인되었습니다" in r.json()["detail"]
    after = detail(owner, po)
    assert after["approved_by"]["id"] == me["id"] and after["version"] == 2  # nothing changed by the refusals
    assert len(audit_events(owner, action="approve")["items"]) == 1
    act(owner, po, "send")
    r = owner.post(f"/api/purchase-orders/{po['id']}/approve", json={})
    assert r.status_code == 409 and error_of(r) == "already_approved"


def test_roles_staff_cannot_approve_viewer_cannot_write(app):
    owner, _ = signup(app)
    staff, _ = member_client(app, owner, "staff")
    viewer, _ = member_client(app, owner, "viewer")
    supplier, (a, _) = catalog(owner)
    po = draft(staff, supplier, [(a, 3)])  # staff drafts
    r = staff.post(f"/api/purchase-orders/{po['id']}/approve", json={})
    assert r.status_code == 403 and error_of(r) == "forbidden"
    body = {"supplier_id": supplier["id"], "lines": [{"product_id": a["id"], "quantity": 1}]}
    for method, path, kwargs in (
        ("POST", "/api/purchase-orders", {"json": body}),
        ("PATCH", f"/api/purchase-orders/{po['id']}/lines", {"json": {"reason": "x", "update": []}}),
        ("POST", f"/api/purchase-orders/{po['id']}/approve", {"json": {}}),
        ("POST", f"/api/purchase-orders/{po['id']}/send", {"json": {}}),
        ("POST", f"/api/purchase-orders/{po['id']}/receive", {"json": {"lines": [{"line_id": 1, "quantity": 1}]}}),
        ("POST", f"/api/purchase-orders/{po['id']}/close", {"json": {}}),
        ("POST", f"/api/purchase-orders/{po['id']}/cancel", {"json": {"reason": "x"}}),
    ):
        r = viewer.request(method, path, **kwargs)
        assert r.status_code == 403 and error_of(r) == "forbidden", (method, path, r.text)
    for path in ("/api/purchase-orders", f"/api/purchase-orders/{po['id']}", "/api/purchase-orders/on-order",
                 f"/api/purchase-orders/{po['id']}/export.xlsx"):
        assert viewer.get(path).status_code == 200, path
    assert detail(owner, po)["status"] == "draft"


def test_cancelling(app):
    owner, me = signup(app)
    staff, _ = member_client(app, owner, "staff")
    manager, manager_user = member_client(app, owner, "manager")
    supplier, (a, b) = catalog(owner)

    first = draft(staff, supplier, [(a, 2)])
    for reason in ("", "   "):
        r = staff.post(f"/api/purchase-orders/{first['id']}/cancel", json={"reason": reason})
        assert r.status_code == 400 and error_of(r) == "reason_required"
    cancelled = act(staff, first, "cancel", reason="공급업체 단종")
    assert (cancelled["status"], cancelled["cancel_reason"]) == ("cancelled", "공급업체 단종")
    assert cancelled["cancelled_at"] and cancelled["cancelled_by"]["name"] == "staff member"
    for verb, code in (("approve", "invalid_transition"), ("send", "invalid_transition"),
                       ("cancel", "invalid_transition")):
        body = {"reason": "again"} if verb == "cancel" else {}
        r = owner.post(f"/api/purchase-orders/{first['id']}/{verb}", json=body)
        assert r.status_code == 409 and error_of(r) == code, verb
        assert "cancelled" in r.json()["detail"]

    approved = advance(owner, draft(owner, supplier, [(a, 2)]), "approved")
    r = staff.post(f"/api/purchase-orders/{approved['id']}/cancel", json={"reason": "x"})
    assert r.status_code == 403 and "manager or the owner" in r.json()["detail"]
    sent = advance(owner, draft(owner, supplier, [(b, 5)]), "sent")
    assert on_order(owner) == {a["id"]: 2, b["id"]: 5}
    for po in (approved, sent):
        assert act(manager, po, "cancel", reason="수요 감소")["cancelled_by"]["id"] == manager_user["id"]
    assert on_order(owner) == {}
    r = owner.post(f"/api/purchase-orders/{approved['id']}/approve", json={})
    assert r.status_code == 409 and error_of(r) == "invalid_transition" and "cancelled" in r.json()["detail"]
    r = manager.post(f"/api/purchase-orders/{sent['id']}/cancel", json={"reason": "again"})
    assert r.json()["detail"] == f"Purchase order {sent['po_number']} is already cancelled."

    partly = advance(owner, draft(owner, supplier, [(a, 4)]), "sent")
    act(owner, partly, "receive", lines=[{"line_id": partly["lines"][0]["id"], "quantity": 1}])
    r = owner.post(f"/api/purchase-orders/{partly['id']}/cancel", json={"reason": "x"})
    assert r.status_code == 409 and "close it instead" in r.json()["detail"]
    assert me["id"] != manager_user["id"]


def test_closing(app):
    owner, _ = signup(app)
    staff, _ = member_client(app, owner, "staff")
    supplier, (a, _) = catalog(owner)
    po = advance(owner, draft(owner, supplier, [(a, 10)]), "sent")
    r = staff.post(f"/api/purchase-orders/{po['id']}/close", json={})
    assert r.status_code == 409 and error_of(r) == "invalid_transition"  # nothing received yet: cancel instead
    act(staff, po, "receive", lines=[{"line_id": po["lines"][0]["id"], "quantity": 7}])
    assert on_order(owner) == {a["id"]: 3}
    r = staff.post(f"/api/purchase-orders/{po['id']}/close", json={})
    assert r.status_code == 403 and "partly received" in r.json()["detail"]
    closed = act(owner, po, "close")
    assert closed["status"] == "closed" and [x["open_quantity"] for x in closed["lines"]] == [0]
    assert on_order(owner) == {} and on_hand(owner, a["id"]) == 7
    r = owner.post(f"/api/purchase-orders/{po['id']}/receive", json={"lines": [{"line_id": po["lines"][0]["id"],
                                                                                 "quantity": 3}]})
    assert r.status_code == 409 and error_of(r) == "not_receivable"


def test_steps_out_of_order_are_refused_clearly(app):
    owner, _ = signup(app)
    supplier, (a, _) = catalog(owner)
    po = draft(owner, supplier, [(a, 2)])
    r = owner.post(f"/api/purchase-orders/{po['id']}/send", json={})
    assert r.status_code == 409 and error_of(r) == "invalid_transition"
    assert r.json()["detail"] == f"Purchase order {po['po_number']} is draft and cannot be sent."
    assert r.json()["status"] == "draft"
    r = owner.post(f"/api/purchase-orders/{po['id']}/receive", json={"lines": [{"line_id": po["lines"][0]["id"],
                                                                                 "quantity": 1}]},
                   headers={"Accept-Language": "ko"})
    assert r.status_code == 409 and error_of(r) == "not_receivable" and "승인되지 않아" in r.json()["detail"]
    assert on_hand(owner, a["id"]) == 0 and movements(owner)["total"] == 0
    r = owner.post("/api/purchase-orders/999999999/approve", json={})
    assert r.status_code == 404 and error_of(r) == "not_found"


def test_a_stale_version_is_refused(app):
    owner, _ = signup(app)
    manager, _ = member_client(app, owner, "manager")
    supplier, (a, _) = catalog(owner)
    po = draft(owner, supplier, [(a, 2)])
    line = po["lines"][0]["id"]
    edited = owner.patch(f"/api/purchase-orders/{po['id']}/lines",
                         json={"reason": "증량", "version": 1, "update": [{"line_id": line, "quantity": 5}]}).json()
    assert edited["version"] == 2
    # the manager still looks at version 1
    r = manager.post(f"/api/purchase-orders/{po['id']}/approve", json={"version": 1})
    assert r.status_code == 409 and error_of(r) == "stale_version" and r.json()["version"] == 2
    r = owner.patch(f"/api/purchase-orders/{po['id']}/lines",
                    json={"reason": "감량", "version": 1, "update": [{"line_id": line, "quantity": 1}]})
    assert r.status_code == 409 and error_of(r) == "stale_version"
    assert detail(owner, po)["lines"][0]["quantity"] == 5
    assert act(manager, po, "approve", version=2)["status"] == "approved"


def test_list_filters_and_paging(app):
    owner, _ = signup(app)
    supplier, (a, b) = catalog(owner)
    other_supplier, (c,) = catalog(owner, 1)
    first = draft(owner, supplier, [(a, 1)])
    second = advance(owner, draft(owner, supplier, [(b, 1)]), "approved")
    third = draft(owner, other_supplier, [(c, 1)])

    def ids(**params):
        r = owner.get("/api/purchase-orders", params=params)
        assert r.status_code == 200, r.text
        return [po["id"] for po in r.json()["items"]]

    assert ids() == [third["id"], second["id"], first["id"]]  # newest first
    assert ids(status="draft") == [third["id"], first["id"]]
    assert ids(status=["approved", "sent"]) == [second["id"]]
    assert ids(supplier_id=supplier["id"]) == [second["id"], first["id"]]
    assert ids(q=second["po_number"]) == [second["id"]]
    assert ids(late="true") == [] and len(ids(late="false")) == 3
    page = owner.get("/api/purchase-orders", params={"page": 2, "page_size": 2}).json()
    assert page["total"] == 3 and [po["id"] for po in page["items"]] == [first["id"]]
    r = owner.get("/api/purchase-orders", params={"status": "shipped"})
    assert r.status_code == 422
