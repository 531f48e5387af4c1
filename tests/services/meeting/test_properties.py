"""Property-based tests: random command sequences keep the invariants of a sitting.

The pure layer (decide + fold) runs in memory for many examples; a few more
run through the engine and the database and must give the same state.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhoob_desktop.services.meeting import Command, create_sitting, execute, fold, load_state, verify_chain
from zhoob_desktop.services.meeting.commands import decide
from zhoob_desktop.services.meeting.engine import begin, forget
from zhoob_desktop.services.meeting.errors import MeetingError
from zhoob_desktop.services.meeting.fold import apply, replace
from zhoob_desktop.services.meeting.journal import GENESIS, make_event, verify_events
from zhoob_desktop.services.meeting.rules import resolve_readings, resolve_values

N = 8
IDS = [str(uuid.UUID(int=i + 1)) for i in range(N)]
MEMBERS = [{"id": pid, "name": f"M{i}", "iin": None} for i, pid in enumerate(IDS)]
START = datetime(2026, 11, 20, 5, 0, tzinfo=UTC)
NAMES = [
    "register", "register_guest", "depart", "excuse_member", "announce_registration", "open", "elect", "propose_item",
    "vote_item", "approve_agenda", "start_item", "end_item", "add_speaker", "start_speech", "pause_speech",
    "resume_speech", "stop_speech", "extend_speech", "break", "resume", "decision_text", "vote",
    "casting_vote", "undo", "close",
]  # fmt: skip

# Weighted so that random sequences reach speeches, votes and ties often, and close rarely.
WEIGHTED = NAMES + ["add_speaker", "start_speech", "stop_speech", "vote", "casting_vote", "resume"] * 3

action = st.tuples(
    st.sampled_from(WEIGHTED),
    st.integers(0, N + 1),  # a person: a member, or (N, N+1) a guest
    st.integers(0, 6),
    st.integers(0, 4),
    st.integers(0, 3),
    st.booleans(),
)


def _person(state, i: int) -> str:
    if i < N:
        return IDS[i]
    guests = [a.person_id for a in state.attendance.values() if not a.is_member]
    return guests[i % len(guests)] if guests else "nobody"


def _command(state, a) -> Command:
    name, p, f, ag, k, flag = a
    items = [it.id for it in state.agenda] or ["D1"]
    speeches = [sp.id for sp in state.speeches] or ["S?"]
    fields: dict = {}
    votes = {"for": f, "against": ag, "abstain": k}
    if name == "register":
        fields = {"member": IDS[p % N]}
    elif name == "register_guest":
        fields = {"name": f"Guest {p}", "role": "official"}
    elif name == "depart":
        fields = {"person": _person(state, p)}
    elif name == "excuse_member":
        fields = {"member": _person(state, p), "reason": f"Reason {k}"}
    elif name == "open":
        fields = {"by": "Akim"}
    elif name == "elect":
        fields = {"role": "chair" if flag else "secretary", "person": _person(state, p), **votes}
    elif name == "propose_item":
        fields = {"title": f"Item {p}"}
    elif name in ("vote_item", "start_item"):
        fields = {"item": items[p % len(items)]}
        if name == "vote_item":
            fields.update(votes)
    elif name == "add_speaker":
        kinds = ["report", "debate", "question", "debate"]
        fields = {"person": _person(state, p), "kind": kinds[k]}
    elif name in ("start_speech", "pause_speech", "resume_speech", "stop_speech"):
        fields = {"speech": speeches[-1 - (p % len(speeches))]}
    elif name == "extend_speech":
        fields = {"speech": speeches[-1], "seconds": 60, **votes}
    elif name == "decision_text":
        fields = {"item": state.current_item or items[0], "text": f"Decision {p}"}
    elif name == "vote":
        if flag:
            roll = {
                _person(state, i): ("for", "against", "abstain")[(i + f) % 3] for i in range(p % (N + 2) + 1)
            }
            fields = {"item": state.current_item or items[0], "text": "T", "roll_call": roll}
        else:
            fields = {"item": state.current_item or items[0], "text": "T", **votes}
    elif name == "casting_vote":
        fields = {"choice": "for" if flag else "against"}
    elif name == "undo":
        fields = {"seq": max(1, state.seq - p), "reason": "mistake"}
    return Command(name, fields)


def _open_payload(sid: str) -> dict:
    return {
        "sitting": sid,
        "kind": "meeting",
        "members": MEMBERS,
        "rules": resolve_values(),
        "readings": resolve_readings(),
        "agenda": [{"id": "D1", "title": "Budget", "kind": "budget_draft"}],
        "at": START.isoformat(),
    }


def _bootstrap(level: int) -> list[Command]:
    """A valid prefix reaching deeper phases, so random commands exercise them."""
    out = [Command("register", {"member": pid}) for pid in IDS[:6]][: level * 6]
    if level >= 1:
        out += [Command("announce_registration", {}), Command("open", {"by": "Akim"})]
    if level >= 2:
        out += [
            Command("elect", {"role": "chair", "person": IDS[0], "for": 6}),
            Command("elect", {"role": "secretary", "person": IDS[1], "for": 6}),
        ]
    if level >= 3:
        out += [
            Command("vote_item", {"item": "D1", "for": 6}),
            Command("approve_agenda", {}),
            Command("start_item", {"item": "D1"}),
        ]
    return out


def _run(actions, level):
    sid = str(uuid.uuid4())
    ev = make_event(sid, 1, "OPEN", _open_payload(sid), actor="", recorded_at=START.isoformat(), key="open",
                    command_hash="", prev_hash=GENESIS)  # fmt: skip
    events, state = [ev], fold([ev])
    accepted: list[tuple[Command, datetime]] = []
    now = START
    plan = [(c, True) for c in _bootstrap(level)] + [(None, a) for a in actions]
    for given_command, a in plan:
        command = given_command or _command(state, a)
        now += timedelta(seconds=7)
        try:
            type_, payload = decide(state, command, now)
        except MeetingError:
            assert given_command is None, f"bootstrap refused: {command}"
            continue
        try:
            nxt = make_event(sid, state.seq + 1, type_, payload, actor="", recorded_at=payload["at"],
                             key=f"k{len(events)}", command_hash=command.fingerprint(), prev_hash=events[-1].hash)  # fmt: skip
            new_state = apply(state, nxt, [*events, nxt])
        except MeetingError:
            assert type_ == "CORRECTION"  # the engine refuses such an undo before writing it
            continue
        events.append(nxt)
        state = new_state
        accepted.append((command, now))
        _invariants(state)
    return events, state, accepted


def _invariants(state) -> None:
    members = set(state.member_index)
    assert state.present_count <= state.member_count
    assert set(state.present_member_ids) <= members
    # An excuse is kept only for a member of the list who is not in the hall.
    assert set(state.excused) <= members and not set(state.excused) & set(state.present_member_ids)
    for v in state.votes:
        assert v.present >= state.quorum_required, "a vote without quorum"
        assert v.votes_for + v.votes_against + v.abstained <= v.present
        assert set(v.present_members) <= members and set(v.roll_call) <= set(v.present_members)
        assert v.outcome in ("adopted", "rejected", "tie")
        assert (v.reached_by is None) == (v.outcome == "tie")
    for item in state.agenda:
        for pid in members:
            assert state.debate_count(item.id, pid) <= 2
    assert sum(1 for sp in state.speeches if sp.status == "speaking") <= 1
    assert len([v for v in state.votes if v.outcome == "tie"]) <= 1


@settings(max_examples=int(os.environ.get("ZHOOB_HYPOTHESIS_EXAMPLES", "60")), deadline=None)
@given(st.lists(action, max_size=40), st.integers(0, 3))
def test_random_sequences_keep_the_invariants(actions, level):
    events, state, _accepted = _run(actions, level)
    report = verify_events(state.sitting_id, events)
    assert report.ok and report.last_hash == state.last_hash
    assert fold(events) == state  # incremental == full fold


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(action, max_size=25), st.integers(0, 3))
def test_engine_and_database_agree_with_the_pure_fold(store, actions, level):
    _events, expected, accepted = _run(actions, level)
    info = create_sitting(store, kind="meeting", scheduled_on=START.date())
    begin(store, info.id, _open_payload(str(info.id)), clock=lambda: START)
    state = load_state(store, info.id)
    for command, when in accepted:
        state = execute(store, info.id, command, clock=lambda when=when: when)
    assert verify_chain(store, info.id).ok
    forget(store)
    reloaded = load_state(store, info.id)
    assert reloaded == state
    same = {"sitting_id": "-", "last_hash": "-"}
    assert replace(reloaded, **same) == replace(expected, **same)
