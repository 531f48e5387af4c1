"""The district operator's view, one line per okrug: is it in touch, is it keeping the rules.

Per okrug: its last contact with the service (and from where), the bundles
waiting (announced to the service and not complete; held at the okrug
unsent, as it said at its last contact), conflicts open, sittings of the
meeting held this quarter and last (Reg §5: at least once per quarter),
protocols received (and not yet opened), and decisions overdue: a protocol
not handed to the akim, not considered, the members not told within the
Model Regulation's working days (Reg §12–§14), or an execution past its due
date (Reg §15), counted from the steps the okrug's bundles carried.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from zhoob_desktop.models.netsync import DistrictContact, DistrictUpload
from zhoob_desktop.models.sync import (
    DistrictBundle,
    DistrictDecision,
    DistrictDocument,
    DistrictOkrug,
    DistrictSitting,
    SyncConflict,
)
from zhoob_desktop.services.i18n import N_, _, format_date, format_datetime
from zhoob_desktop.services.sync.district_db import DistrictStore
from zhoob_desktop.services.sync.net import access
from zhoob_desktop.services.sync.records import codec

REG_5 = N_("Model Regulation §5")

# What an overdue decision waits for, by kind.
OVERDUE = {
    "protocol": N_("the protocol handed to the akim"),
    "review": N_("the akim's consideration"),
    "inform": N_("the members told the result"),
    "execution": N_("the execution"),
}


@dataclass(frozen=True)
class Overdue:
    decision_id: uuid.UUID
    sitting_id: uuid.UUID
    item: int
    title: str
    kind: str  # a key of OVERDUE
    due: date


@dataclass(frozen=True)
class OkrugLine:
    """One okrug as the district operator sees it."""

    okrug_id: uuid.UUID
    name: str
    revoked: bool
    last_contact_at: datetime | None
    address: str
    incoming: int  # uploads begun and not complete
    held_at_okrug: int  # bundles the okrug said it had not sent yet
    last_bundle_seq: int | None
    last_imported_at: datetime | None
    conflicts_open: int
    quarter: tuple[int, int]  # (year, quarter) counted
    sittings_this_quarter: int
    sittings_last_quarter: int
    protocols: int
    protocols_unopened: int
    overdue: tuple[Overdue, ...]

    @property
    def waiting(self) -> int:
        return self.incoming + self.held_at_okrug

    @property
    def quarter_short(self) -> bool:
        """No sitting of the meeting last quarter (Reg §5)."""
        return self.sittings_last_quarter == 0


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _previous(q: tuple[int, int]) -> tuple[int, int]:
    year, n = q
    return (year - 1, 4) if n == 1 else (year, n - 1)


def _overdue(dstore: DistrictStore, decisions: list[DistrictDecision], held: dict, today: date) -> dict:
    """Overdue follow-ups per okrug, from the decisions' steps held at the district."""
    from zhoob_desktop.services.decisions import lifecycle as L
    from zhoob_desktop.services.decisions.register import decision_id
    from zhoob_desktop.services.meeting import rules as R
    from zhoob_desktop.services.meeting.calendar import WorkCalendar
    from zhoob_desktop.services.meeting.preparation import sitting_deadlines

    calendar = WorkCalendar.from_store(dstore)
    values = R.resolve_values(None)
    tbl = codec("decision_step").table
    steps: dict[tuple[uuid.UUID, str], list] = defaultdict(list)
    ids = sorted({d.sitting_id for d in decisions}, key=str)
    with dstore.session() as s:
        for i in range(0, len(ids), 500):
            query = select(tbl).where(tbl.c.sitting_id.in_(ids[i : i + 500])).order_by(tbl.c.seq)
            for r in s.execute(query).mappings():
                steps[(r["sitting_id"], r["vote_id"])].append(
                    L.HistoryEntry(
                        r["seq"],
                        r["step"],
                        r["on_date"],
                        r["actor"],
                        r["note"],
                        r["recorded_at"],
                        r["data"] or {},
                    )  # fmt: skip
                )
    out: dict[uuid.UUID, list[Overdue]] = defaultdict(list)
    for d in decisions:
        held_on = held.get(d.sitting_id)
        if held_on is None or held_on > today:
            continue
        follow = L.fold(steps.get((d.sitting_id, d.vote_id), []))
        if follow.closed and not (follow.status == "in_force" and follow.informed_on is None):
            continue
        legal = sitting_deadlines(values, held_on, calendar, protocol_handed_on=follow.protocol_handed_on,
                                  akim_considered_on=follow.considered_on)  # fmt: skip
        late: list[tuple[str, date]] = []
        if follow.protocol_handed_on is None:
            late.append(("protocol", legal.protocol_to_akim))
        elif follow.verdict is None:
            late.append(("review", legal.akim_review))
        if follow.verdict is not None and follow.informed_on is None:
            late.append(("inform", legal.members_informed))
        if follow.approved and follow.due_on is not None and follow.executed_on is None:
            late.append(("execution", follow.due_on))
        for kind, due in late:
            if due < today:
                out[d.okrug_id].append(
                    Overdue(decision_id(d.sitting_id, d.vote_id), d.sitting_id, d.item, d.title, kind, due)
                )
    return out


def okrug_rows(dstore: DistrictStore, *, today: date | None = None) -> list[OkrugLine]:
    """Every registered okrug, by name."""
    from zhoob_desktop.services.okrug_time import DEFAULT_ZONE, load_zone, local_today

    today = today or local_today(load_zone(DEFAULT_ZONE))
    quarter = _quarter(today)
    last_quarter = _previous(quarter)
    with dstore.session() as s:
        okrugs = list(s.scalars(select(DistrictOkrug).order_by(DistrictOkrug.name)))
        revoked = access.revoked_now(s)
        contacts = {c.okrug_id: c for c in s.scalars(select(DistrictContact))}
        incoming = dict(
            s.execute(
                select(DistrictUpload.okrug_id, func.count())
                .where(DistrictUpload.state == "receiving")
                .group_by(DistrictUpload.okrug_id)
            ).all()
        )
        last = {
            row[0]: (row[1], row[2])
            for row in s.execute(
                select(
                    DistrictBundle.okrug_id,
                    func.max(DistrictBundle.seq),
                    func.max(DistrictBundle.imported_at),
                ).group_by(DistrictBundle.okrug_id)
            )
        }
        conflicts = dict(
            s.execute(
                select(SyncConflict.okrug_id, func.count())
                .where(SyncConflict.status == "open")
                .group_by(SyncConflict.okrug_id)
            ).all()
        )
        documents: dict[uuid.UUID, list[int]] = defaultdict(lambda: [0, 0])
        for okrug_id, opened in s.execute(select(DistrictDocument.okrug_id, DistrictDocument.opened_at)):
            documents[okrug_id][0] += 1
            documents[okrug_id][1] += 1 if opened is None else 0
        sittings = list(
            s.execute(
                select(
                    DistrictSitting.sitting_id,
                    DistrictSitting.okrug_id,
                    DistrictSitting.kind,
                    DistrictSitting.scheduled_on,
                    DistrictSitting.events,
                )  # fmt: skip
            )
        )
        decisions = list(s.scalars(select(DistrictDecision).where(DistrictDecision.outcome == "adopted")))
        for d in decisions:
            s.expunge(d)
    per_quarter: dict[tuple[uuid.UUID, tuple[int, int]], int] = defaultdict(int)
    held: dict[uuid.UUID, date] = {}
    for sid, okrug_id, kind, on, events in sittings:
        if on is None or not events:
            continue
        held[sid] = on
        if kind == "meeting":
            per_quarter[(okrug_id, _quarter(on))] += 1
    overdue = _overdue(dstore, decisions, held, today)
    rows = []
    for o in okrugs:
        c = contacts.get(o.id)
        seq, imported = last.get(o.id, (None, None))
        docs = documents.get(o.id, [0, 0])
        rows.append(
            OkrugLine(
                o.id,
                o.name,
                o.id in revoked,
                c.last_contact_at if c else None,
                c.address if c else "",
                int(incoming.get(o.id, 0)),
                int(c.waiting) if c else 0,
                seq,
                imported,
                int(conflicts.get(o.id, 0)),
                quarter,
                per_quarter.get((o.id, quarter), 0),
                per_quarter.get((o.id, last_quarter), 0),
                docs[0],
                docs[1],
                tuple(sorted(overdue.get(o.id, []), key=lambda x: x.due)),
            )
        )
    return rows


def row_lines(r: OkrugLine) -> list[str]:
    """One okrug in words (``zhoob district okrugs``)."""
    never = _("never")
    year, q = r.quarter
    head = r.name + (" — " + _("KEY REVOKED") if r.revoked else "")
    out = [
        head,
        "  "
        + _("last contact: {when}").format(
            when=format_datetime(r.last_contact_at) + (f" ({r.address})" if r.address else "")
            if r.last_contact_at
            else never
        ),
        "  "
        + _(
            "bundles waiting: {count} (coming in {incoming}, held at the okrug {held}); last imported: {last}"
        ).format(
            count=r.waiting,
            incoming=r.incoming,
            held=r.held_at_okrug,
            last=(
                _("number {seq}, {when}").format(
                    seq=r.last_bundle_seq, when=format_datetime(r.last_imported_at)
                )
                if r.last_bundle_seq
                else never
            ),
        ),
        "  " + _("conflicts open: {count}").format(count=r.conflicts_open),
        "  "
        + _(
            "sittings of the meeting in {year} quarter {quarter}: {count}; the quarter before: {last} ({rule}: at least once per quarter)"
        ).format(
            year=year, quarter=q, count=r.sittings_this_quarter, last=r.sittings_last_quarter, rule=_(REG_5)
        ),
        "  "
        + _("protocols received: {count}, not opened yet: {unopened}").format(
            count=r.protocols, unopened=r.protocols_unopened
        ),
        "  " + _("decisions overdue: {count}").format(count=len(r.overdue)),
    ]
    for o in r.overdue:
        out.append(
            "    "
            + _("{item}. {title}: {what}, due {due}").format(
                item=o.item, title=o.title, what=_(OVERDUE[o.kind]), due=format_date(o.due, "short")
            )
        )
    return out


def summary(rows: list[OkrugLine]) -> dict[str, Any]:
    """Totals for the page's heading."""
    return {
        "okrugs": len(rows),
        "waiting": sum(r.waiting for r in rows),
        "conflicts": sum(r.conflicts_open for r in rows),
        "overdue": sum(len(r.overdue) for r in rows),
        "short": sum(1 for r in rows if r.quarter_short),
    }


__all__ = ["OVERDUE", "OkrugLine", "Overdue", "okrug_rows", "row_lines", "summary"]
