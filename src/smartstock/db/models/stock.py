"""Stock: the append-only movement ledger, lots with use-by dates, and per-product balances.

Invariants: for every single (non-set) product, `stock_balances.on_hand` equals the sum of its
movements' quantities, and the lots' `remaining` add up to at most `on_hand`. Sets are virtual bundles: their outbound movement is recorded for the
history (balance_after is NULL) and the stock moves on the components (reason set_consumption).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smartstock.db.base import Base, IdMixin, IdType, TenantMixin, UTCDateTime, utcnow
from smartstock.db.models.catalog import Product
from smartstock.db.models.enums import MovementReason, MovementSource, enum_column
from smartstock.db.models.tenancy import User


class StockBalance(TenantMixin, Base):
    __tablename__ = "stock_balances"

    product_id: Mapped[int] = mapped_column(
        IdType, sa.ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )
    on_hand: Mapped[int] = mapped_column(sa.Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class StockLot(IdMixin, TenantMixin, Base):
    __tablename__ = "stock_lots"
    __table_args__ = (sa.CheckConstraint("remaining >= 0", name="remaining_non_negative"),)

    product_id: Mapped[int] = mapped_column(
        IdType, sa.ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    lot_code: Mapped[str | None] = mapped_column(sa.String(64))
    use_by: Mapped[dt.date | None] = mapped_column(sa.Date, index=True)
    received_quantity: Mapped[int] = mapped_column(sa.Integer)
    remaining: Mapped[int] = mapped_column(sa.Integer)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class StockMovement(IdMixin, TenantMixin, Base):
    __tablename__ = "stock_movements"
    __table_args__ = (
        # An original movement can be undone once; the database guarantees it.
        sa.UniqueConstraint("tenant_id", "reverses_movement_id"),
        sa.Index("ix_stock_movements_tenant_created", "tenant_id", "created_at"),
        sa.Index("ix_stock_movements_product_created", "product_id", "created_at"),
    )

    product_id: Mapped[int] = mapped_column(
        IdType, sa.ForeignKey("products.id", ondelete="RESTRICT")
    )
    quantity: Mapped[int] = mapped_column(sa.Integer)
    reason: Mapped[MovementReason] = mapped_column(enum_column(MovementReason))
    source: Mapped[MovementSource] = mapped_column(enum_column(MovementSource))
    note: Mapped[str | None] = mapped_column(sa.String(500))
    balance_after: Mapped[int | None] = mapped_column(sa.Integer)
    lot_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("stock_lots.id", ondelete="SET NULL"))
    actor_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("users.id", ondelete="SET NULL"))
    parent_movement_id: Mapped[int | None] = mapped_column(
        IdType, sa.ForeignKey("stock_movements.id"), index=True
    )
    reverses_movement_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("stock_movements.id"))
    # Which upload or purchase order produced this movement (no FK: those tables come later).
    source_ref: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    product: Mapped[Product] = relationship(lazy="raise")
    actor: Mapped[User | None] = relationship(lazy="raise")
    lot: Mapped[StockLot | None] = relationship(lazy="raise")


class StockLotDraw(IdMixin, TenantMixin, Base):
    """How much a negative movement took from each lot, so that undoing it puts the units back
    into the same lots (and use-by dates stay true)."""

    __tablename__ = "stock_lot_draws"
    __table_args__ = (sa.CheckConstraint("quantity > 0", name="quantity_positive"),)

    movement_id: Mapped[int] = mapped_column(
        IdType, sa.ForeignKey("stock_movements.id", ondelete="CASCADE"), index=True
    )
    lot_id: Mapped[int] = mapped_column(IdType, sa.ForeignKey("stock_lots.id", ondelete="CASCADE"), index=True)
    quantity: Mapped[int] = mapped_column(sa.Integer)
