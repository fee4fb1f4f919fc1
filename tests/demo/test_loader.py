"""Loading the demo tenant into a database built by the migrations keeps every stock invariant."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from smartstock.db import Base, make_engine
from smartstock.db.migrate import upgrade
from smartstock.db.models import (
    ChannelSku,
    DailySales,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    SetComponent,
    StockBalance,
    StockLot,
    StockMovement,
    Supplier,
    Tenant,
    User,
)
from smartstock.demo.loader import DEMO_EMAILS, DemoAlreadyLoaded, LoadSummary, load_demo
from smartstock.kit.passwords import verify_password

TODAY = dt.date(2026, 11, 22)
PASSWORD = "demo-password-2026"
LOAD_SECONDS_LIMIT = 20

# Per single product: on_hand against the sum of its movements (NULL sum when it has none).
LEDGER_MISMATCHES = text("""
    SELECT p.master_sku, b.on_hand, m.total
    FROM products p
    LEFT JOIN stock_balances b ON b.product_id = p.id
    LEFT JOIN (SELECT product_id, SUM(quantity) AS total FROM stock_movements GROUP BY product_id) m
           ON m.product_id = p.id
    WHERE p.tenant_id = :tenant AND p.kind = 'single'
      AND (b.on_hand IS NULL OR b.on_hand <> COALESCE(m.total, 0))
""")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """One demo load into a fresh SQLite file, committed; yields (engine, summary, seconds)."""
    url = "sqlite:///" + str(tmp_path_factory.mktemp("demo") / "d.db")
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        started = time.perf_counter()
        summary = load_demo(session, PASSWORD, seed=42, today=TODAY)
        session.commit()
        elapsed = time.perf_counter() - started
    yield engine, summary, elapsed
    engine.dispose()


@pytest.fixture
def session(loaded):
    with Session(loaded[0]) as s:
        yield s


@pytest.fixture
def summary(loaded) -> LoadSummary:
    return loaded[1]


def count(session: Session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_load_is_fast(loaded):
    assert loaded[2] < LOAD_SECONDS_LIMIT


def test_summary_matches_the_rows(session, summary):
    assert count(session, Tenant) == 1
    assert summary.users == count(session, User) == 4
    assert summary.suppliers == count(session, Supplier) == 5
    assert summary.products == count(session, Product) >= 180
    assert summary.sets == count(session, Product, Product.kind == "set") >= 8
    assert summary.channel_skus == count(session, ChannelSku)
    assert summary.sales_rows == count(session, DailySales) > 50_000
    assert summary.movements == count(session, StockMovement)
    assert summary.lots == count(session, StockLot)
    assert summary.purchase_orders == count(session, PurchaseOrder)


def test_every_tenant_owned_row_carries_the_tenant(session, summary):
    for table in Base.metadata.sorted_tables:
        if "tenant_id" in table.c:
            wrong = session.scalar(select(func.count()).select_from(table).where(
                (table.c.tenant_id != summary.tenant_id) | table.c.tenant_id.is_(None)))
            assert wrong == 0, table.name


def test_balance_equals_the_sum_of_movements(session, summary):
    assert session.execute(LEDGER_MISMATCHES, {"tenant": summary.tenant_id}).all() == []
    sets_with_balance = session.scalar(
        select(func.count()).select_from(StockBalance).join(Product, Product.id == StockBalance.product_id)
        .where(Product.kind == "set"))
    assert sets_with_balance == 0


def test_balance_after_is_the_running_balance(session):
    rows = session.execute(
        select(StockMovement.product_id, StockMovement.quantity, StockMovement.balance_after)
        .join(Product, Product.id == StockMovement.product_id).where(Product.kind == "single")
        .order_by(StockMovement.product_id, StockMovement.created_at, StockMovement.id)
    ).all()
    running: dict[int, int] = {}
    for product_id, quantity, balance_after in rows:
        running[product_id] = running.get(product_id, 0) + quantity
        assert balance_after == running[product_id] >= 0


def test_movements_are_demo_sourced_attributed_and_in_id_order(session):
    # all but the receipts of the partly received order, which are booked against its lines
    assert count(session, StockMovement, StockMovement.source.not_in(["demo", "purchase_order"])) == 0
    receipts = session.execute(select(StockMovement.source_ref, StockMovement.quantity)
                               .where(StockMovement.source == "purchase_order")).all()
    lines = session.scalars(select(PurchaseOrderLine).where(PurchaseOrderLine.received_quantity > 0)).all()
    assert receipts and sorted(receipts) == sorted((f"purchase_order_line:{x.id}", x.received_quantity) for x in lines)
    assert count(session, StockMovement, StockMovement.reason == "receipt",
                 StockMovement.source != "purchase_order") == 0
    actors = set(session.scalars(select(StockMovement.actor_id).distinct()))
    staff_and_manager = set(session.scalars(select(User.id).where(User.role.in_(["staff", "manager"]))))
    assert actors == staff_and_manager
    created = session.scalars(select(StockMovement.created_at).order_by(StockMovement.id)).all()
    assert created == sorted(created)
    assert created[-1].tzinfo is not None and created[-1].date() < TODAY


def test_lots_hold_no_more_than_on_hand(session):
    over = session.execute(
        select(StockLot.product_id, func.sum(StockLot.remaining), StockBalance.on_hand)
        .join(StockBalance, StockBalance.product_id == StockLot.product_id)
        .group_by(StockLot.product_id, StockBalance.on_hand)
        .having(func.sum(StockLot.remaining) > StockBalance.on_hand)
    ).all()
    assert over == []
    assert count(session, StockMovement, StockMovement.lot_id.is_not(None)) > 0


def test_set_components_exist_and_are_single_products(session, summary):
    components = session.execute(
        select(SetComponent.set_product_id, SetComponent.component_id, SetComponent.quantity)).all()
    assert components
    kinds = dict(session.execute(select(Product.id, Product.kind)).all())
    assert {set_id for set_id, _, _ in components} == {i for i, k in kinds.items() if k == "set"}
    for set_id, component_id, quantity in components:
        assert kinds[set_id] == "set" and kinds[component_id] == "single" and quantity >= 1


def test_set_consumption_points_at_the_sets_outbound(session):
    consumptions = session.execute(
        select(StockMovement.product_id, StockMovement.quantity, StockMovement.parent_movement_id)
        .where(StockMovement.reason == "set_consumption")).all()
    assert consumptions
    parents = {m.id: m for m in session.scalars(
        select(StockMovement).where(StockMovement.id.in_({c.parent_movement_id for c in consumptions})))}
    recipe = {(s, c): q for s, c, q in session.execute(
        select(SetComponent.set_product_id, SetComponent.component_id, SetComponent.quantity))}
    for product_id, quantity, parent_id in consumptions:
        parent = parents[parent_id]
        assert parent.reason == "outbound" and parent.balance_after is None
        assert quantity == parent.quantity * recipe[(parent.product_id, product_id)]


@pytest.mark.parametrize("table,columns", [
    ("products", "master_sku"),
    ("products", "playauto_sku"),
    ("suppliers", "name"),
    ("channel_skus", "channel, channel_sku"),
    ("daily_sales", "product_id, channel, sale_date"),
    ("purchase_orders", "po_number"),
    ("stock_lots", "product_id, lot_code"),
])
def test_per_tenant_uniqueness(session, table, columns):
    duplicates = session.execute(text(
        f"SELECT tenant_id, {columns}, COUNT(*) FROM {table} GROUP BY tenant_id, {columns} HAVING COUNT(*) > 1"
    )).all()
    assert duplicates == []


def test_purchase_orders_are_open_and_drafted_by_the_manager(session):
    manager_id = session.scalar(select(User.id).where(User.role == "manager"))
    orders = session.scalars(select(PurchaseOrder)).all()
    assert {o.status for o in orders} == {"sent", "approved", "partly_received"}
    assert all(o.created_by_id == manager_id and o.po_number.startswith("PO-") for o in orders)
    assert any(o.expected_on < TODAY and o.status == "sent" for o in orders)  # a late one
    owner_id = session.scalar(select(User.id).where(User.role == "owner"))
    assert all(o.approved_by_id == owner_id and o.approved_at for o in orders)  # approved by the owner
    assert all((o.sent_at is not None) == (o.status != "approved") for o in orders)
    assert count(session, PurchaseOrderLine) >= len(orders)


def test_demo_users_can_log_in_with_the_password(session):
    users = session.scalars(select(User).order_by(User.id)).all()
    assert [u.email for u in users] == list(DEMO_EMAILS)
    assert [u.role for u in users] == ["owner", "manager", "staff", "viewer"]
    assert len({u.password_hash for u in users}) == 1  # hashed once
    assert verify_password(users[0].password_hash, PASSWORD)
    assert not verify_password(users[0].password_hash, "wrong-password")


def test_loading_twice_is_refused(session):
    with pytest.raises(DemoAlreadyLoaded):
        load_demo(session, PASSWORD, today=TODAY)
    session.rollback()


def test_loads_on_every_database(db, db_name):
    """The same load inside the shared test transaction (rolled back) on SQLite, MariaDB and
    PostgreSQL: ids for set movements and lots come back portably, the ledger holds."""
    summary = load_demo(db, PASSWORD, seed=5, today=TODAY)
    assert db.execute(LEDGER_MISMATCHES, {"tenant": summary.tenant_id}).all() == []
    assert count(db, DailySales, DailySales.tenant_id == summary.tenant_id) == summary.sales_rows
    assert count(db, StockMovement, StockMovement.tenant_id == summary.tenant_id,
                 StockMovement.reason == "set_consumption", StockMovement.parent_movement_id.is_(None)) == 0
