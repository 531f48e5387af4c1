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

from sqlalchemy import select
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


def _same_gap(c: SyncConflict, info: ConflictInfo) -> bool:
    return all((c.detail or {}).get(k) == v for k, v in info.detail.items())


def store(
    s: Session, v: Verified, found: list[ConflictInfo], payloads: list[dict[str, Any] | None], now: datetime
) -> None:
    """Keep the conflicts one import found; one that is open already is brought up to date, not doubled.

    A record rejected before and sent again unchanged stays rejected; sent
    with other content, it is a new conflict.
    """
    for info, payload in zip(found, payloads, strict=True):
        query = select(SyncConflict).where(
            SyncConflict.okrug_id == v.okrug_id,
            SyncConflict.kind == info.kind,
            SyncConflict.entity == info.entity,
            SyncConflict.status.in_(OPEN),
        )
        if info.record_id is None:
            query = query.where(SyncConflict.record_id.is_(None))
        else:
            query = query.where(SyncConflict.record_id == info.record_id)
        held = [c for c in s.scalars(query) if info.record_id is not None or _same_gap(c, info)]
        current = next((c for c in held if c.status == "open"), None)
        if current is not None:
            current.seen_seq, current.detail, current.payload = v.seq, dict(info.detail), payload
            continue
        refused = next(
            (c for c in held if c.status == "rejected" and content_hash(c.payload) == content_hash(payload)),
            None,
        )
        if refused is not None:
            refused.seen_seq = v.seq
            continue
        s.add(
            SyncConflict(
                okrug_id=v.okrug_id,
                bundle_id=v.bundle_id,
                bundle_seq=v.seq,
                seen_seq=v.seq,
                kind=info.kind,
                entity=info.entity,
                record_id=info.record_id,
                detail=dict(info.detail),
                payload=payload,
                detected_at=now,
                status="open",
            )
        )
    s.flush()


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
    waiting = [
        c
        for c in s.scalars(
            select(SyncConflict).where(
                SyncConflict.kind == "unique",
                SyncConflict.entity == "resident",
                SyncConflict.status.in_(OPEN),
                SyncConflict.okrug_id != v.okrug_id,
            )
        )
        if (c.detail or {}).get("held_by") in departed and c.payload
    ]
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
