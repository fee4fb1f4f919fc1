"""A purchase-order receipt is not undone from the stock ledger: the order's received quantity
and status would go on counting goods the ledger gave back. It is corrected on the order."""

from __future__ import annotations

from tests.factories import move, signup
from tests.kit.support import error_of, movements, on_hand
from tests.planning.purchase_orders.support import act, advance, catalog, detail, draft


def test_a_purchase_order_receipt_cannot_be_undone_from_the_ledger(app):
    client, _ = signup(app)
    supplier, (product, other) = catalog(client)
    po = advance(client, draft(client, supplier, [(product, 10), (other, 4)]), "sent")
    line = next(x for x in po["lines"] if x["product_id"] == product["id"])
    po = act(client, po, "receive", lines=[{"line_id": line["id"], "quantity": 6}])
    assert po["status"] == "partly_received"
    [receipt] = [m for m in movements(client, product_id=product["id"])["items"] if m["reason"] == "receipt"]
    assert receipt["source"] == "purchase_order" and receipt["quantity"] == 6
    total = movements(client)["total"]

    r = client.post(f"/api/stock/movements/{receipt['id']}/undo", json={"note": "잘못 입고"})
    assert r.status_code == 409 and error_of(r) == "receipt_undo_via_purchase_order"
    assert "purchase order" in r.json()["detail"]
    r = client.post(f"/api/stock/movements/{receipt['id']}/undo", json={}, headers={"Accept-Language": "ko"})
    assert r.status_code == 409 and "발주서에서 입고 내역을 정정" in r.json()["detail"]

    # nothing moved: the stock, the ledger and the order still agree
    assert on_hand(client, product["id"]) == 6
    assert movements(client)["total"] == total
    after = detail(client, po)
    assert after["status"] == "partly_received"
    assert {x["id"]: x["received_quantity"] for x in after["lines"]}[line["id"]] == 6
    assert [(x["quantity"], x["undone"]) for x in after["receipts"]] == [(6, False)]

    # an ordinary movement of the same product is still undone as before
    outbound = move(client, product["id"], "outbound", 2).json()[0]
    r = client.post(f"/api/stock/movements/{outbound['id']}/undo", json={})
    assert r.status_code == 201 and r.json()[0]["balance_after"] == 6
