"""Files only the user can read: the data folder 0700, every file the program writes 0600 (POSIX)."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services.sync.okrug_data import Clock, add_residents, hold_sitting, make_okrug
from zhoob_desktop.services.store import open_store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
ROOT = Path(__file__).resolve().parent.parent


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def modes_under(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): mode(p) for p in sorted(folder.rglob("*"))}


@pytest.fixture
def open_umask():
    """The umask of a typical desktop session: new files readable by everyone unless the program says not."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_store_database_log_lock_and_backups_are_private(tmp_path, open_umask):
    folder = tmp_path / "data"
    store = open_store(folder)
    store.set_setting("k", 1)
    assert Path(f"{store.db_path}-wal").exists() and Path(f"{store.db_path}-shm").exists()
    seen = modes_under(folder)
    store.backup("manual")
    store.close()
    seen |= modes_under(folder)
    store = open_store(folder)  # a second start: the integrity record is written too
    store.close(backup=False)
    seen |= modes_under(folder)
    assert mode(folder) == 0o700
    expected = {"zhoob.sqlite", "zhoob.sqlite-wal", "zhoob.sqlite-shm", "zhoob.lock", "integrity.json"}
    assert expected <= set(seen)
    assert any(name.startswith("backups/") and name.endswith("-close.sqlite") for name in seen)
    assert {name: m for name, m in seen.items() if m != (0o700 if (folder / name).is_dir() else 0o600)} == {}


def test_an_older_data_folder_is_tightened_when_opened(tmp_path, open_umask):
    folder = tmp_path / "data"
    open_store(folder).close()
    os.chmod(folder, 0o755)
    os.chmod(folder / "zhoob.sqlite", 0o644)
    store = open_store(folder)
    store.close(backup=False)
    assert (mode(folder), mode(folder / "zhoob.sqlite")) == (0o700, 0o600)


def test_every_kind_of_write_from_the_command_line_is_private(tmp_path):
    """Exports, papers, keys, bundles, the district store: through `zhoob`, as a user runs it."""
    okrug, district, out = tmp_path / "okrug", tmp_path / "district", tmp_path / "out"
    out.mkdir()
    store = open_store(okrug)
    make_okrug(store)
    people = add_residents(store, 5)
    sitting = hold_sitting(store, Clock(), people)
    store.close(backup=False)

    def zhoob(*args: str) -> None:
        code = "import sys; from zhoob_desktop.cli import main; sys.exit(main(sys.argv[1:]))"
        env = {**os.environ, "ZHOOB_LANG": "en"}
        # a shell's usual umask: the program must not rely on the user's
        subprocess.run(
            ["sh", "-c", 'umask 022; exec "$@"', "sh", sys.executable, "-c", code, *args],
            check=True, cwd=ROOT, env=env, capture_output=True,
        )  # fmt: skip

    o, d = ["--data-dir", str(okrug)], ["--data-dir", str(district)]
    db = ["--db", str(district / "district.sqlite")]
    zhoob(*o, "residents", "export", str(out / "register.csv"), "--reason", "test")
    zhoob(*o, "residents", "export", str(out / "register.xlsx"), "--reason", "test")
    zhoob(*o, "residents", "passport", "--out", str(out / "passport.pdf"))
    zhoob(*o, "protocol", "render", str(sitting), "--lang", "kk", "--out", str(out / "protocol.pdf"))
    zhoob(*o, "paper", "notice", str(sitting), "--lang", "ru", "--out", str(out / "notice.pdf"))
    zhoob(*d, "district", "key", "--out", str(out / "district.key.json"), "--name", "Іле ауданы")
    zhoob(*o, "bundle", "district-key", str(out / "district.key.json"))
    zhoob(*o, "bundle", "key", "--out", str(out / "okrug.key.json"))
    zhoob(*o, "bundle", "export", "--out", str(out / "bundle.zip"))
    zhoob(*d, "district", "register-okrug", str(out / "okrug.key.json"), *db)
    zhoob(*d, "district", "import", str(out / "bundle.zip"), *db)
    zhoob(*o, "backup", "create")
    written = {**modes_under(out), **{f"okrug/{k}": v for k, v in modes_under(okrug).items()}}
    written |= {f"district/{k}": v for k, v in modes_under(district).items()}
    assert len(written) > 15
    loose = {
        name: oct(m)
        for name, m in written.items()
        if m != (0o700 if (tmp_path / name if "/" in name else out / name).is_dir() else 0o600)
    }
    assert loose == {}


def test_a_sqlite_district_store_is_copied_before_an_import_and_a_migration(tmp_path):
    from zhoob_desktop.services.sync.district_db import district_backups, open_district

    path = tmp_path / "district" / "district.sqlite"
    store = open_district(path)
    manager = district_backups(path)
    assert manager.list() == []  # a new store: nothing to keep yet
    first = store.backup("pre-import")
    # apart from the okrug store's own backups, whose restore must never pick a district copy
    assert first is not None and first.path.parent == path.parent / "backups" / "district"
    assert store.backup("pre-import") is None  # nothing written since: the copy still stands
    with store.session() as s:
        from sqlalchemy import text

        s.execute(text("INSERT INTO setting (key, value) VALUES ('k', '1')"))
    assert store.backup("pre-import") is not None
    store.close()
    with sqlite3.connect(path) as con:
        con.execute("DELETE FROM alembic_version WHERE version_num LIKE 'syn%'")  # the sync branch's head
    con.close()
    with pytest.raises(Exception):  # noqa: B017 - the migration runs again over existing tables
        open_district(path)
    assert [b.reason for b in manager.list()][0] == "pre-migration"
    assert mode(path) == 0o600 and all(mode(b.path) == 0o600 for b in manager.list())
