"""The clocks the live console reads: wall time for the journal, a monotonic clock for countdowns.

Countdowns never count timer ticks: the remaining time is computed from the
engine's timestamps and the monotonic clock at every tick, so a late or missed
tick cannot make the displayed time drift. Tests and the benchmark use
``ManualClock`` and move time forward explicitly.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Wall time, timezone-aware UTC (what the journal records)."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps (what countdowns measure with)."""
        ...


class SystemClock:
    """The real clocks of the machine."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class ManualClock:
    """A clock that moves only when told to; wall and monotonic time advance together."""

    def __init__(self, start: datetime | None = None, monotonic_start: float = 1000.0):
        self._wall = start or datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
        self._mono = monotonic_start

    def now(self) -> datetime:
        return self._wall

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        self._wall += timedelta(seconds=seconds)
        self._mono += seconds

    def jump_wall(self, seconds: float) -> None:
        """Move only the wall clock (an operator fixing the system time): countdowns must not jump."""
        self._wall += timedelta(seconds=seconds)
