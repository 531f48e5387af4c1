"""The passport tab: numbers by age, sex and status for the okrug or a settlement; the PDF."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tests.ui.register.conftest import TODAY
from zhoob_desktop.services import i18n
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.register.page import TAB_PASSPORT, RegisterPage
from zhoob_desktop.ui.register.passport_view import COL_AGE, COL_MEMBERS, COL_RESIDENTS, PassportView


def make_view(qtbot, store):
    view = PassportView(store, today=lambda: TODAY)
    qtbot.addWidget(view)
    return view


def test_numbers_and_charts_of_the_okrug_and_a_settlement(qtbot, qtmodeltester, okrug_store, village, people):
    view = make_view(qtbot, okrug_store)
    assert view.data.residents == 4 and view.data.members == 3
    assert "4" in view.summary.text() and "3" in view.summary.text()
    model = view.age_model
    qtmodeltester.check(model)
    total_row = model.rowCount() - 1
    assert model.index(total_row, COL_AGE).data() == "Total"
    assert model.index(total_row, COL_RESIDENTS).data() == "4"
    assert model.index(total_row, COL_MEMBERS).data() == "3"
    assert dict(view.sex_chart.bars) == {"Men": 3, "Women": 1}
    assert ("Pensioner", 1) in view.status_chart.bars and ("Veteran", 0) in view.status_chart.bars
    assert sum(v for _label, v in view.age_chart.bars) == 4
    view.place.setCurrentIndex(view.place.findText("Көктөбе"))
    assert view.data.residents == 1 and "Көктөбе" in view.title.text()


def test_chart_is_painted(qtbot, okrug_store, people):
    view = make_view(qtbot, okrug_store)
    view.resize(900, 700)
    view.show()
    image = view.age_chart.grab().toImage()
    colours = {
        image.pixelColor(x, y).name() for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
    }
    assert "#2e7d6b" in colours  # the bars were drawn


def test_save_pdf_through_the_file_dialog(qtbot, okrug_store, people, tmp_path, monkeypatch):
    target = tmp_path / "паспорт"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "")))
    i18n.set_language("kk")
    view = make_view(qtbot, okrug_store)
    with qtbot.waitSignal(view.pdf_saved) as saved:
        view.pdf_button.click()
    assert saved.args[0].endswith("паспорт.pdf")
    text = PdfReader(saved.args[0]).pages[0].extract_text()
    assert "Қарағайлы" in text


def test_page_computes_the_passport_when_the_tab_is_shown(qtbot, okrug_store, people):
    page = RegisterPage(okrug_store, Bus(), today=lambda: TODAY)
    qtbot.addWidget(page)
    assert page.passport.data is None
    page.tabs.setCurrentIndex(TAB_PASSPORT)
    assert page.passport.data.residents == 4
    i18n.set_language("ru")
    page.retranslate()
    assert page.passport.age_model.headerData(COL_RESIDENTS, Qt.Orientation.Horizontal) == "Жители"
