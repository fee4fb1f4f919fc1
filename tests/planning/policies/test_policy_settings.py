"""Replenishment policy settings through the API on every database: defaults, overrides per
category and product, what each product ends up with, bad input and who may change them."""

from __future__ import annotations

import pytest

from smartstock.planning.policies.service import resolve
from tests.factories import add_member, create_product, signup
from tests.kit.support import audit_events, error_of
from tests.planning.recommendations.support import recommendations, row_of


def test_resolution_order():
    product = {"_source": "product", "service_level": None, "review_period_days": 3}
    category = {"_source": "category", "service_level": 0.9, "safety_stock_method": "coverage"}
    tenant = {"_source": "tenant", "service_level": 0.95, "service_level_a": 0.99, "order_rule": "eoq"}
    got = resolve([product, category, tenant], "A")
    # the category's own level wins over the ABC level; other fields come from the nearest layer
    assert (got.service_level, got.service_level_source) == (0.9, "category")
    assert (got.review_period_days, got.safety_stock_method, got.order_rule) == (3, "coverage", "eoq")
    assert got.service_measure == "cycle" and got.holding_rate == 0.25  # built-in defaults
    got = resolve([{"_source": "product"}, {"_source": "category"}, tenant], "A")
    assert (got.service_level, got.service_level_source) == (0.99, "abc:A")
    got = resolve([{"_source": "product"}, {"_source": "category"}, tenant], "B")  # no B level: the plain one
    assert (got.service_level, got.service_level_source) == (0.95, "tenant")
    assert resolve([{"_source": "product"}], None).service_level_source == "default"


def test_defaults_and_partial_updates(app):
    owner, _ = signup(app)
    body = owner.get("/api/planning/policy").json()
    assert body == {"defaults": {
        "safety_stock_method": "statistical", "service_measure": "cycle", "service_level": 0.95,
        "service_level_a": None, "service_level_b": None, "service_level_c": None, "order_rule": "seed",
        "review_period_days": 7, "holding_rate": 0.25, "ordering_cost": None}, "overrides": []}
    r = owner.put("/api/planning/policy", json={"service_level": 0.98, "order_rule": "eoq", "ordering_cost": "30000"})
    assert r.status_code == 200, r.text
    defaults = r.json()["defaults"]
    assert (defaults["service_level"], defaults["order_rule"], defaults["ordering_cost"]) == (0.98, "eoq", "30000.00")
    # a field left out stays; a null goes back to the built-in value
    defaults = owner.put("/api/planning/policy", json={"service_level": None}).json()["defaults"]
    assert (defaults["service_level"], defaults["order_rule"]) == (0.95, "eoq")
    events = audit_events(owner, entity_type="replenishment_policy")["items"]
    assert len(events) == 2 and events[0]["before"] == {"service_level": 0.98} and events[0]["after"] == {
        "service_level": None}


def test_overrides_per_category_and_product(app):
    owner, _ = signup(app)
    product = create_product(owner, category="욕실", lead_time_days=5)
    other = create_product(owner, category="욕실", lead_time_days=5)
    r = owner.put("/api/planning/policy/overrides", json={"scope": "category", "category": "욕실",
                                                          "service_level": 0.9, "safety_stock_method": "coverage"})
    assert r.status_code == 200, r.text
    category_id = r.json()["id"]
    r = owner.put("/api/planning/policy/overrides", json={"scope": "product", "product_id": product["id"],
                                                          "review_period_days": 14})
    assert r.status_code == 200 and r.json()["master_sku"] == product["master_sku"]
    # the same scope again changes the same row
    again = owner.put("/api/planning/policy/overrides", json={"scope": "category", "category": "욕실",
                                                              "service_level": 0.92})
    assert again.json()["id"] == category_id and again.json()["service_level"] == 0.92
    assert again.json()["safety_stock_method"] == "coverage"
    overrides = owner.get("/api/planning/policy").json()["overrides"]
    assert [(o["scope"], o["category"], o["product_id"]) for o in overrides] == [
        ("category", "욕실", None), ("product", None, product["id"])]

    rows = recommendations(owner)
    mine, theirs = row_of(rows, product["id"]), row_of(rows, other["id"])
    assert (mine["review_period_days"], mine["method"], mine["service_level"]) == (14, "coverage", 0.92)
    assert (theirs["review_period_days"], theirs["service_level_source"]) == (7, "category")

    assert owner.delete(f"/api/planning/policy/overrides/{category_id}").status_code == 204
    assert row_of(recommendations(owner), other["id"])["method"] == "statistical"
    assert owner.delete(f"/api/planning/policy/overrides/{category_id}").status_code == 404


@pytest.mark.parametrize("body, status, code", [
    ({"service_level": 1.5}, 422, None),
    ({"service_level": 0.3}, 422, None),
    ({"review_period_days": -1}, 422, None),
    ({"safety_stock_method": "guess"}, 422, None),
    ({"surprise": 1}, 422, None),
    ({"order_rule": "eoq", "holding_rate": 0}, 400, "eoq_needs_holding_rate"),
])
def test_bad_defaults(app, body, status, code):
    owner, _ = signup(app)
    r = owner.put("/api/planning/policy", json=body, headers={"Accept-Language": "ko"})
    assert r.status_code == status, r.text
    if code:
        assert error_of(r) == code and "보관비율" in r.json()["detail"]


def test_bad_overrides(app):
    owner, _ = signup(app)
    create_product(owner, category="주방")
    for body in ({"scope": "category"}, {"scope": "product", "category": "주방"},
                 {"scope": "category", "category": "주방", "product_id": 1}, {"scope": "tenant"}):
        assert owner.put("/api/planning/policy/overrides", json=body).status_code == 422, body
    r = owner.put("/api/planning/policy/overrides", json={"scope": "category", "category": "없는분류"})
    assert r.status_code == 400 and error_of(r) == "unknown_category" and "없는분류" in r.json()["detail"]
    r = owner.put("/api/planning/policy/overrides", json={"scope": "product", "product_id": 10**9})
    assert r.status_code == 404


def test_only_managers_change_the_policy(app):
    owner, _ = signup(app)
    product = create_product(owner)
    for role in ("staff", "viewer"):
        client = add_member(owner, app, role)
        assert client.get("/api/planning/policy").status_code == 200
        assert client.put("/api/planning/policy", json={"service_level": 0.9}).status_code == 403
        assert client.put("/api/planning/policy/overrides", json={
            "scope": "product", "product_id": product["id"]}).status_code == 403
    manager = add_member(owner, app, "manager")
    assert manager.put("/api/planning/policy", json={"service_level": 0.9}).status_code == 200
