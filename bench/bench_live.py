"""Live console figures: registration latency with 50,000 residents, countdown drift.

    .venv/bin/python bench/bench_live.py [--sizes 50000,200000] [--members 300] [--span 600] [--speed 20] [--quick]

1. Registration, at a meeting of ``--members`` and at a gathering of the whole
   community (every adult of a register of each size, bench/fixture.py): type
   each person's IIN into the desk key by key (candidates shown after each),
   press Enter, until the present count on screen shows them (journal
   committed, state folded, models updated). Wall and CPU p50/p95 against raw
   sqlite3 baselines in the same run: for a keystroke, the desk's own search
   statement (the one the register chose, stopping at 20 candidates) without
   the program around it (choosing it, SQLAlchemy, the candidate list widget);
   for Enter, an indexed IIN lookup plus an INSERT committed with
   synchronous=FULL (without the journal's hash chain, the state and the screen).
   Targets: keystroke p95 < 30 ms at the gathering, Enter p95 < 50 ms.
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
from datetime import UTC, date, datetime, timedelta
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
        f"{percentile(lateness, 95) * 1000:.0f} ms, max {max(lateness) * 1000:.0f} ms (simulated)"
    )
    print(
        f"  end: countdown {shown_remaining:.3f} s, truth {allowed - true_elapsed:.3f} s, "
        f"drift {abs(shown_remaining - (allowed - true_elapsed)) * 1000:.1f} ms"
    )
    print(
        f"  naive tick counter: elapsed {naive['elapsed']:.1f} s vs true {true_elapsed:.1f} s, "
        f"drift {(true_elapsed - naive['elapsed']) * 1000:.0f} ms"
    )


def _type(widget, text: str) -> None:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def _enter(widget) -> None:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(
            widget, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
        )


TODAY = date(2026, 11, 25)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _timed(fn) -> tuple[float, float]:
    """(wall, CPU of this thread) seconds of one call."""
    cpu, wall = time.thread_time(), time.perf_counter()
    fn()
    return time.perf_counter() - wall, time.thread_time() - cpu


def _p(values: list[float], p: float) -> str:
    return f"{percentile(values, p) * 1000:.1f}"


def bench_registration(folder: Path, members: int, registrations: int, gathering: bool) -> None:
    """Type each member's IIN into the desk, press Enter, until the count on screen is updated."""
    import random

    from bench._env import open_bench_store, raw_connect
    from bench.fixture import sql_of
    from zhoob_desktop.services.meeting import create_sitting, start_sitting
    from zhoob_desktop.services.register import finder
    from zhoob_desktop.services.register.membership import _checkin_rows, adult_cutoff, list_members
    from zhoob_desktop.services.register.search import prefix_bounds
    from zhoob_desktop.ui.bus import Bus
    from zhoob_desktop.ui.meeting.clock import SystemClock
    from zhoob_desktop.ui.meeting.console import LiveConsole

    rng = random.Random(11)
    store = open_bench_store(folder, lock=False)
    adults = list_members(store, TODAY)
    if gathering:
        info = create_sitting(store, kind="gathering", scheduled_on=TODAY, place="Club")
        start_sitting(store, info.id)  # the whole community is the list
        chosen = rng.sample(adults, registrations)
    else:
        roster = rng.sample(adults, members)
        info = create_sitting(store, kind="meeting", scheduled_on=TODAY, place="Club")
        start_sitting(
            store, info.id, members=[{"id": str(m.id), "name": m.full_name, "iin": m.iin} for m in roster]
        )
        chosen = roster[:registrations]
    console = LiveConsole(store, Bus(), str(info.id), SystemClock())
    console.ops.present_error = lambda _w, exc: print("refused:", exc.message())
    console.show()
    desk = console.registration
    members_on_list = console.state.member_count
    keystroke: list[tuple[float, float]] = []
    enter: list[tuple[float, float]] = []
    for n, member in enumerate(chosen, start=1):
        desk.search.clear()
        for ch in member.iin:
            keystroke.append(_timed(lambda ch=ch: _type(desk.search, ch)))
        enter.append(_timed(lambda: (_enter(desk.search), QApplication.processEvents())))
        if desk.count.text() != f"{n} / {members_on_list}":
            raise SystemExit(f"the count did not follow: {desk.count.text()} after {n}")
    # raw baselines on a bare sqlite3 connection: the desk's own search statement for each keystroke
    # (the one the register chose: index walked or merged, stopping at 20), and for Enter the IIN
    # lookup plus one committed insert with synchronous=FULL
    raw = raw_connect(folder / "zhoob.sqlite", store.key, isolation_level=None)
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("CREATE TABLE IF NOT EXISTS raw_checkin (seq INTEGER PRIMARY KEY, person TEXT, at TEXT)")
    filters = finder.Filters(member=True, on=TODAY, cutoff=adult_cutoff(TODAY, 18))
    raw_key: list[tuple[float, float]] = []
    raw_enter: list[tuple[float, float]] = []
    with store.engine.connect() as conn:
        for member in chosen[:50]:
            for n in range(1, len(member.iin) + 1):
                page = finder.page_query(conn, finder.terms_of(member.iin[:n]), filters, limit=20)
                sql = sql_of(conn, _checkin_rows(page.statement), page.params)
                raw_key.append(_timed(lambda sql=sql: raw.execute(*sql).fetchall()))

    def raw_register(member) -> None:
        raw.execute(
            "SELECT id, surname FROM resident WHERE iin >= ? AND iin < ? LIMIT 20", prefix_bounds(member.iin)
        ).fetchall()
        raw.execute("BEGIN")
        raw.execute("INSERT INTO raw_checkin (person, at) VALUES (?, datetime('now'))", (str(member.id),))
        raw.execute("COMMIT")

    for member in chosen:
        raw_enter.append(_timed(lambda member=member: raw_register(member)))
    raw.close()
    kind = "gathering (whole community on the list)" if gathering else f"meeting of {members_on_list} members"
    print(f"  {kind}, {len(enter)} registrations by typed IIN + Enter")
    for label, series, raw_series, target in (
        ("keystroke -> candidates shown", keystroke, raw_key, "30" if gathering else None),
        ("Enter -> journal committed, count on screen", enter, raw_enter, "50"),
    ):
        wall, cpu = [w for w, _c in series], [c for _w, c in series]
        raw_wall, raw_cpu = [w for w, _c in raw_series], [c for _w, c in raw_series]
        line = (f"  {label}: p50 {_p(wall, 50)} ms wall {_p(cpu, 50)} ms CPU, p95 {_p(wall, 95)} ms wall "
                f"{_p(cpu, 95)} ms CPU; raw p95 {_p(raw_wall, 95)} ms wall {_p(raw_cpu, 95)} ms CPU, "
                f"x{percentile(cpu, 95) / percentile(raw_cpu, 95):.1f} CPU")  # fmt: skip
        if target:
            met = percentile(cpu, 95) * 1000 < float(target)
            line += f"  [p95 < {target} ms: {'met' if met else 'NOT met'} (CPU)]"
        print(line)
    console.close()
    store.close(backup=False)


def main() -> None:
    import tempfile

    from bench.fixture import build_register

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="50000,200000", help="residents in the register, comma-separated")
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--registrations", type=int, default=200)
    parser.add_argument("--span", type=float, default=600.0, help="simulated seconds of the countdown run")
    parser.add_argument("--speed", type=float, default=20.0)
    parser.add_argument("--skip-registration", action="store_true")
    parser.add_argument(
        "--no-gathering", action="store_true", help="leave out the gathering of the whole community"
    )
    parser.add_argument(
        "--quick", action="store_true", help="5,000 residents, 20 registrations, a short countdown"
    )
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.registrations, args.members, args.span = "5000", 20, 100, 60.0
    QApplication.instance() or QApplication([])
    if not args.skip_registration:
        for size in (int(s) for s in args.sizes.split(",")):
            with tempfile.TemporaryDirectory(prefix="bench-live-") as tmp:
                start = time.perf_counter()
                build_register(Path(tmp), size)
                print(
                    f"registration at the desk, {size} residents (built in {time.perf_counter() - start:.1f} s)"
                )
                bench_registration(Path(tmp), args.members, args.registrations, gathering=False)
                if not args.no_gathering:
                    bench_registration(Path(tmp), args.members, args.registrations, gathering=True)
    bench_countdown(args.span, args.speed)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
