"""Latency of the product list and stock APIs with 500 products and 100,000 movements.

Runs the real server (`smartstock serve`, one uvicorn worker) against a freshly migrated
database, seeds it in bulk, then times sequential HTTP requests from this process.

    .venv/bin/python benchmarks/api_latency.py [--databases sqlite,postgresql] [--requests 200]

Writes benchmarks/results/api_latency.json and .md. PostgreSQL uses a database of its own
(`smartstock_bench`, created if missing) so the test database is left alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import insert, text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_db import bench_database_url  # noqa: E402

from smartstock.db import make_engine  # noqa: E402
from smartstock.db.base import utcnow  # noqa: E402
from smartstock.db.models import (  # noqa: E402
    MovementReason, MovementSource, Product, Role, StockBalance, StockMovement, Tenant, User,
)
from smartstock.kit.passwords import hash_password  # noqa: E402
from tests.conftest import reset_schema  # noqa: E402
from tests.live.server import start_live_server  # noqa: E402

PRODUCTS = 500
MOVEMENTS = 100_000
PASSWORD = "bench-password-1"


def seed(url: str) -> None:
    reset_schema(url)
    engine = make_engine(url)
    rng = random.Random(7)
    with Session(engine) as s:
        tenant = Tenant(name="bench")
        s.add(tenant)
        s.flush()
        s.add(User(tenant_id=tenant.id, email="bench@bench.example", name="bench",
                   password_hash=hash_password(PASSWORD), role=Role.owner))
        s.flush()
        user_id = s.scalar(text("SELECT id FROM users WHERE email='bench@bench.example'"))
        s.execute(insert(Product), [
            {"tenant_id": tenant.id, "master_sku": f"B-{i:04d}", "name": f"벤치 상품 {i}",
             "category": f"카테고리 {i % 8}", "moq": 10, "safety_stock": 20, "lead_time_days": 7}
            for i in range(PRODUCTS)
        ])
        product_ids = list(s.scalars(text("SELECT id FROM products ORDER BY id")))
        balance = dict.fromkeys(product_ids, 0)
        start = utcnow() - dt.timedelta(days=365)
        rows = []
        for n in range(MOVEMENTS):
            pid = rng.choice(product_ids)
            qty = rng.randint(1, 50) if balance[pid] < 20 or rng.random() < 0.3 else -rng.randint(1, min(balance[pid], 10))
            balance[pid] += qty
            rows.append({
                "tenant_id": tenant.id, "product_id": pid, "quantity": qty,
                "reason": MovementReason.inbound if qty > 0 else MovementReason.outbound,
                "source": MovementSource.manual, "balance_after": balance[pid], "actor_id": user_id,
                "created_at": start + dt.timedelta(seconds=n * 300),
            })
        for i in range(0, len(rows), 10_000):
            s.execute(insert(StockMovement), rows[i:i + 10_000])
        s.execute(insert(StockBalance), [
            {"tenant_id": tenant.id, "product_id": pid, "on_hand": on_hand} for pid, on_hand in balance.items()
        ])
        s.commit()
    engine.dispose()


ENDPOINTS = [
    ("product list (50/page)", "/api/products?page=3&page_size=50"),
    ("product list search", "/api/products?q=B-01&page_size=50"),
    ("product list (500/page)", "/api/products?page_size=500"),
    ("product detail", "/api/products/{pid}"),
    ("stock balances (50/page)", "/api/stock/balances?page=2&page_size=50"),
    ("stock balances (500/page)", "/api/stock/balances?page_size=500"),
    ("movement ledger (50/page)", "/api/stock/movements?page_size=50"),
    ("movement ledger of one product", "/api/stock/movements?product_id={pid}&page_size=50"),
]


def measure(server_url: str, requests: int) -> dict[str, dict[str, float]]:
    client = httpx.Client(base_url=server_url, timeout=60)
    assert client.post("/api/auth/login", json={"email": "bench@bench.example", "password": PASSWORD}).status_code == 200
    pid = client.get("/api/products?page_size=1").json()["items"][0]["id"]
    results = {}
    for name, path in ENDPOINTS:
        url = path.format(pid=pid)
        for _ in range(5):  # warm-up
            client.get(url).raise_for_status()
        times = []
        for _ in range(requests):
            t0 = time.perf_counter()
            client.get(url).raise_for_status()
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        results[name] = {"median_ms": round(statistics.median(times), 2),
                         "p95_ms": round(times[int(0.95 * len(times)) - 1], 2)}
        print(f"  {name:34s} median {results[name]['median_ms']:7.2f} ms   p95 {results[name]['p95_ms']:7.2f} ms")
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    report = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
              "date": dt.date.today().isoformat(), "products": PRODUCTS, "movements": MOVEMENTS,
              "requests_per_endpoint": args.requests, "results": {}}
    for db in args.databases.split(","):
        tmp = Path(tempfile.mkdtemp(prefix=f"bench-{db}-"))
        url = bench_database_url(db, tmp)
        print(f"{db}: seeding {PRODUCTS} products and {MOVEMENTS} movements …")
        t0 = time.perf_counter()
        seed(url)
        print(f"  seeded in {time.perf_counter() - t0:.1f} s")
        server = start_live_server(tmp / "data", url, worker=False)
        try:
            report["results"][db] = measure(server.url, args.requests)
        finally:
            server.stop()
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "api_latency.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    lines = [f"# API latency — {PRODUCTS} products, {MOVEMENTS:,} movements", "",
             f"Machine: {report['machine']}; {report['date']}; {args.requests} sequential requests per "
             "endpoint over HTTP to `smartstock serve` (one uvicorn worker), after 5 warm-up requests.", "",
             "| endpoint | " + " | ".join(f"{db} median | {db} p95" for db in report["results"]) + " |",
             "|---|" + "---|---|" * len(report["results"])]
    for name, _ in ENDPOINTS:
        cells = " | ".join(f"{report['results'][db][name]['median_ms']:.1f} ms | {report['results'][db][name]['p95_ms']:.1f} ms"
                           for db in report["results"])
        lines.append(f"| {name} | {cells} |")
    lines += ["", "Command: `.venv/bin/python benchmarks/api_latency.py`"]
    (out / "api_latency.md").write_text("\n".join(lines) + "\n")
    print((out / "api_latency.md").read_text())


if __name__ == "__main__":
    main()
