"""Steps heard at a sitting of the meeting: picked, never typed as a date, and printed in its protocol."""

from __future__ import annotations

from datetime import date

import pytest

from zhoob_desktop.services import decisions as D
from zhoob_desktop.services.decisions import errors as E
from zhoob_desktop.services.decisions.agenda import execution_agenda, with_execution_item
from zhoob_desktop.services.decisions.heard import heard_at
from zhoob_desktop.services.meeting import create_sitting, get_sitting

from .helpers import held_sitting

EXECUTION = "execution_of_decisions"


def _approved(store, day=date(2026, 2, 2), texts=("Repair the bridge",), due=date(2026, 4, 30)):
    """A sitting whose decisions the akim agreed with, each assigned to the roads office."""
    info = held_sitting(store, day, list(texts), titles=[f"Item {n}" for n in range(len(texts))], number=1)
    D.hand_over(store, info.id, on=day, today=day)
    D.consider(store, info.id, on=day, today=day)
    for view in D.protocol_view(store, info.id, today=day).decisions:
        D.record_step(store, view.id, "assigned", on=day, today=day,
                      data={"responsible": "Roads office", "due_on": due})  # fmt: skip
    return info


def _hearing(store, day, number=2, decisions=(None,), kinds=(EXECUTION,)):
    titles = ["Execution of decisions", *[f"Other {n}" for n in range(len(decisions) - 1)]]
    return held_sitting(store, day, list(decisions), titles=titles, kinds=list(kinds), number=number)


def test_a_report_is_heard_at_a_held_sitting(store):
    info = _approved(store)
    (view,) = D.protocol_view(store, info.id, today=date(2026, 2, 2)).decisions
    today = date(2026, 6, 1)
    with pytest.raises(E.SittingRequired) as err:
        D.record_step(store, view.id, "reported", note="Half done", on=date(2026, 3, 3), today=today)
    assert err.value.citation == "Model Regulation §17"
    with pytest.raises(E.SameSitting):
        D.record_step(store, view.id, "reported", note="Half done", at_sitting=info.id, today=today)
    prepared = create_sitting(store, kind="meeting", scheduled_on=date(2026, 3, 3))
    with pytest.raises(E.SittingNotHeld):
        D.record_step(store, view.id, "reported", note="Half done", at_sitting=prepared.id, today=today)
    gathering = held_gathering = create_sitting(store, kind="gathering", scheduled_on=date(2026, 3, 3))
    with pytest.raises(E.NotAMeetingSitting):
        D.record_step(store, view.id, "reported", note="Half done", at_sitting=gathering.id, today=today)
    del held_gathering

    hearing = _hearing(store, date(2026, 3, 3))
    with pytest.raises(E.DateIsTheSittings):  # the date is the sitting's, never typed
        D.record_step(store, view.id, "reported", note="Half done", at_sitting=hearing.id,
                      on=date(2026, 3, 4), today=today)  # fmt: skip
    with pytest.raises(E.ItemNotConsidered):
        D.record_step(store, view.id, "reported", note="Half done", at_sitting=hearing.id, at_item="7",
                      today=today)  # fmt: skip
    with pytest.raises(E.MissingStepField) as err:
        D.record_step(store, view.id, "reported", at_sitting=hearing.id, today=today)
    assert "report heard" in err.value.message()
    v = D.record_step(
        store, view.id, "reported", note="Half done", at_sitting=str(hearing.id)[:8], today=today
    )
    heard = v.history[-1]
    assert (heard.on, heard.at_sitting_id, heard.at_item_id) == (date(2026, 3, 3), hearing.id, "D1")
    assert [c.id for c in D.sittings_for_step(store, view.id, "reported", today=today)] == [hearing.id]
    assert D.step_warnings(store, view.id, "reported", date(2026, 3, 8)) == []  # the sitting's own date

    (line,) = heard_at(store, hearing.id, today=today)
    assert (line.item_id, line.step, line.text, line.responsible, line.note) == (
        "D1", "reported", "Repair the bridge", "Roads office", "Half done"
    )  # fmt: skip
    assert (line.origin_number, line.origin_date, line.origin_item_number) == (1, date(2026, 2, 2), 1)


def test_item_required_without_an_execution_item_and_signed_protocols(store):
    from zhoob_desktop.services.documents.issue import finalise_protocol

    # A sitting without the execution item: kept when nothing was open as its journal started (the
    # engine refuses it otherwise); here it was held before the decision was typed in from paper.
    other = held_sitting(store, date(2026, 3, 3), ["Buy a bus", None], titles=["Bus", "Roads"], number=2)
    info = _approved(store)
    (view,) = D.protocol_view(store, info.id, today=date(2026, 2, 2)).decisions
    today = date(2026, 6, 1)
    with pytest.raises(E.ItemRequired):
        D.record_step(store, view.id, "reported", note="Done", at_sitting=other.id, today=today)
    v = D.record_step(store, view.id, "reported", note="Done", at_sitting=other.id, at_item="2", today=today)
    assert v.history[-1].at_item_id == "D2"
    finalise_protocol(store, other.id, signed_on=date(2026, 3, 4))
    with pytest.raises(E.ProtocolAlreadySigned) as err:
        D.record_step(store, view.id, "reported", note="Again", at_sitting=other.id, at_item="2", today=today)
    assert "signed on 4 March 2026" in err.value.message() and "addendum" in err.value.message()
    assert D.sittings_for_step(store, view.id, "reported", today=today) == []


def test_non_execution_repeated_then_responsibility(store):
    info = _approved(store, due=date(2026, 3, 1))
    (view,) = D.protocol_view(store, info.id, today=date(2026, 2, 2)).decisions
    today = date(2026, 9, 1)
    first, second, third = (_hearing(store, day, n) for n, day in enumerate(
        (date(2026, 3, 3), date(2026, 6, 2), date(2026, 8, 4)), start=2))  # fmt: skip
    with pytest.raises(E.MissingStepField):  # the finding is entered in the protocol
        D.record_step(store, view.id, "not_executed", at_sitting=first.id, data={"sent_to": "district_akim"},
                      today=today)  # fmt: skip
    with pytest.raises(E.MissingStepField):  # and where the chair sends it
        D.record_step(store, view.id, "not_executed", at_sitting=first.id, note="Nothing done", today=today)
    v = D.record_step(store, view.id, "not_executed", at_sitting=first.id, note="Nothing done",
                      data={"sent_to": "district_akim"}, today=today)  # fmt: skip
    assert v.status == "not_executed" and "responsibility" not in v.allowed
    with pytest.raises(E.StepOutOfOrder) as err:
        D.record_step(store, view.id, "responsibility", at_sitting=first.id, today=today)
    assert "1 non-execution" in err.value.message()
    v = D.record_step(store, view.id, "not_executed", at_sitting=second.id, note="Half the bridge",
                      data={"sent_to": "superior", "quality": "poorly_executed"}, today=today)  # fmt: skip
    assert v.follow.non_executions == 2 and "responsibility" in v.allowed
    with pytest.raises(E.StepBeforePrevious):  # not at a sitting held before the last finding
        D.record_step(store, view.id, "responsibility", at_sitting=first.id, today=today)
    v = D.record_step(store, view.id, "responsibility", at_sitting=third.id, today=today)
    assert v.follow.responsibility_on == date(2026, 8, 4) and not v.closed
    (finding,) = heard_at(store, second.id, today=today)
    assert (finding.quality, finding.sent_to, finding.note) == (
        "executed poorly", "the superior of the responsible official", "Half the bridge"
    )  # fmt: skip


def test_disagreement_chain_to_the_district(store):
    info = held_sitting(store, date(2026, 11, 2), ["Sell the old school building", "Plant trees", "Close the shop"],
                        titles=["Property", "Ecology", "Trade"], number=5)  # fmt: skip
    today = date(2027, 3, 1)
    D.hand_over(store, info.id, on=date(2026, 11, 3), today=today)
    school, trees, shop = D.protocol_view(store, info.id, today=today).decisions
    D.consider(store, info.id, on=date(2026, 11, 5), today=today, outcomes={
        school.id: D.Outcome("disagreed", "Communal property is needed"),
        trees.id: D.Outcome("disagreed", "No budget"),
        shop.id: D.Outcome("disagreed", "Outside the meeting's powers"),
    })  # fmt: skip
    with pytest.raises(E.StepOutOfOrder) as err:
        D.record_step(store, school.id, "referred", on=date(2026, 11, 6), today=today)
    assert err.value.citation == "Model Regulation §13" and "insisted" in err.value.message()

    # The next sitting's execution item lists the re-discussions with the akim's reasons (Reg §9).
    lines = execution_agenda(store, date(2026, 12, 1), today=date(2026, 11, 20))
    assert [line.text() for line in lines][
        0
    ] == "re-discussion of the akim's objections: Communal property is needed"
    rediscussion = held_sitting(store, date(2026, 12, 1), [None, "Plant trees in spring, with sponsors' money"],
                                titles=["Execution of decisions", "Ecology again"],
                                kinds=[EXECUTION, "other"], number=6)  # fmt: skip
    v = D.record_step(store, school.id, "unresolved", at_sitting=rediscussion.id, note="The meeting insists",
                      today=today)  # fmt: skip
    assert v.status == "unresolved" and "referred" in v.allowed
    with pytest.raises(E.AmendedByInvalid):
        D.record_step(store, trees.id, "amended", at_sitting=rediscussion.id, data={"amended_by": school.id},
                      today=today)  # fmt: skip
    (replacement,) = [d for d in D.list_decisions(store, today=today) if d.sitting_id == rediscussion.id]
    v = D.record_step(store, trees.id, "amended", at_sitting=rediscussion.id, at_item="2",
                      data={"amended_by": replacement.short_id}, today=today)  # fmt: skip
    assert v.status == "amended" and v.closed and v.follow.amended_by == str(replacement.id)
    v = D.record_step(store, shop.id, "revoked", at_sitting=rediscussion.id, today=today)
    assert v.status == "revoked_by_meeting" and v.closed

    v = D.record_step(store, school.id, "referred", on=date(2026, 12, 3), note="Letter No. 45", today=today)
    assert v.status == "with_district"
    v = D.record_step(store, school.id, "district_upheld", on=date(2027, 1, 20),
                      note="District akim's decision No. 12", today=today)  # fmt: skip
    assert v.status == "approved" and v.follow.approved_on == date(2027, 1, 20)
    with pytest.raises(E.StepBeforePrevious):
        D.record_step(store, school.id, "assigned", on=date(2027, 1, 19), today=today,
                      data={"responsible": "Apparatus", "due_on": "2027-06-01"})  # fmt: skip

    printed = heard_at(store, rediscussion.id, today=today)
    assert [(h.step, h.item_id, h.reasons) for h in printed] == [
        ("unresolved", "D1", "Communal property is needed"),
        ("amended", "D2", "No budget"),
        ("revoked", "D1", "Outside the meeting's powers"),
    ]
    assert printed[1].amended_text == "Plant trees in spring, with sponsors' money"


def test_execution_item_lists_responsible_persons_and_follows_changes(store):
    info = _approved(store, texts=("Repair the bridge", "Light the street"))
    bridge, light = D.protocol_view(store, info.id, today=date(2026, 2, 2)).decisions
    D.record_step(store, light.id, "assigned", on=date(2026, 2, 3), today=date(2026, 2, 3),
                  data={"responsible": "Electric company", "due_on": "2026-03-01"})  # fmt: skip
    day = date(2026, 3, 10)
    draft = with_execution_item(store, "meeting", day, [{"title": "Roads"}], today=day)
    assert draft[-1]["co_reporters"] == ["Roads office", "Electric company"]
    lines = execution_agenda(store, day, today=day)
    assert [(line.responsible, line.overdue) for line in lines] == [
        ("Roads office", False),
        ("Electric company", True),
    ]
    assert lines[1].text() == "report of Electric company on the execution, due 1 March 2026"
    nxt = create_sitting(store, kind="meeting", scheduled_on=day, agenda=draft)
    # A new assignment changes who reports: the prepared sitting's item follows.
    D.record_step(store, bridge.id, "assigned", on=date(2026, 2, 4), today=date(2026, 2, 4),
                  data={"responsible": "District roads department", "due_on": "2026-05-01"})  # fmt: skip
    item = get_sitting(store, nxt.id).agenda_draft[-1]
    assert item.kind == EXECUTION and item.co_reporters == ("District roads department", "Electric company")
