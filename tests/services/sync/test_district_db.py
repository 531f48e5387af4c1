"""The district store is created by the same migrations on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from zhoob_desktop.models import Base, migrate
from zhoob_desktop.services.errors import SchemaTooNew
from zhoob_desktop.services.sync.district_db import database_url, open_district


def test_every_migration_runs_and_matches_the_models(district):
    with district.engine.connect() as conn:
        assert migrate.current_revisions(conn) == migrate.head_revisions()
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == [], f"models and migrations differ on {district.dialect}: {diff}"


@pytest.mark.postgres
def test_postgres_store_is_really_postgres(district_pg):
    assert district_pg.dialect == "postgresql"
    with district_pg.engine.connect() as conn:
        assert conn.execute(text("select version()")).scalar().startswith("PostgreSQL")


def test_database_url_accepts_paths_and_urls(tmp_path):
    assert str(database_url(tmp_path / "d.sqlite")).startswith("sqlite:///")
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_newer_database_is_refused(district_sqlite):
    with district_sqlite.engine.begin() as conn:
        conn.execute(text("insert into alembic_version values ('zzz99')"))
    url = district_sqlite.url
    district_sqlite.close()
    with pytest.raises(SchemaTooNew):
        open_district(url)
