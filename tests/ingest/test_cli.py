"""`smartstock ingest` as operators and scripts use it: a real process on its own SQLite database."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smartstock.db import make_engine
from smartstock.db.migrate import upgrade
from smartstock.db.models import DailySales, Product, Role, Tenant, Upload, User

SALES = "주문일,상품코드,수량\n2024-02-01,C-1,3\n2024-02-01,C-1,3\n2024-02-02,c-1,2\n2024-02-03,배송비,1\n"


@pytest.fixture
def workspace(tmp_path):
    env = {**os.environ, "DATA_DIR": str(tmp_path / "var"), "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    upgrade(env["DATABASE_URL"])  # in-process: the command under test is `ingest` (`db upgrade` runs in tests/live)
    engine = make_engine(env["DATABASE_URL"])
    with Session(engine) as session:
        for name in ("가게", "다른 가게"):
            tenant = Tenant(name=name)
            session.add(tenant)
            session.flush()
            session.add(User(tenant_id=tenant.id, email=f"owner{tenant.id}@cli.example", name="사장", role=Role.owner,
                             password_hash="unused"))
        session.commit()
    yield env, engine, tmp_path
    engine.dispose()


def ingest(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "smartstock.cli", "ingest", *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=120)


def count(engine, model) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_dry_run_report_then_apply_then_refuse_the_same_file(workspace):
    env, engine, tmp = workspace
    path = tmp / "sales.csv"
    path.write_text(SALES, encoding="cp949")

    run = ingest(env, path, "--dry-run")
    assert run.returncode != 0 and "--tenant" in run.stderr  # two tenants: which one?

    run = ingest(env, path, "--tenant", "가게", "--dry-run", "--report", tmp / "report.json")
    assert run.returncode == 0, run.stderr
    assert "Dry run, nothing changed" in run.stdout
    report = json.loads((tmp / "report.json").read_text())
    counts = {r["id"]: r["count"] for r in report["rules"]}
    assert counts["exact_duplicates"] == 1 and counts["sku_variants"] == 1 and counts["non_product"] == 1
    assert report["file"]["encoding"] == "cp949" and report["rows_kept"] == 2
    assert count(engine, Upload) == count(engine, Product) == count(engine, DailySales) == 0

    run = ingest(env, path, "--tenant", "1")
    assert run.returncode == 0, run.stderr
    assert "Applied as upload #1" in run.stdout
    with Session(engine) as session:
        rows = session.execute(select(DailySales.sale_date, DailySales.quantity).order_by(DailySales.sale_date)).all()
        assert [(d.isoformat(), q) for d, q in rows] == [("2024-02-01", 3), ("2024-02-02", 2)]
        assert session.scalars(select(Upload.status)).one() == "applied"

    run = ingest(env, path, "--tenant", "가게")
    assert run.returncode == 2 and "already applied" in run.stderr
    assert count(engine, DailySales) == 2


def test_stock_file_row_errors_exit_1_and_apply_nothing(workspace):
    env, engine, tmp = workspace
    path = tmp / "stock.csv"
    path.write_text("품번,입고량,출고량\nNOPE-1,3,\n", encoding="utf-8")
    run = ingest(env, path, "--tenant", "가게", "--kind", "template")
    assert run.returncode == 1
    assert "line 2: Unknown SKU: NOPE-1" in run.stderr and "Nothing was applied" in run.stderr
    assert count(engine, Upload) == 0


def test_an_unreadable_file_exits_2_with_the_reason(workspace):
    env, engine, tmp = workspace
    path = tmp / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not a workbook")
    run = ingest(env, path, "--tenant", "가게")
    assert run.returncode == 2 and "damaged" in run.stderr and "손상" in run.stderr
    assert count(engine, Upload) == 0
