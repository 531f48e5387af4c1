"""The paper layout: languages, Kazakh letters, wrapping, repeated table headers, page numbers."""

from __future__ import annotations

from datetime import date

import pytest

from tests.services.documents.pdftext import fonts, pages_text, text
from zhoob_desktop.services.documents.layout import PageFrame, PaperBuilder, build_pdf
from zhoob_desktop.services.documents.text import M, UnknownDocumentLanguage, languages, per_lang
from zhoob_desktop.services.i18n import N_

KAZAKH = "әғқңөұүһі ӘҒҚҢӨҰҮҺІ"


def _paper(mode: str, rows: int = 3) -> bytes:
    b = PaperBuilder(mode)
    b.title(M(N_("Protocol")), M(N_("of {date}"), date=date(2026, 11, 25)))
    b.paragraph(
        M(
            N_("Members in total: {members}; attended: {attended}; absent: {absent}."),
            members=1200,
            attended=700,
            absent=500,
        )
    )
    b.data_text(f"Шешім: {KAZAKH} " + "ауылдағы жолды жөндеу туралы " * 60)
    b.table(
        [M(N_("No.")), M(N_("Surname, name, patronymic"))],
        [[str(i), f"Нұрғалиев{i} Әбілқайыр Ұлықбекұлы"] for i in range(1, rows + 1)],
        [0.1, 0.9],
    )
    frame = PageFrame(
        per_lang({"kk": "Қарағайлы ауылдық округі", "ru": "Карагайлинский сельский округ"}), "T"
    )
    return build_pdf(b, frame, title="t")


def test_languages_modes():
    assert languages("kk") == ("kk",)
    assert languages("kk+ru") == ("kk", "ru")
    with pytest.raises(UnknownDocumentLanguage):
        languages("de")


def test_kazakh_letters_reach_the_text_layer_in_an_embedded_font():
    pdf = _paper("kk")
    assert KAZAKH.replace(" ", "") in text(pdf).replace(" ", "")
    used = fonts(pdf)
    assert used and all("DejaVu" in name for name in used), used


def test_numbers_and_dates_follow_the_language():
    kk, ru = text(_paper("kk")), text(_paper("ru"))
    assert "2026 ж. 25 қараша" in kk
    assert "25 ноября 2026" in ru
    # Babel groups thousands with a (narrow) no-break space in both locales.
    assert "1 200" in kk.replace("\u00a0", " ").replace("\u202f", " ")


def test_bilingual_has_both_languages_side_by_side():
    pdf = _paper("kk+ru")
    body = text(pdf)
    assert "қараша" in body and "ноября" in body
    # The page header carries one line per language.
    assert "Қарағайлы ауылдық округі Карагайлинский сельский округ" in body


def test_long_table_breaks_across_pages_with_repeated_header_and_page_count():
    pdf = _paper("kk", rows=150)
    pages = pages_text(pdf)
    assert len(pages) >= 3
    total = len(pages)
    for n, page in enumerate(pages, start=1):
        assert f"{n}-бет, барлығы {total}" in page
    table_pages = [p for p in pages if "Нұрғалиев" in p]
    assert len(table_pages) >= 2
    # The header row repeats on every page the table continues on.
    assert all("Тегі, аты, әкесінің аты" in p for p in table_pages)
    assert "Нұрғалиев150 Әбілқайыр Ұлықбекұлы" in pages[-1]


def test_same_content_gives_the_same_bytes():
    assert _paper("ru") == _paper("ru")


def test_markup_in_data_is_printed_as_written():
    b = PaperBuilder("ru")
    b.data_text("<b>не разметка</b> & <unknown/>")
    pdf = build_pdf(b, PageFrame("H", "T"), title="t")
    assert "<b>не разметка</b> & <unknown/>" in text(pdf)
