"""The opening, step by step: registration result, opening, chair and secretary, agenda votes.

Each step says whether it is done, and if it cannot be taken yet, which rule
stands in the way (with its citation); its buttons are enabled only when the
engine would take the step (asked without writing, ``LiveOperations.refusal``)
and say why not in their tooltips. Enter in a step's field takes the step;
the focus then moves on to the next step still to be taken.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.i18n import _, ngettext
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.services.register.search import fold
from zhoob_desktop.ui.meeting.keys import RefusalLine, enter_clicks, explain
from zhoob_desktop.ui.meeting.operations import LiveOperations
from zhoob_desktop.ui.meeting.voting import VoteRequest

DONE, READY, BLOCKED = "done", "ready", "blocked"
STEP_COLOURS = {DONE: "#1b7f3b", READY: "#1f3a4d", BLOCKED: "#80868b"}


def rule_reason(code: str, state: S.SittingState | None = None) -> str:
    """A rule with its citation as it reads at this sitting (a gathering cites its own source)."""
    if state is None:
        return R.rule_text(code)
    return R.rule_text(code, state.kind, state.sources)


class Step(QFrame):
    """One numbered step: title, status line, and the step's own controls."""

    def __init__(self, number: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.number = QLabel(str(number))
        self.number.setStyleSheet("font-size: 18pt; font-weight: bold; min-width: 32px;")
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.controls = QHBoxLayout()
        body = QVBoxLayout()
        body.addWidget(self.title)
        body.addWidget(self.status)
        body.addLayout(self.controls)
        self.body = body
        layout = QHBoxLayout(self)
        layout.addWidget(self.number)
        layout.addLayout(body, 1)
        self.state = BLOCKED

    def set_status(self, state: str, text: str) -> None:
        self.state = state
        mark = {DONE: "✔", READY: "➜", BLOCKED: "…"}[state]
        self.number.setStyleSheet(
            f"font-size: 18pt; font-weight: bold; min-width: 32px; color: {STEP_COLOURS[state]};"
        )
        self.status.setText(f"{mark} {text}")
        self.status.setStyleSheet(f"color: {STEP_COLOURS[state]};")


class OpeningPanel(QWidget):
    vote_requested = Signal(object)  # a VoteRequest for the voting panel

    def __init__(self, ops: LiveOperations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.state: S.SittingState = ops.state
        self.steps = [Step(n) for n in range(1, 8)]
        s_announce, s_open, s_chair, s_secretary, s_agenda, s_approve, s_during = self.steps

        # Who announces the registration and opens the sitting: the akim, or a person he authorised
        # by an act (Reg §7, §8); both steps record it.
        who = QGridLayout()
        self.opened_by_label = QLabel()
        self.opened_by_label.setWordWrap(True)
        self.opened_by = QLineEdit()
        self.opened_by.setObjectName("openedBy")
        self.capacity = QComboBox()
        self.authorisation = QLineEdit()
        self.authorisation.setObjectName("authorisation")
        self.capacity.currentIndexChanged.connect(lambda _i: self._capacity_changed())
        for field in (self.opened_by, self.authorisation):
            field.returnPressed.connect(self.take_akim_step)
        who.addWidget(self.opened_by_label, 0, 0, 1, 3)
        who.addWidget(self.opened_by, 1, 0)
        who.addWidget(self.capacity, 1, 1)
        who.addWidget(self.authorisation, 1, 2)
        who.setColumnStretch(0, 2)
        who.setColumnStretch(2, 2)
        s_announce.body.insertLayout(2, who)
        self.announce_button = QPushButton()
        self.announce_button.clicked.connect(self.announce)
        s_announce.controls.addWidget(self.announce_button)
        s_announce.controls.addStretch(1)

        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_sitting)
        s_open.controls.addWidget(self.open_button)
        s_open.controls.addStretch(1)

        self.chair_candidate, self.secretary_candidate = QComboBox(), QComboBox()
        self.chair_button, self.secretary_button = QPushButton(), QPushButton()
        for step, combo, button, role in (
            (s_chair, self.chair_candidate, self.chair_button, "chair"),
            (s_secretary, self.secretary_candidate, self.secretary_button, "secretary"),
        ):
            combo.setEditable(True)  # type the first letters of a name
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.setMinimumWidth(240)
            combo.lineEdit().returnPressed.connect(lambda r=role: self.ask_election(r))
            combo.editTextChanged.connect(lambda _t: self._enable_elections())
            button.clicked.connect(lambda _c=False, r=role: self.ask_election(r))
            step.controls.addWidget(combo, 1)
            step.controls.addWidget(button)

        agenda = QGridLayout()
        self.item_choice = QComboBox()
        self.item_choice.installEventFilter(self)  # Enter puts the chosen item to the vote
        self.item_vote_button = QPushButton()
        self.item_vote_button.clicked.connect(self.ask_item_vote)
        self.new_item_title = QLineEdit()
        self.new_item_kind = QComboBox()
        self.propose_button = QPushButton()
        self.propose_button.clicked.connect(self.propose_item)
        self.new_item_title.returnPressed.connect(self.propose_item)
        agenda.addWidget(self.item_choice, 0, 0, 1, 2)
        agenda.addWidget(self.item_vote_button, 0, 2)
        agenda.addWidget(self.new_item_title, 1, 0)
        agenda.addWidget(self.new_item_kind, 1, 1)
        agenda.addWidget(self.propose_button, 1, 2)
        agenda.setColumnStretch(0, 3)
        agenda.setColumnStretch(1, 2)
        self.new_item_kind.setMinimumContentsLength(12)
        self.new_item_kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        s_agenda.controls.addLayout(agenda, 1)

        self.approve_button = QPushButton()
        self.approve_button.clicked.connect(lambda: self._run("approve_agenda"))
        s_approve.controls.addWidget(self.approve_button)
        s_approve.controls.addStretch(1)

        # During the sitting: a member chairs while the chair is out of the hall; a new secretary.
        during = QGridLayout()
        self.acting_label, self.replace_label = QLabel(), QLabel()
        self.acting_candidate, self.replace_candidate = QComboBox(), QComboBox()
        self.acting_button, self.replace_button = QPushButton(), QPushButton()
        self.replace_reason = QLineEdit()
        self.replace_reason.setObjectName("replaceReason")
        for combo in (self.acting_candidate, self.replace_candidate):
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.setMinimumWidth(200)
            combo.editTextChanged.connect(lambda _t: self._enable_elections())
        self.acting_candidate.lineEdit().returnPressed.connect(lambda: self.ask_election("acting_chair"))
        self.acting_button.clicked.connect(lambda: self.ask_election("acting_chair"))
        self.replace_reason.returnPressed.connect(lambda: self.ask_election("replace_secretary"))
        self.replace_candidate.lineEdit().returnPressed.connect(self.replace_reason.setFocus)
        self.replace_button.clicked.connect(lambda: self.ask_election("replace_secretary"))
        self.replace_reason.textChanged.connect(lambda _t: self._enable_elections())
        during.addWidget(self.acting_label, 0, 0, 1, 3)
        during.addWidget(self.acting_candidate, 1, 0, 1, 2)
        during.addWidget(self.acting_button, 1, 2)
        during.addWidget(self.replace_label, 2, 0, 1, 3)
        during.addWidget(self.replace_candidate, 3, 0)
        during.addWidget(self.replace_reason, 3, 1)
        during.addWidget(self.replace_button, 3, 2)
        during.setColumnStretch(0, 2)
        during.setColumnStretch(1, 2)
        s_during.controls.addLayout(during, 1)

        inner = QWidget()
        column = QVBoxLayout(inner)
        for step in self.steps:
            column.addWidget(step)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.scroll = scroll
        self.message = RefusalLine()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        enter_clicks(
            self.announce_button,
            self.open_button,
            self.chair_button,
            self.secretary_button,
            self.item_vote_button,
            self.propose_button,
            self.approve_button,
            self.acting_button,
            self.replace_button,
        )
        self.retranslate()

    # -- actions ---------------------------------------------------------------------------

    def _run(self, command: str, /, **fields) -> S.SittingState | None:
        """Run a step's command; a refusal is said above the steps, with its rule; then the next step."""
        state = self.ops.run(command, **fields)
        self.message.setText(
            "" if state is not None else (self.ops.last_error.message() if self.ops.last_error else "")
        )
        if state is not None:
            self.focus_next_step()
        return state

    def authority(self) -> dict[str, str]:
        """Who announces and opens, as typed: the name, the akim or authorised, the authorising act.

        Nothing typed: the record stays silent on it (a sitting typed in from an old paper).
        """
        name = self.opened_by.text().strip()
        if not name:
            return {}
        fields = {"by": name, "capacity": self.capacity.currentData()}
        if fields["capacity"] == "authorised":
            fields["authorisation"] = self.authorisation.text().strip()
        return fields

    def _authority_missing(self) -> str:
        fields = self.authority()
        if fields.get("capacity") == "authorised" and not fields.get("authorisation"):
            if self.state.kind != R.MEETING:
                return _("Type the akim's act that authorised {name} ({citation}).").format(
                    name=fields["by"], citation=_(self.state.citation("opening.by"))
                )
            return _("Type the akim's act that authorised {name} (Model Regulation §7, §8).").format(
                name=fields["by"]
            )
        return ""

    def _capacity_changed(self) -> None:
        self.authorisation.setEnabled(
            self.capacity.currentData() == "authorised" and self.opened_by.isEnabled()
        )

    def take_akim_step(self) -> None:
        """Enter in the name or the act: announce the registration, or open the sitting, whichever is next."""
        if self.announce_button.isEnabled() and self.steps[0].state != DONE:
            self.announce()
        elif self.open_button.isEnabled():
            self.open_sitting()

    def announce(self) -> None:
        missing = self._authority_missing()
        if missing:
            self.message.setText(missing)
            return
        self._run("announce_registration", **self.authority())

    def open_sitting(self) -> None:
        missing = self._authority_missing()
        if missing:
            self.message.setText(missing)
            return
        self._run("open", **self.authority())

    def candidate(self, role: str) -> tuple[str | None, str]:
        """The member chosen (or typed) for an office, or None with the reason."""
        combo = {
            "chair": self.chair_candidate,
            "secretary": self.secretary_candidate,
            "acting_chair": self.acting_candidate,
            "replace_secretary": self.replace_candidate,
        }[role]
        text = combo.currentText().strip()
        if combo.currentIndex() >= 0 and combo.itemText(combo.currentIndex()) == text:
            return combo.currentData(), ""
        if not text:
            return None, _("Choose a candidate: type the first letters of a name of a member present.")
        key = fold(text)
        found = [i for i in range(combo.count()) if fold(combo.itemText(i)).startswith(key)]
        if len(found) == 1:
            return combo.itemData(found[0]), ""
        if not found:
            return None, _("No member present is called {name}.").format(name=text)
        return None, _("{count} members present match {name}: choose one from the list.").format(
            count=len(found), name=text
        )

    def election_fields(self, role: str, person: str) -> dict[str, str]:
        """The command's fields for an office; ``replace_secretary`` is a secretary's election with its reason."""
        if role == "replace_secretary":
            return {"role": "secretary", "person": person, "reason": self.replace_reason.text().strip()}
        return {"role": role, "person": person}

    def ask_election(self, role: str) -> None:
        person, why = self.candidate(role)
        if person is None:
            self.message.setText(why)
            return
        if role == "replace_secretary" and not self.replace_reason.text().strip():
            self.message.setText(_("Type why the secretary is replaced: it goes into the protocol."))
            self.replace_reason.setFocus()
            return
        fields = self.election_fields(role, person)
        refusal = self.ops.refusal("elect", **fields, **{"for": 0})
        if refusal is not None:
            self.message.setText(refusal.message())
            return
        self.message.setText("")
        name = self.state.attendance[person].name
        title = {
            "chair": _("Election of the chair: {name}"),
            "secretary": _("Election of the secretary: {name}"),
            "acting_chair": _("Election of a member to chair while the chair is out of the hall: {name}"),
            "replace_secretary": _("Election of a new secretary: {name}"),
        }[role].format(name=name)
        self.vote_requested.emit(VoteRequest("elect", title, fields))

    def ask_item_vote(self) -> None:
        item_id = self.item_choice.currentData()
        item = self.state.item(item_id) if item_id else None
        if item is None:
            self.message.setText(_("No proposed item waits for its vote."))
            return
        refusal = self.ops.refusal("vote_item", item=item.id, **{"for": 0})
        if refusal is not None:
            self.message.setText(refusal.message())
            return
        self.message.setText("")
        self.vote_requested.emit(
            VoteRequest(
                "vote_item",
                _("Inclusion in the agenda: {title}").format(title=item.title),
                {"item": item.id},
            ),
        )

    def eventFilter(self, watched, event) -> bool:
        if (
            watched is self.item_choice
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.ask_item_vote()
            return True
        return super().eventFilter(watched, event)

    def focus_next_step(self) -> None:
        """The focus on the first step still to be taken (the console calls it when the tab is shown)."""
        first = self.opened_by if not self.opened_by.text().strip() else self.announce_button
        for step, widget in (
            (self.steps[0], first),
            (self.steps[1], self.open_button),
            (self.steps[2], self.chair_candidate),
            (self.steps[3], self.secretary_candidate),
            (self.steps[4], self.item_choice),
            (self.steps[5], self.approve_button),
        ):
            if step.state != DONE and widget.isEnabled():
                widget.setFocus()
                self.scroll.ensureWidgetVisible(step)
                return

    def propose_item(self) -> None:
        title = self.new_item_title.text().strip()
        if not title:
            self.message.setText(_("Type the title of the item proposed."))
            return
        if self._run("propose_item", title=title, kind=self.new_item_kind.currentData()) is not None:
            self.new_item_title.clear()

    # -- display ---------------------------------------------------------------------------

    def show_state(self, state: S.SittingState) -> None:
        self.state = state
        s_announce, s_open, s_chair, s_secretary, s_agenda, s_approve, _s_during = self.steps
        registration = state.phase == S.REGISTRATION
        opened = state.phase != S.REGISTRATION

        if state.announcements:
            a = state.announcements[-1]
            text = ngettext(
                "Announced: {present} of {members} member present, {required} needed.",
                "Announced: {present} of {members} members present, {required} needed.",
                a.members,
            ).format(present=a.present, members=a.members, required=a.required)
            s_announce.set_status(DONE if opened or a.present == state.present_count else READY, text)
        else:
            s_announce.set_status(
                READY if registration else BLOCKED, rule_reason("opening.registration", state)
            )
        explain(self.announce_button, self.ops.refusal("announce_registration"))

        if opened:
            s_open.set_status(DONE, _("The sitting is open."))
        elif not state.announcements:
            s_open.set_status(BLOCKED, rule_reason("opening.registration", state))
        elif not state.quorum_met:
            s_open.set_status(
                BLOCKED,
                _("No quorum: {present} of {members} present, {required} needed. {rule}").format(
                    present=state.present_count,
                    members=state.member_count,
                    required=state.quorum_required,
                    rule=rule_reason(state.quorum_rule, state) if state.quorum_rule in R.RULES else "",
                ),
            )
        else:
            s_open.set_status(READY, _("The quorum is reached; the sitting can be opened."))
        explain(self.open_button, self.ops.refusal("open"))
        for field in (self.opened_by, self.capacity):
            field.setEnabled(registration)
        self._capacity_changed()

        self._fill_candidates()
        for step, officer, combo in (
            (s_chair, state.chair, self.chair_candidate),
            (s_secretary, state.secretary, self.secretary_candidate),
        ):
            if officer is not None:
                step.set_status(DONE, _("Elected: {name}").format(name=officer.name))
            elif state.phase == S.OPEN:
                step.set_status(READY, rule_reason("officers.election", state))
            else:
                step.set_status(
                    BLOCKED,
                    _("After the opening. {rule}").format(rule=rule_reason("officers.election", state)),
                )
            allowed = state.phase == S.OPEN and officer is None and state.pending_tie is None
            combo.setEnabled(allowed)
        self._enable_elections()

        proposed = [it for it in state.agenda if it.status == S.PROPOSED]
        included = [it for it in state.agenda if it.status in (S.INCLUDED, S.IN_PROGRESS, S.CONSIDERED)]
        officers = state.chair is not None and state.secretary is not None
        current = self.item_choice.currentData()
        self.item_choice.clear()
        for it in proposed:
            self.item_choice.addItem(it.title, it.id)
        if current is not None and self.item_choice.findData(current) >= 0:
            self.item_choice.setCurrentIndex(self.item_choice.findData(current))
        if state.agenda_approved:
            s_agenda.set_status(
                DONE,
                ngettext("{count} item included.", "{count} items included.", len(included)).format(
                    count=len(included)
                ),
            )
        elif not officers:
            s_agenda.set_status(
                BLOCKED,
                _("After the election of the chair and the secretary. {rule}").format(
                    rule=rule_reason("agenda.inclusion", state)
                ),
            )
        elif proposed:
            s_agenda.set_status(
                READY,
                ngettext(
                    "{waiting} item waits for its vote. {rule}",
                    "{waiting} items wait for their vote. {rule}",
                    len(proposed),
                ).format(waiting=len(proposed), rule=rule_reason("agenda.inclusion", state)),
            )
        else:
            s_agenda.set_status(
                DONE,
                ngettext("{count} item included.", "{count} items included.", len(included)).format(
                    count=len(included)
                ),
            )
        first = self.item_choice.currentData()
        item_refusal = (
            self.ops.refusal("vote_item", item=first, **{"for": 0})
            if first
            else _("No proposed item waits for its vote.")
        )
        explain(self.item_vote_button, item_refusal)
        self.item_choice.setEnabled(item_refusal is None)
        propose_refusal = self.ops.refusal("propose_item", title="-")
        for w in (self.new_item_title, self.new_item_kind):
            w.setEnabled(propose_refusal is None)
        explain(self.propose_button, propose_refusal)

        self._show_during(state)

        approve_refusal = self.ops.refusal("approve_agenda")
        explain(self.approve_button, approve_refusal)
        if state.agenda_approved:
            s_approve.set_status(DONE, _("The agenda is approved."))
        elif approve_refusal is None:
            s_approve.set_status(READY, rule_reason("agenda.inclusion", state))
        else:
            s_approve.set_status(BLOCKED, approve_refusal.message())

    def _show_during(self, state: S.SittingState) -> None:
        """Step 7: who chairs while the chair is out, a secretary replaced."""
        step = self.steps[6]
        lines = []
        if state.acting_chair is not None:
            lines.append(
                _("Chairing while the chair is out of the hall: {name}").format(name=state.acting_chair.name)
            )
        replaced = [o for o in state.officers if o.role == "secretary" and o.replaces]
        for officer in replaced:
            lines.append(
                _("{name} replaced {previous} as the secretary: {reason}").format(
                    name=officer.name, previous=officer.replaces, reason=officer.reason
                )
            )
        if state.phase != S.OPEN or state.chair is None:
            step.set_status(
                BLOCKED,
                _("After the election of the chair and the secretary. {rule}").format(
                    rule=rule_reason("officers.election", state)
                ),
            )
        elif lines:
            step.set_status(DONE, " ".join(lines))
        else:
            step.set_status(
                READY,
                _(
                    "Only if needed: a member elected to chair while the chair is out of the hall, or a new "
                    "secretary. {rule}"
                ).format(rule=rule_reason("officers.election", state)),
            )

    def _enable_elections(self) -> None:
        for role, button in (
            ("chair", self.chair_button),
            ("secretary", self.secretary_button),
            ("acting_chair", self.acting_button),
            ("replace_secretary", self.replace_button),
        ):
            person, why = self.candidate(role)
            # The phase or the office comes first; the choice of a candidate (and a reason) after.
            refusal = self.ops.refusal("elect", **self.election_fields(role, person or "-"), **{"for": 0})
            if person is None and (refusal is None or isinstance(refusal, E.UnknownPerson)):
                explain(button, why)
            elif refusal is not None and isinstance(refusal, E.MissingField) and role == "replace_secretary":
                explain(button, _("Type why the secretary is replaced: it goes into the protocol."))
            else:
                explain(button, refusal)
        for combo, role in (
            (self.acting_candidate, "acting_chair"),
            (self.replace_candidate, "replace_secretary"),
        ):
            refusal = self.ops.refusal("elect", **self.election_fields(role, "-"), **{"for": 0})
            combo.setEnabled(refusal is None or isinstance(refusal, E.UnknownPerson | E.MissingField))
        self.replace_reason.setEnabled(self.replace_candidate.isEnabled())

    def _fill_candidates(self) -> None:
        present = [(pid, self.state.attendance[pid].name) for pid in self.state.present_member_ids]
        present.sort(key=lambda p: p[1])
        for combo in (
            self.chair_candidate,
            self.secretary_candidate,
            self.acting_candidate,
            self.replace_candidate,
        ):
            current = combo.currentData()
            if [combo.itemData(i) for i in range(combo.count())] == [p[0] for p in present]:
                continue
            combo.blockSignals(True)
            combo.clear()
            for pid, name in present:
                combo.addItem(name, pid)
            index = combo.findData(current) if current is not None else -1
            combo.setCurrentIndex(index)
            combo.blockSignals(False)

    def retranslate(self) -> None:
        titles = (
            _("Announce the result of the registration"),
            _("Open the sitting"),
            _("Elect the chair"),
            _("Elect the secretary"),
            _("Vote on each agenda item"),
            _("Approve the agenda"),
            _("Officers during the sitting"),
        )
        for step, title in zip(self.steps, titles, strict=True):
            step.title.setText(title)
        self.announce_button.setText(_("Announce"))
        if self.state.kind != R.MEETING:
            self.opened_by_label.setText(
                _("Who announces the registration and opens the gathering ({citation}):").format(
                    citation=_(self.state.citation("opening.by"))
                )
            )
        else:
            self.opened_by_label.setText(
                _("Who announces the registration and opens the sitting (Model Regulation §7, §8):")
            )
        self.opened_by.setPlaceholderText(_("full name"))
        capacity = self.capacity.currentData()
        self.capacity.clear()
        self.capacity.addItem(_("the akim of the okrug"), "akim")
        self.capacity.addItem(_("a person the akim authorised"), "authorised")
        self.capacity.setCurrentIndex(max(0, self.capacity.findData(capacity or "akim")))
        self.authorisation.setPlaceholderText(_("the akim's act: order No., date"))
        self.acting_label.setText(_("The chair has left the hall: a member to chair meanwhile"))
        self.replace_label.setText(_("A new secretary, and why the secretary is replaced"))
        self.acting_button.setText(_("Vote on this member"))
        self.replace_button.setText(_("Vote on the new secretary"))
        self.replace_reason.setPlaceholderText(_("the reason, for the protocol"))
        self.open_button.setText(_("Open the sitting"))
        self.chair_button.setText(_("Vote on this candidate"))
        self.secretary_button.setText(_("Vote on this candidate"))
        self.item_vote_button.setText(_("Vote on inclusion"))
        self.new_item_title.setPlaceholderText(_("A new item proposed at the sitting"))
        self.propose_button.setText(_("Propose"))
        self.new_item_kind.clear()
        for code, label in R.AGENDA_ITEM_KINDS.items():
            self.new_item_kind.addItem(_(label), code)
        self.new_item_kind.setCurrentIndex(self.new_item_kind.findData("other"))
        self.approve_button.setText(_("Approve the agenda"))
        self.show_state(self.state)
