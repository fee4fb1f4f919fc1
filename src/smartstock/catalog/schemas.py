from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import Field, StringConstraints

from smartstock.db.models import Channel, ProductKind
from smartstock.kit.schemas import Schema, WriteSchema

Sku = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Days = Annotated[int, Field(ge=0, le=3650)]
Units = Annotated[int, Field(ge=0, le=100_000_000)]
PositiveUnits = Annotated[int, Field(ge=1, le=100_000_000)]
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]


class SupplierIn(WriteSchema):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    contact_name: ShortText | None = None
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] | None = None
    email: Annotated[str, StringConstraints(strip_whitespace=True, max_length=254)] | None = None
    default_lead_time_days: Days = 7
    default_moq: PositiveUnits = 1
    notes: Annotated[str, StringConstraints(max_length=2000)] | None = None


class SupplierUpdate(WriteSchema):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] | None = None
    contact_name: ShortText | None = None
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] | None = None
    email: Annotated[str, StringConstraints(strip_whitespace=True, max_length=254)] | None = None
    default_lead_time_days: Days | None = None
    default_moq: PositiveUnits | None = None
    notes: Annotated[str, StringConstraints(max_length=2000)] | None = None


class SupplierOut(Schema):
    id: int
    name: str
    contact_name: str | None
    phone: str | None
    email: str | None
    default_lead_time_days: int
    default_moq: int
    notes: str | None


class ProductFields(WriteSchema):
    playauto_sku: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] | None = None
    category: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = None
    kind: ProductKind = ProductKind.single
    lead_time_days: Days | None = None
    moq: PositiveUnits = 1
    pack_size: PositiveUnits = 1
    safety_stock: Units = 0
    manufacturer: ShortText | None = None
    supplier_id: int | None = None
    unit_cost: Money | None = None
    shelf_life_days: Days | None = None
    is_active: bool = True


class ProductCreate(ProductFields):
    master_sku: Sku
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ProductUpdate(WriteSchema):
    """Every field optional; only the fields sent are changed (null clears an optional field)."""

    master_sku: Sku | None = None
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] | None = None
    playauto_sku: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] | None = None
    category: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = None
    kind: ProductKind | None = None
    lead_time_days: Days | None = None
    moq: PositiveUnits | None = None
    pack_size: PositiveUnits | None = None
    safety_stock: Units | None = None
    manufacturer: ShortText | None = None
    supplier_id: int | None = None
    unit_cost: Money | None = None
    shelf_life_days: Days | None = None
    is_active: bool | None = None


class ComponentIn(WriteSchema):
    component_id: int
    quantity: PositiveUnits


class ComponentOut(Schema):
    component_id: int
    master_sku: str
    name: str
    quantity: int


class ChannelSkuIn(WriteSchema):
    channel: Channel
    channel_sku: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    product_id: int


class ChannelSkuOut(Schema):
    id: int
    channel: Channel
    channel_sku: str
    product_id: int
    master_sku: str


class ProductChannelSku(Schema):
    id: int
    channel: Channel
    channel_sku: str


class ProductOut(Schema):
    id: int
    master_sku: str
    playauto_sku: str | None
    name: str
    category: str | None
    kind: ProductKind
    lead_time_days: int | None
    moq: int
    pack_size: int
    safety_stock: int
    manufacturer: str | None
    supplier_id: int | None
    supplier_name: str | None
    unit_cost: Decimal | None
    shelf_life_days: int | None
    is_active: bool
    on_hand: int
    components: list[ComponentOut]
    channel_skus: list[ProductChannelSku]
    created_at: dt.datetime
    updated_at: dt.datetime


class ImportRowError(Schema):
    row: int
    field: str | None
    message: str
