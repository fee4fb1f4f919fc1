"""Plain factory helpers for API tests: sign up tenants, log in users with each role."""

from __future__ import annotations

import itertools

from fastapi.testclient import TestClient

from smartstock.kit.auth import CSRF_COOKIE

PASSWORD = "correct-horse-9"
_counter = itertools.count(1)


class ApiClient(TestClient):
    """A TestClient that sends the CSRF header from its cookie, as the web app does."""

    def request(self, method, url, **kwargs):
        csrf = self.cookies.get(CSRF_COOKIE)
        if csrf and method.upper() not in ("GET", "HEAD", "OPTIONS"):
            headers = dict(kwargs.pop("headers", None) or {})
            headers.setdefault("X-CSRF-Token", csrf)
            kwargs["headers"] = headers
        return super().request(method, url, **kwargs)


def new_client(app, language: str = "en") -> ApiClient:
    return ApiClient(app, headers={"Accept-Language": language})


def signup(app, tenant_name: str | None = None) -> tuple[ApiClient, dict]:
    n = next(_counter)
    client = new_client(app)
    r = client.post("/api/auth/signup", json={
        "tenant_name": tenant_name or f"Tenant {n}", "email": f"owner{n}@t{n}.example", "password": PASSWORD,
    })
    assert r.status_code == 201, r.text
    return client, r.json()


def add_member(owner: ApiClient, app, role: str) -> ApiClient:
    n = next(_counter)
    email = f"{role}{n}@member.example"
    r = owner.post("/api/members", json={"email": email, "name": f"{role} {n}", "role": role, "password": PASSWORD})
    assert r.status_code == 201, r.text
    client = new_client(app)
    assert client.post("/api/auth/login", json={"email": email, "password": PASSWORD}).status_code == 200
    return client


def create_supplier(client: ApiClient, **fields) -> dict:
    n = next(_counter)
    r = client.post("/api/suppliers", json={"name": f"Supplier {n}", "default_lead_time_days": 7, **fields})
    assert r.status_code == 201, r.text
    return r.json()


def create_product(client: ApiClient, **fields) -> dict:
    n = next(_counter)
    body = {"master_sku": f"SKU-{n:04d}", "name": f"상품 {n}", "category": "주방용품", **fields}
    r = client.post("/api/products", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def move(client: ApiClient, product_id: int, reason: str, quantity: int, **fields):
    return client.post("/api/stock/movements",
                       json={"product_id": product_id, "reason": reason, "quantity": quantity, **fields})
