"""The community commission's report on the results of a budget monitoring (Law art. 39-3 p. 4, Order 405).

Laid out like the other papers: the okrug header, the title, what was
monitored and by whom (the commission formed at which sitting, its members),
the findings, the numbered recommendations, and a signature line with its
captions for every member of the commission; a corrected version says which
signed version it replaces and why.
"""

from __future__ import annotations

import uuid

from zhoob_desktop.services.documents.common import Header
from zhoob_desktop.services.documents.layout import PageFrame, PaperBuilder, build_pdf
from zhoob_desktop.services.documents.paper import Paper, digest_of, paper_filename
from zhoob_desktop.services.documents.text import M, Msg, languages
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.monitoring import commission as C
from zhoob_desktop.services.monitoring import rounds as RD
from zhoob_desktop.services.monitoring.schedule import LAW_39_3, ORDER_405
from zhoob_desktop.services.okrug import OkrugInfo, get_okrug
from zhoob_desktop.services.store import Store

TITLE = N_("Report of the community commission on the results of the monitoring of the use of budget funds")
SUBJECTS = {
    "half": N_("for the first half of {year}"),
    "year": N_("for {year}"),
    "extra": N_("extraordinary monitoring No. {number} of {year}: {subject}"),
}


class NoCommissionReport(ZhoobError):
    template = N_("The commission has no report on this monitoring yet.")


def _subject(r: RD.RoundView) -> Msg:
    return M(SUBJECTS[r.period], year=str(r.year), number=str(r.number), subject=r.subject)


def build_commission_report(
    r: RD.RoundView,
    report: C.CommissionReportView,
    commission: C.CommissionView | None,
    *,
    okrug: OkrugInfo | None,
    mode: str,
) -> bytes:
    """The commission's report as PDF bytes in a language mode (``kk``, ``ru`` or ``kk+ru``)."""
    b = PaperBuilder(mode)
    b.paragraph(Header(okrug).full(), "subtitle")
    b.spacer(2)
    title = M(TITLE)
    b.title(title, _subject(r))
    if report.supersedes_id is not None:
        b.paragraph(
            M(
                N_(
                    "Corrected version No. {version}; it replaces the report signed on {date}. Reason: {reason}"
                ),
                version=str(report.version),
                date=report.superseded_signed_on or "—",
                reason=report.correction_reason,
            ),
            "subheading",
        )
    if commission is not None:
        number = "—" if commission.sitting_number is None else str(commission.sitting_number)
        b.paragraph(
            M(
                N_(
                    "The commission was formed by the meeting of the local community at its sitting of {date} "
                    "(protocol No. {number}) from among the participants of the sitting."
                ),
                date=commission.formed_on,
                number=number,
            )
        )
        b.paragraph(M(N_("Members of the commission:")), "subheading")
        b.paragraphs(
            [
                M(N_("{n}. {name}, chair of the commission"), n=str(n), name=m.name)
                if m.role == C.CHAIR
                else M(N_("{n}. {name}"), n=str(n), name=m.name)
                for n, m in enumerate(commission.members, start=1)
            ]
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
    b.heading(M(N_("Findings")))
    b.data_text(report.findings or "—", "body")
    b.heading(M(N_("Recommendations")))
    for n, text in enumerate(report.recommendations, start=1):
        b.data_text(f"{n}. {text}", "body")
    if commission is not None:
        signed = {s.person_id for s in report.signers}
        rows = [
            (
                M(N_("Chair of the commission")) if m.role == C.CHAIR else M(N_("Member of the commission")),
                m.name,
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
    frame = PageFrame(header=Header(okrug).full(), title=short)
    return build_pdf(b, frame, title=b.joined(title), subject=b.joined(short))


def commission_report_paper(store: Store, round_id: uuid.UUID, lang: str = "kk") -> Paper:
    """The latest version of the commission's report on a monitoring, as a paper."""
    languages(lang)
    r = RD.round_by_id(store, round_id)
    report = C.latest_commission_report(store, round_id)
    if report is None:
        raise NoCommissionReport()
    commission = C.commission_on(store, report.signed_on) if report.signed_on else C.commission_on(store)
    pdf = build_commission_report(r, report, commission, okrug=get_okrug(store), mode=lang)
    name = f"{r.year}-{r.period}{r.number or ''}-v{report.version}"
    return Paper("commission_report", name, lang, pdf, digest_of(pdf), False,
                 paper_filename("commission-report", name, lang))  # fmt: skip
