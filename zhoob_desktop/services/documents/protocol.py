"""The protocol (хаттама) of a sitting, laid out from its journal (Reg §12, §7).

Sections in the order of Reg §12: date and place; the registration result
with its place and time (Reg §7); members present and absent; other
participants; chair and secretary and their election; the agenda as
approved with each item's vote; each item with its reporters, speeches,
votes (counts, rule, outcome, casting vote) and decision; breaks, written
questions and short statements; closing; the rule readings in force; the
deadline to hand the protocol to the akim; signatures; and the journal's
final hash with a QR code so the paper can be matched to the bundle.
"""

from __future__ import annotations

from collections.abc import Sequence

from zhoob_desktop.services.documents.common import (
    PROTOCOL_TITLES,
    Header,
    local_time,
    number_and_date,
)
from zhoob_desktop.services.documents.heard import print_heard
from zhoob_desktop.services.documents.layout import PageFrame, PaperBuilder, build_pdf
from zhoob_desktop.services.documents.representation import print_elected
from zhoob_desktop.services.documents.source import ProtocolSource
from zhoob_desktop.services.documents.text import MN, Localized, M, Msg, Text
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting import state as S

SUBJECTS = {
    "chair": N_("Election of the chair"),
    "secretary": N_("Election of the secretary"),
    "agenda_item": N_("Inclusion in the agenda"),
    "decision": N_("Vote on the decision"),
    "extension": N_("Extension of a speaker's time"),
    "representative": N_("Election of representatives to the gathering"),
}
OUTCOMES = {
    S.ADOPTED: N_("adopted"),
    S.REJECTED: N_("not adopted"),
    S.TIE: N_("votes equal, waiting for the chair's casting vote"),
}
CHOICE_LABELS = {"for": N_("for"), "against": N_("against"), "abstain": N_("abstained")}
ITEM_STATUS = {
    S.PROPOSED: N_("not voted on"),
    S.INCLUDED: N_("included"),
    S.NOT_INCLUDED: N_("not included"),
    S.WITHDRAWN: N_("withdrawn"),
    S.IN_PROGRESS: N_("under consideration"),
    S.CONSIDERED: N_("considered"),
}
PROTOCOL_KIND_TITLE = N_("Protocol")


def clause(msgid: str) -> Localized:
    """A rule's sentence without its final full stop, to be quoted inside another sentence."""
    return Localized(lambda tr: tr._(msgid).rstrip(". "))


def protocol_number(source: ProtocolSource) -> str:
    return source.sitting.number


def build_protocol(source: ProtocolSource, mode: str) -> bytes:
    """The protocol's PDF in a language mode (``kk``, ``ru`` or ``kk+ru``)."""
    b = PaperBuilder(mode)
    story_protocol(b, source)
    header = Header(source.okrug)
    title = M(PROTOCOL_TITLES.get(source.sitting.kind, PROTOCOL_TITLES["meeting"]))
    number = protocol_number(source)
    short = M(N_("Protocol No. {number} of {date}"), number=number or "—", date=source.sitting.held_on)
    frame = PageFrame(
        header=header.full(),
        title=short,
        footer=M(N_("Journal hash {hash}"), hash=source.state.last_hash[:16]),
    )
    return build_pdf(b, frame, title=b.joined(title), subject=b.joined(short))


def _votes_line(v: S.Vote) -> Msg:
    return M(
        N_("For: {for_}, against: {against}, abstained: {abstained}, did not vote: {not_voted}."),
        for_=v.votes_for,
        against=v.votes_against,
        abstained=v.abstained,
        not_voted=max(0, v.not_voted),
    )


def _base(v: S.Vote) -> Msg:
    """What the majority is counted from, with the count (Russian: из 21 члена, из 5 членов)."""
    n = v.base_count
    if v.base == "voted":
        return MN("more than half of the {n} vote cast", "more than half of the {n} votes cast", n, n=n)
    if v.base == "members":
        return MN("more than half of all {n} member", "more than half of all {n} members", n, n=n)
    return MN("more than half of the {n} member present", "more than half of the {n} members present", n, n=n)


def _rule_line(v: S.Vote) -> Msg:
    return MN(
        "Needed: at least {required} vote for ({base}); rule: {rule} ({citation}).",
        "Needed: at least {required} votes for ({base}); rule: {rule} ({citation}).",
        v.required,
        required=v.required,
        base=_base(v),
        rule=clause(R.RULES[v.rule].description) if v.rule in R.RULES else v.rule,
        citation=M(v.citation),
    )


def _outcome_line(v: S.Vote) -> Msg:
    if v.reached_by == "casting_vote" and v.casting_vote and v.casting_acting:
        return M(
            N_(
                "The votes for and against were equal; the deciding vote of {name}, chairing while the chair "
                "was out of the hall ({choice}), decided: {outcome} ({citation})."
            ),
            name=v.casting_by,
            choice=M(CHOICE_LABELS.get(v.casting_vote, v.casting_vote)),
            outcome=M(OUTCOMES.get(v.outcome, v.outcome)),
            citation=M(R.REG_12),
        )
    if v.reached_by == "rule" and v.tie_rule in R.RULES:
        return M(
            N_("The votes for and against were equal: not adopted. {rule} ({citation})"),
            rule=clause(R.RULES[v.tie_rule].description),
            citation=M(v.citation if R.RULES[v.tie_rule].source else R.RULES[v.tie_rule].citation),
        )
    if v.reached_by == "casting_vote" and v.casting_vote:
        return M(
            N_(
                "The votes for and against were equal; the chair's casting vote ({choice}) decided: {outcome} "
                "({citation})."
            ),
            choice=M(CHOICE_LABELS.get(v.casting_vote, v.casting_vote)),
            outcome=M(OUTCOMES.get(v.outcome, v.outcome)),
            citation=M(R.REG_12),
        )
    return M(N_("Result: {outcome}."), outcome=M(OUTCOMES.get(v.outcome, v.outcome)))


def vote_texts(v: S.Vote, tz) -> list[Text]:
    """The lines printed for one vote: what, when, how many, which rule, what came of it."""
    lines: list[Text] = []
    head = M(SUBJECTS.get(v.subject, v.subject))
    # Officers name the candidate; a decision's text is printed once, under "Decided".
    detail = v.candidate_name
    if detail:
        lines.append(
            M(N_("{subject}: {detail} (at {time})."), subject=head, detail=detail, time=local_time(v.at, tz))
        )
    else:
        lines.append(M(N_("{subject} (at {time})."), subject=head, time=local_time(v.at, tz)))
    lines.append(M(N_("Members present: {present}."), present=v.present))
    lines.append(_votes_line(v))
    if v.method == "roll_call":
        lines.append(M(N_("The vote was taken by roll call; the names are in the annex.")))
    lines.append(_rule_line(v))
    lines.append(_outcome_line(v))
    return lines


def _member_rows(state: S.SittingState, ids: Sequence[str], tz) -> list[list[Text]]:
    rows: list[list[Text]] = []
    for n, pid in enumerate(ids, start=1):
        member = state.member_index.get(pid)
        att = state.attendance.get(pid)
        name = member.name if member else (att.name if att else pid)
        address = member.address if member else ""
        arrived = local_time(att.arrived_at, tz) if att and att.periods else None
        rows.append([str(n), name, address, arrived if arrived is not None else "—"])
    return rows


def story_protocol(b: PaperBuilder, src: ProtocolSource) -> None:
    """Append the protocol's sections to a builder."""
    st, sitting, tz = src.state, src.sitting, src.tz
    header = Header(src.okrug)
    b.paragraph(header.full(), "subtitle")
    b.spacer(2)
    b.title(
        M(PROTOCOL_TITLES.get(sitting.kind, PROTOCOL_TITLES["meeting"])),
        number_and_date(sitting.number, sitting.held_on),
    )
    if sitting.title:
        b.paragraph(sitting.title, "subtitle")
    if not st.is_closed:
        b.paragraph(
            M(N_("Draft: the sitting has not been closed; this is not the final protocol.")), "heading"
        )

    # 1. Date and place (Reg §12 p. 1).
    rows: list[tuple[Text, Text]] = [
        (M(N_("Date")), sitting.held_on),
        (M(N_("Place")), sitting.place or st.place or "—"),
    ]
    if sitting.territory:
        rows.append((M(N_("Territory")), sitting.territory))
    if st.opened_at:
        rows.append(
            (
                M(N_("Opened")),
                _opened_by(st, tz),
            )
        )
    if st.closed_at:
        rows.append((M(N_("Closed")), M(N_("at {time}"), time=local_time(st.closed_at, tz))))
    b.fields(rows)

    # Registration (Reg §7): result announced before the opening, with place and time.
    b.heading(M(N_("1. Registration of the members")))
    if st.announcements:
        for a in st.announcements:
            b.paragraph(
                MN(
                    "At {time}, at {place}, the result of the registration was announced: {present} of "
                    "{members} member registered; at least {required} are needed for the quorum.",
                    "At {time}, at {place}, the result of the registration was announced: {present} of "
                    "{members} members registered; at least {required} are needed for the quorum.",
                    a.members,
                    time=local_time(a.at, tz),
                    place=sitting.place or st.place or "—",
                    present=a.present,
                    members=a.members,
                    required=a.required,
                )
            )
            b.paragraph(
                M(N_("The sitting is held (quorum present)."))
                if a.quorum_met
                else M(N_("There is no quorum."))
            )
            if a.by:
                b.paragraph(_announced_by(a))
    else:
        b.paragraph(M(N_("No registration result was announced.")))
    if st.quorum_rule in R.RULES:
        quorum = R.RULES[st.quorum_rule]
        b.paragraph(
            M(
                N_("Rule: {rule} ({citation})."),
                rule=clause(quorum.description),
                citation=M(st.citation(st.quorum_rule)),
            ),
            "small",
        )

    # Members (Reg §12 p. 2): present, and absent split into excused (with the reason) and not.
    members_ids = [m.id for m in st.members]
    attended = [pid for pid in members_ids if pid in st.attendance and st.attendance[pid].periods]
    attended_set = set(attended)
    absent = [pid for pid in members_ids if pid not in attended_set]
    excused = [pid for pid in absent if pid in st.excused]
    not_excused = [pid for pid in absent if pid not in st.excused]
    b.heading(M(N_("2. Members")))
    b.paragraph(
        M(
            N_(
                "Members in total: {members}; attended: {attended}; absent: {absent}, of them excused: {excused}."
            ),
            members=len(members_ids),
            attended=len(attended),
            absent=len(absent),
            excused=len(excused),
        )
    )
    cols = [M(N_("No.")), M(N_("Surname, name, patronymic")), M(N_("Address")), M(N_("Registered at"))]
    if attended:
        b.subheading(M(N_("Members present: {n}"), n=len(attended)))
        b.table(cols, _member_rows(st, attended, tz), [0.07, 0.4, 0.38, 0.15], align_right=[0])
    if excused:
        b.subheading(M(N_("Members absent, excused: {n}"), n=len(excused)))
        b.table(
            [*cols[:3], M(N_("Reason"))],
            [
                [*row[:3], st.excused[pid].reason]
                for pid, row in zip(excused, _member_rows(st, excused, tz), strict=True)
            ],
            [0.07, 0.33, 0.3, 0.3],
            align_right=[0],
        )
    if not_excused:
        b.subheading(M(N_("Members absent: {n}"), n=len(not_excused)))
        b.table(
            cols[:3],
            [row[:3] for row in _member_rows(st, not_excused, tz)],
            [0.07, 0.45, 0.48],
            align_right=[0],
        )
    departed = [a for a in st.attendance.values() if a.is_member and not a.present and a.periods]
    if departed:
        b.paragraph(
            M(
                N_("Members who left before the closing: {names}."),
                names=Localized(lambda tr: ", ".join(_departed(a, st, tz).render(tr) for a in departed)),
            ),
            "small",
        )

    # Other participants (Reg §12 p. 3, Reg §10).
    guests = [a for a in st.attendance.values() if not a.is_member]
    b.heading(M(N_("3. Other participants")))
    if guests:
        b.paragraph(
            M(
                N_("Other participants: {n}; they are not members and do not vote (Model Regulation §10)."),
                n=len(guests),
            ),
        )
        b.table(
            [M(N_("No.")), M(N_("Surname, name, patronymic")), M(N_("Role")), M(N_("Organisation"))],
            [
                [
                    str(n),
                    g.name,
                    M(R.GUEST_ROLES[g.role]) if g.role in R.GUEST_ROLES else g.role,
                    g.organisation or "—",
                ]
                for n, g in enumerate(guests, start=1)
            ],
            [0.07, 0.38, 0.3, 0.25],
            align_right=[0],
        )
    else:
        b.paragraph(M(N_("No other participants took part.")))

    # Chair and secretary (Reg §12 p. 4, Reg §8).
    b.heading(M(N_("4. Chair and secretary")))
    for label, officer in ((N_("Chair"), st.chair), (N_("Secretary"), st.secretary)):
        if officer is None:
            b.paragraph(M(N_("{role}: not elected."), role=M(label)))
            continue
        b.paragraph(M(N_("{role}: {name}."), role=M(label), name=officer.name), "subheading")
        vote = st.vote(officer.vote_id)
        if vote is not None:
            b.paragraphs(vote_texts(vote, tz)[1:], "small")
    for officer in st.officers:  # chairing in the chair's absence, a secretary replaced (Reg §8)
        if officer.role == "acting_chair":
            b.paragraph(
                M(
                    N_("While the chair was out of the hall, {name} was elected to chair the sitting."),
                    name=officer.name,
                ),
                "subheading",
            )
        elif officer.role == "secretary" and officer.replaces:
            b.paragraph(
                M(
                    N_("{name} was elected secretary in place of {replaced}; reason: {reason}"),
                    name=officer.name,
                    replaced=officer.replaces,
                    reason=officer.reason,
                ),
                "subheading",
            )
        else:
            continue
        vote = st.vote(officer.vote_id)
        if vote is not None:
            b.paragraphs(vote_texts(vote, tz)[1:], "small")
    b.paragraph(M(N_("Both were elected by open vote (Model Regulation §8).")), "small")

    # Agenda as approved (Reg §9), each item's inclusion vote.
    b.heading(M(N_("5. Agenda")))
    if st.agenda_approved_at:
        b.paragraph(M(N_("The agenda was approved at {time}."), time=local_time(st.agenda_approved_at, tz)))
    else:
        b.paragraph(M(N_("The agenda was not approved.")))
    # The readings are of the Model Regulation: a gathering counts its participants present (Law art. 39-2).
    if st.kind == R.MEETING and st.readings.get("agenda_base") in R.AGENDA_BASE.options:
        b.paragraph(M(R.AGENDA_BASE.describe(st.readings["agenda_base"])), "small")
    agenda_rows = []
    for n, it in enumerate(st.agenda, start=1):
        v = st.vote(it.inclusion_vote) if it.inclusion_vote else None
        counts = [str(v.votes_for), str(v.votes_against), str(v.abstained)] if v else ["—", "—", "—"]
        agenda_rows.append(
            [str(n), it.title, it.reporter or "—", *counts, M(ITEM_STATUS.get(it.status, it.status))]
        )
    if agenda_rows:
        # The three counts are those of each item's inclusion vote (Reg §9).
        b.paragraph(M(N_("Votes on the inclusion of each item:")), "small")
        b.table(
            [
                M(N_("No.")),
                M(N_("Item")),
                M(N_("Reporter")),
                M(N_("For")),
                M(N_("Against")),
                M(N_("Abstained")),
                M(N_("Status")),
            ],
            agenda_rows,
            [0.05, 0.28, 0.15, 0.09, 0.09, 0.16, 0.18],
            align_right=[0, 3, 4, 5],
        )

    # Each item: reporters, speeches, votes, decision (Reg §12 p. 5).
    b.heading(M(N_("6. Consideration of the items")))
    considered = [it for it in st.agenda if it.status in (S.INCLUDED, S.IN_PROGRESS, S.CONSIDERED)]
    if not considered:
        b.paragraph(M(N_("No item was considered.")))
    for n, it in enumerate(considered, start=1):
        _item_section(b, src, it, n)

    # Breaks, written questions, short statements (Reg §11).
    b.heading(M(N_("7. Breaks, written questions and statements")))
    if st.breaks:
        for br in st.breaks:
            end = local_time(br.ended_at, tz)
            msg = (
                M(N_("Break from {start} to {end}."), start=local_time(br.started_at, tz), end=end)
                if end is not None
                else M(N_("Break from {start}, not resumed."), start=local_time(br.started_at, tz))
            )
            b.paragraph(msg)
            if br.reason:
                b.data_text(br.reason)
    else:
        b.paragraph(M(N_("There were no breaks.")))
    free_questions = [q for q in st.questions if q.item_id is None or st.item(q.item_id) is None]
    if free_questions:
        _questions(b, free_questions, tz)
    elif not st.questions:
        b.paragraph(M(N_("No written questions were handed to the chair.")))
    statements = st.speeches_on(None)
    if statements:
        b.subheading(M(N_("Short statements at the end of the sitting")))
        _speeches(b, statements)

    if st.corrections:
        b.heading(M(N_("8. Corrections recorded in the journal")))
        for c in st.corrections:
            b.paragraph(
                M(
                    N_("Event {target} ({type}) was cancelled by event {seq} at {time}: {reason}"),
                    target=str(c.target_seq),
                    type=c.target_type,
                    seq=str(c.seq),
                    time=local_time(c.at, tz),
                    reason=c.reason,
                ),
                "small",
            )

    # Closing.
    b.heading(M(N_("Closing")))
    if st.closed_at:
        b.paragraph(M(N_("The sitting was closed at {time}."), time=local_time(st.closed_at, tz)))
    else:
        b.paragraph(M(N_("The sitting has not been closed.")))

    _readings(b, st)
    if src.handover_due:
        b.paragraph(
            MN(
                "The protocol, signed by the chair and the secretary, is handed to the akim within {days} "
                "working day, no later than {date} ({citation}).",
                "The protocol, signed by the chair and the secretary, is handed to the akim within {days} "
                "working days, no later than {date} ({citation}).",
                src.handover_days,
                days=src.handover_days,
                date=src.handover_due,
                citation=M(src.handover_citation),
            )
        )
    else:
        # The Law sets no deadline for a gathering's protocol, only that it reaches the akim.
        b.paragraph(
            M(
                N_(
                    "The protocol, signed by the chair and the secretary, is handed to the akim ({citation})."
                ),
                citation=M(R.LAW_39_2),
            )
        )
    b.signatures(
        [
            (M(N_("Chair")), st.chair.name if st.chair else ""),
            (M(N_("Secretary")), st.secretary.name if st.secretary else ""),
        ],
        keep_with_next=True,
    )
    _qr(b, src)


def _departed(att: S.Attendance, st: S.SittingState, tz) -> Msg:
    """A member who left: the time, and the reason when the absence was excused afterwards."""
    when = _t(local_time(att.departed_at, tz))
    excuse = st.excused.get(att.person_id)
    if excuse is None:
        return M(N_("{name} ({time})"), name=att.name, time=when)
    return M(N_("{name} ({time}; excused: {reason})"), name=att.name, time=when, reason=excuse.reason)


def _t(value) -> str:
    return "" if value is None else value.strftime("%H:%M")


def _speeches(b: PaperBuilder, speeches: Sequence[S.Speech]) -> None:
    for sp in speeches:
        if sp.status == S.CANCELLED:
            continue
        kind = M(R.SPEECH_KINDS.get(sp.kind, sp.kind))
        b.paragraph(M(N_("{name} ({kind})"), name=sp.name, kind=kind), "subheading")
        if sp.summary:
            b.data_text(sp.summary)
        else:
            b.paragraph(M(N_("No summary was recorded.")), "small")


def _questions(b: PaperBuilder, questions: Sequence[S.WrittenQuestion], tz) -> None:
    b.subheading(M(N_("Written questions")))
    for q in questions:
        announced = local_time(q.announced_at, tz)
        b.paragraph(
            M(
                N_("From {author} to {addressee}, announced at {time}:"),
                author=q.author_name or "—",
                addressee=q.addressee or "—",
                time=announced,
            )
            if announced is not None
            else M(
                N_("From {author} to {addressee}, not announced ({reason}):"),
                author=q.author_name or "—",
                addressee=q.addressee or "—",
                reason=q.left_reason,
            )
            if q.left_reason
            else M(
                N_("From {author} to {addressee}, not announced:"),
                author=q.author_name or "—",
                addressee=q.addressee or "—",
            ),
            "small",
        )
        b.data_text(q.text)


def _item_section(b: PaperBuilder, src: ProtocolSource, it: S.AgendaItem, n: int) -> None:
    st, tz = src.state, src.tz
    b.subheading(M(N_("6.{n}. {title}"), n=str(n), title=it.title))
    kind = R.AGENDA_ITEM_KINDS.get(it.kind)
    if kind:
        b.paragraph(M(N_("Subject: {kind}."), kind=M(kind)), "small")
    if it.left_reason:
        b.paragraph(M(N_("Not considered at this sitting; reason: {reason}"), reason=it.left_reason))
    reporters = [r for r in (it.reporter, *it.co_reporters) if r]
    b.paragraph(
        M(N_("Reporters: {names}."), names=", ".join(reporters))
        if reporters
        else M(N_("No reporter was named."))
    )
    speeches = [sp for sp in st.speeches_on(it.id) if sp.status != S.CANCELLED]
    if speeches:
        b.paragraph(M(N_("Spoke:")), "subheading")
        _speeches(b, speeches)
    questions = [q for q in st.questions if q.item_id == it.id]
    if questions:
        _questions(b, questions, tz)
    print_heard(b, src.heard, it.id)  # reports, non-execution, re-discussions (Reg §13, §17, §18)
    votes = [v for v in st.votes if v.item_id == it.id and v.subject != "agenda_item"]
    for v in votes:
        b.paragraphs(vote_texts(v, tz), "small")
        b.spacer(1)
    print_elected(b, st, it.id)  # a separate gathering: the candidates and the representatives elected
    if it.decision_text:
        adopted = any((v := st.vote(vid)) is not None and v.adopted for vid in it.decision_votes)
        b.paragraph(M(N_("Decided:")) if adopted else M(N_("Proposed decision (not adopted):")), "subheading")
        b.data_text(it.decision_text)


_ACTS = {
    R.MEETING: ("regulation", "law"),
    R.GATHERING: ("law",),
    R.SEPARATE_GATHERING: ("separate_gatherings", "law"),
}


def _opened_by(st: S.SittingState, tz) -> Msg:
    """Who opened the sitting: the akim, or a person he authorised, with the authorisation (Reg §8)."""
    time, person = local_time(st.opened_at, tz), st.opened_by or "—"
    if st.opened_as == "akim":
        return M(N_("at {time} by {person}, the akim"), time=time, person=person)
    if st.opened_as == "authorised":
        return M(
            N_("at {time} by {person}, authorised by the akim ({authorisation})"),
            time=time,
            person=person,
            authorisation=st.opened_authorisation,
        )
    return M(N_("at {time} by {person}"), time=time, person=person)


def _announced_by(a: S.Announcement) -> Msg:
    """Who announced the registration result: the akim or a person he authorised (Reg §7)."""
    if a.capacity == "akim":
        return M(N_("The result was announced by {person}, the akim."), person=a.by)
    if a.capacity == "authorised":
        return M(
            N_("The result was announced by {person}, authorised by the akim ({authorisation})."),
            person=a.by,
            authorisation=a.authorisation,
        )
    return M(N_("The result was announced by {person}."), person=a.by)


def _readings(b: PaperBuilder, st: S.SittingState) -> None:
    b.heading(M(N_("Rule readings in force")))
    b.paragraph(
        M(
            N_(
                "Where the regulation can be read in more than one way, this sitting followed the readings below "
                "(settings of the program, frozen when the journal was opened)."
            )
        ),
        "small",
    )
    # The readings and fixed rules in force, as the engine lists them (``rules.readings_in_force``).
    lines: list[Text] = [
        M(N_("{reading} ({citation})"), reading=clause(r.text), citation=M(r.citation))
        for r in R.readings_in_force(st.kind, st.readings, st.sources)
    ]
    acts = [st.sources[subject] for subject in _ACTS.get(st.kind, ()) if subject in st.sources]
    for act in acts:
        title = act.get("title") if isinstance(act, dict) else None
        text = title.get("en", "") if isinstance(title, dict) else str(title or "")
        if text:
            lines.append(M(N_("Act applied: {title}."), title=M(text)))
    b.paragraphs(lines, "small")


def _qr(b: PaperBuilder, src: ProtocolSource) -> None:
    st = src.state
    # Upper case only, so the QR code uses its compact alphanumeric mode (a smaller, sturdier symbol).
    payload = f"ZHOOB:PROTOCOL:{src.sitting.id}:{src.sitting.number}:{st.seq}:{st.last_hash}".upper()
    chain: Text = (
        MN(
            "The journal's chain of hashes was verified: {n} event.",
            "The journal's chain of hashes was verified: {n} events.",
            src.events,
            n=src.events,
        )
        if src.chain_ok
        else M(N_("The journal's chain of hashes did NOT verify: {problem}"), problem=src.chain_problem)
    )
    b.qr_block(
        payload,
        [
            M(N_("Final hash of the journal (SHA-256, event {seq}):"), seq=str(st.seq)),
            st.last_hash,
            M(N_("Sitting: {id}"), id=src.sitting.id),
            chain,
            M(N_("Compare this hash with the journal in the bundle to match the paper to the record.")),
        ],
    )
