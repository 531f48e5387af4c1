"""Corrections of the working-day calendar by decree, and the holidays the package only estimates."""

from __future__ import annotations

from datetime import date

import pytest

from zhoob_desktop.services.meeting import calendar_corrections as C
from zhoob_desktop.services.meeting.calendar import WorkCalendar


def test_corrections_with_their_decree_change_the_count(store):
    cal = WorkCalendar.from_store(store)
    assert cal.is_working_day(date(2026, 12, 31)) and not cal.is_working_day(date(2026, 12, 26))
    with pytest.raises(C.DecreeMissing):
        C.add_correction(store, date(2026, 12, 31), "day_off", "", date(2025, 12, 20))
    with pytest.raises(C.DecreeMissing):
        C.add_correction(store, date(2026, 12, 31), "day_off", "955", None)
    with pytest.raises(C.DecreeAfterDay) as err:
        C.add_correction(store, date(2026, 12, 31), "day_off", "955", date(2027, 1, 5))
    assert "5 January 2027" in err.value.message()
    with pytest.raises(C.UnknownKind):
        C.add_correction(store, date(2026, 12, 31), "holiday", "955", date(2025, 12, 20))
    with pytest.raises(C.AlreadyDayOff):
        C.add_correction(store, date(2026, 12, 16), "day_off", "955", date(2025, 12, 20))
    with pytest.raises(C.AlreadyWorkingDay):
        C.add_correction(store, date(2026, 12, 30), "working_day", "955", date(2025, 12, 20))
    C.add_correction(
        store, date(2026, 12, 31), "day_off", "955", date(2025, 12, 20), "moved from Saturday 26th"
    )
    C.add_correction(store, date(2026, 12, 26), "working_day", "955", date(2025, 12, 20))
    with pytest.raises(C.AlreadyCorrected):
        C.add_correction(store, date(2026, 12, 31), "day_off", "956", date(2025, 12, 21))
    cal = WorkCalendar.from_store(store)
    assert not cal.is_working_day(date(2026, 12, 31)) and cal.is_working_day(date(2026, 12, 26))
    # Wednesday 30 December + 2 working days: the 31st is off, 1-2 January are holidays, the 3rd a
    # Sunday, the 4th the day off for New Year's Saturday: the 5th and the 6th.
    assert cal.add_working_days(date(2026, 12, 30), 2) == date(2027, 1, 6)
    days = {d.day: d for d in C.year_days(store, 2026)}
    assert days[date(2026, 12, 31)].correction.decree_number == "955"
    assert days[date(2026, 12, 26)].working and days[date(2026, 12, 26)].name == "working day by decree"
    assert [c.day for c in C.list_corrections(store)] == [date(2026, 12, 26), date(2026, 12, 31)]
    C.remove_correction(store, date(2026, 12, 31))
    assert WorkCalendar.from_store(store).is_working_day(date(2026, 12, 31))
    with pytest.raises(C.NotCorrected):
        C.remove_correction(store, date(2026, 12, 31))


def test_estimated_holidays_until_confirmed(store):
    cal = WorkCalendar.from_store(store)
    assert cal.estimated(date(2026, 5, 27))  # Kurban ait follows the lunar calendar
    assert not cal.estimated(date(2026, 3, 23)) and not cal.estimated(date(2026, 5, 26))
    assert cal.estimated_between(date(2026, 5, 25), date(2026, 5, 28))
    assert not cal.estimated_between(date(2026, 5, 27), date(2026, 6, 5))
    (kurban,) = [d for d in C.year_days(store, 2026) if d.estimated]
    assert kurban.name == "Kurban ait"
    with pytest.raises(C.NotEstimated):
        C.add_correction(store, date(2026, 5, 26), "confirmed", "7", date(2026, 4, 1))
    C.add_correction(store, date(2026, 5, 27), "confirmed", "7", date(2026, 4, 1))
    assert not WorkCalendar.from_store(store).estimated(date(2026, 5, 27))
    assert [d for d in C.year_days(store, 2026) if d.estimated] == []


def test_older_settings_are_read_as_corrections_without_a_decree(store):
    store.set_setting("calendar.extra_holidays", ["2026-12-31"])
    (c,) = C.list_corrections(store)
    assert (c.day, c.kind, c.decree_number, c.decree_date) == (date(2026, 12, 31), "day_off", "", None)
    assert not WorkCalendar.from_store(store).is_working_day(date(2026, 12, 31))
    C.remove_correction(store, date(2026, 12, 31))
    assert store.get_setting("calendar.extra_holidays") == []


def test_day_off_labels():
    cal = WorkCalendar()
    assert C.day_off_label(cal, date(2026, 7, 4)) == ("Saturday", {})
    assert C.day_off_label(cal, date(2026, 3, 24)) == (
        "{name} (moved from the weekend)",
        {"name": "Nauryz meirami"},
    )
    assert C.day_off_label(cal, date(2025, 1, 3)) == ("day off moved from another day", {})
    assert C.day_off_label(cal, date(2026, 7, 3)) is None
