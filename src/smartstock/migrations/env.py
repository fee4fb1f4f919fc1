"""Alembic environment: the URL comes from the caller's config (see smartstock.db.migrate)."""

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import context
from sqlalchemy import Connection

from smartstock.db import models  # noqa: F401  (registers every table)
from smartstock.db.base import Base
from smartstock.db.engine import make_engine

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    with _sqlite_foreign_keys_off(connection) if sqlite else _nothing():
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=sqlite,
            # SQLite's DDL is transactional, though Alembic assumes not and commits after every
            # migration: run the whole upgrade in one transaction, so that the foreign-key check at
            # the end can still roll all of it back.
            transactional_ddl=True if sqlite else None,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                _check_foreign_keys(connection)  # still inside the transaction: a failure rolls it back


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def _sqlite_foreign_keys_off(connection: Connection) -> Iterator[None]:
    """SQLite changes a table in batch mode by rebuilding it (create the new table, copy, DROP the
    old one, rename). With foreign keys on, dropping the old table is an implicit DELETE: ON DELETE
    CASCADE empties its children, SET NULL clears their references, RESTRICT makes it fail. So, as
    the SQLite docs prescribe for schema changes (lang_altertable.html, "Making Other Kinds Of Table
    Schema Changes"), foreign keys are off while the migrations run, checked with
    foreign_key_check before the commit, and switched back on afterwards.

    The pragma is a no-op inside a transaction, so it goes straight to the DBAPI connection (the
    engine's connections run with isolation_level=None and issue BEGIN IMMEDIATE themselves; the
    DBAPI cursor does not begin anything) before the migration's transaction is opened."""
    dbapi_conn = connection.connection.driver_connection
    was_on = _foreign_keys(dbapi_conn)
    if was_on:
        _set_foreign_keys(dbapi_conn, False)
        if _foreign_keys(dbapi_conn):
            raise RuntimeError(
                "SQLite migrations must start outside a transaction: foreign keys cannot be switched off "
                "inside one, and rebuilding a table with them on deletes the rows that refer to it "
                "(ON DELETE CASCADE). Pass a connection that has not begun a transaction."
            )
    try:
        yield
    finally:
        if was_on:
            if connection.in_transaction():  # a failure left the transaction open: end it first
                connection.rollback()
            _set_foreign_keys(dbapi_conn, True)


def _foreign_keys(dbapi_conn) -> bool:
    cursor = dbapi_conn.cursor()
    try:
        return bool(cursor.execute("PRAGMA foreign_keys").fetchone()[0])
    finally:
        cursor.close()


def _set_foreign_keys(dbapi_conn, on: bool) -> None:
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    finally:
        cursor.close()


def _check_foreign_keys(connection: Connection) -> None:
    violations = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if violations:
        shown = "; ".join(f"{table} rowid {rowid} -> {parent} (constraint {fkid})"
                          for table, rowid, parent, fkid in violations[:20])
        more = f" and {len(violations) - 20} more" if len(violations) > 20 else ""
        raise RuntimeError(f"the migration left {len(violations)} foreign-key violation(s), so it was rolled "
                           f"back: {shown}{more}")


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
