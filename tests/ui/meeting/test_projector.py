"""The hall screen follows the console's state and its single countdown, one label per second."""

from __future__ import annotations

from datetime import UTC, datetime

from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.meeting.clock import ManualClock
from zhoob_desktop.ui.meeting.console import LiveConsole
from zhoob_desktop.ui.meeting.countdown import OVER
from zhoob_desktop.ui.meeting.widgets import DARK_PHASE_COLOURS


def test_projector_follows_the_sitting(qtbot, world):
    clock = ManualClock(datetime(2026, 11, 25, 9, 5, tzinfo=UTC))
    console = LiveConsole(world.store, Bus(), world.sitting_id, clock)
    qtbot.addWidget(console)
    console.ops.present_error = lambda _w, exc: (_ for _ in ()).throw(AssertionError(exc.message()))
    projector = console.show_projector()
    assert projector.okrug.text() == "Қарағайлы ауылдық округі"
    ids = [str(p.id) for p in world.residents]
    for pid in ids[:4]:
        console.ops.run("register", member=pid)
    assert projector.quorum.present == 4 and projector.quorum.reached
    assert "Model Regulation §7" in projector.quorum.caption.text()
    ops = console.ops
    ops.run("announce_registration")
    ops.run("open", by="")
    ops.run("elect", role="chair", person=ids[0], **{"for": 4})
    ops.run("elect", role="secretary", person=ids[1], **{"for": 4})
    assert projector.last_vote.text().startswith("Election of the secretary: Әбілова Гүлнар")
    for item in console.state.agenda:
        ops.run("vote_item", item=item.id, **{"for": 4})
    ops.run("approve_agenda")
    first = console.state.agenda[0]
    ops.run("start_item", item=first.id)
    assert projector.item.text() == f"Item 1: {first.title}"
    ops.run("add_speaker", person=ids[2], kind="procedural")  # two minutes by default
    ops.run("start_speech", speech=console.state.speeches[-1].id)
    assert projector.speaker.text() == "Иванов Пётр — procedural speech"
    qtbot.waitUntil(lambda: projector.clock.text() == "2:00")
    before = projector.clock.updates
    clock.advance(125)
    qtbot.waitUntil(lambda: projector.clock.text() == "-0:05")
    assert projector.clock.updates == before + 1  # one label, once per displayed second
    assert projector.clock.phase == OVER and DARK_PHASE_COLOURS[OVER] in projector.clock.styleSheet()
    ops.run("stop_speech", speech=console.state.speeches[-1].id, reason="overrun")
    assert projector.clock.text() == "" and projector.speaker.text() == ""
    console.close()
    assert console.projector is None
