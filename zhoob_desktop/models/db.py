"""Engine and session factory with the pragmas that keep a laptop's data safe."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

# JSON columns in a SQLite store are written with their letters as they are: Kazakh and Russian
# text escaped as \uXXXX takes three times the room (a change log of 50,000 imported residents is
# about 11 MB smaller), and every extra page is encrypted and written twice (log, then file).
# Older rows written escaped read the same.
json_text = partial(json.dumps, ensure_ascii=False)
CACHE_KIB = 32768


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # 32 MiB of pages kept per connection (SQLCipher's default is 8 MB, SQLite's 2): the search as
    # you type reads rows all over the register, and an encrypted page read again is decrypted
    # again (16 KiB, see zhoob_desktop.cipher). A ceiling, not an allocation.
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.close()


def make_engine(url: str | URL, *, key: bytes | None = None) -> Engine:
    """An engine for a database URL; SQLite gets WAL, foreign keys and synchronous=FULL.

    With ``key`` the SQLite file is opened through SQLCipher, keyed before anything else.
    """
    if (url.drivername if isinstance(url, URL) else url).startswith("sqlite"):
        if key is None:
            engine = create_engine(url, connect_args={"check_same_thread": False}, json_serializer=json_text)
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        from zhoob_desktop import cipher

        engine = create_engine(
            url,
            module=cipher.dbapi(key),
            connect_args={"check_same_thread": False},
            json_serializer=json_text,
        )

        def keyed(dbapi_connection, record) -> None:
            cipher.apply_key(dbapi_connection, key)
            _sqlite_pragmas(dbapi_connection, record)

        event.listen(engine, "connect", keyed)
        return engine
    return create_engine(url, pool_pre_ping=True)


def sqlite_url(path: Path) -> URL:
    """The URL of a SQLite file, built from parts: a folder named "a%20b" or "x?y" stays as it is."""
    return URL.create("sqlite", database=str(path))


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
