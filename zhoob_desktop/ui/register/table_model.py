"""The residents table: a Qt model that loads pages from the register service as it scrolls.

The model never holds the whole register: ``rowCount`` is the number of rows
fetched so far, ``canFetchMore``/``fetchMore`` ask the service for the next
page, and sorting is done by the database through the service's ``order_by``.
How many residents match is counted off the window's thread, and only once the
filter has stayed the same for ``COUNT_DELAY_MS`` (a count reads every match,
and typing changes the filter with each key); a count is kept for its filter
until the register changes, so going back to an earlier search shows it at
once; a first page shorter than a page is its own count.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor

from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.register.query import (
    PAGE_SIZE,
    ResidentFilter,
    ResidentRow,
    count_residents,
    count_version,
    query_residents,
)
from zhoob_desktop.services.register.structure import StatusInfo, list_statuses
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.register.common import leave_reason_label, sex_short, short_date, status_name

COL_NAME = 0
COL_IIN = 1
COL_BIRTH = 2
COL_SEX = 3
COL_ADDRESS = 4
COL_STATUSES = 5
COL_MEMBER = 6
COLUMN_COUNT = 7

HEADERS = {
    COL_NAME: N_("Full name"),
    COL_IIN: N_("IIN"),
    COL_BIRTH: N_("Born"),
    COL_SEX: N_("Sex"),
    COL_ADDRESS: N_("Address"),
    COL_STATUSES: N_("Social status"),
    COL_MEMBER: N_("Member"),
}

# Columns the service can order by (``query.ORDER_FIELDS``); the others keep the current order.
SORT_FIELDS = {
    COL_NAME: "name",
    COL_IIN: "iin",
    COL_BIRTH: "birth_date",
    COL_ADDRESS: "address",
}

#: ``Qt.UserRole``: the resident's ``uuid.UUID``.
ID_ROLE = Qt.ItemDataRole.UserRole
#: ``Qt.UserRole + 1``: the whole ``ResidentRow``.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

COUNT_DELAY_MS = 400  # typing pauses this long before the matches are counted
KEPT_COUNTS = 64

_Index = QModelIndex | QPersistentModelIndex


class ResidentTableModel(QAbstractTableModel):
    """Residents matching a ``ResidentFilter``, fetched ``page_size`` rows at a time."""

    #: The count of matching residents became known (``total()``).
    total_changed = Signal()
    _counted = Signal(int, int)  # (generation, count) from the counting thread

    def __init__(
        self,
        store: Store,
        *,
        page_size: int = PAGE_SIZE,
        today: Callable[[], date] = date.today,
        parent=None,
    ):
        super().__init__(parent)
        self.store = store
        self.page_size = page_size
        self.today = today
        self.filter = ResidentFilter()
        self.order_by = "name"
        self.descending = False
        self._rows: list[ResidentRow] = []
        self._total: int | None = 0
        self._more = False  # the last page was full: there may be more rows
        self._generation = 0  # bumped by every refresh; a count for an older filter is dropped
        self._counter: ThreadPoolExecutor | None = None
        self._counted_event = threading.Event()
        self._last_count = (0, 0)
        self._counted.connect(self._take_count)
        self._counts: dict[ResidentFilter, tuple[tuple[int, int], int]] = {}  # filter -> (version, count)
        self._running: dict[int, tuple[ResidentFilter, tuple[int, int]]] = {}  # generation -> what it counts
        self._pending: tuple[int, ResidentFilter, tuple[int, int]] | None = (
            None  # a count waiting for the pause
        )
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._start_count)
        self._statuses: dict[str, StatusInfo] = {}
        self.fetches = 0  # pages asked of the service since the last reset (tests and the bench read it)

    # --- loading -----------------------------------------------------------------------------

    def total(self) -> int | None:
        """How many residents match the filter (not how many are loaded); None while being counted."""
        return self._total

    def wait_for_total(self, timeout: float = 10.0) -> int | None:
        """Block until the count is known (tests, the bench); counts at once if waiting for a pause."""
        if self._total is None and self._pending is not None:
            self._count_timer.stop()
            self._start_count()
        if self._total is None and self._counted_event.wait(timeout):
            self._take_count(*self._last_count)
        return self._total

    def set_filter(self, flt: ResidentFilter) -> None:
        self.filter = flt
        self.refresh()

    def refresh(self) -> None:
        """Reload the first page; the count comes from earlier, or once typing pauses, or is the page."""
        self.beginResetModel()
        self._generation += 1
        self._statuses = {s.code: s for s in list_statuses(self.store)}
        self._rows = []
        self.fetches = 0
        self._load_page()
        self._pending = None
        self._count_timer.stop()
        if self._more:
            flt = self._effective_filter()
            version = count_version(self.store)
            kept = self._counts.get(flt)
            if kept is not None and kept[0] == version:
                self._total = kept[1]
            else:
                self._total = None
                self._counted_event.clear()
                self._pending = (self._generation, flt, version)
                self._count_timer.start()
        else:
            self._total = len(self._rows)
        self.endResetModel()
        self.total_changed.emit()

    def _start_count(self) -> None:
        if self._pending is not None:
            generation, flt, version = self._pending
            self._pending = None
            self._count_in_background(generation, flt, version)

    def _count_in_background(self, generation: int, flt: ResidentFilter, version: tuple[int, int]) -> None:
        if self._counter is None:
            self._counter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="resident-count")

        def count() -> None:
            if generation != self._generation:
                return  # the filter changed before this count started
            try:
                total = count_residents(self.store, flt)
            except Exception:  # noqa: BLE001 - a store closed meanwhile: the count is simply not shown
                return
            self._last_count = (generation, total)
            self._counted.emit(generation, total)
            if generation == self._generation:
                self._counted_event.set()

        self._running[generation] = (flt, version)
        while len(self._running) > 8:  # counts that never ran (their filter changed first)
            self._running.pop(next(iter(self._running)))
        self._counter.submit(count)

    def _take_count(self, generation: int, total: int) -> None:
        running = self._running.pop(generation, None)
        if running is not None:
            self._keep(*running, total)
        if generation != self._generation or self._total is not None:
            return
        self._total = max(total, len(self._rows))
        self.total_changed.emit()

    def _keep(self, flt: ResidentFilter, version: tuple[int, int], total: int) -> None:
        if len(self._counts) >= KEPT_COUNTS:
            self._counts.pop(next(iter(self._counts)))
        self._counts[flt] = (version, total)

    def shutdown(self) -> None:
        """Stop the counting thread (the view is closing)."""
        self._count_timer.stop()
        self._pending = None
        if self._counter is not None:
            self._counter.shutdown(wait=True, cancel_futures=True)
            self._counter = None

    def export_filter(self) -> ResidentFilter:
        """The filter as the table applies it (membership judged today), for the export."""
        return self._effective_filter()

    def _effective_filter(self) -> ResidentFilter:
        # membership is always judged on today's date, so the column and the filter agree
        return replace(self.filter, member_on=self.filter.member_on or self.today())

    def _load_page(self) -> list[ResidentRow]:
        page = query_residents(
            self.store,
            self._effective_filter(),
            order_by=self.order_by,
            descending=self.descending,
            offset=len(self._rows),
            limit=self.page_size,
        )
        self.fetches += 1
        self._rows.extend(page)
        self._more = len(page) == self.page_size
        return page

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        page = query_residents(
            self.store,
            self._effective_filter(),
            order_by=self.order_by,
            descending=self.descending,
            offset=len(self._rows),
            limit=self.page_size,
        )
        self.fetches += 1
        self._more = len(page) == self.page_size
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        if not self._more and self._total != len(self._rows):
            # the last page: the rows are the count (and rows removed since the count are not asked for)
            self._total = len(self._rows)
            self._generation += 1  # a count still running is out of date
            self.total_changed.emit()

    def fetch_all_up_to(self, row: int) -> None:
        """Fetch pages until ``row`` is loaded (or the filter has no more rows)."""
        while row >= len(self._rows) and self.canFetchMore():
            self.fetchMore()

    # --- sorting -----------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        field = SORT_FIELDS.get(column)
        if field is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if field == self.order_by and descending == self.descending:
            return  # already in this order (the view asks once when sorting is switched on)
        self.order_by, self.descending = field, descending
        self.refresh()

    def sort_column(self) -> int:
        return next(col for col, name in SORT_FIELDS.items() if name == self.order_by)

    # --- the Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def row_at(self, row: int) -> ResidentRow:
        return self._rows[row]

    def id_at(self, row: int) -> uuid.UUID:
        return self._rows[row].id

    def row_of(self, resident_id: uuid.UUID) -> int | None:
        """The row of a loaded resident, or None."""
        for number, row in enumerate(self._rows):
            if row.id == resident_id:
                return number
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole and section not in SORT_FIELDS:
            return _("This column cannot be sorted.")
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.left_on is not None:
                return _("Left the register on {date}: {reason}.").format(
                    date=short_date(row.left_on), reason=leave_reason_label(row.left_reason)
                )
            if col in (COL_NAME, COL_ADDRESS) or (col == COL_STATUSES and row.statuses):
                return self._display(row, col)  # the whole text where the column elides it
            return None
        if role == Qt.ItemDataRole.ForegroundRole and row.left_on is not None:
            return QBrush(QColor("#808080"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_IIN, COL_BIRTH, COL_SEX, COL_MEMBER):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, row: ResidentRow, col: int) -> str:
        if col == COL_NAME:
            return row.full_name
        if col == COL_IIN:
            return row.iin or ""
        if col == COL_BIRTH:
            return short_date(row.birth_date)
        if col == COL_SEX:
            return sex_short(row.sex)
        if col == COL_ADDRESS:
            return row.address
        if col == COL_STATUSES:
            return ", ".join(
                status_name(self._statuses[code]) if code in self._statuses else code for code in row.statuses
            )
        if col == COL_MEMBER:
            return _("yes") if row.is_member else _("no")
        return ""

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def retranslate(self) -> None:
        """Headers and cell texts in the new language (the rows themselves stay)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, COLUMN_COUNT - 1))
