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
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    Table,
    Time,
    Uuid,
    insert,
)

from zhoob_desktop.models import Base

# Register tables in the order their foreign keys need them; "entity" names are
# those of the register's change log.
REGISTER_TABLES: tuple[tuple[str, str], ...] = (
    ("settlement", "settlement"),
    ("street", "street"),
    ("house", "house"),
    ("resident", "resident"),
)
# Every table whose rows travel as record lines, in foreign-key order, and the member holding them.
SYNCED_TABLES: tuple[tuple[str, str], ...] = (*REGISTER_TABLES, ("decision_step", "decision_step"))


def member_of(table_name: str) -> str:
    return (
        "decisions/decision_step.jsonl" if table_name == "decision_step" else f"register/{table_name}.jsonl"
    )


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


def _decoder(column_type) -> Any:
    if isinstance(column_type, Uuid):
        return lambda v: None if v is None else uuid.UUID(v)
    if isinstance(column_type, DateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(column_type, Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    if isinstance(column_type, Time):
        return lambda v: None if v is None else time.fromisoformat(v)
    if isinstance(column_type, LargeBinary):
        return lambda v: None if v is None else base64.b64decode(v)
    if isinstance(column_type, Boolean):
        return lambda v: None if v is None else bool(v)
    if isinstance(column_type, (Integer, BigInteger)):
        return lambda v: None if v is None else int(v)
    if isinstance(column_type, JSON):
        return lambda v: v
    return lambda v: v


class RowCodec:
    """Encodes rows of one table to JSON-ready dicts and decodes them back."""

    def __init__(self, tbl: Table):
        self.table = tbl
        self.columns = [c.name for c in tbl.columns]
        self._enc = {c.name: _encoder(c.type) for c in tbl.columns}
        self._dec = {c.name: _decoder(c.type) for c in tbl.columns}
        # Text columns pass through as they are; only these need converting (both directions are hot).
        self._encoding = [
            (c.name, _encoder(c.type))
            for c in tbl.columns
            if isinstance(c.type, (Uuid, DateTime, Date, Time, LargeBinary))
        ]
        self._converting = [
            (c.name, _decoder(c.type))
            for c in tbl.columns
            if isinstance(c.type, (Uuid, DateTime, Date, Time, LargeBinary, Boolean, Integer, BigInteger))
        ]
        self.required = {
            c.name
            for c in tbl.columns
            if not c.nullable and c.default is None and c.server_default is None and not c.primary_key
        }

    def encode(self, row: Any) -> dict[str, Any]:
        """A row mapping (Core ``RowMapping`` or dict) as a JSON-ready dict."""
        out = {name: row[name] for name in self.columns}
        for name, convert in self._encoding:
            value = out[name]
            if value is not None:
                out[name] = convert(value)
        return out

    def decode(self, data: dict[str, Any]) -> dict[str, Any]:
        """Values for an insert/update; unknown keys raise ``ValueError``, missing ones are left out."""
        unknown = set(data) - set(self.columns)
        if unknown:
            raise ValueError("unknown columns: " + ", ".join(sorted(unknown)))
        missing = self.required - set(data)
        if missing:
            raise ValueError("missing columns: " + ", ".join(sorted(missing)))
        out = dict(data)
        try:
            for name, convert in self._converting:
                value = out.get(name)
                if value is not None:
                    out[name] = convert(value)
        except (TypeError, ValueError, AttributeError) as exc:
            raise ValueError(str(exc)) from exc
        return out


_codecs: dict[str, RowCodec] = {}


def codec(name: str) -> RowCodec:
    if name not in _codecs:
        _codecs[name] = RowCodec(table(name))
    return _codecs[name]


def bulk_insert(session, tbl: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows in one executemany (batched into multi-row statements by the engine)."""
    if rows:
        session.execute(insert(tbl), rows)


def content_hash(data: dict[str, Any] | None) -> str:
    """SHA-256 of a record's data in canonical JSON ("" for a tombstone without data)."""
    if data is None:
        return ""
    body = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def jsonl(lines: Iterable[dict[str, Any]]) -> tuple[bytes, int]:
    """JSON lines (sorted keys) and their number."""
    out = []
    for line in lines:
        out.append(json.dumps(line, sort_keys=True, ensure_ascii=False, separators=(",", ":")))
    body = ("\n".join(out) + ("\n" if out else "")).encode("utf-8")
    return body, len(out)


def parse_jsonl(data: bytes) -> list[Any]:
    """Parse JSON lines; ``ValueError`` names the line (1-based) that is not JSON."""
    text = data.decode("utf-8")
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except ValueError as exc:
            raise ValueError(f"{number}: {exc}") from exc
    return out
