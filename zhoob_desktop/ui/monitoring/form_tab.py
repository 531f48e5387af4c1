"""The apparatus's report on the Order 405 form: editable lines, signing, corrected versions, PDF and Excel.

Sized for a 1366×768 screen: short wrapped column titles (the form's full
titles are the tooltips), numbers in narrow right-aligned columns, the name
and the reasons wrapping.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services import i18n
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import LANGUAGES, N_, _
from zhoob_desktop.services.monitoring import report as svc
from zhoob_desktop.services.monitoring import signing
from zhoob_desktop.services.monitoring.pdf import headers, write_report_pdf
from zhoob_desktop.services.monitoring.xlsx import write_report_xlsx
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.monitoring.dialogs import ReasonDialog, SignDialog, pydate

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
YEAR_SHORT = {COL_HALF: N_("Plan of the period"), COL_PCT_HALF: N_("% of the period's plan"),
              COL_DIFF_HALF: N_("Difference from the period's plan")}  # fmt: skip
_AMOUNT_FIELDS = {
    COL_APPROVED: "plan_approved",
    COL_REVISED: "plan_revised",
    COL_HALF: "plan_half",
    COL_ACTUAL: "actual",
}
HEADER_SIZES = (10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5)  # points, largest first
NAME_MIN, REASON_MIN = 190, 110


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
        return 0 if parent.isValid() else len(SHORT_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        period = self.report.period if self.report else "half"
        if role == Qt.ItemDataRole.DisplayRole:
            short = (
                YEAR_SHORT.get(section, SHORT_HEADERS[section])
                if period == "year"
                else SHORT_HEADERS[section]
            )
            return f"{section + 1}. {_(short)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return _(headers(period)[section])
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
        return svc.format_amount(value, i18n.get_language())

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
            if (
                line.code == "100"
                and column in _AMOUNT_FIELDS
                and (getattr(line, _AMOUNT_FIELDS[column]) or 0) < 0
            ):
                return QBrush(QColor("#f6c9c9"))
            if not self._editable(line, column):
                return QBrush(QColor("#f1f4f6"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if line.underperformed and column == COL_REASON:
                return _("The plan was not met: give the reasons in column 11.")
            if column == COL_NAME:
                return line.label(_)
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


class FormTab(QWidget):
    """The form of one period's report with its actions."""

    def __init__(self, store: Store, changed, today: date):
        super().__init__()
        self.store, self.changed, self.today = store, changed, today
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        actions = QHBoxLayout()
        self.add_direction_button = QPushButton()
        self.remove_direction_button = QPushButton()
        self.sign_button = QPushButton()
        self.correct_button = QPushButton()
        self.pdf_lang = QComboBox()
        for lang in LANGUAGES:
            self.pdf_lang.addItem(i18n.LANGUAGE_NAMES[lang], lang)
        self.pdf_button = QPushButton()
        self.xlsx_button = QPushButton()
        for widget in (
            self.add_direction_button,
            self.remove_direction_button,
            self.sign_button,
            self.correct_button,
        ):
            actions.addWidget(widget)
        actions.addStretch(1)
        for widget in (self.pdf_lang, self.pdf_button, self.xlsx_button):
            actions.addWidget(widget)
        layout.addLayout(actions)
        self.version = QLabel()
        self.version.setWordWrap(True)
        layout.addWidget(self.version)

        self.model = ReportModel(store, self.show_error)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(36)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.model.dataChanged.connect(lambda *_args: self._status())
        self.add_direction_button.clicked.connect(self.add_direction)
        self.remove_direction_button.clicked.connect(self.remove_direction)
        self.sign_button.clicked.connect(self.sign)
        self.correct_button.clicked.connect(self.correct)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.xlsx_button.clicked.connect(self.save_xlsx)

    def show_error(self, exc: ZhoobError) -> None:
        QMessageBox.warning(self, _("Monitoring"), exc.message())

    def load(self, year: int, period: str) -> None:
        self.model.set_report(svc.open_report(self.store, year, period))
        self.refresh()

    def fit_columns(self) -> None:
        """Every column on the screen, no title cut inside a word: the columns of numbers as wide as
        their longest title word and widest number, the header's font smaller when the screen is narrow,
        the name and the reasons sharing what is left."""
        header = self.table.horizontalHeader()
        # The vertical scroll bar's room is kept whether it shows or not, so nothing slides under it.
        room = (
            self.table.width()
            - 2 * self.table.frameWidth()
            - self.table.verticalScrollBar().sizeHint().width()
        )
        if room <= 0 or self.model.columnCount() == 0:
            return
        values = QFontMetrics(self.table.font())
        number = max([values.horizontalAdvance(self.model.index(r, c).data() or "")
                      for r in range(self.model.rowCount()) for c in range(COL_APPROVED, COL_REASON)] or [0])  # fmt: skip
        titles = [
            str(self.model.headerData(c, Qt.Orientation.Horizontal) or "")
            for c in range(self.model.columnCount())
        ]
        for size in HEADER_SIZES:
            font = QFont(self.table.font())
            font.setPointSizeF(size)
            font.setBold(True)
            metrics = QFontMetrics(font)
            widths = [max(metrics.horizontalAdvance(w) for w in t.split()) + 14 for t in titles]
            numbers = [max(widths[c], number + 14) for c in range(COL_APPROVED, COL_REASON)]
            fixed = widths[COL_CODE] + sum(numbers)
            if fixed + NAME_MIN + REASON_MIN <= room or size == HEADER_SIZES[-1]:
                break
        header.setStyleSheet(f"QHeaderView {{ font-size: {size}pt; }}")
        self.table.setColumnWidth(COL_CODE, widths[COL_CODE])
        for col, width in zip(range(COL_APPROVED, COL_REASON), numbers, strict=True):
            self.table.setColumnWidth(col, width)
        rest = max(NAME_MIN + REASON_MIN, room - fixed)
        self.table.setColumnWidth(COL_NAME, int(rest * 0.62))
        self.table.setColumnWidth(COL_REASON, rest - int(rest * 0.62))
        needed = 0
        for section in range(header.count()):
            box = QRect(0, 0, max(10, header.sectionSize(section) - 12), 10_000)
            needed = max(
                needed,
                metrics.boundingRect(box, int(Qt.TextFlag.TextWordWrap), titles[section]).height() + 10,
            )
        header.setMinimumHeight(max(40, needed))
        self.table.resizeRowsToContents()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.fit_columns()

    def refresh(self) -> None:
        report = self.model.report
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(SHORT_HEADERS) - 1)
        self.fit_columns()
        if report is None:
            return
        text = _("Version {version}").format(version=report.version)
        if report.corrected:
            text += " — " + _("corrects the report signed on {date}: {reason}").format(
                date=i18n.format_date(report.superseded_signed_on) if report.superseded_signed_on else "—",
                reason=report.correction_reason,
            )
        self.version.setText(text)
        self._status()
        for button in (self.add_direction_button, self.remove_direction_button, self.sign_button):
            button.setEnabled(not report.signed)
        self.correct_button.setEnabled(report.signed)

    def _status(self) -> None:
        """What the report says about itself: who signed it, or what stops it from being signed."""
        report = self.model.report
        if report is None:
            return
        if report.signed:
            self.status.setText(
                _("Signed on {date} by {akim} and {finance}.").format(
                    date=i18n.format_date(report.signed_on),
                    akim=report.akim_name,
                    finance=report.finance_head_name,
                )
            )
        else:
            found = signing.problems(report)
            lines = [_("Draft: amounts in thousand tenge; lines 020, 030, 050 and 100 are computed.")]
            if found and not (len(found) == 1 and found[0].template == signing.EMPTY):
                lines.append(
                    _("Before it can be signed: {problems}").format(
                        problems=" ".join(p.text() for p in found)
                    )
                )
            self.status.setText("\n".join(lines))
        for button in (self.add_direction_button, self.remove_direction_button, self.sign_button):
            button.setEnabled(not report.signed)
        self.correct_button.setEnabled(report.signed)

    def add_direction(self) -> None:
        name, ok = QInputDialog.getText(self, _("Monitoring"), _("Name of the expenditure direction"))
        if not ok or self.model.report is None:
            return
        try:
            self.model.set_report(svc.add_direction(self.store, self.model.report.id, name))
        except ZhoobError as exc:
            self.show_error(exc)
        self.refresh()

    def remove_direction(self) -> None:
        report = self.model.report
        row = self.table.currentIndex().row()
        if report is None or row < 0 or not report.lines[row].is_direction:
            self.status.setText(_("Select an expenditure direction first."))
            return
        self.model.set_report(svc.remove_direction(self.store, report.id, report.lines[row].code))
        self.refresh()

    def sign(self) -> None:
        report = self.model.report
        if report is None:
            return
        dialog = SignDialog(report.institution, report.akim_name, report.finance_head_name, self.today, self)

        def run() -> None:
            signed = signing.sign_report(
                self.store,
                report.id,
                dialog.akim.text(),
                dialog.finance.text(),
                pydate(dialog.on.date()),
                dialog.institution.text(),
                today=self.today,
            )
            self.model.set_report(signed)

        dialog.run = run
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.changed()

    def correct(self) -> None:
        report = self.model.report
        if report is None:
            return
        dialog = ReasonDialog(_("Correct the signed report"), report.signed_on, self)
        dialog.run = lambda: self.model.set_report(
            signing.correct_report(self.store, report.id, dialog.reason.text())
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.changed()

    def _path(self, suffix: str, pattern: str) -> str:
        report = self.model.report
        suggested = f"monitoring-{report.year}-{report.period}-v{report.version}.{suffix}"
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the report"), suggested, pattern)
        return path

    def save_pdf(self) -> None:
        if self.model.report is None:
            return
        path = self._path("pdf", "PDF (*.pdf)")
        if path:
            write_report_pdf(self.model.report, path, self.pdf_lang.currentData())
            self.status.setText(_("Written: {path}").format(path=path))

    def save_xlsx(self) -> None:
        if self.model.report is None:
            return
        path = self._path("xlsx", "Excel (*.xlsx)")
        if path:
            write_report_xlsx(self.model.report, path, self.pdf_lang.currentData())
            self.status.setText(_("Written: {path}").format(path=path))

    def retranslate(self) -> None:
        self.add_direction_button.setText(_("Add direction"))
        self.remove_direction_button.setText(_("Remove direction"))
        self.sign_button.setText(_("Sign…"))
        self.correct_button.setText(_("Correct…"))
        self.correct_button.setToolTip(_("A corrected version; the signed one stays as it was."))
        self.pdf_button.setText(_("PDF…"))
        self.pdf_button.setToolTip(_("Save the report as a PDF"))
        self.xlsx_button.setText(_("Excel…"))
        self.xlsx_button.setToolTip(_("Save the report as an Excel workbook"))
        self.pdf_lang.setToolTip(_("Language of the printed report"))
        self.refresh()
