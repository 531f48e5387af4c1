"""An okrug with a register and held sittings, built through the register's and the engine's APIs."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from zhoob_desktop.services.decisions.agenda import with_execution_item
from zhoob_desktop.services.meeting import cmd, create_sitting, execute, start_sitting
from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.services.register.residents import ResidentInput, create_resident
from zhoob_desktop.services.register.structure import create_settlement, create_street


class Clock:
    """A clock that moves one second per reading (the engine refuses time going back)."""

    def __init__(self, start: datetime | None = None):
        self.now = start or datetime(2026, 10, 5, 5, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


_serial = itertools.count(1)


def make_okrug(store, name: str = "Қарағайлы ауылдық округі"):
    return save_okrug(store, name, "Карагайлинский сельский округ", "Іле ауданы", "Илийский район")


def add_residents(store, n: int, settlement_name: str = "Қарағайлы") -> list:
    """``n`` residents in one village, one street; returns their details."""
    settlement = create_settlement(store, settlement_name)
    street = create_street(store, settlement.id, "Абай көшесі")
    out = []
    for i in range(n):
        k = next(_serial)
        out.append(
            create_resident(
                store,
                ResidentInput(
                    surname=f"Әбілқасымов{k}",
                    given_name="Қайрат",
                    patronymic="Ұлықбекұлы",
                    birth_date=date(1960 + i % 30, 1 + i % 12, 1 + i % 27),
                    settlement_id=settlement.id,
                    street_id=street.id,
                    registered_on=date(2020, 1, 1),
                ),
                actor="test",
            )
        )
    return out


def hold_sitting(
    store, clock, residents, *, on: date = date(2026, 10, 5), close: bool = True, present: int | None = None
):
    """A whole meeting: registration, opening, officers, agenda, one decision adopted, closing."""
    members = [{"id": str(r.id), "name": f"{r.surname} {r.given_name}", "iin": r.iin} for r in residents]
    info = create_sitting(
        store,
        kind="meeting",
        scheduled_on=on,
        place="Ауылдық клуб",
        title="Жиналыс",
        # while earlier decisions are open, the agenda carries their execution (Reg §9)
        agenda=with_execution_item(
            store, "meeting", on, [{"title": "Көше жарығы туралы", "kind": "budget_draft"}]
        ),
    )
    start_sitting(store, info.id, members=members, clock=clock)
    present = len(members) if present is None else present

    def run(name, **fields):
        return execute(store, info.id, cmd(name, **fields), clock=clock)

    for m in members[:present]:
        run("register", member=m["id"])
    run("announce_registration")
    run("open", by="Әкім")
    votes = {"for": present, "against": 0, "abstain": 0}
    run("elect", role="chair", person=members[0]["id"], **votes)
    run("elect", role="secretary", person=members[1]["id"], **votes)
    from zhoob_desktop.services.meeting import load_state

    state = load_state(store, info.id)
    for item in state.agenda:
        run("vote_item", item=item.id, **votes)
    item = state.agenda[0].id
    run("approve_agenda")
    run("start_item", item=item)
    run("decision_text", item=item, text="Көше жарығын 2027 жылы жөндеу.")
    run("vote", item=item, **votes)
    run("end_item")
    for other in state.agenda[1:]:  # the execution of earlier decisions: heard, nothing to decide
        run("start_item", item=other.id)
        run("end_item")
    if close:
        run("close")
    return info.id
