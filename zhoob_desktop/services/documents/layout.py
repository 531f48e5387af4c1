"""ReportLab layout of the papers: page frame, styles and a builder that speaks one or two languages.

Every paper is A4 portrait with the okrug header, the document's title and
number on each page, and "page N of M" in the footer (drawn after the last
page is known, in one pass). In the bilingual mode prose is laid out as two
columns, Kazakh left and Russian right, row by row, so each Kazakh paragraph
faces its Russian counterpart; tables carry both languages in their header
cells and repeat the header on every page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from zhoob_desktop.services.documents.text import Msg, Text, languages, render
from zhoob_desktop.services.i18n import N_, Translator
from zhoob_desktop.services.pdf_fonts import MONO, SANS, SANS_BOLD, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 18 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
# The version of the paper layout, printed in the PDF metadata (a changed layout is a new format).
LAYOUT_VERSION = 1

PAGE_OF = N_("Page {page} of {pages}")
BILINGUAL_SEPARATOR = " / "


def _styles() -> dict[str, ParagraphStyle]:
    family = register_fonts()
    base = ParagraphStyle("body", fontName=family, fontSize=10, leading=13, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "cellhead": ParagraphStyle("cellhead", parent=base, fontName=SANS_BOLD, fontSize=8, leading=10),
        "title": ParagraphStyle(
            "title", parent=base, fontName=SANS_BOLD, fontSize=14, leading=18, alignment=TA_CENTER
        ),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10.5, leading=14, alignment=TA_CENTER),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName=SANS_BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=3
        ),
        "subheading": ParagraphStyle(
            "subheading",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=10,
            leading=13,
            spaceBefore=5,
            spaceAfter=2,
        ),
        "quote": ParagraphStyle("quote", parent=base, leftIndent=8 * mm),
        "mono": ParagraphStyle("mono", parent=base, fontName=MONO, fontSize=8, leading=10),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
    }


_STYLE_CACHE: dict[str, ParagraphStyle] = {}


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of every paper (DejaVu, so every Kazakh letter prints)."""
    if not _STYLE_CACHE:
        _STYLE_CACHE.update(_styles())
    return _STYLE_CACHE


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text: markup characters are escaped, line breaks kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), styles()[style])


@dataclass(frozen=True)
class PageFrame:
    """What every page of a paper repeats: the okrug header, the title line and the footer note."""

    header: Text
    title: Text
    footer: Text = ""


class PaperBuilder:
    """Collects the flowables of one paper in a language mode (``kk``, ``ru`` or ``kk+ru``)."""

    def __init__(self, mode: str):
        self.mode = mode
        self.langs = languages(mode)
        self.translators = [Translator(lang) for lang in self.langs]
        self.bilingual = len(self.langs) > 1
        self.story: list[Flowable] = []
        self._styles = styles()

    # -- text -----------------------------------------------------------------------------
    def texts(self, text: Text) -> list[str]:
        """The text in each language of the mode."""
        return [render(text, tr) for tr in self.translators]

    def joined(self, text: Text) -> str:
        """The text in each language, joined by " / " when they differ (short labels, table cells)."""
        out: list[str] = []
        for item in self.texts(text):
            if item not in out:
                out.append(item)
        return BILINGUAL_SEPARATOR.join(out)

    def columns(self, text: Text, style: str = "body") -> Flowable:
        """A paragraph, or in the bilingual mode a row with the Kazakh and Russian side by side."""
        rendered = self.texts(text)
        if not self.bilingual:
            return para(rendered[0], style)
        return self._two_columns([[para(t, style) for t in rendered]])

    def _two_columns(self, rows: list[list[Flowable]]) -> Table:
        gap = 4 * mm
        table = Table(rows, colWidths=[FRAME_WIDTH / 2] * 2, splitByRow=1, splitInRow=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), SANS),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (0, -1), gap / 2),
                    ("LEFTPADDING", (1, 0), (1, -1), gap / 2),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ("LINEAFTER", (0, 0), (0, -1), 0.3, colors.lightgrey),
                ]
            )
        )
        return table

    def add(self, *flowables: Flowable) -> None:
        self.story.extend(flowables)

    def title(self, text: Text, subtitle: Text | None = None) -> None:
        self.add(self.columns(text, "title"))
        if subtitle is not None:
            self.add(self.columns(subtitle, "subtitle"))
        self.add(Spacer(1, 4 * mm))

    def heading(self, text: Text) -> None:
        # Keep a heading with the start of what it introduces.
        self.add(CondPageBreak(30 * mm), self.columns(text, "heading"))

    def subheading(self, text: Text) -> None:
        self.add(CondPageBreak(20 * mm), self.columns(text, "subheading"))

    def paragraph(self, text: Text, style: str = "body") -> None:
        self.add(self.columns(text, style))

    def paragraphs(self, texts: Sequence[Text], style: str = "body") -> None:
        """Several paragraphs; in the bilingual mode one two-column table, facing row by row."""
        if not texts:
            return
        if not self.bilingual:
            self.add(*(para(render(t, self.translators[0]), style) for t in texts))
            return
        self.add(self._two_columns([[para(t, style) for t in self.texts(text)] for text in texts]))

    def data_text(self, text: str, style: str = "quote") -> None:
        """Text entered by people (a decision, a speech summary): printed once, as written."""
        for chunk in [c for c in text.split("\n\n") if c.strip()] or [""]:
            self.add(para(chunk.strip(), style))

    def spacer(self, height_mm: float = 3) -> None:
        self.add(Spacer(1, height_mm * mm))

    # -- tables ---------------------------------------------------------------------------
    def table(
        self,
        headers: Sequence[Text],
        rows: Sequence[Sequence[Text]],
        widths: Sequence[float],
        *,
        align_right: Sequence[int] = (),
        row_padding: float = 2,
    ) -> None:
        """A ruled table whose header repeats on every page; ``widths`` are fractions of the frame.

        ``row_padding`` (points above and below each body row) leaves room to sign by hand.
        """
        s = self._styles
        total = sum(widths)
        col_widths = [FRAME_WIDTH * w / total for w in widths]
        head = [Paragraph(escape(self.joined(h)), s["cellhead"]) for h in headers]
        right = ParagraphStyle("cellright", parent=s["cell"], alignment=TA_RIGHT)
        cell = s["cell"]
        body = [
            [
                self._cell(self.joined(value), col_widths[i] - 6, right if i in align_right else cell)
                for i, value in enumerate(row)
            ]
            for row in rows
        ]
        table = Table([head, *body], colWidths=col_widths, repeatRows=1, splitByRow=1, splitInRow=1)
        commands = [
            ("FONTNAME", (0, 0), (-1, -1), SANS),
            ("FONTSIZE", (0, 0), (-1, -1), cell.fontSize),
            ("LEADING", (0, 0), (-1, -1), cell.leading),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        commands += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i in align_right]
        if row_padding != 2:
            commands += [
                ("TOPPADDING", (0, 1), (-1, -1), row_padding),
                ("BOTTOMPADDING", (0, 1), (-1, -1), row_padding),
            ]
        table.setStyle(TableStyle(commands))
        self.add(table)

    @staticmethod
    def _cell(text: str, width: float, style: ParagraphStyle) -> str | Paragraph:
        """A table cell: plain text when it fits on one line (fast), else a wrapping paragraph.

        Hundreds of member rows are mostly short names; parsing each as a
        paragraph would double the time of a protocol.
        """
        if "\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= width:
            return text
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    def fields(self, rows: Sequence[tuple[Text, Text]], label_width: float = 0.32) -> None:
        """Label / value lines (date, place, ...) without rules."""
        s = self._styles
        data = [
            [
                Paragraph(escape(self.joined(label)), s["subheading"]),
                Paragraph(escape(self.joined(value)).replace("\n", "<br/>"), s["body"]),
            ]
            for label, value in rows
        ]
        table = Table(
            data,
            colWidths=[FRAME_WIDTH * label_width, FRAME_WIDTH * (1 - label_width)],
            splitByRow=1,
            splitInRow=1,
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), SANS),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        self.add(table)

    def signatures(self, lines: Sequence[tuple[Text, str]], *, keep_with_next: bool = False) -> None:
        """Signature lines: the role, a line to sign on, the printed name; kept on one page."""
        s = self._styles
        rows = [
            [
                Paragraph(escape(self.joined(role)), s["subheading"]),
                Paragraph("_" * 24, s["body"]),
                Paragraph(escape(name), s["body"]),
            ]
            for role, name in lines
        ]
        table = Table(rows, colWidths=[FRAME_WIDTH * 0.34, FRAME_WIDTH * 0.3, FRAME_WIDTH * 0.36])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), SANS),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("TOPPADDING", (0, 0), (-1, -1), 10),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        block = KeepTogether([Spacer(1, 6 * mm), table])
        # The protocol keeps its signatures on the page of the QR code that identifies it.
        block.keepWithNext = keep_with_next
        self.add(block)

    def qr_block(self, payload: str, lines: Sequence[Text], size_mm: float = 28) -> None:
        """A QR code with the matching text beside it (digests printed in full, monospaced)."""
        size = size_mm * mm
        # Sized directly (not scaled from getBounds(), which would draw the symbol a second time).
        widget = QrCodeWidget(payload, barLevel="M", barWidth=size, barHeight=size, x=0, y=0)
        drawing = Drawing(size, size)
        drawing.add(widget)
        # The renderer's default state names Helvetica; keep every page in a font with Kazakh letters.
        drawing.initialFontName = SANS
        s = self._styles
        text = [Paragraph(escape(self.joined(line)), s["small"]) for line in lines]
        table = Table([[drawing, text]], colWidths=[size + 4 * mm, FRAME_WIDTH - size - 4 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), SANS),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        self.add(KeepTogether([Spacer(1, 4 * mm), table]))


def _page_canvas(frame: PageFrame, translators: list[Translator]):
    """A canvas class that draws header and "page N of M" once the page count is known."""
    # One header line per language (two in the bilingual mode), each cut to its half of the width.
    headers = list(dict.fromkeys(render(frame.header, tr) for tr in translators))
    titles = list(dict.fromkeys(render(frame.title, tr) for tr in translators))
    footer = BILINGUAL_SEPARATOR.join(dict.fromkeys(render(frame.footer, tr) for tr in translators))
    line_gap = 3.2 * mm

    class PagedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._decorate(number, total)
                super().showPage()
            super().save()

        def _decorate(self, number: int, total: int) -> None:
            self.saveState()
            self.setFont(SANS, 7.5)
            self.setFillColor(colors.HexColor("#444444"))
            top = PAGE_HEIGHT - 12 * mm if len(headers) == 1 and len(titles) == 1 else PAGE_HEIGHT - 10 * mm
            for i, text in enumerate(headers):
                self.drawString(MARGIN_X, top - i * line_gap, _fit(self, text, FRAME_WIDTH * 0.55, 7.5))
            for i, text in enumerate(titles):
                self.drawRightString(
                    PAGE_WIDTH - MARGIN_X, top - i * line_gap, _fit(self, text, FRAME_WIDTH * 0.43, 7.5)
                )
            rule = top - (max(len(headers), len(titles)) - 1) * line_gap - 2 * mm
            self.setStrokeColor(colors.grey)
            self.setLineWidth(0.4)
            self.line(MARGIN_X, rule, PAGE_WIDTH - MARGIN_X, rule)
            bottom = 10 * mm
            self.line(MARGIN_X, bottom + 4 * mm, PAGE_WIDTH - MARGIN_X, bottom + 4 * mm)
            if footer:
                self.drawString(MARGIN_X, bottom, _fit(self, footer, FRAME_WIDTH * 0.6, 7.5))
            page_text = BILINGUAL_SEPARATOR.join(
                dict.fromkeys(
                    render(Msg(PAGE_OF, {"page": number, "pages": total}), tr) for tr in translators
                )
            )
            self.drawRightString(PAGE_WIDTH - MARGIN_X, bottom, page_text)
            self.restoreState()

    return PagedCanvas


def _fit(c: rl_canvas.Canvas, text: str, width: float, size: float) -> str:
    """Shorten a header line with an ellipsis so it never runs into its neighbour."""
    if c.stringWidth(text, SANS, size) <= width:
        return text
    while text and c.stringWidth(text + "…", SANS, size) > width:
        text = text[:-1]
    return text + "…"


def build_pdf(builder: PaperBuilder, frame: PageFrame, *, title: str, subject: str = "") -> bytes:
    """Lay the builder's story out on A4 pages and return the PDF bytes.

    ``invariant`` output: the same content gives the same bytes, so a digest
    identifies a paper and a re-render can be compared with a stored one.
    """
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        subject=subject,
        author="Zhoob Desktop",
        creator=f"Zhoob Desktop paper layout {LAYOUT_VERSION}",
        invariant=1,
        # Without this every page would also reference Helvetica, which has no Kazakh letters.
        initialFontName=SANS,
    )
    doc.build(list(builder.story), canvasmaker=_page_canvas(frame, builder.translators))
    return out.getvalue()
