"""The key file ``access.json``: the data key wrapped for each operator and for the recovery key.

It sits beside the database and holds no personal data: operator ids, log-in
names, scrypt parameters and sealed keys, and the count of failed attempts.
A copy is kept in ``backups/access.json`` (a damaged file is replaced by it).
Whoever copies the data folder gets only ciphertext: the passphrase or the
recovery key is needed to open it.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from zhoob_desktop.services.errors import StoreError
from zhoob_desktop.services.files import atomic_write_bytes, private_dir
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.security import keys

ACCESS_FILE = "access.json"
FORMAT = 1
ENV_OPERATOR = "ZHOOB_OPERATOR"
ENV_PASSPHRASE = "ZHOOB_PASSPHRASE"
RECOVERY_OWNER = "recovery"
#: The longest wait between two attempts after repeated failures, in seconds.
MAX_DELAY = 30.0
MIN_PASSPHRASE = 8


class PassphraseNeeded(StoreError):
    template = N_(
        "The data in {path} are encrypted: log in with an operator's name and passphrase "
        "(scripts: the environment variables ZHOOB_OPERATOR and ZHOOB_PASSPHRASE)."
    )


class SetupNeeded(PassphraseNeeded):
    template = N_(
        "The data folder {path} is new: set it up first with the first operator's name and passphrase "
        "(the window asks; the command zhoob setup; scripts: ZHOOB_OPERATOR and ZHOOB_PASSPHRASE)."
    )


class WrongPassphrase(StoreError):
    template = N_(
        "Wrong operator name or passphrase (failed attempts in a row: {count}). Nothing was changed; "
        "the next attempt is possible in {seconds} s."
    )


class WrongRecoveryKey(StoreError):
    template = N_("The recovery key does not open this data folder. Nothing was changed.")


class AccessFileDamaged(StoreError):
    template = N_(
        "The key file {path} is damaged or missing ({detail}) and no good copy was found in backups/. "
        "Copy access.json back from a copy of the data folder; without it the data cannot be opened."
    )


class WeakPassphrase(StoreError):
    template = N_("A passphrase needs at least {count} characters.")


class PassphraseDigits(WeakPassphrase):
    template = N_(
        "A passphrase of digits only (a date, a telephone number) is among the first tried. Use a few words "
        "known only to you."
    )


class PassphrasePlain(WeakPassphrase):
    template = N_(
        "The passphrase is a few characters repeated or keys in a row (such as qwertyui or aaaa1111): it is "
        "among the first tried. Use a few words known only to you."
    )


class PassphraseCommon(WeakPassphrase):
    template = N_(
        "The passphrase is the common word {word} with digits or signs added: it is among the first tried. "
        "Use a few words known only to you."
    )


class PassphraseLogin(WeakPassphrase):
    template = N_(
        "The passphrase is the log-in name with digits or signs added: it is among the first tried. Use a "
        "few words known only to you."
    )


class LoginTaken(StoreError):
    template = N_("An operator named {login} already exists.")


@dataclass(frozen=True)
class Credentials:
    """Who logs in: a log-in name and a passphrase (or, with ``recovery``, the recovery key)."""

    login: str
    passphrase: str
    recovery: bool = False
    #: ``passphrase`` is the operator's PIN at start (``pin_start``: bound to the account's protected store).
    pin: bool = False

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Credentials | None:
        """``ZHOOB_OPERATOR`` and ``ZHOOB_PASSPHRASE`` for scripts; else None."""
        env = os.environ if environ is None else environ
        login = env.get(ENV_OPERATOR, "")
        if login and env.get(ENV_PASSPHRASE):
            return cls(login, env[ENV_PASSPHRASE])
        return None


@dataclass(frozen=True)
class Unlocked:
    """The result of a successful log-in: the data key and whose wrap opened it."""

    data_key: bytes
    operator_id: str
    login: str
    by_recovery: bool = False


def fold_login(login: str) -> str:
    return unicodedata.normalize("NFC", login).strip().casefold()


#: Keyboard rows and alphabets (Latin, Russian and Kazakh layouts): a passphrase read along one is refused.
_RUNS = (
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "1234567890",
    "abcdefghijklmnopqrstuvwxyz",
    "йцукенгшщзхъ",
    "фывапролджэ",
    "ячсмитьбю",
    "әіңғүұқөһ",
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
)
#: The words tried first (with digits or signs added), in the languages of the okrug.
COMMON_WORDS = (
    "password",
    "passw0rd",
    "parol",
    "пароль",
    "құпиясөз",
    "qwerty",
    "йцукен",
    "admin",
    "administrator",
    "akimat",
    "әкімдік",
    "акимат",
    "zhoob",
    "iloveyou",
    "welcome",
    "letmein",
    "secret",
    "секрет",
    "kazakhstan",
    "қазақстан",
    "казахстан",
)


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def check_passphrase(passphrase: str, login: str = "") -> None:
    """A new passphrase: at least ``MIN_PASSPHRASE`` characters, and not one of those tried first.

    Refused, each with its reason: digits only; fewer than four different characters, or a run along a
    keyboard row or the alphabet (``qwertyui``, ``abcdefgh``, ``йцукенгш``); a common word (``password``,
    ``пароль``, ``akimat``...) or the log-in name, alone or with digits and signs added. A passphrase set
    before is not checked again: only a new one is."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise WeakPassphrase(count=MIN_PASSPHRASE)
    folded = unicodedata.normalize("NFC", passphrase).casefold()
    compact = "".join(folded.split())
    if compact.isdigit():
        raise PassphraseDigits()
    if len(set(compact)) < 4 or any(compact in run or compact in run[::-1] for run in _RUNS):
        raise PassphrasePlain()
    letters = _letters(folded)
    word = next((w for w in COMMON_WORDS if letters == w), None)
    if word is not None:
        raise PassphraseCommon(word=word)
    own = _letters(fold_login(login))
    if own and letters == own:
        raise PassphraseLogin()


def delay_after(failures: int) -> float:
    """Seconds to wait before the next attempt after ``failures`` failed ones in a row: 1, 2, 4, ... 30."""
    if failures <= 0:
        return 0.0
    return min(MAX_DELAY, 2.0 ** (failures - 1))


def is_encrypted(data_dir: Path) -> bool:
    return (Path(data_dir) / ACCESS_FILE).exists()


class AccessFile:
    """``access.json`` read into memory; ``save`` writes it and its copy in backups/ atomically."""

    def __init__(self, data_dir: Path, data: dict[str, Any]):
        self.data_dir = Path(data_dir)
        self.data = data

    @property
    def path(self) -> Path:
        return self.data_dir / ACCESS_FILE

    @property
    def copy_path(self) -> Path:
        return self.data_dir / "backups" / ACCESS_FILE

    @classmethod
    def new(cls, data_dir: Path, data_key: bytes) -> AccessFile:
        return cls(
            data_dir,
            {"format": FORMAT, "key_check": keys.key_check(data_key), "operators": {}, "failures": {}},
        )

    @classmethod
    def read(cls, data_dir: Path) -> AccessFile:
        """The key file; a damaged one is replaced by its copy in backups/ when that one is sound."""
        data_dir = Path(data_dir)
        main, copy = data_dir / ACCESS_FILE, data_dir / "backups" / ACCESS_FILE
        try:
            return cls(data_dir, _parse(main))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            try:
                data = _parse(copy)
            except (OSError, ValueError, KeyError, TypeError):
                raise AccessFileDamaged(path=str(main), detail=str(exc)) from exc
            shutil.copyfile(copy, main)
            os.chmod(main, 0o600) if os.name == "posix" else None
            return cls(data_dir, data)

    def save(self) -> None:
        payload = json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        atomic_write_bytes(self.path, payload)
        private_dir(self.copy_path.parent)
        atomic_write_bytes(self.copy_path, payload)

    # --- wraps ------------------------------------------------------------------------------

    def logins(self) -> list[str]:
        return sorted(entry["login"] for entry in self.data["operators"].values())

    def find(self, login: str) -> str | None:
        """The operator id whose log-in name is ``login`` (case and spaces ignored)."""
        wanted = fold_login(login)
        for op_id, entry in self.data["operators"].items():
            if fold_login(entry["login"]) == wanted:
                return op_id
        return None

    def set_operator(self, data_key: bytes, operator_id: str, login: str, passphrase: str) -> None:
        check_passphrase(passphrase, login)
        other = self.find(login)
        if other is not None and other != operator_id:
            raise LoginTaken(login=login)
        w = keys.wrap(data_key, passphrase, operator_id)
        self.data["operators"][operator_id] = {"login": login.strip(), "wrap": w.to_json()}

    def remove_operator(self, operator_id: str) -> None:
        from zhoob_desktop.services.security import pin_start

        self.data["operators"].pop(operator_id, None)
        pin_start.drop_wrap(self.data, operator_id)

    def has_pin_wraps(self) -> bool:
        return bool(self.data.get("pins"))

    def set_recovery(self, data_key: bytes) -> str:
        """A new recovery key (the old one stops working); returns it for printing.

        It is marked not yet shown (``recovery_pending``) until the person confirms they printed or wrote
        it down (``mark_recovery_shown``): a program stopped before showing it shows a new one at the next
        start, the key no one saw being worth nothing."""
        recovery = keys.new_recovery_key()
        self.data["recovery"] = keys.wrap(data_key, recovery, RECOVERY_OWNER).to_json()
        self.data["recovery_pending"] = True
        return recovery

    @property
    def recovery_pending(self) -> bool:
        return bool(self.data.get("recovery_pending"))

    def matches(self, data_key: bytes) -> bool:
        return self.data.get("key_check") == keys.key_check(data_key)

    # --- failed attempts --------------------------------------------------------------------

    def failures(self) -> tuple[int, datetime | None]:
        f = self.data.get("failures") or {}
        last = f.get("last")
        return int(f.get("count", 0)), (datetime.fromisoformat(last) if last else None)

    def wait_needed(self, now: datetime) -> float:
        count, last = self.failures()
        if not count or last is None:
            return 0.0
        return max(0.0, delay_after(count) - (now - last).total_seconds())

    def record_failure(self, now: datetime) -> int:
        count, _last = self.failures()
        self.data["failures"] = {"count": count + 1, "last": now.isoformat()}
        self.save()
        return count + 1

    def record_success(self) -> None:
        if self.data.get("failures"):
            self.data["failures"] = {}
            self.save()


def _parse(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT or not isinstance(data.get("operators"), dict):
        raise ValueError("not a key file of this program")
    for entry in data["operators"].values():
        keys.Wrap.from_json(entry["wrap"])
        str(entry["login"])
    if "recovery" in data:
        keys.Wrap.from_json(data["recovery"])
    for entry in (data.get("pins") or {}).values():
        keys.Wrap.from_json(entry["wrap"])
    return data


def unlock(
    data_dir: Path,
    credentials: Credentials,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    sleep: Callable[[float], None] = time.sleep,
) -> Unlocked:
    """Open the data key with a passphrase (or the recovery key); a failure makes the next wait longer.

    Before an attempt the caller waits out the delay the earlier failures set
    (kept in the file, so restarting the program does not skip it).
    """
    access = AccessFile.read(data_dir)
    if credentials.pin:
        return _unlock_pin(access, credentials)
    wait = access.wait_needed(now())
    if wait > 0:
        sleep(wait)
    if credentials.recovery:
        wrap_json, owner = access.data.get("recovery"), RECOVERY_OWNER
        secret = keys.normalise_recovery_key(credentials.passphrase)
        op_id = access.find(credentials.login) if credentials.login else None
    else:
        op_id = access.find(credentials.login)
        entry = access.data["operators"].get(op_id) if op_id else None
        wrap_json, owner = (entry or {}).get("wrap"), op_id or ""
        secret = credentials.passphrase
    try:
        if wrap_json is None:
            # An unknown name costs the same scrypt as a wrong passphrase: nothing tells names apart.
            keys.derive(secret, b"\0" * 16, **keys.kdf_profile())
            raise keys.WrongSecret()
        w = keys.Wrap.from_json(wrap_json)
        data_key = keys.unwrap(w, secret, owner)
    except keys.WrongSecret:
        count = access.record_failure(now())
        if credentials.recovery:
            raise WrongRecoveryKey() from None
        raise WrongPassphrase(count=count, seconds=int(delay_after(count))) from None
    access.record_success()
    if not credentials.recovery and w.weaker_than(keys.kdf_profile()):
        access.data["operators"][owner]["wrap"] = keys.wrap(data_key, secret, owner).to_json()
        access.save()
    return Unlocked(data_key, op_id or "", credentials.login, by_recovery=credentials.recovery)


def _unlock_pin(access: AccessFile, credentials: Credentials) -> Unlocked:
    """The data key from an operator's PIN at start; its own count of wrong PINs (five: turned off)."""
    from zhoob_desktop.services.security import pin_start

    op_id = access.find(credentials.login)
    if op_id is None:
        raise pin_start.PinNotSet(login=credentials.login)
    try:
        data_key = pin_start.unwrap(access.data, op_id, credentials.login, credentials.passphrase)
    except (pin_start.WrongPin, pin_start.PinTurnedOff):
        access.save()
        raise
    access.save()
    return Unlocked(data_key, op_id, credentials.login)


@dataclass(frozen=True)
class NewAccess:
    """A data folder being set up: its data key, the first operator's id and the recovery key to print.

    ``access`` is the key file, not yet written: the store writes it last, once the new
    database is made, so a set-up that fails half-way leaves no key file behind.
    """

    data_key: bytes
    operator_id: str
    login: str
    recovery_key: str
    access: AccessFile


def set_up(data_dir: Path, login: str, passphrase: str) -> NewAccess:
    """Make the data key of a new data folder, wrapped for its first operator and a new recovery key.

    Nothing is written here: ``NewAccess.access.save()`` is the set-up's last step (``services.store``).
    """
    import uuid

    check_passphrase(passphrase, login)
    if not login.strip():
        raise PassphraseNeeded(path=str(data_dir))
    data_key = keys.new_data_key()
    access = AccessFile.new(data_dir, data_key)
    operator_id = str(uuid.uuid4())
    access.set_operator(data_key, operator_id, login, passphrase)
    recovery = access.set_recovery(data_key)
    return NewAccess(data_key, operator_id, login.strip(), recovery, access)


def mark_recovery_shown(data_dir: Path) -> bool:
    """The person has the recovery key on paper (confirmed in the window, or printed at the terminal);
    True if it was still marked not shown."""
    access = AccessFile.read(data_dir)
    if not access.recovery_pending:
        return False
    access.data.pop("recovery_pending", None)
    access.save()
    return True


def recover(data_dir: Path, recovery_key: str, login: str, new_passphrase: str, **kw) -> Unlocked:
    """Open the data key with the recovery key and give ``login`` a new passphrase."""
    check_passphrase(new_passphrase, login)
    unlocked = unlock(data_dir, Credentials(login, recovery_key, recovery=True), **kw)
    access = AccessFile.read(data_dir)
    op_id = access.find(login)
    if op_id is None:
        raise WrongPassphrase(count=0, seconds=0)
    access.set_operator(unlocked.data_key, op_id, access.data["operators"][op_id]["login"], new_passphrase)
    access.save()
    return Unlocked(unlocked.data_key, op_id, login, by_recovery=True)
