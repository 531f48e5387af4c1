"""The papers that go with a protocol: registration sheet, notice, extract of a decision, annex.

* the registration sheet (тіркеу парағы) lists the members with a column to
  sign in, printable before the sitting (Reg §7);
* the notice (хабарландыру) gives the time, place and agenda for the notice
  board (Reg §6);
* the extract (хаттамадан үзінді) repeats one item's decision with its vote;
* the annex (қосымша) lists the attendance of every member and, for each vote
  taken by roll call, how each member voted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from zhoob_desktop.services.documents.common import (
    EXTRACT_TITLES,
    NOTICE_SENTENCES,
    NOTICE_SENTENCES_NO_TIME,
    NOTICE_TITLES,
    REGISTRATION_SUBTITLES,
    Header,
    local_time,
    number_and_date,
)
from zhoob_desktop.services.documents.layout import PageFrame, PaperBuilder, build_pdf
from zhoob_desktop.services.documents.protocol import CHOICE_LABELS, SUBJECTS, vote_texts
from zhoob_desktop.services.documents.source import ProtocolSource, SittingFacts
from zhoob_desktop.services.documents.text import MN, M, Text
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.services.okrug import OkrugInfo

REGISTRATION_TITLE = N_("Registration sheet of the members")
ANNEX_TITLE = N_("Annex to the protocol: attendance and votes")


class NoSuchItem(ZhoobError):
    template = N_("The sitting has no agenda item number {item}; it has {count} considered items.")


class NoDecision(ZhoobError):
    template = N_("Item {item} has no decision text yet, so there is nothing to extract.")


@dataclass(frozen=True)
class ListedMember:
    """A member on the registration sheet."""

    name: str
    iin: str
    address: str


def _frame(okrug: OkrugInfo | None, title: Text, footer: Text = "") -> PageFrame:
    return PageFrame(header=Header(okrug).full(), title=title, footer=footer)


def _heading_block(b: PaperBuilder, okrug: OkrugInfo | None, title: Text, subtitle: Text) -> None:
    b.paragraph(Header(okrug).full(), "subtitle")
    b.spacer(2)
    b.title(title, subtitle)


def _when_where(b: PaperBuilder, sitting: SittingFacts) -> None:
    rows: list[tuple[Text, Text]] = [(M(N_("Date")), sitting.held_on)]
    if sitting.starts_at is not None:
        rows.append((M(N_("Time")), sitting.starts_at))
    rows.append((M(N_("Place")), sitting.place or "—"))
    if sitting.territory:
        rows.append((M(N_("Territory")), sitting.territory))
    b.fields(rows)


def build_registration_sheet(
    sitting: SittingFacts, members: Sequence[ListedMember], okrug: OkrugInfo | None, mode: str
) -> bytes:
    """The sheet the apparatus has members sign at the door (Reg §7)."""
    b = PaperBuilder(mode)
    title = M(REGISTRATION_TITLE)
    subtitle = REGISTRATION_SUBTITLES.get(sitting.kind, REGISTRATION_SUBTITLES["meeting"])
    _heading_block(b, okrug, title, M(subtitle, when=number_and_date(sitting.number, sitting.held_on)))
    _when_where(b, sitting)
    b.paragraph(
        M(
            N_(
                "Members on the list: {n}. Registration is held before the sitting opens (Model Regulation §7)."
            ),
            n=len(members),
        )
    )
    b.spacer(2)
    b.table(
        [
            M(N_("No.")),
            M(N_("Surname, name, patronymic")),
            M(N_("IIN")),
            M(N_("Address")),
            M(N_("Time")),
            M(N_("Signature")),
        ],
        [[str(n), m.name, m.iin or "—", m.address or "—", "", ""] for n, m in enumerate(members, start=1)],
        [0.05, 0.29, 0.15, 0.24, 0.09, 0.18],
        align_right=[0],
        row_padding=7,
    )
    b.signatures([(M(N_("Registration kept by")), "")])
    short = M(N_("Registration sheet {when}"), when=number_and_date(sitting.number, sitting.held_on))
    return build_pdf(b, _frame(okrug, short), title=b.joined(title), subject=b.joined(short))


def build_notice(
    sitting: SittingFacts,
    okrug: OkrugInfo | None,
    mode: str,
    *,
    akim_name: str = "",
    notice_by: date | None = None,
    notice_days: int = 10,
    materials_by: date | None = None,
    materials_days: int = 5,
) -> bytes:
    """The notice for the board: time, place and agenda (Reg §6)."""
    b = PaperBuilder(mode)
    title = M(NOTICE_TITLES.get(sitting.kind, NOTICE_TITLES["meeting"]))
    _heading_block(b, okrug, title, number_and_date(sitting.number, sitting.held_on))
    if sitting.starts_at is not None:
        sentence = NOTICE_SENTENCES.get(sitting.kind, NOTICE_SENTENCES["meeting"])
        b.paragraph(M(sentence, date=sitting.held_on, time=sitting.starts_at, place=sitting.place or "—"))
    else:
        sentence = NOTICE_SENTENCES_NO_TIME.get(sitting.kind, NOTICE_SENTENCES_NO_TIME["meeting"])
        b.paragraph(M(sentence, date=sitting.held_on, place=sitting.place or "—"))
    if sitting.territory:
        b.paragraph(M(N_("Territory: {name}."), name=sitting.territory))
    b.heading(M(N_("Agenda")))
    if sitting.agenda:
        rows = [[str(n), it.title, it.reporter or "—"] for n, it in enumerate(sitting.agenda, start=1)]
        b.table([M(N_("No.")), M(N_("Item")), M(N_("Reporter"))], rows, [0.07, 0.63, 0.3], align_right=[0])
    else:
        b.paragraph(M(N_("The agenda will be announced.")))
    b.spacer(3)
    b.paragraph(
        M(
            N_(
                "Registration of the members starts before the opening. Members may propose items for the "
                "agenda to the apparatus of the akim; the materials are available there."
            )
        )
    )
    # Reg §6 binds the meeting; the Law sets the same ten days for the notice of a gathering.
    citation = R.REG_6 if sitting.kind == R.MEETING else R.LAW_39_2
    if notice_by is not None:
        b.paragraph(
            MN(
                "Members are notified no later than {days} calendar day before the sitting, by {date} ({citation}).",
                "Members are notified no later than {days} calendar days before the sitting, by {date} ({citation}).",
                notice_days,
                days=notice_days,
                date=notice_by,
                citation=M(citation),
            ),
            "small",
        )
    if materials_by is not None and sitting.kind == R.MEETING:
        b.paragraph(
            MN(
                "The materials reach the members and the akim no later than {days} calendar day before the "
                "sitting, by {date} ({citation}).",
                "The materials reach the members and the akim no later than {days} calendar days before the "
                "sitting, by {date} ({citation}).",
                materials_days,
                days=materials_days,
                date=materials_by,
                citation=M(R.REG_6),
            ),
            "small",
        )
    b.signatures([(M(N_("Akim of the rural okrug")), akim_name)])
    short = M(N_("Notice {when}"), when=number_and_date(sitting.number, sitting.held_on))
    return build_pdf(b, _frame(okrug, short), title=b.joined(title), subject=b.joined(short))


def considered_items(state: S.SittingState) -> list[S.AgendaItem]:
    """The items that were on the approved agenda, in order (their numbers in the protocol)."""
    return [it for it in state.agenda if it.status in (S.INCLUDED, S.IN_PROGRESS, S.CONSIDERED)]


def build_extract(source: ProtocolSource, item_number: int, mode: str) -> bytes:
    """The extract of one item's decision from the protocol, with its vote (шешімнен үзінді)."""
    st, sitting, tz = source.state, source.sitting, source.tz
    items = considered_items(st)
    if not 1 <= item_number <= len(items):
        raise NoSuchItem(item=item_number, count=len(items))
    it = items[item_number - 1]
    if not it.decision_text:
        raise NoDecision(item=item_number)
    b = PaperBuilder(mode)
    title = M(EXTRACT_TITLES.get(sitting.kind, EXTRACT_TITLES["meeting"]))
    _heading_block(b, source.okrug, title, number_and_date(sitting.number, sitting.held_on))
    _when_where(b, sitting)
    b.paragraph(
        M(
            N_("Members in total: {members}; present: {present}."),
            members=st.member_count,
            present=len([a for a in st.attendance.values() if a.is_member and a.periods]),
        )
    )
    if st.chair or st.secretary:
        b.paragraph(
            M(
                N_("Chair: {chair}. Secretary: {secretary}."),
                chair=st.chair.name if st.chair else "—",
                secretary=st.secretary.name if st.secretary else "—",
            )
        )
    b.heading(M(N_("Item {n} of the agenda: {title}"), n=str(item_number), title=it.title))
    reporters = [r for r in (it.reporter, *it.co_reporters) if r]
    if reporters:
        b.paragraph(M(N_("Reporters: {names}."), names=", ".join(reporters)))
    for vid in it.decision_votes:
        v = st.vote(vid)
        if v is not None:
            b.paragraphs(vote_texts(v, tz), "small")
    adopted = any((v := st.vote(vid)) is not None and v.adopted for vid in it.decision_votes)
    b.paragraph(M(N_("Decided:")) if adopted else M(N_("Proposed decision (not adopted):")), "subheading")
    b.data_text(it.decision_text)
    b.spacer(3)
    b.paragraph(M(N_("The extract is true to the protocol.")))
    b.signatures(
        [
            (M(N_("Chair")), st.chair.name if st.chair else ""),
            (M(N_("Secretary")), st.secretary.name if st.secretary else ""),
        ]
    )
    b.paragraph(M(N_("Final hash of the journal (SHA-256, event {seq}):"), seq=str(st.seq)), "small")
    b.data_text(st.last_hash, "mono")
    short = M(
        N_("Extract, item {n}, protocol {when}"),
        n=str(item_number),
        when=number_and_date(sitting.number, sitting.held_on),
    )
    return build_pdf(b, _frame(source.okrug, short), title=b.joined(title), subject=b.joined(short))


def build_annex(source: ProtocolSource, mode: str) -> bytes:
    """The annex: every member's attendance, and the roll-call table of each roll-call vote."""
    st, sitting, tz = source.state, source.sitting, source.tz
    b = PaperBuilder(mode)
    title = M(ANNEX_TITLE)
    _heading_block(
        b,
        source.okrug,
        title,
        M(N_("to the protocol {when}"), when=number_and_date(sitting.number, sitting.held_on)),
    )
    b.heading(M(N_("Attendance of the members")))
    rows: list[list[Text]] = []
    for n, m in enumerate(st.members, start=1):
        att = st.attendance.get(m.id)
        periods = att.periods if att else ()
        if periods:
            spans = "; ".join(
                f"{_hm(local_time(a, tz))}–{_hm(local_time(d, tz)) if d else ''}" for a, d in periods
            )
            # A member who left and was excused afterwards: the reason after the attendance.
            status = (
                M(N_("present, left; excused: {reason}"), reason=st.excused[m.id].reason)
                if m.id in st.excused
                else M(N_("present"))
            )
            rows.append([str(n), m.name, m.iin or "—", status, spans])
        elif m.id in st.excused:
            reason = st.excused[m.id].reason
            rows.append(
                [str(n), m.name, m.iin or "—", M(N_("absent, excused: {reason}"), reason=reason), "—"]
            )
        else:
            rows.append([str(n), m.name, m.iin or "—", M(N_("absent")), "—"])
    b.table(
        [
            M(N_("No.")),
            M(N_("Surname, name, patronymic")),
            M(N_("IIN")),
            M(N_("Attendance")),
            M(N_("Arrived – left")),
        ],
        rows,
        [0.06, 0.3, 0.15, 0.3, 0.19],
        align_right=[0],
    )
    b.heading(M(N_("Votes")))
    summary = []
    for n, v in enumerate(st.votes, start=1):
        item = st.item(v.item_id) if v.item_id else None
        detail = item.title if item else (v.candidate_name or "—")
        # The subject in each language, the title (data) once.
        what = f"{b.joined(M(SUBJECTS.get(v.subject, v.subject)))}: {detail}"
        summary.append(
            [
                str(n),
                _hm(local_time(v.at, tz)),
                what,
                str(v.votes_for),
                str(v.votes_against),
                str(v.abstained),
                M(_outcome(v)),
            ]
        )
    if summary:
        b.table(
            [
                M(N_("No.")),
                M(N_("Time")),
                M(N_("Question")),
                M(N_("For")),
                M(N_("Against")),
                M(N_("Abstained")),
                M(N_("Result")),
            ],
            summary,
            [0.05, 0.1, 0.30, 0.09, 0.09, 0.16, 0.21],
            align_right=[0, 3, 4, 5],
        )
    else:
        b.paragraph(M(N_("No votes were taken.")))
    for n, v in enumerate(st.votes, start=1):
        if v.method != "roll_call":
            continue
        b.subheading(M(N_("Roll call of vote {n}"), n=str(n)))
        b.paragraphs(vote_texts(v, tz), "small")
        roll_rows = []
        for k, pid in enumerate(v.present_members, start=1):
            member = st.member_index.get(pid)
            choice = v.roll_call.get(pid)
            roll_rows.append(
                [
                    str(k),
                    member.name if member else pid,
                    M(CHOICE_LABELS[choice]) if choice in CHOICE_LABELS else M(N_("did not vote")),
                ]
            )
        b.table(
            [M(N_("No.")), M(N_("Surname, name, patronymic")), M(N_("Vote"))],
            roll_rows,
            [0.08, 0.62, 0.3],
            align_right=[0],
        )
    if not any(v.method == "roll_call" for v in st.votes):
        b.paragraph(M(N_("No vote was taken by roll call.")), "small")
    b.signatures(
        [
            (M(N_("Chair")), st.chair.name if st.chair else ""),
            (M(N_("Secretary")), st.secretary.name if st.secretary else ""),
        ]
    )
    short = M(N_("Annex to protocol {when}"), when=number_and_date(sitting.number, sitting.held_on))
    return build_pdf(b, _frame(source.okrug, short), title=b.joined(title), subject=b.joined(short))


def _outcome(v: S.Vote) -> str:
    from zhoob_desktop.services.documents.protocol import OUTCOMES

    if v.reached_by == "casting_vote":
        return (
            N_("adopted by the chair's casting vote")
            if v.adopted
            else N_("rejected by the chair's casting vote")
        )
    return OUTCOMES.get(v.outcome, v.outcome)


def _hm(value) -> str:
    return "" if value is None else value.strftime("%H:%M")
