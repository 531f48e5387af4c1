"""Per-protocol acts: the protocol handed to the akim, his consideration, the members told.

The protocol of a sitting is handed over as a whole (Reg §12), the akim
considers all of its decisions in one act (Reg §13: he agrees or disagrees
with each, giving his reasons) and the apparatus tells the members the result
in one notice (Reg §14). Each act appends one step to every decision of the
protocol, all sharing the act's id, in one transaction: all or none.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from zhoob_desktop.services.decisions import errors as E
from zhoob_desktop.services.decisions import lifecycle as L
from zhoob_desktop.services.decisions.agenda import refresh_execution_items
from zhoob_desktop.services.decisions.register import (
    Clock,
    _decisions_of,
    _steps_by_decision,
    _view,
    append_steps,
    decision_id,
    local_today,
    system_clock,
)
from zhoob_desktop.services.decisions.views import DecisionView, Notice, day_off_notice
from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.calendar import WorkCalendar
from zhoob_desktop.services.meeting.engine import load_state
from zhoob_desktop.services.meeting.held import find_sitting, protocol_signed_on
from zhoob_desktop.services.meeting.preparation import sitting_deadlines
from zhoob_desktop.services.meeting.sittings import SittingInfo, get_sitting, list_sittings
from zhoob_desktop.services.store import Store

HANDED, CONSIDERED, INFORMED = "handed", "considered", "informed"
ACT_STEPS = {HANDED: L.PROTOCOL_HANDED, INFORMED: L.INFORMED}
DAY_OFF_WARNING = N_("{date} is a day off ({reason}); check the date of the act.")
LATE_WARNING = N_("{date} is after the last day of the deadline, {due}.")


class ActRefused(E.DecisionError):
    """A step of an act was refused for one decision: names its item and says why."""

    template = N_("Item {item}: {problem}")

    def __init__(self, item: int, inner: E.DecisionError):
        self.inner = inner
        super().__init__(item=item, problem="", citation=inner.citation)

    def message(self, gettext: Callable[[str], str] | None = None) -> str:
        tr = gettext or _
        problem = self.inner.message(gettext)
        return tr(self.template).format(item=self.params["item"], problem=problem)


@dataclass(frozen=True)
class Outcome:
    """The akim's word on one decision of the protocol (Reg §13)."""

    verdict: str  # lifecycle.AGREED or lifecycle.DISAGREED
    reasons: str = ""
    execution: bool | None = None  # None: as the agenda item's kind says


@dataclass(frozen=True)
class ProtocolView:
    """A protocol of the meeting with its decisions and where its acts stand."""

    sitting_id: uuid.UUID
    number: int | None
    held_on: date
    title: str
    signed_on: date | None  # the protocol frozen as signed in the program
    decisions: tuple[DecisionView, ...]
    # The deadlines of Reg §12–§14 (a sitting of the meeting); None for a gathering's or a separate
    # gathering's protocol, whose acts are recorded without them.
    handover_due: date | None
    review_due: date | None
    inform_due: date | None

    def _common(self, attr: str) -> date | None:
        days = {getattr(d.follow, attr) for d in self.decisions}
        return days.pop() if len(days) == 1 else None

    @property
    def handed_on(self) -> date | None:
        return self._common("protocol_handed_on")

    @property
    def considered_on(self) -> date | None:
        return self._common("considered_on")

    @property
    def informed_on(self) -> date | None:
        return self._common("informed_on")

    @property
    def allowed(self) -> tuple[str, ...]:
        """The acts the rules allow next for the whole protocol."""
        out = []
        if all(d.follow.protocol_handed_on is None for d in self.decisions):
            out.append(HANDED)
        elif all(d.follow.verdict is None for d in self.decisions):
            out.append(CONSIDERED)
        elif all(d.follow.verdict is not None and d.follow.informed_on is None for d in self.decisions):
            out.append(INFORMED)
        return tuple(out)

    @property
    def disagreed(self) -> tuple[DecisionView, ...]:
        return tuple(d for d in self.decisions if d.follow.verdict == L.DISAGREED)


def _meeting(store: Store, sitting: str | uuid.UUID | SittingInfo) -> SittingInfo:
    """A closed sitting whose protocol's acts are recorded: the meeting's, a gathering's or a
    separate gathering's (their decisions are followed too)."""
    info = find_sitting(store, sitting)
    if info.status != "closed":
        raise E.SittingNotHeld(date=info.scheduled_on)
    return info


def protocol_view(
    store: Store,
    sitting: str | uuid.UUID | SittingInfo,
    *,
    today: date | None = None,
    calendar: WorkCalendar | None = None,
) -> ProtocolView:
    """The protocol of a closed sitting of the meeting with its decisions and acts."""
    info = _meeting(store, sitting)
    today = today or local_today(store)
    calendar = calendar or WorkCalendar.from_store(store)
    state = load_state(store, info.id)
    found = list(_decisions_of(info, state))
    steps = _steps_by_decision(store, [decision_id(info.id, v.id) for _n, _i, v in found])
    views = tuple(
        _view(
            info,
            state,
            n,
            item,
            vote,
            steps.get(decision_id(info.id, vote.id), []),
            calendar,
            today,
            len(found),
        )  # fmt: skip
        for n, item, vote in found
    )
    values = {**R.resolve_values(None), **dict(state.rule_values)}
    handed = next((v.follow.protocol_handed_on for v in views if v.follow.protocol_handed_on), None)
    considered = next((v.follow.considered_on for v in views if v.follow.considered_on), None)
    legal = sitting_deadlines(
        values, info.scheduled_on, calendar, protocol_handed_on=handed, akim_considered_on=considered
    )
    meeting = info.kind == R.MEETING
    return ProtocolView(
        info.id,
        info.number,
        info.scheduled_on,
        info.title,
        protocol_signed_on(store, info.id),
        views,
        legal.protocol_to_akim if meeting else None,
        legal.akim_review if meeting else None,
        legal.members_informed if meeting else None,
    )


def list_protocols(store: Store, *, today: date | None = None) -> list[ProtocolView]:
    """Protocols of closed sittings (meeting, gathering, separate gathering) that adopted decisions,
    newest first."""
    today = today or local_today(store)
    calendar = WorkCalendar.from_store(store)
    out = []
    for info in list_sittings(store, status="closed"):
        view = protocol_view(store, info, today=today, calendar=calendar)
        if view.decisions:
            out.append(view)
    return out


def _run_act(
    store: Store,
    info: SittingInfo,
    steps: list[tuple[DecisionView, str, str, dict]],
    *,
    on: date,
    actor: str,
    clock: Clock,
    today: date,
) -> None:
    act = uuid.uuid4()
    rows = []
    for view, step, note, data in steps:
        row = {
            "sitting_id": info.id,
            "vote_id": view.vote_id,
            "step": step,
            "on_date": on,
            "actor": actor.strip(),
            "note": note.strip(),
            "data": data,
            "at_sitting_id": None,
            "at_item_id": None,
            "act_id": act,
        }
        rows.append((view, (view.id, info.scheduled_on, L.needs_execution(view.item_kind), row)))
    try:
        append_steps(store, [r for _v, r in rows], clock=clock, today=today)
    except E.DecisionError as exc:
        # Name the item when it is one decision of several that refuses; the store is unchanged.
        refused = _refused(rows, today)
        if len(rows) == 1 or not refused or len(refused) == len(rows) and len({m for _v, m in refused}) == 1:
            raise
        raise ActRefused(refused[0][0].item_number, exc) from exc


def _refused(rows, today: date) -> list[tuple[DecisionView, str]]:
    out = []
    for view, (_did, held_on, _execution, row) in rows:
        try:
            L.check_step(view.follow, row["step"], on=row["on_date"], held_on=held_on, today=today,
                         data=row["data"], note=row["note"], kind=view.sitting_kind)  # fmt: skip
        except E.DecisionError as exc:
            out.append((view, exc.message()))
    return out


def _decisions_or_refuse(view: ProtocolView) -> tuple[DecisionView, ...]:
    if not view.decisions:
        raise E.ProtocolHasNoDecisions(date=view.held_on)
    return view.decisions


def hand_over(
    store: Store,
    sitting: str | uuid.UUID,
    *,
    on: date,
    actor: str = "",
    note: str = "",
    clock: Clock = system_clock,
    today: date | None = None,
) -> ProtocolView:
    """Record the signed protocol handed to the akim (Reg §12): one act for all its decisions."""
    today = today or local_today(store, clock)
    view = protocol_view(store, sitting, today=today)
    signed = view.signed_on
    if signed is not None and on < signed:
        raise E.ProtocolSignedLater(signed=signed, on=on)
    info = get_sitting(store, view.sitting_id)
    steps = [(d, L.PROTOCOL_HANDED, note, {}) for d in _decisions_or_refuse(view)]
    _run_act(store, info, steps, on=on, actor=actor, clock=clock, today=today)
    return _after_act(store, view.sitting_id, today)


def consider(
    store: Store,
    sitting: str | uuid.UUID,
    *,
    on: date,
    outcomes: Mapping[str | uuid.UUID, Outcome] | None = None,
    actor: str = "",
    clock: Clock = system_clock,
    today: date | None = None,
) -> ProtocolView:
    """Record the akim's consideration of every decision of the protocol (Reg §13).

    ``outcomes`` maps a decision (id or its first characters) to its
    ``Outcome``; a decision not named is agreed with. A disagreement needs
    the akim's reasons.
    """
    today = today or local_today(store, clock)
    view = protocol_view(store, sitting, today=today)
    decisions = _decisions_or_refuse(view)
    given: dict[uuid.UUID, Outcome] = {}
    for ref, outcome in (outcomes or {}).items():
        text = str(ref).lower().replace("-", "")
        hits = [d for d in decisions if text and d.id.hex.startswith(text)]
        if len(hits) != 1:
            raise E.OutcomeForUnknownDecision(ref=str(ref), date=view.held_on)
        if outcome.verdict not in (L.AGREED, L.DISAGREED):
            raise E.UnknownStep(step=outcome.verdict, steps=f"{L.AGREED}, {L.DISAGREED}")
        given[hits[0].id] = outcome
    steps = []
    for d in decisions:
        outcome = given.get(d.id, Outcome(L.AGREED))
        data: dict = {}
        if outcome.verdict == L.AGREED:
            data["execution"] = (
                L.needs_execution(d.item_kind) if outcome.execution is None else outcome.execution
            )
        steps.append((d, outcome.verdict, outcome.reasons if outcome.verdict == L.DISAGREED else "", data))
    info = get_sitting(store, view.sitting_id)
    _run_act(store, info, steps, on=on, actor=actor, clock=clock, today=today)
    return _after_act(store, view.sitting_id, today)


def inform_members(
    store: Store,
    sitting: str | uuid.UUID,
    *,
    on: date,
    actor: str = "",
    note: str = "",
    clock: Clock = system_clock,
    today: date | None = None,
) -> ProtocolView:
    """Record the members told the result of the akim's consideration (Reg §14), for the protocol."""
    today = today or local_today(store, clock)
    view = protocol_view(store, sitting, today=today)
    steps = [(d, L.INFORMED, note, {}) for d in _decisions_or_refuse(view)]
    info = get_sitting(store, view.sitting_id)
    _run_act(store, info, steps, on=on, actor=actor, clock=clock, today=today)
    return _after_act(store, view.sitting_id, today)


def _after_act(store: Store, sitting_id: uuid.UUID, today: date) -> ProtocolView:
    refresh_execution_items(store, today=today)
    return protocol_view(store, sitting_id, today=today)


def act_warnings(store: Store, sitting: str | uuid.UUID, act: str, on: date) -> list[Notice]:
    """What to check before recording an act on ``on``: a day off, or a day past its deadline."""
    view = protocol_view(store, sitting, today=max(on, local_today(store)))
    calendar = WorkCalendar.from_store(store)
    out = []
    reason = day_off_notice(calendar, on)
    if reason is not None:
        out.append(Notice(DAY_OFF_WARNING, {"date": on, "reason": reason}))
    due, citation = {
        HANDED: (view.handover_due, R.REG_12),
        CONSIDERED: (view.review_due, R.REG_13),
        INFORMED: (view.inform_due, R.REG_14),
    }[act]
    if due is not None and on > due:
        out.append(Notice(LATE_WARNING, {"date": on, "due": due}, citation))
    return out


__all__ = [
    "CONSIDERED",
    "HANDED",
    "INFORMED",
    "ActRefused",
    "Outcome",
    "ProtocolView",
    "act_warnings",
    "consider",
    "hand_over",
    "inform_members",
    "list_protocols",
    "protocol_view",
]
