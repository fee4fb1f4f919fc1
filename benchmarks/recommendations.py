"""Planning for 500 SKUs end to end: the order recommendations (policy + proposals) as the Orders
page gets them, goal ≤ 1 s (issue 5).

Seeds a freshly migrated database with one tenant: 500 products (20 suppliers, lead times 3–30
days, MOQ and pack sizes, unit costs), stock balances, 90 days of sales (ABC classes), a forecast
run of 90 days per product with backtest residual blocks (3 folds × 28 days), 40 open purchase
orders and a few policy overrides. Then times, median of 7 after one warm-up:

- `recommendations.service.build` in-process (reads + sample paths + `plan()`), and
- `GET /api/planning/recommendations` over HTTP against `smartstock serve` (one uvicorn worker),
  which adds serialisation of the 500 rows;

next to the pure `planning.core.policy.plan()` on the same inputs' shape, the part the policy
benchmark measures alone (benchmarks/results/policy.md).

    .venv/bin/python benchmarks/recommendations.py [--databases sqlite,postgresql]

Writes benchmarks/results/recommendations.json and .md (databases: benchmarks/bench_db.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import numpy as np
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_db import bench_database_url  # noqa: E402
from proc_status import machine_basics  # noqa: E402

from smartstock.db import make_engine  # noqa: E402
from smartstock.db.models import (  # noqa: E402
    Channel, DailySales, ForecastRun, ForecastSeries, ForecastValue, PolicyScope, Product, PurchaseOrder,
    PurchaseOrderLine, PurchaseOrderStatus, ReplenishmentPolicy, Role, RunStatus, SeriesLevel, StockBalance,
    Supplier, Tenant, User,
)
from smartstock.kit.passwords import hash_password  # noqa: E402
from tests.conftest import reset_schema  # noqa: E402
from tests.live.server import start_live_server  # noqa: E402

PRODUCTS, SUPPLIERS, HORIZON, SALES_DAYS, OPEN_ORDERS = 500, 20, 90, 90, 40
RUNS = 7
PASSWORD = "bench-password-1"
OUT = ROOT / "benchmarks" / "results" / "recommendations"


def seed(url: str) -> int:
    reset_schema(url)
    engine = make_engine(url)
    rng = np.random.default_rng(11)
    today = dt.datetime.now(ZoneInfo("Asia/Seoul")).date()
    with Session(engine) as s:
        tenant = Tenant(name="bench")
        s.add(tenant)
        s.flush()
        t = tenant.id
        s.add(User(tenant_id=t, email="bench@bench.example", name="bench", password_hash=hash_password(PASSWORD),
                   role=Role.owner))
        s.execute(insert(Supplier), [{"tenant_id": t, "name": f"공급 {i}", "default_lead_time_days": 7 + i % 10}
                                     for i in range(SUPPLIERS)])
        suppliers = list(s.scalars(select(Supplier.id).where(Supplier.tenant_id == t)))
        levels = rng.gamma(1.2, 6.0, PRODUCTS)
        s.execute(insert(Product), [
            {"tenant_id": t, "master_sku": f"B-{i:04d}", "name": f"벤치 상품 {i}", "category": f"카테고리 {i % 8}",
             "supplier_id": suppliers[i % SUPPLIERS], "lead_time_days": int(rng.integers(3, 31)),
             "moq": int(rng.choice([1, 10, 50])), "pack_size": int(rng.choice([1, 6, 12])),
             "unit_cost": round(float(rng.uniform(500, 50_000)), -1), "safety_stock": 10}
            for i in range(PRODUCTS)])
        products = list(s.scalars(select(Product.id).where(Product.tenant_id == t).order_by(Product.id)))
        s.execute(insert(StockBalance), [{"tenant_id": t, "product_id": p, "on_hand": int(rng.integers(0, 400))}
                                         for p in products])
        s.execute(insert(DailySales), [
            {"tenant_id": t, "product_id": p, "channel": Channel.coupang, "sale_date": today - dt.timedelta(days=d + 1),
             "quantity": int(q)}
            for p, level in zip(products, levels, strict=True) for d, q in enumerate(rng.poisson(level, SALES_DAYS)) if q])
        run = ForecastRun(tenant_id=t, status=RunStatus.succeeded, horizon=HORIZON, products=PRODUCTS,
                          history_end=today - dt.timedelta(days=1))
        s.add(run)
        s.flush()
        s.execute(insert(ForecastSeries), [
            {"tenant_id": t, "run_id": run.id, "level": SeriesLevel.product, "product_id": p, "kind": "backtested",
             "model": "ETS", "reason": {"ko": "", "en": ""},
             "residuals": rng.normal(0, np.sqrt(level) + 0.5, (3, 28)).round(3).tolist()}
            for p, level in zip(products, levels, strict=True)])
        series = dict(s.execute(select(ForecastSeries.product_id, ForecastSeries.id)
                                .where(ForecastSeries.run_id == run.id)).all())
        values = [{"tenant_id": t, "series_id": series[p], "day": today + dt.timedelta(days=d),
                   "mean": float(level), "p10": float(level) * 0.5, "p50": float(level), "p90": float(level) * 1.6}
                  for p, level in zip(products, levels, strict=True) for d in range(HORIZON)]
        for i in range(0, len(values), 10_000):
            s.execute(insert(ForecastValue), values[i:i + 10_000])
        for k in range(OPEN_ORDERS):
            po = PurchaseOrder(tenant_id=t, po_number=f"PO-B-{k:03d}", supplier_id=suppliers[k % SUPPLIERS],
                               status=PurchaseOrderStatus.sent, ordered_on=today,
                               expected_on=today + dt.timedelta(days=5 + k % 20))
            s.add(po)
            s.flush()
            for j in range(3):
                s.add(PurchaseOrderLine(tenant_id=t, purchase_order_id=po.id, product_id=products[(k * 7 + j) % PRODUCTS],
                                        quantity=50, received_quantity=0, expected_on=po.expected_on))
        s.add_all([ReplenishmentPolicy(tenant_id=t, scope=PolicyScope.tenant, scope_key="tenant", service_level=0.95,
                                       service_level_a=0.98, service_level_c=0.9),
                   ReplenishmentPolicy(tenant_id=t, scope=PolicyScope.category, scope_key="category:카테고리 1",
                                       category="카테고리 1", safety_stock_method="forecast_quantile")])
        s.commit()
    engine.dispose()
    return t


def timed(fn, runs: int = RUNS) -> dict[str, float]:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return {"median_s": round(statistics.median(times), 4), "max_s": round(max(times), 4)}


def measure(url: str, tenant_id: int, data_dir: Path) -> dict:
    from smartstock.planning.core.policy import plan
    from smartstock.planning.recommendations import service

    engine = make_engine(url)
    today = dt.datetime.now(ZoneInfo("Asia/Seoul")).date()
    out = {}
    with Session(engine) as s:
        rows = service.build(s, tenant_id, today)[1]
        assert len(rows) == PRODUCTS and all(r.row["problem"] is None for r in rows)
        out["needed_now"] = sum(r.row["order_needed"] for r in rows)
        out["service_build"] = timed(lambda: service.build(s, tenant_id, today))
    engine.dispose()
    rng = np.random.default_rng(1)
    mu = rng.gamma(1.2, 6.0, PRODUCTS)
    out["core_plan"] = timed(lambda: plan(on_hand=rng.integers(0, 400, PRODUCTS), mu=mu, sigma=np.sqrt(mu),
                                          lead_time=rng.integers(3, 31, PRODUCTS), moq=10, pack_size=6))
    server = start_live_server(data_dir, url)
    try:
        client = httpx.Client(base_url=server.url, timeout=60)
        assert client.post("/api/auth/login", json={"email": "bench@bench.example", "password": PASSWORD}).status_code == 200
        body = client.get("/api/planning/recommendations").raise_for_status().json()
        assert len(body["rows"]) == PRODUCTS
        out["http_get"] = timed(lambda: client.get("/api/planning/recommendations").raise_for_status())
    finally:
        server.stop()
    return out


def render(report: dict) -> str:
    m = report["machine"]
    lines = [f"# Order recommendations for {PRODUCTS} SKUs — policy + proposals end to end (goal ≤ 1 s)", "",
             f"Machine: {m['arch']}, {m['cores']} cores, {m['cpu']}, {m['memory_mb']:,} MB RAM; Python {m['python']}; "
             f"{report['date']}. Median of {RUNS} runs after one warm-up.", "",
             f"Data: {PRODUCTS} products, {SUPPLIERS} suppliers, {SALES_DAYS} days of sales, a {HORIZON}-day forecast "
             f"with residual blocks (3 × 28), {OPEN_ORDERS} open orders of 3 lines, a tenant and a category policy.", "",
             "| database | service `build` | HTTP GET /api/planning/recommendations | pure `plan()` | orders needed now | goal ≤ 1 s |",
             "|---|---|---|---|---|---|"]
    for db, r in report["results"].items():
        worst = max(r["service_build"]["median_s"], r["http_get"]["median_s"])
        lines.append(f"| {db} | {r['service_build']['median_s'] * 1000:.0f} ms | {r['http_get']['median_s'] * 1000:.0f} ms "
                     f"| {r['core_plan']['median_s'] * 1000:.0f} ms | {r['needed_now']} | "
                     f"{'✅ met' if worst <= 1 else '❌ missed'} |")
    lines += ["", f"Command: `{report['command']}`", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    report = {"machine": machine_basics(), "date": dt.date.today().isoformat(),
              "command": " ".join([".venv/bin/python", "benchmarks/recommendations.py", *sys.argv[1:]]), "results": {}}
    for db in args.databases.split(","):
        tmp = Path(tempfile.mkdtemp(prefix=f"bench-reco-{db}-"))
        url = bench_database_url(db, tmp)
        print(f"{db}: seeding …", flush=True)
        tenant_id = seed(url)
        report["results"][db] = measure(url, tenant_id, tmp / "data")
        print(f"{db}: {report['results'][db]}", flush=True)
    OUT.with_suffix(".json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    OUT.with_suffix(".md").write_text(render(report))
    print(render(report))


if __name__ == "__main__":
    main()
