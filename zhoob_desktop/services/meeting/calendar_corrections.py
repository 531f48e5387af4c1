"""The apparatus's corrections of the working-day calendar, each with its government decree.

The corrections live in the setting ``calendar.corrections`` as a list of
``{"date", "kind", "decree_number", "decree_date", "note"}``; ``kind`` is
``day_off`` (a moved day off or an extra holiday), ``working_day`` (a Saturday
or Sunday worked by decree) or ``confirmed`` (a holiday the holidays package
only estimates, confirmed on its date). ``year_days(store, year)`` lists a
year's days off and worked weekend days as the program counts them, each
marked with where it comes from and whether it is still an estimate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, format_date
from zhoob_desktop.services.meeting.calendar import (
    CONFIRMED,
    CORRECTION_KINDS,
    CORRECTIONS,
    DAY_OFF,
    EXTRA_HOLIDAYS,
    EXTRA_WORKING_DAYS,
    WORKING_DAY,
    WorkCalendar,
)
from zhoob_desktop.services.store import Store

KIND_LABELS = {
    DAY_OFF: N_("day off by decree"),
    WORKING_DAY: N_("working day by decree"),
    CONFIRMED: N_("holiday date confirmed"),
}

# The holidays package's English names, as the program shows them.
HOLIDAY_NAMES = {
    "New Year's Day": N_("New Year"),
    "Orthodox Christmas": N_("Orthodox Christmas"),
    "International Women's Day": N_("International Women's Day"),
    "Nowruz Holiday": N_("Nauryz meirami"),
    "Kazakhstan's People Solidarity Holiday": N_("Day of Unity of the People of Kazakhstan"),
    "Defender of the Fatherland Day": N_("Defender of the Fatherland Day"),
    "Victory Day": N_("Victory Day"),
    "Eid al-Adha": N_("Kurban ait"),
    "Capital Day": N_("Capital Day"),
    "Constitution Day": N_("Constitution Day"),
    "Republic Day": N_("Republic Day"),
    "Independence Day": N_("Independence Day"),
    "First President Day": N_("Day of the First President"),
}
SUBSTITUTED = N_("day off moved from another day")
OBSERVED = N_("{name} (moved from the weekend)")
WEEKDAYS = {5: N_("Saturday"), 6: N_("Sunday")}


class CalendarError(ZhoobError):
    """A correction of the calendar was refused; nothing was changed. Dates show in the user's locale."""

    def message(self, gettext: Callable[[str], str] | None = None) -> str:
        tr = gettext or _
        params = {k: format_date(v, "long") if isinstance(v, date) else v for k, v in self.params.items()}
        return tr(self.template).format(**params)


class UnknownKind(CalendarError):
    template = N_("There is no kind of correction {kind}; the kinds are: {kinds}.")


class DecreeMissing(CalendarError):
    template = N_("Give the number and the date of the decree the correction follows.")


class DecreeAfterDay(CalendarError):
    template = N_("The decree of {decree} is dated after {day}, the day it would correct.")


class AlreadyCorrected(CalendarError):
    template = N_("{day} already has a correction; remove it first.")


class NotCorrected(CalendarError):
    template = N_("{day} has no correction to remove.")


class AlreadyDayOff(CalendarError):
    template = N_("{day} is already a day off; only a working day can be made a day off.")


class AlreadyWorkingDay(CalendarError):
    template = N_(
        "{day} is already a working day; only a weekend day or a holiday can be made a working day."
    )


class NotEstimated(CalendarError):
    template = N_("{day} is not a holiday date the calendar only estimates; there is nothing to confirm.")


@dataclass(frozen=True)
class Correction:
    """One correction of the calendar and the decree it follows."""

    day: date
    kind: str
    decree_number: str
    decree_date: date | None
    note: str = ""

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class CalendarDay:
    """A day off (or a worked weekend day) of a year as the program counts it.

    ``name`` is a msgid (formatted with ``params``) or the package's own name
    when the program has no translation for it; ``estimated`` while the
    package only estimates the date and nobody confirmed it.
    """

    day: date
    working: bool
    name: str
    params: dict
    estimated: bool
    correction: Correction | None = None


def _parse(entry: object) -> Correction | None:
    try:
        decree_date = entry.get("decree_date")  # type: ignore[union-attr]
        return Correction(
            date.fromisoformat(str(entry["date"])),  # type: ignore[index]
            str(entry["kind"]),  # type: ignore[index]
            str(entry.get("decree_number", "")),  # type: ignore[union-attr]
            date.fromisoformat(str(decree_date)) if decree_date else None,
            str(entry.get("note", "")),  # type: ignore[union-attr]
        )
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def list_corrections(store: Store) -> list[Correction]:
    """Every correction with its decree, by date (the older ISO lists as corrections without a decree)."""
    settings = store.all_settings()
    found = [c for c in map(_parse, settings.get(CORRECTIONS) or []) if c is not None]
    for key, kind in ((EXTRA_HOLIDAYS, DAY_OFF), (EXTRA_WORKING_DAYS, WORKING_DAY)):
        for value in settings.get(key) or ():
            try:
                found.append(Correction(date.fromisoformat(str(value)), kind, "", None))
            except ValueError:
                continue
    return sorted(found, key=lambda c: c.day)


def _json(c: Correction) -> dict:
    return {
        "date": c.day.isoformat(),
        "kind": c.kind,
        "decree_number": c.decree_number,
        "decree_date": c.decree_date.isoformat() if c.decree_date else None,
        "note": c.note,
    }


def add_correction(
    store: Store, day: date, kind: str, decree_number: str, decree_date: date | None, note: str = ""
) -> Correction:
    """Correct one day of the calendar by a decree (its number and date are required)."""
    if kind not in CORRECTION_KINDS:
        raise UnknownKind(kind=kind, kinds=", ".join(CORRECTION_KINDS))
    if not decree_number.strip() or decree_date is None:
        raise DecreeMissing()
    if decree_date > day and kind != CONFIRMED:
        raise DecreeAfterDay(decree=decree_date, day=day)
    if any(c.day == day for c in list_corrections(store)):
        raise AlreadyCorrected(day=day)
    calendar = WorkCalendar.from_store(store)
    if kind == DAY_OFF and not calendar.is_working_day(day):
        raise AlreadyDayOff(day=day)
    if kind == WORKING_DAY and calendar.is_working_day(day):
        raise AlreadyWorkingDay(day=day)
    if kind == CONFIRMED and not calendar.estimated(day):
        raise NotEstimated(day=day)
    correction = Correction(day, kind, decree_number.strip(), decree_date, note.strip())
    stored = [e for e in store.get_setting(CORRECTIONS) or [] if isinstance(e, dict)]
    store.set_setting(CORRECTIONS, [*stored, _json(correction)])
    return correction


def remove_correction(store: Store, day: date) -> None:
    """Take a correction back (the day counts as the holidays package says again)."""
    iso = day.isoformat()
    stored = store.get_setting(CORRECTIONS) or []
    kept = [e for e in stored if not (isinstance(e, dict) and str(e.get("date")) == iso)]
    removed = len(kept) != len(stored)
    for key in (EXTRA_HOLIDAYS, EXTRA_WORKING_DAYS):
        values = store.get_setting(key) or []
        if iso in values:
            store.set_setting(key, [v for v in values if v != iso])
            removed = True
    if not removed:
        raise NotCorrected(day=day)
    store.set_setting(CORRECTIONS, kept)


def holiday_label(english: str) -> tuple[str, dict]:
    """The msgid (with parameters) naming one of the package's holidays."""
    name = english.split("; ")[0].replace(" (estimated)", "")
    if name.startswith("Day off (substituted"):
        return SUBSTITUTED, {}
    if name.endswith(" (observed)"):
        base = name.removesuffix(" (observed)")
        return OBSERVED, {"name": HOLIDAY_NAMES.get(base, base)}
    return HOLIDAY_NAMES.get(name, name), {}


def day_off_label(calendar: WorkCalendar, day: date) -> tuple[str, dict] | None:
    """Why a day is a day off (a msgid with parameters), or None for a working day."""
    if calendar.is_working_day(day):
        return None
    if day in calendar.extra_holidays:
        return KIND_LABELS[DAY_OFF], {}
    name = calendar.holiday_name(day)
    if name is not None:
        return holiday_label(name)
    return WEEKDAYS.get(day.weekday(), N_("day off")), {}


def year_days(store: Store, year: int) -> list[CalendarDay]:
    """A year's holidays, moved days off and worked weekend days, with their corrections."""
    calendar = WorkCalendar.from_store(store)
    corrections = {c.day: c for c in list_corrections(store) if c.day.year == year}
    out = []
    day = date(year, 1, 1)
    while day.year == year:
        named = calendar.holiday_name(day)
        working = calendar.is_working_day(day)
        weekend_worked = working and day.weekday() >= 5
        if named is not None or day in corrections or weekend_worked:
            if day in corrections and corrections[day].kind == DAY_OFF:
                name, params = KIND_LABELS[DAY_OFF], {}
            elif named is not None and not working:
                name, params = holiday_label(named)
            else:
                name, params = KIND_LABELS[WORKING_DAY], {}
            out.append(CalendarDay(day, working, name, params, calendar.estimated(day), corrections.get(day)))
        day = date.fromordinal(day.toordinal() + 1)
    return out
