"""Start the desktop program: fonts, language, the store (safely), the main window."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QProgressDialog, QWidget

# Only what the log-in dialog needs is imported here: Qt, the translations and the key file.
# SQLAlchemy, the models, the services and the window's modules load while the passphrase is
# typed (ui/startup.py); tests/test_startup.py checks the dialog shows before they load.
from zhoob_desktop import APP_ID, APP_NAME, __version__
from zhoob_desktop.paths import resources_dir
from zhoob_desktop.services import i18n
from zhoob_desktop.services.datadir import DB_NAME, remember_language, remembered_language, resolve_data_dir
from zhoob_desktop.services.errors import DatabaseCorrupt, OperationCancelled, StoreError, ZhoobError
from zhoob_desktop.services.files import private_umask
from zhoob_desktop.services.i18n import LANGUAGES, _
from zhoob_desktop.services.security import access
from zhoob_desktop.ui.fonts import load_bundled_fonts, ui_font
from zhoob_desktop.ui.qt_i18n import install_qt_translations
from zhoob_desktop.ui.smoke import arm_login_probe, arm_smoke_quit, arm_startup_probe
from zhoob_desktop.ui.startup import Preloader, Unlocking

if TYPE_CHECKING:
    from zhoob_desktop.services.store import Store
    from zhoob_desktop.ui.worker import Job

# Closing backs the database up when it changed; above this size the copy shows progress.
LARGE_STORE_BYTES = 64 * 1024 * 1024
SEND_AFTER_MS = 15_000  # the send queue starts this long after the window shows (not in the way of the start)


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


def open_store_interactively(
    data_dir, parent: QWidget | None = None, *, preloader: Preloader | None = None
) -> Store | None:
    """Log in (or set up a new data folder, or encrypt an old one) and open the store.

    Explains any fault and offers to restore the newest good backup. The full
    integrity check, when due, is left to run in the background once the
    window shows (``check_integrity_in_background``). ``ZHOOB_OPERATOR`` and
    ``ZHOOB_PASSPHRASE`` log in without the dialog (scripted runs).

    With a ``preloader`` the window's modules load while a dialog waits for the
    person (from its first paint); the key is derived on a thread of its own
    beside what is left of them (``ui/startup.py``).
    """
    from pathlib import Path

    from zhoob_desktop.services.security import pin_start
    from zhoob_desktop.ui.security import login

    preloader = preloader or Preloader()
    data_dir = Path(data_dir)
    creds = access.Credentials.from_env()
    asked = False
    message, wait, with_pin = "", 0.0, False
    recovery_key: str | None = None
    recovered = False
    unlocking: Unlocking | None = None
    while True:
        try:
            if creds is None:
                asked = True
                if access.is_encrypted(data_dir):
                    dialog = login.LoginDialog(data_dir, parent, message=message)
                    if with_pin and not dialog.use_pin.isHidden():
                        dialog.use_pin.setChecked(True)
                    if wait:
                        dialog.show_error(message, wait)
                    preloader.start_after_paint(dialog)
                    arm_login_probe(dialog)
                    if dialog.exec() != login.QDialog.DialogCode.Accepted:
                        return None
                    creds = dialog.credentials()
                    # "Forgot the passphrase…": the recovery key opened it and set a new passphrase
                    recovered = dialog.recovered is not None
                else:
                    plain = (data_dir / DB_NAME).exists() and (data_dir / DB_NAME).stat().st_size > 0
                    setup = login.SetupDialog(data_dir, parent, convert=plain)
                    preloader.start_after_paint(setup)
                    arm_login_probe(setup)
                    if setup.exec() != login.QDialog.DialogCode.Accepted:
                        return None
                    creds = setup.credentials()
                    if plain:
                        preloader.wait()  # the conversion uses SQLAlchemy
                        report = login.convert_with_progress(data_dir, creds, parent)
                        if report is None:
                            return None
                        recovery_key = report.recovery_key
            unlocking = None
            db = data_dir / DB_NAME
            if access.is_encrypted(data_dir) or not (db.exists() and db.stat().st_size > 0):
                # The key (scrypt) on its own thread, beside the imports still running; a plain
                # database of an earlier version is left to open_store, which names it.
                unlocking = Unlocking(data_dir, creds)
            preloader.start()  # at once when no dialog was shown (the log-in from the environment)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                preloader.wait()  # before this thread imports anything heavy (ui/startup.py)
                from zhoob_desktop.services.store import open_store

                if unlocking is not None:
                    held, unlocked = unlocking.result()
                    store = open_store(data_dir, credentials=unlocked, lock=held, integrity="defer")
                else:
                    store = open_store(data_dir, credentials=creds, integrity="defer")
            finally:
                QApplication.restoreOverrideCursor()
            from zhoob_desktop.services.security import operators

            recovery_key = recovery_key or store.recovery_key
            again = False
            if asked and not recovery_key and operators.recovery_pending(store):
                # The program stopped after set-up before the key was shown or confirmed: the key nobody
                # saw is replaced by a new one, shown until the akim confirms it is on paper.
                recovery_key, again = operators.renew_recovery_key(store, reason="not-shown"), True
            if recovery_key and asked:
                dialog = login.RecoveryKeyDialog(store, recovery_key, parent, again=again)
                dialog.exec()
                if dialog.confirm.isChecked():
                    operators.confirm_recovery_key(store)
            if asked:
                from zhoob_desktop.services.security import audit

                by_recovery = creds.recovery or recovered
                how = (
                    audit.UNLOCK_RECOVERY
                    if by_recovery
                    else audit.UNLOCK_PIN
                    if creds.pin
                    else audit.UNLOCK_PASSPHRASE
                )
                audit.record(store, "login.recovery" if by_recovery else "login", detail={"with": how})
            from zhoob_desktop.commands import key_notes
            from zhoob_desktop.services.sync.keys import seal_at_log_in

            seal_at_log_in(store)
            notes = key_notes(store)
            if notes:
                QMessageBox.information(parent, APP_NAME, "\n\n".join(notes))
            from zhoob_desktop.ui.security.key_trouble import offer_key_restore

            offer_key_restore(store, parent)  # a damaged or missing key file: its copy offered
            return store
        except access.WrongPassphrase as exc:
            message, creds = exc.message(), None
            wait = access.delay_after(int(exc.params.get("count", 0)))
        except (
            pin_start.WrongPin,
            pin_start.PinTurnedOff,
            pin_start.PinNotSet,
            pin_start.PinSecretMissing,
        ) as exc:
            with_pin = isinstance(exc, pin_start.WrongPin)  # after five, or without a PIN: the passphrase
            message, creds, wait = exc.message(), None, 0.0
        except DatabaseCorrupt as exc:
            preloader.wait()
            unlocked = None
            if unlocking is not None and isinstance(unlocking.unlocked, access.Unlocked):
                unlocked = unlocking.unlocked
            elif creds and access.is_encrypted(data_dir):
                unlocked = access.unlock(data_dir, creds)
            if not offer_restore(data_dir, exc.message(), parent, unlocked=unlocked):
                return None
        except StoreError as exc:
            QMessageBox.critical(parent, APP_NAME, exc.message())
            return None


def offer_restore(data_dir, problem: str, parent: QWidget | None = None, *, unlocked=None) -> bool:
    """Say what is damaged and offer the newest good backup; True once it is restored.

    ``unlocked``: the log-in of an encrypted folder; only a role with the right restores, and the
    restored database's audit names who did.
    """
    from zhoob_desktop.services.backups import BackupManager

    manager = BackupManager(data_dir / DB_NAME, key=unlocked.data_key if unlocked else None)
    good = manager.newest_good()
    if good is None:
        QMessageBox.critical(parent, APP_NAME, problem + "\n\n" + _("No good backup was found."))
        return False
    answer = QMessageBox.question(
        parent,
        APP_NAME,
        problem
        + "\n\n"
        + _("Restore the backup of {when}? The damaged file is kept aside.").format(
            when=i18n.format_datetime(good.taken_at)
        ),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    if unlocked is None:
        manager.restore(good)
        return True
    from zhoob_desktop.services.security.restore import restore_backup

    try:
        restore_backup(data_dir, unlocked, good)
    except ZhoobError as exc:
        QMessageBox.critical(parent, APP_NAME, exc.message())
        return False
    return True


class IntegrityWatch(QObject):
    """The full integrity check of a store, off the window's thread; ``damaged(message)`` if it fails."""

    damaged = Signal(str)

    def __init__(self, store: Store, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.verdict: str | None = None
        self.job: Job | None = None

    def start(self) -> None:
        from zhoob_desktop.ui.worker import Job

        self.job = Job(lambda _progress, _cancelled: self.store.check_integrity(), self)
        self.job.done.connect(self._done)
        self.job.start()

    def _done(self, verdict: object) -> None:
        self.verdict = str(verdict)
        if self.verdict != "ok":
            self.damaged.emit(DatabaseCorrupt(path=str(self.store.db_path), detail=self.verdict).message())

    def wait(self) -> None:
        if self.job is not None and self.job.is_running():
            self.job.wait()


def start_sending_soon(window) -> None:
    """The send queue to the district service, by itself, once the window has shown (ui/sync/sender.py)."""

    def start() -> None:
        from zhoob_desktop.ui.sync.sender import start_sending

        start_sending(window.store, window.bus)

    QTimer.singleShot(SEND_AFTER_MS, start)


def close_store(store: Store, parent: QWidget | None = None) -> None:
    """Close the store, backing it up when something changed; a large copy shows progress and Cancel."""
    if not store.backup_needed() or store.db_path.stat().st_size < LARGE_STORE_BYTES:
        store.close(backup=True)
        return
    dialog = QProgressDialog(_("Backing up the database…"), _("Skip"), 0, 100, parent)
    dialog.setWindowTitle(APP_NAME)
    dialog.setMinimumDuration(300)

    def progress(done: int, total: int) -> None:
        dialog.setValue(int(100 * done / total) if total else 100)
        QApplication.processEvents()

    try:
        store.close(backup=True, progress=progress, cancelled=dialog.wasCanceled)
    except OperationCancelled:
        pass  # the backups taken before imports and migrations still stand
    finally:
        dialog.close()


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
            from zhoob_desktop.services.okrug import save_okrug

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
    private_umask()  # the database, its backups, exports and papers: the user's only
    app = make_application([sys.argv[0], *argv])
    arm_smoke_quit(app)  # ZHOOB_SMOKE_QUIT_MS: release smoke test (scripts/smoke-release)
    data_dir = resolve_data_dir(args.data_dir)
    lang = (
        args.lang
        or os.environ.get("ZHOOB_LANG")
        or remembered_language(data_dir, LANGUAGES)
        or i18n.DEFAULT_LANGUAGE
    )
    i18n.set_language(lang if lang in LANGUAGES else i18n.DEFAULT_LANGUAGE)
    install_qt_translations(i18n.get_language())
    while True:  # again after a backup was restored over a database found damaged
        store = open_store_interactively(data_dir)
        if store is None:
            return 1
        from zhoob_desktop.services.okrug import get_okrug
        from zhoob_desktop.ui.bus import Bus

        damage: list[str] = []
        try:
            stored_lang = store.get_setting("language")
            if not args.lang and stored_lang in LANGUAGES and stored_lang != i18n.get_language():
                i18n.set_language(stored_lang)
                install_qt_translations(stored_lang)
            if stored_lang in LANGUAGES:
                remember_language(data_dir, stored_lang)  # the next log-in dialog speaks it
            if get_okrug(store) is None and not first_run(store):
                close_store(store)
                return 0
            from zhoob_desktop.ui.decisions.reminders import remind_on_start
            from zhoob_desktop.ui.main_window import MainWindow

            window = MainWindow(store, Bus())
            window.show()
            from zhoob_desktop.ui.security.idle import IdleLock

            window.idle_lock = IdleLock(window, store)
            arm_startup_probe(app, window)
            window.offer_recovery_soon()
            remind_on_start(window, store)  # what is overdue or due within a week
            start_sending_soon(window)
            watch = IntegrityWatch(store, window)
            if store.integrity_due:
                watch.damaged.connect(
                    lambda problem, damage=damage, window=window: (
                        damage.append(problem),
                        window.close(),
                        app.exit(1),
                    )
                )
                watch.start()
            code = app.exec()
            watch.wait()
        except BaseException:
            close_store(store)
            raise
        if not damage:
            close_store(store)
            return code
        store.close(backup=False)  # a damaged database is never backed up over the good copies
        from zhoob_desktop.services.security.access import Unlocked

        unlocked = (
            None if store.operator is None else Unlocked(store.key, store.operator.id, store.operator.login)
        )
        if not offer_restore(data_dir, damage[0], unlocked=unlocked):
            return 1


if __name__ == "__main__":
    sys.exit(main())
