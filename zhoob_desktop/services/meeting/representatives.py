"""The gathering's roster of representatives, built from the elections at separate gatherings.

Each representative on the roster (``roster_entry`` with body
``representatives``) is linked to the separate gathering and the vote that
elected him, and to his unit; his term runs from the day of that separate
gathering for the years the procedure states, and ends the day before a later
separate gathering of the same unit elects its representatives anew. The
roster is brought up to date from the journals of closed separate gatherings
(``record_representatives``, idempotent) whenever it is read for a gathering,
so a separate gathering typed in from paper counts as one held live.

``coverage`` shows, unit by unit, the representatives due and elected on a
day: a unit without elected representatives is shown before the gathering is
convened (Law art. 39-3: the gathering with representatives is held if at
least half of all elected representatives attend).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select

from zhoob_desktop.models.meeting import RosterEntry, Sitting
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.engine import load_state
from zhoob_desktop.services.meeting.representation import Procedure, quota_table, term_end
from zhoob_desktop.services.meeting.roster import RosterMember, list_roster
from zhoob_desktop.services.security import roles
from zhoob_desktop.services.store import Store

BODY = "representatives"


def _term_until(procedure: dict | None, since: date) -> date | None:
    return term_end(since, (procedure or {}).get("term_years"))


def record_representatives(store: Store, sitting_id: uuid.UUID | str) -> int:
    """Put the representatives elected at a closed, held separate gathering on the roster.

    Idempotent: a representative already recorded from this sitting is not
    added twice. Representatives of the same unit elected earlier leave the
    roster the day before. Returns how many were added. (The sitting is read
    from its table: the sittings module reads this roster, not the reverse.)
    """
    with store.session() as s:
        row = s.get(Sitting, uuid.UUID(str(sitting_id)))
        if row is None or row.kind != R.SEPARATE_GATHERING or row.status != "closed":
            return 0
        sid, since, territory_kind, territory_id, territory_name = (
            row.id,
            row.scheduled_on,
            row.territory_kind,
            row.territory_id,
            row.territory_name,
        )
    state = load_state(store, sid)
    if state.opened_at is None or not state.elected:
        return 0
    rep = state.representation
    unit_kind = rep.get("unit_kind") or territory_kind
    unit_id = rep.get("unit_id") or (str(territory_id) if territory_id else None)
    until = _term_until(rep.get("procedure"), since)  # type: ignore[arg-type]
    members = state.member_index
    added = 0
    with store.session() as s:
        have = set(
            s.scalars(
                select(RosterEntry.resident_id).where(
                    RosterEntry.body == BODY, RosterEntry.source_sitting_id == sid
                )
            )
        )
        if unit_id is not None:
            earlier = s.scalars(
                select(RosterEntry).where(
                    RosterEntry.body == BODY,
                    RosterEntry.unit_id == uuid.UUID(str(unit_id)),
                    RosterEntry.since < since,
                    or_(RosterEntry.until.is_(None), RosterEntry.until >= since),
                    or_(RosterEntry.source_sitting_id.is_(None), RosterEntry.source_sitting_id != sid),
                )
            )
            for row in earlier:
                row.until = since - timedelta(days=1)
        for cand in state.elected:
            rid = uuid.UUID(cand.person_id)
            if rid in have:
                continue
            m = members.get(cand.person_id)
            s.add(
                RosterEntry(
                    body=BODY,
                    resident_id=rid,
                    full_name=cand.name,
                    iin=m.iin if m else None,
                    address=cand.address,
                    since=since,
                    until=until,
                    source_sitting_id=sid,
                    source_vote=cand.vote_id,
                    unit_kind=unit_kind,
                    unit_id=uuid.UUID(str(unit_id)) if unit_id else None,
                    unit_name=str(rep.get("unit_name") or territory_name),
                )
            )
            added += 1
    return added


def sync_representatives(store: Store) -> int:
    """Record the representatives of every closed separate gathering, oldest first (idempotent).

    An operator who may not write the roster (a clerk reading the page) reads it as it stands.
    """
    if not roles.allowed(getattr(store, "operator", None), roles.TABLE_RIGHTS["roster_entry"]):
        return 0
    with store.session() as s:
        ids = list(
            s.scalars(
                select(Sitting.id)
                .where(Sitting.kind == R.SEPARATE_GATHERING, Sitting.status == "closed")
                .order_by(Sitting.scheduled_on, Sitting.created_at)
            )
        )
    return sum(record_representatives(store, sid) for sid in ids)


@dataclass(frozen=True)
class Representative:
    """A representative on the roster on a day, with where his mandate comes from."""

    resident_id: uuid.UUID
    full_name: str
    iin: str | None
    address: str
    unit_kind: str | None
    unit_id: uuid.UUID | None
    unit_name: str
    since: date
    until: date | None
    sitting_id: uuid.UUID | None
    vote_id: str | None


def representatives_on(store: Store, on: date) -> list[Representative]:
    """The representatives whose term covers the day, from the elections (kept up to date first)."""
    sync_representatives(store)
    with store.session() as s:
        rows = s.scalars(
            select(RosterEntry)
            .where(
                RosterEntry.body == BODY,
                RosterEntry.since <= on,
                or_(RosterEntry.until.is_(None), RosterEntry.until >= on),
            )
            .order_by(RosterEntry.unit_name, RosterEntry.full_name)
        )
        return [
            Representative(
                r.resident_id,
                r.full_name,
                r.iin,
                r.address,
                r.unit_kind,
                r.unit_id,
                r.unit_name,
                r.since,
                r.until,
                r.source_sitting_id,
                r.source_vote,
            )
            for r in rows
        ]


@dataclass(frozen=True)
class UnitCoverage:
    """A unit's representatives on a day: due under the procedure, elected, and where."""

    unit_kind: str
    unit_id: uuid.UUID
    name: str
    settlement: str
    due: int
    elected: tuple[Representative, ...]

    @property
    def count(self) -> int:
        return len(self.elected)

    @property
    def missing(self) -> bool:
        """The unit is due representatives and has none elected."""
        return self.due > 0 and not self.elected


@dataclass(frozen=True)
class Coverage:
    """Every unit's representatives on a day, and those elected for no unit of the procedure."""

    on: date
    procedure: Procedure | None
    units: tuple[UnitCoverage, ...]
    others: tuple[Representative, ...]

    @property
    def elected(self) -> int:
        return sum(u.count for u in self.units) + len(self.others)

    @property
    def due(self) -> int:
        return sum(u.due for u in self.units)

    @property
    def missing(self) -> tuple[UnitCoverage, ...]:
        return tuple(u for u in self.units if u.missing)


def coverage(store: Store, on: date) -> Coverage:
    """Unit by unit, the representatives due and those elected on a day."""
    from zhoob_desktop.services.meeting.representation import procedure_in_force

    reps = representatives_on(store, on)
    procedure = procedure_in_force(store, on)
    if procedure is None:
        return Coverage(on, None, (), tuple(reps))
    table = quota_table(store, on, procedure)
    by_unit: dict[str, list[Representative]] = {}
    for r in reps:
        by_unit.setdefault(str(r.unit_id), []).append(r)
    units = []
    for u in table.units:
        units.append(
            UnitCoverage(
                u.kind, u.id, u.name, u.settlement, u.representatives, tuple(by_unit.pop(str(u.id), ()))
            )
        )
    others = tuple(r for rs in by_unit.values() for r in rs)
    return Coverage(on, procedure, tuple(units), others)


def roster_members(store: Store, on: date) -> list[RosterMember]:
    """The representatives' roster entries on a day (the hand-kept ones too), kept up to date first."""
    sync_representatives(store)
    return list_roster(store, BODY, on)


__all__ = [
    "Coverage",
    "Representative",
    "UnitCoverage",
    "coverage",
    "record_representatives",
    "representatives_on",
    "roster_members",
    "sync_representatives",
]
