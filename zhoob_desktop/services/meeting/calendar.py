"""Working days of Kazakhstan: weekends, public holidays and moved days off.

Public holidays and the days off moved by government decree come from the
``holidays`` package (country KZ), including Saturdays or Sundays made working
days by such a move. The apparatus can correct the calendar in the settings
when a decree is newer than the package:

* ``calendar.extra_holidays``: ISO dates that are days off;
* ``calendar.extra_working_days``: ISO dates that are working days.

"Calendar days" are plain days; "working days" use this calendar.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

from zhoob_desktop.services.store import Store

EXTRA_HOLIDAYS = "calendar.extra_holidays"
EXTRA_WORKING_DAYS = "calendar.extra_working_days"


@lru_cache(maxsize=4)
def _country(country: str) -> holidays.HolidayBase:
    return holidays.country_holidays(country)


def _dates(values: Iterable[str | date] | None) -> frozenset[date]:
    out = set()
    for v in values or ():
        out.add(v if isinstance(v, date) else date.fromisoformat(str(v)))
    return frozenset(out)


@dataclass(frozen=True)
class WorkCalendar:
    """Working days of one country with local corrections."""

    extra_holidays: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    country: str = "KZ"

    @classmethod
    def from_store(cls, store: Store) -> WorkCalendar:
        """The calendar with the corrections kept in the settings."""
        settings = store.all_settings()
        return cls(_dates(settings.get(EXTRA_HOLIDAYS)), _dates(settings.get(EXTRA_WORKING_DAYS)))

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_holidays:
            return False
        return _country(self.country).is_working_day(day)

    def holiday_name(self, day: date) -> str | None:
        """The package's (English) name of a public holiday, or None."""
        return _country(self.country).get(day)

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
        current, left = start, days
        while left > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                left -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * (quarter - 1) + 1, 1)


def quarter_end(year: int, quarter: int) -> date:
    if quarter == 4:
        return date(year, 12, 31)
    return quarter_start(year, quarter + 1) - timedelta(days=1)
