"""The engine: check a command, append its event, commit (fsync), then answer.

``execute(store, sitting_id, command)`` returns the new ``SittingState`` only
after the event is committed (SQLite WAL with ``synchronous=FULL``), so what
the screen shows as done survives a flat battery. A command repeated with the
same idempotency key returns the state without a second event; the same key
with a different command is refused.

The folded state is cached per (database, sitting) in this process and
checked against the journal's last sequence number and hash on every call, so
another process (or a restart) never sees a stale state.
"""

from __future__ import annotations

import threading
import uuid
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.exc import IntegrityError

from zhoob_desktop.models.meeting import Sitting, SittingEvent
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting.commands import Command, decide, iso, new_key
from zhoob_desktop.services.meeting.fold import CORRECTION, JournalInconsistent, apply, fold
from zhoob_desktop.services.meeting.journal import (
    CLOSE_TYPE,
    GENESIS,
    OPEN_TYPE,
    ChainReport,
    Event,
    insert_event,
    make_event,
    read_rows,
    verify_chain,
    verify_events,
)
from zhoob_desktop.services.meeting.state import SittingState
from zhoob_desktop.services.store import Store

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Live:
    """One sitting's journal and folded state as this process last saw them."""

    sitting_id: uuid.UUID
    events: list[Event] = field(default_factory=list)
    keys: dict[str, Event] = field(default_factory=dict)
    state: SittingState | None = None

    @property
    def seq(self) -> int:
        return self.events[-1].seq if self.events else 0

    @property
    def last_hash(self) -> str:
        return self.events[-1].hash if self.events else GENESIS

    def push(self, ev: Event) -> None:
        self.events.append(ev)
        self.keys[ev.key] = ev
        self.state = apply(self.state, ev, self.events)


# Per engine (one open store), per sitting. A store opened anew re-reads and re-verifies.
_cache: weakref.WeakKeyDictionary[Any, dict[str, _Live]] = weakref.WeakKeyDictionary()
_cache_lock = threading.RLock()


def _cached(store: Store) -> dict[str, _Live]:
    per_store = _cache.get(store.engine)
    if per_store is None:
        per_store = _cache[store.engine] = {}
    return per_store


def _as_uuid(sitting_id: uuid.UUID | str) -> uuid.UUID:
    try:
        return sitting_id if isinstance(sitting_id, uuid.UUID) else uuid.UUID(str(sitting_id))
    except ValueError:
        raise E.SittingNotFound(sitting=str(sitting_id)) from None


def _last(conn: Connection, sid: uuid.UUID) -> tuple[int, str]:
    row = conn.execute(
        select(SittingEvent.seq, SittingEvent.hash)
        .where(SittingEvent.sitting_id == sid)
        .order_by(SittingEvent.seq.desc())
        .limit(1)
    ).first()
    return (0, GENESIS) if row is None else (row[0], row[1])


def _load(conn: Connection, sid: uuid.UUID) -> _Live:
    """Read, verify and fold a whole journal (a broken chain is refused, never folded)."""
    events, texts = read_rows(conn, sid)
    report = verify_events(str(sid), events, payload_texts=texts)
    if not report.ok:
        raise E.ChainBroken(sitting=str(sid), seq=report.first_bad_seq, problem=report.problem or "")
    live = _Live(sid, events, {ev.key: ev for ev in events})
    live.state = fold(events, str(sid))
    return live


def _extend(conn: Connection, live: _Live) -> bool:
    """Bring a cached journal up to date with events appended elsewhere; False if it diverged."""
    events, texts = read_rows(conn, live.sitting_id, after_seq=live.seq)
    closed = bool(live.events) and live.events[-1].type == CLOSE_TYPE
    report = verify_events(
        str(live.sitting_id),
        events,
        payload_texts=texts,
        prev_hash=live.last_hash,
        first_seq=live.seq + 1,
        closed=closed,
    )
    if not events or not report.ok:
        return False
    for ev in events:
        live.push(ev)
    return True


def _current(conn: Connection, store: Store, sid: uuid.UUID) -> _Live:
    """The cached journal, checked against the database's last event (reloaded if needed)."""
    key = str(sid)
    with _cache_lock:
        cache = _cached(store)
        live = cache.get(key)
        seq, last_hash = _last(conn, sid)
        if seq == 0:
            if conn.execute(select(Sitting.id).where(Sitting.id == sid)).first() is None:
                raise E.SittingNotFound(sitting=str(sid))
            raise E.SittingNotStarted(sitting=str(sid))
        if live is not None and live.seq == seq and live.last_hash == last_hash:
            return live
        if live is None or live.seq > seq or not _extend(conn, live) or live.last_hash != last_hash:
            live = _load(conn, sid)
        cache[key] = live
        return live


def forget(store: Store, sitting_id: uuid.UUID | str | None = None) -> None:
    """Drop cached states (all of a store's, or one sitting's): the next call re-reads the journal."""
    with _cache_lock:
        cache = _cached(store)
        if sitting_id is None:
            cache.clear()
        else:
            cache.pop(str(sitting_id), None)


def load_state(store: Store, sitting_id: uuid.UUID | str) -> SittingState:
    """The state of a sitting now: the fold of its verified journal (cached while unchanged)."""
    sid = _as_uuid(sitting_id)
    with store.engine.connect() as conn:
        live = _current(conn, store, sid)
    assert live.state is not None
    return live.state


def checked_state(store: Store, sitting_id: uuid.UUID | str) -> tuple[ChainReport, SittingState | None]:
    """The whole journal verified (as ``verify_chain``) and, when sound, its state, reading it once.

    A paper checks the journal it prints from; this spares it reading and
    verifying the journal a second time to fold it. The state is None when
    the chain is broken or empty (``load_state`` decides then, as before).
    """
    sid = _as_uuid(sitting_id)
    with _cache_lock:
        with store.engine.connect() as conn:
            events, texts = read_rows(conn, sid)
        if not events:
            return verify_chain(store, sid), None  # empty: damaged or not started, as it says
        report = verify_events(str(sid), events, payload_texts=texts)
        if not report.ok:
            return report, None
        cache = _cached(store)
        live = cache.get(str(sid))
        if live is None or live.seq != report.events or live.last_hash != report.last_hash:
            live = _Live(sid, events, {ev.key: ev for ev in events})
            live.state = fold(events, str(sid))
            cache[str(sid)] = live
        assert live.state is not None
        return report, live.state


def execute(
    store: Store,
    sitting_id: uuid.UUID | str,
    command: Command | Mapping[str, Any],
    *,
    clock: Clock = system_clock,
) -> SittingState:
    """Check a command against the rules, append and commit its event, return the new state.

    Raises a ``MeetingError`` (with the citation of the rule) when the command
    is refused; then nothing is written.
    """
    if not isinstance(command, Command):
        command = Command.from_json(command)
    sid = _as_uuid(sitting_id)
    key = command.key or new_key()
    fingerprint = command.fingerprint()
    for attempt in range(2):
        try:
            with _cache_lock, store.engine.begin() as conn:
                live = _current(conn, store, sid)
                seen = live.keys.get(key)
                if seen is not None:
                    if seen.command_hash == fingerprint:
                        assert live.state is not None
                        return live.state
                    raise E.IdempotencyConflict(key=key, seq=seen.seq)
                state = live.state
                assert state is not None
                now = clock()
                type_, payload = decide(state, command, now)
                if type_ == CORRECTION:
                    _check_undo(live, payload)
                ev = make_event(
                    str(sid),
                    live.seq + 1,
                    type_,
                    payload,
                    actor=command.actor,
                    recorded_at=iso(now),
                    key=key,
                    command_hash=fingerprint,
                    prev_hash=live.last_hash,
                )
                if type_ == CORRECTION:
                    _trial_fold(live, ev)
                insert_event(conn, sid, ev)
                if type_ == CLOSE_TYPE:
                    conn.execute(update(Sitting).where(Sitting.id == sid).values(status="closed"))
            # committed (fsync) when the block above exits without error
            live.push(ev)
            assert live.state is not None
            return live.state
        except IntegrityError:
            # Another writer appended first: re-read the journal and decide again.
            forget(store, sid)
            if attempt:
                raise
    raise AssertionError("unreachable")


def execute_batch(
    store: Store,
    sitting_id: uuid.UUID | str,
    commands: list[Command | Mapping[str, Any]],
    *,
    clock: Clock = system_clock,
) -> SittingState:
    """Several commands appended and committed together: all of them, or none.

    For typing in a sitting recorded on paper (``replay``); a live sitting
    uses ``execute`` so that every click is committed on its own.
    """
    cmds = [c if isinstance(c, Command) else Command.from_json(c) for c in commands]
    sid = _as_uuid(sitting_id)
    with _cache_lock, store.engine.begin() as conn:
        live = _current(conn, store, sid)
        events, keys, state = list(live.events), dict(live.keys), live.state
        assert state is not None
        for command in cmds:
            key = command.key or new_key()
            fingerprint = command.fingerprint()
            seen = keys.get(key)
            if seen is not None:
                if seen.command_hash != fingerprint:
                    raise E.IdempotencyConflict(key=key, seq=seen.seq)
                continue
            now = clock()
            type_, payload = decide(state, command, now)
            if type_ == CORRECTION:
                _check_undo(_Live(sid, events), payload)
            ev = make_event(
                str(sid),
                events[-1].seq + 1,
                type_,
                payload,
                actor=command.actor,
                recorded_at=iso(now),
                key=key,
                command_hash=fingerprint,
                prev_hash=events[-1].hash,
            )
            if type_ == CORRECTION:
                _trial_fold(_Live(sid, events), ev)
            insert_event(conn, sid, ev)
            events.append(ev)
            keys[key] = ev
            state = apply(state, ev, events)
            if type_ == CLOSE_TYPE:
                conn.execute(update(Sitting).where(Sitting.id == sid).values(status="closed"))
    live.events, live.keys, live.state = events, keys, state
    return state


def _check_undo(live: _Live, payload: dict[str, Any]) -> None:
    target = live.events[payload["target"] - 1]
    if target.type in (OPEN_TYPE, CLOSE_TYPE, CORRECTION):
        raise E.UndoRefused(seq=target.seq, reason=N_("journal markers and corrections stay as they are."))
    payload["target_type"] = target.type


def _trial_fold(live: _Live, ev: Event) -> None:
    try:
        fold([*live.events, ev], str(live.sitting_id))
    except JournalInconsistent as exc:
        raise E.UndoRefused(seq=ev.payload["target"], reason=exc.message()) from None  # already translated


def begin(
    store: Store,
    sitting_id: uuid.UUID | str,
    open_payload: Mapping[str, Any],
    *,
    clock: Clock = system_clock,
    actor: str = "",
    key: str | None = None,
) -> SittingState:
    """Write the OPEN event that starts a sitting's journal (roster, rules, readings, draft agenda)."""
    sid = _as_uuid(sitting_id)
    payload = dict(open_payload)
    now = clock()
    payload.setdefault("at", iso(now))
    key = key or new_key()
    with _cache_lock, store.engine.begin() as conn:
        if conn.execute(select(Sitting.id).where(Sitting.id == sid)).first() is None:
            raise E.SittingNotFound(sitting=str(sid))
        if _last(conn, sid)[0] != 0:
            raise E.WrongPhase(N_("The journal of this sitting has already been started."))
        ev = make_event(
            str(sid),
            1,
            OPEN_TYPE,
            payload,
            actor=actor,
            recorded_at=iso(now),
            key=key,
            command_hash=Command("begin", {}).fingerprint(),
            prev_hash=GENESIS,
        )
        fold([ev], str(sid))  # a malformed OPEN payload fails here, before anything is written
        insert_event(conn, sid, ev)
        conn.execute(update(Sitting).where(Sitting.id == sid).values(status="live"))
    forget(store, sid)
    return load_state(store, sid)
