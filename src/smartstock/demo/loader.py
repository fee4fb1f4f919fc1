"""Writes a generated demo tenant into the database through the ORM models.

Rows whose ids are needed later (tenant, users, suppliers, products, lots, the sets' outbound
movements) go through ORM objects; everything else through bulk inserts of lists of dicts.
Nothing is committed: the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from smartstock.db.models import (
    ChannelSku,
    DailySales,
    MovementReason,
    MovementSource,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    SetComponent,
    StockBalance,
    StockLot,
    StockMovement,
    Supplier,
    Tenant,
    User,
)
from smartstock.demo.data import CHANNELS, DEMO_EMAILS, DemoData, DemoMovement
from smartstock.demo.generator import generate_demo
from smartstock.kit.passwords import hash_password
from smartstock.planning.purchase_orders.repository import line_ref

__all__ = ["DEMO_EMAILS", "DemoAlreadyLoaded", "LoadSummary", "load_demo", "write_demo"]

SALES_BATCH = 20_000  # rows per executemany: bounded memory, few round trips
SENT = {PurchaseOrderStatus.sent, PurchaseOrderStatus.partly_received, PurchaseOrderStatus.received,
        PurchaseOrderStatus.closed}
SEOUL = ZoneInfo("Asia/Seoul")


def _seoul_morning(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=SEOUL)


class DemoAlreadyLoaded(RuntimeError):
    """The demo users' e-mails are taken (e-mail is unique across all tenants)."""


@dataclass(frozen=True)
class LoadSummary:
    tenant_id: int
    users: int
    suppliers: int
    products: int
    sets: int
    channel_skus: int
    sales_rows: int
    movements: int
    lots: int
    purchase_orders: int


def load_demo(session: Session, password: str, seed: int = 42, today: dt.date | None = None) -> LoadSummary:
    """Generate the demo tenant and add it to `session` (flushed, not committed).

    Raises DemoAlreadyLoaded when the demo users exist already."""
    _refuse_if_loaded(session, DEMO_EMAILS)
    return write_demo(session, generate_demo(seed=seed, today=today), password)


def write_demo(session: Session, data: DemoData, password: str) -> LoadSummary:
    """Add already generated demo data to `session` (flushed, not committed)."""
    _refuse_if_loaded(session, [u.email for u in data.users])
    tenant = Tenant(name=data.tenant_name)
    session.add(tenant)
    session.flush()
    writer = _Writer(session, tenant.id, data)
    writer.users(password)
    writer.catalog()
    sales_rows = writer.sales()
    writer.lots()
    receipt_lines = writer.purchase_orders()
    movements = writer.movements(receipt_lines)
    writer.balances()
    session.flush()
    return LoadSummary(
        tenant_id=tenant.id,
        users=len(data.users),
        suppliers=len(data.suppliers),
        products=len(data.products),
        sets=len(data.sets),
        channel_skus=sum(len(p.channel_skus) for p in data.products),
        sales_rows=sales_rows,
        movements=movements,
        lots=len(data.lots),
        purchase_orders=len(data.purchase_orders),
    )


def _refuse_if_loaded(session: Session, emails: Iterable[str]) -> None:
    taken = session.scalars(select(User.email).where(User.email.in_(list(emails)))).first()
    if taken is not None:
        raise DemoAlreadyLoaded(f"user {taken} already exists: the demo tenant is loaded")


class _Writer:
    """Holds the id maps (e-mail/role, supplier name, master SKU, lot code -> id) while writing."""

    def __init__(self, session: Session, tenant_id: int, data: DemoData) -> None:
        self.session = session
        self.tenant_id = tenant_id
        self.data = data
        self.user_ids: dict[str, int] = {}  # role -> id
        self.supplier_ids: dict[str, int] = {}
        self.product_ids: dict[str, int] = {}
        self.lot_ids: dict[str, int] = {}

    def _add_all(self, objects: Iterable) -> list:
        objects = list(objects)
        self.session.add_all(objects)
        self.session.flush()
        return objects

    def _bulk(self, model: type, rows: list[dict]) -> None:
        """executemany through Core on the model's table: the ORM bulk path costs ~10 µs a row
        more (it re-collects every dict) and gives nothing here, column defaults still apply."""
        if rows:
            self.session.execute(insert(model.__table__), rows)

    def users(self, password: str) -> None:
        password_hash = hash_password(password)  # argon2 is slow on purpose: hash once for all four
        users = self._add_all(
            User(tenant_id=self.tenant_id, email=u.email, name=u.name, role=u.role, password_hash=password_hash)
            for u in self.data.users
        )
        self.user_ids = {u.role: u.id for u in users}

    def catalog(self) -> None:
        suppliers = self._add_all(
            Supplier(tenant_id=self.tenant_id, name=s.name, contact_name=s.contact_name, phone=s.phone,
                     email=s.email, default_lead_time_days=s.lead_time_days, default_moq=s.moq, notes=s.notes)
            for s in self.data.suppliers
        )
        self.supplier_ids = {s.name: s.id for s in suppliers}
        products = self._add_all(
            Product(
                tenant_id=self.tenant_id, master_sku=p.master_sku, playauto_sku=p.playauto_sku, name=p.name,
                category=p.category, kind=p.kind, lead_time_days=p.lead_time_days, moq=p.moq,
                pack_size=p.pack_size, safety_stock=p.safety_stock, manufacturer=p.manufacturer,
                supplier_id=self.supplier_ids[p.supplier_name] if p.supplier_name else None,
                unit_cost=p.unit_cost, shelf_life_days=p.shelf_life_days, launched_on=p.launched_on,
            )
            for p in self.data.products
        )
        self.product_ids = {p.master_sku: p.id for p in products}
        self._bulk(SetComponent, [
            {"tenant_id": self.tenant_id, "set_product_id": self.product_ids[p.master_sku],
             "component_id": self.product_ids[c.component_sku], "quantity": c.quantity}
            for p in self.data.sets for c in p.components
        ])
        self._bulk(ChannelSku, [
            {"tenant_id": self.tenant_id, "channel": channel, "channel_sku": code,
             "product_id": self.product_ids[p.master_sku]}
            for p in self.data.products for channel, code in p.channel_skus.items()
        ])

    def sales(self) -> int:
        sales = self.data.sales
        product_ids = [self.product_ids[p.master_sku] for p in self.data.products]
        dates = sales.dates()
        # Plain Python values: numpy scalars would reach the driver otherwise.
        columns = zip(sales.product_index.tolist(), sales.channel_index.tolist(), sales.day_index.tolist(),
                      sales.quantity.tolist(), sales.revenue.tolist(), sales.promotion.tolist(), strict=True)
        batch: list[dict] = []
        for product, channel, day, quantity, revenue, promotion in columns:
            batch.append({
                "tenant_id": self.tenant_id, "product_id": product_ids[product], "channel": CHANNELS[channel],
                "sale_date": dates[day], "quantity": quantity, "revenue": Decimal(revenue),
                "promotion": promotion, "stockout": False,
            })
            if len(batch) == SALES_BATCH:
                self._bulk(DailySales, batch)
                batch = []
        self._bulk(DailySales, batch)
        return len(sales)

    def lots(self) -> None:
        lots = self._add_all(
            StockLot(tenant_id=self.tenant_id, product_id=self.product_ids[lot.master_sku], lot_code=lot.lot_code,
                     use_by=lot.use_by, received_quantity=lot.received_quantity, remaining=lot.remaining,
                     received_at=lot.received_at)
            for lot in self.data.lots
        )
        self.lot_ids = {lot.lot_code: lot.id for lot in lots}

    def movements(self, receipt_lines: dict[tuple[str, str], int]) -> int:
        """Insert in time order, so ids follow time. A set's outbound movement is inserted on its
        own to learn its id before the component movements that point at it. A receipt against a
        purchase order (its note is "<PO number> 입고") is booked against that order's line, as
        receiving in the app does."""
        movements = self.data.movements
        parents = {m.parent_key for m in movements if m.parent_key is not None}
        ids: dict[int, int] = {}
        pending: list[dict] = []
        for movement in movements:
            row = self._movement_row(movement, ids)
            line_id = receipt_lines.get((movement.note or "", movement.master_sku))
            if movement.reason == MovementReason.receipt and line_id is not None:
                row.update(source=MovementSource.purchase_order, source_ref=line_ref(line_id))
            if movement.key in parents:
                self._bulk(StockMovement, pending)
                pending = []
                (parent,) = self._add_all([StockMovement(**row)])
                ids[movement.key] = parent.id
            else:
                pending.append(row)
        self._bulk(StockMovement, pending)
        return len(movements)

    def _movement_row(self, m: DemoMovement, ids: dict[int, int]) -> dict:
        return {
            "tenant_id": self.tenant_id, "product_id": self.product_ids[m.master_sku], "quantity": m.quantity,
            "reason": m.reason, "source": "demo", "note": m.note, "balance_after": m.balance_after,
            "lot_id": self.lot_ids[m.lot_code] if m.lot_code else None, "actor_id": self.user_ids[m.actor_role],
            "parent_movement_id": ids[m.parent_key] if m.parent_key is not None else None,
            "source_ref": None,  # every row has the same keys: one executemany takes them all
            "created_at": m.created_at,
        }

    def balances(self) -> None:
        updated_at = max((m.created_at for m in self.data.movements), default=None) or dt.datetime.now(dt.UTC)
        self._bulk(StockBalance, [
            {"tenant_id": self.tenant_id, "product_id": self.product_ids[sku], "on_hand": on_hand,
             "updated_at": updated_at}
            for sku, on_hand in self.data.on_hand.items()
        ])

    def purchase_orders(self) -> dict[tuple[str, str], int]:
        """The open orders, approved by the owner and sent on their order date (09:00 in Seoul) as
        their status says; returns the line id per (receipt note, master SKU) for the ledger."""
        orders = self._add_all(
            PurchaseOrder(
                tenant_id=self.tenant_id, po_number=po.po_number, supplier_id=self.supplier_ids[po.supplier_name],
                status=po.status, ordered_on=po.ordered_on, expected_on=po.expected_on, note=po.note,
                created_by_id=self.user_ids["manager"],
                approved_by_id=self.user_ids["owner"] if po.status != PurchaseOrderStatus.draft else None,
                approved_at=_seoul_morning(po.ordered_on) if po.status != PurchaseOrderStatus.draft else None,
                sent_at=_seoul_morning(po.ordered_on) if po.status in SENT else None,
                lines=[
                    PurchaseOrderLine(tenant_id=self.tenant_id, product_id=self.product_ids[line.master_sku],
                                      quantity=line.quantity, received_quantity=line.received_quantity,
                                      unit_cost=line.unit_cost,
                                      expected_on=po.expected_on)
                    for line in po.lines
                ],
            )
            for po in self.data.purchase_orders
        )
        sku_of = {product_id: sku for sku, product_id in self.product_ids.items()}
        return {(f"{po.po_number} 입고", sku_of[line.product_id]): line.id for po in orders for line in po.lines}
