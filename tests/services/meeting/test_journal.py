"""The hash chain: canonical encoding, verification, tampering found, the fold is pure."""

from __future__ import annotations

import hashlib
import json

import pytest

from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting import fold, journal_events, load_state, verify_chain
from zhoob_desktop.services.meeting.engine import forget
from zhoob_desktop.services.meeting.journal import GENESIS, canonical, event_hash


def _sample(drive):
    d = drive(members=6)
    d.on_item(6)
    d("add_speaker", person=d.m[2], kind="report")
    d("start_speech", speech=d.state.speeches[-1].id)
    d("stop_speech", speech=d.state.speeches[-1].id)
    d.counts("vote", 3, 3, item="D1", text="Қаулы жобасы келісілсін.")
    d("casting_vote", choice="for")
    d("end_item")
    d("close")
    return d


def test_canonical_encoding():
    assert canonical({"b": 1, "a": ["ә", 2]}) == '{"a":["ә",2],"b":1}'


def test_chain_links_and_hashes(drive, store):
    d = _sample(drive)
    events = journal_events(store, d.id)
    assert events[0].type == "OPEN" and events[0].prev_hash == GENESIS and events[-1].type == "CLOSE"
    for prev, ev in zip(events, events[1:], strict=False):
        assert ev.prev_hash == prev.hash
    ev = events[3]
    expected = hashlib.sha256(
        json.dumps(ev.envelope(), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    assert ev.hash == expected == event_hash(ev.envelope())
    report = verify_chain(store, d.id)
    assert (
        report.ok and report.closed and report.events == len(events) and report.last_hash == events[-1].hash
    )


def test_fold_is_a_pure_function_of_the_events(drive, store):
    d = _sample(drive)
    events = journal_events(store, d.id)
    assert fold(events) == d.state == fold(list(events))
    assert fold([e for e in events]).decisions()[0][1].reached_by == "casting_vote"


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE sitting_event SET payload = replace(payload, '\"for\":3', '\"for\":4') WHERE seq = {seq}",
        "UPDATE sitting_event SET hash = '" + "f" * 64 + "' WHERE seq = {seq}",
        "UPDATE sitting_event SET actor = 'someone' WHERE seq = {seq}",
        "DELETE FROM sitting_event WHERE seq = {seq}",
    ],
)
def test_tampering_is_found_at_the_first_bad_event(drive, store, tamper):
    d = _sample(drive)
    vote_seq = next(e.seq for e in journal_events(store, d.id) if e.type == "DECISION_VOTED")
    with store.engine.begin() as conn:
        conn.exec_driver_sql(tamper.format(seq=vote_seq))
    report = verify_chain(store, d.id)
    assert not report.ok and report.first_bad_seq == vote_seq, report
    assert str(vote_seq) in report.message()
    forget(store)
    with pytest.raises(E.ChainBroken):
        load_state(store, d.id)


def test_checked_state_reads_once_what_verify_and_load_give(drive, store):
    from zhoob_desktop.services.meeting.engine import checked_state

    d = _sample(drive)
    forget(store)
    report, state = checked_state(store, d.id)
    assert report == verify_chain(store, d.id) and report.ok
    assert state == load_state(store, d.id) == fold(journal_events(store, d.id))
    assert load_state(store, d.id) is state  # kept as the engine's cached state
    vote_seq = next(e.seq for e in journal_events(store, d.id) if e.type == "DECISION_VOTED")
    with store.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE sitting_event SET actor = 'someone' WHERE seq = {vote_seq}")
    report, state = checked_state(store, d.id)
    assert report == verify_chain(store, d.id) and not report.ok and report.first_bad_seq == vote_seq
    assert state is None  # a broken chain is never folded here
