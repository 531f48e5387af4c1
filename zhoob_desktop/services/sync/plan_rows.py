"""Planning a bundle's record lines against the district, table by table, a chunk at a time.

Every decision is made from reads of the district as it was before the
import (nothing is written while planning), so the outcome is the same
whatever the size of the chunks: a record is new, newer (written), the same
or older (unchanged), or a conflict (the same revision with other content,
a unique value held by another record, a reference to a record in conflict,
a removal of a record still referred to). What a chunk decided to write goes
to the import's ``Writes`` at once; what is kept for the whole bundle is
small: the ids it carries and keeps per table, the unique values its rows
took, the removals and the conflicts.

The ownership checks (``ownership.Check``) and the follow-up steps' check
look at the same chunks as they pass; their refusals, and a reference to a
record nobody holds (``MissingReference``), are raised after the whole
bundle was read, in the order a reader of the whole bundle would meet them.
"""

from __future__ import annotations

import uuid
from collections import namedtuple
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhoob_desktop.models.sync import DistrictRecord
from zhoob_desktop.services.sync import decisions_part, ownership
from zhoob_desktop.services.sync.conflict_info import ConflictInfo, line_json, payload_subject
from zhoob_desktop.services.sync.errors import MissingReference
from zhoob_desktop.services.sync.labels import record_label
from zhoob_desktop.services.sync.lines import Line
from zhoob_desktop.services.sync.records import REGISTER_TABLES, SYNCED_TABLES, among, codec
from zhoob_desktop.services.sync.unique import check_unique
from zhoob_desktop.services.sync.verify import Verified
from zhoob_desktop.services.sync.writes import Spool, Writes

CHUNK = 500  # ids per IN (...) query

# What the district holds about a record: who owns it, its revision and content hash, removed or not,
# and the bundle that brought that revision.
Held = namedtuple("Held", "okrug_id rev hash deleted bundle_id")

_REGISTER = {table_name for _entity, table_name in REGISTER_TABLES}
# Conflicts of one table are reported in the order a reader of the whole table finds them:
# every "record" conflict first, then the unique values (per column set), then the references.
_STAGE = {"record": 0, "unique": 1, "dependency": 2}


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Plan:
    """Rows to write and conflicts found, built from reads only.

    ``force``: (type, id) of records whose bundle version replaces the
    district's even at the same revision (an accepted conflict).
    ``watch``: the (type, id) of the open conflicts an import may close: only
    those are remembered as written or agreed (None: every one).
    """

    def __init__(self, v: Verified, writes: Writes, force: frozenset = frozenset(), watch: set | None = None):
        self.v = v
        self.force = force
        self.writes = writes
        self.watch = watch
        self.conflicts: list = []
        self.payloads: list[dict[str, Any] | None] = []
        self.skipped: set[uuid.UUID] = set()
        self.added: dict[str, int] = {}
        self.updated: dict[str, int] = {}
        self.unchanged: dict[str, int] = {}
        self.bundle_seqs: dict[uuid.UUID, int] = {}
        self.written: set[tuple[str, uuid.UUID]] = set()
        self.agreed: set[tuple[str, uuid.UUID]] = set()  # sent again exactly as the district holds them
        self.releases: set[uuid.UUID] = set()  # residents whose IIN passes to their arrival elsewhere
        self.moves: list[dict[str, Any]] = []
        self.meetings = None
        self.carried: dict[str, set[uuid.UUID]] = {}  # ids the bundle carries, per table
        self.pending: dict[str, set[uuid.UUID]] = {"okrug": {v.okrug_id}}  # ids it writes, per table
        self.deletes: dict[str, list[uuid.UUID]] = {}
        self.removal_metas: list[dict[str, Any]] = []  # written after the removals are checked
        self.tombstones: dict[tuple[str, uuid.UUID], Line] = {}
        self.departed: set[str] = set()  # residents of the bundle who moved out (ids as text)
        self.new_step_sittings: set[uuid.UUID] = set()
        self.missing: MissingReference | None = None
        self._lines: dict[tuple[str, uuid.UUID], Line] = {}
        self._staged: list[tuple[tuple, Any, Any]] | None = None
        # Per child table, for removals: (child, column) -> {child id: the parent it refers to now}.
        self.child_refs: dict[tuple[str, str], dict[uuid.UUID, uuid.UUID]] = {}
        self.held_children: dict[tuple[str, str], list[tuple[uuid.UUID, uuid.UUID]]] = {}
        self.referred_removed: dict[str, set[uuid.UUID]] = {}  # removed parents the bundle's rows refer to
        self._removing: dict[str, set[uuid.UUID]] = {}
        self._held_child_ids: dict[tuple[str, str], set[uuid.UUID]] = {}

    def removing(self, table_name: str) -> set[uuid.UUID]:
        """The records of a table this bundle removes (as planned; known once the table is read)."""
        ids = self.deletes.get(table_name)
        if not ids:
            return set()
        cached = self._removing.get(table_name)
        if cached is None or len(cached) != len(ids):
            cached = self._removing[table_name] = set(ids)
        return cached

    def held_child_ids(self, key: tuple[str, str]) -> set[uuid.UUID]:
        if key not in self._held_child_ids:
            self._held_child_ids[key] = {cid for cid, _target in self.held_children.get(key, [])}
        return self._held_child_ids[key]

    def line(self, entity: str, record_id: uuid.UUID) -> Line | None:
        key = (entity, record_id)
        return self._lines.get(key) or self.tombstones.get(key)

    def conflict(
        self, kind: str, entity: str, record_id: uuid.UUID | None, *, payload=None, **detail: Any
    ) -> None:
        if payload is None and record_id is not None:
            line = self.line(entity, record_id)
            if line is not None:
                payload = {"line": line_json(entity, line)}
        info = ConflictInfo(kind, entity, record_id, detail, payload_subject(entity, record_id, payload))
        if record_id is not None:
            self.skipped.add(record_id)
        if self._staged is not None:
            stage = (_STAGE.get(kind, 3), tuple(detail.get("columns") or ()))
            self._staged.append((stage, info, payload))
            return
        self.conflicts.append(info)
        self.payloads.append(payload)

    def count(self, bucket: dict[str, int], entity: str) -> None:
        bucket[entity] = bucket.get(entity, 0) + 1

    def note(self, bucket: set, entity: str, ids: Iterable[uuid.UUID]) -> None:
        """Remember records as written (or agreed), only those an open conflict waits for."""
        if self.watch is None:
            bucket.update((entity, rid) for rid in ids)
        else:
            bucket.update(key for key in ((entity, rid) for rid in ids) if key in self.watch)

    def begin_table(self) -> None:
        self._staged = []

    def end_table(self) -> None:
        staged, self._staged = self._staged or [], None
        staged.sort(key=lambda item: item[0])  # stable: the order found within each stage
        for _stage, info, payload in staged:
            self.conflicts.append(info)
            self.payloads.append(payload)
        self._lines = {}

    def raise_missing(self) -> None:
        if self.missing is not None:
            raise self.missing


def held_records(s: Session, entity: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, Held]:
    """What the district holds about these records (those it holds)."""
    out: dict[uuid.UUID, Held] = {}
    rec = DistrictRecord.__table__.c
    for chunk in _chunks(ids):
        for row in s.execute(
            select(rec.record_id, rec.okrug_id, rec.rev, rec.hash, rec.deleted, rec.bundle_id).where(
                rec.entity == entity, among(s, rec.record_id, chunk)
            )
        ):
            out[row[0]] = Held(*row[1:])
    return out


def _existing_ids(s: Session, table_name: str, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    tbl = codec(table_name).table
    out: set[uuid.UUID] = set()
    for chunk in _chunks(sorted(ids, key=str)):
        out.update(s.scalars(select(tbl.c.id).where(among(s, tbl.c.id, chunk))))
    return out


def plan_records(s: Session, plan: Plan) -> None:
    """Plan every record line of the bundle, table by table; then read and check the rest of it.

    Refuses the bundle (after reading all of it) when something is not the
    signing okrug's, a follow-up step cannot be folded, or a record refers
    to one nobody holds.
    """
    v = plan.v
    tables = [table_name for _entity, table_name in SYNCED_TABLES]
    check = ownership.Check(s, v, tables, plan.carried)
    steps: list[Line] = []
    for table_name in tables:
        table = _TablePlan(s, plan, table_name, check)
        for chunk in v.chunks(table_name, plan.carried.setdefault(table_name, set())):
            table.chunk(chunk)
            if table_name == decisions_part.TABLE:
                steps.extend(chunk)
        table.finish()
    v.finish()
    check.meetings(v.meetings)
    check.raise_first()
    decisions_part.check_steps(s, v, steps)
    plan.raise_missing()
    _check_deletes(s, plan)


class _TablePlan:
    """One table's lines, planned a chunk at a time.

    As a reader of the whole table would, it checks the unique values and
    references of the new rows first and of the newer versions of held rows
    after them: the newer versions wait in a spool until the table is read.
    """

    def __init__(self, s: Session, plan: Plan, table_name: str, check: ownership.Check):
        self.s, self.plan, self.table, self.check = s, plan, table_name, check
        self.tbl = codec(table_name).table
        self.fks = [(fk.parent.name, fk.column.table.name) for fk in self.tbl.foreign_keys]
        self.register = table_name in _REGISTER
        self.taken: dict = {}  # unique values taken by this table's rows so far
        self.kept: set[uuid.UUID] = set()
        self.lines = 0
        self.later = Spool()
        plan.begin_table()
        plan.deletes.setdefault(table_name, [])
        self._watch_removals()

    def _watch_removals(self) -> None:
        """For each village, street or house this bundle removes: the district's rows referring to it."""
        if not self.register:
            return
        for column, target in self.fks:
            removed = self.plan.deletes.get(target) or []
            if target not in _REGISTER or not removed:
                continue
            col = self.tbl.c[column]
            found: list[tuple[uuid.UUID, uuid.UUID]] = []
            for chunk in _chunks(removed):
                found.extend(
                    tuple(r)
                    for r in self.s.execute(select(self.tbl.c.id, col).where(among(self.s, col, chunk)))
                )
            self.plan.held_children[(self.table, column)] = found
            self.plan.child_refs[(self.table, column)] = {}

    def chunk(self, lines: list[Line]) -> None:
        s, plan, v, table = self.s, self.plan, self.plan.v, self.table
        ids = [line.id for line in lines]
        held = held_records(s, table, ids)
        owners = {rid: h.okrug_id for rid, h in held.items()}
        untracked = [rid for rid in ids if rid not in held]
        if untracked:
            owners.update({rid: None for rid in _existing_ids(s, table, untracked)})
        self.check.held(table, owners)
        self.check.lines(table, lines, self.lines)
        self.lines += len(lines)
        plan._lines = {(table, line.id): line for line in lines}

        new, newer = [], []
        new_metas, newer_metas, provenance = [], [], []
        deletes = []
        for line in lines:
            if line.values is None:
                plan.tombstones[(table, line.id)] = line
            elif (
                table == "resident"
                and line.values.get("left_reason") == "moved"
                and line.values.get("left_on")
            ):
                plan.departed.add(str(line.id))
            rec = held.get(line.id)  # the bundle's records are its okrug's own (checked before a write)
            meta = {
                "entity": table,
                "record_id": line.id,
                "okrug_id": v.okrug_id,
                "rev": line.rev,
                "hash": line.hash,
                "deleted": line.deleted,
                "bundle_id": v.bundle_id,
            }
            if rec is None:
                if line.values is not None:
                    new.append(line)
                new_metas.append(meta)
                plan.count(plan.added, table)
            elif line.rev > rec.rev or ((table, line.id) in plan.force and line.hash != rec.hash):
                if line.values is not None:
                    newer.append(line)
                    newer_metas.append(meta)
                elif not rec.deleted:
                    deletes.append(line.id)
                    plan.removal_metas.append(meta)
                else:
                    newer_metas.append(meta)
                plan.count(plan.updated, table)
            elif line.rev == rec.rev and line.hash != rec.hash:
                plan.conflict(
                    "record", table, line.id, rev=line.rev, held_hash=rec.hash, bundle_hash=line.hash
                )
            else:
                plan.count(plan.unchanged, table)  # the same, or an older version than the district's
                if line.hash == rec.hash:
                    plan.note(plan.agreed, table, (line.id,))
                if line.rev == rec.rev and v.seq < plan.bundle_seqs.get(rec.bundle_id, 0):
                    # The same revision came first in an earlier bundle: name that one, whatever the order.
                    provenance.append({**meta, "deleted": rec.deleted})
        plan.deletes[table].extend(deletes)
        plan.note(plan.written, table, deletes)
        plan.writes.update_records(provenance)
        self._rows(new, new_metas, newer=False)
        if newer or newer_metas:
            self.later.put((newer, newer_metas))

    def _rows(self, lines: list[Line], metas: list[dict[str, Any]], *, newer: bool) -> None:
        """Check the unique values and references of rows to write; hand the kept ones to the writes."""
        plan, table = self.plan, self.table
        candidates = [line.values for line in lines]
        rows = check_unique(self.s, plan, table, candidates, self.taken)
        rows = self._check_references(rows)
        keep = {r["id"] for r in rows}
        dropped = {r["id"] for r in candidates} - keep
        if dropped:
            metas = [m for m in metas if m["record_id"] not in dropped]
            bucket = plan.updated if newer else plan.added
            bucket[table] -= len(dropped)
        if newer:
            plan.writes.update(table, rows)
            plan.writes.update_records(metas)
        else:
            plan.writes.insert(table, rows)
            plan.writes.insert(DistrictRecord.__tablename__, metas)
            if table == decisions_part.TABLE:
                plan.new_step_sittings.update(r["sitting_id"] for r in rows)
        self._note_children(rows)
        plan.note(plan.written, table, keep)
        self.kept |= keep

    def _check_references(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Every foreign key of a row must point at a row the district holds or this bundle brings."""
        plan, pending = self.plan, self.plan.pending
        kept = []
        known: dict[str, set[uuid.UUID]] = {}
        for col, target in self.fks:
            wanted = {r[col] for r in rows if r.get(col) is not None} - pending.get(target, set())
            known[col] = _existing_ids(self.s, target, wanted) if wanted else set()
        for r in rows:
            ok = True
            for col, target in self.fks:
                value = r.get(col)
                if value is None:
                    continue
                if value in plan.skipped:
                    plan.conflict("dependency", self.table, r["id"], column=col, target=str(value))
                    ok = False
                    break
                if value in pending.get(target, set()) or (
                    value in known[col] and value not in plan.removing(target)
                ):
                    continue
                if plan.missing is None:  # raised once the whole bundle has been read
                    plan.missing = MissingReference(
                        path=str(plan.v.path),
                        record=str(r["id"]),
                        kind=record_label(self.table),
                        target_kind=record_label(target),
                        target=str(value),
                    )
                ok = False
                break
            if ok:
                kept.append(r)
        return kept

    def _note_children(self, rows: list[dict[str, Any]]) -> None:
        """What the removals of villages, streets and houses need to know about the rows written here."""
        if not self.register:
            return
        plan = self.plan
        for column, target in self.fks:
            removed = plan.removing(target)
            if target not in _REGISTER or not removed:
                continue
            moved_to = plan.child_refs[(self.table, column)]
            held = plan.held_child_ids((self.table, column))
            for r in rows:
                value = r.get(column)
                if value in removed:
                    plan.referred_removed.setdefault(target, set()).add(value)
                if r["id"] in held:
                    moved_to[r["id"]] = value

    def finish(self) -> None:
        with self.later:
            for lines, metas in self.later:
                self.plan._lines = {(self.table, line.id): line for line in lines}
                self._rows(lines, metas, newer=True)
        self.plan.pending[self.table] = self.kept
        self.plan.end_table()


def _check_deletes(s: Session, plan: Plan) -> None:
    """A removal whose record is still referred to (by a row this bundle does not move away) is a conflict."""
    deleted = {rid for _e, t in REGISTER_TABLES for rid in plan.deletes.get(t) or ()}
    for _entity, table_name in REGISTER_TABLES:
        ids = plan.deletes.get(table_name) or []
        if not ids:
            continue
        blocked: set[uuid.UUID] = set()
        for _e, child in REGISTER_TABLES:
            for fk in codec(child).table.foreign_keys:
                if fk.column.table.name != table_name:
                    continue
                column = fk.parent.name
                moved_to = plan.child_refs.get((child, column), {})
                for cid, target in plan.held_children.get((child, column), []):
                    if cid in deleted or (cid in moved_to and moved_to[cid] != target):
                        continue
                    blocked.add(target)
        blocked |= plan.referred_removed.get(table_name, set())
        for rid in sorted(blocked, key=str):
            plan.conflict("dependency", table_name, rid, removal=True)
            plan.updated[table_name] = plan.updated.get(table_name, 0) - 1
        plan.deletes[table_name] = [i for i in ids if i not in blocked]
        plan.written.difference_update((table_name, rid) for rid in blocked)
        plan.removal_metas = [
            m for m in plan.removal_metas if not (m["entity"] == table_name and m["record_id"] in blocked)
        ]


__all__ = ["Held", "Plan", "held_records", "plan_records"]
