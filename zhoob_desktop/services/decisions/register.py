"""The register of decisions: every decision adopted at a closed sitting of the meeting, followed up.

The decisions come from the meeting engine (the adopted votes in each closed
sitting's journal); this module adds their follow-up history (table
``decision_step``, append-only), the status folded from it, and the legal
deadlines in working days (the engine's calendar and its rule values frozen
in the sitting: Reg §12 two days, §13 five, §14 five).

A step is recorded in one of three ways (``lifecycle.StepSpec.where``): at a
sitting of the meeting that was held (the re-discussion, a report heard, a
non-execution, the responsibility: ``record_step(..., at_sitting=...)``, dated
by the sitting), as a per-protocol act (``acts.py``), or by a document of its
own dated by the person who records it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from zhoob_desktop.models.decisions import DecisionStep
from zhoob_desktop.models.meeting import Sitting
from zhoob_desktop.services import okrug_time
from zhoob_desktop.services.decisions import errors as E
from zhoob_desktop.services.decisions import lifecycle as L
from zhoob_desktop.services.decisions.views import Deadline, DecisionView, Notice, urgency
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.calendar import WorkCalendar
from zhoob_desktop.services.meeting.engine import load_state
from zhoob_desktop.services.meeting.held import held_meeting, item_heard, open_protocol, protocol_signed_on
from zhoob_desktop.services.meeting.obligations import EXECUTION_KIND
from zhoob_desktop.services.meeting.preparation import sitting_deadlines
from zhoob_desktop.services.meeting.sittings import SittingInfo, list_sittings
from zhoob_desktop.services.meeting.state import SittingState
from zhoob_desktop.services.store import Store

Clock = Callable[[], datetime]

# Decision ids are derived from (sitting, vote): the same at the okrug and at the district.
NAMESPACE = uuid.UUID("5b0f3c2e-7d1a-4c59-9a57-0d2c1e6f4b21")

FILTERS = ("open", "all", "overdue")

WHAT = {
    "protocol": N_("Hand the protocol to the akim"),
    "review": N_("The akim considers the decision"),
    "inform": N_("Tell the members the result of the akim's consideration"),
    "rediscussion": N_("Re-discuss the akim's objections at a sitting of the meeting"),
    "execution": N_("Execution due by {responsible}"),
}
SITTING_IN_FUTURE = N_("The sitting that adopted it is dated {date}, a day still to come; check its date.")


def system_clock() -> datetime:
    return datetime.now(UTC)


def local_today(store: Store, clock: Clock = system_clock) -> date:
    """Today in the okrug's time zone (``okrug_time``): not UTC's day, nor the laptop's zone's."""
    return okrug_time.okrug_today(store, clock())


def decision_id(sitting_id: uuid.UUID | str, vote_id: str) -> uuid.UUID:
    """The id of the decision adopted by vote ``vote_id`` of a sitting."""
    return uuid.uuid5(NAMESPACE, f"{sitting_id}/{vote_id}")


def _aware(moment: datetime) -> datetime:
    # SQLite gives back the stored UTC time without its zone.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _entries(rows: Iterable[DecisionStep]) -> list[L.HistoryEntry]:
    return [
        L.HistoryEntry(
            r.seq,
            r.step,
            r.on_date,
            r.actor,
            r.note,
            _aware(r.recorded_at),
            dict(r.data or {}),
            at_sitting_id=r.at_sitting_id,
            at_item_id=r.at_item_id,
            act_id=r.act_id,
        )
        for r in rows
    ]


def _steps_by_decision(store: Store, ids: Iterable[uuid.UUID] | None = None) -> dict[uuid.UUID, list]:
    with store.session() as s:
        q = select(DecisionStep).order_by(DecisionStep.decision_id, DecisionStep.seq)
        if ids is not None:
            q = q.where(DecisionStep.decision_id.in_(list(ids)))
        out: dict[uuid.UUID, list] = {}
        for row in s.scalars(q):
            out.setdefault(row.decision_id, []).append(row)
        return {k: _entries(v) for k, v in out.items()}


def _rule_values(state: SittingState) -> dict[str, Any]:
    # The values frozen in the sitting win; defaults fill in rules newer than the sitting.
    return {**R.resolve_values(None), **dict(state.rule_values)}


def _with_dues(history: list[L.HistoryEntry], legal) -> tuple[L.HistoryEntry, ...]:
    """Each step that answers a legal deadline carries it, so a late step shows as late."""
    dues = {
        L.PROTOCOL_HANDED: legal.protocol_to_akim,
        L.AGREED: legal.akim_review,
        L.DISAGREED: legal.akim_review,
        L.INFORMED: legal.members_informed,
    }
    out = []
    due_on = None
    for entry in history:
        if entry.step == L.ASSIGNED:
            due_on = date.fromisoformat(str(entry.data["due_on"]))
        # Executed by a document is dated by it; heard at a sitting, its date is the hearing's, not the work's.
        executed = entry.step == L.EXECUTED and entry.at_sitting_id is None
        due = due_on if executed else dues.get(entry.step)
        out.append(L.HistoryEntry(**{**entry.__dict__, "due": due}))
    return tuple(out)


def _view(
    info: SittingInfo,
    state: SittingState,
    number: int,
    item,
    vote,
    history: list[L.HistoryEntry],
    calendar: WorkCalendar,
    today: date,
    same_protocol: int = 1,
) -> DecisionView:
    did = decision_id(info.id, vote.id)
    follow = L.fold(history, execution=L.needs_execution(item.kind))
    legal = sitting_deadlines(
        _rule_values(state),
        info.scheduled_on,
        calendar,
        protocol_handed_on=follow.protocol_handed_on,
        akim_considered_on=follow.considered_on,
    )
    pending: list[tuple[date, str, dict[str, Any], str]] = []
    if info.kind != R.MEETING:
        # A gathering's or a separate gathering's decision: followed to its execution; the handover,
        # review and notice deadlines of Reg §12–§14 are the meeting's.
        if not follow.closed and follow.approved and follow.due_on is not None:
            pending.append((follow.due_on, "execution", {"responsible": follow.responsible}, L.REG_15))
    elif not follow.closed:
        if follow.protocol_handed_on is None:
            pending.append((legal.protocol_to_akim, "protocol", {}, R.REG_12))
        elif follow.verdict is None:
            pending.append((legal.akim_review, "review", {}, R.REG_13))
        if follow.verdict is not None and follow.informed_on is None:
            pending.append((legal.members_informed, "inform", {}, R.REG_14))
        if follow.approved and follow.due_on is not None:
            pending.append((follow.due_on, "execution", {"responsible": follow.responsible}, L.REG_15))
    elif follow.verdict is not None and follow.informed_on is None and follow.status == "in_force":
        # An approval needs nothing more than the members told (Reg §14).
        pending.append((legal.members_informed, "inform", {}, R.REG_14))
    deadlines = tuple(
        sorted(
            (
                Deadline(
                    due=due,
                    kind=kind,
                    what=WHAT[kind],
                    citation=citation,
                    urgency=urgency(due, today, calendar),
                    subject=item.title,
                    params=params,
                    decision_id=did,
                    sitting_id=info.id,
                    estimated=calendar.estimated_between(info.scheduled_on, due)
                    if kind != "execution"
                    else False,
                )
                for due, kind, params, citation in pending
            ),
            key=lambda d: d.due,
        )
    )
    notices = []
    if info.scheduled_on > today:
        notices.append(Notice(SITTING_IN_FUTURE, {"date": info.scheduled_on}))
    return DecisionView(
        id=did,
        sitting_id=info.id,
        sitting_number=info.number,
        sitting_title=info.title,
        held_on=info.scheduled_on,
        item_id=item.id,
        item_number=number,
        item_title=item.title,
        item_kind=item.kind,
        vote_id=vote.id,
        text=vote.text or item.decision_text,
        votes_for=vote.votes_for,
        votes_against=vote.votes_against,
        abstained=vote.abstained,
        present=vote.present,
        reached_by=vote.reached_by,
        adopted_at=vote.at,
        follow=follow,
        history=_with_dues(history, legal),
        deadlines=deadlines,
        allowed=L.allowed_steps(follow, held_on=info.scheduled_on, today=today),
        notices=tuple(notices),
        protocol_decisions=same_protocol,
        sitting_kind=info.kind,
    )


def _sources(store: Store) -> list[tuple[SittingInfo, SittingState]]:
    """Closed sittings of the meeting (Reg §12–§18 follow its decisions), of the gathering and of
    separate gatherings (their decisions are followed too), oldest first."""
    infos = sorted(list_sittings(store, status="closed"), key=lambda i: i.scheduled_on)
    return [(info, load_state(store, info.id)) for info in infos]


def _decisions_of(info: SittingInfo, state: SittingState):
    numbers = {it.id: n for n, it in enumerate(state.agenda, start=1)}
    for item, vote in state.decisions():
        yield numbers.get(item.id, 0), item, vote


def list_decisions(
    store: Store,
    *,
    which: str = "all",
    today: date | None = None,
    calendar: WorkCalendar | None = None,
    before: date | None = None,
) -> list[DecisionView]:
    """Decisions of closed sittings (meeting, gathering, separate gathering), newest sitting first,
    in agenda order.

    ``which``: ``all``, ``open`` (not closed) or ``overdue`` (a pending
    deadline has passed). ``before``: only sittings held before that day.
    """
    if which not in FILTERS:
        raise ValueError(f"unknown filter: {which}")
    today = today or local_today(store)
    calendar = calendar or WorkCalendar.from_store(store)
    sources = [(i, s) for i, s in _sources(store) if before is None or i.scheduled_on < before]
    steps = _steps_by_decision(store)
    out = []
    for info, state in reversed(sources):
        found = list(_decisions_of(info, state))
        for number, item, vote in found:
            view = _view(info, state, number, item, vote, steps.get(decision_id(info.id, vote.id), []),
                         calendar, today, len(found))  # fmt: skip
            if which == "open" and view.closed or which == "overdue" and not view.overdue:
                continue
            out.append(view)
    return out


def open_decisions(
    store: Store, before: date | None = None, *, today: date | None = None
) -> list[DecisionView]:
    """Decisions not yet closed (not executed, not revoked, not an approval in force), oldest first.

    The source for the item on the execution of earlier decisions that every
    agenda of the meeting carries (Reg §9). Each view has the fields of the
    engine's ``DecisionRef`` (sitting_id, held_on, item_id, item_title, vote_id, text).
    """
    found = [
        d
        for d in list_decisions(store, which="open", today=today, before=before)
        if d.sitting_kind == R.MEETING  # Reg §9: the meeting takes up its own decisions
    ]
    return sorted(found, key=lambda d: (d.held_on, d.item_number))


def _resolve(store: Store, ref: str | uuid.UUID) -> tuple[SittingInfo, SittingState, int, Any, Any]:
    text = str(ref).strip().lower().replace("-", "")
    if len(text) < 4:
        raise E.DecisionNotFound(ref=str(ref))
    hits = []
    for info, state in _sources(store):
        for number, item, vote in _decisions_of(info, state):
            if decision_id(info.id, vote.id).hex.startswith(text):
                hits.append((info, state, number, item, vote))
    if not hits:
        raise E.DecisionNotFound(ref=str(ref))
    if len(hits) > 1:
        raise E.AmbiguousDecision(ref=str(ref), count=len(hits))
    return hits[0]


def get_decision(
    store: Store, ref: str | uuid.UUID, *, today: date | None = None, calendar: WorkCalendar | None = None
) -> DecisionView:
    """One decision by its id or the first characters of it (at least four)."""
    info, state, number, item, vote = _resolve(store, ref)
    did = decision_id(info.id, vote.id)
    history = _steps_by_decision(store, [did]).get(did, [])
    return _view(info, state, number, item, vote, history, calendar or WorkCalendar.from_store(store),
                 today or local_today(store), len(state.decisions()))  # fmt: skip


def _clean_data(step: str, data: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, uuid.UUID):
            value = str(value)
        elif isinstance(value, str):
            value = value.strip()
        out[key] = value
    if step == L.ASSIGNED and "due_on" in out:
        try:
            out["due_on"] = date.fromisoformat(str(out["due_on"])).isoformat()
        except ValueError:
            raise E.InvalidDueDate(value=str(out["due_on"])) from None
    return out


# -- the sitting a step was taken at -----------------------------------------------------------


def _at_sitting(
    store: Store, own: SittingInfo, ref: str | uuid.UUID, item: str | None
) -> tuple[SittingInfo, SittingState, str]:
    info, state = held_meeting(store, ref)
    if info.id == own.id:
        raise E.SameSitting(date=info.scheduled_on)
    open_protocol(store, info)
    return info, state, item_heard(state, info, item, EXECUTION_KIND)


def _amended_by(state: SittingState, at: SittingInfo, data: dict[str, Any]) -> None:
    ref = str(data.get("amended_by", "")).strip().lower().replace("-", "")
    adopted = [decision_id(at.id, vote.id) for _item, vote in state.decisions()]
    hits = [d for d in adopted if ref and d.hex.startswith(ref)]
    if len(hits) != 1:
        raise E.AmendedByInvalid(date=at.scheduled_on)
    data["amended_by"] = str(hits[0])


def record_step(
    store: Store,
    ref: str | uuid.UUID,
    step: str,
    *,
    on: date | None = None,
    at_sitting: str | uuid.UUID | None = None,
    at_item: str | None = None,
    actor: str = "",
    note: str = "",
    data: Mapping[str, Any] | None = None,
    clock: Clock = system_clock,
    today: date | None = None,
) -> DecisionView:
    """Record one follow-up step of a decision (appended, never edited) and return the decision.

    A step taken at a sitting (``lifecycle.AT_SITTING``: the re-discussion, a
    report heard, a non-execution, the responsibility) names the held sitting of
    the meeting (``at_sitting``) and optionally its agenda item (``at_item``,
    default the item on the execution of earlier decisions); its date is the
    sitting's. Any other step is dated ``on`` (default today). The per-protocol
    acts (handover, consideration, members told) are recorded here only for a
    protocol with one decision; see ``acts`` for the others.

    Fields by step: ``assigned`` needs ``responsible`` and ``due_on``;
    ``not_executed`` a ``note`` (the finding) and ``sent_to`` (``district_akim``
    or ``superior``), optionally ``quality`` (``not_executed`` or
    ``poorly_executed``); ``amended`` the ``amended_by`` decision adopted at
    the sitting; ``disagreed`` and ``reported`` a ``note``. A step out of order
    is refused with a ``DecisionError`` citing the rule; nothing is written then.
    """
    spec = L.STEPS.get(step)
    if spec is None:
        raise E.UnknownStep(step=step, steps=", ".join(L.STEPS))
    info, state, _number, item, vote = _resolve(store, ref)
    today = today or local_today(store, clock)
    clean = _clean_data(step, data or {})
    at: tuple[SittingInfo, SittingState, str] | None = None
    act_id = None
    if spec.where == L.AT_SITTING or (step == L.EXECUTED and at_sitting is not None):
        if at_sitting is None:
            raise E.SittingRequired(citation=L.step_citation(step, info.kind) or None)
        at = _at_sitting(store, info, at_sitting, at_item)
        if on is not None and on != at[0].scheduled_on:
            raise E.DateIsTheSittings(date=at[0].scheduled_on, on=on)
        on = at[0].scheduled_on
        if step == L.AMENDED:
            _amended_by(at[1], at[0], clean)
    elif at_sitting is not None:
        raise E.SittingNotAllowed(citation=L.step_citation(step, info.kind) or None)
    elif spec.where == L.PROTOCOL_ACT:
        count = len(state.decisions())
        if count > 1:
            raise E.StepOfTheProtocol(
                date=info.scheduled_on, count=count, citation=L.step_citation(step, info.kind) or None
            )
        act_id = uuid.uuid4()
        signed = protocol_signed_on(store, info.id) if step == L.PROTOCOL_HANDED else None
        if signed is not None and (on or today) < signed:
            raise E.ProtocolSignedLater(signed=signed, on=on or today)
    if step in (L.AGREED, L.RESOLVED, L.DISTRICT_UPHELD) and "execution" not in clean:
        clean["execution"] = L.needs_execution(item.kind)
    on = on or today
    row = {
        "sitting_id": info.id,
        "vote_id": vote.id,
        "step": step,
        "on_date": on,
        "actor": actor.strip(),
        "note": note.strip(),
        "data": clean,
        "at_sitting_id": at[0].id if at else None,
        "at_item_id": at[2] if at else None,
        "act_id": act_id,
    }
    did = decision_id(info.id, vote.id)
    append_steps(
        store, [(did, info.scheduled_on, L.needs_execution(item.kind), row)], clock=clock, today=today
    )
    return get_decision(store, did, today=today)


def append_steps(
    store: Store,
    rows: list[tuple[uuid.UUID, date, bool, dict[str, Any]]],
    *,
    clock: Clock = system_clock,
    today: date,
) -> None:
    """Check and append steps of one or more decisions in one transaction: all of them or none.

    Each row is (decision id, date of its sitting, needs execution by default,
    the ``DecisionStep`` columns). A refused step raises its ``DecisionError``
    (``ActRefused`` naming the item when several decisions take part).
    """
    for attempt in range(2):
        try:
            with store.session() as s:
                for did, held_on, execution, row in rows:
                    history = s.scalars(
                        select(DecisionStep).where(DecisionStep.decision_id == did).order_by(DecisionStep.seq)
                    ).all()
                    follow = L.fold(_entries(history), execution=execution)
                    kind = s.scalar(select(Sitting.kind).where(Sitting.id == row["sitting_id"]))
                    L.check_step(follow, row["step"], on=row["on_date"], held_on=held_on, today=today,
                                 data=row["data"], note=row["note"], kind=kind or R.MEETING)  # fmt: skip
                    seq = (
                        s.scalar(select(func.max(DecisionStep.seq)).where(DecisionStep.decision_id == did))
                        or 0
                    ) + 1
                    s.add(DecisionStep(decision_id=did, seq=seq, recorded_at=clock(), **row))
                    s.flush()
            return
        except IntegrityError:
            # Someone else recorded a step of this decision at the same moment: check again.
            if attempt:
                raise
