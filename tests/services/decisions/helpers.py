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


def held_sitting(
    store,
    day: date,
    decisions: list[str | None],
    *,
    titles: list[str] | None = None,
    kinds: list[str] | None = None,
    number=None,
    roster: list[dict] | None = None,
):
    """A sitting of the meeting held on ``day`` (all members present), each text adopted, closed.

    An item whose decision is None is considered without a decision (an execution item that
    only heard reports); ``kinds`` are the items' Reg §4 kinds (default "other").
    """
    titles = titles or [f"Item {n + 1}" for n in range(len(decisions))]
    kinds = kinds or ["other"] * len(titles)
    info = create_sitting(
        store,
        kind="meeting",
        scheduled_on=day,
        number=number,
        place="Village club",
        # while earlier decisions are open, the item on their execution is drafted too (Reg §9)
        agenda=with_execution_item(
            store, "meeting", day, [{"title": t, "kind": k} for t, k in zip(titles, kinds, strict=True)]
        ),
    )
    clock = Clock(datetime.combine(day, time(5, 0), tzinfo=UTC))
    roster = roster or members()
    everyone = len(roster)
    started = start_sitting(store, info.id, members=roster, clock=clock)
    added = [it.id for it in started.agenda[len(titles) :]]  # the execution item drafted above

    def run(name, **fields):
        return execute(store, info.id, cmd(name, **fields), clock=clock)

    def counts(name, f, **fields):
        return run(name, **{"for": f, "against": 0, "abstain": 0}, **fields)

    for m in roster:
        run("register", member=m["id"])
    run("announce_registration")
    run("open", by="Akim")
    counts("elect", everyone, role="chair", person=roster[0]["id"])
    counts("elect", everyone, role="secretary", person=roster[1]["id"])
    for it in started.agenda:
        counts("vote_item", everyone, item=it.id)
    run("approve_agenda")
    for n, text in enumerate(decisions):
        run("start_item", item=f"D{n + 1}")
        if text is not None:
            run("decision_text", item=f"D{n + 1}", text=text)
            counts("vote", everyone - 1, item=f"D{n + 1}")
        run("end_item")
    for item in added:  # heard; nothing to decide
        run("start_item", item=item)
        run("end_item")
    state = run("close")
    assert len(state.decisions()) == len([d for d in decisions if d is not None])
    return info
