"""The PIN of a running session: its form, where its verifier lives, the five tries, rights untouched."""

from __future__ import annotations

from datetime import date

import pytest

from zhoob_desktop.services.datadir import DB_NAME
from zhoob_desktop.services.security import access, audit, operators, pin, roles
from zhoob_desktop.services.security.access import Credentials
from zhoob_desktop.services.store import open_store


@pytest.mark.parametrize("typed", ["", "123", "123456789", "12a4", "１２３４５", "12 45", "-1234"])
def test_a_pin_is_four_to_eight_digits(typed):
    with pytest.raises(pin.PinInvalid):
        pin.check_pin(typed)


@pytest.mark.parametrize("typed", ["1111", "1234", "987654", "7890", "3210"])
def test_a_pin_is_not_one_digit_or_a_run(typed):
    with pytest.raises(pin.PinTooSimple):
        pin.check_pin(typed)


@pytest.mark.parametrize("typed", ["2580", "1357", "736951", "11112", "1939", "2027", "25803714", "4821"])
def test_ordinary_pins_are_taken(typed):
    pin.check_pin(typed, today=TODAY)


TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("typed", "group"),
    [("1212", "12"), ("0101", "01"), ("123123", "123"), ("4747", "47"), ("58585858", "58")],
)
def test_a_repeated_group_is_refused(typed, group):
    with pytest.raises(pin.PinPattern) as caught:
        pin.check_pin(typed, today=TODAY)
    assert caught.value.params["group"] == group


@pytest.mark.parametrize("typed", ["1940", "1950", "1987", "2000", "2026"])
def test_a_year_of_birth_is_refused(typed):
    with pytest.raises(pin.PinYear):
        pin.check_pin(typed, today=TODAY)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("3112", "31.12"),  # DDMM
        ("1231", "31.12"),  # MMDD
        ("2902", "29.02"),  # a leap day is a date
        ("0703", "07.03"),
        ("150385", "15.03.85"),  # DDMMYY
        ("850315", "15.03.85"),  # YYMMDD
        ("031585", "15.03.85"),  # MMDDYY
        ("040512", "04.05.12"),
        ("15031985", "15.03.1985"),  # DDMMYYYY
        ("19850315", "15.03.1985"),  # YYYYMMDD
        ("03151985", "15.03.1985"),  # MMDDYYYY
    ],
)
def test_a_date_is_refused_and_named(typed, shown):
    with pytest.raises(pin.PinDate) as caught:
        pin.check_pin(typed, today=TODAY)
    assert caught.value.params["date"] == shown


@pytest.mark.parametrize("typed", ["3002", "3104", "1313", "3299", "321985", "31041985"])
def test_what_is_not_a_date_is_not_refused_as_one(typed):
    try:
        pin.check_pin(typed, today=TODAY)
    except pin.PinDate:  # pragma: no cover - the failure this test looks for
        pytest.fail(f"{typed} is not a date")
    except pin.PinPattern:
        pass


def test_each_refusal_names_its_reason_in_the_users_language():
    from zhoob_desktop.services import i18n

    said = {}
    for lang in ("kk", "ru", "en"):
        i18n.set_language(lang)
        said[lang] = [
            exc.message()
            for exc in (
                pin.PinYear(year="1987"),
                pin.PinDate(date="31.12"),
                pin.PinPattern(group="12"),
                pin.PinPersonal(),
            )
        ]
    i18n.set_language("kk")
    assert "1987" in said["kk"][0] and "31.12" in said["ru"][1] and "12" in said["en"][2]
    for i in range(4):
        assert len({said[lang][i] for lang in said}) == 3  # translated, not the English fallback


def test_the_operators_own_iin_and_birth_date_are_refused_in_the_service(store):
    from zhoob_desktop.services.register.iin import make_iin
    from zhoob_desktop.services.register.residents import ResidentInput, create_resident

    born = date(1979, 8, 23)
    iin = make_iin(born, "F", 4711)
    create_resident(
        store, ResidentInput("Сәрсенова", "Айгүл", "Болатқызы", iin=iin, birth_date=born), today=TODAY
    )
    operators.add_operator(store, "aigul", "aigul passphrase", roles.SECRETARY, full_name="Айгүл Сәрсенова")
    folder = store.data_dir
    store.close(backup=False)
    aigul = open_store(folder, credentials=Credentials("aigul", "aigul passphrase"))
    try:
        assert iin in pin.personal_numbers(aigul)
        for name in ("сәрсенова айгүл болатқызы", "БОЛАТҚЫЗЫ Айгүл Сәрсенова", "Сәрсенова Айгүл"):
            other = roles.OperatorInfo(aigul.operator.id, "aigul", name, roles.SECRETARY)
            assert iin in pin.personal_numbers(aigul, other), name
        for name in ("Айгүл Сәрсенова Ержанқызы", "Айгүл", "Айгүл Болатқызы"):
            other = roles.OperatorInfo(aigul.operator.id, "aigul", name, roles.SECRETARY)
            assert pin.personal_numbers(aigul, other) == [], name
        for own in (iin[-4:], iin[-6:], iin[3:9], "790823"):
            with pytest.raises((pin.PinPersonal, pin.PinDate)):
                pin.set_pin(aigul, own)
        with pytest.raises(pin.PinPersonal):
            pin.set_pin(aigul, iin[-4:])
        assert not pin.has_pin(aigul)
        pin.set_pin(aigul, "7319")
        assert pin.has_pin(aigul)
    finally:
        aigul.close(backup=False)


def test_an_operator_without_a_namesake_in_the_register_has_no_personal_numbers(store):
    assert pin.personal_numbers(store) == []
    pin.set_pin(store, "7319")
    with pytest.raises(pin.PinDate):
        pin.set_pin(store, "2312")


def test_the_verifier_is_inside_the_encrypted_database_only(store):
    pin.set_pin(store, "25803714")
    assert pin.has_pin(store)
    folder = store.data_dir
    store.close(backup=True)
    for path in folder.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            assert b"security.pin" not in raw and b"25803714" not in raw, path
    assert "pin" not in (folder / access.ACCESS_FILE).read_text()
    reopened = open_store(folder)
    try:
        gate = pin.PinGate.for_session(reopened)
        assert gate.enabled and gate.check("25803714")
    finally:
        reopened.close(backup=False)


def test_five_wrong_pins_turn_it_off_until_the_passphrase(store):
    pin.set_pin(store, "2580")
    gate = pin.PinGate.for_session(store)
    for left in (4, 3, 2, 1):
        assert not gate.check("0000") and gate.tries_left == left and gate.enabled
    assert not gate.check("0000") and gate.blocked and not gate.enabled
    assert not gate.check("2580")  # the right PIN no longer opens: only the passphrase
    gate.passphrase_typed()
    assert gate.enabled and gate.check("2580") and gate.tries == 0


def test_a_success_resets_the_count_and_a_changed_pin_is_taken_up(store):
    pin.set_pin(store, "2580")
    gate = pin.PinGate.for_session(store)
    for _ in range(4):
        gate.check("0000")
    assert gate.check("2580") and gate.tries == 0
    gate.check("0000")
    gate.refresh(store)
    assert gate.tries == 1  # the same PIN: the count goes on
    pin.set_pin(store, "135790")
    gate.refresh(store)
    assert gate.tries == 0 and not gate.check("2580") and gate.check("135790")
    pin.clear_pin(store)
    gate.refresh(store)
    assert not gate.enabled and not pin.has_pin(store)


def test_a_verifier_moved_to_another_operator_does_not_open(store):
    pin.set_pin(store, "2580")
    verifier = store.get_setting(pin.SETTING_PREFIX + store.operator.id)
    assert pin.matches(verifier, "2580", store.operator.id)
    assert not pin.matches(verifier, "2580", "another-operator")


def _as(store, login, role):
    operators.add_operator(store, login, f"{login} passphrase", role)
    folder = store.data_dir
    store.close(backup=False)
    return open_store(folder, credentials=Credentials(login, f"{login} passphrase")), folder


def test_every_role_sets_its_own_pin_and_its_rights_stay(store):
    clerk, folder = _as(store, "clerk", roles.CLERK)
    try:
        pin.set_pin(clerk, "4821")
        assert pin.has_pin(clerk)
        assert not clerk.operator.can("register.write")
        with pytest.raises(roles.PermissionDenied):
            pin.clear_pin(clerk, "tester")  # another operator's PIN: the akim's business
        with pytest.raises(roles.PermissionDenied):
            operators.set_idle_minutes(clerk, 0)
    finally:
        clerk.close(backup=False)
    akim = open_store(folder)
    try:
        assert [e.operator for e in audit.entries(akim, kind="pin.set")][-1].startswith("clerk")
        assert pin.clear_pin(akim, "clerk") is True
        assert [e.kind for e in audit.entries(akim, kind="pin.cleared")] == ["pin.cleared"]
        assert pin.clear_pin(akim, "clerk") is False
    finally:
        akim.close(backup=False)


def test_no_pin_in_a_copied_folder_opens_anything(store, tmp_path):
    """A PIN never wraps the data key: the copied folder's key file has only passphrase wraps."""
    pin.set_pin(store, "2580")
    folder = store.data_dir
    store.close(backup=True)
    data = access.AccessFile.read(folder).data
    assert set(data) <= {"format", "key_check", "operators", "failures", "recovery"}
    with pytest.raises(access.WrongPassphrase):
        access.unlock(folder, Credentials("tester", "2580"), sleep=lambda _s: None)
    assert (folder / DB_NAME).exists()
