"""ZHOOB_SMOKE_QUIT_MS: the window's release smoke run says whether the main window opened."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.ui import smoke
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.main_window import MainWindow, PageSpec
from zhoob_desktop.ui.qt_i18n import install_qt_translations
from zhoob_desktop.ui.smoke import NOT_SHOWN_EXIT, PAGE_ERROR_EXIT, SHOWN, arm_smoke_quit, smoke_quit_ms


def test_delay_read_from_the_environment():
    assert smoke_quit_ms({"ZHOOB_SMOKE_QUIT_MS": "1500"}) == 1500
    assert smoke_quit_ms({"ZHOOB_SMOKE_QUIT_MS": " 20 "}) == 20
    for bad in ("", "0", "-5", "soon", "1.5"):
        assert smoke_quit_ms({"ZHOOB_SMOKE_QUIT_MS": bad}) is None, bad
    assert smoke_quit_ms({}) is None
    assert not arm_smoke_quit(QApplication.instance(), {})


def test_main_window_shown_quits_with_zero(qtbot, store, capsys, monkeypatch, tmp_path):
    codes: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(codes.append))
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    install_qt_translations("ru")
    window = MainWindow(store, Bus())
    qtbot.addWidget(window)
    window.show()
    shot = tmp_path / "main.png"
    env = {"ZHOOB_SMOKE_QUIT_MS": "10", "ZHOOB_SMOKE_SCREENSHOT": str(shot)}
    assert arm_smoke_quit(QApplication.instance(), env)
    qtbot.waitUntil(lambda: codes == [0])
    out = capsys.readouterr().out
    assert SHOWN in out
    assert f"pages={window.nav.count()}" in out
    assert "qt-cancel='Отмена'" in out
    assert shot.read_bytes().startswith(b"\x89PNG")
    # One picture per page, and the window back on its first page.
    assert all((tmp_path / f"main-{row}.png").is_file() for row in range(window.nav.count()))
    assert window.nav.currentRow() == 0
    install_qt_translations("en")


class _BrokenPage(QWidget):
    def showEvent(self, event):  # noqa: N802 - Qt's name
        raise RuntimeError("the page could not load its table")


def test_a_page_raising_fails_the_run(qtbot, store, capsys, monkeypatch):
    codes: list[int] = []
    monkeypatch.setattr(smoke, "_hard_exit", codes.append)
    monkeypatch.setattr(QApplication, "exit", staticmethod(codes.append))
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    pages = [
        PageSpec("fine", "Fine", lambda _store, _bus: QLabel("fine")),
        PageSpec("broken", "Broken", lambda _store, _bus: _BrokenPage()),
    ]
    window = MainWindow(store, Bus(), pages)
    qtbot.addWidget(window)
    window.show()
    assert arm_smoke_quit(QApplication.instance(), {"ZHOOB_SMOKE_QUIT_MS": "10"})
    qtbot.waitUntil(lambda: codes == [PAGE_ERROR_EXIT])
    out = capsys.readouterr().out
    assert "1 error(s)" in out and "the page could not load its table" in out
    assert SHOWN not in out


def test_dialog_in_the_way_fails_with_its_own_exit_code(qtbot, capsys, monkeypatch):
    codes: list[int] = []
    monkeypatch.setattr(smoke, "_hard_exit", codes.append)
    box = QMessageBox(QMessageBox.Icon.Question, "First run", "Create a demo okrug?")
    qtbot.addWidget(box)
    box.show()
    assert arm_smoke_quit(QApplication.instance(), {"ZHOOB_SMOKE_QUIT_MS": "10"})
    qtbot.waitUntil(lambda: codes == [NOT_SHOWN_EXIT])
    out = capsys.readouterr().out
    assert "main window NOT shown" in out and "'First run'" in out
