"""Reading the text layer of a PDF in tests."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader


def pages_text(pdf: bytes) -> list[str]:
    """The text of each page, whitespace collapsed (lines wrap anywhere)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]


def text(pdf: bytes) -> str:
    return " ".join(pages_text(pdf))


def fonts(pdf: bytes) -> set[str]:
    """Base names of every font the pages use (to prove no fallback font slipped in)."""
    reader = PdfReader(io.BytesIO(pdf))
    names: set[str] = set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            names.add(str(font.get_object().get("/BaseFont")))
    return names


def line_tops(pdf: bytes, page: int = 0) -> list[tuple[float, str]]:
    """The baselines (points from the page's foot) and texts of a page's runs of text, top first."""
    reader = PdfReader(io.BytesIO(pdf))
    runs: list[tuple[float, str]] = []

    def visit(chunk, cm, tm, _font, _size):
        if chunk.strip():  # the text matrix within the current transformation (a table cell's)
            y = float(cm[1]) * float(tm[4]) + float(cm[3]) * float(tm[5]) + float(cm[5])
            runs.append((round(y, 1), chunk.strip()))

    reader.pages[page].extract_text(visitor_text=visit)
    return sorted(runs, key=lambda run: -run[0])
