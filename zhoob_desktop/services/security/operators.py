"""Operators of a data folder: who may log in and with what role.

The table lives in the encrypted database; each operator's wrap of the data
key lives in ``access.json``. Adding an operator adds a wrap (the database is
not re-encrypted); removing one deletes the wrap and marks the row removed,
never deletes it, so the audit keeps naming who did what.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from zhoob_desktop.models.security import Operator
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.security import access as access_mod
from zhoob_desktop.services.security import audit, roles

# The store is passed in (``services.store`` imports this package, not the other way round).
Store = Any


class UnknownOperator(ZhoobError):
    template = N_("No operator is named {login}.")


class UnknownRole(ZhoobError):
    template = N_("Unknown role {role}: use one of {roles}.")


class LastAkim(ZhoobError):
    template = N_("The last akim cannot be removed or given another role: someone must manage the operators.")


@dataclass(frozen=True)
class OperatorRecord:
    id: str
    login: str
    full_name: str
    role: str
    active: bool
    created_at: datetime

    @property
    def info(self) -> roles.OperatorInfo:
        return roles.OperatorInfo(self.id, self.login, self.full_name, self.role)


def _record(row: Operator) -> OperatorRecord:
    return OperatorRecord(str(row.id), row.login, row.full_name, row.role, row.active, row.created_at)


def find(store: Store, operator_id: str) -> OperatorRecord | None:
    try:
        key = uuid.UUID(operator_id)
    except ValueError:
        return None
    with store.session() as s:
        row = s.get(Operator, key)
        return None if row is None else _record(row)


def any_operator(store: Store) -> bool:
    with store.session() as s:
        return s.scalar(select(Operator.id).limit(1)) is not None


def create_first(store: Store, operator_id: str, login: str) -> OperatorRecord:
    """The first operator of a new data folder: the akim who set it up."""
    with store.session() as s:
        row = Operator(
            id=uuid.UUID(operator_id), login=login.strip(), full_name="", role=roles.AKIM, active=True
        )
        s.add(row)
        s.flush()
        return _record(row)


def list_operators(store: Store, *, include_removed: bool = False) -> list[OperatorRecord]:
    with store.session() as s:
        stmt = select(Operator).order_by(Operator.login)
        if not include_removed:
            stmt = stmt.where(Operator.active.is_(True))
        return [_record(r) for r in s.scalars(stmt)]


def _check_role(role: str) -> None:
    if role not in roles.ROLES:
        raise UnknownRole(role=role, roles=", ".join(roles.ROLES))


def add_operator(store: Store, login: str, passphrase: str, role: str, full_name: str = "") -> OperatorRecord:
    """A new operator with their own passphrase: a new wrap of the same data key."""
    roles.require(store, "operators.manage")
    _check_role(role)
    access_mod.check_passphrase(passphrase, login)
    af = access_mod.AccessFile.read(store.data_dir)
    if af.find(login) is not None:
        raise access_mod.LoginTaken(login=login)
    op_id = uuid.uuid4()
    with store.session() as s:
        taken = s.scalar(select(Operator).where(Operator.login == login.strip()))
        if taken is not None:
            raise access_mod.LoginTaken(login=login)
        row = Operator(id=op_id, login=login.strip(), full_name=full_name.strip(), role=role, active=True)
        s.add(row)
        s.flush()
        record = _record(row)
        # The wrap is written inside the unit of work: if the file cannot be written, no row either.
        af.set_operator(store.key, str(op_id), login, passphrase)
        af.save()
    return record


def _by_login(s, login: str) -> Operator:
    wanted = access_mod.fold_login(login)
    for row in s.scalars(select(Operator).where(Operator.active.is_(True))):
        if access_mod.fold_login(row.login) == wanted:
            return row
    raise UnknownOperator(login=login)


def _akims_left(s, without: uuid.UUID) -> int:
    return len(
        [
            r
            for r in s.scalars(select(Operator).where(Operator.active.is_(True), Operator.role == roles.AKIM))
            if r.id != without
        ]
    )


def remove_operator(store: Store, login: str) -> None:
    """The operator can no longer log in: their wrap is deleted, their row kept for the audit."""
    roles.require(store, "operators.manage")
    with store.session() as s:
        row = _by_login(s, login)
        if row.role == roles.AKIM and _akims_left(s, row.id) == 0:
            raise LastAkim()
        row.active = False
        row.removed_at = datetime.now(UTC)
        s.flush()
        af = access_mod.AccessFile.read(store.data_dir)
        af.remove_operator(str(row.id))
        af.save()


def set_role(store: Store, login: str, role: str) -> None:
    roles.require(store, "operators.manage")
    _check_role(role)
    with store.session() as s:
        row = _by_login(s, login)
        if row.role == roles.AKIM and role != roles.AKIM and _akims_left(s, row.id) == 0:
            raise LastAkim()
        row.role = role
    if store.operator is not None and store.operator.id == str(row.id):
        store.operator = roles.OperatorInfo(
            store.operator.id, store.operator.login, store.operator.full_name, role
        )


def change_passphrase(store: Store, new_passphrase: str) -> None:
    """The logged-in operator's new passphrase (the old one stops working at once)."""
    if store.operator is None or store.key is None:
        return
    af = access_mod.AccessFile.read(store.data_dir)
    af.set_operator(store.key, store.operator.id, store.operator.login, new_passphrase)
    af.save()
    audit.record(store, "passphrase.changed", store.operator.id)


def renew_recovery_key(store: Store, *, reason: str = "") -> str:
    """A new recovery key for the akim's safe; the old paper stops working.

    It stays marked not shown until ``confirm_recovery_key``; ``reason`` ``"not-shown"`` when it replaces
    one nobody saw (the program stopped before showing it)."""
    roles.require(store, "operators.manage")
    af = access_mod.AccessFile.read(store.data_dir)
    recovery = af.set_recovery(store.key)
    af.save()
    audit.record(store, "recovery.renewed", detail={"reason": reason} if reason else None)
    return recovery


def recovery_pending(store: Store) -> bool:
    """Whether the folder's recovery key was never confirmed as printed or written down, and the logged-in
    operator is the one who keeps it (the akim)."""
    if store.operator is None or not roles.allowed(store.operator, "operators.manage"):
        return False
    return access_mod.AccessFile.read(store.data_dir).recovery_pending


def confirm_recovery_key(store: Store) -> None:
    """The person confirmed they printed or wrote down the recovery key: it is not shown again."""
    if access_mod.mark_recovery_shown(store.data_dir):
        audit.record(store, "recovery.confirmed")


def verify_passphrase(store: Store, passphrase: str, *, sleep=None) -> bool:
    """Whether ``passphrase`` is the logged-in operator's (unlocking the window after idle).

    A failure counts like a failed log-in; ``sleep`` waits out the delay (the window passes
    one that does not block and shows the wait instead, see ``wait_before_attempt``).
    """
    if store.operator is None:
        return True
    kw = {} if sleep is None else {"sleep": sleep}
    try:
        access_mod.unlock(store.data_dir, access_mod.Credentials(store.operator.login, passphrase), **kw)
    except (access_mod.WrongPassphrase, access_mod.WrongRecoveryKey):
        return False
    return True


def wait_before_attempt(store: Store) -> float:
    """Seconds before the next passphrase attempt is allowed (after failed ones)."""
    return access_mod.AccessFile.read(store.data_dir).wait_needed(datetime.now(UTC))


#: The setting of the idle lock (minutes without a key or a click; 0: never) and its default.
IDLE_SETTING = "security.idle_minutes"
IDLE_DEFAULT = 10


class IdleMinutesInvalid(ZhoobError):
    template = N_("The lock after idle takes 0 (never) to 240 minutes, not {minutes}.")


def idle_minutes(store: Store) -> float:
    try:
        value = float(store.get_setting(IDLE_SETTING, IDLE_DEFAULT))
    except (TypeError, ValueError):
        return float(IDLE_DEFAULT)
    return value if 0 <= value <= 240 else float(IDLE_DEFAULT)


def set_idle_minutes(store: Store, minutes: int) -> None:
    """How long the window waits without use before it locks (the akim decides for the laptop)."""
    roles.require(store, "operators.manage")
    if not isinstance(minutes, int) or not 0 <= minutes <= 240:
        raise IdleMinutesInvalid(minutes=minutes)
    store.set_setting(IDLE_SETTING, minutes)
    audit.record(store, "settings.idle", detail={"minutes": minutes})
