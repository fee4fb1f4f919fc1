"""Small builders shared by the ingest core tests: files as bytes (CSV in any encoding, XLSX) and a
one-call cleanse of a hand-made table. No database."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence

from openpyxl import Workbook

from smartstock.ingest.cleanse import Cleansed, Context, RuleResult, cleanse
from smartstock.ingest.fields import FIELD_BY_KEY, FileKind
from smartstock.ingest.reader import RawTable, read_table

TODAY = dt.date(2024, 6, 30)
Rows = Sequence[Sequence[object]]


def csv_bytes(rows: Rows, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: Rows, edit: Callable | None = None) -> bytes:
    """An XLSX file with `rows` on its first sheet; `edit(worksheet)` may change it before saving."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    if edit:
        edit(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table(rows: Rows) -> RawTable:
    return read_table(csv_bytes(rows), "test.csv")


def run(rows: Rows, kind: FileKind = FileKind.sales, mapping: dict[str, str] | None = None,
        **context) -> Cleansed:
    """Cleanse a CSV of `rows`. Headers that are field keys ('date', 'sku', …) map to themselves
    unless `mapping` is given."""
    raw = table(rows)
    if mapping is None:
        mapping = {h: h for h in raw.headers if h in FIELD_BY_KEY}
    context.setdefault("today", TODAY)
    return cleanse(raw, mapping, kind, Context(**context))


def rule(result: Cleansed, rule_id: str) -> RuleResult:
    return next(r for r in result.rules if r.id == rule_id)


def daily(result: Cleansed) -> dict[tuple[str, str], int]:
    """{(sku, 'YYYY-MM-DD'): quantity} of the daily sales."""
    return {(r["sku"], r["date"].isoformat()): r["quantity"] for r in result.sales.to_dicts()}
