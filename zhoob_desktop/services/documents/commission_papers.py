"""The community commission's report on the results of a budget monitoring (Law art. 39-3 p. 4, Order 405).

Laid out like the other papers: the okrug header, the title, what was
monitored and by whom (the commission formed at which sitting, its members),
the findings, the numbered recommendations, and a signature line with its
captions for every member of the commission; a corrected version says which
signed version it replaces and why.
"""

from __future__ import annotations

import uuid

from zhoob_desktop.services.documents.common import okrug_line, okrug_name
from zhoob_desktop.services.documents.conventions import short_name
from zhoob_desktop.services.documents.layout import PageFrame, PaperBuilder, build_pdf
from zhoob_desktop.services.documents.paper import Paper, digest_of, paper_filename
from zhoob_desktop.services.documents.text import DateOf, DateOn, M, Msg, languages
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.monitoring import commission as C
from zhoob_desktop.services.monitoring import rounds as RD
from zhoob_desktop.services.monitoring.schedule import LAW_39_3, ORDER_405
from zhoob_desktop.services.okrug import OkrugInfo, get_okrug
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.texts import TextBook

TITLE = N_("Report of the community commission on the results of the monitoring of the use of budget funds")
SUBJECTS = {
    "half": N_("for the first half of {year}"),
    "year": N_("for {year}"),
    "extra": N_("extraordinary monitoring No. {number} of {year}: {subject}"),
}


class NoCommissionReport(ZhoobError):
    template = N_("The commission has no report on this monitoring yet.")


def _subject(r: RD.RoundView, b: PaperBuilder | None = None) -> Msg:
    subject = b.data(r.subject) if b is not None and r.subject else r.subject
    return M(SUBJECTS[r.period], year=str(r.year), number=str(r.number), subject=subject)


def build_commission_report(
    r: RD.RoundView,
    report: C.CommissionReportView,
    commission: C.CommissionView | None,
    *,
    okrug: OkrugInfo | None,
    mode: str,
    book: TextBook | None = None,
) -> bytes:
    """The commission's report as PDF bytes in a language mode (``kk``, ``ru`` or ``kk+ru``)."""
    b = PaperBuilder(mode, book=book)
    b.paragraph(okrug_line(okrug), "center_bold")
    b.spacer(2)
    title = M(TITLE)
    b.heading_block(title)
    b.paragraph(_subject(r, b), "center")
    b.spacer(2)
    if report.supersedes_id is not None:
        b.paragraph(
            M(
                N_(
                    "Corrected version No. {version}; it replaces the report signed on {date}. Reason: {reason}"
                ),
                version=str(report.version),
                date=DateOn(report.superseded_signed_on) if report.superseded_signed_on else "—",
                reason=b.data(report.correction_reason) if report.correction_reason else "—",
            ),
            "bold",
        )
    if commission is not None:
        formed = (
            M(
                N_(
                    "The commission was formed by the meeting of the local community at its sitting of {date} "
                    "(protocol No. {number}) from among the participants of the sitting."
                ),
                date=DateOf(commission.formed_on),
                number=str(commission.sitting_number),
            )
            if commission.sitting_number is not None
            else M(
                N_(
                    "The commission was formed by the meeting of the local community at its sitting of {date} "
                    "from among the participants of the sitting."
                ),
                date=DateOf(commission.formed_on),
            )
        )
        b.paragraph(formed)
        b.paragraph(M(N_("Members of the commission:")), "bold", keep_with_next=True)
        b.lines(
            [
                M(N_("{n}. {name}, chair of the commission"), n=str(n), name=m.name)
                if m.role == C.CHAIR
                else M(N_("{n}. {name}"), n=str(n), name=m.name)
                for n, m in enumerate(commission.members, start=1)
            ],
            "left",
            indent=4,
        )
    b.paragraph(
        M(
            N_(
                "The commission compared the planned and the achieved results of the use of the budget funds "
                "allocated to local matters and to the revenue sources of local self-government ({law}; {order})."
            ),
            law=M(LAW_39_3),
            order=M(ORDER_405),
        )
    )
    b.spacer(2)
    b.section(M(N_("Findings")))
    b.paragraph(b.data(report.findings) if report.findings else "—")
    b.spacer(2)
    b.section(M(N_("Recommendations")))
    b.numbered(
        [M(N_("{n}. {text}"), n=str(n), text=b.data(t)) for n, t in enumerate(report.recommendations, 1)]
    )
    if commission is not None:
        signed = {s.person_id for s in report.signers}
        rows = [
            (
                M(N_("Chair of the commission")) if m.role == C.CHAIR else M(N_("Member of the commission")),
                short_name(m.name),
            )
            for m in commission.members
            if not report.signed or m.person_id in signed
        ]
        b.signatures(rows)
    b.paragraph(
        M(N_("Date: {date}"), date=report.signed_on)
        if report.signed_on
        else M(N_("Date: «___» ____________ 20___"))
    )
    short = M(N_("Commission's report, {subject}"), subject=_subject(r))
    frame = PageFrame(header=okrug_name(okrug), title=short)
    return build_pdf(b, frame, title=b.joined(title), subject=b.joined(short))


def commission_report_paper(store: Store, round_id: uuid.UUID, lang: str = "kk") -> Paper:
    """The latest version of the commission's report on a monitoring, as a paper."""
    languages(lang)
    r = RD.round_by_id(store, round_id)
    report = C.latest_commission_report(store, round_id)
    if report is None:
        raise NoCommissionReport()
    commission = C.commission_on(store, report.signed_on) if report.signed_on else C.commission_on(store)
    texts = [report.findings, *report.recommendations, report.correction_reason, r.subject]
    book = TextBook.load(store, [t for t in texts if t], languages(lang))
    pdf = build_commission_report(r, report, commission, okrug=get_okrug(store), mode=lang, book=book)
    name = f"{r.year}-{r.period}{r.number or ''}-v{report.version}"
    return Paper("commission_report", name, lang, pdf, digest_of(pdf), False,
                 paper_filename("commission-report", name, lang))  # fmt: skip
