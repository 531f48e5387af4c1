"""Creating and editing residents: IIN checks, confirmations, suggestions, tombstones, change log."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from zhoob_desktop.services.register import changelog
from zhoob_desktop.services.register.errors import (
    AddressMismatch,
    AlreadyLeft,
    BirthDateRequired,
    DuplicateIIN,
    IinNeedsConfirmation,
    InvalidIIN,
    InvalidLeaveReason,
    NameRequired,
    UnknownStatus,
)
from zhoob_desktop.services.register.iin import make_iin
from zhoob_desktop.services.register.residents import (
    ResidentInput,
    check_resident,
    create_resident,
    delete_resident,
    get_resident,
    mark_left,
    restore_resident,
    update_resident,
)

from .conftest import TODAY, add

BORN = date(1987, 4, 12)
IIN = make_iin(BORN, "M", 123)


def test_create_with_matching_iin_derives_sex_and_address(okrug_store, place):
    data = ResidentInput(" Қасымов ", "Асхат", "Серікұлы", iin=IIN, birth_date=BORN, house_id=place.house_id)
    r = create_resident(okrug_store, data, today=TODAY)
    assert r.sex == "M" and r.surname == "Қасымов"
    assert (r.settlement_id, r.street_id) == (place.settlement_id, place.street_id)
    assert r.address == "Қарағайлы, Абай көшесі, 12"
    assert get_resident(okrug_store, r.id) == r
    assert r.full_name == "Қасымов Асхат Серікұлы"


def test_iin_not_matching_birth_date_needs_confirmation(okrug_store):
    data = ResidentInput("Қасымов", "Асхат", iin=IIN, birth_date=date(1987, 4, 13))
    with pytest.raises(IinNeedsConfirmation):
        create_resident(okrug_store, data, today=TODAY)
    issues = check_resident(okrug_store, data, today=TODAY)
    assert issues[0].field == "iin" and issues[0].severity == "error"
    r = create_resident(okrug_store, data, iin_confirmed=True, today=TODAY)
    assert r.birth_date == date(1987, 4, 13)  # the IIN only suggests; the given date is kept
    warnings = check_resident(okrug_store, data, resident_id=r.id, today=TODAY)
    assert [w.field for w in warnings] == ["birth_date", "settlement_id"]


def test_iin_without_birth_date_needs_confirmation_then_gives_the_date(okrug_store):
    data = ResidentInput("Қасымов", "Асхат", iin=IIN)
    with pytest.raises(IinNeedsConfirmation):
        create_resident(okrug_store, data, today=TODAY)
    r = create_resident(okrug_store, data, iin_confirmed=True, today=TODAY)
    assert r.birth_date == BORN and r.sex == "M"


def test_new_style_iin_without_encoded_date(okrug_store):
    iin = "870412000000"
    body_ok = next(f"87041200{n:03d}" for n in range(1000) if _valid_body(f"87041200{n:03d}"))
    iin = body_ok + str(_digit(body_ok))
    with pytest.raises(BirthDateRequired):
        create_resident(okrug_store, ResidentInput("Ли", "Анна", iin=iin), iin_confirmed=True, today=TODAY)
    r = create_resident(
        okrug_store,
        ResidentInput("Ли", "Анна", iin=iin, birth_date=BORN, sex="F"),
        iin_confirmed=True,
        today=TODAY,
    )
    assert r.sex == "F"


def _digit(body):
    from zhoob_desktop.services.register.iin import check_digit

    return check_digit(body)


def _valid_body(body):
    return _digit(body) is not None


def test_refusals(okrug_store, place):
    add(okrug_store, "Қасымов", "Асхат", BORN, serial=123)
    with pytest.raises(DuplicateIIN) as err:
        add(okrug_store, "Басқа", "Адам", BORN, serial=123)
    assert "Қасымов Асхат" in err.value.message()
    with pytest.raises(InvalidIIN):
        create_resident(okrug_store, ResidentInput("А", "Б", iin="870412300519", birth_date=BORN))
    with pytest.raises(NameRequired):
        create_resident(okrug_store, ResidentInput(" ", "Б", birth_date=BORN))
    with pytest.raises(BirthDateRequired):
        create_resident(okrug_store, ResidentInput("А", "Б"))
    with pytest.raises(UnknownStatus):
        create_resident(okrug_store, ResidentInput("А", "Б", birth_date=BORN, statuses=("nope",)))
    with pytest.raises(AddressMismatch):
        create_resident(
            okrug_store,
            ResidentInput(
                "А", "Б", birth_date=BORN, settlement_id=place.other_settlement_id, street_id=place.street_id
            ),
        )


def test_update_iin_change_and_log(okrug_store, place):
    clock = iter(datetime(2026, 11, 25, 10, m, tzinfo=UTC) for m in range(10))
    r = create_resident(
        okrug_store,
        ResidentInput("Қасымов", "Асхат", iin=IIN, birth_date=BORN, statuses=("pensioner",)),
        now=lambda: next(clock),
        today=TODAY,
    )
    new_iin = make_iin(BORN, "M", 456)
    data = ResidentInput("Қасымов", "Асхат", iin=new_iin, birth_date=BORN, phone="+7 701 000 0000")
    updated = update_resident(okrug_store, r.id, data, now=lambda: next(clock), today=TODAY)
    assert updated.iin == new_iin and updated.statuses == () and updated.phone == "+7 701 000 0000"
    # saving the same input again changes nothing and logs nothing
    update_resident(okrug_store, r.id, data, today=TODAY)
    log = changelog.history(okrug_store, r.id)
    assert [c.action for c in log] == ["create", "iin_change"]
    assert log[0].changes["iin"] == [None, IIN] and log[0].changes["statuses"] == [None, ["pensioner"]]
    assert log[1].changes == {
        "iin": [IIN, new_iin],
        "phone": ["", "+7 701 000 0000"],
        "statuses": [["pensioner"], []],
    }
    assert log[0].seq < log[1].seq and log[1].actor.startswith("tester [")
    assert log[1].at == datetime(2026, 11, 25, 10, 1, tzinfo=UTC)


def test_leave_restore_delete_are_tombstones(okrug_store):
    r = add(okrug_store, "Қасымов", "Асхат", BORN)
    with pytest.raises(InvalidLeaveReason):
        mark_left(okrug_store, r.id, "vanished", date(2026, 1, 1))
    left = mark_left(okrug_store, r.id, "moved", date(2026, 1, 1))
    assert left.left_on == date(2026, 1, 1) and left.left_reason == "moved"
    with pytest.raises(AlreadyLeft):
        mark_left(okrug_store, r.id, "died", date(2026, 2, 1))
    back = restore_resident(okrug_store, r.id)
    assert back.left_on is None
    gone = delete_resident(okrug_store, r.id)
    assert gone.deleted and get_resident(okrug_store, r.id).deleted
    actions = [c.action for c in changelog.history(okrug_store, r.id)]
    assert actions == ["create", "leave", "restore", "delete"]
    since = changelog.changes_since(okrug_store, changelog.changes_since(okrug_store, 0)[0].seq)
    assert [c.action for c in since][-3:] == ["leave", "restore", "delete"]
    assert changelog.last_seq(okrug_store) == since[-1].seq


def test_detail_round_trips_through_input(okrug_store, place):
    r = add(okrug_store, "Өспанова", "Әйгерім", date(1990, 3, 8), "F", house_id=place.house_id, apartment="5")
    again = update_resident(okrug_store, r.id, r.to_input(), today=TODAY)
    assert again == r
    assert r.address.endswith("apt. 5")
