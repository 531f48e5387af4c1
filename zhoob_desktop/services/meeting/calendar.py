"""Working days of Kazakhstan: weekends, public holidays and moved days off.

Public holidays and the days off moved by government decree come from the
``holidays`` package (country KZ), including Saturdays or Sundays made working
days by such a move. The package only estimates some future dates (Kurban
ait follows the lunar calendar) and knows a year's moved days off only once
its decree is published, so the apparatus corrects the calendar in the
settings (``calendar_corrections``), each correction with the decree's number
and date:

* a day off (a moved day off or an extra holiday),
* a working day (a Saturday or Sunday worked by decree),
* a confirmed holiday (a date the package only estimates, confirmed as it is).

The older settings ``calendar.extra_holidays`` and ``calendar.extra_working_days``
(ISO dates without a decree) are still read. "Calendar days" are plain days;
"working days" use this calendar.
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
CORRECTIONS = "calendar.corrections"

DAY_OFF = "day_off"
WORKING_DAY = "working_day"
CONFIRMED = "confirmed"
CORRECTION_KINDS = (DAY_OFF, WORKING_DAY, CONFIRMED)

# The package's English names carry these marks; the names are read in English on purpose.
_ESTIMATED = " (estimated)"


@lru_cache(maxsize=4)
def _country(country: str) -> holidays.HolidayBase:
    return holidays.country_holidays(country, language="en_US")


def _dates(values: Iterable[str | date] | None) -> frozenset[date]:
    out = set()
    for v in values or ():
        out.add(v if isinstance(v, date) else date.fromisoformat(str(v)))
    return frozenset(out)


def _corrections(values: object) -> dict[str, set[date]]:
    out: dict[str, set[date]] = {kind: set() for kind in CORRECTION_KINDS}
    for entry in values if isinstance(values, list) else ():
        try:
            kind, day = entry["kind"], date.fromisoformat(str(entry["date"]))
        except (KeyError, TypeError, ValueError):
            continue  # a damaged entry is shown and removable in the settings, never applied
        if kind in out:
            out[kind].add(day)
    return out


@dataclass(frozen=True)
class WorkCalendar:
    """Working days of one country with local corrections."""

    extra_holidays: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    country: str = "KZ"
    confirmed: frozenset[date] = frozenset()

    @classmethod
    def from_store(cls, store: Store) -> WorkCalendar:
        """The calendar with the corrections kept in the settings."""
        settings = store.all_settings()
        found = _corrections(settings.get(CORRECTIONS))
        return cls(
            _dates(settings.get(EXTRA_HOLIDAYS)) | frozenset(found[DAY_OFF]),
            _dates(settings.get(EXTRA_WORKING_DAYS)) | frozenset(found[WORKING_DAY]),
            confirmed=frozenset(found[CONFIRMED]),
        )

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_holidays:
            return False
        return _country(self.country).is_working_day(day)

    def holiday_name(self, day: date) -> str | None:
        """The package's (English) name of a public holiday, or None."""
        return _country(self.country).get(day)

    def estimated(self, day: date) -> bool:
        """A holiday the package only estimates, not yet confirmed or corrected by the apparatus."""
        if day in self.confirmed or day in self.extra_holidays or day in self.extra_working_days:
            return False
        name = self.holiday_name(day)
        return name is not None and _ESTIMATED in name

    def estimated_between(self, start: date, end: date) -> bool:
        """Whether a day after ``start`` up to ``end`` is an estimated holiday (a count across it may move)."""
        current = start
        while current < end:
            current += timedelta(days=1)
            if self.estimated(current):
                return True
        return False

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
