"""Electing representatives at a separate gathering: candidates proposed, then voted one by one or as a list.

Opened from the live console of a separate gathering while the item on
electing representatives is considered. Candidates are residents of the unit
(the sitting's list); the vote itself is taken on the Voting tab like any
other (counts or roll call), with the unit's quota checked by the engine.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.i18n import _, ngettext
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.ui.meeting.operations import LiveOperations
from zhoob_desktop.ui.meeting.voting import VoteRequest

PERSON_ROLE = Qt.ItemDataRole.UserRole + 1


class ElectionDialog(QDialog):
    """Propose candidates from the unit's residents and send the chosen ones to the vote."""

    vote_requested = Signal(object)  # a VoteRequest for the Voting tab

    def __init__(self, ops: LiveOperations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("electionDialog")
        self.setWindowTitle(_("Election of representatives"))
        self.quota = QLabel()
        self.quota.setObjectName("electionQuota")
        self.quota.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("candidateSearch")
        self.search.setPlaceholderText(_("Resident of the unit: first letters of the surname or the IIN"))
        self.search.textChanged.connect(self._find)
        self.search.returnPressed.connect(self.propose_selected)
        self.found = QListWidget()
        self.found.setObjectName("residentsFound")
        self.found.itemActivated.connect(lambda _i: self.propose_selected())
        self.propose = QPushButton(_("Propose as candidate"))
        self.propose.clicked.connect(self.propose_selected)
        self.candidates = QListWidget()
        self.candidates.setObjectName("candidatesProposed")
        self.candidates.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.feedback = QLabel()
        self.feedback.setObjectName("electionFeedback")
        self.feedback.setWordWrap(True)
        self.vote_button = QPushButton(_("Vote on the checked candidates"))
        self.vote_button.setProperty("primary", True)
        self.vote_button.clicked.connect(self.vote_checked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        left = QVBoxLayout()
        left.addWidget(QLabel(_("Residents of the unit")))
        left.addWidget(self.search)
        left.addWidget(self.found, 1)
        left.addWidget(self.propose)
        right = QVBoxLayout()
        right.addWidget(QLabel(_("Candidates: check one to vote on alone, or several to vote on as a list")))
        right.addWidget(self.candidates, 1)
        right.addWidget(self.vote_button)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.quota)
        layout.addLayout(columns, 1)
        layout.addWidget(self.feedback)
        layout.addWidget(buttons)
        self.resize(900, 560)
        ops.state_changed.connect(self.show_state)
        self.show_state(ops.state)

    @property
    def state(self) -> S.SittingState:
        return self.ops.state

    def show_state(self, state: S.SittingState) -> None:
        elected = len(state.elected)
        if state.quota is None:
            self.quota.setText(
                _(
                    "No procedure approved by the maslikhat was in force on the day of the sitting: no quota, no election."
                )
            )
        else:
            self.quota.setText(
                ngettext(
                    "{unit} elects {quota} representative; elected so far: {elected}.",
                    "{unit} elects {quota} representatives; elected so far: {elected}.",
                    state.quota,
                ).format(unit=state.territory, quota=state.quota, elected=elected)
            )
        checked = set(self.checked())
        self.candidates.clear()
        for c in state.candidates:
            v = state.vote(c.vote_id) if c.vote_id else None
            if v is None:
                status = _("waiting for the vote")
            elif c.elected:
                status = _("elected ({votes_for} for)").format(votes_for=v.votes_for)
            else:
                status = _("not elected ({votes_for} for)").format(votes_for=v.votes_for)
            item = QListWidgetItem(f"{c.name} — {c.address} — {status}")
            item.setData(PERSON_ROLE, c.person_id)
            if v is None:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if c.person_id in checked else Qt.CheckState.Unchecked
                )
            self.candidates.addItem(item)
        self._find(self.search.text())

    def _find(self, text: str) -> None:
        text = text.strip().casefold()
        self.found.clear()
        if not text:
            return
        proposed = {c.person_id for c in self.state.candidates}
        for m in self.state.members:
            if m.id in proposed:
                continue
            if m.name.casefold().startswith(text) or (m.iin or "").startswith(text):
                item = QListWidgetItem(f"{m.name} — {m.address}")
                item.setData(PERSON_ROLE, m.id)
                self.found.addItem(item)
            if self.found.count() >= 30:
                break
        if self.found.count():
            self.found.setCurrentRow(0)

    def propose_selected(self) -> None:
        item = self.found.currentItem()
        if item is None:
            return
        state = self.ops.run("propose_candidate", person=item.data(PERSON_ROLE))
        if state is None:
            self.feedback.setText(self.ops.last_error.message() if self.ops.last_error else "")
            return
        self.feedback.setText(_("Proposed: {name}").format(name=state.candidates[-1].name))
        self.search.clear()

    def checked(self) -> list[str]:
        out = []
        for i in range(self.candidates.count()):
            item = self.candidates.item(i)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable and item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(PERSON_ROLE))
        return out

    def vote_checked(self) -> VoteRequest | None:
        ids = self.checked()
        if not ids:
            self.feedback.setText(_("Check the candidates to vote on."))
            return None
        names = [c.name for c in self.state.candidates if c.person_id in ids]
        fields = {"candidate": ids[0]} if len(ids) == 1 else {"candidates": ids}
        check = self.ops.refusal("vote_representatives", **fields, **{"for": 0})
        if isinstance(check, (E.QuotaFilled, E.QuotaExceeded, E.NoProcedure)):
            self.feedback.setText(check.message())
            return None
        req = VoteRequest(
            "vote_representatives",
            ngettext(
                "Election of the representative: {names}",
                "Election of the representatives (a list): {names}",
                len(ids),
            ).format(names=", ".join(names)),
            fields,
        )
        self.vote_requested.emit(req)
        self.accept()
        return req
