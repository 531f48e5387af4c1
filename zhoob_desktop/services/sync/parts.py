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
from zhoob_desktop.services.sync.bounded import iter_lines
from zhoob_desktop.services.sync.container import BundleWriter
from zhoob_desktop.services.sync.errors import JournalBroken, RecordInvalid
from zhoob_desktop.services.sync.lines import decode_lines, json_problem
from zhoob_desktop.services.sync.records import bulk_insert, codec, content_hash, fits, jsonl
from zhoob_desktop.services.sync.writes import insert_rows

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
    state: Any = None  # the journal folded by the district (set by ``verify_journals``)


@dataclass
class Meetings:
    sittings: list[SittingPart] = field(default_factory=list)
    documents: list[documents_part.Protocol] = field(default_factory=list)


# Event field in a bundle -> its column in ``sitting_event`` (whose length bounds it).
_EVENT_TEXT = {
    "sitting": None,
    "type": "type",
    "actor": "actor",
    "recorded_at": "recorded_at",
    "key": "idempotency_key",
    "command": "command_hash",
    "prev": "prev_hash",
    "hash": "hash",
}


def _event_limits() -> dict[str, int]:
    columns = SittingEvent.__table__.c
    return {name: (columns[col].type.length if col else 40) for name, col in _EVENT_TEXT.items()}


def decode_events(path: Path, member: str, raw: bytes) -> list[mj.Event]:
    """A journal member's events, each field of the type and length its column takes."""
    limits = _event_limits()
    missing = _("an event is missing a field")
    events = []
    lines = iter_lines(raw)
    while True:
        try:
            number, obj = next(lines, (None, None))
        except ValueError as exc:
            line = getattr(exc, "line", "?")
            raise RecordInvalid(path=str(path), member=member, line=line, detail=json_problem(exc)) from exc
        if number is None:
            return events
        problem = None
        if type(obj) is not dict or type(obj.get("payload")) is not dict:
            problem = missing
        elif type(obj.get("seq")) is not int or not 1 <= obj["seq"] < 2**31:
            problem = missing
        else:
            for name, limit in limits.items():
                value = obj.get(name, "" if name == "actor" else None)
                if type(value) is not str:
                    problem = missing
                    break
                if len(value) > limit:
                    problem = _("the event's field {field} is longer than {limit} characters").format(
                        field=name, limit=limit
                    )
                    break
        if problem is not None:
            raise RecordInvalid(path=str(path), member=member, line=number, detail=problem)
        events.extend(mj.events_from_json([obj]))


def read_meetings(path: Path, info, read: Callable[[str], bytes], counted: dict[str, int]) -> Meetings:
    """Decode the sitting and journal members (checked for form; chains are checked separately)."""
    out = Meetings()
    files = info.files
    journals = {name for name, entry in files.items() if entry.kind == "event"}
    for name in sorted(n for n, entry in files.items() if entry.kind == "sitting"):
        journal_name = name[: -len("sitting.jsonl")] + "journal.jsonl"
        if journal_name not in journals:
            raise RecordInvalid(
                path=str(path), member=name, line="?", detail=_("the sitting's journal is not in the bundle")
            )
        journals.discard(journal_name)
        lines = decode_lines(path, name, "sitting", read(name))
        if len(lines) != 1 or lines[0].values is None or f"sittings/{lines[0].id}/sitting.jsonl" != name:
            raise RecordInvalid(
                path=str(path), member=name, line=1, detail=_("it does not hold exactly its own sitting")
            )
        line = lines[0]
        counted[name] = 1
        events = decode_events(path, journal_name, read(journal_name))
        counted[journal_name] = len(events)
        out.sittings.append(SittingPart(line.id, line.rev, line.values, line.hash, events, journal_name))
    for orphan in sorted(journals):
        raise RecordInvalid(
            path=str(path), member=orphan, line="?", detail=_("the journal's sitting is not in the bundle")
        )
    out.documents = documents_part.read_protocols(path, info, read, counted)
    return out


def verify_journals(path: Path, meetings: Meetings) -> None:
    """Every journal verifies from its first event (hashes, links, order, OPEN first) and folds."""
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
        part.state = _fold(path, part)


def _fold(path: Path, part: SittingPart):
    """The state of a verified journal; a journal the engine cannot replay is refused."""
    try:
        state = fold(part.events, str(part.id))
        _summary(state, part.id, part.values, part.events)
        _decisions(state, part.id)
    except Exception as exc:  # noqa: BLE001 - signed but not replayable: any failure of the fold refuses it
        raise JournalBroken(
            path=str(path),
            sitting=str(part.id),
            seq=len(part.events),
            detail=_("its events cannot be replayed by this version of the program"),
        ) from exc
    return state


# -- district side: planning and writing ------------------------------------------------------


@dataclass
class MeetingPlan:
    rows_insert: list[dict[str, Any]] = field(default_factory=list)
    rows_update: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    replaced: set[uuid.UUID] = field(default_factory=set)  # journals replaced whole (an accepted conflict)
    records: list[tuple[SittingPart, bool]] = field(default_factory=list)  # (part, existed)
    summaries: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    decisions: dict[uuid.UUID, list[dict[str, Any]]] = field(default_factory=dict)
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


def payload_of(part: SittingPart) -> dict[str, Any]:
    """What a conflict keeps of a sitting: its line and its whole journal (to accept it later)."""
    return {
        "line": {
            "id": str(part.id),
            "rev": part.rev,
            "deleted": False,
            "data": codec("sitting").encode_values(part.values),
        },
        "events": [ev.as_json() for ev in part.events],
    }


def part_from_payload(path: Path, payload: dict[str, Any]) -> SittingPart:
    """A sitting kept with a conflict, decoded and verified again as when it came."""
    line = payload["line"]
    sid = uuid.UUID(line["id"])
    member = f"sittings/{sid}/sitting.jsonl"
    (decoded,) = decode_lines(path, member, "sitting", jsonl([line])[0])
    events = decode_events(path, f"sittings/{sid}/journal.jsonl", jsonl(payload["events"])[0])
    part = SittingPart(sid, decoded.rev, decoded.values, decoded.hash, events, member)
    verify_journals(path, Meetings([part]))
    return part


def plan_meetings(s: Session, v, plan) -> MeetingPlan:
    """Decide per sitting: new, newer, same/older, or a conflict (record, journal).

    The whole bundle belongs to its okrug (checked before), so a sitting the
    district holds is that okrug's. A sitting in ``plan.force`` (an accepted
    conflict) takes the bundle's row and journal over the district's.
    """
    out = MeetingPlan()
    for part in v.meetings.sittings:
        rec = s.get(DistrictRecord, ("sitting", part.id))
        forced = ("sitting", part.id) in plan.force
        held = _held_events(s, part.id) if rec is not None else []
        bundle = part.events
        common = min(len(held), len(bundle))
        diverged = next((i for i in range(common) if held[i].hash != bundle[i].hash), None)
        if diverged is not None and not forced:
            plan.conflict(
                "journal",
                "sitting",
                part.id,
                payload=payload_of(part),
                seq=diverged + 1,
                held_hash=held[diverged].hash,
                bundle_hash=bundle[diverged].hash,
                held_events=len(held),
                bundle_events=len(bundle),
            )
            continue
        if rec is not None and part.rev == rec.rev and part.hash != rec.hash and not forced:
            plan.conflict(
                "record",
                "sitting",
                part.id,
                payload=payload_of(part),
                rev=part.rev,
                held_hash=rec.hash,
                bundle_hash=part.hash,
            )
            continue
        if diverged is not None or (forced and len(held) > len(bundle)):
            out.replaced.add(part.id)
            journal, tail = bundle, bundle
        else:
            tail = bundle[len(held) :]
            journal = held + tail
        out.events.extend(_event_row(part.id, ev) for ev in tail)
        newer = rec is None or part.rev > rec.rev or forced
        if newer:
            (out.rows_insert if rec is None else out.rows_update).append(part.values)
            out.records.append((part, rec is not None))
            plan.count(plan.added if rec is None else plan.updated, "sitting")
            plan.written.add(("sitting", part.id))
        else:
            plan.count(plan.unchanged, "sitting")
            if part.hash == rec.hash and not tail and len(held) == len(bundle):
                plan.agreed.add(("sitting", part.id))
        if tail:
            plan.added["event"] = plan.added.get("event", 0) + len(tail)
        if tail or newer:
            values = part.values if newer else _row(s, part.id)
            state = part.state if journal is bundle or len(journal) == len(bundle) else None
            _plan_summary(v, out, part, values, journal, state)
    out.documents = documents_part.plan_protocols(s, v, plan)
    return out


def _row(s: Session, sid: uuid.UUID) -> dict[str, Any] | None:
    tbl = codec("sitting").table
    row = s.execute(select(tbl).where(tbl.c.id == sid)).mappings().first()
    return dict(row) if row is not None else None


def _plan_summary(v, out: MeetingPlan, part: SittingPart, values, journal: list[mj.Event], state) -> None:
    """The district's summary and decisions of a sitting, folded now and checked against their columns."""
    if state is None:
        state = _fold(v.path, SittingPart(part.id, part.rev, part.values, part.hash, journal, part.member))
    summary = {**_summary(state, part.id, values, journal), "okrug_id": v.okrug_id, "rev": v.seq}
    summary["bundle_id"] = v.bundle_id
    decisions = [{**d, "okrug_id": v.okrug_id, "bundle_id": v.bundle_id} for d in _decisions(state, part.id)]
    for tbl, rows in ((DistrictSitting.__table__, [summary]), (DistrictDecision.__table__, decisions)):
        for row in rows:
            problem = fits(tbl, row)
            if problem is not None:
                raise JournalBroken(path=str(v.path), sitting=str(part.id), seq=len(journal), detail=problem)
    out.summaries[part.id] = summary
    out.decisions[part.id] = decisions


def _summary(state, sid: uuid.UUID, values: dict[str, Any] | None, events: list[mj.Event]) -> dict[str, Any]:
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
    }


def _decisions(state, sid: uuid.UUID) -> list[dict[str, Any]]:
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
                "vote_id": decided[-1].id if decided else "",
                "title": item.title,
                "text": item.decision_text,
                "outcome": outcome,
                "state": outcome or item.status,
                "decided_on": at.date() if at else None,
                "due_on": None,
            }
        )
    return out


def write_meetings_district(s: Session, v, mplan: MeetingPlan, plan) -> None:
    """Write the planned sittings and events, then their folded summaries and decisions."""
    tbl = codec("sitting").table
    if mplan.rows_insert:
        bulk_insert(s, tbl, mplan.rows_insert)
    for row in mplan.rows_update:
        s.execute(
            update(tbl).where(tbl.c.id == row["id"]).values(**{k: x for k, x in row.items() if k != "id"})
        )
    for sid in mplan.replaced:
        s.execute(delete(SittingEvent).where(SittingEvent.sitting_id == sid))
    insert_rows(s, SittingEvent.__tablename__, mplan.events)
    new_records = []
    for part, existed in mplan.records:
        if existed:
            s.execute(
                update(DistrictRecord)
                .where(DistrictRecord.entity == "sitting", DistrictRecord.record_id == part.id)
                .values(rev=part.rev, hash=part.hash, bundle_id=v.bundle_id)
            )
        else:
            new_records.append(
                {
                    "entity": "sitting",
                    "record_id": part.id,
                    "okrug_id": v.okrug_id,
                    "rev": part.rev,
                    "hash": part.hash,
                    "deleted": False,
                    "bundle_id": v.bundle_id,
                }
            )
    insert_rows(s, DistrictRecord.__tablename__, new_records)
    s.flush()
    for sid, summary in mplan.summaries.items():
        s.execute(delete(DistrictSitting).where(DistrictSitting.sitting_id == sid))
        s.execute(insert(DistrictSitting), [summary])
        s.execute(delete(DistrictDecision).where(DistrictDecision.sitting_id == sid))
        if mplan.decisions[sid]:
            s.execute(insert(DistrictDecision), mplan.decisions[sid])
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
