"""SQLCipher connections: the same SQLite, every page encrypted (AES-256, HMAC-SHA512 per page).

The binding is ``sqlcipher3`` (SQLCipher 4 with its crypto built in; wheels for
Linux and Windows). The data key is given raw (``x'..'``), so SQLCipher skips
its own passphrase derivation at every connection: the key was derived once,
at log-in. A store without a key is plain SQLite through the standard module.
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


def key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def apply_key(dbapi_connection, key: bytes | None) -> None:
    """Key a fresh connection: must be its first statement."""
    if key is None:
        return
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is reported to us, not to stderr
        cursor.execute(key_pragma(key))
    finally:
        cursor.close()


def connect(path: str | Path, key: bytes | None, **kwargs):
    """A DB-API connection to a store's file (keyed when ``key`` is given)."""
    module = dbapi(key)
    target = str(path)
    conn = module.connect(target, **kwargs)
    apply_key(conn, key)
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
