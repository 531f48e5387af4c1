"""The dashboard: decisions' deadlines, quarters without a meeting (Reg §5), the monitoring calendar."""

from __future__ import annotations

from datetime import date

import pytest

from zhoob_desktop.services import decisions as D

from .helpers import held_sitting


def test_quarter_without_a_meeting_and_monitoring(store):
    today = date(2026, 12, 20)
    found = D.deadlines(store, today=today)
    quarters = [d for d in found if d.kind == "quarter"]
    assert [(d.params["quarter"], d.due, d.urgency) for d in quarters] == [
        (1, date(2026, 3, 31), "overdue"),
        (2, date(2026, 6, 30), "overdue"),
        (3, date(2026, 9, 30), "overdue"),
        (4, date(2026, 12, 31), "later"),
    ]
    assert quarters[-1].citation == "Model Regulation §5"
    assert "quarter 4 of 2026" in quarters[-1].what_text()
    monitoring = [d for d in found if d.kind == "monitoring"]
    # The half year's five steps were never recorded: overdue; the year's first three fall within 30 days.
    assert [(d.due, d.urgency) for d in monitoring] == [
        (date(2026, 7, day), "overdue") for day in (5, 10, 15, 20, 25)
    ] + [(date(2027, 1, day), "later") for day in (5, 10, 15)]
    assert monitoring[0].subject_text() == "Budget monitoring of the first half of 2026"
    assert monitoring[-1].subject_text() == "Budget monitoring of the year 2026"
    # 10 January 2027 is a Sunday: flagged, not moved.
    assert [d.day_off_text() for d in monitoring if d.due == date(2027, 1, 10)] == [
        "the due date is a day off (Sunday)"
    ]
    assert [d.due for d in found] == sorted(d.due for d in found)
    assert [d.kind for d in D.deadlines(store, today=today, days=11) if d.due >= today] == ["quarter"]
    assert [d.kind for d in D.deadlines(store, today=today, days=10) if d.due >= today] == []
    assert [d.kind for d in D.deadlines(store, today=today, days=10) if d.due < today].count(
        "monitoring"
    ) == 5


def test_decisions_due_and_a_held_quarter(store):
    held_sitting(store, date(2026, 11, 2), ["Clean the river bank"], titles=["Ecology"])
    (view,) = D.list_decisions(store, today=date(2026, 11, 2))
    for step, on, extra in [
        ("protocol_handed", date(2026, 11, 3), {}),
        ("agreed", date(2026, 11, 5), {}),
        ("informed", date(2026, 11, 6), {}),
        ("assigned", date(2026, 11, 6), {"data": {"responsible": "School No. 1", "due_on": "2026-12-22"}}),
    ]:
        D.record_step(store, view.id, step, on=on, today=date(2026, 11, 6), **extra)
    today = date(2026, 12, 20)
    found = D.deadlines(store, today=today)
    assert [d.params["quarter"] for d in found if d.kind == "quarter"] == [1, 2, 3]  # Q4 was held
    (execution,) = [d for d in found if d.kind == "execution"]
    assert (execution.due, execution.urgency, execution.subject, execution.decision_id) == (
        date(2026, 12, 22), "soon", "Ecology", view.id
    )  # fmt: skip
    assert execution.what_text() == "Execution due by School No. 1"
    assert execution.citation == "Model Regulation §15"
    kinds = [d.kind for d in D.deadlines(store, today=date(2026, 11, 6), days=30)]
    assert sorted(kinds) == ["monitoring"] * 5 + ["quarter"] * 3  # the half year's steps, never recorded
    with pytest.raises(ValueError):
        D.deadlines(store, today=today, days=-1)
