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
from zhoob_desktop.services.documents.layout import PaperBuilder
from zhoob_desktop.services.documents.text import M, Msg
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.monitoring import commission as C
from zhoob_desktop.services.monitoring import rounds as RD
from zhoob_desktop.services.store import Store

HEARD_HEADING = N_("Heard on the decisions of earlier sittings:")


def decision_ref(h: HeardStep) -> Msg:
    """The decision a line is about: its sitting, protocol and item (no word of it is declined)."""
    if h.origin_number is not None:
        return M(
            N_("Decision: sitting of {date}, protocol No. {number}, item {item} «{title}»."),
            date=h.origin_date,
            number=str(h.origin_number),
            item=str(h.origin_item_number),
            title=h.origin_item_title,
        )
    return M(
        N_("Decision: sitting of {date}, item {item} «{title}»."),
        date=h.origin_date,
        item=str(h.origin_item_number),
        title=h.origin_item_title,
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


def heard_lines(h: HeardStep) -> list[Msg]:
    """The protocol's sentences for one step heard at the sitting (before the decision's text)."""
    lines = [M(HEADINGS[h.step]), decision_ref(h)]
    if h.step in (L.REPORTED, L.NOT_EXECUTED, L.RESPONSIBILITY):
        lines.append(M(N_("Responsible for the execution: {responsible}."), responsible=h.responsible or "—"))
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


def _print_commission(b: PaperBuilder, formed: CommissionFormed) -> None:
    b.paragraph(M(N_("The community commission for budget monitoring was formed from among the participants:")),
                "subheading")  # fmt: skip
    b.paragraphs(
        [
            M(N_("{n}. {name}, chair of the commission"), n=str(n), name=m.name)
            if m.role == C.CHAIR
            else M(N_("{n}. {name}"), n=str(n), name=m.name)
            for n, m in enumerate(formed.commission.members, start=1)
        ]
    )


ROUND_SUBJECTS = {
    "half": N_("Heard the community commission's report on the monitoring of the first half of {year}."),
    "year": N_("Heard the community commission's report on the monitoring of the year {year}."),
    "extra": N_(
        "Heard the community commission's report on the extraordinary monitoring No. {number} of {year}."
    ),
}


def _print_discussed(b: PaperBuilder, item: ReportDiscussed) -> None:
    r, report = item.round, item.report
    b.paragraph(M(ROUND_SUBJECTS[r.period], year=str(r.year), number=str(r.number)), "subheading")
    if report is None:
        return
    if report.signed_on is not None:
        b.paragraph(
            M(
                N_("The report was signed on {date} by: {names}."),
                date=report.signed_on,
                names=", ".join(s.name for s in report.signers),
            )  # fmt: skip
        )
    b.paragraph(M(N_("Findings:")), "small")
    b.data_text(report.findings or "—")
    b.paragraph(M(N_("Recommendations:")), "small")
    for n, text in enumerate(report.recommendations, start=1):
        b.data_text(f"{n}. {text}")


def print_heard(b: PaperBuilder, heard: Sequence[object], item_id: str) -> None:
    """What was heard under one agenda item: on earlier decisions, and in the budget monitoring."""
    for entry in heard:
        if isinstance(entry, CommissionFormed) and entry.item_id == item_id:
            _print_commission(b, entry)
        elif isinstance(entry, ReportDiscussed) and entry.item_id == item_id:
            _print_discussed(b, entry)
    lines = [h for h in heard if isinstance(h, HeardStep) and h.item_id == item_id]
    if not lines:
        return
    b.paragraph(M(HEARD_HEADING), "subheading")
    for n, h in enumerate(lines, start=1):
        first, *rest = heard_lines(h)
        b.paragraph(M(N_("{n}) {sentence}"), n=str(n), sentence=first), "subheading")
        b.paragraphs(rest)
        b.data_text(h.text)
        if h.step == L.REPORTED:
            b.paragraph(M(N_("Said:")), "small")
            b.data_text(h.note)
        elif h.step == L.NOT_EXECUTED:
            b.paragraph(M(N_("Found: {quality}."), quality=M(h.quality)))
            b.data_text(h.note)
            if h.sent_to:
                b.paragraph(M(SENT[_sent_key(h)], citation=M(L.REG_18)))
        elif h.step == L.RESPONSIBILITY:
            b.paragraph(M(RESPONSIBILITY, citation=M(L.REG_18)))
            if h.note:
                b.data_text(h.note)
        elif h.step == L.EXECUTED:
            b.paragraph(M(N_("The decision is executed and taken off control.")))
            if h.note:
                b.data_text(h.note)
        else:
            b.paragraph(M(N_("The akim's objections: {reasons}"), reasons=h.reasons or "—"))
            b.paragraph(M(OUTCOMES[h.step], citation=M(R.REG_13)))
            if h.note:
                b.data_text(h.note)
            if h.amended_text:
                b.paragraph(M(N_("Adopted in its place:")), "small")
                b.data_text(h.amended_text)
        b.spacer(1.5)
