"""Test fixtures: the schema is built by the Alembic migrations on each database, and every
test runs inside a transaction that is rolled back.

Databases: `--db sqlite,mariadb,postgresql` (default all three; also TEST_DATABASES). Server
URLs come from TEST_MARIADB_URL / TEST_POSTGRESQL_URL (defaults: the local services).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_TMP = Path(tempfile.mkdtemp(prefix="smartstock-tests-"))
os.environ.setdefault("DATA_DIR", str(_TMP / "data"))
os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ.pop("REDIS_URL", None)

import pytest  # noqa: E402
from sqlalchemy import MetaData, text  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from smartstock.db import make_engine  # noqa: E402
from smartstock.db.migrate import upgrade  # noqa: E402

SERVER_URLS = {
    "mariadb": os.environ.get("TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306/test?charset=utf8mb4"),
    "postgresql": os.environ.get("TEST_POSTGRESQL_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
}
ALL_DATABASES = ["sqlite", "mariadb", "postgresql"]


def pytest_addoption(parser):
    parser.addoption("--db", default=os.environ.get("TEST_DATABASES", ",".join(ALL_DATABASES)),
                     help="comma-separated databases to run the database tests on")


def pytest_generate_tests(metafunc):
    if "db_name" in metafunc.fixturenames:
        names = [n for n in metafunc.config.getoption("--db").split(",") if n]
        if "server_db_name" in metafunc.fixturenames:
            names = [n for n in names if n != "sqlite"]
        metafunc.parametrize("db_name", names, scope="session")


def database_url(db_name: str) -> str:
    if db_name == "sqlite":
        return f"sqlite:///{_TMP / 'test.db'}"
    return SERVER_URLS[db_name]


def reset_schema(url: str) -> None:
    """Drop whatever is there, then build the schema with the migrations."""
    engine = make_engine(url)
    with engine.begin() as conn:
        meta = MetaData()
        meta.reflect(conn)
        if conn.dialect.name in ("mysql", "mariadb"):
            conn.execute(text("SET FOREIGN_KEY_CHECKS=0"))
        meta.drop_all(conn)
        if conn.dialect.name in ("mysql", "mariadb"):
            conn.execute(text("SET FOREIGN_KEY_CHECKS=1"))
    engine.dispose()
    upgrade(url)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """Cheap Argon2id parameters in-process (hashing and verifying stay real): ~1 s saved per test."""
    from argon2 import PasswordHasher

    from smartstock.kit import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(scope="session")
def engine(db_name):
    url = database_url(db_name)
    reset_schema(url)
    eng = make_engine(url)
    yield eng
    eng.dispose()


@pytest.fixture
def connection(engine):
    with engine.connect() as conn:
        outer = conn.begin()
        yield conn
        outer.rollback()


@pytest.fixture
def session_factory(connection) -> sessionmaker[Session]:
    """Sessions joined to the test's outer transaction: their commits become savepoints."""
    return sessionmaker(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)


@pytest.fixture
def db(session_factory) -> Session:
    with session_factory() as session:
        yield session


@pytest.fixture
def app(session_factory):
    from smartstock.app import create_app

    return create_app(session_factory=session_factory)


@pytest.fixture(scope="session")
def server_db_name(db_name):
    """Marks a test as server-database only (MariaDB, PostgreSQL)."""
    return db_name


@pytest.fixture
def committed_session_factory(engine):
    """Sessions that really commit (for concurrency and worker tests); the test cleans up."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@pytest.fixture(scope="session")
def shared_data_dir() -> Path:
    """The workplace's real public data sets (SMARTSTOCK_SHARED_DATA, default ../shared/data).
    Outside the workplace the tests that need them skip; CI sets SMARTSTOCK_REQUIRE_SHARED_DATA=1
    so there they fail instead of skipping."""
    from smartstock.settings import get_settings

    path = get_settings().shared_data_dir
    if not path.is_absolute():
        path = Path(__file__).resolve().parents[1] / path
    if not path.is_dir():
        message = f"real data sets not found at {path} (set SMARTSTOCK_SHARED_DATA)"
        if os.environ.get("SMARTSTOCK_REQUIRE_SHARED_DATA") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path
