"""Who did what: a sitting run by two operators, the chain verified, the audit in a bundle."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import text

from tests.services.sync.okrug_data import Clock, add_residents, make_okrug
from zhoob_desktop.services.decisions.agenda import with_execution_item
from zhoob_desktop.services.meeting import cmd, create_sitting, execute, load_state, start_sitting
from zhoob_desktop.services.meeting.journal import journal_events
from zhoob_desktop.services.security import audit, operators, roles
from zhoob_desktop.services.security.access import Credentials
from zhoob_desktop.services.store import open_store


def _covered(entries, sitting_id) -> dict[int, str]:
    """Journal event number -> operator id, from the audit."""
    out: dict[int, str] = {}
    for e in entries:
        if e.kind == "journal.event" and uuid.UUID(e.target) == uuid.UUID(str(sitting_id)):
            for seq in range(e.detail["from_seq"], e.detail["to_seq"] + 1):
                assert seq not in out, f"event {seq} audited twice"
                out[seq] = e.operator_id
    return out


@pytest.fixture
def sitting_by_two(store):
    """The akim prepares and registers; the secretary runs the rest of the sitting."""
    make_okrug(store)
    people = add_residents(store, 6)
    operators.add_operator(store, "secretary", "secretary pass", roles.SECRETARY, full_name="Айгүл Секретарь")
    akim_id = store.operator.id
    clock = Clock()
    members = [{"id": str(r.id), "name": f"{r.surname} {r.given_name}", "iin": r.iin} for r in people]
    info = create_sitting(
        store,
        kind="meeting",
        scheduled_on=date(2026, 10, 5),
        place="Клуб",
        title="Жиналыс",
        agenda=with_execution_item(
            store, "meeting", date(2026, 10, 5), [{"title": "Көше жарығы", "kind": "budget_draft"}]
        ),
    )
    start_sitting(store, info.id, members=members, clock=clock)
    for m in members[:4]:
        execute(store, info.id, cmd("register", member=m["id"]), clock=clock)
    folder = store.data_dir
    store.close(backup=False)
    secretary = open_store(folder, credentials=Credentials("secretary", "secretary pass"))
    run = lambda name, **f: execute(secretary, info.id, cmd(name, **f), clock=clock)  # noqa: E731
    for m in members[4:]:
        run("register", member=m["id"])
    run("announce_registration")
    run("open", by="Әкім")
    votes = {"for": 6, "against": 0, "abstain": 0}
    run("elect", role="chair", person=members[0]["id"], **votes)
    run("elect", role="secretary", person=members[1]["id"], **votes)
    for item in load_state(secretary, info.id).agenda:
        run("vote_item", item=item.id, **votes)
    run("approve_agenda")
    yield secretary, info.id, akim_id
    secretary.close(backup=False)


def test_the_audit_names_each_operator_of_a_sitting(sitting_by_two):
    store, sitting_id, akim_id = sitting_by_two
    with pytest.raises(roles.PermissionDenied):
        audit.entries(store)  # a secretary does not read the audit
    folder = store.data_dir
    store.close(backup=False)
    akim = open_store(folder)
    try:
        entries = audit.entries(akim)
        events = journal_events(akim, sitting_id)
        by_event = _covered(entries, sitting_id)
        assert sorted(by_event) == [ev.seq for ev in events]  # every event of the journal, once
        secretary_id = next(o.id for o in operators.list_operators(akim) if o.login == "secretary")
        first_secretary = min(seq for seq, who in by_event.items() if who == secretary_id)
        assert {by_event[s] for s in by_event if s < first_secretary} == {akim_id}
        assert {by_event[s] for s in by_event if s >= first_secretary} == {secretary_id}
        assert set(audit.summary_by_operator(entries)) >= {akim.operator.label}
        assert audit.verify(akim) == len(entries)
        register = [e for e in entries if e.kind == "register.change"]
        assert register and all(e.operator_id == akim_id for e in register)
        assert all("Әбілқасымов" not in str(e.detail) for e in entries)  # ids and counts, no personal data
    finally:
        akim.close(backup=False)
    store.__dict__["engine"] = akim.engine  # the fixture closes it again: harmless


def test_an_edited_audit_entry_breaks_the_chain(store):
    make_okrug(store)
    add_residents(store, 2)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET operator = 'someone else' WHERE seq = 2"))
    with pytest.raises(audit.AuditChainBroken) as err:
        audit.verify(store)
    assert "2" in err.value.message()
