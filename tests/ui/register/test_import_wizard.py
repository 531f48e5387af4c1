"""The import wizard on a small generated workbook: columns, preview with row errors, import, summary."""

from __future__ import annotations

import time
from datetime import date, timedelta

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from tests.ui.register.conftest import TODAY
from zhoob_desktop.services.register import importer
from zhoob_desktop.services.register.iin import make_iin
from zhoob_desktop.services.register.query import ResidentFilter, count_residents, query_residents
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.register.import_models import COL_IIN, COL_ISSUES, COL_NAME, COL_ROW
from zhoob_desktop.ui.register.import_wizard import (
    STEP_COLUMNS,
    STEP_PREVIEW,
    STEP_PROGRESS,
    STEP_SUMMARY,
    ImportWizard,
)
from zhoob_desktop.ui.register.page import RegisterPage


def choose_in_file_dialog(monkeypatch, path):
    """The open-file dialog answers with ``path`` as if the user had picked it."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), "")))


@pytest.fixture
def workbook(tmp_path):
    """A list as an akimat keeps it: a title row, the header in row 3, one bad IIN in row 6."""
    good = make_iin(date(1971, 4, 5), "M", 21)
    bad = make_iin(date(1988, 8, 8), "F", 22)
    bad = bad[:11] + str((int(bad[11]) + 1) % 10)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Қарағайлы ауылдық округі тұрғындарының тізімі"])
    ws.append([])
    ws.append(["Тегі", "Аты", "ЖСН", "Туған күні", "Елді мекен", "Көше"])
    ws.append(["Сәрсенов", "Мұрат", good, "05.04.1971", "Қарағайлы", "Абай көшесі"])
    ws.append(["Төлеуова", "Ләззат", make_iin(date(1990, 1, 9), "F", 23), "09.01.1990", "Жаңаауыл", "Бірлік"])
    ws.append(["Жақыпов", "Ерболат", bad, "08.08.1988", "Қарағайлы", "Абай көшесі"])
    path = tmp_path / "тізім.xlsx"
    wb.save(path)
    return path


def run_wizard_to_preview(qtbot, store, path, monkeypatch):
    choose_in_file_dialog(monkeypatch, path)
    wizard = ImportWizard(store, today=lambda: TODAY)
    qtbot.addWidget(wizard)
    wizard.choose_button.click()
    assert wizard.path.text() == str(path)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.step() == STEP_COLUMNS, timeout=10000)
    return wizard


def test_import_valid_rows_through_the_wizard(
    qtbot, qtmodeltester, okrug_store, village, workbook, monkeypatch
):
    bus = Bus()
    page = RegisterPage(okrug_store, bus, today=lambda: TODAY)
    qtbot.addWidget(page)
    choose_in_file_dialog(monkeypatch, workbook)
    with qtbot.waitSignal(page.residents.wizard_opened) as opened:
        page.residents.import_button.click()
    wizard = opened.args[0]
    wizard.choose_button.click()
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.step() == STEP_COLUMNS, timeout=10000)
    # the columns were recognised from the Kazakh header in row 3
    assert "3" in wizard.mapping_source.text()
    assert wizard.field_columns["surname"].currentText() == "Тегі"
    assert wizard.field_columns["iin"].currentText() == "ЖСН"
    assert wizard.field_columns["phone"].currentData() == -1  # "not in the file"
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.step() == STEP_PREVIEW, timeout=10000)
    model = wizard.preview_model
    qtmodeltester.check(model)
    refused = [model.row_at(r) for r in range(model.rowCount()) if model.row_at(r).action == "error"]
    assert [r.row for r in refused] == [6]  # numbered as in the file
    error_row = [r for r in range(model.rowCount()) if model.row_at(r).action == "error"][0]
    assert model.index(error_row, COL_ROW).data() == 6
    assert "check digit" in model.index(error_row, COL_ISSUES).data()
    # a refused row says whose it is: the name and the IIN as written in the file
    assert model.index(error_row, COL_NAME).data() == "Жақыпов Ерболат"
    assert len(model.index(error_row, COL_IIN).data()) == 12
    assert "New residents: 2" in wizard.counts.text()
    wizard.only_issues.setChecked(False)
    assert model.rowCount() == 3
    # sorted by the errors column, the refused row comes last (its reason after the empty ones);
    # by the row number again, as in the file
    view = wizard.preview_table
    view.sortByColumn(COL_ISSUES, Qt.SortOrder.AscendingOrder)
    shown = [view.model().index(r, COL_ROW).data() for r in range(view.model().rowCount())]
    assert shown[-1] == 6
    view.sortByColumn(COL_ROW, Qt.SortOrder.DescendingOrder)
    assert [view.model().index(r, COL_ROW).data() for r in range(3)] == [6, 5, 4]
    with qtbot.waitSignal(bus.changed, timeout=10000) as changed:
        wizard.import_button.click()
    assert changed.args[0] == {"residents", "settlements"}
    assert wizard.step() == STEP_SUMMARY
    assert "New residents: 2" in wizard.summary.text()
    assert count_residents(okrug_store) == 2
    assert page.residents.model.total() == 2  # the list refreshed
    names = {r.full_name for r in query_residents(okrug_store, ResidentFilter(text="Төлеу"))}
    assert names == {"Төлеуова Ләззат"}


def test_changed_mapping_is_used_and_remembered(qtbot, okrug_store, village, workbook, monkeypatch):
    wizard = run_wizard_to_preview(qtbot, okrug_store, workbook, monkeypatch)
    wizard.set_column("street", None)  # do not take the streets from this list
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.step() == STEP_PREVIEW, timeout=10000)
    assert "street" not in wizard.preview.mapping
    with qtbot.waitSignal(wizard.imported, timeout=10000):
        wizard.import_button.click()
    again = run_wizard_to_preview(qtbot, okrug_store, workbook, monkeypatch)
    assert again.preview.mapping_source == "remembered"
    assert again.field_columns["street"].currentData() == -1


def test_cancel_keeps_the_register_unchanged(qtbot, okrug_store, village, workbook, monkeypatch):
    wizard = run_wizard_to_preview(qtbot, okrug_store, workbook, monkeypatch)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.step() == STEP_PREVIEW, timeout=10000)
    wizard.close_button.click()  # "Cancel" before importing
    assert not wizard.isVisible() and wizard.result is None
    assert count_residents(okrug_store) == 0


def test_unreadable_file_is_explained(qtbot, okrug_store, tmp_path, monkeypatch):
    path = tmp_path / "list.pdf"
    path.write_bytes(b"%PDF-1.4")
    choose_in_file_dialog(monkeypatch, path)
    wizard = ImportWizard(okrug_store, today=lambda: TODAY)
    qtbot.addWidget(wizard)
    wizard.choose_button.click()
    wizard.next_button.click()
    qtbot.waitUntil(lambda: not wizard.error.isHidden(), timeout=10000)
    assert ".xlsx" in wizard.error.text()
    assert wizard.step() == 0


def test_export_through_the_file_dialog(qtbot, okrug_store, people, tmp_path, monkeypatch):
    target = tmp_path / "out"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "CSV file (*.csv)"))
    )
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: ("district request", True)))
    page = RegisterPage(okrug_store, Bus(), today=lambda: TODAY)
    qtbot.addWidget(page)
    view = page.residents
    view.status.setCurrentIndex(view.status.findData("pensioner"))
    with qtbot.waitSignal(view.exported, timeout=10000) as exported:
        view.export_button.click()
    assert exported.args[0] == 1
    text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert "Қасымов" in text and "Иванов" not in text
    assert "1" in view.notice.text()


def test_cancel_during_the_import_leaves_the_register_unchanged(
    qtbot, okrug_store, village, tmp_path, monkeypatch
):
    lines = ["Тегі;Аты;ЖСН;Туған күні"]
    for n in range(2500):
        born = date(1950, 1, 1) + timedelta(days=7 * n)
        lines.append(f"Жанов{n};Бек;{make_iin(born, 'M', n)};{born:%d.%m.%Y}")
    path = tmp_path / "үлкен.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    real_apply = importer.apply_import

    def apply_waiting_for_cancel(store, preview, *, progress, cancel, **kwargs):
        def progress_then_wait(done, total):
            progress(done, total)
            deadline = time.monotonic() + 10
            while done < total and not cancel() and time.monotonic() < deadline:
                time.sleep(0.01)  # the worker waits for the Cancel click, so the test is not a race

        return real_apply(store, preview, progress=progress_then_wait, cancel=cancel, **kwargs)

    monkeypatch.setattr(importer, "apply_import", apply_waiting_for_cancel)
    wizard = run_wizard_to_preview(qtbot, okrug_store, path, monkeypatch)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.step() == STEP_PREVIEW, timeout=20000)
    assert "New residents: 2" in wizard.counts.text() and "500" in wizard.counts.text()
    wizard.import_button.click()
    assert wizard.step() == STEP_PROGRESS and not wizard.close_button.isEnabled()
    qtbot.waitUntil(lambda: wizard.progress.maximum() == 2500, timeout=10000)
    wizard.cancel_button.click()
    qtbot.waitUntil(lambda: wizard.step() == STEP_PREVIEW, timeout=10000)
    assert "cancelled" in wizard.error.text()
    assert count_residents(okrug_store) == 0
