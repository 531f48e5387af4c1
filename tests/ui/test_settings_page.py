"""The Settings page at the commonest laptop screen: every button on the screen, nothing below it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QScrollArea

from zhoob_desktop.services import i18n
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.main_window import MainWindow


def _on_screen(widget, window) -> bool:
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    return widget.isVisible() and window.rect().contains(rect)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_settings_fit_1366x768_without_scrolling(qtbot, store, lang):
    from zhoob_desktop.ui.app import make_application

    make_application()  # the program's fonts and style sheet, as the person sees it
    i18n.set_language(lang)
    window = MainWindow(store, Bus())
    qtbot.addWidget(window)
    window.resize(1366, 768 - 40 - 30)  # less the taskbar and the title bar
    window.show()
    qtbot.waitExposed(window)
    page = window.show_page("settings")
    holder = window.findChild(QScrollArea, "page-settings")
    qtbot.waitUntil(lambda: page.isVisible() and page.height() <= holder.viewport().height())
    assert not holder.verticalScrollBar().isVisible() and not holder.horizontalScrollBar().isVisible()
    assert _on_screen(page.save_okrug, window) and _on_screen(page.backup_button, window)
    assert page.tabs.tabText(0) == {"kk": "Жалпы", "ru": "Общие"}[lang]
    page.show_calendar()
    qtbot.waitUntil(lambda: page.calendar_box.isVisible())
    box = page.calendar_box
    assert _on_screen(box.add_button, window) and _on_screen(box.remove_button, window)
    assert page.height() <= holder.viewport().height()
    assert not holder.verticalScrollBar().isVisible()
