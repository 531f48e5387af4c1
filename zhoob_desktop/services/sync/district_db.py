"""The district store: the same models and migrations on SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import URL, Engine

from zhoob_desktop.models import migrate
from zhoob_desktop.models.db import make_engine, sqlite_url
from zhoob_desktop.services.errors import SchemaTooNew
from zhoob_desktop.services.files import private_file
from zhoob_desktop.services.store import Database

DEFAULT_DB_NAME = "district.sqlite"


def database_url(db: str | Path) -> str | URL:
    """A SQLAlchemy URL from ``--db``: a URL as given, or a file path for SQLite."""
    text = str(db)
    if "://" in text:
        return text
    path = Path(text).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    private_file(path)  # personal data of many okrugs: the operator's only
    return sqlite_url(path)


class DistrictStore(Database):
    """An open district database; offers ``session()`` like the okrug's ``Store``."""

    def __init__(self, engine: Engine, url: str | URL):
        super().__init__(engine)
        self.url = url

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def backup(self, reason: str):
        """A copy of a SQLite district store before it is written (``None`` on PostgreSQL, whose
        backups are the server's business); only when it changed since the last copy."""
        if self.dialect != "sqlite" or not self.engine.url.database:
            return None
        from zhoob_desktop.services.backups import BackupManager

        manager = BackupManager(Path(self.engine.url.database))
        if not manager.changed_since_last():
            return None
        taken = manager.create(reason)
        manager.thin()
        manager.remember_state()
        return taken


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
            if engine.dialect.name == "sqlite" and migrate.current_revisions_of(engine):
                DistrictStore(engine, url).backup("pre-migration")
            migrate.upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return DistrictStore(engine, url)
