"""Unique values at the district (an IIN, a village's name): a clash is a conflict, unless it is a move.

A resident's IIN held at the district by a resident of another okrug, one of
the two having left by moving, is a move between okrugs: the one who left
gives the IIN up to the other, and the two are linked in ``district_move``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhoob_desktop.models.sync import DistrictMove, DistrictRecord
from zhoob_desktop.services.sync.records import among, codec

CHUNK = 500


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _unique_sets(table_name: str) -> list[tuple[str, ...]]:
    """The table's unique column sets other than its primary key."""
    tbl = codec(table_name).table
    sets = [
        tuple(c.name for c in con.columns)
        for con in tbl.constraints
        if con.__class__.__name__ == "UniqueConstraint"
    ]
    sets += [(c.name,) for c in tbl.columns if c.unique]
    sets += [tuple(c.name for c in ix.columns) for ix in tbl.indexes if ix.unique]
    return sorted(set(sets))


@dataclass
class _Holder:
    id: uuid.UUID
    okrug_id: uuid.UUID | None
    moved_on: Any  # the date its resident left by moving, or None


def _holders(s: Session, table_name: str, cols: tuple[str, ...], values: list) -> dict[tuple, _Holder]:
    tbl = codec(table_name).table
    resident = table_name == "resident"
    extra = [tbl.c.left_on, tbl.c.left_reason] if resident else []
    out: dict[tuple, _Holder] = {}
    for chunk in _chunks(values):
        query = (
            select(tbl.c.id, DistrictRecord.okrug_id, *extra, *[tbl.c[c] for c in cols])
            .outerjoin(
                DistrictRecord,
                (DistrictRecord.entity == table_name) & (DistrictRecord.record_id == tbl.c.id),
            )
            .where(among(s, tbl.c[cols[0]], chunk))
        )
        for row in s.execute(query):
            moved = row[2] if resident and row[3] == "moved" else None
            out[tuple(row[2 + len(extra) :])] = _Holder(row[0], row[1], moved)
    return out


def _moved_out(values: dict[str, Any]) -> bool:
    return values.get("left_reason") == "moved" and values.get("left_on") is not None


def _linked(s: Session, released: list[uuid.UUID]) -> set[uuid.UUID]:
    """Residents of this bundle whose IIN passed to their arrival in another okrug before."""
    out: set[uuid.UUID] = set()
    for chunk in _chunks(released):
        out.update(
            s.scalars(select(DistrictMove.from_record_id).where(among(s, DistrictMove.from_record_id, chunk)))
        )
    return out


def check_unique(
    s: Session, plan, table_name: str, rows: list[dict[str, Any]], taken: dict | None = None
) -> list[dict[str, Any]]:
    """Drop (as conflicts) rows whose unique values another record already holds.

    A resident's IIN held by a resident of another okrug, one of the two
    having left by moving, is a move: the one who left gives the IIN up.
    ``taken``: the values the bundle's rows checked before took, per column
    set (rows come a chunk at a time; the district is read as it was before
    the import, so a value is held by whoever held it then).
    """
    taken = {} if taken is None else taken
    kept = rows
    if table_name == "resident":
        gone = _linked(s, [r["id"] for r in rows if _moved_out(r) and r.get("iin")])
        # Its IIN went to its arrival elsewhere and stays with the link (a copy: the line keeps its own).
        kept = [{**r, "iin": None} if r["id"] in gone else r for r in rows]
    for cols in _unique_sets(table_name):
        candidates = [r for r in kept if all(r.get(c) is not None for c in cols)]
        if not candidates:
            continue
        values = sorted({r[cols[0]] for r in candidates}, key=str)
        holders = _holders(s, table_name, cols, values)
        seen: dict[tuple, uuid.UUID] = taken.setdefault(cols, {})
        survivors = []
        for r in kept:
            key = tuple(r.get(c) for c in cols)
            if any(v is None for v in key):
                survivors.append(r)
                continue
            holder = holders.get(key)
            other = seen.get(key)
            if holder is not None and holder.id != r["id"] and other is None and cols == ("iin",):
                moved = _move(plan, r, holder)
                if moved is not None:
                    if moved.get("iin") is not None:
                        seen[key] = r["id"]
                    survivors.append(moved)
                    continue
            if (holder is not None and holder.id != r["id"]) or (other is not None and other != r["id"]):
                plan.conflict(
                    "unique",
                    table_name,
                    r["id"],
                    columns=list(cols),
                    held_by=str(holder.id if holder is not None else other),
                )
                continue
            seen[key] = r["id"]
            survivors.append(r)
        kept = survivors
    return kept


def _move(plan, row: dict[str, Any], holder: _Holder) -> dict[str, Any] | None:
    """Link a resident with the other okrug's resident holding the same IIN, if one of them moved out.

    The row to write (a copy without the IIN when it is the one who left), or None: not a move.
    """
    signer = plan.v.okrug_id
    if holder.okrug_id is None or holder.okrug_id == signer or holder.id in plan.carried.get("resident", ()):
        return None
    link = {
        "id": uuid.uuid4(),
        "iin": row["iin"],
        "bundle_id": plan.v.bundle_id,
    }
    if holder.moved_on is not None:  # the holder left its okrug: the arrival takes the IIN
        plan.releases.add(holder.id)
        link.update(
            from_okrug_id=holder.okrug_id,
            from_record_id=holder.id,
            left_on=holder.moved_on,
            to_okrug_id=signer,
            to_record_id=row["id"],
            registered_on=row.get("registered_on"),
        )
    elif _moved_out(row):  # the okrug sends a departure of someone already registered elsewhere
        row = {**row, "iin": None}
        link.update(
            from_okrug_id=signer,
            from_record_id=row["id"],
            left_on=row.get("left_on"),
            to_okrug_id=holder.okrug_id,
            to_record_id=holder.id,
            registered_on=None,
        )
    else:
        return None
    plan.moves.append(link)
    return row
