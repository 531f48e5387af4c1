"""Order 405 report: one decimal kept as printed, signing refused for what does not add up, versions,
the plans carried forward, the PDF and the Excel workbook."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from zhoob_desktop.services.monitoring import report as svc
from zhoob_desktop.services.monitoring.pdf import render_report_pdf, write_report_pdf
from zhoob_desktop.services.monitoring.schedule import schedule, upcoming
from zhoob_desktop.services.monitoring.signing import (
    ReportNotSignable,
    SignatoryMissing,
    SignedBeforePeriodEnd,
    SignedInFuture,
    correct_report,
    problems,
    sign_report,
)

TODAY = date(2026, 7, 8)


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


def test_amounts_are_kept_as_printed_so_sums_add_up(store):
    r = svc.open_report(store, 2026, "half")
    # Finer than the form prints: each is rounded once, when typed; the sum is of the rounded lines.
    for code, amount in (("021", "1.14"), ("022", "1.14"), ("023", "1.14")):
        r = svc.set_line(store, r.id, code, plan_half=amount, actual=amount)
    assert [r.line(c).actual for c in ("021", "022", "023")] == [Decimal("1.1")] * 3
    assert r.line("020").actual == Decimal("3.3")  # 3.42 in tenge would have printed 3.4
    r = svc.set_line(store, r.id, "024", actual="0,05")  # half up
    assert r.line("024").actual == Decimal("0.1")
    assert svc.parse_amount("1 234,56", "021") == 12346
    assert svc.parse_amount("\u202f1\u00a0234,5", "021") == 12345
    assert svc.parse_amount("", "021") is None
    assert (
        svc.format_amount(Decimal("1250"), "ru") == "1\u00a0250,0"
        and svc.format_amount(Decimal("314.2"), "kk") == "314,2"
    )
    with pytest.raises(svc.AmountTooLarge):
        svc.set_line(store, r.id, "021", actual="1e13")


def test_amount_refusals(store, filled):
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


def test_signing_refused_while_the_report_does_not_add_up(store, filled):
    empty = svc.open_report(store, 2025, "year")
    with pytest.raises(ReportNotSignable) as err:
        sign_report(store, empty.id, "Серікбаев Н.", "Жақсыбекова Г.", date(2026, 1, 4), today=TODAY)
    assert "The report is empty" in err.value.message() and "Order No. 405" in err.value.message()
    # 024 and 051, 052 are below plan with no reason; spending more than there was turns 100 negative.
    svc.set_line(store, filled.id, "052", actual="2000")
    with pytest.raises(ReportNotSignable) as err:
        sign_report(store, filled.id, "Серікбаев Н.", "Жақсыбекова Г.", date(2026, 7, 4), today=TODAY)
    texts = [p.text() for p in err.value.problems]
    assert texts == [
        "Line 100, column 6: the cash at the end of the period is -299.5 thousand tenge, below zero; "
        "more was spent than there was.",
        "Line 024: executed 150.0 thousand tenge below the plan, and column 11 gives no reason.",
        "Line 051: executed 50.0 thousand tenge below the plan, and column 11 gives no reason.",
    ]
    assert svc.get_report(store, filled.id).signed_on is None
    svc.set_line(store, filled.id, "052", actual="600", reason="Мердігер кешікті")
    svc.set_line(store, filled.id, "024", reason="Жарналар аз түсті")
    svc.set_line(store, filled.id, "025", plan_half="10", plan_revised="5")
    found = [p.text() for p in problems(svc.get_report(store, filled.id))]
    assert found == [
        "Line 025: the plan of the period (column 5) is above the revised annual plan (column 4).",
        "Line 025: a plan is entered but no actual amount (column 6).",
    ] + ["Line 051: executed 50.0 thousand tenge below the plan, and column 11 gives no reason."]
    svc.set_line(store, filled.id, "025", plan_half="", plan_revised="")
    svc.set_line(store, filled.id, "051", reason="Шамдар кешігіп жеткізілді")
    with pytest.raises(SignatoryMissing):
        sign_report(store, filled.id, "Серікбаев Н.", "", date(2026, 7, 4), today=TODAY)
    with pytest.raises(SignedInFuture):
        sign_report(store, filled.id, "Серікбаев Н.", "Жақсыбекова Г.", date(2026, 7, 9), today=TODAY)
    with pytest.raises(SignedBeforePeriodEnd):
        sign_report(store, filled.id, "Серікбаев Н.", "Жақсыбекова Г.", date(2026, 6, 30), today=TODAY)
    signed = sign_report(
        store, filled.id, "Серікбаев Нұрлан", "Жақсыбекова Гүлнар", date(2026, 7, 4), today=TODAY
    )
    assert signed.signed_on == date(2026, 7, 4)  # the date written on the paper, not today


def test_a_correction_keeps_the_signed_version(store, filled):
    for code in ("024", "051", "052"):
        svc.set_line(store, filled.id, code, reason="Себеп")
    signed = sign_report(store, filled.id, "Серікбаев Н.", "Жақсыбекова Г.", date(2026, 7, 4), today=TODAY)
    with pytest.raises(svc.ReportSigned):
        svc.set_line(store, filled.id, "021", actual="1")
    with pytest.raises(svc.ReportSigned):
        svc.add_direction(store, filled.id, "Жаңа")
    draft = correct_report(store, signed.id, "021-жол түзетілді")
    assert (draft.version, draft.supersedes_id, draft.superseded_signed_on, draft.signed) == (
        2, signed.id, date(2026, 7, 4), False
    )  # fmt: skip
    draft = svc.set_line(store, draft.id, "021", actual="1500")
    assert svc.get_report(store, signed.id).line("021").actual == Decimal("1450.0")  # the signed one stays
    assert svc.open_report(store, 2026, "half").id == draft.id  # the latest version is the one worked on
    assert [(e.version, e.signed) for e in svc.list_reports(store)] == [(2, False), (1, True)]
    assert svc.first_signed_on(store, 2026, "half") == date(2026, 7, 4)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_report_pdf(draft, "en"))).pages)
    assert (
        "Corrected version No. 2; it replaces the report signed on 4 July 2026. Reason: 021-жол түзетілді"
        in text
    )


def test_plans_and_cash_carried_forward(store, filled):
    year = svc.open_report(store, 2026, "year")
    assert year.institution == filled.institution
    assert [line.code for line in year.lines if line.is_direction] == ["051", "052"]
    assert year.line("021").plan_revised == Decimal("3200.0") and year.line("021").actual is None
    assert year.line("010").actual == Decimal("1200.5") and year.line("010").plan_half == Decimal("1200.5")
    svc.set_line(store, year.id, "021", actual="3000")
    svc.set_line(store, year.id, "051", actual="2500")
    nxt = svc.open_report(store, 2027, "half")
    # Next year starts with the cash this year ended with (line 100 to line 010), and the directions.
    assert nxt.line("010").actual == svc.get_report(store, year.id).line("100").actual == Decimal("1700.5")
    assert [line.direction for line in nxt.lines if line.is_direction] == [
        "Көшелерді жарықтандыру",
        "Абаттандыру",
    ]
    assert nxt.line("051").plan_revised is None


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
    text = "".join(page.extract_text() for page in PdfReader(path).pages).replace("\u00a0", " ")
    assert expected in text
    assert "Көшелерді жарықтандыру" in text  # Kazakh letters survive in the text layer
    assert "1 450,0" in text and "1 200,5" in text and "45,3" in text  # one decimal, always
    assert ("(Т.А.Ә.)" if lang == "kk" else "(Ф.И.О.)") in text
    assert render_report_pdf(filled, "en").startswith(b"%PDF")


def test_large_amounts_fit_and_headers_stay_whole(store, filled):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from zhoob_desktop.services.monitoring import pdf as P

    big = svc.set_line(
        store, filled.id, "024", plan_revised="9999999999.9", plan_half="9999999999.9", actual="9999999999.9"
    )
    cells = [P._cells(line, "ru") for line in big.lines]
    widths, size = P._layout(cells)
    assert sum(widths) <= P.FRAME + 0.01
    for col in range(8):
        widest = max(stringWidth(c[col], P.SANS_BOLD, size) for c in cells)
        assert widest + 2 * P.PAD <= widths[2 + col]
    from zhoob_desktop.services.i18n import Translator

    tr = Translator("ru")
    titles = [tr._(h) for h in P.headers("half")]
    head = P._fit_head(titles, widths)
    for title, width in zip(titles, widths, strict=True):
        assert P._longest_word(title, P.SANS_BOLD, head) <= width - 2 * P.PAD
    assert render_report_pdf(big, "ru").startswith(b"%PDF")


def test_excel_workbook(store, filled, tmp_path):
    from openpyxl import load_workbook

    from zhoob_desktop.services.monitoring.xlsx import write_report_xlsx

    path = write_report_xlsx(filled, tmp_path / "r.xlsx", "ru")
    ws = load_workbook(path).active
    rows = {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1)}
    assert ws.cell(rows["021"], 6).value == 1450.0 and ws.cell(rows["021"], 6).number_format == "#,##0.0"
    assert (
        ws.cell(rows["020"], 6).value == 1750.0 and ws.cell(rows["021"], 11).value == "Жалға алушы кешіктірді"
    )
    assert any("тыс. тенге" in str(ws.cell(r, 1).value) for r in range(1, 12))


@pytest.mark.parametrize("directions", range(0, 16))
def test_the_signatures_never_stand_alone_on_a_page(store, filled, directions):
    """However many directions push the table down, the page the signatures are on carries the
    form's last lines (row 100) too."""
    from tests.services.documents.pdftext import pages_text

    report = filled
    for n in range(directions):
        report = svc.add_direction(store, report.id, f"Бағыт {n + 1}: жолдар мен көпірлерді жөндеу")
        newest = max(line.code for line in report.lines if line.is_direction)
        report = svc.set_line(store, report.id, newest, plan_half="10", actual="10")
    assert report.line("050").actual == Decimal("1850") + 10 * directions  # every direction is summed
    pages = pages_text(render_report_pdf(report, "kk"))
    (signed,) = [p for p in pages if "(Т.А.Ә.)" in p]
    assert "Есепті кезеңнің соңында қалған ақша қалдығы" in signed
    assert all("Есепті кезеңнің түсімдері" in p or p is signed for p in pages)  # no page of loose lines


def test_excel_prints_as_the_form(store, filled, tmp_path):
    """A4 landscape, one page wide, the titles repeated on each page, each row as tall as its text,
    one face throughout, the dates as papers write them."""
    from openpyxl import load_workbook

    from zhoob_desktop.services.monitoring.xlsx import write_report_xlsx

    for code in ("024", "051", "052"):
        svc.set_line(store, filled.id, code, reason="Төлемдер шілдеге ауысты")
    signed = sign_report(store, filled.id, "Серікбаев Н.А.", "Жұмабекова А.М.", date(2026, 7, 3), today=TODAY)
    ws = load_workbook(write_report_xlsx(signed, tmp_path / "r.xlsx", "kk")).active
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    rows = {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1)}
    assert ws.print_title_rows and str(rows["010"] - 2) in ws.print_title_rows
    fines = ws.row_dimensions[rows["023"]].height  # the longest name: several lines
    assert fines >= 3 * 12 and ws.row_dimensions[rows["025"]].height < fines / 2
    faces = {ws.cell(r, c).font.name for r in range(1, ws.max_row + 1) for c in range(1, 12)
             if ws.cell(r, c).value not in (None, "")}  # fmt: skip
    assert faces == {"Arial"}
    values = [str(ws.cell(r, 1).value) for r in range(1, ws.max_row + 1)]
    assert "2026 жылғы 1 шілдедегі жағдай бойынша" in values and "Күні: 2026 жылғы 3 шілде" in values
    assert "М.О." in values
