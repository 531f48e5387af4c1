"""Papers of a sitting on demand, and the finalised protocol frozen with its addenda.

``render_protocol`` lays the protocol out from the journal, unless the
protocol was finalised: then the stored bytes are returned, whatever has
happened since. ``finalise_protocol`` freezes the protocol of a closed
sitting whose journal verifies. A later correction is ``add_addendum``: its
own document with its own number, naming the digest of the protocol.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from zhoob_desktop.models.documents import IssuedDocument
from zhoob_desktop.services.decisions.heard import heard_at
from zhoob_desktop.services.documents import papers as P
from zhoob_desktop.services.documents.addendum import build_addendum
from zhoob_desktop.services.documents.common import local_date
from zhoob_desktop.services.documents.heard import monitoring_heard_at
from zhoob_desktop.services.documents.paper import IssuedPaper, Paper, digest_of, paper_filename
from zhoob_desktop.services.documents.protocol import build_protocol
from zhoob_desktop.services.documents.source import DraftItem, ProtocolSource, SittingFacts
from zhoob_desktop.services.documents.text import languages
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.calendar import WorkCalendar
from zhoob_desktop.services.meeting.engine import load_state
from zhoob_desktop.services.meeting.journal import journal_events, verify_chain
from zhoob_desktop.services.meeting.sittings import SittingInfo, get_sitting, list_sittings, roster_for
from zhoob_desktop.services.okrug import get_okrug
from zhoob_desktop.services.okrug_time import okrug_zone
from zhoob_desktop.services.security.roles import require
from zhoob_desktop.services.store import Store

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


class DocumentError(ZhoobError):
    """A paper could not be issued; nothing was stored."""


class SittingNotFoundByRef(DocumentError):
    template = N_("No sitting has the id or protocol number {ref}.")


class SittingAmbiguous(DocumentError):
    template = N_("Several sittings have the protocol number {ref} ({ids}); give the sitting's id instead.")


class ProtocolNotReady(DocumentError):
    template = N_(
        "The protocol of sitting {number} cannot be finalised before the sitting is closed; it is signed "
        "by the chair and the secretary after the sitting."
    )
    citation = R.REG_12


class NoJournal(DocumentError):
    template = N_("Sitting {number} has no journal yet: it has not been held.")


class JournalDamaged(DocumentError):
    template = N_(
        "The journal of sitting {number} does not verify ({problem}); the protocol cannot be finalised."
    )


class AlreadyFinalised(DocumentError):
    template = N_(
        "The protocol No. {number} was finalised on {date} (digest {digest}); it cannot be changed. "
        "Add an addendum for a correction."
    )


class NotFinalised(DocumentError):
    template = N_("The protocol of sitting {number} has not been finalised; correct the journal instead.")


class EmptyAddendum(DocumentError):
    template = N_("An addendum needs the text of the correction.")


def _issued(row: IssuedDocument) -> IssuedPaper:
    return IssuedPaper(
        row.id,
        row.sitting_id,
        row.kind,
        row.ordinal,
        row.number,
        row.lang,
        row.refers_to_id,
        row.refers_digest,
        row.journal_seq,
        row.journal_hash,
        row.body,
        row.signed_on,
        row.digest,
        row.issued_at,
        row.pdf,
    )


# -- finding the sitting -------------------------------------------------------------------


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


def _number(info: SittingInfo) -> str:
    return "" if info.number is None else str(info.number)


def sitting_facts(info: SittingInfo) -> SittingFacts:
    """The preparation of a sitting as the papers print it."""
    return SittingFacts(
        id=str(info.id),
        kind=info.kind,
        number=_number(info),
        title=info.title,
        held_on=info.scheduled_on,
        starts_at=info.starts_at,
        place=info.place,
        territory=info.territory_name,
        with_representatives=info.with_representatives,
        agenda=tuple(DraftItem(it.title, it.reporter) for it in info.agenda_draft),
    )


def handover_due(store: Store, held_on: date) -> tuple[date, int]:
    """The last day to hand the signed protocol to the akim (Reg §12), and the number of working days."""
    days = int(
        R.resolve_values(store.get_setting("meeting.rules") or {}).get("protocol.handover_working_days", 2)
    )
    return WorkCalendar.from_store(store).add_working_days(held_on, days), days


def protocol_source(store: Store, info: SittingInfo) -> ProtocolSource:
    """Everything the protocol prints, from the sitting's journal (refused when there is none)."""
    report = verify_chain(store, info.id)
    if report.events == 0:
        raise NoJournal(number=_number(info) or str(info.id))
    state = load_state(store, info.id)
    tz = okrug_zone(store)
    held_on = local_date(state.opened_at, tz) if state.opened_at else info.scheduled_on
    facts = sitting_facts(info)
    if held_on != facts.held_on:
        facts = SittingFacts(**{**facts.__dict__, "held_on": held_on})
    # The two working days are the Model Regulation's (the meeting); the Law sets none for a gathering.
    due, days = handover_due(store, held_on) if info.kind == R.MEETING else (None, 0)
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
        heard=(*heard_at(store, info.id), *monitoring_heard_at(store, info.id))
        if info.kind == R.MEETING
        else (),
    )


# -- the protocol and its freezing ---------------------------------------------------------


def _stored(store: Store, sitting_id: uuid.UUID, kind: str = "protocol") -> list[IssuedPaper]:
    with store.session() as s:
        rows = s.scalars(
            select(IssuedDocument)
            .where(IssuedDocument.sitting_id == sitting_id, IssuedDocument.kind == kind)
            .order_by(IssuedDocument.ordinal)
        )
        return [_issued(r) for r in rows]


def finalised_protocol(store: Store, sitting: str | uuid.UUID) -> IssuedPaper | None:
    """The frozen protocol of a sitting, or None while it has not been finalised."""
    info = resolve_sitting(store, sitting)
    found = _stored(store, info.id)
    return found[0] if found else None


def addenda(store: Store, sitting: str | uuid.UUID) -> list[IssuedPaper]:
    """The addenda to a sitting's protocol, in order."""
    return _stored(store, resolve_sitting(store, sitting).id, "addendum")


def render_protocol(store: Store, sitting: str | uuid.UUID, lang: str = "kk") -> Paper:
    """The protocol's PDF: the stored signed copy once finalised, otherwise laid out from the journal."""
    require(store, "papers.print")
    languages(lang)
    info = resolve_sitting(store, sitting)
    frozen = _stored(store, info.id)
    if frozen:
        return frozen[0].paper()
    pdf = build_protocol(protocol_source(store, info), lang)
    return Paper(
        "protocol",
        _number(info),
        lang,
        pdf,
        digest_of(pdf),
        False,
        paper_filename("protocol", _number(info), lang),
    )


def finalise_protocol(
    store: Store,
    sitting: str | uuid.UUID,
    lang: str = "kk",
    *,
    signed_on: date | None = None,
    actor: str = "",
    clock: Clock = _now,
) -> IssuedPaper:
    """Mark the protocol of a closed sitting as signed: its PDF bytes and digest are frozen."""
    languages(lang)
    info = resolve_sitting(store, sitting)
    existing = _stored(store, info.id)
    if existing:
        raise AlreadyFinalised(
            number=existing[0].number, date=existing[0].signed_on.isoformat(), digest=existing[0].digest
        )
    source = protocol_source(store, info)
    if not source.state.is_closed:
        raise ProtocolNotReady(number=_number(info) or str(info.id))
    if not source.chain_ok:
        raise JournalDamaged(number=_number(info) or str(info.id), problem=source.chain_problem)
    pdf = build_protocol(source, lang)
    now = clock()
    row = IssuedDocument(
        sitting_id=info.id,
        kind="protocol",
        ordinal=0,
        number=_number(info) or str(info.id)[:8],
        lang=lang,
        journal_seq=source.state.seq,
        journal_hash=source.state.last_hash,
        signed_on=signed_on or local_date(now, source.tz),
        pdf=pdf,
        digest=digest_of(pdf),
        issued_by=actor,
        issued_at=now,
    )
    with store.session() as s:
        s.add(row)
        s.flush()
        return _issued(row)


def add_addendum(
    store: Store,
    sitting: str | uuid.UUID,
    text: str,
    *,
    lang: str | None = None,
    signed_on: date | None = None,
    actor: str = "",
    clock: Clock = _now,
) -> IssuedPaper:
    """Issue an addendum correcting a finalised protocol; the protocol itself never changes."""
    if not text or not text.strip():
        raise EmptyAddendum()
    info = resolve_sitting(store, sitting)
    frozen = _stored(store, info.id)
    if not frozen:
        raise NotFinalised(number=_number(info) or str(info.id))
    protocol = frozen[0]
    mode = lang or protocol.lang
    languages(mode)
    source = protocol_source(store, info)
    previous = _stored(store, info.id, "addendum")
    ordinal = len(previous) + 1
    number = f"{protocol.number}/{ordinal}"
    later = [ev for ev in journal_events(store, info.id) if ev.seq > protocol.journal_seq]
    now = clock()
    on = signed_on or local_date(now, source.tz)
    pdf = build_addendum(source, protocol, number, ordinal, text.strip(), later, on, mode)
    row = IssuedDocument(
        sitting_id=info.id,
        kind="addendum",
        ordinal=ordinal,
        number=number,
        lang=mode,
        refers_to_id=protocol.id,
        refers_digest=protocol.digest,
        journal_seq=source.state.seq,
        journal_hash=source.state.last_hash,
        body=text.strip(),
        signed_on=on,
        pdf=pdf,
        digest=digest_of(pdf),
        issued_by=actor,
        issued_at=now,
    )
    with store.session() as s:
        s.add(row)
        s.flush()
        return _issued(row)


@dataclass(frozen=True)
class PapersStatus:
    """What the papers screen shows for one sitting: held or not, finalised or not, deadline."""

    sitting_id: uuid.UUID
    number: str
    kind: str
    title: str
    held_on: date
    started: bool
    closed: bool
    finalised: IssuedPaper | None
    addenda: tuple[str, ...]
    handover_due: date | None
    items: tuple[str, ...]  # titles of the considered items, numbered from 1 as in the protocol


def papers_status(store: Store, sitting: str | uuid.UUID) -> PapersStatus:
    """The state of a sitting's papers, for the screen that prints them."""
    info = resolve_sitting(store, sitting)
    report = verify_chain(store, info.id)
    started = report.events > 0
    closed, items, due = False, (), None
    if started:
        state = load_state(store, info.id)
        closed = state.is_closed
        items = tuple(it.title for it in P.considered_items(state))
        held_on = info.scheduled_on
        if state.opened_at is not None:
            tz = okrug_zone(store)
            held_on = local_date(state.opened_at, tz)
        due = handover_due(store, held_on)[0] if info.kind == R.MEETING else None
    frozen = _stored(store, info.id)
    return PapersStatus(
        sitting_id=info.id,
        number=_number(info),
        kind=info.kind,
        title=info.title,
        held_on=info.scheduled_on,
        started=started,
        closed=closed,
        finalised=frozen[0] if frozen else None,
        addenda=tuple(a.number for a in _stored(store, info.id, "addendum")),
        handover_due=due,
        items=items,
    )


def paper_problems(store: Store) -> list[str]:
    """Stored papers whose bytes no longer match their digest, or addenda naming a digest no protocol has.

    Run by ``zhoob check``: a frozen protocol must stay exactly what was signed.
    """
    problems: list[str] = []
    with store.session() as s:
        rows = list(s.scalars(select(IssuedDocument).order_by(IssuedDocument.issued_at)))
        digests = {row.id: row.digest for row in rows}
        for row in rows:
            if digest_of(row.pdf) != row.digest:
                problems.append(
                    _("The stored paper No. {number} ({kind}) no longer matches its digest {digest}.").format(
                        number=row.number, kind=row.kind, digest=row.digest
                    )
                )
            if row.kind == "addendum" and digests.get(row.refers_to_id) != row.refers_digest:
                problems.append(
                    _(
                        "The addendum No. {number} refers to the digest {digest}, which no stored protocol has."
                    ).format(number=row.number, digest=row.refers_digest)
                )
    return problems


# -- the other papers ----------------------------------------------------------------------


def _paper(kind: str, number: str, lang: str, pdf: bytes) -> Paper:
    return Paper(kind, number, lang, pdf, digest_of(pdf), False, paper_filename(kind, number, lang))


def registration_sheet(store: Store, sitting: str | uuid.UUID, lang: str = "kk") -> Paper:
    """The registration sheet: the members entitled to take part, with a column to sign (Reg §7)."""
    require(store, "papers.print")
    languages(lang)
    info = resolve_sitting(store, sitting)
    events = journal_events(store, info.id)
    if events:
        members = load_state(store, info.id).members  # the roster frozen when the journal opened
    else:
        members = tuple(roster_for(store, info))
    listed = [P.ListedMember(m.name, m.iin or "", m.address) for m in members]
    pdf = P.build_registration_sheet(sitting_facts(info), listed, get_okrug(store), lang)
    return _paper("registration_sheet", _number(info), lang, pdf)


def notice(store: Store, sitting: str | uuid.UUID, lang: str = "kk", *, akim_name: str = "") -> Paper:
    """The notice of convocation for the board (Reg §6)."""
    require(store, "papers.print")
    languages(lang)
    info = resolve_sitting(store, sitting)
    values = R.resolve_values(store.get_setting("meeting.rules") or {})
    days = int(values.get("notice.calendar_days", 10))
    materials = int(values.get("materials.calendar_days", 5))
    pdf = P.build_notice(
        sitting_facts(info),
        get_okrug(store),
        lang,
        akim_name=akim_name,
        notice_by=info.scheduled_on - timedelta(days=days),
        notice_days=days,
        materials_by=info.scheduled_on - timedelta(days=materials),
        materials_days=materials,
    )
    return _paper("notice", _number(info), lang, pdf)


def extract(store: Store, sitting: str | uuid.UUID, item: int, lang: str = "kk") -> Paper:
    """The extract of one item's decision (items numbered as in the protocol)."""
    require(store, "papers.print")
    languages(lang)
    info = resolve_sitting(store, sitting)
    pdf = P.build_extract(protocol_source(store, info), item, lang)
    return _paper("extract", f"{_number(info)}-{item}", lang, pdf)


def annex(store: Store, sitting: str | uuid.UUID, lang: str = "kk") -> Paper:
    """The attendance and vote annex, with the roll-call tables."""
    require(store, "papers.print")
    languages(lang)
    info = resolve_sitting(store, sitting)
    pdf = P.build_annex(protocol_source(store, info), lang)
    return _paper("annex", _number(info), lang, pdf)


__all__ = [
    "Paper",
    "IssuedPaper",
    "add_addendum",
    "addenda",
    "annex",
    "digest_of",
    "extract",
    "finalise_protocol",
    "finalised_protocol",
    "notice",
    "paper_problems",
    "papers_status",
    "registration_sheet",
    "render_protocol",
    "resolve_sitting",
]
