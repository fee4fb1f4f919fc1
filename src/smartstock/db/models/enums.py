"""Enumerations stored in the database (as short strings, portable across databases)."""

from enum import StrEnum

import sqlalchemy as sa


class Role(StrEnum):
    owner = "owner"
    manager = "manager"
    staff = "staff"
    viewer = "viewer"


class Language(StrEnum):
    ko = "ko"
    en = "en"


class ProductKind(StrEnum):
    single = "single"
    set = "set"


class Channel(StrEnum):
    coupang = "coupang"
    smartstore = "smartstore"
    own_mall = "own_mall"
    other = "other"


class MovementReason(StrEnum):
    inbound = "inbound"
    outbound = "outbound"
    set_consumption = "set_consumption"
    receipt = "receipt"
    adjustment = "adjustment"
    stock_count = "stock_count"
    undo = "undo"


class MovementSource(StrEnum):
    manual = "manual"
    upload = "upload"
    purchase_order = "purchase_order"
    demo = "demo"


class PurchaseOrderStatus(StrEnum):
    draft = "draft"
    approved = "approved"
    sent = "sent"
    partly_received = "partly_received"
    received = "received"
    closed = "closed"
    cancelled = "cancelled"


class PurchaseOrderLineChangeKind(StrEnum):
    added = "added"
    changed = "changed"
    removed = "removed"


class PolicyScope(StrEnum):
    tenant = "tenant"
    category = "category"
    product = "product"


class JobStatus(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"


def enum_column(enum_cls: type[StrEnum]) -> sa.Enum:
    """A VARCHAR column of the enum's values (no native ENUM type, no CHECK to migrate)."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=24,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )
