"""The registration desk's excused absence, departures from any tab, written questions on their own tab."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from tests.services.documents.pdftext import text
from tests.ui.meeting.conftest import type_into as type_text
from tests.ui.meeting.test_console_actions import open_sitting
from zhoob_desktop.services.documents import issue
from zhoob_desktop.services.i18n import Translator
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.ui.meeting.console import QUESTIONS_TAB, REGISTRATION_TAB, SPEAKERS_TAB, VOTING_TAB

CTRL = Qt.KeyboardModifier.ControlModifier


def fill_reason(reason, seen):
    """A stand-in for the modal loop: the dialog is filled in through its own widgets and accepted."""

    def run(dialog):
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen.append((dialog.question.text(), ok.isEnabled()))
        dialog.reason.setText(reason)
        assert ok.isEnabled()
        ok.click()
        return dialog.result()

    return run


def test_excuse_dialog_from_the_search_and_refusals(qtbot, world):
    console, _bus, refusals = open_sitting(qtbot, world)
    reg = console.registration
    ids = [str(p.id) for p in world.residents]
    console.ops.run("register", member=ids[0])
    seen = []
    reg.run_dialog = fill_reason("  Ауырып қалды  ", seen)
    type_text(reg.search, "Өмірзақ")
    assert reg.candidates.currentItem() is not None
    qtbot.keyClick(reg.search, Qt.Key.Key_E, CTRL)
    assert seen == [("Өмірзақов Нұрлан is absent for a valid reason. The reason, for the protocol:", False)]
    assert console.state.excused[ids[3]].reason == "Ауырып қалды"
    assert "Absence excused: Өмірзақов Нұрлан (Ауырып қалды)" == reg.feedback.text()
    # The excused member is listed at the desk, greyed, with the reason; the count says how many.
    row = reg.model.row_of(ids[3])
    assert "Ауырып қалды" in reg.model.data(reg.model.index(row, 2))
    assert reg.excused_count.text() == "Members absent for a valid reason: 1"
    # Found again at the desk, the member shows the excuse and can still be registered.
    type_text(reg.search, "Өмірзақ")
    assert reg.candidates.currentItem().text().endswith("absent for a valid reason: Ауырып қалды")
    reg.search.clear()
    reg.candidates.clear()
    assert console.state.present_count == 1 and refusals == []

    # A present member: refused before any dialog, with the rule.
    reg.table.selectRow(reg.model.row_of(ids[0]))
    qtbot.mouseClick(reg.excuse_button, Qt.MouseButton.LeftButton)
    assert isinstance(refusals[-1], E.PresentCannotBeExcused) and len(seen) == 1
    assert "Model Regulation §7" in reg.feedback.text()
    # An invited person cannot be excused either (Reg §10).
    reg.guest_name.setText("Серіков Марат")
    qtbot.keyClick(reg.guest_name, Qt.Key.Key_Return)
    guest = next(a.person_id for a in console.state.attendance.values() if not a.is_member)
    console.ops.run("depart", person=guest)
    reg.table.selectRow(reg.model.row_of(guest))
    qtbot.mouseClick(reg.excuse_button, Qt.MouseButton.LeftButton)
    assert isinstance(refusals[-1], E.GuestCannotBeExcused) and len(seen) == 1

    # Cancelled dialog: nothing written.
    events = console.state.seq
    reg.table.clearSelection()
    reg.run_dialog = lambda dialog: QDialog.DialogCode.Rejected
    reg.ask_person = lambda title, label, people, current: ids[4]
    qtbot.keyClick(console, Qt.Key.Key_E, CTRL)
    assert console.state.seq == events and ids[4] not in console.state.excused

    # The excused member comes after all: "Returned" registers them, and the excuse is gone.
    reg.table.selectRow(reg.model.row_of(ids[3]))
    qtbot.mouseClick(reg.return_button, Qt.MouseButton.LeftButton)
    assert ids[3] in console.state.present_member_ids and not console.state.excused
    assert reg.excused_count.text() == ""


def test_departure_and_excuse_from_another_tab(qtbot, world):
    console, _bus, refusals = open_sitting(qtbot, world)
    reg = console.registration
    ids = [str(p.id) for p in world.residents]
    for pid in ids[:4]:
        console.ops.run("register", member=pid)
    reg.table.selectRow(reg.model.row_of(ids[2]))
    asked = []

    def answer(person):
        def ask(title, label, people, current):
            asked.append((title, [p for p, _label in people], current))
            return person

        return ask

    console.tabs.setCurrentIndex(VOTING_TAB)
    reg.ask_person = answer(ids[1])
    qtbot.keyClick(console, Qt.Key.Key_D, CTRL)
    # Away from the desk the console asks who leaves, offering the desk's selection first.
    assert asked[-1] == ("Departure", sorted(ids[:4], key=lambda p: console.state.attendance[p].name), ids[2])
    assert ids[1] not in console.state.present_member_ids and console.state.present_count == 3
    assert console.tabs.currentIndex() == VOTING_TAB
    reg.ask_person = answer(None)  # cancelled
    qtbot.keyClick(console, Qt.Key.Key_D, CTRL)
    assert console.state.present_count == 3

    console.tabs.setCurrentIndex(SPEAKERS_TAB)
    reg.ask_person = answer(ids[6])
    seen = []
    reg.run_dialog = fill_reason("Іссапарда", seen)
    qtbot.keyClick(console, Qt.Key.Key_E, CTRL)
    assert asked[-1][0] == "Excused absence" and ids[0] not in asked[-1][1] and ids[1] in asked[-1][1]
    assert console.state.excused[ids[6]].reason == "Іссапарда" and refusals == []

    # On the desk itself Ctrl+D acts on the selected row at once.
    console.tabs.setCurrentIndex(REGISTRATION_TAB)
    reg.table.selectRow(reg.model.row_of(ids[3]))
    count = len(asked)
    qtbot.keyClick(console, Qt.Key.Key_D, CTRL)
    assert ids[3] not in console.state.present_member_ids and len(asked) == count


def test_written_questions_recorded_announced_and_printed(qtbot, world):
    console, _bus, refusals = open_sitting(qtbot, world)
    ops = console.ops
    ids = [str(p.id) for p in world.residents]
    for pid in ids[:5]:
        ops.run("register", member=pid)
    ops.run("announce_registration")
    ops.run("open", by="Әкім")
    ops.run("elect", role="chair", person=ids[0], **{"for": 5})
    ops.run("elect", role="secretary", person=ids[1], **{"for": 5})
    for item in console.state.agenda:
        ops.run("vote_item", item=item.id, **{"for": 5})
    ops.run("approve_agenda")
    item = console.state.agenda[0].id
    ops.run("start_item", item=item)
    qtbot.keyClick(console, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    assert console.tabs.currentIndex() == QUESTIONS_TAB
    box = console.questions
    assert box.isVisible() and box.record_button.isEnabled() and not box.announce_button.isEnabled()
    box.author.setEditText("Иванов Пётр")  # a member in the hall, chosen by name
    box.addressee.setText("Әкім")
    box.text.setText("Жол қашан жөнделеді?")
    qtbot.mouseClick(box.record_button, Qt.MouseButton.LeftButton)
    q = console.state.questions[-1]
    assert (q.author_id, q.author_name, q.addressee, q.text, q.item_id) == (
        ids[2],
        "Иванов Пётр",
        "Әкім",
        "Жол қашан жөнделеді?",
        item,
    )
    assert box.text.text() == "" and box.list.count() == 1
    box.author.setEditText("Тұрғын Болат Сәкенұлы")  # not registered: the name as written
    box.text.setText("Су құбыры туралы")
    qtbot.keyClick(box.text, Qt.Key.Key_Return)
    assert console.state.questions[-1].author_id is None
    assert console.state.questions[-1].author_name == "Тұрғын Болат Сәкенұлы"
    qtbot.mouseClick(box.record_button, Qt.MouseButton.LeftButton)  # nobody named: said on the tab
    assert box.message.text().startswith("Who asked?") and len(console.state.questions) == 2
    box.author.setEditText("Иванов Пётр")
    box.text.setText("")  # no text: said on the tab, nothing recorded
    qtbot.mouseClick(box.record_button, Qt.MouseButton.LeftButton)
    assert box.message.text() == "Type the text of the question." and len(console.state.questions) == 2
    assert "not announced yet" in box.list.item(0).text()

    box.list.setCurrentRow(1)
    qtbot.mouseClick(box.announce_button, Qt.MouseButton.LeftButton)
    assert (
        console.state.questions[1].announced_at is not None
        and console.state.questions[0].announced_at is None
    )
    qtbot.mouseClick(
        box.announce_button, Qt.MouseButton.LeftButton
    )  # the selection stays on the announced one
    box.list.clearSelection()
    qtbot.mouseClick(box.announce_button, Qt.MouseButton.LeftButton)  # nothing selected: the oldest waiting
    assert all(q.announced_at is not None for q in console.state.questions)
    assert "announced at" in box.list.item(0).text() and not box.announce_button.isEnabled()

    ops.run("end_item")
    ops.run("close")
    body = text(issue.render_protocol(world.store, world.sitting_id, "ru").pdf)
    ru = Translator("ru")
    asked = ru._("Written question. Asked by — {name}.")
    assert (
        asked.format(name="Иванов Пётр") in body
        and ru._("Addressed to — {name}.").format(name="Әкім") in body
    )
    assert "Жол қашан жөнделеді?" in body
    assert asked.format(name="Тұрғын Болат Сәкенұлы") in body and "Су құбыры туралы" in body


def test_namesakes_are_told_apart_in_the_choice():
    from zhoob_desktop.ui.meeting.excuse import unique_labels

    assert unique_labels(["Иванов Пётр", "Сейітов Б.", "Иванов Пётр"]) == [
        "Иванов Пётр",
        "Сейітов Б.",
        "Иванов Пётр (2)",
    ]
