"""The countdown computes time from timestamps and the monotonic clock, not from ticks."""

from __future__ import annotations

from datetime import timedelta

from zhoob_desktop.ui.meeting.clock import ManualClock
from zhoob_desktop.ui.meeting.countdown import (
    AMBER,
    NORMAL,
    OVER,
    Countdown,
    SpeechTiming,
    format_clock,
    phase_of,
)


def test_format_and_phase():
    assert format_clock(300) == "5:00"
    assert format_clock(299.2) == "5:00"
    assert format_clock(0) == "0:00"
    assert format_clock(-0.4) == "-0:01"
    assert format_clock(-75) == "-1:15"
    assert format_clock(3725) == "1:02:05"
    assert phase_of(100, 300) == NORMAL
    assert phase_of(59, 300) == AMBER
    assert phase_of(-1, 300) == OVER


def test_counts_from_journal_timestamps(qtbot):
    clock = ManualClock()
    countdown = Countdown(clock)
    started = clock.now() - timedelta(seconds=40)  # the speech began before the screen read the state
    countdown.follow(SpeechTiming(started, 300, paused_seconds=10))
    assert countdown.remaining() == 270
    clock.advance(30)
    assert countdown.remaining() == 240
    clock.jump_wall(3600)  # the system time is corrected: the countdown does not jump
    assert countdown.remaining() == 240


def test_one_signal_per_displayed_second_and_phases(qtbot):
    clock = ManualClock()
    countdown = Countdown(clock, interval_ms=5)
    seconds, phases = [], []
    countdown.second_changed.connect(seconds.append)
    countdown.phase_changed.connect(phases.append)
    countdown.follow(SpeechTiming(clock.now(), 12))
    qtbot.wait(30)  # several real ticks, the clock did not move: one update only
    assert len(seconds) == 1 and countdown.ticks > 2
    for _ in range(14):
        clock.advance(1)
        qtbot.waitUntil(lambda n=len(seconds): len(seconds) > n, timeout=1000)
    assert countdown.text() == "-0:02"
    assert phases == [NORMAL, AMBER, OVER]


def test_paused_speech_stands_still(qtbot):
    clock = ManualClock()
    countdown = Countdown(clock)
    start = clock.now()
    clock.advance(20)
    countdown.follow(SpeechTiming(start, 60, paused_at=clock.now()))
    clock.advance(100)
    assert countdown.remaining() == 40 and not countdown.timer.isActive()
    countdown.follow(None)
    assert countdown.remaining() is None
