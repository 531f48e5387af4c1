"""The district side: register okrug keys, import bundles (all or nothing), list conflicts.

An import first verifies the whole bundle (``verify.verify_bundle``), then
plans every row against what the district holds, then writes in one
transaction. A record is written only when it is new or carries a higher
revision than the district's copy from the same okrug; the same revision with
other content, an id owned by another okrug, a clash on a unique value (an
IIN) or a dependency on such a record become conflicts, stored and reported,
never overwritten.
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
from zhoob_desktop.models.sync import DistrictBundle, DistrictOkrug, DistrictRecord, SyncConflict
from zhoob_desktop.services.sync import decisions_part, parts
from zhoob_desktop.services.sync.district_db import DistrictStore
from zhoob_desktop.services.sync.errors import ImportFailed, MissingReference
from zhoob_desktop.services.sync.keys import DistrictKeys, OkrugKeyFile, b64
from zhoob_desktop.services.sync.records import REGISTER_TABLES, SYNCED_TABLES, bulk_insert, codec
from zhoob_desktop.services.sync.verify import Line, Verified, verify_bundle

CHUNK = 500


@dataclass(frozen=True)
class OkrugRegistration:
    okrug_id: uuid.UUID
    name: str
    fingerprint: str
    replaced: bool


@dataclass(frozen=True)
class ConflictInfo:
    kind: str
    entity: str
    record_id: uuid.UUID | None
    detail: dict[str, Any]


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


def register_okrug(
    dstore: DistrictStore, key_path: Path, *, now: Callable[[], datetime] = utcnow
) -> OkrugRegistration:
    """Register (or re-key) an okrug from its public key file."""
    key = OkrugKeyFile.read(Path(key_path))
    with dstore.session() as s:
        row = s.get(DistrictOkrug, key.okrug_id)
        replaced = row is not None and row.public_key != b64(key.public_key)
        if row is None:
            row = DistrictOkrug(id=key.okrug_id, registered_at=now())
            s.add(row)
        row.name = key.okrug_name
        row.public_key = b64(key.public_key)
        row.fingerprint = key.fingerprint
        row.registered_at = now()
    return OkrugRegistration(key.okrug_id, key.okrug_name, key.fingerprint, replaced)


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


class _Plan:
    """Rows to write and conflicts found, built from reads only."""

    def __init__(self, v: Verified):
        self.v = v
        self.inserts: dict[str, list[dict[str, Any]]] = {}
        self.updates: dict[str, list[dict[str, Any]]] = {}
        self.deletes: dict[str, list[uuid.UUID]] = {}
        self.record_inserts: list[dict[str, Any]] = []
        self.record_updates: list[dict[str, Any]] = []
        self.conflicts: list[ConflictInfo] = []
        self.skipped: set[uuid.UUID] = set()
        self.added: dict[str, int] = {}
        self.updated: dict[str, int] = {}
        self.unchanged: dict[str, int] = {}
        self.provenance: list[dict[str, Any]] = []
        self.bundle_seqs: dict[uuid.UUID, int] = {}

    def conflict(self, kind: str, entity: str, record_id: uuid.UUID | None, **detail: Any) -> None:
        self.conflicts.append(ConflictInfo(kind, entity, record_id, detail))
        if record_id is not None:
            self.skipped.add(record_id)

    def count(self, bucket: dict[str, int], entity: str) -> None:
        bucket[entity] = bucket.get(entity, 0) + 1


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


def _check_unique(
    s: Session, plan: _Plan, table_name: str, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Drop (as conflicts) rows whose unique values another record already holds."""
    tbl = codec(table_name).table
    kept = rows
    for cols in _unique_sets(table_name):
        candidates = [r for r in kept if all(r.get(c) is not None for c in cols)]
        if not candidates:
            continue
        first = cols[0]
        holders: dict[tuple, uuid.UUID] = {}
        values = sorted({r[first] for r in candidates}, key=str)
        for chunk in _chunks(values):
            query = select(tbl.c.id, *[tbl.c[c] for c in cols]).where(tbl.c[first].in_(chunk))
            for row in s.execute(query):
                holders[tuple(row[1:])] = row[0]
        seen: dict[tuple, uuid.UUID] = {}
        survivors = []
        for r in kept:
            key = tuple(r.get(c) for c in cols)
            if any(v is None for v in key):
                survivors.append(r)
                continue
            holder = holders.get(key)
            other = seen.get(key)
            if (holder is not None and holder != r["id"]) or (other is not None and other != r["id"]):
                plan.conflict(
                    "unique",
                    table_name,
                    r["id"],
                    columns=list(cols),
                    held_by=str(holder or other),
                )
                continue
            seen[key] = r["id"]
            survivors.append(r)
        kept = survivors
    return kept


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
                kind=table_name,
                target_kind=target,
                target=str(value),
            )
        if ok:
            kept.append(r)
    return kept


def _plan_table(s: Session, plan: _Plan, table_name: str, lines: list[Line], pending: dict[str, set]) -> None:
    v = plan.v
    ids = [line.id for line in lines]
    records = _existing_records(s, table_name, ids)
    untracked = _existing_ids(s, table_name, [i for i in ids if i not in records])
    inserts, updates, deletes = [], [], []
    for line in lines:
        rec = records.get(line.id)
        if rec is not None and rec.okrug_id != v.okrug_id:
            plan.conflict("owner", table_name, line.id, owner=str(rec.okrug_id))
            continue
        if rec is None and line.id in untracked:
            plan.conflict("owner", table_name, line.id, owner="")
            continue
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
        elif line.rev > rec.rev:
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
            if line.rev == rec.rev and v.seq < plan.bundle_seqs.get(rec.bundle_id, 0):
                # The same revision came first in an earlier bundle: name that one, whatever the order.
                plan.provenance.append({**meta, "deleted": rec.deleted})
    plan.deletes[table_name] = deletes
    rows = _check_unique(s, plan, table_name, inserts + updates)
    rows = _check_references(s, plan, table_name, rows, pending)
    keep = {r["id"] for r in rows}
    plan.inserts[table_name] = [r for r in inserts if r["id"] in keep]
    plan.updates[table_name] = [r for r in updates if r["id"] in keep]
    dropped = {r["id"] for r in inserts + updates} - keep
    if dropped:
        plan.record_inserts = [m for m in plan.record_inserts if m["record_id"] not in dropped]
        plan.record_updates = [m for m in plan.record_updates if m["record_id"] not in dropped]
        for rid in dropped:
            bucket = plan.added if rid in {r["id"] for r in inserts} else plan.updated
            bucket[table_name] -= 1
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
        plan.record_updates = [
            m for m in plan.record_updates if not (m["entity"] == table_name and m["record_id"] in blocked)
        ]


def _write_rows(s: Session, plan: _Plan) -> None:
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
    with dstore.session() as s:
        v = verify_bundle(s, Path(path), seal_key)
        plan = _Plan(v)
        plan.bundle_seqs = dict(
            s.execute(
                select(DistrictBundle.id, DistrictBundle.seq).where(DistrictBundle.okrug_id == v.okrug_id)
            ).all()
        )
        pending: dict[str, set] = {"okrug": {v.okrug_id}}
        for _entity, table_name in SYNCED_TABLES:
            _plan_table(s, plan, table_name, v.register.get(table_name, []), pending)
        _check_deletes(s, plan)
        meeting_plan = parts.plan_meetings(s, v, plan)
        _sequence_conflicts(s, plan)
        # Every check has passed and every decision is made: now write.
        _upsert_okrug(s, v)
        _write_rows(s, plan)
        parts.write_meetings_district(s, v, meeting_plan, plan)
        new_steps = {r["sitting_id"] for r in plan.inserts.get("decision_step", [])}
        decisions_part.refresh_states(s, set(meeting_plan.touched) | new_steps)
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
                register_to=int((v.manifest.get("register") or {}).get("to", 0)),
                counts=dict(v.manifest.get("counts") or {}),
                file_name=Path(path).name,
            )
        )
        for c in plan.conflicts:
            s.add(
                SyncConflict(
                    okrug_id=v.okrug_id,
                    bundle_id=v.bundle_id,
                    bundle_seq=v.seq,
                    kind=c.kind,
                    entity=c.entity,
                    record_id=c.record_id,
                    detail=c.detail,
                    detected_at=now(),
                )
            )
    return ImportResult(
        Path(path),
        v.okrug_id,
        v.okrug_name,
        v.bundle_id,
        v.seq,
        plan.added,
        plan.updated,
        plan.unchanged,
        plan.conflicts,
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


def list_conflicts(dstore: DistrictStore, okrug_id: uuid.UUID | None = None) -> list[ConflictRow]:
    """Unresolved conflicts, newest first."""
    with dstore.session() as s:
        q = (
            select(SyncConflict, DistrictOkrug.name)
            .join(DistrictOkrug, DistrictOkrug.id == SyncConflict.okrug_id)
            .where(SyncConflict.resolved_at.is_(None))
            .order_by(SyncConflict.detected_at.desc(), SyncConflict.bundle_seq.desc())
        )
        if okrug_id is not None:
            q = q.where(SyncConflict.okrug_id == okrug_id)
        return [
            ConflictRow(
                c.id, name, c.bundle_seq, c.kind, c.entity, c.record_id, dict(c.detail), c.detected_at
            )
            for c, name in s.execute(q)
        ]
