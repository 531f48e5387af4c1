"""The editable Word draft (.docx) of a paper, written through the same primitives as the PDF.

Akimats whose document system takes Word files get the draft protocol as a
.docx (python-docx): the same heading, sections, vote formulas and
signature lines, Times New Roman, A4, the mark ЖОБА / ПРОЕКТ in the page
header. In the bilingual mode the text runs in one two-column table, a row
per block, so the Kazakh and the Russian stay side by side as they are
edited. The signed PDF stays the record; the Word file is only ever a draft.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from zhoob_desktop.services.documents.conventions import numbered_lines
from zhoob_desktop.services.documents.layout import DRAFT_MARK, PageFrame
from zhoob_desktop.services.documents.text import LanguagePaper, Text, render
from zhoob_desktop.services.texts import TextBook

FONT = "Times New Roman"
BODY_PT = 12
ALIGN = {
    "body": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "bold": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "center_bold": WD_ALIGN_PARAGRAPH.CENTER,
    "word": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "note": WD_ALIGN_PARAGRAPH.LEFT,
    "mono": WD_ALIGN_PARAGRAPH.LEFT,
}
BOLD = {"bold", "center_bold", "word"}


class DocxBuilder(LanguagePaper):
    """Writes a paper into a Word document with the primitives of ``layout.PaperBuilder``."""

    def __init__(self, mode: str, *, body: float = BODY_PT, book: TextBook | None = None):
        super().__init__(mode, book)
        self.size = body
        self.doc = Document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin, section.right_margin = Mm(25), Mm(15)
        section.top_margin, section.bottom_margin = Mm(20), Mm(18)
        normal = self.doc.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(body)
        # The font for Cyrillic text (w:cs / w:hAnsi), or Word falls back to its theme font.
        rpr = normal.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        normal.paragraph_format.space_after = Pt(2)
        self._table = None  # the running two-column table of the bilingual mode

    # -- writing ----------------------------------------------------------------------------
    def _close_table(self) -> None:
        self._table = None

    def _targets(self) -> list:
        """Where one block goes: the document, or a new row of the two-column table (a cell per language)."""
        if not self.bilingual:
            return [self.doc]
        if self._table is None:
            self._table = self.doc.add_table(rows=0, cols=2)
            self._table.autofit = True
        row = self._table.add_row()
        return list(row.cells)

    def _para(self, where, text: str, style: str = "body", *, lead: str | None = None, indent: float = 0,
              keep_with_next: bool = False, size: float | None = None):  # fmt: skip
        if (
            hasattr(where, "paragraphs")
            and where.paragraphs
            and not where.paragraphs[-1].text
            and where is not self.doc
        ):
            p = where.paragraphs[-1]  # a fresh table cell holds one empty paragraph
        else:
            p = where.add_paragraph()
        p.alignment = (
            ALIGN.get(style, WD_ALIGN_PARAGRAPH.LEFT)
            if not self.bilingual or style != "body"
            else WD_ALIGN_PARAGRAPH.LEFT
        )
        fmt = p.paragraph_format
        if indent:
            fmt.left_indent = Mm(indent)
        if keep_with_next:
            fmt.keep_with_next = True
        if lead:
            run = p.add_run(lead + (" " if text else ""))
            run.bold = True
        if text:
            run = p.add_run(text)
            run.bold = style in BOLD
            if style == "word":
                run.font.size = Pt((size or self.size) + 2)
            elif style in ("note", "mono"):
                run.font.size = Pt(8)
                if style == "mono":
                    run.font.name = "Courier New"
        return p

    def add(self, *_flowables) -> None:
        """ReportLab flowables have no place in a Word file; the primitives write everything."""

    def paragraph(self, text: Text, style: str = "body", *, lead: Text | None = None, keep_with_next: bool = False,
                  indent: float = 0) -> None:  # fmt: skip
        leads = self.texts(lead) if lead is not None else [None] * len(self.langs)
        for where, body, head in zip(self._targets(), self.texts(text), leads, strict=True):
            self._para(where, body, style, lead=head, indent=indent, keep_with_next=keep_with_next)

    def lines(self, texts: Sequence[Text], style: str = "body", *, indent: float = 0) -> None:
        if not texts:
            return
        for where, tr in zip(self._targets(), self.translators, strict=True):
            for t in texts:
                self._para(where, render(t, tr), style, indent=indent)

    def numbered(self, texts: Sequence[Text], *, indent: float = 0) -> None:
        for text in texts:
            for where, t in zip(self._targets(), self.texts(text), strict=True):
                self._para(where, t, indent=indent)

    def points(self, text: Text, *, indent: float = 0) -> None:
        for where, t in zip(self._targets(), self.texts(text), strict=True):
            for line, level in numbered_lines(t):
                self._para(where, line, indent=indent + 6 * level)

    def item(self, lines: Sequence[Text], *, indent: float = 4) -> None:
        for where, tr in zip(self._targets(), self.translators, strict=True):
            for n, t in enumerate(lines):
                self._para(where, render(t, tr), "left", indent=indent + (6 if n else 0))

    def heading_block(self, text: Text, *, logo: bytes | None = None) -> None:
        self._close_table()
        if logo:
            try:
                self.doc.add_picture(io.BytesIO(logo), height=Mm(18))
                self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            except Exception:  # noqa: BLE001 - a damaged image is left out, never a failed draft
                pass
        for where, rendered in zip(self._targets(), self.texts(text), strict=True):
            for line in rendered.split("\n"):
                upper = line.strip() and line.upper() == line and any(c.isalpha() for c in line)
                self._para(where, line, "word" if upper else "center_bold")
        self.spacer(3)

    def place_line(self, left: Text, middle: Text, right: Text) -> None:
        if not self.bilingual:
            table = self.doc.add_table(rows=1, cols=3)
            for cell, text, style in zip(
                table.rows[0].cells, (left, middle, right), ("left", "center", "right"), strict=True
            ):
                self._para(cell, render(text, self.translators[0]), style)
        else:
            for where, tr in zip(self._targets(), self.translators, strict=True):
                self._para(where, f"{render(left, tr)}    {render(middle, tr)}", "left")
                self._para(where, render(right, tr), "left")
        self.spacer(3)

    def fields(self, rows: Sequence[tuple[Text, Text]]) -> None:
        for label, value in rows:
            self.paragraph(value, "left", lead=label)

    def section(self, word: Text, *, table_follows: bool = False) -> None:
        self.paragraph(word, "bold", keep_with_next=not table_follows)

    @contextmanager
    def together(self) -> Iterator[None]:
        yield

    def spacer(self, height_mm: float = 3) -> None:
        if self.bilingual and self._table is not None:
            return  # rows already stand apart
        p = self.doc.add_paragraph()
        p.paragraph_format.space_after = Mm(max(0.0, height_mm - 4))

    def table(self, headers: Sequence[Text], rows: Sequence[Sequence[Text]], widths: Sequence[float], *,
              align_right: Sequence[int] = (), row_padding: float = 2, total: Text | None = None) -> None:  # fmt: skip
        self._close_table()
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, h in zip(table.rows[0].cells, headers, strict=True):
            self._para(cell, self.joined(h), "bold", size=self.size - 1)
        for row in rows:
            cells = table.add_row().cells
            for i, (cell, value) in enumerate(zip(cells, row, strict=True)):
                self._para(cell, self.joined(value), "right" if i in align_right else "left")
        if total is not None:
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1])
            self._para(merged, self.joined(total), "bold")

    def signatures(self, lines: Sequence[tuple[Text, str]], *, before: Sequence[Text] = (), after: Sequence[Text] = (),
                   mark: tuple[str, Sequence[Text]] | None = None) -> None:  # fmt: skip
        self._close_table()
        self.spacer(6)
        for text in before:
            self._para(self.doc, self.joined(text), "bold")
        table = self.doc.add_table(rows=0, cols=3)
        for role, name in lines:
            cells = table.add_row().cells
            self._para(cells[0], self.joined_lines(role), "left")
            self._para(cells[1], "_" * 18, "center")
            self._para(cells[2], name, "left")
        for text in after:
            self._para(self.doc, self.joined(text), "left")
        if mark is not None:
            self.qr_block(*mark)

    def qr_block(self, payload: str, lines: Sequence[Text], size_mm: float = 24) -> None:
        import qrcode

        self._close_table()
        image = qrcode.make(payload, error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=4, border=1)
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        self.doc.add_picture(io.BytesIO(buffer.getvalue()), height=Mm(size_mm))
        for line in lines:
            text = self.joined(line)
            self._para(self.doc, text, "mono" if len(text) == 64 else "note")

    # -- the file ---------------------------------------------------------------------------
    def build(self, frame: PageFrame) -> bytes:
        """The Word file: the page header (okrug, paper, draft mark) and the body written so far."""
        section = self.doc.sections[0]
        header = section.header.paragraphs[0]
        header.text = " / ".join(dict.fromkeys(render(frame.header, tr) for tr in self.translators))
        header.add_run("    " + " / ".join(dict.fromkeys(render(frame.title, tr) for tr in self.translators)))
        for run in header.runs:
            run.font.size = Pt(8)
        mark = section.header.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = mark.add_run(" / ".join(dict.fromkeys(tr._(DRAFT_MARK) for tr in self.translators)))
        run.bold = True
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x00)
        self.doc.core_properties.author = "Zhoob Desktop"
        self.doc.core_properties.title = render(frame.title, self.translators[0])
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()
