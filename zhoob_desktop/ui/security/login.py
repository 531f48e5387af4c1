"""The dialogs before the window: log in, set up a new data folder, encrypt an old one, recover.

The window never sees a passphrase after these: the store holds the data key
and the operator; the idle lock asks the passphrase again (``idle.py``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRegularExpression, Qt, QTimer
from PySide6.QtGui import QFont, QGuiApplication, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop import APP_NAME
from zhoob_desktop.services.errors import OperationCancelled, ZhoobError
from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.security import access
from zhoob_desktop.services.security.access import Credentials


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def pin_field() -> QLineEdit:
    """A field for a PIN: digits only (4 to 8), not echoed."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(8)
    field.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]*"), field))
    field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    return field


def _error_and_buttons(dialog: QDialog, layout: QVBoxLayout, accept) -> QLabel:
    """The refusal line (red, wrapping) and OK/Cancel under a form; OK runs ``accept``."""
    error = QLabel()
    error.setStyleSheet("color: #b00020")
    error.setWordWrap(True)
    layout.addWidget(error)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return error


class LoginDialog(QDialog):
    """Operator and passphrase for an encrypted data folder; a wrong one waits longer each time."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None, *, message: str = ""):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.setWindowTitle(APP_NAME)
        layout = QVBoxLayout(self)
        intro = QLabel(_("The data are encrypted. Log in with your name and passphrase."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = self.form = QFormLayout()
        self.login = QComboBox()
        self.login.setEditable(True)
        pins = False
        try:
            key_file = access.AccessFile.read(self.data_dir)
            self.login.addItems(key_file.logins())
            pins = key_file.has_pin_wraps()
        except ZhoobError:
            pass
        self.passphrase = _password_field()
        self.pin = pin_field()
        form.addRow(_("Operator"), self.login)
        form.addRow(_("Passphrase"), self.passphrase)
        form.addRow(_("PIN"), self.pin)
        layout.addLayout(form)
        # A PIN at start exists only where an operator set one, bound to this user account's protected
        # store (services/security/pin_start.py); otherwise the choice is not shown at all.
        self.use_pin = QCheckBox(_("Log in with my PIN (this computer)"))
        self.use_pin.setVisible(pins)
        self.use_pin.toggled.connect(self._pin_chosen)
        layout.addWidget(self.use_pin)
        form.setRowVisible(self.pin, False)
        self.error = QLabel(message)
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.forgot = QPushButton(_("Forgot the passphrase…"))
        self.forgot.clicked.connect(self._recover)
        layout.addWidget(self.forgot, alignment=Qt.AlignmentFlag.AlignLeft)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Log in"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.passphrase.setFocus()
        self.recovered: Credentials | None = None

    def _pin_chosen(self, on: bool) -> None:
        self.form.setRowVisible(self.passphrase, not on)
        self.form.setRowVisible(self.pin, on)
        (self.pin if on else self.passphrase).setFocus()

    def credentials(self) -> Credentials:
        if self.recovered is not None:
            return self.recovered
        if self.use_pin.isChecked():
            return Credentials(self.login.currentText().strip(), self.pin.text(), pin=True)
        return Credentials(self.login.currentText().strip(), self.passphrase.text())

    def show_error(self, message: str, wait_seconds: float = 0) -> None:
        """Show why the log-in failed; the button stays disabled while the wait lasts."""
        self.error.setText(message)
        self.passphrase.clear()
        self.pin.clear()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if wait_seconds > 0:
            ok.setEnabled(False)
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda: ok.setEnabled(True))
            timer.start(int(wait_seconds * 1000))

    def _recover(self) -> None:
        dialog = RecoverDialog(self.data_dir, self.login.currentText().strip(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_credentials is not None:
            self.recovered = dialog.result_credentials
            self.accept()


class RecoverDialog(QDialog):
    """A lost passphrase: the recovery key from the akim's safe, and a new passphrase."""

    def __init__(self, data_dir: Path, login: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.data_dir = data_dir
        self.result_credentials: Credentials | None = None
        self.setWindowTitle(_("Recover access"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.login = QLineEdit(login)
        self.key = QLineEdit()
        self.key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.new = _password_field()
        self.again = _password_field()
        form.addRow(_("Operator"), self.login)
        form.addRow(_("Recovery key"), self.key)
        form.addRow(_("New passphrase"), self.new)
        form.addRow(_("The same again"), self.again)
        layout.addLayout(form)
        self.error = _error_and_buttons(self, layout, self._try)

    def _try(self) -> None:
        if self.new.text() != self.again.text():
            self.error.setText(_("The two entries differ."))
            return
        try:
            access.recover(self.data_dir, self.key.text(), self.login.text(), self.new.text())
        except ZhoobError as exc:
            self.error.setText(exc.message())
            return
        self.result_credentials = Credentials(self.login.text().strip(), self.new.text())
        self.accept()


class SetupDialog(QDialog):
    """The first operator of a new data folder (the akim), or of an old plain one being encrypted."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None, *, convert: bool = False):
        super().__init__(parent)
        self.setWindowTitle(APP_NAME)
        layout = QVBoxLayout(self)
        if convert:
            text = _(
                "The data in {path} were written by an earlier version and are not encrypted. They will be "
                "encrypted now: a backup is taken first, and the plain copies are removed afterwards. "
                "Choose the akim's log-in name and passphrase."
            )
        else:
            text = _(
                "A new data folder {path}. Its data will be encrypted: choose the log-in name and passphrase of "
                "the first operator, the akim, who can add the others."
            )
        intro = QLabel(text.format(path=data_dir))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.login = QLineEdit()
        self.passphrase = _password_field()
        self.again = _password_field()
        form.addRow(_("Log-in name"), self.login)
        form.addRow(_("Passphrase (at least 8 characters)"), self.passphrase)
        form.addRow(_("The same again"), self.again)
        layout.addLayout(form)
        self.error = _error_and_buttons(self, layout, self._check)

    def _check(self) -> None:
        if not self.login.text().strip():
            self.error.setText(_("Enter a log-in name."))
            return
        if self.passphrase.text() != self.again.text():
            self.error.setText(_("The two entries differ."))
            return
        try:
            access.check_passphrase(self.passphrase.text(), self.login.text())
        except ZhoobError as exc:
            self.error.setText(exc.message())
            return
        self.accept()

    def credentials(self) -> Credentials:
        return Credentials(self.login.text().strip(), self.passphrase.text())


class RecoveryKeyDialog(QDialog):
    """The recovery key, shown once: print it (a PDF sheet) or write it down before going on."""

    def __init__(self, store, recovery_key: str, parent: QWidget | None = None, *, again: bool = False):
        super().__init__(parent)
        self.store = store
        self.recovery_key = recovery_key
        self.setWindowTitle(_("Recovery key"))
        layout = QVBoxLayout(self)
        if again:
            note = QLabel(
                _(
                    "The recovery key made when the data folder was set up was not confirmed as printed or "
                    "written down (the program stopped before). Here is a new one in its place; the earlier "
                    "one no longer works."
                )
            )
            note.setWordWrap(True)
            note.setStyleSheet("font-weight: bold")
            layout.addWidget(note)
        intro = QLabel(
            _(
                "This is the recovery key of the data. If every passphrase is forgotten, only this key opens "
                "them. Print it or write it down and keep the paper in the akim's safe; it is not shown again."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        key = QLabel(recovery_key)
        key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont("DejaVu Sans Mono")
        font.setPointSize(16)
        key.setFont(font)
        layout.addWidget(key, alignment=Qt.AlignmentFlag.AlignCenter)
        self.print_button = QPushButton(_("Save the sheet to print (PDF)…"))
        self.print_button.clicked.connect(self._save_sheet)
        copy = QPushButton(_("Copy"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(recovery_key))
        layout.addWidget(self.print_button)
        layout.addWidget(copy)
        self.confirm = QCheckBox(_("I have printed or written down the recovery key"))
        layout.addWidget(self.confirm)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.confirm.toggled.connect(self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled)
        self.buttons.accepted.connect(self.accept)
        layout.addWidget(self.buttons)

    def _save_sheet(self) -> None:
        from zhoob_desktop.services.security.sheet import write_recovery_sheet

        path, _chosen = QFileDialog.getSaveFileName(
            self, _("Recovery key"), "recovery-key.pdf", "PDF (*.pdf)"
        )
        if path:
            write_recovery_sheet(self.store, self.recovery_key, path)

    def reject(self) -> None:  # Escape does not skip it
        if self.confirm.isChecked():
            super().reject()


def convert_with_progress(data_dir: Path, credentials: Credentials, parent: QWidget | None = None):
    """Encrypt an old data folder with a progress dialog and Cancel; returns the report or None."""
    from zhoob_desktop.services.security import convert

    dialog = QProgressDialog(_("Encrypting the data…"), _("Cancel"), 0, 100, parent)
    dialog.setWindowTitle(APP_NAME)
    dialog.setMinimumDuration(0)

    def progress(done: int, total: int) -> None:
        dialog.setValue(int(100 * done / total) if total else 100)
        QApplication.processEvents()

    try:
        report = convert.encrypt_folder(
            data_dir,
            credentials.login,
            credentials.passphrase,
            progress=progress,
            cancelled=dialog.wasCanceled,
        )
    except OperationCancelled:
        return None
    finally:
        dialog.close()
    lines = [_("The data are encrypted.")]
    lines += [_("Still plain (remove or move it yourself): {path}").format(path=p) for p in report.left_plain]
    lines += [_(c) for c in report.caveats]
    QMessageBox.information(parent, APP_NAME, "\n\n".join(lines))
    return report
