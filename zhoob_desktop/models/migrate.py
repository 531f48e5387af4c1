"""Apply the packaged Alembic migrations; tell whether a database is newer than us."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from zhoob_desktop.paths import migrations_dir


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


def pending(engine: Engine) -> tuple[set[str], set[str]]:
    """(revisions in the database unknown to this program, heads not yet applied)."""
    with engine.connect() as conn:
        current = current_revisions(conn)
    unknown = current - known_revisions()
    script = ScriptDirectory.from_config(alembic_config())
    applied: set[str] = set()
    for rev in current - unknown:
        for r in script.iterate_revisions(rev, "base"):
            applied.add(r.revision)
    return unknown, head_revisions() - applied


def upgrade(engine: Engine) -> None:
    """Bring the database to every head (one branch per area of the program)."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
