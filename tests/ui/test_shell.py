"""The main window shell: navigation, language switch without restart, About."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from zhoob_desktop.services import i18n
from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.fonts import load_bundled_fonts, ui_font
from zhoob_desktop.ui.main_window import MainWindow
from zhoob_desktop.ui.qt_i18n import install_qt_translations

KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"


def test_navigation_and_language_switch(qtbot, store):
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    i18n.set_language("kk")
    window = MainWindow(store, Bus())
    qtbot.addWidget(window)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert len(titles) == 9 and titles[0] == i18n._("Residents") != "Residents"
    assert "Қарағайлы" in window.windowTitle()
    settings = window.show_page("settings")
    with qtbot.waitSignal(window.bus.language_changed):
        settings.language.setCurrentIndex(1)  # Русский
    assert i18n.get_language() == "ru"
    assert window.nav.item(0).text() == "Жители"
    assert "Карагайлинский" in window.windowTitle()
    assert store.get_setting("language") == "ru"
    assert "0.1" in window.about_text()


def test_a_pages_keys_work_from_the_navigation(qtbot, store):
    """At start the focus is on the navigation: Ctrl+F and Ctrl+N still reach the residents list."""
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    window = MainWindow(store, Bus())
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.nav.setFocus()
    qtbot.waitUntil(window.nav.hasFocus)
    view = window.pages["residents"].residents
    qtbot.keyClick(window.nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()
    window.nav.setFocus()
    with qtbot.waitSignal(view.dialog_opened) as opened:
        qtbot.keyClick(window.nav, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    opened.args[0].reject()
    window.nav.setCurrentRow(6)  # another page: its keys, not the residents list's
    assert not [a for a in window.nav.actions() if a.shortcut().toString() == "Ctrl+N"]


def test_bundled_font_covers_kazakh(qtbot):
    families = load_bundled_fonts()
    assert "DejaVu Sans" in families
    metrics = QFontMetrics(ui_font())
    assert all(metrics.inFontUcs4(ord(ch)) for ch in KAZAKH_LETTERS)
    assert QFontDatabase.families()


def test_qt_buttons_translated(qtbot):
    install_qt_translations("kk")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    kk = box.button(QDialogButtonBox.StandardButton.Cancel).text()
    install_qt_translations("ru")
    box2 = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box2)
    assert box2.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Отмена"
    assert kk.replace("&", "") not in ("Cancel", "")
    install_qt_translations("en")
    assert QApplication.instance() is not None


def test_application_has_its_icon(qtbot):
    from zhoob_desktop.ui.app import make_application

    app = make_application()
    assert not app.windowIcon().isNull()
    assert app.windowIcon().availableSizes()


def test_pages_are_built_on_first_visit(qtbot, store):
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    window = MainWindow(store, Bus())
    qtbot.addWidget(window)
    assert list(window.pages) == ["residents"]  # the page the window lands on, no other
    window.nav.setCurrentRow(3)
    assert list(window.pages) == ["residents", "decisions"]
    # each page in its scroll area (a small screen scrolls it), in the navigation's order
    assert window.stack.currentWidget().widget() is window.pages["decisions"]
    assert window.stack.widget(3).widget() is window.pages["decisions"]
    papers = window.page("papers")  # built without being shown
    assert window.stack.currentWidget().widget() is window.pages["decisions"]
    assert window.stack.widget(2).widget() is papers
    i18n.set_language("ru")
    window.bus.language_changed.emit("ru")
    assert window.nav.item(0).text() == "Жители"
    window.nav.setCurrentRow(7)  # built after the switch: in Russian from the start
    assert window.pages["settings"].language.currentIndex() == 1
