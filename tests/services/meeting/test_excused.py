"""Excused absence: only an absent member of the sitting's list, with a reason; registering ends it."""

from __future__ import annotations

import pytest

from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting import fold, journal_events
from zhoob_desktop.services.meeting.replay import outcome


def test_absent_member_excused_before_and_during_the_sitting(drive):
    d = drive(members=6)
    d("excuse_member", member=d.m[5], reason="  Ill, certificate from the clinic  ")
    ex = d.state.excused[d.m[5]]
    assert (ex.name, ex.reason) == ("Member 006", "Ill, certificate from the clinic")
    d.register(3)
    d("announce_registration")
    d("open", by="Akim")
    d("excuse_member", member=d.m[4], reason="On a business trip")
    assert set(d.state.excused) == {d.m[4], d.m[5]}
    # An excuse neither counts toward the quorum nor changes the members on the list.
    assert d.state.present_count == 3 and d.state.member_count == 6
    # A second excuse replaces the reason.
    d("excuse_member", member=d.m[4], reason="On a business trip to the district")
    assert d.state.excused[d.m[4]].reason == "On a business trip to the district"
    # The journal folds to the same excuses after a restart.
    assert d.reload().excused == d.state.excused
    assert outcome(d.state)["excused"] == [
        {"member": d.m[4], "name": "Member 005", "reason": "On a business trip to the district"},
        {"member": d.m[5], "name": "Member 006", "reason": "Ill, certificate from the clinic"},
    ]


def test_member_who_registers_after_the_excuse_is_simply_present(drive):
    d = drive(members=4)
    d("excuse_member", member=d.m[0], reason="Expected to be late")
    d("register", member=d.m[0])
    assert d.m[0] not in d.state.excused and d.state.present_count == 1
    # A member who left the hall may be excused; coming back ends it again.
    d("depart", person=d.m[0])
    d("excuse_member", member=d.m[0], reason="Called away to the farm")
    assert d.state.excused[d.m[0]].reason == "Called away to the farm"
    d("register", member=d.m[0])
    assert not d.state.excused


def test_refusals_cite_the_rule(drive):
    d = drive(members=4)
    d("register", member=d.m[0])
    d("register_guest", name="Guest One", role="official", guest="g1")
    with pytest.raises(E.PresentCannotBeExcused) as err:
        d("excuse_member", member=d.m[0], reason="x")
    assert err.value.citation == "Model Regulation §7" and "Member 001" in str(err.value)
    with pytest.raises(E.GuestCannotBeExcused) as err:
        d("excuse_member", member="g1", reason="x")
    assert err.value.citation == "Model Regulation §10" and "Guest One" in str(err.value)
    with pytest.raises(E.NotAMember) as err:
        d("excuse_member", member="nobody", reason="x")
    assert err.value.citation == "Model Regulation §7"
    with pytest.raises(E.MissingField):
        d("excuse_member", member=d.m[1], reason="   ")
    with pytest.raises(E.MissingField):
        d("excuse_member", reason="Ill")
    seq = d.state.seq
    assert journal_events(d.store, d.id)[-1].seq == seq  # nothing written by a refusal
    d("announce_registration")
    d("close")
    with pytest.raises(E.WrongPhase):
        d("excuse_member", member=d.m[1], reason="Ill")


def test_undo_takes_the_excuse_back(drive):
    d = drive(members=4)
    d("excuse_member", member=d.m[2], reason="Ill")
    seq = d.state.seq
    d("undo", seq=seq, reason="Wrong member")
    assert not d.state.excused
    assert d.state.corrections[-1].target_type == "MEMBER_EXCUSED"
    events = journal_events(d.store, d.id)
    assert fold(events).excused == d.state.excused
