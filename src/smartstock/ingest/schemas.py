from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from smartstock.db.models import Channel, UploadStatus
from smartstock.ingest.fields import FileKind
from smartstock.ingest.rules import Action
from smartstock.jobs.schemas import JobOut
from smartstock.kit.schemas import Schema, UserRef, WriteSchema

FieldKey = Literal[
    "date", "sku", "playauto_sku", "name", "option", "category", "kind", "quantity", "inbound", "outbound",
    "revenue", "unit_price", "channel", "order_id", "status", "promotion", "stock", "use_by", "memo",
    "customer_id", "customer_name", "phone", "email", "address", "postal_code", "customs_id", "resident_number",
]


class UploadSummary(Schema):
    id: int
    filename: str
    size_bytes: int
    status: UploadStatus
    kind: FileKind | None
    channel: Channel | None
    rows_read: int | None = None
    rows_kept: int | None = None
    blocking: bool = Field(False, description="The report has errors to fix before applying.")
    created_by: UserRef | None = None
    created_at: dt.datetime
    applied_at: dt.datetime | None
    undone_at: dt.datetime | None


class UploadOut(UploadSummary):
    sha256: str
    mapping: dict[str, FieldKey | None] | None
    mapping_confirmed: bool
    remembered_layout: bool = False
    actions: dict[str, Action] | None
    report: dict[str, Any] | None = Field(description="The cleansing report (see GET …/report.json).")
    error: dict[str, Any] | None
    result: dict[str, Any] | None
    already_applied_as: int | None = Field(None, description="Another upload of the same file that is applied.")
    job: JobOut | None = None


class FieldOut(Schema):
    key: FieldKey
    ko: str
    en: str
    personal: bool


class MappingIn(WriteSchema):
    kind: FileKind
    columns: dict[str, FieldKey | None] = Field(description="Column title → field (null: ignore the column).")
    channel: Channel | None = Field(None, description="The channel of every row when no column says.")
    remember: bool = Field(True, description="Use this mapping for the next file with the same columns.")


class ActionsIn(WriteSchema):
    actions: dict[str, Action]
