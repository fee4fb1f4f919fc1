"""The PO sheet (발주표) as Excel: Korean headers, one sheet per order, a total row; several
orders in one workbook with a list sheet first. Read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import unquote

from openpyxl import load_workbook

from smartstock.planning.purchase_orders.excel import HEADERS, TABLE_ROW
from tests.factories import create_product, create_supplier, signup
from tests.kit.support import error_of
from tests.planning.purchase_orders.support import advance, catalog, draft, today

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _book(response):
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    return load_workbook(io.BytesIO(response.content), data_only=True)


def _table(ws) -> list[tuple]:
    rows = list(ws.iter_rows(min_row=TABLE_ROW + 1, values_only=True))
    return [tuple(row[: len(HEADERS)]) for row in rows]


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def test_one_order_as_a_po_sheet(app):
    owner, _ = signup(app)
    supplier = create_supplier(owner, name="한빛상사", contact_name="김담당", phone="02-123-4567",
                               default_lead_time_days=10)
    cup = create_product(owner, master_sku="CUP-1", name="유리컵 300ml", supplier_id=supplier["id"],
                         unit_cost="1500.00", lead_time_days=7)
    mug = create_product(owner, master_sku="MUG-2", name="머그컵", supplier_id=supplier["id"], unit_cost="2250.00")
    free = create_product(owner, master_sku="FREE-3", name="사은품", supplier_id=supplier["id"])
    po = draft(owner, supplier, [(cup, 12), (mug, 4), (free, 1)], note="포장 주의")

    r = owner.get(f"/api/purchase-orders/{po['id']}/export.xlsx")
    assert unquote(r.headers["content-disposition"]).endswith(f"{po['po_number']}.xlsx")
    book = _book(r)
    assert book.sheetnames == [po["po_number"]]
    ws = book.active
    assert ws["A1"].value == f"발주서 {po['po_number']}"
    assert (ws["A2"].value, ws["B2"].value, ws["C2"].value, ws["D2"].value) == ("공급업체", "한빛상사", "담당자", "김담당")
    assert (ws["A3"].value, ws["B3"].value, ws["C3"].value, ws["D3"].value) == ("발주번호", po["po_number"], "상태", "초안")
    assert (ws["A4"].value, ws["B4"].value) == ("비고", "포장 주의")

    header, *lines, total = _table(ws)
    assert header == ("마스터 SKU", "상품명", "수량", "발주일", "입고 예정일", "리드타임(일)", "공급업체", "단가", "금액")
    cup_arrival, other_arrival = today() + dt.timedelta(days=7), today() + dt.timedelta(days=10)
    got = [(sku, name, qty, _day(ordered), _day(expected), lead, sup, cost, amount)
           for sku, name, qty, ordered, expected, lead, sup, cost, amount in lines]
    assert got == [
        ("CUP-1", "유리컵 300ml", 12, today(), cup_arrival, 7, "한빛상사", 1500, 18000),
        ("MUG-2", "머그컵", 4, today(), other_arrival, 10, "한빛상사", 2250, 9000),
        ("FREE-3", "사은품", 1, today(), other_arrival, 10, "한빛상사", None, None),
    ]
    assert (total[0], total[2], total[8]) == ("합계", 17, 27000)
    # amounts are formulas, so editing a quantity in Excel keeps the sheet right
    formulas = load_workbook(io.BytesIO(r.content)).active
    first = TABLE_ROW + 2
    assert formulas[f"I{first}"].value == f"=C{first}*H{first}"
    assert formulas[f"C{first + 3}"].value == f"=SUM(C{first}:C{first + 2})"


def test_several_orders_in_one_workbook(app):
    owner, _ = signup(app)
    supplier, (a, b) = catalog(owner)
    other, (c,) = catalog(owner, 1)
    first = draft(owner, supplier, [(a, 3)])
    second = advance(owner, draft(owner, supplier, [(b, 2)]), "approved")
    sent = advance(owner, draft(owner, supplier, [(a, 1)]), "sent")
    elsewhere = draft(owner, other, [(c, 5)])

    # a supplier's drafts and approved orders
    r = owner.get("/api/purchase-orders/export.xlsx",
                  params={"supplier_id": supplier["id"], "status": ["draft", "approved"]})
    book = _book(r)
    assert book.sheetnames == ["발주 목록", first["po_number"], second["po_number"]]
    listing = list(book["발주 목록"].iter_rows(values_only=True))
    assert listing[0] == ("발주번호", "공급업체", "상태", "발주일", "입고 예정일", "품목 수", "총 수량", "금액", "지연")
    assert [(row[0], row[1], row[2], row[5], row[6], row[7]) for row in listing[1:]] == [
        (first["po_number"], supplier["name"], "초안", 1, 3, 3000),
        (second["po_number"], supplier["name"], "승인", 1, 2, 4000),
    ]
    assert _table(book[second["po_number"]])[1][:3] == (b["master_sku"], b["name"], 2)

    # a list of ids, in the order given
    book = _book(owner.get("/api/purchase-orders/export.xlsx", params={"ids": [elsewhere["id"], sent["id"]]}))
    assert book.sheetnames == ["발주 목록", elsewhere["po_number"], sent["po_number"]]
    assert _table(book[elsewhere["po_number"]])[1][6] == other["name"]

    r = owner.get("/api/purchase-orders/export.xlsx", params={"ids": [first["id"], 999999999]})
    assert r.status_code == 404 and error_of(r) == "not_found"
    r = owner.get("/api/purchase-orders/export.xlsx", params={"status": "closed"})
    assert r.status_code == 400 and error_of(r) == "nothing_to_export"
    assert owner.get("/api/purchase-orders/999999999/export.xlsx").status_code == 404
