"""Settings: the working-day calendar of a year and its corrections by government decree.

Every deadline in working days (the protocol to the akim, the akim's review,
the members told) counts on this calendar. The holidays package knows the
public holidays and the moved days off of the years it was built with; a
decree published later, or a holiday it only estimates (Kurban ait), is
entered here with the decree's number and date.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, format_date, ngettext
from zhoob_desktop.services.meeting.calendar import CONFIRMED, CORRECTION_KINDS, DAY_OFF
from zhoob_desktop.services.meeting.calendar_corrections import (
    KIND_LABELS,
    CalendarDay,
    add_correction,
    remove_correction,
    year_days,
)
from zhoob_desktop.services.okrug_time import okrug_today
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.dates import DATE_FORMAT

ESTIMATE = QColor("#fde3b0")
HEADERS = (N_("Date"), N_("Why"), N_("Decree"))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def day_name(day: CalendarDay) -> str:
    return _(day.name).format(**{k: _(v) for k, v in day.params.items()})


class CorrectionDialog(QDialog):
    """A day, what it becomes, and the decree (number and date) that says so."""

    def __init__(self, day: date, kind: str = DAY_OFF, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Correct the calendar"))
        form = QFormLayout(self)
        self.day = QDateEdit(_qdate(day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(DATE_FORMAT)
        self.kind = QComboBox()
        for code in CORRECTION_KINDS:
            self.kind.addItem(_(KIND_LABELS[code]), code)
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.decree = QLineEdit()
        self.decree.setPlaceholderText(_("e.g. 955"))
        self.decree_date = QDateEdit(_qdate(date.today()))
        self.decree_date.setCalendarPopup(True)
        self.decree_date.setDisplayFormat(DATE_FORMAT)
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("e.g. moved from Saturday 26 December"))
        form.addRow(_("Day"), self.day)
        form.addRow(_("It is"), self.kind)
        form.addRow(_("Decree No."), self.decree)
        form.addRow(_("Decree of"), self.decree_date)
        form.addRow(_("Note"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[date, str, str, date, str]:
        return (
            _pydate(self.day.date()),
            self.kind.currentData(),
            self.decree.text(),
            _pydate(self.decree_date.date()),
            self.note.text(),
        )


def same_day_in(year: int, day: date) -> date:
    """The day's month and day in another year (29 February becomes the 28th in a common year)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


class CalendarBox(QGroupBox):
    """A year's holidays and worked weekend days; add, confirm and remove corrections."""

    def __init__(self, store: Store, bus: Bus, today: date | None = None):
        super().__init__()
        self.store, self.bus = store, bus
        self.today = today or okrug_today(store)
        self.days: list[CalendarDay] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.year_label = QLabel()
        self.year = QSpinBox()
        self.year.setRange(2015, 2100)
        self.year.setValue(self.today.year)
        top.addWidget(self.year_label)
        top.addWidget(self.year)
        top.addStretch(1)
        layout.addLayout(top)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("hint")
        layout.addWidget(self.hint)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        # Two rows: the Russian and Kazakh labels are long, and the box shares the page's width.
        self.add_button = QPushButton()
        self.confirm_button = QPushButton()
        self.remove_button = QPushButton()
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(self.add_button)
        first.addStretch(1)
        second.addWidget(self.confirm_button)
        second.addWidget(self.remove_button)
        second.addStretch(1)
        layout.addLayout(first)
        layout.addLayout(second)
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.add_button.clicked.connect(lambda: self.add())
        self.confirm_button.clicked.connect(self.confirm)
        self.remove_button.clicked.connect(self.remove)
        self.table.itemSelectionChanged.connect(self._follow_selection)
        self.retranslate()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # Rows sized before the page was laid out were measured against columns not laid out yet.
        super().showEvent(event)
        self.table.resizeRowsToContents()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.table.resizeRowsToContents()

    def selected(self) -> CalendarDay | None:
        row = self.table.currentRow()
        return self.days[row] if 0 <= row < len(self.days) and self.table.selectedItems() else None

    def _follow_selection(self) -> None:
        day = self.selected()
        self.confirm_button.setEnabled(day is not None and day.estimated)
        self.remove_button.setEnabled(day is not None and day.correction is not None)

    def reload(self) -> None:
        self.days = year_days(self.store, self.year.value())
        self.table.setRowCount(len(self.days))
        estimates = 0
        for row, day in enumerate(self.days):
            decree = ""
            name = day_name(day)
            if day.correction is not None and day.correction.decree_date is not None:
                decree = _("No. {number} of {date}").format(
                    number=day.correction.decree_number, date=format_date(day.correction.decree_date, "short")
                )
            elif day.estimated:
                name = _("{name} (estimated: confirm when the decree is published)").format(name=name)
                estimates += 1
            # A worked weekend day is named so; every other line is a day off.
            cells = [format_date(day.day, "short"), name, decree]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if day.estimated:
                    item.setBackground(QBrush(ESTIMATE))
                item.setToolTip(day.correction.note if day.correction and day.correction.note else text)
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
        self.hint.setText(
            ngettext(
                "{count} date of {year} is only estimated by the calendar; deadlines counted across it are "
                "marked ≈ until the date is confirmed.",
                "{count} dates of {year} are only estimated by the calendar; deadlines counted across them are "
                "marked ≈ until the dates are confirmed.",
                estimates,
            ).format(count=estimates, year=self.year.value())
            if estimates
            else _(
                "Deadlines in working days skip these days. Enter a decree's moved days off when it is published."
            )
        )
        self._follow_selection()

    def _save(self, dialog: CorrectionDialog) -> bool:
        try:
            add_correction(self.store, *dialog.values())
        except ZhoobError as exc:
            QMessageBox.warning(self, _("Calendar"), exc.message())
            return False
        self.bus.emit_changed("settings", "calendar")
        self.reload()
        return True

    def add(self, dialog: CorrectionDialog | None = None) -> bool:
        dialog = dialog or CorrectionDialog(same_day_in(self.year.value(), self.today), parent=self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            if self._save(dialog):
                return True
        return False

    def confirm(self) -> bool:
        day = self.selected()
        if day is None or not day.estimated:
            return False
        return self.add(CorrectionDialog(day.day, CONFIRMED, parent=self))

    def remove(self) -> bool:
        day = self.selected()
        if day is None or day.correction is None:
            return False
        remove_correction(self.store, day.day)
        self.bus.emit_changed("settings", "calendar")
        self.reload()
        return True

    def retranslate(self) -> None:
        self.setTitle(_("Working-day calendar"))
        self.year_label.setText(_("Year"))
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.add_button.setText(_("Add a correction by decree…"))
        self.confirm_button.setText(_("Confirm the date…"))
        self.remove_button.setText(_("Remove the correction"))
        self.reload()
