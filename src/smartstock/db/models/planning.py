"""Replenishment policy settings: one row for the tenant's defaults and optional rows overriding
them for a category or a product. A NULL field inherits (product → category → tenant → built-in
default); `scope_key` makes each scope unique per tenant without relying on NULLs in a UNIQUE."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smartstock.db.base import Base, IdMixin, IdType, TenantMixin, TimestampMixin, code_string
from smartstock.db.models.catalog import Product
from smartstock.db.models.enums import PolicyScope, enum_column


class ReplenishmentPolicy(IdMixin, TimestampMixin, TenantMixin, Base):
    __tablename__ = "replenishment_policies"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "scope_key"),)

    scope: Mapped[PolicyScope] = mapped_column(enum_column(PolicyScope))
    # "tenant", "category:<name>" or "product:<id>"
    scope_key: Mapped[str] = mapped_column(code_string(120))
    category: Mapped[str | None] = mapped_column(sa.String(100))
    product_id: Mapped[int | None] = mapped_column(
        IdType, sa.ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    safety_stock_method: Mapped[str | None] = mapped_column(sa.String(32))
    service_measure: Mapped[str | None] = mapped_column(sa.String(16))
    service_level: Mapped[float | None] = mapped_column(sa.Float)
    # service levels by ABC class (revenue share); NULL = the plain service level
    service_level_a: Mapped[float | None] = mapped_column(sa.Float)
    service_level_b: Mapped[float | None] = mapped_column(sa.Float)
    service_level_c: Mapped[float | None] = mapped_column(sa.Float)
    order_rule: Mapped[str | None] = mapped_column(sa.String(16))
    review_period_days: Mapped[int | None] = mapped_column(sa.Integer)
    holding_rate: Mapped[float | None] = mapped_column(sa.Float)
    ordering_cost: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    updated_by_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("users.id", ondelete="SET NULL"))

    product: Mapped[Product | None] = relationship(lazy="raise")
