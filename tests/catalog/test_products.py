"""Products: fields, unique master SKUs, sets, deletion rules, listing and search."""

from __future__ import annotations

from tests.factories import create_product, create_supplier, move, signup
from tests.kit.support import error_of, unique

EVERY_FIELD = {
    "playauto_sku": "PA-7781", "name": "스테인리스 텀블러 500ml", "category": "주방용품", "kind": "single",
    "lead_time_days": 12, "moq": 24, "pack_size": 6, "safety_stock": 30, "manufacturer": "한빛금속",
    "unit_cost": "1234.50", "shelf_life_days": 730, "is_active": True,
}


def test_create_and_edit_with_every_field(app):
    client, _ = signup(app)
    supplier = create_supplier(client)
    sku = unique("TB")
    r = client.post("/api/products", json={"master_sku": f"  {sku} ", **EVERY_FIELD, "supplier_id": supplier["id"]})
    assert r.status_code == 201, r.text
    created = r.json()
    assert {k: created[k] for k in EVERY_FIELD} == EVERY_FIELD
    assert created["master_sku"] == sku and created["supplier_name"] == supplier["name"]
    assert created["on_hand"] == 0 and created["components"] == [] and created["channel_skus"] == []
    assert client.get(f"/api/products/{created['id']}").json() == created

    changes = {"master_sku": sku + "-B", "playauto_sku": None, "name": "텀블러 (리뉴얼)", "category": "생활용품",
               "lead_time_days": 0, "moq": 1, "pack_size": 12, "safety_stock": 0, "manufacturer": None,
               "supplier_id": None, "unit_cost": "99999999.99", "shelf_life_days": None, "is_active": False}
    r = client.patch(f"/api/products/{created['id']}", json=changes)
    assert r.status_code == 200, r.text
    edited = client.get(f"/api/products/{created['id']}").json()
    assert {k: edited[k] for k in changes} == changes and edited["supplier_name"] is None
    assert edited["created_at"] == created["created_at"] and edited["updated_at"] >= created["updated_at"]

    for cost in ("0.10", "0", "7"):
        r = client.patch(f"/api/products/{created['id']}", json={"unit_cost": cost})
        assert r.json()["unit_cost"] == f"{float(cost):.2f}"


def test_invalid_product_fields(app):
    client, _ = signup(app)
    product = create_product(client)
    for bad in ({"unit_cost": "1.234"}, {"unit_cost": "-1"}, {"unit_cost": "abc"}, {"moq": 0},
                {"safety_stock": -1}, {"lead_time_days": 3651}, {"kind": "bundle"}, {"master_sku": ""},
                {"master_sku": "x" * 65}, {"name": "   "}):
        r = client.patch(f"/api/products/{product['id']}", json=bad)
        assert r.status_code == 422, (bad, r.text)
    for required in ("master_sku", "name", "moq", "kind"):
        r = client.patch(f"/api/products/{product['id']}", json={required: None})
        assert r.status_code == 400 and error_of(r) == "required_field", required
    assert client.get(f"/api/products/{product['id']}").json() == product


def test_duplicate_master_sku_is_409_on_create_and_rename(app):
    client, _ = signup(app)
    first = create_product(client)
    second = create_product(client)
    r = client.post("/api/products", json={"master_sku": first["master_sku"], "name": "dup"})
    assert r.status_code == 409 and error_of(r) == "duplicate_sku"
    assert r.json()["master_sku"] == first["master_sku"] and first["master_sku"] in r.json()["detail"]
    r = client.patch(f"/api/products/{second['id']}", json={"master_sku": first["master_sku"]})
    assert r.status_code == 409 and r.json()["master_sku"] == first["master_sku"]
    assert client.get(f"/api/products/{second['id']}").json()["master_sku"] == second["master_sku"]
    r = client.patch(f"/api/products/{first['id']}", json={"master_sku": first["master_sku"]})
    assert r.status_code == 200  # keeping one's own SKU is not a duplicate
    assert client.get("/api/products").json()["total"] == 2


def test_unknown_product_is_404(app):
    client, _ = signup(app)
    for method, path, body in (("GET", "/api/products/999999999", None),
                               ("PATCH", "/api/products/999999999", {"name": "x"}),
                               ("DELETE", "/api/products/999999999", None),
                               ("PUT", "/api/products/999999999/components", [])):
        r = client.request(method, path, json=body)
        assert r.status_code == 404 and error_of(r) == "not_found" and r.json()["detail"] == "Product not found."


def test_set_components_rules(app):
    client, _ = signup(app)
    a, b = create_product(client), create_product(client)
    bundle = create_product(client, kind="set", name="선물 세트")
    other_set = create_product(client, kind="set")
    path = f"/api/products/{bundle['id']}/components"

    r = client.put(path, json=[{"component_id": a["id"], "quantity": 2}, {"component_id": b["id"], "quantity": 1}])
    assert r.status_code == 200
    assert [(c["master_sku"], c["quantity"]) for c in r.json()["components"]] == [(a["master_sku"], 2),
                                                                                  (b["master_sku"], 1)]
    refused = [
        ([{"component_id": bundle["id"], "quantity": 1}], 400, "set_contains_itself"),
        ([{"component_id": other_set["id"], "quantity": 1}], 400, "nested_set"),
        ([{"component_id": a["id"], "quantity": 1}, {"component_id": a["id"], "quantity": 2}], 400,
         "duplicate_component"),
        ([{"component_id": 999999999, "quantity": 1}], 400, "unknown_component"),
        ([{"component_id": a["id"], "quantity": 0}], 422, "invalid_input"),
    ]
    for items, status, code in refused:
        r = client.put(path, json=items)
        assert r.status_code == status and error_of(r) == code, (items, r.text)
    r = client.put(f"/api/products/{a['id']}/components", json=[{"component_id": b["id"], "quantity": 1}])
    assert r.status_code == 400 and error_of(r) == "not_a_set"
    # A set inside a set is refused the other way round too: a component cannot become a set.
    r = client.patch(f"/api/products/{a['id']}", json={"kind": "set"})
    assert r.status_code == 409 and error_of(r) == "component_cannot_be_set"
    assert len(client.get(f"/api/products/{bundle['id']}").json()["components"]) == 2

    r = client.put(path, json=[{"component_id": b["id"], "quantity": 3}])
    assert [(c["component_id"], c["quantity"]) for c in r.json()["components"]] == [(b["id"], 3)]


def test_kind_changes_keep_the_stock_ledger_consistent(app):
    client, _ = signup(app)
    single = create_product(client)
    assert move(client, single["id"], "inbound", 5).status_code == 201
    r = client.patch(f"/api/products/{single['id']}", json={"kind": "set"})
    assert r.status_code == 409 and error_of(r) == "has_stock_history"

    component = create_product(client)
    move(client, component["id"], "inbound", 5)
    bundle = create_product(client, kind="set")
    client.put(f"/api/products/{bundle['id']}/components", json=[{"component_id": component["id"], "quantity": 1}])
    assert move(client, bundle["id"], "outbound", 2).status_code == 201
    # A set that has been sold cannot become a single product: its ledger has movements
    # (-2) but it never had a balance of its own.
    r = client.patch(f"/api/products/{bundle['id']}", json={"kind": "single"})
    assert r.status_code == 409 and error_of(r) == "has_stock_history"

    fresh_set = create_product(client, kind="set")
    client.put(f"/api/products/{fresh_set['id']}/components", json=[{"component_id": component["id"], "quantity": 1}])
    r = client.patch(f"/api/products/{fresh_set['id']}", json={"kind": "single"})
    assert r.status_code == 200 and r.json()["components"] == []  # an unused set may; it loses its components


def test_delete_rules(app):
    client, _ = signup(app)
    with_stock, component, free = create_product(client), create_product(client), create_product(client)
    bundle = create_product(client, kind="set")
    client.put(f"/api/products/{bundle['id']}/components", json=[{"component_id": component["id"], "quantity": 1}])
    move(client, with_stock["id"], "inbound", 1)

    r = client.delete(f"/api/products/{with_stock['id']}")
    assert r.status_code == 409 and error_of(r) == "has_stock_history"
    r = client.delete(f"/api/products/{component['id']}")
    assert r.status_code == 409 and error_of(r) == "product_in_set" and bundle["master_sku"] in r.json()["detail"]

    client.post("/api/channel-skus", json={"channel": "coupang", "channel_sku": unique("D"), "product_id": free["id"]})
    assert client.delete(f"/api/products/{free['id']}").status_code == 204
    assert client.get(f"/api/products/{free['id']}").status_code == 404
    assert client.get("/api/channel-skus").json() == []  # its mappings went with it
    assert client.delete(f"/api/products/{bundle['id']}").status_code == 204
    assert client.delete(f"/api/products/{component['id']}").status_code == 204  # no longer in a set
    assert {p["id"] for p in client.get("/api/products").json()["items"]} == {with_stock["id"]}


def test_pagination_search_and_filters(app):
    client, _ = signup(app)
    supplier = create_supplier(client)
    made = [
        create_product(client, master_sku="PG-003", name="유리 머그컵", category="주방", playauto_sku="PA-XYZ"),
        create_product(client, master_sku="PG-001", name="Glass bottle", category="주방", supplier_id=supplier["id"]),
        create_product(client, master_sku="PG-005", name="수건 세트", category="욕실", kind="set"),
        create_product(client, master_sku="PG-002", name="머그 뚜껑", category=None),
        create_product(client, master_sku="PG-004", name="bath towel", category="욕실"),
    ]
    assert len(made) == 5
    pages = [client.get("/api/products", params={"page": n, "page_size": 2}).json() for n in (1, 2, 3, 4)]
    assert [[p["master_sku"] for p in page["items"]] for page in pages] == [
        ["PG-001", "PG-002"], ["PG-003", "PG-004"], ["PG-005"], []]
    assert all(page["total"] == 5 and page["page_size"] == 2 for page in pages)
    assert pages[1]["page"] == 2

    def skus(**params):
        return [p["master_sku"] for p in client.get("/api/products", params=params).json()["items"]]

    assert skus(q="머그") == ["PG-002", "PG-003"]
    assert skus(q="GLASS") == ["PG-001"]  # case-insensitive
    assert skus(q="pg-00") == ["PG-001", "PG-002", "PG-003", "PG-004", "PG-005"]
    assert skus(q="pa-xyz") == ["PG-003"]  # PlayAuto SKU
    assert skus(q="%") == [] and skus(q="_") == []  # LIKE wildcards are searched for literally
    create_product(client, master_sku="SALE_1", name="50% 할인", category=None)
    assert skus(q="%") == ["SALE_1"] and skus(q="_") == ["SALE_1"]
    assert skus(category="욕실") == ["PG-004", "PG-005"]
    assert skus(kind="set") == ["PG-005"]
    assert skus(supplier_id=supplier["id"]) == ["PG-001"]
    assert skus(q="머그", category="주방") == ["PG-003"]
    for bad in ({"page": 0}, {"page_size": 501}, {"q": "x" * 101}, {"kind": "bundle"}):
        assert client.get("/api/products", params=bad).status_code == 422, bad


def test_categories(app):
    client, _ = signup(app)
    for category in ("주방용품", "욕실", "주방용품", None, "Garden"):
        create_product(client, category=category)
    assert client.get("/api/categories").json() == sorted(["주방용품", "욕실", "Garden"])


def test_master_skus_are_compared_exactly_on_every_database(app):
    """Codes that differ only in case are different codes everywhere (MariaDB included); telling
    the user that 'ab-1' looks like 'AB-1' is the data workspace's cleansing job."""
    client, _ = signup(app)
    upper = create_product(client, master_sku="CASE-1")
    lower = create_product(client, master_sku="case-1")
    assert upper["id"] != lower["id"]
    assert client.post("/api/products", json={"master_sku": "CASE-1", "name": "x"}).status_code == 409
