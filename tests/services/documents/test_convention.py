"""The rules of the convention checked on whole papers: one body size, headers that fit, nothing orphaned."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from pypdf import PdfReader

from tests.services.documents.pdftext import pages_text
from tests.services.documents.scripted import play_sitting
from zhoob_desktop.services.documents import issue
from zhoob_desktop.services.documents.layout import BODY_SIZE
from zhoob_desktop.services.documents.text import LANG_MODES

SECTION_WORDS = (
    "ТЫҢДАЛДЫ:",
    "СӨЙЛЕДІ:",
    "ҚАУЛЫ ЕТТІ:",
    "СЛУШАЛИ:",
    "ВЫСТУПИЛИ:",
    "ПОСТАНОВИЛИ:",
    "КҮН ТӘРТІБІ:",
)


def sizes(pdf: bytes) -> Counter:
    """Characters per font size on the pages (header, footer and the checksum's small print included;
    the draft mark ЖОБА / ПРОЕКТ, drawn across the page, left out)."""
    counted: Counter = Counter()

    def visit(text, cm, tm, font, size):
        if text.strip() and not {"ЖОБА", "ПРОЕКТ"} & set(text.replace("/", " ").split()):
            counted[round(size * tm[0], 1) if tm[0] else round(size, 1)] += len(text.strip())

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return counted


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    from zhoob_desktop.services.store import open_store

    store = open_store(tmp_path_factory.mktemp("papers"), lock=False)
    s = play_sitting(store, members=40, items=6, speeches=30)
    out = {mode: issue.render_protocol(store, s.id, mode).pdf for mode in LANG_MODES}
    yield out
    store.close(backup=False)


@pytest.mark.parametrize("mode", LANG_MODES)
def test_one_body_size(papers, mode):
    counted = sizes(papers[mode])
    total = sum(counted.values())
    # The body size carries the text; the heading's name of the paper is two points larger; small print
    # (running header, page numbers, the checksum note) is at most 8 points. Nothing in between.
    assert counted[BODY_SIZE] / total > 0.85, counted
    assert set(counted) <= {BODY_SIZE, BODY_SIZE + 2} | {s for s in counted if s <= 8}, counted


@pytest.mark.parametrize("mode", LANG_MODES)
def test_no_section_word_ends_a_page(papers, mode):
    pages = pages_text(papers[mode])
    assert len(pages) >= 3
    for page in pages:
        # The running header and the page number are drawn last; the body ends before them.
        body = page.split("Қарағайлы ауылдық округі")[0] if mode != "ru" else page.split("Карагайлинский")[0]
        words = body.rstrip().split()
        assert not any(" ".join(words[-3:]).endswith(word) for word in SECTION_WORDS), body[-120:]


@pytest.mark.parametrize("mode", LANG_MODES)
def test_each_vote_stays_with_its_decision(papers, mode):
    for page in pages_text(papers[mode]):
        for word, formula in (("ҚАУЛЫ ЕТТІ:", "нәтижесі"), ("ПОСТАНОВИЛИ:", "тоги")):
            # After the last decision word on a page, its vote follows on the same page.
            if word in page:
                assert formula in page.rsplit(word, 1)[1], page[-200:]


def test_running_header_fits_without_being_cut(papers):
    for mode, pdf in papers.items():
        for page in pages_text(pdf):
            assert "…" not in page, mode
