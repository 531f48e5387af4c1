"""The rows an import will write, kept aside while it is planned, then written in one go.

An import decides everything from reads before its first write (the checks
refuse a bundle before anything is written), but a district's bundle can
carry more rows than should be held in memory at once. So the planner hands
each chunk of rows it decided to write to ``Writes``, which turns them into
the database's own values at once and keeps them in a spool (in memory while
small, then a private temporary file), in the order they came. ``replay``
writes them in the import's transaction: on SQLite with ``executemany`` of
ready values, on PostgreSQL with ``COPY``; updates through SQLAlchemy Core.

What is stored is exactly what SQLAlchemy's own insert would store: a
column the row does not carry gets its column's default, and every value
goes through the column type's own conversion (SQLite) or psycopg's text
form of it (PostgreSQL ``COPY``, read by the server as an insert's value
would be).
"""

from __future__ import annotations

import json
import operator
import pickle
from collections.abc import Iterator
from typing import Any

from sqlalchemy import JSON, Table, Uuid, bindparam, insert, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from zhoob_desktop.services.sync.records import table
from zhoob_desktop.services.sync.scratch import Scratch

SPOOL_MEMORY = 4 * 1024 * 1024  # bytes of planned rows kept in memory before the spool goes to a file
_NO_DEFAULT = object()
_HEX = operator.attrgetter("hex")


def _default(column) -> Any:
    """A column's Python-side default for a row that does not carry it (``_NO_DEFAULT``: none)."""
    default = column.default
    if default is None:
        return None if column.server_default is None else _NO_DEFAULT
    if default.is_scalar:
        return default.arg
    if default.is_callable:
        return default.arg  # called per row
    return _NO_DEFAULT


class _TableFormat:
    """How rows of one table become the database's values on one dialect."""

    def __init__(self, tbl: Table, dialect):
        self.table = tbl
        self.columns = [c.name for c in tbl.columns]
        self.defaults = [(c.name, _default(c)) for c in tbl.columns]
        self.fast = all(d is not _NO_DEFAULT for _n, d in self.defaults)
        self.postgres = dialect.name == "postgresql"
        self.getter = operator.itemgetter(*self.columns)
        self.converters: list[tuple[int, Any]] = []
        for i, column in enumerate(tbl.columns):
            if isinstance(column.type, Uuid) and column.type.as_uuid:
                # 32 hex digits: SQLAlchemy's own form on SQLite, one of PostgreSQL's input forms
                # (and a plain text is cheaper to spool than a UUID object).
                self.converters.append((i, _HEX))
            elif self.postgres:
                # psycopg writes dates, times and texts to COPY in their text forms itself.
                if isinstance(column.type, JSON):
                    self.converters.append((i, _json_text))
            else:
                process = column.type.dialect_impl(dialect).bind_processor(dialect)
                if process is not None:
                    self.converters.append((i, process))

    def row(self, values: dict[str, Any]) -> tuple:
        if len(values) == len(self.columns) > 1:  # every column (decoded rows carry only the table's)
            out = list(self.getter(values))
        else:
            out = []
            for name, default in self.defaults:
                if name in values:
                    out.append(values[name])
                elif callable(default):
                    out.append(default(None))
                else:
                    out.append(default)
        for i, convert in self.converters:
            if out[i] is not None:
                out[i] = convert(out[i])
        return tuple(out)


def _json_text(value: Any) -> str:
    return json.dumps(value)  # as SQLAlchemy's JSON type sends it


class Spool:
    """Batches kept in the order they came: in memory while small, then in a temporary file only
    this process can read (``scratch.Scratch``).

    Each batch is pickled as it is put (the spool is the import's own: it
    never holds anything read back from elsewhere).
    """

    def __init__(self):
        self._scratch = Scratch(SPOOL_MEMORY)
        self.count = 0

    def put(self, batch: Any) -> None:
        pickle.dump(batch, self._scratch, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def __iter__(self) -> Iterator[Any]:
        fh = self._scratch.reader()
        for _ in range(self.count):
            yield pickle.load(fh)

    def close(self) -> None:
        self._scratch.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Writes:
    """Planned writes of one import, in order: inserts (ready values) and updates, per table."""

    def __init__(self, dialect):
        self.dialect = dialect
        self._formats: dict[str, _TableFormat] = {}
        self._spool = Spool()

    def _format(self, table_name: str) -> _TableFormat:
        if table_name not in self._formats:
            self._formats[table_name] = _TableFormat(table(table_name), self.dialect)
        return self._formats[table_name]

    def insert(self, table_name: str, rows: list[dict[str, Any]]) -> None:
        """New rows of a table (decoded values; a missing column takes its default)."""
        if not rows:
            return
        fmt = self._format(table_name)
        if not fmt.fast:  # a column whose default only the database knows: Core decides per row
            self._spool.put(("core", table_name, rows))
            return
        self._spool.put(("insert", table_name, [fmt.row(r) for r in rows]))

    def update(self, table_name: str, rows: list[dict[str, Any]]) -> None:
        """Rows of a table replaced by newer revisions: the columns each one carries."""
        if rows:
            self._spool.put(("update", table_name, rows))

    def update_records(self, metas: list[dict[str, Any]]) -> None:
        """The district's revision, hash and source bundle of records it holds."""
        if metas:
            self._spool.put(("record", "district_record", metas))

    def replay(self, s: Session) -> None:
        """Write every planned batch, in the order planned, in the session's transaction."""
        for kind, table_name, rows in self._spool:
            if kind == "insert":
                self._insert(s, self._format(table_name), rows)
            elif kind == "core":
                for row in rows:
                    s.execute(insert(table(table_name)), [row])
            elif kind == "record":
                update_records(s, rows)
            else:
                _update(s, table(table_name), rows)

    def close(self) -> None:
        self._spool.close()

    def __enter__(self) -> Writes:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _insert(self, s: Session, fmt: _TableFormat, rows: list[tuple]) -> None:
        _insert_ready(s, self.dialect, fmt, rows)


def _insert_ready(s: Session, dialect, fmt: _TableFormat, rows: list[tuple]) -> None:
    """Rows of ready values into their table: ``executemany`` on SQLite, ``COPY`` on PostgreSQL."""
    conn = s.connection()
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in fmt.columns)
    target = quote(fmt.table.name)
    if not fmt.postgres:
        marks = ", ".join("?" * len(fmt.columns))
        conn.exec_driver_sql(f"INSERT INTO {target} ({names}) VALUES ({marks})", rows)
        return
    statement = f"COPY {target} ({names}) FROM STDIN"
    dbapi = conn.connection.dbapi_connection
    try:
        with dbapi.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except dialect.loaded_dbapi.Error as exc:
        # As SQLAlchemy reports a database error (callers tell a clash of two imports by it).
        raise DBAPIError.instance(statement, None, exc, dialect.loaded_dbapi.Error, dialect=dialect) from exc


def insert_rows(s: Session, table_name: str, rows: list[dict[str, Any]]) -> None:
    """New rows of a table written at once, as ``Writes.replay`` writes them."""
    if not rows:
        return
    dialect = s.get_bind().dialect
    fmt = _TableFormat(table(table_name), dialect)
    if not fmt.fast:
        s.execute(insert(fmt.table), rows)
        return
    _insert_ready(s, dialect, fmt, [fmt.row(r) for r in rows])


def update_records(s: Session, metas: list[dict[str, Any]]) -> None:
    """Set the revision, hash, removal and source bundle of records the district holds."""
    rec = table("district_record")
    statement = (
        update(rec)
        .where(rec.c.entity == bindparam("_entity"), rec.c.record_id == bindparam("_record_id"))
        .values(
            rev=bindparam("_rev"),
            hash=bindparam("_hash"),
            deleted=bindparam("_deleted"),
            bundle_id=bindparam("_bundle_id"),
        )
    )
    s.connection().execute(
        statement,
        [
            {
                "_entity": m["entity"],
                "_record_id": m["record_id"],
                "_rev": m["rev"],
                "_hash": m["hash"],
                "_deleted": m["deleted"],
                "_bundle_id": m["bundle_id"],
            }
            for m in metas
        ],
    )


def _update(s: Session, tbl: Table, rows: list[dict[str, Any]]) -> None:
    """Update rows by id, one ``executemany`` per set of columns carried."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(k for k in row if k != "id")), []).append(row)
    for columns, group in groups.items():
        if not columns:
            continue
        statement = (
            update(tbl).where(tbl.c.id == bindparam("_id")).values({c: bindparam(f"_v_{c}") for c in columns})
        )
        s.connection().execute(
            statement, [{"_id": r["id"], **{f"_v_{c}": r[c] for c in columns}} for r in group]
        )
