"""The state of a sitting: a tree of frozen dataclasses, the fold of its journal.

This is what the live screens display and what the protocol prints. Every
timestamp is an aware ``datetime`` taken from the events, so a countdown is
computed from the state and "now" (``Speech.remaining(now)``) without any
timer inside the engine. Ids are strings: resident UUIDs for members, and
ids chosen by the command (or derived from the event's sequence number) for
guests, items, speeches, votes and questions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from types import MappingProxyType

from zhoob_desktop.services.meeting.rules import RULES, at_least, citation_of, counted_kinds

EMPTY: Mapping = MappingProxyType({})

# Phases of a sitting's journal.
REGISTRATION = "registration"  # journal opened, members registering (Reg §7)
OPEN = "open"  # opened by the akim or a person he authorised (Reg §8)
CLOSED = "closed"  # closed; nothing more can be appended

# Agenda item status.
PROPOSED = "proposed"  # waiting for its inclusion vote (Reg §9)
INCLUDED = "included"
NOT_INCLUDED = "not_included"
WITHDRAWN = "withdrawn"
IN_PROGRESS = "in_progress"
CONSIDERED = "considered"

# Speech status.
QUEUED = "queued"
SPEAKING = "speaking"
PAUSED = "paused"
FINISHED = "finished"
CANCELLED = "cancelled"

# Vote outcomes.
ADOPTED = "adopted"
REJECTED = "rejected"
TIE = "tie"  # for == against, waiting for the chair's casting vote (Reg §12)


@dataclass(frozen=True)
class Member:
    """One person on the sitting's list of members (frozen when the journal opens)."""

    id: str
    name: str
    iin: str | None = None
    address: str = ""


@dataclass(frozen=True)
class Attendance:
    """A registered person: a member, or an invited guest who never votes (Reg §10).

    ``periods`` are (arrived, departed) pairs: a member who leaves and comes
    back has two. Present means the last period is still open.
    """

    person_id: str
    name: str
    iin: str | None
    is_member: bool
    role: str  # guests: a key of rules.GUEST_ROLES; members: ""
    organisation: str
    periods: tuple[tuple[datetime, datetime | None], ...]

    @property
    def present(self) -> bool:
        return bool(self.periods) and self.periods[-1][1] is None

    @property
    def arrived_at(self) -> datetime:
        return self.periods[0][0]

    @property
    def departed_at(self) -> datetime | None:
        return self.periods[-1][1]


@dataclass(frozen=True)
class Excuse:
    """A member's absence excused, with the reason the protocol prints (Reg §12 p. 2, Reg §7).

    Kept while the member is not present; a member who registers afterwards
    is simply present and the excuse is dropped.
    """

    person_id: str
    name: str
    reason: str
    at: datetime
    seq: int


@dataclass(frozen=True)
class Announcement:
    """The registration result announced before the opening (Reg §7)."""

    seq: int
    at: datetime
    present: int
    members: int
    required: int
    quorum_met: bool
    by: str = ""  # who announced it: the akim or a person he authorised (Reg §7)
    capacity: str = ""  # "akim", "authorised", or "" when the record does not say
    authorisation: str = ""  # the akim's act authorising the person (Reg §7, §8)


@dataclass(frozen=True)
class Officer:
    """An elected chair, secretary, or member chairing in the chair's absence (Reg §8).

    ``role`` is ``chair``, ``secretary`` or ``acting_chair``; a secretary
    elected in place of another names the one replaced and the reason.
    """

    person_id: str
    name: str
    vote_id: str
    elected_at: datetime
    role: str = ""
    replaces: str = ""  # the name of the officer replaced
    reason: str = ""


@dataclass(frozen=True)
class OpenDecision:
    """A decision of an earlier sitting not yet closed when this sitting's journal opened (Reg §9)."""

    sitting: str
    held_on: str
    item: str
    vote: str


@dataclass(frozen=True)
class Vote:
    """One vote with its rule, the members present and eligible then, and how it ended.

    ``subject`` is ``chair``, ``secretary``, ``agenda_item``, ``decision`` or
    ``extension``. ``reached_by`` is ``rule`` (the majority rule decided) or
    ``casting_vote`` (a tie decided by the chair, Reg §12); ``None`` while a
    tie waits for the casting vote.
    """

    id: str
    seq: int
    at: datetime
    subject: str
    item_id: str | None
    speech_id: str | None
    candidate_id: str | None
    candidate_name: str
    text: str
    method: str  # "counts" or "roll_call"
    votes_for: int
    votes_against: int
    abstained: int
    roll_call: Mapping[str, str]  # member id -> "for" / "against" / "abstain"
    present_members: tuple[str, ...]
    eligible: int
    rule: str
    citation: str
    base: str  # the reading: "present", "voted" or "members"
    base_count: int
    required: int
    outcome: str
    reached_by: str | None
    casting_vote: str | None = None  # "for" / "against"
    casting_seq: int | None = None
    extension_seconds: int = 0
    tie_rule: str | None = None  # the rule that settled an equal split (``guards.tie_rule``)
    casting_by: str = ""  # the name of the chair (or acting chair) who cast it
    casting_acting: bool = False  # cast by the member chairing in the chair's absence
    replaces: str = ""  # an election of a new secretary: the one replaced, and why
    reason: str = ""
    candidates: tuple[str, ...] = ()  # a vote on representatives: the candidates voted (one, or a list)

    @property
    def present(self) -> int:
        return len(self.present_members)

    @property
    def not_voted(self) -> int:
        return self.present - self.votes_for - self.votes_against - self.abstained

    @property
    def adopted(self) -> bool:
        return self.outcome == ADOPTED


@dataclass(frozen=True)
class Speech:
    """A speaker on an item (or a short statement at the end, item ``None``), with its timing.

    ``segments`` are (started, stopped) pairs from start/pause/resume/stop
    events; the elapsed time is their sum, counting an open segment up to
    ``now``.
    """

    id: str
    seq: int
    item_id: str | None
    person_id: str
    name: str
    is_member: bool
    kind: str
    status: str
    limit_seconds: int
    extensions: tuple[int, ...] = ()
    segments: tuple[tuple[datetime, datetime | None], ...] = ()
    stop_reason: str | None = None  # "done", "overrun", "extension_refused", "cancelled"
    summary: str = ""

    @property
    def allowed_seconds(self) -> int:
        return self.limit_seconds + sum(self.extensions)

    def elapsed(self, now: datetime | None = None) -> float:
        """Seconds spoken so far (an open segment counts up to ``now``)."""
        total = 0.0
        for start, end in self.segments:
            stop = end if end is not None else (now if now is not None else start)
            total += max(0.0, (stop - start).total_seconds())
        return total

    def remaining(self, now: datetime) -> float:
        """Seconds left before the allowed time is over (negative: an overrun)."""
        return self.allowed_seconds - self.elapsed(now)

    def overrun(self, now: datetime) -> bool:
        return self.remaining(now) < 0

    def counts_toward_limit(self, kinds: frozenset[str]) -> bool:
        """Whether this speech counts toward the two-speeches limit (``kinds``: the reading in force)."""
        return self.kind in kinds and self.status != CANCELLED


@dataclass(frozen=True)
class AgendaItem:
    """One item of the agenda (Reg §9): its kind (Reg §4), reporter, votes, decision."""

    id: str
    title: str
    kind: str
    reporter: str = ""
    reporter_id: str | None = None
    co_reporters: tuple[str, ...] = ()
    source: str = "draft"  # "draft" (prepared), "floor" (proposed at the sitting), "execution" (Reg §9)
    status: str = PROPOSED
    inclusion_vote: str | None = None
    decision_text: str = ""
    decision_votes: tuple[str, ...] = ()
    started_at: datetime | None = None
    ended_at: datetime | None = None
    # Recorded before the closing: why an approved item was not taken up (Reg §9).
    left_reason: str = ""


@dataclass(frozen=True)
class Break:
    started_at: datetime
    ended_at: datetime | None
    reason: str = ""


@dataclass(frozen=True)
class WrittenQuestion:
    """A written question handed to the chair and announced at the sitting (Reg §11)."""

    id: str
    seq: int
    item_id: str | None
    author_id: str | None
    author_name: str
    addressee: str
    text: str
    at: datetime
    announced_at: datetime | None = None
    left_reason: str = ""  # recorded before the closing: why it was not announced (Reg §11)


@dataclass(frozen=True)
class Candidate:
    """A candidate for representative at a separate gathering, and whether a vote elected him."""

    person_id: str
    name: str
    address: str
    item_id: str
    seq: int
    proposed_by: str = ""
    vote_id: str | None = None  # the vote on this candidate (alone or in a list)
    elected: bool = False


@dataclass(frozen=True)
class Correction:
    """A compensating event: the event ``target_seq`` no longer counts, for ``reason``."""

    seq: int
    target_seq: int
    target_type: str
    reason: str
    at: datetime


@dataclass(frozen=True)
class SittingState:
    """Everything known about a sitting after its last event.

    ``seq``/``last_hash`` identify the event the state stands on. The roster
    (``members``) and the rule values and readings are frozen in the OPEN
    event, so the fold needs nothing but the journal.
    """

    sitting_id: str
    kind: str = ""
    title: str = ""
    place: str = ""
    scheduled_on: str = ""
    with_representatives: bool = False
    territory: str = ""
    phase: str = REGISTRATION
    seq: int = 0
    last_hash: str = ""
    last_at: datetime | None = None
    journal_opened_at: datetime | None = None
    opened_at: datetime | None = None
    opened_by: str = ""
    opened_as: str = ""  # "akim", "authorised", or "" when the record does not say (Reg §8)
    opened_authorisation: str = ""
    closed_at: datetime | None = None
    members: tuple[Member, ...] = ()
    attendance: Mapping[str, Attendance] = field(default_factory=lambda: EMPTY)
    excused: Mapping[str, Excuse] = field(default_factory=lambda: EMPTY)  # member id -> excuse
    announcements: tuple[Announcement, ...] = ()
    chair: Officer | None = None
    secretary: Officer | None = None
    acting_chair: Officer | None = None  # chairs while the chair is out of the hall (Reg §8)
    officers: tuple[Officer, ...] = ()  # every election, in order: chair, secretary, replacements
    agenda: tuple[AgendaItem, ...] = ()
    agenda_approved_at: datetime | None = None
    current_item: str | None = None
    speeches: tuple[Speech, ...] = ()
    votes: tuple[Vote, ...] = ()
    breaks: tuple[Break, ...] = ()
    questions: tuple[WrittenQuestion, ...] = ()
    corrections: tuple[Correction, ...] = ()
    time_limits: Mapping[str, int] = field(default_factory=lambda: EMPTY)
    rule_values: Mapping[str, object] = field(default_factory=lambda: EMPTY)
    readings: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    sources: Mapping[str, object] = field(default_factory=lambda: EMPTY)  # subject -> act in force
    open_decisions: tuple[OpenDecision, ...] = ()
    quorum_rule: str = ""
    majority_rule: str = ""
    undone: frozenset[int] = field(default_factory=frozenset)
    # A separate gathering: its unit, the procedure in force and the unit's quota (frozen at OPEN),
    # and the candidates for representative proposed at it.
    representation: Mapping[str, object] = field(default_factory=lambda: EMPTY)
    candidates: tuple[Candidate, ...] = ()
    # Speech id -> position in ``speeches``, shared by the states of one fold as speeches are
    # only appended or replaced in place; a position beyond this state's tuple is ignored.
    speech_positions: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    # -- derived views (cached per immutable state) ---------------------------------

    @cached_property
    def member_index(self) -> Mapping[str, Member]:
        return {m.id: m for m in self.members}

    @cached_property
    def member_positions(self) -> Mapping[str, int]:
        """A member's position on the roster (votes record the members present by position)."""
        return {m.id: i for i, m in enumerate(self.members)}

    @cached_property
    def present_member_ids(self) -> tuple[str, ...]:
        return tuple(a.person_id for a in self.attendance.values() if a.is_member and a.present)

    @property
    def present_count(self) -> int:
        return len(self.present_member_ids)

    @cached_property
    def present_guests(self) -> tuple[Attendance, ...]:
        return tuple(a for a in self.attendance.values() if not a.is_member and a.present)

    @property
    def member_count(self) -> int:
        return len(self.members)

    @property
    def quorum_required(self) -> int:
        share = self.rule_values.get(self.quorum_rule, "1/2")
        return at_least(share, self.member_count)

    @property
    def quorum_met(self) -> bool:
        return self.present_count >= self.quorum_required

    @property
    def on_break(self) -> bool:
        return bool(self.breaks) and self.breaks[-1].ended_at is None

    @property
    def agenda_approved(self) -> bool:
        return self.agenda_approved_at is not None

    @property
    def is_closed(self) -> bool:
        return self.phase == CLOSED

    def item(self, item_id: str) -> AgendaItem | None:
        for it in self.agenda:
            if it.id == item_id:
                return it
        return None

    def speech_position(self, speech_id: str) -> int | None:
        """Where a speech is in ``speeches`` (None if there is no such speech)."""
        pos = self.speech_positions.get(speech_id)
        if pos is not None and pos < len(self.speeches) and self.speeches[pos].id == speech_id:
            return pos
        for i in range(len(self.speeches) - 1, -1, -1):
            if self.speeches[i].id == speech_id:
                return i
        return None

    def speech(self, speech_id: str) -> Speech | None:
        pos = self.speech_position(speech_id)
        return None if pos is None else self.speeches[pos]

    def vote(self, vote_id: str) -> Vote | None:
        for v in reversed(self.votes):
            if v.id == vote_id:
                return v
        return None

    def question(self, question_id: str) -> WrittenQuestion | None:
        for q in self.questions:
            if q.id == question_id:
                return q
        return None

    @property
    def active_speech(self) -> Speech | None:
        """The speech now speaking or paused, if any."""
        for sp in reversed(self.speeches):
            if sp.status in (SPEAKING, PAUSED):
                return sp
        return None

    @property
    def pending_tie(self) -> Vote | None:
        """A tie waiting for the chair's casting vote."""
        for v in reversed(self.votes):
            if v.outcome == TIE:
                return v
        return None

    def speeches_on(self, item_id: str | None) -> tuple[Speech, ...]:
        return tuple(sp for sp in self.speeches if sp.item_id == item_id)

    def speech_count(self, item_id: str | None, person_id: str) -> int:
        """Speeches of a person on an item (queued or held) toward the limit of Reg §11.

        Which kinds count is the reading ``speech_count`` frozen in the OPEN
        event; a statement outside an item never counts.
        """
        if item_id is None:
            return 0
        kinds = counted_kinds(self.readings)
        return sum(
            1
            for sp in self.speeches
            if sp.item_id == item_id and sp.person_id == person_id and sp.counts_toward_limit(kinds)
        )

    debate_count = speech_count  # the name the screens used before the reading existed

    def present(self, person_id: str) -> bool:
        att = self.attendance.get(person_id)
        return att is not None and att.present

    @property
    def presiding(self) -> Officer | None:
        """Who chairs now: the chair when in the hall, else the acting chair when in the hall."""
        if self.chair is not None and self.present(self.chair.person_id):
            return self.chair
        if self.acting_chair is not None and self.present(self.acting_chair.person_id):
            return self.acting_chair
        return None

    def citation(self, rule_code: str) -> str:
        """A rule's citation at this sitting: its kind's source, an act through the one frozen at OPEN.

        Empty where no act states the rule for this kind of sitting (its own procedure).
        """
        return citation_of(rule_code, self.sources, self.kind)

    def governs(self, rule_code: str) -> bool:
        """Whether a rule of the table is enforced at this kind of sitting."""
        return RULES[rule_code].governs(self.kind)

    @property
    def quota(self) -> int | None:
        """How many representatives this separate gathering elects (None: no procedure was in force)."""
        value = self.representation.get("quota")
        return None if value is None else int(value)  # type: ignore[call-overload]

    @property
    def elected(self) -> tuple[Candidate, ...]:
        """The representatives elected at this separate gathering, in the order of their election."""
        return tuple(
            sorted((c for c in self.candidates if c.elected), key=lambda c: (self.vote_seq(c.vote_id), c.seq))
        )

    def vote_seq(self, vote_id: str | None) -> int:
        v = self.vote(vote_id) if vote_id else None
        return v.seq if v is not None else 0

    def candidate(self, person_id: str) -> Candidate | None:
        for c in self.candidates:
            if c.person_id == person_id:
                return c
        return None

    def decisions(self) -> tuple[tuple[AgendaItem, Vote], ...]:
        """(item, vote) of every adopted decision, in agenda order."""
        out = []
        for it in self.agenda:
            for vid in it.decision_votes:
                v = self.vote(vid)
                if v is not None and v.adopted:
                    out.append((it, v))
        return tuple(out)
