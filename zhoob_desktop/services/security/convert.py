"""Encrypting a data folder written by an earlier version (plain SQLite) in place.

1. A plain backup is taken first (``pre-encryption``): if anything fails, the
   folder is as it was, and that backup too.
2. ``sqlcipher_export`` copies every table, index and the schema version into a
   new encrypted file, with progress (the new file's size against the old
   one's) and Cancel; the copy is checked (``quick_check``, rows per table).
3. The key file is written, the encrypted file takes the plain one's place,
   and the plain file's bytes are overwritten with zeros through a handle kept
   open across the rename, then its log files too.
4. Every plain backup in ``backups/`` is encrypted the same way (a district store's copy moved to
   ``backups/district/`` first), and so is a district store kept in the folder.

What overwriting cannot reach is reported, never hidden: a solid-state disk
or a copy-on-write file system may keep the old blocks elsewhere, and copies
outside the folder (USB sticks, exports, papers, a cloud) are not touched.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from zhoob_desktop import cipher
from zhoob_desktop.services.backups import BackupManager, quick_check
from zhoob_desktop.services.datadir import DB_NAME, DISTRICT_DB_NAME, InstanceLock, ensure_writable
from zhoob_desktop.services.errors import DatabaseCorrupt, OperationCancelled, StoreError
from zhoob_desktop.services.files import private_dir, private_file
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.security import access as access_mod
from zhoob_desktop.services.security import keys

#: What the program cannot guarantee after removing plain copies (shown to the person, translated).
CAVEATS = (
    N_(
        "A solid-state disk, a copy-on-write file system or a backup of the whole disk may still keep "
        "old blocks of the plain files; encrypt the whole disk (BitLocker) to cover them."
    ),
    N_("Copies made before today outside the data folder (USB sticks, exports, e-mails) are not touched."),
)


class AlreadyEncrypted(StoreError):
    template = N_("The data in {path} are already encrypted.")


@dataclass
class ConversionReport:
    """What the conversion did: the recovery key to print, files encrypted, plain files it could not remove."""

    recovery_key: str
    encrypted: list[Path] = field(default_factory=list)
    left_plain: list[Path] = field(default_factory=list)
    caveats: tuple[str, ...] = CAVEATS


def _export(source: Path, target: Path, key: bytes, progress, cancelled) -> None:
    """An encrypted copy of a plain SQLite file; the partial file is removed on any failure."""
    total = max(1, source.stat().st_size)
    if cancelled is not None and cancelled():
        raise OperationCancelled()
    target.unlink(missing_ok=True)
    private_file(target)
    module = cipher.dbapi(key)
    conn = module.connect(str(source), isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")

        def tick() -> int:
            if progress is not None:
                try:
                    progress(min(total, target.stat().st_size), total)
                except OSError:
                    pass
            return 1 if cancelled is not None and cancelled() else 0

        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(target),))
        conn.execute(
            f"PRAGMA encrypted.cipher_page_size = {cipher.PAGE_SIZE}"
        )  # as a new store's (see cipher)
        conn.set_progress_handler(tick, 5000)
        try:
            conn.execute("SELECT sqlcipher_export('encrypted')")
            version = conn.execute("PRAGMA main.user_version").fetchone()[0]
            conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        except module.OperationalError as exc:
            if cancelled is not None and cancelled():
                raise OperationCancelled() from exc
            raise
        finally:
            conn.set_progress_handler(None, 0)
        conn.execute("DETACH DATABASE encrypted")
    except BaseException:
        conn.close()
        target.unlink(missing_ok=True)
        raise
    conn.close()
    if progress is not None:
        progress(total, total)


def _counts(path: Path, key: bytes | None) -> dict[str, int]:
    conn = cipher.connect(path, key)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


def _is_district(path: Path) -> bool:
    """Whether a plain SQLite file is a district store (it knows registered okrugs)."""
    try:
        conn = cipher.connect(path, None)
        try:
            return bool(conn.execute("SELECT count(*) FROM district_okrug").fetchone()[0])
        finally:
            conn.close()
    except cipher.database_errors(None):
        return False


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def shred(handle, size: int) -> None:
    """Overwrite an open file's bytes with zeros and flush them to the disk."""
    handle.seek(0)
    chunk = b"\0" * (1 << 20)
    left = size
    while left > 0:
        n = min(left, len(chunk))
        handle.write(chunk[:n])
        left -= n
    handle.flush()
    os.fsync(handle.fileno())


def replace_shredding(encrypted: Path, plain: Path) -> None:
    """Put ``encrypted`` in place of ``plain`` and overwrite the plain bytes (kept open across the rename)."""
    with open(plain, "r+b") as old:
        size = os.fstat(old.fileno()).st_size
        os.replace(encrypted, plain)
        shred(old, size)
    for suffix in ("-wal", "-shm", "-journal"):
        side = Path(f"{plain}{suffix}")
        if side.exists():
            with open(side, "r+b") as fh:
                shred(fh, os.fstat(fh.fileno()).st_size)
            side.unlink()


def encrypt_file(plain: Path, key: bytes, progress=None, cancelled=None) -> None:
    """Encrypt one plain SQLite file in place (checked, then the plain bytes overwritten)."""
    target = plain.with_name(plain.name + ".encrypting")
    _export(plain, target, key, progress, cancelled)
    try:
        verdict = quick_check(target, key)
        if verdict != "ok" or _counts(target, key) != _counts(plain, None):
            raise DatabaseCorrupt(
                path=str(target), detail=verdict if verdict != "ok" else "row counts differ"
            )
        _fsync(target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    replace_shredding(target, plain)


def encrypt_folder(
    data_dir: Path,
    login: str,
    passphrase: str,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    lock: bool = True,
) -> ConversionReport:
    """Encrypt a plain data folder for its first operator ``login`` (the akim); see the module's text."""
    data_dir = ensure_writable(Path(data_dir))
    if access_mod.is_encrypted(data_dir):
        raise AlreadyEncrypted(path=str(data_dir))
    access_mod.check_passphrase(passphrase, login)
    instance_lock = InstanceLock(data_dir) if lock else None
    if instance_lock is not None:
        instance_lock.acquire()
    try:
        return _encrypt_locked(data_dir, login, passphrase, progress, cancelled)
    finally:
        if instance_lock is not None:
            instance_lock.release()


def _encrypt_locked(data_dir, login, passphrase, progress, cancelled) -> ConversionReport:
    db = data_dir / DB_NAME
    plain_backups = BackupManager(db)
    if db.exists() and db.stat().st_size > 0:
        verdict = quick_check(db)
        if verdict != "ok":
            raise DatabaseCorrupt(path=str(db), detail=verdict)
        # Fold the log into the file first, so the copy and the overwrite cover everything.
        conn = cipher.connect(db, None)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        plain_backups.create("pre-encryption")
    import uuid

    data_key = keys.new_data_key()
    operator_id = str(uuid.uuid4())
    af = access_mod.AccessFile.new(data_dir, data_key)
    af.set_operator(data_key, operator_id, login, passphrase)
    recovery = af.set_recovery(data_key)
    report = ConversionReport(recovery)
    if db.exists() and db.stat().st_size > 0:
        target = db.with_name(db.name + ".encrypting")
        _export(db, target, data_key, progress, cancelled)
        try:
            verdict = quick_check(target, data_key)
            if verdict != "ok" or _counts(target, data_key) != _counts(db, None):
                raise DatabaseCorrupt(
                    path=str(target), detail=verdict if verdict != "ok" else "row counts differ"
                )
            _fsync(target)
            af.save()  # from here on the folder is encrypted: the key file before the file it opens
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        replace_shredding(target, db)
        report.encrypted.append(db)
    else:
        af.save()
    district_backups = data_dir / "backups" / Path(DISTRICT_DB_NAME).stem
    for backup in plain_backups.list():
        if cipher.is_plain_sqlite(backup.path):
            path = backup.path
            try:
                if _is_district(path):  # earlier versions kept the district store's copies here too
                    private_dir(district_backups)
                    path = Path(shutil.move(path, district_backups / path.name))
                encrypt_file(path, data_key)
                report.encrypted.append(path)
            except (StoreError, OSError, cipher.dbapi(data_key).DatabaseError):
                report.left_plain.append(path)
    district = data_dir / DISTRICT_DB_NAME  # a district's folder: its district store, encrypted as well
    if district.exists() and cipher.is_plain_sqlite(district):
        try:
            encrypt_file(district, data_key, progress, cancelled)
            report.encrypted.append(district)
        except (StoreError, OSError, cipher.dbapi(data_key).DatabaseError):
            pass  # listed below as still plain
    for path in sorted(data_dir.iterdir()):
        if path.is_file() and path not in report.encrypted and cipher.is_plain_sqlite(path):
            report.left_plain.append(path)  # a damaged copy kept aside, the district's own store, ...
    (data_dir / "backups" / "state.json").unlink(missing_ok=True)
    return report
