"""Import a list of residents: file → columns → preview with per-row problems → import → summary.

Reading and importing run in a worker thread with a progress bar and Cancel.
Nothing is written before the user chooses "Import valid rows"; the service
backs the database up first and imports in one transaction, so Cancel leaves
the register as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import _, format_number
from zhoob_desktop.services.register import importer
from zhoob_desktop.services.register.importer import FIELDS, ImportPreview, ImportResult
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.columns import StretchWithMinimum
from zhoob_desktop.ui.register.common import ERROR_STYLE, set_message
from zhoob_desktop.ui.register.import_models import COL_ISSUES, COL_ROW, SORT_ROLE, PreviewModel, action_label
from zhoob_desktop.ui.screen_fit import fit_to_screen
from zhoob_desktop.ui.worker import Job

STEP_FILE, STEP_COLUMNS, STEP_PREVIEW, STEP_PROGRESS, STEP_SUMMARY = range(5)
# Above this many shown rows the preview does not measure each row's height (it reads every cell).
FIT_ROWS_LIMIT = 2000
PREFERRED_SIZE = QSize(960, 680)


class ImportWizard(QDialog):
    """The five steps of an import; ``imported`` carries the ``ImportResult``."""

    imported = Signal(object)

    def __init__(
        self,
        store: Store,
        *,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store, self.today = store, today
        self.preview: ImportPreview | None = None
        self.result: ImportResult | None = None
        self.job: Job | None = None
        self._after_job: Callable[[object], None] | None = None
        self._return_step = STEP_FILE
        self.steps = QStackedWidget()
        self.steps.addWidget(self._file_step())
        self.steps.addWidget(self._columns_step())
        self.steps.addWidget(self._preview_step())
        self.steps.addWidget(self._progress_step())
        self.steps.addWidget(self._summary_step())
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.back_button, self.next_button, self.close_button = QPushButton(), QPushButton(), QPushButton()
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        # A step taller than a small screen scrolls; the buttons stay in view.
        scroll = QScrollArea()
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.steps)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.retranslate()
        self._show(STEP_FILE)
        fit_to_screen(self, PREFERRED_SIZE, parent)

    # --- steps -------------------------------------------------------------------------------

    def _file_step(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.file_intro = QLabel()
        self.file_intro.setWordWrap(True)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.textChanged.connect(lambda: self._update_buttons())
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose_file)
        row.addWidget(self.path, 1)
        row.addWidget(self.choose_button)
        self.merge = QCheckBox()
        self.merge.setChecked(True)
        layout.addWidget(self.file_intro)
        layout.addLayout(row)
        layout.addWidget(self.merge)
        layout.addStretch(1)
        return page

    def _columns_step(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.columns_intro = QLabel()
        self.columns_intro.setWordWrap(True)
        self.mapping_source = QLabel()
        self.mapping_source.setWordWrap(True)
        self.mapping_form = QFormLayout()
        self.field_labels: dict[str, QLabel] = {}
        self.field_columns: dict[str, QComboBox] = {}
        for name in FIELDS:
            label, combo = QLabel(), QComboBox()
            combo.setMinimumContentsLength(24)
            self.field_labels[name], self.field_columns[name] = label, combo
            self.mapping_form.addRow(label, combo)
        layout.addWidget(self.columns_intro)
        layout.addWidget(self.mapping_source)
        layout.addLayout(self.mapping_form)
        layout.addStretch(1)
        return page

    def _preview_step(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.only_issues = QCheckBox()
        self.only_issues.setChecked(True)
        self.only_issues.toggled.connect(self._filter_preview)
        self.preview_model = PreviewModel(self)
        self.preview_sorted = QSortFilterProxyModel(self)
        self.preview_sorted.setSourceModel(self.preview_model)
        self.preview_sorted.setSortRole(SORT_ROLE)
        self.preview_table = QTableView()
        self.preview_table.setObjectName("importPreview")
        self.preview_table.setModel(self.preview_sorted)
        self.preview_table.verticalHeader().setVisible(False)
        self.preview_table.setWordWrap(True)
        self.preview_table.setSortingEnabled(True)
        self.preview_table.sortByColumn(COL_ROW, Qt.SortOrder.AscendingOrder)
        header = self.preview_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_ISSUES, QHeaderView.ResizeMode.Interactive)
        self.issues_fill = StretchWithMinimum(self.preview_table, COL_ISSUES)
        header.sectionResized.connect(lambda *_args: self._fit_rows())
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.start_import)
        row = QHBoxLayout()
        row.addWidget(self.only_issues, 1)
        row.addWidget(self.import_button)
        layout.addWidget(self.counts)
        layout.addWidget(self.preview_table, 1)
        layout.addLayout(row)
        return page

    def _progress_step(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.progress_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_job)
        layout.addStretch(1)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _summary_step(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        return page

    # --- navigation --------------------------------------------------------------------------

    def step(self) -> int:
        return self.steps.currentIndex()

    def _show(self, step: int) -> None:
        self.steps.setCurrentIndex(step)
        self._update_buttons()

    def _update_buttons(self) -> None:
        step = self.step()
        self.back_button.setVisible(step in (STEP_COLUMNS, STEP_PREVIEW))
        self.next_button.setVisible(step in (STEP_FILE, STEP_COLUMNS))
        self.next_button.setEnabled(step != STEP_FILE or bool(self.path.text().strip()))
        self.close_button.setEnabled(step != STEP_PROGRESS)
        self.close_button.setText(_("Close") if step == STEP_SUMMARY else _("Cancel"))

    def back(self) -> None:
        set_message(self.error, "")
        self._show(STEP_FILE if self.step() == STEP_COLUMNS else STEP_COLUMNS)

    def next(self) -> None:
        set_message(self.error, "")
        if self.step() == STEP_FILE:
            self.read_file()
        elif self.step() == STEP_COLUMNS:
            self.check_rows()

    def choose_file(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self, _("Choose a list of residents"), "", _("Lists (*.xlsx *.csv)")
        )
        if path:
            self.path.setText(path)

    # --- jobs --------------------------------------------------------------------------------

    def _run(self, label: str, function, after: Callable[[object], None], return_to: int) -> None:
        """Run a service call in the worker with the progress step shown."""
        self.progress_label.setText(label)
        self.progress.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self._after_job, self._return_step = after, return_to
        self._show(STEP_PROGRESS)
        self.job = Job(function, self)
        self.job.progress.connect(self._progress)
        self.job.done.connect(self._job_done)
        self.job.failed.connect(self._job_failed)
        self.job.start()

    def _progress(self, done: int, total: int, _label: str = "") -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def cancel_job(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(_("Stopping…"))

    def _job_done(self, result: object) -> None:
        self.job = None
        if self._after_job is not None:
            self._after_job(result)

    def _job_failed(self, exc: object) -> None:
        self.job = None
        self._show(self._return_step)
        if isinstance(exc, ZhoobError):
            set_message(self.error, exc.message(), ERROR_STYLE)
        else:
            set_message(
                self.error,
                _("The list could not be processed: {reason}").format(reason=str(exc) or type(exc).__name__),
                ERROR_STYLE,
            )

    def read_file(self) -> None:
        """Read the chosen file: find the header and propose (or recall) the columns."""
        path = Path(self.path.text().strip())
        merge, today = self.merge.isChecked(), self.today()
        self._run(
            _("Reading {name}…").format(name=path.name),
            lambda progress, cancel: importer.preview_import(
                self.store, path, merge=merge, progress=progress, cancel=cancel, today=today
            ),
            self._file_read,
            STEP_FILE,
        )

    def _file_read(self, preview: object) -> None:
        assert isinstance(preview, ImportPreview)
        self.preview = preview
        self._fill_mapping(preview)
        self._show(STEP_COLUMNS)

    def chosen_mapping(self) -> dict[str, int]:
        return {
            name: combo.currentData()
            for name, combo in self.field_columns.items()
            if combo.currentData() >= 0
        }

    def set_column(self, field: str, header: str | None) -> None:
        """Choose the file column (by its header) for a field; None for "not in the file"."""
        combo = self.field_columns[field]
        combo.setCurrentIndex(0 if header is None else combo.findText(header))

    def check_rows(self) -> None:
        """Check every row with the chosen columns; show the preview when done."""
        assert self.preview is not None
        preview = self.preview
        mapping = self.chosen_mapping()
        if mapping == preview.mapping:
            self._previewed(preview)
            return
        merge, today = self.merge.isChecked(), self.today()
        self._run(
            _("Checking the rows…"),
            lambda progress, cancel: importer.preview_import(
                self.store,
                preview.path,
                mapping=mapping,
                header_row=preview.header_row,
                sheet=preview.sheet,
                merge=merge,
                progress=progress,
                cancel=cancel,
                today=today,
            ),
            self._previewed,
            STEP_COLUMNS,
        )

    def _previewed(self, preview: object) -> None:
        assert isinstance(preview, ImportPreview)
        self.preview = preview
        counts = preview.counts()
        importable = counts["new"] + counts["update"]
        self.counts.setText(
            _(
                "Rows read: {rows}. New residents: {new}. Updated: {update}. Already in the register "
                "unchanged: {unchanged}. Combined with an earlier row: {combined}. Duplicates left out: "
                "{duplicate}. Refused because of errors: {error}."
            ).format(
                rows=format_number(len(preview.rows)),
                **{key: format_number(value) for key, value in counts.items()},
            )
        )
        self.preview_model.set_rows(preview.rows)
        self._filter_preview()
        self.import_button.setEnabled(importable > 0)
        self._show(STEP_PREVIEW)
        self._fit_rows()  # again, now that the columns have their real widths

    def _filter_preview(self) -> None:
        self.preview_model.set_only_issues(self.only_issues.isChecked())
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Rows as tall as their messages; a long list keeps one line per row (tooltips hold the rest)."""
        if self.preview_model.rowCount() <= FIT_ROWS_LIMIT:
            self.preview_table.resizeRowsToContents()

    def start_import(self) -> None:
        """Import the valid rows (after a backup, in one transaction)."""
        assert self.preview is not None
        preview = self.preview
        self._run(
            _("Importing {count} rows…").format(count=format_number(len(preview.rows))),
            lambda progress, cancel: importer.apply_import(
                self.store, preview, progress=progress, cancel=cancel
            ),
            self._import_done,
            STEP_PREVIEW,
        )

    def _import_done(self, result: object) -> None:
        assert isinstance(result, ImportResult)
        self.result = result
        lines = [
            _("The import is finished."),
            _("New residents: {count}").format(count=format_number(result.created)),
            _("Updated residents: {count}").format(count=format_number(result.updated)),
            _("Already in the register unchanged: {count}").format(count=format_number(result.unchanged)),
            _("Rows combined with an earlier row: {count}").format(count=format_number(result.combined)),
            _("Rows left out: {count}").format(count=format_number(result.skipped)),
        ]
        if result.backup is not None:
            lines.append(_("A backup was taken before the import: {path}").format(path=result.backup))
        self.summary.setText("\n".join(lines))
        self._show(STEP_SUMMARY)
        self.imported.emit(result)

    # --- mapping step ------------------------------------------------------------------------

    def _fill_mapping(self, preview: ImportPreview) -> None:
        for name, combo in self.field_columns.items():
            combo.clear()
            combo.addItem(_("— not in the file —"), -1)
            for index, header in enumerate(preview.headers):
                combo.addItem(header or _("column {number}").format(number=index + 1), index)
            chosen = preview.mapping.get(name)
            combo.setCurrentIndex(0 if chosen is None else combo.findData(chosen))
        sources = {
            "remembered": _("These columns were chosen at the last import of a list with the same header."),
            "detected": _("The columns were recognised from the header; check them before going on."),
            "given": _("The columns you chose are used."),
        }
        self.mapping_source.setText(
            _("Header found in row {row} of the sheet {sheet}.").format(
                row=preview.header_row, sheet=preview.sheet
            )
            + "\n"
            + sources.get(preview.mapping_source, "")
        )

    # --- closing -----------------------------------------------------------------------------

    def reject(self) -> None:
        if self.job is not None:
            self.cancel_job()
            return
        super().reject()

    def closeEvent(self, event) -> None:
        if self.job is not None:
            self.job.wait()
            self.job = None
        super().closeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Import residents from a list"))
        self.file_intro.setText(
            _(
                "Choose an Excel workbook (.xlsx) or a CSV file with a header row: full name or surname and "
                "given name, IIN, birth date, address. Nothing is written until you confirm the import."
            )
        )
        self.choose_button.setText(_("Choose…"))
        self.merge.setText(_("Combine rows that are the same person (same IIN) instead of leaving them out"))
        self.columns_intro.setText(_("Which column of the file holds each field?"))
        for name, label in self.field_labels.items():
            label.setText(_(FIELDS[name][0]))
        self.only_issues.setText(_("Show only rows with errors or warnings"))
        self.import_button.setText(_("Import valid rows"))
        self.cancel_button.setText(_("Cancel"))
        self.back_button.setText(_("Back"))
        self.next_button.setText(_("Next"))
        self.preview_model.retranslate()
        self._update_buttons()


__all__ = ["ImportWizard", "action_label"]
