"""Daily demand from a sales file, for the command line: the data workspace's reader, column
recognition and cleansing (no database), then one row per SKU and day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from smartstock.ingest.cleanse import Context, cleanse
from smartstock.ingest.fields import FileKind
from smartstock.ingest.reader import read_table
from smartstock.ingest.recognize import recognise
from smartstock.kit.errors import BadRequest


def demand_from_file(path: Path, today: dt.date | None = None) -> pl.DataFrame:
    """sku, date, quantity, stockout: daily (summed over channels) from a CSV/XLSX/XLS file of daily
    or transactional sales. Raises a BadRequest (Korean and English) when the file cannot be used."""
    table = read_table(path.read_bytes(), path.name)
    recognition = recognise(table)
    kind = recognition.kind if recognition.kind in (FileKind.sales, FileKind.orders) else FileKind.sales
    result = cleanse(table, recognition.mapping, kind, Context(today=today or dt.date.today()))
    if result.missing_fields:
        missing = ", ".join(result.missing_fields)
        raise BadRequest(f"필요한 열을 찾지 못했습니다: {missing}", f"Required columns not found: {missing}",
                         code="missing_columns")
    if result.sales is None or result.sales.is_empty():
        raise BadRequest("예측할 판매 행이 없습니다.", "No sales rows to forecast from.", code="no_sales_rows")
    return (
        result.sales.group_by("sku", "date")
        .agg(pl.col("quantity").sum(), pl.col("stockout").any())
        .sort("sku", "date")
    )
