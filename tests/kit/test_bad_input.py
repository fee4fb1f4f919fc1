"""Malformed and oversized requests, and the shape of error bodies."""

from __future__ import annotations


from smartstock.settings import get_settings
from tests.factories import create_product, create_supplier, signup
from tests.kit.support import error_of, unique

OVERSIZED = get_settings().max_body_bytes + 1024 * 1024  # ~11 MB with the 10 MB default


def _big_product_body() -> bytes:
    return b'{"master_sku": "BIG-1", "name": "' + b"x" * OVERSIZED + b'"}'


def test_oversized_json_body_is_413_in_the_callers_language(app):
    client, _ = signup(app)
    body = _big_product_body()
    for language, message in (("en", "The request is too large."), ("ko", "요청이 너무 큽니다.")):
        r = client.post("/api/products", content=body,
                        headers={"Content-Type": "application/json", "Accept-Language": language})
        assert r.status_code == 413
        assert r.json() == {"error": "payload_too_large", "detail": message}
    assert client.get("/api/products").json()["total"] == 0


def test_oversized_chunked_body_without_content_length_is_413(app):
    client, _ = signup(app)

    def chunks():
        yield _big_product_body()

    r = client.post("/api/products", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and error_of(r) == "payload_too_large"
    assert r.json()["detail"] == "The request is too large."
    assert client.get("/api/products").json()["total"] == 0


def test_unknown_fields_are_422_naming_the_field(app):
    client, _ = signup(app)
    product = create_product(client)
    supplier = create_supplier(client)
    cases = [
        ("POST", "/api/products", {"master_sku": unique("U"), "name": "n", "colour": "red"}, "colour"),
        ("PATCH", f"/api/products/{product['id']}", {"price": 10}, "price"),
        ("POST", "/api/suppliers", {"name": unique("S"), "vat_id": "1"}, "vat_id"),
        ("PATCH", f"/api/suppliers/{supplier['id']}", {"rating": 5}, "rating"),
        ("POST", "/api/stock/movements", {"product_id": product["id"], "reason": "inbound", "quantity": 1,
                                          "warehouse": "A"}, "warehouse"),
        ("POST", "/api/members", {"email": "m@x.example", "role": "staff", "password": "long-enough-1",
                                  "is_admin": True}, "is_admin"),
        ("PATCH", "/api/settings", {"currency": "KRW"}, "currency"),
    ]
    for method, path, body, field in cases:
        r = client.request(method, path, json=body)
        assert r.status_code == 422, (path, r.text)
        assert error_of(r) == "invalid_input" and field in r.json()["detail"]
        assert any(f["field"] == field for f in r.json()["fields"])
    assert client.get(f"/api/products/{product['id']}").json()["name"] == product["name"]
    assert client.get("/api/products").json()["total"] == 1
    assert client.get("/api/stock/movements").json()["total"] == 0


def test_validation_message_follows_the_language(app):
    client, _ = signup(app)
    r = client.post("/api/products", json={"name": "no sku"}, headers={"Accept-Language": "ko"})
    assert r.status_code == 422 and r.json()["detail"] == "입력값이 올바르지 않습니다: master_sku"
    r = client.post("/api/products", json={"name": "no sku"}, headers={"Accept-Language": "en"})
    assert r.json()["detail"] == "Invalid input: master_sku"
    r = client.post("/api/products", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and error_of(r) == "invalid_input"


def test_error_bodies_have_error_and_detail(app):
    client, _ = signup(app)
    r = client.get("/api/products/999999999", headers={"Accept-Language": "ko"})
    assert r.status_code == 404
    assert r.json()["error"] == "not_found" and r.json()["detail"] == "상품을(를) 찾을 수 없습니다."
    for path in ("/api/suppliers/999999999", "/api/jobs/999999999"):
        r = client.get(path)
        assert r.status_code == 404 and error_of(r) == "not_found" and r.json()["detail"].endswith("not found.")
    r = client.get("/api/no-such-route")
    assert r.status_code == 404 and r.json() == {"error": "http_404", "detail": "Not found."}
    r = client.delete("/api/settings")
    assert r.status_code == 405 and r.json() == {"error": "http_405", "detail": "Method not allowed."}
    r = client.get("/api/products", params={"page_size": 0})
    assert r.status_code == 422 and set(r.json()) == {"error", "detail", "fields"}
