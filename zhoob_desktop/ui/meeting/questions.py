"""Written questions at the sitting: handed to the chair and announced (Model Regulation §11).

The secretary records who asked (a person in the hall, or a name typed in),
to whom and what; the question belongs to the item being considered, or to
none between items. The protocol prints each one with the time it was
announced. Every change is a command of the engine (``written_question``,
``announce_question``).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.ui.meeting.keys import RefusalLine, explain
from zhoob_desktop.ui.meeting.operations import LiveOperations
from zhoob_desktop.ui.meeting.rows import local_time

QUESTION_ROLE = Qt.ItemDataRole.UserRole + 3


def question_line(state: S.SittingState, q: S.WrittenQuestion, zone: ZoneInfo) -> str:
    """One line of the list: the author, the addressee, the text and whether it was announced."""
    item = state.item(q.item_id) if q.item_id else None
    where = _("item: {title}").format(title=item.title) if item else _("outside an item")
    status = (
        _("announced at {time}").format(time=local_time(q.announced_at, zone))
        if q.announced_at is not None
        else _("not announced yet")
    )
    return _("{author} → {addressee}: {text} ({where}; {status})").format(
        author=q.author_name or "—", addressee=q.addressee or "—", text=q.text, where=where, status=status
    )


class QuestionsPanel(QWidget):
    """The console's Questions tab: record a written question and mark it announced."""

    def __init__(self, ops: LiveOperations, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("writtenQuestions")
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.message = RefusalLine()
        self.ops = ops
        self.state: S.SittingState = ops.state
        self.author = QComboBox()
        self.author.setObjectName("questionAuthor")
        self.author.setEditable(True)
        self.author.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addressee = QLineEdit()
        self.addressee.setObjectName("questionAddressee")
        self.text = QLineEdit()
        self.text.setObjectName("questionText")
        self.text.returnPressed.connect(self.record)
        self.record_button = QPushButton()
        self.record_button.clicked.connect(self.record)
        self.author_label, self.addressee_label, self.text_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.author_label, self.author)
        form.addRow(self.addressee_label, self.addressee)
        form.addRow(self.text_label, self.text)
        self.list = QListWidget()
        self.list.setObjectName("questions")
        self.list.setWordWrap(True)
        self.list.itemSelectionChanged.connect(self._enable)
        self.announce_button = QPushButton()
        self.announce_button.clicked.connect(self.announce_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)
        buttons.addWidget(self.announce_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.list, 1)

    # -- actions ---------------------------------------------------------------------------

    def _author(self) -> dict:
        """The author's id when a person in the hall was chosen, otherwise the name typed in."""
        text = self.author.currentText().strip()
        index = self.author.findText(text)
        if index >= 0 and self.author.itemData(index) is not None:
            return {"author": self.author.itemData(index)}
        return {"author_name": text}

    def record(self) -> None:
        fields = {**self._author(), "to": self.addressee.text().strip(), "text": self.text.text().strip()}
        if not fields.get("author") and not fields.get("author_name"):
            self.message.setText(_("Who asked? Choose a person in the hall or type a name."))
            return
        if not fields["text"]:
            self.message.setText(_("Type the text of the question."))
            return
        if self.ops.run("written_question", **fields) is None:
            self.message.setText(self.ops.last_error.message() if self.ops.last_error else "")
            return
        self.message.setText("")
        self.text.clear()
        self.addressee.clear()
        self.author.setCurrentIndex(-1)
        self.author.setEditText("")

    def selected_question(self) -> str | None:
        item = self.list.currentItem()
        return item.data(QUESTION_ROLE) if item is not None and item.isSelected() else None

    def announce_selected(self) -> None:
        """The chair announced the selected question (or the oldest one not yet announced)."""
        ref = self.selected_question()
        if ref is None:
            waiting = [q for q in self.state.questions if q.announced_at is None]
            if not waiting:
                return
            ref = waiting[0].id
        if self.ops.run("announce_question", question=ref) is None and self.ops.last_error is not None:
            self.message.setText(self.ops.last_error.message())

    # -- display ---------------------------------------------------------------------------

    def show_state(self, state: S.SittingState) -> None:
        self.state = state
        self._fill_people()
        selected = self.selected_question()
        self.list.clear()
        for q in state.questions:
            item = QListWidgetItem(question_line(state, q, self.ops.zone))
            item.setData(QUESTION_ROLE, q.id)
            if q.announced_at is not None:
                item.setForeground(QBrush(QColor("#5f6368")))
            self.list.addItem(item)
            if q.id == selected:
                item.setSelected(True)
                self.list.setCurrentItem(item)
        explain(self.record_button, self.ops.refusal("written_question", author_name="-", text="-"))
        self._enable()

    def _enable(self) -> None:
        waiting = [q for q in self.state.questions if q.announced_at is None]
        reason = (
            self.ops.refusal("announce_question", question=waiting[0].id)
            if waiting
            else _("No written question waits to be announced.")
        )
        explain(
            self.announce_button,
            reason,
            _("The chair announced the selected question (or the oldest one waiting)."),
        )

    def _fill_people(self) -> None:
        people = sorted(
            ((pid, self.state.attendance[pid].name) for pid in self.state.present_member_ids),
            key=lambda p: p[1],
        )
        guests = sorted(
            ((g.person_id, _("{name} (invited)").format(name=g.name)) for g in self.state.present_guests),
            key=lambda p: p[1],
        )
        wanted = people + guests
        if [self.author.itemData(i) for i in range(self.author.count())] == [p[0] for p in wanted]:
            return
        typed = self.author.currentText()
        self.author.blockSignals(True)
        self.author.clear()
        for pid, name in wanted:
            self.author.addItem(name, pid)
        self.author.setCurrentIndex(-1)
        self.author.setEditText(typed)
        self.author.blockSignals(False)

    def retranslate(self) -> None:
        if self.state.kind == "meeting":
            self.heading.setText(_("Written questions to the chair (Model Regulation §11)"))
        else:  # no text of a gathering governs written questions: its own procedure
            self.heading.setText(_("Written questions to the chair"))
        self.author_label.setText(_("Asked by"))
        self.author.lineEdit().setPlaceholderText(_("A person in the hall, or type a name"))
        self.addressee_label.setText(_("Addressed to"))
        self.addressee.setPlaceholderText(_("e.g. the reporter"))
        self.text_label.setText(_("Question text"))
        self.record_button.setText(_("Hand to the chair"))
        self.announce_button.setText(_("Mark announced"))
        self.show_state(self.state)
