"""The list of residents: search as you type, filters, the count, the lazy sorted table."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, format_number
from zhoob_desktop.services.register.export import export_residents
from zhoob_desktop.services.register.query import ResidentFilter
from zhoob_desktop.services.register.structure import list_settlements, list_statuses
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.columns import StretchWithMinimum, title_width
from zhoob_desktop.ui.register.common import (
    NONE,
    add_id_item,
    combo_id,
    combo_text,
    select_data,
    select_id,
    show_error,
    status_name,
)
from zhoob_desktop.ui.register.resident_dialog import ResidentDialog
from zhoob_desktop.ui.register.table_model import (
    COL_ADDRESS,
    COL_BIRTH,
    COL_IIN,
    COL_MEMBER,
    COL_NAME,
    COL_SEX,
    COL_STATUSES,
    PAGE_SIZE,
    ResidentTableModel,
)
from zhoob_desktop.ui.worker import Job

SEARCH_DELAY_MS = 150

# Membership filter choices, kept as text in the combo (a bool in a QVariant is not safe in PySide).
MEMBER_ALL, MEMBER_YES, MEMBER_NO = "all", "members", "non-members"
_MEMBER_FILTER = {MEMBER_ALL: None, MEMBER_YES: True, MEMBER_NO: False}


if TYPE_CHECKING:
    from zhoob_desktop.ui.register.import_wizard import ImportWizard


class ResidentTable(QTableView):
    """The table; Enter or a double click asks to open the current resident."""

    open_requested = Signal(object)  # uuid.UUID

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.model().id_at(self.currentIndex().row()))
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid():
            self.open_requested.emit(self.model().id_at(index.row()))
            return
        super().mouseDoubleClickEvent(event)


class ResidentsView(QWidget):
    """Search, filter and open residents; add new ones (Ctrl+N), search (Ctrl+F)."""

    dialog_opened = Signal(object)  # ResidentDialog
    wizard_opened = Signal(object)  # ImportWizard
    exported = Signal(int)  # residents written

    def __init__(
        self,
        store: Store,
        bus: Bus,
        *,
        today: Callable[[], date] = date.today,
        page_size: int = PAGE_SIZE,
    ):
        super().__init__()
        self.store, self.bus, self.today = store, bus, today
        self.dialog: ResidentDialog | None = None
        self.model = ResidentTableModel(store, page_size=page_size, today=today, parent=self)

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.settlement = QComboBox()
        self.status = QComboBox()
        self.member = QComboBox()
        for value in (MEMBER_ALL, MEMBER_YES, MEMBER_NO):
            self.member.addItem("", value)
        self.include_left = QCheckBox()
        self.count_label = QLabel()
        self.count_label.setObjectName("residentCount")

        self.table = ResidentTable()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.address_fill = StretchWithMinimum(self.table, COL_ADDRESS)  # never narrower than its title
        header.setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.open_requested.connect(self.open_resident)

        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_resident)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_current)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.open_import)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.export_job: Job | None = None
        self.import_wizard: ImportWizard | None = None

        # the search box gets a row of its own: the filters' Kazakh labels are long
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.include_left)
        filters = QHBoxLayout()
        filters.addWidget(self.settlement, 1)
        filters.addWidget(self.status, 1)
        filters.addWidget(self.member, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addWidget(self.notice, 1)
        for button in (self.new_button, self.open_button, self.import_button, self.export_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(search_row)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.search_action = QAction(self)
        self.search_action.setShortcut(QKeySequence.StandardKey.Find)
        self.search_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.search_action.triggered.connect(self.focus_search)
        self.new_action = QAction(self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(self.new_resident)
        self.addActions([self.search_action, self.new_action])

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self.search_timer.start)
        self.search.returnPressed.connect(self._search_entered)
        for combo in (self.settlement, self.status, self.member):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.include_left.toggled.connect(self.apply_filter)
        self.model.total_changed.connect(self._update_count)

        self._fill_choices()
        self._texts()
        self.apply_filter()

    # --- filters -----------------------------------------------------------------------------

    def _fill_choices(self) -> None:
        """(Re)load the settlement and status choices, keeping what was chosen."""
        chosen_settlement, chosen_status = combo_id(self.settlement), combo_text(self.status)
        for combo in (self.settlement, self.status):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("", NONE)
        for settlement in list_settlements(self.store, with_counts=False):
            add_id_item(self.settlement, settlement.name, settlement.id)
        for status in list_statuses(self.store):
            self.status.addItem(status_name(status), status.code)
        select_id(self.settlement, chosen_settlement)
        select_data(self.status, chosen_status)
        for combo in (self.settlement, self.status):
            combo.blockSignals(False)
        self._label_choices()

    def current_filter(self) -> ResidentFilter:
        return ResidentFilter(
            text=self.search.text().strip(),
            settlement_id=combo_id(self.settlement),
            status_code=combo_text(self.status),
            member=_MEMBER_FILTER[self.member.currentData()],
            include_left=self.include_left.isChecked(),
        )

    def apply_filter(self) -> None:
        """Run the search and filters now (the search box calls this after a short pause)."""
        self.search_timer.stop()
        self.model.set_filter(self.current_filter())

    def _search_entered(self) -> None:
        """Enter in the search box: search at once; a single match opens."""
        self.apply_filter()
        if self.model.rowCount() == 1 and not self.model.canFetchMore():
            self.open_resident(self.model.id_at(0))
        elif self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def _update_count(self) -> None:
        total = self.model.total()
        if total is None:
            self.count_label.setText(_("Residents found: counting…"))
        else:
            self.count_label.setText(_("Residents found: {count}").format(count=format_number(total)))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # --- residents ---------------------------------------------------------------------------

    def current_id(self) -> uuid.UUID | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def open_current(self) -> None:
        resident_id = self.current_id()
        if resident_id is not None:
            self.open_resident(resident_id)

    def new_resident(self) -> ResidentDialog:
        return self._open_dialog(None)

    def open_resident(self, resident_id: uuid.UUID) -> ResidentDialog:
        return self._open_dialog(resident_id)

    def _open_dialog(self, resident_id: uuid.UUID | None) -> ResidentDialog:
        dialog = ResidentDialog(self.store, resident_id, today=self.today, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._resident_saved)
        self.dialog = dialog
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def _dialog_closed(self) -> None:
        self.dialog = None

    def _resident_saved(self, detail) -> None:
        self.bus.emit_changed("residents")
        self.select_resident(detail.id)

    def select_resident(self, resident_id: uuid.UUID) -> bool:
        """Select a resident when they are among the loaded rows."""
        row = self.model.row_of(resident_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, COL_NAME))
        return True

    # --- import / export ---------------------------------------------------------------------

    def open_import(self) -> ImportWizard:
        from zhoob_desktop.ui.register.import_wizard import ImportWizard  # its modules: when importing

        """Open the import wizard; the register refreshes when it has imported."""
        wizard = ImportWizard(self.store, today=self.today, parent=self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.imported.connect(lambda _result: self.bus.emit_changed("residents", "settlements"))
        wizard.finished.connect(self._wizard_closed)
        self.import_wizard = wizard
        wizard.open()
        self.wizard_opened.emit(wizard)
        return wizard

    def _wizard_closed(self) -> None:
        self.import_wizard = None

    def export(self) -> None:
        """Write the residents the table shows (search and filters applied) to .xlsx or .csv."""
        if self.export_job is not None:
            return
        reason = ""
        if getattr(self.store, "operator", None) is not None:
            reason, ok = QInputDialog.getText(
                self,
                _("Export residents"),
                _("Why is the register exported (for whom, for what)? The reason is kept in the audit."),
            )
            if not ok or not reason.strip():
                return
        xlsx, csv_filter = _("Excel workbook (*.xlsx)"), _("CSV file (*.csv)")
        path, chosen = QFileDialog.getSaveFileName(
            self, _("Export residents"), _("residents") + ".xlsx", f"{xlsx};;{csv_filter}"
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_suffix(".csv" if chosen == csv_filter else ".xlsx")
        flt = self.model.export_filter()
        self.export_button.setEnabled(False)
        self.notice.setText(_("Exporting…"))
        job = Job(
            lambda progress, _cancel: export_residents(
                self.store, target, flt, progress=progress, reason=reason
            ),
            self,
        )
        job.done.connect(lambda count: self._exported(int(count), target))
        job.failed.connect(self._export_failed)
        self.export_job = job
        job.start()

    def _exported(self, count: int, path: Path) -> None:
        self.export_job = None
        self.export_button.setEnabled(True)
        self.notice.setText(
            _("{count} residents written to {path}").format(count=format_number(count), path=path)
        )
        self.exported.emit(count)

    def _export_failed(self, exc: object) -> None:
        self.export_job = None
        self.export_button.setEnabled(True)
        self.notice.setText("")
        if isinstance(exc, ZhoobError):
            show_error(self, exc, _("Export residents"))
        else:
            show_error(
                self, ZhoobError(N_("The export failed: {reason}"), reason=str(exc)), _("Export residents")
            )

    # --- refresh / language ------------------------------------------------------------------

    def refresh(self) -> None:
        """The register changed elsewhere: reload choices and rows, keep the selection."""
        selected = self.current_id()
        self._fill_choices()
        self.model.set_filter(self.current_filter())
        if selected is not None:
            self.select_resident(selected)

    def _label_choices(self) -> None:
        self.settlement.setItemText(0, _("All settlements"))
        self.status.setItemText(0, _("Any social status"))

    def retranslate(self) -> None:
        self._texts()
        self._fill_choices()  # status names follow the language
        self.model.refresh()  # the address line carries a translated "apt." label
        self._update_count()

    def _size_columns(self) -> None:
        """Widths from the font and the translated headers, not from the rows.

        Resize-to-contents would read every loaded cell on each layout, which costs
        more than the page fetch itself.
        """
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        pad = 24
        samples = {
            COL_IIN: "000000000000",
            COL_BIRTH: "00.00.0000",
            COL_SEX: "Ж",
            COL_MEMBER: "жоқ",
            COL_NAME: "Әбдіхалықов Нұрсұлтан Бауыржанұлы",
            COL_STATUSES: "Көпбалалы отбасы",
        }
        for col, sample in samples.items():
            # the title as the header draws it (bold, padding, sort arrow): never cut, in any language
            header.resizeSection(
                col, max(metrics.horizontalAdvance(sample) + pad, title_width(self.table, col))
            )
        self.address_fill.fill()

    def _texts(self) -> None:
        self.search.setPlaceholderText(_("Search: IIN or first letters of the surname or name (Ctrl+F)"))
        self._label_choices()
        self.member.setItemText(0, _("Members and non-members"))
        self.member.setItemText(1, _("Community members today"))
        self.member.setItemText(2, _("Not members today"))
        self.include_left.setText(_("Show former residents"))
        self.new_button.setText(_("New resident (Ctrl+N)"))
        self.open_button.setText(_("Open"))
        self.import_button.setText(_("Import…"))
        self.export_button.setText(_("Export…"))
        self.search_action.setText(_("Search"))
        self.new_action.setText(_("New resident"))
        self._size_columns()
