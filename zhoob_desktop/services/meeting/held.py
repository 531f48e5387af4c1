"""Sittings of the meeting that were held: the ones a later step is recorded at, picked, never typed.

The decisions register (a report heard, a non-execution, a re-discussion) and
the budget monitoring (the commission formed, its report discussed) record
what happened at a sitting against that sitting and one of its considered
agenda items, so that it is printed in the sitting's protocol. Such a step is
refused at a sitting that was not held, and once its protocol is signed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from zhoob_desktop.models.documents import IssuedDocument
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.services.meeting.engine import load_state
from zhoob_desktop.services.meeting.errors import SittingNotFound
from zhoob_desktop.services.meeting.held_errors import (
    ItemNotConsidered,
    ItemRequired,
    NotAMeetingSitting,
    ProtocolAlreadySigned,
    SittingNotHeld,
)
from zhoob_desktop.services.meeting.sittings import SittingInfo, get_sitting, list_sittings
from zhoob_desktop.services.store import Store


def find_sitting(store: Store, ref: str | uuid.UUID | SittingInfo) -> SittingInfo:
    """A sitting of the meeting by its id, the first characters of it (four or more) or its protocol number."""
    if isinstance(ref, SittingInfo):
        return ref
    if isinstance(ref, uuid.UUID):
        return get_sitting(store, ref)
    text = str(ref).strip().lstrip("№#").strip()
    try:
        return get_sitting(store, uuid.UUID(text))
    except (ValueError, SittingNotFound):
        pass
    sittings = list_sittings(store, kind=R.MEETING)
    found = [s for s in sittings if s.number is not None and str(s.number) == text]
    if not found and len(text) >= 4:
        found = [s for s in sittings if s.id.hex.startswith(text.lower().replace("-", ""))]
    if len(found) != 1:
        raise SittingNotFound(sitting=text)
    return found[0]


def protocol_signed_on(store: Store, sitting_id: uuid.UUID) -> date | None:
    """The day the sitting's protocol was signed and frozen, or None while it is a draft.

    Read from the issued papers' table itself: the papers sit above the areas
    that record steps at sittings (they print them) and are never imported here.
    """
    with store.session() as s:
        return s.scalar(
            select(IssuedDocument.signed_on).where(
                IssuedDocument.sitting_id == sitting_id, IssuedDocument.kind == "protocol"
            )
        )


def held_meeting(store: Store, ref: str | uuid.UUID | SittingInfo) -> tuple[SittingInfo, S.SittingState]:
    """A sitting of the meeting that was opened and closed (refused with the reason otherwise)."""
    info = find_sitting(store, ref)
    if info.kind != R.MEETING:
        raise NotAMeetingSitting(date=info.scheduled_on)
    state = load_state(store, info.id) if info.status == "closed" else None
    if state is None or state.opened_at is None or not state.is_closed:
        raise SittingNotHeld(date=info.scheduled_on)
    return info, state


def considered_items(state: S.SittingState) -> list[tuple[int, S.AgendaItem]]:
    """The agenda items that were considered, with their numbers on the agenda."""
    return [(n, it) for n, it in enumerate(state.agenda, start=1) if it.status == S.CONSIDERED]


def item_heard(state: S.SittingState, info: SittingInfo, item: str | None, kind: str) -> str:
    """The considered item a step goes under: the one named (its id or number), else the one of ``kind``."""
    considered = considered_items(state)
    if item is not None:
        text = str(item).strip()
        for number, it in considered:
            if text in (it.id, str(number)):
                return it.id
        raise ItemNotConsidered(date=info.scheduled_on, item=text)
    matching = [it for _n, it in considered if it.kind == kind]
    if len(matching) == 1:
        return matching[0].id
    raise ItemRequired(date=info.scheduled_on, kind=R.AGENDA_ITEM_KINDS.get(kind, kind))


def open_protocol(store: Store, info: SittingInfo) -> None:
    """Refuse a sitting whose protocol is signed: what it heard is printed in the protocol before that."""
    signed = protocol_signed_on(store, info.id)
    if signed is not None:
        raise ProtocolAlreadySigned(date=info.scheduled_on, signed=signed)


@dataclass(frozen=True)
class HeldItem:
    """A considered agenda item of a held sitting."""

    id: str
    number: int
    title: str
    kind: str


@dataclass(frozen=True)
class Participant:
    """A person registered at a held sitting: a member of the meeting or an invited person."""

    person_id: str
    name: str
    is_member: bool


@dataclass(frozen=True)
class HeldChoice:
    """A held sitting of the meeting whose protocol is not signed yet: a step can be recorded at it."""

    id: uuid.UUID
    number: int | None
    held_on: date
    title: str
    items: tuple[HeldItem, ...]
    participants: tuple[Participant, ...]

    def default_item(self, kind: str) -> str | None:
        """The considered item of this kind, when there is exactly one."""
        found = [i.id for i in self.items if i.kind == kind]
        return found[0] if len(found) == 1 else None


def held_choices(store: Store, *, since: date | None = None, until: date | None = None) -> list[HeldChoice]:
    """Held sittings of the meeting (newest first) on or after ``since``, whose protocol is not signed."""
    out = []
    for info in list_sittings(store, kind=R.MEETING, status="closed"):
        if since is not None and info.scheduled_on < since or until is not None and info.scheduled_on > until:
            continue
        state = load_state(store, info.id)
        if state.opened_at is None or protocol_signed_on(store, info.id) is not None:
            continue
        items = tuple(HeldItem(it.id, n, it.title, it.kind) for n, it in considered_items(state))
        people = tuple(
            Participant(a.person_id, a.name, a.is_member) for a in state.attendance.values() if a.periods
        )
        out.append(HeldChoice(info.id, info.number, info.scheduled_on, info.title, items, people))
    return out
