"""Members absent with an excuse: counted in the protocol, listed with the reason in the annex (Reg §12 p. 2)."""

from __future__ import annotations

import pytest

from tests.services.documents.pdftext import text
from tests.services.documents.scripted import members_roster, play_sitting
from zhoob_desktop.services.documents import issue

ILL = "Ауырып қалды, емхананың анықтамасы бар"
TRIP = "Аудан орталығында іссапарда"
FARM = "Шаруашылықтағы апат"


@pytest.fixture
def sitting(store):
    # 12 members, 10 present: members 11 and 12 absent (11 excused); member 3 leaves, then is excused.
    return play_sitting(store, excused={10: ILL}, left_excused={2: FARM})


def names():
    return [m["name"] for m in members_roster(12)]


def test_protocol_counts_the_excused(store, sitting):
    body = text(issue.render_protocol(store, sitting.id, "kk").pdf)
    assert "Қатыспағаны — 2, оның ішінде дәлелді себеппен — 1 (тізім қоса беріледі)." in body
    ru = text(issue.render_protocol(store, sitting.id, "ru").pdf)
    assert "Отсутствовали — 2, из них по уважительной причине — 1 (список прилагается)." in ru


def test_annex_lists_each_member_with_the_reason(store, sitting):
    annex = text(issue.annex(store, sitting.id, "kk").pdf)
    squeezed = annex.replace(" ", "")
    assert f"дәлелдісебеппенқатыспады:{ILL}".replace(" ", "") in squeezed
    assert f"ішінарақатысты;дәлелдісебебі:{FARM}".replace(" ", "") in squeezed
    assert names()[10].split()[0] in annex and names()[11].split()[0] in annex
    ru = text(issue.annex(store, sitting.id, "ru").pdf)
    assert "(а)" not in ru
    assert f"отсутствуетпоуважительнойпричине:Причина:{ILL}".replace(" ", "") in ru.replace(" ", "")
    assert ru.count("отсутствует") == 2  # the excused member and the one absent without excuse


def test_no_excuse_no_valid_reason_counted(store):
    s = play_sitting(store)
    ru = text(issue.render_protocol(store, s.id, "ru").pdf)
    assert "Отсутствовали — 2 (список прилагается)." in ru and "по уважительной причине" not in ru
