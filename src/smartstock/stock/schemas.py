from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from smartstock.db.models import MovementReason, MovementSource, ProductKind
from smartstock.kit.schemas import Schema, UserRef, WriteSchema

Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


class MovementIn(WriteSchema):
    product_id: int
    reason: Literal["inbound", "outbound", "adjustment", "stock_count"]
    quantity: Annotated[int, Field(ge=-100_000_000, le=100_000_000, strict=True)]
    note: Note | None = None
    lot_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] | None = None
    use_by: dt.date | None = None


class UndoIn(WriteSchema):
    note: Note | None = None


class MovementOut(Schema):
    id: int
    product_id: int
    master_sku: str
    product_name: str
    quantity: int
    reason: MovementReason
    source: MovementSource
    note: str | None
    balance_after: int | None
    lot_code: str | None
    use_by: dt.date | None
    actor: UserRef | None
    reverses_movement_id: int | None
    parent_movement_id: int | None
    undone: bool
    created_at: dt.datetime


class BalanceOut(Schema):
    product_id: int
    master_sku: str
    name: str
    category: str | None
    kind: ProductKind
    on_hand: int
    safety_stock: int
    nearest_use_by: dt.date | None


class LotOut(Schema):
    id: int
    product_id: int
    master_sku: str
    lot_code: str | None
    use_by: dt.date | None
    received_quantity: int
    remaining: int
    received_at: dt.datetime
