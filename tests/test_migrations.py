"""The packaged migrations produce exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from zhoob_desktop.models import Base, migrate


def test_models_match_migrations(store):
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_every_head_applied(store):
    with store.engine.connect() as conn:
        assert migrate.current_revisions(conn) == migrate.head_revisions()
