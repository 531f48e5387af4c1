"""Opening the local store safely: lock, integrity check, backup, migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from zhoob_desktop.models import migrate
from zhoob_desktop.models.core import Setting
from zhoob_desktop.models.db import make_engine, make_session_factory, sqlite_url
from zhoob_desktop.services.backups import BackupManager, can_write, quick_check
from zhoob_desktop.services.datadir import DB_NAME, InstanceLock, ensure_writable
from zhoob_desktop.services.errors import DatabaseCorrupt, DatabaseLocked, SchemaTooNew


class Database:
    """An engine with its unit of work and settings: the okrug's store and the district's share it."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.sessions: sessionmaker[Session] = make_session_factory(engine)

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


class Store(Database):
    """One open data folder: the database engine, its sessions, lock and backups.

    Services take a ``Store`` and own their unit of work through ``session()``.
    """

    def __init__(self, data_dir: Path, engine: Engine, lock: InstanceLock | None):
        super().__init__(engine)
        self.data_dir = data_dir
        self.db_path = data_dir / DB_NAME
        self.lock = lock
        self.backups = BackupManager(self.db_path)

    def backup(self, reason: str):
        """Take a backup now (before imports, on close) and thin the old ones."""
        taken = self.backups.create(reason)
        self.backups.thin()
        return taken

    def close(self, *, backup: bool = True) -> None:
        try:
            if backup:
                self.backup("close")
        finally:
            self.engine.dispose()
            if self.lock is not None:
                self.lock.release()


def open_store(data_dir: Path, *, lock: bool = True, backup_on_migrate: bool = True) -> Store:
    """Open (creating if needed) the store in a data folder.

    Raises a ``StoreError`` subclass with a translated explanation when the
    folder is not writable, another instance holds it, the database is
    damaged or locked, or it was written by a newer program. Nothing is
    modified in any of those cases.
    """
    data_dir = ensure_writable(Path(data_dir))
    instance_lock = InstanceLock(data_dir) if lock else None
    if instance_lock is not None:
        instance_lock.acquire()
    try:
        return _open_locked(data_dir, instance_lock, backup_on_migrate)
    except BaseException:
        if instance_lock is not None:
            instance_lock.release()
        raise


def _open_locked(data_dir: Path, instance_lock: InstanceLock | None, backup_on_migrate: bool) -> Store:
    db_path = data_dir / DB_NAME
    existed = db_path.exists() and db_path.stat().st_size > 0
    if existed:
        verdict = quick_check(db_path)
        if verdict != "ok":
            if "locked" in verdict:
                raise DatabaseLocked(path=str(db_path))
            raise DatabaseCorrupt(path=str(db_path), detail=verdict)
        if not can_write(db_path):
            raise DatabaseLocked(path=str(db_path))
    engine = make_engine(sqlite_url(db_path))
    try:
        unknown, missing = migrate.pending(engine)
        if unknown:
            raise SchemaTooNew(path=str(db_path), revision=", ".join(sorted(unknown)))
        if missing:
            store = Store(data_dir, engine, instance_lock)
            if existed and backup_on_migrate and inspect(engine).get_table_names():
                store.backups.create("pre-migration")
            migrate.upgrade(engine)
        return Store(data_dir, engine, instance_lock)
    except OperationalError as exc:
        engine.dispose()
        if "locked" in str(exc.orig):
            raise DatabaseLocked(path=str(db_path)) from exc
        raise
    except sqlite3.DatabaseError as exc:
        engine.dispose()
        raise DatabaseCorrupt(path=str(db_path), detail=str(exc)) from exc
    except BaseException:
        engine.dispose()
        raise
