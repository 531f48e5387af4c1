"""Every paper, in every language mode, renders to page images and uses only glyphs the font has."""

from __future__ import annotations

from datetime import date

import pytest
from reportlab.pdfbase import pdfmetrics

from tests.services.documents.pdftext import text
from tests.services.documents.scripted import play_sitting
from zhoob_desktop.services.documents import files, issue
from zhoob_desktop.services.documents.text import LANG_MODES
from zhoob_desktop.services.pdf_fonts import SANS, SANS_BOLD, register_fonts


@pytest.fixture
def papers(store):
    s = play_sitting(store, members=30, items=4, speeches=10)
    issue.finalise_protocol(store, s.id, "kk+ru", signed_on=date(2026, 11, 23))
    out = {}
    for mode in LANG_MODES:
        out[f"annex-{mode}"] = issue.annex(store, s.id, mode).pdf
        out[f"extract-{mode}"] = issue.extract(store, s.id, 2, mode).pdf
        out[f"sheet-{mode}"] = issue.registration_sheet(store, s.id, mode).pdf
        out[f"notice-{mode}"] = issue.notice(store, s.id, mode, akim_name="Жұмабеков Е. Ә.").pdf
        out[f"protocol-{mode}"] = issue.protocol_source  # replaced below by the draft of each mode
        out[f"addendum-{mode}"] = issue.add_addendum(store, s.id, "Түзету: «Һ» әрпі.", lang=mode).pdf
    out["protocol"] = issue.render_protocol(store, s.id).pdf
    other = play_sitting(store, number=8)
    for mode in LANG_MODES:
        out[f"protocol-{mode}"] = issue.render_protocol(store, other.id, mode).pdf
    return out


def test_no_character_falls_outside_the_font(papers):
    register_fonts()
    covered = set()
    for name in (SANS, SANS_BOLD):
        covered |= set(pdfmetrics.getFont(name).face.charToGlyph)
    for name, pdf in papers.items():
        missing = {ch for ch in text(pdf) if not ch.isspace() and ord(ch) not in covered}
        assert not missing, f"{name}: {sorted(missing)}"


def test_every_paper_turns_into_page_images(papers):
    for name, pdf in papers.items():
        pages = files.page_images(pdf, dpi=20)
        assert pages and all(p.startswith(b"\x89PNG") for p in pages), name
