"""Kill a process running a scripted sitting at random points; nothing acknowledged may be lost.

Each cycle forks a child that opens its own engine, reopens the sitting and
goes on with the script from where the journal stands, reporting every
acknowledged key through a pipe after ``execute`` returned (i.e. after the
commit). The parent kills it with SIGKILL after a random delay, then checks
that every acknowledged event is in the journal, that the chain verifies and
that the sitting folds. At the end the journal must be identical, hash for
hash, to an uninterrupted run. ZHOOB_CRASH_CYCLES raises the count (default 100).
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time

import pytest

from zhoob_desktop.models.db import make_engine, sqlite_url
from zhoob_desktop.services.meeting import (
    create_sitting,
    journal_events,
    load_state,
    start_sitting,
    verify_chain,
)
from zhoob_desktop.services.meeting.commands import decide
from zhoob_desktop.services.meeting.engine import execute
from zhoob_desktop.services.meeting.fold import apply, fold
from zhoob_desktop.services.meeting.journal import make_event
from zhoob_desktop.services.store import Store

from .crash_script import BASE, StepClock, long_meeting, members

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

CYCLES = int(os.environ.get("ZHOOB_CRASH_CYCLES", "100"))


def _fresh_store(data_dir) -> Store:
    """A store on its own engine (no lock, no migration check): what a restarted program sees."""
    from zhoob_desktop.services.security import access

    key = access.unlock(data_dir, access.Credentials.from_env()).data_key
    return Store(data_dir, make_engine(sqlite_url(data_dir / "zhoob.sqlite"), key=key), None, key=key)


def _child(data_dir, sitting_id, script, write_fd) -> None:
    try:
        store = _fresh_store(data_dir)
        state = load_state(store, sitting_id)
        os.write(write_fd, b"READY\n")
        clock = StepClock()
        for n in range(state.seq - 1, len(script)):  # one event per command after OPEN
            clock.at(n)
            execute(store, sitting_id, script[n], clock=clock)
            os.write(write_fd, f"{script[n].key}\n".encode())
        os.write(write_fd, b"DONE\n")
        os._exit(0)
    except BaseException as exc:  # pragma: no cover - reported to the parent
        os.write(write_fd, f"ERROR {exc!r}\n".encode())
        os._exit(1)


def _run_cycle(data_dir, sitting_id, script, delay: float, wait_ready: bool) -> tuple[list[str], bool]:
    """One child, killed ``delay`` seconds after it reopened the sitting (or after the fork)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_fd)
        _child(data_dir, sitting_id, script, write_fd)
    os.close(write_fd)
    chunks = []
    if wait_ready:
        while b"READY" not in b"".join(chunks):
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    time.sleep(delay)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    lines = b"".join(chunks).decode().split("\n")
    errors = [line for line in lines if line.startswith("ERROR")]
    assert not errors, errors
    acked = [line for line in lines if line and line not in ("DONE", "READY")]
    # a line cut by the kill is not an acknowledgement the parent relied on
    complete = [k for k in acked if k.startswith("c") and k[1:].isdigit()]
    return complete, "DONE" in lines


def _reference_last_hash(open_event, script) -> str:
    """The same script with no interruption, in memory."""
    events = [open_event]
    state = fold(events)
    clock = StepClock()
    for n, command in enumerate(script):
        clock.at(n)
        now = clock()
        type_, payload = decide(state, command, now)
        ev = make_event(
            open_event.sitting_id,
            state.seq + 1,
            type_,
            payload,
            actor=command.actor,
            recorded_at=payload["at"],
            key=command.key,
            command_hash=command.fingerprint(),
            prev_hash=events[-1].hash,
        )
        events.append(ev)
        state = apply(state, ev, events)
    return state.last_hash


def test_killed_at_random_points_loses_nothing_acknowledged(store, data_dir):
    script = long_meeting(items=max(60, CYCLES // 2), rounds=10)  # long enough not to end early
    info = create_sitting(store, kind="meeting", scheduled_on=BASE.date(), place="Club")
    start_sitting(store, info.id, members=members(40), clock=lambda: BASE)
    store.engine.dispose()  # no connection crosses the fork
    rng = random.Random(int(os.environ.get("ZHOOB_CRASH_SEED", "1106")))
    acknowledged: set[str] = set()
    done = False
    started = time.monotonic()
    for cycle in range(CYCLES):
        # mostly while commands run; sometimes while the child is still reopening the sitting
        wait_ready = rng.random() < 0.85
        delay = rng.uniform(0.0, 0.03)
        acked, done = _run_cycle(data_dir, info.id, script, delay, wait_ready)
        acknowledged.update(acked)
        check = _fresh_store(data_dir)
        try:
            keys = {ev.key for ev in journal_events(check, info.id)}
            missing = acknowledged - keys
            assert not missing, f"cycle {cycle}: acknowledged but lost: {sorted(missing)[:5]}"
            report = verify_chain(check, info.id)
            assert report.ok, f"cycle {cycle}: {report.message()}"
            assert load_state(check, info.id).seq == report.events
        finally:
            check.engine.dispose()
        if done:
            break
    assert cycle + 1 == CYCLES or done
    # finish what is left, then the journal must be the uninterrupted one, hash for hash
    final = _fresh_store(data_dir)
    try:
        state = load_state(final, info.id)
        clock = StepClock()
        for n in range(state.seq - 1, len(script)):
            clock.at(n)
            state = execute(final, info.id, script[n], clock=clock)
        assert state.phase == "closed" and len(state.decisions()) > 0
        events = journal_events(final, info.id)
        assert state.last_hash == _reference_last_hash(events[0], script)
    finally:
        final.engine.dispose()
    print(
        f"crash test: {cycle + 1} kills, {len(acknowledged)} acknowledged events, "
        f"{time.monotonic() - started:.1f} s",
        file=sys.stderr,
    )
