"""recognise: file kind, marketplace and column fields. The Coupang and SmartStore layouts are the
real header rows in shared/data/korean_marketplace_headers; every row under them is made up."""

from __future__ import annotations

import csv

import pytest

from smartstock.ingest.cleanse import Context, cleanse
from smartstock.ingest.fields import PII_FIELDS, FileKind
from smartstock.ingest.reader import MARKER_SHEET, read_table
from smartstock.ingest.recognize import recognise
from tests.ingest.core_support import TODAY, csv_bytes, table, xlsx_bytes

# ---------------------------------------------------------------- marketplace exports

# Made-up values for the columns a test looks at; other columns get a harmless filler.
BUYERS = ["김민준", "이서연", "박지호"]
FAKE = {
    "주문일": "2024-03-0{i} 10:22:11", "주문일시": "2024-03-0{i} 10:22:11", "결제일": "2024-03-0{i} 10:25:40",
    "주문번호": "20000987{i}", "상품주문번호": "202403011234{i}", "업체상품코드": "MOUSE-BK", "옵션ID": "8000456{i}",
    "상품번호": "98765432{i}", "등록상품명": "무선 마우스", "상품명": "무선 마우스", "옵션정보": "색상: 블랙",
    "구매수(수량)": "{i}", "수량": "{i}", "결제액": "25,000", "옵션판매가(판매단가)": "25000",
    "구매자": "{buyer}", "구매자명": "{buyer}", "수취인이름": "{buyer}", "수취인명": "{buyer}",
    "구매자이메일": "buyer{i}@example.com", "구매자ID": "buyer{i}id",
    "구매자전화번호": "010-1234-567{i}", "수취인전화번호": "010-9876-543{i}", "통관용구매자전화번호": "010-1234-567{i}",
    "수취인연락처1": "010-9876-543{i}", "(수취인연락처1)": "010-9876-543{i}", "(수취인연락처2)": "010-5555-000{i}",
    "(구매자연락처)": "010-1234-567{i}", "우편번호": "0623{i}", "(우편번호)": "0623{i}",
    "수취인 주소": "서울특별시 강남구 테헤란로 15{i}", "배송지": "서울특별시 강남구 테헤란로 15{i}",
    "(기본주소)": "서울특별시 강남구 테헤란로 15{i}", "(상세주소)": "비밀아파트 10{i}호",
    "개인통관번호(PCCC)": "P12345678901{i}", "개인통관고유부호": "P12345678901{i}", "구매자 주민등록번호": "900101-123456{i}",
    "주문상태": "배송완료", "주문세부상태": "배송완료",
}
MARKETPLACES = {
    "coupang": {
        "file": "coupang_wing_deliverylist_header.csv",
        "notice": None,
        "fields": {"date": {"주문일"}, "sku": {"업체상품코드", "옵션ID"}, "quantity": {"구매수(수량)"}},
        "pii": {"구매자", "구매자이메일", "구매자전화번호", "수취인이름", "수취인전화번호", "우편번호", "수취인 주소",
                "개인통관번호(PCCC)", "통관용구매자전화번호"},
    },
    "smartstore": {
        "file": "naver_smartstore_order_header.csv",
        "notice": "※ 주문 정보에는 개인정보가 포함되어 있으니 취급에 유의하시기 바랍니다.",
        "fields": {"date": {"주문일시", "결제일"}, "sku": {"상품번호"}, "quantity": {"수량"}},
        "pii": {"수취인명", "수취인연락처1", "배송지", "구매자 주민등록번호", "개인통관고유부호", "구매자ID", "구매자명",
                "(수취인연락처1)", "(수취인연락처2)", "(우편번호)", "(기본주소)", "(상세주소)", "(구매자연락처)"},
    },
}


def marketplace_rows(headers: list[str], notice: str | None) -> list[list[str]]:
    rows = [[notice]] if notice else []
    rows.append(headers)
    for i, buyer in enumerate(BUYERS, start=1):
        rows.append([FAKE.get(h, "-").format(i=i, buyer=buyer) for h in headers])
    return rows


def personal_values(headers: list[str], pii_columns: set[str]) -> set[str]:
    return {FAKE[h].format(i=i, buyer=b) for h in pii_columns for i, b in enumerate(BUYERS, start=1) if h in headers}


@pytest.fixture(scope="module", params=list(MARKETPLACES))
def marketplace(request, shared_data_dir):
    spec = MARKETPLACES[request.param]
    with open(shared_data_dir / "korean_marketplace_headers" / spec["file"], encoding="utf-8") as f:
        headers = next(csv.reader(f))
    return request.param, spec, headers


@pytest.mark.parametrize("to_bytes", [lambda rows: csv_bytes(rows, "cp949"), xlsx_bytes], ids=["cp949-csv", "xlsx"])
def test_marketplace_order_export_is_recognised(marketplace, to_bytes):
    channel, spec, headers = marketplace
    raw = read_table(to_bytes(marketplace_rows(headers, spec["notice"])))
    assert raw.header_line == (2 if spec["notice"] else 1)
    assert raw.headers == headers and raw.rows == len(BUYERS)

    recognition = recognise(raw)
    assert (recognition.kind, recognition.channel) == (FileKind.orders, channel)
    column_of = {fld: col for col, fld in recognition.mapping.items()}
    for fld, acceptable in spec["fields"].items():
        assert column_of.get(fld) in acceptable, fld
    unprotected = {c for c in spec["pii"] if recognition.mapping.get(c) not in PII_FIELDS}
    assert not unprotected, f"personal data not recognised: {unprotected}"
    assert all(recognition.mapping.get(col) not in PII_FIELDS for cols in spec["fields"].values() for col in cols)


def test_marketplace_personal_data_never_reaches_the_report_or_the_sales(marketplace):
    channel, spec, headers = marketplace
    raw = read_table(xlsx_bytes(marketplace_rows(headers, spec["notice"])))
    recognition = recognise(raw)
    result = cleanse(raw, recognition.mapping, recognition.kind,
                     Context(today=TODAY, file_channel=recognition.channel))
    assert result.rows_kept == len(BUYERS)
    assert result.summary["channels"] == [channel]
    assert result.summary["quantity"] == 1 + 2 + 3
    shown = repr([r.examples for r in result.rules]) + repr(result.sales.to_dicts()) + repr(
        result.new_products.to_dicts())
    secrets = personal_values(headers, spec["pii"])
    assert len(secrets) > 20
    assert not {s for s in secrets if s in shown}


# ---------------------------------------------------------------- kinds and fields from headers

@pytest.mark.parametrize(("headers", "kind", "expected"), [
    (["Order Date", "SKU", "Product Name", "Qty", "Unit Price"], FileKind.sales,
     {"Order Date": "date", "SKU": "sku", "Product Name": "name", "Qty": "quantity", "Unit Price": "unit_price"}),
    (["판매일자", "품번", "판매수량", "매출액", "쇼핑몰"], FileKind.sales,
     {"판매일자": "date", "품번": "sku", "판매수량": "quantity", "매출액": "revenue", "쇼핑몰": "channel"}),
    (["주문번호", "주문일자", "상품명", "수량", "주문자명", "연락처"], FileKind.orders,
     {"주문번호": "order_id", "주문일자": "date", "상품명": "name", "수량": "quantity", "주문자명": "customer_name",
      "연락처": "phone"}),
    (["상품코드", "입고수량", "출고수량", "소비기한", "메모"], FileKind.stock,  # 출고수량 is outbound here
     {"상품코드": "sku", "입고수량": "inbound", "출고수량": "outbound", "소비기한": "use_by", "메모": "memo"}),
    (["상품코드", "상품명", "리드타임", "MOQ", "안전재고"], FileKind.products, {"상품코드": "sku", "상품명": "name"}),
])
def test_kind_and_fields_from_headers(headers, kind, expected):
    recognition = recognise(table([headers]))
    assert recognition.kind == kind
    assert {c: f for c, f in recognition.mapping.items() if c in expected} == expected
    assert all(c.basis == "header" for c in recognition.columns if c.column in expected)


def test_columns_with_meaningless_headers_are_recognised_from_their_values():
    rows = [["A", "B", "C", "D", "E"],
            *[[f"2024-01-{d:02d}", f"SKU-{d % 3}", str(d % 4 + 1), f"010-2222-33{d:02d}", f"k{d}@example.com"]
              for d in range(1, 11)]]
    recognition = recognise(table(rows))
    assert recognition.mapping == {"A": "date", "B": "sku", "C": "quantity", "D": "phone", "E": "email"}
    assert {c.basis for c in recognition.columns} == {"content"}
    assert recognition.kind == FileKind.sales


def test_a_remembered_mapping_wins():
    raw = table([["날짜", "상품코드", "수량", "비고"], ["2024-01-05", "A-1", "3", "x"]])
    remembered = (FileKind.sales, {"날짜": "date", "상품코드": "name", "수량": "quantity", "비고": None})
    recognition = recognise(raw, remembered)
    assert recognition.mapping == {"날짜": "date", "상품코드": "name", "수량": "quantity"}
    assert {c.basis for c in recognition.columns} == {"remembered"}


def test_layout_signature_depends_on_headers_and_container_not_values():
    rows = [["날짜", "상품코드", "수량"], ["2024-01-05", "A-1", "3"]]
    signature = recognise(table(rows)).signature
    assert recognise(table([rows[0], ["2025-12-31", "Z", "9"]])).signature == signature
    assert recognise(table([["날짜", "상품코드", "판매량"], rows[1]])).signature != signature
    assert recognise(read_table(xlsx_bytes(rows))).signature != signature


def test_smartstock_template_is_a_stock_file_by_its_marker_sheet():
    def add_marker(sheet):
        marker = sheet.parent.create_sheet(MARKER_SHEET, 0)
        marker.append(["kind", "stock_template"])
        marker.append(["version", "3"])
    raw = read_table(xlsx_bytes([["마스터 SKU", "입고량", "비고"], ["A-1", "5", ""]], edit=add_marker))
    assert (raw.sheet, raw.marker) == ("Sheet", {"kind": "stock_template", "version": "3"})
    recognition = recognise(raw)
    assert (recognition.kind, recognition.kind_confidence) == (FileKind.stock, 1.0)
