"""The monitoring page: the form edited through the service and refused where the rules refuse, the
commission formed at a sitting and its report signed, the steps recorded; it fits a 1366×768 screen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.services.decisions.helpers import held_sitting, members
from zhoob_desktop.services import i18n
from zhoob_desktop.services.monitoring import commission as C
from zhoob_desktop.services.monitoring import report as svc
from zhoob_desktop.services.monitoring import rounds as RD
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.monitoring import commission_tab, form_tab, schedule_tab
from zhoob_desktop.ui.monitoring.form_tab import COL_ACTUAL, COL_HALF, COL_PCT_HALF, COL_REASON
from zhoob_desktop.ui.monitoring.page import MonitoringPage

TODAY = date(2026, 7, 20)


def _row(model, code):
    return [line.code for line in model.report.lines].index(code)


def _accept(fill):
    def exec_(dialog):
        fill(dialog)
        dialog.submit_clicked()
        return dialog.result()

    return exec_


def test_edit_compute_sign_and_correct(qtbot, qtmodeltester, store, monkeypatch):
    page = MonitoringPage(store, Bus(), today=TODAY)
    qtbot.addWidget(page)
    model = page.model
    assert model.report.year == 2026 and model.report.period == "half"
    qtmodeltester.check(model)
    r021 = _row(model, "021")
    assert model.setData(model.index(r021, COL_HALF), "1000")
    assert model.setData(model.index(r021, COL_ACTUAL), "750,04")
    assert model.index(r021, COL_ACTUAL).data() == "750.0"  # kept as printed: one decimal
    assert model.index(r021, COL_PCT_HALF).data() == "75.0"
    assert model.index(_row(model, "020"), COL_ACTUAL).data() == "750.0"
    assert not (model.flags(model.index(_row(model, "020"), COL_ACTUAL)) & Qt.ItemFlag.ItemIsEditable)
    assert model.index(r021, COL_REASON).data(Qt.ItemDataRole.ToolTipRole)  # reason asked for
    assert "Line 021: executed 250.0 thousand tenge below the plan" in page.form_tab.status.text()

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    assert not model.setData(model.index(r021, COL_ACTUAL), "abc")
    assert shown and "021" in shown[0]

    monkeypatch.setattr(form_tab.QInputDialog, "getText", lambda *a, **k: ("Жарықтандыру", True))
    page.form_tab.add_direction()
    assert "051" in [line.code for line in model.report.lines]

    def fill(dialog):
        dialog.akim.setText("Серікбаев Нұрлан")
        dialog.finance.setText("Жақсыбекова Гүлнар")
        dialog.on.setDate(dialog.on.date().addDays(-16))  # 4 July, as written on the paper

    monkeypatch.setattr(form_tab.SignDialog, "exec", _accept(fill))
    page.form_tab.sign()
    assert "column 11 gives no reason" in shown[-1]  # refused: the shortfall is not explained
    assert not svc.get_report(store, model.report.id).signed
    model.setData(model.index(r021, COL_REASON), "Жалға алушы кешіктірді")
    page.form_tab.sign()
    assert svc.get_report(store, model.report.id).signed_on == date(2026, 7, 4)
    assert not page.form_tab.sign_button.isEnabled() and page.form_tab.correct_button.isEnabled()
    assert not (model.flags(model.index(r021, COL_ACTUAL)) & Qt.ItemFlag.ItemIsEditable)
    signed_id = model.report.id

    monkeypatch.setattr(form_tab.ReasonDialog, "exec", _accept(lambda d: d.reason.setText("021 түзетілді")))
    page.form_tab.correct()
    assert model.report.version == 2 and model.report.supersedes_id == signed_id
    assert "corrects the report signed on 4 July 2026" in page.form_tab.version.text()
    assert model.flags(model.index(r021, COL_ACTUAL)) & Qt.ItemFlag.ItemIsEditable
    # The step of Order 405 it answers: the apparatus's report signed on the 4th, before the 5th.
    page.load()
    first = page.schedule_tab.table
    assert first.item(0, 3).text() == "04/07/2026" and "done" in first.item(0, 4).text()


def test_commission_its_report_and_the_steps(qtbot, store, monkeypatch):
    roster = members(5)
    ids = [m["id"] for m in roster]
    held_sitting(store, date(2026, 2, 3), ["Form the commission"], titles=["Commission"],
                 kinds=["commission_forming"], number=1, roster=roster)  # fmt: skip
    r = svc.open_report(store, 2026, "half")
    svc.set_line(store, r.id, "021", plan_half="10", plan_revised="20", actual="10")
    from zhoob_desktop.services.monitoring.signing import sign_report

    sign_report(store, r.id, "Akim", "Finance", date(2026, 7, 3), today=TODAY)
    page = MonitoringPage(store, Bus(), today=TODAY)
    qtbot.addWidget(page)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))

    def choose(dialog):
        assert dialog.picker.item.currentText() == "1. Commission"
        dialog.check(ids[:3])
        dialog.chair.setCurrentIndex(dialog.chair.findData(ids[0]))

    monkeypatch.setattr(commission_tab.FormCommissionDialog, "exec", _accept(choose))
    page.commission_tab.form_commission()
    assert (
        page.commission_tab.members.count() == 3
        and "Member 01, chair" in page.commission_tab.members.item(0).text()
    )

    schedule = page.schedule_tab
    schedule.table.selectRow(1)
    assert schedule.record_button.isEnabled()
    monkeypatch.setattr(
        schedule_tab.StepDialog, "exec", _accept(lambda d: d.on.setDate(d.on.date().addDays(-12)))
    )
    assert schedule.record()  # handed to the commission on 8 July
    assert schedule.table.item(1, 3).text() == "08/07/2026"

    tab = page.commission_tab
    tab.findings.setPlainText("The lease receipts are on plan.")
    tab.recommendations.setPlainText("Keep the lease register up to date\n\nPublish the receipts")
    monkeypatch.setattr(commission_tab.SignCommissionReportDialog, "exec",
                        _accept(lambda d: d.on.setDate(d.on.date().addDays(-6))))  # fmt: skip
    tab.sign()
    assert warnings == [] and tab.report.signed and tab.report.recommendations == (
        "Keep the lease register up to date", "Publish the receipts"
    )  # fmt: skip
    assert tab.findings.isReadOnly() and tab.correct_button.isEnabled()
    rid = RD.get_round(store, 2026, "half").id
    assert C.first_commission_signed_on(store, rid) == date(2026, 7, 14)
    assert "Next: step 4 by 20 July 2026." in page.summary.text()


def test_fits_a_small_screen_and_retranslates(qtbot, store):
    i18n.set_language("ru")
    page = MonitoringPage(store, Bus(), today=TODAY)
    qtbot.addWidget(page)
    page.resize(1366 - 200, 768 - 80)  # the navigation list and the window's frame take the rest
    page.show()
    qtbot.waitExposed(page)
    table = page.form_tab.table
    total = sum(table.columnWidth(c) for c in range(table.model().columnCount()))
    assert total <= table.viewport().width() + 1  # columns 7-11 are on the screen, not off to the right
    assert page.heading.text() != "Budget monitoring (Order 405)"
    assert page.schedule_tab.table.rowCount() == 5
    assert page.round_choice.itemText(0) == "Мониторинг за первое полугодие 2026 года"
    # The steps were laid out while their tab was hidden: shown, every step is on the screen at once.
    page.tabs.setCurrentIndex(2)
    steps = page.schedule_tab.table
    qtbot.waitUntil(lambda: steps.isVisible())
    rows = sum(steps.rowHeight(r) for r in range(steps.rowCount()))
    assert rows <= steps.viewport().height()


def test_one_full_stop_after_a_russian_date(qtbot, store):
    """ "… 16 октября 2025 г." ends the sentence with its own full stop, not "г.."."""
    from zhoob_desktop.ui.decisions.layout import full_stop

    assert (
        full_stop("Образована на заседании 16 октября 2025 г..")
        == "Образована на заседании 16 октября 2025 г."
    )
    assert full_stop("Due by 20 July 2026.") == "Due by 20 July 2026."
    i18n.set_language("ru")
    roster = members(3)
    held_sitting(store, date(2026, 2, 3), ["Form the commission"], titles=["Commission"],
                 kinds=["commission_forming"], roster=roster)  # fmt: skip
    from zhoob_desktop.services.meeting.held import held_choices

    (sitting,) = held_choices(store, until=TODAY)
    C.form_commission(store, sitting.id, [m["id"] for m in roster[:3]], chair=roster[0]["id"])
    page = MonitoringPage(store, Bus(), today=TODAY)
    qtbot.addWidget(page)
    formed = page.commission_tab.formed.text().replace("\u202f", " ")
    assert formed == "Образована на заседании 3 февраля 2026 г."  # a sitting without a number: no "№ —"
    assert not page.summary.text().endswith("..")
