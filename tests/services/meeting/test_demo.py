"""The demo okrug's past meeting, and sittings whose members come from the register."""

from __future__ import annotations

from datetime import date

from zhoob_desktop.services.decisions.agenda import with_execution_item
from zhoob_desktop.services.demo import create_demo
from zhoob_desktop.services.meeting import (
    create_sitting,
    list_sittings,
    load_state,
    start_sitting,
    verify_chain,
)
from zhoob_desktop.services.meeting.preparation import earlier_decisions, member_count
from zhoob_desktop.services.meeting.roster import list_roster
from zhoob_desktop.services.register.membership import count_members, list_members


def test_demo_has_one_complete_past_meeting(store):
    create_demo(store, today=date(2026, 11, 25))
    (sitting,) = list_sittings(store)
    assert (
        sitting.kind == "meeting" and sitting.status == "closed" and sitting.scheduled_on < date(2026, 11, 25)
    )
    state = load_state(store, sitting.id)
    assert verify_chain(store, sitting.id).ok
    assert state.member_count == len(list_roster(store, "meeting", sitting.scheduled_on)) == 25
    # The akim, a deputy and an official of the district attend as invited persons (Reg §10).
    assert state.present_count == 20 and len(state.present_guests) == 3  # one left before the tie
    assert state.announcements[0].capacity == "akim" and state.opened_as == "akim"
    assert state.opened_by == "Жұмабеков Ерлан Асқарұлы" and len(state.excused) == 1
    assert state.chair is not None and state.secretary is not None
    outcomes = [(v.outcome, v.reached_by) for _item, v in state.decisions()]
    assert ("adopted", "casting_vote") in outcomes and len(outcomes) == 4
    assert any(sp.stop_reason == "extension_refused" for sp in state.speeches)
    assert state.questions[0].announced_at is not None
    # the next meeting's draft carries the execution of these decisions (Reg §9)
    assert len(earlier_decisions(store, date(2026, 12, 20))) == 4
    day = date(2026, 12, 20)
    agenda = with_execution_item(store, "meeting", day, [{"title": "Жол"}])
    nxt = create_sitting(store, kind="meeting", scheduled_on=day, agenda=agenda)
    assert nxt.agenda_draft[-1].kind == "execution_of_decisions"


def test_gathering_and_separate_gathering_take_members_from_the_register(store):
    create_demo(store, today=date(2026, 11, 25))
    on = date(2026, 12, 1)
    gathering = create_sitting(store, kind="gathering", scheduled_on=on)
    state = start_sitting(store, gathering.id)
    assert state.member_count == count_members(store, on) == member_count(store, gathering)
    assert state.quorum_required == -(-state.member_count // 10)
    street = list_members(store, on)[0].street_id
    separate = create_sitting(
        store, kind="separate_gathering", scheduled_on=on, territory_kind="street", territory_id=street
    )
    state = start_sitting(store, separate.id)
    assert 0 < state.member_count == count_members(store, on, street_id=street) < count_members(store, on)
    assert {m.id for m in state.members} == {str(m.id) for m in list_members(store, on, street_id=street)}


def test_meeting_and_representatives_take_their_rosters(store):
    import uuid

    from zhoob_desktop.services.meeting.roster import add_to_roster, end_membership

    create_demo(store, today=date(2026, 11, 25))
    meeting = create_sitting(store, kind="meeting", scheduled_on=date(2026, 12, 20))
    state = start_sitting(store, meeting.id)
    assert state.member_count == 25 and state.quorum_required == 13
    on = date(2026, 12, 1)
    reps = [
        add_to_roster(store, "representatives", resident_id=uuid.uuid4(), full_name=f"Өкіл {n}", since=on)
        for n in range(5)
    ]
    end_membership(store, reps[0].id, until=date(2026, 12, 10))  # no longer a representative after that
    gathering = create_sitting(
        store, kind="gathering", scheduled_on=date(2026, 12, 15), with_representatives=True
    )
    state = start_sitting(store, gathering.id)
    assert state.member_count == 4 and state.quorum_rule == "quorum.gathering_representatives"
    assert state.quorum_required == 2
