"""The papers that go with a protocol: registration sheet, notice, extract of a decision, annex.

* the registration sheet (тіркеу парағы) lists the members with a column to
  sign in, a totals line and the registrar's signature (Reg §7);
* the notice (хабарландыру) gives the day, time, place and agenda in large
  print for the notice board, dated the day it is given (Reg §6);
* the extract (хаттамадан үзінді) repeats one item as the protocol has it and
  ends "Үзінді дұрыс / Выписка верна" with the certifier's name and the date;
* the annex (қосымша) lists the members present and absent, the invited
  persons, and each roll-call vote name by name.

IINs are masked on the sheet and the annex (they go on a wall and to the
district) unless the okrug's paper settings ask for whole ones; no paper
prints home addresses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from zhoob_desktop.services.documents import conventions as C
from zhoob_desktop.services.documents.common import local_time, okrug_heading, okrug_name
from zhoob_desktop.services.documents.layout import PageFrame, PaperBuilder, build_pdf
from zhoob_desktop.services.documents.protocol import (
    NUMBER,
    decision_outcome,
    formula_line,
    signers_of,
    speech_lead,
)
from zhoob_desktop.services.documents.source import ProtocolSource, SittingFacts
from zhoob_desktop.services.documents.text import DateOf, Localized, M, Text, clock_time
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.services.okrug import OkrugInfo
from zhoob_desktop.services.okrug_papers import PaperSettings
from zhoob_desktop.services.texts import TextBook

NOTICE_BODY = 13.0  # the notice is read on a board from a step away


class NoSuchItem(ZhoobError):
    template = N_("The sitting has no agenda item number {item}; it has {count} considered items.")


class NoDecision(ZhoobError):
    template = N_("Item {item} has no decision text yet, so there is nothing to extract.")


@dataclass(frozen=True)
class ListedMember:
    """A member on the registration sheet, with the time he registered when the sitting was held."""

    name: str
    iin: str
    arrived: str = ""


def _frame(okrug: OkrugInfo | None, title: Text, *, draft: bool = False) -> PageFrame:
    return PageFrame(header=okrug_name(okrug), title=title, draft=draft)


def _when_where(b: PaperBuilder, sitting: SittingFacts, *, start: bool = True) -> None:
    rows: list[tuple[Text, Text]] = [(M(N_("Day:")), sitting.held_on)]
    if start and sitting.starts_at is not None:
        rows.append((M(N_("Beginning:")), sitting.starts_at))
    if sitting.place:
        rows.append((M(N_("Venue:")), b.data(sitting.place)))
    if sitting.territory:
        rows.append((M(N_("Territory:")), b.data(sitting.territory)))
    b.fields(rows)


def build_registration_sheet(
    sitting: SittingFacts,
    members: Sequence[ListedMember],
    okrug: OkrugInfo | None,
    mode: str,
    *,
    settings: PaperSettings | None = None,
    book: TextBook | None = None,
    registered: int | None = None,
) -> bytes:
    """The sheet the apparatus has members sign at the door (Reg §7), with totals and the registrar."""
    settings = settings or PaperSettings()
    b = PaperBuilder(mode, book=book)
    heading = M(
        C.REGISTRATION_HEADING.get(sitting.kind, C.REGISTRATION_HEADING["meeting"]),
        okrug=okrug_heading(okrug, settings),
    )
    b.heading_block(heading, logo=settings.logo_bytes())
    _when_where(b, sitting)
    b.spacer(2)
    b.table(
        [
            M(N_("No.")),
            M(N_("Surname, name, patronymic")),
            M(N_("IIN")),
            M(N_("Time of arrival")),
            M(N_("Signature")),
        ],
        [
            [str(n), m.name, C.mask_iin(m.iin, settings.full_iin), m.arrived, ""]
            for n, m in enumerate(members, start=1)
        ],
        [0.06, 0.42, 0.17, 0.13, 0.22],
        align_right=[0],
        row_padding=7,
    )
    registered_text: Text = str(registered) if registered is not None else "________"
    b.lines(
        [
            M(N_("On the list — {n}."), n=len(members)),
            M(N_("Registered — {n}."), n=registered_text),
        ],
        "left",
    )
    position = Localized(
        lambda tr: settings.registrar_position(tr.lang) or tr._(N_("Keeper of the registration"))
    )
    b.signatures([(position, C.short_name(settings.registrar_name))])
    short = M(N_("Registration sheet, {date}"), date=sitting.held_on)
    return build_pdf(
        b, _frame(okrug, short), title=b.joined(heading).replace("\n", " "), subject=b.joined(short)
    )


def build_notice(
    sitting: SittingFacts,
    okrug: OkrugInfo | None,
    mode: str,
    *,
    akim_name: str = "",
    settings: PaperSettings | None = None,
    book: TextBook | None = None,
    given_on: date | None = None,
    notice_days: int = 10,
) -> bytes:
    """The notice for the board: day, time, place and agenda in large print, signed by the akim (Reg §6)."""
    settings = settings or PaperSettings()
    b = PaperBuilder(mode, body=NOTICE_BODY, book=book)
    b.heading_block(M(C.NOTICE_HEADING), logo=settings.logo_bytes())
    sentence = {
        R.MEETING: N_("The meeting of the local community of {okrug} is convened."),
        R.GATHERING: N_("The gathering of the local community of {okrug} is convened."),
        R.SEPARATE_GATHERING: N_("The separate gathering of the local community of {okrug} is convened."),
    }.get(sitting.kind, N_("The meeting of the local community of {okrug} is convened."))
    b.paragraph(M(sentence, okrug=okrug_heading(okrug, settings)), "center")
    b.spacer(3)
    _when_where(b, sitting)
    b.spacer(3)
    b.section(M(C.AGENDA_WORD))
    if sitting.agenda:
        for n, it in enumerate(sitting.agenda, start=1):
            texts: list[Text] = [M(N_("{n}. {title}"), n=str(n), title=b.data(it.title))]
            if it.reporter:
                texts.append(M(N_("Reporter — {name}."), name=b.data(it.reporter, stop=False)))
            for co in it.co_reporters:
                texts.append(M(N_("Co-reporter — {name}."), name=b.data(co, stop=False)))
            b.item(texts)
    else:
        b.paragraph(M(N_("The agenda will be announced.")))
    b.spacer(3)
    kind_lines = {
        R.MEETING: N_(
            "Registration of the members starts before the opening. The materials on the items are available "
            "at the apparatus of the akim."
        ),
    }
    b.paragraph(
        M(
            kind_lines.get(
                sitting.kind,
                N_("Registration of the participants starts before the opening."),
            )
        ),
        "left",
    )
    name = akim_name or settings.akim_name
    position = Localized(lambda tr: settings.akim_position(tr.lang) or tr._(N_("Akim of the rural okrug")))
    b.signatures([(position, C.short_name(name))], after=[given_on] if given_on else ())
    short = M(N_("Notice, {date}"), date=sitting.held_on)
    return build_pdf(b, _frame(okrug, short), title=b.joined(M(C.NOTICE_HEADING)), subject=b.joined(short))


def considered_items(state: S.SittingState) -> list[S.AgendaItem]:
    """The items that were on the approved agenda, in order (their numbers in the protocol)."""
    return [it for it in state.agenda if it.status in (S.INCLUDED, S.IN_PROGRESS, S.CONSIDERED)]


def build_extract(source: ProtocolSource, item_number: int, mode: str, *, made_on: date) -> bytes:
    """One item of the protocol as the protocol has it, certified "Үзінді дұрыс / Выписка верна"."""
    st, sitting = source.state, source.sitting
    items = considered_items(st)
    if not 1 <= item_number <= len(items):
        raise NoSuchItem(item=item_number, count=len(items))
    it = items[item_number - 1]
    votes = [v for v in st.votes if v.item_id == it.id and v.subject == "decision"]
    if not it.decision_text and not votes:
        raise NoDecision(item=item_number)
    settings = source.settings
    b = PaperBuilder(mode, book=source.book)
    heading = C.heading(
        C.EXTRACT_HEADING,
        kind=sitting.kind,
        okrug=okrug_heading(source.okrug, settings),
        date=DateOf(sitting.held_on),
        number=sitting.number or C.NUMBER_BLANK,
    )
    b.heading_block(heading, logo=settings.logo_bytes())
    place = sitting.place or st.place
    b.place_line(
        sitting.held_on, M(NUMBER, number=sitting.number or C.NUMBER_BLANK), b.data(place) if place else ""
    )
    present = len([a for a in st.attendance.values() if a.is_member and a.periods])
    b.lines(
        [
            M(N_("Representatives elected to the gathering in total — {n}."), n=st.member_count)
            if st.with_representatives
            else M(N_("Members of the meeting in total — {n}."), n=st.member_count)
            if st.kind == R.MEETING
            else M(N_("Community members in total — {n}."), n=st.member_count),
            M(N_("Present — {n}."), n=present),
        ],
        "left",
    )
    kind = st.kind
    officers: list[Text] = []
    if st.chair:
        officers.append(
            M(N_("{role} — {name}."), role=M(C.CHAIR_OF.get(kind, C.CHAIR_OF["meeting"])), name=st.chair.name)
        )
    if st.secretary:
        officers.append(
            M(
                N_("{role} — {name}."),
                role=M(C.SECRETARY_OF.get(kind, C.SECRETARY_OF["meeting"])),
                name=st.secretary.name,
            )
        )
    if officers:
        b.lines(officers, "left")
    b.spacer(2)
    b.section(M(C.AGENDA_WORD))
    lines: list[Text] = [M(N_("{n}. {title}"), n=str(item_number), title=b.data(it.title))]
    if it.reporter:
        lines.append(M(N_("Reporter — {name}."), name=b.data(it.reporter, stop=False)))
    b.item(lines)
    b.spacer(2)
    b.section(M(C.HEARD))
    reports = [
        sp for sp in st.speeches_on(it.id) if sp.kind in (R.REPORT, R.CO_REPORT) and sp.status != S.CANCELLED
    ]
    if reports:
        for sp in reports:
            b.paragraph(b.data(sp.summary) if sp.summary else "", "left", lead=speech_lead(b, source, sp))
    elif it.reporter:
        b.paragraph(b.data(it.reporter))
    for v in votes:
        with b.together():
            if v.adopted:
                b.section(M(C.decision_word(settings.decision_word)))
            else:
                b.paragraph(M(N_("Draft decision put to the vote:")), "bold", keep_with_next=True)
            b.points(b.data(v.text))
            b.paragraph(formula_line(v))
            b.paragraph(decision_outcome(v))
    if not votes:
        with b.together():
            b.paragraph(M(N_("Draft decision (not yet voted on):")), "bold", keep_with_next=True)
            b.points(b.data(it.decision_text))
    b.signatures(signers_of(source))
    certifier = settings.certifier_name or (st.secretary.name if st.secretary else "")
    position = Localized(
        lambda tr: (
            settings.certifier_position(tr.lang) or tr._(C.SECRETARY_OF.get(kind, C.SECRETARY_OF["meeting"]))
        )
    )
    b.signatures(
        [(position, C.short_name(certifier))], before=[M(N_("The extract is correct"))], after=[made_on]
    )
    short = M(
        N_("Extract, item {n}, protocol No. {number}"),
        n=str(item_number),
        number=sitting.number or C.NUMBER_BLANK,
    )
    return build_pdf(
        b,
        _frame(source.okrug, short, draft=source.draft),
        title=b.joined(heading).replace("\n", " "),
        subject=b.joined(short),
    )


def _attendance_status(m: S.Member, st: S.SittingState, tz, b: PaperBuilder) -> tuple[Text, str]:
    """The attendance of one member as the annex prints it, and the times (arrived–left)."""
    att = st.attendance.get(m.id)
    periods = att.periods if att else ()
    excuse = st.excused.get(m.id)
    if not periods:
        if excuse is not None:
            return M(N_("did not attend for a valid reason: {reason}"), reason=b.data(excuse.reason)), "—"
        return M(N_("did not attend")), "—"
    closing = local_time(st.closed_at, tz)
    spans = []
    for arrived, left in periods:
        start = clock_time(local_time(arrived, tz))
        end = local_time(left, tz) if left is not None else closing
        spans.append(f"{start}–{clock_time(end)}" if end is not None else start)
    if excuse is not None:  # left during the sitting, excused afterwards
        return M(N_("attended in part; valid reason: {reason}"), reason=b.data(excuse.reason)), "; ".join(
            spans
        )
    if att is not None and not att.present:
        return M(N_("attended in part")), "; ".join(spans)
    return M(N_("attended")), "; ".join(spans)


def build_annex(source: ProtocolSource, mode: str) -> bytes:
    """The annex: the members present and absent, the invited persons, and each roll-call vote by name."""
    st, sitting, tz = source.state, source.sitting, source.tz
    settings = source.settings
    b = PaperBuilder(mode, book=source.book)
    heading = C.heading(
        C.ANNEX_HEADING,
        kind=sitting.kind,
        okrug=okrug_heading(source.okrug, settings),
        date=DateOf(sitting.held_on),
        number=sitting.number or C.NUMBER_BLANK,
    )
    b.heading_block(heading, logo=settings.logo_bytes())
    b.section(M(N_("1. List of the members and their attendance")), table_follows=True)
    rows: list[list[Text]] = []
    present = 0
    for n, m in enumerate(st.members, start=1):
        status, times = _attendance_status(m, st, tz, b)
        if st.attendance.get(m.id) and st.attendance[m.id].periods:
            present += 1
        rows.append([str(n), m.name, C.mask_iin(m.iin, settings.full_iin), status, times])
    b.table(
        [M(N_("No.")), M(N_("Surname, name, patronymic")), M(N_("IIN")), M(N_("Attendance")), M(N_("Present (time)"))],
        rows,
        [0.06, 0.36, 0.16, 0.26, 0.16],
        align_right=[0],
        total=M(
            N_("In total — {n}; present — {present}; absent — {absent}"),
            n=len(st.members),
            present=present,
            absent=len(st.members) - present,
        ),
    )  # fmt: skip
    guests = [a for a in st.attendance.values() if not a.is_member]
    b.section(M(N_("2. Invited persons (they do not vote)")), table_follows=True)
    if guests:
        b.table(
            [M(N_("No.")), M(N_("Surname, name, patronymic")), M(N_("Invited as")), M(N_("Organisation"))],
            [
                [
                    str(n),
                    g.name,
                    M(R.GUEST_ROLES[g.role]) if g.role in R.GUEST_ROLES else g.role,
                    b.data(g.organisation) if g.organisation else "—",
                ]
                for n, g in enumerate(guests, start=1)
            ],
            [0.06, 0.36, 0.29, 0.29],
            align_right=[0],
        )
    else:
        b.paragraph(M(N_("No invited persons took part.")))
        b.spacer(3)
    roll_calls = [v for v in st.votes if v.method == "roll_call"]
    b.section(M(N_("3. Votes by roll call")))
    if not roll_calls:
        b.paragraph(M(N_("No vote was taken by roll call.")))
    items = {it.id: n for n, it in enumerate(considered_items(st), start=1)}
    for v in roll_calls:
        item = st.item(v.item_id) if v.item_id else None
        if item is not None and item.id in items:
            what: Text = M(
                N_("Item {n} of the agenda: {title}"), n=str(items[item.id]), title=b.data(item.title)
            )
        elif v.candidate_name:
            what = M(N_("Election — {name}"), name=v.candidate_name)
        else:
            what = M(N_("Vote at {time}"), time=local_time(v.at, tz))
        b.section(what, table_follows=True)
        b.paragraph(formula_line(v))
        labels = {"for": N_("vote: for"), "against": N_("vote: against"), "abstain": N_("vote: abstained")}
        roll_rows = []
        for k, pid in enumerate(v.present_members, start=1):
            member = st.member_index.get(pid)
            choice = v.roll_call.get(pid)
            roll_rows.append(
                [
                    str(k),
                    member.name if member else pid,
                    M(labels[choice]) if choice in labels else M(N_("vote: none cast")),
                ]
            )
        b.table(
            [M(N_("No.")), M(N_("Surname, name, patronymic")), M(N_("Vote"))],
            roll_rows,
            [0.08, 0.62, 0.3],
            align_right=[0],
        )
    b.signatures(signers_of(source))
    short = M(N_("Annex to protocol No. {number}"), number=sitting.number or C.NUMBER_BLANK)
    return build_pdf(
        b, _frame(source.okrug, short, draft=source.draft), title=b.joined(heading).replace("\n", " "),
        subject=b.joined(short),
    )  # fmt: skip
