"""Keeping uploaded files: every original is stored per tenant under DATA_DIR/uploads."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
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
                raise _too_large()
            out.write(chunk)
    if size == 0:
        target.unlink(missing_ok=True)
        raise _empty()
    return target


def _too_large() -> PayloadTooLarge:
    mb = get_settings().max_upload_bytes // (1024 * 1024)
    return PayloadTooLarge(f"파일이 너무 큽니다(최대 {mb}MB).", f"The file is too large (max {mb} MB).")


def _empty() -> BadRequest:
    return BadRequest("빈 파일입니다.", "The file is empty.", code="empty_file")


# ---------------------------------------------------------------- kept originals, encrypted

@dataclass(frozen=True)
class StoredFile:
    name: str  # file name under DATA_DIR/uploads/<tenant>/
    sha256: str
    size: int


def _cipher() -> AESGCM:
    key = hashlib.sha256(b"smartstock uploads\0" + get_settings().secret_key.encode()).digest()
    return AESGCM(key)


def keep_encrypted(tenant_id: int, file: UploadFile) -> tuple[StoredFile, bytes]:
    """Keep an upload's original, encrypted with a key derived from SECRET_KEY (order exports
    hold buyers' names, phones and addresses: nothing personal is stored in clear). Returns the
    stored file and the plain content. Sizes are limited as for `store_upload`."""
    settings = get_settings()
    buffer = bytearray()
    while chunk := file.file.read(CHUNK):
        buffer += chunk
        if len(buffer) > settings.max_upload_bytes:
            raise _too_large()
    content = bytes(buffer)
    if not content.strip():
        raise _empty()
    return keep_bytes(tenant_id, content), content


def keep_bytes(tenant_id: int, content: bytes) -> StoredFile:
    folder = get_settings().upload_dir / str(tenant_id)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(12)}.bin"
    nonce = secrets.token_bytes(12)
    (folder / name).write_bytes(nonce + _cipher().encrypt(nonce, content, str(tenant_id).encode()))
    return StoredFile(name, hashlib.sha256(content).hexdigest(), len(content))


def read_kept(tenant_id: int, name: str) -> bytes:
    path = get_settings().upload_dir / str(tenant_id) / Path(name).name
    data = path.read_bytes()
    return _cipher().decrypt(data[:12], data[12:], str(tenant_id).encode())


def delete_kept(tenant_id: int, name: str) -> None:
    (get_settings().upload_dir / str(tenant_id) / Path(name).name).unlink(missing_ok=True)
