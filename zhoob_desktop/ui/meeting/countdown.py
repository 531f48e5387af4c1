"""The speaking countdown: one QTimer, time computed from timestamps, never from ticks.

``SpeechTiming`` is what the journal knows about the running speech (when it
started, how long it may last, how long it was paused). ``Countdown`` anchors
that to the monotonic clock once, when the state is read, and at each tick
computes ``remaining = allowed - elapsed``. A tick that comes late only
delays the repaint; it never shifts the time. The signal ``second_changed``
fires only when the displayed second changes, so listeners repaint one cell
or one label once a second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from zhoob_desktop.ui.meeting.clock import Clock

NORMAL, AMBER, OVER = "normal", "amber", "over"


@dataclass(frozen=True)
class SpeechTiming:
    """The journal's view of one speech's time."""

    started_at: datetime
    allowed_seconds: float
    paused_seconds: float = 0.0
    paused_at: datetime | None = None


def warn_seconds(allowed: float) -> float:
    """When the countdown turns amber: the last fifth of the time, between 10 s and one minute."""
    return min(60.0, max(10.0, allowed * 0.2))


def phase_of(remaining: float, allowed: float) -> str:
    if remaining < 0:
        return OVER
    if remaining <= warn_seconds(allowed):
        return AMBER
    return NORMAL


def display_seconds(remaining: float) -> int:
    """The whole second shown: 4:59.3 left shows 5:00; 0.4 s over shows -0:01."""
    return math.ceil(remaining) if remaining >= 0 else -math.ceil(-remaining)


def format_clock(remaining: float) -> str:
    """``m:ss`` (or ``h:mm:ss``), with a minus sign once the time is over."""
    shown = display_seconds(remaining)
    sign = "-" if shown < 0 else ""
    total = abs(shown)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{seconds:02d}"
    return f"{sign}{minutes}:{seconds:02d}"


class Countdown(QObject):
    """Follows one speech; ``second_changed(remaining)`` on each new displayed second."""

    second_changed = Signal(float)
    phase_changed = Signal(str)

    def __init__(self, clock: Clock, interval_ms: int = 100, parent: QObject | None = None):
        super().__init__(parent)
        self.clock = clock
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.timing: SpeechTiming | None = None
        self._anchor_elapsed = 0.0
        self._anchor_mono = 0.0
        self._shown: int | None = None
        self._phase: str | None = NORMAL
        self.ticks = 0

    def follow(self, timing: SpeechTiming | None) -> None:
        """Follow a speech (or none); called whenever the journal's state is read."""
        if timing == self.timing:
            return
        self.timing = timing
        self._shown = None
        self._phase = None  # a new speech announces its phase on the first tick
        if timing is None:
            self.timer.stop()
            self._phase = NORMAL
            return
        # Anchor once: elapsed at this instant from the journal's timestamps, then monotonic onwards.
        now = self.clock.now() if timing.paused_at is None else timing.paused_at
        self._anchor_elapsed = (now - timing.started_at).total_seconds() - timing.paused_seconds
        self._anchor_mono = self.clock.monotonic()
        if timing.paused_at is None:
            self.timer.start()
        else:
            self.timer.stop()
        self._tick()

    @property
    def running(self) -> bool:
        return self.timing is not None and self.timing.paused_at is None

    def elapsed(self) -> float | None:
        if self.timing is None:
            return None
        if not self.running:
            return self._anchor_elapsed
        return self._anchor_elapsed + (self.clock.monotonic() - self._anchor_mono)

    def remaining(self) -> float | None:
        elapsed = self.elapsed()
        return None if elapsed is None else self.timing.allowed_seconds - elapsed

    def phase(self) -> str:
        return self._phase or NORMAL

    def text(self) -> str:
        remaining = self.remaining()
        return "" if remaining is None else format_clock(remaining)

    def _tick(self) -> None:
        self.ticks += 1
        remaining = self.remaining()
        if remaining is None:
            return
        shown = display_seconds(remaining)
        if shown == self._shown:
            return
        self._shown = shown
        phase = phase_of(remaining, self.timing.allowed_seconds)
        if phase != self._phase:
            self._phase = phase
            self.phase_changed.emit(phase)
        self.second_changed.emit(remaining)
