"""The idle lock: after minutes without a key or a click the main window hides its data.

It does not lock while a speech countdown runs (the hall follows it) and it
never covers the live console: the console is its own window, left usable by
the secretary who opened it. "Lock now" (Ctrl+L) locks at once, when the
operator steps away. The operator comes back with their PIN, when they set one
(``services.security.pin``: five wrong PINs turn it off until the passphrase is
typed), or with their passphrase.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.security import audit, operators
from zhoob_desktop.services.security import pin as pin_mod
from zhoob_desktop.ui.security.login import pin_field

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


def countdown_running() -> bool:
    """Whether any speech countdown of an open console or hall screen is running."""
    from zhoob_desktop.ui.meeting.countdown import Countdown

    for window in QApplication.topLevelWidgets():
        for countdown in window.findChildren(Countdown):
            if countdown.running:
                return True
        own = getattr(window, "countdown", None)
        if isinstance(own, Countdown) and own.running:
            return True
    return False


class LockScreen(QWidget):
    """What the locked window shows: who is logged in and a PIN field (when they have a PIN) or a
    passphrase field, with a button to switch to the other."""

    def __init__(self, who: str, parent: QWidget | None = None, *, pin: bool = False):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel(who)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        row = QHBoxLayout()
        row.addStretch(1)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(_("Passphrase"))
        self.passphrase.setMinimumWidth(260)
        self.pin = pin_field()
        self.pin.setPlaceholderText(_("PIN"))
        self.pin.setMinimumWidth(160)
        self.unlock_button = QPushButton(_("Unlock"))
        row.addWidget(self.pin)
        row.addWidget(self.passphrase)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.switch = QPushButton()
        self.switch.setFlat(True)
        self.switch.clicked.connect(lambda: self.use_pin(not self.pin_mode))
        layout.addWidget(self.switch, alignment=Qt.AlignmentFlag.AlignCenter)
        self.error = QLabel()
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        layout.addWidget(self.error)
        layout.addStretch(2)
        self.pin_available = pin
        self.use_pin(pin)

    def use_pin(self, on: bool) -> None:
        """Ask for the PIN (when the operator has one that is not turned off) or for the passphrase."""
        self.pin_mode = on and self.pin_available
        self.pin.setVisible(self.pin_mode)
        self.passphrase.setVisible(not self.pin_mode)
        self.switch.setVisible(self.pin_available)
        self.switch.setText(_("Use the passphrase") if self.pin_mode else _("Use the PIN"))
        (self.pin if self.pin_mode else self.passphrase).setFocus()

    def pin_turned_off(self) -> None:
        self.pin_available = False
        self.use_pin(False)


class IdleLock(QObject):
    """Watches the application's input; locks ``window`` after ``minutes`` of none, or on "Lock now"."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        window: QMainWindow,
        store,
        minutes: float | None = None,
        *,
        busy: Callable[[], bool] = countdown_running,
    ):
        super().__init__(window)
        self.window, self.store, self.busy = window, store, busy
        self.minutes = operators.idle_minutes(store) if minutes is None else minutes
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._timeout)
        self.screen: LockScreen | None = None
        self._saved: QWidget | None = None
        #: Why the window is locked (``LOCK_REASONS``: after idle, Lock now), for the screen and the audit.
        self.reason: str | None = None
        #: The idle lock waited for a speech countdown to end before it locked.
        self._waited = False
        self._locked_at = 0.0
        #: The session's PIN: verifier and wrong tries in memory (``services.security.pin``).
        self.pin = pin_mod.PinGate.for_session(store)
        self.lock_action: QAction | None = None
        if store.operator is None:
            return
        self._add_lock_action()
        QApplication.instance().installEventFilter(self)
        if self.minutes > 0:
            self.timer.start(int(self.minutes * 60_000))

    def _add_lock_action(self) -> None:
        """ "Lock now" (Ctrl+L) in the window's File menu: step away, come back with the PIN."""
        self.lock_action = QAction(self.window)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock_now)
        menu = getattr(self.window, "file_menu", None)
        before = getattr(self.window, "quit_action", None)
        if menu is not None and before is not None:
            menu.insertAction(before, self.lock_action)
        else:
            self.window.addAction(self.lock_action)
        self.retranslate()
        bus = getattr(self.window, "bus", None)
        if bus is not None:
            bus.language_changed.connect(lambda _lang: self.retranslate())

    def retranslate(self) -> None:
        if self.lock_action is not None:
            self.lock_action.setText(_("Lock now"))

    @property
    def is_locked(self) -> bool:
        return self.screen is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _ACTIVITY and not self.is_locked and self.minutes > 0:
            self.timer.start()
        return False

    def _timeout(self) -> None:
        if self.busy():
            self._waited = True
            self.timer.start()  # a speech is being timed: the hall and the secretary need the screens
            return
        self.lock(audit.LOCK_IDLE)

    def lock_now(self) -> None:
        """Lock at once (the operator asked): the live console, a window of its own, stays as it is."""
        self.lock(audit.LOCK_NOW)

    def lock(self, reason: str = audit.LOCK_IDLE) -> None:
        """Lock the window; ``reason`` (``audit.LOCK_REASONS``) is shown and entered in the audit."""
        if self.is_locked or self.store.operator is None:
            return
        self.pin.refresh(self.store)
        who = self.store.operator.full_name or self.store.operator.login
        self.screen = LockScreen(who, pin=self.pin.enabled)
        self.reason = reason
        self._locked_at = time.monotonic()
        if reason == audit.LOCK_NOW:
            text = _("Locked. {who} is logged in.").format(who=who)
        else:
            text = _("Locked after {minutes} minutes without use. {who} is logged in.").format(
                minutes=f"{self.minutes:g}", who=who
            )
        self.screen.title.setText(text)
        self.screen.unlock_button.clicked.connect(self._try)
        self.screen.passphrase.returnPressed.connect(self._try)
        self.screen.pin.returnPressed.connect(self._try)
        self._saved = self.window.takeCentralWidget()
        self.window.setCentralWidget(self.screen)
        self.window.menuBar().setEnabled(False)
        if self.lock_action is not None:
            self.lock_action.setEnabled(False)
        self.screen.use_pin(self.pin.enabled)
        audit.record(self.store, "lock", detail=self._lock_detail())
        self.locked.emit()

    def _lock_detail(self) -> dict:
        """Why the window is locked, as the audit keeps it: the reason, and for idle its minutes."""
        detail: dict = {"reason": self.reason}
        if self.reason == audit.LOCK_IDLE:
            detail["minutes"] = self.minutes
            if self._waited:
                detail["waited_for_countdown"] = True
        return detail

    def _try(self) -> None:
        assert self.screen is not None
        if self.screen.pin_mode:
            self._try_pin()
        else:
            self._try_passphrase()

    def _try_pin(self) -> None:
        assert self.screen is not None
        typed = self.screen.pin.text()
        self.screen.pin.clear()
        if self.pin.check(typed):
            self.unlock(how=audit.UNLOCK_PIN)
            return
        if self.pin.blocked:
            audit.record(self.store, "pin.blocked", self.pin.operator_id, {"tries": pin_mod.MAX_TRIES})
            self.screen.pin_turned_off()
            self.screen.error.setText(
                _(
                    "{count} wrong PINs in a row: the PIN is turned off until you type your passphrase."
                ).format(count=pin_mod.MAX_TRIES)
            )
            return
        self.screen.error.setText(
            _("Wrong PIN. Tries left before the PIN is turned off: {count}.").format(
                count=self.pin.tries_left
            )
        )

    def _try_passphrase(self) -> None:
        assert self.screen is not None
        wait = operators.wait_before_attempt(self.store)
        if wait > 0:
            self.screen.error.setText(
                _("Wait {seconds} s before the next attempt.").format(seconds=int(wait) + 1)
            )
            return
        if not operators.verify_passphrase(self.store, self.screen.passphrase.text(), sleep=lambda _s: None):
            self.screen.passphrase.clear()
            self.screen.error.setText(_("Wrong passphrase."))
            return
        self.pin.passphrase_typed()
        self.unlock(how=audit.UNLOCK_PASSPHRASE)

    def unlock(self, how: str = "passphrase") -> None:
        """Give the window back; ``how`` the operator proved who they are (``audit.UNLOCK_*``)."""
        if self.screen is None:
            return
        self.window.takeCentralWidget()
        self.screen.deleteLater()
        self.screen = None
        if self._saved is not None:
            self.window.setCentralWidget(self._saved)
            self._saved = None
        self.window.menuBar().setEnabled(True)
        if self.lock_action is not None:
            self.lock_action.setEnabled(True)
        detail = {"with": how, **self._lock_detail()}
        detail["locked_seconds"] = int(time.monotonic() - self._locked_at)
        self.reason, self._waited = None, False
        audit.record(self.store, "unlock", detail=detail)
        if self.minutes > 0:
            self.timer.start()
        self.unlocked.emit()
