"""The okrug's standing lists: members of the meeting, representatives to the gathering."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select

from zhoob_desktop.models.meeting import RosterEntry
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting.state import Member
from zhoob_desktop.services.store import Store

BODIES = ("meeting", "representatives")


@dataclass(frozen=True)
class RosterMember:
    id: uuid.UUID
    body: str
    resident_id: uuid.UUID
    full_name: str
    iin: str | None
    address: str
    since: date
    until: date | None
    source_sitting_id: uuid.UUID | None
    note: str


def _info(r: RosterEntry) -> RosterMember:
    return RosterMember(
        r.id,
        r.body,
        r.resident_id,
        r.full_name,
        r.iin,
        r.address,
        r.since,
        r.until,
        r.source_sitting_id,
        r.note,
    )


def add_to_roster(
    store: Store,
    body: str,
    *,
    resident_id: uuid.UUID,
    full_name: str,
    since: date,
    iin: str | None = None,
    address: str = "",
    source_sitting_id: uuid.UUID | None = None,
    note: str = "",
) -> RosterMember:
    """Put a resident on the meeting's roster (delegated by a gathering) or the representatives'."""
    if body not in BODIES:
        raise E.InvalidField(name="roster", field="body", value=body)
    if not full_name.strip():
        raise E.MissingField(name="roster", field="full_name")
    with store.session() as s:
        row = RosterEntry(
            body=body,
            resident_id=resident_id,
            full_name=full_name.strip(),
            iin=iin,
            address=address,
            since=since,
            source_sitting_id=source_sitting_id,
            note=note,
        )
        s.add(row)
        s.flush()
        return _info(row)


def add_many_to_roster(store: Store, body: str, people: list[dict], since: date, note: str = "") -> int:
    """Put several residents on a roster in one transaction (``people``: resident_id, full_name, iin, address)."""
    if body not in BODIES:
        raise E.InvalidField(name="roster", field="body", value=body)
    with store.session() as s:
        for p in people:
            if not str(p.get("full_name", "")).strip():
                raise E.MissingField(name="roster", field="full_name")
            s.add(
                RosterEntry(
                    body=body,
                    resident_id=p["resident_id"],
                    full_name=p["full_name"].strip(),
                    iin=p.get("iin"),
                    address=p.get("address", ""),
                    since=since,
                    note=note,
                )
            )
    return len(people)


def end_membership(store: Store, entry_id: uuid.UUID, until: date) -> RosterMember:
    """The member leaves the roster after ``until``."""
    with store.session() as s:
        row = s.get(RosterEntry, entry_id)
        if row is None:
            raise E.UnknownPerson(ref=str(entry_id))
        row.until = until
        s.flush()
        return _info(row)


def list_roster(store: Store, body: str, on: date | None = None) -> list[RosterMember]:
    """The roster of a body (on a date: only those then on it), sorted by name."""
    with store.session() as s:
        q = select(RosterEntry).where(RosterEntry.body == body)
        if on is not None:
            q = q.where(RosterEntry.since <= on, or_(RosterEntry.until.is_(None), RosterEntry.until >= on))
        return [_info(r) for r in s.scalars(q.order_by(RosterEntry.full_name))]


def active_roster(store: Store, body: str, on: date) -> list[Member]:
    """The roster on a date as sitting members (one entry per resident)."""
    seen: dict[str, Member] = {}
    for r in list_roster(store, body, on):
        seen.setdefault(str(r.resident_id), Member(str(r.resident_id), r.full_name, r.iin, r.address))
    return list(seen.values())
