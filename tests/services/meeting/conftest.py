"""Helpers for the meeting engine tests: a fake clock, explicit rosters, a sitting driver."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from zhoob_desktop.services.meeting import cmd, create_sitting, execute, load_state, start_sitting


class FakeClock:
    """A clock that moves only when told (``tick``), plus one second per reading by default."""

    def __init__(self, start: datetime | None = None, step: float = 1.0):
        self.now = start or datetime(2026, 11, 20, 5, 0, tzinfo=UTC)
        self.step = timedelta(seconds=step)

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now

    def tick(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


def roster(n: int, prefix: str = "Member") -> list[dict]:
    return [
        {"id": str(uuid.UUID(int=i + 1)), "name": f"{prefix} {i + 1:03d}", "iin": f"{900101300000 + i:012d}"}
        for i in range(n)
    ]


class Driver:
    """Runs commands on one sitting with a fake clock; ``m[i]`` is member i's id."""

    def __init__(self, store, clock, kind="meeting", members=10, agenda=None, **sitting):
        self.store, self.clock = store, clock
        self.members = roster(members) if isinstance(members, int) else members
        self.m = [x["id"] for x in self.members]
        if kind == "separate_gathering":
            sitting.setdefault("territory_kind", "street")
            sitting.setdefault("territory_name", "Abai street")
        sitting.setdefault("scheduled_on", date(2026, 11, 20))
        info = create_sitting(
            store,
            kind=kind,
            place="Village club",
            agenda=agenda if agenda is not None else [{"title": "Draft budget", "kind": "budget_draft"}],
            **sitting,
        )
        self.id = info.id
        self.state = start_sitting(store, info.id, members=self.members, clock=clock)

    def __call__(self, name, /, **fields):
        self.state = execute(self.store, self.id, cmd(name, **fields), clock=self.clock)
        return self.state

    def counts(self, name, /, f, a=0, ab=0, **fields):
        return self(name, **{"for": f, "against": a, "abstain": ab}, **fields)

    def reload(self):
        from zhoob_desktop.services.meeting import engine

        engine.forget(self.store)
        return load_state(self.store, self.id)

    def register(self, n):
        for pid in self.m[:n]:
            self("register", member=pid)
        return self.state

    def opened(self, present):
        """Registered ``present`` members, announced, opened, chair and secretary elected."""
        self.register(present)
        self("announce_registration")
        self("open", by="Akim")
        self.counts("elect", present, role="chair", person=self.m[0])
        self.counts("elect", present, role="secretary", person=self.m[1])
        return self.state

    def on_item(self, present, item="D1"):
        """Opened, the draft items included and the agenda approved, ``item`` started."""
        self.opened(present)
        for it in self.state.agenda:
            self.counts("vote_item", present, item=it.id)
        self("approve_agenda")
        self("start_item", item=item)
        return self.state


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def drive(store, clock):
    def make(**kw):
        return Driver(store, clock, **kw)

    return make
