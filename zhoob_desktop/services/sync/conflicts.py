"""The life cycle of a conflict at the district: found, then accepted, rejected, settled or closed.

A conflict is stored with what the bundle carried (``payload``). The district
operator decides it, giving who and why: **accept** takes what the bundle
carried (through the importer's own ``apply``, the held version
giving way), **reject** keeps the district's version and tells the okrug,
**settle** closes it as agreed otherwise. The program closes a conflict
itself when the okrug sends the record again and it is taken, when the
missing bundles of a gap arrive, or when a move between okrugs is linked.
Every decision travels back to the okrug in the signed receipt.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from zhoob_desktop.models.base import utcnow
from zhoob_desktop.models.sync import DistrictBundle, DistrictOkrug, SyncConflict
from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.sync import documents_part, parts
from zhoob_desktop.services.sync.apply import plan, write
from zhoob_desktop.services.sync.conflict_info import (
    CLOSED_AGREES,
    CLOSED_ARRIVED,
    CLOSED_MOVE,
    CLOSED_TAKEN,
    OPEN,
    RECORD_KINDS,
    ConflictInfo,
    ConflictRow,
    conflict_row,
)
from zhoob_desktop.services.sync.district_db import DistrictStore
from zhoob_desktop.services.sync.errors import (
    BundleRejected,
    ConflictAmbiguous,
    ConflictCannotAccept,
    ConflictNeedsReason,
    ConflictNotFound,
    ConflictResolved,
    ConflictStillStands,
)
from zhoob_desktop.services.sync.labels import conflict_text, status_label
from zhoob_desktop.services.sync.lines import decode_lines
from zhoob_desktop.services.sync.records import SYNCED_TABLES, content_hash, jsonl, member_of
from zhoob_desktop.services.sync.verify import Verified

ACTIONS = ("accept", "reject", "settle")
_STATUS = {"accept": "accepted", "reject": "rejected", "settle": "settled"}
MAX_BY = 200


def _same_gap(detail: dict[str, Any] | None, info: ConflictInfo) -> bool:
    return all((detail or {}).get(k) == v for k, v in info.detail.items())


class _Kept:
    """A conflict of the okrug waiting for a decision (open or rejected), as ``store`` matches it."""

    __slots__ = ("id", "status", "detail", "row")

    def __init__(self, cid: uuid.UUID | None, status: str, detail: dict[str, Any] | None, row=None):
        self.id, self.status, self.detail, self.row = cid, status, detail, row


def _waiting(s: Session, okrug_id: uuid.UUID, kinds: set[str]) -> dict[tuple, list[_Kept]]:
    """The okrug's open and rejected conflicts of these kinds, by (kind, type, record), in one read."""
    c = SyncConflict.__table__.c
    out: dict[tuple, list[_Kept]] = {}
    query = select(c.id, c.kind, c.entity, c.record_id, c.status).where(
        c.okrug_id == okrug_id, c.kind.in_(sorted(kinds)), c.status.in_(OPEN), c.record_id.is_not(None)
    )
    for cid, kind, entity, record_id, status in s.execute(query):
        out.setdefault((kind, entity, record_id), []).append(_Kept(cid, status, None))
    # Conflicts about no one record (a gap) are told apart by their detail.
    query = select(c.id, c.kind, c.entity, c.status, c.detail).where(
        c.okrug_id == okrug_id, c.kind.in_(sorted(kinds)), c.status.in_(OPEN), c.record_id.is_(None)
    )
    for cid, kind, entity, status, detail in s.execute(query):
        out.setdefault((kind, entity, None), []).append(_Kept(cid, status, detail))
    return out


def _payload_hashes(s: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The content hash of what each of these conflicts kept."""
    tbl = SyncConflict.__table__
    out: dict[uuid.UUID, str] = {}
    for i in range(0, len(ids), 500):
        for cid, payload in s.execute(select(tbl.c.id, tbl.c.payload).where(tbl.c.id.in_(ids[i : i + 500]))):
            out[cid] = content_hash(payload)
    return out


def store(
    s: Session, v: Verified, found: list[ConflictInfo], payloads: list[dict[str, Any] | None], now: datetime
) -> None:
    """Keep the conflicts one import found; one that is open already is brought up to date, not doubled.

    A record rejected before and sent again unchanged stays rejected; sent
    with other content, it is a new conflict. The okrug's conflicts waiting
    for a decision are read once, each found conflict is matched against
    them (and against those kept before it in this import) in the order
    found, and the rows are then written in a few statements.
    """
    if not found:
        s.flush()
        return
    waiting = _waiting(s, v.okrug_id, {info.kind for info in found})
    rejected = [k.id for kept in waiting.values() for k in kept if k.status == "rejected"]
    hashes = _payload_hashes(s, rejected) if rejected else {}
    brought: dict[uuid.UUID, dict[str, Any]] = {}  # open conflicts brought up to date, by id
    seen: set[uuid.UUID] = set()  # rejected ones sent again unchanged
    new: list[dict[str, Any]] = []
    for info, payload in zip(found, payloads, strict=True):
        key = (info.kind, info.entity, info.record_id)
        held = [k for k in waiting.get(key, ()) if info.record_id is not None or _same_gap(k.detail, info)]
        current = next((k for k in held if k.status == "open"), None)
        if current is not None:
            values = {"seen_seq": v.seq, "detail": dict(info.detail), "payload": payload}
            current.detail = values["detail"]
            if current.row is not None:  # kept earlier in this import
                current.row.update(values)
            else:
                brought[current.id] = values
            continue
        rejected_here = [k for k in held if k.status == "rejected"]
        if rejected_here:
            same = content_hash(payload)
            refused = next((k for k in rejected_here if hashes[k.id] == same), None)
            if refused is not None:
                seen.add(refused.id)
                continue
        row = {
            "id": uuid.uuid4(),
            "okrug_id": v.okrug_id,
            "bundle_id": v.bundle_id,
            "bundle_seq": v.seq,
            "seen_seq": v.seq,
            "kind": info.kind,
            "entity": info.entity,
            "record_id": info.record_id,
            "detail": dict(info.detail),
            "payload": payload,
            "detected_at": now,
            "resolved_at": None,
            "status": "open",
            "resolved_by": "",
            "resolution": "",
        }
        new.append(row)
        waiting.setdefault(key, []).append(_Kept(None, "open", row["detail"], row))
    _write_kept(s, brought, seen, new, v.seq)
    s.flush()


def _write_kept(
    s: Session, brought: dict[uuid.UUID, dict[str, Any]], seen: set[uuid.UUID], new: list, seq: int
) -> None:
    tbl = SyncConflict.__table__
    s.flush()
    if brought:
        statement = (
            update(tbl)
            .where(tbl.c.id == bindparam("_id"))
            .values(seen_seq=bindparam("_seen"), detail=bindparam("_detail"), payload=bindparam("_payload"))
        )
        rows = [
            {"_id": cid, "_seen": x["seen_seq"], "_detail": x["detail"], "_payload": x["payload"]}
            for cid, x in brought.items()
        ]
        for i in range(0, len(rows), 1000):
            s.connection().execute(statement, rows[i : i + 1000])
    if seen:
        ids = sorted(seen, key=str)
        for i in range(0, len(ids), 500):
            s.execute(update(tbl).where(tbl.c.id.in_(ids[i : i + 500])).values(seen_seq=seq))
    for i in range(0, len(new), 1000):
        s.connection().execute(insert(tbl), new[i : i + 1000])


def _close(c: SyncConflict, reason: str, now: datetime) -> None:
    c.status, c.resolution, c.resolved_at, c.resolved_by = "closed", reason, now, ""


def close_settled_by(s: Session, v: Verified, plan, now: datetime) -> int:
    """Close what this import settled: records taken at last, gaps filled, moves linked. How many."""
    closed = _close_records(s, v, plan.written, CLOSED_TAKEN, now)
    closed += _close_records(s, v, plan.agreed - plan.written, CLOSED_AGREES, now)
    seqs = set(s.scalars(select(DistrictBundle.seq).where(DistrictBundle.okrug_id == v.okrug_id)))
    for c in s.scalars(
        select(SyncConflict).where(
            SyncConflict.okrug_id == v.okrug_id, SyncConflict.kind == "gap", SyncConflict.status.in_(OPEN)
        )
    ):
        first, last = (c.detail or {}).get("missing_from"), (c.detail or {}).get("missing_to")
        if isinstance(first, int) and isinstance(last, int) and set(range(first, last + 1)) <= seqs:
            _close(c, CLOSED_ARRIVED, now)
            closed += 1
    closed += _arrivals_waiting(s, v, plan, now)
    s.flush()
    return closed


def _close_records(s: Session, v: Verified, keys: set, reason: str, now: datetime) -> int:
    """Close the okrug's open or rejected conflicts on these records; how many."""
    by_entity: dict[str, list[uuid.UUID]] = {}
    for entity, rid in keys:
        by_entity.setdefault(entity, []).append(rid)
    closed = 0
    for entity, ids in by_entity.items():
        ordered = sorted(ids, key=str)
        for i in range(0, len(ordered), 500):
            for c in s.scalars(
                select(SyncConflict).where(
                    SyncConflict.okrug_id == v.okrug_id,
                    SyncConflict.entity == entity,
                    SyncConflict.kind.in_(RECORD_KINDS),
                    SyncConflict.status.in_(OPEN),
                    SyncConflict.record_id.in_(ordered[i : i + 500]),
                )
            ):
                _close(c, reason, now)
                closed += 1
    return closed


def _arrivals_waiting(s: Session, v: Verified, plan, now: datetime) -> int:
    """Arrivals refused earlier because this okrug's resident held the IIN, now that he has moved out."""
    departed = plan.departed
    if not departed:
        return 0
    # Every okrug's waiting clashes are looked at: only their details are read, what they kept
    # (a whole record each) only for the few that wait for one of these residents.
    tbl = SyncConflict.__table__
    ids = [
        cid
        for cid, detail in s.execute(
            select(tbl.c.id, tbl.c.detail).where(
                tbl.c.kind == "unique",
                tbl.c.entity == "resident",
                tbl.c.status.in_(OPEN),
                tbl.c.okrug_id != v.okrug_id,
            )
        )
        if (detail or {}).get("held_by") in departed
    ]
    waiting = [c for c in (s.get(SyncConflict, cid) for cid in ids) if c is not None and c.payload]
    closed = 0
    for c in waiting:
        try:
            planned = _plan_kept(s, c)
        except BundleRejected:
            continue
        if planned.conflicts:
            continue
        write(s, planned)
        _close(c, CLOSED_MOVE, now)
        closed += 1
    return closed


def _verified(s: Session, c: SyncConflict) -> Verified:
    """The record a conflict kept, decoded and checked as when it came in its bundle."""
    okrug = s.get(DistrictOkrug, c.okrug_id)
    bundle = s.get(DistrictBundle, c.bundle_id)
    path = Path(bundle.file_name if bundle is not None and bundle.file_name else str(c.bundle_id))
    v = Verified(
        path=path,
        manifest={},
        manifest_sha256="",
        okrug_id=c.okrug_id,
        okrug_name=okrug.name if okrug is not None else "",
        bundle_id=c.bundle_id,
        seq=c.seen_seq or c.bundle_seq,
        prev_id=None,
        created_at=c.detected_at,
        full=False,
        okrug=None,
        register={table: [] for _e, table in SYNCED_TABLES},
        meetings=parts.Meetings(),
    )
    payload = c.payload or {}
    if c.entity in v.register:
        v.register[c.entity] = decode_lines(path, member_of(c.entity), c.entity, jsonl([payload["line"]])[0])
    elif c.entity == "sitting":
        v.meetings.sittings.append(parts.part_from_payload(path, payload))
    elif c.entity == "protocol":
        v.meetings.documents.append(documents_part.from_payload(payload))
    return v


def _plan_kept(s: Session, c: SyncConflict):
    """The importer's plan for what the conflict kept, the district's own version giving way."""
    return plan(s, _verified(s, c), force=frozenset({(c.entity, c.record_id)}))


def find(s: Session, text: str) -> SyncConflict:
    """A conflict by its id or the first characters of it (as ``district conflicts`` shows them)."""
    key = str(text).strip().lower()
    if len(key) < 4:
        raise ConflictNotFound(id=text)
    try:
        found = s.get(SyncConflict, uuid.UUID(key))
        if found is not None:
            return found
    except ValueError:
        pass
    # Uuid columns are stored as 32 hex digits on SQLite and as uuid on PostgreSQL: compare the text.
    bare = key.replace("-", "")
    candidates = [c for c in s.scalars(select(SyncConflict)) if c.id.hex.startswith(bare)]
    if not candidates:
        raise ConflictNotFound(id=text)
    if len(candidates) > 1:
        raise ConflictAmbiguous(id=text, count=len(candidates))
    return candidates[0]


def resolve(
    dstore: DistrictStore,
    conflict: str | uuid.UUID,
    action: str,
    *,
    by: str,
    reason: str,
    now: Callable[[], datetime] = utcnow,
) -> ConflictRow:
    """Accept, reject or settle an open conflict, recording who decided, when and why.

    A rejected conflict can still be accepted or settled later (the okrug
    may have explained); a decided one cannot be decided again.
    """
    if action not in ACTIONS:
        raise ValueError(action)
    by, reason = (by or "").strip(), (reason or "").strip()
    if not by or not reason or len(by) > MAX_BY:
        raise ConflictNeedsReason()
    with dstore.session() as s:
        c = find(s, str(conflict))
        short = str(c.id)[:8]
        if c.status not in OPEN or (c.status == "rejected" and action == "reject"):
            raise ConflictResolved(id=short, status=status_label(c.status))
        if action == "accept":
            _accept(s, c, short)
        c.status = _STATUS[action]
        c.resolved_by, c.resolution, c.resolved_at = by, reason, now()
        name = s.get(DistrictOkrug, c.okrug_id)
        row = conflict_row(c, name.name if name is not None else "")
    return row


def _accept(s: Session, c: SyncConflict, short: str) -> None:
    if c.kind == "gap":
        return  # the missing bundles are written off
    if c.kind not in RECORD_KINDS:
        raise ConflictCannotAccept(id=short, detail=_("a record of another okrug is never taken"))
    if c.entity == "decision_step" and c.kind == "record":
        raise ConflictCannotAccept(id=short, detail=_("a follow-up step the district holds is never changed"))
    if not c.payload:
        raise ConflictCannotAccept(
            id=short,
            detail=_("the district did not keep what the bundle carried; the okrug must send it again"),
        )
    try:
        planned = _plan_kept(s, c)
    except BundleRejected as exc:
        raise ConflictStillStands(id=short, detail=exc.message()) from exc
    if planned.conflicts:
        first = planned.conflicts[0]
        raise ConflictStillStands(
            id=short,
            detail=conflict_text(first.kind, first.entity, first.subject or first.record_id, first.detail),
        )
    write(s, planned)


def for_receipt(s: Session, okrug_id: uuid.UUID) -> list[dict[str, Any]]:
    """Every conflict of one okrug as its receipt carries it: what, its state, who decided, when, why."""
    out = []
    for c in s.scalars(
        select(SyncConflict).where(SyncConflict.okrug_id == okrug_id).order_by(SyncConflict.detected_at)
    ):
        out.append(
            {
                "id": str(c.id),
                "kind": c.kind,
                "entity": c.entity,
                "record_id": str(c.record_id) if c.record_id else None,
                "status": c.status,
                "bundle_seq": c.bundle_seq,
                "detail": {k: v for k, v in (c.detail or {}).items() if isinstance(v, str | int | list)},
                "resolved_by": c.resolved_by,
                "resolution": c.resolution,
                "resolved_at": c.resolved_at.isoformat() if c.resolved_at else None,
            }
        )
    return out


__all__ = ["ACTIONS", "find", "for_receipt", "resolve", "store"]
