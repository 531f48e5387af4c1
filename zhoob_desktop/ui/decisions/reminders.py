"""The reminder on start: what is overdue or falls due within a week (decisions, quarterly sittings,
the steps of the budget monitoring), in the user's language, over the main window and not blocking it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import _, ngettext
from zhoob_desktop.services.okrug_time import okrug_today
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.decisions.models import DeadlinesModel

REMINDER_DELAY_MS = 1500  # after the first paint and the question on a sitting left open, if any


class ReminderDialog(QDialog):
    """The list of what is overdue or due within a week, with the way to the page that deals with it."""

    def __init__(self, found: list, today: date, parent: QWidget | None = None, open_page=None, shown=str):
        super().__init__(parent)
        self.found = found
        self.open_page = open_page
        self.setWindowTitle(_("Reminder"))
        self.setMinimumSize(720, 360)
        overdue = sum(1 for d in found if d.overdue)
        layout = QVBoxLayout(self)
        soon = len(found) - overdue
        parts = []
        if overdue:
            parts.append(
                ngettext(
                    "{count} deadline is passed and not met.",
                    "{count} deadlines are passed and not met.",
                    overdue,
                ).format(count=overdue)
            )
        if soon:
            parts.append(
                ngettext("{count} falls due within a week.", "{count} fall due within a week.", soon).format(
                    count=soon
                )
            )
        self.summary = QLabel(" ".join(parts))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = DeadlinesModel(shown)  # typed subjects in the screen's language, or marked
        self.model.set_rows(found)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(DeadlinesModel.COL_DUE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DeadlinesModel.COL_SUBJECT, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DeadlinesModel.COL_WHAT, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(DeadlinesModel.COL_SUBJECT, 240)
        self.view.resizeRowsToContents()
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.decisions_button = QPushButton(_("Open the decisions"))
        self.monitoring_button = QPushButton(_("Open the monitoring"))
        buttons.addButton(self.decisions_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.monitoring_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.monitoring_button.setVisible(any(d.kind == "monitoring" for d in found))
        self.decisions_button.clicked.connect(lambda: self._open("decisions"))
        self.monitoring_button.clicked.connect(lambda: self._open("monitoring"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.view.doubleClicked.connect(lambda index: self._open(
            "monitoring" if self.model.rows[index.row()].kind == "monitoring" else "decisions"))  # fmt: skip

    def _open(self, key: str) -> None:
        if self.open_page is not None:
            self.open_page(key)
        self.accept()


def reminder_list(store: Store, today: date | None = None) -> list:
    """What the reminder shows (empty when nothing is overdue or due within a week)."""
    from zhoob_desktop.services.decisions import reminders

    try:
        return reminders(store, today=today)
    except ZhoobError:
        return []  # a damaged journal is reported by the integrity check, not by a reminder


def show_reminder(window, store: Store, today: date | None = None) -> ReminderDialog | None:
    """Show the reminder over the main window when there is something to remind of (not modal)."""
    found = reminder_list(store, today)
    if not found:
        return None

    def open_page(key: str) -> None:
        show = getattr(window, "show_page", None)
        if show is not None:
            show(key)

    from zhoob_desktop.ui.typed_texts import ShownTexts

    shown = ShownTexts(store)
    shown.load(d.subject for d in found if d.subject and not d.subject_msgid)
    dialog = ReminderDialog(found, today or okrug_today(store), window, open_page, shown)
    # Kept by the window (a child of it) until the window goes: closing it only hides it.
    window.reminder = dialog
    dialog.show()
    return dialog


def remind_on_start(window, store: Store) -> None:
    """Once the window is up: the reminder, if anything is overdue or due within a week."""
    QTimer.singleShot(REMINDER_DELAY_MS, lambda: show_reminder(window, store))
