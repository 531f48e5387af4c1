"""The bundled DejaVu fonts registered with ReportLab, so PDFs carry every Kazakh letter."""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from zhoob_desktop.paths import fonts_dir

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
SANS_ITALIC = "DejaVuSans-Oblique"
MONO = "DejaVuSansMono"


@cache
def register_fonts() -> str:
    """Register (once) and return the family name to use in paragraph styles.

    Bold and italic map onto the family so ``<b>`` and ``<i>`` in paragraphs
    stay in a font that has Kazakh glyphs.
    """
    folder = fonts_dir()
    for name in (SANS, SANS_BOLD, SANS_ITALIC, MONO):
        pdfmetrics.registerFont(TTFont(name, str(folder / f"{name}.ttf")))
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS_ITALIC)
    addMapping(SANS, 1, 1, SANS_BOLD)
    return SANS
