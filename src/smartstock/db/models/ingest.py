"""Uploaded files, what was recognised and cleansed in them, and remembered column layouts.

An upload's original file is kept (encrypted, per tenant) until the upload is deleted. Applying it
sets `applied_sha256`; the unique constraint makes applying the same file twice impossible, even
from two requests at once. Undo clears it again.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from smartstock.db.base import Base, IdMixin, IdType, TenantMixin, UTCDateTime, utcnow
from smartstock.db.models.enums import enum_column


class UploadStatus(StrEnum):
    analyzing = "analyzing"  # reading, recognising and cleansing in the worker
    ready = "ready"  # the report is there; waiting for the user to confirm
    failed = "failed"  # the file could not be read (see error)
    applying = "applying"
    applied = "applied"
    undoing = "undoing"
    undone = "undone"


class Upload(IdMixin, TenantMixin, Base):
    __tablename__ = "uploads"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "applied_sha256"),)

    filename: Mapped[str] = mapped_column(sa.String(255))
    size_bytes: Mapped[int] = mapped_column(sa.BigInteger)
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    storage_name: Mapped[str] = mapped_column(sa.String(64))  # under DATA_DIR/uploads/<tenant>/
    status: Mapped[UploadStatus] = mapped_column(enum_column(UploadStatus), default=UploadStatus.analyzing)
    kind: Mapped[str | None] = mapped_column(sa.String(24))
    channel: Mapped[str | None] = mapped_column(sa.String(24))  # the file's channel when no column says
    layout_signature: Mapped[str | None] = mapped_column(sa.String(64))
    mapping: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)  # column → field (None = ignored)
    mapping_confirmed: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    actions: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)  # rule id → fix | keep | drop
    report: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    error: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)  # {code, ko, en} when unreadable
    result: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)  # what applying did
    applied_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    job_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("jobs.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    applied_by_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("users.id", ondelete="SET NULL"))
    applied_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    undone_by_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("users.id", ondelete="SET NULL"))
    undone_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class UploadLayout(IdMixin, TenantMixin, Base):
    """A column mapping the user confirmed, reused for the next file with the same headers."""

    __tablename__ = "upload_layouts"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "signature"),)

    signature: Mapped[str] = mapped_column(sa.String(64))
    kind: Mapped[str] = mapped_column(sa.String(24))
    mapping: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    channel: Mapped[str | None] = mapped_column(sa.String(24))
    updated_by_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
