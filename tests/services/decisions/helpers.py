"""Scripted sittings of the meeting with adopted decisions, for the decisions tests."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from zhoob_desktop.services.decisions.agenda import with_execution_item
from zhoob_desktop.services.meeting import cmd, create_sitting, execute, start_sitting


class Clock:
    """A fake clock: one second per reading, starting at a given moment."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def members(n: int = 5) -> list[dict]:
    return [{"id": str(uuid.UUID(int=i + 1)), "name": f"Member {i + 1:02d}"} for i in range(n)]


def held_sitting(store, day: date, decisions: list[str], *, titles: list[str] | None = None, number=None):
    """A sitting of the meeting held on ``day`` (5 members, all present), each text adopted, closed."""
    titles = titles or [f"Item {n + 1}" for n in range(len(decisions))]
    info = create_sitting(
        store,
        kind="meeting",
        scheduled_on=day,
        number=number,
        place="Village club",
        # while earlier decisions are open, the item on their execution is drafted too (Reg §9)
        agenda=with_execution_item(store, "meeting", day, [{"title": t, "kind": "other"} for t in titles]),
    )
    clock = Clock(datetime.combine(day, time(5, 0), tzinfo=UTC))
    roster = members()
    started = start_sitting(store, info.id, members=roster, clock=clock)
    execution = [it.id for it in started.agenda if it.kind == "execution_of_decisions"]

    def run(name, **fields):
        return execute(store, info.id, cmd(name, **fields), clock=clock)

    def counts(name, f, **fields):
        return run(name, **{"for": f, "against": 0, "abstain": 0}, **fields)

    for m in roster:
        run("register", member=m["id"])
    run("announce_registration")
    run("open", by="Akim")
    counts("elect", 5, role="chair", person=roster[0]["id"])
    counts("elect", 5, role="secretary", person=roster[1]["id"])
    state = None
    for it in started.agenda:
        counts("vote_item", 5, item=it.id)
    run("approve_agenda")
    for n, text in enumerate(decisions):
        run("start_item", item=f"D{n + 1}")
        run("decision_text", item=f"D{n + 1}", text=text)
        counts("vote", 4, item=f"D{n + 1}")
        run("end_item")
    for item in execution:  # heard; nothing to decide
        run("start_item", item=item)
        run("end_item")
    state = run("close")
    assert len(state.decisions()) == len(decisions)
    return info
