"""Preparing a sitting: notice and materials deadlines, the members' initiative, quarterly meetings,
the decisions of earlier sittings (Reg §9), and the deadlines that follow a sitting (Reg §12–14).

The item on the execution of earlier decisions that a meeting's agenda carries
(Reg §9) is drafted by the decisions register (``decisions.agenda``), which
knows which decisions are still open; this module never imports it, so the
imports run one way: decisions -> meeting. Which decisions are open reaches
the engine through ``obligations`` (the register plugs itself in there); a
draft without the item while some are open gets a warning here, and the
engine refuses to approve such an agenda.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from zhoob_desktop.services.i18n import N_, _, format_date
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.calendar import WorkCalendar, quarter_end, quarter_of, quarter_start
from zhoob_desktop.services.meeting.engine import load_state
from zhoob_desktop.services.meeting.obligations import (
    EXECUTION_KIND,
    DecisionRef,
    decisions_not_closed,
    earlier_decisions,
)
from zhoob_desktop.services.meeting.representatives import coverage
from zhoob_desktop.services.meeting.sittings import SittingInfo, get_sitting, list_sittings, roster_for
from zhoob_desktop.services.register.membership import count_members  # the register's API
from zhoob_desktop.services.store import Store


@dataclass(frozen=True)
class PrepWarning:
    """Something in the preparation that breaks or risks breaking a deadline of the rules."""

    code: str
    template: str
    citation: str
    params: Mapping[str, object] = field(default_factory=dict)
    due: date | None = None

    def message(self, gettext: Callable[[str], str] | None = None, lang: str | None = None) -> str:
        """The warning in the current language (or through ``gettext``, dates in ``lang``)."""
        tr = gettext or _
        params = {
            k: format_date(v, "long", lang) if isinstance(v, date) else v for k, v in self.params.items()
        }
        return f"{tr(self.template).format(**params)} ({tr(self.citation)})"


def _values(store: Store) -> dict:
    return R.resolve_values(store.get_setting("meeting.rules"))


def _fmt(day: date) -> date:
    return day  # formatted in the reader's language by PrepWarning.message


def notice_warnings(info: SittingInfo, today: date, values: Mapping[str, object]) -> list[PrepWarning]:
    """Notice no later than 10 calendar days before; materials no later than 5 (Reg §6, Law art. 39-3)."""
    out: list[PrepWarning] = []
    notice_days = int(values["notice.calendar_days"])
    citation = R.REG_6 if info.kind == R.MEETING else R.LAW_39_3
    latest = info.scheduled_on - timedelta(days=notice_days)
    given = info.notice_on or today
    if given > latest:
        out.append(
            PrepWarning(
                "notice.late",
                N_(
                    "The notice of the sitting on {date} comes {days} calendar days before it; "
                    "at least {required} are required (the last day was {latest})."
                ),
                citation,
                {
                    "date": _fmt(info.scheduled_on),
                    "days": (info.scheduled_on - given).days,
                    "required": notice_days,
                    "latest": _fmt(latest),
                },
                latest,
            )
        )
    if info.kind == R.MEETING:
        material_days = int(values["materials.calendar_days"])
        latest_m = info.scheduled_on - timedelta(days=material_days)
        given_m = info.materials_on or today
        if given_m > latest_m:
            out.append(
                PrepWarning(
                    "materials.late",
                    N_(
                        "The materials reach the members {days} calendar days before the sitting; "
                        "at least {required} are required (the last day was {latest})."
                    ),
                    R.REG_6,
                    {
                        "days": (info.scheduled_on - given_m).days,
                        "required": material_days,
                        "latest": _fmt(latest_m),
                    },
                    latest_m,
                )
            )
    return out


@dataclass(frozen=True)
class InitiativeCheck:
    """Whether the signers of a members' initiative reach the required share (Reg §5, Law art. 39-3)."""

    signers: int
    members: int
    required: int

    @property
    def enough(self) -> bool:
        return self.signers >= self.required


def member_count(store: Store, info: SittingInfo) -> int:
    """How many members the sitting's body has on its date (roster or register)."""
    if info.kind == R.MEETING or (info.kind == R.GATHERING and info.with_representatives):
        return len(roster_for(store, info))
    where = {}
    if info.kind == R.SEPARATE_GATHERING and info.territory_id is not None:
        where[f"{info.territory_kind}_id"] = info.territory_id
    return count_members(store, info.scheduled_on, **where)


def initiative_check(store: Store, info: SittingInfo, members: int | None = None) -> InitiativeCheck:
    """Signers against 10% of the members (``members`` given, or counted from roster/register)."""
    total = member_count(store, info) if members is None else members
    share = _values(store)["initiative.share"]
    return InitiativeCheck(
        len({i.resident_id or i.name for i in info.initiators}), total, R.at_least(share, total)
    )


def initiative_warnings(
    info: SittingInfo,
    today: date,
    calendar: WorkCalendar,
    values: Mapping[str, object],
    check: InitiativeCheck,
) -> list[PrepWarning]:
    out: list[PrepWarning] = []
    if info.initiator != "members":
        return out
    if not check.enough:
        out.append(
            PrepWarning(
                "initiative.share",
                N_(
                    "The initiative has {signers} signers; at least {required} of {members} members are needed."
                ),
                R.REG_5 if info.kind == R.MEETING else R.LAW_39_3,
                {"signers": check.signers, "required": check.required, "members": check.members},
            )
        )
    if info.kind == R.MEETING and info.initiative_filed_on is not None:
        days = int(values["initiative.answer_working_days"])
        due = calendar.add_working_days(info.initiative_filed_on, days)
        answered = info.initiative_decided_on
        if (answered or today) > due:
            out.append(
                PrepWarning(
                    "initiative.answer",
                    N_(
                        "The akim's decision on the initiative filed on {filed} was due within {days} "
                        "working days, by {due}."
                    ),
                    R.REG_5,
                    {"filed": _fmt(info.initiative_filed_on), "days": days, "due": _fmt(due)},
                    due,
                )
            )
    return out


def quarter_warnings(store: Store, today: date) -> list[PrepWarning]:
    """Quarters of this year (up to today's) with no sitting of the meeting held or planned (Reg §5)."""
    sittings = [s for s in list_sittings(store, kind=R.MEETING)]
    quarters = {quarter_of(s.scheduled_on) for s in sittings if s.status != "closed" or _held(store, s)}
    out = []
    year, current = quarter_of(today)
    for q in range(1, current + 1):
        if (year, q) not in quarters:
            out.append(
                PrepWarning(
                    "meeting.quarter",
                    N_("No sitting of the meeting was held or planned in quarter {quarter} of {year}."),
                    R.REG_5,
                    {"quarter": q, "year": year},
                    quarter_end(year, q),
                )
            )
    return out


def _held(store: Store, info: SittingInfo) -> bool:
    state = load_state(store, info.id)
    return state.opened_at is not None


def preparation_warnings(
    store: Store, sitting_id: uuid.UUID | str, *, today: date, calendar: WorkCalendar | None = None
) -> list[PrepWarning]:
    """Every deadline of the preparation that is broken or cannot be met any more."""
    info = get_sitting(store, sitting_id)
    calendar = calendar or WorkCalendar.from_store(store)
    values = _values(store)
    out = notice_warnings(info, today, values)
    if info.initiator == "members":
        out += initiative_warnings(info, today, calendar, values, initiative_check(store, info))
    out += execution_warnings(store, info)
    out += representation_warnings(store, info)
    return out


def representation_warnings(store: Store, info: SittingInfo) -> list[PrepWarning]:
    """A gathering with representatives: units due representatives that have none elected (Law art. 39-3)."""
    if info.kind != R.GATHERING or not info.with_representatives:
        return []
    cov = coverage(store, info.scheduled_on)
    if cov.procedure is None:
        return [
            PrepWarning(
                "representatives.procedure",
                N_(
                    "No procedure of separate gatherings approved by the district maslikhat is in force on "
                    "{date}; the representatives' quotas are unknown."
                ),
                R.LAW_39_3,
                {"date": _fmt(info.scheduled_on)},
            )
        ]
    if not cov.missing:
        return []
    return [
        PrepWarning(
            "representatives.missing",
            N_(
                "These units have elected no representatives to the gathering: {units}. The gathering is "
                "held if at least half of all elected representatives ({elected}) attend."
            ),
            R.LAW_39_3,
            {"units": ", ".join(u.name for u in cov.missing), "elected": cov.elected},
        )
    ]


def execution_warnings(store: Store, info: SittingInfo) -> list[PrepWarning]:
    """A meeting's draft without the item on earlier decisions while some are open (Reg §9)."""
    if info.kind != R.MEETING or any(a.kind == EXECUTION_KIND for a in info.agenda_draft):
        return []
    still_open = decisions_not_closed(store, info.scheduled_on)
    if not still_open:
        return []
    return [
        PrepWarning(
            "agenda.execution",
            N_(
                "Decisions of earlier sittings are still open ({count}); the draft agenda has no item on "
                "their execution, and the agenda will not be approved without it."
            ),
            R.REG_9,
            {"count": len(still_open)},
        )
    ]


@dataclass(frozen=True)
class Deadlines:
    """What follows a sitting: the protocol to the akim (Reg §12), his review (§13), members told (§14)."""

    protocol_to_akim: date
    akim_review: date
    members_informed: date


def sitting_deadlines(
    store_or_values: Store | Mapping[str, object],
    held_on: date,
    calendar: WorkCalendar,
    *,
    protocol_handed_on: date | None = None,
    akim_considered_on: date | None = None,
) -> Deadlines:
    """Deadlines in working days; each counts from the actual step when it is known."""
    values = _values(store_or_values) if isinstance(store_or_values, Store) else store_or_values
    protocol = calendar.add_working_days(held_on, int(values["protocol.handover_working_days"]))
    review = calendar.add_working_days(
        protocol_handed_on or protocol, int(values["decision.review_working_days"])
    )
    informed = calendar.add_working_days(
        akim_considered_on or review, int(values["decision.inform_working_days"])
    )
    return Deadlines(protocol, review, informed)


__all__ = [
    "EXECUTION_KIND",
    "Deadlines",
    "DecisionRef",
    "InitiativeCheck",
    "PrepWarning",
    "earlier_decisions",
    "execution_warnings",
    "initiative_check",
    "preparation_warnings",
    "quarter_start",
    "quarter_warnings",
    "sitting_deadlines",
]
