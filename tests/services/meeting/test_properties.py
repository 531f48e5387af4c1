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
from zhoob_desktop.services.meeting.rules import resolve_readings, resolve_sources, resolve_values

N = 8
IDS = [str(uuid.UUID(int=i + 1)) for i in range(N)]
MEMBERS = [{"id": pid, "name": f"M{i}", "iin": None} for i, pid in enumerate(IDS)]
START = datetime(2026, 11, 20, 5, 0, tzinfo=UTC)
NAMES = [
    "register", "register_guest", "depart", "excuse_member", "announce_registration", "open", "elect", "propose_item",
    "vote_item", "approve_agenda", "start_item", "end_item", "add_speaker", "start_speech", "pause_speech",
    "resume_speech", "stop_speech", "extend_speech", "break", "resume", "decision_text", "vote",
    "casting_vote", "undo", "close", "written_question", "announce_question", "acknowledge",
]  # fmt: skip

# Weighted so that random sequences reach speeches, votes and ties often, and close rarely.
WEIGHTED = (
    NAMES + ["add_speaker", "start_speech", "stop_speech", "vote", "casting_vote", "resume", "depart"] * 3
)
KINDS = ("meeting", "gathering", "separate_gathering")

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
    if k == 3 and ag % 2:  # an even split of the members present, so ties at exactly half are reached
        half = state.present_count // 2
        votes = {"for": half, "against": half, "abstain": 0}
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
        role = ("chair", "secretary", "acting_chair", "secretary")[k]
        fields = {"role": role, "person": _person(state, p), **votes}
        if flag:
            fields["reason"] = "Left the hall"
    elif name == "propose_item":
        fields = {"title": f"Item {p}", "kind": "execution_of_decisions" if flag else "other"}
    elif name in ("vote_item", "start_item"):
        fields = {"item": items[p % len(items)]}
        if name == "vote_item":
            fields.update(votes)
    elif name == "add_speaker":
        kinds = ["report", "debate", "question", "debate", "co_report", "procedural", "clarification"]
        fields = {"person": _person(state, p), "kind": kinds[(k + f) % len(kinds)]}
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
    elif name == "written_question":
        fields = {"author": _person(state, p), "text": f"Question {f}"}
    elif name in ("announce_question", "acknowledge"):
        questions = [q.id for q in state.questions] or ["Q?"]
        fields = {"question": questions[p % len(questions)]}
        if name == "acknowledge":
            fields = {"item": items[p % len(items)]} if flag else fields
            fields["reason"] = "Not reached"
    return Command(name, fields)


def _open_payload(sid: str, kind: str = "meeting", open_decisions: bool = False) -> dict:
    return {
        "sitting": sid,
        "kind": kind,
        "members": MEMBERS,
        "rules": resolve_values(),
        "readings": resolve_readings(),
        "sources": resolve_sources(None, START.date()),
        "open_decisions": (
            [{"sitting": "s0", "held_on": "2026-08-14", "item": "Lights", "vote": "V9"}]
            if open_decisions
            else []
        ),
        "agenda": [{"id": "D1", "title": "Budget", "kind": "budget_draft"}]
        + (
            [{"id": "D2", "title": "Earlier decisions", "kind": "execution_of_decisions"}]
            if open_decisions
            else []
        ),
        "at": START.isoformat(),
    }


def _bootstrap(level: int, items=("D1",)) -> list[Command]:
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
        out += [Command("vote_item", {"item": item, "for": 6}) for item in items]
        out += [
            Command("approve_agenda", {}),
            Command("start_item", {"item": "D1"}),
        ]
    return out


def _run(actions, level, kind="meeting", open_decisions=False):
    sid = str(uuid.uuid4())
    ev = make_event(sid, 1, "OPEN", _open_payload(sid, kind, open_decisions), actor="", recorded_at=START.isoformat(),
                    key="open", command_hash="", prev_hash=GENESIS)  # fmt: skip
    events, state = [ev], fold([ev])
    accepted: list[tuple[Command, datetime]] = []
    now = START
    items = ("D1", "D2") if open_decisions else ("D1",)
    plan = [(c, True) for c in _bootstrap(level, items)] + [(None, a) for a in actions]
    for given_command, a in plan:
        command = given_command or _command(state, a)
        now += timedelta(seconds=7)
        try:
            type_, payload = decide(state, command, now)
        except MeetingError:
            assert given_command is None, f"bootstrap refused: {command}"
            continue
        _before(state, type_, payload)
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


def _before(state, type_: str, payload: dict) -> None:
    """What the state before an accepted event must show."""
    if type_ == "CASTING_VOTE":
        # No casting vote from a chair out of the hall, and none at a gathering (Reg §12, Law art. 39-3).
        assert state.kind == "meeting"
        assert state.present(payload["chair"]) and state.presiding.person_id == payload["chair"]
    if type_ == "OFFICER_VOTE" and payload["subject"] == "acting_chair":
        assert state.chair is not None and not state.present(state.chair.person_id)
    if type_ == "AGENDA_APPROVED" and state.kind == "meeting" and state.open_decisions:
        assert any(it.kind == "execution_of_decisions" and it.status == "included" for it in state.agenda)
    if type_ == "CLOSE" and payload["held"]:
        if state.agenda_approved:
            assert all(it.left_reason for it in state.agenda if it.status == "included")
        assert all(q.announced_at or q.left_reason for q in state.questions)


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
        # No decision adopted with fewer votes for than the base requires; the chair's deciding vote
        # counts as one, and only on an even split of the whole base (Reg §12).
        casting_for = 1 if v.reached_by == "casting_vote" and v.casting_vote == "for" else 0
        if v.adopted:
            assert v.votes_for + casting_for >= v.required
        if v.outcome == "tie" or v.reached_by == "casting_vote":
            assert state.kind == "meeting" and v.subject == "decision"
            assert v.votes_for == v.votes_against and 2 * v.votes_for == v.base_count
        if v.subject == "extension" and v.votes_for == v.votes_against:
            assert v.outcome == "rejected"
    for item in state.agenda:
        for (
            pid
        ) in members:  # the two-speeches limit is the meeting's (Reg §11); no text sets it for a gathering
            assert state.kind != "meeting" or state.speech_count(item.id, pid) <= 2
    assert sum(1 for sp in state.speeches if sp.status == "speaking") <= 1
    assert len([v for v in state.votes if v.outcome == "tie"]) <= 1


@settings(max_examples=int(os.environ.get("ZHOOB_HYPOTHESIS_EXAMPLES", "60")), deadline=None)
@given(st.lists(action, max_size=40), st.integers(0, 3), st.sampled_from(KINDS), st.booleans())
def test_random_sequences_keep_the_invariants(actions, level, kind, open_decisions):
    events, state, _accepted = _run(actions, level, kind, open_decisions)
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


# Ties, the chair leaving and coming back, a member elected to chair in his absence, extensions:
# the sequences that decide whether a casting vote is lawful, drawn densely.
tie_action = st.tuples(
    st.sampled_from(
        [
            "vote",
            "vote",
            "casting_vote",
            "depart_chair",
            "return_chair",
            "elect_acting",
            "depart",
            "register",
            "extend",
            "end_item",
            "start_item",
        ]
    ),  # fmt: skip
    st.integers(0, 8),
    st.integers(0, 8),
    st.integers(0, 3),
    st.booleans(),
)


def _tie_command(state, a) -> Command:
    name, x, y, z, flag = a
    present = state.present_count
    if flag:  # an even split of everyone present, the only tie a casting vote may decide at a meeting
        x = y = present // 2
        z = 0
    total = x + y + z
    if total > present:  # keep the counts within the hall, so the rule that decides is the tie rule
        x, y, z = min(x, present), min(y, max(0, present - min(x, present))), 0
    votes = {"for": x, "against": y, "abstain": z}
    chair = state.chair.person_id if state.chair else IDS[0]
    if name == "vote":
        return Command("vote", {"item": state.current_item or "D1", "text": "T", **votes})
    if name == "casting_vote":
        return Command("casting_vote", {"choice": "for" if flag else "against"})
    if name == "depart_chair":
        return Command("depart", {"person": chair})
    if name == "return_chair":
        return Command("register", {"member": chair})
    if name == "elect_acting":
        votes = {"for": present, "against": 0, "abstain": 0} if flag else votes
        return Command("elect", {"role": "acting_chair", "person": IDS[1 + x % (N - 1)], **votes})
    if name == "depart":
        return Command("depart", {"person": IDS[1 + x % (N - 1)]})
    if name == "register":
        return Command("register", {"member": IDS[x % N]})
    if name == "extend":
        speeches = [sp.id for sp in state.speeches if sp.status in ("speaking", "paused")]
        if not speeches:
            return Command("add_speaker", {"person": IDS[2 + x % (N - 2)], "kind": "debate"})
        return Command("extend_speech", {"speech": speeches[-1], "seconds": 60, **votes})
    if name == "start_item":
        queued = [sp.id for sp in state.speeches if sp.status == "queued"]
        return (
            Command("start_speech", {"speech": queued[-1]})
            if queued
            else Command("start_item", {"item": "D1"})
        )
    return Command(name, {})


@settings(max_examples=int(os.environ.get("ZHOOB_HYPOTHESIS_EXAMPLES", "60")), deadline=None)
@given(st.lists(tie_action, max_size=30), st.sampled_from(KINDS))
def test_ties_and_the_chair_out_of_the_hall(actions, kind):
    sid = str(uuid.uuid4())
    ev = make_event(sid, 1, "OPEN", _open_payload(sid, kind), actor="", recorded_at=START.isoformat(), key="open",
                    command_hash="", prev_hash=GENESIS)  # fmt: skip
    events, state = [ev], fold([ev])
    now = START
    plan: list = [*_bootstrap(3), *actions]
    for step in plan:
        command = step if isinstance(step, Command) else _tie_command(state, step)
        now += timedelta(seconds=7)
        try:
            type_, payload = decide(state, command, now)
        except MeetingError:
            assert not isinstance(step, Command), f"bootstrap refused: {command}"
            continue
        _before(state, type_, payload)
        nxt = make_event(sid, state.seq + 1, type_, payload, actor="", recorded_at=payload["at"],
                         key=f"k{len(events)}", command_hash=command.fingerprint(), prev_hash=events[-1].hash)  # fmt: skip
        events.append(nxt)
        state = apply(state, nxt, events)
        _invariants(state)
    assert fold(events) == state
