"""The PO sheet (발주표) as an Excel workbook: one sheet per purchase order, Korean headers, a
total row; several orders in one workbook start with a list of them (발주 목록).

Each order's sheet: the title and the supplier's details on top, then the table from row
TABLE_ROW (0-based) with HEADERS. Amounts are formulas (with their values cached, so readers
that do not calculate still see them) and stay right when someone edits a quantity.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from decimal import Decimal

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from smartstock.db.models import PurchaseOrder
from smartstock.planning.purchase_orders.schemas import STATUS_LABELS

HEADERS = ["마스터 SKU", "상품명", "수량", "발주일", "입고 예정일", "리드타임(일)", "공급업체", "단가", "금액"]
WIDTHS = [16, 34, 10, 12, 12, 11, 20, 12, 14]
TABLE_ROW = 5
LIST_TITLE = "발주 목록"
LIST_HEADERS = ["발주번호", "공급업체", "상태", "발주일", "입고 예정일", "품목 수", "총 수량", "금액", "지연"]
STATUS_KO = {status: labels[0] for status, labels in STATUS_LABELS.items()}
QTY, COST, AMOUNT = HEADERS.index("수량"), HEADERS.index("단가"), HEADERS.index("금액")


def workbook(orders: Sequence[PurchaseOrder], late: Sequence[bool]) -> bytes:
    """Orders with their supplier and lines (with products) loaded, and whether each is late."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    f = _Formats(book, orders)
    if len(orders) > 1:
        _list_sheet(book, f, orders, late)
    used: set[str] = {LIST_TITLE}
    for po in orders:
        _order_sheet(book, f, po, _sheet_name(po.po_number, used))
    book.close()
    return buffer.getvalue()


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook, orders: Sequence[PurchaseOrder]) -> None:
        whole = all(x.unit_cost is None or x.unit_cost == x.unit_cost.to_integral_value()
                    for po in orders for x in po.lines)
        money = "#,##0" if whole else "#,##0.00"
        self.title = book.add_format({"bold": True, "font_size": 16})
        self.label = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        self.value = book.add_format({"border": 1})
        self.date_value = book.add_format({"border": 1, "num_format": "yyyy-mm-dd", "align": "left"})
        self.header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center"})
        self.text = book.add_format({"border": 1})
        self.number = book.add_format({"border": 1, "num_format": "#,##0"})
        self.date = book.add_format({"border": 1, "num_format": "yyyy-mm-dd"})
        self.money = book.add_format({"border": 1, "num_format": money})
        self.total_label = book.add_format({"bold": True, "border": 1, "bg_color": "#FFF2CC"})
        self.total_number = book.add_format({"bold": True, "border": 1, "bg_color": "#FFF2CC", "num_format": "#,##0"})
        self.total_money = book.add_format({"bold": True, "border": 1, "bg_color": "#FFF2CC", "num_format": money})


def _sheet_name(po_number: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique ignoring case."""
    base = re.sub(r"[\[\]:*?/\\]", "-", po_number).strip("'")[:31] or "PO"
    name, n = base, 2
    while name.lower() in {u.lower() for u in used}:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _money(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _order_sheet(book, f: _Formats, po: PurchaseOrder, name: str) -> None:
    ws = book.add_worksheet(name)
    supplier = po.supplier
    ws.write(0, 0, f"발주서 {po.po_number}", f.title)
    info = [
        [("공급업체", supplier.name), ("담당자", supplier.contact_name), ("연락처", supplier.phone),
         ("이메일", supplier.email)],
        [("발주번호", po.po_number), ("상태", STATUS_KO[po.status]), ("발주일", po.ordered_on),
         ("입고 예정일", po.expected_on)],
        [("비고", po.note)],
    ]
    for r, pairs in enumerate(info, start=1):
        for i, (label, value) in enumerate(pairs):
            ws.write(r, 2 * i, label, f.label)
            if isinstance(value, dt.date):
                ws.write_datetime(r, 2 * i + 1, dt.datetime.combine(value, dt.time()), f.date_value)
            else:
                ws.write(r, 2 * i + 1, value if value is not None else "", f.value)
    ws.write_row(TABLE_ROW, 0, HEADERS, f.header)
    row = TABLE_ROW
    for line in po.lines:
        row += 1
        product = line.product
        expected = line.expected_on or po.expected_on
        ws.write_string(row, 0, product.master_sku, f.text)
        ws.write_string(row, 1, product.name, f.text)
        ws.write_number(row, QTY, line.quantity, f.number)
        _date(ws, row, 3, po.ordered_on, f)
        _date(ws, row, 4, expected, f)
        if line.lead_time_days is not None:
            ws.write_number(row, 5, line.lead_time_days, f.number)
        else:
            ws.write_blank(row, 5, None, f.number)
        ws.write_string(row, 6, supplier.name, f.text)
        if line.unit_cost is not None:
            ws.write_number(row, COST, _money(line.unit_cost), f.money)
            formula = f"={xl_rowcol_to_cell(row, QTY)}*{xl_rowcol_to_cell(row, COST)}"
            ws.write_formula(row, AMOUNT, formula, f.money, _money(line.unit_cost * line.quantity))
        else:
            ws.write_blank(row, COST, None, f.money)
            ws.write_blank(row, AMOUNT, None, f.money)
    total = row + 1
    ws.write(total, 0, "합계", f.total_label)
    for column in range(1, len(HEADERS)):
        ws.write_blank(total, column, None, f.total_label)
    first, last = TABLE_ROW + 1, row
    ws.write_formula(total, QTY, f"=SUM({xl_rowcol_to_cell(first, QTY)}:{xl_rowcol_to_cell(last, QTY)})",
                     f.total_number, sum(x.quantity for x in po.lines))
    amounts = [x.unit_cost * x.quantity for x in po.lines if x.unit_cost is not None]
    ws.write_formula(total, AMOUNT, f"=SUM({xl_rowcol_to_cell(first, AMOUNT)}:{xl_rowcol_to_cell(last, AMOUNT)})",
                     f.total_money, _money(sum(amounts, Decimal(0))))
    for column, width in enumerate(WIDTHS):
        ws.set_column(column, column, width)
    ws.freeze_panes(TABLE_ROW + 1, 0)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)


def _date(ws, row: int, column: int, value: dt.date | None, f: _Formats) -> None:
    if value is None:
        ws.write_blank(row, column, None, f.date)
    else:
        ws.write_datetime(row, column, dt.datetime.combine(value, dt.time()), f.date)


def _list_sheet(book, f: _Formats, orders: Sequence[PurchaseOrder], late: list[bool]) -> None:
    ws = book.add_worksheet(LIST_TITLE)
    ws.write_row(0, 0, LIST_HEADERS, f.header)
    for r, (po, is_late) in enumerate(zip(orders, late, strict=True), start=1):
        amounts = [x.unit_cost * x.quantity for x in po.lines if x.unit_cost is not None]
        ws.write_string(r, 0, po.po_number, f.text)
        ws.write_string(r, 1, po.supplier.name, f.text)
        ws.write_string(r, 2, STATUS_KO[po.status], f.text)
        _date(ws, r, 3, po.ordered_on, f)
        _date(ws, r, 4, po.expected_on, f)
        ws.write_number(r, 5, len(po.lines), f.number)
        ws.write_number(r, 6, sum(x.quantity for x in po.lines), f.number)
        if amounts:
            ws.write_number(r, 7, _money(sum(amounts, Decimal(0))), f.money)
        else:
            ws.write_blank(r, 7, None, f.money)
        ws.write_string(r, 8, "지연" if is_late else "", f.text)
    for column, width in enumerate([18, 20, 10, 12, 12, 8, 10, 14, 6]):
        ws.set_column(column, column, width)
    ws.freeze_panes(1, 0)
