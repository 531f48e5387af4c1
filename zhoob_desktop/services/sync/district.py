"""The district side: import bundles (all or nothing) and keep the conflicts.

(Okrugs are registered in ``okrugs``; ``register_okrug`` is here too for callers of this module.)

An import first verifies the whole bundle (``verify.verify_bundle``: form,
signature, hashes, journals, and that everything belongs to the signing
okrug), then plans every row against what the district holds, then writes
in one transaction. A record is written only when it is new or carries a
higher revision than the district's copy; the same revision with other
content, a clash on a unique value (an IIN) or a dependency on such a
record become conflicts, stored with what the bundle carried and reported,
never overwritten (``conflicts`` settles them). A clash on an IIN between a
resident who moved out of one okrug and one registered in another is a move:
the two are linked, not a conflict.

``apply`` is the one path that writes: the importer calls it for a verified
bundle, and accepting a conflict calls it for the record the conflict kept.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from zhoob_desktop.models.base import utcnow
from zhoob_desktop.models.sync import (
    DistrictBundle,
    DistrictMove,
    DistrictOkrug,
    DistrictRecord,
    SyncConflict,
)
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.sync import decisions_part, parts
from zhoob_desktop.services.sync.district_db import DistrictStore
from zhoob_desktop.services.sync.errors import (
    ImportFailed,
    MissingReference,
)
from zhoob_desktop.services.sync.keys import DistrictKeys
from zhoob_desktop.services.sync.labels import record_label
from zhoob_desktop.services.sync.okrugs import OkrugRegistration, register_okrug
from zhoob_desktop.services.sync.records import REGISTER_TABLES, SYNCED_TABLES, bulk_insert, codec
from zhoob_desktop.services.sync.unique import check_unique
from zhoob_desktop.services.sync.verify import Line, Verified, verify_bundle

CHUNK = 500
# Conflict kinds that name one record, closed by the program when that record is taken later.
RECORD_KINDS = ("record", "unique", "dependency", "journal")
OPEN = ("open", "rejected")

# What the program writes as the reason when it closes a conflict itself.
CLOSED_TAKEN = N_("the okrug sent the record again and the district took it")
CLOSED_ARRIVED = N_("the missing bundles arrived")
CLOSED_MOVE = N_("the resident moved between okrugs; departure and arrival are linked")
CLOSED_AGREES = N_("the okrug sent the record again as the district holds it")


@dataclass(frozen=True)
class ConflictInfo:
    kind: str
    entity: str
    record_id: uuid.UUID | None
    detail: dict[str, Any]
    subject: str = ""  # the record as a person recognises it (a resident's name and IIN ...)


@dataclass(frozen=True)
class ImportResult:
    """What one import did: per type, how many records were added, updated, unchanged; the conflicts."""

    path: Path
    okrug_id: uuid.UUID
    okrug_name: str
    bundle_id: uuid.UUID
    seq: int
    added: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]
    conflicts: list[ConflictInfo] = field(default_factory=list)
    moves: int = 0
    closed: int = 0  # earlier conflicts closed by this import


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


class _Plan:
    """Rows to write and conflicts found, built from reads only.

    ``force``: (type, id) of records whose bundle version replaces the
    district's even at the same revision (an accepted conflict).
    """

    def __init__(self, v: Verified, force: frozenset = frozenset()):
        self.v = v
        self.force = force
        self.inserts: dict[str, list[dict[str, Any]]] = {}
        self.updates: dict[str, list[dict[str, Any]]] = {}
        self.deletes: dict[str, list[uuid.UUID]] = {}
        self.record_inserts: list[dict[str, Any]] = []
        self.record_updates: list[dict[str, Any]] = []
        self.conflicts: list[ConflictInfo] = []
        self.payloads: list[dict[str, Any] | None] = []
        self.skipped: set[uuid.UUID] = set()
        self.added: dict[str, int] = {}
        self.updated: dict[str, int] = {}
        self.unchanged: dict[str, int] = {}
        self.provenance: list[dict[str, Any]] = []
        self.bundle_seqs: dict[uuid.UUID, int] = {}
        self.lines: dict[tuple[str, uuid.UUID], Line] = {}
        self.written: set[tuple[str, uuid.UUID]] = set()
        self.agreed: set[tuple[str, uuid.UUID]] = set()  # sent again exactly as the district holds them
        self.releases: set[uuid.UUID] = set()  # residents whose IIN passes to their arrival elsewhere
        self.moves: list[dict[str, Any]] = []
        self.meetings: parts.MeetingPlan | None = None

    def conflict(
        self, kind: str, entity: str, record_id: uuid.UUID | None, *, payload=None, **detail: Any
    ) -> None:
        if payload is None and record_id is not None and (entity, record_id) in self.lines:
            payload = {"line": line_json(entity, self.lines[(entity, record_id)])}
        self.conflicts.append(
            ConflictInfo(kind, entity, record_id, detail, _payload_subject(entity, record_id, payload))
        )
        self.payloads.append(payload)
        if record_id is not None:
            self.skipped.add(record_id)

    def count(self, bucket: dict[str, int], entity: str) -> None:
        bucket[entity] = bucket.get(entity, 0) + 1


def line_json(table_name: str, line: Line) -> dict[str, Any]:
    """A decoded record line as a bundle carries it (kept with a conflict, decoded again to accept it)."""
    data = None if line.values is None else codec(table_name).encode_values(line.values)
    return {"id": str(line.id), "rev": line.rev, "deleted": line.deleted, "data": data}


def _existing_records(s: Session, entity: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, DistrictRecord]:
    out: dict[uuid.UUID, DistrictRecord] = {}
    for chunk in _chunks(ids):
        for row in s.scalars(
            select(DistrictRecord).where(DistrictRecord.entity == entity, DistrictRecord.record_id.in_(chunk))
        ):
            out[row.record_id] = row
    return out


def _existing_ids(s: Session, table_name: str, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    tbl = codec(table_name).table
    out: set[uuid.UUID] = set()
    for chunk in _chunks(ids):
        out.update(s.scalars(select(tbl.c.id).where(tbl.c.id.in_(chunk))))
    return out


def _check_references(
    s: Session, plan: _Plan, table_name: str, rows: list[dict[str, Any]], pending: dict[str, set]
) -> list[dict[str, Any]]:
    """Every foreign key of a row must point at a row the district holds or this bundle brings."""
    tbl = codec(table_name).table
    kept = []
    fks = [(fk.parent.name, fk.column.table.name) for fk in tbl.foreign_keys]
    known: dict[str, set[uuid.UUID]] = {}
    for col, target in fks:
        wanted = sorted(
            {r[col] for r in rows if r.get(col) is not None} - pending.get(target, set()), key=str
        )
        known[col] = _existing_ids(s, target, wanted) if wanted else set()
    deleting = {t: set(ids) for t, ids in plan.deletes.items()}
    for r in rows:
        ok = True
        for col, target in fks:
            value = r.get(col)
            if value is None:
                continue
            if value in plan.skipped:
                plan.conflict("dependency", table_name, r["id"], column=col, target=str(value))
                ok = False
                break
            if value in pending.get(target, set()) or (
                value in known[col] and value not in deleting.get(target, set())
            ):
                continue
            raise MissingReference(
                path=str(plan.v.path),
                record=str(r["id"]),
                kind=record_label(table_name),
                target_kind=record_label(target),
                target=str(value),
            )
        if ok:
            kept.append(r)
    return kept


def _plan_table(s: Session, plan: _Plan, table_name: str, lines: list[Line], pending: dict[str, set]) -> None:
    v = plan.v
    ids = [line.id for line in lines]
    records = _existing_records(s, table_name, ids)
    inserts, updates, deletes = [], [], []
    for line in lines:
        plan.lines[(table_name, line.id)] = line
        rec = records.get(line.id)  # the bundle's records are its okrug's own (checked before)
        forced = (table_name, line.id) in plan.force
        meta = {
            "entity": table_name,
            "record_id": line.id,
            "okrug_id": v.okrug_id,
            "rev": line.rev,
            "hash": line.hash,
            "deleted": line.deleted,
            "bundle_id": v.bundle_id,
        }
        if rec is None:
            if line.values is not None:
                inserts.append(line.values)
            plan.record_inserts.append(meta)
            plan.count(plan.added, table_name)
        elif line.rev > rec.rev or (forced and line.hash != rec.hash):
            if line.values is not None:
                updates.append(line.values)
            elif not rec.deleted:
                deletes.append(line.id)
            plan.record_updates.append(meta)
            plan.count(plan.updated, table_name)
        elif line.rev == rec.rev and line.hash != rec.hash:
            plan.conflict(
                "record", table_name, line.id, rev=line.rev, held_hash=rec.hash, bundle_hash=line.hash
            )
        else:
            plan.count(plan.unchanged, table_name)  # the same, or an older version than the district's
            if line.hash == rec.hash:
                plan.agreed.add((table_name, line.id))
            if line.rev == rec.rev and v.seq < plan.bundle_seqs.get(rec.bundle_id, 0):
                # The same revision came first in an earlier bundle: name that one, whatever the order.
                plan.provenance.append({**meta, "deleted": rec.deleted})
    plan.deletes[table_name] = deletes
    rows = check_unique(s, plan, table_name, inserts + updates)
    rows = _check_references(s, plan, table_name, rows, pending)
    keep = {r["id"] for r in rows}
    plan.inserts[table_name] = [r for r in rows if r["id"] not in records]
    plan.updates[table_name] = [r for r in rows if r["id"] in records]
    dropped = {r["id"] for r in inserts + updates} - keep
    if dropped:
        plan.record_inserts = [m for m in plan.record_inserts if m["record_id"] not in dropped]
        plan.record_updates = [m for m in plan.record_updates if m["record_id"] not in dropped]
        for rid in dropped:
            bucket = plan.added if rid not in records else plan.updated
            bucket[table_name] -= 1
    plan.written.update((table_name, rid) for rid in keep | set(deletes))
    pending[table_name] = keep


def _check_deletes(s: Session, plan: _Plan) -> None:
    """A removal whose record is still referred to (by a row this bundle does not move away) is a conflict."""
    planned: dict[str, dict[uuid.UUID, dict[str, Any]]] = {
        t: {r["id"]: r for r in plan.inserts.get(t, []) + plan.updates.get(t, [])}
        for _e, t in REGISTER_TABLES
    }
    deleted = {rid for ids in plan.deletes.values() for rid in ids}
    for _entity, table_name in REGISTER_TABLES:
        ids = plan.deletes.get(table_name) or []
        if not ids:
            continue
        blocked: set[uuid.UUID] = set()
        for _e, child in REGISTER_TABLES:
            ctbl = codec(child).table
            for fk in ctbl.foreign_keys:
                if fk.column.table.name != table_name:
                    continue
                col = ctbl.c[fk.parent.name]
                for chunk in _chunks(ids):
                    for cid, target in s.execute(select(ctbl.c.id, col).where(col.in_(chunk))):
                        moved = planned[child].get(cid)
                        if cid in deleted or (moved is not None and moved.get(fk.parent.name) != target):
                            continue
                        blocked.add(target)
                for row in planned[child].values():
                    if row.get(fk.parent.name) in ids:
                        blocked.add(row[fk.parent.name])
        for rid in sorted(blocked, key=str):
            plan.conflict("dependency", table_name, rid, removal=True)
            plan.updated[table_name] = plan.updated.get(table_name, 0) - 1
        plan.deletes[table_name] = [i for i in ids if i not in blocked]
        plan.written.difference_update((table_name, rid) for rid in blocked)
        plan.record_updates = [
            m for m in plan.record_updates if not (m["entity"] == table_name and m["record_id"] in blocked)
        ]


def _write_rows(s: Session, plan: _Plan) -> None:
    resident = codec("resident").table
    for chunk in _chunks(sorted(plan.releases, key=str)):
        s.execute(update(resident).where(resident.c.id.in_(chunk)).values(iin=None))
    for _entity, table_name in SYNCED_TABLES:
        tbl = codec(table_name).table
        if plan.inserts.get(table_name):
            bulk_insert(s, tbl, plan.inserts[table_name])
        for row in plan.updates.get(table_name, []):
            s.execute(
                update(tbl).where(tbl.c.id == row["id"]).values(**{k: v for k, v in row.items() if k != "id"})
            )
    for _entity, table_name in reversed(REGISTER_TABLES):
        ids = plan.deletes.get(table_name) or []
        tbl = codec(table_name).table
        for chunk in _chunks(ids):
            s.execute(delete(tbl).where(tbl.c.id.in_(chunk)))
    if plan.record_inserts:
        bulk_insert(s, DistrictRecord.__table__, plan.record_inserts)
    for meta in plan.record_updates + plan.provenance:
        s.execute(
            update(DistrictRecord)
            .where(DistrictRecord.entity == meta["entity"], DistrictRecord.record_id == meta["record_id"])
            .values(rev=meta["rev"], hash=meta["hash"], deleted=meta["deleted"], bundle_id=meta["bundle_id"])
        )
    if plan.moves:
        s.execute(insert(DistrictMove), [{**m, "linked_at": utcnow()} for m in plan.moves])


def _upsert_okrug(s: Session, v: Verified) -> None:
    tbl = codec("okrug").table
    values = dict(v.okrug.values or {})
    if s.scalar(select(func.count()).select_from(tbl).where(tbl.c.id == v.okrug_id)):
        rec = s.get(DistrictRecord, ("okrug", v.okrug_id))
        if rec is None or v.seq >= rec.rev:
            s.execute(
                update(tbl)
                .where(tbl.c.id == v.okrug_id)
                .values(**{k: x for k, x in values.items() if k != "id"})
            )
    else:
        s.execute(insert(tbl), [values])
    rec = s.get(DistrictRecord, ("okrug", v.okrug_id))
    if rec is None:
        s.add(
            DistrictRecord(
                entity="okrug",
                record_id=v.okrug_id,
                okrug_id=v.okrug_id,
                rev=v.seq,
                hash=v.okrug.hash,
                bundle_id=v.bundle_id,
            )
        )
    elif v.seq >= rec.rev:
        rec.rev, rec.hash, rec.bundle_id = v.seq, v.okrug.hash, v.bundle_id


def _sequence_conflicts(s: Session, plan: _Plan) -> None:
    """A skipped bundle number, or a predecessor other than the one the district holds."""
    v = plan.v
    seqs = dict(
        s.execute(
            select(DistrictBundle.seq, DistrictBundle.id).where(DistrictBundle.okrug_id == v.okrug_id)
        ).all()
    )
    if v.seq > 1 and (v.seq - 1) not in seqs:
        have = max((q for q in seqs if q < v.seq), default=0)
        plan.conflict("gap", "bundle", None, missing_from=have + 1, missing_to=v.seq - 1)
    elif v.seq > 1 and v.prev_id is not None and seqs.get(v.seq - 1) != v.prev_id:
        plan.conflict(
            "gap", "bundle", None, expected_prev=str(seqs.get(v.seq - 1)), bundle_prev=str(v.prev_id)
        )


def plan(s: Session, v: Verified, *, force: frozenset = frozenset()) -> _Plan:
    """Decide, from reads only, what a verified bundle (or an accepted conflict's record) writes."""
    out = _Plan(v, force)
    out.bundle_seqs = dict(
        s.execute(
            select(DistrictBundle.id, DistrictBundle.seq).where(DistrictBundle.okrug_id == v.okrug_id)
        ).all()
    )
    pending: dict[str, set] = {"okrug": {v.okrug_id}}
    for _entity, table_name in SYNCED_TABLES:
        _plan_table(s, out, table_name, v.register.get(table_name, []), pending)
    _check_deletes(s, out)
    out.meetings = parts.plan_meetings(s, v, out)
    return out


def write(s: Session, planned: _Plan) -> None:
    """Write a plan: rows, moves, sittings and journals, then the decisions' folded states."""
    _write_rows(s, planned)
    parts.write_meetings_district(s, planned.v, planned.meetings, planned)
    new_steps = {r["sitting_id"] for r in planned.inserts.get("decision_step", [])}
    decisions_part.refresh_states(s, set(planned.meetings.summaries) | new_steps)


def apply(s: Session, v: Verified, *, force: frozenset = frozenset()) -> _Plan:
    """Plan and write: every decision is made from reads before the first write.

    The one path that writes records: the importer calls it for a verified
    bundle, accepting a conflict for the record it kept. The caller's
    transaction makes it all or nothing.
    """
    planned = plan(s, v, force=force)
    write(s, planned)
    return planned


def import_bundle(
    dstore: DistrictStore,
    path: Path,
    keys: DistrictKeys | None = None,
    *,
    now: Callable[[], datetime] = utcnow,
) -> ImportResult:
    """Verify a bundle completely, then write it in one transaction.

    Raises a ``BundleRejected`` subclass (nothing written) or ``AlreadyImported``.
    """
    seal_key = keys.seal_private if keys is not None else None
    try:
        return _import(dstore, Path(path), seal_key, now)
    except SQLAlchemyError as exc:  # the database refused a row: the transaction is rolled back
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0][:300]
        raise ImportFailed(path=str(path), detail=detail) from exc


def _import(dstore: DistrictStore, path: Path, seal_key, now: Callable[[], datetime]) -> ImportResult:
    from zhoob_desktop.services.sync import conflicts

    with dstore.session() as s:
        v = verify_bundle(s, Path(path), seal_key)
        planned = plan(s, v)
        _sequence_conflicts(s, planned)
        # Every check has passed and every decision is made: now write.
        _upsert_okrug(s, v)
        write(s, planned)
        s.add(
            DistrictBundle(
                id=v.bundle_id,
                okrug_id=v.okrug_id,
                seq=v.seq,
                prev_id=v.prev_id,
                full=v.full,
                created_at=v.created_at,
                imported_at=now(),
                manifest_sha256=v.manifest_sha256,
                register_to=v.register_to,
                counts=dict(v.manifest.get("counts") or {}),
                file_name=Path(path).name[:500],
            )
        )
        s.flush()
        conflicts.store(s, v, planned.conflicts, planned.payloads, now())
        closed = conflicts.close_settled_by(s, v, planned, now())
    return ImportResult(
        Path(path),
        v.okrug_id,
        v.okrug_name,
        v.bundle_id,
        v.seq,
        planned.added,
        planned.updated,
        planned.unchanged,
        planned.conflicts,
        len(planned.moves),
        closed,
    )


@dataclass(frozen=True)
class ConflictRow:
    id: uuid.UUID
    okrug_name: str
    bundle_seq: int
    kind: str
    entity: str
    record_id: uuid.UUID | None
    detail: dict[str, Any]
    detected_at: datetime
    status: str = "open"
    seen_seq: int = 0
    resolved_at: datetime | None = None
    resolved_by: str = ""
    resolution: str = ""
    okrug_id: uuid.UUID | None = None
    subject: str = ""  # the record as a person recognises it (a resident's name and IIN ...)


def _payload_subject(entity: str, record_id: uuid.UUID | None, payload: dict[str, Any] | None) -> str:
    from zhoob_desktop.services.sync.labels import record_subject

    payload = payload or {}
    line = payload.get("line") or payload.get("meta") or {}
    data = line.get("data") if "data" in line else line
    return record_subject(entity, data if isinstance(data, dict) else None, record_id)


def _subject(c: SyncConflict) -> str:
    return _payload_subject(c.entity, c.record_id, c.payload)


def conflict_row(c: SyncConflict, okrug_name: str) -> ConflictRow:
    return ConflictRow(
        c.id,
        okrug_name,
        c.bundle_seq,
        c.kind,
        c.entity,
        c.record_id,
        dict(c.detail or {}),
        c.detected_at,
        c.status,
        c.seen_seq,
        c.resolved_at,
        c.resolved_by,
        c.resolution,
        c.okrug_id,
        _subject(c),
    )


def list_conflicts(
    dstore: DistrictStore, okrug_id: uuid.UUID | None = None, *, include_resolved: bool = False
) -> list[ConflictRow]:
    """Conflicts waiting for a decision (open, or rejected and not yet answered by the okrug), newest first.

    ``include_resolved``: every conflict, with who settled it, when and why.
    """
    with dstore.session() as s:
        q = (
            select(SyncConflict, DistrictOkrug.name)
            .join(DistrictOkrug, DistrictOkrug.id == SyncConflict.okrug_id)
            .order_by(SyncConflict.detected_at.desc(), SyncConflict.bundle_seq.desc(), SyncConflict.id)
        )
        if not include_resolved:
            q = q.where(SyncConflict.status == "open")
        if okrug_id is not None:
            q = q.where(SyncConflict.okrug_id == okrug_id)
        return [conflict_row(c, name) for c, name in s.execute(q)]


__all__ = [
    "OPEN",
    "RECORD_KINDS",
    "ConflictInfo",
    "ConflictRow",
    "ImportResult",
    "OkrugRegistration",
    "apply",
    "import_bundle",
    "plan",
    "write",
    "list_conflicts",
    "register_okrug",
]
