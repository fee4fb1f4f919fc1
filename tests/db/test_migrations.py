"""The schema comes only from the Alembic migrations, and they agree with the models."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from smartstock.db import make_engine
from smartstock.db.base import Base
from smartstock.db.migrate import alembic_config, current_revision, downgrade, upgrade
from tests.conftest import database_url


def test_migrations_go_down_and_up_and_match_the_models(engine, db_name):
    url = database_url(db_name)
    downgrade(url, "base")
    with engine.connect() as conn:
        assert set(conn.dialect.get_table_names(conn)) <= {"alembic_version"}
    upgrade(url, "head")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


# --- SQLite: table rebuilds must not fire ON DELETE CASCADE on existing data -------------------

WHEN = dt.datetime(2026, 11, 1, 9, 30)
KEPT_TABLES = ("tenants", "products", "stock_balances", "stock_lots", "channel_skus", "set_components")


@pytest.fixture
def sqlite_file_url(request, tmp_path):
    if "sqlite" not in request.config.getoption("--db").split(","):
        pytest.skip("SQLite is not among the selected databases")
    return f"sqlite:///{tmp_path / 'existing.db'}"


def _insert(conn, tables, table: str, **values) -> int:
    return conn.execute(tables[table].insert().values(**values)).inserted_primary_key[0]


def _seed_at_0003(engine) -> dict[str, int]:
    with engine.begin() as conn:
        meta = sa.MetaData()
        meta.reflect(conn)
        t = meta.tables
        tenant = _insert(conn, t, "tenants", name="기존 고객", allow_negative_stock=False, default_language="ko",
                         timezone="Asia/Seoul", created_at=WHEN, updated_at=WHEN)
        product = {"tenant_id": tenant, "moq": 1, "pack_size": 1, "safety_stock": 0, "is_active": True,
                   "created_at": WHEN, "updated_at": WHEN}
        single = _insert(conn, t, "products", master_sku="OLD-1", name="낱개", kind="single", **product)
        bundle = _insert(conn, t, "products", master_sku="OLD-SET", name="세트", kind="set", **product)
        _insert(conn, t, "stock_balances", tenant_id=tenant, product_id=single, on_hand=42, updated_at=WHEN)
        lot = _insert(conn, t, "stock_lots", tenant_id=tenant, product_id=single, lot_code="L-1",
                      use_by=dt.date(2027, 1, 31), received_quantity=50, remaining=42, received_at=WHEN)
        sku = _insert(conn, t, "channel_skus", tenant_id=tenant, channel="coupang", channel_sku="CP-1",
                      product_id=single, created_at=WHEN, updated_at=WHEN)
        component = _insert(conn, t, "set_components", tenant_id=tenant, set_product_id=bundle,
                            component_id=single, quantity=2)
    return {"tenant": tenant, "single": single, "bundle": bundle, "lot": lot, "sku": sku, "component": component}


def _counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {name: conn.execute(sa.text(f"SELECT COUNT(*) FROM {name}")).scalar_one() for name in KEPT_TABLES}


@pytest.mark.parametrize("path", ["url", "connection"])
def test_sqlite_upgrade_keeps_existing_rows(sqlite_file_url, path):
    """Batch mode rebuilds tables (create, copy, DROP the old one, rename); with foreign keys on,
    dropping a parent would cascade into its children. Upgrading an existing database from 0003
    to head keeps every row, whether the migration opens its own connection or is handed one."""
    upgrade(sqlite_file_url, "0003")
    engine = make_engine(sqlite_file_url)
    try:
        ids = _seed_at_0003(engine)
        before = _counts(engine)
        assert before == {"tenants": 1, "products": 2, "stock_balances": 1, "stock_lots": 1, "channel_skus": 1,
                          "set_components": 1}

        if path == "url":
            upgrade(sqlite_file_url, "head")
        else:
            with engine.connect() as conn:
                upgrade(sqlite_file_url, "head", connection=conn)
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1  # switched back on

        assert _counts(engine) == before
        with engine.connect() as conn:
            assert current_revision(conn) == ScriptDirectory.from_config(alembic_config(sqlite_file_url)).get_current_head()
            q = conn.exec_driver_sql
            assert q("SELECT on_hand FROM stock_balances WHERE product_id = ?", (ids["single"],)).scalar_one() == 42
            assert q("SELECT remaining FROM stock_lots WHERE id = ?", (ids["lot"],)).scalar_one() == 42
            assert q("SELECT product_id FROM channel_skus WHERE id = ?", (ids["sku"],)).scalar_one() == ids["single"]
            assert tuple(q("SELECT set_product_id, component_id, quantity FROM set_components WHERE id = ?",
                           (ids["component"],)).one()) == (ids["bundle"], ids["single"], 2)
            assert q("PRAGMA foreign_key_check").all() == []
            assert q("PRAGMA foreign_keys").scalar_one() == 1
    finally:
        engine.dispose()


def test_sqlite_upgrade_refuses_to_leave_broken_foreign_keys(sqlite_file_url):
    """Foreign keys are off while the migration runs, so it checks them before committing: a
    dangling reference fails the upgrade loudly, and nothing of it is kept."""
    upgrade(sqlite_file_url, "0003")
    engine = make_engine(sqlite_file_url)
    try:
        ids = _seed_at_0003(engine)
        raw = engine.raw_connection()
        try:
            raw.execute("PRAGMA foreign_keys=OFF")
            raw.execute("UPDATE channel_skus SET product_id = 999 WHERE id = ?", (ids["sku"],))
            raw.execute("PRAGMA foreign_keys=ON")
        finally:
            raw.close()

        with pytest.raises(RuntimeError, match="channel_skus"):
            upgrade(sqlite_file_url, "head")
        with engine.connect() as conn:
            assert current_revision(conn) == "0003"
            assert "uploads" not in sa.inspect(conn).get_table_names()
    finally:
        engine.dispose()
