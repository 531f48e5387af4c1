"""A whole sitting driven through the live console by the keyboard alone, at 1366x768; the journal checked.

Every step is a key press or typed text sent to the widget that has the
focus, as a secretary would: registration by IIN and by surname (a surname
two members share is chosen with the arrow keys), the opening step by step,
a count typo refused as it is typed, a vote that fails confirmed, the
speakers and their countdown, a tie and the chair's casting vote, closing
with the item left undone named.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel

from tests.ui.meeting.conftest import DAY, World, add_people, start_sitting
from zhoob_desktop.services.meeting import journal_events, verify_chain
from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.services.register.iin import make_iin
from zhoob_desktop.services.register.residents import ResidentInput, create_resident
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.meeting import console as C
from zhoob_desktop.ui.meeting.clock import ManualClock
from zhoob_desktop.ui.meeting.console import LiveConsole
from zhoob_desktop.ui.meeting.countdown import AMBER, NORMAL, OVER
from zhoob_desktop.ui.meeting.tables import SpeakersModel

CTRL, SHIFT, ALT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.AltModifier,
)
LAPTOP = (1366 - 16, 768 - 40 - 40)  # the window's share of a 1366x768 screen: taskbar and frame left out


@pytest.fixture
def namesakes_world(store) -> World:
    """The seven residents of the other tests and two Novikovs whose names begin alike."""
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    people = add_people(store)
    village_of = people[0]
    for n, (surname, given, born, sex) in enumerate(
        (("Новиков", "Иван", date(1969, 4, 2), "M"), ("Новикова", "Ирина", date(1971, 8, 9), "F")), start=40
    ):
        data = ResidentInput(
            surname,
            given,
            iin=make_iin(born, sex, n),
            birth_date=born,
            sex=sex,
            settlement_id=village_of.settlement_id,
            street_id=village_of.street_id,
            house_id=village_of.house_id,
        )
        people.append(create_resident(store, data, today=DAY))
    return World(store, people, start_sitting(store, people))


def focused():
    return QApplication.focusWidget()


def keys(qtbot, *sequence, modifier=Qt.KeyboardModifier.NoModifier):
    """Press keys where the focus is."""
    for key in sequence:
        qtbot.keyClick(focused(), key, modifier)


def type_text(text):
    """Typed where the focus is; Kazakh and Russian letters too (QTest.keyClicks takes ASCII only)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(focused(), QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def enter(qtbot, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(), Qt.Key.Key_Return, modifier)


def tab_to(qtbot, widget, limit=20):
    """Tab until ``widget`` has the focus."""
    for _ in range(limit):
        if focused() is widget:
            return
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget}")


def choose_candidate(qtbot, desk, name, limit=10):
    """The arrow keys through the list of candidates until ``name`` is the one chosen."""
    for key in [Qt.Key.Key_Down] * limit + [Qt.Key.Key_Up] * limit:
        qtbot.keyClick(focused(), key)
        item = desk.candidates.currentItem()
        if item is not None and item.text().startswith(name):
            return
    raise AssertionError(f"{name} is not among the candidates")


def time_cell(console):
    model = console.speakers.model
    return model.data(model.index(model.active_row(), SpeakersModel.COL_TIME))


def test_whole_sitting_by_keyboard_alone(qtbot, namesakes_world):
    world = namesakes_world
    clock = ManualClock(datetime(2026, 11, 25, 9, 5, tzinfo=UTC))
    console = LiveConsole(world.store, Bus(), world.sitting_id, clock)
    qtbot.addWidget(console)
    refusals = []
    console.ops.present_error = lambda _parent, exc: refusals.append(exc)
    console.resize(*LAPTOP)
    console.show()
    console.activateWindow()
    qtbot.waitUntil(console.isActiveWindow)
    people = world.residents
    reg = console.registration

    # Registration: the focus starts in the desk's search box.
    assert console.tabs.currentIndex() == C.REGISTRATION_TAB
    qtbot.waitUntil(lambda: focused() is reg.search)
    type_text("касы")  # look-alike letters: к for қ
    enter(qtbot)
    assert reg.count.text() == "1 / 9" and reg.feedback.text().startswith("Registered: Қасымов Ерлан")
    for text in (people[1].iin[:8], "иванов", "омірз", "улык", "сейіт"):
        type_text(text)
        enter(qtbot)
    assert reg.count.text() == "6 / 9"

    # A surname two members share: Enter asks, the arrow keys choose, Enter registers the one chosen.
    type_text("Новик")
    enter(qtbot)
    assert reg.count.text() == "6 / 9" and "2 members of the list match" in reg.feedback.text()
    choose_candidate(qtbot, reg, "Новиков Иван")
    assert "Enter registers: Новиков Иван" in reg.feedback.text()
    enter(qtbot)
    assert reg.count.text() == "7 / 9" and reg.feedback.text().startswith("Registered: Новиков Иван")
    ivan, irina = str(people[7].id), str(people[8].id)
    assert ivan in console.state.present_member_ids and irina not in console.state.present_member_ids
    assert reg.table.selectionModel().selectedRows()[0].row() == reg.model.row_of(ivan)  # shown in the list
    # Typed again, Ivan (registered) and Irina are both listed; Ivan chosen says he is registered already.
    type_text("новик")
    enter(qtbot)
    assert reg.count.text() == "7 / 9"
    choose_candidate(qtbot, reg, "Новиков Иван")
    assert "already registered" in reg.candidates.currentItem().text()
    enter(qtbot)
    assert reg.count.text() == "7 / 9" and reg.feedback.text().startswith("Already registered: Новиков Иван")
    choose_candidate(qtbot, reg, "Новикова Ирина")
    enter(qtbot)
    assert reg.count.text() == "8 / 9" and irina in console.state.present_member_ids
    assert reg.quorum.reached and reg.quorum.required == 5  # at least half of 9
    assert "Model Regulation §7" in reg.quorum.caption.text()

    # The opening, each step where the focus lands after the one before.
    keys(qtbot, Qt.Key.Key_2, modifier=ALT)
    opening = console.opening
    assert console.tabs.currentIndex() == C.OPENING_TAB and focused() is opening.opened_by
    assert not opening.open_button.isEnabled() and opening.open_button.toolTip()  # says why not
    # who announces and opens (Reg §7, §8): a person the akim authorised, by his act
    type_text("Сейітов Дәулет")
    keys(qtbot, Qt.Key.Key_Tab)
    assert focused() is opening.capacity
    keys(qtbot, Qt.Key.Key_Down)  # "a person the akim authorised"
    assert opening.capacity.currentData() == "authorised" and opening.authorisation.isEnabled()
    keys(qtbot, Qt.Key.Key_Tab)
    enter(qtbot)  # no act typed yet: said, nothing recorded
    assert "act" in opening.message.text() and not console.state.announcements
    type_text("Әкімнің 2026 жылғы 20 қарашадағы № 45 өкімі")
    enter(qtbot)  # announce
    assert console.state.announcements[-1].by == "Сейітов Дәулет"
    assert console.state.announcements[-1].capacity == "authorised"
    assert focused() is opening.open_button
    enter(qtbot)  # open
    assert console.state.phase == "open" and focused() is opening.chair_candidate
    # an empty candidate: said, not silently ignored
    enter(qtbot)
    assert (
        opening.message.text().startswith("Choose a candidate")
        and console.tabs.currentIndex() == C.OPENING_TAB
    )
    type_text("Қасым")
    enter(qtbot)
    voting = console.voting
    assert console.tabs.currentIndex() == C.VOTING_TAB and "Қасымов Ерлан" in voting.subject.text()
    assert focused() is voting.for_spin
    # A count typo: 18 where 8 are present stays as typed, is refused on the spot, cannot be recorded.
    type_text("18")
    assert voting.for_spin.value() == 18 and not voting.record.isEnabled()
    assert "exceed" in voting.problem.text() and "Model Regulation §12" in voting.problem.text()
    enter(qtbot, CTRL)
    assert console.state.chair is None and [v for v in console.state.votes] == []
    keys(qtbot, Qt.Key.Key_F4)  # all present for
    assert (voting.for_spin.value(), voting.against_spin.value()) == (8, 0)
    assert voting.forecast.text().startswith("If recorded: the chair is elected")
    enter(qtbot, CTRL)
    assert console.state.chair.name == "Қасымов Ерлан"
    assert console.tabs.currentIndex() == C.OPENING_TAB and focused() is opening.secretary_candidate
    type_text("Әбіл")
    enter(qtbot)
    type_text("7")
    keys(qtbot, Qt.Key.Key_Return, Qt.Key.Key_Return)  # on to "abstained"
    assert focused() is voting.abstain_spin
    keys(qtbot, Qt.Key.Key_F4, modifier=CTRL)  # the rest abstained
    assert voting.abstain_spin.value() == 1
    enter(qtbot, CTRL)
    assert console.state.secretary.name == "Әбілова Гүлнар"

    # Each agenda item voted separately (all nine members are the base: 5 needed).
    first, second = (it.id for it in console.state.agenda)
    assert focused() is opening.item_choice
    enter(qtbot)
    type_text("4")  # not enough: the outcome is stated and a second Ctrl+Enter is asked for
    enter(qtbot, CTRL)
    assert voting.confirm_box.isVisible() and "not included" in voting.confirm_text.text()
    assert console.state.item(first).status == "proposed"
    keys(qtbot, Qt.Key.Key_Escape)  # back to the counts
    assert not voting.confirm_box.isVisible() and focused() is voting.for_spin
    keys(qtbot, Qt.Key.Key_F4)
    enter(qtbot, CTRL)
    assert console.state.item(first).status == "included"
    assert focused() is opening.item_choice
    enter(qtbot)
    keys(qtbot, Qt.Key.Key_F4)
    enter(qtbot, CTRL)
    assert focused() is opening.approve_button
    enter(qtbot)
    assert console.state.agenda_approved

    # The first item and its speakers, with a fake clock.
    keys(qtbot, Qt.Key.Key_F2)
    assert console.state.current_item == first and console.tabs.currentIndex() == C.SPEAKERS_TAB
    sp = console.speakers
    keys(qtbot, Qt.Key.Key_N, modifier=CTRL)
    assert focused() is sp.person
    type_text("Өмірз")
    enter(qtbot)
    assert sp.model.rowCount() == 1 and sp.model.rows[0].count == "1 / 2"
    keys(qtbot, Qt.Key.Key_F5)  # a debate speech: five minutes
    assert console.state.active_speech.kind == "debate"
    qtbot.waitUntil(lambda: sp.clock.text() == "5:00")
    clock.advance(250)
    qtbot.waitUntil(lambda: sp.clock.text() == "0:50")
    assert sp.clock.phase == AMBER and console.clock_label.text() == "0:50"
    clock.advance(62)
    qtbot.waitUntil(lambda: sp.clock.text() == "-0:12")
    assert sp.clock.phase == OVER and time_cell(console) == "-0:12" and sp.overrun.isVisible()
    # F7: an extension put to the vote; voted down (1 for) after its confirmation.
    keys(qtbot, Qt.Key.Key_F7)
    assert console.tabs.currentIndex() == C.VOTING_TAB and "Extend" in voting.subject.text()
    type_text("1")
    enter(qtbot, CTRL)
    assert voting.confirm_box.isVisible() and "not extended" in voting.confirm_text.text()
    enter(qtbot, CTRL)  # confirmed
    assert not console.state.votes[-1].adopted and console.tabs.currentIndex() == C.SPEAKERS_TAB
    keys(qtbot, Qt.Key.Key_F8)
    assert console.state.speeches[0].status == "finished" and sp.clock.text() == ""
    assert sp.clock.phase in (NORMAL, OVER)

    # The decision: its text typed, then a tie and the chair's casting vote, by keys.
    keys(qtbot, Qt.Key.Key_5, modifier=ALT)
    assert focused() is voting.text
    type_text("Ауыл бюджетінің жобасы келісілсін.")
    keys(qtbot, Qt.Key.Key_Tab)
    assert focused() is voting.for_spin
    type_text("4")
    enter(qtbot)
    type_text("4")
    assert voting.forecast.text().startswith("If recorded: the votes for and against are equal")
    enter(qtbot, CTRL)
    assert console.state.pending_tie is not None
    dialog = voting.casting_dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.isActiveWindow())
    assert "Қасымов Ерлан" in dialog.text.text()
    keys(qtbot, Qt.Key.Key_1)  # the chair votes for
    qtbot.waitUntil(console.isActiveWindow)
    vote = console.state.votes[-1]
    assert vote.adopted and vote.reached_by == "casting_vote" and not dialog.isVisible()
    assert "casting vote" in voting.result.text()
    assert "the chair's casting vote for decided" in voting.rule.text()

    # Closing with the second item never taken up: the question names it and asks why (Reg §9);
    # Esc keeps the sitting open.
    keys(qtbot, Qt.Key.Key_F3)
    keys(qtbot, Qt.Key.Key_3, modifier=ALT)
    agenda = console.agenda
    tab_to(qtbot, agenda.close_button)
    enter(qtbot)
    assert agenda.closing.isVisible()
    left = [w.text() for w in agenda.closing.findChildren(QLabel) if w.text().startswith("•")]
    assert left == [f"• Item 2 was never taken up: {console.state.item(second).title}"]
    assert focused() is agenda.reason_fields[0][1] and not agenda.closing_yes.isEnabled()
    keys(qtbot, Qt.Key.Key_Escape)
    assert not agenda.closing.isVisible() and console.state.phase == "open"
    tab_to(qtbot, agenda.close_button)
    enter(qtbot)
    type_text("Уақыт жетпеді, келесі шақырылымға қалдырылды")
    enter(qtbot)  # on to the closing question's button
    assert focused() is agenda.closing_yes and agenda.closing_yes.isEnabled()
    enter(qtbot)
    assert console.state.phase == "closed"
    assert console.state.item(second).left_reason == "Уақыт жетпеді, келесі шақырылымға қалдырылды"

    # The journal: the typo left nothing; every action is one event, chained and verifiable.
    types = [ev.type for ev in journal_events(world.store, world.sitting_id)]
    assert types[0] == "OPEN" and types[-1] == "CLOSE"
    assert types.count("MEMBER_REGISTERED") == 8 and types.count("OFFICER_VOTE") == 2
    assert types.count("ITEM_VOTED") == 2 and types.count("EXTENSION_VOTED") == 1
    assert types.count("CASTING_VOTE") == 1 and types.count("DECISION_VOTED") == 1
    assert types.count("ITEM_NOT_CONSIDERED") == 1
    assert all(v.votes_for + v.votes_against + v.abstained <= v.present for v in console.state.votes)
    assert verify_chain(world.store, world.sitting_id).ok
    assert refusals == []  # nothing the engine had to refuse: the console said it first
