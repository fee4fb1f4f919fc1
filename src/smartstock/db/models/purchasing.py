"""Purchase orders (발주) to suppliers and their lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smartstock.db.base import Base, IdMixin, IdType, TenantMixin, TimestampMixin
from smartstock.db.models.enums import PurchaseOrderStatus, enum_column


class PurchaseOrder(IdMixin, TimestampMixin, TenantMixin, Base):
    __tablename__ = "purchase_orders"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "po_number"),)

    po_number: Mapped[str] = mapped_column(sa.String(40))
    supplier_id: Mapped[int] = mapped_column(IdType, sa.ForeignKey("suppliers.id", ondelete="RESTRICT"))
    status: Mapped[PurchaseOrderStatus] = mapped_column(enum_column(PurchaseOrderStatus))
    ordered_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    expected_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    created_by_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(sa.String(500))

    lines: Mapped[list[PurchaseOrderLine]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="PurchaseOrderLine.id"
    )


class PurchaseOrderLine(IdMixin, TenantMixin, Base):
    __tablename__ = "purchase_order_lines"
    __table_args__ = (sa.CheckConstraint("quantity > 0", name="quantity_positive"),)

    purchase_order_id: Mapped[int] = mapped_column(
        IdType, sa.ForeignKey("purchase_orders.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[int] = mapped_column(IdType, sa.ForeignKey("products.id", ondelete="RESTRICT"))
    quantity: Mapped[int] = mapped_column(sa.Integer)
    received_quantity: Mapped[int] = mapped_column(sa.Integer, default=0)
    unit_cost: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
