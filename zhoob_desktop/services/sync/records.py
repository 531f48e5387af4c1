"""Table rows as JSON and back, driven by the models' own column types.

A record line in a bundle is ``{"id": ..., "rev": n, "deleted": bool, "data": {column: value}}``
(``data`` is absent in a tombstone of a row that no longer exists). ``rev``
grows with every change the okrug makes to the record; the district keeps the
revision and a hash of ``data`` to tell a newer version from a conflicting one.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    ARRAY,
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    String,
    Table,
    Time,
    Uuid,
    any_,
    insert,
    literal,
)

from zhoob_desktop.models import Base
from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.sync import bounded

# Register tables in the order their foreign keys need them; "entity" names are
# those of the register's change log.
REGISTER_TABLES: tuple[tuple[str, str], ...] = (
    ("settlement", "settlement"),
    ("street", "street"),
    ("house", "house"),
    ("resident", "resident"),
)
# Every table whose rows travel as record lines, in foreign-key order, and the member holding them.
# The approved procedure of separate gatherings and the members' initiatives with their signers
# (``representation_part``); the representatives themselves travel in the separate gatherings' journals.
REPRESENTATION_TABLES: tuple[tuple[str, str], ...] = (
    ("representation_procedure", "representation_procedure"),
    ("initiative", "initiative"),
    ("initiative_signer", "initiative_signer"),
)
SYNCED_TABLES: tuple[tuple[str, str], ...] = (
    *REGISTER_TABLES,
    ("decision_step", "decision_step"),
    *REPRESENTATION_TABLES,
)


def member_of(table_name: str) -> str:
    if table_name == "decision_step":
        return "decisions/decision_step.jsonl"
    if table_name in {t for _e, t in REPRESENTATION_TABLES}:
        return f"representation/{table_name}.jsonl"
    return f"register/{table_name}.jsonl"


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def _encoder(column_type) -> Any:
    if isinstance(column_type, Uuid):
        return lambda v: None if v is None else str(v)
    if isinstance(column_type, (DateTime, Date, Time)):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(column_type, LargeBinary):
        return lambda v: None if v is None else base64.b64encode(v).decode("ascii")
    return lambda v: v


class FieldProblem(ValueError):
    """A record's value that its column cannot take; the message is translated and names the column."""


_INT_RANGE = {Integer: (-(2**31), 2**31 - 1), BigInteger: (-(2**63), 2**63 - 1)}


def _converter(column) -> Any:
    """A function checking one JSON value against its column and returning the database value.

    The same limits hold on SQLite and PostgreSQL: text no longer than its
    column, integers within the column's range, and each type exactly (an
    integer is not a boolean, a date is an ISO text).
    """
    t, name = column.type, column.name

    def bad(_value: Any = None) -> FieldProblem:
        return FieldProblem(_("the column {column} holds a value of the wrong type").format(column=name))

    def parsing(parse, limit: int = 40):
        def convert(v):
            if type(v) is not str or len(v) > limit:
                raise bad()
            try:
                return parse(v)
            except (TypeError, ValueError) as exc:
                raise bad() from exc

        return convert

    if isinstance(t, Uuid):
        parse_id = parsing(uuid.UUID)
        if column.primary_key:
            return parse_id
        # Referred ids repeat (every resident of a street names it): one UUID object per id.
        seen: dict[str, uuid.UUID] = {}

        def reference(v):
            found = seen.get(v) if type(v) is str else None
            if found is None:
                found = parse_id(v)
                if len(seen) < 20_000:
                    seen[v] = found
            return found

        return reference
    if isinstance(t, DateTime):
        return parsing(datetime.fromisoformat)
    if isinstance(t, Date):
        return parsing(date.fromisoformat)
    if isinstance(t, Time):
        return parsing(time.fromisoformat)
    if isinstance(t, LargeBinary):
        return parsing(lambda v: base64.b64decode(v, validate=True), limit=2**31)
    if isinstance(t, Boolean):

        def boolean(v):
            if type(v) is not bool:
                raise bad()
            return v

        return boolean
    if isinstance(t, (Integer, BigInteger)):
        low, high = _INT_RANGE[BigInteger if isinstance(t, BigInteger) else Integer]

        def integer(v):
            if type(v) is not int or not low <= v <= high:
                raise bad()
            return v

        return integer
    if isinstance(t, JSON):
        return lambda v: v
    limit = getattr(t, "length", None)

    def text(v):
        if type(v) is not str:
            raise bad()
        if limit is not None and len(v) > limit:
            raise FieldProblem(
                _("the column {column} holds {length} characters; it takes at most {limit}").format(
                    column=name, length=len(v), limit=limit
                )
            )
        return v

    return text


class RowCodec:
    """Encodes rows of one table to JSON-ready dicts and decodes (and checks) them back."""

    def __init__(self, tbl: Table):
        self.table = tbl
        self.columns = [c.name for c in tbl.columns]
        self._names = frozenset(self.columns)
        self._enc = {c.name: _encoder(c.type) for c in tbl.columns}
        # Text columns pass through as they are; only these need converting (both directions are hot).
        self._encoding = [
            (c.name, _encoder(c.type))
            for c in tbl.columns
            if isinstance(c.type, (Uuid, DateTime, Date, Time, LargeBinary))
        ]
        self._checks = [(c.name, _converter(c)) for c in tbl.columns]
        self.not_null = frozenset(
            c.name for c in tbl.columns if not c.nullable and not isinstance(c.type, JSON)
        )
        self.required = {
            c.name
            for c in tbl.columns
            if not c.nullable and c.default is None and c.server_default is None and not c.primary_key
        } | {c.name for c in tbl.columns if c.primary_key}

    def encode(self, row: Any) -> dict[str, Any]:
        """A row mapping (Core ``RowMapping`` or dict) as a JSON-ready dict."""
        out = {name: row[name] for name in self.columns}
        for name, convert in self._encoding:
            value = out[name]
            if value is not None:
                out[name] = convert(value)
        return out

    def encode_values(self, values: dict[str, Any]) -> dict[str, Any]:
        """Decoded values (perhaps not every column) as JSON-ready data again."""
        out = dict(values)
        for name, convert in self._encoding:
            if out.get(name) is not None:
                out[name] = convert(out[name])
        return out

    def decode(self, data: Any) -> dict[str, Any]:
        """Values for an insert/update, every one checked against its column.

        ``FieldProblem`` (translated, naming the column) for an unknown or
        missing column, a value of the wrong type, an empty value where the
        column needs one, or a text longer than its column.
        """
        if type(data) is not dict:
            raise FieldProblem(_("the record's data is not an object"))
        unknown = data.keys() - self._names
        if unknown:
            shown = ", ".join(sorted(str(k)[:40] for k in unknown)[:5])
            raise FieldProblem(_("it has unknown columns: {columns}").format(columns=shown))
        missing = self.required - data.keys()
        if missing:
            raise FieldProblem(_("it lacks the columns {columns}").format(columns=", ".join(sorted(missing))))
        # Keyed by the codec's own column names: a decoded record shares its keys with every other.
        out = {}
        for name, convert in self._checks:
            if name not in data:
                continue
            value = data[name]
            if value is None:
                if name in self.not_null:
                    raise FieldProblem(_("the column {column} must not be empty").format(column=name))
                out[name] = None
                continue
            out[name] = convert(value)
        return out


def fits(tbl: Table, row: dict[str, Any]) -> str | None:
    """Why a row of Python values does not fit its table's columns (None when it does).

    For rows the district derives itself (summaries of journals): the same
    limits as for records, so SQLite stores nothing PostgreSQL would refuse.
    """
    for column in tbl.columns:
        value = row.get(column.name)
        if value is None:
            continue
        t = column.type
        if isinstance(t, (Integer, BigInteger)) and not isinstance(t, Boolean):
            low, high = _INT_RANGE[BigInteger if isinstance(t, BigInteger) else Integer]
            if type(value) is not int or not low <= value <= high:
                return _("the column {column} holds a value of the wrong type").format(column=column.name)
        elif isinstance(t, String):
            if type(value) is not str:
                return _("the column {column} holds a value of the wrong type").format(column=column.name)
            if t.length is not None and len(value) > t.length:
                return _("the column {column} holds {length} characters; it takes at most {limit}").format(
                    column=column.name, length=len(value), limit=t.length
                )
    return None


_codecs: dict[str, RowCodec] = {}


def codec(name: str) -> RowCodec:
    if name not in _codecs:
        _codecs[name] = RowCodec(table(name))
    return _codecs[name]


def among(s, column, values: list) -> Any:
    """``column IN (values)``; on PostgreSQL ``column = ANY(array)``, one parameter for all the values
    (a statement with a parameter per value costs more to send than to run)."""
    if s.get_bind().dialect.name == "postgresql":
        return column == any_(literal(list(values), ARRAY(column.type)))
    return column.in_(values)


def bulk_insert(session, tbl: Table, rows: list[dict[str, Any]], *, chunk: int = 1000) -> None:
    """Insert many rows, an executemany per ``chunk`` rows (batched into multi-row statements by
    the engine), so the engine's copy of the parameters stays small."""
    for start in range(0, len(rows), chunk):
        session.execute(insert(tbl), rows[start : start + chunk])


def content_hash(data: dict[str, Any] | None) -> str:
    """SHA-256 of a record's data in canonical JSON ("" for a tombstone without data)."""
    if data is None:
        return ""
    body = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


_DATA_HEAD = b'{"data":'


def _canonical_length(data: dict[str, Any]) -> int:
    """The length in characters of ``data`` as canonical JSON when it holds only text, whole numbers,
    booleans and nulls (-1 otherwise: another value needs encoding to be measured)."""
    n = 1 + 4 * len(data) if data else 2  # braces, and per entry the key's quotes, colon and comma
    for key, value in data.items():
        kind = type(value)
        if kind is str:
            n += len(key) + len(value) + 2
        elif value is None or value is True:
            n += len(key) + 4
        elif value is False:
            n += len(key) + 5
        elif kind is int:
            n += len(key) + len(str(value))
        else:
            return -1
    return n


def line_hash(raw: bytes, record: dict[str, Any]) -> str:
    """``content_hash`` of a record line's data, from the line's own bytes when it was written as the
    program writes it, so the data is not encoded again; by encoding it otherwise.

    The bytes are the canonical JSON exactly when the line is ``{"data":`` + the data + the rest of
    the record in canonical JSON, the data holds no escape, its keys come sorted and its length is
    the canonical one (a space, a repeated key or another spelling of a number only add
    characters; without escapes a text is spelt one way).
    """
    data = record.get("data")
    if data is None:
        return ""
    if raw.startswith(_DATA_HEAD) and type(data) is dict:
        tail = b',"deleted":%s,"id":"%s","rev":%d}' % (
            b"true" if record.get("deleted") is True else b"false",
            str(record.get("id")).encode("utf-8"),
            record.get("rev", -1) if type(record.get("rev")) is int else -1,
        )
        if raw.endswith(tail):
            body = raw[len(_DATA_HEAD) : len(raw) - len(tail)]
            if b"\\" not in body:
                keys = list(data)
                if keys == sorted(keys) and len(body.decode("utf-8")) == _canonical_length(data):
                    return hashlib.sha256(body).hexdigest()
    return content_hash(data)


def jsonl(lines: Iterable[dict[str, Any]]) -> tuple[bytes, int]:
    """JSON lines (sorted keys) and their number."""
    out = []
    for line in lines:
        out.append(json.dumps(line, sort_keys=True, ensure_ascii=False, separators=(",", ":")))
    body = ("\n".join(out) + ("\n" if out else "")).encode("utf-8")
    return body, len(out)


def parse_jsonl(data: bytes) -> list[Any]:
    """Parse JSON lines, nesting bounded; ``ValueError`` names the line (1-based) that is not JSON."""
    return bounded.loads_lines(data)
