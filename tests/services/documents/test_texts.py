"""Typed texts in two languages: the okrug's book of translations, scripts typed in both, the headings."""

from __future__ import annotations

from datetime import date

import pytest

from tests.services.documents.pdftext import text
from zhoob_desktop.services.documents import issue
from zhoob_desktop.services.meeting.replay import replay
from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.services.okrug_papers import (
    LogoNotAnImage,
    PaperSettings,
    genitive_kk,
    genitive_ru,
    logo_setting,
    paper_settings,
    save_paper_settings,
)
from zhoob_desktop.services.texts import (
    TextBook,
    Translation,
    UnknownTextLanguage,
    remember,
    set_typing_language,
    translations_of,
    typing_language,
)


def test_versions_are_kept_by_the_text_as_typed(store):
    assert typing_language(store) == "kk"
    remember(store, [Translation("Мектеп  ауласы", "ru", "Школьный двор"), ("Клуб", "ru", "Клуб")])
    # Spaces do not make another text; a version in the typing language itself is not kept.
    assert translations_of(store, ["Мектеп ауласы", "Клуб", "Жоқ"], "ru") == {
        "Мектеп ауласы": "Школьный двор",
        "Клуб": "Клуб",
    }
    remember(store, [("Мектеп ауласы", "ru", "Двор школы"), ("Клуб", "kk", "Клуб")])
    assert translations_of(store, ["Мектеп ауласы"], "ru") == {"Мектеп ауласы": "Двор школы"}
    remember(store, [("Мектеп ауласы", "ru", "")])  # an empty version forgets the kept one
    assert translations_of(store, ["Мектеп ауласы"], "ru") == {}
    with pytest.raises(UnknownTextLanguage):
        remember(store, [("Клуб", "de", "Klub")])


def test_the_book_picks_a_version_and_names_what_it_lacks(store):
    remember(store, [("Клуб", "ru", "Клуб (рус.)")])
    book = TextBook.load(store, ["Клуб", "Мектеп"])
    assert book.pick("Клуб", "ru") == "Клуб (рус.)" and book.pick("Клуб", "kk") == "Клуб"
    assert book.pick("Мектеп", "ru") == "Мектеп"
    assert book.missing_in(["ru"]) == ("Мектеп",) and book.missing_in(["kk"]) == ()


def test_an_okrug_that_records_in_russian_translates_into_kazakh(store):
    set_typing_language(store, "ru")
    remember(store, [("Школа", "kk", "Мектеп"), ("Школа", "ru", "ignored")])
    book = TextBook.load(store, ["Школа"])
    assert book.pick("Школа", "kk") == "Мектеп" and book.pick("Школа", "ru") == "Школа"
    with pytest.raises(UnknownTextLanguage):
        set_typing_language(store, "en")


SCRIPT = [
    {"cmd": "sitting", "kind": "meeting", "number": 3, "date": "2026-11-20", "at": "2026-11-20T05:00:00+00:00",
     "place": "Мектеп", "place_ru": "Школа",
     "members": [{"id": f"m{n}", "name": f"Сейітов{n} Бауыржан Асқарұлы"} for n in range(3)],
     "agenda": [{"title": "Жол туралы", "title_ru": "О дороге", "reporter": "Әкім, округ әкімі",
                 "reporter_ru": "Аким, аким округа"}]},
    {"cmd": "register", "member": "m0"}, {"cmd": "register", "member": "m1"},
    {"cmd": "announce_registration"}, {"cmd": "open", "by": "Әкім"},
    {"cmd": "elect", "role": "chair", "person": "m0", "for": 2},
    {"cmd": "elect", "role": "secretary", "person": "m1", "for": 2},
    {"cmd": "vote_item", "item": "D1", "for": 2}, {"cmd": "approve_agenda"},
    {"cmd": "start_item", "item": "D1"},
    {"cmd": "vote", "item": "D1", "text": "Жол жөнделсін.", "text_ru": "Отремонтировать дорогу.", "for": 2},
    {"cmd": "end_item"}, {"cmd": "close"},
]  # fmt: skip


def test_a_script_typed_in_both_languages_keeps_the_versions(store):
    import json

    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    result = replay(store, [json.dumps(line, ensure_ascii=False) for line in SCRIPT])
    # The journal holds the text as typed; the versions went to the book.
    assert result.state.agenda[0].title == "Жол туралы" and result.state.votes[-1].text == "Жол жөнделсін."
    paper = issue.render_protocol(store, result.sitting_id, "ru")
    body = text(paper.pdf)
    assert paper.missing == ()
    assert "О дороге" in body and "Отремонтировать дорогу." in body and "Школа" in body
    assert "Докладчик — Аким, аким округа." in body


def test_headings_are_offered_in_the_genitive_and_can_be_corrected(store):
    assert genitive_kk("Қарағайлы ауылдық округі") == "Қарағайлы ауылдық округінің"
    assert genitive_kk("Ақсу") == "Ақсудың" and genitive_kk("Жаңаталап") == "Жаңаталаптың"
    assert genitive_kk("Талас ауылдық округ") == "Талас ауылдық округтің"
    assert genitive_ru("Карагайлинский сельский округ") == "Карагайлинского сельского округа"
    assert genitive_ru("Северо-Казахстанская область") == "Северо-Казахстанской области"
    assert genitive_ru("область Абай") == "области Абай"
    save_okrug(
        store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ", "Іле ауданы", "Илийский район"
    )
    settings = paper_settings(store)
    assert settings.heading_kk == "Іле ауданы Қарағайлы ауылдық округінің"
    assert settings.heading_ru == "Карагайлинского сельского округа Илийского района"
    assert settings.akim_position_kk == "Қарағайлы ауылдық округінің әкімі"
    assert settings.akim_position_ru == "аким Карагайлинского сельского округа"
    corrected = save_paper_settings(store, PaperSettings(heading_ru="Карагайлинского с/о", akim_name=" Ким "))
    assert corrected.heading_ru == "Карагайлинского с/о" and corrected.akim_name == "Ким"
    assert corrected.heading_kk == "Іле ауданы Қарағайлы ауылдық округінің"  # offered again when empty


def test_a_logo_must_be_an_image(store):
    with pytest.raises(LogoNotAnImage):
        save_paper_settings(store, PaperSettings(logo=logo_setting(b"not an image")))
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 40), "navy").save(buffer, "PNG")
    saved = save_paper_settings(store, PaperSettings(logo=logo_setting(buffer.getvalue())))
    assert saved.logo_bytes() == buffer.getvalue()


def test_the_logo_prints_above_the_heading(store):
    from io import BytesIO

    from PIL import Image

    from tests.services.documents.scripted import play_sitting

    s = play_sitting(store)
    plain = issue.render_protocol(store, s.id, "kk").pdf
    buffer = BytesIO()
    Image.new("RGB", (60, 60), "navy").save(buffer, "PNG")
    save_paper_settings(
        store, PaperSettings(**{**paper_settings(store).__dict__, "logo": logo_setting(buffer.getvalue())})
    )
    with_logo = issue.render_protocol(store, s.id, "kk").pdf
    assert b"/Subtype /Image" in with_logo and b"/Subtype /Image" not in plain


def test_a_decided_word_setting_changes_the_section(store):
    from tests.services.documents.scripted import play_sitting

    s = play_sitting(store)
    save_paper_settings(
        store, PaperSettings(**{**paper_settings(store).__dict__, "decision_word": "decided"})
    )
    body = text(issue.render_protocol(store, s.id, "kk+ru").pdf)
    assert "ШЕШТІ:" in body and "РЕШИЛИ:" in body and "ҚАУЛЫ ЕТТІ:" not in body


def test_the_execution_item_is_kept_in_both_languages(store):
    from tests.services.decisions.helpers import held_sitting
    from zhoob_desktop.services.decisions.agenda import EXECUTION_TITLE, with_execution_item
    from zhoob_desktop.services.i18n import Translator, set_language

    held_sitting(store, date(2026, 11, 2), ["Agree the budget."])
    set_language("ru")  # the person prepares the sitting in a Russian window
    try:
        agenda = with_execution_item(store, "meeting", date(2026, 12, 1), [])
    finally:
        set_language("kk")
    title = agenda[-1]["title"]
    assert title == Translator("kk")._(EXECUTION_TITLE)  # typed in the okrug's language, not the window's
    assert translations_of(store, [title], "ru") == {title: Translator("ru")._(EXECUTION_TITLE)}
