"""The dashboard of deadlines: what is overdue and what falls due in the next days.

It gathers, soonest first:

* the pending legal steps of every open decision (protocol to the akim Reg §12,
  his consideration §13, members told §14, execution by its due date §15);
* quarters of the year without a sitting of the meeting held or planned
  (Reg §5, from the meeting engine's ``quarter_warnings``);
* the steps of Order 405 not yet done in the monitoring rounds followed (``monitoring.rounds``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from zhoob_desktop.services.decisions.register import list_decisions, local_today
from zhoob_desktop.services.decisions.views import Deadline, day_off_notice, urgency
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting.calendar import WorkCalendar
from zhoob_desktop.services.meeting.preparation import quarter_warnings
from zhoob_desktop.services.monitoring.rounds import pending_steps
from zhoob_desktop.services.monitoring.schedule import ORDER_405
from zhoob_desktop.services.store import Store

DEFAULT_DAYS = 30
REMINDER_DAYS = 7  # the start-up list: what is overdue or due within a week

MONITORING_SUBJECT = {
    "half": N_("Budget monitoring of the first half of {year}"),
    "year": N_("Budget monitoring of the year {year}"),
    "extra": N_("Extraordinary budget monitoring No. {number} of {year}"),
}


def deadlines(
    store: Store,
    *,
    days: int = DEFAULT_DAYS,
    today: date | None = None,
    calendar: WorkCalendar | None = None,
) -> list[Deadline]:
    """Everything overdue, and everything due from today up to ``days`` calendar days ahead."""
    if days < 0:
        raise ValueError("days must not be negative")
    today = today or local_today(store)
    calendar = calendar or WorkCalendar.from_store(store)
    horizon = today + timedelta(days=days)
    out: list[Deadline] = []
    # Every decision: an approval in force is closed, yet its members are still to be told (Reg §14).
    for view in list_decisions(store, which="all", today=today, calendar=calendar):
        out.extend(d for d in view.deadlines if d.due <= horizon)
    for warning in quarter_warnings(store, today):
        if warning.due is not None and warning.due <= horizon:
            out.append(
                Deadline(
                    due=warning.due,
                    kind="quarter",
                    what=warning.template,
                    citation=warning.citation,
                    urgency=urgency(warning.due, today, calendar),
                    subject_msgid=N_("Quarterly sitting of the meeting"),
                    params=dict(warning.params),
                )
            )
    for pending in pending_steps(store, today, horizon):
        r, step = pending.round, pending.step
        out.append(
            Deadline(
                due=step.due,
                kind="monitoring",
                what=step.description,
                citation=ORDER_405,
                urgency=urgency(step.due, today, calendar),
                subject_msgid=MONITORING_SUBJECT[r.period],
                params={"year": r.year, "number": r.number},
                monitoring_id=r.id,
            )
        )
    flagged = [replace(d, day_off=day_off_notice(calendar, d.due)) for d in out]
    return sorted(flagged, key=lambda d: (d.due, d.kind))


def reminders(store: Store, *, today: date | None = None, days: int = REMINDER_DAYS) -> list[Deadline]:
    """What the program reminds of at start: everything overdue and what falls due within ``days``."""
    return deadlines(store, days=days, today=today)
