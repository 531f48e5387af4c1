"""Speakers of the item being considered: the queue, start/pause/stop, the countdown, extensions.

The countdown is the console's single ``Countdown``: each displayed second
repaints one cell of the speakers table and one label, nothing else. Past the
allowed time the clock turns red and negative and the panel asks the chair to
stop the speaker or to put an extension to the vote (Model Regulation §11).
A refused action is said on the panel's own line, with its rule; a button
that cannot act says why in its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.i18n import _, pgettext
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.ui.meeting.countdown import OVER, Countdown, format_clock
from zhoob_desktop.ui.meeting.keys import RefusalLine, enter_clicks, explain
from zhoob_desktop.ui.meeting.operations import LiveOperations
from zhoob_desktop.ui.meeting.rows import speech_rows
from zhoob_desktop.ui.meeting.tables import SpeakersModel, fit_columns
from zhoob_desktop.ui.meeting.voting import VoteRequest
from zhoob_desktop.ui.meeting.widgets import ClockLabel


class SpeakersPanel(QWidget):
    vote_requested = Signal(object)

    def __init__(self, ops: LiveOperations, countdown: Countdown, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.countdown = countdown
        self.state: S.SittingState = ops.state
        self.item = QLabel()
        self.item.setWordWrap(True)
        self.item.setStyleSheet("font-size: 14pt; font-weight: bold;")

        self.person = QComboBox()
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person.setMinimumWidth(160)
        self.person.editTextChanged.connect(lambda _t: self._enable())
        self.person.currentIndexChanged.connect(lambda _i: self._enable())
        self.kind = QComboBox()
        self.kind.currentIndexChanged.connect(lambda _i: self._enable())
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(12)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_speaker)
        self.limit_minutes = QSpinBox()
        self.limit_minutes.setRange(1, 60)
        self.limit_button = QPushButton()
        self.limit_button.clicked.connect(self.set_time_limit)
        self.kind.currentIndexChanged.connect(self._show_limit)
        add_row = QHBoxLayout()
        add_row.addWidget(self.person, 2)
        add_row.addWidget(self.kind, 1)
        add_row.addWidget(self.add_button)
        add_row.addSpacing(16)
        add_row.addWidget(self.limit_minutes)
        add_row.addWidget(self.limit_button)

        self.model = SpeakersModel(self)
        self.table = QTableView()
        self.table.setObjectName("speakers")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        fit_columns(self.table, 0)
        self.table.verticalHeader().setVisible(False)

        self.message = RefusalLine()
        self.speaker = QLabel()
        self.speaker.setWordWrap(True)
        self.speaker.setStyleSheet("font-size: 13pt;")
        self.clock = ClockLabel(36)
        self.start_button, self.pause_button = QPushButton(), QPushButton()
        self.resume_button, self.stop_button = QPushButton(), QPushButton()
        self.extend_seconds = QSpinBox()
        self.extend_seconds.setRange(10, 1800)
        self.extend_seconds.setSingleStep(30)
        self.extend_seconds.setValue(120)
        self.extend_button = QPushButton()
        self.start_button.clicked.connect(self.start_speech)
        self.pause_button.clicked.connect(self.pause_speech)
        self.resume_button.clicked.connect(self.resume_speech)
        self.stop_button.clicked.connect(self.stop_speech)
        self.extend_button.clicked.connect(self.ask_extension)
        self.summary_button = QPushButton()
        self.summary_button.clicked.connect(self.write_summary)
        self.table.doubleClicked.connect(lambda _index: self.write_summary())
        controls = QHBoxLayout()
        for b in (self.start_button, self.pause_button, self.resume_button, self.stop_button):
            controls.addWidget(b)
        controls.addStretch(1)
        controls.addWidget(self.extend_seconds)
        controls.addWidget(self.extend_button)

        self.overrun = QFrame()
        self.overrun.setObjectName("overrun")
        self.overrun.setStyleSheet(
            "QFrame#overrun { background: #fde7e7; border: 2px solid #c62828; border-radius: 6px; }"
        )
        over_layout = QHBoxLayout(self.overrun)
        self.overrun_text = QLabel()
        self.overrun_text.setWordWrap(True)
        self.overrun_text.setStyleSheet("color: #8e1b1b; font-weight: bold; font-size: 12pt;")
        self.overrun_stop, self.overrun_extend = QPushButton(), QPushButton()
        self.overrun_stop.clicked.connect(lambda: self.stop_speech("overrun"))
        self.overrun_extend.clicked.connect(self.ask_extension)
        over_layout.addWidget(self.overrun_text, 1)
        over_layout.addWidget(self.overrun_stop)
        over_layout.addWidget(self.overrun_extend)
        self.overrun.setVisible(False)

        top = QHBoxLayout()
        top.addWidget(self.speaker, 1)
        top.addWidget(self.summary_button)
        top.addWidget(self.clock)
        layout = QVBoxLayout(self)
        layout.addWidget(self.item)
        layout.addLayout(add_row)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(top)
        layout.addWidget(self.overrun)
        layout.addLayout(controls)
        enter_clicks(
            self.add_button,
            self.limit_button,
            self.start_button,
            self.pause_button,
            self.resume_button,
            self.stop_button,
            self.extend_button,
            self.summary_button,
            self.overrun_stop,
            self.overrun_extend,
        )

        countdown.second_changed.connect(self._tick)
        countdown.phase_changed.connect(self._phase)
        self.person.lineEdit().returnPressed.connect(self.add_speaker)
        self.retranslate()

    # -- actions ---------------------------------------------------------------------------

    def focus_person(self) -> None:
        self.person.setFocus()
        self.person.lineEdit().selectAll()

    def _chosen_person(self) -> str | None:
        person = self.person.currentData()
        text = self.person.currentText().strip()
        if person is not None and self.person.itemText(self.person.currentIndex()) == text:
            return person
        index = self.person.findText(text)
        return self.person.itemData(index) if index >= 0 else None

    def _speaker_fields(self, person: str) -> dict:
        fields = {"person": person, "kind": self.kind.currentData()}
        if self.state.current_item and self.kind.currentData() != R.STATEMENT:
            fields["item"] = self.state.current_item
        return fields

    def _run(self, command: str, /, **fields) -> S.SittingState | None:
        """Run a command; a refusal is said on this panel's line, with its rule."""
        state = self.ops.run(command, **fields)
        self.message.setText(
            "" if state is not None else (self.ops.last_error.message() if self.ops.last_error else "")
        )
        return state

    def add_speaker(self) -> None:
        person = self._chosen_person()
        if person is None:
            typed = self.person.currentText().strip()
            self.message.setText(
                _("Nobody in the hall is called {name}: choose a speaker from the list.").format(name=typed)
                if typed
                else _("Choose the speaker: type the first letters of a name (Ctrl+N).")
            )
            return
        if self._run("add_speaker", **self._speaker_fields(person)) is not None:
            self.person.setCurrentIndex(-1)
            self.person.setEditText("")

    def selected_speech(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.key_at(rows[0].row()) if rows else None

    def next_speech(self) -> S.Speech | None:
        selected = self.state.speech(self.selected_speech() or "")
        if selected is not None and selected.status == S.QUEUED:
            return selected
        for sp in self.state.speeches_on(self.state.current_item):
            if sp.status == S.QUEUED:
                return sp
        for sp in self.state.speeches_on(None):
            if sp.status == S.QUEUED:
                return sp
        return None

    def start_speech(self) -> None:
        sp = self.next_speech()
        if sp is None:
            self.message.setText(_("Nobody is waiting to speak: add a speaker first (Ctrl+N)."))
            return
        self._run("start_speech", speech=sp.id)

    def pause_speech(self) -> None:
        sp = self.state.active_speech
        if sp is None:
            self.message.setText(_("Nobody is speaking."))
            return
        self._run("pause_speech", speech=sp.id)

    def resume_speech(self) -> None:
        sp = self.state.active_speech
        if sp is None:
            self.message.setText(_("Nobody is speaking."))
            return
        self._run("resume_speech", speech=sp.id)

    def pause_or_resume(self) -> None:
        sp = self.state.active_speech
        if sp is not None and sp.status == S.PAUSED:
            self.resume_speech()
        else:
            self.pause_speech()

    def stop_speech(self, reason: str | None = None) -> None:
        sp = self.state.active_speech
        if sp is None:
            self.message.setText(_("Nobody is speaking."))
            return
        if reason is None:
            reason = "overrun" if (self.countdown.remaining() or 0) < 0 else "done"
        self._run("stop_speech", speech=sp.id, reason=reason)

    def _show_limit(self, *_args) -> None:
        kind = self.kind.currentData()
        if kind is not None:
            seconds = int(self.state.time_limits.get(kind, 300))
            self.limit_minutes.setValue(max(1, round(seconds / 60)))

    def set_time_limit(self) -> None:
        """The chair's time for this kind of speech from now on (Reg §11)."""
        kind = self.kind.currentData()
        if self._run("set_time_limit", kind=kind, seconds=self.limit_minutes.value() * 60) is not None:
            self._show_limit()

    def write_summary(self) -> None:
        """The summary of a speech for the protocol (Reg §12), typed by the secretary."""
        sp = self.state.speech(self.selected_speech() or "")
        if sp is None:
            self.message.setText(_("Select a speech in the list first."))
            return
        text, ok = self.ask_summary(sp)
        if ok and text.strip():
            self._run("speech_summary", speech=sp.id, text=text.strip())

    def ask_summary(self, sp: S.Speech) -> tuple[str, bool]:
        return QInputDialog.getMultiLineText(
            self,
            _("Summary of the speech"),
            _("What {name} said, in short, for the protocol:").format(name=sp.name),
            sp.summary,
        )

    def ask_extension(self) -> None:
        sp = self.state.active_speech
        if sp is None:
            self.message.setText(_("Nobody is speaking."))
            return
        seconds = self.extend_seconds.value()
        self.vote_requested.emit(
            VoteRequest(
                "extend_speech",
                _("Extend the speech of {name} by {time}").format(name=sp.name, time=format_clock(seconds)),
                {"speech": sp.id, "seconds": seconds},
            ),
        )

    # -- the clock -------------------------------------------------------------------------

    def _tick(self, remaining: float) -> None:
        self.model.tick(remaining)
        self.clock.show_time(format_clock(remaining))

    def _phase(self, phase: str) -> None:
        self.clock.set_phase(phase)
        self.overrun.setVisible(phase == OVER and self.countdown.running)

    # -- display ---------------------------------------------------------------------------

    def show_state(self, state: S.SittingState) -> None:
        self.state = state
        item = state.item(state.current_item) if state.current_item else None
        self.item.setText(
            _("Item: {title}").format(title=item.title)
            if item
            else _("Short statements and questions outside an item")
        )
        self.model.set_rows(speech_rows(state, state.current_item, self.ops.clock.now()))
        self._fill_people()
        sp = state.active_speech
        if sp is None:
            self.speaker.setText(_("Nobody is speaking."))
            self.clock.show_time("")
            self.overrun.setVisible(False)
        else:
            status = _("speaking") if sp.status == S.SPEAKING else _("paused")
            self.speaker.setText(
                _("{name} — {kind}, {status}").format(
                    name=sp.name, kind=_(R.SPEECH_KINDS.get(sp.kind, sp.kind)), status=status
                )
            )
            self.overrun.setVisible(self.countdown.phase() == OVER and sp.status == S.SPEAKING)
        self._show_limit()
        self.pause_button.setVisible(sp is None or sp.status != S.PAUSED)
        self.resume_button.setVisible(sp is not None and sp.status == S.PAUSED)
        self._enable()

    def _enable(self) -> None:
        """Each button enabled only when the engine would take its command; the reason in its tooltip."""
        sp, ops = self.state.active_speech, self.ops
        nobody = _("Nobody is speaking.")
        person = self._chosen_person()
        if person is None:
            reason = ops.refusal("add_speaker", person="-", kind=self.kind.currentData() or R.DEBATE)
            if reason is None or isinstance(reason, E.UnknownPerson):
                reason = _("Choose the speaker: type the first letters of a name (Ctrl+N).")
            explain(self.add_button, reason)
        else:
            explain(self.add_button, ops.refusal("add_speaker", **self._speaker_fields(person)))
        explain(
            self.limit_button,
            ops.refusal("set_time_limit", kind=self.kind.currentData() or R.DEBATE, seconds=60),
            R.rule_text("speech.limits", self.state.kind, self.state.sources),
        )
        waiting = self.next_speech()
        explain(
            self.start_button,
            ops.refusal("start_speech", speech=waiting.id)
            if waiting
            else _("Nobody is waiting to speak: add a speaker first (Ctrl+N)."),
        )
        explain(self.pause_button, ops.refusal("pause_speech", speech=sp.id) if sp else nobody)
        explain(self.resume_button, ops.refusal("resume_speech", speech=sp.id) if sp else nobody)
        explain(self.stop_button, ops.refusal("stop_speech", speech=sp.id) if sp else nobody)
        explain(
            self.extend_button,
            ops.refusal("extend_speech", speech=sp.id, seconds=self.extend_seconds.value(), **{"for": 0})
            if sp
            else nobody,
        )
        explain(
            self.summary_button,
            None if self.model.rows else _("No speech on this item yet."),
            _("The summary of the selected speech for the protocol (double click on a speech)."),
        )

    def _fill_people(self) -> None:
        people = [(pid, self.state.attendance[pid].name) for pid in self.state.present_member_ids]
        people.sort(key=lambda p: p[1])
        guests = sorted(((g.person_id, g.name) for g in self.state.present_guests), key=lambda p: p[1])
        wanted = people + guests
        if [self.person.itemData(i) for i in range(self.person.count())] == [p[0] for p in wanted]:
            return
        current = self.person.currentData()
        self.person.blockSignals(True)
        self.person.clear()
        for pid, name in people:
            self.person.addItem(name, pid)
        for pid, name in guests:
            self.person.addItem(_("{name} (invited)").format(name=name), pid)
        self.person.setCurrentIndex(self.person.findData(current) if current is not None else -1)
        self.person.blockSignals(False)

    def retranslate(self) -> None:
        current = self.kind.currentData()
        self.kind.clear()
        for code, label in R.SPEECH_KINDS.items():
            self.kind.addItem(_(label), code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(current or R.DEBATE)))
        self.person.lineEdit().setPlaceholderText(_("Speaker: first letters of the name (Ctrl+N)"))
        self.add_button.setText(_("Add to the list"))
        self.limit_minutes.setSuffix(" " + pgettext("time unit", "min"))
        self.extend_seconds.setSuffix(" " + pgettext("time unit", "s"))
        self.limit_button.setText(_("Set the time for this kind"))
        state = getattr(self, "state", None)
        self.limit_button.setToolTip(
            R.rule_text("speech.limits", state.kind, state.sources) if state else R.rule_text("speech.limits")
        )
        self.start_button.setText(_("Start (F5)"))
        self.pause_button.setText(_("Pause (F6)"))
        self.resume_button.setText(_("Resume (F6)"))
        self.stop_button.setText(_("Stop (F8)"))
        self.extend_button.setText(_("Vote to extend (F7)"))
        self.summary_button.setText(_("Summary…"))
        if self.state.kind != R.MEETING:  # the time for speeches is the gathering's own procedure
            self.overrun_text.setText(
                _(
                    "The time is over. Stop the speaker, or put an extension to the vote of the participants present."
                )
            )
        else:
            self.overrun_text.setText(
                _(
                    "The time is over. Stop the speaker, or put an extension to the vote of the members present (Model Regulation §11)."
                )
            )
        self.overrun_stop.setText(_("Stop (F8)"))
        self.overrun_extend.setText(_("Vote to extend (F7)"))
        self.model.retranslate()
        self.show_state(self.state)
