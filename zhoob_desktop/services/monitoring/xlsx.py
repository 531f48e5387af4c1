"""The Order 405 report as an Excel workbook: the same form, the amounts as numbers with one decimal.

The district's finance department often collects the okrugs' reports in
Excel; the workbook carries the form's titles, the column numbers, every
line with its amounts (numbers, formatted ``# ##0.0``, not text) and the
signatures, in the language chosen.
"""

from __future__ import annotations

import io
from pathlib import Path

from zhoob_desktop.services.files import atomic_write_bytes
from zhoob_desktop.services.i18n import Translator
from zhoob_desktop.services.monitoring.pdf import SEAL_PLACE, SURNAME_INITIALS, TITLE, headers, report_date
from zhoob_desktop.services.monitoring.report import ReportView
from zhoob_desktop.services.paper_dates import attributive_date, locative_date, paper_date

AMOUNT_FORMAT = "#,##0.0"
WIDTHS = (48, 7, 14, 14, 14, 14, 12, 12, 14, 14, 36)
FONT = "Arial"  # on every Windows; one face for the whole form, Kazakh letters included
LINE_HEIGHT = 13.0  # points per line of 10-point text
CHAR_WIDTH = 1.05  # column-width units one letter of the text takes, on average


def text_height(texts: list[tuple[str, float]], size: float = 10) -> float:
    """The height (points) a row needs for wrapped texts in columns of the given widths.

    Excel does not size a row to its wrapped text when it opens a file, so a
    long name would hide under the next line; the height is set here.
    """
    lines = 1
    for text, width in texts:
        capacity = max(1, int((width - 1.5) / (CHAR_WIDTH * size / 10)))  # letters on one line
        count = 0
        for part in str(text or "").split("\n"):
            count += 1
            used = 0
            for word in part.split():
                if used and used + 1 + len(word) > capacity:
                    count += 1
                    used = 0
                used += len(word) + (1 if used else 0)
                count += (len(word) - 1) // capacity  # a word longer than the line breaks inside
        lines = max(lines, count)
    return lines * LINE_HEIGHT * size / 10 + 2


def report_workbook(report: ReportView, lang: str = "kk") -> bytes:
    """The filled form as .xlsx bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    tr = Translator(lang)
    wb = Workbook()
    ws = wb.active
    ws.title = f"{report.year}-{report.period}"
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    plain, bold, small = (
        Font(name=FONT, size=10),
        Font(name=FONT, size=10, bold=True),
        Font(name=FONT, size=8),
    )
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width

    # Printed as the form: A4 landscape, one page wide, the column titles repeated on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.horizontalCentered = True

    ws.merge_cells("F1:K1")
    ws.merge_cells("F2:K2")
    ws["F1"] = tr._("Appendix to Order No. 405 of the Minister of Finance of 26 August 2013")
    ws["F2"] = tr._("Form")
    for ref in ("F1", "F2"):
        ws[ref].font, ws[ref].alignment = plain, Alignment(horizontal="right")
    ws.merge_cells("A4:K4")
    ws["A4"] = tr._(TITLE)
    ws["A4"].font = Font(name=FONT, bold=True, size=12)
    ws["A4"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[4].height = text_height([(ws["A4"].value, sum(WIDTHS) * 0.9)], 12)
    ws.merge_cells("A5:K5")
    ws["A5"] = tr._("as of {date}").format(date=attributive_date(report_date(report), lang))
    ws["A5"].font, ws["A5"].alignment = plain, Alignment(horizontal="center")
    ws["A7"] = tr._("Name of the state institution: {name}").format(name=report.institution or "")
    ws["A8"] = tr._("Periodicity: {period}").format(
        period=tr._("half-yearly") if report.period == "half" else tr._("annual")
    )
    ws["A9"] = tr._("Unit of measurement: thousand tenge")
    for ref in ("A7", "A8", "A9"):
        ws[ref].font = plain
    row = 10
    if report.corrected:
        ws.cell(row, 1, tr._("Corrected version No. {version}; it replaces the report signed on {date}. Reason: {reason}").format(
            version=report.version,
            date=locative_date(report.superseded_signed_on, lang) if report.superseded_signed_on else "—",
            reason=report.correction_reason,
        )).font = bold  # fmt: skip
        row += 1
    row += 1
    head_fill = PatternFill("solid", fgColor="EEEEEE")
    for col, title in enumerate(headers(report.period), start=1):
        cell = ws.cell(row, col, tr._(title))
        cell.font, cell.border, cell.fill = bold, box, head_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        number = ws.cell(row + 1, col, col)
        number.border, number.fill, number.font = box, head_fill, small
        number.alignment = Alignment(horizontal="center")
    ws.row_dimensions[row].height = max(
        text_height([(tr._(t), w) for t, w in zip(headers(report.period), WIDTHS, strict=True)]), 40
    )
    ws.print_title_rows = f"{row}:{row + 1}"
    first = row + 2
    for r, line in enumerate(report.lines, start=first):
        values = [
            line.label(tr._),
            line.code,
            line.plan_approved,
            line.plan_revised,
            line.plan_half,
            line.actual,
            line.pct_revised,
            line.pct_half,
            line.diff_revised,
            line.diff_half,
            line.reason,
        ]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(r, col, float(value) if col > 2 and col < 11 and value is not None else value)
            cell.border = box
            if 2 < col < 11:
                cell.number_format = AMOUNT_FORMAT
                cell.alignment = Alignment(horizontal="right", vertical="top")
            elif col == 2:
                cell.alignment = Alignment(horizontal="center", vertical="top")
            else:
                cell.alignment = Alignment(
                    wrap_text=True, vertical="top", indent=2 if line.is_direction and col == 1 else 0
                )
            cell.font = bold if line.computed else plain
        ws.row_dimensions[r].height = text_height(
            [(values[0], WIDTHS[0] - (2 if line.is_direction else 0)), (line.reason, WIDTHS[10])]
        )
    ws.freeze_panes = ws.cell(first, 3)
    row = first + len(report.lines) + 2
    for label, name in (
        (
            tr._("Akim of the city of district significance, village, settlement or rural okrug"),
            report.akim_name,
        ),
        (tr._("Head of the finance service"), report.finance_head_name),
    ):
        ws.cell(row, 1, label).alignment = wrap
        ws.cell(row, 1).font = plain
        ws.row_dimensions[row].height = text_height([(label, WIDTHS[0])])
        # The line to sign on (columns D-E) and the name written out (G-I), each with its caption.
        for col in (4, 5, 7, 8, 9):
            ws.cell(row, col).border = Border(bottom=thin)
        ws.merge_cells(start_row=row, start_column=7, end_row=row, end_column=9)
        ws.cell(row, 7, name or "").font = plain
        ws.cell(row, 7).alignment = Alignment(horizontal="center", vertical="bottom")
        for col, caption in ((4, tr._("(signature)")), (7, tr._(SURNAME_INITIALS))):
            ws.merge_cells(
                start_row=row + 1, start_column=col, end_row=row + 1, end_column=col + (1 if col == 4 else 2)
            )
            ws.cell(row + 1, col, caption).font = small
            ws.cell(row + 1, col).alignment = Alignment(horizontal="center")
        row += 3
    when = paper_date(report.signed_on, lang) if report.signed_on else "«___» ______________ 20___"
    ws.cell(row, 1, tr._("Date: {date}").format(date=when)).font = plain
    ws.cell(row + 1, 1, tr._(SEAL_PLACE)).font = small
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_report_xlsx(report: ReportView, path: str | Path, lang: str = "kk") -> Path:
    """Write the workbook atomically."""
    return atomic_write_bytes(path, report_workbook(report, lang))
