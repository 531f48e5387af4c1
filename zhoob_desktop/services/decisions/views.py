"""What the decisions register returns: frozen views of decisions and of deadlines."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from zhoob_desktop.services.decisions.lifecycle import STATUSES, FollowUp, HistoryEntry
from zhoob_desktop.services.i18n import _, format_date
from zhoob_desktop.services.meeting.calendar import WorkCalendar

EMPTY: Mapping[str, Any] = MappingProxyType({})

OVERDUE = "overdue"
SOON = "soon"  # due within two working days
LATER = "later"
SOON_WORKING_DAYS = 2


def urgency(due: date, today: date, calendar: WorkCalendar) -> str:
    """``overdue`` before today, ``soon`` up to two working days ahead, else ``later``."""
    if due < today:
        return OVERDUE
    return SOON if calendar.working_days_between(today, due) <= SOON_WORKING_DAYS else LATER


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
