"""What a sitting heard on earlier decisions, printed in its protocol under the item it was heard under.

The decisions register records the re-discussion of the akim's objections
(Reg §13), the reports of those responsible for the execution (Reg §17), the
non-execution found and sent on by the chair, and the responsibility raised
(Reg §18) against the sitting that heard them; the protocol of that sitting
carries them, so a finding of non-execution is on the signed paper.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from zhoob_desktop.services.decisions import lifecycle as L
from zhoob_desktop.services.decisions.heard import HeardStep
from zhoob_desktop.services.documents.text import DateOf, DateOn, LanguagePaper, M, Msg
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.monitoring import commission as C
from zhoob_desktop.services.monitoring import rounds as RD
from zhoob_desktop.services.store import Store

HEARD_HEADING = N_("Heard on the decisions of earlier sittings:")


def decision_ref(h: HeardStep, b: LanguagePaper | None = None) -> Msg:
    """The decision a line is about: its sitting, protocol and item (no word of it is declined)."""
    title = b.data(h.origin_item_title) if b is not None else h.origin_item_title
    if h.origin_number is not None:
        return M(
            N_("Decision: sitting of {date}, protocol No. {number}, item {item} «{title}»."),
            date=DateOf(h.origin_date),
            number=str(h.origin_number),
            item=str(h.origin_item_number),
            title=title,
        )
    return M(
        N_("Decision: sitting of {date}, item {item} «{title}»."),
        date=DateOf(h.origin_date),
        item=str(h.origin_item_number),
        title=title,
    )


HEADINGS = {
    L.REPORTED: N_("Information on the execution of a decision."),
    L.NOT_EXECUTED: N_("Non-execution of a decision."),
    L.RESPONSIBILITY: N_("Repeated non-execution of a decision: the question of responsibility."),
    L.EXECUTED: N_("A decision executed."),
    L.RESOLVED: N_("Re-discussion of the akim's objections."),
    L.AMENDED: N_("Re-discussion of the akim's objections."),
    L.REVOKED: N_("Re-discussion of the akim's objections."),
    L.UNRESOLVED: N_("Re-discussion of the akim's objections."),
}
SENT = {
    "district_akim": N_("The chair sends the record of the non-execution to the district akim ({citation})."),
    "superior": N_(
        "The chair sends the record of the non-execution to the superior of the responsible official "
        "({citation})."
    ),
}
OUTCOMES = {
    L.RESOLVED: N_("The akim withdrew his objections; the decision stands ({citation})."),
    L.AMENDED: N_("The meeting accepted the objections and amended the decision ({citation})."),
    L.REVOKED: N_("The meeting accepted the objections and revoked the decision ({citation})."),
    L.UNRESOLVED: N_(
        "The meeting insisted on its decision; the question goes to the district akim, who decides it after "
        "a preliminary discussion at the session of the district maslikhat ({citation})."
    ),
}


RESPONSIBILITY = N_(
    "The meeting raises the question of the responsibility of the official before the district akim or the "
    "official's superior ({citation})."
)


def heard_lines(h: HeardStep, b: LanguagePaper | None = None) -> list[Msg]:
    """The protocol's sentences for one step heard at the sitting (before the decision's text)."""
    lines = [M(HEADINGS[h.step]), decision_ref(h, b)]
    if h.step in (L.REPORTED, L.NOT_EXECUTED, L.RESPONSIBILITY):
        responsible = (
            (b.data(h.responsible, stop=False) if b is not None else h.responsible) if h.responsible else "—"
        )
        lines.append(M(N_("Responsible for the execution: {responsible}."), responsible=responsible))
    return lines


def _sent_key(h: HeardStep) -> str:
    return next((k for k, v in L.SENT_TO.items() if v == h.sent_to), "district_akim")


@dataclass(frozen=True)
class CommissionFormed:
    """The community commission formed at the sitting, under one of its items (Reg §4)."""

    item_id: str
    commission: C.CommissionView


@dataclass(frozen=True)
class ReportDiscussed:
    """The commission's monitoring report discussed at the sitting (Order 405, step 4)."""

    item_id: str
    round: RD.RoundView
    report: C.CommissionReportView | None


def monitoring_heard_at(store: Store, sitting_id: uuid.UUID) -> list[CommissionFormed | ReportDiscussed]:
    """What the sitting did in the budget monitoring: the commission formed, reports discussed."""
    out: list[CommissionFormed | ReportDiscussed] = []
    formed = C.commission_formed_at(store, sitting_id)
    if formed is not None:
        out.append(CommissionFormed(formed.formed_item_id, formed))
    for r, report, item_id in RD.discussed_at(store, sitting_id):
        out.append(ReportDiscussed(item_id, r, report))
    return out


def _print_commission(b, formed: CommissionFormed) -> None:
    b.paragraph(
        M(N_("The community commission for budget monitoring was formed from among the participants:")),
        "bold",
        keep_with_next=True,
    )
    b.lines(
        [
            M(N_("{n}. {name}, chair of the commission"), n=str(n), name=m.name)
            if m.role == C.CHAIR
            else M(N_("{n}. {name}"), n=str(n), name=m.name)
            for n, m in enumerate(formed.commission.members, start=1)
        ],
        "left",
        indent=4,
    )


ROUND_SUBJECTS = {
    "half": N_("Heard the community commission's report on the monitoring of the first half of {year}."),
    "year": N_("Heard the community commission's report on the monitoring of the year {year}."),
    "extra": N_(
        "Heard the community commission's report on the extraordinary monitoring No. {number} of {year}."
    ),
}


def _print_discussed(b, item: ReportDiscussed) -> None:
    r, report = item.round, item.report
    b.paragraph(
        M(ROUND_SUBJECTS[r.period], year=str(r.year), number=str(r.number)), "bold", keep_with_next=True
    )
    if report is None:
        return
    if report.signed_on is not None:
        b.paragraph(
            M(
                N_("The report was signed on {date} by: {names}."),
                date=DateOn(report.signed_on),
                names=", ".join(s.name for s in report.signers),
            )
        )
    b.paragraph(b.data(report.findings) if report.findings else "—", "left", lead=M(N_("Findings:")))
    b.paragraph(M(N_("Recommendations:")), "bold", keep_with_next=True)
    b.numbered(
        [M(N_("{n}. {text}"), n=str(n), text=b.data(t)) for n, t in enumerate(report.recommendations, 1)]
    )


def print_heard(b, heard: Sequence[object], item_id: str) -> None:
    """What was heard under one agenda item: on earlier decisions (what, on which decision, its text,
    what was found) and in the budget monitoring.

    ``b`` is a paper builder (the PDF's or the Word draft's); typed texts print in its languages.
    """
    for entry in heard:
        if isinstance(entry, CommissionFormed) and entry.item_id == item_id:
            _print_commission(b, entry)
        elif isinstance(entry, ReportDiscussed) and entry.item_id == item_id:
            _print_discussed(b, entry)
    lines = [h for h in heard if isinstance(h, HeardStep) and h.item_id == item_id]
    if not lines:
        return
    b.section(M(HEARD_HEADING))
    for n, h in enumerate(lines, start=1):
        first, *rest = heard_lines(h, b)
        b.paragraph(M(N_("{n}) {sentence}"), n=str(n), sentence=first), "bold", keep_with_next=True)
        b.lines(rest, "left")
        b.points(b.data(h.text), indent=4)
        if h.step == L.REPORTED:
            b.paragraph(b.data(h.note), "left", lead=M(N_("Said:")))
        elif h.step == L.NOT_EXECUTED:
            b.paragraph(M(N_("Found: {quality}."), quality=M(h.quality)))
            if h.note:
                b.paragraph(b.data(h.note))
            if h.sent_to:
                b.paragraph(M(SENT[_sent_key(h)], citation=M(L.REG_18)))
        elif h.step == L.RESPONSIBILITY:
            b.paragraph(M(RESPONSIBILITY, citation=M(L.REG_18)))
            if h.note:
                b.paragraph(b.data(h.note))
        elif h.step == L.EXECUTED:
            b.paragraph(M(N_("The decision is executed and taken off control.")))
            if h.note:
                b.paragraph(b.data(h.note))
        else:
            b.paragraph(
                M(N_("The akim's objections: {reasons}"), reasons=b.data(h.reasons) if h.reasons else "—")
            )
            b.paragraph(M(OUTCOMES[h.step], citation=M(R.REG_13)))
            if h.note:
                b.paragraph(b.data(h.note))
            if h.amended_text:
                b.paragraph(M(N_("Adopted in its place:")), "bold", keep_with_next=True)
                b.points(b.data(h.amended_text), indent=4)
        b.spacer(1.5)


def heard_texts(heard: Sequence[object]) -> list[str]:
    """The typed texts the heard lines print (for the book of translations)."""
    out: list[str] = []
    for h in heard:
        if isinstance(h, HeardStep):
            out += [h.origin_item_title, h.text, h.responsible, h.note, h.reasons, h.amended_text]
        elif isinstance(h, ReportDiscussed) and h.report is not None:
            out += [h.report.findings, *h.report.recommendations]
    return [t for t in out if t]
