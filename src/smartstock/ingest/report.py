"""The cleansing report: what the file is, how its columns were read, every problem found with
counts, examples and what will be done, and the personal data left out. Stored as JSON on the
upload (shaped as `schemas.Report`) and downloadable as JSON or Excel."""

from __future__ import annotations

import io
import json
from typing import Any

import xlsxwriter

from smartstock.ingest.cleanse import Cleansed
from smartstock.ingest.fields import FIELD_BY_KEY, PII_FIELDS
from smartstock.ingest.pii import masked_samples
from smartstock.ingest.reader import RawTable
from smartstock.ingest.recognize import Recognition
from smartstock.ingest.rules import RULES
from smartstock.ingest.schemas import Report


def build_report(filename: str, table: RawTable, recognition: Recognition, cleansed: Cleansed,
                 extra: dict[str, Any] | None = None) -> dict[str, Any]:
    columns = [
        {"column": c.column, "field": c.field, "confidence": c.confidence, "basis": c.basis,
         "samples": masked_samples(c.samples, c.field)}
        for c in recognition.columns
    ]
    pii = [
        {"column": c.column, "field": c.field, "kind": FIELD_BY_KEY[c.field].pii.value, "treatment": "dropped"}
        for c in recognition.columns if c.field in PII_FIELDS
    ]
    rules = []
    for result in cleansed.rules:
        rule = RULES[result.id]
        rules.append({
            "id": rule.id, "title": {"ko": rule.ko, "en": rule.en}, "count": result.count,
            "action": result.action.value, "actions": [a.value for a in rule.actions],
            "does": dict(zip(("ko", "en"), rule.does[result.action], strict=True)),
            "examples": result.examples, "detail": result.detail,
        })
    report = {
        "file": {"name": filename, "format": table.format, "encoding": table.encoding, "sheet": table.sheet,
                 "header_line": table.header_line, "rows": table.rows, "columns": len(table.headers)},
        "kind": cleansed.kind.value, "kind_confidence": recognition.kind_confidence, "channel": recognition.channel,
        "columns": columns, "missing_fields": cleansed.missing_fields, "pii": pii,
        "rows_read": cleansed.rows_read, "rows_kept": cleansed.rows_kept,
        "quality": round(cleansed.rows_kept / cleansed.rows_read, 4) if cleansed.rows_read else 0.0,
        "rules": rules, "errors": cleansed.errors, "summary": cleansed.summary,
        "blocking": cleansed.blocking, **(extra or {}),
    }
    return Report.model_validate(report).model_dump(mode="json")  # the API's documented shape, checked


def report_json(report: dict[str, Any]) -> bytes:
    return json.dumps(report, ensure_ascii=False, indent=2).encode()


def report_excel(report: dict[str, Any]) -> bytes:
    """요약 (summary), 열 매핑 (columns), 정제 규칙 (rules), 예시 행 (examples), 오류 (errors), 개인정보 (PII)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7"})

    def sheet(title: str, header: list[str], rows: list[list[Any]], widths: list[int]) -> None:
        ws = book.add_worksheet(title)
        ws.write_row(0, 0, header, bold)
        for index, row in enumerate(rows, start=1):
            ws.write_row(index, 0, ["" if v is None else v for v in row])
        for column, width in enumerate(widths):
            ws.set_column(column, column, width)
        ws.freeze_panes(1, 0)

    file = report["file"]
    summary = [
        ["파일 File", file["name"]], ["형식 Format", f"{file['format']} {file.get('encoding') or ''}".strip()],
        ["시트 Sheet", file.get("sheet")], ["머리글 행 Header row", file["header_line"]],
        ["종류 Kind", report["kind"]], ["읽은 행 Rows read", report["rows_read"]],
        ["반영할 행 Rows kept", report["rows_kept"]], ["품질 Quality", report["quality"]],
        ["누락된 필수 열 Missing columns", ", ".join(report["missing_fields"])],
        *[[f"요약 {k}", json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v]
          for k, v in report["summary"].items()],
    ]
    sheet("요약", ["항목 Item", "값 Value"], summary, [28, 48])
    sheet("열 매핑", ["열 Column", "필드 Field", "신뢰도 Confidence", "근거 Basis", "예시 Samples"],
          [[c["column"], c["field"], c["confidence"], c["basis"], ", ".join(map(str, c["samples"]))]
           for c in report["columns"]], [24, 16, 12, 12, 60])
    sheet("정제 규칙", ["규칙 Rule", "Rule", "건수 Count", "처리 Action", "설명", "What is done"],
          [[r["title"]["ko"], r["title"]["en"], r["count"], r["action"], r["does"]["ko"], r["does"]["en"]]
           for r in report["rules"]], [30, 36, 10, 10, 44, 44])
    sheet("예시 행", ["규칙 Rule", "행 Line", "값 Values"],
          [[r["id"], e["line"], json.dumps(e["values"], ensure_ascii=False)] for r in report["rules"]
           for e in r["examples"]], [22, 8, 90])
    sheet("오류", ["행 Line", "필드 Field", "값 Value", "오류", "Error"],
          [[e["line"], e["field"], e["value"], e["message"], e["message_en"]] for e in report["errors"]],
          [8, 12, 16, 50, 50])
    sheet("개인정보", ["열 Column", "종류 Kind", "처리 Treatment"],
          [[p["column"], p["kind"], "저장하지 않음 (dropped)"] for p in report["pii"]], [24, 16, 28])
    book.close()
    return buffer.getvalue()
