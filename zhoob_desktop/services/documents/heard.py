"""What a sitting heard on earlier decisions, printed in its protocol under the item it was heard under.

The decisions register records the re-discussion of the akim's objections
(Reg §13), the reports of those responsible for the execution (Reg §17), the
non-execution found and sent on by the chair, and the responsibility raised
(Reg §18) against the sitting that heard them; the protocol of that sitting
carries them, so a finding of non-execution is on the signed paper.
"""

from __future__ import annotations

from collections.abc import Sequence

from zhoob_desktop.services.decisions import lifecycle as L
from zhoob_desktop.services.decisions.heard import HeardStep
from zhoob_desktop.services.documents.layout import PaperBuilder
from zhoob_desktop.services.documents.text import M, Msg
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import rules as R

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


def print_heard(b: PaperBuilder, heard: Sequence[HeardStep], item_id: str) -> None:
    """The lines heard under one agenda item: what, on which decision, its text, what was found."""
    lines = [h for h in heard if h.item_id == item_id]
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
