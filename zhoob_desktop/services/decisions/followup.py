"""Recording a decision's steps as the screens and the command line do, and what to offer for them.

``record_step`` records one step (``register.record_step``) and then brings
the execution item of the prepared sittings up to date; ``sittings_for_step``
lists the held sittings a step may be recorded at, with their considered
agenda items; ``step_warnings`` says what to check before a step is recorded
(a date that is a day off, a date past its deadline).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from zhoob_desktop.services.decisions import lifecycle as L
from zhoob_desktop.services.decisions import register as reg
from zhoob_desktop.services.decisions.agenda import refresh_execution_items
from zhoob_desktop.services.decisions.views import DecisionView, Notice, day_off_notice
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.services.meeting.calendar import WorkCalendar
from zhoob_desktop.services.meeting.engine import load_state
from zhoob_desktop.services.meeting.held import protocol_signed_on
from zhoob_desktop.services.meeting.obligations import EXECUTION_KIND
from zhoob_desktop.services.meeting.sittings import list_sittings
from zhoob_desktop.services.store import Store

DAY_OFF_WARNING = N_("{date} is a day off ({reason}); check the date of the step.")
LATE_WARNING = N_("{date} is after the last day of the deadline, {due}.")


def record_step(store: Store, ref: str | uuid.UUID, step: str, **fields) -> DecisionView:
    """Record a step (see ``register.record_step``) and refresh the next sittings' execution item."""
    view = reg.record_step(store, ref, step, **fields)
    refresh_execution_items(store, today=fields.get("today"))
    return view


def record_district_ruling(
    store: Store,
    ref: str | uuid.UUID,
    step: str,
    *,
    on: date,
    document: str,
    actor: str = "",
    note: str = "",
    ruling: uuid.UUID,
) -> DecisionView:
    """Record the district akim's decision received from the district (Reg §13), once.

    ``step`` is ``district_upheld`` or ``district_overruled``; the history shows
    it on its date with its document. The same ruling again changes nothing.
    """
    if step not in (L.DISTRICT_UPHELD, L.DISTRICT_OVERRULED):
        raise ValueError(step)
    view = reg.get_decision(store, ref)
    if any(h.data.get("ruling") == str(ruling) for h in view.history):
        return view
    text = "\n".join(part for part in (document.strip(), note.strip()) if part)
    data = {"document": document.strip(), "ruling": str(ruling), "from_district": True}
    return record_step(store, ref, step, on=on, actor=actor, note=text, data=data)


@dataclass(frozen=True)
class ItemChoice:
    """A considered agenda item of a held sitting."""

    id: str
    number: int
    title: str
    kind: str


@dataclass(frozen=True)
class SittingChoice:
    """A held sitting of the meeting a step may be recorded at, with its considered items."""

    id: uuid.UUID
    number: int | None
    held_on: date
    title: str
    items: tuple[ItemChoice, ...]
    default_item: str | None  # the item on the execution of earlier decisions, when there is one


def sittings_for_step(
    store: Store, ref: str | uuid.UUID, step: str, *, today: date | None = None
) -> list[SittingChoice]:
    """Held sittings of the meeting after the decision's, whose protocol is not signed yet, newest first.

    Only sittings on or after the day of the step the new one follows (the
    akim's consideration for a re-discussion, the assignment for a report).
    """
    view = reg.get_decision(store, ref, today=today)
    follow = view.follow
    since = view.held_on
    if step in L.REDISCUSSION:
        since = follow.considered_on or since
    elif step in (L.REPORTED, L.NOT_EXECUTED, L.EXECUTED):
        since = follow.assigned_on or since
    elif step == L.RESPONSIBILITY:
        since = follow.last_heard_on or since
    today = today or reg.local_today(store)
    out = []
    for info in list_sittings(store, kind=R.MEETING, status="closed"):
        if info.id == view.sitting_id or info.scheduled_on < since or info.scheduled_on > today:
            continue
        state = load_state(store, info.id)
        if state.opened_at is None or protocol_signed_on(store, info.id) is not None:
            continue
        items = tuple(
            ItemChoice(it.id, n, it.title, it.kind)
            for n, it in enumerate(state.agenda, start=1)
            if it.status == S.CONSIDERED
        )
        default = next((i.id for i in items if i.kind == EXECUTION_KIND), None)
        out.append(SittingChoice(info.id, info.number, info.scheduled_on, info.title, items, default))
    return out


def step_warnings(store: Store, ref: str | uuid.UUID, step: str, on: date) -> list[Notice]:
    """What to check before recording a step dated ``on``: a day off, a legal deadline passed."""
    spec = L.STEPS.get(step)
    if spec is None or spec.where == L.AT_SITTING:
        return []  # a sitting's date is the sitting's
    view = reg.get_decision(store, ref, today=max(on, reg.local_today(store)))
    out = []
    reason = day_off_notice(WorkCalendar.from_store(store), on)
    if reason is not None:
        out.append(Notice(DAY_OFF_WARNING, {"date": on, "reason": reason}))
    kind = {L.PROTOCOL_HANDED: "protocol", L.AGREED: "review", L.DISAGREED: "review", L.INFORMED: "inform"}
    for deadline in view.deadlines:
        if deadline.kind == kind.get(step) and on > deadline.due:
            out.append(Notice(LATE_WARNING, {"date": on, "due": deadline.due}, deadline.citation))
    return out
