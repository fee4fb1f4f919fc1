"""Product master: suppliers, products, set components and channel SKU mappings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smartstock.db.base import Base, IdMixin, IdType, TenantMixin, TimestampMixin, code_string
from smartstock.db.models.enums import Channel, ProductKind, enum_column


class Supplier(IdMixin, TimestampMixin, TenantMixin, Base):
    __tablename__ = "suppliers"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "name"),)

    name: Mapped[str] = mapped_column(code_string(200))
    contact_name: Mapped[str | None] = mapped_column(sa.String(120))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    default_lead_time_days: Mapped[int] = mapped_column(sa.Integer, default=7)
    default_moq: Mapped[int] = mapped_column(sa.Integer, default=1)
    notes: Mapped[str | None] = mapped_column(sa.Text)


class Product(IdMixin, TimestampMixin, TenantMixin, Base):
    __tablename__ = "products"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "master_sku"),)

    master_sku: Mapped[str] = mapped_column(code_string(64))
    playauto_sku: Mapped[str | None] = mapped_column(code_string(64))
    name: Mapped[str] = mapped_column(sa.String(200))
    category: Mapped[str | None] = mapped_column(sa.String(100), index=True)
    kind: Mapped[ProductKind] = mapped_column(enum_column(ProductKind), default=ProductKind.single)
    lead_time_days: Mapped[int | None] = mapped_column(sa.Integer)
    moq: Mapped[int] = mapped_column(sa.Integer, default=1)
    pack_size: Mapped[int] = mapped_column(sa.Integer, default=1)
    safety_stock: Mapped[int] = mapped_column(sa.Integer, default=0)
    manufacturer: Mapped[str | None] = mapped_column(sa.String(200))
    supplier_id: Mapped[int | None] = mapped_column(
        IdType, sa.ForeignKey("suppliers.id", ondelete="SET NULL"), index=True
    )
    unit_cost: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    shelf_life_days: Mapped[int | None] = mapped_column(sa.Integer)
    is_active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    launched_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    # set when an upload registered the product, so undoing that upload can remove it again
    created_by_upload_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("uploads.id", ondelete="SET NULL"))

    supplier: Mapped[Supplier | None] = relationship(lazy="raise")
    components: Mapped[list[SetComponent]] = relationship(
        lazy="raise",
        foreign_keys="SetComponent.set_product_id",
        cascade="all, delete-orphan",
        order_by="SetComponent.id",
    )
    channel_skus: Mapped[list[ChannelSku]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="ChannelSku.id", back_populates="product"
    )


class SetComponent(IdMixin, TenantMixin, Base):
    """A set (bundle) consists of `quantity` units of each component product."""

    __tablename__ = "set_components"
    __table_args__ = (
        sa.UniqueConstraint("set_product_id", "component_id"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    set_product_id: Mapped[int] = mapped_column(
        IdType, sa.ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    component_id: Mapped[int] = mapped_column(
        IdType, sa.ForeignKey("products.id", ondelete="RESTRICT"), index=True
    )
    quantity: Mapped[int] = mapped_column(sa.Integer)

    component: Mapped[Product] = relationship(lazy="raise", foreign_keys=[component_id])


class ChannelSku(IdMixin, TimestampMixin, TenantMixin, Base):
    """Maps a sales channel's own product code to the master SKU."""

    __tablename__ = "channel_skus"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "channel", "channel_sku"),)

    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    channel_sku: Mapped[str] = mapped_column(code_string(100))
    product_id: Mapped[int] = mapped_column(
        IdType, sa.ForeignKey("products.id", ondelete="CASCADE"), index=True
    )

    product: Mapped[Product] = relationship(lazy="raise", back_populates="channel_skus")
