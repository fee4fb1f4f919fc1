"""Workbooks SmartStock hands out (the stock template, the product master export) carry a very
hidden sheet saying what they are, for which tenant and when, signed with SECRET_KEY. An upload
can then refuse another company's file and tell a file made before later changes."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io

from openpyxl import load_workbook

from smartstock.kit.errors import BadRequest
from smartstock.settings import get_settings

MARKER_SHEET = "_smartstock"


def _sign(kind: str, tenant_id: str, issued_at: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"{kind}|{tenant_id}|{issued_at}".encode(), hashlib.sha256).hexdigest()


def marker_rows(kind: str, tenant_id: int, tenant_name: str, issued_at: dt.datetime) -> list[tuple[str, str]]:
    issued = issued_at.astimezone(dt.UTC).isoformat()
    return [("kind", kind), ("version", "1"), ("tenant_id", str(tenant_id)), ("tenant_name", tenant_name),
            ("issued_at", issued), ("signature", _sign(kind, str(tenant_id), issued))]


def read_marker(content: bytes) -> dict[str, str]:
    """The marker of an .xlsx made by openpyxl/xlsxwriter ({} when there is none)."""
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True)
    except Exception:  # unreadable files are reported by the reader with a proper message
        return {}
    try:
        if MARKER_SHEET not in workbook.sheetnames:
            return {}
        return marker_from_rows(workbook[MARKER_SHEET].iter_rows(values_only=True))
    finally:
        workbook.close()


def marker_from_rows(rows) -> dict[str, str]:
    """The marker sheet's key/value rows, as any reader returns them."""
    return {str(r[0]): "" if r[1] is None else str(r[1]) for r in rows if len(r) >= 2 and r[0]}


def verify_marker(marker: dict[str, str], tenant_id: int) -> dt.datetime:
    """When the workbook was made, after checking SmartStock made it for this tenant."""
    expected = _sign(marker.get("kind", ""), marker.get("tenant_id", ""), marker.get("issued_at", ""))
    if not hmac.compare_digest(expected, marker.get("signature", "")):
        raise BadRequest("SmartStock에서 받은 파일이 아니거나 숨은 정보가 바뀌었습니다. 파일을 새로 내려받아 사용하세요.",
                         "This file was not made by SmartStock, or its hidden details were changed. "
                         "Download a new one.", code="marker_tampered")
    if marker.get("tenant_id") != str(tenant_id):
        name = marker.get("tenant_name", "")
        raise BadRequest(f"다른 회사('{name}')의 파일입니다. 이 회사의 파일을 새로 내려받아 사용하세요.",
                         f"This file belongs to another company ('{name}'). Download this company's file.",
                         code="other_tenant_file")
    return dt.datetime.fromisoformat(marker["issued_at"])
