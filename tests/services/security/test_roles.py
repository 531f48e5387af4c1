"""Roles are enforced in the services: every right, for every role, through the real calls."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError, StatementError

from tests.register_fixtures import add
from zhoob_desktop.models import Base
from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.services.register import structure
from zhoob_desktop.services.register.export import ExportReasonNeeded, export_residents
from zhoob_desktop.services.register.query import ResidentFilter, query_residents
from zhoob_desktop.services.register.residents import get_resident
from zhoob_desktop.services.security import audit, operators, roles
from zhoob_desktop.services.security.access import Credentials
from zhoob_desktop.services.security.roles import PermissionDenied
from zhoob_desktop.services.store import open_store

PASS = "role passphrase"


@pytest.fixture
def team(store):
    """A data folder with an okrug, one resident, and one operator of each role; closed."""
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    village = structure.create_settlement(store, "Қарағайлы")
    person = add(store, "Сейітова", "Ләззат", date(1980, 5, 6), "F", settlement_id=village.id)
    for role in roles.ROLES:
        operators.add_operator(store, f"op-{role}", PASS, role, full_name=f"Operator {role}")
    folder = store.data_dir
    store.close(backup=False)
    return folder, person


def _open(folder, role):
    return open_store(folder, credentials=Credentials(f"op-{role}", PASS))


def _actions(tmp_path, person):
    """One real service call per right; each raises ``PermissionDenied`` when the role lacks it."""
    return {
        "register.read": lambda st: query_residents(st, ResidentFilter()),
        "register.write": lambda st: structure.create_settlement(st, "Жаңаауыл"),
        "register.export": lambda st: export_residents(st, tmp_path / "r.csv", reason="district request"),
        "sittings.prepare": lambda st: _prepare(st),
        "okrug.manage": lambda st: save_okrug(st, "Қарағайлы ауылдық округі", "Карагайлинский"),
        "operators.manage": lambda st: operators.add_operator(st, "new-one", PASS, roles.CLERK),
        "audit.read": lambda st: audit.entries(st),
        "sync.export": lambda st: _bundle(st, tmp_path),
    }


def _prepare(st):
    from zhoob_desktop.services.meeting.sittings import create_sitting

    return create_sitting(
        st, kind="meeting", scheduled_on=date(2026, 12, 20), place="Клуб", title="Жиналыс", agenda=[]
    )


def _bundle(st, tmp_path):
    from zhoob_desktop.services.sync.export import export_bundle

    return export_bundle(st, tmp_path / "b.zip", seal=False)


@pytest.mark.parametrize("role", roles.ROLES)
def test_each_service_right_is_enforced_for_each_role(team, tmp_path, role):
    folder, person = team
    store = _open(folder, role)
    try:
        for right, action in _actions(tmp_path, person).items():
            if store.operator.can(right):
                try:
                    action(store)
                except PermissionDenied as exc:  # pragma: no cover - the assertion below explains
                    pytest.fail(f"{role} was refused {right}: {exc}")
            else:
                with pytest.raises(PermissionDenied) as err:
                    action(store)
                assert str(store.operator.full_name) in err.value.message()
                assert roles.reason(store.operator, right) == err.value.message()
    finally:
        store.close(backup=False)


@pytest.mark.parametrize("role", roles.ROLES)
def test_every_guarded_table_refuses_a_write_without_its_right(team, role):
    """The guard below the services: any insert into a table, however it is issued."""
    folder, _person = team
    store = _open(folder, role)
    try:
        for table_name, right in roles.TABLE_RIGHTS.items():
            table = Base.metadata.tables[table_name]
            try:
                with store.engine.begin() as conn:
                    conn.execute(
                        insert(table).values()
                    )  # incomplete: SQLite refuses it if the guard lets it by
            except PermissionDenied:
                assert not store.operator.can(right), f"{role} refused {table_name}"
            except (IntegrityError, StatementError):
                assert store.operator.can(right), f"{role} wrote to {table_name} without {right}"
            else:  # pragma: no cover
                pytest.fail(f"an empty row was accepted in {table_name}")
    finally:
        store.close(backup=False)


def test_iins_are_masked_for_a_role_that_does_not_need_them(team):
    folder, person = team
    clerk = _open(folder, roles.CLERK)
    try:
        seen = get_resident(clerk, person.id).iin
        assert seen != person.iin and seen.endswith(person.iin[-4:]) and person.iin[:8] not in seen
        assert all(person.iin not in (r.iin or "") for r in query_residents(clerk, ResidentFilter()))
        found = query_residents(clerk, ResidentFilter(text=person.iin[:6]))  # searching by IIN still works
        assert [r.id for r in found] == [person.id]
    finally:
        clerk.close(backup=False)
    secretary = _open(folder, roles.SECRETARY)
    try:
        assert get_resident(secretary, person.id).iin == person.iin
    finally:
        secretary.close(backup=False)


def test_a_register_export_needs_a_reason_which_the_audit_keeps(team, tmp_path):
    folder, _person = team
    store = _open(folder, roles.SECRETARY)
    try:
        with pytest.raises(ExportReasonNeeded):
            export_residents(store, tmp_path / "r.csv", reason="  ")
        assert not (tmp_path / "r.csv").exists()
        export_residents(store, tmp_path / "r.csv", reason="аудан әкімдігінің сұрауы")
    finally:
        store.close(backup=False)
    akim = _open(folder, roles.AKIM)
    try:
        (entry,) = audit.entries(akim, kind="register.exported")
        secretary = next(o for o in operators.list_operators(akim) if o.login == "op-secretary")
        assert entry.operator_id == secretary.id and entry.operator.startswith("Operator secretary")
        assert entry.detail["reason"] == "аудан әкімдігінің сұрауы" and entry.detail["count"] == 1
    finally:
        akim.close(backup=False)


def test_a_removed_operator_can_no_longer_log_in_and_the_last_akim_stays(team):
    folder, _person = team
    akim = _open(folder, roles.AKIM)
    try:
        operators.remove_operator(akim, "op-clerk")
        operators.remove_operator(akim, "tester")
        with pytest.raises(operators.LastAkim):
            operators.remove_operator(akim, "op-akim")
        names = [o.login for o in operators.list_operators(akim, include_removed=True) if not o.active]
        assert sorted(names) == ["op-clerk", "tester"]
    finally:
        akim.close(backup=False)
    from zhoob_desktop.services.security.access import WrongPassphrase

    with pytest.raises(WrongPassphrase):
        _open(folder, roles.CLERK)


def test_the_idle_lock_minutes_are_the_akims_to_set(team):
    folder, _person = team
    secretary = _open(folder, roles.SECRETARY)
    try:
        with pytest.raises(PermissionDenied):
            operators.set_idle_minutes(secretary, 5)
        assert operators.idle_minutes(secretary) == operators.IDLE_DEFAULT
    finally:
        secretary.close(backup=False)
    akim = _open(folder, roles.AKIM)
    try:
        with pytest.raises(operators.IdleMinutesInvalid):
            operators.set_idle_minutes(akim, 1000)
        operators.set_idle_minutes(akim, 5)
        assert operators.idle_minutes(akim) == 5
        assert [e.detail["minutes"] for e in audit.entries(akim, kind="settings.idle")] == [5]
    finally:
        akim.close(backup=False)
