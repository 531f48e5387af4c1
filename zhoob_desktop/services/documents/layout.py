"""ReportLab layout of the papers: the page frame and the primitives every paper is written with.

A paper is written once against the primitives of ``PaperBuilder`` (the
same methods exist on ``docx.DocxBuilder`` for the Word draft):

* ``heading_block``: the centred heading, the okrug in the genitive and the
  kind of paper in capitals, with the okrug's logo above it when there is one;
* ``place_line``: date, number and place on one line;
* ``section``: a section word (ТЫҢДАЛДЫ:, СЛУШАЛИ:) that never stays alone at
  the foot of a page;
* ``paragraph`` (optionally with a bold lead such as a name), ``lines``,
  ``numbered``, ``fields`` (label — value);
* ``together()``: everything written inside stays on one page (a vote with
  its formula, a decision with its outcome);
* ``table`` (header repeated on every page), ``signatures`` ("Жиналыс
  төрағасы ____ А. Байжанова"), ``qr_block``.

Every paper is A4 portrait, one body size, with a running header that fits
(the okrug left, the paper right, each shrunk rather than cut), "page N of M"
in the footer and, until the paper is signed, the mark ЖОБА / ПРОЕКТ on every
page. In the bilingual mode every block is one row of two columns, Kazakh
left and Russian right, so each Kazakh text faces its Russian counterpart.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from zhoob_desktop.services.documents.conventions import numbered_lines
from zhoob_desktop.services.documents.text import LanguagePaper, Msg, Text, render
from zhoob_desktop.services.i18n import N_, Translator
from zhoob_desktop.services.pdf_fonts import MONO, SANS, SANS_BOLD, register_fonts
from zhoob_desktop.services.register.bulk import gc_paused
from zhoob_desktop.services.texts import TextBook

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 25 * mm  # papers are filed in binders: the wider margin is on the left
MARGIN_RIGHT = 15 * mm
MARGIN_X = MARGIN_LEFT
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
# The version of the paper layout, printed in the PDF metadata (a changed layout is a new format).
LAYOUT_VERSION = 2
BODY_SIZE = 11.0
COLUMN_GAP = 5 * mm

PAGE_OF = N_("Page {page} of {pages}")
DRAFT_MARK = N_("DRAFT")
BILINGUAL_SEPARATOR = " / "
TABLE_SPACE_AFTER = 3 * mm  # between a table's bottom rule and what follows it


@cache
def styles(size: float = BODY_SIZE) -> dict[str, ParagraphStyle]:
    """The paragraph styles of a paper with body text of ``size`` points (DejaVu: every Kazakh letter)."""
    family = register_fonts()
    leading = round(size * 1.32, 1)
    base = ParagraphStyle("body", fontName=family, fontSize=size, leading=leading, alignment=TA_JUSTIFY)
    cell = max(8.0, size - 1.5)
    return {
        "body": base,
        "left": ParagraphStyle("left", parent=base, alignment=TA_LEFT),
        "bold": ParagraphStyle("bold", parent=base, fontName=SANS_BOLD, alignment=TA_LEFT),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "center_bold": ParagraphStyle("center_bold", parent=base, fontName=SANS_BOLD, alignment=TA_CENTER),
        "word": ParagraphStyle(
            "word",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=size + 2,
            leading=leading + 3,
            alignment=TA_CENTER,
        ),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "cell": ParagraphStyle(
            "cell", parent=base, fontSize=cell, leading=round(cell * 1.25, 1), alignment=TA_LEFT
        ),
        "cellhead": ParagraphStyle(
            "cellhead",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=cell,
            leading=round(cell * 1.25, 1),
            alignment=TA_LEFT,
        ),
        "note": ParagraphStyle("note", parent=base, fontSize=8, leading=10, alignment=TA_LEFT),
        "mono": ParagraphStyle(
            "mono", parent=base, fontName=MONO, fontSize=7.5, leading=9.5, alignment=TA_LEFT
        ),
    }


def markup(text: str) -> str:
    """Plain text as paragraph markup: special characters escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def para(text: str, style: str = "body", size: float = BODY_SIZE) -> Paragraph:
    """A paragraph of plain text: markup characters are escaped, line breaks kept."""
    return Paragraph(markup(text), styles(size)[style])


@dataclass(frozen=True)
class PageFrame:
    """What every page of a paper repeats: the okrug (left), the paper (right), and the draft mark."""

    header: Text
    title: Text
    footer: Text = ""
    draft: bool = False


class PaperBuilder(LanguagePaper):
    """Collects the flowables of one paper in a language mode (``kk``, ``ru`` or ``kk+ru``).

    ``book`` gives typed texts (``Data``) in each language and notes those
    without a translation; ``body`` is the body size (a notice for the board
    prints larger).
    """

    def __init__(self, mode: str, *, body: float = BODY_SIZE, book: TextBook | None = None):
        super().__init__(mode, book)
        self.size = body
        self.story: list[Flowable] = []
        self._styles = styles(body)
        self._groups: list[list[Flowable]] = []

    # -- blocks ---------------------------------------------------------------------------
    def add(self, *flowables: Flowable) -> None:
        target = self._groups[-1] if self._groups else self.story
        target.extend(flowables)

    def _emit(self, per_lang: list[list[Flowable]], *, keep_with_next: bool = False) -> None:
        """One block: its flowables, or in the bilingual mode one row with a column per language."""
        if not self.bilingual:
            flowables = per_lang[0]
            if keep_with_next:
                for f in flowables:
                    f.keepWithNext = True
            self.add(*flowables)
            return
        table = Table(
            [per_lang], colWidths=[FRAME_WIDTH / 2] * 2, splitByRow=1, splitInRow=1, style=_TWO_COLUMNS
        )
        if keep_with_next:
            table.keepWithNext = True
        self.add(table)

    def _style(self, name: str) -> ParagraphStyle:
        # Justified lines in a half-page column leave gaps between words: the columns are ragged.
        if name == "body" and self.bilingual:
            name = "left"
        return self._styles[name]

    def paragraph(
        self,
        text: Text,
        style: str = "body",
        *,
        lead: Text | None = None,
        keep_with_next: bool = False,
        indent: float = 0,
    ) -> None:
        """A paragraph, with ``lead`` (a name, a label) in bold before the text."""
        st = self._style(style)
        if indent:
            st = ParagraphStyle(f"{st.name}-i", parent=st, leftIndent=indent * mm)
        leads = self.texts(lead) if lead is not None else [None] * len(self.langs)
        per_lang = []
        for body, head in zip(self.texts(text), leads, strict=True):
            content = markup(body)
            if head:
                content = f"<b>{markup(head)}</b> {content}" if body else f"<b>{markup(head)}</b>"
            per_lang.append([Paragraph(content, st)])
        self._emit(per_lang, keep_with_next=keep_with_next)

    def lines(self, texts: Sequence[Text], style: str = "body", *, indent: float = 0) -> None:
        """Several paragraphs as one block (in the bilingual mode they face each other as a whole)."""
        if not texts:
            return
        st = self._style(style)
        if indent:
            st = ParagraphStyle(f"{st.name}-i", parent=st, leftIndent=indent * mm)
        per_lang = [[Paragraph(markup(render(t, tr)), st) for t in texts] for tr in self.translators]
        self._emit(per_lang)

    def numbered(self, texts: Sequence[Text], *, indent: float = 0) -> None:
        """Points already carrying their numbers ("1. ..."), the text hanging after the number."""
        st = self._hanging(indent)
        for text in texts:
            self._emit([[Paragraph(markup(t), st)] for t in self.texts(text)])

    def points(self, text: Text, *, indent: float = 0) -> None:
        """A typed text as numbered points (a decision): each line a point, in each language."""
        levels = [self._hanging(indent), self._hanging(indent + 6)]
        self._emit(
            [
                [Paragraph(markup(line), levels[level]) for line, level in numbered_lines(t)]
                for t in self.texts(text)
            ]
        )

    def item(self, lines: Sequence[Text], *, indent: float = 4) -> None:
        """A numbered entry ("1. title") with its following lines under the text, kept on one page."""
        first = self._hanging(indent)
        rest = ParagraphStyle(
            f"under-{indent}-{self.bilingual}", parent=self._style("left"), leftIndent=(indent + 6) * mm
        )
        per_lang = []
        for tr in self.translators:
            rendered = [render(t, tr) for t in lines]
            per_lang.append(
                [Paragraph(markup(rendered[0]), first), *(Paragraph(markup(t), rest) for t in rendered[1:])]
            )
        if not self.bilingual:
            self.add(KeepTogether(per_lang[0]))
        else:
            self._emit(per_lang)

    def _hanging(self, indent: float) -> ParagraphStyle:
        return ParagraphStyle(
            f"hanging-{indent}-{self.bilingual}",
            parent=self._style("left"),
            leftIndent=(indent + 6) * mm,
            firstLineIndent=-6 * mm,
        )

    def heading_block(self, text: Text, *, logo: bytes | None = None) -> None:
        """The centred heading; lines in capitals (ХАТТАМАСЫ, ПРОТОКОЛ) print as the paper's name."""
        if logo:
            image = _logo(logo)
            if image is not None:
                self.add(image, Spacer(1, 3 * mm))
        per_lang = []
        for rendered in self.texts(text):
            block: list[Flowable] = []
            for line in rendered.split("\n"):
                name = (
                    "word"
                    if line.strip() and line.upper() == line and any(c.isalpha() for c in line)
                    else "center_bold"
                )
                block.append(Paragraph(markup(line), self._styles[name]))
            per_lang.append(block)
        self._emit(per_lang)
        self.spacer(3)

    def place_line(self, left: Text, middle: Text, right: Text) -> None:
        """Date, number and place of a paper on one line (two lines per column when bilingual)."""
        s = self._styles
        if not self.bilingual:
            row = [
                Paragraph(markup(render(left, self.translators[0])), s["left"]),
                Paragraph(markup(render(middle, self.translators[0])), s["center"]),
                Paragraph(markup(render(right, self.translators[0])), s["right"]),
            ]
            table = Table([row], colWidths=[FRAME_WIDTH * 0.34, FRAME_WIDTH * 0.16, FRAME_WIDTH * 0.5])
            table.setStyle(_PLAIN)
            self.add(table)
        else:
            half = FRAME_WIDTH / 2 - COLUMN_GAP
            per_lang = []
            for tr in self.translators:
                top = Table(
                    [
                        [
                            Paragraph(markup(render(left, tr)), s["left"]),
                            Paragraph(markup(render(middle, tr)), s["right"]),
                        ]
                    ],
                    colWidths=[half * 0.7, half * 0.3],
                )
                top.setStyle(_PLAIN)
                per_lang.append([top, Paragraph(markup(render(right, tr)), s["left"])])
            self._emit(per_lang)
        self.spacer(3)

    def fields(self, rows: Sequence[tuple[Text, Text]]) -> None:
        """Label — value lines (date, place, ...), the label in bold."""
        for label, value in rows:
            self.paragraph(value, "left", lead=label)

    def section(self, word: Text, *, table_follows: bool = False) -> None:
        """A section word (ТЫҢДАЛДЫ:), kept on the page of what follows it.

        Before a long table only the room for the word and a few rows is
        asked for: the table itself may run on over pages.
        """
        if table_follows:
            self.add(CondPageBreak(40 * mm))
            self.paragraph(word, "bold")
        else:
            self.paragraph(word, "bold", keep_with_next=True)

    @contextmanager
    def together(self) -> Iterator[None]:
        """Keep everything written inside on one page (it splits only if longer than a page)."""
        self._groups.append([])
        try:
            yield
        finally:
            group = self._groups.pop()
            if group:
                self.add(KeepTogether(group))

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
        total: Text | None = None,
    ) -> None:
        """A ruled table whose header repeats on every page; ``widths`` are fractions of the frame.

        ``row_padding`` (points above and below each body row) leaves room to
        sign by hand; ``total`` is a last row across the table, in bold (the totals line).
        A line's space follows the table (``TABLE_SPACE_AFTER``), so the sentence after it never
        sits on its bottom rule; the papers add no space of their own after a table.
        """
        s = self._styles
        sum_w = sum(widths)
        col_widths = [FRAME_WIDTH * w / sum_w for w in widths]
        head = [Paragraph(markup(self.joined(h)), s["cellhead"]) for h in headers]
        right = ParagraphStyle("cellright", parent=s["cell"], alignment=TA_RIGHT)
        cell = s["cell"]
        body = [
            [
                self._cell(self.joined(value), col_widths[i] - 6, right if i in align_right else cell)
                for i, value in enumerate(row)
            ]
            for row in rows
        ]
        if total is not None:
            body.append([Paragraph(markup(self.joined(total)), s["cellhead"]), *([""] * (len(headers) - 1))])
        table = Table(
            [head, *body],
            colWidths=col_widths,
            repeatRows=1,
            splitByRow=1,
            splitInRow=1,
            spaceAfter=TABLE_SPACE_AFTER,
        )
        commands = [
            ("FONTNAME", (0, 0), (-1, -1), SANS),
            ("FONTSIZE", (0, 0), (-1, -1), cell.fontSize),
            ("LEADING", (0, 0), (-1, -1), cell.leading),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#ececec")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        commands += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i in align_right]
        if total is not None:
            commands.append(("SPAN", (0, -1), (-1, -1)))
        if row_padding != 2:
            last = -2 if total is not None else -1
            commands += [
                ("TOPPADDING", (0, 1), (-1, last), row_padding),
                ("BOTTOMPADDING", (0, 1), (-1, last), row_padding),
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
        return Paragraph(markup(text), style)

    # -- signatures and the record's mark -------------------------------------------------
    def signature_rows(self, lines: Sequence[tuple[Text, str]]) -> Table:
        """Role, a line to sign on, the printed name ("Жиналыс төрағасы ____ А. Байжанова")."""
        s = self._styles
        rows = [
            [
                Paragraph(markup(self.joined_lines(role)), s["left"]),
                Paragraph("_" * 18, s["center"]),
                Paragraph(markup(name), s["left"]),
            ]
            for role, name in lines
        ]
        table = Table(rows, colWidths=[FRAME_WIDTH * 0.44, FRAME_WIDTH * 0.28, FRAME_WIDTH * 0.28])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), SANS),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("TOPPADDING", (0, 0), (-1, -1), 12),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return table

    def signatures(
        self,
        lines: Sequence[tuple[Text, str]],
        *,
        before: Sequence[Text] = (),
        after: Sequence[Text] = (),
        mark: tuple[str, Sequence[Text]] | None = None,
    ) -> None:
        """Signature lines kept on one page with what goes with them: ``before`` (a certification such as
        "Үзінді дұрыс"), ``after`` (a date), and ``mark`` (the QR payload and its lines)."""
        with self.together():
            self.spacer(6)
            for text in before:
                self.paragraph(text, "bold")
            self.add(self.signature_rows(lines))
            if after:
                self.spacer(3)
                for text in after:
                    self.paragraph(text, "left")
            if mark is not None:
                self.spacer(6)
                self.add(self.qr_flowable(*mark))

    def qr_flowable(self, payload: str, lines: Sequence[Text], size_mm: float = 24) -> Table:
        """A QR code with the matching text beside it (a checksum printed in full, monospaced)."""
        size = size_mm * mm
        # Sized directly (not scaled from getBounds(), which would draw the symbol a second time).
        widget = QrCodeWidget(payload, barLevel="M", barWidth=size, barHeight=size, x=0, y=0)
        drawing = Drawing(size, size)
        drawing.add(widget)
        # The renderer's default state names Helvetica; keep every page in a font with Kazakh letters.
        drawing.initialFontName = SANS
        s = self._styles
        text: list[Flowable] = []
        for line in lines:
            rendered = self.joined(line)
            style = s["mono"] if _is_digest(rendered) else s["note"]
            text.append(Paragraph(markup(rendered), style))
        table = Table([[drawing, text]], colWidths=[size + 4 * mm, FRAME_WIDTH - size - 4 * mm])
        table.setStyle(_PLAIN)
        return table

    def qr_block(self, payload: str, lines: Sequence[Text], size_mm: float = 24) -> None:
        self.add(KeepTogether([Spacer(1, 4 * mm), self.qr_flowable(payload, lines, size_mm)]))


def _is_digest(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


_PLAIN = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
)
_TWO_COLUMNS = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), COLUMN_GAP / 2),
        ("LEFTPADDING", (1, 0), (1, -1), COLUMN_GAP / 2),
        ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LINEAFTER", (0, 0), (0, -1), 0.3, colors.lightgrey),
    ]
)


def _logo(data: bytes) -> Image | None:
    """The okrug's logo, 18 mm high, centred (None for an image ReportLab cannot read)."""
    try:
        from reportlab.lib.utils import ImageReader

        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
    except Exception:  # noqa: BLE001 - a damaged image is left out, never a failed paper
        return None
    h = 18 * mm
    image = Image(io.BytesIO(data), width=h * width / max(1, height), height=h)
    image.hAlign = "CENTER"
    return image


def _fitted(text: str, width: float, size: float) -> tuple[str, float]:
    """A header line shrunk to its width (down to 6 points), cut with "…" only beyond that: (text, size)."""
    font = size
    while font > 6 and stringWidth(text, SANS, font) > width:
        font -= 0.25
    while text and stringWidth(text, SANS, font) > width:
        text = text[:-2] + "…"
    return text, font


def _page_canvas(frame: PageFrame, translators: list[Translator]):
    """A canvas class that draws the running header, "page N of M" and the draft mark on every page.

    What every page repeats is worked out once here (the texts in each
    language, the header fitted to its width, the mark's size), not per page.
    """
    size = 7.5
    line_gap = 3.4 * mm
    headers = list(dict.fromkeys(render(frame.header, tr) for tr in translators))
    titles = list(dict.fromkeys(render(frame.title, tr) for tr in translators))
    footer = BILINGUAL_SEPARATOR.join(
        dict.fromkeys(render(frame.footer, tr) for tr in translators if frame.footer)
    )
    mark = BILINGUAL_SEPARATOR.join(dict.fromkeys(tr._(DRAFT_MARK) for tr in translators))
    # The okrug's name takes what it needs (up to half the line); the paper's title the rest.
    needed = max((stringWidth(t, SANS, size) for t in headers), default=0)
    left_w = min(FRAME_WIDTH * 0.5, needed)
    right_w = FRAME_WIDTH - left_w - 6 * mm
    left_lines = [_fitted(text, left_w, size) for text in headers]
    right_lines = [_fitted(text, right_w, size) for text in titles]
    footer_line = _fitted(footer, FRAME_WIDTH * 0.55, size) if footer else None
    mark_font = 96 if len(mark) < 8 else 60
    while mark_font > 30 and stringWidth(mark, SANS_BOLD, mark_font) > PAGE_HEIGHT * 0.8:
        mark_font -= 4
    mark_width = stringWidth(mark, SANS_BOLD, 9) + 4 * mm

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
            self.setFillColor(colors.HexColor("#444444"))
            top = PAGE_HEIGHT - 11 * mm
            for i, (text, font) in enumerate(left_lines):
                self.setFont(SANS, font)
                self.drawString(MARGIN_LEFT, top - i * line_gap, text)
            for i, (text, font) in enumerate(right_lines):
                self.setFont(SANS, font)
                self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, top - i * line_gap, text)
            rule = top - (max(len(headers), len(titles)) - 1) * line_gap - 2 * mm
            self.setStrokeColor(colors.grey)
            self.setLineWidth(0.4)
            self.line(MARGIN_LEFT, rule, PAGE_WIDTH - MARGIN_RIGHT, rule)
            bottom = 10 * mm
            self.line(MARGIN_LEFT, bottom + 4 * mm, PAGE_WIDTH - MARGIN_RIGHT, bottom + 4 * mm)
            if footer_line is not None:
                self.setFont(SANS, footer_line[1])
                self.drawString(MARGIN_LEFT, bottom, footer_line[0])
            page_text = BILINGUAL_SEPARATOR.join(
                dict.fromkeys(
                    render(Msg(PAGE_OF, {"page": number, "pages": total}), tr) for tr in translators
                )
            )
            self.setFont(SANS, size)
            self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, bottom, page_text)
            if frame.draft:
                self._draft_mark(rule)
            self.restoreState()

        def _draft_mark(self, rule: float) -> None:
            # A boxed mark under the header rule, and the word across the page, light enough to read through.
            self.setFillColor(colors.HexColor("#b00000"))
            self.setStrokeColor(colors.HexColor("#b00000"))
            self.setFont(SANS_BOLD, 9)
            x, y = PAGE_WIDTH - MARGIN_RIGHT - mark_width, rule - 6 * mm
            self.setLineWidth(0.8)
            self.rect(x, y, mark_width, 5 * mm)
            self.drawCentredString(x + mark_width / 2, y + 1.5 * mm, mark)
            self.setFillColor(colors.HexColor("#b00000"), alpha=0.10)
            self.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            self.rotate(50)
            self.setFont(SANS_BOLD, mark_font)
            self.drawCentredString(0, -mark_font / 3, mark)

    return PagedCanvas


def build_pdf(builder: PaperBuilder, frame: PageFrame, *, title: str, subject: str = "") -> bytes:
    """Lay the builder's story out on A4 pages and return the PDF bytes.

    ``invariant`` output: the same content gives the same bytes, so a digest
    identifies a paper and a re-render can be compared with a stored one.
    """
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
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
    # No padding inside the frame: text and tables start exactly at the margins, one under the other.
    body = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        FRAME_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[body])])
    # The layout makes tens of thousands of objects that live until the PDF is written; the cyclic
    # collector would walk them, and everything else the program holds, again and again for nothing.
    with gc_paused():
        doc.build(list(builder.story), canvasmaker=_page_canvas(frame, builder.translators))
    return out.getvalue()
