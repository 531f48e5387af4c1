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


def test_an_import_is_audited_in_a_few_entries_that_count_every_change(store, tmp_path, monkeypatch):
    """The change log of a large import is written (and audited) a few thousand entries at a time,
    not chunk by chunk; the entries still account for every change, by entity and action."""
    from collections import Counter

    from tests.services.register.files import csv_file
    from zhoob_desktop.models.register import RegisterChange
    from zhoob_desktop.services.register import importer, importer_write
    from zhoob_desktop.services.register.iin import make_iin

    make_okrug(store)
    monkeypatch.setattr(importer, "CHUNK", 4)  # 12 chunks of the 46 rows below
    monkeypatch.setattr(importer_write, "LOG_ROWS", 10)
    rows = [["Тегі Аты Әкесінің аты", "ЖСН", "Мекенжайы"]]
    for i in range(46):
        born = date(1950 + i, 1 + i % 12, 1 + i % 28)
        rows.append([f"Сәрсенов Ерлан{'ғұқңөүһі'[i % 8]} Болатұлы", make_iin(born, "M", i + 1),
                     f"{['Қарағайлы', 'Ақсу', 'Көктөбе'][i % 3]}, Абай көшесі, {i % 7 + 1}"])  # fmt: skip
    path = csv_file(tmp_path / "list.csv", rows)
    before = {e.seq for e in audit.entries(store, kind="register.change")}
    preview = importer.preview_import(store, path, today=date(2026, 11, 25))
    assert importer.apply_import(store, preview).created == 46
    entries = [e for e in audit.entries(store, kind="register.change") if e.seq not in before]
    with store.session() as s:
        written = s.execute(text("SELECT entity, action FROM register_change WHERE actor != ''")).all()
        logged = s.query(RegisterChange).count()
    assert 46 < len(written) == logged  # the residents, their villages, streets and houses
    assert 1 < len(entries) <= len(written) // 10 + 1  # not one per chunk of 4 rows
    assert sum(e.detail["count"] for e in entries) == len(written)
    entities, actions = Counter(), Counter()
    for e in entries:
        entities.update(e.detail["entities"])
        actions.update(e.detail["actions"])
    assert entities == Counter(entity for entity, _ in written)
    assert actions == Counter(action for _, action in written)
    assert all(e.operator_id == store.operator.id for e in entries)


@pytest.mark.parametrize(
    ("table", "columns", "rows", "expected"),
    [
        ("register_change", ("id", "entity", "entity_id", "action", "changes"),
         [("a", "resident", "r1", "import", "{}"), ("b", "house", "h1", "create", "{}"),
          ("c", "resident", "r2", "import", "{}")],
         ("", {"count": 3, "entities": {"resident": 2, "house": 1}, "actions": {"import": 2, "create": 1}})),
        ("register_change", ("id", "entity", "entity_id", "action", "changes"), [("a", "resident", "r1", "update", "{}")],
         ("r1", {"count": 1, "entities": {"resident": 1}, "actions": {"update": 1}})),
        ("sitting_event", ("sitting_id", "seq", "type"), [("s1", 4, "vote"), ("s1", 6, "open"), ("s1", 5, "vote")],
         ("s1", {"count": 3, "from_seq": 4, "to_seq": 6, "types": {"vote": 2, "open": 1}})),
        ("operator", ("id", "login", "role"), [("o1", "aliya", "akim")],
         ("o1", {"count": 1, "login": "aliya", "role": "akim"})),
        ("decision_step", ("id", "decision_id", "step"), [("d1", "dd", "done"), ("d2", "dd", "late")],
         ("", {"count": 2})),
    ],
)  # fmt: skip
def test_a_bulk_statement_is_summed_up_from_its_columns(store, table, columns, rows, expected):
    """A bulk insert given as SQL text (tuples, read column by column) is entered in the audit as
    the same statement made of one dict per row is."""
    dicts = [dict(zip(columns, row, strict=True)) for row in rows]
    assert audit._summary(table, dicts, "insert") == expected
    if table == "register_change":  # through the engine's hook, as the import writes it
        make_okrug(store)
        marks = ", ".join("?" * len(columns))
        with store.engine.begin() as conn:
            conn.exec_driver_sql(
                f"INSERT INTO register_change ({', '.join(columns)}, actor, at) VALUES ({marks}, 'x', '2026-01-01')",
                [tuple(uuid.uuid4().hex if c == "id" else v for c, v in zip(columns, row, strict=True))
                 for row in rows],
            )  # fmt: skip
        last = audit.entries(store, kind="register.change")[-1]
        assert (last.target, last.detail) == expected
