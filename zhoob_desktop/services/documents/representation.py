"""Papers of representation and of the members' initiative.

* the quota table (өкілдер санының кестесі): per village, street or building,
  the residents registered and those entitled to take part on a day, the
  norm's calculation with its rounding, the representatives due — the annex
  to the akim's draft of the procedure the district maslikhat approves;
* the signature sheet (қолтаңба парағы) of an initiative, printed from the
  register: surname, name, patronymic, address and a column to sign;
* the petition (өтініш) to the district akim (a gathering, Law art. 39-3) or
  the application to the akim (a meeting, Reg §5), with the agenda, the
  signers that count and the share on the figure it is computed from;
* in the protocol of a separate gathering, the representatives elected.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from zhoob_desktop.services.documents.common import okrug_line, okrug_name
from zhoob_desktop.services.documents.conventions import short_name, vote_formula
from zhoob_desktop.services.documents.layout import PageFrame, PaperBuilder, build_pdf
from zhoob_desktop.services.documents.text import MN, Localized, M, Text
from zhoob_desktop.services.i18n import N_, format_fixed, format_number
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting import state as S
from zhoob_desktop.services.meeting.initiatives import InitiativeInfo
from zhoob_desktop.services.meeting.representation import (
    BASES,
    ROUNDINGS,
    QuotaTable,
)
from zhoob_desktop.services.okrug import OkrugInfo
from zhoob_desktop.services.register.membership import MemberRef

QUOTA_TITLE = N_("Number of representatives of the residents of villages, streets and apartment buildings")
SHEET_TITLE = N_("Signature sheet")
PETITION_TITLE = N_("Petition to convene a gathering of the local community")
APPLICATION_TITLE = N_("Application to convene a sitting of the meeting of the local community")
UNIT_HEADERS = {
    "settlement": N_("Village"),
    "street": N_("Street"),
    "house": N_("Apartment building"),
}


def _frame(okrug: OkrugInfo | None, short: Text) -> PageFrame:
    return PageFrame(header=okrug_name(okrug), title=short)


def _heading(b: PaperBuilder, okrug: OkrugInfo | None, title: Text, subtitle: Text) -> None:
    b.paragraph(okrug_line(okrug), "center_bold")
    b.spacer(2)
    b.heading_block(title)
    b.paragraph(subtitle, "center")
    b.spacer(2)


def _fields(b: PaperBuilder, rows: Sequence[tuple[Text, Text]]) -> None:
    """Label: value lines, the label in bold."""
    for label, value in rows:
        b.paragraph(value, "left", lead=M(N_("{label}:"), label=label))


def build_quota_table(
    table: QuotaTable, okrug: OkrugInfo | None, mode: str, *, model_rules: str, akim_name: str = ""
) -> bytes:
    """The table of representatives due per unit, with the norm, its rounding and its base stated.

    ``model_rules``: the short citation (msgid) of the Model Rules in force on the decision's date.
    """
    p = table.procedure
    b = PaperBuilder(mode)
    title = M(QUOTA_TITLE)
    _heading(
        b,
        okrug,
        title,
        M(N_("for participation in the gathering of the local community, on {date}"), date=table.on),
    )
    rows: list[tuple[Text, Text]] = [
        (
            M(N_("Procedure")),
            M(
                N_("approved by decision No. {number} of {date} of {body}"),
                number=p.decision_number,
                date=p.decision_date,
                body=p.decision_body,
            ),
        ),
        (
            M(N_("Norm")),
            M(N_("one representative per {per} persons"), per=p.norm_per)
            if p.norm_per
            else M(N_("the numbers listed by the decision")),
        ),
        (M(N_("Counted on")), M(BASES[p.norm_basis])),
        (M(N_("Rounding")), M(ROUNDINGS[p.rounding])),
        (M(N_("Least number per unit")), str(p.minimum)),
        (
            M(N_("Who takes part")),
            M(N_("residents of {age} years and over"), age=p.age)
            if not p.residence
            else M(N_("residents of {age} years and over, {condition}"), age=p.age, condition=p.residence),
        ),
        (M(N_("Quorum of a separate gathering")), _share(p.quorum)),
    ]
    if p.term_years:
        rows.append(
            (M(N_("Term of the representatives")), MN("{n} year", "{n} years", p.term_years, n=p.term_years))
        )
    _fields(b, rows)
    b.spacer(2)
    unit_head = M(UNIT_HEADERS[p.unit])
    body: list[list[Text]] = []
    for n, u in enumerate(table.units, start=1):
        name = f"{u.name} ({u.settlement})" if u.settlement and p.unit != "settlement" else u.name
        if u.exact is None:
            calc: Text = M(N_("by the decision's table")) if str(u.id) in p.norm_table else "—"
        else:
            calc = _calculation(u.base, p.norm_per or 1, u.exact)
        body.append([str(n), name, str(u.residents), str(u.entitled), calc, str(u.representatives)])
    body.append(
        ["", M(N_("Total")), str(table.residents), str(table.entitled), "", str(table.representatives)]
    )
    b.table(
        [
            M(N_("No.")),
            unit_head,
            M(N_("Residents registered")),
            M(N_("Entitled to take part")),
            M(N_("Calculation")),
            M(N_("Representatives")),
        ],
        body,
        [0.06, 0.34, 0.14, 0.14, 0.18, 0.14],
        align_right=[0, 2, 3, 5],
    )
    if table.outside_residents:
        b.paragraph(
            M(
                N_(
                    "Residents whose address belongs to no unit of this table: {residents}, of them entitled "
                    "to take part: {entitled}."
                ),
                residents=table.outside_residents,
                entitled=table.outside_entitled,
            ),
            "left",
        )
    b.paragraph(
        M(
            N_(
                "The number of representatives is fixed on the principle of equal representation of the "
                "residents ({law}; {rules})."
            ),
            law=M(R.LAW_39_3),
            rules=M(model_rules),
        ),
        "left",
    )
    b.signatures([(M(N_("Akim of the rural okrug")), short_name(akim_name))])
    short = M(N_("Representatives on {date}"), date=table.on)
    return build_pdf(b, _frame(okrug, short), title=b.joined(title), subject=b.joined(short))


def _calculation(base: int, per: int, exact) -> Localized:
    """ "23 : 5 = 4,60" in the reader's number format."""

    def render(tr) -> str:
        value = format_fixed(exact, 2, tr.lang)
        return f"{format_number(base, tr.lang)} : {format_number(per, tr.lang)} = {value}"

    return Localized(render)


def _share(value: str) -> Text:
    frac = R.fraction(value)
    percent = frac * 100
    if percent.denominator == 1:
        return M(N_("{percent} percent of the residents entitled to take part"), percent=int(percent))
    return M(N_("{share} of the residents entitled to take part"), share=value)


def _agenda_lines(b: PaperBuilder, agenda: Sequence[str]) -> None:
    for n, item in enumerate(agenda, start=1):
        b.item([M(N_("{n}. {title}"), n=str(n), title=b.data(item))])


def build_signature_sheet(
    info: InitiativeInfo, people: Sequence[MemberRef], okrug: OkrugInfo | None, mode: str, *, place: str = ""
) -> bytes:
    """The sheet the initiators collect signatures on, printed from the register."""
    b = PaperBuilder(mode)
    title = M(SHEET_TITLE)
    body_name = M(
        N_("gathering of the local community")
        if info.body == R.GATHERING
        else N_("meeting of the local community")
    )
    _heading(b, okrug, title, M(N_("in support of the initiative to convene the {body}"), body=body_name))
    b.section(M(N_("Questions proposed for the agenda:")))
    _agenda_lines(b, info.agenda)
    b.paragraph(
        M(
            N_(
                "The initiative is supported by at least {required} of {base} members (ten percent, counted "
                "on {date}); each signer gives the surname, name, patronymic (if any) and address ({law})."
            ),
            required=info.required,
            base=info.base,
            date=info.base_on,
            law=M(info.citation),
        ),
        "left",
    )
    if place:
        b.paragraph(M(N_("Place: {place}"), place=b.data(place, stop=False)), "left")
    b.spacer(2)
    b.table(
        [
            M(N_("No.")),
            M(N_("Surname, name, patronymic")),
            M(N_("Address")),
            M(N_("Date")),
            M(N_("Signature")),
        ],
        [[str(n), p.full_name, p.address or "—", "", ""] for n, p in enumerate(people, start=1)],
        [0.06, 0.34, 0.3, 0.12, 0.18],
        align_right=[0],
        row_padding=7,
    )
    b.signatures([(M(N_("Signatures collected by")), "")])
    short = M(N_("Signature sheet of the initiative, {date}"), date=info.base_on)
    return build_pdf(b, _frame(okrug, short), title=b.joined(title), subject=b.joined(short))


def build_petition(
    info: InitiativeInfo,
    okrug: OkrugInfo | None,
    mode: str,
    *,
    addressee: str = "",
    on: date | None = None,
    contact: str = "",
) -> bytes:
    """The petition to the district akim (gathering) or the application to the akim (meeting)."""
    b = PaperBuilder(mode)
    gathering = info.body == R.GATHERING
    title = M(PETITION_TITLE if gathering else APPLICATION_TITLE)
    to = M(N_("To the akim of the district")) if gathering else M(N_("To the akim of the rural okrug"))
    b.paragraph(okrug_line(okrug), "center_bold")
    b.paragraph(addressee or "—", "right", lead=to)
    b.spacer(2)
    b.heading_block(title)
    b.paragraph(M(N_("of {date}"), date=on or info.filed_on or info.base_on), "center")
    b.spacer(2)
    if gathering:
        b.paragraph(
            M(
                N_(
                    "We, the members of the local community who sign below, ask that a gathering of the local "
                    "community be convened to consider the following questions ({law}):"
                ),
                law=M(R.LAW_39_3),
            )
        )
    else:
        b.paragraph(
            M(
                N_(
                    "We, the members of the meeting of the local community who sign below, ask that a sitting "
                    "of the meeting be convened to consider the following questions ({reg}):"
                ),
                reg=M(R.REG_5),
            )
        )
    _agenda_lines(b, info.agenda)
    b.paragraph(
        M(
            N_(
                "Signatures that count: {count}. Members on {date}: {base}; ten percent of them is {required}. "
                "The initiative {verdict}."
            ),
            count=info.count,
            date=info.base_on,
            base=info.base,
            required=info.required,
            verdict=M(N_("reaches the share required"))
            if info.enough
            else M(N_("does not reach the share required")),
        )
    )
    refused = len(info.signers) - info.count
    if refused:
        b.paragraph(
            MN(
                "{n} signature was not counted (not a member, twice, or not found in the register).",
                "{n} signatures were not counted (not members, twice, or not found in the register).",
                refused,
                n=refused,
            ),
            "left",
        )
    b.spacer(2)
    b.table(
        [M(N_("No.")), M(N_("Surname, name, patronymic")), M(N_("Address")), M(N_("Signature"))],
        [[str(n), x.full_name, x.address or "—", ""] for n, x in enumerate(info.accepted, start=1)],
        [0.06, 0.38, 0.36, 0.2],
        align_right=[0],
        row_padding=5,
    )
    if contact:
        b.paragraph(M(N_("Contact of the initiators: {contact}"), contact=contact), "left")
    short = M(N_("Petition of {date}"), date=on or info.filed_on or info.base_on)
    return build_pdf(b, _frame(okrug, short), title=b.joined(title), subject=b.joined(short))


def print_elected(b: PaperBuilder, state: S.SittingState, item_id: str) -> None:
    """In a separate gathering's protocol, under the election item: the quota and those elected."""
    if state.kind != R.SEPARATE_GATHERING or not any(c.item_id == item_id for c in state.candidates):
        return
    rep = state.representation
    procedure = rep.get("procedure") or {}
    if state.quota is not None:
        b.paragraph(
            M(
                N_(
                    "Representatives due to {unit} under decision No. {number} of {date} of {body}: {quota} "
                    "({base} residents entitled to take part)."
                ),
                unit=str(rep.get("unit_name") or state.territory),
                number=str(procedure.get("decision_number", "")),
                date=date.fromisoformat(str(procedure.get("decision_date"))),
                body=str(procedure.get("decision_body", "")),
                quota=state.quota,
                base=int(rep.get("base") or 0),  # type: ignore[call-overload]
            ),
            "left",
        )
    candidates = [c for c in state.candidates if c.item_id == item_id]
    b.section(M(N_("Candidates proposed:")), table_follows=True)
    rows: list[list[Text]] = []
    for n, c in enumerate(candidates, start=1):
        v = state.vote(c.vote_id) if c.vote_id else None
        if v is None:
            result: Text = M(N_("not voted on"))
        else:
            result = M(
                N_("{outcome}: {formula}"),
                outcome=M(N_("elected") if c.elected else N_("not elected")),
                formula=vote_formula(v.votes_for, v.votes_against, v.abstained),
            )
        # No home address in the protocol: the candidates are named.
        rows.append([str(n), c.name, result])
    b.table(
        [M(N_("No.")), M(N_("Surname, name, patronymic")), M(N_("Vote"))],
        rows,
        [0.06, 0.42, 0.52],
        align_right=[0],
    )
    elected = [c.name for c in state.elected if c.item_id == item_id]
    b.paragraph(
        MN(
            "Elected as representative to the gathering of the local community: {names}.",
            "Elected as representatives to the gathering of the local community: {names}.",
            len(elected),
            names=", ".join(elected) or "—",
        )
        if elected
        else M(N_("Nobody was elected as representative."))
    )


def quota_paper(store, on: date, mode: str, *, akim_name: str = "") -> bytes:
    """The quota table of the procedure in force on a day, from the register (``NoProcedure`` without one)."""
    from zhoob_desktop.services.meeting.representation import quota_table
    from zhoob_desktop.services.okrug import get_okrug

    table = quota_table(store, on)
    return build_quota_table(
        table,
        get_okrug(store),
        mode,
        model_rules=table.procedure.model_rules(store).short,
        akim_name=akim_name,
    )


def signature_sheet_paper(
    store, initiative_id, mode: str, *, unit_kind: str | None = None, unit_id=None, place: str = ""
) -> bytes:
    """The signature sheet of an initiative with the members from the register (of one unit if given)."""
    from zhoob_desktop.services.meeting.initiatives import get_initiative
    from zhoob_desktop.services.meeting.roster import active_roster
    from zhoob_desktop.services.okrug import get_okrug
    from zhoob_desktop.services.register.membership import list_members

    info = get_initiative(store, initiative_id)
    if info.body == R.MEETING:
        people = [
            MemberRef(m.id, m.iin, m.name, "", "", None, None, None, m.address)  # type: ignore[arg-type]
            for m in active_roster(store, "meeting", info.base_on)
        ]
    else:
        where = {f"{unit_kind}_id": unit_id} if unit_kind and unit_id else {}
        people = list_members(store, info.base_on, **where)
    return build_signature_sheet(info, people, get_okrug(store), mode, place=place)


def petition_paper(store, initiative_id, mode: str, *, addressee: str = "", on: date | None = None) -> bytes:
    from zhoob_desktop.services.meeting.initiatives import get_initiative
    from zhoob_desktop.services.okrug import get_okrug

    return build_petition(
        get_initiative(store, initiative_id), get_okrug(store), mode, addressee=addressee, on=on
    )
