"""The schema comes only from the Alembic migrations, and they agree with the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from smartstock.db.base import Base
from smartstock.db.migrate import downgrade, upgrade
from tests.conftest import database_url


def test_migrations_go_down_and_up_and_match_the_models(engine, db_name):
    url = database_url(db_name)
    downgrade(url, "base")
    with engine.connect() as conn:
        assert set(conn.dialect.get_table_names(conn)) <= {"alembic_version"}
    upgrade(url, "head")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
