"""The hall screen: follows the console's state and its single countdown; readable at every projector size.

At 1024x768, 1280x720 and 1920x1080 the screen is grabbed (kept as PNGs in
``ZHOOB_FIT_SHOTS`` when set) and its geometry checked: every text fits its
band, no band overlaps another or leaves the screen, the countdown's digits
are the largest thing on it, every colour has a contrast of 7:1 or more on
the black background, a vote's result goes away when the next speech starts.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QRect

from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.meeting import projector as P
from zhoob_desktop.ui.meeting.clock import ManualClock
from zhoob_desktop.ui.meeting.console import LiveConsole
from zhoob_desktop.ui.meeting.countdown import OVER

PROJECTORS = ((1024, 768), (1280, 720), (1920, 1080))
SECONDARY = {"hallHeading", "hallVoteSubject", "hallNeeded"}


def open_console(qtbot, world):
    clock = ManualClock(datetime(2026, 11, 25, 9, 5, tzinfo=UTC))
    console = LiveConsole(world.store, Bus(), world.sitting_id, clock)
    qtbot.addWidget(console)
    console.ops.present_error = lambda _w, exc: (_ for _ in ()).throw(AssertionError(exc.message()))
    return console, clock


def bands(hall) -> list[P.FitText]:
    return [w for w in hall.findChildren(P.FitText) if w.isVisible()]


def check_layout(qtbot, hall, moment: str, tmp_path) -> None:
    """At each projector size: nothing clipped, nothing overlapping, the countdown the biggest text."""
    shots = Path(os.environ.get("ZHOOB_FIT_SHOTS") or tmp_path)
    for w, h in PROJECTORS:
        hall.resize(w, h)
        qtbot.waitUntil(lambda w=w, h=h: hall.size().width() == w and hall.size().height() == h)
        image = hall.grab()
        assert image.save(str(shots / f"hall-{moment}-{w}x{h}.png"))
        shown = bands(hall)
        screen = QRect(0, 0, w, h)
        for band in shown:
            rect = QRect(band.mapTo(hall, band.rect().topLeft()), band.size())
            assert screen.contains(rect), (moment, w, h, band.objectName())
            assert band.fits(), (moment, w, h, band.objectName(), band.text())
            # readable from the back row: the main lines a 24th of the screen's height at least,
            # the secondary ones (okrug, what was voted, what was needed) a 36th
            least = h // 36 if band.objectName() in SECONDARY else h // 24
            assert band.pixel_size() >= min(band.max_px, least), (moment, w, h, band.objectName())
        for a in shown:
            for b in shown:
                ra = QRect(a.mapTo(hall, a.rect().topLeft()), a.size())
                rb = QRect(b.mapTo(hall, b.rect().topLeft()), b.size())
                assert a is b or not ra.intersects(rb), (moment, a.objectName(), b.objectName())
        if hall.clock.isVisible():
            assert hall.clock.pixel_size() == max(b.pixel_size() for b in shown)
            assert hall.clock.pixel_size() >= h // 6  # a clock's digits a sixth of the screen high


def test_contrast_of_every_colour_is_seven_to_one():
    colours = {P.FOREGROUND, P.MUTED, *P.PHASE_COLOURS.values(), *P.OUTCOME_COLOURS.values()}
    assert {c: round(P.contrast(c), 1) for c in colours if P.contrast(c) < 7} == {}
    assert P.contrast("#000000", "#ffffff") == pytest.approx(21)


def test_projector_follows_the_sitting(qtbot, world, tmp_path):
    console, clock = open_console(qtbot, world)
    hall = console.show_projector()
    assert hall.heading.text().startswith("Қарағайлы ауылдық округі")
    ids = [str(p.id) for p in world.residents]
    for pid in ids[:4]:
        console.ops.run("register", member=pid)
    # During registration the head count is the big figure, and the quorum line says it is reached.
    assert hall.clock.isVisible() and hall.clock.text() == "4 / 7"
    assert hall.quorum.text() == "Present: 4 of 7. Quorum 4: reached"
    check_layout(qtbot, hall, "registration", tmp_path)
    ops = console.ops
    ops.run("announce_registration")
    ops.run("open", by="")
    ops.run("elect", role="chair", person=ids[0], **{"for": 4})
    ops.run("elect", role="secretary", person=ids[1], **{"for": 4})
    assert hall.vote_subject.text() == "Election of the secretary: Әбілова Гүлнар"
    assert hall.verdict.text() == "The secretary is elected" and hall.counts.text().startswith("For 4")
    assert not hall.clock.isVisible()
    check_layout(qtbot, hall, "vote", tmp_path)
    for item in console.state.agenda:
        ops.run("vote_item", item=item.id, **{"for": 4})
    ops.run("approve_agenda")
    first = console.state.agenda[0]
    ops.run("start_item", item=first.id)
    assert hall.item.text() == f"Item 1: {first.title}"
    assert not hall.verdict.isVisible()  # a new item: the last vote's result is gone
    ops.run("add_speaker", person=ids[2], kind="procedural")  # two minutes by default
    ops.run("start_speech", speech=console.state.speeches[-1].id)
    assert hall.speaker.text() == "Иванов Пётр — procedural speech"
    qtbot.waitUntil(lambda: hall.clock.text() == "2:00")
    check_layout(qtbot, hall, "speech", tmp_path)
    before = hall.clock.updates
    clock.advance(125)
    qtbot.waitUntil(lambda: hall.clock.text() == "-0:05")
    assert hall.clock.updates == before + 1  # one text, once per displayed second
    assert hall.phase == OVER and hall.clock.colour == P.RED
    ops.run("stop_speech", speech=console.state.speeches[-1].id, reason="overrun")
    assert not hall.clock.isVisible() and not hall.speaker.isVisible()
    # A decision and a tie: the casting vote line is the one citation the hall sees.
    ops.run("decision_text", item=first.id, text="Жол жөнделсін.")
    ops.run("vote", item=first.id, **{"for": 2, "against": 2})
    assert hall.verdict.text() == "The votes are equal" and "Model Regulation §12" in hall.needed.text()
    check_layout(qtbot, hall, "tie", tmp_path)
    ops.run("casting_vote", choice="for")
    assert hall.verdict.text() == "The decision is adopted" and hall.verdict.colour == P.GREEN
    # The next speech clears the result from the screen.
    ops.run("add_speaker", person=ids[3], kind="debate")
    ops.run("start_speech", speech=console.state.speeches[-1].id)
    assert not hall.verdict.isVisible() and hall.clock.isVisible()
    console.close()
    assert console.projector is None


def test_long_titles_shrink_but_stay_whole(qtbot, world, tmp_path):
    """A long item title and a long name are drawn smaller, never cut, at every size."""
    console, _clock = open_console(qtbot, world)
    hall = console.show_projector()
    hall.show_info(
        P.ProjectorInfo(
            okrug="Қарағайлы ауылдық округі",
            sitting="Жергілікті қоғамдастық жиналысы",
            item="Item 3: " + "Ауылдық округтің 2027–2029 жылдарға арналған әлеуметтік-экономикалық даму "
            "бағдарламасының жобасын және оны іске асыру жөніндегі іс-шаралар жоспарын келісу туралы",
            speaker="Жұмабайұлы-Сейітқалиев Нұрмұхаммед-Әбілқайыр Қожахметұлы — speech in the debate",
            present=130,
            members=250,
            required=126,
        )
    )
    check_layout(qtbot, hall, "long", tmp_path)
    console.close()
