"""Test fixtures: the schema is built by the Alembic migrations on each database, and every
test runs inside a transaction that is rolled back.

Databases: `--db sqlite,mariadb,postgresql` (default all three; also TEST_DATABASES). Server
URLs come from TEST_MARIADB_URL / TEST_POSTGRESQL_URL (defaults: the local services).

In parallel (pytest-xdist, `make test` runs `-n 2 --dist loadscope`) each worker process has its
own databases, `<name>_gw0`, `<name>_gw1`… (created when missing), its own SQLite file and its own
DATA_DIR (job queue, uploads, MLflow store). A test module runs whole on one worker; the browser
tests (tests/e2e) all run on one worker, in order, against one live server.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1"… in a pytest-xdist worker
_TMP = Path(tempfile.mkdtemp(prefix=f"smartstock-tests-{WORKER}-" if WORKER else "smartstock-tests-"))
# DATA_DIR: unset, or set by this file in xdist's controller process (whose environment the workers
# inherit): every process gets its own. Set by the user: kept, with a folder per worker.
if os.environ.get("DATA_DIR") == os.environ.get("SMARTSTOCK_TESTS_DATA_DIR"):
    os.environ["DATA_DIR"] = os.environ["SMARTSTOCK_TESTS_DATA_DIR"] = str(_TMP / "data")
elif WORKER:
    os.environ["DATA_DIR"] = str(Path(os.environ["DATA_DIR"]) / WORKER)
os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ.pop("REDIS_URL", None)

import pytest  # noqa: E402
from sqlalchemy import Engine, MetaData, make_url, text  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from smartstock.db import make_engine  # noqa: E402
from smartstock.db.migrate import upgrade  # noqa: E402


def _worker_url(url: str) -> str:
    """The worker's own database on the same server: `test` becomes `test_gw0` under xdist."""
    if not WORKER:
        return url
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{WORKER}").render_as_string(hide_password=False)


SERVER_URLS = {
    "mariadb": _worker_url(os.environ.get(
        "TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306/test?charset=utf8mb4")),
    "postgresql": _worker_url(os.environ.get(
        "TEST_POSTGRESQL_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")),
}
ALL_DATABASES = ["sqlite", "mariadb", "postgresql"]
BROWSER_TESTS = "tests/e2e/"


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


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`-n N` (`--dist load` or `loadscope`) hands out whole test modules, and every browser test in
    one work unit, first (the longest unit): they share one live server (its demo tenant, one
    forecast run) and some build on what an earlier one did. Module fixtures are built once."""
    if config.getvalue("dist") not in ("load", "loadscope"):
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModuleScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return BROWSER_TESTS if nodeid.startswith(BROWSER_TESTS) else nodeid.split("::", 1)[0]

        def _assign_work_unit(self, node) -> None:
            if BROWSER_TESTS in self.workqueue:
                self.workqueue.move_to_end(BROWSER_TESTS, last=False)
            super()._assign_work_unit(node)

    return ModuleScheduling(config, log)


def create_database(url: str) -> None:
    """Create the (worker's) database on its server unless it is there, with the character set and
    collation of the database it is named after (the server's default when that one is missing)."""
    parsed = make_url(url)
    name, base = parsed.database, parsed.database.removesuffix(f"_{WORKER}")
    if parsed.get_backend_name() == "postgresql":
        admin = make_engine(parsed.set(database="postgres").render_as_string(hide_password=False))
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}) is None:
                like = conn.execute(text("SELECT pg_encoding_to_char(encoding), datcollate, datctype "
                                         "FROM pg_database WHERE datname = :n"), {"n": base}).first()
                options = (f" TEMPLATE template0 ENCODING '{like[0]}' LC_COLLATE '{like[1]}' LC_CTYPE '{like[2]}'"
                           if like else "")
                conn.execute(text(f'CREATE DATABASE "{name}"{options}'))
    else:
        admin = make_engine(parsed.set(database="").render_as_string(hide_password=False))
        with admin.connect() as conn:
            like = conn.execute(text("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME "
                                     "FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = :n"), {"n": base}).first()
            options = f" CHARACTER SET {like[0]} COLLATE {like[1]}" if like else ""
            conn.execute(text(f"CREATE DATABASE IF NOT EXISTS `{name}`{options}"))
    admin.dispose()


def reset_schema(url: str) -> None:
    """Drop whatever is there, then build the schema with the migrations."""
    if WORKER and not url.startswith("sqlite"):
        create_database(url)
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
def _engines():
    """One engine per database for the whole process, its schema built once (see `engine`)."""
    engines: dict[str, Engine] = {}
    yield engines
    for eng in engines.values():
        eng.dispose()


@pytest.fixture(scope="session")
def engine(db_name, _engines):
    """The database's engine. Pytest tears a parametrized session fixture down whenever the next
    test has another `db_name` (under xdist, at nearly every module), so the schema is built only
    the first time: the migrations take seconds on MariaDB."""
    url = database_url(db_name)
    if url not in _engines:
        reset_schema(url)
        _engines[url] = make_engine(url)
    return _engines[url]


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


@pytest.fixture(scope="session")
def shared_app():
    """The application, built once per process (routes, OpenAPI, middleware: ~0.1–0.3 s a test).
    It keeps no per-request state; each test points it at its own rolled-back session factory."""
    from smartstock.app import create_app

    return create_app(session_factory=sessionmaker())


@pytest.fixture
def app(shared_app, session_factory):
    shared_app.state.sessionmaker = session_factory
    yield shared_app
    shared_app.state.sessionmaker = None  # a leftover client fails loudly instead of using a closed transaction


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
