"""A PIN at start: bound to a secret in the user account's protected store, chosen through keyring's API."""

from __future__ import annotations

import shutil

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import SecretService, fail
from keyring.errors import PasswordDeleteError

from tests.conftest import TEST_OPERATOR, TEST_PASSPHRASE
from zhoob_desktop.services.datadir import DB_NAME
from zhoob_desktop.services.security import access, keys, operators, pin, pin_start, roles
from zhoob_desktop.services.security.access import Credentials
from zhoob_desktop.services.store import open_store


class MemoryVault(SecretService.Keyring):
    """The Secret Service of a desktop session, its items held in memory for the test."""

    def __init__(self):
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class PlainFile(KeyringBackend):
    """A backend that keeps secrets as plain text (like keyrings.alt's): not protected by the system."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.items = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


@pytest.fixture
def use_backend():
    previous = keyring.get_keyring()
    chosen = []

    def use(backend):
        keyring.set_keyring(backend)
        chosen.append(backend)
        return backend

    yield use
    keyring.set_keyring(previous)


@pytest.fixture
def vault(use_backend):
    return use_backend(MemoryVault())


def _pin_login(folder, pin_text, login=TEST_OPERATOR):
    return open_store(folder, credentials=Credentials(login, pin_text, pin=True))


@pytest.mark.parametrize("backend", [fail.Keyring, PlainFile])
def test_not_offered_without_a_protected_store(store, use_backend, backend):
    use_backend(backend())
    assert pin_start.protected_store() is None
    with pytest.raises(pin_start.PinAtStartUnavailable) as caught:
        pin.set_pin(store, "2580", at_start=True)
    assert "Credential Manager" in caught.value.message() and "copy of the folder" in caught.value.message()
    assert "pins" not in access.AccessFile.read(store.data_dir).data
    assert not pin.has_pin(store)  # nothing half-set


def test_the_pin_opens_the_program_on_this_account(store, vault):
    pin.set_pin(store, "2580", at_start=True)
    assert pin.has_pin_at_start(store) and len(vault.items) == 1
    folder = store.data_dir
    store.close(backup=False)
    opened = _pin_login(folder, "2580")
    try:
        assert opened.operator.login == TEST_OPERATOR and opened.operator.role == roles.AKIM
    finally:
        opened.close(backup=False)


def test_a_copied_folder_gives_nothing_to_search(store, vault, use_backend, tmp_path):
    pin.set_pin(store, "2580", at_start=True)
    folder = store.data_dir
    store.close(backup=False)
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in (DB_NAME, access.ACCESS_FILE):
        shutil.copyfile(folder / name, copy / name)
    raw = (copy / access.ACCESS_FILE).read_text()
    secret = next(iter(vault.items.values()))
    assert secret not in raw  # the secret is not in the folder
    use_backend(MemoryVault())  # another computer, or another account: its own store, empty
    with pytest.raises(pin_start.PinSecretMissing):
        _pin_login(copy, "2580")
    # Every PIN tried against the wrap without the account's secret: none opens it.
    data = access.AccessFile.read(copy).data
    op_id = next(iter(data["pins"]))
    wrap = keys.Wrap.from_json(data["pins"][op_id]["wrap"])
    for candidate in ("2580", "0000", "1234"):
        with pytest.raises(keys.WrongSecret):
            keys.unwrap(wrap, candidate, "pin:" + op_id)


def test_five_wrong_pins_leave_the_passphrase_only(store, vault):
    pin.set_pin(store, "2580", at_start=True)
    folder = store.data_dir
    store.close(backup=False)
    for left in (4, 3, 2, 1):
        with pytest.raises(pin_start.WrongPin) as caught:
            _pin_login(folder, "0000")
        assert str(left) in caught.value.message()
    with pytest.raises(pin_start.PinTurnedOff):
        _pin_login(folder, "0000")
    assert vault.items == {} and not access.AccessFile.read(folder).data.get("pins")
    with pytest.raises(pin_start.PinNotSet):
        _pin_login(folder, "2580")
    opened = open_store(folder, credentials=Credentials(TEST_OPERATOR, TEST_PASSPHRASE))
    opened.close(backup=False)


def test_a_right_pin_resets_the_count(store, vault):
    pin.set_pin(store, "2580", at_start=True)
    folder = store.data_dir
    store.close(backup=False)
    for _ in range(4):
        with pytest.raises(pin_start.WrongPin):
            _pin_login(folder, "0000")
    _pin_login(folder, "2580").close(backup=False)
    with pytest.raises(pin_start.WrongPin) as caught:
        _pin_login(folder, "0000")
    assert "4" in caught.value.message()


def test_changing_or_clearing_the_pin_ends_the_old_one_at_start(store, vault):
    pin.set_pin(store, "2580", at_start=True)
    pin.set_pin(store, "4821")  # a new PIN for the session only
    assert not pin.has_pin_at_start(store) and vault.items == {}
    pin.set_pin(store, "4821", at_start=True)
    assert pin.clear_pin(store) and vault.items == {} and not pin.has_pin_at_start(store)


def test_a_removed_operator_loses_the_pin_at_start(store, vault):
    operators.add_operator(store, "clerk", "clerk passphrase", roles.CLERK)
    folder = store.data_dir
    store.close(backup=False)
    clerk = open_store(folder, credentials=Credentials("clerk", "clerk passphrase"))
    pin.set_pin(clerk, "4821", at_start=True)
    assert not clerk.operator.can("register.write")  # the PIN gives no right
    clerk.close(backup=False)
    again = _pin_login(folder, "4821", "clerk")
    assert again.operator.role == roles.CLERK
    again.close(backup=False)
    akim = open_store(folder)
    operators.remove_operator(akim, "clerk")
    akim.close(backup=False)
    assert vault.items == {}
    with pytest.raises(pin_start.PinNotSet):
        _pin_login(folder, "4821", "clerk")


def test_the_command_sets_the_pin_at_start_or_says_why_not(store, use_backend, monkeypatch, capsys):
    from zhoob_desktop.cli import main

    folder = store.data_dir
    store.close(backup=False)
    monkeypatch.setenv("ZHOOB_NEW_PIN", "2580")
    argv = ["--lang", "en", "--data-dir", str(folder), "operator", "pin", "set", "--at-start"]
    use_backend(fail.Keyring())
    assert main(argv) == 1
    assert "not offered" in capsys.readouterr().err
    use_backend(MemoryVault())
    assert main(argv) == 0
    assert "opens the program" in capsys.readouterr().out
    _pin_login(folder, "2580").close(backup=False)
