"""The engine's rules: quorum, officers, agenda, votes and ties, speeches, idempotency, undo."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from zhoob_desktop.services.meeting import cmd, execute, journal_events
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting import state as S


def test_opening_needs_announcement_and_quorum(drive):
    d = drive(members=10)
    d.register(4)
    with pytest.raises(E.WrongPhase) as err:
        d("open")
    assert err.value.citation == "Model Regulation §7"
    d("announce_registration")
    assert d.state.announcements[-1].quorum_met is False
    with pytest.raises(E.QuorumNotReached) as err:
        d("open")
    assert err.value.citation == "Model Regulation §7"
    assert "4 of 10" in str(err.value) and "at least 5" in str(err.value)
    d("register", member=d.m[4])  # exactly half is enough ("at least half")
    d("open", by="Akim")
    assert d.state.phase == S.OPEN and d.state.opened_by == "Akim"


def test_gathering_quorum_is_ten_percent(drive):
    d = drive(kind="gathering", members=95)  # 10% of 95 is 9.5: ten are needed
    d.register(9)
    d("announce_registration")
    with pytest.raises(E.QuorumNotReached) as err:
        d("open")
    assert err.value.citation == "Law art. 39-3"
    d("register", member=d.m[9])
    d("open")
    assert d.state.quorum_required == 10


def test_gathering_of_representatives_needs_half(drive):
    d = drive(kind="gathering", members=21, with_representatives=True)
    assert d.state.quorum_required == 11
    d.register(10)
    d("announce_registration")
    with pytest.raises(E.QuorumNotReached):
        d("open")


def test_separate_gathering_quorum(drive):
    d = drive(kind="separate_gathering", members=30)
    assert d.state.quorum_rule == "quorum.separate_gathering"
    assert d.state.quorum_required == 3
    d.register(2)
    d("announce_registration")
    with pytest.raises(E.QuorumNotReached) as err:
        d("open")
    # The Model Rules of separate gatherings in force on the sitting's date (citations are data).
    assert err.value.citation == "Order No. 122"
    assert d.state.sources["separate_gatherings"]["code"] == "order_122"


def test_separate_gathering_before_2023_cites_decree_1106(drive):
    d = drive(kind="separate_gathering", members=30, scheduled_on=date(2022, 5, 14))
    d.register(2)
    d("announce_registration")
    with pytest.raises(E.QuorumNotReached) as err:
        d("open")
    assert err.value.citation == "Decree No. 1106"


def test_guests_never_count_nor_vote(drive):
    d = drive(members=4)
    d("register", member=d.m[0])
    for n in range(3):
        d("register_guest", name=f"Guest {n}", role="official", organisation="District akimat")
    d("announce_registration")
    assert d.state.present_count == 1 and len(d.state.present_guests) == 3
    with pytest.raises(E.QuorumNotReached):
        d("open")
    d("register", member=d.m[1])
    d("open")
    guest = d.state.present_guests[0].person_id
    with pytest.raises(E.GuestCannotVote) as err:
        d("elect", role="chair", person=d.m[0], roll_call={d.m[0]: "for", guest: "for"})
    assert err.value.citation == "Model Regulation §10"
    with pytest.raises(E.GuestCannotBeOfficer):
        d.counts("elect", 2, role="chair", person=guest)


def test_unknown_and_unregistered_people(drive):
    d = drive(members=4)
    with pytest.raises(E.NotAMember):
        d("register", member="someone-else")
    d.register(3)
    with pytest.raises(E.AlreadyRegistered):
        d("register", member=d.m[0])
    d("announce_registration")
    d("open")
    with pytest.raises(E.NotRegistered):
        d.counts("elect", 3, role="chair", person=d.m[3])


def test_vote_counts_cannot_exceed_present(drive):
    d = drive(members=10)
    d.register(6)
    d("announce_registration")
    d("open")
    with pytest.raises(E.VoteCountsExceedPresent) as err:
        d.counts("elect", 5, 1, 1, role="chair", person=d.m[0])
    assert err.value.citation == "Model Regulation §12"


def test_officers_elected_by_open_vote_and_required_before_agenda(drive):
    d = drive(members=10)
    d.register(6)
    d("announce_registration")
    d("open")
    with pytest.raises(E.WrongPhase) as err:
        d.counts("vote_item", 6, item="D1")
    assert err.value.citation == "Model Regulation §8"
    with pytest.raises(E.SecretaryBeforeChair) as err:  # the chair first: he puts the secretary to the vote
        d.counts("elect", 6, role="secretary", person=d.m[1])
    assert err.value.citation == "Model Regulation §8" and not d.state.votes
    d.counts("elect", 3, 3, role="chair", person=d.m[0])  # a tie without a chair: not elected
    assert d.state.chair is None and d.state.votes[-1].outcome == S.REJECTED
    d.counts("elect", 4, 2, role="chair", person=d.m[0])
    assert d.state.chair.person_id == d.m[0] and d.state.chair.name == "Member 001"
    with pytest.raises(E.WrongPhase):
        d.counts("elect", 6, role="chair", person=d.m[1])
    d.counts("elect", 6, role="secretary", person=d.m[1])
    assert d.state.secretary.person_id == d.m[1]


def test_agenda_inclusion_counts_all_members_by_default(drive, store):
    d = drive(members=10, agenda=[{"title": "Budget", "kind": "budget_draft"}, {"title": "Roads"}])
    d.opened(6)
    assert d.state.readings["agenda_base"] == "members"
    d.counts("vote_item", 5, 1, item="D1")  # 5 of 10 members: not a majority of all members
    assert d.state.item("D1").status == S.NOT_INCLUDED
    vote = d.state.vote(d.state.item("D1").inclusion_vote)
    assert (vote.base, vote.base_count, vote.required, vote.rule) == ("members", 10, 6, "agenda.inclusion")
    d.counts("vote_item", 6, item="D2")
    assert d.state.item("D2").status == S.INCLUDED
    d("approve_agenda")
    with pytest.raises(E.WrongPhase):
        d("start_item", item="D1")


def test_agenda_inclusion_reading_present(store, drive):
    store.set_setting("meeting.agenda_base", "present")
    d = drive(members=10)
    d.opened(6)
    d.counts("vote_item", 4, 2, item="D1")
    assert d.state.item("D1").status == S.INCLUDED


def test_agenda_items_proposed_amended_withdrawn(drive):
    d = drive(members=6)
    d.opened(6)
    d("propose_item", item="roads", title="Road repairs", kind="other", reporter="Akim", position=1)
    assert [it.id for it in d.state.agenda] == ["roads", "D1"]
    d("amend_item", item="roads", title="Repair of the Abai street road")
    assert d.state.item("roads").title == "Repair of the Abai street road"
    d("propose_item", item="x", title="Something")
    d("withdraw_item", item="x")
    with pytest.raises(E.WrongPhase):
        d("approve_agenda")  # roads and D1 still wait for their vote
    d.counts("vote_item", 6, item="roads")
    d.counts("vote_item", 6, item="D1")
    d("approve_agenda")
    assert d.state.agenda_approved and d.state.item("x").status == S.WITHDRAWN


def test_decision_majority_of_present_and_tie(drive):
    d = drive(members=10)
    d.on_item(8)
    d("decision_text", item="D1", text="Agree the draft budget.")
    d.counts("vote", 4, 2, 2, item="D1")  # 4 of 8 present is not more than half
    v = d.state.votes[-1]
    assert (v.outcome, v.reached_by, v.base, v.base_count, v.required) == (
        "rejected",
        "rule",
        "present",
        8,
        5,
    )
    assert v.rule == "majority.meeting" and v.citation == "Model Regulation §12"
    assert v.present == 8 and v.eligible == 10 and v.not_voted == 0
    # 3-3-2: the chair's vote could not make 5 of 8; not adopted at once, the sitting goes on.
    d.counts("vote", 3, 3, 2, item="D1")
    v = d.state.votes[-1]
    assert (v.outcome, v.reached_by, v.tie_rule) == ("rejected", "rule", "vote.casting_tie")
    assert d.state.pending_tie is None
    d.counts("vote", 4, 4, 0, item="D1")  # exactly half of those present each way
    tie = d.state.pending_tie
    assert tie is not None and tie.reached_by is None and tie.tie_rule == "vote.casting"
    with pytest.raises(E.CastingVotePending):
        d.counts("vote", 8, item="D1")
    with pytest.raises(E.CastingVotePending):
        d("end_item")
    d("casting_vote", vote=tie.id, choice="for")
    v = d.state.vote(tie.id)
    assert (v.outcome, v.reached_by, v.casting_vote) == ("adopted", "casting_vote", "for")
    assert [x[1].id for x in d.state.decisions()] == [tie.id]
    with pytest.raises(E.NoTie):
        d("casting_vote", vote=tie.id, choice="against")


def test_casting_vote_against_rejects(drive):
    d = drive(members=4)
    d.on_item(4)
    d.counts("vote", 2, 2, item="D1", text="Text")
    d("casting_vote", choice="against")
    assert d.state.votes[-1].outcome == "rejected" and d.state.decisions() == ()


def test_majority_readings(store, drive):
    store.set_setting("meeting.majority_base", "voted")
    d = drive(members=10)
    d.on_item(8)
    d.counts("vote", 3, 2, 0, item="D1", text="T")  # 3 of 5 votes cast
    assert d.state.votes[-1].outcome == "adopted" and d.state.votes[-1].base_count == 5
    g = drive(kind="gathering", members=20)  # the Law counts a gathering's participants present
    g.on_item(8)
    g.counts("vote", 3, 2, 0, item="D1", text="T")
    assert g.state.votes[-1].base == "present" and g.state.votes[-1].outcome == "rejected"


def test_roll_call(drive):
    d = drive(members=5)
    d.on_item(5)
    roll = {d.m[0]: "for", d.m[1]: "for", d.m[2]: "for", d.m[3]: "against", d.m[4]: "abstain"}
    d("vote", item="D1", text="T", roll_call=roll)
    v = d.state.votes[-1]
    assert (v.method, v.votes_for, v.votes_against, v.abstained, v.outcome) == (
        "roll_call",
        3,
        1,
        1,
        "adopted",
    )
    assert dict(v.roll_call) == roll


def test_lost_quorum_blocks_voting(drive):
    d = drive(members=10)
    d.on_item(6)
    d("depart", person=d.m[5])
    d("depart", person=d.m[4])
    assert d.state.present_count == 4 and not d.state.quorum_met
    with pytest.raises(E.VotingWithoutQuorum) as err:
        d.counts("vote", 4, item="D1", text="T")
    assert err.value.citation == "Model Regulation §7"
    d("register", member=d.m[4])  # back in the hall
    d.counts("vote", 4, item="D1", text="T")
    assert d.state.votes[-1].outcome == "adopted"
    assert d.state.attendance[d.m[4]].periods[0][1] is not None and d.state.attendance[d.m[4]].present


def test_third_debate_speech_refused_questions_do_not_count(drive):
    d = drive(members=6)
    d.on_item(6)
    for _ in range(2):
        d("add_speaker", person=d.m[2], kind="debate")
        sp = d.state.speeches[-1].id
        d("start_speech", speech=sp)
        d("stop_speech", speech=sp)
    for kind in ("question", "clarification", "answer"):
        d("add_speaker", person=d.m[2], kind=kind)
    for kind in ("debate", "procedural", "co_report"):  # the literal reading counts every speech
        with pytest.raises(E.SpeechLimitReached) as err:
            d("add_speaker", person=d.m[2], kind=kind)
    assert err.value.citation == "Model Regulation §11" and "twice" not in err.value.template
    assert d.state.speech_count("D1", d.m[2]) == 2
    d("add_speaker", person=d.m[3], kind="debate")  # another member may


def test_speech_limit_says_what_was_held_and_what_waits(drive):
    """Spoken once and on the list once more: the refusal says so, not "spoken twice"."""
    d = drive(members=6)
    d.on_item(6)
    d("add_speaker", person=d.m[2], kind="debate")
    d("start_speech", speech=d.state.speeches[-1].id)
    d("stop_speech", speech=d.state.speeches[-1].id)
    d("add_speaker", person=d.m[2], kind="debate")  # waiting
    with pytest.raises(E.SpeechLimitWithWaiting) as err:
        d("add_speaker", person=d.m[2], kind="debate")
    assert isinstance(err.value, E.SpeechLimitReached)
    assert err.value.params == {"person": "Member 003", "count": 2, "spoken": 1, "waiting": 1, "limit": 2}
    assert "1 held, 1 waiting" in err.value.message() and "Model Regulation §11" in err.value.message()


def test_speech_timing_and_limits(drive, clock):
    d = drive(members=4)
    d.on_item(4)
    d("set_time_limit", kind="report", seconds=600)
    d("add_speaker", person=d.m[2], kind="report")
    sp = d.state.speeches[-1]
    assert sp.limit_seconds == 600 and sp.status == S.QUEUED
    d("start_speech", speech=sp.id)
    clock.tick(299)
    d("pause_speech", speech=sp.id)  # 300 s spoken (the clock adds one second per reading)
    clock.tick(1000)
    d("resume_speech", speech=sp.id)
    clock.tick(99)  # resumed at +1301, now +1400
    sp = d.state.speech(sp.id)
    assert sp.status == S.SPEAKING
    assert sp.elapsed(clock.now) == pytest.approx(399)
    assert sp.remaining(clock.now) == pytest.approx(201)
    clock.tick(300)
    assert sp.overrun(clock.now)
    d("stop_speech", speech=sp.id, reason="overrun")
    sp = d.state.speech(sp.id)
    assert sp.status == S.FINISHED and sp.stop_reason == "overrun" and sp.elapsed() == pytest.approx(700)


def test_extension_adopted_and_voted_down(drive, clock):
    d = drive(members=6)
    d.on_item(6)
    d("add_speaker", person=d.m[2], kind="debate")
    sp = d.state.speeches[-1].id
    d("start_speech", speech=sp)
    clock.tick(400)
    d.counts("extend_speech", 4, 2, speech=sp, seconds=120)
    s = d.state.speech(sp)
    assert s.extensions == (120,) and s.allowed_seconds == 420 and s.status == S.SPEAKING
    assert d.state.votes[-1].rule == "speech.extension"
    clock.tick(100)
    d.counts("extend_speech", 2, 4, speech=sp, seconds=60)
    s = d.state.speech(sp)
    assert s.status == S.FINISHED and s.stop_reason == "extension_refused" and s.extensions == (120,)


def test_one_speech_at_a_time_and_breaks(drive):
    d = drive(members=4)
    d.on_item(4)
    d("add_speaker", person=d.m[2], kind="report")
    a = d.state.speeches[-1].id
    d("add_speaker", person=d.m[3], kind="co_report")
    b = d.state.speeches[-1].id
    d("start_speech", speech=a)
    with pytest.raises(E.WrongPhase):
        d("start_speech", speech=b)
    with pytest.raises(E.WrongPhase):
        d("break")
    d("pause_speech", speech=a)
    d("break", reason="Tea")
    assert d.state.on_break
    with pytest.raises(E.WrongPhase):
        d.counts("vote", 4, item="D1", text="T")
    d("resume")
    assert not d.state.on_break and d.state.breaks[-1].reason == "Tea"


def test_written_questions_and_short_statements(drive):
    d = drive(members=4)
    d.on_item(4)
    d("written_question", author=d.m[3], to="Akim", text="When will the road be repaired?")
    q = d.state.questions[-1]
    assert q.author_name == "Member 004" and q.item_id == "D1" and q.announced_at is None
    d("announce_question", question=q.id)
    assert d.state.question(q.id).announced_at is not None
    d.counts("vote", 4, item="D1", text="T")
    d("end_item")
    d("add_speaker", person=d.m[2], kind="statement")
    assert d.state.speeches[-1].item_id is None
    d("close")
    assert d.state.phase == S.CLOSED


def test_idempotency_key(drive, store):
    d = drive(members=4)
    first = execute(store, d.id, cmd("register", member=d.m[0], key="k-1"), clock=d.clock)
    again = execute(store, d.id, cmd("register", member=d.m[0], key="k-1"), clock=d.clock)
    assert again.seq == first.seq and len(journal_events(store, d.id)) == 2
    with pytest.raises(E.IdempotencyConflict):
        execute(store, d.id, cmd("register", member=d.m[1], key="k-1"), clock=d.clock)
    # the same after a restart: the key is in the journal, not only in memory
    d.reload()
    assert execute(store, d.id, cmd("register", member=d.m[0], key="k-1"), clock=d.clock).seq == first.seq


def test_undo_compensates(drive, store):
    d = drive(members=4)
    d.register(3)
    wrong = d.state.seq
    d("undo", seq=wrong, reason="Registered by mistake")
    assert d.state.present_count == 2 and wrong in d.state.undone
    assert d.state.corrections[-1].target_type == "MEMBER_REGISTERED"
    assert len(journal_events(store, d.id)) == wrong + 1  # nothing deleted
    assert d.reload() == d.state
    with pytest.raises(E.UndoRefused):
        d("undo", seq=wrong, reason="again")
    with pytest.raises(E.UndoRefused):  # a correction is never undone
        d("undo", seq=d.state.seq, reason="undo the undo")
    with pytest.raises(E.UndoRefused):
        d("undo", seq=1, reason="no")
    d("register", member=d.m[3])
    d("depart", person=d.m[3])
    with pytest.raises(E.UndoRefused):  # the departure depends on the registration
        d("undo", seq=d.state.seq - 1, reason="no")


def test_closed_journal_takes_nothing(drive):
    d = drive(members=4)
    d.register(1)
    d("close")  # closing without opening: the sitting was not held
    assert d.state.phase == S.CLOSED
    with pytest.raises(E.WrongPhase):
        d("register", member=d.m[1])


def test_time_cannot_go_back(drive, clock):
    d = drive(members=4)
    with pytest.raises(E.TimeGoesBack):
        d("register", member=d.m[0], at=(clock.now - timedelta(hours=1)).isoformat())


def test_invalid_commands(drive):
    d = drive(members=4)
    with pytest.raises(E.UnknownCommand):
        d("dance")
    with pytest.raises(E.MissingField):
        d("register")
    with pytest.raises(E.InvalidField):
        d("register_guest", name="X", role="king")


def test_reload_is_the_same_state(drive):
    d = drive(members=6)
    d.on_item(6)
    d("add_speaker", person=d.m[2], kind="report")
    d("start_speech", speech=d.state.speeches[-1].id)
    assert d.reload() == d.state
