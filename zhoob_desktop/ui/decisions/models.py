"""Item models of the Decisions page: the register of decisions and the list of deadlines."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from zhoob_desktop.services.decisions import Deadline, DecisionView
from zhoob_desktop.services.decisions.views import OVERDUE, SOON
from zhoob_desktop.services.i18n import N_, _, format_date, pgettext

# Custom roles: the decision's id (str) on every cell; the urgency ("overdue", "soon", "later", "").
DecisionIdRole = Qt.ItemDataRole.UserRole + 1
UrgencyRole = Qt.ItemDataRole.UserRole + 2

BACKGROUND = {OVERDUE: QColor("#f6c9c9"), SOON: QColor("#fde3b0")}
FOREGROUND = {OVERDUE: QColor("#8a1010"), SOON: QColor("#6b4400")}


def _colour(role: int, level: str):
    if role == Qt.ItemDataRole.BackgroundRole and level in BACKGROUND:
        return QBrush(BACKGROUND[level])
    if role == Qt.ItemDataRole.ForegroundRole and level in FOREGROUND:
        return QBrush(FOREGROUND[level])
    return None


def deadline_tooltip(d: Deadline) -> str:
    text = f"{d.what_text()} ({_(d.citation)})"
    if d.estimated:
        text += "\n" + _("Counted across a holiday the calendar only estimates; confirm it in the settings.")
    if d.day_off is not None:
        text += "\n" + d.day_off_text()
    return text


def due_text(d: Deadline) -> str:
    """The due date, marked ≈ when it rests on an estimated holiday."""
    return ("≈ " if d.estimated else "") + format_date(d.due, "short")


class DecisionsModel(QAbstractTableModel):
    """One row per decision: sitting date, item, decision text, status, next deadline (coloured)."""

    COL_DATE, COL_ITEM, COL_TEXT, COL_STATUS, COL_DEADLINE = range(5)
    HEADERS = (N_("Sitting"), "", N_("Decision"), N_("Status"), N_("Next deadline"))

    def __init__(self, shown: Callable[[str], str] = str):
        super().__init__()
        self.rows: list[DecisionView] = []
        self.shown = shown  # a typed text as the screen's language shows it (ui/typed_texts.py)

    def set_rows(self, rows: list[DecisionView]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, decision_id: str) -> int:
        for n, view in enumerate(self.rows):
            if str(view.id) == decision_id:
                return n
        return -1

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == self.COL_ITEM:  # short: the column is narrow
                return pgettext("decisions column", "Item")
            return _(self.HEADERS[section])
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.HEADERS) - 1))

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        view, column = self.rows[index.row()], index.column()
        nxt = view.next_deadline
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_DATE:
                return format_date(view.held_on, "short")
            if column == self.COL_ITEM:  # narrow: the language is named beside it, in the decision's cell
                return f"{view.item_number}. {view.item_title}"
            if column == self.COL_TEXT:
                return self.shown(view.text)
            if column == self.COL_STATUS:
                return _(view.status_label)
            return due_text(nxt) if nxt else "—"
        if role == DecisionIdRole:
            return str(view.id)
        if role == UrgencyRole:
            return nxt.urgency if nxt else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_DEADLINE and nxt is not None:
                return deadline_tooltip(nxt)
            if column == self.COL_TEXT:
                return self.shown(view.text)
            if column == self.COL_ITEM:
                return f"{view.item_number}. {self.shown(view.item_title)}"
            if column == self.COL_STATUS:
                return _(view.status_label)
            return None
        if column == self.COL_DEADLINE and nxt is not None:
            return _colour(role, nxt.urgency)
        return None


class DeadlinesModel(QAbstractTableModel):
    """The dashboard: due date (coloured), subject, what is due with the rule it follows."""

    COL_DUE, COL_SUBJECT, COL_WHAT = range(3)
    HEADERS = (N_("Due"), N_("Subject"), N_("What is due"))

    def __init__(self, shown: Callable[[str], str] = str):
        super().__init__()
        self.rows: list[Deadline] = []
        self.shown = shown

    def set_rows(self, rows: list[Deadline]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.HEADERS) - 1))

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        d, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_DUE:
                return due_text(d)
            if column == self.COL_SUBJECT:
                return d.subject_text() if d.subject_msgid else self.shown(d.subject)
            return deadline_tooltip(d)
        if role == Qt.ItemDataRole.ToolTipRole:
            return deadline_tooltip(d)
        if role == DecisionIdRole:
            return str(d.decision_id) if d.decision_id else None
        if role == UrgencyRole:
            return d.urgency
        if column == self.COL_DUE:
            return _colour(role, d.urgency)
        return None


class ExecutionModel(QAbstractTableModel):
    """The next sitting's execution item: each open decision, what the sitting hears, from whom, by when."""

    COL_DECISION, COL_WHAT, COL_RESPONSIBLE, COL_DUE = range(4)
    HEADERS = (N_("Decision"), N_("What the sitting hears"), N_("Responsible"), N_("Due"))

    def __init__(self, shown: Callable[[str], str] = str):
        super().__init__()
        self.rows: list = []
        self.shown = shown

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.HEADERS) - 1))

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        line, column = self.rows[index.row()], index.column()
        d = line.decision
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_DECISION:
                return _("{date}, item {number}: {text}").format(
                    date=format_date(d.held_on, "short"), number=d.item_number, text=self.shown(d.text)
                )
            if column == self.COL_WHAT:
                return line.text()
            if column == self.COL_RESPONSIBLE:
                return self.shown(line.responsible) if line.responsible else "—"
            return format_date(d.follow.due_on, "short") if d.follow.due_on else "—"
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_DECISION:
            return self.shown(d.text)
        if role == DecisionIdRole:
            return str(d.id)
        if role == UrgencyRole:
            return OVERDUE if line.overdue else ""
        if column == self.COL_DUE and line.overdue:
            return _colour(role, OVERDUE)
        return None
