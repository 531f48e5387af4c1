"""Item models of the live console: keyed rows, refreshed by diff, never reset for a tick.

Each model shows a list of frozen rows (built from the sitting's state by
``rows.py``). ``set_rows`` compares with what is shown and emits the smallest
change it can: ``dataChanged`` for rows whose values changed, inserts for rows
appended at the end (a registration), removals at the end; only a reordering
resets the model. The speakers model repaints one cell per displayed second.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView

from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.ui.columns import StretchWithMinimum, title_width
from zhoob_desktop.ui.meeting.countdown import format_clock, phase_of
from zhoob_desktop.ui.meeting.widgets import PHASE_COLOURS

Index = QModelIndex | QPersistentModelIndex
ROW_KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's key (person, item, speech id)
MIME_ROW = "application/x-zhoob-row"


@dataclass(frozen=True)
class Column:
    title: str  # msgid, translated in headerData
    value: Callable[[Any], Any]
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def fit_columns(view, stretch: int) -> None:
    """Every column as wide as its contents and title, one column taking the rest of the width.

    The stretched column never gets narrower than its title (``columns.StretchWithMinimum``):
    a narrow table scrolls sideways instead. The widths are measured again when the rows are
    replaced as a whole or the first rows arrive (``refit``); measuring on every inserted row
    costs too much at a busy registration desk, so columns of known width (IIN, times) are
    sized by their panel.
    """
    header = view.horizontalHeader()
    for column in range(view.model().columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    view.setTabKeyNavigation(False)  # Tab goes on to the panel's buttons; the arrows move in the table
    # A few rows at least, no more: on a small screen the panel's buttons stay in view.
    view.setMinimumHeight(
        view.horizontalHeader().sizeHint().height() + view.verticalHeader().defaultSectionSize() * 3
    )
    view.setProperty("stretchColumn", stretch)
    view.stretcher = StretchWithMinimum(view, stretch)
    model = view.model()
    model.modelReset.connect(lambda: refit(view))
    model.rowsInserted.connect(lambda _parent, first, _last: refit(view) if first == 0 else None)
    refit(view)


WIDEST_OTHER_COLUMN = (
    260  # a long kind or status is elided (its cell's tooltip is whole); the main column gets the room
)


def refit(view) -> None:
    stretch = view.property("stretchColumn")
    for column in range(view.model().columnCount()):
        if column != stretch:
            view.resizeColumnToContents(column)  # the title's width included
            widest = max(WIDEST_OTHER_COLUMN, title_width(view, column))
            if view.columnWidth(column) > widest:
                view.setColumnWidth(column, widest)
    stretcher = getattr(view, "stretcher", None)
    if stretcher is not None:
        stretcher.fill()


class KeyedTableModel(QAbstractTableModel):
    """A table of frozen rows with a ``key`` attribute; columns defined by ``COLUMNS``."""

    COLUMNS: tuple[Column, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Any] = []
        self._row_of: dict[Any, int] = {}

    # -- Qt API -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            return _(self.COLUMNS[section].title)
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == ROW_KEY_ROLE:
            return row.key
        extra = self.extra_data(row, index.column(), role)
        if extra is None and role == Qt.ItemDataRole.ToolTipRole:
            value = column.value(row)  # the whole text of a cell too narrow for it
            return str(value) if value not in (None, "") else None
        return extra

    def extra_data(self, row: Any, column: int, role: int):
        return None

    # -- refreshing -------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        rows = list(rows)
        old_keys = [r.key for r in self.rows]
        new_keys = [r.key for r in rows]
        common = min(len(old_keys), len(new_keys))
        if old_keys[:common] != new_keys[:common]:
            self.beginResetModel()
            self._store(rows)
            self.endResetModel()
            return
        changed = [i for i in range(common) if self.rows[i] != rows[i]]
        if len(new_keys) < len(old_keys):
            self.beginRemoveRows(QModelIndex(), common, len(old_keys) - 1)
            self._store(self.rows[:common])
            self.endRemoveRows()
        for i in changed:
            self.rows[i] = rows[i]
        if changed:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), last))
        if len(new_keys) > len(old_keys):
            self.beginInsertRows(QModelIndex(), len(old_keys), len(new_keys) - 1)
            self._store(rows)
            self.endInsertRows()
        else:
            self._store(rows)

    def _store(self, rows: list[Any]) -> None:
        self.rows = rows
        self._row_of = {r.key: i for i, r in enumerate(rows)}

    def row_of(self, key: Any) -> int | None:
        return self._row_of.get(key)

    def key_at(self, row: int) -> Any:
        return self.rows[row].key if 0 <= row < len(self.rows) else None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, self.columnCount() - 1))


# -- the rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRow:
    key: str
    name: str
    iin: str
    kind: str  # translated: member / role of a guest
    arrived: str
    departed: str
    present: bool
    is_member: bool


@dataclass(frozen=True)
class AgendaRow:
    key: str
    number: int
    title: str
    kind: str
    reporter: str
    status: str  # translated
    current: bool
    movable: bool


@dataclass(frozen=True)
class SpeechRow:
    key: str
    name: str
    kind: str  # translated
    status: str  # translated
    allowed: int
    elapsed: float  # when the state was read (the live cell computes its own)
    count: str  # "1 / 2": debate speeches of this person on the item against the limit
    active: bool


@dataclass(frozen=True)
class RollRow:
    key: str
    name: str
    choice: str | None  # "for" / "against" / "abstain" / None


@dataclass(frozen=True)
class SittingRow:
    key: str
    date: str
    kind: str
    title: str
    place: str
    status: str


@dataclass(frozen=True)
class EventRow:
    key: int
    time: str
    what: str
    actor: str


BOLD = QFont()
BOLD.setBold(True)
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


class AttendanceModel(KeyedTableModel):
    """Everyone registered at the sitting: members and invited persons, with arrival and departure."""

    COLUMNS = (
        Column(N_("Full name"), lambda r: r.name),
        Column(N_("IIN"), lambda r: r.iin),
        Column(N_("Status"), lambda r: r.kind),
        Column(N_("Arrived"), lambda r: r.arrived, _CENTER),
        Column(N_("Left"), lambda r: r.departed, _CENTER),
    )

    def extra_data(self, row: AttendanceRow, column: int, role: int):
        if role == Qt.ItemDataRole.ForegroundRole and not row.present:
            return QBrush(QColor("#80868b"))
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return row.kind  # an excuse's reason may be longer than the column
        return None


class AgendaModel(KeyedTableModel):
    """The agenda; proposed items can be dragged to a new place (the engine records the move)."""

    COLUMNS = (
        Column(N_("No."), lambda r: r.number, _RIGHT),
        Column(N_("Item"), lambda r: r.title),
        Column(N_("Subject"), lambda r: r.kind),
        Column(N_("Reporter"), lambda r: r.reporter),
        Column(N_("Status"), lambda r: r.status),
    )
    move_requested = Signal(str, int)  # item id, new position (1-based)

    def extra_data(self, row: AgendaRow, column: int, role: int):
        if role == Qt.ItemDataRole.FontRole and row.current:
            return BOLD
        if role == Qt.ItemDataRole.BackgroundRole and row.current:
            return QBrush(QColor("#fff3c4"))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base | Qt.ItemFlag.ItemIsDropEnabled
        if self.rows[index.row()].movable:
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_ROW]

    def mimeData(self, indexes) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            mime.setData(MIME_ROW, self.rows[rows[0]].key.encode("utf-8"))
        return mime

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return data is not None and data.hasFormat(MIME_ROW)

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        key = bytes(data.data(MIME_ROW)).decode("utf-8")
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self.rows))
        source = self.row_of(key)
        if source is None:
            return False
        position = target if target <= source else target - 1  # 0-based place after removal
        position = max(0, min(position, len(self.rows) - 1))
        if position != source:
            self.move_requested.emit(key, position + 1)
        return False  # nothing moves here: the engine's new state will


class SpeakersModel(KeyedTableModel):
    """The speakers of an item; the active speech's time cell is repainted once a second."""

    COL_TIME = 4
    COLUMNS = (
        Column(N_("Speaker"), lambda r: r.name),
        Column(N_("Kind"), lambda r: r.kind),
        Column(N_("Status"), lambda r: r.status),
        Column(N_("Allowed"), lambda r: format_clock(r.allowed), _CENTER),
        Column(N_("Time"), lambda r: format_clock(r.allowed - r.elapsed), _CENTER),
        Column(N_("Speeches on the item"), lambda r: r.count, _CENTER),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.live_remaining: float | None = None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            index.isValid()
            and index.column() == self.COL_TIME
            and 0 <= index.row() < len(self.rows)
            and self.rows[index.row()].active
            and self.live_remaining is not None
        ):
            row = self.rows[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return format_clock(self.live_remaining)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(PHASE_COLOURS[phase_of(self.live_remaining, row.allowed)]))
            if role == Qt.ItemDataRole.FontRole:
                return BOLD
        return super().data(index, role)

    def extra_data(self, row: SpeechRow, column: int, role: int):
        if role == Qt.ItemDataRole.BackgroundRole and row.active:
            return QBrush(QColor("#e3f1e6"))
        return None

    def active_row(self) -> int | None:
        for i, r in enumerate(self.rows):
            if r.active:
                return i
        return None

    def tick(self, remaining: float) -> None:
        """One second passed on the live countdown: repaint only the active time cell."""
        self.live_remaining = remaining
        row = self.active_row()
        if row is not None:
            cell = self.index(row, self.COL_TIME)
            self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole])


CHOICE_COLUMNS = {1: "for", 2: "against", 3: "abstain"}


class RollCallModel(KeyedTableModel):
    """A roll call: one row per member present, one checkable column per choice (exclusive)."""

    COLUMNS = (
        Column(N_("Member"), lambda r: r.name),
        Column(N_("For"), lambda r: "", _CENTER),
        Column(N_("Against"), lambda r: "", _CENTER),
        Column(N_("Abstain"), lambda r: "", _CENTER),
    )
    choices_changed = Signal()

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() in CHOICE_COLUMNS:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def extra_data(self, row: RollRow, column: int, role: int):
        if role == Qt.ItemDataRole.CheckStateRole and column in CHOICE_COLUMNS:
            checked = row.choice == CHOICE_COLUMNS[column]
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or role != Qt.ItemDataRole.CheckStateRole
            or index.column() not in CHOICE_COLUMNS
        ):
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        choice = CHOICE_COLUMNS[index.column()] if checked else None
        self.set_choice(index.row(), choice)
        return True

    def set_choice(self, row: int, choice: str | None) -> None:
        old = self.rows[row]
        if old.choice == choice:
            return
        self.rows[row] = RollRow(old.key, old.name, choice)
        self.dataChanged.emit(self.index(row, 1), self.index(row, 3), [Qt.ItemDataRole.CheckStateRole])
        self.choices_changed.emit()

    def set_all(self, choice: str | None) -> None:
        for row in range(len(self.rows)):
            self.set_choice(row, choice)

    def set_rest(self, choice: str) -> None:
        """Members not marked yet vote ``choice``."""
        for row in range(len(self.rows)):
            if self.rows[row].choice is None:
                self.set_choice(row, choice)

    def counts(self) -> dict[str, int]:
        out = {"for": 0, "against": 0, "abstain": 0}
        for r in self.rows:
            if r.choice:
                out[r.choice] += 1
        return out

    def roll_call(self) -> dict[str, str]:
        return {r.key: r.choice for r in self.rows if r.choice}


class SittingsModel(KeyedTableModel):
    COLUMNS = (
        Column(N_("Date"), lambda r: r.date),
        Column(N_("Kind"), lambda r: r.kind),
        Column(N_("Title"), lambda r: r.title),
        Column(N_("Place"), lambda r: r.place),
        Column(N_("Status"), lambda r: r.status),
    )


class EventsModel(KeyedTableModel):
    COLUMNS = (
        Column(N_("No."), lambda r: r.key, _RIGHT),
        Column(N_("Time"), lambda r: r.time, _CENTER),
        Column(N_("Event"), lambda r: r.what),
        Column(N_("By"), lambda r: r.actor),
    )
