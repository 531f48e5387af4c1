"""Monitoring rounds and the steps of Order 405, each recorded as done with its date.

A round is the monitoring of a half year, of a year, or an extraordinary one
ordered by a decision of the meeting (Law art. 39-3 p. 4). Its steps:

1. the apparatus's report: done when its report for the period is signed;
2. handed to the members of the commission: recorded with its date;
3. the commission's report: done when it is signed by the commission's members;
4. discussed at the meeting: recorded at a held sitting of the meeting (picked,
   never typed as a date) and printed in that sitting's protocol;
5. the akim's review of the recommendations, with his conclusion: recorded.

Each step follows the one before it; a step not done by its date is overdue;
a due date that falls on a day off is flagged. An extraordinary round has no
apparatus's report and no calendar of its own: the meeting sets the date of
the commission's report.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from zhoob_desktop.models.monitoring import CommissionReport, MonitoringRound, MonitoringStep
from zhoob_desktop.services.i18n import N_, _, format_date
from zhoob_desktop.services.meeting.calendar import WorkCalendar
from zhoob_desktop.services.meeting.calendar_corrections import day_off_label
from zhoob_desktop.services.meeting.held import held_meeting, item_heard, open_protocol
from zhoob_desktop.services.monitoring import commission as C
from zhoob_desktop.services.monitoring.report import MonitoringError, first_signed_on
from zhoob_desktop.services.monitoring.schedule import (
    DESCRIPTIONS,
    EXTRA,
    LAW_39_3,
    ORDER_405,
    PERIODS,
    STEP_NUMBERS,
    period_end,
    periods_to_follow,
    schedule,
)
from zhoob_desktop.services.okrug_time import okrug_today
from zhoob_desktop.services.store import Store

Clock = Callable[[], datetime]
REPORT_KIND = "monitoring_report"
DONE, OVERDUE, DUE, WAITING = "done", "overdue", "due", "waiting"
RECORDED_STEPS = (2, 4, 5)  # steps 1 and 3 are done by signing their reports
EXTRA_STEPS = (3, 4, 5)

ROUND_TITLES = {
    "half": N_("Monitoring of the first half of {year}"),
    "year": N_("Monitoring of the year {year}"),
    EXTRA: N_("Extraordinary monitoring No. {number} of {year}"),
}


class RoundError(MonitoringError):
    """A step was refused; dates show in the user's locale."""

    def message(self, gettext: Callable[[str], str] | None = None) -> str:
        tr = gettext or _
        params = {k: format_date(v, "long") if isinstance(v, date) else v for k, v in self.params.items()}
        text = tr(self.template).format(**params)
        return f"{text} ({tr(self.citation)})" if self.citation else text


class StepBySigning(RoundError):
    template = N_("Step {step} is done by signing its report, not recorded by hand.")


class UnknownStep(RoundError):
    template = N_("There is no step {step} in this monitoring.")


class StepBeforePrevious(RoundError):
    template = N_("Step {step} follows step {previous}, which is not done yet.")


class DateBeforePrevious(RoundError):
    template = N_("The date {on} is before {previous}, the day step {step} was done.")


class DateInFuture(RoundError):
    template = N_("The date {on} has not come yet; a step is recorded once it is done.")


class DateBeforePeriodEnd(RoundError):
    template = N_("The date {on} is before the end of the period ({end}).")


class SittingRequired(RoundError):
    template = N_(
        "The report is discussed at a sitting of the meeting: choose the sitting; its date is the sitting's."
    )


class ConclusionMissing(RoundError):
    template = N_("Write the akim's conclusion on the recommendations.")


class SubjectMissing(RoundError):
    template = N_("Say what the extraordinary monitoring is of.")


class DueBeforeSitting(RoundError):
    template = N_("The commission's report is due after the sitting that ordered it ({date}).")


class SittingDate(RoundError):
    template = N_("A step taken at a sitting has the sitting's date, {date}, not {on}.")


class OrderingItemRequired(RoundError):
    template = N_("Choose the agenda item of the sitting of {date} whose decision ordered the monitoring.")


class RoundNotFound(RoundError):
    template = N_("There is no such monitoring.")


@dataclass(frozen=True)
class StepStatus:
    """Where one step of a round stands."""

    step: int
    description: str  # msgid
    due: date | None
    done_on: date | None
    state: str  # done, overdue, due (the next to do), waiting (after an earlier step)
    day_off: tuple[str, dict] | None  # why the due date is a day off (msgid, params)
    note: str = ""
    sitting_id: uuid.UUID | None = None
    item_id: str | None = None
    actor: str = ""

    @property
    def late(self) -> bool:
        return self.done_on is not None and self.due is not None and self.done_on > self.due

    @property
    def recorded(self) -> bool:
        """A step recorded by hand (2, 4, 5), as opposed to one done by signing a report."""
        return self.step in RECORDED_STEPS


@dataclass(frozen=True)
class RoundView:
    """A monitoring with its steps (``id`` None while nothing of it is stored)."""

    id: uuid.UUID | None
    year: int
    period: str
    number: int
    subject: str
    ordered_sitting_id: uuid.UUID | None
    report_due: date | None
    steps: tuple[StepStatus, ...]

    @property
    def extraordinary(self) -> bool:
        return self.period == EXTRA

    def title(self, gettext: Callable[[str], str] | None = None) -> str:
        tr = gettext or _
        return tr(ROUND_TITLES[self.period]).format(year=self.year, number=self.number)

    def step(self, number: int) -> StepStatus:
        for s in self.steps:
            if s.step == number:
                return s
        raise UnknownStep(step=number)

    @property
    def next_step(self) -> StepStatus | None:
        return next((s for s in self.steps if s.state in (DUE, OVERDUE)), None)


def _dues(row_period: str, year: int, report_due: date | None) -> dict[int, date | None]:
    if row_period == EXTRA:
        return {3: report_due, 4: None, 5: None}
    return {d.step: d.due for d in schedule(year, row_period)}


def _recorded(session, round_id: uuid.UUID | None) -> dict[int, MonitoringStep]:
    if round_id is None:
        return {}
    out: dict[int, MonitoringStep] = {}
    for row in session.scalars(
        select(MonitoringStep).where(MonitoringStep.round_id == round_id).order_by(MonitoringStep.recorded_at)
    ):
        out[row.step] = row  # the latest record of a step counts
    return out


def _round_view(store: Store, row: MonitoringRound | None, year: int, period: str, today: date,
                calendar: WorkCalendar) -> RoundView:  # fmt: skip
    round_id = row.id if row is not None else None
    with store.session() as s:
        recorded = _recorded(s, round_id)
    done: dict[int, tuple[date, MonitoringStep | None]] = {}
    if period != EXTRA:
        signed = first_signed_on(store, year, period)
        if signed is not None:
            done[1] = (signed, None)
    if round_id is not None:
        signed = C.first_commission_signed_on(store, round_id)
        if signed is not None:
            done[3] = (signed, None)
    for number, step_row in recorded.items():
        done[number] = (step_row.done_on, step_row)
    numbers = EXTRA_STEPS if period == EXTRA else STEP_NUMBERS
    dues = _dues(period, year, row.report_due if row is not None else None)
    steps = []
    waiting = False
    for number in numbers:
        due = dues.get(number)
        flag = day_off_label(calendar, due) if due is not None else None
        if number in done:
            day, step_row = done[number]
            steps.append(
                StepStatus(
                    number,
                    DESCRIPTIONS[number],
                    due,
                    day,
                    DONE,
                    flag,
                    step_row.note if step_row else "",
                    step_row.sitting_id if step_row else None,
                    step_row.item_id if step_row else None,
                    step_row.actor if step_row else "",
                )
            )
            continue
        # A step past its date is overdue even while an earlier one is still to do.
        state = OVERDUE if due is not None and due < today else (WAITING if waiting else DUE)
        waiting = True
        steps.append(StepStatus(number, DESCRIPTIONS[number], due, None, state, flag))
    return RoundView(
        round_id,
        year,
        period,
        row.number if row is not None else 0,
        row.subject if row is not None else "",
        row.ordered_sitting_id if row is not None else None,
        row.report_due if row is not None else None,
        tuple(steps),
    )


def _row(session, year: int, period: str, number: int = 0) -> MonitoringRound | None:
    return session.scalars(
        select(MonitoringRound).where(
            MonitoringRound.year == year, MonitoringRound.period == period, MonitoringRound.number == number
        )
    ).first()


def ensure_round(store: Store, year: int, period: str) -> uuid.UUID:
    """The stored round of a half year or a year, created when first needed."""
    if period not in PERIODS:
        raise ValueError(f"unknown period: {period}")
    with store.session() as s:
        row = _row(s, year, period)
        if row is None:
            row = MonitoringRound(year=year, period=period, number=0)
            s.add(row)
            s.flush()
        return row.id


def get_round(
    store: Store,
    year: int,
    period: str,
    number: int = 0,
    *,
    today: date | None = None,
    calendar: WorkCalendar | None = None,
) -> RoundView:
    """A round with its steps (a half year or a year exists even before anything is stored)."""
    with store.session() as s:
        row = _row(s, year, period, number)
    if row is None and period == EXTRA:
        raise RoundNotFound()
    return _round_view(
        store, row, year, period, today or okrug_today(store), calendar or WorkCalendar.from_store(store)
    )


def round_by_id(store: Store, round_id: uuid.UUID, *, today: date | None = None) -> RoundView:
    with store.session() as s:
        row = s.get(MonitoringRound, round_id)
        if row is None:
            raise RoundNotFound()
        year, period, number = row.year, row.period, row.number
    return get_round(store, year, period, number, today=today)


def list_rounds(store: Store, year: int, *, today: date | None = None) -> list[RoundView]:
    """The rounds of a year: its half year, the year, and the extraordinary ones ordered."""
    today = today or okrug_today(store)
    calendar = WorkCalendar.from_store(store)
    with store.session() as s:
        extras = s.scalars(
            select(MonitoringRound)
            .where(MonitoringRound.year == year, MonitoringRound.period == EXTRA)
            .order_by(MonitoringRound.number)
        ).all()
    out = [get_round(store, year, period, today=today, calendar=calendar) for period in PERIODS]
    out += [_round_view(store, row, year, EXTRA, today, calendar) for row in extras]
    return out


def order_extraordinary(
    store: Store,
    sitting: str | uuid.UUID,
    subject: str,
    report_due: date,
    *,
    item: str | None = None,
    today: date | None = None,
) -> RoundView:
    """An extraordinary monitoring ordered by a decision of the meeting at a held sitting (Law art. 39-3)."""
    if not subject.strip():
        raise SubjectMissing(citation=LAW_39_3)
    info, state = held_meeting(store, sitting)
    if item is not None:
        item_id = item_heard(state, info, item, REPORT_KIND)
    else:
        decided = list(dict.fromkeys(it.id for it, _v in state.decisions()))
        if len(decided) != 1:
            raise OrderingItemRequired(date=info.scheduled_on)
        item_id = decided[0]
    if report_due <= info.scheduled_on:
        raise DueBeforeSitting(date=info.scheduled_on, citation=LAW_39_3)
    year = info.scheduled_on.year
    with store.session() as s:
        number = (
            s.scalar(
                select(func.max(MonitoringRound.number)).where(
                    MonitoringRound.year == year, MonitoringRound.period == EXTRA
                )
            )
            or 0
        ) + 1
        row = MonitoringRound(
            year=year,
            period=EXTRA,
            number=number,
            subject=subject.strip(),
            ordered_sitting_id=info.id,
            ordered_item_id=item_id,
            report_due=report_due,
        )
        s.add(row)
        s.flush()
        round_id = row.id
    return round_by_id(store, round_id, today=today)


def _now() -> datetime:
    return datetime.now(UTC)


def record_step(
    store: Store,
    round_id: uuid.UUID,
    step: int,
    *,
    on: date | None = None,
    at_sitting: str | uuid.UUID | None = None,
    at_item: str | None = None,
    actor: str = "",
    note: str = "",
    today: date | None = None,
    clock: Clock = _now,
) -> RoundView:
    """Record a step of a round as done: 2 (handed to the commission, dated), 4 (discussed at a held
    sitting, picked), 5 (the akim's review, dated, with his conclusion). Each follows the step before it.
    """
    today = today or okrug_today(store)
    view = round_by_id(store, round_id, today=today)
    numbers = [s.step for s in view.steps]
    if step not in numbers:
        raise UnknownStep(step=step)
    if step not in RECORDED_STEPS:
        raise StepBySigning(step=step, citation=ORDER_405)
    previous = view.steps[numbers.index(step) - 1] if numbers.index(step) > 0 else None
    if previous is not None and previous.done_on is None:
        raise StepBeforePrevious(step=step, previous=previous.step, citation=ORDER_405)
    sitting_id = item_id = None
    if step == 4:
        if at_sitting is None:
            raise SittingRequired(citation=ORDER_405)
        info, state = held_meeting(store, at_sitting)
        open_protocol(store, info)
        item_id = item_heard(state, info, at_item, REPORT_KIND)
        if on is not None and on != info.scheduled_on:
            raise SittingDate(date=info.scheduled_on, on=on)
        on, sitting_id = info.scheduled_on, info.id
    on = on or today
    if on > today:
        raise DateInFuture(on=on)
    if not view.extraordinary and on <= period_end(view.year, view.period):
        raise DateBeforePeriodEnd(on=on, end=period_end(view.year, view.period))
    if previous is not None and on < previous.done_on:
        raise DateBeforePrevious(on=on, previous=previous.done_on, step=previous.step)
    if step == 5 and not note.strip():
        raise ConclusionMissing(citation=ORDER_405)
    with store.session() as s:
        s.add(
            MonitoringStep(
                round_id=round_id,
                step=step,
                done_on=on,
                actor=actor.strip(),
                note=note.strip(),
                sitting_id=sitting_id,
                item_id=item_id,
                recorded_at=clock(),
            )
        )
    return round_by_id(store, round_id, today=today)


def sign_commission_report(
    store: Store,
    report_id: uuid.UUID,
    signers: list[str],
    on: date,
    *,
    today: date | None = None,
) -> C.CommissionReportView:
    """Sign the commission's report (Order 405 step 3) once the apparatus's report reached it (step 2)."""
    today = today or okrug_today(store)
    with store.session() as s:
        row = s.get(CommissionReport, report_id)
        if row is None:
            raise ValueError(f"no commission report {report_id}")
        round_id = row.round_id
    view = round_by_id(store, round_id, today=today)
    if not view.extraordinary:
        handed = view.step(2)
        if handed.done_on is None:
            raise StepBeforePrevious(step=3, previous=2, citation=ORDER_405)
        if on < handed.done_on:
            raise DateBeforePrevious(on=on, previous=handed.done_on, step=2)
    return C.sign_commission_report(store, report_id, signers, on, today=today)


@dataclass(frozen=True)
class PendingStep:
    """A step of a round still to do, for the lists of deadlines."""

    round: RoundView
    step: StepStatus


def pending_steps(store: Store, today: date, horizon: date) -> list[PendingStep]:
    """Steps not done that are overdue or due by ``horizon``: the periods followed and open extra rounds."""
    calendar = WorkCalendar.from_store(store)
    rounds = [get_round(store, y, p, today=today, calendar=calendar) for y, p in periods_to_follow(today)]
    with store.session() as s:
        extras = s.scalars(select(MonitoringRound).where(MonitoringRound.period == EXTRA)).all()
    rounds += [_round_view(store, row, row.year, EXTRA, today, calendar) for row in extras]
    return [
        PendingStep(r, st)
        for r in rounds
        for st in r.steps
        if st.done_on is None and st.due is not None and st.due <= horizon
    ]


def discussed_at(
    store: Store, sitting_id: uuid.UUID
) -> list[tuple[RoundView, C.CommissionReportView | None, str]]:
    """The rounds whose commission report a sitting discussed (step 4), with the report and the item."""
    with store.session() as s:
        rows = s.execute(
            select(MonitoringStep.round_id, MonitoringStep.item_id).where(
                MonitoringStep.step == 4, MonitoringStep.sitting_id == sitting_id
            )
        ).all()
    out = []
    for round_id, item_id in rows:
        view = round_by_id(store, round_id)
        out.append((view, C.latest_commission_report(store, round_id), item_id or ""))
    return out
