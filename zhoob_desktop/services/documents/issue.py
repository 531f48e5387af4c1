"""Papers of a sitting on demand, and the signed protocol frozen with its addenda.

``render_protocol`` lays the protocol out from the journal, marked ЖОБА /
ПРОЕКТ on every page, unless the protocol was signed: then the stored bytes
are returned, whatever has happened since. ``finalise_protocol`` records that
the chair and the secretary signed the protocol of a closed sitting whose
journal verifies, on the date the person enters (a date past the Reg §12
deadline is allowed and reported by ``handover_late``); the copy without the
draft mark, with their names under the signatures, is frozen. The akim's
consideration of the decisions (Reg §13) is a later, separate step of the
decisions register. A later correction is ``add_addendum``: its own paper
with its own number, naming the protocol's checksum.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from zhoob_desktop.models.documents import IssuedDocument
from zhoob_desktop.services.documents import conventions as C
from zhoob_desktop.services.documents import papers as P
from zhoob_desktop.services.documents.addendum import build_addendum
from zhoob_desktop.services.documents.common import okrug_name
from zhoob_desktop.services.documents.gather import (
    DocumentError,
    NoJournal,
    SittingAmbiguous,
    SittingNotFoundByRef,
    book_for,
    handover_due,
    held_on,
    label_of,
    number_of,
    okrug_today,
    okrug_zone,
    protocol_source,
    resolve_sitting,
    signers_from,
    sitting_facts,
    typed_texts,
)
from zhoob_desktop.services.documents.layout import PageFrame, PaperBuilder
from zhoob_desktop.services.documents.paper import IssuedPaper, Paper, digest_of, paper_filename
from zhoob_desktop.services.documents.protocol import SHORT_TITLE, build_protocol, story_protocol
from zhoob_desktop.services.documents.source import ProtocolSource, Signer
from zhoob_desktop.services.documents.text import DateOf, M, languages
from zhoob_desktop.services.documents.typed import TypedText, sitting_texts
from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.engine import load_state
from zhoob_desktop.services.meeting.journal import journal_events, verify_chain
from zhoob_desktop.services.meeting.sittings import roster_for
from zhoob_desktop.services.okrug import get_okrug
from zhoob_desktop.services.okrug_papers import paper_settings
from zhoob_desktop.services.security.roles import require
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.texts import TextBook, Translation, remember, typing_language

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


class ProtocolNotReady(DocumentError):
    template = N_(
        "The protocol of sitting {number} cannot be signed before the sitting is closed; the chair and the "
        "secretary sign it after the sitting."
    )
    citation = R.REG_12


class JournalDamaged(DocumentError):
    template = N_(
        "The journal of sitting {number} does not verify ({problem}); the protocol cannot be signed."
    )


class AlreadyFinalised(DocumentError):
    template = N_(
        "The protocol No. {number} was signed on {date} (checksum {digest}); it cannot be changed. "
        "Add an addendum for a correction."
    )


class NotFinalised(DocumentError):
    template = N_("The protocol of sitting {number} has not been signed; correct the journal instead.")


class EmptyAddendum(DocumentError):
    template = N_("An addendum needs the text of the correction.")


class SigningDateMissing(DocumentError):
    template = N_("Enter the date on which the chair and the secretary signed the protocol.")


class SignedBeforeSitting(DocumentError):
    template = N_("The protocol cannot be signed on {date}: the sitting was held on {held}.")


class SignedInFuture(DocumentError):
    template = N_("The signing date {date} is after today ({today}): enter the day the protocol was signed.")


class SignerMissing(DocumentError):
    template = N_("Enter who signed the protocol as chair and as secretary.")
    citation = R.REG_12


class TextsUntranslated(DocumentError):
    template = N_(
        "{count} typed texts of the sitting have no translation into the language of the paper, for "
        "example «{example}». Enter them under «Texts in two languages» before signing."
    )


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
        tuple((s.role, s.name) for s in signers_from(row.signers)),
    )


# -- the protocol and its signing ------------------------------------------------------------


def _stored(store: Store, sitting_id: uuid.UUID, kind: str = "protocol") -> list[IssuedPaper]:
    with store.session() as s:
        rows = s.scalars(
            select(IssuedDocument)
            .where(IssuedDocument.sitting_id == sitting_id, IssuedDocument.kind == kind)
            .order_by(IssuedDocument.ordinal)
        )
        return [_issued(r) for r in rows]


def finalised_protocol(store: Store, sitting: str | uuid.UUID) -> IssuedPaper | None:
    """The signed (frozen) protocol of a sitting, or None while it has not been signed."""
    info = resolve_sitting(store, sitting)
    found = _stored(store, info.id)
    return found[0] if found else None


def addenda(store: Store, sitting: str | uuid.UUID) -> list[IssuedPaper]:
    """The addenda to a sitting's protocol, in order."""
    return _stored(store, resolve_sitting(store, sitting).id, "addendum")


def _source(store: Store, info, mode: str) -> ProtocolSource:
    """The source of a paper made from the protocol: signed once the protocol is (no draft mark then)."""
    frozen = _stored(store, info.id)
    signers = tuple(Signer(role, name) for role, name in frozen[0].signers) if frozen else None
    return protocol_source(store, info, mode=mode, signers=signers)


def render_protocol(store: Store, sitting: str | uuid.UUID, lang: str = "kk") -> Paper:
    """The protocol's PDF: the stored signed copy once signed, otherwise the draft laid out from the journal."""
    require(store, "papers.print")
    languages(lang)
    info = resolve_sitting(store, sitting)
    frozen = _stored(store, info.id)
    if frozen:
        return frozen[0].paper()
    source = protocol_source(store, info, mode=lang)
    b = PaperBuilder(lang, book=source.book)
    pdf = build_protocol(source, lang, b)
    number = number_of(info)
    return Paper(
        "protocol",
        number,
        lang,
        pdf,
        digest_of(pdf),
        False,
        paper_filename("protocol", number, lang),
        missing=b.missing(),
        draft=True,
    )


@dataclass(frozen=True)
class WordDraft:
    """The editable Word file of a draft paper."""

    filename: str
    data: bytes
    missing: tuple[str, ...]


def protocol_docx(store: Store, sitting: str | uuid.UUID, lang: str = "kk") -> WordDraft:
    """The draft protocol as an editable Word file (the signed PDF stays the record)."""
    require(store, "papers.print")
    from zhoob_desktop.services.documents.word import DocxBuilder

    languages(lang)
    info = resolve_sitting(store, sitting)
    source = protocol_source(store, info, mode=lang)
    b = DocxBuilder(lang, book=source.book)
    story_protocol(b, source)
    number = number_of(info)
    frame = PageFrame(
        header=okrug_name(source.okrug),
        title=M(SHORT_TITLE, number=number or C.NUMBER_BLANK, date=DateOf(source.sitting.held_on)),
    )
    data = b.build(frame)
    return WordDraft(paper_filename("protocol", number, lang, "docx"), data, b.missing())


@dataclass(frozen=True)
class SigningCheck:
    """What the person signing should know: the last day to hand the protocol over, and if it passed."""

    held_on: date
    handover_due: date | None
    late: bool
    chair: str
    secretary: str
    missing: tuple[str, ...]


def signing_check(store: Store, sitting: str | uuid.UUID, signed_on: date, lang: str = "kk") -> SigningCheck:
    """The deadline of Reg §12 against a signing date, the elected officers, and untranslated texts."""
    languages(lang)
    info = resolve_sitting(store, sitting)
    state = load_state(store, info.id) if verify_chain(store, info.id).events else None
    day = held_on(store, info, state)
    due = handover_due(store, day)[0] if info.kind == R.MEETING else None
    missing: tuple[str, ...] = ()
    if state is not None:
        missing = render_protocol(store, info.id, lang).missing
    return SigningCheck(
        held_on=day,
        handover_due=due,
        late=due is not None and signed_on > due,
        chair=state.chair.name if state is not None and state.chair else "",
        secretary=state.secretary.name if state is not None and state.secretary else "",
        missing=missing,
    )


def handover_late(store: Store, sitting: str | uuid.UUID, signed_on: date) -> date | None:
    """The Reg §12 deadline when ``signed_on`` is past it (the protocol reaches the akim late), else None."""
    check = signing_check(store, sitting, signed_on)
    return check.handover_due if check.late else None


def finalise_protocol(
    store: Store,
    sitting: str | uuid.UUID,
    lang: str = "kk",
    *,
    signed_on: date | None = None,
    chair: str | None = None,
    secretary: str | None = None,
    actor: str = "",
    allow_untranslated: bool = False,
    clock: Clock = _now,
) -> IssuedPaper:
    """Record that the protocol of a closed sitting was signed: the copy without the draft mark is frozen.

    ``signed_on`` is the day of the signatures as the person enters it (not
    the clock's); ``chair`` and ``secretary`` are who signed (by default the
    elected officers). A date after the Reg §12 deadline is recorded as it is
    (``handover_late`` tells it); a date before the sitting or after today is
    refused.
    """
    languages(lang)
    if signed_on is None:
        raise SigningDateMissing()
    info = resolve_sitting(store, sitting)
    existing = _stored(store, info.id)
    if existing:
        raise AlreadyFinalised(
            number=existing[0].number, date=existing[0].signed_on.isoformat(), digest=existing[0].digest
        )
    state_source = protocol_source(store, info, mode=lang)
    st = state_source.state
    if not st.is_closed:
        # Reg §12 at a meeting; the Law or the Model Rules of separate gatherings at a gathering
        raise ProtocolNotReady(number=label_of(info), citation=st.citation("protocol.signed"))
    if not state_source.chain_ok:
        raise JournalDamaged(number=label_of(info), problem=state_source.chain_problem)
    if signed_on < state_source.sitting.held_on:
        raise SignedBeforeSitting(date=signed_on.isoformat(), held=state_source.sitting.held_on.isoformat())
    now = clock()
    today = okrug_today(store, now)
    if signed_on > today:
        raise SignedInFuture(date=signed_on.isoformat(), today=today.isoformat())
    chair = (chair if chair is not None else (st.chair.name if st.chair else "")).strip()
    secretary = (secretary if secretary is not None else (st.secretary.name if st.secretary else "")).strip()
    if not chair or not secretary:
        raise SignerMissing(citation=st.citation("protocol.signed"))
    signers = (Signer("chair", chair), Signer("secretary", secretary))
    source = ProtocolSource(**{**state_source.__dict__, "signers": signers})
    b = PaperBuilder(lang, book=source.book)
    pdf = build_protocol(source, lang, b)
    if b.missing() and not allow_untranslated:
        raise TextsUntranslated(count=len(b.missing()), example=_short(b.missing()[0]))
    row = IssuedDocument(
        sitting_id=info.id,
        kind="protocol",
        ordinal=0,
        number=label_of(info),
        lang=lang,
        journal_seq=st.seq,
        journal_hash=st.last_hash,
        signed_on=signed_on,
        pdf=pdf,
        digest=digest_of(pdf),
        issued_by=actor,
        issued_at=now,
        signers=[{"role": s.role, "name": s.name} for s in signers],
    )
    with store.session() as s:
        s.add(row)
        s.flush()
        return _issued(row)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def add_addendum(
    store: Store,
    sitting: str | uuid.UUID,
    text: str,
    *,
    translation: str = "",
    lang: str | None = None,
    signed_on: date | None = None,
    actor: str = "",
    clock: Clock = _now,
) -> IssuedPaper:
    """Issue an addendum correcting a signed protocol; the protocol itself never changes.

    ``text`` is typed in the okrug's typing language; ``translation`` is its
    version in the other language (kept in the book of translations).
    """
    if not text or not text.strip():
        raise EmptyAddendum()
    info = resolve_sitting(store, sitting)
    frozen = _stored(store, info.id)
    if not frozen:
        raise NotFinalised(number=label_of(info))
    protocol = frozen[0]
    mode = lang or protocol.lang
    languages(mode)
    if translation.strip():
        other = "ru" if typing_language(store) == "kk" else "kk"
        remember(store, [Translation(text.strip(), other, translation.strip())])
    source = _source(store, info, mode)
    texts = [text.strip(), *(t.text for t in sitting_texts(source.sitting, source.state))]
    source = ProtocolSource(**{**source.__dict__, "book": TextBook.load(store, texts, languages(mode))})
    previous = _stored(store, info.id, "addendum")
    ordinal = len(previous) + 1
    number = f"{protocol.number}/{ordinal}"
    now = clock()
    on = signed_on or okrug_today(store, now)
    pdf = build_addendum(source, protocol, number, ordinal, text.strip(), on, mode)
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
        signers=[{"role": r, "name": n} for r, n in protocol.signers],
    )
    with store.session() as s:
        s.add(row)
        s.flush()
        return _issued(row)


@dataclass(frozen=True)
class PapersStatus:
    """What the papers screen shows for one sitting: held or not, signed or not, deadline."""

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
    day = info.scheduled_on
    if started:
        state = load_state(store, info.id)
        closed = state.is_closed
        items = tuple(it.title for it in P.considered_items(state))
        day = held_on(store, info, state)
        due = handover_due(store, day)[0] if info.kind == R.MEETING else None
    frozen = _stored(store, info.id)
    return PapersStatus(
        sitting_id=info.id,
        number=number_of(info),
        kind=info.kind,
        title=info.title,
        held_on=day,
        started=started,
        closed=closed,
        finalised=frozen[0] if frozen else None,
        addenda=tuple(a.number for a in _stored(store, info.id, "addendum")),
        handover_due=due,
        items=items,
    )


def paper_problems(store: Store) -> list[str]:
    """Stored papers whose bytes no longer match their checksum, or addenda naming one no protocol has.

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


# -- typed texts in two languages ------------------------------------------------------------


@dataclass(frozen=True)
class TextEntry:
    """A typed text of a sitting with its versions: what the screen of texts in two languages edits."""

    where: str  # translated label: "Agenda item 2", "Decision, item 1"
    text: str  # as typed
    versions: dict[str, str]  # lang -> version ("" when missing); the typing language is the text


def sitting_text_entries(store: Store, sitting: str | uuid.UUID) -> list[TextEntry]:
    """Every typed text of a sitting with its Kazakh and Russian versions (missing ones empty)."""
    info = resolve_sitting(store, sitting)
    state = load_state(store, info.id) if verify_chain(store, info.id).events else None
    texts: Sequence[TypedText] = typed_texts(store, info, state)
    book = TextBook.load(store, [t.text for t in texts])
    out = []
    for t in texts:
        versions = {
            lang: (t.text if lang == book.typed_in else book.versions.get(lang, {}).get(t.text, ""))
            for lang in ("kk", "ru")
        }
        out.append(TextEntry(t.where.render(_translator()), t.text, versions))
    return out


def _translator():
    from zhoob_desktop.services.i18n import Translator, get_language

    return Translator(get_language())


def save_text_versions(store: Store, entries: Iterable[tuple[str, str, str]]) -> int:
    """Keep versions of typed texts: ``(text as typed, lang, version)``; an empty version forgets one."""
    return remember(store, [Translation(t, lang, v) for t, lang, v in entries])


# -- the other papers ----------------------------------------------------------------------


def _paper(
    kind: str, number: str, lang: str, pdf: bytes, b_missing: tuple[str, ...] = (), draft: bool = False
) -> Paper:
    return Paper(
        kind, number, lang, pdf, digest_of(pdf), False, paper_filename(kind, number, lang), b_missing, draft
    )


def registration_sheet(store: Store, sitting: str | uuid.UUID, lang: str = "kk") -> Paper:
    """The registration sheet: the members entitled to take part, a column to sign, totals (Reg §7)."""
    require(store, "papers.print")
    languages(lang)
    info = resolve_sitting(store, sitting)
    events = journal_events(store, info.id)
    state = load_state(store, info.id) if events else None
    registered = None
    if state is not None:
        members = state.members  # the roster frozen when the journal opened
        tz = okrug_zone(store)
        arrivals = {}
        for pid, att in state.attendance.items():
            if att.is_member and att.periods:
                at = att.periods[0][0].astimezone(tz)
                arrivals[pid] = f"{at.hour:02d}:{at.minute:02d}"
        registered = len(arrivals) if state.announcements or state.opened_at else None
        listed = [P.ListedMember(m.name, m.iin or "", arrivals.get(m.id, "")) for m in members]
    else:
        listed = [P.ListedMember(m.name, m.iin or "") for m in roster_for(store, info)]
    book = book_for(store, info, state, lang)
    pdf = P.build_registration_sheet(
        sitting_facts(info),
        listed,
        get_okrug(store),
        lang,
        settings=paper_settings(store),
        book=book,
        registered=registered,
    )
    return _paper("registration_sheet", number_of(info), lang, pdf, book.missing_in(languages(lang)))


def notice(
    store: Store,
    sitting: str | uuid.UUID,
    lang: str = "kk",
    *,
    akim_name: str = "",
    given_on: date | None = None,
) -> Paper:
    """The notice of convocation for the board (Reg §6), dated the day it is given."""
    require(store, "papers.print")
    languages(lang)
    info = resolve_sitting(store, sitting)
    values = R.resolve_values(store.get_setting("meeting.rules") or {})
    days = int(values.get("notice.calendar_days", 10))
    book = book_for(store, info, None, lang)
    on = given_on or info.notice_on or min(okrug_today(store), info.scheduled_on - timedelta(days=days))
    pdf = P.build_notice(
        sitting_facts(info),
        get_okrug(store),
        lang,
        akim_name=akim_name,
        settings=paper_settings(store),
        book=book,
        given_on=on,
        notice_days=days,
    )
    return _paper("notice", number_of(info), lang, pdf, book.missing_in(languages(lang)))


def extract(
    store: Store, sitting: str | uuid.UUID, item: int, lang: str = "kk", *, made_on: date | None = None
) -> Paper:
    """The extract of one item (items numbered as in the protocol), certified and dated."""
    require(store, "papers.print")
    languages(lang)
    info = resolve_sitting(store, sitting)
    source = _source(store, info, lang)
    pdf = P.build_extract(source, item, lang, made_on=made_on or okrug_today(store))
    return _paper(
        "extract",
        f"{number_of(info)}-{item}",
        lang,
        pdf,
        source.book.missing_in(languages(lang)),
        source.draft,
    )


def annex(store: Store, sitting: str | uuid.UUID, lang: str = "kk") -> Paper:
    """The annex: members present and absent, invited persons, roll-call votes."""
    require(store, "papers.print")
    languages(lang)
    info = resolve_sitting(store, sitting)
    source = _source(store, info, lang)
    pdf = P.build_annex(source, lang)
    return _paper("annex", number_of(info), lang, pdf, source.book.missing_in(languages(lang)), source.draft)


__all__ = [
    "AlreadyFinalised",
    "DocumentError",
    "IssuedPaper",
    "NoJournal",
    "Paper",
    "SittingAmbiguous",
    "SittingNotFoundByRef",
    "add_addendum",
    "addenda",
    "annex",
    "digest_of",
    "extract",
    "finalise_protocol",
    "finalised_protocol",
    "handover_late",
    "notice",
    "paper_problems",
    "papers_status",
    "registration_sheet",
    "render_protocol",
    "resolve_sitting",
    "save_text_versions",
    "signing_check",
    "sitting_text_entries",
]
