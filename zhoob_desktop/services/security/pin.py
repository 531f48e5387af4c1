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
import unicodedata
from dataclasses import dataclass
from datetime import date
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


class PinPattern(ZhoobError):
    template = N_(
        "The PIN repeats the group {group}: such a PIN is among the first tried. Choose digits without a pattern."
    )


class PinYear(ZhoobError):
    template = N_(
        "The PIN reads as the year {year}: years of birth are among the first tried. Choose other digits."
    )


class PinDate(ZhoobError):
    template = N_(
        "The PIN reads as the date {date}: birthdays and other dates are among the first tried. "
        "Choose digits that are not a date."
    )


class PinPersonal(ZhoobError):
    template = N_(
        "The PIN is part of your IIN or of your date of birth as the register has them. "
        "Choose digits that have nothing of yours in them."
    )


class NoOperator(ZhoobError):
    template = N_("A PIN belongs to an operator: log in first.")


#: The years a 4-digit PIN may not be: the years of birth of anyone living, up to this year.
FIRST_YEAR = 1940


def _date(day: str, month: str, year: str | None = None) -> date | None:
    """The date of day/month/year digits (a 2-digit year in either century), or None if there is none."""
    try:
        d, m = int(day), int(month)
        if year is None:
            return date(2000, m, d)  # a leap year: 29.02 is a date too
        y = int(year)
        if len(year) == 2:
            y += 2000 if y <= date.today().year % 100 else 1900
        return date(y, m, d)
    except ValueError:
        return None


def _as_date(pin: str, today: date) -> str | None:
    """The date ``pin`` reads as (DDMM, MMDD; DDMMYY, YYMMDD, MMDDYY; DDMMYYYY, YYYYMMDD, MMDDYYYY), written
    as a clerk writes it, or None."""
    shapes: list[tuple[str, str, str | None]] = []
    n = len(pin)
    if n == 4:
        shapes = [(pin[:2], pin[2:], None), (pin[2:], pin[:2], None)]
    elif n == 6:
        shapes = [(pin[:2], pin[2:4], pin[4:]), (pin[4:], pin[2:4], pin[:2]), (pin[2:4], pin[:2], pin[4:])]
    elif n == 8:
        shapes = [(pin[:2], pin[2:4], pin[4:]), (pin[6:], pin[4:6], pin[:4]), (pin[2:4], pin[:2], pin[4:])]
    for day, month, year in shapes:
        found = _date(day, month, year)
        if found is None or (
            year is not None and len(year) == 4 and not 1900 <= found.year <= today.year + 1
        ):
            continue
        if year is None:
            return f"{found.day:02d}.{found.month:02d}"
        return f"{found.day:02d}.{found.month:02d}.{year}"
    return None


def check_pin(pin: str, *, today: date | None = None, personal: tuple[str, ...] | list[str] = ()) -> None:
    """The PIN's form: 4 to 8 ASCII digits, and not a guessable one.

    Refused, each with its own reason: one digit repeated or a run up or down (``1111``, ``1234``,
    ``7890``); a group repeated (``1212``, ``123123``); a year of birth (``FIRST_YEAR`` to this year, 4
    digits); a date (DDMM, MMDD; DDMMYY, YYMMDD, MMDDYY; DDMMYYYY, YYYYMMDD, MMDDYYYY that are real
    dates); part of ``personal`` (the operator's own IIN and date of birth, when the register has them).
    """
    if not (MIN_DIGITS <= len(pin) <= MAX_DIGITS) or not all("0" <= ch <= "9" for ch in pin):
        raise PinInvalid(low=MIN_DIGITS, high=MAX_DIGITS)
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    if len(steps) == 1 and steps <= {0, 1, 9}:
        raise PinTooSimple()
    for size in range(2, len(pin) // 2 + 1):
        if len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size):
            raise PinPattern(group=pin[:size])
    today = today or date.today()
    if len(pin) == 4 and FIRST_YEAR <= int(pin) <= today.year:
        raise PinYear(year=pin)
    if any(pin in own for own in personal if own):
        raise PinPersonal()
    as_date = _as_date(pin, today)
    if as_date is not None:
        raise PinDate(date=as_date)


def personal_numbers(store: Store, operator: roles.OperatorInfo | None = None) -> list[str]:
    """The digits a PIN of ``operator`` may not be part of: the IIN and date of birth (as DDMMYYYY,
    YYYYMMDD, DDMMYY, YYMMDD, MMDDYYYY) of each resident of the register named as the operator.

    The operator table holds no IIN; the register does when the operator lives in the okrug (the akim and
    his staff usually do). A resident is the operator's namesake when the words of the operator's full name
    are their surname, given name and patronymic, in any order, the patronymic allowed to be left out.
    Read here only to refuse a PIN, never shown or kept."""
    from sqlalchemy import select

    from zhoob_desktop.models.register import Resident

    op = operator or store.operator
    words = _name_words(op.full_name if op else "")
    if not 2 <= len(words) <= 3:
        return []
    # The given name as it may be written (the register keeps names as typed): narrows the rows read.
    spellings = {f(w) for raw in (op.full_name or "").split() for w in (raw.strip(" ,."),) for f in _CASES}
    with store.session() as s:
        rows = s.execute(
            select(
                Resident.iin, Resident.birth_date, Resident.surname, Resident.given_name, Resident.patronymic
            ).where(Resident.given_name.in_(sorted(spellings)), Resident.deleted_at.is_(None))
        ).all()
    out: list[str] = []
    for iin, born, surname, given, patronymic in rows:
        theirs = _name_words(f"{surname} {given} {patronymic or ''}")
        if not (words == theirs or (len(words) == 2 and words == _name_words(f"{surname} {given}"))):
            continue
        if iin:
            out.append(iin)
        if born is not None:
            out += [born.strftime(f) for f in ("%d%m%Y", "%Y%m%d", "%d%m%y", "%y%m%d", "%m%d%Y")]
    return out


_CASES = (str, str.title, str.upper, str.lower, str.capitalize)


def _name_words(name: str) -> tuple[str, ...]:
    return tuple(sorted(unicodedata.normalize("NFC", w).casefold() for w in name.replace(",", " ").split()))


def _params() -> dict[str, int]:
    # The suite's documented test profile lowers it as it lowers the passphrase's scrypt.
    return dict(keys.TEST) if keys.kdf_profile() == keys.TEST else dict(STANDARD)


def _digest(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + 2**20, dklen=32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def make_verifier(pin: str, operator_id: str) -> dict[str, Any]:
    check_pin(pin)  # the form; ``set_pin`` checks the operator's own numbers too
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
    check_pin(pin, personal=personal_numbers(store))
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
