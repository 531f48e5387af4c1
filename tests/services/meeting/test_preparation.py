"""Working days of Kazakhstan, preparation warnings, initiative, quarters, deadlines, Reg §9 item."""

from __future__ import annotations

from datetime import date

from zhoob_desktop.services.meeting import create_sitting
from zhoob_desktop.services.meeting.calendar import WorkCalendar
from zhoob_desktop.services.meeting.preparation import (
    initiative_check,
    preparation_warnings,
    quarter_warnings,
    sitting_deadlines,
)
from zhoob_desktop.services.meeting.sittings import Initiator


def test_working_days_skip_weekends_holidays_and_moved_days():
    cal = WorkCalendar()
    assert not cal.is_working_day(date(2026, 3, 21))  # Nauryz (Saturday)
    assert not cal.is_working_day(date(2026, 3, 24))  # Nauryz moved day off
    assert not cal.is_working_day(date(2026, 12, 16))  # Independence Day
    assert cal.is_working_day(date(2025, 1, 5))  # a Sunday made a working day by decree
    assert not cal.is_working_day(date(2025, 1, 3))  # the Friday it was moved to
    # Friday 2026-03-20 + 3 working days: 21-25 are off, so 26, 27, 30
    assert cal.add_working_days(date(2026, 3, 20), 3) == date(2026, 3, 30)
    assert cal.working_days_between(date(2026, 3, 20), date(2026, 3, 30)) == 3


def test_calendar_corrections_from_settings(store):
    store.set_setting("calendar.extra_holidays", ["2026-12-31"])
    store.set_setting("calendar.extra_working_days", ["2026-12-26"])
    cal = WorkCalendar.from_store(store)
    assert not cal.is_working_day(date(2026, 12, 31))
    assert cal.is_working_day(date(2026, 12, 26))  # a Saturday


def test_notice_and_materials_warnings(store):
    info = create_sitting(
        store, kind="meeting", scheduled_on=date(2026, 12, 10), notice_on=date(2026, 12, 3), materials_on=None
    )
    warnings = preparation_warnings(store, info.id, today=date(2026, 12, 7))
    codes = {w.code: w for w in warnings}
    assert set(codes) == {"notice.late", "materials.late"}
    assert codes["notice.late"].params["days"] == 7 and codes["notice.late"].due == date(2026, 11, 30)
    assert "Model Regulation §6" in codes["notice.late"].message()
    assert codes["materials.late"].params["days"] == 3
    # weeks before, the materials can still come in time; the notice date given is already too late
    assert [w.code for w in preparation_warnings(store, info.id, today=date(2026, 11, 20))] == ["notice.late"]
    ok = create_sitting(
        store,
        kind="meeting",
        scheduled_on=date(2026, 12, 10),
        notice_on=date(2026, 11, 30),
        materials_on=date(2026, 12, 5),
    )
    assert preparation_warnings(store, ok.id, today=date(2026, 12, 9)) == []


def test_initiative_share_and_akim_answer(store):
    info = create_sitting(
        store,
        kind="meeting",
        scheduled_on=date(2026, 12, 28),
        notice_on=date(2026, 12, 1),
        materials_on=date(2026, 12, 1),
        initiator="members",
        initiators=[Initiator("A"), Initiator("B")],
        initiative_filed_on=date(2026, 3, 20),
    )
    check = initiative_check(store, info, members=25)
    assert (check.signers, check.required, check.enough) == (2, 3, False)
    assert initiative_check(store, info, members=20).enough


def test_initiative_warnings(store, monkeypatch):
    from zhoob_desktop.services.meeting import preparation

    monkeypatch.setattr(preparation, "member_count", lambda store, info: 25)
    info = create_sitting(
        store,
        kind="meeting",
        scheduled_on=date(2026, 4, 30),
        notice_on=date(2026, 4, 1),
        materials_on=date(2026, 4, 1),
        initiator="members",
        initiators=[Initiator("A"), Initiator("B")],
        initiative_filed_on=date(2026, 3, 20),
    )
    warnings = {w.code: w for w in preparation_warnings(store, info.id, today=date(2026, 3, 31))}
    assert set(warnings) == {"initiative.share", "initiative.answer"}
    assert warnings["initiative.answer"].due == date(2026, 3, 30)  # Nauryz days do not count


def test_deadlines_after_a_sitting():
    cal = WorkCalendar()
    values = {
        "protocol.handover_working_days": 2,
        "decision.review_working_days": 5,
        "decision.inform_working_days": 5,
    }
    d = sitting_deadlines(values, date(2026, 12, 11), cal)  # Friday
    assert d.protocol_to_akim == date(2026, 12, 15)
    assert d.akim_review == date(2026, 12, 23)  # 16 December is Independence Day
    assert d.members_informed == date(2026, 12, 30)


def test_quarter_without_meeting(store, drive):
    assert [w.params["quarter"] for w in quarter_warnings(store, date(2026, 8, 1))] == [1, 2, 3]
    create_sitting(store, kind="meeting", scheduled_on=date(2026, 5, 5))
    assert [w.params["quarter"] for w in quarter_warnings(store, date(2026, 8, 1))] == [1, 3]
