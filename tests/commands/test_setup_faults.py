"""`zhoob setup` is all or nothing: a set-up that fails leaves nothing that blocks running it again."""

from __future__ import annotations

import os
import re
import sqlite3

import pytest

from zhoob_desktop.cli import main
from zhoob_desktop.services.datadir import DB_NAME
from zhoob_desktop.services.security import access
from zhoob_desktop.services.store import SETUP_MARKER, open_store


def run(capsys, *argv):
    code = main(["--lang", "en", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def _left(folder):
    return sorted(p.name for p in folder.iterdir() if p.name not in ("zhoob.lock", ".integrity"))


def _set_up_works_now(capsys, folder):
    code, _out, err = run(capsys, "--data-dir", folder, "setup")
    assert code == 0, err
    assert "recovery key" in err and re.search(r"([A-Z2-7]{4}-){7}[A-Z2-7]{4}", err)
    assert access.is_encrypted(folder) and not (folder / SETUP_MARKER).exists()
    store = open_store(folder)
    try:
        assert store.operator is not None and store.operator.role == "akim"
    finally:
        store.close(backup=False)


def test_a_database_that_cannot_be_opened_leaves_no_key_file(tmp_path, capsys):
    folder = tmp_path / "d"
    folder.mkdir()
    # A real fault: the database's write-ahead log is a folder, so SQLite cannot open the database.
    (folder / f"{DB_NAME}-wal").mkdir()
    code, _out, err = run(capsys, "--data-dir", folder, "setup")
    assert code != 0 and err.strip()
    assert not access.is_encrypted(folder)
    assert not (folder / DB_NAME).exists() and not (folder / "backups" / access.ACCESS_FILE).exists()
    assert not (folder / SETUP_MARKER).exists()
    (folder / f"{DB_NAME}-wal").rmdir()
    _set_up_works_now(capsys, folder)


def test_a_key_file_that_cannot_be_written_undoes_the_database(tmp_path, capsys):
    folder = tmp_path / "d"
    folder.mkdir()
    # The key file's copy cannot be written: "backups" is a file where a folder is needed.
    (folder / "backups").write_bytes(b"not a folder")
    code, _out, err = run(capsys, "--data-dir", folder, "setup")
    assert code != 0
    assert not access.is_encrypted(folder) and not (folder / DB_NAME).exists()
    assert not (folder / SETUP_MARKER).exists()
    (folder / "backups").unlink()
    _set_up_works_now(capsys, folder)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="file modes: POSIX, not as root")
def test_a_read_only_folder_is_refused_before_anything_is_written(tmp_path, capsys):
    folder = tmp_path / "d"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        code, _out, err = run(capsys, "--data-dir", folder, "setup")
        assert code != 0 and err.strip()
        assert _left(folder) == []
    finally:
        folder.chmod(0o700)
    _set_up_works_now(capsys, folder)


def test_a_set_up_stopped_half_way_is_cleaned_at_the_next_start(tmp_path, capsys):
    """The program or the computer stopped after the database was made, before the key file."""
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / SETUP_MARKER).write_bytes(b"")
    (folder / DB_NAME).write_bytes(os.urandom(8192))  # pages under a key that was never written down
    _set_up_works_now(capsys, folder)


def test_a_plain_database_is_never_removed_as_a_remain(tmp_path, capsys):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / SETUP_MARKER).write_bytes(b"")
    with sqlite3.connect(folder / DB_NAME) as con:
        con.execute("create table kept (x)")
    code, _out, err = run(capsys, "--data-dir", folder, "setup")
    assert code != 0 and "zhoob encrypt" in err
    assert (folder / DB_NAME).exists()
