"""Declarative base, naming conventions and column types shared by every model."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, MetaData, String, types
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BIGINT ids everywhere except SQLite, where only INTEGER PRIMARY KEY auto-increments.
IdType = BigInteger().with_variant(Integer(), "sqlite")


def code_string(length: int) -> types.TypeEngine[str]:
    """VARCHAR for codes and names that are business keys: compared exactly (case-sensitive) on
    every database. MariaDB/MySQL collations are case-insensitive by default."""
    binary = mysql.VARCHAR(length, collation="utf8mb4_bin")
    return String(length).with_variant(binary, "mysql").with_variant(binary, "mariadb")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(types.TypeDecorator[dt.datetime]):
    """Stores naive UTC (portable across SQLite, MariaDB and PostgreSQL), returns aware UTC."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect):  # microseconds on MariaDB/MySQL
        if dialect.name in ("mysql", "mariadb"):
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime())

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class IdMixin:
    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )


class TenantMixin:
    """Every tenant-owned row carries a NOT NULL, indexed tenant_id."""

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:
        return mapped_column(
            IdType, ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False, index=True
        )
