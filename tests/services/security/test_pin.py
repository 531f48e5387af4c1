"""The PIN of a running session: its form, where its verifier lives, the five tries, rights untouched."""

from __future__ import annotations

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


@pytest.mark.parametrize("typed", ["2580", "1357", "040512", "11112"])
def test_ordinary_pins_are_taken(typed):
    pin.check_pin(typed)


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
