"""Migration 0006 goes up and down on every database with purchase orders in it: nothing is lost
(SQLite rebuilds purchase_orders to add its foreign keys; its lines must survive that), and the
schema at head matches the models."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from smartstock.db.base import Base
from smartstock.db.migrate import current_revision, downgrade, upgrade
from tests.conftest import database_url

NEW_ORDER_COLUMNS = {"approved_by_id", "approved_at", "sent_at", "closed_at", "cancelled_by_id", "cancelled_at",
                     "cancel_reason", "version"}
NEW_LINE_COLUMNS = {"proposed_quantity", "proposal", "lead_time_days", "expected_on"}
WHEN = dt.datetime(2026, 11, 1, 9, 30)


def _columns(conn, table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(conn).get_columns(table)}


def _insert(conn, tables, table: str, **values) -> int:
    return conn.execute(tables[table].insert().values(**values)).inserted_primary_key[0]


def _seed_at_0005(engine) -> dict[str, int]:
    with engine.begin() as conn:
        tables = sa.MetaData()
        tables.reflect(conn)
        t = tables.tables
        ids = {"tenant": _insert(conn, t, "tenants", name="migration", allow_negative_stock=False,
                                 default_language="ko", timezone="Asia/Seoul", created_at=WHEN, updated_at=WHEN)}
        ids["user"] = _insert(conn, t, "users", tenant_id=ids["tenant"], email=f"mig{ids['tenant']}@m.example",
                              name="m", password_hash="x", role="manager", language="ko", is_active=True,
                              created_at=WHEN, updated_at=WHEN)
        ids["supplier"] = _insert(conn, t, "suppliers", tenant_id=ids["tenant"], name="마이그레이션 상사",
                                  default_lead_time_days=7, default_moq=1, created_at=WHEN, updated_at=WHEN)
        ids["product"] = _insert(conn, t, "products", tenant_id=ids["tenant"], master_sku="MIG-1", name="m",
                                 kind="single", moq=1, pack_size=1, safety_stock=0, is_active=True,
                                 created_at=WHEN, updated_at=WHEN)
        ids["po"] = _insert(conn, t, "purchase_orders", tenant_id=ids["tenant"], po_number="PO-2026-0001",
                            supplier_id=ids["supplier"], status="partly_received", ordered_on=WHEN.date(),
                            expected_on=WHEN.date(), created_at=WHEN, updated_at=WHEN)
        ids["line"] = _insert(conn, t, "purchase_order_lines", tenant_id=ids["tenant"], purchase_order_id=ids["po"],
                              product_id=ids["product"], quantity=10, received_quantity=4, unit_cost=1200)
    return ids


def _cleanup(engine, tenant_id: int) -> None:
    with engine.begin() as conn:
        tables = sa.MetaData()
        tables.reflect(conn)
        for name in ("purchase_order_line_changes", "purchase_order_lines", "purchase_orders", "products",
                     "suppliers", "users"):
            if name in tables.tables:
                table = tables.tables[name]
                conn.execute(table.delete().where(table.c.tenant_id == tenant_id))
        conn.execute(tables.tables["tenants"].delete().where(tables.tables["tenants"].c.id == tenant_id))


def test_0006_up_and_down_keeps_the_orders(engine, db_name):
    url = database_url(db_name)
    downgrade(url, "0005")
    ids = None
    try:
        with engine.connect() as conn:
            assert current_revision(conn) == "0005"
            assert "purchase_order_line_changes" not in sa.inspect(conn).get_table_names()
            assert not NEW_ORDER_COLUMNS & _columns(conn, "purchase_orders")
        ids = _seed_at_0005(engine)

        upgrade(url, "0006")
        with engine.begin() as conn:
            assert NEW_ORDER_COLUMNS <= _columns(conn, "purchase_orders")
            assert NEW_LINE_COLUMNS <= _columns(conn, "purchase_order_lines")
            po = conn.execute(sa.text("SELECT po_number, status, version FROM purchase_orders WHERE id = :id"),
                              {"id": ids["po"]}).one()
            assert tuple(po) == ("PO-2026-0001", "partly_received", 1)  # existing orders start at version 1
            line = conn.execute(sa.text("SELECT quantity, received_quantity, proposed_quantity FROM "
                                        "purchase_order_lines WHERE id = :id"), {"id": ids["line"]}).one()
            assert tuple(line) == (10, 4, None)
            # the new columns and table take data, and the new check holds
            conn.execute(sa.text("UPDATE purchase_orders SET approved_by_id = :u, cancel_reason = 'x' WHERE id = :id"),
                         {"u": ids["user"], "id": ids["po"]})
            conn.execute(sa.text(
                "INSERT INTO purchase_order_line_changes (tenant_id, purchase_order_id, line_id, product_id, kind, "
                "old_quantity, new_quantity, reason, changed_by_id, changed_at) VALUES "
                "(:t, :po, :line, :p, 'changed', 8, 10, '증량', :u, :at)"),
                {"t": ids["tenant"], "po": ids["po"], "line": ids["line"], "p": ids["product"], "u": ids["user"],
                 "at": WHEN})
        with engine.connect() as conn:
            try:
                with conn.begin():
                    conn.execute(sa.text("UPDATE purchase_order_lines SET received_quantity = 11 WHERE id = :id"),
                                 {"id": ids["line"]})
                raised = False
            except sa.exc.DatabaseError:
                raised = True
        assert raised, "received_quantity > quantity must be refused by the database"

        downgrade(url, "0005")
        with engine.connect() as conn:
            assert not NEW_ORDER_COLUMNS & _columns(conn, "purchase_orders")
            assert not NEW_LINE_COLUMNS & _columns(conn, "purchase_order_lines")
            assert "purchase_order_line_changes" not in sa.inspect(conn).get_table_names()
            line = conn.execute(sa.text("SELECT quantity, received_quantity FROM purchase_order_lines WHERE id = :id"),
                                {"id": ids["line"]}).one()
            assert tuple(line) == (10, 4)  # the lines survived both ways
    finally:
        upgrade(url, "head")
        if ids:
            _cleanup(engine, ids["tenant"])
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
