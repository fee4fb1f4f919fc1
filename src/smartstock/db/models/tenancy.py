"""Tenants (seller companies), their users and log-in sessions."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smartstock.db.base import Base, IdMixin, IdType, TenantMixin, TimestampMixin, UTCDateTime, utcnow
from smartstock.db.models.enums import Language, Role, enum_column


class Tenant(IdMixin, TimestampMixin, Base):
    __tablename__ = "tenants"

    name: Mapped[str] = mapped_column(sa.String(200))
    allow_negative_stock: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    default_language: Mapped[Language] = mapped_column(enum_column(Language), default=Language.ko)
    # Business days (date filters, daily sales) are days in this time zone.
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Asia/Seoul")
    # Forecasting: rerun every night, and when live WAPE exceeds the backtest's by this share.
    forecast_nightly: Mapped[bool] = mapped_column(sa.Boolean, default=True, server_default=sa.true())
    retrain_margin: Mapped[float] = mapped_column(sa.Float, default=0.25, server_default="0.25")


class User(IdMixin, TimestampMixin, TenantMixin, Base):
    __tablename__ = "users"

    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    language: Mapped[Language] = mapped_column(enum_column(Language), default=Language.ko)
    is_active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    tenant: Mapped[Tenant] = relationship(lazy="raise")


class UserSession(IdMixin, TenantMixin, Base):
    """A server-side log-in session; the cookie carries a random token, we keep its hash."""

    __tablename__ = "user_sessions"

    user_id: Mapped[int] = mapped_column(IdType, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class LoginThrottle(IdMixin, Base):
    """Failed log-ins per (e-mail, client address), kept whether or not the e-mail exists: the
    lock-out then tells nothing about which accounts exist, and nobody can lock an owner out of
    their own network by guessing from elsewhere. Not tenant-owned (it precedes knowing a tenant)."""

    __tablename__ = "login_throttles"

    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    failures: Mapped[int] = mapped_column(sa.Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow, index=True)
