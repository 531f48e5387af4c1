"""Bulk inserts for imports and the demo: many rows, one statement.

On SQLite the rows are converted to the column storage formats SQLAlchemy
itself uses (UUID as 32 hex digits, dates as ISO text, timestamps as
"YYYY-MM-DD HH:MM:SS.ffffff", JSON as text) and handed straight to the
driver's executemany: at 50,000 residents SQLAlchemy's per-value type
processing is most of an import's time. Other databases get a Core insert.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Table, Uuid
from sqlalchemy.orm import Session

from zhoob_desktop.models.ids import new_id_hex, new_ids_hex


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a bulk job builds its rows.

    An import of 50,000 rows creates hundreds of thousands of objects that live
    until it ends; the collector would walk all of them again and again and find
    nothing to free. Reference counting still frees everything short-lived.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def id_source(batch: int = 4096) -> Callable[[], str]:
    """A function giving a new id (as ``new_id_hex``) on each call, drawn ``batch`` at a time."""
    ids: list[str] = []

    def next_id() -> str:
        if not ids:
            # Handed out in ascending order within a batch (popped from the end): rows inserted one
            # after another then go to neighbouring places of the unique index on ids.
            ids.extend(reversed(new_ids_hex(batch)))
        return ids.pop()

    return next_id


def timestamp_text(v: datetime) -> str:
    """A timestamp as SQLAlchemy stores it in SQLite (the time zone left out: it is UTC)."""
    return v.strftime("%Y-%m-%d %H:%M:%S.%f")


def _timestamp() -> Callable[[Any], Any]:
    last: list[Any] = [None, None]

    def convert(v: Any) -> Any:
        if v is None:
            return None
        if v is not last[0]:  # a bulk insert stamps every row with the same moment
            last[0], last[1] = v, timestamp_text(v)
        return last[1]

    return convert


def _converter(column_type) -> Callable[[Any], Any] | None:
    if isinstance(column_type, Uuid):
        return lambda v: v if v is None or isinstance(v, str) else v.hex
    if isinstance(column_type, DateTime):
        return _timestamp()
    if isinstance(column_type, Date):
        return lambda v: None if v is None else (v.date() if isinstance(v, datetime) else v).isoformat()
    if isinstance(column_type, JSON):
        return lambda v: None if v is None else json.dumps(v)
    if isinstance(column_type, Boolean):
        return lambda v: None if v is None else int(bool(v))
    return None


def bulk_insert(s: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows (dicts with the same keys) into a table within the session's transaction."""
    if not rows:
        return
    if s.get_bind().dialect.name != "sqlite":
        s.execute(table.insert(), list(rows))
        return
    names = list(rows[0].keys())
    convert = [(i, c) for i, c in enumerate(_converter(table.c[n].type) for n in names) if c is not None]
    values = []
    for row in rows:
        cells = [row[n] for n in names]
        for i, c in convert:  # only the UUID, date, timestamp and JSON columns need converting
            cells[i] = c(cells[i])
        values.append(tuple(cells))
    insert_prepared(s, table, names, values)


def insert_prepared(s: Session, table: Table, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert rows already in SQLite's storage formats (see above) with one executemany.

    For the okrug store, which is SQLite: the caller builds each row as a tuple
    in the order of ``names`` and pays for no conversion here.
    """
    if not rows:
        return
    if s.get_bind().dialect.name != "sqlite":
        raise TypeError(f"prepared rows are in SQLite storage formats, not {s.get_bind().dialect.name}'s")
    columns = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" for _ in names)
    s.connection().exec_driver_sql(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', rows)


__all__ = [
    "bulk_insert",
    "gc_paused",
    "id_source",
    "insert_prepared",
    "new_id_hex",
    "new_ids_hex",
    "timestamp_text",
]
