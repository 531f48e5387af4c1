"""The store opens safely: lock, integrity, schema version, backups."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from zhoob_desktop import cipher
from zhoob_desktop.services.backups import BackupManager, quick_check
from zhoob_desktop.services.datadir import DB_NAME, resolve_data_dir
from zhoob_desktop.services.errors import (
    AlreadyRunning,
    DatabaseCorrupt,
    DatabaseLocked,
    DataDirNotWritable,
    OperationCancelled,
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
    key = store.key
    store.close(backup=False)
    db = data_dir / DB_NAME
    raw = bytearray(db.read_bytes())
    raw[100:4096] = b"\xff" * (4096 - 100)
    db.write_bytes(bytes(raw))
    with pytest.raises(DatabaseCorrupt) as err:
        open_store(data_dir)
    assert "damaged" in err.value.message()
    manager = BackupManager(db, key=key)
    assert manager.newest_good().path == good.path
    kept = manager.restore(manager.newest_good())
    assert kept.exists()
    store = open_store(data_dir)
    assert store.get_setting("marker") == 1
    store.close(backup=False)


def test_database_write_locked_by_another_program(data_dir):
    store = open_store(data_dir)
    key = store.key
    store.close(backup=False)
    holder = cipher.connect(data_dir / DB_NAME, key, isolation_level=None)
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
    assert quick_check(first.path, store.key) == "ok"
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


def test_close_backs_up_only_what_changed(data_dir):
    store = open_store(data_dir)
    store.set_setting("k", 1)
    store.close()
    manager = BackupManager(data_dir / DB_NAME, key=store.key)
    assert [b.reason for b in manager.list()] == ["close"]
    for _ in range(2):  # nothing written: no new copy however often the program opens and closes
        store = open_store(data_dir)
        assert store.get_setting("k") == 1
        assert not store.backup_needed()
        store.close()
    assert len(manager.list()) == 1
    store = open_store(data_dir)
    store.close(backup=False)  # e.g. a command that writes nothing and takes no backup
    store = open_store(data_dir)
    store.set_setting("k", 2)
    assert store.backup_needed()
    store.close()
    newest = manager.list()[0]
    assert len(manager.list()) == 2
    copy = cipher.connect(newest.path, manager.key)
    assert copy.execute("SELECT value FROM setting WHERE key='k'").fetchone()[0] == 2
    copy.close()


def test_a_write_by_another_program_is_backed_up_at_the_next_close(data_dir):
    store = open_store(data_dir)
    store.close()
    other = open_store(data_dir)  # a command-line import, say: it takes no backup on close
    other.set_setting("imported", True)
    other.close(backup=False)
    store = open_store(data_dir)
    assert store.backup_needed()
    store.close()
    assert len(BackupManager(data_dir / DB_NAME).list()) == 2


def test_backup_reports_progress_and_can_be_cancelled(store):
    with store.session() as s:
        s.execute(text("CREATE TABLE filler (x BLOB)"))
        for _ in range(40):
            s.execute(text("INSERT INTO filler VALUES (zeroblob(100000))"))
    seen = []
    taken = store.backups.create("manual", progress=lambda done, total: seen.append((done, total)))
    assert quick_check(taken.path, store.key) == "ok"
    assert len(seen) > 1 and seen[-1][0] == seen[-1][1] and seen[0][0] < seen[-1][0]
    with pytest.raises(OperationCancelled):
        store.backups.create("manual", cancelled=lambda: True)
    assert store.backups.list() == [taken]
    assert not list(store.backups.folder.glob("*.tmp"))


def test_integrity_check_runs_after_an_unclean_end_and_weekly(tmp_path, monkeypatch):
    import zhoob_desktop.services.store as store_module

    folder = tmp_path / "d"
    checks = []
    real = store_module.quick_check
    monkeypatch.setattr(store_module, "quick_check", lambda path, key: checks.append(path) or real(path, key))
    day = datetime(2026, 12, 1, 9, 0)
    store = open_store(folder, now=lambda: day)
    store.close(backup=False)
    assert checks == []  # a new database needs no check
    store = open_store(folder, now=lambda: day)
    store.close(backup=False)
    assert len(checks) == 1  # never checked yet
    store = open_store(folder, now=lambda: day + timedelta(days=6))
    store.close(backup=False)
    assert len(checks) == 1  # clean end, checked six days ago
    store = open_store(folder, now=lambda: day + timedelta(days=7))
    store.close(backup=False)
    assert len(checks) == 2  # a week since the last check
    code = f"import os; from zhoob_desktop.services.store import open_store; open_store({str(folder)!r}); os._exit(9)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 9
    store = open_store(folder, now=lambda: day + timedelta(days=8), integrity="defer")
    assert store.integrity_due and len(checks) == 2  # after a crash: due, left to the window
    assert store.check_integrity(day + timedelta(days=8)) == "ok"
    assert not store.integrity_due
    store.close(backup=False)
    store = open_store(folder, now=lambda: day + timedelta(days=9))
    store.close(backup=False)
    assert len(checks) == 3  # the window's check was recorded; no new one is due


def test_damage_found_by_the_deferred_check(data_dir):
    store = open_store(data_dir)
    with store.session() as s:
        s.execute(text("CREATE TABLE filler (x TEXT)"))
        for n in range(2000):
            s.execute(text("INSERT INTO filler VALUES (:x)"), {"x": f"row {n} " * 20})
        s.execute(text("CREATE INDEX filler_x ON filler (x)"))
    store.close(backup=False)
    db = data_dir / DB_NAME
    raw = bytearray(db.read_bytes())
    page = 4096
    last_pages = len(raw) // page
    for index in range(last_pages - 20, last_pages - 2):  # damage the index pages at the end, not the schema
        raw[index * page + 8 : index * page + 200] = b"\x00" * 192
    db.write_bytes(bytes(raw))
    (data_dir / "zhoob.lock").write_text("1234@laptop")  # as a crash leaves it
    store = open_store(data_dir, integrity="defer")  # opens: the damage is not on the way in
    assert store.integrity_due
    assert store.check_integrity() != "ok"
    assert store.integrity_due
    store.close(backup=False)


def test_the_migration_check_needs_no_alembic_when_current(tmp_path, data_dir):
    from zhoob_desktop.models import migrate

    assert migrate.script_heads() == migrate.head_revisions()
    store = open_store(data_dir)
    assert migrate.is_current(store.engine)
    with store.engine.begin() as conn:
        conn.execute(
            text(
                "DELETE FROM alembic_version WHERE version_num = (SELECT min(version_num) FROM alembic_version)"
            )
        )
    assert not migrate.is_current(store.engine)
    store.close(backup=False)
    folder = tmp_path / "new"
    code = (
        "import sys; from zhoob_desktop.services.store import open_store; "
        f"open_store({str(folder)!r}).close(backup=False); print('alembic' in sys.modules)"
    )
    run = lambda: subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: E731
    assert run().stdout.strip() == "True"  # a new database: Alembic made it
    assert run().stdout.strip() == "False"  # current: Alembic is not even imported
