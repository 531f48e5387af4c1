"""The papers of a decision's follow-up: the chair's letter on non-execution and the notice to members.

* The chair's letter (Reg §18): the non-execution of a decision entered in the
  protocol of the sitting that heard it, sent by the chair of that sitting to
  the district akim or to the responsible official's superior.
* The notice to the members (Reg §14): the result of the akim's consideration
  of the decisions of one protocol, given by the apparatus within five
  working days.

Both are laid out with the primitives of the other papers (``layout``): the
okrug's line, the heading, typed texts in each language from the book of
translations, the vote-free body, the signature lines.
"""

from __future__ import annotations

import uuid
from datetime import date

from zhoob_desktop.services.decisions import acts as A
from zhoob_desktop.services.decisions import lifecycle as L
from zhoob_desktop.services.decisions.heard import HeardStep, heard_at
from zhoob_desktop.services.decisions.register import get_decision
from zhoob_desktop.services.documents import conventions as C
from zhoob_desktop.services.documents.common import okrug_line, okrug_name
from zhoob_desktop.services.documents.conventions import short_name
from zhoob_desktop.services.documents.heard import decision_ref
from zhoob_desktop.services.documents.layout import PageFrame, PaperBuilder, build_pdf
from zhoob_desktop.services.documents.paper import Paper, digest_of, paper_filename
from zhoob_desktop.services.documents.text import DateOf, DateOn, Localized, M, Msg, Text, languages
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.engine import load_state
from zhoob_desktop.services.meeting.held import find_sitting
from zhoob_desktop.services.okrug import OkrugInfo, get_okrug
from zhoob_desktop.services.okrug_papers import genitive_kk, genitive_ru
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.texts import TextBook

LETTER_TITLE = N_("On the non-execution of a decision of the meeting of the local community")
NOTICE_TITLE = N_("Notice to the members of the meeting on the akim's consideration of its decisions")
ADDRESSEES = {
    "district_akim": N_("To the akim of the district"),
    "superior": N_("To the superior of the official responsible for the execution"),
}
# The district named in the genitive each language declines it in: "Іле ауданының әкіміне", "Акиму Илийского района".
TO_DISTRICT_AKIM = N_("To the akim of {district}")
GENITIVE = {"kk": genitive_kk, "ru": genitive_ru}
# The letter's own outgoing number and date, written in by the apparatus when it is registered.
OUTGOING = N_("Outgoing No. ________ of «___» ____________ 20___")
VERDICTS = {
    L.AGREED: N_("the akim agreed"),
    L.DISAGREED: N_("the akim disagreed: {reasons}. The decision goes back to the meeting for re-discussion"),
}

# The same notice of a gathering's or a separate gathering's decisions: the Law (art. 39-3) has the akim
# consider them, a disagreement re-discussed and, unresolved, decided by the higher akim after the
# district maslikhat; the decisions are made public. Reg §13–§14 (the meeting's, with its five working
# days to tell the members) do not apply.
GATHERING_NOTICE = {
    R.GATHERING: {
        "title": N_(
            "Notice on the akim's consideration of the decisions of the gathering of the local community"
        ),
        "numbered": N_(
            "The akim of the rural okrug considered on {considered} the decisions adopted at the gathering of "
            "the local community of {date} ({protocol}) ({citation}):"
        ),
        "plain": N_(
            "The akim of the rural okrug considered on {considered} the decisions adopted at the gathering of "
            "the local community of {date} ({citation}):"
        ),
    },
    R.SEPARATE_GATHERING: {
        "title": N_(
            "Notice on the akim's consideration of the decisions of the separate gathering of the local "
            "community"
        ),
        "numbered": N_(
            "The akim of the rural okrug considered on {considered} the decisions adopted at the separate "
            "gathering of the local community of {date} ({protocol}) ({citation}):"
        ),
        "plain": N_(
            "The akim of the rural okrug considered on {considered} the decisions adopted at the separate "
            "gathering of the local community of {date} ({citation}):"
        ),
    },
}
GATHERING_DISAGREED = N_("the akim disagreed: {reasons}. The question is re-discussed")
GATHERING_REDISCUSSED = N_(
    "The questions the akim disagreed with are re-discussed; if they cannot be resolved, the higher akim "
    "decides them after their preliminary discussion at the session of the district maslikhat ({citation})."
)
GATHERING_PUBLISHED = N_(
    "The decisions are made public through the mass media or by other means ({citation})."
)


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
    return PageFrame(header=okrug_name(okrug), title=title)


def number_and_date(number: str, on: date) -> Text:
    """ "2026 жылғы 2 қарашадағы № 3" as a protocol is named; a blank for a number not yet given."""
    return M(N_("No. {number} of {date}"), number=number or C.NUMBER_BLANK, date=DateOf(on))


def held_at(sentence_numbered: str, sentence_plain: str, number: str, **params) -> Msg:
    """A sentence naming a sitting by its date, with "(protocol No. N)" when the protocol has a number."""
    if number:
        return M(sentence_numbered, protocol=M(N_("protocol No. {number}"), number=number), **params)
    return M(sentence_plain, **params)


def _addressee(okrug: OkrugInfo | None) -> Localized:
    """The district akim with the district's name declined, or a line to write it in."""

    def render(tr) -> str:
        district = okrug.district(tr.lang) if okrug else ""
        if not district:
            return tr._(ADDRESSEES["district_akim"]) + "\n________________"
        name = GENITIVE.get(tr.lang, lambda n: n)(district)
        return tr._(TO_DISTRICT_AKIM).format(district=name)

    return Localized(render)


def build_nonexecution_letter(
    heard: HeardStep,
    *,
    sitting_number: str,
    sitting_date: date,
    chair: str,
    count: int,
    okrug: OkrugInfo | None,
    mode: str,
    book: TextBook | None = None,
) -> bytes:
    """The chair's letter on one non-execution heard at a sitting (Reg §18)."""
    b = PaperBuilder(mode, book=book)
    b.paragraph(okrug_line(okrug), "center_bold")
    b.spacer(2)
    b.paragraph(M(OUTGOING), "note")
    key = next((k for k, v in L.SENT_TO.items() if v == heard.sent_to), "district_akim")
    addressee = _addressee(okrug) if key == "district_akim" else M(ADDRESSEES[key])
    b.paragraph(addressee, "right")
    b.spacer(3)
    title = M(LETTER_TITLE)
    b.heading_block(title)
    b.paragraph(M(N_("to the protocol {when}"), when=number_and_date(sitting_number, sitting_date)), "center")
    b.spacer(2)
    b.paragraph(
        held_at(
            N_(
                "At the sitting of the meeting of the local community held on {date} ({protocol}) the information "
                "on the execution of the decision below was heard."
            ),
            N_(
                "At the sitting of the meeting of the local community held on {date} the information on the "
                "execution of the decision below was heard."
            ),
            sitting_number,
            date=DateOf(sitting_date),
        )
    )
    b.paragraph(decision_ref(heard, b))
    b.points(b.data(heard.text), indent=4)
    responsible = (
        M(
            N_("Responsible for the execution: {responsible}; due {due}."),
            responsible=b.data(heard.responsible, stop=False),
            due=heard.due_on,
        )  # fmt: skip
        if heard.due_on
        else M(
            N_("Responsible for the execution: {responsible}."),
            responsible=b.data(heard.responsible, stop=False) if heard.responsible else "—",
        )
    )
    b.paragraph(responsible)
    b.paragraph(M(N_("Found by the meeting: {quality}."), quality=M(heard.quality)), "bold")
    if heard.note:
        b.paragraph(b.data(heard.note))
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
            number=sitting_number or C.NUMBER_BLANK,
            date=DateOf(sitting_date),
        ),  # fmt: skip
        "note",
    )
    b.signatures([(M(N_("Chair of the meeting of the local community")), short_name(chair))])
    short = M(
        N_("Letter on non-execution, protocol {when}"), when=number_and_date(sitting_number, sitting_date)
    )
    return build_pdf(b, _frame(okrug, short), title=b.joined(title), subject=b.joined(short))


def build_consideration_notice(
    view: A.ProtocolView,
    *,
    okrug: OkrugInfo | None,
    mode: str,
    signer: str = "",
    book: TextBook | None = None,
) -> bytes:
    """The notice to the members of the akim's consideration of one protocol's decisions (Reg §14).

    A gathering's or a separate gathering's protocol: the notice of the Law (art. 39-3), naming that
    gathering, with no Reg §13–§14.
    """
    kind = view.decisions[0].sitting_kind if view.decisions else R.MEETING
    words = GATHERING_NOTICE.get(kind)
    b = PaperBuilder(mode, book=book)
    b.paragraph(okrug_line(okrug), "center_bold")
    b.spacer(2)
    title = M(words["title"] if words else NOTICE_TITLE)
    number = "" if view.number is None else str(view.number)
    b.heading_block(title)
    b.paragraph(M(N_("to the protocol {when}"), when=number_and_date(number, view.held_on)), "center")
    b.spacer(2)
    b.paragraph(
        held_at(
            words["numbered"]
            if words
            else N_(
                "The akim of the rural okrug considered on {considered} the decisions adopted at the sitting of "
                "the meeting of the local community of {date} ({protocol}) ({citation}):"
            ),
            words["plain"]
            if words
            else N_(
                "The akim of the rural okrug considered on {considered} the decisions adopted at the sitting of "
                "the meeting of the local community of {date} ({citation}):"
            ),
            number,
            considered=DateOn(view.considered_on) if view.considered_on else "—",
            date=DateOf(view.held_on),
            citation=M(R.LAW_39_3 if words else R.REG_13),
        )
    )
    rows: list[list[Text]] = []
    for d in view.decisions:
        verdict = d.follow.verdict or ""
        reasons = b.data(d.follow.reasons, stop=False) if d.follow.reasons else "—"
        template = GATHERING_DISAGREED if words and verdict == L.DISAGREED else VERDICTS.get(verdict)
        result = M(template, reasons=reasons) if template else "—"
        rows.append([str(d.item_number), b.data(d.item_title), b.data(d.text), result])
    b.table(
        [M(N_("No.")), M(N_("Item")), M(N_("Decision")), M(N_("Result of the consideration"))],
        rows,
        [0.06, 0.24, 0.4, 0.3],
        align_right=[0],
    )
    if view.disagreed:
        b.paragraph(
            M(GATHERING_REDISCUSSED, citation=M(R.LAW_39_3))
            if words
            else M(
                N_(
                    "The questions the akim disagreed with are re-discussed at the next sitting of the meeting; "
                    "if they are not resolved, the district akim decides them ({citation})."
                ),
                citation=M(R.REG_13),
            )
        )
    b.paragraph(
        M(GATHERING_PUBLISHED, citation=M(R.LAW_39_3))
        if words
        else M(
            N_("The members are told the result within five working days of the consideration ({citation})."),
            citation=M(R.REG_14),
        ),
        "note",
    )
    # The day the members were told, once recorded (Reg §14); a line to write it in until then.
    dated = (
        M(N_("Date: {date}"), date=view.informed_on)
        if view.informed_on
        else M(N_("Date: «___» ____________ 20___"))
    )
    b.signatures(
        [(M(N_("Head of the apparatus of the akim")), short_name(signer) if signer else "")], after=[dated]
    )
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
    texts = [heard.text, heard.responsible, heard.note, heard.origin_item_title]
    pdf = build_nonexecution_letter(
        heard,
        sitting_number=number,
        sitting_date=sitting.scheduled_on,
        chair=state.chair.name if state.chair else "",
        count=count,
        okrug=get_okrug(store),
        mode=lang,
        book=TextBook.load(store, [t for t in texts if t], languages(lang)),
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
        kind = view.decisions[0].sitting_kind if view.decisions else R.MEETING
        raise NotConsideredYet(citation=None if kind == R.MEETING else R.LAW_39_3)
    texts = [t for d in view.decisions for t in (d.item_title, d.text, d.follow.reasons) if t]
    book = TextBook.load(store, texts, languages(lang))
    pdf = build_consideration_notice(view, okrug=get_okrug(store), mode=lang, signer=signer, book=book)
    number = "" if view.number is None else str(view.number)
    return Paper("consideration_notice", number, lang, pdf, digest_of(pdf), False,
                 paper_filename("consideration-notice", number, lang))  # fmt: skip
