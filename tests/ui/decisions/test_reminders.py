"""The reminder on start: what is overdue or due within a week, in the user's language."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from tests.services.decisions.helpers import held_sitting
from zhoob_desktop.services import i18n
from zhoob_desktop.ui.decisions.reminders import ReminderDialog, reminder_list, show_reminder


class FakeWindow(QWidget):
    """A window with pages, as the main window is to the reminder."""

    def __init__(self):
        super().__init__()
        self.shown = []

    def show_page(self, key):
        self.shown.append(key)


def test_reminder_lists_overdue_and_this_week(qtbot, store):
    held_sitting(store, date(2026, 11, 20), ["Repair the bridge"], titles=["Roads"])
    today = date(2026, 11, 25)
    found = reminder_list(store, today)
    kinds = {d.kind for d in found}
    assert {"protocol", "quarter", "monitoring"} <= kinds
    assert all(d.due <= date(2026, 12, 2) for d in found)
    i18n.set_language("kk")
    window = FakeWindow()
    qtbot.addWidget(window)
    dialog = show_reminder(window, store, today)
    assert isinstance(dialog, ReminderDialog) and dialog.isVisible() and not dialog.isModal()
    assert dialog.windowTitle() != "Reminder" and "Мерзімі өтіп" in dialog.summary.text()
    assert dialog.model.rowCount() == len(found)
    dialog.monitoring_button.click()
    assert window.shown == ["monitoring"]


def test_no_reminder_when_nothing_is_due(qtbot, store, monkeypatch):
    from zhoob_desktop.services import decisions

    monkeypatch.setattr(decisions, "reminders", lambda store, today=None: [])
    window = FakeWindow()
    qtbot.addWidget(window)
    assert show_reminder(window, store, date(2026, 2, 20)) is None
