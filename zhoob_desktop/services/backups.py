"""Rotating SQLite backups: taken on close, before migrations and before imports."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

_NAME = re.compile(r"^zhoob-(\d{8}-\d{6}-\d{6})-([a-z0-9-]+)\.sqlite$")


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    reason: str


def quick_check(db_path: Path) -> str:
    """``ok`` or SQLite's description of the damage (never raises for a damaged file)."""
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    result = "; ".join(str(r[0]) for r in rows[:5])
    return "ok" if result == "ok" else result


def can_write(db_path: Path, timeout: float = 3.0) -> bool:
    """Whether a write transaction can start now (False while another program holds the write lock)."""
    try:
        conn = sqlite3.connect(str(db_path), timeout=timeout, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return False
        raise
    return True


class BackupManager:
    """Backups of one database in ``<data>/backups``, thinned to about a year."""

    def __init__(self, db_path: Path, folder: Path | None = None):
        self.db_path = db_path
        self.folder = folder or db_path.parent / "backups"

    def create(self, reason: str, now: datetime | None = None) -> Backup | None:
        """Copy the live database with SQLite's online backup API (WAL-safe)."""
        if not self.db_path.exists():
            return None
        now = now or datetime.now()
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.path_for(now, reason)
        tmp = target.with_suffix(".tmp")
        src = sqlite3.connect(str(self.db_path), timeout=10)
        try:
            dst = sqlite3.connect(str(tmp))
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        return Backup(target, now, reason)

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
            if quick_check(backup.path) == "ok":
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
        tmp = self.db_path.with_suffix(".restoring")
        shutil.copyfile(backup.path, tmp)
        os.replace(tmp, self.db_path)
        return kept
