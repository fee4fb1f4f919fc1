"""Editing a draft's lines: every change is recorded (who, when, old, new, reason) and audited;
quantities respect the product's MOQ and pack size; refusals change nothing."""

from __future__ import annotations

import datetime as dt

from tests.factories import create_product, signup
from tests.kit.support import audit_events, error_of, member_client
from tests.planning.purchase_orders.support import (
    advance,
    catalog,
    detail,
    draft,
    today,
)


def edit(client, po, expect=200, **body):
    r = client.patch(f"/api/purchase-orders/{po['id']}/lines", json=body)
    assert r.status_code == expect, r.text
    return r.json()


def test_changes_are_recorded_with_who_when_old_new_and_reason(app):
    owner, _ = signup(app)
    staff, staff_user = member_client(app, owner, "staff")
    supplier, (a, b, c) = catalog(owner, 3)
    po = draft(owner, supplier, [(a, 10), (b, 5)])
    line_a, line_b = (x["id"] for x in po["lines"])

    po = edit(staff, po, reason="프로모션 대비 증량", update=[{"line_id": line_a, "quantity": 25}],
              add=[{"product_id": c["id"], "quantity": 3, "unit_cost": "777.00"}], remove=[line_b])
    assert [(x["master_sku"], x["quantity"]) for x in po["lines"]] == [(a["master_sku"], 25), (c["master_sku"], 3)]
    added = po["lines"][1]
    assert added["unit_cost"] == "777.00" and added["proposed_quantity"] is None
    assert added["expected_on"] == (today() + dt.timedelta(days=7)).isoformat()
    assert po["version"] == 2 and po["total_quantity"] == 28
    changes = [(ch["kind"], ch["master_sku"], ch["line_id"], ch["old_quantity"], ch["new_quantity"], ch["reason"],
                ch["changed_by"]["id"]) for ch in po["changes"]]
    assert changes == [
        ("changed", a["master_sku"], line_a, 10, 25, "프로모션 대비 증량", staff_user["id"]),
        ("removed", b["master_sku"], None, 5, None, "프로모션 대비 증량", staff_user["id"]),
        ("added", c["master_sku"], added["id"], None, 3, "프로모션 대비 증량", staff_user["id"]),
    ]
    changed_at = dt.datetime.fromisoformat(po["changes"][0]["changed_at"])
    assert abs(changed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)

    po = edit(owner, po, reason="재검토", update=[{"line_id": line_a, "quantity": 25}])  # same quantity
    assert len(po["changes"]) == 3  # nothing changed, nothing recorded
    [event] = audit_events(owner, action="update_lines")["items"]
    assert event["actor"]["id"] == staff_user["id"] and event["entity_id"] == str(po["id"])
    assert event["before"]["lines"] == {a["master_sku"]: 10, b["master_sku"]: 5}
    assert event["after"] == {"lines": {a["master_sku"]: 25, c["master_sku"]: 3}, "reason": "프로모션 대비 증량"}
    assert "프로모션 대비 증량" in event["summary"]


def test_quantities_respect_moq_and_pack_size(app):
    owner, _ = signup(app)
    supplier, (boxed,) = catalog(owner, 1, moq=10, pack_size=6)
    r = owner.post("/api/purchase-orders", json={"supplier_id": supplier["id"],
                                                 "lines": [{"product_id": boxed["id"], "quantity": 6}]})
    assert r.status_code == 400 and error_of(r) == "below_moq"
    body = r.json()
    assert (body["moq"], body["pack_size"], body["suggested_quantity"]) == (10, 6, 12)
    assert boxed["master_sku"] in body["detail"] and "at least 12" in body["detail"]
    po = draft(owner, supplier, [(boxed, 12)])
    line = po["lines"][0]["id"]
    for quantity, code, suggested in ((14, "pack_size", 18), (9, "below_moq", 12), (0, "invalid_quantity", None),
                                      (-6, "invalid_quantity", None)):
        r = owner.patch(f"/api/purchase-orders/{po['id']}/lines",
                        json={"reason": "조정", "update": [{"line_id": line, "quantity": quantity}]})
        assert r.status_code == 400 and error_of(r) == code, (quantity, r.text)
        if suggested:
            assert r.json()["suggested_quantity"] == suggested
    r = owner.patch(f"/api/purchase-orders/{po['id']}/lines", json={"reason": "조정", "update": [{"line_id": line, "quantity": 14}]},
                    headers={"Accept-Language": "ko"})
    assert "6개 단위" in r.json()["detail"] and "12개 또는 18개" in r.json()["detail"]
    for quantity in (2.5, "12", None):
        r = owner.patch(f"/api/purchase-orders/{po['id']}/lines",
                        json={"reason": "조정", "update": [{"line_id": line, "quantity": quantity}]})
        assert r.status_code == 422, quantity
    after = detail(owner, po)
    assert after["lines"][0]["quantity"] == 12 and after["changes"] == [] and after["version"] == 1
    assert edit(owner, po, reason="한 박스 더", update=[{"line_id": line, "quantity": 18}])["lines"][0]["quantity"] == 18


def test_refused_edits_change_nothing(app):
    owner, _ = signup(app)
    supplier, (a, b) = catalog(owner)
    a_set = create_product(owner, kind="set")
    po = draft(owner, supplier, [(a, 2), (b, 3)])
    line_a, line_b = (x["id"] for x in po["lines"])
    cases = [
        ({"reason": "", "update": [{"line_id": line_a, "quantity": 4}]}, 400, "reason_required"),
        ({"reason": "x"}, 400, "no_changes"),
        ({"reason": "x", "update": [{"line_id": 999999999, "quantity": 4}]}, 400, "unknown_line"),
        ({"reason": "x", "update": [{"line_id": line_a, "quantity": 4}], "remove": [line_a]}, 400, "duplicate_line"),
        ({"reason": "x", "remove": [line_a, line_b]}, 400, "last_line"),
        ({"reason": "x", "add": [{"product_id": b["id"], "quantity": 1}]}, 400, "duplicate_product"),
        ({"reason": "x", "add": [{"product_id": a_set["id"], "quantity": 1}]}, 400, "set_not_orderable"),
        ({"reason": "x", "add": [{"product_id": 999999999, "quantity": 1}]}, 404, "not_found"),
        ({"reason": "x", "update": [{"line_id": line_a, "quantity": 4}], "unknown": 1}, 422, "invalid_input"),
    ]
    for body, status, code in cases:
        r = owner.patch(f"/api/purchase-orders/{po['id']}/lines", json=body)
        assert r.status_code == status and error_of(r) == code, (body, r.text)
    after = detail(owner, po)
    assert [x["quantity"] for x in after["lines"]] == [2, 3] and after["changes"] == [] and after["version"] == 1

    # removing everything and adding something in the same edit keeps the order alive
    po = edit(owner, po, reason="품목 교체", remove=[line_a, line_b], add=[{"product_id": a["id"], "quantity": 1}])
    assert [x["master_sku"] for x in po["lines"]] == [a["master_sku"]]

    approved = advance(owner, po, "approved")
    r = owner.patch(f"/api/purchase-orders/{approved['id']}/lines",
                    json={"reason": "x", "update": [{"line_id": approved["lines"][0]["id"], "quantity": 5}]})
    assert r.status_code == 409 and error_of(r) == "not_draft" and "Only a draft" in r.json()["detail"]


def test_manual_draft_needs_the_tenants_supplier_and_products(app):
    owner, _ = signup(app)
    supplier, (a, _) = catalog(owner)
    a_set = create_product(owner, kind="set")
    cases = [
        ({"supplier_id": 999999999, "lines": [{"product_id": a["id"], "quantity": 1}]}, 404, "not_found"),
        ({"supplier_id": supplier["id"], "lines": [{"product_id": 999999999, "quantity": 1}]}, 404, "not_found"),
        ({"supplier_id": supplier["id"], "lines": []}, 422, "invalid_input"),
        ({"supplier_id": supplier["id"], "lines": [{"product_id": a["id"], "quantity": 1},
                                                   {"product_id": a["id"], "quantity": 2}]}, 400, "duplicate_product"),
        ({"supplier_id": supplier["id"], "lines": [{"product_id": a_set["id"], "quantity": 1}]}, 400,
         "set_not_orderable"),
    ]
    for body, status, code in cases:
        r = owner.post("/api/purchase-orders", json=body)
        assert r.status_code == status and error_of(r) == code, (body, r.text)
    assert owner.get("/api/purchase-orders").json()["total"] == 0
    # a product of another supplier can be bought from this one; lead time falls back to the supplier's
    no_lead = create_product(owner, lead_time_days=None)
    po = draft(owner, supplier, [(no_lead, 2)])
    assert po["lines"][0]["lead_time_days"] == 10
    assert po["lines"][0]["expected_on"] == (today() + dt.timedelta(days=10)).isoformat()
    assert po["lines"][0]["unit_cost"] is None and po["total_amount"] is None
