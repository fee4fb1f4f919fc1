"""Purchase-order queries. Status changes and receipts are single conditional UPDATEs whose row
count says whether they happened; reads that decide something after such an UPDATE are locking
reads (inside a transaction MariaDB's plain reads can return an older snapshot)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, not_, select, update
from sqlalchemy.orm import joinedload, selectinload

from smartstock.db.models import (
    MovementReason,
    MovementSource,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderLineChange,
    PurchaseOrderStatus,
    StockMovement,
    Supplier,
)
from smartstock.kit.errors import NotFound
from smartstock.kit.tenancy import TenantRepository
from smartstock.stock.repository import StockRepository

PURCHASE_ORDER = ("발주", "Purchase order")
SUPPLIER = ("공급업체", "Supplier")
S = PurchaseOrderStatus
# still to bring goods in (the late flag); drafts count, their arrival date is a plan
OPEN = (S.draft, S.approved, S.sent, S.partly_received)
# ordered from the supplier and not all in yet: the inventory position's "on order"
ON_ORDER = (S.approved, S.sent, S.partly_received)
LINE_REF = "purchase_order_line:"

_LOADING = (
    joinedload(PurchaseOrder.supplier),
    joinedload(PurchaseOrder.created_by),
    joinedload(PurchaseOrder.approved_by),
    joinedload(PurchaseOrder.cancelled_by),
    selectinload(PurchaseOrder.lines).joinedload(PurchaseOrderLine.product),
)


def line_ref(line_id: int) -> str:
    """The stock movement's source_ref for a receipt against this line."""
    return f"{LINE_REF}{line_id}"


@dataclass(frozen=True)
class State:
    status: PurchaseOrderStatus
    version: int
    po_number: str
    approved_at: dt.datetime | None
    approved_by_id: int | None


def late_condition(today: dt.date) -> ColumnElement[bool]:
    """An open order with a line whose expected arrival (the line's, else the order's) is before
    `today` and that is not all received."""
    expected = func.coalesce(PurchaseOrderLine.expected_on, PurchaseOrder.expected_on)
    return and_(
        PurchaseOrder.status.in_(OPEN),
        exists().where(
            PurchaseOrderLine.purchase_order_id == PurchaseOrder.id,
            PurchaseOrderLine.received_quantity < PurchaseOrderLine.quantity,
            expected < today,
        ),
    )


class PurchaseOrderRepository(TenantRepository):
    # --- purchase orders
    def purchase_order(self, po_id: int) -> PurchaseOrder:
        """With supplier, users and lines (with their products), read afresh."""
        row = self.session.scalars(
            self.scoped(PurchaseOrder, *_LOADING).where(PurchaseOrder.id == po_id)
            .execution_options(populate_existing=True)
        ).first()
        if row is None:
            raise NotFound(*PURCHASE_ORDER, entity_id=po_id)
        return row

    def purchase_orders(self, ids: Sequence[int]) -> list[PurchaseOrder]:
        rows = self.session.scalars(self.scoped(PurchaseOrder, *_LOADING).where(PurchaseOrder.id.in_(ids))).all()
        return sorted(rows, key=lambda po: ids.index(po.id))

    def _filtered(self, *, status=None, supplier_id=None, late=None, q=None, today: dt.date):
        stmt = self.scoped(PurchaseOrder)
        if status:
            stmt = stmt.where(PurchaseOrder.status.in_(status))
        if supplier_id:
            stmt = stmt.where(PurchaseOrder.supplier_id == supplier_id)
        if late is not None:
            condition = late_condition(today)
            stmt = stmt.where(condition if late else not_(condition))
        if q:
            stmt = stmt.where(PurchaseOrder.po_number.icontains(q.strip(), autoescape=True))
        return stmt

    def page(self, *, offset=0, limit=50, **filters) -> tuple[list[PurchaseOrder], int]:
        stmt = self._filtered(**filters)
        total = self.count(stmt)
        rows = self.session.scalars(
            stmt.options(*_LOADING).order_by(PurchaseOrder.created_at.desc(), PurchaseOrder.id.desc())
            .offset(offset).limit(limit)
        ).all()
        return list(rows), total

    def matching_ids(self, limit: int, **filters) -> list[int]:
        stmt = self._filtered(**filters).with_only_columns(PurchaseOrder.id)
        return list(self.session.scalars(stmt.order_by(PurchaseOrder.po_number).limit(limit)))

    def state(self, po_id: int) -> State | None:
        """The order's status and version, locked, as last committed (None: not this tenant's)."""
        row = self.session.execute(
            select(PurchaseOrder.status, PurchaseOrder.version, PurchaseOrder.po_number, PurchaseOrder.approved_at,
                   PurchaseOrder.approved_by_id)
            .where(PurchaseOrder.tenant_id == self.tenant_id, PurchaseOrder.id == po_id)
            .with_for_update()
        ).first()
        return State(*row) if row else None

    def transition(self, po_id: int, from_status: PurchaseOrderStatus, values: dict[str, Any],
                   version: int | None = None) -> bool:
        """One UPDATE … WHERE status = :from_status (and version = :version when given) that
        also bumps the version; True when it changed the row. The row lock it takes is held to
        the end of the transaction, so whatever follows sees the order in its new state only."""
        where = [PurchaseOrder.tenant_id == self.tenant_id, PurchaseOrder.id == po_id,
                 PurchaseOrder.status == from_status]
        if version is not None:
            where.append(PurchaseOrder.version == version)
        stmt = (
            update(PurchaseOrder).where(*where).values(version=PurchaseOrder.version + 1, **values)
            .execution_options(synchronize_session=False)
        )
        return self.session.execute(stmt).rowcount == 1

    def set_fields(self, po_id: int, **values: Any) -> None:
        self.session.execute(
            update(PurchaseOrder).where(PurchaseOrder.tenant_id == self.tenant_id, PurchaseOrder.id == po_id)
            .values(**values).execution_options(synchronize_session=False)
        )

    def last_number(self, prefix: str) -> str | None:
        return self.session.scalar(
            select(func.max(PurchaseOrder.po_number))
            .where(PurchaseOrder.tenant_id == self.tenant_id, PurchaseOrder.po_number.startswith(prefix))
        )

    # --- lines
    def lines(self, po_id: int) -> list[PurchaseOrderLine]:
        """The order's lines, locked and read as last committed."""
        return list(self.session.scalars(
            self.scoped(PurchaseOrderLine).where(PurchaseOrderLine.purchase_order_id == po_id)
            .order_by(PurchaseOrderLine.id).with_for_update().execution_options(populate_existing=True)
        ))

    def line_ids(self, po_id: int) -> list[int]:
        return list(self.session.scalars(select(PurchaseOrderLine.id).where(
            PurchaseOrderLine.tenant_id == self.tenant_id, PurchaseOrderLine.purchase_order_id == po_id)))

    def add_received(self, line_id: int, quantity: int) -> bool:
        """received_quantity += quantity in one UPDATE, refused (False) when it would pass the
        ordered quantity. Two receipts at once serialize on the row lock."""
        stmt = (
            update(PurchaseOrderLine)
            .where(PurchaseOrderLine.tenant_id == self.tenant_id, PurchaseOrderLine.id == line_id,
                   PurchaseOrderLine.received_quantity + quantity <= PurchaseOrderLine.quantity)
            .values(received_quantity=PurchaseOrderLine.received_quantity + quantity)
            .execution_options(synchronize_session=False)
        )
        return self.session.execute(stmt).rowcount == 1

    def take_back_received(self, line_id: int, quantity: int) -> bool:
        """received_quantity −= quantity in one UPDATE, refused (False) below zero."""
        stmt = (
            update(PurchaseOrderLine)
            .where(PurchaseOrderLine.tenant_id == self.tenant_id, PurchaseOrderLine.id == line_id,
                   PurchaseOrderLine.received_quantity >= quantity)
            .values(received_quantity=PurchaseOrderLine.received_quantity - quantity)
            .execution_options(synchronize_session=False)
        )
        return self.session.execute(stmt).rowcount == 1

    def changes(self, po_id: int) -> list[PurchaseOrderLineChange]:
        return list(self.session.scalars(
            self.scoped(PurchaseOrderLineChange, joinedload(PurchaseOrderLineChange.product),
                        joinedload(PurchaseOrderLineChange.changed_by))
            .where(PurchaseOrderLineChange.purchase_order_id == po_id)
            .order_by(PurchaseOrderLineChange.id)
        ))

    def receipts(self, line_ids: Iterable[int]) -> list[tuple[StockMovement, bool]]:
        """The receipt movements booked against these lines, oldest first, each with whether it
        has been undone in the ledger since."""
        refs = [line_ref(i) for i in line_ids]
        if not refs:
            return []
        rows = list(self.session.scalars(
            self.scoped(StockMovement, joinedload(StockMovement.product), joinedload(StockMovement.lot),
                        joinedload(StockMovement.actor))
            .where(StockMovement.source == MovementSource.purchase_order, StockMovement.reason == MovementReason.receipt,
                   StockMovement.source_ref.in_(refs))
            .order_by(StockMovement.id)
        ))
        undone = StockRepository(self.session, self.tenant_id).undone_ids([m.id for m in rows])
        return [(m, m.id in undone) for m in rows]

    def first_receipts(self) -> list[tuple[int, dt.datetime, dt.datetime]]:
        """(product id, sent at, first receipt at) of every line of a sent order that received
        goods: the observed lead times."""
        firsts = (
            select(StockMovement.source_ref, func.min(StockMovement.created_at).label("first"))
            .where(StockMovement.tenant_id == self.tenant_id, StockMovement.source == MovementSource.purchase_order,
                   StockMovement.reason == MovementReason.receipt)
            .group_by(StockMovement.source_ref).subquery())
        by_ref = {ref: first for ref, first in self.session.execute(select(firsts.c.source_ref, firsts.c.first))}
        lines = self.session.execute(
            select(PurchaseOrderLine.id, PurchaseOrderLine.product_id, PurchaseOrder.sent_at)
            .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.purchase_order_id)
            .where(PurchaseOrderLine.tenant_id == self.tenant_id, PurchaseOrder.sent_at.is_not(None),
                   PurchaseOrderLine.received_quantity > 0))
        return [(pid, sent, by_ref[line_ref(lid)]) for lid, pid, sent in lines if line_ref(lid) in by_ref]

    # --- catalog
    def supplier(self, supplier_id: int) -> Supplier:
        return self.get_or_404(Supplier, supplier_id, SUPPLIER)

    def products(self, ids: Iterable[int]) -> dict[int, Product]:
        ids = list(set(ids))
        if not ids:
            return {}
        rows = self.session.scalars(
            self.scoped(Product, joinedload(Product.supplier)).where(Product.id.in_(ids))
        ).all()
        return {p.id: p for p in rows}

    # --- what is on order
    def on_order(self, product_ids: Iterable[int] | None = None) -> list[tuple[int, int, dt.date | None, str]]:
        """(product_id, open quantity, expected arrival, po_number) per open line of an approved,
        sent or partly received order."""
        stmt = (
            select(PurchaseOrderLine.product_id,
                   PurchaseOrderLine.quantity - PurchaseOrderLine.received_quantity,
                   func.coalesce(PurchaseOrderLine.expected_on, PurchaseOrder.expected_on),
                   PurchaseOrder.po_number)
            .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.purchase_order_id)
            .where(PurchaseOrder.tenant_id == self.tenant_id, PurchaseOrder.status.in_(ON_ORDER),
                   PurchaseOrderLine.received_quantity < PurchaseOrderLine.quantity)
            .order_by(PurchaseOrderLine.product_id, PurchaseOrder.po_number)
        )
        if product_ids is not None:
            stmt = stmt.where(PurchaseOrderLine.product_id.in_(list(product_ids)))
        return [tuple(row) for row in self.session.execute(stmt)]  # type: ignore[misc]

    def on_order_totals(self, product_ids: Iterable[int] | None = None) -> dict[int, int]:
        """Σ (quantity − received) per product, summed in SQL."""
        stmt = (
            select(PurchaseOrderLine.product_id,
                   func.sum(PurchaseOrderLine.quantity - PurchaseOrderLine.received_quantity))
            .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.purchase_order_id)
            .where(PurchaseOrder.tenant_id == self.tenant_id, PurchaseOrder.status.in_(ON_ORDER),
                   PurchaseOrderLine.received_quantity < PurchaseOrderLine.quantity)
            .group_by(PurchaseOrderLine.product_id)
        )
        if product_ids is not None:
            stmt = stmt.where(PurchaseOrderLine.product_id.in_(list(product_ids)))
        return {product_id: int(total) for product_id, total in self.session.execute(stmt)}
