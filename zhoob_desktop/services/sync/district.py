"""The district side: import bundles (all or nothing) and keep the conflicts.

(Okrugs are registered in ``okrugs``; ``register_okrug`` is here too for callers of this module.)

An import first verifies the bundle's form, signature and hashes
(``verify.verified_bundle``), then reads its records a chunk at a time,
checking each one and planning it against what the district holds
(``plan_rows``: nothing is written while planning; the rows to write wait in
the import's ``Writes``), checks the sittings, journals and papers and that
everything belongs to the signing okrug, and only then writes, in one
transaction. A record is written only when it is new or carries a
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
from contextlib import contextmanager
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
)
from zhoob_desktop.services.sync.keys import DistrictKeys
from zhoob_desktop.services.sync.okrugs import OkrugRegistration, register_okrug
from zhoob_desktop.services.sync.plan_rows import Plan, plan_records
from zhoob_desktop.services.sync.records import REGISTER_TABLES, codec
from zhoob_desktop.services.sync.verify import Line, Verified, verified_bundle
from zhoob_desktop.services.sync.writes import Writes, update_records

CHUNK = 500
IMPORT_CACHE_KIB = 32 * 1024  # SQLite's page cache while an import writes
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


def line_json(table_name: str, line: Line) -> dict[str, Any]:
    """A decoded record line as a bundle carries it (kept with a conflict, decoded again to accept it)."""
    data = None if line.values is None else codec(table_name).encode_values(line.values)
    return {"id": str(line.id), "rev": line.rev, "deleted": line.deleted, "data": data}


def _write_rows(s: Session, plan: Plan) -> None:
    resident = codec("resident").table
    for chunk in _chunks(sorted(plan.releases, key=str)):
        s.execute(update(resident).where(resident.c.id.in_(chunk)).values(iin=None))
    plan.writes.replay(s)
    for _entity, table_name in reversed(REGISTER_TABLES):
        ids = plan.deletes.get(table_name) or []
        tbl = codec(table_name).table
        for chunk in _chunks(ids):
            s.execute(delete(tbl).where(tbl.c.id.in_(chunk)))
    if plan.removal_metas:
        update_records(s, plan.removal_metas)
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


def _sequence_conflicts(s: Session, plan: Plan) -> None:
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


def plan(
    s: Session,
    v: Verified,
    *,
    force: frozenset = frozenset(),
    writes: Writes | None = None,
    watch: set | None = None,
) -> Plan:
    """Decide, from reads only, what a verified bundle (or an accepted conflict's record) writes.

    Reads the bundle's records a chunk at a time and refuses it (nothing
    written) when a check fails; the rows to write go to ``writes`` (a new
    one when not given), which ``write`` replays.
    """
    writes = writes if writes is not None else Writes(s.get_bind().dialect)
    out = Plan(v, writes, force, watch)
    try:
        out.bundle_seqs = dict(
            s.execute(
                select(DistrictBundle.id, DistrictBundle.seq).where(DistrictBundle.okrug_id == v.okrug_id)
            ).all()
        )
        plan_records(s, out)
        out.meetings = parts.plan_meetings(s, v, out)
    except BaseException:
        writes.close()
        raise
    return out


def write(s: Session, planned: Plan) -> None:
    """Write a plan: rows, moves, sittings and journals, then the decisions' folded states."""
    try:
        _write_rows(s, planned)
    finally:
        planned.writes.close()
    parts.write_meetings_district(s, planned.v, planned.meetings, planned)
    decisions_part.refresh_states(s, set(planned.meetings.summaries) | planned.new_step_sittings)


def apply(s: Session, v: Verified, *, force: frozenset = frozenset()) -> Plan:
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


def _watched(s: Session, okrug_id: uuid.UUID) -> set[tuple[str, uuid.UUID]]:
    """The records of the okrug's open conflicts: an import remembers only these as written or agreed."""
    return {
        (entity, rid)
        for entity, rid in s.execute(
            select(SyncConflict.entity, SyncConflict.record_id).where(
                SyncConflict.okrug_id == okrug_id,
                SyncConflict.kind.in_(RECORD_KINDS),
                SyncConflict.status.in_(OPEN),
                SyncConflict.record_id.is_not(None),
            )
        )
    }


@contextmanager
def _page_cache(s: Session):
    """A larger SQLite page cache while an import writes (its indexes are updated in place)."""
    if s.get_bind().dialect.name != "sqlite":
        yield
        return
    conn = s.connection()
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size={-IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


def _import(dstore: DistrictStore, path: Path, seal_key, now: Callable[[], datetime]) -> ImportResult:
    from zhoob_desktop.services.sync import conflicts

    with (
        dstore.session() as s,
        verified_bundle(s, Path(path), seal_key) as v,
        Writes(dstore.engine.dialect) as writes,
        _page_cache(s),
    ):
        planned = plan(s, v, writes=writes, watch=_watched(s, v.okrug_id))
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
