"""The preview table of an import: one line per row of the file, numbered as in the file.

A refused row shows the name and IIN as written in the file, so it can be
found and corrected there; every column sorts (``SORT_ROLE``): the row
number as a number, the errors by the first one, so refused rows group by
their reason.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.register.importer import PreviewRow

COL_ROW = 0
COL_ACTION = 1
COL_NAME = 2
COL_IIN = 3
COL_ISSUES = 4
COLUMN_COUNT = 5

HEADERS = {
    COL_ROW: N_("Row"),
    COL_ACTION: N_("What happens"),
    COL_NAME: N_("Full name"),
    COL_IIN: N_("IIN"),
    COL_ISSUES: N_("Errors and warnings"),
}

ACTION_LABELS = {
    "new": N_("new resident"),
    "update": N_("updates a resident"),
    "unchanged": N_("already in the register"),
    "combined": N_("combined with an earlier row"),
    "duplicate": N_("duplicate, left out"),
    "error": N_("refused"),
}

#: ``Qt.UserRole``: the whole ``PreviewRow``.
ROW_ROLE = Qt.ItemDataRole.UserRole
#: What a column sorts by.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

ERROR_BRUSH = QBrush(QColor("#fde2e2"))
WARNING_BRUSH = QBrush(QColor("#fff4d6"))

_Index = QModelIndex | QPersistentModelIndex


def action_label(action: str) -> str:
    """What the import does with a row, in words."""
    return _(ACTION_LABELS[action]) if action in ACTION_LABELS else action


class PreviewModel(QAbstractTableModel):
    """Rows of an ``ImportPreview``; optionally only those with errors or warnings."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: tuple[PreviewRow, ...] = ()
        self._rows: list[PreviewRow] = []
        self._only_issues = False

    def set_rows(self, rows: tuple[PreviewRow, ...]) -> None:
        self._all = rows
        self._apply()

    def set_only_issues(self, only: bool) -> None:
        if only != self._only_issues:
            self._only_issues = only
            self._apply()

    def _apply(self) -> None:
        self.beginResetModel()
        if self._only_issues:
            self._rows = [r for r in self._all if r.issues or r.action in ("error", "duplicate")]
        else:
            self._rows = list(self._all)
        self.endResetModel()

    def row_at(self, row: int) -> PreviewRow:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < COLUMN_COUNT
        ):
            return _(HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return self._sort_key(row, col)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_ISSUES and row.issues:
            return self._display(row, col)
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.action == "error":
                return ERROR_BRUSH
            if row.issues or row.action == "duplicate":
                return WARNING_BRUSH
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _display(row: PreviewRow, col: int) -> Any:
        if col == COL_ROW:
            return row.row
        if col == COL_ACTION:
            return action_label(row.action)
        if col == COL_NAME:
            return row.name
        if col == COL_IIN:
            return row.iin
        if col == COL_ISSUES:
            return "\n".join(
                f"{issue.column}: {issue.message}" if issue.column else issue.message for issue in row.issues
            )
        return None

    @staticmethod
    def _sort_key(row: PreviewRow, col: int) -> Any:
        if col == COL_ROW:
            return row.row
        if col == COL_ACTION:
            return action_label(row.action)
        if col == COL_NAME:
            return row.name.casefold()
        if col == COL_IIN:
            return row.iin
        if col == COL_ISSUES:
            return row.reason.casefold()
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, COLUMN_COUNT - 1))
