"""Helpers shared by the accounts, catalog, stock and kit API tests (plain functions; the one
fixture makes Argon2 cheap so that the many sign-ups and log-ins stay fast — it is still real
Argon2id hashing and verification, only with low cost parameters)."""

from __future__ import annotations

import io
import itertools

from openpyxl import Workbook
from sqlalchemy.orm import Session

from smartstock.db.models import User
from smartstock.kit.auth import Principal
from tests.factories import PASSWORD, ApiClient, new_client, signup

ROLES = ("owner", "manager", "staff", "viewer")
_counter = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_counter):05d}"


def login(app, email: str, password: str = PASSWORD, language: str = "en"):
    """Log in with a fresh client; returns (client, response)."""
    client = new_client(app, language)
    return client, client.post("/api/auth/login", json={"email": email, "password": password})


def create_member(owner: ApiClient, role: str, **fields) -> dict:
    email = f"{unique(role)}@member.example"
    r = owner.post("/api/members", json={"email": email, "name": f"{role} member", "role": role,
                                         "password": PASSWORD, **fields})
    assert r.status_code == 201, r.text
    return r.json()


def member_client(app, owner: ApiClient, role: str) -> tuple[ApiClient, dict]:
    member = create_member(owner, role)
    client, r = login(app, member["email"])
    assert r.status_code == 200, r.text
    return client, member


def tenant_with_roles(app) -> tuple[dict[str, ApiClient], dict]:
    """A fresh tenant with a logged-in client for each role; returns (clients, owner's /me)."""
    owner, me = signup(app)
    clients = {"owner": owner}
    for role in ROLES[1:]:
        clients[role] = member_client(app, owner, role)[0]
    return clients, me


def principal_for(db: Session, user_id: int) -> Principal:
    return Principal(user=db.get_one(User, user_id), session_id=0)


def workbook_bytes(rows: list[list], header: list[str] | None = None) -> bytes:
    """An .xlsx with the export's Korean headers (or `header`) and `rows`."""
    from smartstock.catalog.excel import COLUMNS

    wb = Workbook()
    ws = wb.active
    ws.append(header or [h for _, h, _ in COLUMNS])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def on_hand(client: ApiClient, product_id: int) -> int:
    r = client.get(f"/api/products/{product_id}")
    assert r.status_code == 200, r.text
    return r.json()["on_hand"]


def movements(client: ApiClient, **params) -> dict:
    r = client.get("/api/stock/movements", params={"page_size": 500, **params})
    assert r.status_code == 200, r.text
    return r.json()


def audit_events(client: ApiClient, **params) -> dict:
    r = client.get("/api/audit", params={"page_size": 500, **params})
    assert r.status_code == 200, r.text
    return r.json()


def error_of(response) -> str:
    return response.json().get("error")
