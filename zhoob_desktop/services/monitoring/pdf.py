"""The monitoring report printed on the form of Order 405, appendix 1 (A4 landscape)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from zhoob_desktop.services.files import atomic_write_bytes
from zhoob_desktop.services.i18n import N_, Translator
from zhoob_desktop.services.monitoring.report import ReportView
from zhoob_desktop.services.pdf_fonts import register_fonts

HEADERS = (
    N_("Name"),
    N_("Line code"),
    N_("Approved annual plan"),
    N_("Revised annual plan"),
    N_("Half-year plan"),
    N_("Actual"),
    N_("Execution of the revised plan, % (col. 6 / col. 4 × 100)"),
    N_("Execution of the half-year plan, % (col. 6 / col. 5 × 100)"),
    N_("Shortfall against the revised plan (col. 6 − col. 4)"),
    N_("Shortfall against the half-year plan (col. 6 − col. 5)"),
    N_("Reasons for non-execution of the plan of receipts and expenditures"),
)


def _amount(value: Decimal | None, tr: Translator) -> str:
    if value is None:
        return ""
    return tr.number(value)


def report_date(report: ReportView) -> date:
    """The date the form is made out as of: 1 July for the half year, 1 January for the year."""
    return date(report.year, 7, 1) if report.period == "half" else date(report.year + 1, 1, 1)


def render_report_pdf(report: ReportView, lang: str = "kk") -> bytes:
    """The filled form as PDF bytes, in Kazakh, Russian or English."""
    tr = Translator(lang)
    family = register_fonts()
    base = ParagraphStyle("base", fontName=family, fontSize=8, leading=10)
    small = ParagraphStyle("small", parent=base, fontSize=6.5, leading=8)
    head = ParagraphStyle("head", parent=base, fontSize=6.5, leading=8, alignment=TA_CENTER)
    right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
    title = ParagraphStyle(
        "title",
        parent=base,
        fontName="DejaVuSans-Bold",
        fontSize=12,
        leading=15,
        alignment=TA_CENTER,
        spaceAfter=4,
    )

    story = [
        Paragraph(tr._("Appendix to Order No. 405 of the Minister of Finance of 26 August 2013"), right),
        Paragraph(tr._("Form"), right),
        Spacer(1, 3 * mm),
        Paragraph(
            tr._(
                "Report on the use of budget funds allocated to the revenue sources of local self-government"
            ),
            title,
        ),
        Paragraph(
            tr._("as of {date}").format(date=tr.date(report_date(report))),
            ParagraphStyle("c", parent=base, alignment=TA_CENTER),
        ),
        Spacer(1, 3 * mm),
        Paragraph(
            tr._("Name of the state institution: {name}").format(
                name=report.institution or "______________________"
            ),
            base,
        ),
        Paragraph(
            tr._("Periodicity: {period}").format(
                period=tr._("half-yearly") if report.period == "half" else tr._("annual")
            ),
            base,
        ),
        Paragraph(tr._("Unit of measurement: thousand tenge"), base),
        Spacer(1, 3 * mm),
    ]
    rows: list[list] = [[Paragraph(tr._(h), head) for h in HEADERS], [str(i) for i in range(1, 12)]]
    for line in report.lines:
        label = line.label(tr._)
        if line.is_direction:
            label = "    " + label
        rows.append(
            [
                Paragraph(label, small),
                line.code,
                _amount(line.plan_approved, tr),
                _amount(line.plan_revised, tr),
                _amount(line.plan_half, tr),
                _amount(line.actual, tr),
                _amount(line.pct_revised, tr),
                _amount(line.pct_half, tr),
                _amount(line.diff_revised, tr),
                _amount(line.diff_half, tr),
                Paragraph(line.reason, small),
            ]
        )
    widths = [62 * mm, 12 * mm] + [19 * mm] * 8 + [51 * mm]
    table = Table(rows, colWidths=widths, repeatRows=2)
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), family, 7.5),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (1, 1), (-2, -1), "RIGHT"),
            ("ALIGN", (0, 1), (-1, 1), "CENTER"),
            ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#eeeeee")),
        ]
    )
    for index, line in enumerate(report.lines, start=2):
        if line.computed:
            style.add("FONT", (0, index), (-1, index), f"{family}-Bold", 7.5)
    table.setStyle(style)
    story += [table, Spacer(1, 8 * mm)]
    signature = ParagraphStyle("sig", parent=base, fontSize=9, leading=16)
    story.append(
        Paragraph(
            tr._(
                "Akim of the city of district significance, village, settlement or rural okrug: {name}"
            ).format(name=report.akim_name or "____________")
            + " &nbsp; ____________ "
            + tr._("(signature)"),
            signature,
        )
    )
    story.append(
        Paragraph(
            tr._("Head of the finance service: {name}").format(
                name=report.finance_head_name or "____________"
            )
            + " &nbsp; ____________ "
            + tr._("(signature)"),
            signature,
        )
    )
    story.append(
        Paragraph(
            tr._("Date: {date}").format(
                date=tr.date(report.signed_on) if report.signed_on else "«__» ________ 20__"
            ),
            signature,
        )
    )
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
        title=tr._(
            "Report on the use of budget funds allocated to the revenue sources of local self-government"
        ),
    )
    doc.build(story)
    return out.getvalue()


def write_report_pdf(report: ReportView, path: str | Path, lang: str = "kk") -> Path:
    """Render and write atomically."""
    return atomic_write_bytes(path, render_report_pdf(report, lang))
