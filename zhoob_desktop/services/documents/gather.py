"""Gathering what a paper prints: the sitting named by the user, its journal, the okrug and its settings.

Everything is read through the public services of the other areas (the
meeting's sittings and engine, the okrug, the okrug's paper settings and its
book of translations).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from zhoob_desktop.services.documents.common import local_date
from zhoob_desktop.services.documents.heard import heard_texts
from zhoob_desktop.services.documents.source import DraftItem, ProtocolSource, Signer, SittingFacts
from zhoob_desktop.services.documents.text import M, languages
from zhoob_desktop.services.documents.typed import TypedText, sitting_texts
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.calendar import WorkCalendar
from zhoob_desktop.services.meeting.engine import checked_state, load_state
from zhoob_desktop.services.meeting.sittings import SittingInfo, get_sitting, list_sittings
from zhoob_desktop.services.meeting.state import SittingState
from zhoob_desktop.services.okrug import get_okrug
from zhoob_desktop.services.okrug_papers import paper_settings
from zhoob_desktop.services.okrug_time import okrug_zone
from zhoob_desktop.services.register.bulk import gc_paused
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.texts import TextBook


class DocumentError(ZhoobError):
    """A paper could not be issued; nothing was stored."""


class SittingNotFoundByRef(DocumentError):
    template = N_("No sitting has the id or protocol number {ref}.")


class SittingAmbiguous(DocumentError):
    template = N_("Several sittings have the protocol number {ref} ({ids}); give the sitting's id instead.")


class NoJournal(DocumentError):
    template = N_("Sitting {number} has no journal yet: it has not been held.")


def resolve_sitting(store: Store, ref: str | uuid.UUID) -> SittingInfo:
    """The sitting named by its id (or a unique prefix of it) or by its protocol number."""
    if isinstance(ref, uuid.UUID):
        return get_sitting(store, ref)
    text = str(ref).strip()
    try:
        return get_sitting(store, uuid.UUID(text))
    except ValueError:
        pass
    sittings = list_sittings(store)
    by_number = [s for s in sittings if s.number is not None and str(s.number) == text.lstrip("№#").strip()]
    by_prefix = [s for s in sittings if len(text) >= 4 and str(s.id).startswith(text.lower())]
    found = by_number or by_prefix
    if not found:
        raise SittingNotFoundByRef(ref=text)
    if len(found) > 1:
        raise SittingAmbiguous(ref=text, ids=", ".join(str(s.id)[:8] for s in found))
    return found[0]


def number_of(info: SittingInfo) -> str:
    return "" if info.number is None else str(info.number)


def label_of(info: SittingInfo) -> str:
    """The protocol number, or the first characters of the id of a sitting without one."""
    return number_of(info) or str(info.id)[:8]


def sitting_facts(info: SittingInfo) -> SittingFacts:
    """The preparation of a sitting as the papers print it."""
    return SittingFacts(
        id=str(info.id),
        kind=info.kind,
        number=number_of(info),
        title=info.title,
        held_on=info.scheduled_on,
        starts_at=info.starts_at,
        place=info.place,
        territory=info.territory_name,
        with_representatives=info.with_representatives,
        agenda=tuple(DraftItem(it.title, it.reporter, tuple(it.co_reporters)) for it in info.agenda_draft),
        notice_on=info.notice_on,
    )


def okrug_today(store: Store, now: datetime | None = None) -> date:
    """Today on the okrug's wall calendar."""
    return local_date(now or datetime.now(UTC), okrug_zone(store))


def handover_due(store: Store, held_on: date) -> tuple[date, int]:
    """The last day to hand the signed protocol to the akim (Reg §12), and the number of working days."""
    days = int(
        R.resolve_values(store.get_setting("meeting.rules") or {}).get("protocol.handover_working_days", 2)
    )
    return WorkCalendar.from_store(store).add_working_days(held_on, days), days


def held_on(store: Store, info: SittingInfo, state: SittingState | None) -> date:
    """The day the sitting was held: the day it opened, else the day it was planned for."""
    if state is not None and state.opened_at is not None:
        return local_date(state.opened_at, okrug_zone(store))
    return info.scheduled_on


def heard_of(store: Store, info: SittingInfo) -> tuple:
    """What a sitting of the meeting heard on earlier decisions and in the budget monitoring."""
    if info.kind != R.MEETING:
        return ()
    from zhoob_desktop.services.decisions.heard import heard_at
    from zhoob_desktop.services.documents.heard import monitoring_heard_at

    return (*heard_at(store, info.id), *monitoring_heard_at(store, info.id))


def typed_texts(
    store: Store, info: SittingInfo, state: SittingState | None, heard: tuple | None = None
) -> list[TypedText]:
    """Every typed text a paper of the sitting prints: its own, and what it heard on earlier decisions.

    ``heard``: ``heard_of(store, info)`` when the caller has it already.
    """
    out = sitting_texts(sitting_facts(info), state)
    if state is not None and state.seq:
        seen = {t.text for t in out}
        for text in heard_texts(heard_of(store, info) if heard is None else heard):
            if text not in seen:
                seen.add(text)
                out.append(TypedText(M(N_("Heard on an earlier decision")), text))
    return out


def book_for(
    store: Store,
    info: SittingInfo,
    state: SittingState | None,
    mode: str = "kk+ru",
    heard: tuple | None = None,
) -> TextBook:
    """The translations of every typed text of a sitting, for a paper in ``mode``."""
    texts = [t.text for t in typed_texts(store, info, state, heard)]
    return TextBook.load(store, texts, languages(mode))


def protocol_source(
    store: Store, info: SittingInfo, *, mode: str = "kk+ru", signers: tuple[Signer, ...] | None = None
) -> ProtocolSource:
    """Everything the protocol prints, from the sitting's journal (refused when there is none)."""
    with gc_paused():  # thousands of events read and folded into a state that is kept: see gc_paused
        report, state = checked_state(store, info.id)  # the journal read and verified once
    if report.events == 0:
        raise NoJournal(number=label_of(info))
    if state is None:
        state = load_state(store, info.id)
    tz = okrug_zone(store)
    facts = sitting_facts(info)
    day = held_on(store, info, state)
    if day != facts.held_on:
        facts = SittingFacts(**{**facts.__dict__, "held_on": day})
    # The two working days are the Model Regulation's (the meeting); the Law sets none for a gathering.
    due, days = handover_due(store, day) if info.kind == R.MEETING else (None, 0)
    heard = heard_of(store, info)
    return ProtocolSource(
        sitting=facts,
        state=state,
        okrug=get_okrug(store),
        tz=tz,
        chain_ok=report.ok,
        chain_problem="" if report.ok else report.message(),
        events=report.events,
        handover_due=due,
        handover_citation=R.rule("protocol.handover_working_days").citation,
        handover_days=days,
        settings=paper_settings(store),
        book=book_for(store, info, state, mode, heard),
        signers=signers,
        heard=heard,
    )


def signers_from(stored: Any) -> tuple[Signer, ...]:
    """The signers kept with an issued paper (a list of {"role", "name"})."""
    out = []
    for entry in stored or ():
        if isinstance(entry, dict) and entry.get("role") and entry.get("name"):
            out.append(Signer(str(entry["role"]), str(entry["name"])))
    return tuple(out)
