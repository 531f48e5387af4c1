"""Roles are enforced in the services: every right, for every role, through the real calls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert, text
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
def team(store, tmp_path):
    """A data folder with an okrug, one resident, and one operator of each role; closed.

    It holds a sitting held and closed (its protocol to sign, its decisions to follow), a sitting
    open for registration, and the okrug's public key file for a district store.
    """
    from tests.services.decisions.helpers import held_sitting
    from zhoob_desktop.services.meeting import create_sitting, start_sitting
    from zhoob_desktop.services.sync.export import export_public_key

    save_okrug(
        store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ", "Іле ауданы", "Илийский район"
    )
    village = structure.create_settlement(store, "Қарағайлы")
    person = add(store, "Сейітова", "Ләззат", date(1980, 5, 6), "F", settlement_id=village.id)
    held = held_sitting(store, HELD_ON, ["Көшелерді жарықтандыру ұсынылсын."])
    opened = create_sitting(store, kind="meeting", scheduled_on=date(2026, 12, 20), place="Клуб", agenda=[])
    start_sitting(store, opened.id, members=[{"id": str(person.id), "name": "Сейітова Ләззат"}])
    export_public_key(store, tmp_path / "okrug.key")
    for role in roles.ROLES:
        operators.add_operator(store, f"op-{role}", PASS, role, full_name=f"Operator {role}")
    folder = store.data_dir
    store.close(backup=False)
    return folder, Team(person, held.id, opened.id, tmp_path / "okrug.key")


HELD_ON = date(2026, 11, 2)


@dataclass(frozen=True)
class Team:
    person: object
    held: object  # a closed sitting
    opened: object  # a sitting open for registration
    okrug_key: object


def _open(folder, role):
    return open_store(folder, credentials=Credentials(f"op-{role}", PASS))


def _actions(tmp_path, team: Team):
    """One real service call per right, with the rights it needs in order (the last one is the one tested).

    Each raises ``PermissionDenied`` for the first right the role lacks.
    """
    from zhoob_desktop.services import decisions as D
    from zhoob_desktop.services.documents import issue
    from zhoob_desktop.services.meeting import cmd, execute
    from zhoob_desktop.services.monitoring import report as monitoring
    from zhoob_desktop.services.sync.district_db import open_district
    from zhoob_desktop.services.sync.okrugs import register_okrug

    def district_write(st):
        dstore = open_district(tmp_path / "district.sqlite", store=st)
        try:
            return register_okrug(dstore, team.okrug_key)
        finally:
            dstore.close()

    return {
        "register.read": (("register.read",), lambda st: query_residents(st, ResidentFilter())),
        "register.write": (("register.write",), lambda st: structure.create_settlement(st, "Жаңаауыл")),
        "register.export": (
            ("register.export",),
            lambda st: export_residents(st, tmp_path / "r.csv", reason="district request"),
        ),
        "sittings.prepare": (("sittings.prepare",), lambda st: _prepare(st)),
        "sittings.run": (
            ("sittings.run",),
            lambda st: execute(st, team.opened, cmd("register", member=str(team.person.id))),
        ),
        "papers.print": (("papers.print",), lambda st: issue.registration_sheet(st, team.opened)),
        "papers.finalise": (
            ("papers.finalise",),
            lambda st: issue.finalise_protocol(
                st, team.held, "kk", signed_on=HELD_ON, allow_untranslated=True
            ),
        ),
        "decisions.write": (
            ("decisions.write",),
            lambda st: D.hand_over(st, team.held, on=HELD_ON, today=HELD_ON),
        ),
        "monitoring.write": (
            ("monitoring.write",),
            lambda st: monitoring.open_report(st, 2026, "half", "Аппарат"),
        ),
        "okrug.manage": (
            ("okrug.manage",),
            lambda st: save_okrug(st, "Қарағайлы ауылдық округі", "Карагайлинский"),
        ),
        "operators.manage": (
            ("operators.manage",),
            lambda st: operators.add_operator(st, "new-one", PASS, roles.CLERK),
        ),
        "audit.read": (("audit.read",), lambda st: audit.entries(st)),
        "sync.export": (("sync.export",), lambda st: _bundle(st, tmp_path)),
        "district.read": (
            ("district.read",),
            lambda st: open_district(tmp_path / "district.sqlite", store=st).close(),
        ),
        "district.write": (("district.read", "district.write"), district_write),
    }


#: Rights tested apart: what a role without them sees (masked IINs), and restoring a backup (the store closed).
TESTED_APART = {"register.iin", "backup.restore"}


def test_every_right_has_its_test():
    assert set(_actions(Path("."), Team(None, None, None, None))) | TESTED_APART == set(roles.RIGHTS)
    assert set().union(*roles.ROLE_RIGHTS.values()) <= set(roles.RIGHTS)


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
    folder, members = team
    store = _open(folder, role)
    try:
        for right, (needs, action) in _actions(tmp_path, members).items():
            lacking = [r for r in needs if not store.operator.can(r)]
            if not lacking:
                try:
                    action(store)
                except PermissionDenied as exc:  # pragma: no cover - the assertion below explains
                    pytest.fail(f"{role} was refused {right}: {exc}")
            else:
                with pytest.raises(PermissionDenied) as err:
                    action(store)
                assert str(store.operator.full_name) in err.value.message()
                assert roles.reason(store.operator, lacking[0]) == err.value.message(), right
    finally:
        store.close(backup=False)


@pytest.mark.parametrize("role", roles.ROLES)
def test_restoring_a_backup_needs_its_right_and_is_audited(team, role):
    from zhoob_desktop.services.security import access
    from zhoob_desktop.services.security.restore import restore_backup

    folder, _members = team
    akim = _open(folder, roles.AKIM)
    taken = akim.backup("manual")
    structure.create_settlement(akim, "Кейін қосылған")  # a change the backup does not hold
    akim.close(backup=False)
    unlocked = access.unlock(folder, Credentials(f"op-{role}", PASS))
    before = (folder / "zhoob.sqlite").read_bytes()
    if roles.ROLE_RIGHTS[role] >= {"backup.restore"}:
        restore_backup(folder, unlocked, taken)
        reopened = _open(folder, roles.AKIM)
        try:
            (entry,) = audit.entries(reopened, kind="backup.restored")
            assert entry.operator.startswith(f"Operator {role}") and entry.detail["backup"] == taken.path.name
            assert audit.verify(reopened) > 0
            names = [s.name for s in structure.list_settlements(reopened)]
            assert "Кейін қосылған" not in names
        finally:
            reopened.close(backup=False)
    else:
        with pytest.raises(PermissionDenied) as err:
            restore_backup(folder, unlocked, taken)
        assert "restore a backup" in err.value.message()
        assert (folder / "zhoob.sqlite").read_bytes() == before


@pytest.mark.parametrize("role", roles.ROLES)
def test_every_guarded_table_refuses_a_write_without_its_right(team, role):
    """The guard below the services: any insert into a table, however it is issued."""
    folder, _members = team
    store = _open(folder, role)
    try:
        for table_name, right in roles.TABLE_RIGHTS.items():
            table = Base.metadata.tables[table_name]
            ways = {
                "core": lambda conn, table=table: conn.execute(insert(table).values()),
                "text": lambda conn, table=table: conn.execute(
                    text(f'INSERT INTO "{table.name}" DEFAULT VALUES')
                ),
                "driver": lambda conn, table=table: conn.exec_driver_sql(
                    f'INSERT INTO "{table.name}" DEFAULT VALUES'
                ),
            }
            for way, write in ways.items():
                try:
                    with store.engine.begin() as conn:
                        write(conn)  # incomplete: SQLite refuses it if the guard lets it by
                except PermissionDenied:
                    assert not store.operator.can(right), f"{role} refused {table_name} ({way})"
                except (IntegrityError, StatementError):
                    assert store.operator.can(right), f"{role} wrote to {table_name} without {right} ({way})"
                else:  # pragma: no cover
                    pytest.fail(f"an empty row was accepted in {table_name} ({way})")
    finally:
        store.close(backup=False)


def test_iins_are_masked_for_a_role_that_does_not_need_them(team):
    folder, members = team
    person = members.person
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
