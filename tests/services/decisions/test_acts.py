"""Per-protocol acts: the protocol handed over, the akim's consideration and the members told (Reg §12–§14)."""

from __future__ import annotations

from datetime import date

import pytest

from zhoob_desktop.services import decisions as D
from zhoob_desktop.services.decisions import errors as E
from zhoob_desktop.services.decisions.acts import ActRefused

from .helpers import held_sitting

DAY = date(2026, 11, 2)  # Monday


def _protocol(store):
    info = held_sitting(
        store,
        DAY,
        ["Agree the draft budget for 2027", "Repair the bridge", "Plant trees"],
        titles=["Budget", "Roads", "Ecology"],
        kinds=["budget_draft", "other", "other"],
        number=3,
    )
    return info


def test_one_act_for_the_whole_protocol(store):
    info = _protocol(store)
    today = date(2026, 11, 10)
    view = D.protocol_view(store, info.id, today=today)
    assert [d.item_number for d in view.decisions] == [1, 2, 3]
    assert view.allowed == ("handed",) and view.handover_due == date(2026, 11, 4)
    budget = view.decisions[0]
    with pytest.raises(E.StepOfTheProtocol) as err:  # one decision alone cannot be handed over
        D.record_step(store, budget.id, "protocol_handed", on=date(2026, 11, 3), today=today)
    assert "3 decisions" in err.value.message() and err.value.citation == "Model Regulation §12"

    view = D.hand_over(store, info.id, on=date(2026, 11, 3), actor="Secretary", today=today)
    assert view.handed_on == date(2026, 11, 3) and view.allowed == ("considered",)
    acts = {d.history[0].act_id for d in view.decisions}
    assert len(acts) == 1 and None not in acts
    assert view.review_due == date(2026, 11, 10)

    with pytest.raises(ActRefused) as err:  # a disagreement needs the akim's reasons
        D.consider(store, info.id, on=date(2026, 11, 9), today=today,
                   outcomes={view.decisions[1].short_id: D.Outcome("disagreed")})  # fmt: skip
    assert isinstance(err.value.inner, E.MissingStepField)
    assert (
        err.value.message() == "Item 2: A disagreement of the akim needs his reasons. (Model Regulation §13)"
    )
    assert D.protocol_view(store, info.id, today=today).considered_on is None  # nothing written
    with pytest.raises(E.OutcomeForUnknownDecision):
        D.consider(store, info.id, on=date(2026, 11, 9), today=today, outcomes={"ffff": D.Outcome("agreed")})
    view = D.consider(
        store,
        info.id,
        on=date(2026, 11, 9),
        actor="Akim",
        today=today,
        outcomes={view.decisions[1].id: D.Outcome("disagreed", "No money in the budget")},
    )
    budget, bridge, trees = view.decisions
    # The draft budget is an agreement: approved, it needs no execution and closes (members still told).
    assert budget.status == "in_force" and budget.closed and [d.kind for d in budget.deadlines] == ["inform"]
    assert bridge.status == "disagreed" and bridge.follow.reasons == "No money in the budget"
    assert trees.status == "approved" and not trees.closed
    assert view.disagreed == (bridge,) and view.allowed == ("informed",)
    assert budget not in D.open_decisions(store, today=today)

    view = D.inform_members(store, info.id, on=date(2026, 11, 10), note="Notice board", today=today)
    assert view.informed_on == date(2026, 11, 10) and view.allowed == ()
    assert all(not d.deadlines or d.deadlines[0].kind != "inform" for d in view.decisions)
    with pytest.raises(E.StepOutOfOrder) as err:  # the same for every decision: said once
        D.inform_members(store, info.id, on=date(2026, 11, 10), today=today)
    assert err.value.message().startswith("The members were already told")


def test_execution_can_be_chosen_against_the_kind(store):
    info = _protocol(store)
    today = date(2026, 11, 10)
    D.hand_over(store, info.id, on=date(2026, 11, 3), today=today)
    view = D.protocol_view(store, info.id, today=today)
    budget, bridge, trees = view.decisions
    view = D.consider(store, info.id, on=date(2026, 11, 4), today=today, outcomes={
        budget.id: D.Outcome("agreed", execution=True), trees.id: D.Outcome("agreed", execution=False)
    })  # fmt: skip
    assert [d.status for d in view.decisions] == ["approved", "approved", "in_force"]


def test_act_dates_are_checked(store):
    info = _protocol(store)
    today = date(2026, 11, 16)
    with pytest.raises(E.StepBeforeSitting):
        D.hand_over(store, info.id, on=date(2026, 11, 1), today=today)
    with pytest.raises(E.StepInFuture):
        D.hand_over(store, info.id, on=date(2026, 11, 17), today=today)
    # A Saturday and past the two working days: recorded, but the person is told.
    warnings = D.act_warnings(store, info.id, "handed", date(2026, 11, 7))
    assert [w.text() for w in warnings] == [
        "7 November 2026 is a day off (Saturday); check the date of the act.",
        "7 November 2026 is after the last day of the deadline, 4 November 2026. (Model Regulation §12)",
    ]
    assert D.act_warnings(store, info.id, "handed", date(2026, 11, 3)) == []
    D.hand_over(store, info.id, on=date(2026, 11, 7), today=today)
    view = D.protocol_view(store, info.id, today=today)
    assert all(d.history[0].late for d in view.decisions)
    with pytest.raises(E.StepBeforePrevious) as err:  # the consideration cannot come before the handover
        D.consider(store, info.id, on=date(2026, 11, 6), today=today)
    assert "before 7 November 2026" in err.value.message()


def test_handover_after_the_signed_protocol(store):
    from zhoob_desktop.services.documents.issue import finalise_protocol

    info = _protocol(store)
    finalise_protocol(store, info.id, signed_on=date(2026, 11, 4))
    with pytest.raises(E.ProtocolSignedLater):
        D.hand_over(store, info.id, on=date(2026, 11, 3), today=date(2026, 11, 5))
    view = D.hand_over(store, info.id, on=date(2026, 11, 4), today=date(2026, 11, 5))
    assert view.signed_on == date(2026, 11, 4) and view.handed_on == date(2026, 11, 4)


def test_protocols_listed_and_refused_for_other_sittings(store):
    from zhoob_desktop.services.meeting import create_sitting

    info = _protocol(store)
    held_sitting(store, date(2026, 12, 1), [None], titles=["Hearing"], kinds=["execution_of_decisions"])
    assert [p.sitting_id for p in D.list_protocols(store, today=date(2026, 12, 2))] == [info.id]
    gathering = create_sitting(store, kind="gathering", scheduled_on=date(2026, 12, 5))
    with pytest.raises(E.SittingNotHeld):  # a gathering's protocol is followed too, once it is held
        D.protocol_view(store, gathering.id)
    prepared = create_sitting(store, kind="meeting", scheduled_on=date(2026, 12, 20))
    with pytest.raises(E.SittingNotHeld):
        D.hand_over(store, prepared.id, on=date(2026, 12, 2), today=date(2026, 12, 2))
