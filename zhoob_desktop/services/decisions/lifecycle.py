"""The follow-up of a decision as data: its steps, the order the rules impose, and the fold.

A decision adopted at a sitting of the meeting goes through (Model Regulation):

* §12 the protocol, signed by the chair and the secretary, reaches the akim
  within two working days (``protocol_handed``, one act for the whole protocol);
* §13 the akim considers the decisions of the protocol within five working
  days, in one act: he agrees (``agreed``) or disagrees (``disagreed``, with
  his reasons) with each. A disagreement is re-discussed at a sitting of the
  meeting: the akim withdraws his objections (``resolved``), the meeting
  accepts them and amends (``amended``) or revokes (``revoked``) its
  decision, or insists on it (``unresolved``); then the district akim decides
  after a preliminary discussion at the district maslikhat session
  (``referred``, then ``district_upheld`` or ``district_overruled``);
* §14 the apparatus tells the members the result within five working days
  (``informed``, one act for the protocol);
* §15–16 the approved decision is published (``published``) and executed by
  the responsible body (``assigned`` with a due date, ``executed`` closes it);
  a decision that needs no execution (an agreement, an approval) is closed by
  its approval;
* §17–18 the meeting hears those responsible (``reported``); non-execution is
  entered in the protocol of that sitting and sent by the chair to the
  district akim or the official's superior (``not_executed``); on repeated
  failure the meeting raises the official's responsibility (``responsibility``).

Steps taken at a sitting (the re-discussion, a report heard, a non-execution,
the responsibility) name that sitting; the others are acts and documents
dated by the person who records them.

This module is pure: ``fold`` turns a history into a ``FollowUp`` and
``check_step`` refuses a step that does not fit, citing the rule.
"""

from __future__ import annotations

import uuid
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
AMENDED = "amended"
REVOKED = "revoked"
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
# A finding of the meeting on a decision not carried out (Reg §18: "орындамаған немесе сапасыз орындаған").
QUALITY = {
    "not_executed": N_("not executed"),
    "poorly_executed": N_("executed poorly"),
}

# Where a step happens: at a sitting of the meeting (picked, never typed as a date), in a
# per-protocol act, or by a document of its own.
AT_SITTING = "sitting"
PROTOCOL_ACT = "protocol"
DOCUMENT = "document"

# The agenda item kinds whose decisions are agreements or approvals: once approved they need no
# execution (Reg §4: "келісу", agreeing; forming the commission; hearing a report).
NO_EXECUTION_KINDS = frozenset(
    {
        "budget_draft",
        "budget_report",
        "communal_property",
        "commission_forming",
        "monitoring_report",
        "property_alienation",
        "akim_candidates",
        "execution_of_decisions",
        "representatives_election",
    }
)


def needs_execution(item_kind: str) -> bool:
    """Whether a decision on an item of this kind is, by default, something to execute."""
    return item_kind not in NO_EXECUTION_KINDS


@dataclass(frozen=True)
class StepSpec:
    """A kind of step: what it records, the rule it follows, where it happens, the fields it needs."""

    code: str
    label: str  # msgid, short (a button, a history line)
    citation: str
    where: str = DOCUMENT
    needs: tuple[str, ...] = ()


STEPS: dict[str, StepSpec] = {
    s.code: s
    for s in (
        StepSpec(PROTOCOL_HANDED, N_("Protocol handed to the akim"), R.REG_12, PROTOCOL_ACT),
        StepSpec(AGREED, N_("The akim agreed"), R.REG_13, PROTOCOL_ACT),
        StepSpec(DISAGREED, N_("The akim disagreed"), R.REG_13, PROTOCOL_ACT, ("note",)),
        StepSpec(RESOLVED, N_("Re-discussed: the akim withdrew his objections"), R.REG_13, AT_SITTING),
        StepSpec(
            AMENDED,
            N_("Re-discussed: the objections accepted, the decision amended"),
            R.REG_13,
            AT_SITTING,
            ("amended_by",),
        ),
        StepSpec(
            REVOKED, N_("Re-discussed: the objections accepted, the decision revoked"), R.REG_13, AT_SITTING
        ),
        StepSpec(UNRESOLVED, N_("Re-discussed: the meeting insisted on its decision"), R.REG_13, AT_SITTING),
        StepSpec(REFERRED, N_("Referred to the district akim"), R.REG_13),
        StepSpec(DISTRICT_UPHELD, N_("The district akim upheld the decision"), R.REG_13),
        StepSpec(DISTRICT_OVERRULED, N_("The district akim overruled the decision"), R.REG_13),
        StepSpec(INFORMED, N_("Members told the result"), R.REG_14, PROTOCOL_ACT),
        StepSpec(PUBLISHED, N_("Published"), REG_16),
        StepSpec(ASSIGNED, N_("Responsible and due date set"), REG_15, DOCUMENT, ("responsible", "due_on")),
        StepSpec(REPORTED, N_("Execution report heard"), REG_17, AT_SITTING, ("note",)),
        StepSpec(EXECUTED, N_("Executed"), REG_15),
        StepSpec(
            NOT_EXECUTED, N_("Non-execution entered in the protocol"), REG_18, AT_SITTING, ("note", "sent_to")
        ),
        StepSpec(RESPONSIBILITY, N_("Responsibility of the official raised"), REG_18, AT_SITTING),
    )
}
REDISCUSSION = (RESOLVED, AMENDED, REVOKED, UNRESOLVED)

# A decision of a gathering or a separate gathering follows the Law (art. 39-3), not the meeting's
# Regulation: the protocol, signed by the chair and the secretary, is handed to the akim; the akim
# considers the decisions and may disagree; a disagreement is re-discussed, and if it stays unresolved
# the higher akim decides after the district maslikhat discussed it; the bodies execute the decisions
# the akim approved; they are made public. The Law sets no deadline for these. Telling the members the
# result (Reg §14) and hearing reports at the meeting (Reg §17-18) are the meeting's rules: at a
# gathering's decision such a step is the okrug's own practice, cited to no act.
_BY_THE_LAW = frozenset(
    {
        PROTOCOL_HANDED,
        AGREED,
        DISAGREED,
        RESOLVED,
        AMENDED,
        REVOKED,
        UNRESOLVED,
        REFERRED,
        DISTRICT_UPHELD,
        DISTRICT_OVERRULED,
        PUBLISHED,
        ASSIGNED,
        EXECUTED,
    }
)


def step_citation(step: str, kind: str = R.MEETING) -> str:
    """The rule a step follows for a decision of this kind of sitting (empty: no act states it)."""
    if kind == R.MEETING:
        return STEPS[step].citation
    return R.LAW_39_3 if step in _BY_THE_LAW else R.OWN_PROCEDURE


# Derived statuses, in the order a decision usually passes them.
STATUSES: dict[str, str] = {
    "adopted": N_("awaiting the protocol"),
    "with_akim": N_("with the akim"),
    "disagreed": N_("akim disagrees: re-discussion"),
    "unresolved": N_("the meeting insists: to the district akim"),
    "with_district": N_("with the district akim"),
    "approved": N_("approved"),
    "in_execution": N_("in execution"),
    "not_executed": N_("not executed"),
    "executed": N_("executed"),
    "in_force": N_("approved, needs no execution"),
    "amended": N_("amended by the meeting"),
    "revoked_by_meeting": N_("revoked by the meeting"),
    "revoked": N_("overruled by the district akim"),
}
CLOSED_STATUSES = frozenset({"executed", "in_force", "amended", "revoked_by_meeting", "revoked"})
# An approval in force is closed for its follow-up, yet the members are told it and it is published.
AFTER_IN_FORCE = frozenset({INFORMED, PUBLISHED})

EMPTY: Mapping[str, Any] = MappingProxyType({})

# What to say when a field a step needs is empty.
MISSING_FIELD = {
    "note": N_("This step needs a note: the reasons, the report or the finding."),
    "responsible": N_("Name the body or person responsible for the execution."),
    "due_on": N_("Give the due date of the execution."),
    "sent_to": N_(
        "Say where the chair sent the record of non-execution: to the district akim or to the official's superior."
    ),
    "amended_by": N_("Choose the amended decision the meeting adopted at that sitting."),
}
MISSING_NOTE = {
    DISAGREED: N_("A disagreement of the akim needs his reasons."),
    REPORTED: N_("Write what the report heard at the sitting said."),
    NOT_EXECUTED: N_("Write the finding entered in the protocol: what was not done, or done poorly."),
}


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded step: what, on which day, who recorded it and when, with its note and data.

    ``at_sitting_id``/``at_item_id``: the sitting of the meeting (and its agenda
    item) where the step happened; ``act_id``: the per-protocol act it is part of.
    """

    seq: int
    step: str
    on: date
    actor: str
    note: str
    recorded_at: datetime
    data: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    due: date | None = None  # the legal deadline this step answered, when it has one
    at_sitting_id: uuid.UUID | None = None
    at_item_id: str | None = None
    act_id: uuid.UUID | None = None

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
    reasons: str = ""  # the akim's reasons for disagreeing
    rediscussion: str | None = None  # one of REDISCUSSION
    rediscussed_on: date | None = None
    amended_by: str = ""  # the id of the decision adopted in its place
    referred_on: date | None = None
    district: str | None = None  # DISTRICT_UPHELD or DISTRICT_OVERRULED
    district_on: date | None = None
    informed_on: date | None = None
    published_on: date | None = None
    execution: bool = True  # False: an agreement or approval, closed once approved
    responsible: str = ""
    assigned_on: date | None = None
    due_on: date | None = None
    reports: int = 0
    last_heard_on: date | None = None
    non_executions: int = 0
    responsibility_on: date | None = None
    executed_on: date | None = None

    @property
    def approved(self) -> bool:
        """Approved by the akim, after a re-discussion, or upheld by the district akim (Reg §13, §15)."""
        return self.verdict == AGREED or self.rediscussion == RESOLVED or self.district == DISTRICT_UPHELD

    @property
    def approved_on(self) -> date | None:
        if self.district == DISTRICT_UPHELD:
            return self.district_on
        if self.rediscussion == RESOLVED:
            return self.rediscussed_on
        return self.considered_on if self.verdict == AGREED else None

    @property
    def status(self) -> str:
        if self.executed_on is not None:
            return "executed"
        if self.rediscussion == AMENDED:
            return "amended"
        if self.rediscussion == REVOKED:
            return "revoked_by_meeting"
        if self.district == DISTRICT_OVERRULED:
            return "revoked"
        if self.approved:
            if not self.execution:
                return "in_force"
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


def _execution(data: Mapping[str, Any], current: bool) -> bool:
    value = data.get("execution")
    return current if value is None else bool(value)


def apply(state: FollowUp, entry: HistoryEntry) -> FollowUp:
    """The follow-up after one more step (the step was checked when it was recorded)."""
    step, on, data = entry.step, entry.on, entry.data
    if step == PROTOCOL_HANDED:
        return replace(state, protocol_handed_on=on)
    if step == AGREED:
        return replace(state, verdict=step, considered_on=on, execution=_execution(data, state.execution))
    if step == DISAGREED:
        return replace(state, verdict=step, considered_on=on, reasons=entry.note)
    if step in REDISCUSSION:
        out = replace(state, rediscussion=step, rediscussed_on=on, amended_by=str(data.get("amended_by", "")))
        return replace(out, execution=_execution(data, state.execution)) if step == RESOLVED else out
    if step == REFERRED:
        return replace(state, referred_on=on)
    if step == DISTRICT_UPHELD:
        return replace(state, district=step, district_on=on, execution=_execution(data, state.execution))
    if step == DISTRICT_OVERRULED:
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
        return replace(state, reports=state.reports + 1, last_heard_on=on)
    if step == EXECUTED:
        return replace(state, executed_on=on)
    if step == NOT_EXECUTED:
        return replace(state, non_executions=state.non_executions + 1, last_heard_on=on)
    if step == RESPONSIBILITY:
        return replace(state, responsibility_on=on)
    raise E.UnknownStep(step=step, steps=", ".join(STEPS))


def fold(entries: Iterable[HistoryEntry], *, execution: bool = True) -> FollowUp:
    """The follow-up of a decision from its history, in ``seq`` order.

    ``execution``: whether the decision needs execution when its approval does
    not say (the default of its agenda item's kind).
    """
    state = FollowUp(execution=execution)
    for entry in sorted(entries, key=lambda e: e.seq):
        state = apply(state, entry)
    return state


def _refuse(template: str, citation: str, **params: Any) -> E.StepOutOfOrder:
    return E.StepOutOfOrder(template, citation=citation, **params)


def _after(on: date, previous: date | None) -> None:
    if previous is not None and on < previous:
        raise E.StepBeforePrevious(on=on, previous=previous)


def check_step(
    state: FollowUp,
    step: str,
    *,
    on: date,
    held_on: date,
    today: date,
    data: Mapping[str, Any],
    note: str,
    kind: str = R.MEETING,
) -> None:
    """Refuse a step that does not fit the history, with the rule's citation; return if it fits.

    ``kind``: the kind of sitting that adopted the decision; a gathering's decision is refused citing
    the Law (``step_citation``), never the meeting's Regulation.
    """
    try:
        _check_step(state, step, on=on, held_on=held_on, today=today, data=data, note=note)
    except E.DecisionError as exc:
        if kind != R.MEETING and exc.citation and step in STEPS:
            exc.citation = step_citation(step, kind) or None
        raise


def _check_step(
    state: FollowUp, step: str, *, on: date, held_on: date, today: date, data: Mapping[str, Any], note: str
) -> None:
    spec = STEPS.get(step)
    if spec is None:
        raise E.UnknownStep(step=step, steps=", ".join(STEPS))
    if state.closed and not (state.status == "in_force" and step in AFTER_IN_FORCE):
        raise E.DecisionClosed(status=E.Label(STATUSES[state.status]))
    if on < held_on:
        raise E.StepBeforeSitting(on=on, held=held_on)
    if on > today:
        raise E.StepInFuture(on=on)
    for name in spec.needs:
        value = note if name == "note" else data.get(name)
        if value is None or not str(value).strip():
            template = MISSING_NOTE.get(step, MISSING_FIELD[name]) if name == "note" else MISSING_FIELD[name]
            raise E.MissingStepField(template, citation=spec.citation)
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
                "A disagreement goes to the district akim only when the meeting, at its re-discussion, "
                "insisted on its decision."
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
    _after(on, state.approved_on)


def _assign(state: FollowUp, on: date, data: Mapping[str, Any]) -> None:
    _need_approved(state, REG_15)
    _after(on, state.approved_on)
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
    if data.get("quality", "not_executed") not in QUALITY:
        raise E.MissingStepField(MISSING_FIELD["note"], citation=REG_18)
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
    _after(on, state.last_heard_on)


_ORDER = {
    PROTOCOL_HANDED: _protocol,
    AGREED: _consider,
    DISAGREED: _consider,
    RESOLVED: _rediscuss,
    AMENDED: _rediscuss,
    REVOKED: _rediscuss,
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
    if today < held_on:
        return ()
    if state.closed:
        if state.status != "in_force":
            return ()
    sample = {"responsible": "-", "due_on": today.isoformat(), "sent_to": "district_akim"}
    out = []
    for code, check in _ORDER.items():
        if state.closed and code not in AFTER_IN_FORCE:
            continue
        try:
            check(state, today, sample)
        except E.DecisionError:
            continue
        out.append(code)
    return tuple(out)
