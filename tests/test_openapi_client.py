"""The frontend's TypeScript client is generated from the backend's OpenAPI document; the
committed copy must match the backend, or the UI is typed against an API that does not exist."""

import json
from pathlib import Path

from smartstock.app import create_app

FRONTEND = Path(__file__).resolve().parents[1] / "frontend"


def test_committed_openapi_document_matches_the_backend():
    committed = json.loads((FRONTEND / "openapi.json").read_text())
    assert committed == create_app().openapi(), "run `make client` and commit frontend/openapi.json and src/client/"


def test_api_contract_paths():
    paths = create_app().openapi()["paths"]
    assert "get" in paths["/api/health"]
    for path, methods in {
        "/api/auth/signup": {"post"}, "/api/auth/login": {"post"}, "/api/auth/logout": {"post"},
        "/api/products": {"get", "post"}, "/api/products/{product_id}": {"get", "patch", "delete"},
        "/api/members": {"get", "post"},
    }.items():
        assert methods <= set(paths[path]), path


def test_health_reports_ok(app):
    from fastapi.testclient import TestClient

    r = TestClient(app).get("/api/health")
    assert r.status_code == 200 and r.json() == {"status": "ok"}
