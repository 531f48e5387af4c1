"""The passport as a printable one-page PDF (ReportLab), in Kazakh, Russian or English."""

from __future__ import annotations

import io
import uuid
from datetime import date
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from zhoob_desktop.services.files import atomic_write_bytes
from zhoob_desktop.services.i18n import Translator
from zhoob_desktop.services.pdf_fonts import SANS_BOLD, register_fonts
from zhoob_desktop.services.register.passport import Passport, passport
from zhoob_desktop.services.store import Store

FORMAT_VERSION = "zhoob-passport-1"
MALE = colors.HexColor("#3b6ea5")
FEMALE = colors.HexColor("#c0504d")
GRID = colors.HexColor("#9aa5b1")


def write_passport_pdf(
    store: Store,
    path: str | Path,
    *,
    on: date | None = None,
    settlement_id: uuid.UUID | None = None,
    lang: str = "kk",
) -> Passport:
    """Write the passport of the okrug (or one settlement) to ``path`` atomically; returns its numbers."""
    data = passport(store, on, settlement_id)
    atomic_write_bytes(path, render_passport(data, lang))
    return data


def render_passport(p: Passport, lang: str) -> bytes:
    """The PDF bytes of a passport in a language."""
    t = Translator(lang)
    family = register_fonts()
    base = ParagraphStyle("base", fontName=family, fontSize=9.5, leading=12)
    title = ParagraphStyle("title", parent=base, fontName=SANS_BOLD, fontSize=14, leading=17, spaceAfter=2)
    small = ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#4a5560"))
    heading = ParagraphStyle(
        "heading", parent=base, fontName=SANS_BOLD, fontSize=10.5, spaceBefore=6, spaceAfter=3
    )
    if p.settlement_name:
        title_text = t._("Passport of the settlement {name}").format(name=p.settlement_name)
    else:
        title_text = t._("Passport of the okrug")
    story = [
        Paragraph(_esc(p.okrug_name(lang)), small),
        Paragraph(_esc(title_text), title),
        Paragraph(_esc(t._("Residents registered on {date}").format(date=t.date(p.on))), base),
        Spacer(1, 4 * mm),
    ]
    summary = [
        [t._("Residents"), t.number(p.residents), t._("Community members"), t.number(p.members)],
        [t._("Men"), t.number(p.male), t._("Women"), t.number(p.female)],
        [t._("Streets"), t.number(p.streets), t._("Inhabited houses"), t.number(p.houses)],
    ]
    story.append(_table(summary, [45 * mm, 25 * mm, 50 * mm, 25 * mm], family, header=False))
    story.append(
        Paragraph(
            _esc(
                t._("Community members are residents aged {age} or older on that date.").format(
                    age=p.adult_age
                )
            ),
            small,
        )
    )
    story.append(Paragraph(_esc(t._("By age")), heading))
    rows = [[t._("Age"), t._("Residents"), t._("Men"), t._("Women"), t._("Community members")]]
    for band in p.by_age:
        rows.append(
            [band.label, *(t.number(v) for v in (band.residents, band.male, band.female, band.members))]
        )
    rows.append([t._("Total"), *(t.number(v) for v in (p.residents, p.male, p.female, p.members))])
    story.append(_table(rows, [26 * mm, 28 * mm, 26 * mm, 26 * mm, 52 * mm], family, total=True))
    story.append(Spacer(1, 3 * mm))
    story.append(_chart(p, t, family))
    story.append(Paragraph(_esc(t._("By social status")), heading))
    rows = [[t._("Social status"), t._("Residents"), t._("Community members")]]
    for status in p.by_status:
        rows.append([status.name(lang), t.number(status.residents), t.number(status.members)])
    story.append(_table(rows, [78 * mm, 28 * mm, 52 * mm], family))
    story.append(Spacer(1, 8 * mm))
    story.append(Paragraph(_esc(t._("Akim of the okrug")) + " ____________________", base))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=title_text,
        author=p.okrug_name(lang),
        subject=FORMAT_VERSION,
        lang=lang,
    )
    doc.build(story)
    return buffer.getvalue()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(rows, widths, family, *, header: bool = True, total: bool = False) -> Table:
    # Labels are paragraphs so that long Russian headings wrap inside their cell.
    label = ParagraphStyle("cell", fontName=family, fontSize=9, leading=11)
    head = ParagraphStyle("head", parent=label, fontName=SANS_BOLD, alignment=1)
    wrapped = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            if header and r == 0:
                cells.append(Paragraph(_esc(value), head))
            elif (c == 0 or (not header and c == 2)) and not (total and r == len(rows) - 1):
                cells.append(Paragraph(_esc(value), label))
            else:
                cells.append(value)
        wrapped.append(cells)
    table = Table(wrapped, colWidths=widths, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), family, 9),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        style += [
            ("FONT", (0, 0), (-1, 0), SANS_BOLD, 9),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf2")),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ]
    else:
        style += [("ALIGN", (2, 0), (2, -1), "LEFT"), ("FONT", (1, 0), (1, -1), SANS_BOLD, 9)]
        style += [("FONT", (3, 0), (3, -1), SANS_BOLD, 9)]
    if total:
        style += [("FONT", (0, -1), (-1, -1), SANS_BOLD, 9)]
    table.setStyle(TableStyle(style))
    return table


def _chart(p: Passport, t: Translator, family: str) -> Drawing:
    """Men and women per age band as grouped bars."""
    drawing = Drawing(170 * mm, 58 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 9 * mm
    chart.width, chart.height = 120 * mm, 44 * mm
    chart.data = [[b.male for b in p.by_age], [b.female for b in p.by_age]]
    chart.categoryAxis.categoryNames = [b.label for b in p.by_age]
    chart.categoryAxis.labels.fontName = family
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = family
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    top = max([1, *chart.data[0], *chart.data[1]])
    chart.valueAxis.valueMax = top * 1.1
    chart.valueAxis.valueStep = max(1, _nice_step(top))
    chart.bars[0].fillColor = MALE
    chart.bars[1].fillColor = FEMALE
    chart.bars.strokeColor = None
    chart.groupSpacing = 6
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 140 * mm, 45 * mm
    legend.fontName = family
    legend.fontSize = 8
    legend.alignment = "right"
    legend.colorNamePairs = [(MALE, t._("Men")), (FEMALE, t._("Women"))]
    drawing.add(legend)
    drawing.add(String(14 * mm, 54 * mm, t._("Residents by age and sex"), fontName=SANS_BOLD, fontSize=9))
    return drawing


def _nice_step(top: int) -> int:
    raw = top / 5
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if step >= raw:
            return step
    return int(raw)
