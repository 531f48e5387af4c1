"""The report printed on the form of Order 405, appendix 1 (A4 landscape), as the official form.

Every amount and percentage is printed the same way, with one decimal and
the locale's group separator (``1 250,0`` beside ``314,2``), right-aligned;
the sums printed are the sums of the lines printed (the amounts are kept to
one decimal). Column titles wrap between words only: the font is reduced
until the longest word of each title fits its column, and the numbers'
columns widen (and their font shrinks) until the widest number fits.
Signature lines carry their captions: (signature) and (surname, initials).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from zhoob_desktop.services.files import atomic_write_bytes
from zhoob_desktop.services.i18n import N_, Translator
from zhoob_desktop.services.monitoring.report import LineView, ReportView, format_amount
from zhoob_desktop.services.paper_dates import attributive_date, locative_date, paper_date
from zhoob_desktop.services.pdf_fonts import SANS, SANS_BOLD, register_fonts

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
# The plan of the year's report is the plan of the year (the form's column 5 is the plan of the period).
YEAR_PLAN_HEADERS = {
    4: N_("Plan of the reporting period"),
    7: N_("Execution of the plan of the period, % (col. 6 / col. 5 × 100)"),
    9: N_("Shortfall against the plan of the period (col. 6 − col. 5)"),
}
TITLE = N_("Report on the use of budget funds allocated to the revenue sources of local self-government")
SURNAME_INITIALS = N_("(surname, initials)")
SEAL_PLACE = N_("Place of the seal")

PAGE = landscape(A4)
MARGIN = 10 * mm
FRAME = PAGE[0] - 2 * MARGIN
PAD = 2.5  # points of cell padding on each side
NAME_WIDTH, CODE_WIDTH, NUMBER_MIN, REASON_MIN = 58 * mm, 11 * mm, 19 * mm, 38 * mm
HEAD_SIZE, HEAD_MIN, BODY_SIZE, BODY_MIN = 7.0, 5.0, 7.5, 5.5


def headers(period: str) -> list[str]:
    """The column titles (msgids) of the form for a half year or a year."""
    out = list(HEADERS)
    if period == "year":
        for index, msgid in YEAR_PLAN_HEADERS.items():
            out[index] = msgid
    return out


def report_date(report: ReportView) -> date:
    """The date the form is made out as of: 1 July for the half year, 1 January for the year."""
    return date(report.year, 7, 1) if report.period == "half" else date(report.year + 1, 1, 1)


def _cells(line: LineView, lang: str) -> list[str]:
    values = (
        line.plan_approved,
        line.plan_revised,
        line.plan_half,
        line.actual,
        line.pct_revised,
        line.pct_half,
        line.diff_revised,
        line.diff_half,
    )
    return [format_amount(v, lang) for v in values]


def _longest_word(text: str, font: str, size: float) -> float:
    return max((stringWidth(w, font, size) for w in text.split()), default=0.0)


def _fit_head(titles: list[str], widths: list[float]) -> float:
    """The largest title size at which the longest word of every title fits its column."""
    size = HEAD_SIZE
    while size > HEAD_MIN and any(
        _longest_word(t, SANS_BOLD, size) > w - 2 * PAD for t, w in zip(titles, widths, strict=True)
    ):
        size -= 0.25
    return size


def _layout(rows: list[list[str]]) -> tuple[list[float], float]:
    """Column widths and the size of the numbers: every number fits its column on one line."""
    size = BODY_SIZE
    while True:
        need = [
            max([stringWidth(r[i], SANS_BOLD, size) for r in rows] or [0.0]) + 2 * PAD + 1 for i in range(8)
        ]
        numbers = [max(NUMBER_MIN, n) for n in need]
        reason = FRAME - NAME_WIDTH - CODE_WIDTH - sum(numbers)
        if reason >= REASON_MIN or size <= BODY_MIN:
            return [NAME_WIDTH, CODE_WIDTH, *numbers, max(reason, REASON_MIN)], size
        size -= 0.25


def render_report_pdf(report: ReportView, lang: str = "kk") -> bytes:
    """The filled form as PDF bytes, in Kazakh, Russian or English.

    The signatures never stand alone on a page: when they do not fit under
    the table, the table's last lines go over with them, under the row of
    column numbers.
    """
    tr = Translator(lang)
    family = register_fonts()
    pdf, pages = _build(report, tr, family, tail=0)
    if pages[0] != pages[1]:
        pdf, _pages = _build(report, tr, family, tail=TAIL_LINES)
    return pdf


TAIL_LINES = 2  # the lines of the form carried over with the signatures


class _PageMark(Flowable):
    """Notes the page it lands on (nothing is drawn)."""

    def __init__(self, pages: list[int]):
        super().__init__()
        self.pages = pages

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self) -> None:
        self.pages.append(self.canv.getPageNumber())


def _head(report: ReportView, tr: Translator, family: str) -> list:
    lang = tr.lang
    base = ParagraphStyle("base", fontName=family, fontSize=8.5, leading=11)
    right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
    centre = ParagraphStyle("centre", parent=base, alignment=TA_CENTER)
    title = ParagraphStyle(
        "title", parent=base, fontName=SANS_BOLD, fontSize=12, leading=15, alignment=TA_CENTER, spaceAfter=3
    )
    story = [
        Paragraph(tr._("Appendix to Order No. 405 of the Minister of Finance of 26 August 2013"), right),
        Paragraph(tr._("Form"), right),
        Spacer(1, 3 * mm),
        Paragraph(tr._(TITLE), title),
        Paragraph(tr._("as of {date}").format(date=attributive_date(report_date(report), lang)), centre),
        Spacer(1, 3 * mm),
        Paragraph(
            tr._("Name of the state institution: {name}").format(name=report.institution or "_" * 40), base
        ),
        Paragraph(
            tr._("Periodicity: {period}").format(
                period=tr._("half-yearly") if report.period == "half" else tr._("annual")
            ),
            base,
        ),
        Paragraph(tr._("Unit of measurement: thousand tenge"), base),
    ]
    if report.corrected:
        story.append(
            Paragraph(
                tr._(
                    "Corrected version No. {version}; it replaces the report signed on {date}. Reason: {reason}"
                ).format(
                    version=report.version,
                    date=locative_date(report.superseded_signed_on, lang)
                    if report.superseded_signed_on
                    else "—",
                    reason=report.correction_reason,
                ),
                ParagraphStyle("corr", parent=base, fontName=SANS_BOLD),
            )
        )
    story.append(Spacer(1, 3 * mm))

    return story


def _build(report: ReportView, tr: Translator, family: str, tail: int) -> tuple[bytes, list[int]]:
    """The PDF, with the last ``tail`` lines kept with the signatures; the pages the table and the
    signatures end on."""
    lang = tr.lang
    story = _head(report, tr, family)
    values = [_cells(line, lang) for line in report.lines]
    widths, number_size = _layout(values)
    titles = [tr._(h) for h in headers(report.period)]
    head_size = _fit_head(titles, widths)
    head = ParagraphStyle(
        "head", fontName=SANS_BOLD, fontSize=head_size, leading=head_size * 1.2, alignment=TA_CENTER,
        splitLongWords=0,
    )  # fmt: skip
    name_style = ParagraphStyle("name", fontName=family, fontSize=7.5, leading=9, alignment=TA_LEFT)
    name_bold = ParagraphStyle("nameb", parent=name_style, fontName=SANS_BOLD)
    reason_style = ParagraphStyle("reason", parent=name_style, fontSize=7, leading=8.5)
    body: list[list] = []
    for line, cells in zip(report.lines, values, strict=True):
        label = line.label(tr._)
        style = name_bold if line.computed else name_style
        if line.is_direction:
            style = ParagraphStyle("dir", parent=name_style, leftIndent=4 * mm)
        body.append([Paragraph(label, style), line.code, *cells, Paragraph(line.reason, reason_style)])
    titles_row = [Paragraph(t, head) for t in titles]
    numbers_row = [str(i) for i in range(1, 12)]
    cut = len(body) - tail
    pages: list[int] = []
    table = _table([titles_row, numbers_row], body[:cut], report.lines[:cut], widths, family, number_size)
    story += [table, _PageMark(pages)]
    closing = [Spacer(1, 6 * mm), _signatures(report, tr, family), _PageMark(pages)]
    if tail:
        rest = _table([numbers_row], body[cut:], report.lines[cut:], widths, family, number_size)
        closing = [KeepTogether([rest, *closing])]
    story += closing
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=tr._(TITLE),
        author="Zhoob Desktop",
        invariant=1,
        initialFontName=SANS,
    )
    doc.build(story)
    return out.getvalue(), pages


def _table(
    head: list[list], body: list[list], lines: list[LineView], widths: list[float], family: str, size: float
) -> Table:
    """Rows of the form under its head rows (the titles and/or the row of column numbers)."""
    first = len(head)
    numbers = first - 1  # the row of column numbers is the last head row
    table = Table([*head, *body], colWidths=widths, repeatRows=first, hAlign="LEFT")
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), family, size),
            ("FONT", (0, numbers), (-1, numbers), family, 7),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            ("VALIGN", (0, numbers), (-1, -1), "TOP"),
            ("ALIGN", (2, first), (9, -1), "RIGHT"),
            ("ALIGN", (0, numbers), (-1, numbers), "CENTER"),
            ("ALIGN", (1, first), (1, -1), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("BACKGROUND", (0, 0), (-1, numbers), colors.HexColor("#eeeeee")),
        ]
    )
    for index, line in enumerate(lines, start=first):
        if line.computed:
            style.add("FONT", (1, index), (9, index), SANS_BOLD, size)
    table.setStyle(style)
    return table


def _signatures(report: ReportView, tr: Translator, family: str) -> KeepTogether:
    """Two signature lines with their captions, the date, and the place of the seal, kept on one page."""
    role = ParagraphStyle("role", fontName=family, fontSize=8.5, leading=10.5)
    caption = ParagraphStyle("cap", fontName=family, fontSize=6.5, leading=8, alignment=TA_CENTER)
    value = ParagraphStyle("val", fontName=family, fontSize=9, leading=11, alignment=TA_CENTER)
    rows = []
    for label, name in (
        (
            tr._("Akim of the city of district significance, village, settlement or rural okrug"),
            report.akim_name,
        ),
        (tr._("Head of the finance service"), report.finance_head_name),
    ):
        rows.append([Paragraph(label, role), "", "", "", Paragraph(name or "", value)])
        rows.append(
            ["", "", Paragraph(tr._("(signature)"), caption), "", Paragraph(tr._(SURNAME_INITIALS), caption)]
        )
    # Role, a gap, the line to sign on, a gap, the name written out: each line with its caption below.
    table = Table(rows, colWidths=[105 * mm, 6 * mm, 45 * mm, 8 * mm, 65 * mm], hAlign="LEFT")
    commands = [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 2)]
    for r in range(0, len(rows), 2):
        commands += [
            ("LINEBELOW", (2, r), (2, r), 0.5, colors.black),
            ("LINEBELOW", (4, r), (4, r), 0.5, colors.black),
            ("TOPPADDING", (0, r), (-1, r), 12),
        ]
    table.setStyle(TableStyle(commands))
    when = paper_date(report.signed_on, tr.lang) if report.signed_on else "«___» ______________ 20___"
    small = ParagraphStyle("small", fontName=family, fontSize=8.5, leading=11)
    return KeepTogether(
        [
            table,
            Spacer(1, 3 * mm),
            Paragraph(tr._("Date: {date}").format(date=when), small),
            Paragraph(tr._(SEAL_PLACE), ParagraphStyle("seal", parent=small, fontSize=7.5)),
        ]
    )


def write_report_pdf(report: ReportView, path: str | Path, lang: str = "kk") -> Path:
    """Render and write atomically."""
    return atomic_write_bytes(path, render_report_pdf(report, lang))
