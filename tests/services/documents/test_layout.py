"""The layout primitives: languages, Kazakh letters, dates as papers write them, tables, draft mark, keep-together."""

from __future__ import annotations

from datetime import date

import pytest

from tests.services.documents.pdftext import fonts, pages_text, text
from zhoob_desktop.services.documents import conventions as C
from zhoob_desktop.services.documents.layout import PageFrame, PaperBuilder, build_pdf
from zhoob_desktop.services.documents.text import DateOf, M, UnknownDocumentLanguage, languages, per_lang
from zhoob_desktop.services.i18n import N_, Translator
from zhoob_desktop.services.texts import TextBook

KAZAKH = "әғқңөұүһі ӘҒҚҢӨҰҮҺІ"
HEADER = per_lang({"kk": "Қарағайлы ауылдық округі", "ru": "Карагайлинский сельский округ"})


def _paper(mode: str, rows: int = 3, draft: bool = False) -> bytes:
    b = PaperBuilder(mode)
    b.heading_block(M(N_("NOTICE")))
    b.place_line(date(2026, 11, 25), M(N_("No. {number}"), number="3"), "Қарағайлы ауылы")
    b.paragraph(M(N_("Members of the meeting in total — {n}."), n=1200))
    b.paragraph(f"Шешім: {KAZAKH} " + "ауылдағы жолды жөндеу туралы " * 60)
    b.table(
        [M(N_("No.")), M(N_("Surname, name, patronymic"))],
        [[str(i), f"Нұрғалиев{i} Әбілқайыр Ұлықбекұлы"] for i in range(1, rows + 1)],
        [0.1, 0.9],
    )
    return build_pdf(b, PageFrame(HEADER, "T", draft=draft), title="t")


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


def test_dates_as_official_papers_write_them():
    kk, ru = text(_paper("kk")), text(_paper("ru"))
    assert "2026 жылғы 25 қараша" in kk and "ж. " not in kk
    assert "25 ноября 2026 года" in ru
    kk_tr, ru_tr = Translator("kk"), Translator("ru")
    assert DateOf(date(2026, 11, 2)).render(kk_tr) == "2026 жылғы 2 қарашадағы"
    assert DateOf(date(2026, 4, 2)).render(kk_tr) == "2026 жылғы 2 сәуірдегі"
    assert DateOf(date(2026, 11, 2)).render(ru_tr) == "2 ноября 2026 года"
    # Babel groups thousands with a (narrow) no-break space in both locales.
    assert "1 200" in kk.replace("\u00a0", " ").replace("\u202f", " ")


def test_bilingual_has_both_languages_side_by_side():
    body = text(_paper("kk+ru"))
    assert "ХАБАРЛАНДЫРУ" in body and "ОБЪЯВЛЕНИЕ" in body
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
    assert all("Тегі, аты, әкесінің аты" in p for p in table_pages)
    assert "Нұрғалиев150 Әбілқайыр Ұлықбекұлы" in pages[-1]


def test_draft_mark_on_every_page_and_only_on_drafts():
    draft = pages_text(_paper("kk+ru", rows=150, draft=True))
    assert len(draft) >= 3 and all("ЖОБА / ПРОЕКТ" in page for page in draft)
    assert not any("ЖОБА" in page for page in pages_text(_paper("kk+ru", rows=150)))
    assert all("ПРОЕКТ" in page for page in pages_text(_paper("ru", rows=150, draft=True)))


def test_same_content_gives_the_same_bytes():
    assert _paper("ru") == _paper("ru")


def test_markup_in_data_is_printed_as_written():
    b = PaperBuilder("ru")
    b.paragraph("<b>не разметка</b> & <unknown/>")
    pdf = build_pdf(b, PageFrame("H", "T"), title="t")
    assert "<b>не разметка</b> & <unknown/>" in text(pdf)


def test_vote_formula_says_none_for_zero():
    kk, ru = Translator("kk"), Translator("ru")
    assert C.vote_formula(15, 0, 3).render(kk) == "«жақтап» — 15, «қарсы» — жоқ, «қалыс қалғандар» — 3"
    assert C.vote_formula(15, 0, 3).render(ru) == "«за» — 15, «против» — нет, «воздержались» — 3"
    assert (
        C.vote_formula(0, 2, 0, 1).render(ru)
        == "«за» — нет, «против» — 2, «воздержались» — нет, не голосовали — 1"
    )


def test_names_under_signatures_and_masked_iins():
    assert C.short_name("Байжанова Айым Қайратқызы") == "А. Байжанова"
    assert C.short_name("Жұмабайұлы-Сейітқалиев Нұрмұхаммед-Әбілқайыр") == "Н.-Ә. Жұмабайұлы-Сейітқалиев"
    assert C.short_name("Ким") == "Ким"
    assert C.mask_iin("900101300123") == "••••••••0123"
    assert C.mask_iin("900101300123", full=True) == "900101300123" and C.mask_iin(None) == "—"


def test_decision_points_are_numbered():
    assert C.numbered_lines("Келісілсін.") == [("1. Келісілсін.", 0)]
    assert C.numbered_lines("Бірінші.\nЕкінші.") == [("1. Бірінші.", 0), ("2. Екінші.", 0)]
    assert C.numbered_lines("1) Бір;\n2) Екі.") == [("1) Бір;", 0), ("2) Екі.", 0)]
    assert C.numbered_lines("Құрамы:\n1) А;\n2) Б.") == [("1. Құрамы:", 0), ("1) А;", 1), ("2) Б.", 1)]


def test_section_word_never_ends_a_page():
    b = PaperBuilder("kk")
    # Fill the page so that a section word would fall on its last line.
    for n in range(60):
        b.paragraph(f"Жол {n}")
        b.section(M(N_("HEARD:")))
        b.paragraph("Баяндама " * 12)
    pages = pages_text(build_pdf(b, PageFrame("H", "T"), title="t"))
    assert len(pages) > 3
    for page in pages:
        body = page.rsplit("Баяндама", 1)[0] if "Баяндама" in page else page
        # What follows the last section word on a page is its text, never the page's end.
        assert not page.rstrip().split("H T")[0].rstrip().endswith("ТЫҢДАЛДЫ:"), body[-80:]


def test_together_keeps_a_decision_with_its_vote():
    b = PaperBuilder("kk")
    for n in range(25):
        b.paragraph(f"Жол {n} " + "мәтін " * 20)
        with b.together():
            b.section(M(N_("RESOLVED:")))
            b.points(f"Бірінші тармақ {n}.\nЕкінші тармақ {n}.")
            b.paragraph(C.vote_formula(10, 0, n))
    pages = pages_text(build_pdf(b, PageFrame("H", "T"), title="t"))
    for page in pages:
        for n in range(25):
            if f"Бірінші тармақ {n}." in page:
                assert f"Екінші тармақ {n}." in page
                assert C.vote_formula(10, 0, n).render(Translator("kk")) in page


def test_typed_text_missing_a_translation_is_noted():
    book = TextBook("kk", {"ru": {"Мектеп": "Школа"}})
    b = PaperBuilder("kk+ru", book=book)
    b.paragraph(b.data("Мектеп"))
    b.paragraph(b.data("Клуб"))
    body = text(build_pdf(b, PageFrame("H", "T"), title="t"))
    assert "Мектеп" in body and "Школа" in body and "Клуб" in body
    assert b.missing() == ("Клуб",)


def _baseline(runs, start: str) -> float:
    return next(y for y, chunk in runs if chunk.startswith(start))


@pytest.mark.parametrize("mode", ["kk", "ru", "kk+ru"])
def test_the_sentence_after_a_table_stands_clear_of_it(mode):
    from tests.services.documents.pdftext import line_tops

    b = PaperBuilder(mode)
    b.table([M(N_("No.")), "Ауыл"], [["1", "Ақжар"], ["2", "Көктөбе"], ["3", "Жаңаталап"]], [0.1, 0.9])
    b.paragraph("Өкілдердің саны тең өкілдік ету қағидаты негізінде айқындалады.")
    runs = line_tops(build_pdf(b, PageFrame(HEADER, "T"), title="t"))
    pitch = _baseline(runs, "Ақжар") - _baseline(runs, "Көктөбе")  # from one row to the next
    gap = _baseline(runs, "Жаңаталап") - _baseline(runs, "Өкілдердің")
    # the line after the table is further from its last row than the rows are from each other,
    # by about the space the primitive leaves (3 mm, 8.5 pt)
    assert gap >= pitch + 6
