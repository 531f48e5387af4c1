"""The console's keys, listed where the secretary can see them (F1), and how actions explain themselves.

One table of keys serves the help window and the button labels' hints, so
what the screen says is what the keys do. ``explain`` enables an action only
when it can be taken, and puts the reason in its tooltip otherwise: no
button of the console is ever a silent no-op.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _

# (keys, what they do, where): msgids translated when shown.
KEYS: tuple[tuple[str, str, str], ...] = (
    ("F1", N_("This list of keys"), N_("everywhere")),
    ("Alt+1 … Alt+6", N_("Registration, Opening, Agenda, Speakers, Voting, Questions"), N_("everywhere")),
    ("Ctrl+L", N_("Go to the registration search"), N_("everywhere")),
    ("Enter", N_("Register the member found; with several found, the one chosen"), N_("Registration")),
    ("↑ ↓", N_("Choose among several members found"), N_("Registration")),
    ("Ctrl+D", N_("A person leaves the hall"), N_("everywhere")),
    ("Ctrl+E", N_("A member is absent for a valid reason"), N_("everywhere")),
    ("F2", N_("Take up the next agenda item"), N_("everywhere")),
    ("F3", N_("Finish the agenda item"), N_("everywhere")),
    ("F9", N_("Break / resume"), N_("everywhere")),
    ("Ctrl+N", N_("Add a speaker"), N_("everywhere")),
    ("F5", N_("Start the next speech"), N_("everywhere")),
    ("F6", N_("Pause / resume the speech"), N_("everywhere")),
    ("F8", N_("Stop the speech"), N_("everywhere")),
    ("F7", N_("Put an extension of the speech to the vote"), N_("everywhere")),
    ("F4", N_("All present vote for"), N_("Voting")),
    ("Shift+F4", N_("The members not counted yet vote against"), N_("Voting")),
    ("Ctrl+F4", N_("The members not counted yet abstain"), N_("Voting")),
    ("Enter", N_("The next count"), N_("Voting")),
    ("1 2 3 0", N_("Roll call: for, against, abstained, clear; then the next member"), N_("Voting")),
    ("Ctrl+Enter", N_("Record the vote (a vote that fails: press again to confirm)"), N_("Voting")),
    ("Esc", N_("Back to the counts"), N_("Voting")),
    ("1 / 2", N_("The chair's casting vote: for / against"), N_("Casting vote")),
    ("Ctrl+Z", N_("Take back the last event (with a reason)"), N_("everywhere")),
    ("F10", N_("Show the hall screen"), N_("everywhere")),
    ("F11", N_("Full screen on or off"), N_("Hall screen")),
)


class RefusalLine(QLabel):
    """A refusal said on the panel, with its rule: dark red, bold, taking no room while there is none."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("refusal")
        self.setWordWrap(True)
        self.setStyleSheet("color: #9b1c15; font-weight: bold;")  # 7.2:1 on the window's background
        self.setVisible(False)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setVisible(bool(text))


def explain(button: QAbstractButton, reason: ZhoobError | str | None, ready: str = "") -> None:
    """Enable ``button`` when there is no ``reason`` against it; otherwise say the reason in its tooltip."""
    button.setEnabled(reason is None)
    if isinstance(reason, ZhoobError):
        reason = reason.message()
    button.setToolTip(reason or ready)


def enter_clicks(*buttons: QAbstractButton) -> None:
    """Enter on a focused button presses it, as Space does (outside dialogs Qt leaves Enter alone)."""
    for button in buttons:
        button.setAutoDefault(True)


class KeysDialog(QDialog):
    """Every key of the console in one table (F1 again or Esc closes it)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("keysHelp")
        self.setWindowTitle(_("Keys of the live console"))
        intro = QLabel(_("Everything at the console can be done from the keyboard:"))
        intro.setWordWrap(True)
        self.table = QTableWidget(len(KEYS), 3)
        self.table.setObjectName("keysTable")
        self.table.setHorizontalHeaderLabels([_("Keys"), _("What they do"), _("Where")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for row, (keys, what, where) in enumerate(KEYS):
            for col, text in enumerate((keys, _(what), _(where))):
                self.table.setItem(row, col, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        QShortcut(QKeySequence(Qt.Key.Key_F1), self, self.reject)
        area = self.screen().availableGeometry()
        self.resize(min(760, area.width() - 40), min(640, area.height() - 80))
        self.table.resizeRowsToContents()
