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


class Localized(Schema):
    ko: str
    en: str


class ReportFile(Schema):
    name: str
    format: Literal["csv", "xlsx", "xls"]
    encoding: str | None
    sheet: str | None
    header_line: int
    rows: int
    columns: int


class ReportColumn(Schema):
    column: str
    field: FieldKey | None
    confidence: float
    basis: Literal["header", "content", "remembered", "user", "none"]
    samples: list[str] = Field(description="Up to five values; personal data masked.")


class ReportPersonalData(Schema):
    column: str
    field: FieldKey
    kind: str
    treatment: Literal["dropped"]


class RuleExample(Schema):
    line: int | None
    values: dict[str, Any] = Field(description="The row's values by field (personal data never included).")
    message: Localized | None = None


class ReportRule(Schema):
    id: str
    title: Localized
    count: int = Field(description="File rows this rule matched (rules may overlap).")
    action: Action
    actions: list[Action]
    does: Localized
    examples: list[RuleExample]
    detail: dict[str, Any]


class RowError(Schema):
    line: int | None
    field: str | None
    value: Any = None
    message: str
    message_en: str


class ReportSummary(Schema):
    """Sales files: products … channels; stock files: movements (rows) … products."""

    products: int = 0
    new_products: int | None = None
    days: int | None = None
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    quantity: int | None = None
    channels: list[str] | None = None
    movements: int | None = None
    inbound: int | None = None
    outbound: int | None = None


class TemplateInfo(Schema):
    issued_at: dt.datetime
    tenant: str | None


class ProductImportCounts(Schema):
    created: int
    updated: int


class Report(Schema):
    file: ReportFile
    kind: FileKind
    kind_confidence: float
    channel: Channel | None
    columns: list[ReportColumn]
    columns_order: list[str]
    missing_fields: list[FieldKey] = Field(description="Required fields no column is mapped to.")
    pii: list[ReportPersonalData]
    rows_read: int
    rows_kept: int
    quality: float
    rules: list[ReportRule]
    errors: list[RowError] = Field(description="Row errors: nothing can be applied while there are any.")
    summary: ReportSummary
    blocking: bool
    remembered_layout: bool = False
    template: TemplateInfo | None = None
    products: ProductImportCounts | None = None


class UploadError(Schema):
    code: str
    ko: str
    en: str


class UndoResult(Schema):
    sales_rows_removed: int
    movements_undone: int
    products_restored: int
    products_removed: int


class ApplyResult(Schema):
    """What applying did (by kind), and what undoing it did."""

    sales_rows: int | None = None
    products_created: int | None = None
    quantity: int | None = None
    movements: int | None = Field(None, description="Ledger movements booked (a row can book two).")
    inbound: int | None = None
    outbound: int | None = None
    created: int | None = None
    updated: int | None = None
    undo: UndoResult | None = None


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
    report: Report | None = Field(description="The cleansing report (also GET …/report.json).")
    error: UploadError | None = Field(description="Why the file could not be read (status failed).")
    result: ApplyResult | None
    already_applied_as: int | None = Field(None, description="Another upload of the same file that is applied.")
    job: JobOut | None = None


class FieldOut(Schema):
    key: FieldKey
    ko: str
    en: str
    personal: bool
    multiple: bool = Field(description="Several columns may hold this field (others: one column each).")


class MappingIn(WriteSchema):
    kind: FileKind
    columns: dict[str, FieldKey | None] = Field(description="Column title → field (null: ignore the column).")
    channel: Channel | None = Field(None, description="The channel of every row when no column says.")
    remember: bool = Field(True, description="Use this mapping for the next file with the same columns.")


class ActionsIn(WriteSchema):
    actions: dict[str, Action]
