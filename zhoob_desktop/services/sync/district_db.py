"""The district store: the same models and migrations on SQLite or PostgreSQL.

Opened for a logged-in operator (``open_district(db, store=store)``), it needs
the right to read the district store, and every write to it the right to
import (``roles.DISTRICT_WRITE``), refused below the services as in the
okrug's store; the bundles imported and the okrugs registered are entered in
its own audit with the operator's id. A SQLite file is encrypted with the
data folder's key (the personal data of every okrug of the district), its
backups too, in ``backups/district/`` beside it; a plain file of an earlier
version in the data folder is encrypted in place the first time.

The district store has the okrug's schema less the indexes only the okrug's
own screens read (declared ``OKRUG_ONLY`` in the models: the desk's name
search, the register's address order): every open drops those it still
has, once, after the migrations (a store made by an earlier version, or one a
migration gave them back to). The district reads residents by id and IIN.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import URL, Engine, inspect, make_url
from sqlalchemy.schema import DropIndex

from zhoob_desktop import cipher
from zhoob_desktop.models import migrate
from zhoob_desktop.models.base import okrug_only_indexes
from zhoob_desktop.models.db import make_engine, sqlite_url
from zhoob_desktop.services.datadir import DISTRICT_DB_NAME
from zhoob_desktop.services.errors import SchemaTooNew
from zhoob_desktop.services.files import private_file
from zhoob_desktop.services.store import Database

DEFAULT_DB_NAME = DISTRICT_DB_NAME


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
    """An open district database; offers ``session()`` like the okrug's ``Store``.

    ``operator`` is who opened it (None: opened without operators, as the tests and benches of the
    import do); ``key`` the data key of an encrypted SQLite file.
    """

    def __init__(self, engine: Engine, url: str | URL, *, operator=None, key: bytes | None = None):
        super().__init__(engine)
        self.url = url
        self.operator = operator
        self.key = key

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

        manager = district_backups(Path(self.engine.url.database), self.key)
        if not manager.changed_since_last():
            return None
        taken = manager.create(reason)
        manager.thin()
        manager.remember_state()
        return taken


def district_backups(path: Path, key: bytes | None = None):
    """The backups of a SQLite district store: in ``backups/<its name without .sqlite>/`` beside it (never among
    the okrug store's own backups, whose restore must not pick a district copy)."""
    from zhoob_desktop.services.backups import BackupManager

    return BackupManager(path, folder=path.parent / "backups" / path.stem, key=key)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _encrypt_plain(path: Path, key: bytes) -> None:
    """A district file of an earlier version, and its backups, encrypted in place with the data key."""
    from zhoob_desktop.services.backups import BackupManager
    from zhoob_desktop.services.security.convert import encrypt_file

    if path.exists() and path.stat().st_size > 0 and cipher.is_plain_sqlite(path):
        conn = cipher.connect(path, None)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        encrypt_file(path, key)
    own = district_backups(path, key)
    # Earlier versions kept the district's backups among the okrug's: a plain one there is the district's.
    for folder in (own.folder, BackupManager(path).folder):
        for backup in BackupManager(path, folder=folder).list():
            if cipher.is_plain_sqlite(backup.path):
                if backup.path.parent != own.folder:
                    own.folder.mkdir(parents=True, exist_ok=True)
                    os.replace(backup.path, own.folder / backup.path.name)
                encrypt_file(own.folder / backup.path.name, key)


def drop_okrug_only_indexes(engine: Engine) -> list[str]:
    """Drop the okrug-only indexes a district store still has; their names (none: nothing to do).

    One look at the tables' indexes on every open; the drop happens once, in one transaction.
    """
    wanted = okrug_only_indexes()
    with engine.connect() as conn:
        insp = inspect(conn)
        present = {
            (table, ix["name"])
            for table in {ix.table.name for ix in wanted}
            for ix in insp.get_indexes(table)
        }
    found = [ix for ix in wanted if (ix.table.name, ix.name) in present]
    if found:
        # IF EXISTS: the district service's workers may open an earlier version's store at once.
        with engine.begin() as conn:
            for ix in found:
                conn.execute(DropIndex(ix, if_exists=True))
    return [str(ix.name) for ix in found]


def open_district(db: str | Path, *, store=None) -> DistrictStore:
    """Open (creating and migrating as needed) a district database by URL or SQLite path.

    With ``store`` (the logged-in data folder) its operator needs the right to
    read the district store (``PermissionDenied`` otherwise), writes need the
    right to import, and a SQLite file is encrypted with the folder's data key (a new one, and a
    plain one inside the data folder, converted in place; a plain file named elsewhere is opened as
    it is).
    Raises ``SchemaTooNew`` when the database carries a revision this program
    does not know; nothing is changed then.
    """
    from zhoob_desktop.services.security import roles

    operator = getattr(store, "operator", None)
    refused = roles.denial(operator, "district.read")
    if refused is not None:
        raise refused
    url = database_url(db)
    parsed = make_url(url) if isinstance(url, str) else url
    sqlite_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
    key = getattr(store, "key", None) if sqlite_file else None
    if key is not None:
        path = Path(str(parsed.database))
        if path.exists() and path.stat().st_size > 0 and cipher.is_plain_sqlite(path):
            if _inside(path, Path(store.data_dir)):
                _encrypt_plain(path, key)
            else:  # a plain file named elsewhere (--db) is opened as it is; the folder's own is converted
                key = None
    engine = make_engine(url, key=key)
    try:
        unknown, missing = migrate.pending(engine)
        if unknown:
            raise SchemaTooNew(
                path=engine.url.render_as_string(hide_password=True), revision=", ".join(sorted(unknown))
            )
        if missing:
            if engine.dialect.name == "sqlite" and migrate.current_revisions_of(engine):
                DistrictStore(engine, url, key=key).backup("pre-migration")
            migrate.upgrade(engine)
        drop_okrug_only_indexes(engine)
    except BaseException:
        engine.dispose()
        raise
    dstore = DistrictStore(engine, url, operator=operator, key=key)
    if operator is not None:
        from zhoob_desktop.services.security import audit

        audit.install_district_guard(dstore)
    return dstore
