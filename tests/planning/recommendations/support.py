"""Reading the recommendations in the tests."""

from __future__ import annotations


def recommendations(client, **params) -> dict:
    r = client.get("/api/planning/recommendations", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def row_of(body: dict, product_id: int) -> dict:
    return next(r for r in body["rows"] if r["product_id"] == product_id)
