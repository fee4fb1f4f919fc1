"""Daily sales history per product and channel: the forecasting engine's raw material.

Undoing an upload deletes the rows it added (`upload_id`); days already in the history are skipped
when a later file covers them again, so no sale is counted twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from smartstock.db.base import Base, IdMixin, IdType, TenantMixin
from smartstock.db.models.enums import Channel, enum_column


class DailySales(IdMixin, TenantMixin, Base):
    __tablename__ = "daily_sales"
    __table_args__ = (
        # one row per product, channel and day from each upload (NULL: demo or manual history)
        sa.UniqueConstraint("tenant_id", "product_id", "channel", "sale_date", "upload_id"),
        sa.Index("ix_daily_sales_product_date", "product_id", "sale_date"),
    )

    product_id: Mapped[int] = mapped_column(IdType, sa.ForeignKey("products.id", ondelete="CASCADE"))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    sale_date: Mapped[dt.date] = mapped_column(sa.Date)
    quantity: Mapped[int] = mapped_column(sa.Integer)
    revenue: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    promotion: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    stockout: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    upload_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("uploads.id"), index=True)
