"""Decisions follow Reg §12–§18 in working days: across holidays, in order, with an append-only history."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from zhoob_desktop.services import decisions as D
from zhoob_desktop.services.decisions import errors as E
from zhoob_desktop.services.decisions import lifecycle as L

from .helpers import held_sitting

EXECUTION = "execution_of_decisions"


def _one(store, day=date(2026, 3, 19), text_="Repair the water pipe on Abai street"):
    held_sitting(store, day, [text_], titles=["Water supply"])
    (view,) = D.list_decisions(store, today=day)
    return view


def _hearing(store, day, number=None):
    """A later sitting whose execution item heard reports (no decision of its own)."""
    return held_sitting(
        store, day, [None], titles=["Execution of decisions"], kinds=[EXECUTION], number=number
    )


def test_lifecycle_across_nauryz(store):
    # Thursday 19 March 2026; 21-25 March are days off (Nauryz and the moved day off).
    view = _one(store)
    assert view.status == "adopted" and view.text == "Repair the water pipe on Abai street"
    assert (view.votes_for, view.votes_against, view.abstained, view.present) == (4, 0, 0, 5)
    assert view.item_title == "Water supply" and view.item_number == 1
    protocol = view.next_deadline
    assert (protocol.kind, protocol.due, protocol.citation) == (
        "protocol",
        date(2026, 3, 26),
        "Model Regulation §12",
    )
    assert protocol.urgency == "soon"  # two working days: the 20th, then nothing until the 26th
    assert D.get_decision(store, view.short_id, today=date(2026, 3, 27)).overdue

    v = D.record_step(store, view.short_id, "protocol_handed", on=date(2026, 3, 20), actor="Secretary",
                      today=date(2026, 3, 20))  # fmt: skip
    assert v.status == "with_akim" and v.history[0].act_id is not None
    review = v.next_deadline
    assert (review.kind, review.due, review.citation) == ("review", date(2026, 4, 1), "Model Regulation §13")
    assert review.urgency == "later"
    assert D.get_decision(store, v.id, today=date(2026, 3, 31)).next_deadline.urgency == "soon"
    v = D.record_step(store, v.id, "agreed", on=date(2026, 3, 27), actor="Akim", today=date(2026, 3, 27))
    assert v.status == "approved" and v.follow.approved and v.follow.execution
    assert [(d.kind, d.due) for d in v.deadlines] == [("inform", date(2026, 4, 3))]
    v = D.record_step(store, v.id, "assigned", on=date(2026, 3, 30), today=date(2026, 3, 30),
                      data={"responsible": "Apparatus of the akim", "due_on": date(2026, 5, 29)})  # fmt: skip
    assert v.status == "in_execution" and v.follow.responsible == "Apparatus of the akim"
    assert [(d.kind, d.due) for d in v.deadlines] == [
        ("inform", date(2026, 4, 3)),
        ("execution", date(2026, 5, 29)),
    ]
    v = D.record_step(store, v.id, "informed", on=date(2026, 4, 6), today=date(2026, 4, 6))  # one day late
    informed = v.history[-1]
    assert informed.due == date(2026, 4, 3) and informed.late
    v = D.record_step(store, v.id, "published", on=date(2026, 4, 6), note="Village newspaper",
                      today=date(2026, 4, 6))  # fmt: skip
    hearing = _hearing(store, date(2026, 5, 4))
    v = D.record_step(
        store, v.id, "reported", at_sitting=hearing.id, note="Pipe bought", today=date(2026, 5, 4)
    )
    assert v.follow.reports == 1 and v in D.open_decisions(store, today=date(2026, 5, 4))
    assert (v.history[-1].on, v.history[-1].at_sitting_id, v.history[-1].at_item_id) == (
        date(2026, 5, 4),
        hearing.id,
        "D1",
    )
    v = D.record_step(store, v.id, "executed", on=date(2026, 5, 20), actor="Akim", today=date(2026, 5, 20))
    assert v.status == "executed" and v.closed and v.deadlines == () and v.allowed == ()
    assert [h.step for h in v.history] == [
        "protocol_handed", "agreed", "assigned", "informed", "published", "reported", "executed"
    ]  # fmt: skip
    assert [h.seq for h in v.history] == list(range(1, 8))
    assert v.history[0].actor == "Secretary" and not v.history[0].late
    assert D.open_decisions(store, today=date(2026, 5, 20)) == []
    with pytest.raises(E.DecisionClosed) as err:
        D.record_step(store, v.id, "published", note="More", today=date(2026, 5, 21))
    assert "(executed)" in err.value.message()


def test_independence_day_and_urgency(store):
    # Monday 14 December 2026: the 16th is Independence Day, so two working days end on the 17th.
    view = _one(store, date(2026, 12, 14))
    assert view.next_deadline.due == date(2026, 12, 17)
    assert D.get_decision(store, view.id, today=date(2026, 12, 15)).next_deadline.urgency == "soon"


def test_out_of_order_steps_are_refused_with_their_rule(store):
    view = _one(store)
    day = date(2026, 3, 20)
    refusals = [
        ("informed", {}, "", "Model Regulation §14"),
        ("agreed", {}, "", "Model Regulation §13"),
        ("published", {}, "", "Model Regulation §16"),
        ("assigned", {"responsible": "Akimat", "due_on": "2026-04-30"}, "", "Model Regulation §15"),
        ("referred", {}, "", "Model Regulation §13"),
    ]
    for step, data, note, citation in refusals:
        with pytest.raises(E.StepOutOfOrder) as err:
            D.record_step(store, view.id, step, data=data, note=note, on=day, today=day)
        assert err.value.citation == citation, step
    assert "the akim considers it first" in _refusal(store, view)
    assert D.get_decision(store, view.id, today=day).history == ()  # nothing was written
    with pytest.raises(E.UnknownStep):
        D.record_step(store, view.id, "approved", today=day)
    with pytest.raises(E.StepBeforeSitting):
        D.record_step(store, view.id, "protocol_handed", on=date(2026, 3, 18), today=day)
    with pytest.raises(E.StepInFuture):
        D.record_step(store, view.id, "protocol_handed", on=date(2026, 3, 21), today=day)
    D.record_step(store, view.id, "protocol_handed", on=day, today=day)
    with pytest.raises(E.StepOutOfOrder) as err:
        D.record_step(store, view.id, "protocol_handed", on=day, today=day)
    assert err.value.citation == "Model Regulation §12"
    with pytest.raises(E.StepBeforePrevious):
        D.record_step(store, view.id, "agreed", on=date(2026, 3, 19), today=day)


def _refusal(store, view):
    try:
        D.record_step(store, view.id, "informed", today=date(2026, 3, 20))
    except E.StepOutOfOrder as exc:
        return exc.message()
    raise AssertionError("informing the members before the akim's consideration was accepted")


def test_history_is_append_only(store):
    view = _one(store)
    at = datetime(2026, 3, 20, 9, 30, tzinfo=UTC)
    v = D.record_step(
        store, view.id, "protocol_handed", actor="Secretary", clock=lambda: at, today=date(2026, 3, 20)
    )
    assert (v.history[0].recorded_at, v.history[0].on, v.history[0].actor) == (
        at,
        date(2026, 3, 20),
        "Secretary",
    )
    with store.engine.begin() as conn, pytest.raises(Exception, match="append-only"):
        conn.execute(text("UPDATE decision_step SET step = 'executed'"))
    with store.engine.begin() as conn, pytest.raises(Exception, match="append-only"):
        conn.execute(text("DELETE FROM decision_step"))
    assert [h.step for h in D.get_decision(store, view.id, today=date(2026, 3, 20)).history] == [
        "protocol_handed"
    ]


def test_ids_filters_and_engine_fields(store):
    held_sitting(store, date(2026, 2, 5), ["A"], number=1)
    held_sitting(store, date(2026, 5, 5), ["B", "C"], number=2)
    views = D.list_decisions(store, today=date(2026, 6, 1))
    assert [v.text for v in views] == ["B", "C", "A"]  # newest sitting first, agenda order
    assert all(v.overdue for v in views)
    assert D.list_decisions(store, which="overdue", today=date(2026, 6, 1)) == views
    assert [v.text for v in D.open_decisions(store, before=date(2026, 5, 5), today=date(2026, 6, 1))] == ["A"]
    ref = D.open_decisions(store, today=date(2026, 6, 1))[0]
    assert (ref.sitting_id, ref.held_on, ref.item_id, ref.vote_id) == (
        views[2].sitting_id, date(2026, 2, 5), "D1", views[2].vote_id
    )  # fmt: skip
    assert views[0].id == D.decision_id(views[0].sitting_id, views[0].vote_id)
    assert views[0].protocol_decisions == 2 and views[2].protocol_decisions == 1
    with pytest.raises(E.DecisionNotFound):
        D.get_decision(store, "zz")
    with pytest.raises(E.DecisionNotFound):
        D.get_decision(store, "ffffffff")
    assert L.STEPS["informed"].citation == "Model Regulation §14"


def test_a_sitting_dated_in_the_future_is_noticed(store):
    view = _one(store, date(2026, 12, 10))
    (notice,) = D.get_decision(store, view.id, today=date(2026, 11, 30)).notices
    assert "10 December 2026" in notice.text() and "still to come" in notice.text()
    assert D.get_decision(store, view.id, today=date(2026, 12, 10)).notices == ()


def test_integrity_check_replays_histories(store):
    from zhoob_desktop.models.decisions import DecisionStep
    from zhoob_desktop.services.checks import run_checks
    from zhoob_desktop.services.decisions.checks import decision_problems

    view = _one(store)
    D.record_step(store, view.id, "protocol_handed", on=date(2026, 3, 20), today=date(2026, 3, 20))
    assert decision_problems(store) == [] and run_checks(store)["decisions"] == []
    with store.session() as s:  # a history arriving from elsewhere, out of order and orphaned
        s.add(DecisionStep(decision_id=view.id, sitting_id=view.sitting_id, vote_id=view.vote_id, seq=2,
                           step="executed", on_date=date(2026, 3, 27)))  # fmt: skip
        s.add(DecisionStep(decision_id=D.decision_id(view.sitting_id, "V999"), sitting_id=view.sitting_id,
                           vote_id="V999", seq=1, step="agreed", on_date=date(2026, 3, 27)))  # fmt: skip
    problems = decision_problems(store)
    assert len(problems) == 2
    assert any("Step 2 of decision" in p and "Model Regulation §15" in p for p in problems)
    assert any("belongs to no adopted decision" in p for p in problems)


def test_integrity_check_leaves_a_damaged_journal_to_the_journals_check(store):
    from zhoob_desktop.services.decisions.checks import decision_problems
    from zhoob_desktop.services.meeting import engine
    from zhoob_desktop.services.meeting.errors import ChainBroken

    view = _one(store)
    D.record_step(store, view.id, "protocol_handed", on=date(2026, 3, 20), today=date(2026, 3, 20))
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE sitting_event SET payload = replace(payload, '\"for\":4', '\"for\":5')")
    engine.forget(store)
    with pytest.raises(ChainBroken):  # the register says so instead of showing an empty list
        D.list_decisions(store, today=date(2026, 3, 20))
    assert decision_problems(store) == []


def test_deadlines_counted_across_an_estimated_holiday_are_marked(store):
    from zhoob_desktop.services.meeting.calendar_corrections import add_correction

    view = _one(store, date(2026, 5, 25))  # Monday; Kurban ait is estimated for Wednesday the 27th
    protocol = view.next_deadline
    assert protocol.due == date(2026, 5, 28) and protocol.estimated
    add_correction(store, date(2026, 5, 27), "confirmed", "7", date(2026, 4, 1))
    assert not D.get_decision(store, view.id, today=date(2026, 5, 25)).next_deadline.estimated
    # The deadlines' list flags a due date that is a day off (a person's own due date may be).
    D.record_step(store, view.id, "protocol_handed", on=date(2026, 5, 26), today=date(2026, 5, 26))
    D.record_step(store, view.id, "agreed", on=date(2026, 5, 26), today=date(2026, 5, 26))
    D.record_step(store, view.id, "assigned", on=date(2026, 5, 26), today=date(2026, 5, 26),
                  data={"responsible": "Akimat", "due_on": "2026-06-07"})  # fmt: skip
    (execution,) = [d for d in D.deadlines(store, today=date(2026, 6, 1)) if d.kind == "execution"]
    assert execution.day_off_text() == "the due date is a day off (Sunday)"
