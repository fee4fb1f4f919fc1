"""Reading an uploaded file into a table of text cells, whatever its format and encoding.

The format comes from the content, not the file name: CSV/TSV text in UTF-8 (with or without a
byte-order mark), UTF-16 (Excel's "Unicode text") or CP949/EUC-KR (what Korean Excel saves), XLSX
and XLS workbooks. The header row is found among the first rows (marketplace exports put a notice
line above it). Every cell stays text here; the cleansing rules parse values and count what fails.
Unreadable input raises `UnreadableFile` with a Korean and English message.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

import polars as pl
import python_calamine as calamine

from smartstock.ingest.fields import FIELDS, normalise_header
from smartstock.kit.errors import BadRequest
from smartstock.kit.markers import MARKER_SHEET, marker_from_rows

LINE = "__line"  # the row's line (CSV) or row number (Excel) in the original file, 1-based
HEADER_SCAN_ROWS = 30
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_KNOWN_HEADERS = {normalise_header(s) for f in FIELDS for s in f.synonyms}


class UnreadableFile(BadRequest):
    code = "unreadable_file"


@dataclass
class RawTable:
    frame: pl.DataFrame  # one String column per header, plus LINE
    headers: list[str]  # column labels in file order (made unique)
    header_line: int
    format: str  # csv | xlsx | xls
    encoding: str | None = None
    sheet: str | None = None
    marker: dict[str, str] = field(default_factory=dict)  # a SmartStock template's metadata sheet

    @property
    def rows(self) -> int:
        return self.frame.height


def read_table(content: bytes, filename: str = "") -> RawTable:
    if not content.strip():
        raise UnreadableFile("빈 파일입니다.", "The file is empty.", code="empty_file")
    if content.startswith(OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in content:
            raise _password_protected()
        return _read_workbook(content, "xls")
    if content.startswith(b"PK\x03\x04"):
        return _read_workbook(content, "xlsx")
    return _read_text(content)


# ---------------------------------------------------------------- text (CSV, TSV)

def _decode(content: bytes) -> tuple[str, str]:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16"), "utf-16"
    for encoding in ("utf-8", "cp949"):
        try:
            return content.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(
        "파일의 문자 인코딩을 알 수 없습니다. UTF-8 또는 CP949(EUC-KR)로 저장한 CSV, 혹은 엑셀 파일을 올려 주세요.",
        "The file's text encoding is not recognised. Upload a CSV saved as UTF-8 or CP949 (EUC-KR), or an Excel file.",
        code="unknown_encoding",
    )


def _read_text(content: bytes) -> RawTable:
    if b"\x00" in content[:8192] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _not_a_table()
    text, encoding = _decode(content)
    head_lines = text[:200_000].splitlines()[:HEADER_SCAN_ROWS * 2]
    separator = _sniff_separator(head_lines)
    head_rows = list(csv.reader(head_lines[:HEADER_SCAN_ROWS], delimiter=separator))
    header_index = _header_row(head_rows)
    headers = _unique_headers(head_rows[header_index])
    try:
        frame = pl.read_csv(
            io.BytesIO(text.encode("utf-8")), has_header=False, skip_rows=header_index + 1, separator=separator,
            infer_schema=False, truncate_ragged_lines=True,
        )
    except pl.exceptions.NoDataError:  # a header and no rows: an empty table, as for a workbook
        frame = pl.DataFrame(schema={h: pl.String for h in headers})
    except pl.exceptions.PolarsError as exc:
        raise UnreadableFile(f"CSV 파일을 읽을 수 없습니다: {exc}", f"The CSV file cannot be read: {exc}",
                             code="unreadable_csv") from exc
    # a quoted cell may span lines (a delivery message with a line break): later rows start further down
    spanned = frame.select(pl.sum_horizontal(pl.all().str.count_matches("\n")).cast(pl.Int64)).to_series()
    lines = pl.int_range(header_index + 2, header_index + 2 + frame.height, dtype=pl.Int64, eager=True)
    lines = lines + spanned.cum_sum().shift(1, fill_value=0)
    frame = _name_columns(frame, headers).with_columns(lines.alias(LINE)).select(LINE, *headers)
    return RawTable(_drop_blank_rows(frame, headers), headers, header_index + 1, "csv", encoding=encoding)


def _sniff_separator(lines: list[str]) -> str:
    best, best_score = ",", 0
    for candidate in (",", "\t", ";", "|"):
        # lines without the separator (notice or title lines above the header) say nothing
        counts = [n for n in (line.count(candidate) for line in lines if line.strip()) if n]
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        score = common * counts.count(common)
        if score > best_score:
            best, best_score = candidate, score
    if best_score == 0:
        raise _not_a_table()
    return best


# ---------------------------------------------------------------- workbooks (XLSX, XLS)

def _read_workbook(content: bytes, fmt: str) -> RawTable:
    try:
        workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    except calamine.PasswordError as exc:
        raise _password_protected() from exc
    except Exception as exc:  # calamine raises several types for damaged files
        raise UnreadableFile(
            "엑셀 파일을 열 수 없습니다. 파일이 손상되었거나 엑셀 형식이 아닙니다.",
            "The Excel file cannot be opened: it is damaged or not an Excel workbook.", code="corrupt_workbook",
        ) from exc
    names = workbook.sheet_names
    marker = marker_from_rows(workbook.get_sheet_by_name(MARKER_SHEET).to_python()) if MARKER_SHEET in names else {}
    sheet_name, rows = None, []
    for name in names:
        if name == MARKER_SHEET:
            continue
        candidate = workbook.get_sheet_by_name(name)
        values = candidate.to_python(skip_empty_area=False)
        if any(any(_cell_text(v) for v in row) for row in values):
            sheet_name, rows, sheet = name, values, candidate
            break
    if sheet_name is None:
        raise UnreadableFile("엑셀 파일에 데이터가 있는 시트가 없습니다.", "The workbook has no sheet with data.",
                             code="empty_file")
    text_rows = [[_cell_text(v) for v in row] for row in rows]
    header_index = _header_row(text_rows[:HEADER_SCAN_ROWS])
    _refuse_merged_header(sheet, header_index)
    if fmt == "xlsx":
        _refuse_formulas_without_values(content, names.index(sheet_name))
    headers = _unique_headers(text_rows[header_index])
    width = len(headers)
    body = [(row + [""] * width)[:width] for row in text_rows[header_index + 1:]]
    frame = pl.DataFrame(body, schema=headers, orient="row") if body else pl.DataFrame(
        schema={h: pl.String for h in headers})
    frame = frame.with_columns(pl.all().replace("", None))
    frame = frame.with_row_index(LINE, offset=header_index + 2).with_columns(pl.col(LINE).cast(pl.Int64))
    return RawTable(_drop_blank_rows(frame, headers), headers, header_index + 1, fmt, sheet=sheet_name,
                    marker=marker)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != dt.time() else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _refuse_merged_header(sheet, header_index: int) -> None:
    for (top, left), (bottom, right) in sheet.merged_cell_ranges or []:
        if top <= header_index <= bottom and right > left:
            raise UnreadableFile(
                f"머리글 행({header_index + 1}행)에 병합된 셀이 있습니다. 병합을 풀고 열마다 제목을 하나씩 적어 주세요.",
                f"The header row (row {header_index + 1}) has merged cells. Unmerge them so every column has "
                "its own title.", code="merged_header",
            )


_FORMULA_WITHOUT_VALUE = re.compile(rb"<f(?:\s[^>]*)?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>")


def _refuse_formulas_without_values(content: bytes, sheet_index: int) -> None:
    """Excel stores each formula's last result next to it; a file written by a program that never
    calculated it has formulas only, and reading it would see empty cells."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        path = _sheet_path(archive, sheet_index)
        if path is None:
            return
        xml = archive.read(path)
    missing = len(_FORMULA_WITHOUT_VALUE.findall(xml))
    if missing:
        raise UnreadableFile(
            f"계산 결과 없이 수식만 있는 셀이 {missing}개 있습니다. 엑셀에서 파일을 열어 저장하거나 '값으로 붙여넣기' 후 다시 올려 주세요.",
            f"{missing} cells hold formulas without their calculated values. Open and save the file in Excel, "
            "or paste the values, and upload it again.", code="formulas_without_values",
        )


def _sheet_path(archive: zipfile.ZipFile, sheet_index: int) -> str | None:
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    sheets = book.findall("m:sheets/m:sheet", ns)
    if sheet_index >= len(sheets):
        return None
    rel_id = sheets[sheet_index].get(f"{{{ns['r']}}}id")
    for rel in rels.findall("p:Relationship", ns):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


# ---------------------------------------------------------------- shared

def _header_row(rows: list[list[str]]) -> int:
    """The row that names the columns: the one with the most known column names, else the first
    row with at least two filled cells that are not all numbers."""
    best, best_known = None, 0
    for index, row in enumerate(rows):
        known = sum(1 for cell in row if cell and normalise_header(cell) in _KNOWN_HEADERS)
        if known > best_known:
            best, best_known = index, known
    if best is not None:
        return best
    for index, row in enumerate(rows):
        filled = [c for c in row if c and c.strip()]
        if len(filled) >= 2 and not all(_is_number(c) for c in filled):
            return index
    raise _not_a_table()


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"-?[\d,]+(\.\d+)?", text.strip()))


def _unique_headers(row: list[str]) -> list[str]:
    headers, seen = [], {}
    while row and not str(row[-1]).strip():
        row = row[:-1]
    for index, cell in enumerate(row):
        name = str(cell).strip() or f"열{index + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        headers.append(name)
    if len(headers) < 2:
        raise _not_a_table()
    return headers


def _name_columns(frame: pl.DataFrame, headers: list[str]) -> pl.DataFrame:
    width = len(headers)
    if frame.width < width:
        frame = frame.with_columns(*(pl.lit(None, pl.String).alias(f"__pad{i}") for i in range(width - frame.width)))
    frame = frame.select(frame.columns[:width])
    return frame.rename(dict(zip(frame.columns, headers, strict=True))).with_columns(
        pl.all().str.strip_chars().replace("", None)
    )


def _drop_blank_rows(frame: pl.DataFrame, headers: list[str]) -> pl.DataFrame:
    return frame.filter(~pl.all_horizontal(pl.col(headers).is_null()))


def _not_a_table() -> UnreadableFile:
    return UnreadableFile(
        "표 형식의 데이터를 찾을 수 없습니다. 첫 줄에 열 제목이 있는 CSV 또는 엑셀 파일을 올려 주세요.",
        "No table found. Upload a CSV or Excel file with column titles in its first rows.", code="not_a_table",
    )


def _password_protected() -> UnreadableFile:
    return UnreadableFile(
        "암호가 걸린 파일입니다. 엑셀에서 암호를 해제하고 저장한 뒤 다시 올려 주세요(스마트스토어 주문 파일도 마찬가지입니다).",
        "The file is password-protected. Remove the password in Excel, save, and upload it again "
        "(SmartStore order exports included).", code="password_protected",
    )
