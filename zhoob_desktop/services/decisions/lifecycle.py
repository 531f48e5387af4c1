"""The follow-up of a decision as data: its steps, the order the rules impose, and the fold.

A decision adopted at a sitting of the meeting goes through (Model Regulation):

* §12 the protocol, signed by the chair and the secretary, reaches the akim
  within two working days (``protocol_handed``);
* §13 the akim considers the decisions within five working days: he agrees
  (``agreed``) or disagrees (``disagreed``); a disagreement is re-discussed at
  the meeting (``resolved`` / ``unresolved``) and, if still unresolved, the
  district akim decides after a preliminary discussion at the district
  maslikhat session (``referred``, then ``district_upheld`` or
  ``district_overruled``);
* §14 the apparatus tells the members the result within five working days
  (``informed``);
* §15–16 the approved decision is published (``published``) and executed by
  the responsible body (``assigned`` with a due date, ``reported`` notes,
  ``executed`` closes it);
* §17–18 non-execution is entered in the protocol and sent by the chair to
  the district akim or the official's superior (``not_executed``); on repeated
  failure the meeting raises the official's responsibility (``responsibility``).

This module is pure: ``fold`` turns a history into a ``FollowUp`` and
``check_step`` refuses a step that does not fit, citing the rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from zhoob_desktop.services.decisions import errors as E
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import rules as R

REG_15 = N_("Model Regulation §15")
REG_16 = N_("Model Regulation §16")
REG_17 = N_("Model Regulation §17")
REG_18 = N_("Model Regulation §18")

PROTOCOL_HANDED = "protocol_handed"
AGREED = "agreed"
DISAGREED = "disagreed"
RESOLVED = "resolved"
UNRESOLVED = "unresolved"
REFERRED = "referred"
DISTRICT_UPHELD = "district_upheld"
DISTRICT_OVERRULED = "district_overruled"
INFORMED = "informed"
PUBLISHED = "published"
ASSIGNED = "assigned"
REPORTED = "reported"
EXECUTED = "executed"
NOT_EXECUTED = "not_executed"
RESPONSIBILITY = "responsibility"

SENT_TO = {
    "district_akim": N_("the district akim"),
    "superior": N_("the superior of the responsible official"),
}


@dataclass(frozen=True)
class StepSpec:
    """A kind of step: what it records, the rule it follows, the fields it needs."""

    code: str
    label: str  # msgid, short (a button, a history line)
    citation: str
    needs: tuple[str, ...] = ()


STEPS: dict[str, StepSpec] = {
    s.code: s
    for s in (
        StepSpec(PROTOCOL_HANDED, N_("Protocol handed to the akim"), R.REG_12),
        StepSpec(AGREED, N_("The akim agreed"), R.REG_13),
        StepSpec(DISAGREED, N_("The akim disagreed"), R.REG_13, ("note",)),
        StepSpec(RESOLVED, N_("Re-discussed: disagreement resolved"), R.REG_13),
        StepSpec(UNRESOLVED, N_("Re-discussed: disagreement not resolved"), R.REG_13),
        StepSpec(REFERRED, N_("Referred to the district akim"), R.REG_13),
        StepSpec(DISTRICT_UPHELD, N_("The district akim upheld the decision"), R.REG_13),
        StepSpec(DISTRICT_OVERRULED, N_("The district akim overruled the decision"), R.REG_13),
        StepSpec(INFORMED, N_("Members told the result"), R.REG_14),
        StepSpec(PUBLISHED, N_("Published"), REG_16),
        StepSpec(ASSIGNED, N_("Responsible and due date set"), REG_15, ("responsible", "due_on")),
        StepSpec(REPORTED, N_("Execution report"), REG_17, ("note",)),
        StepSpec(EXECUTED, N_("Executed"), REG_15),
        StepSpec(NOT_EXECUTED, N_("Non-execution recorded"), REG_18, ("sent_to",)),
        StepSpec(RESPONSIBILITY, N_("Responsibility of the official raised"), REG_18),
    )
}

# Derived statuses, in the order a decision usually passes them.
STATUSES: dict[str, str] = {
    "adopted": N_("awaiting the protocol"),
    "with_akim": N_("with the akim"),
    "disagreed": N_("akim disagrees: re-discussion"),
    "unresolved": N_("disagreement not resolved"),
    "with_district": N_("with the district akim"),
    "approved": N_("approved"),
    "in_execution": N_("in execution"),
    "not_executed": N_("not executed"),
    "executed": N_("executed"),
    "revoked": N_("overruled by the district akim"),
}
CLOSED_STATUSES = frozenset({"executed", "revoked"})

EMPTY: Mapping[str, Any] = MappingProxyType({})

# What to say when a field a step needs is empty.
MISSING_FIELD = {
    "note": N_("This step needs a note: the reasons, the report or where it was published."),
    "responsible": N_("Name the body or person responsible for the execution."),
    "due_on": N_("Give the due date of the execution."),
    "sent_to": N_(
        "Say where the chair sent the record of non-execution: to the district akim or to the official's superior."
    ),
}


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded step: what, on which day, who recorded it and when, with its note and data."""

    seq: int
    step: str
    on: date
    actor: str
    note: str
    recorded_at: datetime
    data: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    due: date | None = None  # the legal deadline this step answered, when it has one

    @property
    def late(self) -> bool:
        return self.due is not None and self.on > self.due

    @property
    def label(self) -> str:
        return STEPS[self.step].label


@dataclass(frozen=True)
class FollowUp:
    """What the history says about a decision (the fold of its steps)."""

    protocol_handed_on: date | None = None
    considered_on: date | None = None
    verdict: str | None = None  # AGREED or DISAGREED: the akim's first consideration
    rediscussion: str | None = None  # RESOLVED or UNRESOLVED
    rediscussed_on: date | None = None
    referred_on: date | None = None
    district: str | None = None  # DISTRICT_UPHELD or DISTRICT_OVERRULED
    district_on: date | None = None
    informed_on: date | None = None
    published_on: date | None = None
    responsible: str = ""
    assigned_on: date | None = None
    due_on: date | None = None
    reports: int = 0
    non_executions: int = 0
    responsibility_on: date | None = None
    executed_on: date | None = None

    @property
    def approved(self) -> bool:
        """Approved by the akim, after a re-discussion, or upheld by the district akim (Reg §13, §15)."""
        return self.verdict == AGREED or self.rediscussion == RESOLVED or self.district == DISTRICT_UPHELD

    @property
    def status(self) -> str:
        if self.executed_on is not None:
            return "executed"
        if self.district == DISTRICT_OVERRULED:
            return "revoked"
        if self.approved:
            if self.non_executions:
                return "not_executed"
            return "in_execution" if self.responsible else "approved"
        if self.referred_on is not None:
            return "with_district"
        if self.rediscussion == UNRESOLVED:
            return "unresolved"
        if self.verdict == DISAGREED:
            return "disagreed"
        if self.protocol_handed_on is not None:
            return "with_akim"
        return "adopted"

    @property
    def closed(self) -> bool:
        return self.status in CLOSED_STATUSES


def apply(state: FollowUp, entry: HistoryEntry) -> FollowUp:
    """The follow-up after one more step (the step was checked when it was recorded)."""
    step, on, data = entry.step, entry.on, entry.data
    if step == PROTOCOL_HANDED:
        return replace(state, protocol_handed_on=on)
    if step in (AGREED, DISAGREED):
        return replace(state, verdict=step, considered_on=on)
    if step in (RESOLVED, UNRESOLVED):
        return replace(state, rediscussion=step, rediscussed_on=on)
    if step == REFERRED:
        return replace(state, referred_on=on)
    if step in (DISTRICT_UPHELD, DISTRICT_OVERRULED):
        return replace(state, district=step, district_on=on)
    if step == INFORMED:
        return replace(state, informed_on=on)
    if step == PUBLISHED:
        return replace(state, published_on=on)
    if step == ASSIGNED:
        return replace(
            state,
            responsible=str(data.get("responsible", "")),
            assigned_on=on,
            due_on=date.fromisoformat(str(data["due_on"])),
        )
    if step == REPORTED:
        return replace(state, reports=state.reports + 1)
    if step == EXECUTED:
        return replace(state, executed_on=on)
    if step == NOT_EXECUTED:
        return replace(state, non_executions=state.non_executions + 1)
    if step == RESPONSIBILITY:
        return replace(state, responsibility_on=on)
    raise E.UnknownStep(step=step, steps=", ".join(STEPS))


def fold(entries: Iterable[HistoryEntry]) -> FollowUp:
    """The follow-up of a decision from its history, in ``seq`` order."""
    state = FollowUp()
    for entry in sorted(entries, key=lambda e: e.seq):
        state = apply(state, entry)
    return state


def _refuse(template: str, citation: str, **params: Any) -> E.StepOutOfOrder:
    return E.StepOutOfOrder(template, citation=citation, **params)


def _after(on: date, previous: date | None) -> None:
    if previous is not None and on < previous:
        raise E.StepBeforePrevious(on=on, previous=previous)


def check_step(
    state: FollowUp, step: str, *, on: date, held_on: date, today: date, data: Mapping[str, Any], note: str
) -> None:
    """Refuse a step that does not fit the history, with the rule's citation; return if it fits."""
    spec = STEPS.get(step)
    if spec is None:
        raise E.UnknownStep(step=step, steps=", ".join(STEPS))
    if state.closed:
        raise E.DecisionClosed()
    if on < held_on:
        raise E.StepBeforeSitting(on=on, held=held_on)
    if on > today:
        raise E.StepInFuture(on=on)
    for name in spec.needs:
        value = note if name == "note" else data.get(name)
        if value is None or not str(value).strip():
            raise E.MissingStepField(MISSING_FIELD[name], citation=spec.citation)
    _ORDER[step](state, on, data)


def _protocol(state: FollowUp, on: date, data: Mapping[str, Any]) -> None:
    if state.protocol_handed_on is not None:
        raise _refuse(
            N_("The protocol was already handed to the akim on {date}."),
            R.REG_12,
            date=state.protocol_handed_on,
        )


def _consider(state: FollowUp, on: date, data: Mapping[str, Any]) -> None:
    if state.protocol_handed_on is None:
        raise _refuse(
            N_(
                "The akim considers the decisions once the protocol is handed to him; record the handover first."
            ),
            R.REG_13,
        )
    if state.verdict is not None:
        raise _refuse(
            N_("The akim's consideration was already recorded on {date}."),
            R.REG_13,
            date=state.considered_on,
        )
    _after(on, state.protocol_handed_on)


def _rediscuss(state: FollowUp, on: date, data: Mapping[str, Any]) -> None:
    if state.verdict != DISAGREED:
        raise _refuse(
            N_("Only a decision the akim disagreed with goes back to the meeting for re-discussion."),
            R.REG_13,
        )
    if state.rediscussion is not None:
        raise _refuse(N_("The re-discussion at the meeting was already recorded."), R.REG_13)
    _after(on, state.considered_on)


def _refer(state: FollowUp, on: date, data: Mapping[str, Any]) -> None:
    if state.rediscussion != UNRESOLVED:
        raise _refuse(
            N_(
                "A disagreement goes to the district akim only when its re-discussion at the meeting "
                "did not resolve it."
            ),
            R.REG_13,
        )
    if state.referred_on is not None:
        raise _refuse(N_("The question was already referred to the district akim."), R.REG_13)
    _after(on, state.rediscussed_on)


def _district(state: FollowUp, on: date, data: Mapping[str, Any]) -> None:
    if state.referred_on is None:
        raise _refuse(
            N_(
                "The district akim decides after the question is referred to him and discussed at the "
                "district maslikhat session."
            ),
            R.REG_13,
        )
    if state.district is not None:
        raise _refuse(N_("The district akim's decision was already recorded."), R.REG_13)
    _after(on, state.referred_on)


def _inform(state: FollowUp, on: date, data: Mapping[str, Any]) -> None:
    if state.verdict is None:
        raise _refuse(
            N_(
                "The members are told the result of the akim's consideration, so the akim considers it first."
            ),
            R.REG_14,
        )
    if state.informed_on is not None:
        raise _refuse(
            N_("The members were already told the result on {date}."),
            R.REG_14,
            date=state.informed_on,
        )
    _after(on, state.considered_on)


def _need_approved(state: FollowUp, citation: str) -> None:
    if not state.approved:
        raise _refuse(
            N_("Only a decision approved by the akim is published and executed; it is not approved yet."),
            citation,
        )


def _publish(state: FollowUp, on: date, data: Mapping[str, Any]) -> None:
    _need_approved(state, REG_16)
    if state.published_on is not None:
        raise _refuse(N_("The decision was already published on {date}."), REG_16, date=state.published_on)


def _assign(state: FollowUp, on: date, data: Mapping[str, Any]) -> None:
    _need_approved(state, REG_15)
    due = data.get("due_on")
    due_on = due if isinstance(due, date) else date.fromisoformat(str(due))
    if due_on < on:
        raise E.DueBeforeStep(due=due_on, on=on)


def _need_responsible(state: FollowUp, citation: str) -> None:
    _need_approved(state, citation)
    if not state.responsible:
        raise _refuse(
            N_("Name the body or person responsible for the execution and the due date first."), citation
        )


def _report(state: FollowUp, on: date, data: Mapping[str, Any]) -> None:
    _need_responsible(state, REG_17)
    _after(on, state.assigned_on)


def _execute(state: FollowUp, on: date, data: Mapping[str, Any]) -> None:
    _need_responsible(state, REG_15)
    _after(on, state.assigned_on)


def _not_executed(state: FollowUp, on: date, data: Mapping[str, Any]) -> None:
    _need_responsible(state, REG_18)
    if data.get("sent_to") not in SENT_TO:
        raise E.MissingStepField(MISSING_FIELD["sent_to"], citation=REG_18)
    _after(on, state.assigned_on)


def _responsibility(state: FollowUp, on: date, data: Mapping[str, Any]) -> None:
    if state.non_executions < 2:
        raise _refuse(
            N_(
                "The question of the official's responsibility is raised on repeated non-execution; "
                "{count} non-execution is recorded so far."
            )
            if state.non_executions == 1
            else N_(
                "The question of the official's responsibility is raised on repeated non-execution; "
                "no non-execution is recorded so far."
            ),
            REG_18,
            count=state.non_executions,
        )
    if state.responsibility_on is not None:
        raise _refuse(N_("The question of the official's responsibility was already raised."), REG_18)


_ORDER = {
    PROTOCOL_HANDED: _protocol,
    AGREED: _consider,
    DISAGREED: _consider,
    RESOLVED: _rediscuss,
    UNRESOLVED: _rediscuss,
    REFERRED: _refer,
    DISTRICT_UPHELD: _district,
    DISTRICT_OVERRULED: _district,
    INFORMED: _inform,
    PUBLISHED: _publish,
    ASSIGNED: _assign,
    REPORTED: _report,
    EXECUTED: _execute,
    NOT_EXECUTED: _not_executed,
    RESPONSIBILITY: _responsibility,
}


def allowed_steps(state: FollowUp, *, held_on: date, today: date) -> tuple[str, ...]:
    """The steps the rules allow next (checked as if recorded today with their fields given)."""
    if state.closed or today < held_on:
        return ()
    sample = {"responsible": "-", "due_on": today.isoformat(), "sent_to": "district_akim"}
    out = []
    for code, check in _ORDER.items():
        try:
            check(state, today, sample)
        except E.DecisionError:
            continue
        out.append(code)
    return tuple(out)
