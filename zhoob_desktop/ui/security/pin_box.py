"""Settings: the logged-in operator's own PIN (set, change, remove).

The PIN brings the operator back to a locked window of a running session; it
never opens the data at start (docs/security.md says why).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.security import pin as pin_mod
from zhoob_desktop.ui.security.login import _error_and_buttons, pin_field

WIDTH = 480


class PinDialog(QDialog):
    """A new PIN, typed twice."""

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_("PIN"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "The PIN ({low} to {high} digits) unlocks the window while the program runs: after the lock for "
                "idle or Lock now. After {count} wrong PINs in a row the PIN is turned off until the passphrase "
                "is typed."
            ).format(low=pin_mod.MIN_DIGITS, high=pin_mod.MAX_DIGITS, count=pin_mod.MAX_TRIES)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        rules = QLabel(
            _(
                "Not accepted: one digit repeated, digits in a row or a repeated group (1111, 1234, 1212), a year "
                "(1987), a date (3112, 150385) and digits of your own IIN."
            )
        )
        rules.setWordWrap(True)
        layout.addWidget(rules)
        form = QFormLayout()
        self.pin, self.again = pin_field(), pin_field()
        form.addRow(_("New PIN"), self.pin)
        form.addRow(_("The same again"), self.again)
        layout.addLayout(form)
        from zhoob_desktop.services.security import pin_start

        protected = pin_start.protected_store()
        self.at_start = QCheckBox(_("Also at start (this computer and user account)"))
        self.at_start.setEnabled(protected is not None)
        layout.addWidget(self.at_start)
        self.at_start_note = QLabel()
        self.at_start_note.setWordWrap(True)
        if protected is None:
            self.at_start_note.setText(pin_start.PinAtStartUnavailable().message())
        else:
            self.at_start_note.setText(
                _(
                    "The PIN's secret is kept in {store} of this user account, not in the data folder: a copy "
                    "of the folder cannot be opened with the PIN. Do not use it on a user account shared with "
                    "others or without a password."
                ).format(store=protected.name)
            )
        layout.addWidget(self.at_start_note)
        self.error = _error_and_buttons(self, layout, self._save)
        self.setMinimumWidth(WIDTH)
        self._fit()

    def _fit(self) -> None:
        """Tall enough for the wrapped lines at the dialog's width (Qt does not count them itself)."""
        layout = self.layout()
        layout.activate()
        width = max(self.width(), WIDTH)
        self.setMinimumHeight(layout.totalHeightForWidth(width))
        self.resize(width, layout.totalHeightForWidth(width))

    def _refuse(self, message: str) -> None:
        self.error.setText(message)
        self._fit()

    def _save(self) -> None:
        if self.pin.text() != self.again.text():
            self._refuse(_("The two entries differ."))
            return
        try:
            pin_mod.set_pin(self.store, self.pin.text(), at_start=self.at_start.isChecked())
        except ZhoobError as exc:
            self._refuse(exc.message())
            return
        self.accept()


class PinBox(QGroupBox):
    """The operator's PIN on the Settings page: whether one is set, and the buttons to change it."""

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        layout = QVBoxLayout(self)
        self.state = QLabel()
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        row = QHBoxLayout()
        self.set_button = QPushButton()
        self.set_button.clicked.connect(self._set)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self._clear)
        row.addWidget(self.set_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.setVisible(store.operator is not None)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("PIN"))
        if self.store.operator is None:
            return
        has = pin_mod.has_pin(self.store)
        who = self.store.operator.full_name or self.store.operator.login
        if has and pin_mod.has_pin_at_start(self.store):
            text = _(
                "{who} has a PIN: it unlocks the window after the lock for idle or Lock now (Ctrl+L), and "
                "opens the program at start on this computer and user account."
            )
        elif has:
            text = _(
                "{who} has a PIN: it unlocks the window after the lock for idle or Lock now (Ctrl+L). "
                "The program still asks the passphrase at start."
            )
        else:
            text = _(
                "{who} has no PIN: a locked window asks the passphrase. A PIN of {low} to {high} digits is "
                "quicker to type; it only unlocks a window of a running session."
            )
        self.state.setText(text.format(who=who, low=pin_mod.MIN_DIGITS, high=pin_mod.MAX_DIGITS))
        self.set_button.setText(_("Change the PIN…") if has else _("Set a PIN…"))
        self.clear_button.setText(_("Remove the PIN"))
        self.clear_button.setEnabled(has)

    def _set(self) -> None:
        if PinDialog(self.store, self).exec() == QDialog.DialogCode.Accepted:
            self.retranslate()

    def _clear(self) -> None:
        try:
            pin_mod.clear_pin(self.store)
        except ZhoobError as exc:
            QMessageBox.warning(self, _("PIN"), exc.message())
        self.retranslate()
