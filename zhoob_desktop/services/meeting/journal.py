"""The hash-chained journal of a sitting: canonical encoding, hashing, reading, verifying.

Each event's hash is SHA-256 over the canonical encoding (JSON with sorted
keys, no whitespace, UTF-8, non-ASCII kept) of its envelope::

    {"sitting": id, "seq": n, "type": t, "payload": {...}, "actor": a,
     "recorded_at": iso, "key": idempotency key, "command": command hash,
     "prev": hash of event n-1 (64 zeros for the first)}

The first event is OPEN, the last (once the sitting is closed) is CLOSE.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from zhoob_desktop.models.meeting import Sitting, SittingEvent
from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.store import Store

GENESIS = "0" * 64
OPEN_TYPE = "OPEN"
CLOSE_TYPE = "CLOSE"

PROBLEM_HASH = N_("its hash does not match its content")
PROBLEM_PREV = N_("it does not carry the hash of the event before it")
PROBLEM_SEQ = N_("the sequence numbers are not continuous there")
PROBLEM_OPEN = N_("the journal does not begin with an OPEN event")
PROBLEM_AFTER_CLOSE = N_("an event follows the CLOSE event")


def canonical(obj: Any) -> str:
    """Sorted-key compact JSON text (the hashed form; encode as UTF-8)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Event:
    """One journal event as stored (``payload_text`` is exactly what was hashed)."""

    sitting_id: str
    seq: int
    type: str
    payload: Mapping[str, Any]
    actor: str
    recorded_at: str
    key: str
    command_hash: str
    prev_hash: str
    hash: str
    # The canonical payload text as hashed and stored (empty: compute it from ``payload``).
    payload_text: str = field(default="", compare=False, repr=False)

    def canonical_payload(self) -> str:
        return self.payload_text or canonical(self.payload)

    def envelope(self) -> dict[str, Any]:
        return envelope(
            self.sitting_id,
            self.seq,
            self.type,
            self.payload,
            self.actor,
            self.recorded_at,
            self.key,
            self.command_hash,
            self.prev_hash,
        )

    def as_json(self) -> dict[str, Any]:
        """The event as a plain JSON object (for export and bundles)."""
        return {**self.envelope(), "hash": self.hash}


def envelope(
    sitting_id: str,
    seq: int,
    type_: str,
    payload: Mapping[str, Any],
    actor: str,
    recorded_at: str,
    key: str,
    command_hash: str,
    prev_hash: str,
) -> dict[str, Any]:
    return {
        "sitting": sitting_id,
        "seq": seq,
        "type": type_,
        "payload": payload,
        "actor": actor,
        "recorded_at": recorded_at,
        "key": key,
        "command": command_hash,
        "prev": prev_hash,
    }


def event_hash(env: Mapping[str, Any]) -> str:
    return sha256(canonical(env))


def _text_hash(ev: Event, payload_text: str) -> str:
    """``event_hash(ev.envelope())`` built around the canonical payload text (no re-encoding).

    The envelope's keys in sorted order: actor, command, key, payload, prev,
    recorded_at, seq, sitting, type. Equal to the canonical form whenever
    ``payload_text`` is canonical, so a payload text that is not canonical fails.
    """
    d = _dumps
    text = (
        f'{{"actor":{d(ev.actor)},"command":{d(ev.command_hash)},"key":{d(ev.key)},'
        f'"payload":{payload_text},"prev":{d(ev.prev_hash)},"recorded_at":{d(ev.recorded_at)},'
        f'"seq":{int(ev.seq)},"sitting":{d(ev.sitting_id)},"type":{d(ev.type)}}}'
    )
    return sha256(text)


_dumps = json.encoder.encode_basestring  # json.dumps(str, ensure_ascii=False), without the overhead


def make_event(
    sitting_id: str,
    seq: int,
    type_: str,
    payload: Mapping[str, Any],
    *,
    actor: str,
    recorded_at: str,
    key: str,
    command_hash: str,
    prev_hash: str,
) -> Event:
    """A new event with its hash computed."""
    text = canonical(payload)
    payload = json.loads(text)  # normalise (tuples -> lists, exact JSON types)
    ev = Event(sitting_id, seq, type_, payload, actor, recorded_at, key, command_hash, prev_hash, "", text)
    return Event(
        sitting_id,
        seq,
        type_,
        payload,
        actor,
        recorded_at,
        key,
        command_hash,
        prev_hash,
        _text_hash(ev, text),
        text,
    )


@dataclass(frozen=True)
class ChainReport:
    """The result of verifying one journal: sound, or the first bad event and why."""

    sitting_id: str
    events: int
    first_bad_seq: int | None = None
    problem: str | None = None  # a msgid (PROBLEM_*)
    last_hash: str = GENESIS
    closed: bool = False

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None

    def message(self) -> str:
        if self.ok:
            return _("The journal of sitting {sitting} is sound: {count} events, last hash {hash}.").format(
                sitting=self.sitting_id, count=self.events, hash=self.last_hash
            )
        return _("The journal of sitting {sitting} is damaged at event {seq}: {problem}").format(
            sitting=self.sitting_id, seq=self.first_bad_seq, problem=_(self.problem) if self.problem else ""
        )


def verify_events(
    sitting_id: str,
    events: Sequence[Event],
    *,
    payload_texts: Sequence[str] | None = None,
    prev_hash: str = GENESIS,
    first_seq: int = 1,
    closed: bool = False,
) -> ChainReport:
    """Check the chain of events ordered by seq; a ``ChainReport`` naming the first bad one.

    By default the events are a whole journal; ``prev_hash``/``first_seq``
    check a tail appended after an already verified part.
    """
    prev = prev_hash
    for index, ev in enumerate(events):
        expected_seq = first_seq + index
        bad = None
        if ev.seq != expected_seq:
            bad = PROBLEM_SEQ
        elif expected_seq == 1 and ev.type != OPEN_TYPE:
            bad = PROBLEM_OPEN
        elif closed:
            bad = PROBLEM_AFTER_CLOSE
        elif ev.prev_hash != prev:
            bad = PROBLEM_PREV
        elif (
            _text_hash(ev, payload_texts[index] if payload_texts is not None else ev.canonical_payload())
            != ev.hash
        ):
            bad = PROBLEM_HASH
        if bad is not None:
            return ChainReport(sitting_id, first_seq - 1 + len(events), expected_seq, bad, prev)
        prev = ev.hash
        closed = ev.type == CLOSE_TYPE
    return ChainReport(sitting_id, first_seq - 1 + len(events), None, None, prev, closed)


_COLUMNS = (
    SittingEvent.seq,
    SittingEvent.type,
    SittingEvent.payload,
    SittingEvent.actor,
    SittingEvent.recorded_at,
    SittingEvent.idempotency_key,
    SittingEvent.command_hash,
    SittingEvent.prev_hash,
    SittingEvent.hash,
)


def read_rows(conn: Connection, sitting_id: uuid.UUID, after_seq: int = 0) -> tuple[list[Event], list[str]]:
    """Events of a sitting after ``after_seq`` (ordered), with their stored payload texts."""
    rows = conn.execute(
        select(*_COLUMNS)
        .where(SittingEvent.sitting_id == sitting_id, SittingEvent.seq > after_seq)
        .order_by(SittingEvent.seq)
    ).all()
    sid = str(sitting_id)
    events = [
        Event(sid, r[0], r[1], json.loads(r[2]), r[3], r[4], r[5], r[6], r[7], r[8], r[2]) for r in rows
    ]
    return events, [r[2] for r in rows]


def journal_events(store: Store, sitting_id: uuid.UUID | str) -> list[Event]:
    """Every event of a sitting's journal, in order (as stored, unverified)."""
    with store.engine.connect() as conn:
        events, _texts = read_rows(conn, _uuid(sitting_id))
    return events


def verify_chain(store: Store, sitting_id: uuid.UUID | str) -> ChainReport:
    """Verify a sitting's journal: hashes, links, order, OPEN first, nothing after CLOSE.

    A started sitting (status not ``prepared``) whose journal is empty is damaged at event 1.
    """
    sid = _uuid(sitting_id)
    with store.engine.connect() as conn:
        events, texts = read_rows(conn, sid)
        status = conn.execute(select(Sitting.status).where(Sitting.id == sid)).scalar()
    if not events and status not in (None, "prepared"):
        return ChainReport(str(sid), 0, 1, PROBLEM_OPEN)
    return verify_events(str(sid), events, payload_texts=texts)


def insert_event(conn: Connection, sitting_id: uuid.UUID, ev: Event) -> None:
    conn.execute(
        SittingEvent.__table__.insert(),
        {
            "id": uuid.uuid4(),
            "sitting_id": sitting_id,
            "seq": ev.seq,
            "type": ev.type,
            "payload": ev.canonical_payload(),
            "actor": ev.actor,
            "recorded_at": ev.recorded_at,
            "idempotency_key": ev.key,
            "command_hash": ev.command_hash,
            "prev_hash": ev.prev_hash,
            "hash": ev.hash,
        },
    )


def _uuid(value: uuid.UUID | str) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def events_from_json(objs: Iterable[Mapping[str, Any]]) -> list[Event]:
    """Events from their exported JSON form (``Event.as_json``), e.g. from a bundle."""
    return [
        Event(
            str(o["sitting"]),
            int(o["seq"]),
            o["type"],
            o["payload"],
            o.get("actor", ""),
            o["recorded_at"],
            o["key"],
            o["command"],
            o["prev"],
            o["hash"],
        )
        for o in objs
    ]


def journal_problems(store: Store) -> list[str]:
    """One translated line per damaged journal (every started sitting is verified)."""
    with store.engine.connect() as conn:
        ids = conn.execute(select(Sitting.id).where(Sitting.status != "prepared")).scalars().all()
    problems = []
    for sid in ids:
        report = verify_chain(store, sid)
        if not report.ok:
            problems.append(report.message())
    return problems
