"""The monitoring calendar of Order 405: what is due by the 5th, 10th, 15th, 20th and 25th.

After each half year and each year (Law art. 39-3 p. 4: every half year):

1. the apparatus's report on the use of budget funds, by the 5th of the next month;
2. the report handed to the members of the community commission, by the 10th;
3. the commission's report on the monitoring results, by the 15th;
4. the commission's report, signed by its members, discussed at the meeting, by the 20th;
5. the akim's review of the recommendations, brought with his conclusion to the next meeting, by the 25th.

The dates are calendar dates; one that falls on a day off is flagged, not moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhoob_desktop.services.i18n import N_

ORDER_405 = N_("Order No. 405 of the Minister of Finance of 26 Aug 2013")
LAW_39_3 = N_("Law art. 39-3 p. 4")

PERIODS = ("half", "year")
EXTRA = "extra"
ROUND_KINDS = (*PERIODS, EXTRA)

# (day of the month after the reporting period, what is due)
_STEPS: tuple[tuple[int, str], ...] = (
    (5, N_("The akim's apparatus prepares the report on the use of budget funds.")),
    (10, N_("The report is handed to the members of the community commission.")),
    (15, N_("The commission prepares its report on the monitoring results.")),
    (20, N_("The monitoring report signed by the commission is discussed at the meeting.")),
    (25, N_("The akim reviews the recommendations and brings them with his conclusion to the next meeting.")),
)
STEP_NUMBERS = tuple(range(1, len(_STEPS) + 1))
DESCRIPTIONS = {n: text for n, (_day, text) in enumerate(_STEPS, start=1)}
# Short names of the steps (a column of the schedule, a button).
STEP_NAMES = {
    1: N_("Report of the apparatus"),
    2: N_("Handed to the commission"),
    3: N_("Report of the commission"),
    4: N_("Discussed at the meeting"),
    5: N_("The akim's review"),
}


@dataclass(frozen=True)
class Deadline:
    """One step of the monitoring calendar."""

    step: int
    due: date
    description: str  # msgid
    citation: str  # msgid


def period_end(year: int, period: str) -> date:
    """Last day of the reporting period: 30 June for the half year, 31 December for the year."""
    if period not in PERIODS:
        raise ValueError(f"unknown period: {period}")
    return date(year, 6, 30) if period == "half" else date(year, 12, 31)


def schedule(year: int, period: str) -> list[Deadline]:
    """The five deadlines that follow a reporting period (Order 405)."""
    end = period_end(year, period)
    month_after = date(end.year + 1, 1, 1) if end.month == 12 else date(end.year, end.month + 1, 1)
    return [
        Deadline(i + 1, month_after.replace(day=day), text, ORDER_405) for i, (day, text) in enumerate(_STEPS)
    ]


def upcoming(today: date, horizon_days: int = 60) -> list[tuple[int, str, Deadline]]:
    """(year, period, deadline) due from ``today`` up to ``horizon_days`` ahead, soonest first."""
    found = []
    for year in (today.year - 1, today.year):
        for period in PERIODS:
            for deadline in schedule(year, period):
                if 0 <= (deadline.due - today).days <= horizon_days:
                    found.append((year, period, deadline))
    return sorted(found, key=lambda item: item[2].due)


def periods_to_follow(today: date) -> list[tuple[int, str]]:
    """The reporting periods whose steps the deadlines follow: the last one ended and the current one."""
    periods = [(year, period) for year in (today.year - 1, today.year) for period in PERIODS]
    ended = [p for p in periods if period_end(*p) < today]
    current = next(p for p in periods if period_end(*p) >= today)
    return [*ended[-1:], current]
