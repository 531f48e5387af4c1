"""The agenda during the sitting: reorder proposed items by dragging, take items up, breaks, closing.

Closing asks first, on the panel itself (no box to click away), and says
what is left: items of the approved agenda never taken up and written
questions never announced, by name. Enter on "Close the sitting" in that
question closes; Esc keeps the sitting open.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.ui.meeting.keys import RefusalLine, enter_clicks, explain
from zhoob_desktop.ui.meeting.operations import LiveOperations
from zhoob_desktop.ui.meeting.rows import agenda_rows
from zhoob_desktop.ui.meeting.tables import AgendaModel, fit_columns


class AgendaPanel(QWidget):
    item_started = Signal(str)

    def __init__(self, ops: LiveOperations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.state: S.SittingState = ops.state
        self.confirm_close = True  # False: close at once (scripts that test other things)
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
        self.message = RefusalLine()
        self.start_button, self.end_button = QPushButton(), QPushButton()
        self.break_button, self.resume_button = QPushButton(), QPushButton()
        self.close_button = QPushButton()
        self.start_button.clicked.connect(self.start_item)
        self.end_button.clicked.connect(lambda: self._run("end_item"))
        self.break_button.clicked.connect(lambda: self._run("break"))
        self.resume_button.clicked.connect(lambda: self._run("resume"))
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
        self.closing = QFrame()
        self.closing.setObjectName("confirmClosing")
        self.closing.setStyleSheet(
            "QFrame#confirmClosing { background: #fff4d6; border: 2px solid #8e4b00; border-radius: 6px; }"
        )
        closing_layout = QVBoxLayout(self.closing)
        self.reasons = QFormLayout()
        self.reason_fields: list[tuple[dict[str, str], QLineEdit]] = []
        self.closing_text = QLabel()
        self.closing_text.setObjectName("closingText")
        self.closing_text.setWordWrap(True)
        self.closing_text.setStyleSheet("color: #5c3000; font-weight: bold;")
        self.closing_yes, self.closing_no = QPushButton(), QPushButton()
        self.closing_yes.clicked.connect(self._close_confirmed)
        self.closing_no.clicked.connect(self.keep_open)
        closing_buttons = QHBoxLayout()
        closing_buttons.addWidget(self.closing_yes)
        closing_buttons.addWidget(self.closing_no)
        closing_buttons.addStretch(1)
        closing_layout.addWidget(self.closing_text)
        closing_layout.addLayout(self.reasons)
        closing_layout.addLayout(closing_buttons)
        self.closing.setVisible(False)
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self,
            self.keep_open,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        layout.addWidget(self.message)
        layout.addWidget(self.closing)
        layout.addLayout(buttons)
        enter_clicks(
            self.start_button,
            self.end_button,
            self.break_button,
            self.resume_button,
            self.close_button,
            self.closing_yes,
            self.closing_no,
        )
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

    def _run(self, command: str, /, **fields) -> S.SittingState | None:
        """Run a command; a refusal is said on this panel's line, with its rule."""
        state = self.ops.run(command, **fields)
        self.message.setText(
            "" if state is not None else (self.ops.last_error.message() if self.ops.last_error else "")
        )
        return state

    def start_item(self) -> None:
        item = self.next_item()
        if item is None:
            self._run("start_item")  # the engine says why not
            return
        if self._run("start_item", item=item) is not None:
            self.item_started.emit(item)

    def move_item(self, item_id: str, position: int) -> None:
        self._run("amend_item", item=item_id, position=position)

    def left_over(self) -> list[tuple[dict[str, str], str, str]]:
        """What closing now leaves behind, not yet explained: (the command's field, what, a reason typed).

        Approved items never taken up (Reg §9) and written questions never
        announced (Reg §11); one already given a reason is not asked again.
        """
        state = self.state
        out = []
        if state.agenda_approved:
            for number, it in enumerate(state.agenda, start=1):
                if it.status == S.INCLUDED and not it.left_reason:
                    out.append(
                        (
                            {"item": it.id},
                            _("Item {number} was never taken up: {title}").format(
                                number=number, title=it.title
                            ),
                            "",
                        )
                    )
        for q in state.questions:
            if q.announced_at is None and not q.left_reason:
                out.append(
                    (
                        {"question": q.id},
                        _("A written question of {author} was never announced: {text}").format(
                            author=q.author_name or "—", text=q.text
                        ),
                        "",
                    )
                )
        return out

    def closing_question(self) -> str:
        """The confirmation asked before closing, naming what is left."""
        if not self.left_over():
            return _(
                "Close the sitting? Every item of the agenda was considered. Nothing can be recorded in "
                "its journal afterwards."
            )
        if self.state.kind != R.MEETING:  # the gathering's agenda is its own (Law art. 39-3), not Reg §9, §11
            return _(
                "Close the gathering with this left undone? For each, type the reason the protocol gives. "
                "Nothing can be recorded in its journal afterwards."
            )
        return _(
            "Close the sitting with this left undone? For each, type the reason the protocol gives "
            "(Model Regulation §9, §11). Nothing can be recorded in its journal afterwards."
        )

    def _closable(self) -> ZhoobError | None:
        """The engine's refusal to close, unless what stands in the way is only what is left undone."""
        refusal = self.ops.refusal("close")
        if isinstance(refusal, E.AgendaNotFinished | E.QuestionsNotAnnounced):
            return None  # the closing question asks the reasons
        return refusal

    def close_sitting(self) -> None:
        """Ask first, on the panel, naming what is left and asking why; then close."""
        if not self.confirm_close:
            self._run("close")
            return
        refusal = self._closable()
        if refusal is not None:
            self.message.setText(refusal.message())
            return
        self._fill_reasons()
        self.closing_text.setText(self.closing_question())
        self.closing.setVisible(True)
        if self.reason_fields:
            self.reason_fields[0][1].setFocus()
        else:
            self.closing_no.setFocus()  # the safe answer under the finger; Tab then Enter closes
        self._enable_closing()

    def _fill_reasons(self) -> None:
        while self.reasons.rowCount():
            self.reasons.removeRow(0)
        self.reason_fields = []
        for fields, what, _reason in self.left_over():
            label = QLabel("• " + what)
            label.setWordWrap(True)
            edit = QLineEdit()
            edit.setObjectName("leftReason")
            edit.setPlaceholderText(_("why, for the protocol"))
            edit.textChanged.connect(lambda _t: self._enable_closing())
            edit.returnPressed.connect(self.focusNextChild)
            self.reasons.addRow(label)
            self.reasons.addRow(edit)
            self.reason_fields.append((fields, edit))
        chain = [edit for _fields, edit in self.reason_fields] + [self.closing_yes, self.closing_no]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _enable_closing(self) -> None:
        missing = [edit for _fields, edit in self.reason_fields if not edit.text().strip()]
        explain(
            self.closing_yes,
            _("Type the reason for each item or question left undone.") if missing else None,
        )

    def _close_confirmed(self) -> None:
        for fields, edit in self.reason_fields:
            if self._run("acknowledge", reason=edit.text().strip(), **fields) is None:
                return  # said on the panel; what was recorded stays (taken up later, it is dropped)
        self.closing.setVisible(False)
        self.reason_fields = []
        self._run("close")

    def keep_open(self) -> None:
        if self.closing.isVisible():
            self.closing.setVisible(False)
            self.close_button.setFocus()

    def show_state(self, state: S.SittingState) -> None:
        self.state = state
        if self.closing.isVisible() and state.phase == S.CLOSED:
            self.closing.setVisible(False)
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
        following = self.next_item()
        if following is not None:
            explain(self.start_button, self.ops.refusal("start_item", item=following))
        else:
            # No item left to take up; the phase or a break may be what the engine says first.
            refusal = self.ops.refusal("start_item", item="-")
            if refusal is None or isinstance(refusal, E.UnknownItem):
                refusal = _("No item of the approved agenda is left to take up.")
            explain(self.start_button, refusal)
        explain(self.end_button, self.ops.refusal("end_item"))
        self.break_button.setVisible(not state.on_break)
        self.resume_button.setVisible(state.on_break)
        explain(self.break_button, self.ops.refusal("break"))
        explain(self.resume_button, self.ops.refusal("resume"))
        explain(self.close_button, self._closable())

    def retranslate(self) -> None:
        self.closing_yes.setText(_("Close the sitting"))
        self.closing_no.setText(_("Do not close (Esc)"))
        self.start_button.setText(_("Take up the item (F2)"))
        self.end_button.setText(_("Finish the item (F3)"))
        self.break_button.setText(_("Break"))
        self.resume_button.setText(_("Resume after the break"))
        self.close_button.setText(_("Close the sitting"))
        if self.state.kind != R.MEETING:  # no item on earlier decisions is required of a gathering
            self.hint.setText(
                _("Drag a proposed item to change its place. {rule}").format(
                    rule=R.rule_text("agenda.inclusion", self.state.kind, self.state.sources)
                )
            )
        else:
            self.hint.setText(
                _(
                    "Drag a proposed item to change its place. The agenda always includes the execution of earlier decisions (Model Regulation §9)."
                )
            )
        self.model.retranslate()
        self.show_state(self.state)
