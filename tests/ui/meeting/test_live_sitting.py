"""A whole sitting driven through the real widgets of the live console, then the journal checked."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from zhoob_desktop.services.meeting import journal_events, verify_chain
from zhoob_desktop.services.meeting.errors import SpeechLimitReached
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.meeting import console as C
from zhoob_desktop.ui.meeting.clock import ManualClock
from zhoob_desktop.ui.meeting.console import LiveConsole
from zhoob_desktop.ui.meeting.countdown import AMBER, NORMAL, OVER
from zhoob_desktop.ui.meeting.tables import SpeakersModel


def make_console(qtbot, world):
    clock = ManualClock(datetime(2026, 11, 25, 9, 5, tzinfo=UTC))
    console = LiveConsole(world.store, Bus(), world.sitting_id, clock)
    qtbot.addWidget(console)
    refusals = []
    console.ops.present_error = lambda _parent, exc: refusals.append(exc)
    console.resize(1280, 800)
    console.show()
    console.activateWindow()  # shortcuts act in the active window
    qtbot.waitUntil(console.isActiveWindow)
    return console, clock, refusals


def type_text(widget, text):
    """Key presses carrying Kazakh or Russian letters (QTest.keyClicks takes ASCII only)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def type_and_register(qtbot, console, text):
    panel = console.registration
    panel.search.clear()
    type_text(panel.search, text)
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)


def record_counts(qtbot, console, for_, against=0, abstain=0):
    voting = console.voting
    assert console.tabs.currentIndex() == C.VOTING_TAB
    voting.hands.setChecked(True)
    voting.for_spin.setValue(for_)
    voting.against_spin.setValue(against)
    voting.abstain_spin.setValue(abstain)
    assert voting.record.isEnabled(), voting.problem.text()
    qtbot.mouseClick(voting.record, Qt.MouseButton.LeftButton)


def choose(combo, name):
    index = combo.findText(name)
    assert index >= 0, name
    combo.setCurrentIndex(index)


def time_cell(console):
    model = console.speakers.model
    return model.data(model.index(model.active_row(), SpeakersModel.COL_TIME))


def test_full_sitting(qtbot, world):
    console, clock, refusals = make_console(qtbot, world)
    people = world.residents
    reg = console.registration
    assert console.tabs.currentIndex() == C.REGISTRATION_TAB

    # Registration by typing: look-alike letters (к for қ, у for ұ, о for ө) and an IIN prefix.
    type_and_register(qtbot, console, "касы")
    assert reg.count.text() == "1 / 7"
    type_and_register(qtbot, console, people[1].iin[:8])
    type_and_register(qtbot, console, "иван")
    assert not reg.quorum.reached and reg.quorum.required == 4  # at least half of 7
    type_and_register(qtbot, console, "омірз")
    type_and_register(qtbot, console, "улык")
    assert reg.count.text() == "5 / 7" and reg.quorum.reached
    assert "Model Regulation §7" in reg.quorum.caption.text()
    type_and_register(qtbot, console, "касы")  # already present: shown, not registered twice
    assert reg.count.text() == "5 / 7"
    # an invited person registers separately and never counts
    reg.guest_name.setText("Серіков Марат")
    reg.guest_role.setCurrentIndex(reg.guest_role.findData("deputy"))
    qtbot.mouseClick(reg.guest_button, Qt.MouseButton.LeftButton)
    assert console.state.present_count == 5 and len(console.state.present_guests) == 1
    # a departure
    reg.table.selectRow(reg.model.row_of(str(people[2].id)))
    qtbot.keyClick(reg.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert reg.count.text() == "4 / 7" and reg.quorum.reached  # 4 of 7 is at least half
    assert refusals == []

    # Opening, step by step.
    opening = console.opening
    qtbot.keyClick(console, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert console.tabs.currentIndex() == C.OPENING_TAB
    assert not opening.open_button.isEnabled() and not opening.chair_button.isEnabled()
    qtbot.mouseClick(opening.announce_button, Qt.MouseButton.LeftButton)
    assert opening.open_button.isEnabled()
    opening.opened_by.setText("Әкім Д. Сейітов")
    qtbot.mouseClick(opening.open_button, Qt.MouseButton.LeftButton)
    assert opening.steps[1].state == "done" and opening.chair_button.isEnabled()
    assert not opening.approve_button.isEnabled()

    choose(opening.chair_candidate, "Қасымов Ерлан")
    qtbot.mouseClick(opening.chair_button, Qt.MouseButton.LeftButton)
    record_counts(qtbot, console, 4)
    assert console.state.chair.name == "Қасымов Ерлан"
    assert console.tabs.currentIndex() == C.OPENING_TAB
    choose(opening.secretary_candidate, "Әбілова Гүлнар")
    qtbot.mouseClick(opening.secretary_button, Qt.MouseButton.LeftButton)
    # a refused count: more votes than members present
    console.voting.for_spin.setMaximum(99)
    console.voting.for_spin.setValue(9)
    assert not console.voting.record.isEnabled() and "exceed" in console.voting.problem.text()
    record_counts(qtbot, console, 3, 0, 1)
    assert console.state.secretary.name == "Әбілова Гүлнар"

    # Agenda votes: each item separately (all members are the base: 4 of 7 needed).
    items = [it.id for it in console.state.agenda]
    assert len(items) == 2
    for item in items:
        choose(opening.item_choice, console.state.item(item).title)
        qtbot.mouseClick(opening.item_vote_button, Qt.MouseButton.LeftButton)
        record_counts(qtbot, console, 4)
    assert opening.approve_button.isEnabled()
    qtbot.mouseClick(opening.approve_button, Qt.MouseButton.LeftButton)
    assert console.state.agenda_approved

    # The first item and its speakers, with a fake clock.
    qtbot.keyClick(console, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(console.agenda.table, Qt.Key.Key_F2)
    assert console.state.current_item == items[0]
    assert console.tabs.currentIndex() == C.SPEAKERS_TAB
    sp = console.speakers
    # the chair sets the time for debate speeches: four minutes (Reg §11)
    sp.kind.setCurrentIndex(sp.kind.findData("debate"))
    assert sp.limit_minutes.value() == 5
    sp.limit_minutes.setValue(4)
    qtbot.mouseClick(sp.limit_button, Qt.MouseButton.LeftButton)
    assert console.state.time_limits["debate"] == 240
    choose(sp.person, "Қасымов Ерлан")
    sp.kind.setCurrentIndex(sp.kind.findData("report"))
    qtbot.mouseClick(sp.add_button, Qt.MouseButton.LeftButton)
    choose(sp.person, "Өмірзақов Нұрлан")
    sp.kind.setCurrentIndex(sp.kind.findData("debate"))
    qtbot.mouseClick(sp.add_button, Qt.MouseButton.LeftButton)
    assert sp.model.rowCount() == 2

    qtbot.keyClick(sp.table, Qt.Key.Key_F5)  # the report: 15 minutes by default
    assert console.state.active_speech.kind == "report"
    qtbot.waitUntil(lambda: sp.clock.text() == "15:00")
    clock.advance(600)
    qtbot.waitUntil(lambda: time_cell(console) == "5:00")
    assert sp.clock.phase == NORMAL
    clock.advance(250)
    qtbot.waitUntil(lambda: sp.clock.text() == "0:50")
    assert sp.clock.phase == AMBER and console.clock_label.text() == "0:50"
    resets = []
    sp.model.modelReset.connect(lambda: resets.append(1))
    clock.advance(62)
    qtbot.waitUntil(lambda: sp.clock.text() == "-0:12")
    assert sp.clock.phase == OVER and time_cell(console) == "-0:12"
    assert sp.overrun.isVisible() and "extension" in sp.overrun_text.text()
    assert resets == []  # the countdown never resets the model
    # overrun: vote to extend by two minutes
    qtbot.mouseClick(sp.overrun_extend, Qt.MouseButton.LeftButton)
    assert "Extend" in console.voting.subject.text()
    record_counts(qtbot, console, 3, 1)
    assert console.tabs.currentIndex() == C.SPEAKERS_TAB
    qtbot.waitUntil(lambda: sp.clock.text() == "1:48")
    assert sp.clock.phase == NORMAL and not sp.overrun.isVisible()
    clock.advance(60)
    qtbot.keyClick(sp.table, Qt.Key.Key_F8)
    assert console.state.speeches[0].status == "finished"
    assert sp.clock.text() == ""

    # The debate: twice is the limit for a member on one item (Reg §11).
    qtbot.keyClick(sp.table, Qt.Key.Key_F5)
    clock.advance(30)
    qtbot.keyClick(sp.table, Qt.Key.Key_F6)  # pause
    clock.advance(300)
    assert console.state.active_speech.status == "paused"
    qtbot.keyClick(sp.table, Qt.Key.Key_F6)  # resume
    qtbot.waitUntil(lambda: sp.clock.text() == "3:30")  # four minutes, thirty seconds spoken
    qtbot.keyClick(sp.table, Qt.Key.Key_F8)
    choose(sp.person, "Өмірзақов Нұрлан")
    qtbot.mouseClick(sp.add_button, Qt.MouseButton.LeftButton)
    assert sp.model.rows[-1].count == "2 / 2"
    qtbot.mouseClick(sp.add_button, Qt.MouseButton.LeftButton)
    assert isinstance(refusals[-1], SpeechLimitReached)
    assert "Model Regulation §11" in refusals[-1].message()
    assert "Model Regulation §11" in console.notice.text()
    qtbot.keyClick(sp.table, Qt.Key.Key_F5)
    clock.advance(20)
    qtbot.keyClick(sp.table, Qt.Key.Key_F8)

    # The decision: a tie, the chair's casting vote.
    qtbot.keyClick(console, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    voting = console.voting
    assert "Decision" in voting.subject.text()
    voting.text.setPlainText("Ауыл бюджетінің жобасы келісілсін.")
    record_counts(qtbot, console, 2, 2)
    assert console.state.pending_tie is not None
    dialog = voting.casting_dialog
    assert (
        dialog is not None
        and dialog.isVisible()
        and "Қасымов Ерлан" in dialog.findChild(type(voting.subject)).text()
    )
    qtbot.mouseClick(dialog.for_button, Qt.MouseButton.LeftButton)
    vote = console.state.votes[-1]
    assert vote.adopted and vote.reached_by == "casting_vote"
    assert "casting vote" in voting.result.text() and "Model Regulation §12" in voting.rule.text()

    # Roll call on the second item's decision.
    qtbot.keyClick(console.agenda.table, Qt.Key.Key_F3)
    qtbot.keyClick(console.agenda.table, Qt.Key.Key_F2)
    assert console.state.current_item == items[1]
    qtbot.keyClick(console, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    voting.roll.setChecked(True)
    assert not voting.record.isEnabled()  # nobody marked yet
    qtbot.mouseClick(voting.all_for, Qt.MouseButton.LeftButton)
    voting.roll_model.set_choice(0, "against")
    voting.text.setPlainText("Ақпарат назарға алынсын.")
    qtbot.keyClick(voting.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    vote = console.state.votes[-1]
    assert vote.method == "roll_call" and (vote.votes_for, vote.votes_against) == (3, 1) and vote.adopted

    # Closing.
    qtbot.keyClick(console.agenda.table, Qt.Key.Key_F3)
    console.agenda.confirm_close = False
    qtbot.keyClick(console, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert console.agenda.close_button.isEnabled()
    qtbot.mouseClick(console.agenda.close_button, Qt.MouseButton.LeftButton)
    assert console.state.phase == "closed"
    assert not console.agenda.close_button.isEnabled()

    # The journal: every action is one event, chained and verifiable.
    assert [type(r) for r in refusals] == [SpeechLimitReached]
    types = [ev.type for ev in journal_events(world.store, world.sitting_id)]
    assert types[0] == "OPEN" and types[-1] == "CLOSE"
    assert types.count("MEMBER_REGISTERED") == 5 and types.count("GUEST_REGISTERED") == 1
    assert types.count("DEPARTED") == 1 and types.count("OFFICER_VOTE") == 2
    assert types.count("ITEM_VOTED") == 2 and "AGENDA_APPROVED" in types
    assert types.count("EXTENSION_VOTED") == 1 and types.count("CASTING_VOTE") == 1
    assert types.count("DECISION_VOTED") == 2 and types.count("SPEECH_PAUSED") == 1
    assert verify_chain(world.store, world.sitting_id).ok


def test_refusal_names_the_rule(qtbot, world):
    console, _clock, refusals = make_console(qtbot, world)
    # voting without a quorum is refused by the engine with its citation, shown in one place
    console.ops.run("open", by="")
    assert refusals and "Model Regulation §7" in refusals[-1].message()
    assert console.notice.text() == refusals[-1].message()
    console.ops.run("register", member=str(world.residents[0].id))
    assert console.notice.text() == ""
    assert console.ops.state.present_count == 1
    # an election before the opening is refused with its rule
    console.ops.run("announce_registration")
    assert console.ops.run("elect", role="chair", person=str(world.residents[0].id), **{"for": 3}) is None
    assert "Model Regulation §8" in refusals[-1].message()  # not open yet: no election
