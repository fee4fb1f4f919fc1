"""The late flag (an expected arrival before the tenant's today, goods not all in, order still
open) and what is on order per product (for the inventory position)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import update

from smartstock.db.models import PurchaseOrder, PurchaseOrderLine
from smartstock.planning.purchase_orders.service import (
    on_order_quantities,
    scheduled_receipts,
)
from tests.factories import signup
from tests.planning.purchase_orders.support import (
    act,
    advance,
    catalog,
    detail,
    draft,
    on_order,
    today,
)

YESTERDAY = today() - dt.timedelta(days=1)


def _expect(db, po: dict, day: dt.date | None, *, lines: bool = True, order: dt.date | None = None) -> None:
    """Move an order's expected arrival (its lines', and the order's own)."""
    if lines:
        db.execute(update(PurchaseOrderLine).where(PurchaseOrderLine.purchase_order_id == po["id"])
                   .values(expected_on=day))
    db.execute(update(PurchaseOrder).where(PurchaseOrder.id == po["id"]).values(expected_on=order or day))
    db.commit()


def test_the_late_flag(app, db):
    owner, _ = signup(app)
    supplier, (a, b) = catalog(owner)
    sent = advance(owner, draft(owner, supplier, [(a, 5)]), "sent")
    received = advance(owner, draft(owner, supplier, [(a, 5)]), "received")
    cancelled = act(owner, draft(owner, supplier, [(a, 5)]), "cancel", reason="x")
    stale_draft = draft(owner, supplier, [(b, 5)])
    partly = advance(owner, draft(owner, supplier, [(a, 5), (b, 5)]), "sent")
    act(owner, partly, "receive", lines=[{"line_id": partly["lines"][0]["id"], "quantity": 5}])
    legacy = advance(owner, draft(owner, supplier, [(b, 2)]), "sent")  # lines without a date of their own
    on_time = advance(owner, draft(owner, supplier, [(b, 2)]), "sent")
    for po in (sent, received, cancelled, stale_draft):
        _expect(db, po, YESTERDAY)
    _expect(db, legacy, None, order=YESTERDAY)
    _expect(db, on_time, today())
    db.execute(update(PurchaseOrderLine).where(PurchaseOrderLine.id == partly["lines"][0]["id"])
               .values(expected_on=YESTERDAY))  # the late line is all in; the other is due later
    db.commit()

    flags = {po["id"]: po["late"] for po in owner.get("/api/purchase-orders").json()["items"]}
    assert flags == {sent["id"]: True, received["id"]: False, cancelled["id"]: False, stale_draft["id"]: True,
                     partly["id"]: False, legacy["id"]: True, on_time["id"]: False}
    late_ids = {po["id"] for po in owner.get("/api/purchase-orders", params={"late": True}).json()["items"]}
    assert late_ids == {sent["id"], stale_draft["id"], legacy["id"]}
    not_late = {po["id"] for po in owner.get("/api/purchase-orders", params={"late": False}).json()["items"]}
    assert not_late == set(flags) - late_ids
    lines = detail(owner, legacy)["lines"]
    assert [(x["late"], x["expected_on"]) for x in lines] == [(True, YESTERDAY.isoformat())]
    assert [x["late"] for x in detail(owner, partly)["lines"]] == [False, False]

    # receiving the rest clears it
    assert receive_rest(owner, sent)["late"] is False


def receive_rest(client, po):
    return act(client, po, "receive", lines=[{"line_id": x["id"], "quantity": x["quantity"]} for x in po["lines"]])


def test_late_is_judged_on_the_tenants_date(app, db):
    owner, _ = signup(app)
    supplier, (a, _) = catalog(owner)
    po = advance(owner, draft(owner, supplier, [(a, 1)]), "sent")
    behind, ahead = ZoneInfo("Pacific/Pago_Pago"), ZoneInfo("Pacific/Kiritimati")  # UTC−11 and UTC+14
    _expect(db, po, dt.datetime.now(behind).date())
    assert owner.patch("/api/settings", json={"timezone": "Pacific/Pago_Pago"}).status_code == 200
    assert detail(owner, po)["late"] is False  # due today there
    assert owner.patch("/api/settings", json={"timezone": "Pacific/Kiritimati"}).status_code == 200
    assert detail(owner, po)["late"] is True  # already tomorrow (or later) there
    assert dt.datetime.now(ahead).date() > dt.datetime.now(behind).date()


def test_on_order_per_product(app, db):
    owner, me = signup(app)
    supplier, (a, b, c) = catalog(owner, 3)
    draft(owner, supplier, [(a, 100)])  # drafts are not on order
    approved = advance(owner, draft(owner, supplier, [(a, 10), (b, 3)]), "approved")
    sent = advance(owner, draft(owner, supplier, [(a, 5)]), "sent")
    partly = advance(owner, draft(owner, supplier, [(b, 8), (c, 4)]), "sent")
    act(owner, partly, "receive", lines=[{"line_id": partly["lines"][0]["id"], "quantity": 6},
                                         {"line_id": partly["lines"][1]["id"], "quantity": 4}])
    advance(owner, draft(owner, supplier, [(c, 9)]), "received")
    act(owner, advance(owner, draft(owner, supplier, [(c, 7)]), "approved"), "cancel", reason="x")

    assert on_order(owner) == {a["id"]: 15, b["id"]: 5}
    assert on_order(owner, product_id=b["id"]) == {b["id"]: 5}
    assert on_order(owner, product_id=c["id"]) == {}
    rows = {row["product_id"]: row for row in owner.get("/api/purchase-orders/on-order").json()}
    assert rows[a["id"]]["purchase_orders"] == sorted([approved["po_number"], sent["po_number"]])
    assert rows[a["id"]]["next_expected_on"] == (today() + dt.timedelta(days=7)).isoformat()
    assert rows[b["id"]]["master_sku"] == b["master_sku"]

    tenant = me["tenant"]["id"]
    assert on_order_quantities(db, tenant) == {a["id"]: 15, b["id"]: 5}
    assert on_order_quantities(db, tenant, [b["id"], c["id"]]) == {b["id"]: 5}
    week = today() + dt.timedelta(days=7)
    assert scheduled_receipts(db, tenant, [a["id"], b["id"]]) == {a["id"]: [(week, 10), (week, 5)],
                                                                  b["id"]: [(week, 3), (week, 2)]}
    assert on_order_quantities(db, tenant + 1_000_000) == {}  # another tenant's view: nothing
