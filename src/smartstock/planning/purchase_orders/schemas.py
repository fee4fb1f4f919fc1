from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from smartstock.db.models import (
    MovementReason,
    PurchaseOrderLineChangeKind,
    PurchaseOrderStatus,
)
from smartstock.kit.schemas import Schema, UserRef, WriteSchema

# whole numbers; below 1 is refused by the service with a message naming the product
Units = Annotated[int, Field(ge=-100_000_000, le=100_000_000, strict=True)]
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Version = Annotated[int, Field(ge=1)]
S = PurchaseOrderStatus
# how a status reads in messages and on the PO sheet (Korean, English)
STATUS_LABELS = {
    S.draft: ("초안", "draft"), S.approved: ("승인", "approved"), S.sent: ("발송", "sent"),
    S.partly_received: ("부분 입고", "partly received"), S.received: ("입고 완료", "received"),
    S.closed: ("종결", "closed"), S.cancelled: ("취소", "cancelled"),
}


# --- requests -----------------------------------------------------------------------------------

class LineIn(WriteSchema):
    product_id: int
    quantity: Units
    unit_cost: Money | None = Field(None, description="Defaults to the product's unit cost.")


class PurchaseOrderCreate(WriteSchema):
    supplier_id: int
    note: Note | None = None
    lines: Annotated[list[LineIn], Field(min_length=1, max_length=500)]


class LineQuantity(WriteSchema):
    line_id: int
    quantity: Units


class LinesEdit(WriteSchema):
    """Changes to a draft's lines, applied together with one reason (recorded for each change)."""

    reason: Reason
    version: Version | None = Field(None, description="The version the user looked at: 409 when it changed since.")
    update: Annotated[list[LineQuantity], Field(default_factory=list, max_length=500)]
    add: Annotated[list[LineIn], Field(default_factory=list, max_length=500)]
    remove: Annotated[list[int], Field(default_factory=list, max_length=500)]


class TransitionIn(WriteSchema):
    version: Version | None = Field(None, description="The version the user looked at: 409 when it changed since.")


class CancelIn(TransitionIn):
    reason: Reason


class ReverseReceiptIn(TransitionIn):
    reason: Reason = Field(description="Why the receipt was wrong (required).")


class ReceiptLineIn(WriteSchema):
    line_id: int
    quantity: Units
    lot_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] | None = None
    use_by: dt.date | None = None


class ReceiveIn(WriteSchema):
    lines: Annotated[list[ReceiptLineIn], Field(min_length=1, max_length=500)]
    note: Note | None = None


# --- responses ----------------------------------------------------------------------------------

class SupplierRef(Schema):
    id: int
    name: str


class PurchaseOrderOut(Schema):
    id: int
    po_number: str
    status: PurchaseOrderStatus
    supplier: SupplierRef
    ordered_on: dt.date | None
    expected_on: dt.date | None
    note: str | None
    late: bool = Field(description="An expected arrival has passed (tenant's date) and the goods are not all in.")
    line_count: int
    total_quantity: int
    received_quantity: int
    total_amount: Decimal | None = Field(description="Σ quantity × unit cost over the lines that have a cost.")
    from_proposals: bool = Field(description="At least one line carries an AI proposal.")
    version: int
    created_by: UserRef | None
    created_at: dt.datetime
    updated_at: dt.datetime
    approved_by: UserRef | None
    approved_at: dt.datetime | None
    sent_at: dt.datetime | None
    closed_at: dt.datetime | None
    cancelled_by: UserRef | None
    cancelled_at: dt.datetime | None
    cancel_reason: str | None


class LineOut(Schema):
    id: int
    product_id: int
    master_sku: str
    product_name: str
    quantity: int
    proposed_quantity: int | None = Field(description="The AI's proposal; null for a line added by hand.")
    received_quantity: int
    open_quantity: int
    unit_cost: Decimal | None
    amount: Decimal | None
    lead_time_days: int | None
    expected_on: dt.date | None
    late: bool
    moq: int
    pack_size: int
    proposal: dict[str, Any] | None = Field(description="The numbers behind the AI's proposal, as they were.")


class LineChangeOut(Schema):
    id: int
    line_id: int | None
    product_id: int
    master_sku: str
    kind: PurchaseOrderLineChangeKind
    old_quantity: int | None
    new_quantity: int | None
    reason: str
    changed_by: UserRef | None
    changed_at: dt.datetime


class ReceiptOut(Schema):
    movement_id: int
    line_id: int
    product_id: int
    master_sku: str
    quantity: int
    reason: MovementReason
    lot_code: str | None
    use_by: dt.date | None
    note: str | None
    received_by: UserRef | None
    received_at: dt.datetime
    undone: bool = Field(description="The stock movement was undone in the ledger since.")


class PurchaseOrderDetail(PurchaseOrderOut):
    lines: list[LineOut]
    changes: list[LineChangeOut]
    receipts: list[ReceiptOut]


class OnOrderOut(Schema):
    product_id: int
    master_sku: str
    product_name: str
    quantity: int = Field(description="Σ (ordered − received) over approved, sent and partly received orders.")
    next_expected_on: dt.date | None
    purchase_orders: list[str]
