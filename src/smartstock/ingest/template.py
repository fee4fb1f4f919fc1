"""The stock template (재고 입출고 양식): an Excel sheet pre-filled from the product master where the
user types inbound (입고량) and outbound (출고량) quantities, then uploads it again.

Its marker sheet (kit.markers) lets an upload refuse another company's template and list the
products changed since it was made (applied by master SKU).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

import xlsxwriter

from smartstock.db.models import Product, ProductKind
from smartstock.kit.markers import MARKER_SHEET, marker_rows

MARKER_KIND = "stock_template"
SHEET = "재고입출고"
HEADERS = ["마스터 SKU", "플레이오토 SKU", "상품명", "카테고리", "세트 유무", "날짜", "입고량", "출고량", "소비기한", "메모"]
WIDTHS = [16, 16, 36, 14, 10, 12, 10, 10, 12, 24]
MAX_QUANTITY = 1_000_000


def build_template(tenant_id: int, tenant_name: str, products: Iterable[Product], issued_at: dt.datetime) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    fixed = book.add_format({"bg_color": "#F2F2F2"})
    entry = book.add_format({"bg_color": "#FFF2CC", "num_format": "#,##0"})
    date = book.add_format({"bg_color": "#FFF2CC", "num_format": "yyyy-mm-dd"})
    note = book.add_format({"bg_color": "#FFF2CC"})
    sheet = book.add_worksheet(SHEET)
    sheet.write_row(0, 0, HEADERS, header)
    for column, width in enumerate(WIDTHS):
        sheet.set_column(column, column, width)
    products = list(products)
    for row, p in enumerate(products, start=1):
        sheet.write_string(row, 0, p.master_sku, fixed)
        sheet.write_string(row, 1, p.playauto_sku or "", fixed)
        sheet.write_string(row, 2, p.name, fixed)
        sheet.write_string(row, 3, p.category or "", fixed)
        sheet.write_string(row, 4, "세트" if p.kind == ProductKind.set else "단품", fixed)
        sheet.write_blank(row, 5, None, date)
        sheet.write_blank(row, 6, None, entry)
        sheet.write_blank(row, 7, None, entry)
        sheet.write_blank(row, 8, None, date)
        sheet.write_blank(row, 9, None, note)
    last = max(len(products), 1) + 200  # room for rows the user adds
    whole = {"validate": "integer", "criteria": "between", "minimum": 0, "maximum": MAX_QUANTITY,
             "error_title": "수량 오류", "error_message": "0 이상의 정수를 입력하세요. (Enter a whole number ≥ 0.)"}
    sheet.data_validation(1, 6, last, 7, whole)
    day = {"validate": "date", "criteria": "between", "minimum": dt.date(2000, 1, 1), "maximum": dt.date(2100, 12, 31),
           "error_title": "날짜 오류", "error_message": "날짜를 입력하세요(예: 2026-11-22). (Enter a date.)"}
    sheet.data_validation(1, 5, last, 5, day)
    sheet.data_validation(1, 8, last, 8, day)
    sheet.data_validation(1, 4, last, 4, {"validate": "list", "source": ["단품", "세트"]})
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(products), len(HEADERS) - 1)
    marker = book.add_worksheet(MARKER_SHEET)
    for row, (key, value) in enumerate(marker_rows(MARKER_KIND, tenant_id, tenant_name, issued_at)):
        marker.write_string(row, 0, key)
        marker.write_string(row, 1, value)
    marker.very_hidden()
    book.close()
    return buffer.getvalue()
