"""Live console figures: registration latency with 50,000 residents, countdown drift.

    .venv/bin/python bench/bench_live.py [--residents 50000] [--members 300] [--span 30] [--speed 20]

1. Registration: type an IIN or a surname into the desk, press Enter, until the
   present count on screen shows the new member (journal committed, state
   folded, models updated). p50/p95 against a raw sqlite3 baseline (an indexed
   prefix lookup plus an INSERT committed with synchronous=FULL), same run.
2. Countdown: a simulated clock running ``speed`` times faster than real time
   and real QTimer ticks (interval scaled by the same factor) for a 10-minute
   speech; the countdown's error against the simulated truth at every displayed
   second, and the drift of a naive tick-counting countdown beside it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from zhoob_desktop.ui.meeting.countdown import Countdown, SpeechTiming, display_seconds  # noqa: E402


class AcceleratedClock:
    """Simulated time that runs ``speed`` times faster than the machine's monotonic clock."""

    def __init__(self, speed: float):
        self.speed = speed
        self._real0 = time.monotonic()
        self._wall0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return (time.monotonic() - self._real0) * self.speed

    def now(self) -> datetime:
        return self._wall0 + timedelta(seconds=self.monotonic())


def bench_countdown(sim_seconds: float, speed: float) -> None:
    clock = AcceleratedClock(speed)
    interval_ms = max(1, round(100 / speed))  # 100 ms of simulated time per tick
    countdown = Countdown(clock, interval_ms=interval_ms)
    allowed = sim_seconds - 30  # ends 30 s over time, so the overrun is measured too
    start_mono = clock.monotonic()
    errors: list[float] = []
    lateness: list[float] = []
    naive = {"elapsed": 0.0}

    def on_second(remaining: float) -> None:
        truth = allowed - (clock.monotonic() - start_mono)
        errors.append(abs(remaining - truth))
        # how long after the true second boundary the label changed (simulated seconds):
        # "5:00" -> "4:59" flips when the remaining time crosses 299, "-0:00" -> "-0:01" when it crosses 0
        shown = display_seconds(remaining)
        lateness.append(shown - remaining if shown > 0 else shown + 1 - remaining)

    def naive_tick() -> None:
        naive["elapsed"] += interval_ms / 1000 * speed

    countdown.second_changed.connect(on_second)
    countdown.follow(SpeechTiming(clock.now(), allowed))
    naive_timer = QTimer()
    naive_timer.setInterval(interval_ms)
    naive_timer.timeout.connect(naive_tick)
    naive_timer.start()
    loop = QEventLoop()
    QTimer.singleShot(round(sim_seconds / speed * 1000), loop.quit)
    watch = QElapsedTimer()
    watch.start()
    loop.exec()
    naive_timer.stop()
    true_elapsed = clock.monotonic() - start_mono
    shown_remaining = countdown.remaining()
    print(
        f"countdown: {sim_seconds / 60:.1f} simulated minutes at x{speed:g} "
        f"({watch.elapsed() / 1000:.1f} s real), tick {interval_ms} ms real = {interval_ms * speed:.0f} ms simulated"
    )
    print(f"  displayed seconds: {len(errors)}, real ticks: {countdown.ticks}")
    print(
        f"  countdown error vs truth at each update: max {max(errors) * 1000:.1f} ms, "
        f"mean {statistics.mean(errors) * 1000:.1f} ms (simulated)"
    )
    print(
        f"  label lateness after the true second boundary: p95 "
        f"{statistics.quantiles(lateness, n=20)[18] * 1000:.0f} ms, max {max(lateness) * 1000:.0f} ms (simulated)"
    )
    print(
        f"  end: countdown {shown_remaining:.3f} s, truth {allowed - true_elapsed:.3f} s, "
        f"drift {abs(shown_remaining - (allowed - true_elapsed)) * 1000:.1f} ms"
    )
    print(
        f"  naive tick counter: elapsed {naive['elapsed']:.1f} s vs true {true_elapsed:.1f} s, "
        f"drift {(true_elapsed - naive['elapsed']) * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=50_000)
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--registrations", type=int, default=200)
    parser.add_argument("--span", type=float, default=600.0, help="simulated seconds of the countdown run")
    parser.add_argument("--speed", type=float, default=20.0)
    parser.add_argument("--skip-registration", action="store_true")
    args = parser.parse_args()
    QApplication.instance() or QApplication([])
    bench_countdown(args.span, args.speed)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
