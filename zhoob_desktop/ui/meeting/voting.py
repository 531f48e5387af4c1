"""The voting panel: show of hands or roll call, the result with its rule, the chair's casting vote.

Every vote of the sitting goes through here: the election of the chair and
the secretary, the inclusion of agenda items, decisions and the extension of
a speech. Other panels ask for a vote with ``request(VoteRequest)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.ui.meeting.operations import LiveOperations
from zhoob_desktop.ui.meeting.rows import roll_rows, vote_result_text, vote_rule_text
from zhoob_desktop.ui.meeting.tables import RollCallModel, fit_columns


@dataclass(frozen=True)
class VoteRequest:
    """A vote to take: the engine command, its fixed fields and what the hall is told."""

    command: str  # "elect", "vote_item", "vote", "extend_speech"
    title: str  # already translated
    fields: dict[str, Any] = field(default_factory=dict)
    needs_text: bool = False  # a decision: its text is entered or taken from the draft
    draft: str = ""


class CastingVoteDialog(QDialog):
    """The votes for and against are equal: the chair decides (Model Regulation §12)."""

    chosen = Signal(str)  # "for" / "against"

    def __init__(self, vote: S.Vote, chair: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.vote = vote
        self.setWindowTitle(_("The chair's casting vote"))
        text = QLabel(
            _(
                "The votes are equal: {for_} for and {against} against. By Model Regulation §12 the vote "
                "of the chair, {chair}, decides. How does the chair vote?"
            ).format(for_=vote.votes_for, against=vote.votes_against, chair=chair)
        )
        text.setWordWrap(True)
        self.for_button = QPushButton(_("For"))
        self.against_button = QPushButton(_("Against"))
        self.later_button = QPushButton(_("Later"))
        self.for_button.clicked.connect(lambda: self._choose("for"))
        self.against_button.clicked.connect(lambda: self._choose("against"))
        self.later_button.clicked.connect(self.reject)
        buttons = QDialogButtonBox()
        buttons.addButton(self.for_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.against_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)

    def _choose(self, choice: str) -> None:
        self.chosen.emit(choice)
        self.accept()


class VotingPanel(QWidget):
    voted = Signal(object)  # the Vote just recorded

    def __init__(self, ops: LiveOperations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.state: S.SittingState = ops.state
        self.pending: VoteRequest | None = None
        self.casting_dialog: CastingVoteDialog | None = None

        self.subject = QLabel()
        self.subject.setObjectName("voteSubject")
        self.subject.setWordWrap(True)
        self.subject.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.hands = QRadioButton()
        self.roll = QRadioButton()
        self.hands.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.hands)
        group.addButton(self.roll)
        self.hands.toggled.connect(self._method_changed)
        method_row = QHBoxLayout()
        method_row.addWidget(self.hands)
        method_row.addWidget(self.roll)
        method_row.addStretch(1)

        counts = QWidget()
        grid = QGridLayout(counts)
        self.for_spin, self.against_spin, self.abstain_spin = QSpinBox(), QSpinBox(), QSpinBox()
        self.for_label, self.against_label, self.abstain_label = QLabel(), QLabel(), QLabel()
        for col, (label, spin) in enumerate(
            (
                (self.for_label, self.for_spin),
                (self.against_label, self.against_spin),
                (self.abstain_label, self.abstain_spin),
            )
        ):
            spin.setStyleSheet("font-size: 20pt;")
            spin.setMinimumWidth(120)
            spin.valueChanged.connect(self._validate)
            grid.addWidget(label, 0, col)
            grid.addWidget(spin, 1, col)
        self.not_voted = QLabel()
        grid.addWidget(self.not_voted, 2, 0, 1, 3)
        self.roll_model = RollCallModel(self)
        self.roll_model.choices_changed.connect(self._validate)
        roll = QWidget()
        roll_layout = QVBoxLayout(roll)
        roll_layout.setContentsMargins(0, 0, 0, 0)
        self.roll_table = QTableView()
        self.roll_table.setModel(self.roll_model)
        self.roll_table.setMinimumHeight(160)
        self.roll_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        fit_columns(self.roll_table, 0)
        self.roll_table.verticalHeader().setVisible(False)
        self.all_for = QPushButton()
        self.all_for.clicked.connect(lambda: self.roll_model.set_all("for"))
        roll_layout.addWidget(self.roll_table, 1)
        method_row.insertWidget(2, self.all_for)  # beside the method, so the grid keeps its height
        self.all_for.setVisible(False)
        self.entry = QStackedWidget()
        self.entry.addWidget(counts)
        self.entry.addWidget(roll)

        self.text_box = QGroupBox()
        text_layout = QVBoxLayout(self.text_box)
        self.text = QPlainTextEdit()
        self.text.setMaximumHeight(110)
        self.take_draft = QPushButton()
        self.take_draft.clicked.connect(self._take_draft)
        self.save_draft = QPushButton()
        self.save_draft.clicked.connect(self.record_draft)
        draft_row = QHBoxLayout()
        draft_row.addWidget(self.take_draft)
        draft_row.addWidget(self.save_draft)
        draft_row.addStretch(1)
        text_layout.addWidget(self.text)
        text_layout.addLayout(draft_row)

        self.problem = QLabel()
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setWordWrap(True)
        self.record = QPushButton()
        self.record.setProperty("primary", True)
        self.record.clicked.connect(self.record_vote)
        self.cancel = QPushButton()
        self.cancel.clicked.connect(lambda: self.request(None))
        buttons = QHBoxLayout()
        buttons.addWidget(self.record)
        buttons.addWidget(self.cancel)
        buttons.addStretch(1)

        self.result_box = QGroupBox()
        result_layout = QVBoxLayout(self.result_box)
        self.result = QLabel()
        self.result.setObjectName("voteResult")
        self.result.setWordWrap(True)
        self.result.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.casting_button = QPushButton()
        self.casting_button.clicked.connect(self.open_casting_dialog)
        result_layout.addWidget(self.result)
        result_layout.addWidget(self.rule)
        result_layout.addWidget(self.casting_button, 0, Qt.AlignmentFlag.AlignLeft)

        layout = QVBoxLayout(self)
        layout.addWidget(self.subject)
        layout.addLayout(method_row)
        layout.addWidget(self.entry, 1)
        layout.addWidget(self.text_box)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        layout.addWidget(self.result_box)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.record_vote)
        self.retranslate()
        self.show_state(ops.state)

    # -- what is voted -------------------------------------------------------------------

    def default_request(self) -> VoteRequest | None:
        """With nothing asked for, the decision on the item being considered."""
        item = self.state.item(self.state.current_item) if self.state.current_item else None
        if item is None:
            return None
        return VoteRequest(
            "vote",
            _("Decision on the item: {title}").format(title=item.title),
            {"item": item.id},
            needs_text=True,
            draft=item.decision_text,
        )

    def current_request(self) -> VoteRequest | None:
        return self.pending or self.default_request()

    def request(self, req: VoteRequest | None) -> None:
        self.pending = req
        self.for_spin.setValue(0)
        self.against_spin.setValue(0)
        self.abstain_spin.setValue(0)
        self.roll_model.set_rows(roll_rows(self.state))
        self.roll_model.set_all(None)
        current = self.current_request()
        self.text.setPlainText(current.draft if current and current.needs_text else "")
        self._show_request()

    def _show_request(self) -> None:
        req = self.current_request()
        self.subject.setText(
            req.title if req else _("No vote is waiting. Choose what to vote on in another tab.")
        )
        self.text_box.setVisible(bool(req and req.needs_text))
        self.take_draft.setEnabled(bool(req and req.draft))
        self.save_draft.setEnabled(bool(req and req.needs_text))
        self.cancel.setVisible(self.pending is not None)
        self._validate()

    def _take_draft(self) -> None:
        req = self.current_request()
        if req is not None and req.draft:
            self.text.setPlainText(req.draft)

    def record_draft(self) -> None:
        """Record the text as the item's draft decision (read out before the vote, kept in the journal)."""
        req = self.current_request()
        text = self.text.toPlainText().strip()
        if req is None or not req.needs_text or not text:
            return
        if self.ops.run("decision_text", item=req.fields["item"], text=text) is not None:
            if self.pending is not None:
                self.pending = VoteRequest(req.command, req.title, req.fields, req.needs_text, text)
            self._show_request()

    def _method_changed(self) -> None:
        self.entry.setCurrentIndex(0 if self.hands.isChecked() else 1)
        self.all_for.setVisible(self.roll.isChecked())
        self._validate()

    def _counts(self) -> dict[str, int]:
        if self.hands.isChecked():
            return {
                "for": self.for_spin.value(),
                "against": self.against_spin.value(),
                "abstain": self.abstain_spin.value(),
            }
        return self.roll_model.counts()

    def _validate(self) -> None:
        present = self.state.present_count
        counts = self._counts()
        total = sum(counts.values())
        for spin in (self.for_spin, self.against_spin, self.abstain_spin):
            spin.setMaximum(max(present, 0))
        self.not_voted.setText(
            _("Members present: {present}. Counted: {total}. Did not vote: {rest}.").format(
                present=present, total=total, rest=max(0, present - total)
            )
        )
        problem = ""
        if total > present:
            problem = _("The votes counted ({total}) exceed the members present ({present}).").format(
                total=total, present=present
            )
        elif self.roll.isChecked() and total == 0:
            problem = _("Mark how each member voted.")
        self.problem.setText(problem)
        self.record.setEnabled(self.current_request() is not None and not problem)

    # -- recording -------------------------------------------------------------------------

    def record_vote(self) -> S.SittingState | None:
        req = self.current_request()
        if req is None or not self.record.isEnabled():
            return None
        fields = dict(req.fields)
        if self.hands.isChecked():
            fields.update(self._counts())
        else:
            fields["roll_call"] = self.roll_model.roll_call()
        if req.needs_text:
            fields["text"] = self.text.toPlainText().strip()
        before = len(self.state.votes)
        state = self.ops.run(req.command, **fields)
        if state is None:
            return None
        self.pending = None
        if len(state.votes) > before:
            vote = state.votes[-1]
            self.voted.emit(vote)
            if vote.outcome == S.TIE:
                self.open_casting_dialog()
        self.request(None)
        return state

    def open_casting_dialog(self) -> None:
        tie = self.state.pending_tie
        if tie is None:
            return
        chair = self.state.chair.name if self.state.chair else ""
        self.casting_dialog = CastingVoteDialog(tie, chair, self)
        self.casting_dialog.chosen.connect(
            lambda choice, vid=tie.id: self.ops.run("casting_vote", vote=vid, choice=choice)
        )
        self.casting_dialog.open()

    # -- display ---------------------------------------------------------------------------

    def show_state(self, state: S.SittingState) -> None:
        changed_presence = state.present_member_ids != self.state.present_member_ids
        self.state = state
        if changed_presence or not self.roll_model.rows:
            self.roll_model.set_rows(roll_rows(state))
        last = state.votes[-1] if state.votes else None
        self.result.setText(vote_result_text(last) if last else _("No vote yet."))
        self.rule.setText(vote_rule_text(last) if last else "")
        self.casting_button.setVisible(state.pending_tie is not None)
        if self.pending is None:
            req = self.default_request()
            if req is not None and not self.text.toPlainText() and req.draft:
                self.text.setPlainText(req.draft)
        self._show_request()

    def retranslate(self) -> None:
        self.hands.setText(_("Show of hands (counts)"))
        self.roll.setText(_("Roll call (each member)"))
        self.for_label.setText(_("For"))
        self.against_label.setText(_("Against"))
        self.abstain_label.setText(_("Abstained"))
        self.all_for.setText(_("Mark everyone for"))
        self.text_box.setTitle(_("Text of the decision"))
        self.take_draft.setText(_("Take the draft text"))
        self.save_draft.setText(_("Record as the draft"))
        self.record.setText(_("Record the vote (Ctrl+Enter)"))
        self.cancel.setText(_("Cancel this vote"))
        self.result_box.setTitle(_("Last vote"))
        self.casting_button.setText(_("The chair's casting vote…"))
        self.roll_model.retranslate()
        self.show_state(self.state)
