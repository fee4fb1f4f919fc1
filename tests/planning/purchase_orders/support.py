"""Helpers for the purchase-order tests: a supplier with products, drafts, and moving an order
along its lifecycle through the API (as the owner unless told otherwise)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from tests.factories import ApiClient, create_product, create_supplier

STEPS = ("approved", "sent", "received", "closed")


def today() -> dt.date:
    """The demo tenants' business day (Asia/Seoul)."""
    return dt.datetime.now(ZoneInfo("Asia/Seoul")).date()


def catalog(client: ApiClient, n: int = 2, *, lead_time_days: int | None = 7, **product_fields) -> tuple[dict, list[dict]]:
    supplier = create_supplier(client, default_lead_time_days=10)
    products = [
        create_product(client, supplier_id=supplier["id"], unit_cost=f"{1000 * (i + 1)}.00",
                       lead_time_days=lead_time_days, **product_fields)
        for i in range(n)
    ]
    return supplier, products


def draft(client: ApiClient, supplier: dict, lines: list[tuple[dict, int]], **fields) -> dict:
    body = {"supplier_id": supplier["id"],
            "lines": [{"product_id": product["id"], "quantity": quantity} for product, quantity in lines], **fields}
    r = client.post("/api/purchase-orders", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def act(client: ApiClient, po: dict | int, verb: str, expect: int = 200, **body) -> dict:
    po_id = po if isinstance(po, int) else po["id"]
    r = client.post(f"/api/purchase-orders/{po_id}/{verb}", json=body)
    assert r.status_code == expect, r.text
    return r.json()


def receive_all(client: ApiClient, po: dict) -> dict:
    lines = [{"line_id": x["id"], "quantity": x["quantity"] - x["received_quantity"]} for x in po["lines"]
             if x["quantity"] > x["received_quantity"]]
    return act(client, po, "receive", lines=lines)


def advance(client: ApiClient, po: dict, to: str) -> dict:
    """Take a draft to `to` (approved, sent, received, closed) the ordinary way."""
    for step in STEPS[: STEPS.index(to) + 1]:
        if step == "approved":
            po = act(client, po, "approve")
        elif step == "sent":
            po = act(client, po, "send")
        elif step == "received":
            po = receive_all(client, po)
        else:
            po = act(client, po, "close")
    assert po["status"] == to
    return po


def detail(client: ApiClient, po: dict | int) -> dict:
    po_id = po if isinstance(po, int) else po["id"]
    r = client.get(f"/api/purchase-orders/{po_id}")
    assert r.status_code == 200, r.text
    return r.json()


def on_order(client: ApiClient, **params) -> dict[int, int]:
    r = client.get("/api/purchase-orders/on-order", params=params)
    assert r.status_code == 200, r.text
    return {row["product_id"]: row["quantity"] for row in r.json()}


def order_for(client: ApiClient, supplier_id: int, product_id: int, status: str = "draft", quantity: int = 2) -> dict:
    """An order of one line, taken to `status` (for the role table and the tenant walk)."""
    r = client.post("/api/purchase-orders", json={"supplier_id": supplier_id,
                                                  "lines": [{"product_id": product_id, "quantity": quantity}]})
    assert r.status_code == 201, r.text
    return r.json() if status == "draft" else advance(client, r.json(), status)
