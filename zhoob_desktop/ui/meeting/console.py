"""The live console of one sitting: registration, opening, agenda, speakers, voting, questions; the hall screen.

All panels show the same state, which changes only through ``LiveOperations``
(one command, one committed event). One ``Countdown`` (one QTimer) drives the
speakers table, the console's clock and the hall screen.

The console is made for the keyboard (F1 lists every key) and for small
screens: each tab scrolls rather than cutting anything off when the window
is smaller than it, and the window opens within the screen it is on.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services import i18n
from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.meeting import Event, journal_events
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.services.okrug import get_okrug
from zhoob_desktop.services.okrug_time import okrug_zone
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.meeting.agenda import AgendaPanel
from zhoob_desktop.ui.meeting.clock import Clock, SystemClock
from zhoob_desktop.ui.meeting.countdown import Countdown, format_clock
from zhoob_desktop.ui.meeting.keys import KeysDialog, RefusalLine
from zhoob_desktop.ui.meeting.opening import OpeningPanel
from zhoob_desktop.ui.meeting.operations import LiveOperations
from zhoob_desktop.ui.meeting.projector import ProjectorWindow
from zhoob_desktop.ui.meeting.questions import QuestionsPanel
from zhoob_desktop.ui.meeting.recovery import event_rows
from zhoob_desktop.ui.meeting.registration import RegistrationPanel
from zhoob_desktop.ui.meeting.rows import PHASES, projector_info, quorum_text, sitting_name, speech_timing
from zhoob_desktop.ui.meeting.speakers import SpeakersPanel
from zhoob_desktop.ui.meeting.voting import VoteRequest, VotingPanel
from zhoob_desktop.ui.meeting.widgets import BigCount, ClockLabel, QuorumBar
from zhoob_desktop.ui.screen_fit import fit_to_screen


def format_day(iso_day: str) -> str:
    """The sitting's date in the user's locale (the journal keeps ISO text)."""
    try:
        return i18n.format_date(date.fromisoformat(iso_day), "long")
    except ValueError:
        return iso_day


REGISTRATION_TAB, OPENING_TAB, AGENDA_TAB, SPEAKERS_TAB, VOTING_TAB, QUESTIONS_TAB = range(6)
PREFERRED_SIZE = QSize(1366, 860)  # the whole screen of a common laptop; less on a smaller one


def scrolling(panel: QWidget) -> QScrollArea:
    """A tab's panel inside a frameless scroll area: on a small window it scrolls, nothing is cut."""
    area = QScrollArea()
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(panel)
    return area


class LiveConsole(QWidget):
    """The secretary's screen during a sitting. ``clock`` is injectable (tests use a manual clock)."""

    def __init__(
        self,
        store: Store,
        bus: Bus,
        sitting_id: str,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("liveConsole")
        self.store, self.bus = store, bus
        self.clock = clock or SystemClock()
        self.ops = LiveOperations(store, bus, sitting_id, self.clock, self)
        self.countdown = Countdown(self.clock, parent=self)
        self.projector: ProjectorWindow | None = None
        self.keys_dialog: KeysDialog | None = None
        self.okrug = get_okrug(store)

        self.title = QLabel()
        self.title.setObjectName("consoleTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold; color: #1f3a4d;")
        self.when = QLabel()
        self.when.setObjectName("consoleWhen")
        self.when.setWordWrap(True)
        self.phase = QLabel()
        self.phase.setObjectName("consolePhase")
        self.phase.setStyleSheet("font-weight: bold;")
        self.count = BigCount(22)
        self.quorum = QuorumBar(compact=True)
        self.quorum.setMinimumWidth(170)
        self.clock_label = ClockLabel(24)
        self.projector_button = QPushButton()
        self.projector_button.clicked.connect(self.show_projector)
        self.keys_button = QPushButton()
        self.keys_button.setObjectName("keysButton")
        self.keys_button.clicked.connect(self.show_keys)
        for button in (self.projector_button, self.keys_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.notice = RefusalLine()
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title)
        titles.addWidget(self.when)
        titles.addWidget(self.phase)
        head.addLayout(titles, 3)
        head.addWidget(self.count)
        head.addWidget(self.quorum, 2)
        head.addWidget(self.clock_label)
        buttons = QVBoxLayout()
        buttons.addWidget(self.projector_button)
        buttons.addWidget(self.keys_button)
        # A separate gathering elects its representatives (candidates, then a vote on the Voting tab).
        self.election_button = QPushButton()
        self.election_button.setObjectName("electionButton")
        self.election_button.clicked.connect(self.show_election)
        self.election_button.setVisible(self.ops.state.kind == "separate_gathering")
        buttons.addWidget(self.election_button)
        head.addLayout(buttons)

        self.registration = RegistrationPanel(self.ops)
        self.opening = OpeningPanel(self.ops)
        self.agenda = AgendaPanel(self.ops)
        self.speakers = SpeakersPanel(self.ops, self.countdown)
        self.voting = VotingPanel(self.ops)
        self.questions = QuestionsPanel(self.ops)
        self.panels = (
            self.registration,
            self.opening,
            self.agenda,
            self.speakers,
            self.voting,
            self.questions,
        )
        self.tabs = QTabWidget()
        self.tabs.setObjectName("consoleTabs")
        self.tabs.setUsesScrollButtons(True)
        for panel in self.panels:
            # the opening scrolls its steps itself
            self.tabs.addTab(panel if panel is self.opening else scrolling(panel), "")
        self._stale: set = set()
        self.tabs.currentChanged.connect(self._tab_changed)
        self.opening.vote_requested.connect(self.ask_vote)
        self.speakers.vote_requested.connect(self.ask_vote)
        self.voting.voted.connect(self._after_vote)
        self.agenda.item_started.connect(lambda _item: self.tabs.setCurrentIndex(SPEAKERS_TAB))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.notice)

        self.countdown.second_changed.connect(lambda r: self.clock_label.show_time(format_clock(r)))
        self.countdown.phase_changed.connect(self.clock_label.set_phase)
        self.ops.state_changed.connect(self.show_state)
        self.ops.refused.connect(lambda exc: self.notice.setText(exc.message()))
        bus.changed.connect(self._on_bus)
        bus.language_changed.connect(lambda _lang: self.retranslate())
        for index in range(len(self.panels)):
            QShortcut(QKeySequence(f"Alt+{index + 1}"), self, lambda i=index: self.tabs.setCurrentIndex(i))
        # The frequent actions work from every tab.
        for keys, action in (
            ("F1", self.show_keys),
            ("F10", self.show_projector),
            ("F2", self.agenda.start_item),
            ("F3", lambda: self.agenda._run("end_item")),
            ("F5", self.speakers.start_speech),
            ("F6", self.speakers.pause_or_resume),
            ("F7", self.speakers.ask_extension),
            ("F8", self.speakers.stop_speech),
            ("Ctrl+N", self._add_speaker),
            ("Ctrl+L", self._registration_search),
            ("Ctrl+D", self.departure),
            ("Ctrl+E", self.excused_absence),
            ("F9", self.toggle_break),
            ("Ctrl+Z", self.correct_last_event),
        ):
            QShortcut(QKeySequence(keys), self, action)
        self.retranslate()
        self.tabs.setCurrentIndex(self._natural_tab(self.ops.state))

    def show_election(self) -> QWidget:
        """The candidates for representative and the vote on them (a separate gathering)."""
        from zhoob_desktop.ui.meeting.election import ElectionDialog

        dialog = ElectionDialog(self.ops, self)
        dialog.vote_requested.connect(self.ask_vote)
        dialog.show()
        return dialog

    def fit_to_screen(self, parent: QWidget | None = None) -> QSize:
        """The window's size on the screen it opens on: the whole of a laptop's screen at most."""
        return fit_to_screen(self, PREFERRED_SIZE, parent)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.focus_current_tab)  # typing goes where the tab's work starts

    def toggle_break(self) -> None:
        self.agenda._run("resume" if self.state.on_break else "break")

    def last_correctable(self) -> Event | None:
        """The newest event that a compensating event may take back (not the journal's markers)."""
        undone = set(self.state.undone)
        for ev in reversed(journal_events(self.store, self.ops.sitting_id)):
            if ev.type not in ("OPEN", "CLOSE", "CORRECTION") and ev.seq not in undone:
                return ev
        return None

    def correct_last_event(self) -> None:
        """Take back the last event with a compensating one; the reason goes into the journal."""
        ev = self.last_correctable()
        if ev is None:
            self.notice.setText(_("There is no event to take back."))
            return
        what = event_rows([ev], self.ops.zone, 1)[0].what
        reason, ok = self.ask_reason(
            _(
                'Take back event {seq}, "{what}"? It stays in the journal, marked as corrected. The reason:'
            ).format(seq=ev.seq, what=what)
        )
        if ok and reason.strip():
            self.ops.run("undo", seq=ev.seq, reason=reason.strip())

    def ask_reason(self, text: str) -> tuple[str, bool]:
        return QInputDialog.getText(self, _("Correct the last event"), text)

    def show_keys(self) -> KeysDialog:
        """F1: every key of the console, in a window beside it."""
        if self.keys_dialog is None:
            self.keys_dialog = KeysDialog(self)
        if self.keys_dialog.isVisible():
            self.keys_dialog.reject()
        else:
            self.keys_dialog.show()
            self.keys_dialog.raise_()
        return self.keys_dialog

    def _tab_changed(self, _index: int) -> None:
        self._refresh_current_tab()
        self.focus_current_tab()

    def current_panel(self) -> QWidget:
        return self.panels[self.tabs.currentIndex()]

    def _refresh_current_tab(self) -> None:
        panel = self.current_panel()
        if panel in self._stale:
            self._stale.discard(panel)
            panel.show_state(self.state)

    def focus_current_tab(self) -> None:
        """Where the keys go on each tab: the search, the next step, the agenda, the speaker, the counts."""
        panel = self.current_panel()
        if panel is self.registration:
            self.registration.focus_search()
        elif panel is self.opening:
            self.opening.focus_next_step()
        elif panel is self.agenda:
            self.agenda.table.setFocus()
        elif panel is self.speakers:
            self.speakers.table.setFocus()
        elif panel is self.voting:
            self.voting.focus_entry()
        elif panel is self.questions:
            self.questions.author.setFocus()

    def _add_speaker(self) -> None:
        self.tabs.setCurrentIndex(SPEAKERS_TAB)
        self.speakers.focus_person()

    def departure(self) -> None:
        """Ctrl+D from any tab: on the registration desk the selected person leaves; elsewhere the
        console asks who (the desk's selection offered first), as the selection is not in view."""
        self.registration.depart_selected(ask=self.tabs.currentIndex() != REGISTRATION_TAB)

    def excused_absence(self) -> None:
        """Ctrl+E from any tab: an absent member's excuse, chosen on the desk or asked for."""
        self.registration.excuse_selected(ask=self.tabs.currentIndex() != REGISTRATION_TAB)

    def _registration_search(self) -> None:
        self.tabs.setCurrentIndex(REGISTRATION_TAB)
        self.registration.focus_search()

    @property
    def state(self) -> S.SittingState:
        return self.ops.state

    def _natural_tab(self, state: S.SittingState) -> int:
        if state.phase == S.REGISTRATION:
            return REGISTRATION_TAB
        if not state.agenda_approved:
            return OPENING_TAB
        if state.current_item is not None:
            return SPEAKERS_TAB
        return AGENDA_TAB

    def ask_vote(self, request: VoteRequest) -> None:
        self.voting.request(request)
        self.tabs.setCurrentIndex(VOTING_TAB)
        self.voting.focus_entry()

    def _after_vote(self, vote: S.Vote) -> None:
        if vote.outcome == S.TIE:
            return  # the casting-vote dialog is open on the voting tab
        if vote.subject in ("chair", "secretary", "acting_chair", "agenda_item"):
            self.tabs.setCurrentIndex(OPENING_TAB)
        elif vote.subject == "extension":
            self.tabs.setCurrentIndex(SPEAKERS_TAB)

    def _on_bus(self, topics: set[str]) -> None:
        if "okrug" in topics:  # the name or the time zone changed in the settings
            self.okrug = get_okrug(self.store)
            self.ops.zone = okrug_zone(self.store)
            self.retranslate()
        # Our own commands already refreshed us; another window's journal changes need a reload.
        if "journal" in topics and not self.ops.emitting:
            self.ops.reload()

    def show_state(self, state: S.SittingState) -> None:
        self.notice.setText("" if self.ops.last_error is None else self.ops.last_error.message())
        self.countdown.follow(speech_timing(state))
        if self.countdown.timing is None:
            self.clock_label.show_time("")
        self.clock_label.setVisible(self.countdown.timing is not None)
        self.phase.setText(
            _(PHASES.get(state.phase, state.phase)) + (" — " + _("Break") if state.on_break else "")
        )
        self.count.set_count(state.present_count, state.member_count)
        self.quorum.set_quorum(
            state.present_count,
            state.member_count,
            state.quorum_required if state.member_count else 0,
            quorum_text(state),
        )
        # Only the visible tab is redrawn now; the others take the state and redraw when shown.
        for panel in self.panels:
            panel.state = state
        self._stale = set(self.panels)
        self._refresh_current_tab()
        if self.projector is not None:
            self.projector.show_info(projector_info(state, self._okrug_name()))

    def _okrug_name(self) -> str:
        return self.okrug.name(i18n.get_language()) if self.okrug else ""

    def show_projector(self) -> ProjectorWindow:
        if self.projector is None:
            self.projector = ProjectorWindow(self.countdown)
            self.projector.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
            self.projector.show_info(projector_info(self.state, self._okrug_name()))
        self.projector.place()
        return self.projector

    def close_projector(self) -> None:
        if self.projector is not None:
            self.projector.close()
            self.projector.deleteLater()
            self.projector = None

    def retranslate(self) -> None:
        state = self.state
        self.title.setText(sitting_name(state))
        when = format_day(state.scheduled_on)
        self.when.setText(f"{when}, {state.place}" if state.place else when)
        self.setWindowTitle(_("Live console") + " — " + sitting_name(state))
        for index, label in enumerate(
            (_("Registration"), _("Opening"), _("Agenda"), _("Speakers"), _("Voting"), _("Questions"))
        ):
            self.tabs.setTabText(index, f"{label} (Alt+{index + 1})")
        self.projector_button.setText(_("Hall screen (F10)"))
        self.keys_button.setText(_("Keys (F1)"))
        self.election_button.setText(_("Representatives…"))
        for panel in self.panels:
            panel.retranslate()
        if self.projector is not None:
            self.projector.retranslate()
        if self.keys_dialog is not None:
            self.keys_dialog.deleteLater()
            self.keys_dialog = None
        self.show_state(state)

    def closeEvent(self, event) -> None:
        self.countdown.timer.stop()
        self.close_projector()
        super().closeEvent(event)
