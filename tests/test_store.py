"""The store opens safely: lock, integrity, schema version, backups."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from zhoob_desktop.services.backups import BackupManager, quick_check
from zhoob_desktop.services.datadir import DB_NAME, resolve_data_dir
from zhoob_desktop.services.errors import (
    AlreadyRunning,
    DatabaseCorrupt,
    DatabaseLocked,
    DataDirNotWritable,
    SchemaTooNew,
)
from zhoob_desktop.services.store import open_store


def test_pragmas(store):
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_second_instance_refused(store):
    with pytest.raises(AlreadyRunning) as err:
        open_store(store.data_dir)
    assert str(os.getpid()) in err.value.message()


def test_stale_lock_after_crash_taken_over(tmp_path):
    folder = tmp_path / "d"
    code = f"import os; from zhoob_desktop.services.store import open_store; open_store({str(folder)!r}); os._exit(9)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 9
    assert (folder / "zhoob.lock").exists()
    reopened = open_store(folder)
    reopened.close(backup=False)


def test_unwritable_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DataDirNotWritable):
        open_store(blocker / "sub")


def test_corrupt_database_detected_and_restored(data_dir):
    store = open_store(data_dir)
    store.set_setting("marker", 1)
    good = store.backup("manual")
    store.close(backup=False)
    db = data_dir / DB_NAME
    raw = bytearray(db.read_bytes())
    raw[100:4096] = b"\xff" * (4096 - 100)
    db.write_bytes(bytes(raw))
    with pytest.raises(DatabaseCorrupt) as err:
        open_store(data_dir)
    assert "damaged" in err.value.message()
    manager = BackupManager(db)
    assert manager.newest_good().path == good.path
    kept = manager.restore(manager.newest_good())
    assert kept.exists()
    store = open_store(data_dir)
    assert store.get_setting("marker") == 1
    store.close(backup=False)


def test_database_write_locked_by_another_program(data_dir):
    holder = sqlite3.connect(str(data_dir / DB_NAME), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # e.g. a database browser with an open write transaction
    try:
        with pytest.raises(DatabaseLocked) as err:
            open_store(data_dir)
        assert "locked" in err.value.message()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    open_store(data_dir).close(backup=False)  # free again: opens


def test_newer_schema_refused_and_untouched(data_dir):
    store = open_store(data_dir)
    with store.engine.begin() as conn:
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES ('zz_future')"))
    store.close(backup=False)
    before = (data_dir / DB_NAME).read_bytes()
    with pytest.raises(SchemaTooNew) as err:
        open_store(data_dir)
    assert "zz_future" in err.value.message()
    assert (data_dir / DB_NAME).read_bytes() == before


def test_backup_is_consistent_and_thinned(store):
    store.set_setting("k", "v")
    manager = store.backups
    now = datetime(2026, 11, 25, 12, 0)
    first = manager.create("close", now=now)
    assert quick_check(first.path) == "ok"
    for hours in range(6, 24 * 400, 6):  # four backups a day for 400 days (copies: thinning reads names)
        shutil.copyfile(first.path, manager.path_for(now - timedelta(hours=hours), "close"))
    removed = manager.thin(now=now)
    kept = manager.list()
    assert removed
    assert all(now - b.taken_at <= timedelta(days=366) for b in kept)
    recent = [b for b in kept if now - b.taken_at <= timedelta(days=2)]
    assert len(recent) == 9  # all of the last two days
    assert 60 < len(kept) < 120  # ~ daily for a month, weekly for a year
    assert kept[0].path == first.path


def test_data_dir_resolution(monkeypatch, tmp_path):
    monkeypatch.setenv("ZHOOB_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(None) == (tmp_path / "env").resolve()
    assert resolve_data_dir(tmp_path / "arg") == (tmp_path / "arg").resolve()


def test_settings_roundtrip(store):
    store.set_setting("language", "ru")
    store.set_setting("language", "kk")
    assert store.get_setting("language") == "kk"
    assert store.get_setting("absent", 5) == 5
