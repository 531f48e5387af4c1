"""The monitoring page edits the form through the service and refuses what the rules refuse."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from zhoob_desktop.services import i18n
from zhoob_desktop.services.monitoring import report as svc
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.monitoring import page as page_module
from zhoob_desktop.ui.monitoring.page import COL_ACTUAL, COL_PCT_HALF, COL_REASON, MonitoringPage


def _row(model, code):
    return [line.code for line in model.report.lines].index(code)


def test_edit_compute_and_sign(qtbot, qtmodeltester, store, monkeypatch):
    page = MonitoringPage(store, Bus(), today=date(2026, 7, 3))
    qtbot.addWidget(page)
    model = page.model
    assert model.report.year == 2026 and model.report.period == "half"
    qtmodeltester.check(model)
    r021 = _row(model, "021")
    assert model.setData(model.index(r021, COL_ACTUAL - 1), "1000")  # half-year plan
    assert model.setData(model.index(r021, COL_ACTUAL), "750")
    assert model.index(r021, COL_PCT_HALF).data() == "75"
    assert model.index(_row(model, "020"), COL_ACTUAL).data() == "750"
    assert not (model.flags(model.index(_row(model, "020"), COL_ACTUAL)) & Qt.ItemFlag.ItemIsEditable)
    assert model.index(r021, COL_REASON).data(Qt.ItemDataRole.ToolTipRole)  # reason asked for

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    assert not model.setData(model.index(r021, COL_ACTUAL), "abc")
    assert shown and "021" in shown[0]

    monkeypatch.setattr(page_module.QInputDialog, "getText", lambda *a, **k: ("Жарықтандыру", True))
    page.add_direction()
    assert "051" in [line.code for line in model.report.lines]

    def fake_exec(dialog):
        dialog.akim.setText("Серікбаев Нұрлан")
        dialog.finance.setText("Жақсыбекова Гүлнар")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(page_module.SignDialog, "exec", fake_exec)
    page.sign()
    assert svc.get_report(store, model.report.id).signed
    assert not page.sign_button.isEnabled()
    assert not (model.flags(model.index(r021, COL_ACTUAL)) & Qt.ItemFlag.ItemIsEditable)


def test_retranslates(qtbot, store):
    i18n.set_language("kk")
    page = MonitoringPage(store, Bus(), today=date(2026, 7, 3))
    qtbot.addWidget(page)
    assert page.heading.text() != "Budget monitoring (Order 405)"
    assert page.schedule.count() == 5
