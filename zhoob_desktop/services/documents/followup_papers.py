"""The papers of a decision's follow-up: the chair's letter on non-execution and the notice to members.

* The chair's letter (Reg §18): the non-execution of a decision entered in the
  protocol of the sitting that heard it, sent by the chair of that sitting to
  the district akim or to the responsible official's superior.
* The notice to the members (Reg §14): the result of the akim's consideration
  of the decisions of one protocol, given by the apparatus within five
  working days.

Both are laid out like the other papers (okrug header, title, number and
date, signature lines) with the same builder.
"""

from __future__ import annotations

import uuid
from datetime import date

from zhoob_desktop.services.decisions import acts as A
from zhoob_desktop.services.decisions import lifecycle as L
from zhoob_desktop.services.decisions.heard import HeardStep, heard_at
from zhoob_desktop.services.decisions.register import get_decision
from zhoob_desktop.services.documents.common import Header, number_and_date
from zhoob_desktop.services.documents.heard import decision_ref
from zhoob_desktop.services.documents.layout import PageFrame, PaperBuilder, build_pdf
from zhoob_desktop.services.documents.paper import Paper, digest_of, paper_filename
from zhoob_desktop.services.documents.text import Localized, M, Text, languages
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.engine import load_state
from zhoob_desktop.services.meeting.held import find_sitting
from zhoob_desktop.services.okrug import OkrugInfo, get_okrug
from zhoob_desktop.services.store import Store

LETTER_TITLE = N_("On the non-execution of a decision of the meeting of the local community")
NOTICE_TITLE = N_("Notice to the members of the meeting on the akim's consideration of its decisions")
ADDRESSEES = {
    "district_akim": N_("To the akim of the district"),
    "superior": N_("To the superior of the official responsible for the execution"),
}
# The letter's own outgoing number and date, written in by the apparatus when it is registered.
OUTGOING = N_("Outgoing No. ________ of «___» ____________ 20___")
VERDICTS = {
    L.AGREED: N_("the akim agreed"),
    L.DISAGREED: N_("the akim disagreed: {reasons}. The decision goes back to the meeting for re-discussion"),
}


class NoNonExecution(ZhoobError):
    template = N_(
        "No non-execution of this decision has been entered in a protocol; there is no letter to write."
    )
    citation = L.REG_18


class NotConsideredYet(ZhoobError):
    template = N_(
        "The akim has not considered the decisions of this protocol yet; there is no result to tell."
    )
    citation = R.REG_14


def _frame(okrug: OkrugInfo | None, title: Text) -> PageFrame:
    return PageFrame(header=Header(okrug).full(), title=title)


def _district(okrug: OkrugInfo | None) -> Localized:
    return Localized(lambda tr: (okrug.district(tr.lang) if okrug else "") or "________________")


def build_nonexecution_letter(
    heard: HeardStep,
    *,
    sitting_number: str,
    sitting_date: date,
    chair: str,
    count: int,
    okrug: OkrugInfo | None,
    mode: str,
) -> bytes:
    """The chair's letter on one non-execution heard at a sitting (Reg §18)."""
    b = PaperBuilder(mode)
    b.paragraph(Header(okrug).full(), "subtitle")
    b.spacer(2)
    b.paragraph(M(OUTGOING), "small")
    key = next((k for k, v in L.SENT_TO.items() if v == heard.sent_to), "district_akim")
    b.paragraph(M(ADDRESSEES[key]), "right")
    if key == "district_akim":
        b.paragraph(_district(okrug), "right")
    b.spacer(3)
    title = M(LETTER_TITLE)
    b.title(title, M(N_("to the protocol {when}"), when=number_and_date(sitting_number, sitting_date)))
    b.paragraph(
        M(
            N_(
                "At the sitting of the meeting of the local community held on {date} ({protocol}) the information "
                "on the execution of the decision below was heard."
            ),
            date=sitting_date,
            protocol=M(N_("protocol No. {number}"), number=sitting_number or "—"),
        )
    )
    b.paragraph(decision_ref(heard))
    b.data_text(heard.text)
    responsible = (
        M(
            N_("Responsible for the execution: {responsible}; due {due}."),
            responsible=heard.responsible,
            due=heard.due_on,
        )  # fmt: skip
        if heard.due_on
        else M(N_("Responsible for the execution: {responsible}."), responsible=heard.responsible or "—")
    )
    b.paragraph(responsible)
    b.paragraph(M(N_("Found by the meeting: {quality}."), quality=M(heard.quality)), "subheading")
    b.data_text(heard.note)
    if count > 1:
        b.paragraph(
            M(
                N_("This is non-execution No. {count} of this decision entered in a protocol."),
                count=str(count),
            )
        )
    b.paragraph(
        M(
            N_(
                "Under Model Regulation §18 the record of the non-execution entered in the protocol is sent to "
                "you for consideration and measures; please inform the meeting of the measures taken."
            )
        )
    )
    b.paragraph(
        M(
            N_("Attached: an extract from protocol No. {number} of {date}."),
            number=sitting_number or "—",
            date=sitting_date,
        ),  # fmt: skip
        "small",
    )
    b.signatures([(M(N_("Chair of the meeting of the local community")), chair)])
    short = M(
        N_("Letter on non-execution, protocol {when}"), when=number_and_date(sitting_number, sitting_date)
    )
    return build_pdf(b, _frame(okrug, short), title=b.joined(title), subject=b.joined(short))


def build_consideration_notice(
    view: A.ProtocolView, *, okrug: OkrugInfo | None, mode: str, signer: str = ""
) -> bytes:
    """The notice to the members of the akim's consideration of one protocol's decisions (Reg §14)."""
    b = PaperBuilder(mode)
    b.paragraph(Header(okrug).full(), "subtitle")
    b.spacer(2)
    title = M(NOTICE_TITLE)
    number = "" if view.number is None else str(view.number)
    b.title(title, M(N_("to the protocol {when}"), when=number_and_date(number, view.held_on)))
    b.paragraph(
        M(
            N_(
                "The akim of the rural okrug considered on {considered} the decisions adopted at the sitting of "
                "the meeting of the local community of {date} ({protocol}) ({citation}):"
            ),
            considered=view.considered_on,
            date=view.held_on,
            protocol=M(N_("protocol No. {number}"), number=number or "—"),
            citation=M(R.REG_13),
        )
    )
    rows: list[list[Text]] = []
    for d in view.decisions:
        verdict = d.follow.verdict or ""
        result = M(VERDICTS[verdict], reasons=d.follow.reasons or "—") if verdict in VERDICTS else "—"
        rows.append([str(d.item_number), d.item_title, d.text, result])
    b.table(
        [M(N_("No.")), M(N_("Item")), M(N_("Decision")), M(N_("Result of the consideration"))],
        rows,
        [0.06, 0.24, 0.4, 0.3],
        align_right=[0],
    )
    if view.disagreed:
        b.paragraph(
            M(
                N_(
                    "The questions the akim disagreed with are re-discussed at the next sitting of the meeting; "
                    "if they are not resolved, the district akim decides them ({citation})."
                ),
                citation=M(R.REG_13),
            )
        )
    b.paragraph(
        M(
            N_("The members are told the result within five working days of the consideration ({citation})."),
            citation=M(R.REG_14),
        ),
        "small",
    )
    b.signatures([(M(N_("Head of the apparatus of the akim")), signer)])
    short = M(
        N_("Notice of the akim's consideration, protocol {when}"), when=number_and_date(number, view.held_on)
    )
    return build_pdf(b, _frame(okrug, short), title=b.joined(title), subject=b.joined(short))


def nonexecution_letter(
    store: Store, decision: str | uuid.UUID, lang: str = "kk", *, seq: int | None = None
) -> Paper:
    """The chair's letter on the decision's last non-execution (or the one recorded as step ``seq``)."""
    languages(lang)
    view = get_decision(store, decision)
    findings = [h for h in view.history if h.step == L.NOT_EXECUTED and (seq is None or h.seq == seq)]
    if not findings:
        raise NoNonExecution()
    entry = findings[-1]
    count = len([h for h in view.history if h.step == L.NOT_EXECUTED and h.seq <= entry.seq])
    sitting = find_sitting(store, entry.at_sitting_id) if entry.at_sitting_id else None
    if sitting is None:
        raise NoNonExecution()
    heard = next(h for h in heard_at(store, sitting.id) if h.decision_id == view.id and h.seq == entry.seq)
    state = load_state(store, sitting.id)
    number = "" if sitting.number is None else str(sitting.number)
    pdf = build_nonexecution_letter(
        heard,
        sitting_number=number,
        sitting_date=sitting.scheduled_on,
        chair=state.chair.name if state.chair else "",
        count=count,
        okrug=get_okrug(store),
        mode=lang,
    )
    name = f"{number or view.short_id}-{view.item_number}"
    return Paper("nonexecution_letter", name, lang, pdf, digest_of(pdf), False,
                 paper_filename("nonexecution-letter", name, lang))  # fmt: skip


def consideration_notice(
    store: Store, sitting: str | uuid.UUID, lang: str = "kk", *, signer: str = ""
) -> Paper:
    """The notice to the members of the akim's consideration of a protocol's decisions (Reg §14)."""
    languages(lang)
    view = A.protocol_view(store, sitting)
    if view.considered_on is None:
        raise NotConsideredYet()
    pdf = build_consideration_notice(view, okrug=get_okrug(store), mode=lang, signer=signer)
    number = "" if view.number is None else str(view.number)
    return Paper("consideration_notice", number, lang, pdf, digest_of(pdf), False,
                 paper_filename("consideration-notice", number, lang))  # fmt: skip
