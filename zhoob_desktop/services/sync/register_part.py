"""The register in a bundle, okrug side: record lines streamed from the database into the members.

Every register table (villages, streets, houses, residents) becomes one member
of record lines sorted by id. A line's revision is the change-log number of
the record's newest change (0 when the log has none); a record the log names
that no longer exists is a tombstone.

Nothing here holds the register: a **full** bundle walks each table in the
order of its primary key beside one index lookup of its revision, merged with
the (few) tombstones, and writes each line into the member as it comes. An
**incremental** bundle first gathers the ids to send, children first (the
records changed since the acknowledged bundle, the records the district has
not taken yet, and the unchanged villages, streets and houses that those
records refer to, so every bundle stands on its own whatever order the
district receives them in), then reads and writes those records in chunks.
Memory follows the size of a chunk and of the id sets of an incremental
bundle, never the size of the register.
"""

from __future__ import annotations

import heapq
import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import String, Uuid, exists, func, select, type_coerce
from sqlalchemy.orm import Session

from zhoob_desktop.models.register import RegisterChange
from zhoob_desktop.services.sync.container import BundleWriter
from zhoob_desktop.services.sync.records import REGISTER_TABLES, codec, member_of

CHUNK = 500
# Rows fetched from SQLite at a time while a table is walked.
BATCH = 1000

Line = dict[str, Any]


_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
_HEX = re.compile(r"[0-9a-f]{32}")


def json_line(line: Line) -> bytes:
    """One record line as the bundle holds it: canonical JSON (sorted keys, compact) and a newline."""
    return (_JSON.encode(line) + "\n").encode("utf-8")


def _id_text(stored: str) -> str:
    """An id as SQLite stores it (32 hex digits) in its bundle form, ``str(uuid.UUID(...))``."""
    if _HEX.fullmatch(stored):
        return f"{stored[:8]}-{stored[8:12]}-{stored[12:16]}-{stored[16:20]}-{stored[20:]}"
    return str(uuid.UUID(stored))


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _row_line(enc, row: Any, rev: int, ids: tuple[str, ...] = ()) -> Line:
    """A row's record line; ``ids``: its id columns read as stored text (see ``_all_lines``)."""
    data = enc.encode(row)
    for name in ids:
        if data[name] is not None:
            data[name] = _id_text(data[name])
    return {"id": data["id"], "rev": rev, "deleted": bool(data.get("deleted_at")), "data": data}


def _tombstone(rid: uuid.UUID, rev: int) -> Line:
    return {"id": str(rid), "rev": rev, "deleted": True}


def _all_lines(s: Session, entity: str, table_name: str) -> Iterator[Line]:
    """Every record of one table and every tombstone, in the order of their ids, read as a stream.

    Id columns are read as the text SQLite stores and written in their bundle
    form directly: the same text as through ``uuid.UUID``, at a fraction of
    the cost over a whole register.
    """
    enc = codec(table_name)
    tbl = enc.table
    ids = tuple(c.name for c in tbl.columns if isinstance(c.type, Uuid))
    columns = [type_coerce(c, String).label(c.name) if c.name in ids else c for c in tbl.columns]
    rc = RegisterChange.__table__
    newest = (
        select(func.max(rc.c.seq))
        .where(rc.c.entity == entity, rc.c.entity_id == tbl.c.id)
        .scalar_subquery()
        .label("zhoob_rev")
    )
    rows = s.execute(select(*columns, newest).order_by(tbl.c.id), execution_options={"yield_per": BATCH})
    gone = s.execute(
        select(rc.c.entity_id, func.max(rc.c.seq))
        .where(rc.c.entity == entity, ~exists().where(tbl.c.id == rc.c.entity_id))
        .group_by(rc.c.entity_id)
        .order_by(rc.c.entity_id)
    ).all()  # records removed from the register: few, held for the merge
    present = (_row_line(enc, row, row["zhoob_rev"] or 0, ids) for row in rows.mappings())
    tombstones = (_tombstone(rid, rev) for rid, rev in gone)
    return heapq.merge(present, tombstones, key=lambda line: line["id"])


def _revisions(s: Session, entity: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """The newest change-log number of each of ``ids`` that the log names."""
    rc = RegisterChange.__table__
    query = (
        select(rc.c.entity_id, func.max(rc.c.seq))
        .where(rc.c.entity == entity, rc.c.entity_id.in_(ids))
        .group_by(rc.c.entity_id)
    )
    return {rid: rev for rid, rev in s.execute(query)}


def _wanted(s: Session, since: int, resend: dict[str, set[uuid.UUID]]) -> dict[str, set[uuid.UUID]]:
    """{table: ids} an incremental bundle carries, gathered children first.

    The records changed after ``since``, those in ``resend``, and the records
    that any of them refers to (so the district can place them).
    """
    rc = RegisterChange.__table__
    tables = {table_name for _e, table_name in REGISTER_TABLES}
    wanted: dict[str, set[uuid.UUID]] = {k: set(v) for k, v in resend.items() if k in tables}
    for entity, table_name in reversed(REGISTER_TABLES):
        ids = wanted.setdefault(table_name, set())
        changed = select(rc.c.entity_id).where(rc.c.entity == entity, rc.c.seq > since).distinct()
        ids.update(s.scalars(changed))
        tbl = codec(table_name).table
        parents = [fk for fk in tbl.foreign_keys if fk.column.table.name in tables]
        if not parents or not ids:
            continue
        columns = [fk.parent for fk in parents]
        for chunk in _chunks(sorted(ids, key=str)):
            for row in s.execute(select(*columns).where(tbl.c.id.in_(chunk))):
                for fk, value in zip(parents, row, strict=True):
                    if value is not None:
                        wanted.setdefault(fk.column.table.name, set()).add(value)
    return wanted


def _some_lines(s: Session, entity: str, table_name: str, ids: set[uuid.UUID]) -> Iterator[Line]:
    """The records ``ids`` of one table (tombstones for those removed), in the order of their ids."""
    enc = codec(table_name)
    tbl = enc.table
    for chunk in _chunks(sorted(ids, key=str)):
        revs = _revisions(s, entity, chunk)
        rows = {row["id"]: row for row in s.execute(select(tbl).where(tbl.c.id.in_(chunk))).mappings()}
        for rid in chunk:
            row = rows.get(rid)
            if row is not None:
                yield _row_line(enc, row, revs.get(rid, 0))
            elif rid in revs:  # removed from the okrug's register
                yield _tombstone(rid, revs[rid])


def write_register(
    s: Session,
    writer: BundleWriter,
    counts: dict[str, int],
    since: int | None,
    resend: dict[str, set[uuid.UUID]] | None = None,
    *,
    check: Callable[[], None] = lambda: None,
    progress: Callable[[int, str], None] = lambda _step, _entity: None,
) -> None:
    """Write one member per register table (parents first) and count its lines and tombstones.

    ``since``: the change-log number of the acknowledged bundle (None: a full
    bundle, every record). ``resend``: records the district has not taken yet,
    sent again even when unchanged. ``check`` is called before each table and
    every ``BATCH`` lines; it raises to cancel the export.
    """
    wanted = None if since is None else _wanted(s, since, resend or {})
    tombstones = 0
    for step, (entity, table_name) in enumerate(REGISTER_TABLES):
        check()
        progress(step + 1, entity)
        if wanted is None:
            lines = _all_lines(s, entity, table_name)
        else:
            lines = _some_lines(s, entity, table_name, wanted.get(table_name, set()))
        with writer.member(member_of(table_name), kind=table_name) as member:
            n = 0
            for line in lines:
                member.write(json_line(line))
                n += 1
                tombstones += line["deleted"]
                if n % BATCH == 0:
                    check()
            member.records = n
        counts[table_name] = n
    counts["tombstones"] = tombstones
