"""Daily sales history per product and channel: the forecasting engine's raw material."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from smartstock.db.base import Base, IdMixin, IdType, TenantMixin
from smartstock.db.models.enums import Channel, enum_column


class DailySales(IdMixin, TenantMixin, Base):
    __tablename__ = "daily_sales"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "product_id", "channel", "sale_date"),)

    product_id: Mapped[int] = mapped_column(IdType, sa.ForeignKey("products.id", ondelete="CASCADE"))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    sale_date: Mapped[dt.date] = mapped_column(sa.Date)
    quantity: Mapped[int] = mapped_column(sa.Integer)
    revenue: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    promotion: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    stockout: Mapped[bool] = mapped_column(sa.Boolean, default=False)
