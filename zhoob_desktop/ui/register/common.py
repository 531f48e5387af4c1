"""Small pieces the register screens share: labels for codes, optional dates, error display."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QMessageBox, QWidget

from zhoob_desktop.services import i18n
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import _, pgettext
from zhoob_desktop.services.register.structure import StatusInfo
from zhoob_desktop.ui.dates import pydate as from_qdate
from zhoob_desktop.ui.dates import qdate as to_qdate

# The register's topics on the app-wide bus; a page refreshes when one of them changed.
TOPICS = frozenset({"residents", "settlements"})

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5a00;"
HINT_STYLE = "color: #33691e;"


def sex_label(code: str | None) -> str:
    """The full word for a sex code ("M"/"F"), empty when unknown."""
    if code == "M":
        return _("male")
    if code == "F":
        return _("female")
    return ""


def sex_short(code: str | None) -> str:
    """The one-letter sex mark used in the table."""
    if code == "M":
        # TRANSLATORS: one-letter mark for "male" in a narrow table column
        return pgettext("sex", "M")
    if code == "F":
        # TRANSLATORS: one-letter mark for "female" in a narrow table column
        return pgettext("sex", "F")
    return ""


def leave_reason_label(code: str | None) -> str:
    """Why a resident left the register, in words."""
    return {
        "moved": _("moved away"),
        "died": _("died"),
        "other": _("other reason"),
    }.get(code or "", code or "")


def status_name(status: StatusInfo) -> str:
    """A social status in the language of the program."""
    return status.name(i18n.get_language())


def short_date(value: date | None) -> str:
    """A date as 25.11.2026: four-digit years, since birth dates span a century."""
    return "" if value is None else i18n.format_date(value, "dd.MM.yyyy")


class OptionalDateEdit(QDateEdit):
    """A date field that may stay empty: its minimum date stands for "not entered"."""

    EMPTY = QDate(1900, 1, 1)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setMinimumDate(self.EMPTY)
        self.setMaximumDate(QDate(2100, 12, 31))
        self.setSpecialValueText("—")
        self.setDisplayFormat("dd.MM.yyyy")
        self.setDate(self.EMPTY)

    def value(self) -> date | None:
        current = self.date()
        return None if current == self.EMPTY else from_qdate(current)

    def set_value(self, value: date | None) -> None:
        self.setDate(self.EMPTY if value is None else to_qdate(value))


def set_message(label: QLabel, text: str, style: str = ERROR_STYLE) -> None:
    """Show (or hide, when empty) an inline message under a field."""
    label.setText(text)
    label.setStyleSheet(style)
    label.setVisible(bool(text))


# One place that shows refused actions; tests replace it to collect the messages.
ErrorSink = Callable[[QWidget | None, str, str], None]


def _message_box(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


error_sink: list[ErrorSink] = [_message_box]


def show_error(parent: QWidget | None, exc: ZhoobError, title: str | None = None) -> None:
    """Tell the user why a service refused an action, in the program's language."""
    error_sink[0](parent, title or _("Register of residents"), exc.message())


# Item data in combos is always text, "" for "none": QComboBox.findData cannot compare arbitrary
# Python objects, and PySide 6.12 miscounts references to None/True/False kept in a QVariant
# (the interpreter then aborts at exit).
NONE = ""


def add_id_item(combo: QComboBox, text: str, node_id: uuid.UUID | None) -> None:
    combo.addItem(text, NONE if node_id is None else str(node_id))


def combo_id(combo: QComboBox) -> uuid.UUID | None:
    data = combo.currentData()
    return uuid.UUID(data) if data else None


def combo_text(combo: QComboBox) -> str | None:
    """The text data of the current item, None for the "none" item."""
    return combo.currentData() or None


def select_id(combo: QComboBox, node_id: uuid.UUID | None) -> None:
    select_data(combo, None if node_id is None else str(node_id))


def select_data(combo: QComboBox, value: str | None) -> None:
    combo.setCurrentIndex(max(combo.findData(value or NONE), 0))
