"""The protocol of a sitting played through the engine: what Reg §12 and §7 require, as published protocols print it."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from tests.services.documents.pdftext import fonts, pages_text, text
from tests.services.documents.scripted import AKIM, DECISION, RUSSIAN, SUMMARY, play_sitting
from zhoob_desktop.services.documents import files, issue
from zhoob_desktop.services.documents.text import UnknownDocumentLanguage

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


@pytest.fixture
def sitting(store):
    return play_sitting(store)


def test_kazakh_protocol_has_every_required_section(store, sitting):
    paper = issue.render_protocol(store, sitting.id, "kk")
    assert not paper.frozen and paper.draft and paper.number == "7" and paper.missing == ()
    body = text(paper.pdf)
    st = sitting.state
    # Heading: the okrug in the genitive, the body, the paper's name; one line with date, number, place.
    assert (
        "Алматы облысы Іле ауданы Қарағайлы ауылдық округінің жергілікті қоғамдастық жиналысының ХАТТАМАСЫ"
        in body
    )
    assert "2026 жылғы 20 қараша № 7 Қарағайлы ауылы, мәдениет үйі" in body
    # Attendance as counts, the lists in the annex; invited persons named with their role (Reg §12 p. 2-3).
    assert "Жиналыс мүшелерінің саны — 12." in body
    assert (
        "Қатысқаны — 10 (тізім қоса беріледі)." in body and "Қатыспағаны — 2 (тізім қоса беріледі)." in body
    )
    assert "Петров Пётр Петрович — аудандық мәслихаттың депутаты, Іле аудандық мәслихаты" in body
    # No member list and no home address in the body (members are named only where they spoke).
    assert "-үй" not in body and "Абай көшесі," not in body
    # Registration (Reg §7), who opened the sitting with his position, chair and secretary (Reg §8).
    assert "Тіркеу нәтижесі жиналыс ашылғанға дейін жарияланды (уақыты — 09:3" in body
    assert "тіркелгені — 10; кворум үшін қажеті — кемінде 6." in body and "Кворум бар" in body
    assert f"Жиналысты ашқан — {AKIM}, Қарағайлы ауылдық округінің әкімі" in body
    assert (
        f"Жиналыс төрағасы — {st.chair.name}." in body and f"Жиналыс хатшысы — {st.secretary.name}." in body
    )
    assert (
        "Төраға мен хатшы ашық дауыс беру арқылы сайланды: төраға кандидатурасы бойынша: «жақтап» — 10"
        in body
    )
    # The speaking rules the chair set (Reg §11).
    assert "Төраға белгілеген сөз сөйлеу регламенті: баяндамаға — 15 минутқа дейін" in body
    # The agenda with each reporter and his position, and the vote on each item (Reg §9).
    assert (
        "КҮН ТӘРТІБІ:" in body
        and "Баяндамашы — Серікбаев Асқар Мұратұлы, әкім аппаратының бас маманы." in body
    )
    assert "әрқайсысы бойынша: «жақтап» — 8, «қарсы» — 1, «қалыс қалғандар» — 1" in body
    # Each item: heard, spoke, resolved with numbered points and the vote formula after the decision.
    assert body.count("ТЫҢДАЛДЫ:") == 3 and "СӨЙЛЕДІ:" in body and body.count("ҚАУЛЫ ЕТТІ:") == 2
    assert SUMMARY[:40] in body
    assert f"1. {DECISION[:40]}" in body
    assert (
        "Атаулы дауыс беру нәтижесі (тізімі қосымшада): «жақтап» — 8, «қарсы» — жоқ, «қалыс қалғандар» — 2."
        in body
    )
    assert "«жақтап» — 5, «қарсы» — 5, «қалыс қалғандар» — жоқ." in body
    assert "Дауыстар тең бөлінді; шешім төрағаның шешуші дауысымен қабылданды." in body
    assert "Дауысқа қойылған шешім жобасы:" in body and "Шешім қабылданбады." in body
    # Written question, break, short statements, closing.
    assert "Жазбаша сұрақ. Сұрақ қойған —" in body and "Мазмұны: «Жұмыс қашан басталады?»." in body
    assert "Үзіліс жарияланды: 09:" in body and "Себебі — Шай үзілісі." in body
    assert "ҚЫСҚА МӘЛІМДЕМЕЛЕР:" in body and "Ауыл клубын жөндеу туралы хабарлады." in body
    assert "Күн тәртібіндегі мәселелер қаралды. Жиналыс жабылды (уақыты — 09:" in body
    # The rules applied in one section, in legal language, each with its citation.
    assert "ҚОЛДАНЫЛҒАН НОРМАЛАР:" in body
    assert (
        "мүшелерінің кемінде жартысы қатысқан кезде өтті деп есептеледі (Үлгі регламенттің 7-тармағы)."
        in body
    )
    # Signatures as "Жиналыс төрағасы ____ А. Байжанова", the checksum on the same page.
    chair = st.chair.name.split()
    assert f"Жиналыс төрағасы ______ {chair[1][0]}. {chair[0]}".replace("______", "") in body.replace("_", "")
    last = pages_text(paper.pdf)[-1]
    assert "Жиналыс хатшысы" in last and st.last_hash in last.replace(" ", "")
    assert "Шақырылымның электрондық журналының бақылау сомасы (SHA-256):" in last
    pages = pages_text(paper.pdf)
    assert f"1-бет, барлығы {len(pages)}" in pages[0]


def test_no_program_jargon_on_the_paper(store, sitting):
    for mode in ("kk", "ru", "kk+ru"):
        body = text(issue.render_protocol(store, sitting.id, mode).pdf).lower()
        for word in (
            "хэш",
            "хеш",
            "дайджест",
            "digest",
            "оқиға",
            "событие",
            "бағдарлама",
            "программ",
            "journal",
        ):
            assert word not in body, (mode, word)
        assert "(а)" not in body and "ж. " not in body.replace("ж. бейсенов", "")


def test_russian_protocol_has_no_kazakh_text_but_names(store, sitting):
    paper = issue.render_protocol(store, sitting.id, "ru")
    assert paper.missing == ()
    body = text(paper.pdf)
    assert "ПРОТОКОЛ собрания местного сообщества Карагайлинского сельского округа Илийского района" in body
    assert "20 ноября 2026 года № 7 село Карагайлы, Дом культуры" in body
    assert "СЛУШАЛИ:" in body and "ВЫСТУПИЛИ:" in body and "ПОСТАНОВИЛИ:" in body
    assert "«за» — 5, «против» — 5, «воздержались» — нет" in body
    assert "Голоса разделились поровну; решение принято решающим голосом председателя." in body
    assert RUSSIAN[DECISION][:50] in body and RUSSIAN[SUMMARY][:40] in body
    assert "Председатель собрания" in body and "Собрание открывает" in body
    # Take out every word of a person's name: what remains has no Kazakh letter.
    st = sitting.state
    names = [m.name for m in st.members] + [a.name for a in st.attendance.values()] + [AKIM]
    names += ["Серікбаев Асқар Мұратұлы", "Іле таңы"]  # the reporter; a newspaper's own name
    words = {w.strip("«»,.;:()-") for n in names for w in n.replace("-", " ").split()}
    rest = [w for w in body.replace("-", " ").split() if w.strip("«»,.;:()-") not in words]
    assert not [w for w in rest if KAZAKH_LETTERS & set(w)]


def test_bilingual_rows_face_each_other(store, sitting):
    paper = issue.render_protocol(store, sitting.id, "kk+ru")
    body = text(paper.pdf)
    assert "ХАТТАМАСЫ" in body and "ПРОТОКОЛ" in body
    assert "ТЫҢДАЛДЫ:" in body and "СЛУШАЛИ:" in body and "ҚАУЛЫ ЕТТІ:" in body and "ПОСТАНОВИЛИ:" in body
    # A typed text is printed in each language once: the decision in Kazakh and in Russian.
    assert body.count(DECISION[:40]) == text(issue.render_protocol(store, sitting.id, "kk").pdf).count(
        DECISION[:40]
    )
    assert RUSSIAN[DECISION][:40] in body


def test_texts_without_translation_are_named_and_printed_as_typed(store):
    s = play_sitting(store, russian=False)
    paper = issue.render_protocol(store, s.id, "ru")
    assert DECISION in paper.missing and SUMMARY in paper.missing
    assert DECISION[:40] in text(paper.pdf)  # nothing lost: the text as typed
    assert issue.render_protocol(store, s.id, "kk").missing == ()
    # Entering the translation here (the papers screen) makes the next render whole.
    issue.save_text_versions(store, [(t, "ru", f"Перевод {n}") for n, t in enumerate(paper.missing)])
    assert issue.render_protocol(store, s.id, "ru").missing == ()


def test_protocol_carries_a_qr_code_and_only_fonts_with_kazakh_letters(store, sitting):
    pdf = issue.render_protocol(store, sitting.id, "kk").pdf
    assert all("DejaVu" in name for name in fonts(pdf))
    for letter in "әғқңөұүі":
        assert letter in text(pdf)
    last = PdfReader(io.BytesIO(pdf)).pages[-1]
    # The QR code is drawn as vector squares: many filled rectangles on the last page.
    assert last.get_contents().get_data().count(b" re") > 100


def test_unknown_language_is_refused(store, sitting):
    with pytest.raises(UnknownDocumentLanguage):
        issue.render_protocol(store, sitting.id, "de")


def test_open_sitting_renders_an_incomplete_draft(store):
    s = play_sitting(store, close=False)
    body = text(issue.render_protocol(store, s.id, "kk").pdf)
    assert "Шақырылым жабылған жоқ: хаттама толық емес." in body


def test_sitting_found_by_number_or_id(store, sitting):
    assert issue.resolve_sitting(store, "7").id == sitting.id
    assert issue.resolve_sitting(store, "№7").id == sitting.id
    assert issue.resolve_sitting(store, str(sitting.id)).id == sitting.id
    assert issue.resolve_sitting(store, str(sitting.id)[:8]).id == sitting.id
    with pytest.raises(issue.SittingNotFoundByRef):
        issue.resolve_sitting(store, "99")


def test_big_sitting_keeps_the_protocol_short_and_the_lists_in_the_annex(store):
    s = play_sitting(store, members=160, items=4, speeches=12)
    protocol = pages_text(issue.render_protocol(store, s.id, "kk").pdf)
    assert all("Абай көшесі" not in p for p in protocol)
    annex = pages_text(issue.annex(store, s.id, "kk").pdf)
    member_pages = [p for p in annex if "Тегі, аты, әкесінің аты" in p]
    assert len(member_pages) >= 3  # the header row repeats on every page of the list
    assert "Барлығы — 160" in annex[-1] or any("Барлығы — 160" in p for p in annex)


def test_gathering_protocol_counts_participants_without_the_meeting_readings(store):
    s = play_sitting(store, kind="gathering")
    body = text(issue.render_protocol(store, s.id, "kk").pdf)
    assert "жергілікті қоғамдастық жиынының ХАТТАМАСЫ" in body
    assert "Жергілікті қоғамдастық мүшелерінің саны — 12." in body
    assert "Жиын төрағасы" in body
    # The readings of the Model Regulation are not printed for a gathering (Law art. 39-3 applies).
    assert "қатысып отырған мүшелердің жартысынан асса" not in body
    assert "(Заңның 39-3-бабы)." in body


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools missing")
def test_qr_code_decodes_to_the_printed_hash(store, sitting, tmp_path):
    pdf = issue.render_protocol(store, sitting.id, "kk+ru").pdf
    last = files.page_images(pdf, dpi=150)[-1]
    (tmp_path / "last.png").write_bytes(last)
    out = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "last.png")], capture_output=True, text=True
    )
    st = sitting.state
    assert out.stdout.strip() == f"ZHOOB:PROTOCOL:{sitting.id}:7:{st.seq}:{st.last_hash}".upper()
    assert st.last_hash in text(pdf).replace(" ", "")
