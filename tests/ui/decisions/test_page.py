"""The Decisions page: register and deadlines models, colours, the detail panel and its step dialogs."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QScrollArea

from tests.services.decisions.helpers import held_sitting
from zhoob_desktop.services import decisions as D
from zhoob_desktop.services import i18n
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.decisions import dialogs as dialogs_module
from zhoob_desktop.ui.decisions.models import BACKGROUND, DecisionIdRole, DecisionsModel, UrgencyRole
from zhoob_desktop.ui.decisions.page import DecisionsPage

TODAY = date(2026, 11, 25)


def _page(qtbot, store, bus=None):
    held_sitting(
        store, date(2026, 11, 20), ["Repair the bridge", "Open a library"], titles=["Roads", "Culture"]
    )
    page = DecisionsPage(store, bus or Bus(), today=TODAY)
    qtbot.addWidget(page)
    return page


def _visible_buttons(page):
    return sorted(key for key, button in page.buttons.items() if not button.isHidden())


def _fake_exec(fill):
    def exec_(dialog):
        fill(dialog)
        dialog.submit_clicked()
        return dialog.result()

    return exec_


def test_models_colours_and_filters(qtbot, qtmodeltester, store):
    page = _page(qtbot, store)
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.deadlines_model)
    qtmodeltester.check(page.execution_model)
    model = page.model
    assert model.rowCount() == 2 and page.filter.currentData() == "open"
    first = model.index(0, DecisionsModel.COL_TEXT)
    assert first.data() == "Repair the bridge"
    deadline = model.index(0, DecisionsModel.COL_DEADLINE)
    # Friday 20 November + 2 working days = Tuesday 24 November: overdue on the 25th
    assert deadline.data(UrgencyRole) == "overdue"
    assert deadline.data(Qt.ItemDataRole.BackgroundRole).color() == BACKGROUND["overdue"]
    assert "Model Regulation §12" in deadline.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, DecisionsModel.COL_STATUS).data() == "awaiting the protocol"
    kinds = [d.kind for d in page.deadlines_model.rows]
    assert kinds.count("protocol") == 2 and "quarter" in kinds  # Q1-Q3 of 2026 had no meeting

    page.filter.setCurrentIndex(list(D.FILTERS).index("overdue"))
    assert model.rowCount() == 2
    (bridge,) = [v for v in model.rows if v.text == "Repair the bridge"]
    D.hand_over(store, bridge.sitting_id, on=date(2026, 11, 23), today=TODAY)
    with qtbot.waitSignal(page.bus.changed):
        page.bus.emit_changed("journal")
    assert model.rowCount() == 2  # hidden: read again only when shown
    page.show()
    qtbot.waitExposed(page)
    assert model.rows == []  # the protocol reached the akim in time: nothing overdue
    D.consider(store, bridge.sitting_id, on=date(2026, 11, 24), today=TODAY)
    with qtbot.waitSignal(page.bus.changed):
        page.bus.emit_changed("residents")  # not a topic of this page
    page.filter.setCurrentIndex(list(D.FILTERS).index("all"))
    row = model.row_of(str(bridge.id))
    assert model.rows[row].status == "approved"
    later = model.index(row, DecisionsModel.COL_DEADLINE)
    assert later.data(UrgencyRole) == "later"  # members told by 1 December
    qtmodeltester.check(model)


def test_detail_buttons_and_dialogs(qtbot, store, monkeypatch):
    bus = Bus()
    page = _page(qtbot, store, bus)
    view = page.current
    assert view is not None and page.history.count() == 1  # "Nothing recorded yet."
    assert _visible_buttons(page) == ["protocol"]
    questions = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args: questions.append(args[2]) or QMessageBox.StandardButton.Yes
    )

    def handed(dialog):
        assert dialog.table.rowCount() == 2  # one act for the whole protocol
        dialog.on.setDate(dialog.on.date().addDays(-2))  # Monday 23 November
        dialog.actor.setText("Secretary")

    monkeypatch.setattr(dialogs_module.ProtocolActDialog, "exec", _fake_exec(handed))
    with qtbot.waitSignal(bus.changed) as blocker:
        page.run_action(dialogs_module.ACTIONS[0])
    assert blocker.args == [{"decisions", "sittings"}]
    assert page.current.id == view.id and page.current.status == "with_akim"
    assert all(d.status == "with_akim" for d in page.model.rows)
    assert "Secretary" in page.history.item(0).text()
    assert _visible_buttons(page) == ["consider"]
    assert page.actor == "Secretary" and questions == []

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    results = []

    def disagree_without_reason(dialog):
        dialog.set_outcome(0, "disagreed")
        results.append(dialog)

    consider = next(a for a in dialogs_module.ACTIONS if a.key == "consider")
    monkeypatch.setattr(dialogs_module.ProtocolActDialog, "exec", _fake_exec(disagree_without_reason))
    page.run_action(consider)
    assert warnings and "reasons" in warnings[0] and "Model Regulation §13" in warnings[0]
    assert results[0].result() != QDialog.DialogCode.Accepted  # stayed open, nothing written
    assert D.get_decision(store, view.id, today=TODAY).status == "with_akim"

    def agree(dialog):
        dialog.set_outcome(0, "agreed")
        dialog.set_outcome(1, "disagreed", "Not in the budget")

    monkeypatch.setattr(dialogs_module.ProtocolActDialog, "exec", _fake_exec(agree))
    page.run_action(consider)
    assert page.current.status == "approved"
    assert _visible_buttons(page) == ["assign", "inform", "publish"]
    assert not page.notice_button.isHidden() and page.letter_button.isHidden()

    def assign(dialog):
        dialog.responsible.setText("Roads office")
        dialog.due.setDate(dialog.due.date().addDays(1))

    monkeypatch.setattr(dialogs_module.StepDialog, "exec", _fake_exec(assign))
    page.run_action(next(a for a in dialogs_module.ACTIONS if a.key == "assign"))
    assert page.current.status == "in_execution" and page.current.follow.responsible == "Roads office"
    row = page.model.row_of(str(view.id))
    assert page.model.index(row, DecisionsModel.COL_STATUS).data() == "in execution"
    execution = [d for d in page.deadlines_model.rows if d.kind == "execution"]
    assert execution and execution[0].urgency == "soon"
    # The execution item of the next sitting: the re-discussion and the report, with who reports.
    whats = [page.execution_model.index(n, 1).data() for n in range(page.execution_model.rowCount())]
    assert whats == ["report of Roads office on the execution, due 26 November 2026",
                     "re-discussion of the akim's objections: Not in the budget"]  # fmt: skip

    index = next(
        page.deadlines_model.index(n, 0)
        for n, d in enumerate(page.deadlines_model.rows)
        if d.decision_id is not None and d.decision_id != view.id
    )
    page._open_deadline(index)
    assert page.current.id != view.id and str(page.current.id) == index.data(DecisionIdRole)


def test_steps_at_a_sitting_are_picked_not_typed(qtbot, store, monkeypatch):
    page = _page(qtbot, store)
    day = date(2026, 11, 20)
    info_id = page.current.sitting_id
    D.hand_over(store, info_id, on=day, today=TODAY)
    D.consider(store, info_id, on=day, today=TODAY)
    bridge = next(v for v in D.list_decisions(store, today=TODAY) if v.text == "Repair the bridge")
    D.record_step(store, bridge.id, "assigned", on=day, today=TODAY,
                  data={"responsible": "Roads office", "due_on": "2026-11-23"})  # fmt: skip
    report = next(a for a in dialogs_module.ACTIONS if a.key == "report")
    page.reload()
    page.select_decision(str(bridge.id))
    seen = []

    def no_sitting(dialog):
        seen.append((dialog.sitting.count(), dialog.no_sitting.isHidden(), dialog.buttons.button(
            dialogs_module.QDialogButtonBox.StandardButton.Ok).isEnabled()))  # fmt: skip
        return dialog.reject()

    monkeypatch.setattr(dialogs_module.StepDialog, "exec", lambda dialog: no_sitting(dialog))
    page.run_action(report)
    assert seen == [(0, False, False)]  # no sitting held since: nothing to pick, nothing typed

    held_sitting(
        store, date(2026, 11, 24), [None], titles=["Execution"], kinds=["execution_of_decisions"], number=9
    )
    nonexec = next(a for a in dialogs_module.ACTIONS if a.key == "not_executed")

    def found(dialog):
        assert (
            dialog.sitting.currentText() == "No. 9 of 24/11/2026"
            and dialog.item.currentText() == "1. Execution"
        )
        dialog.note.setPlainText("Nothing was done")
        dialog.quality.setCurrentIndex(dialog.quality.findData("poorly_executed"))

    monkeypatch.setattr(dialogs_module.StepDialog, "exec", _fake_exec(found))
    page.run_action(nonexec)
    assert page.current.status == "not_executed"
    last = page.history.item(page.history.count() - 1).text()
    assert "At the sitting No. 9 of 24/11/2026, item 1" in last and "Nothing was done" in last
    assert not page.letter_button.isHidden()


def test_retranslates(qtbot, store):
    page = _page(qtbot, store)
    i18n.set_language("kk")
    page.retranslate()
    assert page.heading.text() == "Шешімдер"
    assert page.model.headerData(DecisionsModel.COL_ITEM, Qt.Orientation.Horizontal) == "Мәселе"
    assert page.model.index(0, DecisionsModel.COL_STATUS).data() == "хаттаманы күтуде"
    assert page.filter.itemText(0) == "Жабылмағандар"
    i18n.set_language("ru")
    page.retranslate()
    assert page.lower.tabText(0) == "Сроки: просроченные и на ближайшие 30 дней"


def test_damaged_journal_is_said_on_the_page(qtbot, store):
    from zhoob_desktop.services.meeting import engine

    held_sitting(store, date(2026, 11, 20), ["Repair the bridge"])
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE sitting_event SET payload = replace(payload, '\"for\":4', '\"for\":5')")
    engine.forget(store)
    page = DecisionsPage(store, Bus(), today=TODAY)  # no modal box while the window is built
    qtbot.addWidget(page)
    assert page.model.rowCount() == 0 and not page.empty.isHidden()
    assert "damaged" in page.empty.text()
    assert _visible_buttons(page) == []


def _year_of_decisions(store, per_sitting=5):
    """Three sittings of five decisions each, typed in Kazakh as an okrug types them."""
    for n, day in enumerate((date(2026, 3, 20), date(2026, 6, 19), date(2026, 9, 18))):
        held_sitting(
            store,
            day,
            [f"{n + 1}.{k + 1}: Ауыл көшелерін жөндеу жұмыстары жүргізілсін." for k in range(per_sitting)],
            titles=[f"Ауылдағы көшелер туралы ({n + 1}.{k + 1})" for k in range(per_sitting)],
        )


def _window(qtbot, store):
    from zhoob_desktop.ui.app import make_application
    from zhoob_desktop.ui.main_window import MainWindow

    make_application()  # the program's fonts and style sheet, as the person sees it
    window = MainWindow(store, Bus())
    qtbot.addWidget(window)
    window.resize(1366, 768 - 40 - 30)  # the laptop's screen less the taskbar and the title bar
    window.show()
    qtbot.waitExposed(window)
    page = window.show_page("decisions")
    page._today = TODAY
    page.filter.setCurrentIndex(list(D.FILTERS).index("all"))
    return window, page


def _rows_in_view(table) -> int:
    port = table.viewport().rect()
    model = table.model()
    return sum(port.contains(table.visualRect(model.index(r, 0))) for r in range(model.rowCount()))


def test_a_dozen_decisions_in_view_at_1366x768(qtbot, store):
    _year_of_decisions(store)
    window, page = _window(qtbot, store)
    qtbot.waitUntil(lambda: page.model.rowCount() == 15)
    assert _rows_in_view(page.table) >= 10
    # the list does not scroll sideways, the details sit beside it, the page itself does not scroll
    assert not page.table.horizontalScrollBar().isVisible()
    assert page.upper.orientation() == Qt.Orientation.Horizontal
    holder = window.findChild(QScrollArea, "page-decisions")
    assert page.height() <= holder.viewport().height()
    # a long decision is cut on its line but whole in its tooltip and beside the list
    index = page.model.index(0, DecisionsModel.COL_TEXT)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data()
    page.table.selectRow(3)
    assert page.detail_text.text() == page.model.rows[3].text


def test_russian_screen_names_the_language_of_typed_texts(qtbot, store):
    from zhoob_desktop.services.texts import remember

    _year_of_decisions(store, per_sitting=2)
    first = "1.1: Ауыл көшелерін жөндеу жұмыстары жүргізілсін."
    remember(store, [(first, "ru", "1.1: Провести ремонт сельских улиц.")])
    i18n.set_language("ru")
    window, page = _window(qtbot, store)
    texts = {page.model.index(r, DecisionsModel.COL_TEXT).data() for r in range(page.model.rowCount())}
    assert "1.1: Провести ремонт сельских улиц." in texts  # the Russian version typed for it
    assert "(на казахском) 2.1: Ауыл көшелерін жөндеу жұмыстары жүргізілсін." in texts
    assert first not in texts
    row = page.model.row_of(str(next(v.id for v in page.model.rows if v.text == first)))
    page.table.selectRow(row)
    assert page.detail_text.text() == "1.1: Провести ремонт сельских улиц."
    assert "(на казахском) Ауылдағы көшелер туралы (1.1)" in page.detail_title.text()
    D.hand_over(store, page.current.sitting_id, on=date(2026, 3, 23), actor="Жақсыбекова Г.", today=TODAY)
    page.reload()
    history = [page.history.item(n).text() for n in range(page.history.count())]
    assert any("Внесено: Жақсыбекова Г.," in line for line in history), history
    assert not any("(а)" in line for line in history)
    i18n.set_language("kk")
    page.retranslate()
    shown = {page.model.index(r, DecisionsModel.COL_TEXT).data() for r in range(page.model.rowCount())}
    assert first in shown  # typed in Kazakh: shown as typed, no mark
