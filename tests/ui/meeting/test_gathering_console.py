"""The live console of a gathering speaks the gathering's rules: the Law (art. 39-3) or the Model Rules
of separate gatherings, never the meeting's Model Regulation; what no text of a gathering sets (the
limit of two speeches, the time for speeches, written questions) is not held against it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from tests.ui.meeting.conftest import DAY, add_people, start_sitting
from tests.ui.meeting.console_script import to_first_item
from zhoob_desktop.services import i18n
from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.meeting import console as C
from zhoob_desktop.ui.meeting.clock import ManualClock
from zhoob_desktop.ui.meeting.console import LiveConsole

REGULATION = ("Model Regulation", "Үлгі регламент", "Типовой регламент")


def _console(qtbot, store, kind):
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    residents = add_people(store)
    agenda = [{"title": "Көше жарығы", "kind": "other"}, {"title": "Жайылым", "kind": "other"}]
    if kind == "separate_gathering":  # the gathering of one street: its residents
        from zhoob_desktop.services.meeting import create_sitting
        from zhoob_desktop.services.meeting import start_sitting as begin
        from zhoob_desktop.services.register import structure

        (village,) = structure.list_settlements(store, with_counts=False)
        (street,) = structure.list_streets(store, village.id)
        info = create_sitting(store, kind=kind, scheduled_on=DAY, place="Ауылдық клуб", agenda=agenda,
                              territory_kind="street", territory_id=street.id, territory_name=street.name)  # fmt: skip
        roster = [{"id": str(m.id), "name": f"{m.surname} {m.given_name}", "iin": m.iin} for m in residents]
        begin(store, info.id, members=roster, clock=lambda: datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
        sitting = str(info.id)
    else:
        sitting = start_sitting(store, residents, kind=kind, agenda=agenda)
    console = LiveConsole(store, Bus(), sitting, ManualClock(datetime(2026, 11, 25, 9, 5, tzinfo=UTC)))
    qtbot.addWidget(console)
    refusals = []
    console.ops.present_error = lambda _w, exc: refusals.append(exc)
    return console, [str(p.id) for p in residents], refusals


def _texts(console) -> list[str]:
    opening, sp, agenda, questions = console.opening, console.speakers, console.agenda, console.questions
    return [
        opening.opened_by_label.text(),
        *(step.status.text() for step in opening.steps),
        sp.limit_button.toolTip(),
        sp.overrun_text.text(),
        agenda.hint.text(),
        questions.heading.text(),
        console.registration.excuse_button.toolTip(),
    ]


@pytest.mark.parametrize("kind", ["gathering", "separate_gathering"])
def test_gathering_console_cites_the_gatherings_own_texts(qtbot, store, kind):
    console, ids, refusals = _console(qtbot, store, kind)
    ops, sp = console.ops, console.speakers
    to_first_item(console, ids, 5)
    console.tabs.setCurrentIndex(C.SPEAKERS_TAB)
    # three speeches of one participant on one item: the meeting's limit of two is not the gathering's
    for _ in range(3):
        sp.person.setEditText("Иванов Пётр")
        sp.kind.setCurrentIndex(sp.kind.findData("debate"))
        assert sp.add_button.isEnabled(), sp.add_button.toolTip()
        qtbot.mouseClick(sp.add_button, Qt.MouseButton.LeftButton)
        ops.run("start_speech", speech=console.state.speeches[-1].id)
        ops.run("stop_speech", speech=console.state.speeches[-1].id)
    assert len(console.state.speeches) == 3 and refusals == []
    citation = "Law art. 39-3" if kind == "gathering" else "Order No. 122"
    for lang in ("en", "kk", "ru"):
        i18n.set_language(lang)
        console.retranslate()
        texts = _texts(console)
        assert not any(reg in text for text in texts for reg in REGULATION), (lang, texts)
        if lang == "en":
            assert citation in console.opening.opened_by_label.text()
            assert citation in console.agenda.hint.text()
            assert "participants present" in console.speakers.overrun_text.text()
            assert "gathering" in console.speakers.limit_button.toolTip()
    i18n.set_language("en")
