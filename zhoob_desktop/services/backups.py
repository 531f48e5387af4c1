"""Rotating SQLite backups (taken before migrations and imports, and on close when the
database changed) and the record of the last integrity check.

Neither grows the start or the close of the program with the database: a
backup is skipped when nothing was written since the last one, and the full
``PRAGMA quick_check`` runs after an unclean end of the program or once a
week (``integrity_due``), the window running it in the background.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from zhoob_desktop import cipher
from zhoob_desktop.services.errors import OperationCancelled
from zhoob_desktop.services.files import atomic_write_bytes, private_dir, private_file

#: Days between two integrity checks when the program always ended cleanly.
CHECK_INTERVAL = timedelta(days=7)
INTEGRITY_FILE = "integrity.json"
_STATE_FILE = "state.json"  # in the backups folder: the database's files as of the last backup
_PAGES_PER_STEP = 256  # pages copied between two progress reports (1 MB at SQLite's 4 KB pages)

_NAME = re.compile(r"^zhoob-(\d{8}-\d{6}-\d{6})-([a-z0-9-]+)\.sqlite$")


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    reason: str


def quick_check(db_path: Path, key: bytes | None = None) -> str:
    """``ok`` or SQLite's description of the damage (never raises for a damaged file).

    An encrypted store is read with its key: a page whose authentication code
    does not match counts as damage like any other.
    """
    try:
        conn = cipher.connect(f"file:{db_path}?mode=ro", key, uri=True, timeout=5)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except cipher.database_errors(key) as exc:
        return str(exc)
    result = "; ".join(str(r[0]) for r in rows[:5])
    return "ok" if result == "ok" else result


def can_write(db_path: Path, timeout: float = 3.0, key: bytes | None = None) -> bool:
    """Whether a write transaction can start now (False while another program holds the write lock)."""
    module = cipher.dbapi(key)
    try:
        conn = cipher.connect(db_path, key, timeout=timeout, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
        finally:
            conn.close()
    except module.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return False
        raise
    except module.DatabaseError:
        return True  # not a lock: the damage (or a wrong key) is reported by the first read
    return True


class BackupManager:
    """Backups of one database in ``<data>/backups``, thinned to about a year.

    With ``key`` (an encrypted store) every backup is encrypted with the same key:
    the online backup API copies the encrypted pages of one keyed database into another.
    """

    def __init__(self, db_path: Path, folder: Path | None = None, key: bytes | None = None):
        self.db_path = db_path
        self.folder = folder or db_path.parent / "backups"
        self.key = key

    def create(
        self,
        reason: str,
        now: datetime | None = None,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Backup | None:
        """Copy the live database with SQLite's online backup API (WAL-safe), page by page.

        ``progress(done, total)`` is told the pages copied; when ``cancelled()``
        turns true the copy stops, the partial file is removed and
        ``OperationCancelled`` is raised.
        """
        if not self.db_path.exists():
            return None
        now = now or datetime.now()
        private_dir(self.folder)
        target = self.path_for(now, reason)
        tmp = private_file(target.with_suffix(".tmp"))
        stopped = False

        def step(_status: int, remaining: int, total: int) -> None:
            nonlocal stopped
            if progress is not None:
                progress(total - remaining, total)
            if cancelled is not None and cancelled():
                stopped = True
                raise OperationCancelled()

        try:
            src = cipher.connect(self.db_path, self.key, timeout=10)
            try:
                # An encrypted copy must have the store's page size: the backup copies pages as they are.
                size = cipher.page_size_of(src) if self.key is not None else None
                dst = cipher.connect(tmp, self.key, page_size=size)
                try:
                    src.backup(dst, pages=_PAGES_PER_STEP, progress=step)
                    dst.execute("PRAGMA journal_mode=DELETE")
                finally:
                    dst.close()
            finally:
                src.close()
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException as exc:
            tmp.unlink(missing_ok=True)
            if stopped and not isinstance(exc, OperationCancelled):
                raise OperationCancelled() from exc
            raise
        return Backup(target, now, reason)

    # --- "only when something changed" -----------------------------------------------------

    def files_state(self) -> list:
        """Size and modification time of the database and its write-ahead log (an empty log counts as none)."""
        state = []
        for path in (self.db_path, Path(f"{self.db_path}-wal")):
            try:
                info = path.stat()
            except FileNotFoundError:
                state.append(None)
                continue
            state.append(
                None if info.st_size == 0 and path != self.db_path else [info.st_size, info.st_mtime_ns]
            )
        return state

    def changed_since_last(self) -> bool:
        """True unless the database's files are as they were after the last backup was recorded."""
        try:
            recorded = json.loads((self.folder / _STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return True
        return recorded != self.files_state()

    def remember_state(self) -> None:
        """Record the database's files as covered by the newest backup (after the store closed)."""
        private_dir(self.folder)
        atomic_write_bytes(self.folder / _STATE_FILE, json.dumps(self.files_state()).encode("utf-8"))

    def path_for(self, taken_at: datetime, reason: str) -> Path:
        """Where a backup taken at ``taken_at`` for ``reason`` is kept (the name carries both)."""
        return self.folder / f"zhoob-{taken_at:%Y%m%d-%H%M%S-%f}-{reason}.sqlite"

    def list(self) -> list[Backup]:
        """Backups, newest first."""
        found = []
        if self.folder.exists():
            for path in self.folder.iterdir():
                m = _NAME.match(path.name)
                if m:
                    found.append(Backup(path, datetime.strptime(m.group(1), "%Y%m%d-%H%M%S-%f"), m.group(2)))
        return sorted(found, key=lambda b: b.taken_at, reverse=True)

    def thin(self, now: datetime | None = None) -> list[Backup]:
        """Keep every backup of the last 2 days, one a day for 30 days, one a week for a year."""
        now = now or datetime.now()
        keep: set[Path] = set()
        seen_buckets: set[tuple] = set()
        removed = []
        for backup in self.list():  # newest first: the newest of each bucket survives
            age = now - backup.taken_at
            if age <= timedelta(days=2):
                keep.add(backup.path)
                continue
            if age <= timedelta(days=30):
                bucket = ("day", backup.taken_at.date())
            elif age <= timedelta(days=366):
                iso = backup.taken_at.isocalendar()
                bucket = ("week", iso.year, iso.week)
            else:
                bucket = None
            if bucket is not None and bucket not in seen_buckets:
                seen_buckets.add(bucket)
                keep.add(backup.path)
                continue
            backup.path.unlink(missing_ok=True)
            removed.append(backup)
        return removed

    def newest_good(self) -> Backup | None:
        for backup in self.list():
            if quick_check(backup.path, self.key) == "ok":
                return backup
        return None

    def restore(self, backup: Backup) -> Path | None:
        """Put a backup in place of the live database; the old file is kept aside, never deleted."""
        kept = None
        if self.db_path.exists():
            kept = self.db_path.with_name(f"{self.db_path.name}.damaged-{datetime.now():%Y%m%d-%H%M%S}")
            os.replace(self.db_path, kept)
        for suffix in ("-wal", "-shm"):
            side = Path(str(self.db_path) + suffix)
            if side.exists():
                os.replace(side, Path(str(kept or self.db_path) + suffix))
        tmp = private_file(self.db_path.with_suffix(".restoring"))
        shutil.copyfile(backup.path, tmp)
        os.replace(tmp, self.db_path)
        (self.folder / _STATE_FILE).unlink(missing_ok=True)
        return kept


@dataclass(frozen=True)
class IntegrityRecord:
    """When the database was last found sound, kept in ``integrity.json`` beside it."""

    checked_at: datetime | None

    @classmethod
    def read(cls, data_dir: Path) -> IntegrityRecord:
        try:
            data = json.loads((data_dir / INTEGRITY_FILE).read_text(encoding="utf-8"))
            return cls(datetime.fromisoformat(data["checked_at"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls(None)

    def due(self, now: datetime, *, unclean: bool) -> bool:
        """A check is due after an unclean end of the program, or ``CHECK_INTERVAL`` after the last one."""
        return unclean or self.checked_at is None or now - self.checked_at >= CHECK_INTERVAL

    @staticmethod
    def record(data_dir: Path, now: datetime) -> None:
        atomic_write_bytes(data_dir / INTEGRITY_FILE, json.dumps({"checked_at": now.isoformat()}).encode())
