"""The protocol (хаттама) of a sitting, laid out from its journal as published protocols are (Reg §12, §7).

The heading names the okrug and the body that sat; one line gives the date,
the number and the place. Attendance is given as counts, the lists going to
the annex ("тізім қоса беріледі"); the invited persons are named. Then the
registration result (Reg §7), who opened the sitting, the chair and the
secretary and their election (Reg §8), the speaking rules the chair set
(Reg §11), the agenda with its reporters and the vote on each item (Reg §9),
and each item as ТЫҢДАЛДЫ / СӨЙЛЕДІ / ҚАУЛЫ ЕТТІ with its numbered
decision and the vote formula. Breaks, short statements and the closing
follow; the rules applied stand in one compact section; the signatures, the
QR code and the checksum of the journal share the last page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from zhoob_desktop.services.documents import conventions as C
from zhoob_desktop.services.documents.common import akim_line, local_time, okrug_heading, okrug_name
from zhoob_desktop.services.documents.heard import print_heard
from zhoob_desktop.services.documents.layout import PageFrame, PaperBuilder, build_pdf
from zhoob_desktop.services.documents.representation import print_elected
from zhoob_desktop.services.documents.source import ProtocolSource
from zhoob_desktop.services.documents.text import MN, DateOf, Localized, M, Msg, Text, joined_texts
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.services.register.bulk import gc_paused

PROTOCOL_KIND_TITLE = N_("Protocol")
SHORT_TITLE = N_("Protocol No. {number} of {date}")
NUMBER = N_("No. {number}")
CHECKSUM_LINE = N_("Checksum of the electronic journal of the sitting (SHA-256):")
QR_NOTE = N_(
    "The QR code holds the sitting and this checksum: the paper matches the journal sent to the district."
)
# Speech kinds named after the speaker under СӨЙЛЕДІ (a debate speech needs no label).
SPEECH_LABELS = {
    R.CO_REPORT: N_("co-report"),
    R.PROCEDURAL: N_("on the procedure"),
    R.QUESTION: N_("question"),
    R.ANSWER: N_("answer"),
}
# The chair's speaking rules (Reg §11), in the order the protocol lists them.
SPEAKING_RULES = {
    R.REPORT: N_("report — {time}"),
    R.CO_REPORT: N_("co-report — {time}"),
    R.DEBATE: N_("speech in the debate — {time}"),
    R.PROCEDURAL: N_("speech on the procedure — {time}"),
    R.ANSWER: N_("answers to questions — {time}"),
    R.STATEMENT: N_("short statement — {time}"),
}
CHOICE_LABELS = {"for": N_("«for»"), "against": N_("«against»"), "abstain": N_("«abstained»")}
OUTCOMES = {
    S.ADOPTED: N_("adopted"),
    S.REJECTED: N_("not adopted"),
    S.TIE: N_("votes equal, waiting for the chair's casting vote"),
}


# The sentences that name the sitting itself: a gathering's and a separate gathering's protocol speaks of
# the gathering (жиын, сход), the meeting's of its sitting (жиналыс, собрание).
_OF_GATHERING = {
    N_(
        "The result of the registration was announced before the opening (at {time}): registered — "
        "{present}; needed for the quorum — at least {required}."
    ): N_(
        "The result of the registration was announced before the gathering was opened (at {time}): "
        "registered — {present}; needed for the quorum — at least {required}."
    ),
    N_("There is a quorum; the sitting is held."): N_("There is a quorum; the gathering is held."),
    N_("There is no quorum; the sitting is not held."): N_("There is no quorum; the gathering is not held."),
    N_("The sitting is opened by {person} (at {time})."): N_(
        "The gathering is opened by {person} (at {time})."
    ),
    N_("The sitting has not been closed."): N_("The gathering has not been closed."),
    N_("Announced at the sitting at {time}."): N_("Announced at the gathering at {time}."),
    N_("It was not announced at the sitting; reason — {reason}."): N_(
        "It was not announced at the gathering; reason — {reason}."
    ),
    N_("It was not announced at the sitting."): N_("It was not announced at the gathering."),
    N_("The item was not considered at this sitting; reason — {reason}."): N_(
        "The item was not considered at this gathering; reason — {reason}."
    ),
    CHECKSUM_LINE: N_("Checksum of the electronic journal of the gathering (SHA-256):"),
    QR_NOTE: N_(
        "The QR code holds the gathering and this checksum: the paper matches the journal sent to the district."
    ),
    # Reg §11 gives the meeting's chair the speaking rules; no text of a gathering does: its times for
    # speeches are its own procedure, set at the sitting.
    N_("Speaking rules set by the chair: {rules}."): N_("Time for speeches set at the gathering: {rules}."),
    N_("While the chair was out of the hall, the sitting was chaired by {name}; elected: {formula}."): N_(
        "While the chair was out of the hall, the gathering was chaired by {name}; elected: {formula}."
    ),
    N_("The sitting was not opened; the registration was closed at {time}."): N_(
        "The gathering was not opened; the registration was closed at {time}."
    ),
    N_("The items of the agenda have been considered. The sitting was closed at {time}."): N_(
        "The items of the agenda have been considered. The gathering was closed at {time}."
    ),
}


def said(st: S.SittingState, msgid: str, **params) -> Msg:
    """A sentence naming the sitting, in the words of its kind (a gathering is not a meeting's sitting)."""
    return M(msgid if st.kind == R.MEETING else _OF_GATHERING.get(msgid, msgid), **params)


def protocol_number(source: ProtocolSource) -> str:
    return source.sitting.number


def reporter_name(text: str) -> str:
    """The name in a reporter's line "Name, position"."""
    return text.split(",", 1)[0].strip()


def build_protocol(source: ProtocolSource, mode: str, builder: PaperBuilder | None = None) -> bytes:
    """The protocol's PDF in a language mode (``kk``, ``ru`` or ``kk+ru``)."""
    b = builder or PaperBuilder(mode, book=source.book)
    with gc_paused():  # the story's flowables live until the layout: see build_pdf
        story_protocol(b, source)
    number = protocol_number(source) or C.NUMBER_BLANK
    short = M(SHORT_TITLE, number=number, date=DateOf(source.sitting.held_on))
    frame = PageFrame(header=okrug_name(source.okrug), title=short, draft=source.draft)
    heading = C.heading(
        C.PROTOCOL_HEADING, kind=source.sitting.kind, okrug=okrug_heading(source.okrug, source.settings)
    )
    return build_pdf(b, frame, title=b.joined(heading).replace("\n", " "), subject=b.joined(short))


# -- the parts of a vote -------------------------------------------------------------------


def vote_counts(v: S.Vote) -> Msg:
    """The vote formula of one vote."""
    return C.vote_formula(v.votes_for, v.votes_against, v.abstained, max(0, v.not_voted))


def decision_outcome(v: S.Vote) -> Msg:
    """What came of a decision vote: adopted or not, by the majority or by the chair's casting vote."""
    if v.outcome == S.TIE:
        return M(N_("The votes were equal; the chair's casting vote is awaited."))
    if v.reached_by == "casting_vote" and v.casting_acting:
        return (
            M(
                N_("The votes were equal; the decision was adopted by the casting vote of the member chairing "
                   "in the chair's absence ({name})."),
                name=v.casting_by,
            )
            if v.adopted
            else M(
                N_("The votes were equal; the decision was not adopted by the casting vote of the member "
                   "chairing in the chair's absence ({name})."),
                name=v.casting_by,
            )
        )  # fmt: skip
    if v.reached_by == "rule" and v.tie_rule:
        return M(N_("The votes were equal; the decision was not adopted."))
    if v.reached_by == "casting_vote":
        return (
            M(N_("The votes were equal; the decision was adopted by the chair's casting vote."))
            if v.adopted
            else M(N_("The votes were equal; the decision was not adopted by the chair's casting vote."))
        )
    return M(N_("The decision was adopted.")) if v.adopted else M(N_("The decision was not adopted."))


def formula_line(v: S.Vote) -> Msg:
    """ "Дауыс беру нәтижесі: «жақтап» — 15, …" with the roll call noted."""
    if v.method == "roll_call":
        return M(N_("Voted by roll call (the names are in the annex): {formula}."), formula=vote_counts(v))
    return M(N_("Result of the vote: {formula}."), formula=vote_counts(v))


# -- the people -----------------------------------------------------------------------------


def speaker_line(b: PaperBuilder, src: ProtocolSource, person_id: str, name: str, is_member: bool) -> Text:
    """A speaker with the position he spoke in: the reporter's line of the agenda, the akim's position,
    an invited person's role and organisation, or membership of the meeting."""
    st, settings = src.state, src.settings
    for it in st.agenda:
        for line in (it.reporter, *it.co_reporters):
            if line and "," in line and reporter_name(line) == name:
                return b.data(line)
    if settings.akim_name and name == settings.akim_name:
        return joined_texts([name, akim_line(settings)])
    att = st.attendance.get(person_id)
    if att is not None and not att.is_member:
        role = M(R.GUEST_ROLES[att.role]) if att.role in R.GUEST_ROLES else att.role
        if att.organisation:
            return M(
                N_("{name}, {role} ({organisation})"),
                name=name,
                role=role,
                organisation=b.data(att.organisation),
            )
        return M(N_("{name}, {role}"), name=name, role=role)
    if is_member:
        return M(N_("{name}, {role}"), name=name, role=M(C.MEMBER_OF.get(st.kind, C.MEMBER_OF["meeting"])))
    return name


def person_in_capacity(
    b: PaperBuilder, src: ProtocolSource, who: str, capacity: str, authorisation: str
) -> Text:
    """Who opened the sitting or announced the registration (Reg §7, §8): the akim with his position,
    or a person he authorised, with the act that authorised him."""
    settings = src.settings
    who = who.strip()
    if capacity == "akim" or (settings.akim_name and who == settings.akim_name):
        return joined_texts([who, akim_line(settings)]) if who else akim_line(settings)
    # "Name, position" is a typed text with a translation; a name alone prints as it is.
    person: Text = b.data(who) if "," in who else (who or "—")
    if capacity == "authorised":
        return M(
            N_("{person}, authorised by the akim ({authorisation})"),
            person=person,
            authorisation=b.data(authorisation, stop=False) if authorisation else "—",
        )
    return person


def opener_line(b: PaperBuilder, src: ProtocolSource) -> Text:
    """Who opened the sitting, with the position or the authorisation."""
    st = src.state
    return person_in_capacity(b, src, st.opened_by, st.opened_as, st.opened_authorisation)


def signers_of(src: ProtocolSource) -> list[tuple[Text, str]]:
    """The signature lines: who signed (when the protocol is signed), else the elected officers."""
    kind = src.state.kind
    chair = M(C.CHAIR_OF.get(kind, C.CHAIR_OF["meeting"]))
    secretary = M(C.SECRETARY_OF.get(kind, C.SECRETARY_OF["meeting"]))
    if src.signers is not None:
        names = {s.role: s.name for s in src.signers}
        return [
            (chair, C.short_name(names.get("chair", ""))),
            (secretary, C.short_name(names.get("secretary", ""))),
        ]
    st = src.state
    return [
        (chair, C.short_name(st.chair.name) if st.chair else ""),
        (secretary, C.short_name(st.secretary.name) if st.secretary else ""),
    ]


# -- the protocol ---------------------------------------------------------------------------


def story_protocol(b: PaperBuilder, src: ProtocolSource) -> None:
    """Append the protocol's sections to a builder (the PDF's or the Word draft's)."""
    st, sitting = src.state, src.sitting
    b.heading_block(
        C.heading(C.PROTOCOL_HEADING, kind=sitting.kind, okrug=okrug_heading(src.okrug, src.settings)),
        logo=src.settings.logo_bytes(),
    )
    place = sitting.place or st.place
    b.place_line(
        sitting.held_on, M(NUMBER, number=sitting.number or C.NUMBER_BLANK), b.data(place) if place else ""
    )
    if sitting.title:
        b.paragraph(b.data(sitting.title), "center")
    if sitting.territory:
        b.paragraph(b.data(sitting.territory), "left", lead=M(N_("Territory:")))
    if not st.is_closed:
        b.paragraph(M(N_("The sitting has not been closed: the protocol is not complete.")), "bold")
    b.spacer(2)
    _attendance(b, src)
    _registration(b, src)
    _opening(b, src)
    _officers(b, src)
    _speaking_rules(b, src)
    considered = [it for it in st.agenda if it.status in (S.INCLUDED, S.IN_PROGRESS, S.CONSIDERED)]
    moves = member_moves(st)
    first = next((it.started_at for it in considered if it.started_at is not None), None)
    # Who left or came before the first item is said before the agenda votes they changed.
    before, moves = _until(moves, first)
    _moves(b, src, before)
    _agenda(b, src)
    breaks = list(st.breaks)
    for n, it in enumerate(considered, start=1):
        inside, moves = _until(moves, _end(it)) if it.started_at is not None else ([], moves)
        _item(b, src, it, n, inside)
        # A break, and who left or came between items, is printed after the item it followed.
        nxt = considered[n].started_at if n < len(considered) else None
        while breaks and (nxt is None or breaks[0].started_at < nxt):
            br = breaks.pop(0)
            before, moves = _until(moves, br.started_at)
            _moves(b, src, before)
            _break(b, src, br)
        before, moves = _until(moves, nxt)
        _moves(b, src, before)
    for br in breaks:
        _break(b, src, br)
    _statements(b, src)
    free = [q for q in st.questions if q.item_id is None or st.item(q.item_id) is None]
    if free:
        b.section(M(N_("WRITTEN QUESTIONS:")))
        for q in free:
            _question(b, src, q)
    _closing(b, src)
    _rules_applied(b, src)
    _signatures_and_mark(b, src)


def _attendance(b: PaperBuilder, src: ProtocolSource) -> None:
    """Counts of members, present and absent (the lists in the annex), and the invited persons by name."""
    st = src.state
    members = [m.id for m in st.members]
    attended = [pid for pid in members if pid in st.attendance and st.attendance[pid].periods]
    absent = [pid for pid in members if pid not in set(attended)]
    excused = [pid for pid in absent if pid in st.excused]
    kind = st.kind
    if st.with_representatives:  # the gathering's members are the representatives elected (Law art. 39-3)
        total = M(N_("Representatives elected to the gathering in total — {n}."), n=len(members))
    elif kind == R.MEETING:
        total = M(N_("Members of the meeting in total — {n}."), n=len(members))
    else:
        total = M(N_("Community members in total — {n}."), n=len(members))
    lines: list[Text] = [
        total,
        M(N_("Present — {n} (the list is attached)."), n=len(attended)),
        M(N_("Absent — {n} (the list is attached)."), n=len(absent))
        if not excused
        else M(
            N_("Absent — {n}, of them for a valid reason — {excused} (the list is attached)."),
            n=len(absent),
            excused=len(excused),
        ),
    ]
    b.lines(lines, "left")
    guests = [a for a in st.attendance.values() if not a.is_member]
    if guests:
        b.paragraph(
            M(N_("Invited — {n}; they are not members and do not vote:"), n=len(guests)),
            "left",
            keep_with_next=True,
        )
        rows: list[Text] = []
        for n, g in enumerate(guests, start=1):
            role = M(R.GUEST_ROLES[g.role]) if g.role in R.GUEST_ROLES else g.role
            end = ";" if n < len(guests) else "."
            if g.organisation:
                rows.append(
                    M(N_("{n}) {name} — {role}, {organisation}{end}"), n=str(n), name=g.name, role=role,
                      organisation=b.data(g.organisation), end=end)
                )  # fmt: skip
            else:
                rows.append(M(N_("{n}) {name} — {role}{end}"), n=str(n), name=g.name, role=role, end=end))
        b.lines(rows, "left", indent=4)
    b.spacer(2)


def _registration(b: PaperBuilder, src: ProtocolSource) -> None:
    """The registration result announced before the opening, with its time (Reg §7)."""
    st, tz = src.state, src.tz
    if not st.announcements:
        b.paragraph(M(N_("No registration result was announced.")))
        return
    for a in st.announcements:
        texts: list[Text] = [
            said(
                st,
                N_(
                    "The result of the registration was announced before the opening (at {time}): registered — "
                    "{present}; needed for the quorum — at least {required}."
                ),
                time=local_time(a.at, tz),
                present=a.present,
                required=a.required,
            ),
            said(st, N_("There is a quorum; the sitting is held."))
            if a.quorum_met
            else said(st, N_("There is no quorum; the sitting is not held.")),
        ]
        if a.by:
            texts.append(
                M(
                    N_("Announced by — {person}."),
                    person=person_in_capacity(b, src, a.by, a.capacity, a.authorisation),
                )
            )
        b.lines(texts)


def _opening(b: PaperBuilder, src: ProtocolSource) -> None:
    st = src.state
    if st.opened_at is None:
        return
    b.paragraph(
        said(
            st,
            N_("The sitting is opened by {person} (at {time})."),
            person=opener_line(b, src),
            time=local_time(st.opened_at, src.tz),
        )
    )


def _officers(b: PaperBuilder, src: ProtocolSource) -> None:
    """Chair and secretary, one line each, and the open vote that elected them (Reg §8)."""
    st = src.state
    officer_votes = [v for v in st.votes if v.subject in ("chair", "secretary")]
    if not officer_votes and st.chair is None and st.secretary is None:
        return
    kind = st.kind
    lines: list[Text] = []
    if st.chair is not None:
        lines.append(
            M(N_("{role} — {name}."), role=M(C.CHAIR_OF.get(kind, C.CHAIR_OF["meeting"])), name=st.chair.name)
        )
    if st.secretary is not None:
        lines.append(
            M(
                N_("{role} — {name}."),
                role=M(C.SECRETARY_OF.get(kind, C.SECRETARY_OF["meeting"])),
                name=st.secretary.name,
            )
        )
    b.lines(lines, "bold")
    # the first elections; a secretary elected in place of another has his own sentence below
    elected = [v for v in officer_votes if v.adopted and not v.replaces]
    parts = []
    for v in elected:
        label = N_("for the chair: {formula}") if v.subject == "chair" else N_("for the secretary: {formula}")
        parts.append(M(label, formula=vote_counts(v)))
    if parts:
        b.paragraph(
            M(
                N_("The chair and the secretary were elected by open vote: {votes}."),
                votes=joined_texts(parts, "; "),
            )
        )
    for officer in st.officers:  # chairing in the chair's absence, a secretary replaced (Reg §8)
        vote = st.vote(officer.vote_id)
        formula = vote_counts(vote) if vote is not None else "—"
        if officer.role == "acting_chair":
            b.paragraph(
                said(
                    st,
                    N_(
                        "While the chair was out of the hall, the sitting was chaired by {name}; elected: {formula}."
                    ),
                    name=officer.name,
                    formula=formula,
                )
            )
        elif officer.role == "secretary" and officer.replaces:
            b.paragraph(
                M(
                    N_("Secretary in place of {replaced} — {name} (reason — {reason}); elected: {formula}."),
                    replaced=officer.replaces,
                    name=officer.name,
                    reason=b.data(officer.reason, stop=False) if officer.reason else "—",
                    formula=formula,
                )
            )
    for v in officer_votes:
        if v.adopted:
            continue
        role = N_("chair") if v.subject == "chair" else N_("secretary")
        b.paragraph(
            M(N_("A candidacy ({role}) was not supported — {name}: {formula}."), role=M(role), name=v.candidate_name,
              formula=vote_counts(v))
        )  # fmt: skip


def _speaking_rules(b: PaperBuilder, src: ProtocolSource) -> None:
    """The speaking times the chair set (Reg §11), as in force when the items were taken up.

    A gathering's are its own procedure (no text of a gathering sets them): printed as set at the gathering.
    """
    st = src.state
    if st.opened_at is None:
        return
    limits = st.time_limits
    parts = [
        M(label, time=C.minutes(int(limits[kind])))
        for kind, label in SPEAKING_RULES.items()
        if limits.get(kind)
    ]
    if parts:
        b.paragraph(
            said(st, N_("Speaking rules set by the chair: {rules}."), rules=joined_texts(parts, "; "))
        )


def _agenda(b: PaperBuilder, src: ProtocolSource) -> None:
    """The agenda as approved, each item with its reporter, and the vote on each item (Reg §9)."""
    st = src.state
    included = [it for it in st.agenda if it.status in (S.INCLUDED, S.IN_PROGRESS, S.CONSIDERED)]
    b.spacer(2)
    b.section(M(C.AGENDA_WORD))
    if not included:
        b.paragraph(M(N_("No item was included in the agenda.")))
    for n, it in enumerate(included, start=1):
        texts: list[Text] = [M(N_("{n}. {title}"), n=str(n), title=b.data(it.title))]
        if it.reporter:
            texts.append(M(N_("Reporter — {name}."), name=b.data(it.reporter, stop=False)))
        for co in it.co_reporters:
            texts.append(M(N_("Co-reporter — {name}."), name=b.data(co, stop=False)))
        if it.source == "floor":
            texts.append(M(N_("(proposed at the sitting)")))
        b.item(texts)
    _inclusion_votes(b, st, included)
    withdrawn = [it for it in st.agenda if it.status == S.WITHDRAWN]
    for it in withdrawn:
        b.paragraph(M(N_("Withdrawn from the agenda: «{title}»."), title=b.data(it.title)))
    if st.agenda_approved_at:
        b.paragraph(M(N_("The agenda was approved.")))
    elif st.opened_at is not None:
        b.paragraph(M(N_("The agenda was not approved.")))
    b.spacer(2)


def _inclusion_votes(b: PaperBuilder, st: S.SittingState, included: list[S.AgendaItem]) -> None:
    """The separate vote on each item (Reg §9): one line when every item was included by the same votes."""
    voted = [
        (it, v) for it in st.agenda if it.inclusion_vote and (v := st.vote(it.inclusion_vote)) is not None
    ]
    if not voted:
        return
    counts = {(v.votes_for, v.votes_against, v.abstained, max(0, v.not_voted)) for _it, v in voted}
    if len(voted) > 1 and len(counts) == 1 and all(v.adopted for _it, v in voted):
        b.paragraph(
            M(
                N_(
                    "Each item of the agenda was voted on separately; on each: {formula}. All items were included."
                ),
                formula=vote_counts(voted[0][1]),
            )
        )
        return
    numbers = {it.id: n for n, it in enumerate(included, start=1)}
    rows: list[Text] = []
    for it, v in voted:
        if it.id in numbers:
            rows.append(
                M(N_("item {n}: {formula} — included;"), n=str(numbers[it.id]), formula=vote_counts(v))
            )
        else:
            rows.append(
                M(N_("«{title}»: {formula} — not included;"), title=b.data(it.title), formula=vote_counts(v))
            )
    b.paragraph(M(N_("Each item of the agenda was voted on separately:")), keep_with_next=True)
    b.lines(rows, "left", indent=4)


def speech_lead(b: PaperBuilder, src: ProtocolSource, sp: S.Speech) -> Text:
    who = speaker_line(b, src, sp.person_id, sp.name, sp.is_member)
    label = SPEECH_LABELS.get(sp.kind)
    if label:
        return M(N_("{who} ({kind}):"), who=who, kind=M(label))
    return M(N_("{who}:"), who=who)


def _speech(b: PaperBuilder, src: ProtocolSource, sp: S.Speech) -> None:
    b.paragraph(b.data(sp.summary) if sp.summary else "", "left", lead=speech_lead(b, src, sp))
    for v in src.state.votes:
        if v.subject == "extension" and v.speech_id == sp.id:
            b.paragraph(
                M(
                    N_("Extension of the speaking time (speaker — {name}, {by}): {formula}; {outcome}."),
                    name=sp.name,
                    by=_by_time(v.extension_seconds),
                    formula=vote_counts(v),
                    outcome=M(N_("extended")) if v.adopted else M(N_("not extended")),
                ),
                indent=4,
            )


def _by_time(seconds: int) -> Msg:
    """How much longer a speaker may speak: "2 минутқа", "на 2 минуты"."""
    if seconds % 60 == 0:
        n = seconds // 60
        return MN("by {n} minute", "by {n} minutes", n, n=n)
    return MN("by {n} second", "by {n} seconds", seconds, n=seconds)


def _question(b: PaperBuilder, src: ProtocolSource, q: S.WrittenQuestion) -> None:
    announced = local_time(q.announced_at, src.tz)
    parts: list[Text] = [
        M(N_("Written question. Asked by — {name}."), name=q.author_name or "—"),
    ]
    if q.addressee:
        parts.append(M(N_("Addressed to — {name}."), name=b.data(q.addressee, stop=False)))
    parts.append(M(N_("Content: «{text}»."), text=b.data(q.text)))
    if announced is not None:
        parts.append(said(src.state, N_("Announced at the sitting at {time}."), time=announced))
    elif q.left_reason:
        parts.append(
            said(
                src.state,
                N_("It was not announced at the sitting; reason — {reason}."),
                reason=b.data(q.left_reason, stop=False),
            )
        )
    else:
        parts.append(said(src.state, N_("It was not announced at the sitting.")))
    b.paragraph(joined_texts(parts, " "))


@dataclass(frozen=True)
class Move:
    """A member leaving the hall or coming into it after the sitting was opened, and the members present after."""

    at: datetime
    person_id: str
    name: str
    arrived: bool
    present: int


def member_moves(st: S.SittingState) -> list[Move]:
    """Members' departures and (late or repeated) arrivals after the opening, in order of time.

    The protocol states each with the number of members present after it, so
    that a vote's figures can be read against those who were in the hall.
    """
    if st.opened_at is None:
        return []
    changes: list[tuple[datetime, int, S.Attendance]] = []
    for a in st.attendance.values():
        if not a.is_member:
            continue
        for start, end in a.periods:
            changes.append((start, 1, a))
            if end is not None:
                changes.append((end, -1, a))
    changes.sort(key=lambda c: (c[0], c[1]))
    present, moves = 0, []
    for at, delta, a in changes:
        present += delta
        if at > st.opened_at:
            moves.append(Move(at, a.person_id, a.name, delta > 0, present))
    return moves


def _until(moves: Sequence[Move], at: datetime | None) -> tuple[list[Move], list[Move]]:
    """The moves before ``at`` (all of them when ``at`` is None) and the rest, both in order of time."""
    if at is None:
        return list(moves), []
    return [m for m in moves if m.at < at], [m for m in moves if m.at >= at]


def _end(it: S.AgendaItem) -> datetime:
    return it.ended_at if it.ended_at is not None else datetime.max.replace(tzinfo=UTC)


def _moves(b: PaperBuilder, src: ProtocolSource, moves: Sequence[Move]) -> None:
    for m in moves:
        who = speaker_line(b, src, m.person_id, m.name, True)
        at = local_time(m.at, src.tz)
        if m.arrived:
            b.paragraph(M(N_("Came into the hall — {who} (time — {at}); members present — {n}."), who=who, at=at,
                          n=m.present))  # fmt: skip
        else:
            b.paragraph(M(N_("Left the hall — {who} (time — {at}); members present — {n}."), who=who, at=at,
                          n=m.present))  # fmt: skip


def _item(b: PaperBuilder, src: ProtocolSource, it: S.AgendaItem, n: int, moves: Sequence[Move] = ()) -> None:
    """One item: ТЫҢДАЛДЫ (the reports), СӨЙЛЕДІ (the others), the decisions voted and their formula.

    ``moves`` are the members who left or came while the item was considered:
    those before its last decision vote are said before the decisions.
    """
    st = src.state
    b.spacer(2)
    b.paragraph(M(N_("{n}. {title}"), n=str(n), title=b.data(it.title)), "bold", keep_with_next=True)
    if it.left_reason and it.started_at is None:
        b.paragraph(
            said(
                st,
                N_("The item was not considered at this sitting; reason — {reason}."),
                reason=b.data(it.left_reason, stop=False),
            )
        )
        return
    speeches = [sp for sp in st.speeches_on(it.id) if sp.status != S.CANCELLED]
    # The reports and co-reports are heard; everyone else spoke.
    reports = [sp for sp in speeches if sp.kind in (R.REPORT, R.CO_REPORT)]
    others = [sp for sp in speeches if sp.kind not in (R.REPORT, R.CO_REPORT)]
    b.section(M(C.HEARD))
    if reports:
        for sp in reports:
            _speech(b, src, sp)
    elif it.reporter:
        b.paragraph(b.data(it.reporter))
    else:
        b.paragraph(M(N_("No report was made.")))
    questions = [q for q in st.questions if q.item_id == it.id]
    if others or questions:
        b.section(M(C.SPOKE))
        for sp in others:
            _speech(b, src, sp)
        for q in questions:
            _question(b, src, q)
    print_heard(b, src.heard, it.id)  # reports, non-execution, re-discussions (Reg §13, §17, §18)
    print_elected(b, st, it.id)  # a separate gathering: the candidates and the representatives elected
    votes = [v for v in st.votes if v.item_id == it.id and v.subject == "decision"]
    last_vote = max((v.at for v in votes), default=None)
    before, after = _until(moves, last_vote)
    _moves(b, src, before)
    rejected = [v for v in votes if not v.adopted]
    adopted = [v for v in votes if v.adopted]
    for v in rejected:
        with b.together():
            b.paragraph(M(N_("Draft decision put to the vote:")), "bold", keep_with_next=True)
            b.points(b.data(v.text))
            b.paragraph(formula_line(v))
            b.paragraph(decision_outcome(v))
    for v in adopted:
        with b.together():
            b.section(M(C.decision_word(src.settings.decision_word)))
            b.points(b.data(v.text))
            b.paragraph(formula_line(v))
            b.paragraph(decision_outcome(v))
    if not votes and it.decision_text:
        with b.together():
            b.paragraph(M(N_("Draft decision (not yet voted on):")), "bold", keep_with_next=True)
            b.points(b.data(it.decision_text))
    _moves(b, src, after)


def _break(b: PaperBuilder, src: ProtocolSource, br: S.Break) -> None:
    start, end = local_time(br.started_at, src.tz), local_time(br.ended_at, src.tz)
    if end is not None:
        text: Msg = M(N_("A break was declared: {start}–{end}."), start=start, end=end)
    else:
        text = M(N_("A break was declared at {start}; the sitting did not resume."), start=start)
    if br.reason:
        text = M(N_("{text} Reason — {reason}."), text=text, reason=b.data(br.reason, stop=False))
    b.paragraph(text)


def _statements(b: PaperBuilder, src: ProtocolSource) -> None:
    statements = [sp for sp in src.state.speeches_on(None) if sp.status != S.CANCELLED]
    if not statements:
        return
    b.spacer(2)
    b.section(M(C.STATEMENTS_WORD))
    for sp in statements:
        _speech(b, src, sp)


def _closing(b: PaperBuilder, src: ProtocolSource) -> None:
    st = src.state
    b.spacer(2)
    if st.closed_at is None:
        b.paragraph(said(st, N_("The sitting has not been closed.")))
        return
    at = local_time(st.closed_at, src.tz)
    if st.opened_at is None:
        b.paragraph(
            said(st, N_("The sitting was not opened; the registration was closed at {time}."), time=at)
        )
    else:
        b.paragraph(
            said(
                st,
                N_("The items of the agenda have been considered. The sitting was closed at {time}."),
                time=at,
            )
        )


# The acts a kind of sitting is held under, as the journal's OPEN event froze them.
_ACTS = {
    R.MEETING: ("regulation", "law"),
    R.GATHERING: ("law",),
    R.SEPARATE_GATHERING: ("separate_gatherings", "law"),
}


def _rules_applied(b: PaperBuilder, src: ProtocolSource) -> None:
    """The rules the sitting was held by and the readings in force, in one compact section."""
    st = src.state
    if not st.kind:
        return
    lines: list[Text] = []
    if st.quorum_rule in R.RULES:
        lines.append(
            M(N_("{rule} ({citation})."), rule=_clause(R.RULES[st.quorum_rule].description),
              citation=M(st.citation(st.quorum_rule)))
        )  # fmt: skip
    # The readings and fixed rules in force, as the engine lists them (``rules.readings_in_force``).
    for r in R.readings_in_force(st.kind, st.readings, st.sources):
        if r.citation:
            lines.append(M(N_("{rule} ({citation})."), rule=_clause(r.text), citation=M(r.citation)))
        else:  # the sitting's own procedure: no act states it for this kind of sitting
            lines.append(M(r.text))
    for subject in _ACTS.get(st.kind, ()):
        act = st.sources.get(subject)
        title = act.get("title") if isinstance(act, dict) else None
        text = title.get("en", "") if isinstance(title, dict) else str(title or "")
        if text:
            lines.append(M(N_("Act applied: {title}."), title=M(text)))
    b.spacer(2)
    b.section(M(N_("RULES APPLIED:")))
    b.numbered([M(N_("{n}. {rule}"), n=str(n), rule=line) for n, line in enumerate(lines, start=1)])


def _clause(msgid: str) -> Localized:
    """A rule's sentence without its full stop, so its citation can follow it."""
    return Localized(lambda tr: tr._(msgid).rstrip(". "))


def _signatures_and_mark(b: PaperBuilder, src: ProtocolSource) -> None:
    """Signatures, the QR code and the journal's checksum, together on the last page."""
    st = src.state
    # Upper case only, so the QR code uses its compact alphanumeric mode (a smaller, sturdier symbol).
    payload = f"ZHOOB:PROTOCOL:{src.sitting.id}:{src.sitting.number}:{st.seq}:{st.last_hash}".upper()
    lines: list[Text] = [said(st, CHECKSUM_LINE), st.last_hash, said(st, QR_NOTE)]
    if not src.chain_ok:
        lines.append(
            M(N_("The electronic journal did NOT pass its check: {problem}"), problem=src.chain_problem)
        )
    b.signatures(signers_of(src), mark=(payload, lines))
