"""Suppliers CRUD and channel SKU mappings."""

from __future__ import annotations

from tests.factories import create_product, create_supplier, signup
from tests.kit.support import error_of, unique


def test_supplier_crud(app):
    client, _ = signup(app)
    r = client.post("/api/suppliers", json={
        "name": " 한빛물산 ", "contact_name": "이과장", "phone": "02-123-4567", "email": "order@hanbit.example",
        "default_lead_time_days": 10, "default_moq": 50, "notes": "월요일 발주"})
    assert r.status_code == 201
    supplier = r.json()
    assert supplier == {"id": supplier["id"], "name": "한빛물산", "contact_name": "이과장", "phone": "02-123-4567",
                        "email": "order@hanbit.example", "default_lead_time_days": 10, "default_moq": 50,
                        "notes": "월요일 발주"}
    assert client.get(f"/api/suppliers/{supplier['id']}").json() == supplier
    defaults = create_supplier(client, name="가나 상사")
    assert (defaults["default_lead_time_days"], defaults["default_moq"]) == (7, 1)
    assert [s["name"] for s in client.get("/api/suppliers").json()] == ["가나 상사", "한빛물산"]

    r = client.patch(f"/api/suppliers/{supplier['id']}", json={"phone": None, "default_moq": 100})
    assert r.status_code == 200 and r.json()["phone"] is None and r.json()["default_moq"] == 100
    r = client.patch(f"/api/suppliers/{supplier['id']}", json={"default_lead_time_days": None})
    assert r.status_code == 400 and error_of(r) == "required_field"
    assert client.patch(f"/api/suppliers/{supplier['id']}", json={"default_moq": 0}).status_code == 422
    assert client.post("/api/suppliers", json={"name": "  "}).status_code == 422

    assert client.delete(f"/api/suppliers/{defaults['id']}").status_code == 204
    assert client.get(f"/api/suppliers/{defaults['id']}").status_code == 404
    assert client.delete(f"/api/suppliers/{defaults['id']}").status_code == 404
    assert client.patch("/api/suppliers/999999999", json={"notes": "x"}).status_code == 404


def test_supplier_name_is_unique_and_a_used_supplier_is_kept(app):
    client, _ = signup(app)
    first, second = create_supplier(client), create_supplier(client)
    r = client.post("/api/suppliers", json={"name": first["name"]})
    assert r.status_code == 409 and error_of(r) == "duplicate_supplier"
    r = client.patch(f"/api/suppliers/{second['id']}", json={"name": first["name"]})
    assert r.status_code == 409 and error_of(r) == "duplicate_supplier"
    assert client.patch(f"/api/suppliers/{first['id']}", json={"name": first["name"]}).status_code == 200

    product = create_product(client, supplier_id=first["id"])
    assert product["supplier_name"] == first["name"]
    r = client.delete(f"/api/suppliers/{first['id']}")
    assert r.status_code == 409 and error_of(r) == "supplier_in_use"
    client.patch(f"/api/products/{product['id']}", json={"supplier_id": second["id"]})
    assert client.delete(f"/api/suppliers/{first['id']}").status_code == 204
    r = client.patch(f"/api/products/{product['id']}", json={"supplier_id": first["id"]})
    assert r.status_code == 404  # a deleted supplier cannot be assigned
    assert client.get(f"/api/products/{product['id']}").json()["supplier_name"] == second["name"]


def test_channel_sku_mappings(app):
    client, _ = signup(app)
    product, other = create_product(client), create_product(client)
    code = unique("CP")
    r = client.post("/api/channel-skus", json={"channel": "coupang", "channel_sku": code, "product_id": product["id"]})
    assert r.status_code == 201
    mapping = r.json()
    assert mapping == {"id": mapping["id"], "channel": "coupang", "channel_sku": code,
                       "product_id": product["id"], "master_sku": product["master_sku"]}

    r = client.post("/api/channel-skus", json={"channel": "coupang", "channel_sku": code, "product_id": other["id"]})
    assert r.status_code == 409 and error_of(r) == "duplicate_channel_sku"
    r = client.post("/api/channel-skus", json={"channel": "smartstore", "channel_sku": code, "product_id": other["id"]})
    assert r.status_code == 201  # the same code on another channel is another mapping
    r = client.post("/api/channel-skus", json={"channel": "gmarket", "channel_sku": "G1", "product_id": other["id"]})
    assert r.status_code == 422
    r = client.post("/api/channel-skus", json={"channel": "own_mall", "channel_sku": "M1", "product_id": 999999999})
    assert r.status_code == 404 and error_of(r) == "not_found"

    listed = client.get("/api/channel-skus", params={"product_id": product["id"]}).json()
    assert listed == [mapping]
    assert len(client.get("/api/channel-skus").json()) == 2
    assert client.get(f"/api/products/{product['id']}").json()["channel_skus"] == [
        {"id": mapping["id"], "channel": "coupang", "channel_sku": code}]

    assert client.delete(f"/api/channel-skus/{mapping['id']}").status_code == 204
    assert client.delete(f"/api/channel-skus/{mapping['id']}").status_code == 404
    assert client.get(f"/api/products/{product['id']}").json()["channel_skus"] == []
    r = client.post("/api/channel-skus", json={"channel": "coupang", "channel_sku": code, "product_id": other["id"]})
    assert r.status_code == 201  # free again once unmapped
