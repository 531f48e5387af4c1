"""The register page: tabs loaded when shown, refresh on bus topics, language switch."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from tests.ui.register.conftest import TODAY, add
from zhoob_desktop.services import i18n
from zhoob_desktop.services.register import structure
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.register.page import TAB_STRUCTURE, RegisterPage
from zhoob_desktop.ui.register.table_model import COL_BIRTH, COL_MEMBER, COL_NAME


def make_page(qtbot, store, bus):
    page = RegisterPage(store, bus, today=lambda: TODAY)
    qtbot.addWidget(page)
    return page


def test_structure_tree_loads_when_its_tab_is_shown(qtbot, okrug_store, village):
    page = make_page(qtbot, okrug_store, Bus())
    assert page.structure.model.rowCount() == 0
    page.tabs.setCurrentIndex(TAB_STRUCTURE)
    assert page.structure.model.rowCount() == 2


def test_bus_topics_refresh_the_visible_tab(qtbot, okrug_store, village, people):
    bus = Bus()
    page = make_page(qtbot, okrug_store, bus)
    add(okrug_store, "Аманов", "Бақыт", date(1990, 1, 1), serial=60, settlement_id=village.settlement_id)
    bus.emit_changed("sittings")  # not a register topic: nothing reloads
    assert page.residents.model.total() == 4
    bus.emit_changed("residents")
    assert page.residents.model.total() == 5
    structure.create_settlement(okrug_store, "Жаңаауыл")
    bus.emit_changed("settlements")
    assert page.residents.settlement.findText("Жаңаауыл") > 0
    page.tabs.setCurrentIndex(TAB_STRUCTURE)  # stale since the change: reloaded now
    assert page.structure.model.rowCount() == 3


def test_language_switch_retranslates_headers_and_cells(qtbot, okrug_store, people):
    page = make_page(qtbot, okrug_store, Bus())
    model = page.residents.model
    headers = lambda: [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]  # noqa: E731
    english = headers()
    for lang, name_header, yes in (("kk", "Тегі, аты, әкесінің аты", "иә"), ("ru", "ФИО", "да")):
        i18n.set_language(lang)
        page.retranslate()
        translated = headers()
        assert translated[COL_NAME] == name_header
        assert all(a != b for a, b in zip(english, translated, strict=True) if a not in ("IIN",))
        assert yes in {model.index(r, COL_MEMBER).data() for r in range(model.rowCount())}
        assert "." in model.index(0, COL_BIRTH).data()
        assert page.tabs.tabText(TAB_STRUCTURE) != "Okrug structure"
