"""Sittings, their journals, decisions and finalised protocols in a bundle, both directions.

The okrug writes, per sitting that changed since the acknowledged bundle, the
sitting row and its whole journal (so the district can verify the chain from
the first event). The district appends only the events it does not hold; a
journal that is not an extension of the one it holds is a conflict. Decisions
and quorum figures for the overview are folded by the district itself from
the verified journal, never taken on trust.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from zhoob_desktop.models.meeting import SittingEvent
from zhoob_desktop.models.sync import DistrictDecision, DistrictDocument, DistrictRecord, DistrictSitting
from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.meeting import journal as mj
from zhoob_desktop.services.meeting.fold import fold
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.sync import documents_part
from zhoob_desktop.services.sync.container import BundleWriter
from zhoob_desktop.services.sync.errors import JournalBroken, RecordInvalid
from zhoob_desktop.services.sync.records import bulk_insert, codec, content_hash, jsonl, parse_jsonl

EVENT_NAMESPACE = uuid.UUID("6f0b5a52-3c1e-4d55-9c1a-7d4e2b0c9a11")


# -- okrug side -----------------------------------------------------------------------------


def _journal_heads(s: Session) -> dict[uuid.UUID, tuple[int, str]]:
    """(events, hash of the last event) of every journal, in one query (change detection only)."""
    last = (
        select(SittingEvent.sitting_id, func.count().label("n"), func.max(SittingEvent.seq).label("top"))
        .group_by(SittingEvent.sitting_id)
        .subquery()
    )
    query = select(last.c.sitting_id, last.c.n, SittingEvent.hash).join(
        SittingEvent, (SittingEvent.sitting_id == last.c.sitting_id) & (SittingEvent.seq == last.c.top)
    )
    return {row[0]: (row[1], row[2]) for row in s.execute(query)}


def write_meetings(
    store: Store,
    writer: BundleWriter,
    counts: dict[str, int],
    seq: int,
    baseline_sittings: dict[str, Any],
    baseline_docs: dict[str, Any],
    stop: Callable[[], bool],
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Add the changed sittings (row + whole journal) and new protocols; return the new state maps."""
    enc = codec("sitting")
    tbl = enc.table
    with store.session() as s:
        rows = {row["id"]: enc.encode(row) for row in s.execute(select(tbl)).mappings()}
        heads = _journal_heads(s)
    state: dict[str, Any] = {}
    n_sittings = n_events = 0
    for sid in sorted(rows, key=str):
        if stop():
            break
        data = rows[sid]
        events_n, head = heads.get(sid, (0, ""))
        entry = {"row": content_hash(data), "events": events_n, "head": head}
        state[str(sid)] = entry
        if baseline_sittings.get(str(sid)) == entry:
            continue
        events = mj.journal_events(store, sid)  # the journal itself through the engine's API
        entry.update(events=len(events), head=events[-1].hash if events else "")
        body, n = jsonl([{"id": str(sid), "rev": seq, "deleted": False, "data": data}])
        writer.add(f"sittings/{sid}/sitting.jsonl", body, kind="sitting", records=n)
        body, n = jsonl(ev.as_json() for ev in events)
        writer.add(f"sittings/{sid}/journal.jsonl", body, kind="event", records=n)
        n_sittings += 1
        n_events += n
    counts["sitting"] = n_sittings
    counts["event"] = n_events
    docs_state = documents_part.write_protocols(store, writer, counts, baseline_docs)
    return state, docs_state


# -- district side: reading and verifying -----------------------------------------------------


@dataclass
class SittingPart:
    id: uuid.UUID
    rev: int
    values: dict[str, Any]
    hash: str
    events: list[mj.Event]
    member: str


@dataclass
class Meetings:
    sittings: list[SittingPart] = field(default_factory=list)
    documents: list[documents_part.Protocol] = field(default_factory=list)


def read_meetings(path: Path, plain: dict[str, bytes], counted: dict[str, int]) -> Meetings:
    """Decode the sitting and journal members (checked for form; chains are checked separately)."""
    out = Meetings()
    enc = codec("sitting")
    for name in sorted(plain):
        if not (name.startswith("sittings/") and name.endswith("/sitting.jsonl")):
            continue
        journal_name = name[: -len("sitting.jsonl")] + "journal.jsonl"
        try:
            lines = parse_jsonl(plain[name])
            if len(lines) != 1:
                raise ValueError("one sitting per file")
            line = lines[0]
            sid = uuid.UUID(line["id"])
            values = enc.decode(line["data"])
            if values.get("id") != sid or f"sittings/{sid}/sitting.jsonl" != name:
                raise ValueError("id")
            rev = int(line["rev"])
        except (KeyError, TypeError, ValueError, UnicodeDecodeError, AttributeError) as exc:
            raise RecordInvalid(
                path=str(path), member=name, line=1, detail=_("a field is missing or has a wrong type")
            ) from exc
        counted[name] = 1
        try:
            objs = parse_jsonl(plain.get(journal_name, b""))
            events = mj.events_from_json(objs)
        except (KeyError, TypeError, ValueError, UnicodeDecodeError) as exc:
            raise RecordInvalid(
                path=str(path), member=journal_name, line="?", detail=_("an event is missing a field")
            ) from exc
        counted[journal_name] = len(events)
        out.sittings.append(SittingPart(sid, rev, values, content_hash(line["data"]), events, journal_name))
    out.documents = documents_part.read_protocols(path, plain, counted)
    return out


def verify_journals(path: Path, meetings: Meetings) -> None:
    """Every journal verifies from its first event: hashes, links, order, OPEN first."""
    for part in meetings.sittings:
        for ev in part.events:
            if ev.sitting_id != str(part.id):
                raise JournalBroken(
                    path=str(path),
                    sitting=str(part.id),
                    seq=ev.seq,
                    detail=_("the event belongs to another sitting"),
                )
        report = mj.verify_events(str(part.id), part.events)
        if not report.ok:
            raise JournalBroken(
                path=str(path), sitting=str(part.id), seq=report.first_bad_seq, detail=_(report.problem)
            )


# -- district side: planning and writing ------------------------------------------------------


@dataclass
class MeetingPlan:
    rows_insert: list[dict[str, Any]] = field(default_factory=list)
    rows_update: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    records: list[tuple[SittingPart, bool]] = field(default_factory=list)  # (part, existed)
    touched: dict[uuid.UUID, list[mj.Event]] = field(default_factory=dict)  # full journal after import
    documents: list[documents_part.Protocol] = field(default_factory=list)


def _held_events(s: Session, sid: uuid.UUID) -> list[mj.Event]:
    events, _texts = mj.read_rows(s.connection(), sid)
    return events


def _event_row(sid: uuid.UUID, ev: mj.Event) -> dict[str, Any]:
    return {
        "id": uuid.uuid5(EVENT_NAMESPACE, f"{sid}:{ev.seq}"),
        "sitting_id": sid,
        "seq": ev.seq,
        "type": ev.type,
        "payload": mj.canonical(ev.payload),
        "actor": ev.actor,
        "recorded_at": ev.recorded_at,
        "idempotency_key": ev.key,
        "command_hash": ev.command_hash,
        "prev_hash": ev.prev_hash,
        "hash": ev.hash,
    }


def plan_meetings(s: Session, v, plan) -> MeetingPlan:
    """Decide per sitting: new, newer, same/older, or a conflict (owner, record, journal)."""
    out = MeetingPlan()
    for part in v.meetings.sittings:
        rec = s.get(DistrictRecord, ("sitting", part.id))
        if rec is not None and rec.okrug_id != v.okrug_id:
            plan.conflict("owner", "sitting", part.id, owner=str(rec.okrug_id))
            continue
        if part.values.get("okrug_id") not in (None, v.okrug_id):
            plan.conflict("owner", "sitting", part.id, owner=str(part.values.get("okrug_id")))
            continue
        exists = s.scalar(
            select(func.count())
            .select_from(codec("sitting").table)
            .where(codec("sitting").table.c.id == part.id)
        )
        if rec is None and exists:
            plan.conflict("owner", "sitting", part.id, owner="")
            continue
        held = _held_events(s, part.id) if exists else []
        bundle = part.events
        common = min(len(held), len(bundle))
        diverged = next((i for i in range(common) if held[i].hash != bundle[i].hash), None)
        if diverged is not None:
            plan.conflict(
                "journal",
                "sitting",
                part.id,
                seq=diverged + 1,
                held_hash=held[diverged].hash,
                bundle_hash=bundle[diverged].hash,
                held_events=len(held),
                bundle_events=len(bundle),
            )
            continue
        tail = bundle[len(held) :]
        out.events.extend(_event_row(part.id, ev) for ev in tail)
        newer = rec is None or part.rev > rec.rev
        if rec is not None and part.rev == rec.rev and part.hash != rec.hash:
            plan.conflict(
                "record", "sitting", part.id, rev=part.rev, held_hash=rec.hash, bundle_hash=part.hash
            )
            continue
        if newer:
            (out.rows_insert if not exists else out.rows_update).append(part.values)
            out.records.append((part, rec is not None))
            plan.count(plan.added if not exists else plan.updated, "sitting")
        else:
            plan.count(plan.unchanged, "sitting")
        if tail or newer:
            out.touched[part.id] = held + tail
        if tail:
            plan.added["event"] = plan.added.get("event", 0) + len(tail)
    out.documents = documents_part.plan_protocols(s, v, plan)
    return out


def _summary(
    state, sid: uuid.UUID, v, values: dict[str, Any] | None, events: list[mj.Event]
) -> dict[str, Any]:
    announcements = getattr(state, "announcements", ())
    if announcements:
        last = announcements[-1]
        members, present, quorum = last.members, last.present, bool(last.quorum_met)
    elif events:
        members, present = state.member_count, state.present_count
        quorum = present >= state.quorum_required if members else None
    else:
        members, present, quorum = 0, 0, None
    scheduled = values.get("scheduled_on") if values else None
    return {
        "sitting_id": sid,
        "okrug_id": v.okrug_id,
        "kind": (values or {}).get("kind") or state.kind,
        "title": ((values or {}).get("title") or state.title or "")[:300],
        "scheduled_on": scheduled if isinstance(scheduled, date) else None,
        "phase": state.phase if events else "prepared",
        "members": members,
        "present": present,
        "quorum_met": quorum,
        "events": len(events),
        "last_hash": events[-1].hash if events else "",
        "closed": bool(events) and events[-1].type == mj.CLOSE_TYPE,
        "rev": v.seq,
        "bundle_id": v.bundle_id,
    }


def _decisions(state, sid: uuid.UUID, v) -> list[dict[str, Any]]:
    votes = {vote.id: vote for vote in state.votes}
    out = []
    for number, item in enumerate(state.agenda, start=1):
        decided = [votes[i] for i in item.decision_votes if i in votes]
        if not decided and not item.decision_text:
            continue
        outcome = decided[-1].outcome if decided else ""
        at: datetime | None = decided[-1].at if decided else None
        out.append(
            {
                "sitting_id": sid,
                "item": number,
                "okrug_id": v.okrug_id,
                "vote_id": decided[-1].id if decided else "",
                "title": item.title,
                "text": item.decision_text,
                "outcome": outcome,
                "state": outcome or item.status,
                "decided_on": at.date() if at else None,
                "due_on": None,
                "bundle_id": v.bundle_id,
            }
        )
    return out


def write_meetings_district(s: Session, v, mplan: MeetingPlan, plan) -> None:
    """Write the planned sittings and events, then refresh the folded summaries and decisions."""
    tbl = codec("sitting").table
    if mplan.rows_insert:
        bulk_insert(s, tbl, mplan.rows_insert)
    for row in mplan.rows_update:
        s.execute(
            update(tbl).where(tbl.c.id == row["id"]).values(**{k: x for k, x in row.items() if k != "id"})
        )
    if mplan.events:
        bulk_insert(s, SittingEvent.__table__, mplan.events)
    for part, existed in mplan.records:
        if existed:
            s.execute(
                update(DistrictRecord)
                .where(DistrictRecord.entity == "sitting", DistrictRecord.record_id == part.id)
                .values(rev=part.rev, hash=part.hash, bundle_id=v.bundle_id)
            )
        else:
            s.add(
                DistrictRecord(
                    entity="sitting",
                    record_id=part.id,
                    okrug_id=v.okrug_id,
                    rev=part.rev,
                    hash=part.hash,
                    bundle_id=v.bundle_id,
                )
            )
    s.flush()
    for sid, events in mplan.touched.items():
        values = s.execute(select(tbl).where(tbl.c.id == sid)).mappings().first()
        state = fold(events, str(sid))
        summary = _summary(state, sid, v, dict(values) if values else None, events)
        s.execute(delete(DistrictSitting).where(DistrictSitting.sitting_id == sid))
        s.execute(insert(DistrictSitting), [summary])
        s.execute(delete(DistrictDecision).where(DistrictDecision.sitting_id == sid))
        decisions = _decisions(state, sid, v)
        if decisions:
            s.execute(insert(DistrictDecision), decisions)
    documents_part.write_protocols_district(s, v, mplan.documents)
    s.flush()


__all__ = [
    "DistrictDocument",
    "Meetings",
    "plan_meetings",
    "read_meetings",
    "verify_journals",
    "write_meetings",
    "write_meetings_district",
]
