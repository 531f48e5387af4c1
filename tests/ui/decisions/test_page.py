"""The Decisions page: register and deadlines models, colours, the detail panel and its step dialogs."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

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
    D.record_step(store, bridge.id, "protocol_handed", on=date(2026, 11, 23), today=TODAY)
    with qtbot.waitSignal(page.bus.changed):
        page.bus.emit_changed("journal")
    assert model.rowCount() == 2  # hidden: read again only when shown
    page.show()
    qtbot.waitExposed(page)
    assert [v.text for v in model.rows] == ["Open a library"]  # the bridge is no longer overdue
    D.record_step(store, bridge.id, "agreed", on=date(2026, 11, 24), today=TODAY)
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

    def handed(dialog):
        dialog.on.setDate(dialog.on.date().addDays(-2))
        dialog.actor.setText("Secretary")

    monkeypatch.setattr(dialogs_module.StepDialog, "exec", _fake_exec(handed))
    with qtbot.waitSignal(bus.changed) as blocker:
        page.run_action(dialogs_module.ACTIONS[0])
    assert blocker.args == [{"decisions"}]
    assert page.current.id == view.id and page.current.status == "with_akim"
    assert "Secretary" in page.history.item(0).text()
    assert _visible_buttons(page) == ["consider"]
    assert page.actor == "Secretary"

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    results = []

    def disagree_without_reason(dialog):
        dialog.radios["disagreed"].setChecked(True)
        results.append(dialog)

    consider = next(a for a in dialogs_module.ACTIONS if a.key == "consider")
    monkeypatch.setattr(dialogs_module.StepDialog, "exec", _fake_exec(disagree_without_reason))
    page.run_action(consider)
    assert warnings and "note" in warnings[0] and "Model Regulation §13" in warnings[0]
    assert results[0].result() != QDialog.DialogCode.Accepted  # stayed open, nothing written
    assert D.get_decision(store, view.id, today=TODAY).status == "with_akim"

    def agree(dialog):
        dialog.radios["agreed"].setChecked(True)

    monkeypatch.setattr(dialogs_module.StepDialog, "exec", _fake_exec(agree))
    page.run_action(consider)
    assert page.current.status == "approved"
    assert _visible_buttons(page) == ["assign", "inform", "publish"]

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

    index = next(
        page.deadlines_model.index(n, 0)
        for n, d in enumerate(page.deadlines_model.rows)
        if d.decision_id is not None and d.decision_id != view.id
    )
    page._open_deadline(index)
    assert page.current.id != view.id and str(page.current.id) == index.data(DecisionIdRole)


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
    assert page.deadlines_box.title() == "Сроки: просроченные и на ближайшие 30 дней"


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
