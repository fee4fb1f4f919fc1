"""Databases for the benchmarks that run the app: a fresh SQLite file, or PostgreSQL's own
`smartstock_bench` database (created when missing), so the tests' `test` database is left alone."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/smartstock_bench"


def bench_database_url(db: str, folder: Path) -> str:
    """The URL of an empty-able benchmark database: `sqlite` (a file in `folder`) or `postgresql`."""
    if db == "sqlite":
        return f"sqlite:///{folder / 'bench.db'}"
    if db != "postgresql":
        raise SystemExit(f"unknown database {db}")
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname='smartstock_bench'")):
            conn.execute(text("CREATE DATABASE smartstock_bench"))
    admin.dispose()
    return PG_URL
