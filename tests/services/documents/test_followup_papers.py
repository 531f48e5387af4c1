"""The chair's letter (Reg §18) and the notice to members (Reg §14) read as a clerk writes them."""

from __future__ import annotations

from datetime import date

import pytest

from tests.services.decisions.helpers import held_sitting
from tests.services.documents.pdftext import text
from zhoob_desktop.services import decisions as D
from zhoob_desktop.services.documents.followup_papers import consideration_notice, nonexecution_letter
from zhoob_desktop.services.okrug import save_okrug

EXECUTION = "execution_of_decisions"
ADOPTED, HEARD = date(2026, 2, 2), date(2026, 4, 16)


def _year(store, number_adopted=None, number_heard=None, sent_to="district_akim"):
    """A decision adopted, considered, then found not executed at a later sitting."""
    info = held_sitting(store, ADOPTED, ["Repair the bridge"], titles=["Bridge"], number=number_adopted)
    D.hand_over(store, info.id, on=ADOPTED, today=ADOPTED)
    D.consider(store, info.id, on=date(2026, 2, 4), today=date(2026, 2, 4))
    D.inform_members(store, info.id, on=date(2026, 2, 6), today=date(2026, 2, 6))
    (view,) = D.protocol_view(store, info.id).decisions
    D.record_step(store, view.id, "assigned", on=date(2026, 2, 6), today=date(2026, 2, 6),
                  data={"responsible": "Roads office", "due_on": date(2026, 3, 31)})  # fmt: skip
    hearing = held_sitting(store, HEARD, [None], titles=["Execution"], kinds=[EXECUTION], number=number_heard)
    D.record_step(store, view.id, "not_executed", at_sitting=hearing.id, note="Nothing done",
                  data={"sent_to": sent_to}, today=HEARD)  # fmt: skip
    return info, view.id


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_protocol_without_a_number_is_named_by_its_date(store, lang):
    info, decision = _year(store)
    letter = text(nonexecution_letter(store, decision, lang).pdf)
    notice = text(consideration_notice(store, info.id, lang).pdf)
    for paper in (letter, notice):
        assert "№ —" not in paper and "No. —" not in paper
        assert "(протокол №" not in paper and "хаттама)" not in paper  # no number to cite in the sentence
    if lang == "kk":
        assert "2026 жылғы 16 сәуірдегі № ______ хаттамаға" in letter  # written in by hand
        assert "жиналысының 2026 жылғы 16 сәуірдегі шақырылымында төмендегі" in letter
        assert "Қосымша: 2026 жылғы 16 сәуірдегі № ______ хаттамадан үзінді." in letter
        assert (
            "2026 жылғы 2 ақпандағы шақырылымында қабылданған шешімдерді 2026 жылғы 4 ақпанда қарады"
            in notice
        )
        assert "Күні: 2026 жылғы 6 ақпан" in notice  # the day the members were told
    else:
        assert "к протоколу № ______ от 16 апреля 2026 года" in letter
        assert "состоявшемся 16 апреля 2026 года, заслушана" in letter
        assert "4 февраля 2026 года рассмотрел решения, принятые на заседании собрания местного сообщества " \
               "2 февраля 2026 года (Типовой" in notice  # fmt: skip


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_numbered_protocols_are_cited_with_their_number(store, lang):
    _info, decision = _year(store, number_adopted=4, number_heard=7)
    letter = text(nonexecution_letter(store, decision, lang).pdf)
    if lang == "kk":
        assert "2026 жылғы 16 сәуірдегі шақырылымында (№ 7 хаттама)" in letter
        assert "Шешім: 2026 жылғы 2 ақпандағы шақырылым, № 4 хаттама, 1-мәселе «Bridge»." in letter
    else:
        assert "состоявшемся 16 апреля 2026 года (протокол № 7)" in letter
        assert "Решение: заседание 2 февраля 2026 года, протокол № 4, вопрос 1 «Bridge»." in letter


def test_the_letter_names_the_district_akim_in_each_language(store):
    _info, decision = _year(store, number_adopted=1, number_heard=2)
    assert "Аудан әкіміне ________________" in text(nonexecution_letter(store, decision, "kk").pdf)
    save_okrug(
        store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ", "Іле ауданы", "Илийский район"
    )
    assert "Іле ауданының әкіміне" in text(nonexecution_letter(store, decision, "kk").pdf)
    assert "Акиму Илийского района" in text(nonexecution_letter(store, decision, "ru").pdf)
