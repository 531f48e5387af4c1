"""Start the desktop program: fonts, language, the store (safely), the main window."""

from __future__ import annotations

import argparse
import os
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget

from zhoob_desktop import APP_ID, APP_NAME, __version__
from zhoob_desktop.paths import resources_dir
from zhoob_desktop.services import i18n
from zhoob_desktop.services.backups import BackupManager
from zhoob_desktop.services.datadir import DB_NAME, resolve_data_dir
from zhoob_desktop.services.errors import DatabaseCorrupt, StoreError, ZhoobError
from zhoob_desktop.services.i18n import LANGUAGES, _
from zhoob_desktop.services.okrug import get_okrug, save_okrug
from zhoob_desktop.services.store import Store, open_store
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.fonts import load_bundled_fonts, ui_font
from zhoob_desktop.ui.qt_i18n import install_qt_translations
from zhoob_desktop.ui.smoke import arm_smoke_quit


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="zhoob-desktop")
    parser.add_argument("--data-dir")
    parser.add_argument("--lang", choices=LANGUAGES)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    args, _qt_args = parser.parse_known_args(argv)
    return args


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)
    load_bundled_fonts()
    app.setFont(ui_font(10))
    icon = resources_dir() / "icons" / "zhoob.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    style = resources_dir() / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def open_store_interactively(data_dir, parent: QWidget | None = None) -> Store | None:
    """Open the store; explain any fault and offer to restore the newest good backup."""
    while True:
        try:
            return open_store(data_dir)
        except DatabaseCorrupt as exc:
            manager = BackupManager(data_dir / DB_NAME)
            good = manager.newest_good()
            if good is None:
                QMessageBox.critical(
                    parent, APP_NAME, exc.message() + "\n\n" + _("No good backup was found.")
                )
                return None
            answer = QMessageBox.question(
                parent,
                APP_NAME,
                exc.message()
                + "\n\n"
                + _("Restore the backup of {when}? The damaged file is kept aside.").format(
                    when=i18n.format_datetime(good.taken_at)
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
            manager.restore(good)
        except StoreError as exc:
            QMessageBox.critical(parent, APP_NAME, exc.message())
            return None


def first_run(store: Store, parent: QWidget | None = None) -> bool:
    """On a fresh data folder: make a demo okrug, or name the okrug to start with."""
    from zhoob_desktop.services import demo

    box = QMessageBox(parent)
    box.setWindowTitle(APP_NAME)
    box.setText(
        _("This data folder is empty. Create a demo okrug to try the program, or start your own okrug?")
    )
    demo_button = box.addButton(_("Create a demo okrug"), QMessageBox.ButtonRole.AcceptRole)
    own_button = box.addButton(_("Start my okrug"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is demo_button:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            demo.create_demo(store)
        finally:
            QApplication.restoreOverrideCursor()
        return True
    if clicked is own_button:
        name, ok = QInputDialog.getText(parent, APP_NAME, _("Name of the okrug (Kazakh)"))
        if ok and name.strip():
            try:
                save_okrug(store, name)
            except ZhoobError as exc:
                QMessageBox.warning(parent, APP_NAME, exc.message())
                return False
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    app = make_application([sys.argv[0], *argv])
    arm_smoke_quit(app)  # ZHOOB_SMOKE_QUIT_MS: release smoke test (scripts/smoke-release)
    lang = args.lang or os.environ.get("ZHOOB_LANG") or i18n.DEFAULT_LANGUAGE
    i18n.set_language(lang if lang in LANGUAGES else i18n.DEFAULT_LANGUAGE)
    install_qt_translations(i18n.get_language())
    data_dir = resolve_data_dir(args.data_dir)
    store = open_store_interactively(data_dir)
    if store is None:
        return 1
    try:
        stored_lang = store.get_setting("language")
        if not args.lang and stored_lang in LANGUAGES and stored_lang != i18n.get_language():
            i18n.set_language(stored_lang)
            install_qt_translations(stored_lang)
        if get_okrug(store) is None and not first_run(store):
            return 0
        from zhoob_desktop.ui.main_window import MainWindow

        window = MainWindow(store, Bus())
        window.show()
        meetings = window.pages.get("meetings")
        if hasattr(meetings, "offer_recovery_soon"):
            meetings.offer_recovery_soon()  # a sitting left open by a crash is offered for resumption
        return app.exec()
    finally:
        store.close(backup=True)


if __name__ == "__main__":
    sys.exit(main())
