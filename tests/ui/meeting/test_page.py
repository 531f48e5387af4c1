"""The Meetings page: prepare a sitting, start it, open its console; recovery of a sitting left open."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt

from zhoob_desktop.services.meeting import execute, get_sitting, list_sittings
from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.main_window import MainWindow
from zhoob_desktop.ui.meeting.clock import ManualClock
from zhoob_desktop.ui.meeting.page import MeetingsPage

from .conftest import add_people, start_sitting


def test_prepare_start_and_open(qtbot, store):
    save_okrug(store, "Қарағайлы ауылдық округі")
    add_people(store)
    clock = ManualClock(datetime(2026, 11, 20, 8, 0, tzinfo=UTC))
    page = MeetingsPage(store, Bus(), clock)
    qtbot.addWidget(page)
    page.show()
    errors = []
    page.present_error = lambda _w, exc: errors.append(exc)

    assert "No sitting of the meeting was held or planned in quarter 1 of 2026" in page.quarters.text()
    dialog = page.new_sitting()
    dialog.kind.setCurrentIndex(dialog.kind.findData("gathering"))
    dialog.day.setDate(dialog.day.date().addDays(5))  # five days ahead: notice is already late
    assert "Law art. 39-3" in dialog.deadlines.text()
    dialog.day.setDate(dialog.day.date().addDays(10))
    assert dialog.deadlines.text() == ""  # fifteen days ahead: in time
    dialog.day.setDate(dialog.day.date().addDays(-10))
    dialog.place.setText("Мектеп")
    for title in ("Жол жөндеу", "Су құбыры", "Көше жарығы"):
        dialog.item_title.setText(title)
        qtbot.keyClick(dialog.item_title, Qt.Key.Key_Return)
    moved = dialog.agenda.takeItem(2)  # what a drag to the top does
    dialog.agenda.insertItem(0, moved)
    qtbot.mouseClick(dialog.add_guest, Qt.MouseButton.LeftButton)
    dialog.guests.item(0, 0).setText("Серіков Марат")
    dialog.guests.cellWidget(0, 1).setCurrentIndex(dialog.guests.cellWidget(0, 1).findData("deputy"))
    with qtbot.waitSignal(dialog.finished):
        dialog.save()
    assert errors == []
    info = list_sittings(store)[0]
    assert [a.title for a in info.agenda_draft][:3] == ["Көше жарығы", "Жол жөндеу", "Су құбыры"]
    assert info.invited[0].role == "deputy" and info.scheduled_on == date(2026, 11, 25)
    assert page.model.rowCount() == 1, page.model.rows
    assert "Members on the list" in page.details.text() and ": 7." in page.details.text()
    assert "Law art. 39-3" in page.warnings.text()  # the notice deadline (ten calendar days)

    page.confirm = lambda _text: True
    console = page.open_console()
    qtbot.addWidget(console)
    assert console.state.member_count == 7 and get_sitting(store, info.id).status == "live"
    assert page.open_console() is console  # one console per sitting
    assert console.state.kind == "gathering" and console.state.quorum_required == 1  # 10% of 7


def test_recovery_offers_the_open_sitting(qtbot, store):
    save_okrug(store, "Қарағайлы ауылдық округі")
    people = add_people(store)
    sid = start_sitting(store, people)
    for p in people[:3]:
        execute(store, sid, {"cmd": "register", "member": str(p.id)})
    bus = Bus()
    window = MainWindow(store, bus)
    qtbot.addWidget(window)
    page = window.page("meetings")
    assert isinstance(page, MeetingsPage)
    seen = []

    def look(dialog):
        seen.append([dialog.model.data(dialog.model.index(r, 2)) for r in range(dialog.model.rowCount())])
        return True

    console = page.offer_recovery(look)
    qtbot.addWidget(console)
    assert seen and seen[0][0] == "The journal of the sitting was started"
    assert seen[0][-1] == "Registered: Иванов Пётр"
    assert console.state.present_count == 3 and console.registration.count.text() == "3 / 7"
    # a closed sitting is not offered again
    console.agenda.confirm_close = False
    console.ops.present_error = lambda *_a: None
    console.ops.run("close")
    assert page.offer_recovery(look) is None and len(seen) == 1


def test_meeting_roster_edited_in_preparation(qtbot, store):
    save_okrug(store, "Қарағайлы ауылдық округі")
    add_people(store)
    clock = ManualClock(datetime(2026, 11, 10, 8, 0, tzinfo=UTC))
    page = MeetingsPage(store, Bus(), clock)
    qtbot.addWidget(page)
    page.show()
    dialog = page.new_sitting()
    dialog.kind.setCurrentIndex(dialog.kind.findData("meeting"))
    dialog.day.setDate(dialog.day.date().addDays(15))
    roster = dialog.roster
    assert roster.members.isVisible() and roster.members.count() == 0
    for typed in ("касы", "омір", "сейі"):  # look-alike letters find Қасымов, Өмірзақов, Сейітов
        roster.search.setText(typed)
        roster.find(typed)
        qtbot.mouseClick(roster.add_button, Qt.MouseButton.LeftButton)
    assert roster.members.count() == 3 and "3" in roster.summary.text()
    roster.members.setCurrentRow(0)
    qtbot.mouseClick(roster.remove_button, Qt.MouseButton.LeftButton)
    assert roster.members.count() == 2
    dialog.kind.setCurrentIndex(dialog.kind.findData("gathering"))
    assert not roster.members.isVisibleTo(dialog) and "takes part: 7 on" in roster.summary.text()
    dialog.kind.setCurrentIndex(dialog.kind.findData("meeting"))
    with qtbot.waitSignal(dialog.finished):
        dialog.save()
    page.confirm = lambda _text: True
    console = page.open_console()
    qtbot.addWidget(console)
    assert console.state.member_count == 2 and console.state.quorum_required == 1


def test_prepare_dialog_saves_what_it_shows(qtbot, store):
    """The execution item a meeting needs is in the list before Save; new items are "other" matters;
    the next number is offered; nothing is added behind the form."""
    from zhoob_desktop.services.decisions.agenda import EXECUTION_KIND
    from zhoob_desktop.services.meeting import create_sitting, start_sitting
    from zhoob_desktop.ui.meeting.prepare_dialog import ADDED_ROLE, DRAFT_ROLE, PrepareDialog

    save_okrug(store, "Қарағайлы ауылдық округі")
    people = add_people(store)
    # an earlier meeting (No. 1 this year) that adopted a decision: it is open until executed
    earlier = create_sitting(store, kind="meeting", number=1, scheduled_on=date(2026, 10, 1), place="Клуб")
    roster = [{"id": str(p.id), "name": f"{p.surname} {p.given_name}"} for p in people]
    at = datetime(2026, 10, 1, 5, 0, tzinfo=UTC)
    start_sitting(store, earlier.id, members=roster, clock=lambda: at)
    ids = [r["id"] for r in roster]
    for command in (
        *({"cmd": "register", "member": pid} for pid in ids[:5]),
        {"cmd": "announce_registration"},
        {"cmd": "open"},
        {"cmd": "elect", "role": "chair", "person": ids[0], "for": 5},
        {"cmd": "elect", "role": "secretary", "person": ids[1], "for": 5},
        {"cmd": "propose_item", "title": "Жол жөндеу"},
    ):
        execute(store, earlier.id, command, clock=lambda: at)
    item = execute(store, earlier.id, {"cmd": "propose_item", "title": "Су"}, clock=lambda: at).agenda[-1].id
    for it in (i.id for i in get_sitting_state(store, earlier.id).agenda):
        execute(store, earlier.id, {"cmd": "vote_item", "item": it, "for": 5}, clock=lambda: at)
    for command in (
        {"cmd": "approve_agenda"},
        {"cmd": "start_item", "item": item},
        {"cmd": "vote", "item": item, "text": "Су құбыры жөнделсін.", "for": 5},
        {"cmd": "end_item"},
    ):
        execute(store, earlier.id, command, clock=lambda: at)
    left = [it.id for it in get_sitting_state(store, earlier.id).agenda if it.status == "included"]
    for it in left:
        execute(
            store, earlier.id, {"cmd": "acknowledge", "item": it, "reason": "Уақыт жетпеді"}, clock=lambda: at
        )
    execute(store, earlier.id, {"cmd": "close"}, clock=lambda: at)

    dialog = PrepareDialog(store, None, date(2026, 11, 20))
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == "meeting" and dialog.number.value() == 2  # after No. 1 of 2026
    rows = [dialog.agenda.item(r) for r in range(dialog.agenda.count())]
    assert [r.data(DRAFT_ROLE).kind for r in rows] == [EXECUTION_KIND] and rows[0].data(ADDED_ROLE)
    assert "Model Regulation §9" in rows[0].text()
    assert dialog.item_kind.currentData() == "other"  # not "development programs"
    dialog.item_title.setText("Мектеп аялдамасы")
    qtbot.keyClick(dialog.item_title, Qt.Key.Key_Return)
    assert dialog.item_kind.currentData() == "other"
    # a gathering has no such item; back to a meeting, it is there again
    dialog.kind.setCurrentIndex(dialog.kind.findData("gathering"))
    assert [dialog.agenda.item(r).data(DRAFT_ROLE).kind for r in range(dialog.agenda.count())] == ["other"]
    dialog.kind.setCurrentIndex(dialog.kind.findData("meeting"))
    shown = [dialog.agenda.item(r).data(DRAFT_ROLE).title for r in range(dialog.agenda.count())]
    assert len(shown) == 2
    dialog.place.setText("Мектеп")
    with qtbot.waitSignal(dialog.finished):
        dialog.save()
    saved = get_sitting(store, dialog.saved.id)
    assert [a.title for a in saved.agenda_draft] == shown and saved.number == 2  # exactly what was shown
    dialog.number.setValue(0)
    assert dialog.number.text() == "no number"


def get_sitting_state(store, sitting_id):
    from zhoob_desktop.services.meeting import load_state

    return load_state(store, sitting_id)
