"""read_table: encodings, formats, where the header is, line numbers, and every kind of bad file."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import xlwt
import xlsxwriter

from smartstock.ingest.reader import LINE, OLE_MAGIC, UnreadableFile, read_table
from smartstock.kit.errors import BadRequest
from tests.ingest.core_support import csv_bytes, xlsx_bytes

KOREAN = [["주문일자", "상품코드", "상품명", "수량"],
          ["2024-01-05", "A-1", "무선 마우스", "3"],
          ["2024-01-06", "B-2", "키보드 덮개", "1"]]


def body(table) -> list[list[str | None]]:
    return [list(row) for row in table.frame.drop(LINE).rows()]


def lines(table) -> list[int]:
    return table.frame.get_column(LINE).to_list()


# ---------------------------------------------------------------- encodings

@pytest.mark.parametrize(("content", "encoding"), [
    (csv_bytes(KOREAN, "cp949"), "cp949"),
    (csv_bytes(KOREAN, "utf-8-sig"), "utf-8-sig"),
    (csv_bytes(KOREAN, "utf-8"), "utf-8"),
    (csv_bytes(KOREAN, "utf-16", delimiter="\t"), "utf-16"),  # Excel's "Unicode text"
], ids=["cp949", "utf-8-bom", "utf-8", "utf-16-tab"])
def test_text_encodings_read_the_same_table(content, encoding):
    table = read_table(content, "sales.csv")
    assert (table.format, table.encoding) == ("csv", encoding)
    assert table.headers == KOREAN[0]  # no BOM left on the first header
    assert body(table) == KOREAN[1:]
    assert lines(table) == [2, 3]


def test_bytes_that_are_neither_utf8_nor_cp949_are_refused():
    content = b"date,sku,qty\n" + bytes([0x80, 0xFF, 0x2C, 0x41, 0x0A])  # 0xFF starts no CP949 character
    with pytest.raises(UnreadableFile) as caught:
        read_table(content, "sales.csv")
    assert caught.value.code == "unknown_encoding"


def test_format_comes_from_the_content_not_the_name():
    assert read_table(csv_bytes(KOREAN), "sales.xlsx").format == "csv"
    assert read_table(xlsx_bytes(KOREAN), "sales.csv").format == "xlsx"


# ---------------------------------------------------------------- where the header is

@pytest.mark.parametrize("above", [
    [["※ 개인정보 보호를 위해 주문 정보는 3개월 후 삭제됩니다."]],  # SmartStore's notice line
    [["판매 현황 (2024년 1월)"], []],  # a title and an empty line
    [["판매 현황"], ["작성자: 김담당"]],  # two lines, no separator in either
])
@pytest.mark.parametrize("to_bytes", [csv_bytes, xlsx_bytes], ids=["csv", "xlsx"])
def test_header_below_notice_or_title_rows(above, to_bytes):
    table = read_table(to_bytes([*above, *KOREAN]))
    assert table.header_line == len(above) + 1
    assert table.headers == KOREAN[0]
    assert body(table) == KOREAN[1:]
    assert lines(table) == [len(above) + 2, len(above) + 3]


def test_header_of_unknown_names_is_the_first_row_with_two_text_cells():
    table = read_table(csv_bytes([["Monthly report"], ["when", "what", "how many"], ["2024-01-05", "A1", "3"]]))
    assert (table.header_line, table.headers) == (2, ["when", "what", "how many"])


def test_a_header_with_a_single_row_under_title_lines():
    table = read_table(csv_bytes([["판매 현황"], ["작성자: 김담당"], KOREAN[0], KOREAN[1]]))
    assert (table.header_line, body(table)) == (3, [KOREAN[1]])


def test_a_header_without_rows_is_an_empty_table():
    for content in (csv_bytes(KOREAN[:1]), xlsx_bytes(KOREAN[:1])):
        table = read_table(content)
        assert (table.headers, table.rows) == (KOREAN[0], 0)


def test_line_numbers_count_blank_lines_and_line_breaks_inside_cells():
    content = ("날짜,상품코드,수량,배송메세지\r\n"
               "2024-01-05,A-1,3,\"문 앞에\r\n놓아 주세요\"\r\n"
               "\r\n"
               "2024-01-06,A-2,1,\r\n").encode()
    table = read_table(content)
    assert lines(table) == [2, 5]
    assert body(table)[0][3] == "문 앞에\r\n놓아 주세요"


def test_cells_are_trimmed_and_empty_cells_are_null_and_duplicate_headers_made_unique():
    table = read_table(csv_bytes([["수량", "수량", ""], [" 3 ", "", ""], ["", "", ""], ["4", "5", ""]]))
    assert table.headers == ["수량", "수량 (2)"]
    assert body(table) == [["3", None], ["4", "5"]]  # the blank row is gone, its line number too
    assert lines(table) == [2, 4]


# ---------------------------------------------------------------- workbooks

def test_xlsx_dates_and_numbers_become_text():
    rows = [["날짜", "상품코드", "수량", "단가"],
            [dt.date(2024, 1, 5), "A-1", 3, 1200.0],
            [dt.datetime(2024, 1, 6, 13, 5), 12345, 2.5, 990.5]]
    table = read_table(xlsx_bytes(rows), "sales.xlsx")
    assert (table.format, table.sheet) == ("xlsx", "Sheet")
    assert body(table) == [["2024-01-05", "A-1", "3", "1200"], ["2024-01-06 13:05:00", "12345", "2.5", "990.5"]]


def test_xlsx_line_numbers_are_sheet_row_numbers_when_the_table_starts_lower_down():
    def move(sheet):
        sheet.move_range("A1:D3", rows=3)
    table = read_table(xlsx_bytes(KOREAN, edit=move))
    assert (table.header_line, table.headers) == (4, KOREAN[0])
    assert lines(table) == [5, 6]


def test_merged_cells_below_the_header_are_read():
    def merge_a_total_row(sheet):
        sheet.append(["합계", None, None, "4"])
        sheet.merge_cells("A4:C4")
    table = read_table(xlsx_bytes(KOREAN, edit=merge_a_total_row))
    assert body(table)[-1] == ["합계", None, None, "4"]


def test_formulas_with_their_cached_values_are_read():
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as workbook:
        sheet = workbook.add_worksheet("판매")
        sheet.write_row(0, 0, KOREAN[0])
        sheet.write_row(1, 0, KOREAN[1][:3])
        sheet.write_formula(1, 3, "=1+2", None, 3)
    table = read_table(buffer.getvalue())
    assert table.sheet == "판매"
    assert body(table) == [[*KOREAN[1][:3], "3"]]


def test_xls_workbook():
    """An Excel 97-2003 .xls (written with xlwt, as old Excel and many shop tools save them)."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("판매")
    for r, row in enumerate(KOREAN):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "sales.xls")
    assert (table.format, table.sheet, table.headers, body(table)) == ("xls", "판매", KOREAN[0], KOREAN[1:])


# ---------------------------------------------------------------- files that are refused

def _ole(*parts: bytes) -> bytes:
    return OLE_MAGIC + b"\x00" * 504 + b"".join(parts)


def _formulas(sheet):
    sheet["D2"] = "=1+2"


def _merged_header(sheet):
    sheet.merge_cells("A1:B1")


BAD_FILES = {
    "empty": (b"", "empty_file"),
    "whitespace only": (b"  \r\n\t\n   ", "empty_file"),
    "png image": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not_a_table"),
    "one column of text": ("메모\n첫째 줄\n둘째 줄\n".encode(), "not_a_table"),
    "corrupt zip named xlsx": (b"PK\x03\x04" + b"\x00garbage" * 40, "corrupt_workbook"),
    "password-protected workbook": (_ole("EncryptedInfo".encode("utf-16-le"), b"\x00\x00",
                                         "EncryptedPackage".encode("utf-16-le")), "password_protected"),
    "damaged ole file": (_ole(b"\x00" * 1024), "corrupt_workbook"),
    "merged header cells": (xlsx_bytes(KOREAN, edit=_merged_header), "merged_header"),
    "formulas without values": (xlsx_bytes(KOREAN, edit=_formulas), "formulas_without_values"),
    "workbook without data": (xlsx_bytes([]), "empty_file"),
}


@pytest.mark.parametrize(("content", "code"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_unreadable_files_are_refused_with_a_reason_in_both_languages(content, code):
    with pytest.raises(UnreadableFile) as caught:
        read_table(content, "upload.xlsx")
    error = caught.value
    assert isinstance(error, BadRequest)
    assert error.code == code
    assert error.messages["ko"] and error.messages["en"] and error.messages["ko"] != error.messages["en"]
