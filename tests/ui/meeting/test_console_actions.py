"""Corrections by a compensating event, breaks, the decision draft, a language switch during the sitting."""

from __future__ import annotations

from datetime import UTC, datetime, time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.meeting.console_script import to_first_item
from zhoob_desktop.services import i18n
from zhoob_desktop.services.meeting import journal_events
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.meeting import console as C
from zhoob_desktop.ui.meeting.clock import ManualClock
from zhoob_desktop.ui.meeting.console import VOTING_TAB, LiveConsole
from zhoob_desktop.ui.meeting.rows import local_time


def open_sitting(qtbot, world):
    clock = ManualClock(datetime(2026, 11, 25, 9, 5, tzinfo=UTC))
    bus = Bus()
    console = LiveConsole(world.store, bus, world.sitting_id, clock)
    qtbot.addWidget(console)
    console.show()
    console.activateWindow()
    qtbot.waitUntil(console.isActiveWindow)
    refusals = []
    console.ops.present_error = lambda _w, exc: refusals.append(exc)
    return console, bus, refusals


def test_correction_takes_back_the_last_event(qtbot, world):
    console, _bus, refusals = open_sitting(qtbot, world)
    ids = [str(p.id) for p in world.residents]
    console.ops.run("register", member=ids[0])
    console.ops.run("register", member=ids[1])  # the wrong person was registered
    asked = []
    console.ask_reason = lambda text: (asked.append(text), ("registered by mistake", True))[1]
    qtbot.keyClick(console, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Registered: Әбілова Гүлнар" in asked[0]
    assert console.state.present_count == 1 and console.registration.count.text() == "1 / 7"
    events = journal_events(world.store, world.sitting_id)
    assert events[-1].type == "CORRECTION" and events[-1].payload["reason"] == "registered by mistake"
    assert len(events) == 4  # nothing deleted: OPEN, two registrations, the correction
    console.ask_reason = lambda text: ("", False)  # cancelled: nothing happens
    qtbot.keyClick(console, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(journal_events(world.store, world.sitting_id)) == 4 and refusals == []


def test_break_draft_and_language(qtbot, world):
    console, bus, refusals = open_sitting(qtbot, world)
    ops = console.ops
    ids = [str(p.id) for p in world.residents]
    for pid in ids[:5]:
        ops.run("register", member=pid)
    ops.run("announce_registration")
    ops.run("open", by="")
    ops.run("elect", role="chair", person=ids[0], **{"for": 5})
    ops.run("elect", role="secretary", person=ids[1], **{"for": 5})
    for item in console.state.agenda:
        ops.run("vote_item", item=item.id, **{"for": 5})
    ops.run("approve_agenda")
    qtbot.keyClick(console, Qt.Key.Key_F9)
    assert console.state.on_break and "Break" in console.phase.text()
    qtbot.keyClick(console, Qt.Key.Key_F2)  # no item is taken up during a break
    assert console.state.current_item is None and "break" in refusals[-1].message()
    qtbot.keyClick(console, Qt.Key.Key_F9)
    assert not console.state.on_break
    qtbot.keyClick(console, Qt.Key.Key_F2)
    item = console.state.current_item
    assert item is not None

    console.tabs.setCurrentIndex(VOTING_TAB)
    voting = console.voting
    voting.text.setPlainText("Жоба келісілсін.")
    qtbot.mouseClick(voting.save_draft, Qt.MouseButton.LeftButton)
    assert console.state.item(item).decision_text == "Жоба келісілсін."
    voting.text.clear()
    qtbot.mouseClick(voting.take_draft, Qt.MouseButton.LeftButton)
    assert voting.text.toPlainText() == "Жоба келісілсін."

    i18n.set_language("ru")
    bus.language_changed.emit("ru")
    assert console.tabs.tabText(VOTING_TAB) == "Голосование (Alt+5)"
    assert voting.save_draft.text() == "Записать как проект"
    assert console.title.text().startswith("Собрание местного сообщества")


def test_restart_resumes_the_sitting_and_its_running_speech(qtbot, world, data_dir):
    """A flat battery mid-speech: the reopened program shows the sitting as it stood, clock included."""
    from zhoob_desktop.services.meeting import engine
    from zhoob_desktop.services.store import open_store
    from zhoob_desktop.ui.meeting.page import MeetingsPage

    console, bus, refusals = open_sitting(qtbot, world)
    clock = console.clock
    ops = console.ops
    ids = [str(p.id) for p in world.residents]
    to_first_item(console, ids, 4, by="")
    ops.run("add_speaker", person=ids[2], kind="debate")
    speech = console.state.speeches[-1].id
    ops.run("start_speech", speech=speech)
    clock.advance(100)
    before = console.state
    # the program dies: no closing, no cleanup; the process's cache is gone with it
    console.countdown.timer.stop()
    world.store.close(backup=False)
    engine.forget(world.store)
    clock.advance(20)  # the laptop is restarted within twenty seconds

    store = open_store(data_dir)
    try:
        page = MeetingsPage(store, Bus(), clock)
        qtbot.addWidget(page)
        resumed = page.offer_recovery(lambda dialog: "A speech started" in dialog.model.rows[-1].what)
        qtbot.addWidget(resumed)
        assert resumed.state.seq == before.seq and resumed.state.last_hash == before.last_hash
        assert resumed.registration.count.text() == "4 / 7"
        resumed.tabs.setCurrentIndex(3)
        # 300 s allowed, 120 s elapsed since the journal's start of the speech, outage included
        qtbot.waitUntil(lambda: resumed.speakers.clock.text() == "3:00")
        resumed.speakers.table.selectRow(0)
        resumed.speakers.ask_summary = lambda sp: ("Жолды жөндеу керек.", True)
        resumed.ops.run("stop_speech", speech=speech)
        resumed.speakers.write_summary()
        assert resumed.state.speech(speech).summary == "Жолды жөндеу керек."
        resumed.close()
    finally:
        store.close(backup=False)
    assert refusals == []


def test_departure_and_return_of_a_member_and_a_guest(qtbot, world):
    console, _bus, refusals = open_sitting(qtbot, world)
    reg = console.registration
    member = str(world.residents[0].id)
    console.ops.run("register", member=member)
    reg.guest_name.setText("Серіков Марат")
    qtbot.keyClick(reg.guest_name, Qt.Key.Key_Return)
    guest = next(a.person_id for a in console.state.attendance.values() if not a.is_member)
    for person in (member, guest):
        reg.table.selectRow(reg.model.row_of(person))
        qtbot.mouseClick(reg.depart_button, Qt.MouseButton.LeftButton)
    assert console.state.present_count == 0 and not console.state.present_guests
    left = reg.model.data(reg.model.index(reg.model.row_of(member), 4))
    # the time of leaving on the okrug's clock (Asia/Almaty, UTC+5), whatever the machine's zone
    assert left == local_time(console.clock.now(), console.ops.zone) == i18n.format_time(time(14, 5))
    for person in (member, guest):
        reg.table.selectRow(reg.model.row_of(person))
        qtbot.mouseClick(reg.return_button, Qt.MouseButton.LeftButton)
    assert console.state.present_count == 1 and len(console.state.present_guests) == 1
    assert len(console.state.attendance[member].periods) == 2 and refusals == []


def test_acting_chair_and_a_new_secretary_through_the_opening_tab(qtbot, world):
    """The chair leaves: a member is elected to chair and casts the deciding vote; the secretary is replaced."""
    console, _bus, refusals = open_sitting(qtbot, world)
    ops, opening, voting = console.ops, console.opening, console.voting
    ids = [str(p.id) for p in world.residents]
    for pid in ids[:6]:
        ops.run("register", member=pid)
    ops.run("announce_registration")
    ops.run("open")
    # the secretary is not voted before the chair (Reg §8): the step says why
    opening.secretary_candidate.setEditText("Әбілова")
    assert (
        not opening.secretary_button.isEnabled()
        and "chair is elected first" in opening.secretary_button.toolTip()
    )
    ops.run("elect", role="chair", person=ids[0], **{"for": 6})
    ops.run("elect", role="secretary", person=ids[1], **{"for": 6})
    for item in console.state.agenda:
        ops.run("vote_item", item=item.id, **{"for": 6})
    ops.run("approve_agenda")
    assert not opening.acting_button.isEnabled()  # the chair is in the hall
    ops.run("depart", person=ids[0])
    ops.run("register", member=ids[6])
    console.tabs.setCurrentIndex(C.OPENING_TAB)
    opening.acting_candidate.setEditText("Иванов")
    assert opening.acting_button.isEnabled(), opening.acting_button.toolTip()
    qtbot.mouseClick(opening.acting_button, Qt.MouseButton.LeftButton)
    assert console.tabs.currentIndex() == VOTING_TAB and "while the chair is out" in voting.subject.text()
    voting.mark_all_for()
    voting.record_vote()
    assert console.state.acting_chair.name == "Иванов Пётр"
    assert "Chairing while the chair is out of the hall: Иванов Пётр" in opening.steps[6].status.text()
    # a tie on a decision: the member chairing decides
    ops.run("start_item", item=console.state.agenda[0].id)
    ops.run("decision_text", item=console.state.agenda[0].id, text="Жол жөнделсін.")
    console.tabs.setCurrentIndex(VOTING_TAB)
    voting._set_counts(3, 3, 0)
    voting.record_vote()
    assert "Иванов Пётр" in voting.casting_dialog.text.text()
    # meanwhile no other vote: said in words, not by the vote's journal id
    assert "casting vote comes first" in voting.problem.text() and " V" not in voting.problem.text()
    assert not voting.record.isEnabled()
    voting.casting_dialog.for_button.click()
    assert console.state.votes[-1].casting_acting
    # a new secretary, with the reason for the protocol
    opening.replace_candidate.setEditText("Өмірзақ")
    assert not opening.replace_button.isEnabled() and "why" in opening.replace_button.toolTip()
    opening.replace_reason.setText("Хатшы ауырып қалды")
    qtbot.mouseClick(opening.replace_button, Qt.MouseButton.LeftButton)
    voting.mark_all_for()
    voting.record_vote()
    assert console.state.secretary.name == "Өмірзақов Нұрлан"
    assert "Әбілова Гүлнар" in opening.steps[6].status.text() and "ауырып" in opening.steps[6].status.text()
    assert refusals == []


def test_third_speech_refused_inline_saying_held_and_waiting(qtbot, world):
    """Spoken once and waiting once: the refusal is a line on the Speakers tab, and says just that."""
    console, _bus, refusals = open_sitting(qtbot, world)
    ops, sp = console.ops, console.speakers
    ids = [str(p.id) for p in world.residents]
    to_first_item(console, ids, 5)
    console.tabs.setCurrentIndex(C.SPEAKERS_TAB)
    sp.person.setEditText("Иванов Пётр")
    sp.kind.setCurrentIndex(sp.kind.findData("debate"))
    qtbot.mouseClick(sp.add_button, Qt.MouseButton.LeftButton)
    ops.run("start_speech", speech=console.state.speeches[-1].id)
    ops.run("stop_speech", speech=console.state.speeches[-1].id)
    sp.person.setEditText("Иванов Пётр")
    qtbot.mouseClick(sp.add_button, Qt.MouseButton.LeftButton)  # waiting
    sp.person.setEditText("Иванов Пётр")
    assert not sp.add_button.isEnabled() and "1 held, 1 waiting" in sp.add_button.toolTip()
    sp.add_speaker()  # Enter in the name field: refused on the tab's own line, no box
    assert "1 held, 1 waiting" in sp.message.text() and "Model Regulation §11" in sp.message.text()
    assert QApplication.activeModalWidget() is None and len(console.state.speeches) == 2
    assert [type(r).__name__ for r in refusals] == ["SpeechLimitWithWaiting"]
