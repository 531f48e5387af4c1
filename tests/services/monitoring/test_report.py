"""Order 405 report: computed lines and columns, amounts, freezing, the calendar, the PDF."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from zhoob_desktop.services.monitoring import report as svc
from zhoob_desktop.services.monitoring.pdf import render_report_pdf, write_report_pdf
from zhoob_desktop.services.monitoring.schedule import schedule, upcoming


@pytest.fixture
def filled(store):
    r = svc.open_report(store, 2026, "half", "Қарағайлы ауылдық округі әкімінің аппараты")
    svc.set_line(store, r.id, "010", plan_revised="1 200,5", plan_half="1200.5", actual="1200,5")
    svc.set_line(
        store,
        r.id,
        "021",
        plan_revised="3200",
        plan_half="1600",
        actual="1450",
        reason="Жалға алушы кешіктірді",
    )
    svc.set_line(store, r.id, "024", plan_revised="900", plan_half="450", actual="300")
    svc.add_direction(store, r.id, "Көшелерді жарықтандыру")
    svc.add_direction(store, r.id, "Абаттандыру")
    svc.set_line(store, r.id, "051", plan_revised="2600", plan_half="1300", actual="1250")
    return svc.set_line(store, r.id, "052", plan_revised="1500", plan_half="750", actual="600")


def test_computed_lines_and_columns(filled):
    r = filled
    assert [line.code for line in r.lines] == [
        "010", "020", "021", "022", "023", "024", "025", "030", "050", "051", "052", "100"
    ]  # fmt: skip
    assert r.line("020").actual == Decimal("1750.0")  # 1450 + 300
    assert r.line("030").actual == Decimal("2950.5")  # 1200.5 + 1750
    assert r.line("050").actual == Decimal("1850.0")
    assert r.line("100").actual == Decimal("1100.5")  # 2950.5 - 1850
    assert r.line("021").pct_revised == Decimal("45.3")
    assert r.line("021").pct_half == Decimal("90.6")
    assert r.line("021").diff_half == Decimal("-150.0")
    assert r.line("023").pct_revised is None  # no plan: no percentage, no division by zero
    assert not r.line("021").underperformed  # reason given
    assert r.line("024").underperformed  # below plan, no reason
    assert not r.line("050").underperformed  # computed lines need no reason


def test_amount_parsing_and_refusals(store, filled):
    assert svc.parse_amount("1 234,5", "021") == 1_234_500
    assert svc.parse_amount("", "021") is None
    with pytest.raises(svc.BadAmount) as err:
        svc.set_line(store, filled.id, "021", actual="12o")
    assert "021" in err.value.message() and "Order No. 405" in err.value.message()
    with pytest.raises(svc.NegativeAmount):
        svc.set_line(store, filled.id, "021", actual="-5")
    with pytest.raises(svc.LineIsComputed):
        svc.set_line(store, filled.id, "020", actual="5")
    with pytest.raises(svc.DirectionNameMissing):
        svc.add_direction(store, filled.id, "  ")
    assert svc.get_report(store, filled.id).line("021").actual == Decimal("1450.0")  # unchanged


def test_signed_report_is_frozen(store, filled):
    with pytest.raises(svc.SignatoryMissing):
        svc.sign_report(store, filled.id, "Серікбаев Н.", "", date(2026, 7, 5))
    signed = svc.sign_report(store, filled.id, "Серікбаев Нұрлан", "Жақсыбекова Гүлнар", date(2026, 7, 5))
    assert signed.signed
    with pytest.raises(svc.ReportSigned):
        svc.set_line(store, filled.id, "021", actual="1")
    with pytest.raises(svc.ReportSigned):
        svc.add_direction(store, filled.id, "Жаңа")
    assert svc.list_reports(store) == [(filled.id, 2026, "half", True)]


def test_open_report_is_idempotent(store):
    a = svc.open_report(store, 2025, "year")
    b = svc.open_report(store, 2025, "year")
    assert a.id == b.id and len(b.lines) == 10


def test_schedule_follows_order_405():
    half = schedule(2026, "half")
    assert [d.due for d in half] == [date(2026, 7, day) for day in (5, 10, 15, 20, 25)]
    year = schedule(2026, "year")
    assert year[0].due == date(2027, 1, 5) and year[-1].due == date(2027, 1, 25)
    soon = upcoming(date(2026, 12, 28), horizon_days=30)
    assert [(y, p) for y, p, _d in soon] == [(2026, "year")] * 5


@pytest.mark.parametrize("lang,expected", [("kk", "мың теңге"), ("ru", "тыс. тенге")])
def test_pdf_text_in_language(filled, tmp_path, lang, expected):
    path = write_report_pdf(filled, tmp_path / f"r-{lang}.pdf", lang)
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert expected in text
    assert "Көшелерді жарықтандыру" in text  # Kazakh letters survive in the text layer
    assert "1 450" in text.replace("\u00a0", " ")
    assert render_report_pdf(filled, "en").startswith(b"%PDF")
