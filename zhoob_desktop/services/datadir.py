"""The per-user data folder and the one-instance lock."""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from pathlib import Path

import platformdirs

from zhoob_desktop import APP_ID
from zhoob_desktop.services.errors import AlreadyRunning, DataDirNotWritable

ENV_DATA_DIR = "ZHOOB_DATA_DIR"
DB_NAME = "zhoob.sqlite"


def resolve_data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """--data-dir, then $ZHOOB_DATA_DIR, then the platform's per-user data folder."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def ensure_writable(path: Path) -> Path:
    """Create the folder if needed and prove a file can be written there."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".probe-", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise DataDirNotWritable(path=str(path), reason=exc.strerror or str(exc)) from exc
    return path


class InstanceLock:
    """An OS file lock on ``zhoob.lock``: one running program per data folder.

    The operating system drops the lock when the holder dies, so a stale lock
    file left by a crash is taken over without manual cleanup.
    """

    def __init__(self, data_dir: Path):
        self.path = data_dir / "zhoob.lock"
        self._fh = None

    def acquire(self) -> None:
        fh = open(self.path, "a+")  # noqa: SIM115 - held open for the lock's lifetime
        try:
            _lock(fh)
        except OSError as exc:
            fh.seek(0)
            holder = fh.read().strip() or "?"
            fh.close()
            raise AlreadyRunning(path=str(self.path.parent), pid=holder) from exc
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}@{socket.gethostname()}")
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            try:
                _unlock(self._fh)
            finally:
                self._fh.close()
                self._fh = None

    @property
    def held(self) -> bool:
        return self._fh is not None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _lock(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
