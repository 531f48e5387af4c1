"""Benchmark of the meeting engine: acknowledged commands and reopening a long sitting.

    .venv/bin/python bench/bench_meeting.py [--members 500] [--events 5000]

Builds a sitting of 500 members to 5,000 events through the engine (every
command committed with synchronous=FULL before it returns), timing each
command; then reopens it on a fresh engine (read, verify the whole chain,
fold) several times. A raw sqlite3 INSERT+COMMIT of a similar row with the
same pragmas, measured in the same run, is the baseline for the ratios.
Targets: p95 of an acknowledged command under 15 ms; reopening under 300 ms.
"""

from __future__ import annotations

import argparse
import gc
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench._env import open_bench_store
from zhoob_desktop.models.db import make_engine, sqlite_url
from zhoob_desktop.services.meeting import (
    Command,
    create_sitting,
    execute,
    journal_events,
    load_state,
    start_sitting,
    verify_chain,
)
from zhoob_desktop.services.store import Store

START = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)


def members(n: int) -> list[dict]:
    return [
        {
            "id": f"00000000-0000-4000-8000-{i + 1:012d}",
            "name": f"Мүше {i + 1:04d} Тестұлы",
            "iin": f"{900101300000 + i:012d}",
        }
        for i in range(n)
    ]


def script(n_members: int, n_events: int):
    """Commands of a long sitting: registration, officers, items with speeches, questions and votes."""
    ids = [m["id"] for m in members(n_members)]
    present = ids[: n_members * 4 // 5]
    out: list[dict] = [{"cmd": "register", "member": m} for m in present]
    out += [{"cmd": "register_guest", "name": f"Қонақ {g}", "role": "official"} for g in range(10)]
    out += [
        {"cmd": "announce_registration"},
        {"cmd": "open", "by": "Әкім"},
        {"cmd": "elect", "role": "chair", "person": ids[0], "for": len(present)},
        {"cmd": "elect", "role": "secretary", "person": ids[1], "for": len(present)},
    ]
    items = 80
    for i in range(items):
        out.append({"cmd": "propose_item", "item": f"I{i}", "title": f"Мәселе {i}", "kind": "other"})
        out.append({"cmd": "vote_item", "item": f"I{i}", "for": len(present)})
    out.append({"cmd": "approve_agenda"})
    i = 0
    while i < items:
        block: list[dict] = [{"cmd": "start_item", "item": f"I{i}"}]
        for r in range(14):
            sp = f"S{i}-{r}"
            kind = ("report", "debate", "question", "answer", "debate", "procedural", "co_report")[r % 7]
            block.append(
                {
                    "cmd": "add_speaker",
                    "speech": sp,
                    "person": present[(i * 7 + r) % len(present)],
                    "kind": kind,
                }
            )
            block.append({"cmd": "start_speech", "speech": sp})
            if r % 5 == 0:
                block.append({"cmd": "pause_speech", "speech": sp})
                block.append({"cmd": "resume_speech", "speech": sp})
            if r % 6 == 1:
                block.append({"cmd": "extend_speech", "speech": sp, "seconds": 60, "for": 300, "against": 50})
            block.append({"cmd": "stop_speech", "speech": sp})
            block.append(
                {"cmd": "speech_summary", "speech": sp, "text": "Баяндамашы жол жөндеу туралы айтты."}
            )
        block.append(
            {
                "cmd": "written_question",
                "question": f"Q{i}",
                "author": present[i % len(present)],
                "text": "Қашан?",
                "to": "Әкім",
            }
        )
        block.append({"cmd": "announce_question", "question": f"Q{i}"})
        block.append(
            {"cmd": "decision_text", "item": f"I{i}", "text": f"{i}-мәселе бойынша шешім жобасы келісілсін."}
        )
        if i % 4 == 0:  # an even split of everyone present: the chair decides (Reg §12)
            half = len(present) // 2
            block.append({"cmd": "vote", "item": f"I{i}", "for": half, "against": len(present) - half})
            block.append({"cmd": "casting_vote", "choice": "for"})
        else:
            block.append({"cmd": "vote", "item": f"I{i}", "for": 300, "against": 60, "abstain": 20})
        block.append({"cmd": "end_item"})
        if len(out) + len(block) > n_events - 2 - (items - i):
            break
        out += block
        i += 1
    # The items not reached are recorded as not considered, with the reason (Reg §9), before closing.
    left = [
        {"cmd": "acknowledge", "item": f"I{j}", "reason": "Келесі шақырылымға қалдырылды."}
        for j in range(i, items)
    ]
    while len(out) < n_events - 2 - len(left):  # fill with departures and returns
        m = present[len(out) % len(present)]
        out.append({"cmd": "depart", "person": m})
        if len(out) < n_events - 2 - len(left):
            out.append({"cmd": "register", "member": m})
    out += left
    out.append({"cmd": "close"})
    return [Command.from_json({**c, "key": f"k{n}"}) for n, c in enumerate(out)]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Baseline:
    """Raw sqlite3: one INSERT + COMMIT per row, WAL, synchronous=FULL (the engine's pragmas).

    Timed interleaved with the engine's commands, so both see the same disk and load.
    """

    def __init__(self, folder: Path):
        self.conn = sqlite3.connect(folder / "baseline.sqlite", isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute(
            "CREATE TABLE ev (sitting TEXT, seq INTEGER, payload TEXT, hash TEXT, UNIQUE (sitting, seq))"
        )
        self.seq = 0
        self.times: list[float] = []

    def insert(self, payload: str) -> None:
        self.seq += 1
        t0 = time.perf_counter()
        self.conn.execute("BEGIN")
        self.conn.execute("INSERT INTO ev VALUES (?, ?, ?, ?)", ("s", self.seq, payload, "0" * 64))
        self.conn.execute("COMMIT")
        self.times.append((time.perf_counter() - t0) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--reopen", type=int, default=7, help="reopenings to time")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-meeting-"))
    store = open_bench_store(folder, lock=False)
    info = create_sitting(store, kind="meeting", scheduled_on=START.date(), place="Клуб")
    start_sitting(store, info.id, members=members(args.members), clock=lambda: START)
    commands = script(args.members, args.events)  # plus the OPEN event
    now = [START]

    def clock() -> datetime:
        now[0] += timedelta(seconds=3)
        return now[0]

    times = []
    raw = Baseline(folder)
    gc.collect()
    for command in commands:
        t0 = time.perf_counter()
        state = execute(store, info.id, command, clock=clock)
        times.append((time.perf_counter() - t0) * 1000)
        with store.engine.connect() as conn:  # the row just written, inserted raw right after (untimed read)
            text = conn.exec_driver_sql(
                "SELECT payload FROM sitting_event WHERE sitting_id = ? AND seq = ?", (info.id.hex, state.seq)
            ).scalar()
        raw.insert(text)
    events = journal_events(store, info.id)
    assert len(events) == args.events, len(events)
    assert verify_chain(store, info.id).ok
    store.close(backup=False)

    reopen, reopen_cpu = [], []
    for _ in range(args.reopen):
        fresh = Store(folder, make_engine(sqlite_url(folder / "zhoob.sqlite")), None)
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        state = load_state(fresh, info.id)  # reads, verifies every hash, folds
        reopen.append((time.perf_counter() - t0) * 1000)
        reopen_cpu.append((time.process_time() - c0) * 1000)
        fresh.engine.dispose()
    assert state.phase == "closed" and state.seq == args.events

    base = raw.times

    p50, p95, p99 = (percentile(times, p) for p in (50, 95, 99))
    b50, b95 = percentile(base, 50), percentile(base, 95)
    r_med = statistics.median(reopen)
    print(
        f"sitting: {args.members} members, {len(events)} events, {len(state.votes)} votes, {len(state.speeches)} speeches"
    )
    print(
        f"acknowledged command (check + append + commit with fsync + fold), ms: p50 {p50:.2f}  p95 {p95:.2f}  p99 {p99:.2f}  max {max(times):.2f}"
    )
    print(f"raw sqlite3 INSERT+COMMIT of the same rows, interleaved, ms:      p50 {b50:.2f}  p95 {b95:.2f}")
    print(f"ratio engine/raw: p50 {p50 / b50:.1f}x  p95 {p95 / b95:.1f}x")
    print(
        f"reopen (read + verify chain + fold) of {len(events)} events, ms: median {r_med:.0f}  max {max(reopen):.0f}"
    )
    print(
        f"reopen CPU time (what a busy machine does not inflate), ms: median {statistics.median(reopen_cpu):.0f}"
    )
    print(f"ratio reopen/raw commit p50: {r_med / b50:.0f}x")
    print(
        f"targets: p95 < 15 ms: {'met' if p95 < 15 else 'MISSED'}; reopen < 300 ms: {'met' if max(reopen) < 300 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
