"""Monitoring page: the Order 405 report form, editable, with its calendar of deadlines."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services import i18n
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import LANGUAGES, N_, _
from zhoob_desktop.services.monitoring import report as svc
from zhoob_desktop.services.monitoring.pdf import HEADERS, write_report_pdf
from zhoob_desktop.services.monitoring.schedule import schedule
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.bus import Bus

COL_NAME, COL_CODE, COL_APPROVED, COL_REVISED, COL_HALF, COL_ACTUAL = range(6)
COL_PCT_REVISED, COL_PCT_HALF, COL_DIFF_REVISED, COL_DIFF_HALF, COL_REASON = range(6, 11)
# Short column titles for the screen; the form's full titles are the tooltips.
SHORT_HEADERS = (
    N_("Name"),
    N_("Code"),
    N_("Approved plan"),
    N_("Revised plan"),
    N_("Half-year plan"),
    N_("Actual"),
    N_("% of revised plan"),
    N_("% of half-year plan"),
    N_("Difference from revised plan"),
    N_("Difference from half-year plan"),
    N_("Reasons"),
)
_AMOUNT_FIELDS = {
    COL_APPROVED: "plan_approved",
    COL_REVISED: "plan_revised",
    COL_HALF: "plan_half",
    COL_ACTUAL: "actual",
}


class ReportModel(QAbstractTableModel):
    """The form's lines; amounts editable on typed-in lines, computed lines read-only."""

    def __init__(self, store: Store, on_error):
        super().__init__()
        self.store = store
        self.report: svc.ReportView | None = None
        self._on_error = on_error

    def set_report(self, report: svc.ReportView | None) -> None:
        self.beginResetModel()
        self.report = report
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.report is None else len(self.report.lines)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{section + 1}. {_(SHORT_HEADERS[section])}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return _(HEADERS[section])
        return None

    def _value(self, line: svc.LineView, column: int):
        if column == COL_NAME:
            return line.label(_)
        if column == COL_CODE:
            return line.code
        if column in _AMOUNT_FIELDS:
            value = getattr(line, _AMOUNT_FIELDS[column])
        elif column == COL_PCT_REVISED:
            value = line.pct_revised
        elif column == COL_PCT_HALF:
            value = line.pct_half
        elif column == COL_DIFF_REVISED:
            value = line.diff_revised
        elif column == COL_DIFF_HALF:
            value = line.diff_half
        else:
            return line.reason
        return "" if value is None else i18n.format_number(value)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.report is None:
            return None
        line = self.report.lines[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._value(line, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and COL_CODE < column < COL_REASON:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and line.computed:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if line.underperformed and column == COL_REASON:
                return QBrush(QColor("#fde8c8"))
            if not self._editable(line, column):
                return QBrush(QColor("#f1f4f6"))
        if role == Qt.ItemDataRole.ToolTipRole and line.underperformed and column == COL_REASON:
            return _("The plan was not met: give the reasons in column 11.")
        return None

    def _editable(self, line: svc.LineView, column: int) -> bool:
        if self.report is None or self.report.signed or line.computed:
            return False
        return column in _AMOUNT_FIELDS or column == COL_REASON or (column == COL_NAME and line.is_direction)

    def flags(self, index: QModelIndex):
        base = super().flags(index)
        if (
            index.isValid()
            and self.report is not None
            and self._editable(self.report.lines[index.row()], index.column())
        ):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or self.report is None or not index.isValid():
            return False
        line = self.report.lines[index.row()]
        column = index.column()
        if column in _AMOUNT_FIELDS:
            fields = {_AMOUNT_FIELDS[column]: str(value)}
        elif column == COL_REASON:
            fields = {"reason": str(value)}
        elif column == COL_NAME:
            fields = {"direction": str(value)}
        else:
            return False
        try:
            updated = svc.set_line(self.store, self.report.id, line.code, **fields)
        except ZhoobError as exc:
            self._on_error(exc)
            return False
        self.report = updated
        # computed lines and columns 7-10 change with any amount
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
        return True


class SignDialog(QDialog):
    def __init__(self, report: svc.ReportView, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Sign the report"))
        form = QFormLayout(self)
        self.institution = QLineEdit(report.institution)
        self.akim = QLineEdit(report.akim_name)
        self.finance = QLineEdit(report.finance_head_name)
        form.addRow(_("Name of the state institution"), self.institution)
        form.addRow(_("Akim"), self.akim)
        form.addRow(_("Head of the finance service"), self.finance)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class MonitoringPage(QWidget):
    def __init__(self, store: Store, bus: Bus, today: date | None = None):
        super().__init__()
        self.store, self.bus = store, bus
        self.today = today or date.today()
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        layout.addWidget(self.heading)

        bar = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(2010, 2100)
        self.year.setValue(self.today.year if self.today.month > 6 else self.today.year - 1)
        self.period = QComboBox()
        self.period.addItem("", "half")
        self.period.addItem("", "year")
        self.year_label, self.period_label = QLabel(), QLabel()
        self.add_direction_button = QPushButton()
        self.remove_direction_button = QPushButton()
        self.sign_button = QPushButton()
        self.pdf_button = QPushButton()
        self.pdf_lang = QComboBox()
        for lang in LANGUAGES:
            self.pdf_lang.addItem(i18n.LANGUAGE_NAMES[lang], lang)
        # The year and period with the paper's buttons; the directions in a row of their own
        # (the Russian and Kazakh labels are long; the page fits 1280x720 at 125%).
        for widget in (self.year_label, self.year, self.period_label, self.period):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.sign_button, self.pdf_lang, self.pdf_button):
            bar.addWidget(widget)
        actions = QHBoxLayout()
        for widget in (self.add_direction_button, self.remove_direction_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        layout.addLayout(bar)
        layout.addLayout(actions)

        self.model = ReportModel(store, self.show_error)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(60)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setMinimumHeight(84)
        header.setDefaultSectionSize(118)
        header.setSectionResizeMode(COL_CODE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(COL_NAME, 330)
        self.status = QLabel()
        self.status.setWordWrap(True)  # a long line in Russian would make the page wider than a small screen
        self.schedule_title = QLabel()
        self.schedule_title.setObjectName("sectionHeading")
        self.schedule = QListWidget()
        self.schedule.setWordWrap(True)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.schedule_title)
        side_layout.addWidget(self.schedule)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1000, 280])
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self.year.valueChanged.connect(lambda _v: self.load())
        self.period.currentIndexChanged.connect(lambda _i: self.load())
        self.add_direction_button.clicked.connect(self.add_direction)
        self.remove_direction_button.clicked.connect(self.remove_direction)
        self.sign_button.clicked.connect(self.sign)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.retranslate()

    # -- actions -------------------------------------------------------------------------
    def show_error(self, exc: ZhoobError) -> None:
        QMessageBox.warning(self, _("Monitoring"), exc.message())

    def load(self) -> None:
        report = svc.open_report(self.store, self.year.value(), self.period.currentData())
        self.model.set_report(report)
        self.table.resizeRowsToContents()
        self._refresh_side(report)

    def _refresh_side(self, report: svc.ReportView) -> None:
        self.schedule.clear()
        for deadline in schedule(report.year, report.period):
            mark = "✓" if deadline.due < self.today else "•"
            self.schedule.addItem(
                f"{mark} {i18n.format_date(deadline.due, 'medium')} — {_(deadline.description)}"
            )
        if report.signed:
            self.status.setText(
                _("Signed on {date} by {akim} and {finance}.").format(
                    date=i18n.format_date(report.signed_on),
                    akim=report.akim_name,
                    finance=report.finance_head_name,
                )
            )
        else:
            self.status.setText(
                _("Draft: amounts in thousand tenge; lines 020, 030, 050 and 100 are computed.")
            )
        for button in (self.add_direction_button, self.remove_direction_button, self.sign_button):
            button.setEnabled(not report.signed)

    def add_direction(self) -> None:
        name, ok = QInputDialog.getText(self, _("Monitoring"), _("Name of the expenditure direction"))
        if not ok or self.model.report is None:
            return
        try:
            self.model.set_report(svc.add_direction(self.store, self.model.report.id, name))
        except ZhoobError as exc:
            self.show_error(exc)

    def remove_direction(self) -> None:
        report = self.model.report
        row = self.table.currentIndex().row()
        if report is None or row < 0 or not report.lines[row].is_direction:
            self.status.setText(_("Select an expenditure direction first."))
            return
        self.model.set_report(svc.remove_direction(self.store, report.id, report.lines[row].code))

    def sign(self) -> None:
        report = self.model.report
        if report is None:
            return
        dialog = SignDialog(report, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            signed = svc.sign_report(
                self.store,
                report.id,
                dialog.akim.text(),
                dialog.finance.text(),
                self.today,
                dialog.institution.text(),
            )
        except ZhoobError as exc:
            self.show_error(exc)
            return
        self.model.set_report(signed)
        self._refresh_side(signed)
        self.bus.emit_changed("monitoring")

    def save_pdf(self) -> None:
        report = self.model.report
        if report is None:
            return
        suggested = f"monitoring-{report.year}-{report.period}.pdf"
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the report"), suggested, "PDF (*.pdf)")
        if path:
            write_report_pdf(report, path, self.pdf_lang.currentData())
            self.status.setText(_("Written: {path}").format(path=path))

    def retranslate(self) -> None:
        self.heading.setText(_("Budget monitoring (Order 405)"))
        self.year_label.setText(_("Year"))
        self.period_label.setText(_("Period"))
        self.period.setItemText(0, _("half year"))
        self.period.setItemText(1, _("year"))
        self.add_direction_button.setText(_("Add direction"))
        self.remove_direction_button.setText(_("Remove direction"))
        self.sign_button.setText(_("Sign…"))
        self.pdf_button.setText(_("Save PDF…"))
        self.pdf_lang.setToolTip(_("Language of the printed report"))
        self.schedule_title.setText(_("Deadlines after the period"))
        self.load()
