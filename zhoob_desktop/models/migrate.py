"""Apply the packaged Alembic migrations; tell whether a database is newer than us.

Alembic itself is imported only when a migration is due: ``is_current`` reads
the heads of the packaged migration files as text and compares them with the
database's version table, which is all a start-up needs on most days.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError

from zhoob_desktop.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config

_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+)$", re.MULTILINE)


@cache
def script_heads() -> frozenset[str]:
    """The head revisions of the packaged migrations, read from the files as text."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (migrations_dir() / "versions").glob("*.py"):
        values = {
            name: ast.literal_eval(value.strip())
            for name, value in _ASSIGNMENT.findall(path.read_text("utf-8"))
        }
        if "revision" not in values:
            continue
        revisions.add(values["revision"])
        down = values.get("down_revision")
        parents.update(down if isinstance(down, tuple | list) else [down] if down else [])
    return frozenset(revisions - parents)


def is_current(engine: Engine) -> bool:
    """True when the database is exactly at every head of this program's migrations."""
    try:
        with engine.connect() as conn:
            current = {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}
    except OperationalError:
        return False  # no version table yet: a new database
    return current == set(script_heads())


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def head_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(connection: Connection) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    return set(MigrationContext.configure(connection).get_current_heads())


def current_revisions_of(engine: Engine) -> set[str]:
    """The revisions a database is at (empty for a new one)."""
    with engine.connect() as conn:
        return current_revisions(conn)


def pending(engine: Engine) -> tuple[set[str], set[str]]:
    """(revisions in the database unknown to this program, heads not yet applied)."""
    with engine.connect() as conn:
        current = current_revisions(conn)
    from alembic.script import ScriptDirectory

    unknown = current - known_revisions()
    script = ScriptDirectory.from_config(alembic_config())
    applied: set[str] = set()
    for rev in current - unknown:
        for r in script.iterate_revisions(rev, "base"):
            applied.add(r.revision)
    return unknown, head_revisions() - applied


def upgrade(engine: Engine) -> None:
    """Bring the database to every head (one branch per area of the program)."""
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
