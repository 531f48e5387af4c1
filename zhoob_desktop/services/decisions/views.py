"""What the decisions register returns: frozen views of decisions and of deadlines."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from zhoob_desktop.services.decisions.lifecycle import STATUSES, FollowUp, HistoryEntry
from zhoob_desktop.services.i18n import N_, _, format_date
from zhoob_desktop.services.meeting.calendar import WorkCalendar
from zhoob_desktop.services.meeting.calendar_corrections import day_off_label

EMPTY: Mapping[str, Any] = MappingProxyType({})

OVERDUE = "overdue"
SOON = "soon"  # due within two working days
LATER = "later"
SOON_WORKING_DAYS = 2
DUE_ON_DAY_OFF = N_("the due date is a day off ({reason})")


def urgency(due: date, today: date, calendar: WorkCalendar) -> str:
    """``overdue`` before today, ``soon`` up to two working days ahead, else ``later``."""
    if due < today:
        return OVERDUE
    return SOON if calendar.working_days_between(today, due) <= SOON_WORKING_DAYS else LATER


@dataclass(frozen=True)
class Notice:
    """Something to check about a decision or a step (not a refusal): a msgid with its parameters."""

    template: str
    params: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    citation: str = ""

    def text(self, gettext: Callable[[str], str] | None = None, lang: str | None = None) -> str:
        tr = gettext or _

        def show(value: Any) -> Any:
            if isinstance(value, Notice):
                return value.text(gettext, lang)
            return format_date(value, "long", lang) if isinstance(value, date) else value

        out = tr(self.template).format(**{k: show(v) for k, v in self.params.items()})
        return f"{out} ({tr(self.citation)})" if self.citation else out


def day_off_notice(calendar: WorkCalendar, day: date) -> Notice | None:
    """Why ``day`` is a day off (a weekend day, a holiday, a decree), or None for a working day."""
    found = day_off_label(calendar, day)
    if found is None:
        return None
    msgid, params = found
    return Notice(msgid, {k: Notice(v) for k, v in params.items()})


@dataclass(frozen=True)
class Deadline:
    """A date something is due: a step of a decision, a quarterly meeting, a monitoring step.

    ``what`` and ``citation`` are msgids (``what`` formatted with ``params``);
    ``subject`` is plain text (a decision's agenda item) unless ``subject_msgid``
    is given, a msgid formatted with ``params`` as well.
    """

    due: date
    kind: str  # protocol, review, inform, execution, quarter, monitoring
    what: str
    citation: str
    urgency: str
    subject: str = ""
    subject_msgid: str = ""
    params: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    decision_id: uuid.UUID | None = None
    sitting_id: uuid.UUID | None = None
    # Counted across a day the calendar only estimates (a holiday not yet confirmed by decree).
    estimated: bool = False
    day_off: Notice | None = None  # why the due date is a day off, when it is one
    monitoring_id: uuid.UUID | None = None

    @property
    def overdue(self) -> bool:
        return self.urgency == OVERDUE

    def _params(self, lang: str | None) -> dict[str, Any]:
        return {k: format_date(v, "long", lang) if isinstance(v, date) else v for k, v in self.params.items()}

    def what_text(self, gettext: Callable[[str], str] | None = None, lang: str | None = None) -> str:
        """What is due, in the current language (or through ``gettext``, dates in ``lang``)."""
        tr = gettext or _
        return tr(self.what).format(**self._params(lang))

    def subject_text(self, gettext: Callable[[str], str] | None = None, lang: str | None = None) -> str:
        tr = gettext or _
        return tr(self.subject_msgid).format(**self._params(lang)) if self.subject_msgid else self.subject

    def day_off_text(self, gettext: Callable[[str], str] | None = None, lang: str | None = None) -> str:
        """ "The due date is a day off (Sunday)", or "" when it is a working day."""
        if self.day_off is None:
            return ""
        return Notice(DUE_ON_DAY_OFF, {"reason": self.day_off}).text(gettext, lang)


@dataclass(frozen=True)
class DecisionView:
    """An adopted decision of a sitting with its follow-up, history and pending deadlines.

    ``sitting_id``, ``held_on``, ``item_id``, ``item_title``, ``vote_id`` and
    ``text`` match the meeting engine's ``DecisionRef``.
    """

    id: uuid.UUID
    sitting_id: uuid.UUID
    sitting_number: int | None
    sitting_title: str
    held_on: date
    item_id: str
    item_number: int
    item_title: str
    item_kind: str
    vote_id: str
    text: str
    votes_for: int
    votes_against: int
    abstained: int
    present: int
    reached_by: str | None  # "rule" or "casting_vote" (Reg §12)
    adopted_at: datetime
    follow: FollowUp
    history: tuple[HistoryEntry, ...]
    deadlines: tuple[Deadline, ...]  # pending, soonest first
    allowed: tuple[str, ...]  # steps the rules allow next
    notices: tuple[Notice, ...] = ()
    protocol_decisions: int = 1  # how many decisions the protocol of its sitting carries
    # "meeting", or "gathering" / "separate_gathering": their decisions are followed up to their
    # execution too, without the deadlines of the Model Regulation (§12–§14 are the meeting's).
    sitting_kind: str = "meeting"

    @property
    def short_id(self) -> str:
        return self.id.hex[:8]

    @property
    def status(self) -> str:
        return self.follow.status

    @property
    def status_label(self) -> str:
        """The msgid of the status."""
        return STATUSES[self.status]

    @property
    def closed(self) -> bool:
        return self.follow.closed

    @property
    def next_deadline(self) -> Deadline | None:
        return self.deadlines[0] if self.deadlines else None

    @property
    def overdue(self) -> bool:
        return any(d.overdue for d in self.deadlines)
