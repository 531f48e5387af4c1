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
from zhoob_desktop.services.monitoring.pdf import SURNAME_INITIALS, TITLE, headers, report_date
from zhoob_desktop.services.monitoring.report import ReportView

AMOUNT_FORMAT = "#,##0.0"
WIDTHS = (48, 7, 14, 14, 14, 14, 12, 12, 14, 14, 36)


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
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width

    ws["K1"] = tr._("Appendix to Order No. 405 of the Minister of Finance of 26 August 2013")
    ws["K2"] = tr._("Form")
    ws.merge_cells("A4:K4")
    ws["A4"] = tr._(TITLE)
    ws["A4"].font = Font(bold=True, size=12)
    ws["A4"].alignment = Alignment(horizontal="center", wrap_text=True)
    ws.row_dimensions[4].height = 32
    ws.merge_cells("A5:K5")
    ws["A5"] = tr._("as of {date}").format(date=tr.date(report_date(report)))
    ws["A5"].alignment = Alignment(horizontal="center")
    ws["A7"] = tr._("Name of the state institution: {name}").format(name=report.institution or "")
    ws["A8"] = tr._("Periodicity: {period}").format(
        period=tr._("half-yearly") if report.period == "half" else tr._("annual")
    )
    ws["A9"] = tr._("Unit of measurement: thousand tenge")
    row = 10
    if report.corrected:
        ws.cell(row, 1, tr._("Corrected version No. {version}; it replaces the report signed on {date}. Reason: {reason}").format(
            version=report.version,
            date=tr.date(report.superseded_signed_on) if report.superseded_signed_on else "—",
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
        number.border, number.fill = box, head_fill
        number.alignment = Alignment(horizontal="center")
    ws.row_dimensions[row].height = 64
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
            else:
                cell.alignment = Alignment(
                    wrap_text=True, vertical="top", indent=2 if line.is_direction and col == 1 else 0
                )
            if line.computed:
                cell.font = bold
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
        ws.cell(row, 4, "")
        ws.cell(row, 4).border = Border(bottom=thin)
        ws.cell(row, 7, name).border = Border(bottom=thin)
        ws.cell(row + 1, 4, tr._("(signature)")).font = Font(size=8)
        ws.cell(row + 1, 7, tr._(SURNAME_INITIALS)).font = Font(size=8)
        row += 3
    when = tr.date(report.signed_on) if report.signed_on else "«___» ______________ 20___"
    ws.cell(row, 1, tr._("Date: {date}").format(date=when))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_report_xlsx(report: ReportView, path: str | Path, lang: str = "kk") -> Path:
    """Write the workbook atomically."""
    return atomic_write_bytes(path, report_workbook(report, lang))
