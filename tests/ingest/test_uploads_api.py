"""Uploads through the API on every database: analyse in the worker, read the report, correct
the mapping and the actions, apply all-or-nothing, refuse the same file twice, undo exactly."""

from __future__ import annotations

import io
import json

from openpyxl import load_workbook

from smartstock.settings import get_settings
from tests.factories import create_product, move, signup
from tests.ingest.support import act, get, rule, run_jobs, upload
from tests.kit.support import on_hand

SALES = (
    "주문일,상품코드,수량,판매채널\n"
    "2024-01-01,A-1,3,쿠팡\n"
    "2024-01-01,a-1 ,2,쿠팡\n"  # the same product written differently
    "2024-01-02,B-2,1개,자사몰\n"
    "2024-01-02,B-2,1개,자사몰\n"  # an exact duplicate
    "2024-01-03,배송비,1,자사몰\n"  # postage
    "2099-01-01,A-1,5,쿠팡\n"  # in the future
).encode("cp949")


def demand(client, sku: str) -> list[tuple[str, int, str | None]]:
    product = client.get("/api/products", params={"q": sku}).json()["items"][0]
    days = client.get(f"/api/products/{product['id']}/demand", params={"by_channel": True}).json()
    return [(d["date"], d["quantity"], d["channel"]) for d in days if d["quantity"]]


def test_sales_file_report_apply_twice_and_undo(app, session_factory):
    client, _ = signup(app)
    u = upload(client, session_factory, SALES)
    assert u["status"] == "ready" and u["kind"] == "sales"
    report = u["report"]
    assert report["file"]["encoding"] == "cp949" and report["rows_read"] == 6
    counts = {r["id"]: r["count"] for r in report["rules"]}
    assert counts["exact_duplicates"] == 1 and counts["sku_variants"] == 1 and counts["non_product"] == 1
    assert counts["future_date"] == 1 and counts["non_numeric_quantity"] == 2 and counts["unknown_sku"] == 6
    assert rule(report, "future_date")["examples"][0]["line"] == 7
    assert report["rows_kept"] == 3 and report["summary"]["new_products"] == 2

    u = act(client, session_factory, u["id"], "apply")
    assert u["status"] == "applied" and u["result"]["products_created"] == 2
    assert demand(client, "A-1") == [("2024-01-01", 5, "coupang")]
    assert demand(client, "B-2") == [("2024-01-02", 1, "own_mall")]

    # The same file again: recognised as applied, refused with a clear message.
    again = upload(client, session_factory, SALES, "again.csv")
    assert again["already_applied_as"] == u["id"]
    r = client.post(f"/api/uploads/{again['id']}/apply")
    assert r.status_code == 409 and r.json()["error"] == "already_applied" and f"#{u['id']}" in r.json()["detail"]
    # A different file covering the same days skips them (no double counting) and adds the new day.
    overlap = "주문일,상품코드,수량,판매채널\n2024-01-01,A-1,9,쿠팡\n2024-01-04,A-1,4,쿠팡\n".encode()
    o = upload(client, session_factory, overlap, "overlap.csv")
    assert rule(o["report"], "already_applied")["count"] == 1
    o = act(client, session_factory, o["id"], "apply")
    assert demand(client, "A-1") == [("2024-01-01", 5, "coupang"), ("2024-01-04", 4, "coupang")]

    # Undo reverses exactly its effect: its rows go, the products it registered go.
    u = act(client, session_factory, u["id"], "undo")
    assert u["status"] == "undone" and u["result"]["undo"] == {
        "sales_rows_removed": 2, "movements_undone": 0, "products_restored": 0, "products_removed": 1}
    assert demand(client, "A-1") == [("2024-01-04", 4, "coupang")]  # A-1 is still used by the later upload
    assert client.get("/api/products", params={"q": "B-2"}).json()["total"] == 0
    assert act(client, session_factory, again["id"], "apply")["status"] == "applied"  # now it may


def test_mapping_correction_is_remembered_for_the_same_layout(app, session_factory):
    client, _ = signup(app)
    # Headers that say nothing: the content tells date, code and a quantity (the wrong one here).
    content = "일,코드,X열,Y열\n2024-03-01,K-1,1,2\n2024-03-02,K-1,1,4\n".encode()
    u = upload(client, session_factory, content)
    guessed = {c["column"]: (c["field"], c["basis"]) for c in u["report"]["columns"]}
    assert guessed == {"일": ("date", "content"), "코드": ("sku", "content"), "X열": ("quantity", "content"),
                       "Y열": (None, "none")}
    r = client.put(f"/api/uploads/{u['id']}/mapping", json={
        "kind": "sales", "columns": {"일": "date", "코드": "sku", "X열": None, "Y열": "quantity"},
        "channel": "smartstore"})
    assert r.status_code == 202
    run_jobs(session_factory)
    u = get(client, u["id"])
    assert u["status"] == "ready" and not u["report"]["blocking"] and u["report"]["summary"]["quantity"] == 6
    assert {c["column"]: (c["field"], c["basis"]) for c in u["report"]["columns"]}["X열"] == (None, "user")
    assert act(client, session_factory, u["id"], "apply")["status"] == "applied"
    assert demand(client, "K-1") == [("2024-03-01", 2, "smartstore"), ("2024-03-02", 4, "smartstore")]

    nxt = upload(client, session_factory, "일,코드,X열,Y열\n2024-03-03,K-1,1,7\n".encode(), "next.csv")
    assert nxt["report"]["remembered_layout"] and not nxt["report"]["blocking"]
    assert nxt["channel"] == "smartstore" and nxt["report"]["summary"]["quantity"] == 7

    r = client.put(f"/api/uploads/{nxt['id']}/mapping", json={"kind": "sales", "columns": {"일": "date", "코드": "date"}})
    assert r.status_code == 400 and r.json()["error"] == "duplicate_field"
    r = client.put(f"/api/uploads/{nxt['id']}/mapping", json={"kind": "sales", "columns": {"없는열": "date"}})
    assert r.status_code == 400 and r.json()["error"] == "unknown_column"


def test_missing_columns_block_applying(app, session_factory):
    client, _ = signup(app)
    u = upload(client, session_factory, "메모,비고\n가나다,라마바\n".encode())
    assert u["report"]["missing_fields"] == ["date", "sku", "quantity"] and u["report"]["blocking"]
    r = client.post(f"/api/uploads/{u['id']}/apply")
    assert r.status_code == 400 and r.json()["error"] == "report_has_errors"


def test_rule_actions_change_what_is_kept(app, session_factory):
    client, _ = signup(app)
    u = upload(client, session_factory, SALES)
    r = client.put(f"/api/uploads/{u['id']}/actions", json={"actions": {
        "exact_duplicates": "keep", "non_product": "keep", "sku_variants": "keep"}})
    assert r.status_code == 202
    run_jobs(session_factory)
    u = get(client, u["id"])
    assert u["actions"] == {"exact_duplicates": "keep", "non_product": "keep", "sku_variants": "keep"}
    assert u["report"]["rows_kept"] == 5 and u["report"]["summary"]["new_products"] == 4
    r = client.put(f"/api/uploads/{u['id']}/actions", json={"actions": {"outliers": "sometimes"}})
    assert r.status_code == 422


def test_reports_download_and_personal_data_is_never_shown(app, session_factory):
    client, _ = signup(app)
    export = ("상품주문번호,주문번호,주문일시,상품번호,상품명,수량,수취인명,수취인연락처1,배송지,구매자ID\n"
              "2024010112345,1001,2024-01-01 10:00,P-77,사과 1kg,2,홍길동,010-1234-5678,서울시 강남구 테헤란로 1,buyer77\n")
    u = upload(client, session_factory, export.encode("cp949"), "스마트스토어_전체주문발주발송관리.csv")
    assert u["kind"] == "orders" and u["report"]["channel"] == "smartstore"
    assert {p["column"] for p in u["report"]["pii"]} == {"수취인명", "수취인연락처1", "배송지", "구매자ID"}
    text = json.dumps(u)
    for secret in ("홍길동", "1234-5678", "테헤란로", "buyer77"):
        assert secret not in text
    report_json = client.get(f"/api/uploads/{u['id']}/report.json")
    assert report_json.status_code == 200 and "홍길동" not in report_json.content.decode()
    assert json.loads(report_json.content)["rules"][0]["id"] == "exact_duplicates"
    workbook = load_workbook(io.BytesIO(client.get(f"/api/uploads/{u['id']}/report.xlsx").content))
    assert {"요약", "열 매핑", "정제 규칙", "개인정보"} <= set(workbook.sheetnames)
    cells = {str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row}
    assert not any("홍길동" in c or "5678" in c for c in cells)

    # The original is kept, encrypted at rest, and comes back byte for byte.
    original = client.get(f"/api/uploads/{u['id']}/original")
    assert original.content == export.encode("cp949")
    stored = list((get_settings().upload_dir).glob("*/*.bin"))
    assert stored and not any("홍길동".encode("cp949") in p.read_bytes() for p in stored)
    assert client.delete(f"/api/uploads/{u['id']}").status_code == 204
    assert client.get(f"/api/uploads/{u['id']}").status_code == 404


def test_unreadable_files_fail_with_a_message_and_change_nothing(app, session_factory):
    client, _ = signup(app)
    r = client.post("/api/uploads", files={"file": ("empty.csv", b"")})
    assert r.status_code == 400 and r.json()["error"] == "empty_file"
    for name, content, code in (
        ("picture.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_a_table"),
        ("broken.xlsx", b"PK\x03\x04not really a zip", "corrupt_workbook"),
        ("latin.csv", "날짜,코드,수량\n".encode("utf-8") + b"\xff\xfe\xfa,x,1\n", "unknown_encoding"),
    ):
        u = upload(client, session_factory, content, name)
        assert u["status"] == "failed" and u["error"]["code"] == code, (name, u["error"])
        assert u["error"]["ko"] and u["error"]["en"]
        assert client.post(f"/api/uploads/{u['id']}/apply").status_code == 409
    assert client.get("/api/products").json()["total"] == 0


def _filled_template(client, rows: dict[str, tuple]) -> bytes:
    """The downloaded template with (입고량, 출고량[, 소비기한]) typed in for some master SKUs."""
    workbook = load_workbook(io.BytesIO(client.get("/api/uploads/template.xlsx").content))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        values = rows.get(row[0].value)
        if values:
            for title, value in zip(("입고량", "출고량", "소비기한"), values, strict=False):
                row[header.index(title)].value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_template_round_trip_books_movements_with_the_user(app, session_factory):
    client, me = signup(app)
    single = create_product(client, master_sku="TPL-1")
    part = create_product(client, master_sku="TPL-2")
    bundle = create_product(client, master_sku="TPL-SET", kind="set")
    client.put(f"/api/products/{bundle['id']}/components", json=[{"component_id": part["id"], "quantity": 2}])
    move(client, part["id"], "inbound", 10)
    content = _filled_template(client, {"TPL-1": (20, 5, "2027-01-31"), "TPL-SET": (None, 3)})
    u = upload(client, session_factory, content, "재고입출고_양식.xlsx")
    assert u["kind"] == "stock" and u["report"]["template"] and not u["report"]["blocking"]
    summary = u["report"]["summary"]
    assert (summary["movements"], summary["inbound"], summary["outbound"], summary["products"]) == (2, 20, 8, 2)
    u = act(client, session_factory, u["id"], "apply")
    assert u["status"] == "applied", u
    assert on_hand(client, single["id"]) == 15 and on_hand(client, part["id"]) == 4  # the set used 2 × 3
    booked = client.get("/api/stock/movements", params={"page_size": 50}).json()["items"]
    from_upload = [m for m in booked if m["source"] == "upload"]
    assert from_upload and all(m["actor"]["id"] == me["id"] for m in from_upload)
    assert client.get("/api/stock/lots", params={"product_id": single["id"]}).json()[0]["use_by"] == "2027-01-31"

    u = act(client, session_factory, u["id"], "undo")
    assert u["status"] == "undone"
    assert on_hand(client, single["id"]) == 0 and on_hand(client, part["id"]) == 10
    undos = client.get("/api/stock/movements", params={"reason": "undo"}).json()["items"]
    assert undos and all(m["source"] == "upload" and m["actor"]["id"] == me["id"] for m in undos)


def test_a_stock_file_must_say_inbound_or_outbound(app, session_factory):
    client, _ = signup(app)
    create_product(client, master_sku="Q-1")
    u = upload(client, session_factory, "품번,입고수량,X열\nQ-1,3,2\n".encode())
    assert u["kind"] == "stock" and u["report"]["blocking"]
    assert [(e["field"], e["value"]) for e in u["report"]["errors"]] == [("quantity", "X열")]


def test_template_row_errors_apply_nothing(app, session_factory):
    client, _ = signup(app)
    create_product(client, master_sku="ERR-1")
    workbook = load_workbook(io.BytesIO(_filled_template(client, {"ERR-1": ("열 개", -2)})))
    workbook.worksheets[0].append(["NOPE-9", None, None, None, None, None, 4])
    buffer = io.BytesIO()
    workbook.save(buffer)
    u = upload(client, session_factory, buffer.getvalue(), "template.xlsx")
    errors = {(e["line"], e["field"]) for e in u["report"]["errors"]}
    assert errors == {(2, "inbound"), (2, "outbound"), (3, "sku")} and u["report"]["blocking"]
    assert client.post(f"/api/uploads/{u['id']}/apply").status_code == 400
    assert client.get("/api/stock/movements").json()["total"] == 0

    # Outbound beyond stock is found by the report (rows in file order, as applying books them) …
    u = upload(client, session_factory, _filled_template(client, {"ERR-1": (None, 5)}), "too-much.xlsx")
    assert [(e["line"], e["field"]) for e in u["report"]["errors"]] == [(2, "outbound")]
    assert "재고가 부족합니다" in u["report"]["errors"][0]["message"]
    assert client.post(f"/api/uploads/{u['id']}/apply").status_code == 400
    # … and again when applying, if the stock went down in between: the job fails, nothing is booked.
    product = client.get("/api/products", params={"q": "ERR-1"}).json()["items"][0]
    move(client, product["id"], "inbound", 5)
    u = upload(client, session_factory, _filled_template(client, {"ERR-1": (None, 5)}), "enough.xlsx")
    assert not u["report"]["blocking"]
    move(client, product["id"], "outbound", 1)
    u = act(client, session_factory, u["id"], "apply")
    assert u["status"] == "ready" and u["job"]["status"] == "failed"
    assert u["job"]["result"]["errors"][0]["line"] == 2
    assert on_hand(client, product["id"]) == 4
    assert [m["source"] for m in client.get("/api/stock/movements").json()["items"]] == ["manual", "manual"]


def test_a_template_of_another_tenant_is_refused(app, session_factory):
    a, _ = signup(app, "A상사")
    b, _ = signup(app)
    create_product(a, master_sku="A-ONLY")
    content = _filled_template(a, {"A-ONLY": (1, None)})
    u = upload(b, session_factory, content, "template.xlsx")
    assert u["status"] == "failed" and u["error"]["code"] == "other_tenant_file" and "A상사" in u["error"]["ko"]


def test_a_product_master_goes_through_the_catalog_import(app, session_factory):
    client, _ = signup(app)
    create_product(client, master_sku="PM-1", name="예전 이름")
    workbook = load_workbook(io.BytesIO(client.get("/api/products/export.xlsx").content))
    sheet = workbook.worksheets[0]
    sheet["C2"] = "새 이름"
    sheet.append(["PM-2", None, "새 상품", "문구", "단품", 3])
    buffer = io.BytesIO()
    workbook.save(buffer)
    u = upload(client, session_factory, buffer.getvalue(), "products.xlsx")
    assert u["kind"] == "products" and u["report"]["products"] == {"created": 1, "updated": 1}
    assert client.get("/api/products").json()["total"] == 1  # the analysis changed nothing
    u = act(client, session_factory, u["id"], "apply")
    assert u["status"] == "applied" and u["result"]["created"] == 1 and u["result"]["updated"] == 1
    assert {p["master_sku"]: p["name"] for p in client.get("/api/products").json()["items"]} == {
        "PM-1": "새 이름", "PM-2": "새 상품"}
    u = act(client, session_factory, u["id"], "undo")  # the master as it was: name back, new product gone
    assert u["result"]["undo"]["products_restored"] == 1 and u["result"]["undo"]["products_removed"] == 1
    assert {p["master_sku"]: p["name"] for p in client.get("/api/products").json()["items"]} == {"PM-1": "예전 이름"}


def test_a_file_over_the_upload_limit_is_refused_and_nothing_is_kept(session_factory, monkeypatch):
    """The limit is MAX_UPLOAD_BYTES (200 MB by default); lowered here to keep the test small."""
    from smartstock.app import create_app

    monkeypatch.setattr(get_settings(), "max_upload_bytes", 50_000)
    app = create_app(session_factory=session_factory)
    client, _ = signup(app)
    kept_before = set(get_settings().upload_dir.glob("*/*"))
    big = b"date,sku,qty\n" + b"2024-01-01,A-1,1\n" * 5_000
    for language, words in (("ko", "파일이 너무 큽니다"), ("en", "too large")):
        r = client.post("/api/uploads", files={"file": ("big.csv", big)}, headers={"Accept-Language": language})
        assert r.status_code == 413 and words in r.json()["detail"]
    assert client.get("/api/uploads").json()["total"] == 0
    assert set(get_settings().upload_dir.glob("*/*")) == kept_before
