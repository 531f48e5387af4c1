"""Encrypted files have 16 KiB pages; files made with SQLCipher's 4 KiB pages open, change and back up as before."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from tests.register_fixtures import add
from zhoob_desktop import cipher
from zhoob_desktop.services.backups import quick_check
from zhoob_desktop.services.datadir import DB_NAME
from zhoob_desktop.services.register.residents import get_resident
from zhoob_desktop.services.store import open_store


def _page_size(path: Path, key: bytes) -> int:
    conn = cipher.connect(path, key)
    try:
        return cipher.page_size_of(conn)
    finally:
        conn.close()


def _with_pages(path: Path, key: bytes, size: int) -> None:
    """Write ``path`` again with pages of ``size`` (as a store made before 16 KiB pages has them)."""
    copy = path.with_name(path.name + ".copy")
    conn = cipher.connect(path, key, isolation_level=None)
    try:
        conn.execute(f"ATTACH DATABASE ? AS other KEY \"x'{key.hex()}'\"", (str(copy),))
        conn.execute(f"PRAGMA other.cipher_page_size = {size}")
        conn.execute("SELECT sqlcipher_export('other')")
        conn.execute(f"PRAGMA other.user_version = {conn.execute('PRAGMA main.user_version').fetchone()[0]}")
        conn.execute("DETACH DATABASE other")
    finally:
        conn.close()
    os.replace(copy, path)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def test_a_new_store_and_its_backups_have_16_kib_pages(store):
    add(store, "Әбдірахманова", "Гүлнұр", date(1985, 3, 14), "F", serial=1)
    assert _page_size(store.db_path, store.key) == cipher.PAGE_SIZE == 16384
    taken = store.backup("manual")
    assert _page_size(taken.path, store.key) == 16384 and quick_check(taken.path, store.key) == "ok"


def test_a_store_with_4_kib_pages_opens_changes_and_backs_up_as_before(data_dir):
    store = open_store(data_dir)
    key, first = store.key, add(store, "Әбдірахманова", "Гүлнұр", date(1985, 3, 14), "F", serial=1)
    store.close(backup=False)
    _with_pages(data_dir / DB_NAME, key, cipher.LEGACY_PAGE_SIZE)
    assert _page_size(data_dir / DB_NAME, key) == 4096

    store = open_store(data_dir)
    assert get_resident(store, first.id).surname == "Әбдірахманова"
    second = add(store, "Қасымов", "Ерлан", date(1987, 4, 12), "M", serial=2)
    taken = store.backup("manual")  # a backup copies pages as they are: it keeps the store's size
    assert _page_size(taken.path, key) == 4096 and quick_check(taken.path, key) == "ok"
    store.close(backup=False)

    store = open_store(data_dir)
    assert get_resident(store, second.id).given_name == "Ерлан"
    assert store.backups.newest_good() is not None
    store.close(backup=False)
    assert _page_size(data_dir / DB_NAME, key) == 4096  # nothing changed the file's pages


@pytest.mark.parametrize("size", [cipher.PAGE_SIZE, cipher.LEGACY_PAGE_SIZE])
def test_a_wrong_key_opens_neither_kind_of_file(store, tmp_path, size):
    key = store.key
    taken = store.backup("manual").path
    _with_pages(taken, key, size)
    wrong = bytes(32)
    conn = cipher.connect(taken, wrong)
    try:
        with pytest.raises(cipher.dbapi(wrong).DatabaseError, match="not a database"):
            conn.execute("SELECT count(*) FROM resident").fetchall()
    finally:
        conn.close()
    assert quick_check(taken, wrong) != "ok"
    assert quick_check(taken, key) == "ok" and _page_size(taken, key) == size
