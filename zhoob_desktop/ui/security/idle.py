"""The idle lock: after minutes without a key or a click the main window hides its data.

It does not lock while a speech countdown runs (the hall follows it) and it
never covers the live console: the console is its own window, left usable by
the secretary who opened it. The operator unlocks with the same passphrase.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
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
    """What the locked window shows: who is logged in and a passphrase field."""

    def __init__(self, who: str, parent: QWidget | None = None):
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
        self.unlock_button = QPushButton(_("Unlock"))
        row.addWidget(self.passphrase)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.error = QLabel()
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error.setStyleSheet("color: #b00020")
        layout.addWidget(self.error)
        layout.addStretch(2)


class IdleLock(QObject):
    """Watches the application's input; locks ``window`` after ``minutes`` of none."""

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
        if self.minutes > 0 and store.operator is not None:
            QApplication.instance().installEventFilter(self)
            self.timer.start(int(self.minutes * 60_000))

    @property
    def is_locked(self) -> bool:
        return self.screen is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _ACTIVITY and not self.is_locked:
            self.timer.start()
        return False

    def _timeout(self) -> None:
        if self.busy():
            self.timer.start()  # a speech is being timed: the hall and the secretary need the screens
            return
        self.lock()

    def lock(self) -> None:
        if self.is_locked:
            return
        who = self.store.operator.full_name or self.store.operator.login
        self.screen = LockScreen(who)
        self.screen.title.setText(
            _("Locked after {minutes} minutes without use. {who} is logged in.").format(
                minutes=f"{self.minutes:g}", who=who
            )
        )
        self.screen.unlock_button.clicked.connect(self._try)
        self.screen.passphrase.returnPressed.connect(self._try)
        self._saved = self.window.takeCentralWidget()
        self.window.setCentralWidget(self.screen)
        self.window.menuBar().setEnabled(False)
        self.screen.passphrase.setFocus()
        self.locked.emit()

    def _try(self) -> None:
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
        self.unlock()

    def unlock(self) -> None:
        if self.screen is None:
            return
        self.window.takeCentralWidget()
        self.screen.deleteLater()
        self.screen = None
        if self._saved is not None:
            self.window.setCentralWidget(self._saved)
            self._saved = None
        self.window.menuBar().setEnabled(True)
        audit.record(self.store, "unlock")
        self.timer.start()
        self.unlocked.emit()
