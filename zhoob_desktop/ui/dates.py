"""Dates between Python and Qt, and the date fields of every dialog.

Four-digit years in every language: the Kazakh locale's short format has two,
and birth dates and decrees span a century.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit

DATE_FORMAT = "dd.MM.yyyy"


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def date_edit(day: date, lowest: date | None = None, highest: date | None = None) -> QDateEdit:
    """A date field with a calendar popup; ``lowest``/``highest`` bound it when both are given."""
    edit = QDateEdit(qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    if lowest is not None and highest is not None:
        edit.setDateRange(qdate(lowest), qdate(max(lowest, highest)))
    return edit
