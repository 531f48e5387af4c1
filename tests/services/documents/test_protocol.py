"""The protocol of a sitting played through the engine: every section Reg §12 and §7 require."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from tests.services.documents.pdftext import fonts, pages_text, text
from tests.services.documents.scripted import DECISION, LONG_NAME, SUMMARY, play_sitting
from zhoob_desktop.services.documents import files, issue
from zhoob_desktop.services.documents.text import UnknownDocumentLanguage


@pytest.fixture
def sitting(store):
    return play_sitting(store)


def test_kazakh_protocol_has_every_required_section(store, sitting):
    paper = issue.render_protocol(store, sitting.id, "kk")
    assert not paper.frozen and paper.number == "7"
    body = text(paper.pdf)
    st = sitting.state
    # Title, number and date; date and place (Reg §12 p. 1).
    assert "Жергілікті қоғамдастық жиналысы шақырылымының хаттамасы" in body
    assert "2026 ж. 20 қараша № 7" in body
    assert "Қарағайлы ауылы, мәдениет үйі" in body
    # Registration result with place and time (Reg §7): 10 of 12, quorum 6, announced at 09:31 local time.
    assert "12 мүшенің 10 мүшесі тіркелді; кворум үшін кемінде 6 мүше қажет" in body
    assert "Тіркеу нәтижесі жарияланды (уақыты: 09:3" in body and "орны: Қарағайлы ауылы" in body
    # Members present and absent, by name (Reg §12 p. 2), the long name wrapped but complete.
    assert (
        "Мүшелердің жалпы саны: 12; қатысқандар: 10; қатыспағандар: 2, оның ішінде дәлелді себеппен: 0."
        in body
    )
    assert LONG_NAME.replace("-", "") in body.replace("-", "").replace(" ", " ")
    for member in sitting.members:
        assert member["name"].split()[0] in body
    # Other participants with roles (Reg §12 p. 3, §10).
    assert "Өзге де қатысушылар: 2" in body
    assert "Петров Пётр Петрович" in body and "Ахметова Сәуле Ержанқызы" in body
    assert "аудандық мәслихаттың депутаты" in body.replace("  ", " ") or "мәслихат" in body
    # Chair and secretary and how they were elected (Reg §12 p. 4, §8).
    assert f"Төраға: {st.chair.name}." in body and f"Хатшы: {st.secretary.name}." in body
    assert "ашық дауыс беру арқылы сайланды" in body
    # Agenda with each item's inclusion vote.
    for it in st.agenda:
        assert it.title[:30] in body
    assert "Әр мәселені күн тәртібіне енгізу бойынша дауыс беру нәтижелері:" in body
    assert "Мұратұлы 8 1 1 қаралды" in body
    # Each item: reporters, speeches, votes with counts, rule, outcome, casting vote, decision text.
    assert "Баяндамашылар: Серікбаев Асқар Мұратұлы." in body
    assert SUMMARY[:40] in body
    assert "Жақтап: 5, қарсы: 5, қалыс қалды: 0" in body
    assert "төрағаның шешуші дауысы (жақтап) шешті: қабылданды (Үлгі регламенттің 12-тармағы)" in body
    assert "Жақтап: 1, қарсы: 9" in body and "Нәтижесі: қабылданбады." in body
    assert "Дауыс беру атаулы түрде өтті" in body
    assert DECISION[:50] in body and "Шешілді:" in body
    # Breaks and written questions, statements, closing time.
    assert "Үзіліс: 09:" in body and "Шай үзілісі" in body
    assert "Жұмыс қашан басталады?" in body
    assert "Ауыл клубын жөндеу туралы хабарлады." in body
    assert "Шақырылым жабылды, уақыты: 09:" in body
    # Rule readings in force, the deadline to the akim (Fri 20 Nov + 2 working days = Tue 24 Nov).
    assert "Қолданылған ережелердің оқылуы" in body
    assert "қатысып отырған мүшелердің жартысынан асса" in body
    assert "2 жұмыс күні ішінде әкімге беріледі; соңғы мерзімі: 2026 ж. 24 қараша" in body
    # Signatures, the final hash printed in full, page N of M.
    assert body.count("Төраға") >= 2 and "Хатшы" in body
    assert st.last_hash in body.replace(" ", "")
    pages = pages_text(paper.pdf)
    assert f"1-бет, барлығы {len(pages)}" in pages[0]


def test_protocol_carries_a_qr_code_and_only_fonts_with_kazakh_letters(store, sitting):
    pdf = issue.render_protocol(store, sitting.id, "kk").pdf
    assert all("DejaVu" in name for name in fonts(pdf))
    for letter in "әғқңөұүі":
        assert letter in text(pdf)
    last = PdfReader(io.BytesIO(pdf)).pages[-1]
    # The QR code is drawn as vector squares: many filled rectangles on the last page.
    assert last.get_contents().get_data().count(b" re") > 100


def test_russian_and_bilingual(store, sitting):
    ru = text(issue.render_protocol(store, sitting.id, "ru").pdf)
    assert "Протокол заседания собрания местного сообщества" in ru
    assert "№ 7 от 20 ноября 2026" in ru
    assert "зарегистрировано 10 из 12 членов" in ru
    assert "решил решающий голос председателя (за): принято" in ru
    assert "не позднее 24 ноября 2026" in ru
    both = issue.render_protocol(store, sitting.id, "kk+ru")
    body = text(both.pdf)
    assert "хаттамасы" in body and "Протокол заседания" in body
    assert "Шешілді:" in body and "Решили:" in body
    # Decisions entered by people are printed once, not twice.
    assert body.count(DECISION[:40]) == text(issue.render_protocol(store, sitting.id, "ru").pdf).count(
        DECISION[:40]
    )


def test_unknown_language_is_refused(store, sitting):
    with pytest.raises(UnknownDocumentLanguage):
        issue.render_protocol(store, sitting.id, "de")


def test_open_sitting_renders_a_marked_draft(store):
    s = play_sitting(store, close=False)
    body = text(issue.render_protocol(store, s.id, "kk").pdf)
    assert "Жоба: шақырылым жабылған жоқ" in body


def test_sitting_found_by_number_or_id(store, sitting):
    assert issue.resolve_sitting(store, "7").id == sitting.id
    assert issue.resolve_sitting(store, "№7").id == sitting.id
    assert issue.resolve_sitting(store, str(sitting.id)).id == sitting.id
    assert issue.resolve_sitting(store, str(sitting.id)[:8]).id == sitting.id
    with pytest.raises(issue.SittingNotFoundByRef):
        issue.resolve_sitting(store, "99")


def test_big_sitting_tables_break_across_pages(store):
    s = play_sitting(store, members=160, items=4, speeches=12)
    pages = pages_text(issue.render_protocol(store, s.id, "kk").pdf)
    member_pages = [p for p in pages if "Абай көшесі" in p]
    assert len(member_pages) >= 3
    assert all("Тегі, аты, әкесінің аты" in p for p in member_pages)


def test_gathering_protocol_counts_participants_without_the_meeting_readings(store):
    s = play_sitting(store, kind="gathering")
    body = text(issue.render_protocol(store, s.id, "kk").pdf)
    assert "Жергілікті қоғамдастық жиынының хаттамасы" in body
    # The readings of the Model Regulation are not printed for a gathering (Law art. 39-2 applies).
    assert "қатысып отырған мүшелердің жартысынан асса" not in body
    assert "қатысушылардың жартысынан көбі дауыс берсе, қабылданды деп есептеледі (Заңның 39-2-бабы)" in body
    # No working-day deadline for a gathering's protocol: the Law only says it reaches the akim.
    assert "соңғы мерзімі" not in body
    assert "Төраға мен хатшы қол қойған хаттама әкімге беріледі (Заңның 39-2-бабы)." in body


@pytest.mark.skipif(
    shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None, reason="zbar-tools missing"
)
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
