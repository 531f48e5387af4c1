"""Restoring a backup of an encrypted data folder: only a role with the right, and the audit says who.

A restore happens when the database may be damaged, before the store opens:
the operator logs in with the key file alone (``access.unlock``), and their role
is read from the backup about to be restored (a sound copy, encrypted with the
same key). The restored database then gets an audit entry naming them and the
backup, so a rollback is never silent.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from zhoob_desktop import cipher
from zhoob_desktop.models.db import make_engine, sqlite_url
from zhoob_desktop.services.backups import Backup, BackupManager
from zhoob_desktop.services.datadir import DB_NAME
from zhoob_desktop.services.errors import StoreError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.security import access as access_mod
from zhoob_desktop.services.security import audit, roles


class NotInBackup(StoreError):
    template = N_(
        "The backup {path} does not know the operator {login}: log in as an operator who existed "
        "when it was taken. Nothing was restored."
    )


def operator_in(path: Path, key: bytes, operator_id: str) -> roles.OperatorInfo | None:
    """The operator as a database file (a backup) records them, or None."""
    conn = cipher.connect(path, key)
    try:
        row = conn.execute(
            "SELECT login, full_name, role, active FROM operator WHERE id = ?",
            (uuid.UUID(operator_id).hex,),
        ).fetchone()
    except cipher.database_errors(key):
        row = None
    finally:
        conn.close()
    if row is None or not row[3]:
        return None
    return roles.OperatorInfo(operator_id, row[0], row[1] or "", row[2])


def restore_backup(data_dir: Path, unlocked: access_mod.Unlocked, backup: Backup) -> Path | None:
    """Put ``backup`` in place of the database for the operator who unlocked the key file.

    Raises ``PermissionDenied`` when their role (as the backup records it) may
    not restore; nothing is changed then. Returns where the replaced file was
    kept aside (never deleted).
    """
    data_dir = Path(data_dir)
    key = unlocked.data_key
    operator = operator_in(backup.path, key, unlocked.operator_id)
    if operator is None:
        raise NotInBackup(path=str(backup.path), login=unlocked.login)
    refused = roles.denial(operator, "backup.restore")
    if refused is not None:
        raise refused
    manager = BackupManager(data_dir / DB_NAME, key=key)
    kept = manager.restore(backup)
    engine = make_engine(sqlite_url(data_dir / DB_NAME), key=key)
    try:
        with engine.begin() as conn:
            audit.append(
                conn,
                operator,
                "backup.restored",
                detail={"backup": backup.path.name, "taken_at": backup.taken_at, "reason": backup.reason},
            )
    finally:
        engine.dispose()
    return kept
