"""A PIN to come back to a running session: unlock after idle, or after "Lock now".

A PIN never opens the data key. The key is in memory while the session runs;
the PIN only tells the window that the person at it is the operator who
logged in with their passphrase. Its verifier (scrypt of the PIN with a random
salt) is kept inside the encrypted database, as a setting per operator, so a
copied data folder shows nothing of it without a passphrase, and whoever has a
passphrase has the data already. The count of wrong PINs lives in memory
(``PinGate``): after ``MAX_TRIES`` wrong ones in a row the PIN is off for the
session until the passphrase is typed.

A PIN at start (instead of the passphrase) is offered only bound to a secret the
operating system keeps for the user account (``pin_start``; docs/security.md).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.security import audit, keys, roles

Store = Any

SETTING_PREFIX = "security.pin."
MIN_DIGITS = 4
MAX_DIGITS = 8
#: Wrong PINs in a row before the PIN is off until the passphrase is typed.
MAX_TRIES = 5
#: scrypt for the verifier: only ever tried online, five times, so a light cost is enough.
STANDARD = {"n": 2**14, "r": 8, "p": 1}


class PinInvalid(ZhoobError):
    template = N_("A PIN is {low} to {high} digits, nothing else.")


class PinTooSimple(ZhoobError):
    template = N_("Choose a PIN that is not one digit repeated or digits in a row (such as 1111 or 1234).")


class NoOperator(ZhoobError):
    template = N_("A PIN belongs to an operator: log in first.")


def check_pin(pin: str) -> None:
    """The PIN's form: 4 to 8 ASCII digits, not one digit repeated, not a run up or down."""
    if not (MIN_DIGITS <= len(pin) <= MAX_DIGITS) or not all("0" <= ch <= "9" for ch in pin):
        raise PinInvalid(low=MIN_DIGITS, high=MAX_DIGITS)
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    if len(steps) == 1 and steps <= {0, 1, 9}:
        raise PinTooSimple()


def _params() -> dict[str, int]:
    # The suite's documented test profile lowers it as it lowers the passphrase's scrypt.
    return dict(keys.TEST) if keys.kdf_profile() == keys.TEST else dict(STANDARD)


def _digest(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + 2**20, dklen=32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def make_verifier(pin: str, operator_id: str) -> dict[str, Any]:
    check_pin(pin)
    params = _params()
    salt = secrets.token_bytes(16)
    digest = _digest(pin + ":" + operator_id, salt, **params)
    return {"kdf": "scrypt", **params, "salt": _b64(salt), "hash": _b64(digest)}


def matches(verifier: dict[str, Any], pin: str, operator_id: str) -> bool:
    try:
        n, r, p = int(verifier["n"]), int(verifier["r"]), int(verifier["p"])
        salt = base64.b64decode(verifier["salt"], validate=True)
        expected = base64.b64decode(verifier["hash"], validate=True)
    except (KeyError, TypeError, ValueError):
        return False
    if not pin.isascii():
        return False
    return hmac.compare_digest(_digest(pin + ":" + operator_id, salt, n, r, p), expected)


def _setting(operator_id: str) -> str:
    return SETTING_PREFIX + operator_id


def has_pin(store: Store, operator_id: str | None = None) -> bool:
    op = operator_id or (store.operator.id if store.operator else None)
    return bool(op) and isinstance(store.get_setting(_setting(op)), dict)


def set_pin(store: Store, pin: str, *, at_start: bool = False) -> None:
    """The logged-in operator's own PIN (any role: it gives no right, it only brings them back).

    ``at_start``: the PIN opens the program too, on this computer and user account only (its wrap
    of the data key bound to a secret in the account's protected store; ``pin_start``). Without it
    an earlier PIN at start is removed: a changed PIN never leaves the old one working.
    """
    from zhoob_desktop.services.security import access as access_mod
    from zhoob_desktop.services.security import pin_start

    if store.operator is None:
        raise NoOperator()
    verifier = make_verifier(pin, store.operator.id)
    af = access_mod.AccessFile.read(store.data_dir)
    if at_start:
        pin_start.make_wrap(af.data, store.key, store.operator.id, pin)
        af.save()
    elif pin_start.drop_wrap(af.data, store.operator.id):
        af.save()
    store.set_setting(_setting(store.operator.id), verifier)
    audit.record(store, "pin.set", store.operator.id, {"at_start": at_start})


def has_pin_at_start(store: Store, operator_id: str | None = None) -> bool:
    from zhoob_desktop.services.security import access as access_mod
    from zhoob_desktop.services.security import pin_start

    op = operator_id or (store.operator.id if store.operator else None)
    return bool(op) and pin_start.has_wrap(access_mod.AccessFile.read(store.data_dir).data, op)


def clear_pin(store: Store, login: str | None = None) -> bool:
    """Remove a PIN: one's own, or (the akim, who manages operators) another operator's. True if one was set."""
    from zhoob_desktop.services.security import operators

    if store.operator is None:
        raise NoOperator()
    if login is None or operators.access_mod.fold_login(login) == operators.access_mod.fold_login(
        store.operator.login
    ):
        op_id = store.operator.id
    else:
        roles.require(store, "operators.manage")
        with store.session() as s:
            op_id = str(operators._by_login(s, login).id)
    from zhoob_desktop.services.security import access as access_mod
    from zhoob_desktop.services.security import pin_start

    af = access_mod.AccessFile.read(store.data_dir)
    at_start = pin_start.drop_wrap(af.data, op_id)
    if at_start:
        af.save()
    had = has_pin(store, op_id) or at_start
    if had:
        with store.session() as s:
            from sqlalchemy import delete

            from zhoob_desktop.models.core import Setting

            s.execute(delete(Setting).where(Setting.key == _setting(op_id)))
        audit.record(store, "pin.cleared", op_id)
    return had


@dataclass
class PinGate:
    """The session's PIN: its verifier in memory and the wrong tries since the last success.

    ``verifier`` is read when the session starts and again at each lock (a PIN set or
    removed in Settings meanwhile); ``tries`` never leaves memory. After ``MAX_TRIES`` wrong PINs
    ``enabled`` is False until ``passphrase_typed``.
    """

    operator_id: str
    verifier: dict[str, Any] | None = None
    tries: int = 0
    blocked: bool = False

    @classmethod
    def for_session(cls, store: Store) -> PinGate:
        op = store.operator.id if store.operator else ""
        found = store.get_setting(_setting(op)) if op else None
        return cls(op, found if isinstance(found, dict) else None)

    def refresh(self, store: Store) -> None:
        """Take up a PIN set or removed since (in Settings); wrong tries count on unless it changed."""
        found = store.get_setting(_setting(self.operator_id)) if self.operator_id else None
        found = found if isinstance(found, dict) else None
        if found != self.verifier:
            self.verifier = found
            self.tries, self.blocked = 0, False

    @property
    def enabled(self) -> bool:
        return self.verifier is not None and not self.blocked

    @property
    def tries_left(self) -> int:
        return max(0, MAX_TRIES - self.tries)

    def check(self, pin: str) -> bool:
        """Whether ``pin`` is the operator's; the fifth wrong one in a row turns the PIN off."""
        if not self.enabled:
            return False
        if matches(self.verifier, pin.strip(), self.operator_id):
            self.tries = 0
            return True
        self.tries += 1
        if self.tries >= MAX_TRIES:
            self.blocked = True
        return False

    def passphrase_typed(self) -> None:
        """The operator proved who they are with the passphrase: the PIN works again."""
        self.tries, self.blocked = 0, False
