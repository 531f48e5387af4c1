"""The agenda during the sitting: reorder proposed items by dragging, take items up, breaks, closing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.ui.meeting.operations import LiveOperations
from zhoob_desktop.ui.meeting.rows import agenda_rows
from zhoob_desktop.ui.meeting.tables import AgendaModel, fit_columns


class AgendaPanel(QWidget):
    item_started = Signal(str)

    def __init__(self, ops: LiveOperations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.state: S.SittingState = ops.state
        self.confirm_close = True  # tests answer the question themselves
        self.current = QLabel()
        self.current.setObjectName("currentItem")
        self.current.setWordWrap(True)
        self.current.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.model = AgendaModel(self)
        self.model.move_requested.connect(self.move_item)
        self.table = QTableView()
        self.table.setObjectName("agenda")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        fit_columns(self.table, 1)
        self.table.verticalHeader().setVisible(False)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.start_button, self.end_button = QPushButton(), QPushButton()
        self.break_button, self.resume_button = QPushButton(), QPushButton()
        self.close_button = QPushButton()
        self.start_button.clicked.connect(self.start_item)
        self.end_button.clicked.connect(lambda: self.ops.run("end_item"))
        self.break_button.clicked.connect(lambda: self.ops.run("break"))
        self.resume_button.clicked.connect(lambda: self.ops.run("resume"))
        self.close_button.clicked.connect(self.close_sitting)
        buttons = QHBoxLayout()
        for b in (self.start_button, self.end_button, self.break_button, self.resume_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        self.retranslate()

    def selected_item(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.key_at(rows[0].row()) if rows else None

    def next_item(self) -> str | None:
        """The selected item if it can be taken up, else the first included item."""
        selected = self.state.item(self.selected_item() or "")
        if selected is not None and selected.status == S.INCLUDED:
            return selected.id
        for it in self.state.agenda:
            if it.status == S.INCLUDED:
                return it.id
        return None

    def start_item(self) -> None:
        item = self.next_item()
        if item is None:
            self.ops.run("start_item")  # the engine says why not
            return
        if self.ops.run("start_item", item=item) is not None:
            self.item_started.emit(item)

    def move_item(self, item_id: str, position: int) -> None:
        self.ops.run("amend_item", item=item_id, position=position)

    def close_sitting(self) -> None:
        if self.confirm_close:
            answer = QMessageBox.question(
                self,
                _("Close the sitting"),
                _("Close the sitting? Nothing can be recorded in its journal afterwards."),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.ops.run("close")

    def show_state(self, state: S.SittingState) -> None:
        self.state = state
        self.model.set_rows(agenda_rows(state))
        item = state.item(state.current_item) if state.current_item else None
        if item is not None:
            self.current.setText(_("Being considered: {title}").format(title=item.title))
        elif state.on_break:
            self.current.setText(_("Break"))
        elif state.phase == S.CLOSED:
            self.current.setText(_("The sitting is closed"))
        else:
            self.current.setText(_("No item is being considered."))
        open_ = state.phase == S.OPEN
        self.start_button.setEnabled(
            open_
            and state.agenda_approved
            and item is None
            and not state.on_break
            and self.next_item() is not None
        )
        self.end_button.setEnabled(open_ and item is not None and state.active_speech is None)
        self.break_button.setVisible(not state.on_break)
        self.resume_button.setVisible(state.on_break)
        self.break_button.setEnabled(open_)
        self.close_button.setEnabled(state.phase != S.CLOSED and item is None and state.active_speech is None)

    def retranslate(self) -> None:
        self.start_button.setText(_("Take up the item (F2)"))
        self.end_button.setText(_("Finish the item (F3)"))
        self.break_button.setText(_("Break"))
        self.resume_button.setText(_("Resume after the break"))
        self.close_button.setText(_("Close the sitting"))
        self.hint.setText(
            _(
                "Drag a proposed item to change its place. The agenda always includes the execution of earlier decisions (Model Regulation §9)."
            )
        )
        self.model.retranslate()
        self.show_state(self.state)
