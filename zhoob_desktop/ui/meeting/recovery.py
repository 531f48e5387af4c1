"""After a crash or a flat battery: the sitting left open is offered for resumption.

The journal is the record, so nothing needs repairing; the secretary sees the
last events recorded before the program stopped and confirms that they are
what happened in the hall before carrying on (a mistake is then corrected by
a compensating event in the console, never by deleting one).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from zhoob_desktop.services import i18n
from zhoob_desktop.services.i18n import N_, _, ngettext
from zhoob_desktop.services.meeting import Event, SittingInfo
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.okrug_time import to_local
from zhoob_desktop.ui.meeting.tables import EventRow, EventsModel, fit_columns
from zhoob_desktop.ui.screen_fit import fit_to_screen

EVENT_NAMES = {
    "OPEN": N_("The journal of the sitting was started"),
    "MEMBER_REGISTERED": N_("Registered: {name}"),
    "GUEST_REGISTERED": N_("Invited person registered: {name}"),
    "DEPARTED": N_("Left the hall: {name}"),
    "MEMBER_EXCUSED": N_("Absence excused: {name}"),
    "REGISTRATION_ANNOUNCED": N_("Registration announced: {present} of {members} present"),
    "SITTING_OPENED": N_("The sitting was opened"),
    "OFFICER_VOTE": N_("Vote on the {role}: {name} — {outcome}"),
    "ITEM_PROPOSED": N_("Item proposed: {title}"),
    "ITEM_AMENDED": N_("Item amended"),
    "ITEM_WITHDRAWN": N_("Item withdrawn"),
    "ITEM_VOTED": N_("Vote on including an item — {outcome}"),
    "AGENDA_APPROVED": N_("The agenda was approved"),
    "ITEM_STARTED": N_("An item was taken up"),
    "ITEM_ENDED": N_("An item was finished"),
    "TIME_LIMIT_SET": N_("Speaking time changed"),
    "SPEAKER_ADDED": N_("Speaker added: {name}"),
    "SPEECH_STARTED": N_("A speech started"),
    "SPEECH_PAUSED": N_("A speech was paused"),
    "SPEECH_RESUMED": N_("A speech resumed"),
    "SPEECH_STOPPED": N_("A speech ended"),
    "EXTENSION_VOTED": N_("Vote on extending a speech — {outcome}"),
    "SPEECH_SUMMARY": N_("Summary of a speech recorded"),
    "BREAK_STARTED": N_("Break"),
    "BREAK_ENDED": N_("The break ended"),
    "WRITTEN_QUESTION": N_("Written question from {name}"),
    "QUESTION_ANNOUNCED": N_("A written question was announced"),
    "DECISION_TEXT": N_("Decision text recorded"),
    "DECISION_VOTED": N_("Vote on a decision — {outcome}"),
    "CASTING_VOTE": N_("The chair's casting vote: {choice}"),
    "CORRECTION": N_("Correction of event {target}: {reason}"),
    "CLOSE": N_("The sitting was closed"),
}
OUTCOMES = {"adopted": N_("adopted"), "rejected": N_("rejected"), "tie": N_("a tie")}
ROLES = {"chair": N_("chair"), "secretary": N_("secretary")}
CHOICES = {"for": N_("for"), "against": N_("against")}


def describe(ev: Event, names: dict[str, str]) -> str:
    """One line in the user's language for a journal event."""
    p = ev.payload
    role, outcome, choice = (
        ROLES.get(p.get("subject")),
        OUTCOMES.get(p.get("outcome")),
        CHOICES.get(p.get("choice")),
    )
    name = (
        p.get("name")
        or p.get("candidate_name")
        or p.get("author_name")
        or names.get(str(p.get("person")), "")
    )
    params = {
        "name": name,
        "present": p.get("present", ""),
        "members": p.get("members", ""),
        "role": _(role) if role else "",
        "outcome": _(outcome) if outcome else "",
        "title": p.get("title", ""),
        "choice": _(choice) if choice else "",
        "target": p.get("target", ""),
        "reason": p.get("reason", ""),
    }
    template = EVENT_NAMES.get(ev.type)
    if template is None:
        return ev.type
    if isinstance(params["present"], list):
        params["present"] = len(params["present"])
    return _(template).format(**params)


def event_rows(events: list[Event], zone: ZoneInfo, last: int = 12) -> list[EventRow]:
    """The last events as rows, their times on the okrug's clock."""
    names: dict[str, str] = {}
    for ev in events:
        if ev.type == "OPEN":
            names.update({m["id"]: m["name"] for m in ev.payload.get("members", [])})
        elif "person" in ev.payload and "name" in ev.payload:
            names[str(ev.payload["person"])] = ev.payload["name"]
    rows = []
    for ev in events[-last:]:
        at = to_local(datetime.fromisoformat(ev.recorded_at), zone)
        rows.append(EventRow(ev.seq, i18n.format_time(at, "medium"), describe(ev, names), ev.actor))
    return rows


class RecoveryDialog(QDialog):
    """``accepted`` = resume the sitting now; ``rejected`` = later (the journal stays as it is)."""

    def __init__(self, info: SittingInfo, events: list[Event], zone: ZoneInfo, parent=None):
        super().__init__(parent)
        self.info = info
        self.setWindowTitle(_("A sitting was left open"))
        when = i18n.format_date(info.scheduled_on, "long")
        kind = _(R.SITTING_KINDS.get(info.kind, info.kind))
        last_at = (
            i18n.format_datetime(to_local(datetime.fromisoformat(events[-1].recorded_at), zone))
            if events
            else ""
        )
        text = QLabel(
            ngettext(
                "The {kind} of {date} ({place}) was not closed when the program stopped. Its journal "
                "holds {count} event; the last was recorded at {last}. Check the last events below "
                "against what happened in the hall, then resume the sitting.",
                "The {kind} of {date} ({place}) was not closed when the program stopped. Its journal "
                "holds {count} events; the last was recorded at {last}. Check the last events below "
                "against what happened in the hall, then resume the sitting.",
                len(events),
            ).format(kind=kind, date=when, place=info.place or "—", count=len(events), last=last_at)
        )
        text.setWordWrap(True)
        self.model = EventsModel(self)
        self.model.set_rows(event_rows(events, zone))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        fit_columns(self.table, 2)
        self.table.scrollToBottom()
        buttons = QDialogButtonBox()
        self.resume_button = QPushButton(_("The events are right: resume the sitting"))
        self.later_button = QPushButton(_("Later"))
        buttons.addButton(self.resume_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, QSize(760, 460), parent)
