"""Purchase orders (발주) to suppliers, their lines and the record of every change to a line.

Lifecycle: draft → approved → sent → partly_received → received → closed, or cancelled from
draft/approved/sent. Every status change is one conditional UPDATE (`WHERE status IN (…)`), and
`version` goes up with every change so a client can tell it looked at an older state.
Receipts are stock movements (reason `receipt`, source `purchase_order`, `source_ref`
`purchase_order_line:<id>`); `received_quantity` only ever grows in one atomic UPDATE that
cannot pass `quantity`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smartstock.db.base import (
    Base,
    IdMixin,
    IdType,
    TenantMixin,
    TimestampMixin,
    UTCDateTime,
    utcnow,
)
from smartstock.db.models.catalog import Product, Supplier
from smartstock.db.models.enums import (
    PurchaseOrderLineChangeKind,
    PurchaseOrderStatus,
    enum_column,
)
from smartstock.db.models.tenancy import User


class PurchaseOrder(IdMixin, TimestampMixin, TenantMixin, Base):
    __tablename__ = "purchase_orders"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "po_number"),)

    po_number: Mapped[str] = mapped_column(sa.String(40))
    supplier_id: Mapped[int] = mapped_column(IdType, sa.ForeignKey("suppliers.id", ondelete="RESTRICT"))
    status: Mapped[PurchaseOrderStatus] = mapped_column(enum_column(PurchaseOrderStatus))
    # planned order date while a draft/approved, the day it was sent once sent (발주일)
    ordered_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    # the latest expected arrival of its lines (lines carry their own)
    expected_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    created_by_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(sa.String(500))
    approved_by_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    cancelled_by_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("users.id", ondelete="SET NULL"))
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    cancel_reason: Mapped[str | None] = mapped_column(sa.String(500))
    version: Mapped[int] = mapped_column(sa.Integer, default=1, server_default="1")

    supplier: Mapped[Supplier] = relationship(lazy="raise")
    created_by: Mapped[User | None] = relationship(lazy="raise", foreign_keys=[created_by_id])
    approved_by: Mapped[User | None] = relationship(lazy="raise", foreign_keys=[approved_by_id])
    cancelled_by: Mapped[User | None] = relationship(lazy="raise", foreign_keys=[cancelled_by_id])
    lines: Mapped[list[PurchaseOrderLine]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="PurchaseOrderLine.id"
    )


class PurchaseOrderLine(IdMixin, TenantMixin, Base):
    __tablename__ = "purchase_order_lines"
    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("received_quantity >= 0 AND received_quantity <= quantity", name="received_within_quantity"),
    )

    purchase_order_id: Mapped[int] = mapped_column(
        IdType, sa.ForeignKey("purchase_orders.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[int] = mapped_column(IdType, sa.ForeignKey("products.id", ondelete="RESTRICT"))
    quantity: Mapped[int] = mapped_column(sa.Integer)
    received_quantity: Mapped[int] = mapped_column(sa.Integer, default=0)
    unit_cost: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    # the AI's proposal (None for a line added by hand) and the numbers behind it
    proposed_quantity: Mapped[int | None] = mapped_column(sa.Integer)
    proposal: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    lead_time_days: Mapped[int | None] = mapped_column(sa.Integer)
    expected_on: Mapped[dt.date | None] = mapped_column(sa.Date)

    product: Mapped[Product] = relationship(lazy="raise")


class PurchaseOrderLineChange(IdMixin, TenantMixin, Base):
    """Who changed a draft's line, when, from what to what, and why (lines added and removed too)."""

    __tablename__ = "purchase_order_line_changes"

    purchase_order_id: Mapped[int] = mapped_column(
        IdType, sa.ForeignKey("purchase_orders.id", ondelete="CASCADE"), index=True
    )
    # kept when the line is removed: the change still names its product
    line_id: Mapped[int | None] = mapped_column(
        IdType, sa.ForeignKey("purchase_order_lines.id", ondelete="SET NULL"), index=True
    )
    product_id: Mapped[int] = mapped_column(IdType, sa.ForeignKey("products.id", ondelete="CASCADE"), index=True)
    kind: Mapped[PurchaseOrderLineChangeKind] = mapped_column(enum_column(PurchaseOrderLineChangeKind))
    old_quantity: Mapped[int | None] = mapped_column(sa.Integer)
    new_quantity: Mapped[int | None] = mapped_column(sa.Integer)
    reason: Mapped[str] = mapped_column(sa.String(500))
    changed_by_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    product: Mapped[Product] = relationship(lazy="raise")
    changed_by: Mapped[User | None] = relationship(lazy="raise")
