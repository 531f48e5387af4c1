"""A PIN at start, only where a copied data folder cannot be searched for it.

A 4–8 digit PIN wrapping the data key alone would fall to an offline search
of a copied ``access.json`` in minutes. Here the PIN's wrap is bound to a
256-bit secret that the operating system keeps for the user account (the
``keyring`` package: Windows' Credential Manager, protected by DPAPI with the
user's log-on; Linux's Secret Service, the login keyring): the key-encryption
key is scrypt of the PIN *and* that secret. The secret is never in the data
folder, so a copy of the folder (a USB stick, a backup, a disk taken out)
gives nothing to search. Where no such store is available for the account
(no Credential Manager, no Secret Service running, only a plain-text or
failing backend), PIN at start is not offered and the reason is given.

Five wrong PINs in a row delete the PIN's wrap and its secret: the passphrase
only, until the operator sets the PIN again. docs/security.md, "PIN at start",
says what this covers (a copied folder; a stolen laptop whose account has a
password) and what it does not (an account without a password, a shared
account: whoever runs programs as that user can read the secret and search
the PIN offline).
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from typing import Any

from zhoob_desktop.services.errors import StoreError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.security import keys

#: The name under which the secrets are kept in the user's store.
SERVICE = "Zhoob Desktop"
#: Wrong PINs in a row at start before the PIN's wrap is deleted (the passphrase only).
MAX_TRIES = 5

#: Backends whose secrets the operating system protects for the user account; anything else
#: (a plain-text file, the failing backend, a backend of unknown kind) does not count.
PROTECTED = {
    "keyring.backends.Windows.WinVaultKeyring": "Windows Credential Manager (DPAPI)",
    "keyring.backends.SecretService.Keyring": "Secret Service",
    "keyring.backends.libsecret.Keyring": "Secret Service (libsecret)",
    "keyring.backends.macOS.Keyring": "macOS Keychain",
}


class PinAtStartUnavailable(StoreError):
    template = N_(
        "A PIN at start is not offered on this computer: no store protected by the operating system for this "
        "user account was found (Windows Credential Manager, or a Secret Service such as GNOME Keyring or "
        "KWallet). Without one, a PIN of a few digits kept in the data folder would be found by trying every "
        "PIN on a copy of the folder."
    )


class PinStoreRefused(StoreError):
    template = N_(
        "The protected store of this user account refused the PIN's secret ({detail}); the PIN at start is not "
        "set."
    )


class PinSecretMissing(StoreError):
    template = N_(
        "The PIN of {login} was set on another computer or user account (its secret is not in this account's "
        "protected store). Log in with the passphrase."
    )


class PinNotSet(StoreError):
    template = N_("{login} has no PIN for the start on this computer. Log in with the passphrase.")


class WrongPin(StoreError):
    template = N_("Wrong PIN. Tries left before the PIN is turned off: {count}.")


class PinTurnedOff(StoreError):
    template = N_(
        "{count} wrong PINs in a row: the PIN at start is turned off. Log in with the passphrase and set the "
        "PIN again in Settings."
    )


def _name(backend: Any) -> str | None:
    for cls in type(backend).__mro__:
        found = PROTECTED.get(f"{cls.__module__}.{cls.__qualname__}")
        if found:
            return found
    return None


@dataclass(frozen=True)
class ProtectedStore:
    """The keyring backend chosen for the user account, and a readable name of it."""

    backend: Any
    name: str

    def get(self, username: str) -> bytes | None:
        value = self.backend.get_password(SERVICE, username)
        if not value:
            return None
        try:
            raw = base64.b64decode(value.encode("ascii"), validate=True)
        except ValueError:
            return None
        return raw if len(raw) == 32 else None

    def put(self, username: str, secret: bytes) -> None:
        self.backend.set_password(SERVICE, username, base64.b64encode(secret).decode("ascii"))

    def delete(self, username: str) -> None:
        try:
            self.backend.delete_password(SERVICE, username)
        except Exception:  # noqa: BLE001 - already gone, or the store refuses: the wrap is deleted anyway
            pass


def protected_store() -> ProtectedStore | None:
    """The user's protected store, or None (``PinAtStartUnavailable`` says why)."""
    try:
        import keyring
        from keyring.backends.chainer import ChainerBackend
    except ImportError:
        return None
    try:
        chosen = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken configuration: not offered
        return None
    candidates = list(chosen.backends) if isinstance(chosen, ChainerBackend) else [chosen]
    for backend in candidates:
        name = _name(backend)
        if name:
            return ProtectedStore(backend, name)
    return None


def username(access_data: dict[str, Any], operator_id: str) -> str:
    """The secret's name: this data folder (its key check, already in access.json) and the operator."""
    return f"pin:{access_data.get('key_check', '')}:{operator_id}"


def _owner(operator_id: str) -> str:
    return "pin:" + operator_id


def _secret_text(pin: str, device_secret: bytes) -> str:
    # scrypt of both: without the device secret there are 2^256 candidates, not 10^8.
    return pin + ":" + base64.b64encode(device_secret).decode("ascii")


def make_wrap(access_data: dict[str, Any], data_key: bytes, operator_id: str, pin: str) -> None:
    """Wrap the data key for ``operator_id``'s PIN bound to a new secret in the protected store."""
    store = protected_store()
    if store is None:
        raise PinAtStartUnavailable()
    device_secret = secrets.token_bytes(32)
    name = username(access_data, operator_id)
    try:
        store.put(name, device_secret)
        if store.get(name) != device_secret:
            raise OSError("the secret did not read back")
    except Exception as exc:  # noqa: BLE001 - any refusal of the store
        raise PinStoreRefused(detail=str(exc) or type(exc).__name__) from exc
    w = keys.wrap(data_key, _secret_text(pin, device_secret), _owner(operator_id))
    access_data.setdefault("pins", {})[operator_id] = {"wrap": w.to_json(), "tries": 0, "store": store.name}


def drop_wrap(access_data: dict[str, Any], operator_id: str) -> bool:
    """Delete ``operator_id``'s PIN wrap and its secret; True when there was one."""
    entry = (access_data.get("pins") or {}).pop(operator_id, None)
    if entry is None:
        return False
    store = protected_store()
    if store is not None:
        store.delete(username(access_data, operator_id))
    return True


def has_wrap(access_data: dict[str, Any], operator_id: str) -> bool:
    return operator_id in (access_data.get("pins") or {})


def unwrap(access_data: dict[str, Any], operator_id: str, login: str, pin: str) -> bytes:
    """The data key from the PIN; a wrong PIN counts (the caller saves ``access_data``)."""
    entry = (access_data.get("pins") or {}).get(operator_id)
    if entry is None:
        raise PinNotSet(login=login)
    store = protected_store()
    device_secret = store.get(username(access_data, operator_id)) if store is not None else None
    if device_secret is None:
        raise PinSecretMissing(login=login)
    try:
        data_key = keys.unwrap(
            keys.Wrap.from_json(entry["wrap"]), _secret_text(pin, device_secret), _owner(operator_id)
        )
    except keys.WrongSecret:
        entry["tries"] = int(entry.get("tries", 0)) + 1
        if entry["tries"] >= MAX_TRIES:
            drop_wrap(access_data, operator_id)
            raise PinTurnedOff(count=MAX_TRIES) from None
        raise WrongPin(count=MAX_TRIES - entry["tries"]) from None
    entry["tries"] = 0
    return data_key
