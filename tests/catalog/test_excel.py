"""Product master Excel: export, then import (called directly on a session, as the worker does)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from smartstock.catalog.excel import COLUMNS, import_products
from smartstock.kit.errors import BadRequest
from tests.factories import create_product, create_supplier, move, signup
from tests.kit.support import principal_for, workbook_bytes

HEADERS = [h for _, h, _ in COLUMNS]
COL = {field: i for i, (field, _, _) in enumerate(COLUMNS)}


def _export(client):
    r = client.get("/api/products/export.xlsx")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return load_workbook(io.BytesIO(r.content))


def _save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _products(client) -> dict[str, dict]:
    return {p["master_sku"]: p for p in client.get("/api/products", params={"page_size": 500}).json()["items"]}


def _import(db, me, content: bytes):
    result = import_products(db, principal_for(db, me["id"]), content)
    if result.errors:
        db.rollback()
    else:
        db.commit()
    return result


def _seed(client):
    supplier = create_supplier(client, name="한빛물산")
    cup = create_product(client, master_sku="XL-CUP", name="머그컵", playauto_sku="PA-1", category="주방",
                         lead_time_days=5, moq=10, pack_size=2, safety_stock=4, manufacturer="도자기",
                         supplier_id=supplier["id"], unit_cost="1234.50", shelf_life_days=365)
    lid = create_product(client, master_sku="XL-LID", name="뚜껑", category="주방")
    gift = create_product(client, master_sku="XL-GIFT", name="선물 세트", kind="set")
    client.put(f"/api/products/{gift['id']}/components", json=[{"component_id": cup["id"], "quantity": 2},
                                                                {"component_id": lid["id"], "quantity": 1}])
    return cup, lid, gift


def test_export_has_every_column(app):
    client, _ = signup(app)
    _seed(client)
    ws = _export(client).active
    rows = list(ws.iter_rows(values_only=True))
    assert ws.title == "상품마스터" and list(rows[0]) == HEADERS
    by_sku = {row[0]: row for row in rows[1:]}
    assert list(by_sku) == ["XL-CUP", "XL-GIFT", "XL-LID"]
    assert by_sku["XL-CUP"] == ("XL-CUP", "PA-1", "머그컵", "주방", "단품", 5, 10, 2, 4, "도자기", "한빛물산",
                                1234.5, 365, None)
    assert by_sku["XL-GIFT"][COL["kind"]] == "세트"
    assert by_sku["XL-GIFT"][COL["components"]] == "XL-CUP*2; XL-LID*1"


def test_export_then_import_round_trip(app, db):
    client, me = signup(app)
    _seed(client)
    wb = _export(client)
    ws = wb.active
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(row=rows["XL-CUP"], column=COL["name"] + 1, value="머그컵 (대)")
    ws.cell(row=rows["XL-CUP"], column=COL["moq"] + 1, value=20)
    ws.cell(row=rows["XL-CUP"], column=COL["unit_cost"] + 1, value="1,500.5")
    ws.cell(row=rows["XL-LID"], column=COL["supplier"] + 1, value="새 공급처")
    ws.cell(row=rows["XL-GIFT"], column=COL["components"] + 1, value="XL-CUP*3; XL-NEW*1")
    ws.append(["XL-NEW", None, "새 상품", "주방", "단품", 3, "12", None, 0, None, "한빛물산", 990, None, None])

    result = _import(db, me, _save(wb))
    assert result.errors == [] and (result.created, result.updated) == (1, 3)

    products = _products(client)
    cup, lid, gift, new = (products[s] for s in ("XL-CUP", "XL-LID", "XL-GIFT", "XL-NEW"))
    assert (cup["name"], cup["moq"], cup["unit_cost"]) == ("머그컵 (대)", 20, "1500.50")
    assert (cup["playauto_sku"], cup["pack_size"], cup["shelf_life_days"]) == ("PA-1", 2, 365)  # untouched
    assert lid["supplier_name"] == "새 공급처"
    assert "새 공급처" in [s["name"] for s in client.get("/api/suppliers").json()]
    assert [(c["master_sku"], c["quantity"]) for c in gift["components"]] == [("XL-CUP", 3), ("XL-NEW", 1)]
    assert (new["moq"], new["unit_cost"], new["supplier_name"], new["lead_time_days"]) == (12, "990.00", "한빛물산", 3)
    audit = client.get("/api/audit", params={"action": "import"}).json()["items"]
    assert audit[0]["after"] == {"created": 1, "updated": 3}

    # Exporting again gives the same sheet back: importing it changes nothing.
    again = _import(db, me, _save(_export(client)))
    assert (again.created, again.updated, again.errors) == (0, 4, [])
    assert _products(client) == {sku: {**p, "updated_at": _products(client)[sku]["updated_at"]}
                                 for sku, p in products.items()}


def test_row_errors_are_reported_and_nothing_is_applied(app, db):
    client, me = signup(app)
    _seed(client)
    before = _products(client)
    content = workbook_bytes([
        ["XL-CUP", None, "이름 변경", None, "단품", None, "많이"],                       # row 2: text in MOQ
        ["XL-A", None, "신규 A"],                                                          # row 3: fine
        ["XL-SET2", None, "새 세트", None, "세트"] + [None] * 8 + ["XL-CUP*1; NOPE-9*2"],  # row 4: unknown
        ["XL-A", None, "신규 A 중복"],                                                      # row 5: repeats row 3
        ["XL-B", None, "신규 B", None, "번들", 1.5, -3],                                    # row 6: kind, lead time, MOQ
        [None, None, "SKU 없음"],                                                           # row 7: no master SKU
    ])
    result = _import(db, me, content)
    assert (result.created, result.updated) == (0, 0)
    found = {(e["row"], e["field"]) for e in result.errors}
    assert {(2, "moq"), (4, "components"), (5, "master_sku"), (6, "kind"), (6, "lead_time_days"),
            (6, "moq"), (7, "master_sku")} <= found
    assert all(e["row"] != 3 for e in result.errors)
    by_row = {(e["row"], e["field"]): e for e in result.errors}
    assert "많이" in by_row[2, "moq"]["message"] and "NOPE-9" in by_row[4, "components"]["message_en"]
    assert "row 3" in by_row[5, "master_sku"]["message_en"]
    assert _products(client) == before
    assert client.get("/api/audit", params={"action": "import"}).json()["total"] == 0


def test_import_keeps_the_set_rules(app, db):
    client, me = signup(app)
    cup, lid, gift = _seed(client)
    move(client, lid["id"], "inbound", 5)
    before = _products(client)
    cases = [
        # a component of a set cannot become a set itself (that would nest sets)
        [["XL-CUP", None, "머그컵", None, "세트"] + [None] * 8 + ["XL-NEW*1"], ["XL-NEW", None, "새 상품"]],
        # a single product with stock history cannot become a set
        [["XL-LID", None, "뚜껑", None, "세트"] + [None] * 8 + ["XL-NEW*1"], ["XL-NEW", None, "새 상품"]],
        # a set cannot contain itself, nor another set
        [["XL-GIFT", None, "선물 세트", None, "세트"] + [None] * 8 + ["XL-GIFT*1"]],
        [["XL-S2", None, "세트2", None, "세트"] + [None] * 8 + ["XL-GIFT*1"]],
    ]
    for rows in cases:
        result = _import(db, me, workbook_bytes(rows))
        assert result.errors and (result.created, result.updated) == (0, 0), rows
        assert _products(client) == before, rows


def test_a_set_made_single_by_import_loses_its_components(app, db):
    client, me = signup(app)
    _, _, gift = _seed(client)
    result = _import(db, me, workbook_bytes([["XL-GIFT", None, "선물 세트", None, "단품"]]))
    assert result.errors == []
    assert _products(client)["XL-GIFT"]["components"] == []
    assert client.delete(f"/api/products/{_products(client)['XL-CUP']['id']}").status_code == 204


def test_unreadable_or_incomplete_workbooks(app, db):
    client, me = signup(app)
    principal = principal_for(db, me["id"])
    with pytest.raises(BadRequest) as caught:
        import_products(db, principal, b"PK\x03\x04 not really a zip")
    assert caught.value.code == "unreadable_workbook"
    with pytest.raises(BadRequest) as caught:
        import_products(db, principal, workbook_bytes([["X-1", "x"]], header=["마스터 SKU", "가격"]))
    assert caught.value.code == "missing_columns"
    english = workbook_bytes([["EN-1", "English header", "7", "1,234.5"]],
                             header=["Master SKU", "Product name", "MOQ", "Unit cost"])
    result = import_products(db, principal, english)
    assert (result.created, result.errors) == (1, [])
    db.commit()
    product = _products(client)["EN-1"]
    assert (product["moq"], Decimal(product["unit_cost"])) == (7, Decimal("1234.50"))


def test_upload_endpoint_queues_a_job(app):
    client, _ = signup(app)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    r = client.post("/api/products/import", files={"file": ("상품.csv", b"a,b\n1,2\n", "text/csv")})
    assert r.status_code == 400 and r.json()["error"] == "unsupported_file_type"
    r = client.post("/api/products/import", files={"file": ("empty.xlsx", b"", xlsx)})
    assert r.status_code == 400 and r.json()["error"] == "empty_file"
    r = client.post("/api/products/import", files={"file": ("상품.xlsx", workbook_bytes([["J-1", None, "잡"]]), xlsx)})
    assert r.status_code == 202
    job = r.json()
    assert (job["kind"], job["status"], job["progress"], job["result"]) == ("product_import", "queued", 0, None)
    assert [j["id"] for j in client.get("/api/jobs").json()] == [job["id"]]
    assert client.get(f"/api/jobs/{job['id']}").json()["status"] == "queued"
    assert client.get("/api/products").json()["total"] == 0  # nothing happens until the worker runs it


def test_an_old_export_cannot_undo_later_changes(app, db):
    """An export made before someone edited a product may not overwrite that edit; rows of
    products unchanged since, and unchanged rows, still import."""
    client, me = signup(app)
    cup, lid, _ = _seed(client)
    wb = _export(client)
    client.patch(f"/api/products/{cup['id']}", json={"name": "머그컵 (새 이름)"})
    rows = {row[0].value: row for row in wb.active.iter_rows(min_row=2)}
    rows["XL-CUP"][COL["moq"]].value = 50  # edits a product changed since the export
    rows["XL-LID"][COL["moq"]].value = 7  # edits a product nobody touched
    result = _import(db, me, _save(wb))
    assert [(e["row"], "수정되었습니다" in e["message"]) for e in result.errors] == [
        (rows["XL-CUP"][0].row, True)]
    assert _products(client)["XL-CUP"]["name"] == "머그컵 (새 이름)" and _products(client)["XL-LID"]["moq"] == 1

    rows["XL-CUP"][COL["moq"]].value = 10
    rows["XL-CUP"][COL["name"]].value = "머그컵 (새 이름)"  # the row now matches: fine
    assert not _import(db, me, _save(wb)).errors
    assert _products(client)["XL-LID"]["moq"] == 7


def test_another_companys_export_is_refused(app, db):
    a, _ = signup(app, "가나상회")
    _seed(a)
    b, b_me = signup(app)
    with pytest.raises(BadRequest) as refused:
        import_products(db, principal_for(db, b_me["id"]), _save(_export(a)))
    assert refused.value.code == "other_tenant_file" and "가나상회" in refused.value.messages["ko"]
    assert _products(b) == {}
