"""Background jobs run in a real worker process (Huey) on both queue back ends: the SQLite
file of the embedded default and Redis. The web process only queues them."""

from __future__ import annotations

import io
import itertools
import time

import httpx
import pytest
from openpyxl import Workbook

from tests.live.server import start_live_server

REDIS_URL = "redis://127.0.0.1:6379/15"
_n = itertools.count(1)


def _workbook(rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["마스터 SKU", "상품명", "카테고리", "세트 유무", "최소 주문 수량(MOQ)", "공급업체", "세트 구성"])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module", params=["sqlite-queue", "redis-queue"])
def live(request, tmp_path_factory):
    """One server and worker per queue back end for the module (starting them is most of the cost);
    each test signs up its own tenant, so the tests share no data."""
    if request.param == "redis-queue":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
    tmp_path = tmp_path_factory.mktemp(request.param)
    server = start_live_server(
        tmp_path / "data", f"sqlite:///{tmp_path / 'live.db'}",
        redis_url=REDIS_URL if request.param == "redis-queue" else "",
    )
    yield server
    server.stop()


def _client(server) -> httpx.Client:
    client = httpx.Client(base_url=server.url, headers={"Accept-Language": "en"}, timeout=30)
    n = next(_n)
    r = client.post("/api/auth/signup", json={"tenant_name": f"워커 테스트 {n}", "email": f"w{n}@worker.example",
                                              "password": "worker-pass-1"})
    assert r.status_code == 201, r.text
    client.headers["X-CSRF-Token"] = client.cookies["smartstock_csrf"]
    return client


def _wait(client: httpx.Client, job_id: int) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish: {job}")


def test_product_import_runs_in_the_worker(live):
    client = _client(live)
    content = _workbook([
        ["CUP-1", "머그컵", "주방용품", "단품", 10, "한빛상사", None],
        ["CUP-2", "텀블러", "주방용품", "단품", 5, "한빛상사", None],
        ["CUP-SET", "머그컵 2개 세트", "주방용품", "세트", 1, None, "CUP-1*2"],
    ])
    r = client.post("/api/products/import", files={"file": ("products.xlsx", content)})
    assert r.status_code == 202, r.text
    assert r.json()["status"] == "queued"
    job = _wait(client, r.json()["id"])
    assert job["status"] == "succeeded", job
    assert job["progress"] == 100
    assert job["result"]["created"] == 3 and job["result"]["errors"] == []
    products = {p["master_sku"]: p for p in client.get("/api/products").json()["items"]}
    assert set(products) == {"CUP-1", "CUP-2", "CUP-SET"}
    assert products["CUP-SET"]["components"][0]["master_sku"] == "CUP-1"
    assert products["CUP-1"]["supplier_name"] == "한빛상사"


def test_import_with_row_errors_applies_nothing(live):
    client = _client(live)
    content = _workbook([
        ["OK-1", "정상 상품", "문구", "단품", 1, None, None],
        ["BAD-1", "수량 오류", "문구", "단품", "열개", None, None],
        ["SET-1", "세트", "문구", "세트", 1, None, "NOPE*2"],
    ])
    job = _wait(client, client.post("/api/products/import", files={"file": ("p.xlsx", content)}).json()["id"])
    assert job["status"] == "failed"
    errors = {(e["row"], e["field"]) for e in job["result"]["errors"]}
    assert (3, "moq") in errors and (4, "components") in errors
    assert client.get("/api/products").json()["total"] == 0
