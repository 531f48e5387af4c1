"""The registration desk: type an IIN or the first letters of a surname, Enter registers.

Candidates come from the register's check-in search (look-alike Kazakh and
Russian letters merged) and, for a small roster, from the sitting's own list
of members; people not on the sitting's list are shown but cannot be chosen.
Invited persons are registered separately and never count toward the quorum.

The desk never guesses: Enter registers at once only when the typed text
matches one member of the list. When it matches several (namesakes, a
common surname, one of them perhaps registered already) the desk lists them
and asks for a choice with the arrow keys (or the mouse), then Enter; the
person registered is named with the IIN and address, and shown in the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.i18n import _, ngettext
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.services.register.membership import find_for_checkin
from zhoob_desktop.services.register.search import fold
from zhoob_desktop.ui.meeting.excuse import ExcuseDialog, pick_person
from zhoob_desktop.ui.meeting.operations import LiveOperations
from zhoob_desktop.ui.meeting.rows import attendance_rows, quorum_text
from zhoob_desktop.ui.meeting.tables import AttendanceModel, fit_columns
from zhoob_desktop.ui.meeting.widgets import BigCount, QuorumBar

LOCAL_ROSTER_LIMIT = 3000  # a roster this small is also searched in memory (delegated members)
CANDIDATE_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    iin: str
    address: str
    on_list: bool
    present: bool


class RosterIndex:
    """The sitting's members folded once, for instant prefix search in a small roster."""

    def __init__(self, members: tuple[S.Member, ...]):
        self.members = members
        self.keys = [(m, [fold(w) for w in m.name.split()], m.iin or "") for m in members]

    def search(self, text: str, limit: int) -> list[S.Member]:
        text = text.strip()
        if not text:
            return []
        if text.isdigit():
            return [m for m, _w, iin in self.keys if iin.startswith(text)][:limit]
        key = fold(text)
        return [m for m, words, _i in self.keys if any(w.startswith(key) for w in words[:2])][:limit]


class RegistrationPanel(QWidget):
    registered = Signal(str)  # person id

    def __init__(self, ops: LiveOperations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.state: S.SittingState = ops.state
        self._roster_for: tuple | None = None
        self._roster: RosterIndex | None = None
        self._excused_shown: set[str] = set()

        self.search_label = QLabel()
        self.search_label.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("checkinSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setStyleSheet("font-size: 16pt; padding: 6px;")
        self.search.textEdited.connect(self.find)
        self.search.returnPressed.connect(self.register_selected)
        self.search.installEventFilter(self)
        self.candidates = QListWidget()
        self.candidates.setObjectName("candidates")
        self.candidates.itemActivated.connect(lambda _item: self._choose_and_register())
        self.candidates.itemClicked.connect(lambda _item: self._mark_chosen())
        self.candidates.installEventFilter(self)
        self._chosen = False  # the secretary picked a row (arrow keys, mouse) since the text last changed
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setObjectName("checkinFeedback")

        self.guest_box = QGroupBox()
        guest_form = QGridLayout(self.guest_box)
        self.guest_name = QLineEdit()
        self.guest_name.setObjectName("guestName")
        self.guest_role = QComboBox()
        self.guest_role.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.guest_role.setMinimumContentsLength(14)
        self.guest_organisation = QLineEdit()
        self.guest_button = QPushButton()
        self.guest_button.clicked.connect(self.register_guest)
        self.guest_name.returnPressed.connect(self.register_guest)
        self.guest_name_label, self.guest_role_label, self.guest_org_label = QLabel(), QLabel(), QLabel()
        for label, widget in (
            (self.guest_name_label, self.guest_name),
            (self.guest_role_label, self.guest_role),
            (self.guest_org_label, self.guest_organisation),
        ):
            label.setBuddy(widget)
            label.setWordWrap(True)  # a long label wraps rather than widening the desk
        guest_form.setVerticalSpacing(4)
        for row, (label, widget) in enumerate(
            (
                (self.guest_name_label, self.guest_name),
                (self.guest_role_label, self.guest_role),
                (self.guest_org_label, self.guest_organisation),
            )
        ):
            guest_form.addWidget(label, row, 0)
            guest_form.addWidget(widget, row, 1)
        guest_form.addWidget(self.guest_button, 3, 0, 1, 2, Qt.AlignmentFlag.AlignRight)
        guest_form.setColumnStretch(1, 1)

        left = QVBoxLayout()
        left.addWidget(self.search_label)
        left.addWidget(self.search)
        left.addWidget(self.candidates, 1)
        left.addWidget(self.feedback)
        left.addWidget(self.guest_box)

        self.count = BigCount(36)
        self.count_caption = QLabel()
        self.count_caption.setWordWrap(True)
        self.guests_count = QLabel()
        self.guests_count.setWordWrap(True)
        self.quorum = QuorumBar()
        self.model = AttendanceModel(self)
        self.table = QTableView()
        self.table.setObjectName("attendance")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        fit_columns(self.table, 0)
        metrics = self.table.fontMetrics()
        self.table.setColumnWidth(1, metrics.horizontalAdvance("000000000000") + 24)  # a whole IIN
        self.table.setColumnWidth(2, metrics.horizontalAdvance("x" * 18))
        self.table.verticalHeader().setVisible(False)
        self.depart_button = QPushButton()
        self.depart_button.clicked.connect(self.depart_selected)
        self.return_button = QPushButton()
        self.return_button.clicked.connect(self.return_selected)
        self.excuse_button = QPushButton()
        self.excuse_button.setObjectName("excuseButton")
        self.excuse_button.clicked.connect(lambda: self.excuse_selected())
        buttons = QHBoxLayout()
        buttons.addWidget(self.depart_button)
        buttons.addWidget(self.return_button)
        buttons.addWidget(self.excuse_button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        counts = QHBoxLayout()
        counts.addWidget(self.count)
        captions = QVBoxLayout()
        captions.addStretch(1)
        captions.addWidget(self.count_caption)
        captions.addWidget(self.guests_count)
        self.excused_count = QLabel()
        self.excused_count.setWordWrap(True)
        captions.addWidget(self.excused_count)
        captions.addStretch(1)
        counts.addLayout(captions, 1)
        right.addLayout(counts)
        right.addWidget(self.quorum)
        right.addWidget(self.table, 1)
        right.addLayout(buttons)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)
        # Ctrl+D (departure) and Ctrl+E (excused absence) belong to the console: they work from every tab.
        self.retranslate()
        self.show_state(ops.state)

    # -- search and registration ---------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up/Down in the search field move through the candidates, so hands stay on the keyboard;
        # moving is the secretary's choice among several matches.
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            if watched is self.search and self.candidates.count():
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                current = self.candidates.currentRow()
                row = 0 if current < 0 else max(0, min(self.candidates.count() - 1, current + step))
                self.candidates.setCurrentRow(row)
                self._mark_chosen()
                return True
            if watched is self.candidates:
                self._mark_chosen()
        return super().eventFilter(watched, event)

    def _mark_chosen(self) -> None:
        self._chosen = True
        self._show_choice_hint()

    def _roster_index(self) -> RosterIndex | None:
        members = self.state.members
        if len(members) > LOCAL_ROSTER_LIMIT:
            return None
        if self._roster_for is not members:
            self._roster_for, self._roster = members, RosterIndex(members)
        return self._roster

    def _sitting_date(self) -> date:
        try:
            return date.fromisoformat(self.state.scheduled_on)
        except ValueError:
            return self.ops.clock.now().date()

    def candidates_for(self, text: str, limit: int = 20) -> list[Candidate]:
        """Members matching the typed text, members of this sitting's list first."""
        text = text.strip()
        if not text:
            return []
        index = self.state.member_index
        found: dict[str, Candidate] = {}
        roster = self._roster_index()
        if roster is not None:
            for m in roster.search(text, limit):
                found[m.id] = Candidate(m.id, m.name, m.iin or "", m.address, True, self._present(m.id))
        if len(found) < limit:
            for ref in find_for_checkin(self.ops.store, text, self._sitting_date(), limit):
                rid = str(ref.id)
                if rid not in found:
                    on_list = rid in index
                    found[rid] = Candidate(
                        rid, ref.full_name, ref.iin or "", ref.address, on_list, self._present(rid)
                    )
        return sorted(found.values(), key=lambda c: (not c.on_list, c.present))[:limit]

    def _present(self, person_id: str) -> bool:
        att = self.state.attendance.get(person_id)
        return att is not None and att.present

    def find(self, text: str) -> None:
        self._chosen = False
        self.candidates.clear()
        for cand in self.candidates_for(text):
            if not cand.on_list and self.state.kind == R.SEPARATE_GATHERING and self.state.territory:
                status = _("lives outside {unit}").format(unit=self.state.territory)
            elif not cand.on_list:
                status = _("not on the list of members of this sitting")
            elif cand.present:
                status = _("already registered")
            elif cand.id in self.state.excused:
                # Still choosable: a member who comes after all is simply registered.
                status = _("absent for a valid reason: {reason}").format(
                    reason=self.state.excused[cand.id].reason
                )
            else:
                status = ""
            parts = [cand.name, cand.iin, cand.address, status]
            item = QListWidgetItem(" — ".join(p for p in parts if p))
            item.setData(CANDIDATE_ROLE, cand)
            item.setToolTip(item.text())
            if not cand.on_list or cand.present:
                item.setForeground(QBrush(QColor("#5f6368")))
            self.candidates.addItem(item)
        members = [
            i for i in range(self.candidates.count()) if self.candidates.item(i).data(CANDIDATE_ROLE).on_list
        ]
        # One member matches: highlighted, Enter takes it. Several: nothing highlighted until chosen.
        self.candidates.setCurrentRow(members[0] if len(members) == 1 else -1 if members else 0)
        self._show_choice_hint()

    def _members_found(self) -> list[Candidate]:
        """The members of the sitting's list among the candidates shown, registered or not."""
        items = (self.candidates.item(i) for i in range(self.candidates.count()))
        return [c for c in (item.data(CANDIDATE_ROLE) for item in items) if c.on_list]

    def _show_choice_hint(self) -> None:
        found = self._members_found()
        if len(found) > 1 and not self._chosen:
            waiting = sum(1 for c in found if not c.present)
            self.feedback.setText(
                ngettext(
                    "{count} member of the list matches ({waiting} not registered yet): choose with ↑ ↓, "
                    "then Enter.",
                    "{count} members of the list match ({waiting} not registered yet): choose with ↑ ↓, "
                    "then Enter.",
                    len(found),
                ).format(count=len(found), waiting=waiting)
            )
        elif self._chosen and self.candidates.currentItem() is not None:
            cand: Candidate = self.candidates.currentItem().data(CANDIDATE_ROLE)
            self.feedback.setText(_("Enter registers: {person}").format(person=self._describe(cand)))

    def not_on_list(self, cand: Candidate) -> str:
        """Why a person found in the register cannot be registered here (a separate gathering names its unit)."""
        if self.state.kind == R.SEPARATE_GATHERING and self.state.territory:
            return E.NotOfThisUnit(
                person=cand.name,
                address=cand.address or "—",
                unit=self.state.territory,
                citation=self.state.citation("quorum.separate_gathering"),
            ).message()
        return _("{name} is not on the list of members of this sitting.").format(name=cand.name)

    @staticmethod
    def _describe(cand: Candidate) -> str:
        return " — ".join(p for p in (cand.name, cand.iin, cand.address) if p)

    def _choose_and_register(self) -> None:
        """A candidate activated (double click, Enter in the list): an explicit choice."""
        self._chosen = True
        self.register_selected()

    def register_selected(self) -> None:
        """Enter: register the one member the text matches, or the one chosen among several."""
        text = self.search.text().strip()
        if self.candidates.count() == 0 and text:
            self.find(text)
        if self.candidates.count() == 0:
            self.feedback.setText(_("Nobody found. Type an IIN or the first letters of a surname."))
            return
        found = self._members_found()
        if len(found) > 1 and not self._chosen:
            # Several members match: never guess, ask (the list stays as it is, the first one highlighted).
            self._show_choice_hint()
            return
        item = self.candidates.currentItem()
        cand: Candidate | None = item.data(CANDIDATE_ROLE) if item is not None else None
        if not self._chosen and len(found) == 1:
            cand = found[0]
        if cand is None:
            return
        # At a busy desk these two need no dialog: the line under the search says it.
        if cand.present:
            self.feedback.setText(_("Already registered: {person}").format(person=self._describe(cand)))
            self.show_person(cand.id)
            self.search.selectAll()
            return
        if not cand.on_list:
            self.feedback.setText(self.not_on_list(cand))
            self.search.selectAll()
            return
        state = self.ops.run("register", member=cand.id)
        if state is None:
            self.feedback.setText(self.ops.last_error.message() if self.ops.last_error else "")
            return
        self.feedback.setText(_("Registered: {person}").format(person=self._describe(cand)))
        self.search.clear()
        self.candidates.clear()
        self._chosen = False
        self.search.setFocus()
        self.show_person(cand.id)
        self.registered.emit(cand.id)

    def show_person(self, person_id: str) -> None:
        """Select a person's row in the list of those registered, scrolled into view."""
        row = self.model.row_of(person_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def register_guest(self) -> None:
        name = self.guest_name.text().strip()
        if not name:
            self.feedback.setText(_("Type the full name of the invited person."))
            self.guest_name.setFocus()
            return
        state = self.ops.run(
            "register_guest",
            name=name,
            role=self.guest_role.currentData(),
            organisation=self.guest_organisation.text().strip(),
        )
        if state is None:
            self.feedback.setText(self.ops.last_error.message() if self.ops.last_error else "")
        else:
            self.feedback.setText(_("Invited person registered: {name}").format(name=name))
            self.guest_name.clear()
            self.guest_organisation.clear()

    def selected_person(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.key_at(rows[0].row()) if rows else None

    def present_people(self) -> list[tuple[str, str]]:
        """Members and invited persons in the hall, as (id, label) for a choice."""
        people = [(pid, self.state.attendance[pid].name) for pid in self.state.present_member_ids]
        people.sort(key=lambda p: p[1])
        guests = sorted(
            ((g.person_id, _("{name} (invited)").format(name=g.name)) for g in self.state.present_guests),
            key=lambda p: p[1],
        )
        return people + guests

    def absent_members(self) -> list[tuple[str, str]]:
        """Members of the sitting's list not in the hall, as (id, label) for a choice."""
        present = set(self.state.present_member_ids)
        people = [
            (m.id, f"{m.name} — {m.iin}" if m.iin else m.name)
            for m in self.state.members
            if m.id not in present
        ]
        return sorted(people, key=lambda p: p[1])

    def ask_person(
        self, title: str, label: str, people: list[tuple[str, str]], current: str | None
    ) -> str | None:
        """Which person (tests replace this to answer without a dialog)."""
        return pick_person(self, title, label, people, current)

    def run_dialog(self, dialog: QDialog) -> int:
        """Show a dialog modally (tests replace this to fill it in and accept)."""
        return dialog.exec()

    def depart_selected(self, ask: bool = False) -> None:
        """The selected person leaves the hall; ``ask`` (or nothing selected): choose who first."""
        person = self.selected_person()
        if ask or person is None:
            person = self.ask_person(
                _("Departure"), _("Who is leaving the hall?"), self.present_people(), person
            )
            if person is None:
                return
        self.ops.run("depart", person=person)

    def _candidate_member(self) -> str | None:
        item = self.candidates.currentItem()
        cand = item.data(CANDIDATE_ROLE) if item is not None else None
        return cand.id if cand is not None and cand.on_list else None

    def excuse_selected(self, ask: bool = False) -> None:
        """Excuse the absence of the member chosen in the candidates or the list, asking the reason.

        ``ask`` (or nobody chosen): pick the member among those absent first.
        """
        person = self._candidate_member() or self.selected_person()
        if ask or person is None:
            person = self.ask_person(
                _("Excused absence"),
                _("Which member is absent for a valid reason?"),
                self.absent_members(),
                person,
            )
            if person is None:
                return
        # The engine's refusal (not a member, present) comes before the reason is typed.
        if not self.ops.check("excuse_member", member=person, reason="-"):
            self.feedback.setText(self.ops.last_error.message() if self.ops.last_error else "")
            return
        member = self.state.member_index[person]
        current = self.state.excused.get(person)
        dialog = ExcuseDialog(
            member.name, current.reason if current else "", self, meeting=self.state.kind == R.MEETING
        )
        if self.run_dialog(dialog) != QDialog.DialogCode.Accepted or not dialog.reason_text():
            return
        if self.ops.run("excuse_member", member=person, reason=dialog.reason_text()) is not None:
            self.feedback.setText(
                _("Absence excused: {name} ({reason})").format(name=member.name, reason=dialog.reason_text())
            )
            self.search.clear()
            self.candidates.clear()

    def return_selected(self) -> None:
        person = self.selected_person()
        if person is None:
            self.feedback.setText(_("Select a person in the list first."))
            return
        att = self.state.attendance.get(person)
        if person in self.state.member_index:  # a member who left, or one excused who came after all
            self.ops.run("register", member=person)
        elif att is not None:
            self.ops.run(
                "register_guest", guest=person, name=att.name, role=att.role, organisation=att.organisation
            )

    # -- display -------------------------------------------------------------------------

    def show_state(self, state: S.SittingState) -> None:
        self.state = state
        self.model.set_rows(attendance_rows(state, self.ops.zone))
        self.count.set_count(state.present_count, state.member_count)
        self.guests_count.setText(
            _("Invited persons present: {count}").format(count=len(state.present_guests))
        )
        if set(state.excused) != self._excused_shown:
            # The status of an excused member carries the reason: measured only when excuses change.
            self._excused_shown = set(state.excused)
            self.table.resizeColumnToContents(2)
            widest = self.table.fontMetrics().horizontalAdvance("x" * 36)
            self.table.setColumnWidth(2, min(self.table.columnWidth(2), widest))
        excused = [pid for pid in state.excused if pid not in state.present_member_ids]
        self.excused_count.setText(
            _("Members absent for a valid reason: {count}").format(count=len(excused)) if excused else ""
        )
        self.quorum.set_quorum(
            state.present_count,
            state.member_count,
            state.quorum_required if state.member_count else 0,
            quorum_text(state),
        )

    def retranslate(self) -> None:
        self.search_label.setText(_("IIN or the first letters of the surname, then Enter (Ctrl+L):"))
        self.search.setPlaceholderText(_("e.g. 850101 or Қасым"))
        self.guest_box.setTitle(_("Invited person (does not vote)"))
        self.guest_name_label.setText(_("Full name"))
        self.guest_role_label.setText(_("Invited as"))
        self.guest_org_label.setText(_("Organisation"))
        self.guest_button.setText(_("Register the invited person"))
        current = self.guest_role.currentData()
        self.guest_role.clear()
        for code, label in R.GUEST_ROLES.items():
            self.guest_role.addItem(_(label), code)
        if current:
            self.guest_role.setCurrentIndex(max(0, self.guest_role.findData(current)))
        self.count_caption.setText(_("members present / members on the list"))
        self.depart_button.setText(_("Departure (Ctrl+D)"))
        self.return_button.setText(_("Returned"))
        self.excuse_button.setText(_("Excused absence… (Ctrl+E)"))
        if self.state.kind != R.MEETING:  # Reg §12 lists the meeting's absent members; a gathering notes it
            self.excuse_button.setToolTip(
                _("The person chosen in the search or in the list is absent for a valid reason.")
            )
        else:
            self.excuse_button.setToolTip(
                _(
                    "The member chosen in the search or in the list is absent for a valid reason (Model Regulation §12)."
                )
            )
        self.model.retranslate()
        self.show_state(self.state)
