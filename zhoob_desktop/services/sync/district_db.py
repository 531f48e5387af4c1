"""The district store: the same models and migrations on SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from zhoob_desktop.models import migrate
from zhoob_desktop.models.core import Setting
from zhoob_desktop.models.db import make_engine, make_session_factory, sqlite_url
from zhoob_desktop.services.errors import SchemaTooNew

DEFAULT_DB_NAME = "district.sqlite"


def database_url(db: str | Path) -> str:
    """A SQLAlchemy URL from ``--db``: a URL as given, or a file path for SQLite."""
    text = str(db)
    if "://" in text:
        return text
    path = Path(text).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return sqlite_url(path)


class DistrictStore:
    """An open district database; offers ``session()`` like the okrug's ``Store``."""

    def __init__(self, engine: Engine, url: str):
        self.engine = engine
        self.url = url
        self.sessions: sessionmaker[Session] = make_session_factory(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self.session() as s:
            row = s.get(Setting, key)
            return default if row is None else row.value

    def set_setting(self, key: str, value: Any) -> None:
        with self.session() as s:
            row = s.get(Setting, key)
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value

    def all_settings(self) -> dict[str, Any]:
        with self.session() as s:
            return {row.key: row.value for row in s.scalars(select(Setting))}

    def close(self) -> None:
        self.engine.dispose()


def open_district(db: str | Path) -> DistrictStore:
    """Open (creating and migrating as needed) a district database by URL or SQLite path.

    Raises ``SchemaTooNew`` when the database carries a revision this program
    does not know; nothing is changed then.
    """
    url = database_url(db)
    engine = make_engine(url)
    try:
        unknown, missing = migrate.pending(engine)
        if unknown:
            raise SchemaTooNew(
                path=engine.url.render_as_string(hide_password=True), revision=", ".join(sorted(unknown))
            )
        if missing:
            migrate.upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return DistrictStore(engine, url)
