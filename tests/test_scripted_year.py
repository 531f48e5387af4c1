"""A scripted year of an okrug (tests/scripted_year.py) runs through, and every paper it makes reads right."""

from __future__ import annotations

from datetime import date

import pytest

from tests.scripted_year import IDS, build_year
from tests.services.documents.pdftext import text
from zhoob_desktop.services import decisions as D
from zhoob_desktop.services.documents.commission_papers import commission_report_paper
from zhoob_desktop.services.documents.followup_papers import consideration_notice, nonexecution_letter
from zhoob_desktop.services.documents.issue import render_protocol
from zhoob_desktop.services.monitoring import rounds as RD
from zhoob_desktop.services.monitoring.pdf import render_report_pdf
from zhoob_desktop.services.monitoring.report import open_report

TODAY = date(2026, 7, 27)


@pytest.fixture(scope="module")
def year_store(tmp_path_factory, template_store_dir):
    from tests.conftest import copy_store
    from zhoob_desktop.services.store import open_store

    store = open_store(copy_store(template_store_dir, tmp_path_factory.mktemp("year")))
    year = build_year(store)
    yield store, year
    store.close(backup=False)


def test_the_decisions_end_where_the_law_takes_them(year_store):
    store, y = year_store
    views = {key: D.get_decision(store, did, today=TODAY) for key, did in y.decisions.items()}
    assert {key: v.status for key, v in views.items()} == {
        "commission": "in_force",  # forming the commission is done by the decision itself
        "lights": "executed",
        "school": "in_force",  # insisted on by the meeting, upheld by the district akim
        "park": "executed",
        "roof": "in_execution",
    }
    school = [h.step for h in views["school"].history]
    assert school == ["protocol_handed", "disagreed", "informed", "unresolved", "referred", "district_upheld"]
    lights = views["lights"]
    (finding,) = [h for h in lights.history if h.step == "not_executed"]
    assert finding.at_sitting_id == y.sittings[3] and finding.data["sent_to"] == "district_akim"
    # One act per protocol: every decision of the first protocol was handed over in the same act.
    acts = {views[k].history[0].act_id for k in ("commission", "lights", "school", "park")}
    assert len(acts) == 1
    late = [(key, h.step) for key, v in views.items() for h in v.history if h.late]
    assert late == [("lights", "executed")]  # due on 30 March, done on 15 June


def test_two_monitorings_with_every_step_done_on_time(year_store):
    store, y = year_store
    for key, (year, period) in {"2025": (2025, "year"), "2026-half": (2026, "half")}.items():
        r = RD.get_round(store, year, period, today=TODAY)
        assert r.id == y.rounds[key]
        assert [s.state for s in r.steps] == ["done"] * 5 and not any(s.late for s in r.steps)
    half = RD.get_round(store, 2026, "half", today=TODAY)
    assert half.step(4).sitting_id == y.sittings[4]


def test_reminder_at_the_end_of_july(year_store):
    store, y = year_store
    found = D.reminders(store, today=TODAY)
    assert [(d.kind, d.sitting_id) for d in found] == [("inform", y.sittings[4])]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_protocols_carry_what_the_sittings_heard(year_store, lang):
    store, y = year_store
    first = text(render_protocol(store, y.sittings[1], lang).pdf)
    second = text(render_protocol(store, y.sittings[2], lang).pdf)
    third = text(render_protocol(store, y.sittings[3], lang).pdf)
    fourth = text(render_protocol(store, y.sittings[4], lang).pdf)
    words = {
        "kk": ("комиссиясы қатысушылар қатарынан құрылды", "Жиналыс өз шешімінде қалды",
               "Шешімнің орындалмауы.", "Анықталды: орындалмады.", "2025 жылға жүргізілген мониторинг",
               "Шешім орындалды және бақылаудан алынды."),
        "ru": ("образована комиссия местного сообщества", "Собрание настояло на своём решении",
               "Неисполнение решения.", "Установлено: не исполнено.", "о мониторинге за 2025 год",
               "Решение исполнено и снято с контроля."),
    }[lang]  # fmt: skip
    assert words[0] in first and "Исабеков Нұрлан Асқарұлы" in first
    assert words[1] in second and words[4] in second and "40 шамның 20-сы ауыстырылды" in second
    assert words[2] in third and words[3] in third and "қалғаны сатып алынбаған" in third
    assert words[5] in fourth and "Жалға алушылардан шілдедегі төлемдерді уақытылы алу." in fourth


@pytest.mark.parametrize("lang", ["kk", "ru", "kk+ru"])
def test_the_papers_of_the_year(year_store, lang):
    store, y = year_store
    letter = text(nonexecution_letter(store, y.decisions["lights"], lang).pdf)
    assert "қалғаны сатып алынбаған" in letter and "С. Әбдірахманов" in letter  # the chair signs
    assert ("Акиму Илийского района" if lang == "ru" else "Іле ауданының әкіміне") in letter
    notice = text(consideration_notice(store, y.sittings[1], lang, signer="Оспанова Д.").pdf)
    assert "Ғимарат мектепке дейінгі шағын орталыққа қажет" in notice and "Д. Оспанова" in notice
    for key in ("2025", "2026-half"):
        paper = text(commission_report_paper(store, y.rounds[key], lang).pdf)
        assert "Исабеков Нұрлан Асқарұлы" in paper and "Қасымова Айгүл Ерланқызы" in paper
    assert IDS  # the roster's ids are what the commission was formed from


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_forms_add_up_as_printed(year_store, lang):
    store, _y = year_store
    for year, period in ((2025, "year"), (2026, "half")):
        report = open_report(store, year, period)
        assert report.signed
        assert report.line("020").actual == sum(
            report.line(c).actual or 0 for c in ("021", "022", "023", "024", "025")
        )
        body = text(render_report_pdf(report, lang)).replace("\u00a0", " ")
        assert ("(Т.А.Ә.)" if lang == "kk" else "(Ф.И.О.)") in body
    year_form = text(render_report_pdf(open_report(store, 2025, "year"), lang)).replace("\u00a0", " ")
    assert "3 447,9" in year_form  # 2 480,4 + 312,5 + 655,0: the sum of the printed lines
