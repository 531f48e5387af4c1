"""The voting panel: show of hands or roll call, the result with its rule, the chair's casting vote.

Every vote of the sitting goes through here: the election of the chair and
the secretary, the inclusion of agenda items, decisions and the extension of
a speech. Other panels ask for a vote with ``request(VoteRequest)``.

Nothing typed is ever changed behind the secretary's back: a count above
the members present stays as typed, is refused on the spot and cannot be
recorded. While the counts are typed the panel asks the engine what the
vote would record (``LiveOperations.outcome``), so the outcome shown, and
the confirmation asked before a vote that fails is recorded, are the rules'
own. Keys (on this tab): F4 all for, Shift+F4 the rest against, Ctrl+F4 the
rest abstained, Enter the next count, Ctrl+Enter record; in a roll call
1 for, 2 against, 3 abstained, 0 clears, letters jump to a name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QButtonGroup,
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.ui.meeting.operations import LiveOperations
from zhoob_desktop.ui.meeting.rows import BASES, outcome_words, roll_rows, vote_result_text, vote_rule_text
from zhoob_desktop.ui.meeting.tables import RollCallModel, fit_columns

MAX_COUNT = 999_999  # what a count field accepts: anything typed stays, over-counts are refused, not clamped
ROLL_KEYS = {
    Qt.Key.Key_1: "for",
    Qt.Key.Key_2: "against",
    Qt.Key.Key_3: "abstain",
    Qt.Key.Key_0: None,
    Qt.Key.Key_Delete: None,
    Qt.Key.Key_Backspace: None,
}


@dataclass(frozen=True)
class VoteRequest:
    """A vote to take: the engine command, its fixed fields and what the hall is told."""

    command: str  # "elect", "vote_item", "vote", "extend_speech"
    title: str  # already translated
    fields: dict[str, Any] = field(default_factory=dict)
    needs_text: bool = False  # a decision: its text is entered or taken from the draft
    draft: str = ""


class CastingVoteDialog(QDialog):
    """The votes for and against are equal: the chair decides (Model Regulation §12).

    Keys: 1 for, 2 against, Esc later. A refusal (the chair not in the hall)
    is shown in the dialog, which stays open.
    """

    chosen = Signal(str)  # "for" / "against"

    def __init__(self, vote: S.Vote, chair: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("castingVote")
        self.vote = vote
        self.setWindowTitle(_("The chair's casting vote"))
        self.text = QLabel(
            _(
                "The votes are equal: {for_} for and {against} against. By Model Regulation §12 the vote "
                "of the chair, {chair}, decides. How does the chair vote?"
            ).format(for_=vote.votes_for, against=vote.votes_against, chair=chair)
        )
        self.text.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("refusal")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.for_button = QPushButton(_("For (1)"))
        self.against_button = QPushButton(_("Against (2)"))
        self.later_button = QPushButton(_("Later (Esc)"))
        for button in (self.for_button, self.against_button, self.later_button):
            button.setAutoDefault(False)  # Enter alone decides nothing
        self.for_button.clicked.connect(lambda: self.chosen.emit("for"))
        self.against_button.clicked.connect(lambda: self.chosen.emit("against"))
        self.later_button.clicked.connect(self.reject)
        QShortcut(QKeySequence(Qt.Key.Key_1), self, self.for_button.click)
        QShortcut(QKeySequence(Qt.Key.Key_2), self, self.against_button.click)
        buttons = QHBoxLayout()
        buttons.addWidget(self.for_button)
        buttons.addWidget(self.against_button)
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.setMinimumWidth(min(520, self.screen().availableGeometry().width() - 40))

    def refused(self, exc: ZhoobError) -> None:
        self.problem.setText(exc.message())
        self.problem.setVisible(True)


class VotingPanel(QWidget):
    voted = Signal(object)  # the Vote just recorded

    def __init__(self, ops: LiveOperations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.state: S.SittingState = ops.state
        self.pending: VoteRequest | None = None
        self.casting_dialog: CastingVoteDialog | None = None
        self.awaiting_confirmation: dict[str, Any] | None = None  # the failing outcome shown for confirmation
        self.preview: dict[str, Any] | ZhoobError | None = None

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
        grid.setContentsMargins(0, 0, 0, 0)
        self.for_spin, self.against_spin, self.abstain_spin = QSpinBox(), QSpinBox(), QSpinBox()
        self.for_label, self.against_label, self.abstain_label = QLabel(), QLabel(), QLabel()
        self.count_fields = (self.for_spin, self.against_spin, self.abstain_spin)
        # Under each count, its key: all for, the rest against, the rest abstained.
        self.all_for, self.rest_against, self.rest_abstain = QPushButton(), QPushButton(), QPushButton()
        self.all_for.setObjectName("allFor")
        self.all_for.clicked.connect(self.mark_all_for)
        self.rest_against.clicked.connect(lambda: self.mark_rest("against"))
        self.rest_abstain.clicked.connect(lambda: self.mark_rest("abstain"))
        for col, (label, spin, name, button) in enumerate(
            (
                (self.for_label, self.for_spin, "countFor", self.all_for),
                (self.against_label, self.against_spin, "countAgainst", self.rest_against),
                (self.abstain_label, self.abstain_spin, "countAbstain", self.rest_abstain),
            )
        ):
            spin.setObjectName(name)
            spin.setRange(0, MAX_COUNT)
            spin.setStyleSheet("font-size: 20pt;")
            spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
            spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("0") * 5 + 20)
            spin.valueChanged.connect(self._counts_changed)
            spin.installEventFilter(self)
            label.setBuddy(spin)
            button.setAutoDefault(False)
            grid.addWidget(label, 0, col)
            grid.addWidget(spin, 1, col)
            grid.addWidget(button, 2, col)
        self.roll_model = RollCallModel(self)
        self.roll_model.choices_changed.connect(self._counts_changed)
        roll = QWidget()
        roll_layout = QGridLayout(roll)
        roll_layout.setContentsMargins(0, 0, 0, 0)
        self.roll_table = QTableView()
        self.roll_table.setObjectName("rollCall")
        self.roll_table.setModel(self.roll_model)
        self.roll_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.roll_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.roll_table.setMinimumHeight(self.roll_table.verticalHeader().defaultSectionSize() * 5)
        self.roll_table.installEventFilter(self)
        fit_columns(self.roll_table, 0)
        self.roll_table.verticalHeader().setVisible(False)
        self.roll_hint = QLabel()
        self.roll_hint.setWordWrap(True)
        self.roll_all_for, self.roll_rest_against, self.roll_rest_abstain = (
            QPushButton(),
            QPushButton(),
            QPushButton(),
        )
        self.roll_all_for.clicked.connect(self.mark_all_for)
        self.roll_rest_against.clicked.connect(lambda: self.mark_rest("against"))
        self.roll_rest_abstain.clicked.connect(lambda: self.mark_rest("abstain"))
        roll_buttons = QVBoxLayout()
        for button in (self.roll_all_for, self.roll_rest_against, self.roll_rest_abstain):
            button.setAutoDefault(False)
            roll_buttons.addWidget(button)
        roll_buttons.addStretch(1)
        roll_layout.addWidget(self.roll_table, 0, 0)
        roll_layout.addLayout(roll_buttons, 0, 1)
        roll_layout.addWidget(self.roll_hint, 1, 0, 1, 2)
        roll_layout.setRowStretch(0, 1)
        self.entry = QStackedWidget()
        self.entry.addWidget(counts)
        self.entry.addWidget(roll)

        self.tally = QLabel()
        self.tally.setObjectName("voteTally")
        self.tally.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("voteProblem")
        self.problem.setStyleSheet("color: #9b1c15; font-weight: bold;")
        self.problem.setWordWrap(True)
        self.forecast = QLabel()
        self.forecast.setObjectName("voteForecast")
        self.forecast.setWordWrap(True)

        self.confirm_box = QFrame()
        self.confirm_box.setObjectName("confirmFailure")
        self.confirm_box.setStyleSheet(
            "QFrame#confirmFailure { background: #fff4d6; border: 2px solid #8e4b00; border-radius: 6px; }"
        )
        confirm_layout = QVBoxLayout(self.confirm_box)
        self.confirm_text = QLabel()
        self.confirm_text.setObjectName("confirmText")
        self.confirm_text.setWordWrap(True)
        self.confirm_text.setStyleSheet("color: #5c3000; font-weight: bold;")
        self.confirm_record, self.confirm_back = QPushButton(), QPushButton()
        self.confirm_record.clicked.connect(self.record_vote)
        self.confirm_back.clicked.connect(self.back_to_counts)
        confirm_buttons = QHBoxLayout()
        confirm_buttons.addWidget(self.confirm_record)
        confirm_buttons.addWidget(self.confirm_back)
        confirm_buttons.addStretch(1)
        confirm_layout.addWidget(self.confirm_text)
        confirm_layout.addLayout(confirm_buttons)
        self.confirm_box.setVisible(False)

        self.record = QPushButton()
        self.record.setObjectName("recordVote")
        self.record.setProperty("primary", True)
        self.record.clicked.connect(self.record_vote)
        self.cancel = QPushButton()
        self.cancel.clicked.connect(lambda: self.request(None))
        buttons = QHBoxLayout()
        buttons.addWidget(self.record)
        buttons.addWidget(self.cancel)
        buttons.addStretch(1)

        self.text_box = QGroupBox()
        text_layout = QVBoxLayout(self.text_box)
        self.text = QPlainTextEdit()
        self.text.setObjectName("decisionText")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(self.text.fontMetrics().lineSpacing() * 3 + 12)
        self.take_draft = QPushButton()
        self.take_draft.clicked.connect(self._take_draft)
        self.save_draft = QPushButton()
        self.save_draft.clicked.connect(self.record_draft)
        text_layout.addWidget(self.text, 1)
        text_layout.addWidget(self.take_draft, 0, Qt.AlignmentFlag.AlignLeft)
        text_layout.addWidget(self.save_draft, 0, Qt.AlignmentFlag.AlignLeft)

        self.result_box = QGroupBox()
        result_layout = QVBoxLayout(self.result_box)
        self.result = QLabel()
        self.result.setObjectName("voteResult")
        self.result.setWordWrap(True)
        self.result.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.rule = QLabel()
        self.rule.setObjectName("voteRule")
        self.rule.setWordWrap(True)
        self.casting_button = QPushButton()
        self.casting_button.clicked.connect(self.open_casting_dialog)
        result_layout.addWidget(self.result)
        result_layout.addWidget(self.rule)
        result_layout.addWidget(self.casting_button, 0, Qt.AlignmentFlag.AlignLeft)
        result_layout.addStretch(1)

        left = QVBoxLayout()
        self.left = left
        left.addWidget(self.subject)
        left.addLayout(method_row)
        left.addWidget(self.entry, 1)
        left.addWidget(self.tally)
        left.addWidget(self.problem)
        left.addWidget(self.forecast)
        left.addWidget(self.confirm_box)
        left.addLayout(buttons)
        left.addStretch(0)
        right = QVBoxLayout()
        right.addWidget(self.text_box, 3)
        right.addWidget(self.result_box, 2)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

        # Tab goes through what the secretary fills in, in order: the decision's text, the counts, record.
        for first, second in (
            (self.text, self.for_spin),
            (self.for_spin, self.against_spin),
            (self.against_spin, self.abstain_spin),
            (self.abstain_spin, self.record),
        ):
            QWidget.setTabOrder(first, second)
        # The voting keys act only while this tab is in use, never from another tab.
        local = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, action in (
            ("Ctrl+Return", self.record_vote),
            ("Ctrl+Enter", self.record_vote),
            ("F4", self.mark_all_for),
            ("Shift+F4", lambda: self.mark_rest("against")),
            ("Ctrl+F4", lambda: self.mark_rest("abstain")),
            ("Escape", self.back_to_counts),
        ):
            QShortcut(QKeySequence(keys), self, action, context=local)
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
        self.awaiting_confirmation = None
        for spin in self.count_fields:
            spin.blockSignals(True)
            spin.setValue(0)
            spin.blockSignals(False)
        self.roll_model.set_rows(roll_rows(self.state))
        self.roll_model.set_all(None)
        current = self.current_request()
        self.text.setPlainText(current.draft if current and current.needs_text else "")
        self._show_request()

    def focus_entry(self) -> None:
        """Where the secretary types first: a decision's text if none yet, the votes for, or the roll call."""
        req = self.current_request()
        if req is not None and req.needs_text and not self.text.toPlainText().strip():
            self.text.setFocus()
        elif self.hands.isChecked():
            self.for_spin.setFocus()
            self.for_spin.selectAll()
        else:
            self.roll_table.setFocus()
            if self.roll_model.rowCount() and not self.roll_table.selectionModel().hasSelection():
                self.roll_table.selectRow(0)

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
        if req is None or not req.needs_text:
            return
        if not text:
            self.problem.setText(_("Type the text of the decision first."))
            return
        if self.ops.run("decision_text", item=req.fields["item"], text=text) is not None:
            if self.pending is not None:
                self.pending = VoteRequest(req.command, req.title, req.fields, req.needs_text, text)
            self._show_request()

    def _method_changed(self) -> None:
        self.entry.setCurrentIndex(0 if self.hands.isChecked() else 1)
        # Only the page shown asks for room; the roll call's list takes the height, the counts keep theirs.
        roll = self.roll.isChecked()
        for index in range(self.entry.count()):
            policy = (
                QSizePolicy.Policy.Preferred
                if index == self.entry.currentIndex()
                else QSizePolicy.Policy.Ignored
            )
            self.entry.widget(index).setSizePolicy(policy, policy)
        self.left.setStretchFactor(self.entry, 1 if roll else 0)
        self.left.setStretch(self.left.count() - 1, 0 if roll else 1)
        self.roll_hint.setVisible(self.roll.isChecked())
        self._counts_changed()

    # -- the counts ------------------------------------------------------------------------

    def _counts(self) -> dict[str, int]:
        if self.hands.isChecked():
            return {
                "for": self.for_spin.value(),
                "against": self.against_spin.value(),
                "abstain": self.abstain_spin.value(),
            }
        return self.roll_model.counts()

    def mark_all_for(self) -> None:
        """Every member present votes for (a show of hands where all hands went up)."""
        if self.hands.isChecked():
            self._set_counts(self.state.present_count, 0, 0)
        else:
            self.roll_model.set_all("for")

    def mark_rest(self, choice: str) -> None:
        """The members present not yet counted vote ``choice`` ("against" or "abstain")."""
        if not self.hands.isChecked():
            self.roll_model.set_rest(choice)
            return
        counts = self._counts()
        counts[choice] = 0
        rest = max(0, self.state.present_count - sum(counts.values()))
        counts[choice] = rest
        self._set_counts(counts["for"], counts["against"], counts["abstain"])

    def _set_counts(self, for_: int, against: int, abstain: int) -> None:
        for spin, value in zip(self.count_fields, (for_, against, abstain), strict=True):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        self._counts_changed()

    def _counts_changed(self, *_args) -> None:
        self.awaiting_confirmation = None  # a confirmation holds only for the counts it stated
        self._validate()

    def fields(self) -> dict[str, Any] | None:
        """The command's fields as entered now (None when nothing is asked)."""
        req = self.current_request()
        if req is None:
            return None
        fields = dict(req.fields)
        if self.hands.isChecked():
            fields.update(self._counts())
        else:
            fields["roll_call"] = self.roll_model.roll_call()
        if req.needs_text:
            fields["text"] = self.text.toPlainText().strip()
        return fields

    def _validate(self) -> None:
        present = self.state.present_count
        counts = self._counts()
        total = sum(counts.values())
        self.tally.setText(
            _("Members present: {present}. Counted: {total}. Did not vote: {rest}.").format(
                present=present, total=total, rest=max(0, present - total)
            )
        )
        req = self.current_request()
        problem, forecast, self.preview = "", "", None
        fields = self.fields() or {}
        if req is None:
            problem = ""
        elif self.roll.isChecked() and total == 0:
            problem = _("Mark how each member voted: 1 for, 2 against, 3 abstained.")
        elif req.needs_text and not fields.get("text") and not req.draft:
            problem = _("Type the text of the decision, or take the recorded draft.")
        elif self.state.pending_tie is not None and fields.get("role") != "acting_chair":
            # Said in the hall's words (the engine names the vote by its journal id).
            problem = _(
                "The votes of the last vote are equal: the chair's casting vote comes first "
                "(Model Regulation §12). Press “The chair's casting vote…”."
            )
        else:
            # The engine's own answer: an over-count (kept as typed) is refused with its rule, and a
            # count it would accept shows what it would record.
            if req.needs_text and not fields.get("text"):
                fields.pop("text", None)
            outcome = self.ops.outcome(req.command, **fields)
            if isinstance(outcome, ZhoobError):
                problem = outcome.message()
            else:
                self.preview = {k: v for k, v in outcome.items() if k != "at"}
                forecast = self._forecast_text(self.preview)
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.forecast.setText(forecast)
        self.forecast.setVisible(bool(forecast))
        ok = req is not None and not problem
        self.record.setEnabled(ok)
        if req is None:
            self.record.setToolTip(_("No vote is waiting. Choose what to vote on in another tab."))
        else:
            self.record.setToolTip(problem or _("Record the counts as the result of this vote."))
        self._show_confirmation()

    def _forecast_text(self, payload: dict[str, Any]) -> str:
        outcome = payload.get("outcome")
        if outcome == S.TIE:
            return _("If recorded: the votes for and against are equal; the chair's casting vote decides.")
        return _(
            "If recorded: {outcome} — {for_} for; at least {required} needed, more than half of "
            "{base} {base_kind}."
        ).format(
            outcome=outcome_words(payload.get("subject", ""), outcome),
            for_=payload.get("for", 0),
            required=payload.get("required", 0),
            base=payload.get("base_count", 0),
            base_kind=_(BASES.get(payload.get("base", ""), payload.get("base", ""))),
        )

    def _show_confirmation(self) -> None:
        payload = self.awaiting_confirmation
        self.confirm_box.setVisible(payload is not None)
        if payload is None:
            return
        self.confirm_text.setText(
            _(
                "This vote fails: {for_} for, {against} against, {abstain} abstained; at least {required} "
                "votes for are needed, so {outcome}. Record this result? Ctrl+Enter records it, Esc goes "
                "back to the counts."
            ).format(
                for_=payload["for"],
                against=payload["against"],
                abstain=payload["abstain"],
                required=payload["required"],
                outcome=outcome_words(payload["subject"], payload["outcome"]),
            )
        )

    def back_to_counts(self) -> None:
        """Esc: leave the confirmation and correct the counts."""
        if self.awaiting_confirmation is None:
            return
        self.awaiting_confirmation = None
        self._show_confirmation()
        self.focus_entry()

    # -- recording -------------------------------------------------------------------------

    def record_vote(self) -> S.SittingState | None:
        """Ctrl+Enter: record the vote; a vote that fails is recorded only after its confirmation."""
        req = self.current_request()
        if req is None:
            return None
        self._validate_keeping_confirmation()
        if not self.record.isEnabled():
            self.problem.setVisible(bool(self.problem.text()))
            self.reveal(self.problem)
            return None
        preview = self.preview
        if isinstance(preview, dict) and preview.get("outcome") == S.REJECTED:
            if self.awaiting_confirmation != preview:
                self.awaiting_confirmation = preview
                self._show_confirmation()
                self.confirm_record.setFocus()
                self.reveal(self.confirm_box)
                return None
        fields = self.fields() or {}
        before = len(self.state.votes)
        state = self.ops.run(req.command, **fields)
        if state is None:
            self.problem.setText(self.ops.last_error.message() if self.ops.last_error else "")
            self.problem.setVisible(True)
            return None
        self.pending = None
        self.awaiting_confirmation = None
        if len(state.votes) > before:
            vote = state.votes[-1]
            self.voted.emit(vote)
            if vote.outcome == S.TIE:
                self.open_casting_dialog()
        self.request(None)
        return state

    def reveal(self, widget: QWidget) -> None:
        """Scroll the tab so that ``widget`` is in view (a small screen may hide the bottom of the tab)."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            self.layout().activate()
            parent.ensureWidgetVisible(widget)

    def _validate_keeping_confirmation(self) -> None:
        waiting = self.awaiting_confirmation
        self._validate()
        if waiting is not None and self.preview == waiting:
            self.awaiting_confirmation = waiting
            self._show_confirmation()

    def open_casting_dialog(self) -> None:
        tie = self.state.pending_tie
        if tie is None:
            return
        # Who chairs in the hall casts it: the chair, or the member elected to chair while he is out.
        presiding = self.state.presiding or self.state.chair
        dialog = CastingVoteDialog(tie, presiding.name if presiding else "", self)
        self.casting_dialog = dialog
        dialog.chosen.connect(lambda choice, vid=tie.id: self._cast(dialog, vid, choice))
        dialog.open()
        dialog.activateWindow()  # the keys 1 and 2 go to it at once
        dialog.later_button.setFocus()

    def _cast(self, dialog: CastingVoteDialog, vote_id: str, choice: str) -> None:
        if self.ops.run("casting_vote", vote=vote_id, choice=choice) is None:
            if self.ops.last_error is not None:
                dialog.refused(self.ops.last_error)
            return
        dialog.accept()
        self.window().activateWindow()  # the keys go back to the console
        self.focus_entry()

    # -- keys ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            key = event.key()
            if watched in self.count_fields and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                # Enter moves on to the next count; the last one hands over to the record button.
                index = self.count_fields.index(watched)
                if index + 1 < len(self.count_fields):
                    self.count_fields[index + 1].setFocus()
                    self.count_fields[index + 1].selectAll()
                else:
                    self.record.setFocus()
                return True
            if watched is self.roll_table and key in ROLL_KEYS:
                self._mark_current_row(ROLL_KEYS[key])
                return True
        return super().eventFilter(watched, event)

    def _mark_current_row(self, choice: str | None) -> None:
        index = self.roll_table.currentIndex()
        row = index.row() if index.isValid() else 0
        if not self.roll_model.rowCount():
            return
        self.roll_model.set_choice(row, choice)
        if row + 1 < self.roll_model.rowCount():
            self.roll_table.selectRow(row + 1)

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
        self.all_for.setText(_("All for (F4)"))
        self.rest_against.setText(_("The rest (Shift+F4)"))
        self.rest_abstain.setText(_("The rest (Ctrl+F4)"))
        self.roll_all_for.setText(_("All for (F4)"))
        self.roll_rest_against.setText(_("The rest against (Shift+F4)"))
        self.roll_rest_abstain.setText(_("The rest abstained (Ctrl+F4)"))
        self.roll_hint.setText(
            _(
                "Keys on the list: 1 for, 2 against, 3 abstained, 0 clears; the next member is chosen at "
                "once. Letters jump to a name."
            )
        )
        self.text_box.setTitle(_("Text of the decision"))
        self.take_draft.setText(_("Take the draft text"))
        self.save_draft.setText(_("Record as the draft"))
        self.record.setText(_("Record the vote (Ctrl+Enter)"))
        self.cancel.setText(_("Cancel this vote"))
        self.confirm_record.setText(_("Record this result (Ctrl+Enter)"))
        self.confirm_back.setText(_("Back to the counts (Esc)"))
        self.result_box.setTitle(_("Last vote"))
        self.casting_button.setText(_("The chair's casting vote…"))
        self.roll_model.retranslate()
        self._method_changed()
        self.show_state(self.state)
