"""The demo okrug carries both languages: every paper of its sitting reads whole in kk, ru and kk+ru."""

from __future__ import annotations

from datetime import date

import pytest

from tests.services.documents.pdftext import text
from zhoob_desktop.services.demo import create_demo
from zhoob_desktop.services.documents import issue
from zhoob_desktop.services.documents.text import LANG_MODES
from zhoob_desktop.services.meeting import list_sittings, load_state
from zhoob_desktop.services.okrug_papers import paper_settings

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from zhoob_desktop.services.store import open_store

    store = open_store(tmp_path_factory.mktemp("demo"), lock=False)
    create_demo(store, today=date(2026, 12, 7))
    (sitting,) = list_sittings(store)
    yield store, sitting, load_state(store, sitting.id)
    store.close(backup=False)


def _papers(store, sid, mode):
    return {
        "protocol": issue.render_protocol(store, sid, mode),
        "annex": issue.annex(store, sid, mode),
        "extract": issue.extract(store, sid, 3, mode),
        "sheet": issue.registration_sheet(store, sid, mode),
        "notice": issue.notice(store, sid, mode),
    }


@pytest.mark.parametrize("mode", LANG_MODES)
def test_every_demo_paper_has_every_translation(demo, mode):
    store, sitting, _state = demo
    for name, paper in _papers(store, sitting.id, mode).items():
        assert paper.missing == (), (name, paper.missing)


def test_russian_demo_papers_hold_no_kazakh_but_names(demo):
    store, sitting, state = demo
    names = [m.name for m in state.members] + [a.name for a in state.attendance.values()]
    names.append(paper_settings(store).registrar_name)
    words = {w.strip("«»,.;:()-") for n in names for w in n.replace("-", " ").split()}
    for name, paper in _papers(store, sitting.id, "ru").items():
        body = text(paper.pdf)
        kazakh = [
            w
            for w in body.replace("-", " ").split()
            if w.strip("«»,.;:()-") not in words and KAZAKH_LETTERS & set(w)
        ]
        assert kazakh == [], (name, kazakh[:10])


def test_demo_names_the_akim_reporters_and_the_commission(demo):
    store, sitting, state = demo
    body = text(issue.render_protocol(store, sitting.id, "kk").pdf)
    assert "Жиналысты ашқан — Жұмабеков Ерлан Асқарұлы, Қарағайлы ауылдық округінің әкімі" in body
    assert "Баяндамашы — Жұмабекова Айгүл Маратқызы, Іле ауданы қаржы бөлімінің бас маманы." in body
    # Who actually reported is the reporter the agenda names.
    heard = body.split("1. 2027 жылға арналған", 2)[2].split("СӨЙЛЕДІ:")[0]
    assert "Жұмабекова Айгүл Маратқызы, Іле ауданы қаржы бөлімінің бас маманы:" in heard
    commission = [state.member_index[pid].name for pid in list(state.member_index)[13:16]]
    decision = body.split("мынадай құрамда құрылсын:", 1)[1]
    assert all(name in decision for name in commission)
    # The extension names whose speech it was.
    assert "Сөйлеу уақытын ұзарту (сөйлеуші —" in body
