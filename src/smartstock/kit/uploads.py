"""Keeping uploaded files: every original is stored per tenant under DATA_DIR/uploads."""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import UploadFile

from smartstock.kit.errors import BadRequest, PayloadTooLarge
from smartstock.settings import get_settings

CHUNK = 1024 * 1024
UPLOAD_OVERHEAD = 64 * 1024  # multipart boundaries and headers around the file


def store_upload(tenant_id: int, file: UploadFile, allowed_suffixes: set[str]) -> Path:
    settings = get_settings()
    name = Path(file.filename or "upload").name
    suffix = Path(name).suffix.lower()
    if suffix not in allowed_suffixes:
        allowed = ", ".join(sorted(allowed_suffixes))
        raise BadRequest(f"지원하지 않는 파일 형식입니다. 가능한 형식: {allowed}",
                         f"Unsupported file type. Allowed: {allowed}", code="unsupported_file_type")
    folder = settings.upload_dir / str(tenant_id)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{secrets.token_hex(8)}{suffix}"
    size = 0
    with target.open("wb") as out:
        while chunk := file.file.read(CHUNK):
            size += len(chunk)
            if size > settings.max_upload_bytes:
                out.close()
                target.unlink(missing_ok=True)
                mb = settings.max_upload_bytes // (1024 * 1024)
                raise PayloadTooLarge(f"파일이 너무 큽니다(최대 {mb}MB).", f"The file is too large (max {mb} MB).")
            out.write(chunk)
    if size == 0:
        target.unlink(missing_ok=True)
        raise BadRequest("빈 파일입니다.", "The file is empty.", code="empty_file")
    return target
