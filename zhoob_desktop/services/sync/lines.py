"""A bundle member's record lines, decoded and checked against their columns a chunk at a time.

The lowest step of reading a bundle: ``verify`` (the whole bundle), ``parts``
and ``documents_part`` (sittings, journals, papers) and ``conflicts`` (a kept
record) all decode through it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.sync import bounded
from zhoob_desktop.services.sync.errors import RecordInvalid
from zhoob_desktop.services.sync.records import FieldProblem, codec, line_hash

CHUNK = 2000  # records decoded, checked and planned together


@dataclass
class Line:
    """One decoded record line: the values ready for the database, and its revision and hash."""

    id: uuid.UUID
    rev: int
    deleted: bool
    values: dict[str, Any] | None
    hash: str


class MemberLines:
    """The record lines of one member of a bundle being imported, decoded a chunk at a time."""

    def __init__(self, read: Callable[[], Any], path: Path, member: str, table_name: str, counted: dict):
        self._read, self.path, self.member, self.table = read, path, member, table_name
        self._counted = counted

    def chunks(self, size: int, seen: set[uuid.UUID]) -> Iterator[list[Line]]:
        n = 0
        with self._read() as fh:
            for chunk in decode_chunks(
                self.path, self.member, self.table, bounded.iter_stream(fh), seen, size
            ):
                n += len(chunk)
                yield chunk
        self._counted[self.member] = n


def json_problem(exc: Exception) -> str:
    """Why a member's JSON lines were refused, in the current language."""
    if isinstance(exc, bounded.TooDeep):
        return _("it is nested deeper than a bundle's records can be")
    if isinstance(exc, bounded.Unstorable):
        return _("it holds a character no database can store (NUL or half of a surrogate pair)")
    return _("it is not JSON lines")


def decode_chunks(
    path: Path,
    member: str,
    table_name: str,
    records: Iterable[tuple[int, bytes, Any]],
    seen: set[uuid.UUID],
    size: int = CHUNK,
) -> Iterator[list[Line]]:
    """Record lines of one member decoded ``size`` at a time, every value checked against its column.

    ``records``: (line number, line, parsed JSON) as ``bounded.iter_stream``
    gives them; ``seen``: the ids met so far (a record listed twice is refused).
    """
    enc = codec(table_name)
    wrong = _("a field is missing or has a wrong type")
    lines = iter(records)
    out: list[Line] = []
    while True:
        try:
            number, raw, obj = next(lines, (None, None, None))
        except ValueError as exc:
            line = getattr(exc, "line", "?")
            raise RecordInvalid(path=str(path), member=member, line=line, detail=json_problem(exc)) from exc
        if number is None:
            break
        try:
            if type(obj) is not dict or type(obj.get("id")) is not str or len(obj["id"]) > 40:
                raise ValueError("id")
            rid = uuid.UUID(obj["id"])
            rev, deleted, data = obj.get("rev", 0), obj.get("deleted", False), obj.get("data")
            if type(rev) is not int or not 0 <= rev < 2**63 or type(deleted) is not bool:
                raise ValueError("rev")
            values = None if data is None else enc.decode(data)
            if values is not None and values.get("id") != rid:
                raise FieldProblem(_("the id in its data is not the record's id"))
            if values is None and not deleted:
                raise ValueError("data")
            if rid in seen:
                raise FieldProblem(_("the record is listed twice"))
            seen.add(rid)
        except FieldProblem as exc:
            raise RecordInvalid(path=str(path), member=member, line=number, detail=str(exc)) from exc
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise RecordInvalid(path=str(path), member=member, line=number, detail=wrong) from exc
        out.append(Line(rid, rev, deleted, values, line_hash(raw, obj)))
        if len(out) >= size:
            yield out
            out = []
    if out:
        yield out


def decode_lines(path: Path, member: str, table_name: str, raw: bytes) -> list[Line]:
    """Record lines of one (small) member decoded at once, every value checked against its column."""
    records = ((n, b"", obj) for n, obj in bounded.iter_lines(raw))
    return [line for chunk in decode_chunks(path, member, table_name, records, set()) for line in chunk]
