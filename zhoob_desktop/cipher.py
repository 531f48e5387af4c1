"""SQLCipher connections: the same SQLite, every page encrypted (AES-256, HMAC-SHA512 per page).

The binding is ``sqlcipher3`` (SQLCipher 4 with its crypto built in; wheels for
Linux and Windows). The data key is given raw (``x'..'``), so SQLCipher skips
its own passphrase derivation at every connection: the key was derived once,
at log-in. A store without a key is plain SQLite through the standard module.

Pages are 16 KiB (``PAGE_SIZE``), not SQLCipher's 4 KiB: each page carries its
own random IV and authentication code and is encrypted, written to the log and
copied to the file as a unit, and with a quarter of the pages an import of
50,000 residents spends about 0.25 s less on them. Files made before keep their
4 KiB pages (``LEGACY_PAGE_SIZE``): SQLCipher cannot read the page size of an
encrypted file, so before a connection is keyed its file is opened with 16 KiB
and, when the first page does not open, with 4 KiB. A new file takes 16 KiB.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import ModuleType


def dbapi(key: bytes | None) -> ModuleType:
    """The DB-API module for a store: ``sqlcipher3.dbapi2`` when keyed, else ``sqlite3``."""
    if key is None:
        return sqlite3
    import sqlcipher3.dbapi2

    return sqlcipher3.dbapi2


PAGE_SIZE = 16384
LEGACY_PAGE_SIZE = 4096  # SQLCipher 4's default, of the files made before
NOT_A_DATABASE = 26  # SQLITE_NOTADB: what a page that does not open (size or key) gives


def key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def apply_key(dbapi_connection, key: bytes | None, page_size: int | None = None) -> None:
    """Key a fresh connection: must be its first statement.

    The file's page size is found by trying (see the module's docstring); ``page_size``
    forces one, for a new file that must match another (a backup of a store).
    """
    if key is None:
        return
    cursor = dbapi_connection.cursor()
    try:
        size = page_size or _page_size_on_disk(cursor, key)
        cursor.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is reported to us, not to stderr
        cursor.execute(key_pragma(key))
        cursor.execute(f"PRAGMA cipher_page_size = {int(size)}")
    finally:
        cursor.close()


def _page_size_on_disk(cursor, key: bytes) -> int:
    """The page size the connection's file opens with: ``PAGE_SIZE`` for a new or empty file.

    Each size is tried on a connection of its own (a connection whose first page did not
    open stays unable to write even once keyed again) that reads the file as it lies on
    disk, without locks or the write-ahead log: the size of a file never changes, and the
    first page there is encrypted like every other. With a wrong key (or a damaged first
    page) no size opens it, and the connection's first read says so, as before.
    """
    name = next((row[2] for row in cursor.execute("PRAGMA database_list") if row[1] == "main"), "")
    path = Path(name).resolve() if name else None
    if path is None or not path.is_file() or path.stat().st_size == 0:
        return PAGE_SIZE
    module = dbapi(key)
    for size in (PAGE_SIZE, LEGACY_PAGE_SIZE):
        try:
            probe = module.connect(f"{path.as_uri()}?immutable=1", uri=True)
        except module.Error:
            return PAGE_SIZE  # not readable at all: the connection itself will say why
        try:
            probe.execute("PRAGMA cipher_log_level = NONE")
            probe.execute(key_pragma(key))
            probe.execute(f"PRAGMA cipher_page_size = {size}")
            probe.execute("SELECT count(*) FROM sqlite_master").fetchall()  # reads the first page
            return size
        except module.DatabaseError as exc:
            if getattr(exc, "sqlite_errorcode", NOT_A_DATABASE) != NOT_A_DATABASE:
                return size  # the first page opened; what is wrong beyond it is reported by the connection
        finally:
            probe.close()
    return PAGE_SIZE


def page_size_of(conn) -> int:
    """The page size of an open (keyed) connection's file."""
    return int(conn.execute("PRAGMA page_size").fetchone()[0])


def connect(path: str | Path, key: bytes | None, *, page_size: int | None = None, **kwargs):
    """A DB-API connection to a store's file (keyed when ``key`` is given; see ``apply_key``)."""
    module = dbapi(key)
    target = str(path)
    conn = module.connect(target, **kwargs)
    apply_key(conn, key, page_size)
    return conn


def database_errors(key: bytes | None) -> tuple[type[BaseException], ...]:
    """The DatabaseError classes a connection of this kind raises."""
    return (sqlite3.DatabaseError,) if key is None else (sqlite3.DatabaseError, dbapi(key).DatabaseError)


def is_plain_sqlite(path: Path) -> bool:
    """Whether the file starts with SQLite's plain header (an encrypted one starts with random salt)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False
