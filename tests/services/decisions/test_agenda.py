"""The item on the execution of earlier decisions on a meeting's draft agenda (Reg §9)."""

from __future__ import annotations

from datetime import date

from zhoob_desktop.services import decisions as D
from zhoob_desktop.services.decisions.agenda import with_execution_item
from zhoob_desktop.services.meeting import create_sitting, get_sitting, start_sitting

from .helpers import held_sitting, members


def _draft(store, day, agenda):
    return create_sitting(
        store, kind="meeting", scheduled_on=day, agenda=with_execution_item(store, "meeting", day, agenda)
    )


def test_open_decisions_bring_the_item(store):
    held_sitting(store, date(2026, 11, 2), ["Agree the budget."])
    nxt = _draft(store, date(2026, 12, 1), [{"title": "Roads"}])
    assert [a.kind for a in get_sitting(store, nxt.id).agenda_draft] == ["other", "execution_of_decisions"]
    state = start_sitting(store, nxt.id, members=members())
    assert state.agenda[-1].source == "execution"
    # Only a meeting carries it, and only once.
    assert with_execution_item(store, "gathering", date(2026, 12, 1), [{"title": "Roads"}]) == [
        {"title": "Roads"}
    ]
    again = with_execution_item(store, "meeting", date(2026, 12, 1), get_sitting(store, nxt.id).agenda_draft)
    assert [a.kind for a in again] == ["other", "execution_of_decisions"]


def test_executed_decisions_leave_the_draft(store):
    held_sitting(store, date(2026, 11, 20), ["Repair the pipe."])
    (view,) = D.open_decisions(store, date(2026, 12, 1), today=date(2026, 11, 20))
    steps = [
        ("protocol_handed", date(2026, 11, 23), None),
        ("agreed", date(2026, 11, 24), None),
        ("assigned", date(2026, 11, 24), {"responsible": "Apparatus", "due_on": date(2026, 11, 27)}),
        ("informed", date(2026, 11, 25), None),
        ("published", date(2026, 11, 25), None),
        ("executed", date(2026, 11, 27), None),
    ]
    for step, on, data in steps:
        D.record_step(
            store, view.id, step, on=on, data=data, note="Village newspaper; pipe repaired", today=on
        )
    nxt = _draft(store, date(2026, 12, 1), [{"title": "Roads"}])
    assert [a.kind for a in get_sitting(store, nxt.id).agenda_draft] == ["other"]
