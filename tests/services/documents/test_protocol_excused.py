"""Members absent with an excuse: listed apart, with the reason, in the protocol and the annex (Reg §12 p. 2)."""

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


def test_protocol_lists_excused_members_with_their_reason(store, sitting):
    body = text(issue.render_protocol(store, sitting.id, "kk").pdf)
    assert (
        "Мүшелердің жалпы саны: 12; қатысқандар: 10; қатыспағандар: 2, оның ішінде дәлелді себеппен: 1."
        in body
    )
    assert "Дәлелді себеппен қатыспаған мүшелер: 1" in body
    assert "Қатыспаған мүшелер: 1" in body
    excused_at = body.index("Дәлелді себеппен қатыспаған мүшелер: 1")
    absent_at = body.index("Қатыспаған мүшелер: 1")
    # The excused member with the reason under the excused heading; the other absent one after it.
    assert excused_at < body.index(names()[10].split()[0], excused_at) < absent_at
    assert ILL in body[excused_at:absent_at]
    assert names()[11].split()[0] in body[absent_at:]
    # The member who left and was excused afterwards: the time of leaving and the reason.
    assert f"дәлелді себебі: {FARM}" in body


def test_russian_protocol_and_annex(store, sitting):
    body = text(issue.render_protocol(store, sitting.id, "ru").pdf)
    assert "отсутствовали: 2, из них по уважительной причине: 1." in body
    assert "Члены, отсутствовавшие по уважительной причине: 1" in body and ILL in body
    assert f"уважительная причина: {FARM}" in body
    annex = text(issue.annex(store, sitting.id, "ru").pdf)
    assert f"отсутствовал(а) по уважительной причине: {ILL}" in annex
    assert annex.count("отсутствовал") == 2  # the excused member and the one absent without excuse
    # Table cells wrap long words anywhere: compare without spaces.
    squeezed = annex.replace(" ", "")
    assert f"присутствовал(а),ушёл(ушла);уважительнаяпричина:{FARM}".replace(" ", "") in squeezed


def test_no_excuse_no_excused_heading(store):
    s = play_sitting(store)
    body = text(issue.render_protocol(store, s.id, "ru").pdf)
    assert "из них по уважительной причине: 0." in body
    assert "Члены, отсутствовавшие по уважительной причине" not in body
