"""The passport: counts by age band, sex and status on a date; the one-page PDF in kk and ru."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader

from zhoob_desktop.services.register.passport import passport
from zhoob_desktop.services.register.passport_pdf import write_passport_pdf
from zhoob_desktop.services.register.residents import mark_left

from .conftest import add

ON = date(2026, 11, 25)


def people(store, place):
    add(store, "Қасымов", "Асхат", date(2008, 11, 25), house_id=place.house_id)  # 18 today: member
    add(store, "Қасымова", "Айым", date(2008, 11, 26), "F", serial=2, house_id=place.house_id)  # 17
    add(store, "Өспанов", "Ерлан", date(1950, 1, 1), serial=3, settlement_id=place.other_settlement_id,
        statuses=("pensioner", "veteran"))  # fmt: skip
    add(store, "Бекова", "Гүлнар", date(1990, 6, 1), "F", serial=4, settlement_id=place.settlement_id,
        statuses=("large_family",))  # fmt: skip
    gone = add(store, "Кетті", "Біреу", date(1980, 1, 1), serial=5, settlement_id=place.settlement_id)
    mark_left(store, gone.id, "moved", date(2026, 6, 1))
    add(store, "Жаңа", "Келген", date(1985, 1, 1), serial=6, registered_on=date(2026, 12, 1))  # not yet


def test_counts_for_okrug_and_settlement(okrug_store, place):
    people(okrug_store, place)
    p = passport(okrug_store, ON)
    assert (p.residents, p.members, p.male, p.female) == (4, 3, 2, 2)
    bands = {b.label: (b.residents, b.members, b.male, b.female) for b in p.by_age}
    assert bands["0–17"] == (1, 0, 0, 1) and bands["18–29"] == (1, 1, 1, 0)
    assert bands["30–44"] == (1, 1, 0, 1) and bands["75+"] == (1, 1, 1, 0)
    statuses = {s.code: (s.residents, s.members) for s in p.by_status}
    assert (
        statuses["pensioner"] == (1, 1)
        and statuses["large_family"] == (1, 1)
        and statuses["disability"] == (0, 0)
    )
    assert p.houses == 1 and p.streets == 1
    village = passport(okrug_store, ON, place.settlement_id)
    assert (village.residents, village.members, village.settlement_name) == (3, 2, "Қарағайлы")
    # half a year earlier the one who left was still here; the 18-year-old was not yet a member
    earlier = passport(okrug_store, date(2026, 5, 1), place.settlement_id)
    assert (earlier.residents, earlier.members) == (4, 2)


def test_pdf_in_kazakh_and_russian(okrug_store, place, tmp_path):
    people(okrug_store, place)
    path = tmp_path / "passport.pdf"
    write_passport_pdf(okrug_store, path, on=ON, settlement_id=place.settlement_id, lang="kk")
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Қарағайлы елді мекенінің паспорты" in text
    assert "Қоғамдастық мүшелері" in text and "Көпбалалы отбасы" in text and "Әйелдер" in text
    assert "2026 ж. 25 қараша" in text
    write_passport_pdf(okrug_store, path, on=ON, lang="ru")
    text = PdfReader(path).pages[0].extract_text()
    assert (
        "Паспорт округа" in text and "Карагайлинский сельский округ" in text and "Многодетная семья" in text
    )
    assert not list(tmp_path.glob("*.tmp"))  # written atomically, no leftovers
