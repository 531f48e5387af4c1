"""The steps of Order 405 of the monitoring chosen: due, done with its date, overdue, on a day off."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, format_date, ngettext
from zhoob_desktop.services.meeting.held import find_sitting, held_choices
from zhoob_desktop.services.monitoring import rounds as RD
from zhoob_desktop.services.monitoring.schedule import STEP_NAMES
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.monitoring.dialogs import StepDialog

HEADERS = (N_("Step"), N_("What"), N_("Due"), N_("Done"), N_("Where it stands"))
COLOURS = {RD.OVERDUE: QColor("#f6c9c9"), RD.DONE: QColor("#dff0d8")}
STATES = {
    RD.DONE: N_("done"),
    RD.OVERDUE: N_("overdue"),
    RD.DUE: N_("to do"),
    RD.WAITING: N_("after the step before"),
}


def day_off_text(flag: tuple[str, dict] | None) -> str:
    if flag is None:
        return ""
    msgid, params = flag
    return _("the due date is a day off: {reason}").format(
        reason=_(msgid).format(**{k: _(v) for k, v in params.items()})
    )


class ScheduleTab(QWidget):
    """The round's steps in a table; a recorded step (2, 4, 5) is marked done from here."""

    def __init__(self, store: Store, changed, today: date):
        super().__init__()
        self.store, self.changed, self.today = store, changed, today
        self.round: RD.RoundView | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(4, 260)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.record_button = QPushButton()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("hint")
        row.addWidget(self.record_button)
        row.addWidget(self.hint, 1)
        layout.addLayout(row)
        self.record_button.clicked.connect(self.record)
        self.table.itemSelectionChanged.connect(self._follow_selection)

    def load(self, r: RD.RoundView) -> None:
        self.round = r
        self.table.setRowCount(len(r.steps))
        for n, st in enumerate(r.steps):
            state = _(STATES[st.state])
            if st.late:
                days = (st.done_on - st.due).days
                state = ngettext(
                    "done late, {days} day after the date", "done late, {days} days after the date", days
                ).format(days=days)
            details = [state, self._where(st), day_off_text(st.day_off), st.note]
            cells = [
                f"{st.step}. {_(STEP_NAMES[st.step])}",
                _(st.description),
                format_date(st.due, "short") if st.due else "—",
                format_date(st.done_on, "short") if st.done_on else "",
                "\n".join(d for d in details if d),
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if st.state in COLOURS:
                    item.setBackground(QBrush(COLOURS[st.state]))
                self.table.setItem(n, col, item)
        self.table.resizeRowsToContents()
        self._follow_selection()

    def _where(self, st: RD.StepStatus) -> str:
        """The sitting a step was done at (step 4: the sitting that discussed the report)."""
        if st.sitting_id is None:
            return ""
        try:
            info = find_sitting(self.store, st.sitting_id)
        except ZhoobError:
            return ""
        if info.number is None:
            return _("at the sitting of {date}").format(date=format_date(info.scheduled_on, "short"))
        return _("at the sitting of {date}, protocol No. {number}").format(
            date=format_date(info.scheduled_on, "short"), number=info.number
        )

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # Rows sized while the tab was hidden were measured against columns not laid out yet.
        super().showEvent(event)
        self.table.resizeRowsToContents()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.table.resizeRowsToContents()

    def selected(self) -> RD.StepStatus | None:
        row = self.table.currentRow()
        if self.round is None or not 0 <= row < len(self.round.steps) or not self.table.selectedItems():
            return None
        return self.round.steps[row]

    def _follow_selection(self) -> None:
        st = self.selected()
        can = st is not None and st.recorded and st.done_on is None and self.round is not None
        self.record_button.setEnabled(bool(can))
        if st is not None and not st.recorded:
            self.hint.setText(_("This step is done by signing its report."))
        else:
            self.hint.setText(
                _("Steps 2 and 5 are dated; step 4 is picked at the sitting that discussed the report.")
            )

    def record(self) -> bool:
        st = self.selected()
        if st is None or self.round is None or self.round.id is None:
            return False
        dialog = StepDialog(
            st.step, st.description, self.today, held_choices(self.store, until=self.today), self
        )
        round_id = self.round.id

        def run() -> None:
            self.round = RD.record_step(self.store, round_id, st.step, today=self.today, **dialog.values())

        dialog.run = run
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.load(self.round)
            self.changed()
            return True
        return False

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.record_button.setText(_("Step done…"))
        if self.round is not None:
            self.load(self.round)
