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
from zhoob_desktop.services.files import PRIVATE_FILE, atomic_write_bytes, private_dir

ENV_DATA_DIR = "ZHOOB_DATA_DIR"
DB_NAME = "zhoob.sqlite"
#: The district store a district's data folder keeps beside its own (``services.sync.district_db``).
DISTRICT_DB_NAME = "district.sqlite"


def resolve_data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """--data-dir, then $ZHOOB_DATA_DIR, then the platform's per-user data folder."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


#: The window's language, kept beside the encrypted store (it is no personal data) so that the
#: log-in dialog, shown before the store can be read, speaks the language the person chose.
LANGUAGE_FILE = "language"


def remembered_language(data_dir: Path, languages) -> str | None:
    """The language last chosen for this data folder, if one of ``languages``."""
    try:
        lang = (Path(data_dir) / LANGUAGE_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeError):
        return None
    return lang if lang in languages else None


def remember_language(data_dir: Path, lang: str) -> None:
    """Keep the chosen language for the next log-in dialog (best effort: it is a convenience)."""
    path = Path(data_dir) / LANGUAGE_FILE
    try:
        if path.read_bytes() == lang.encode("ascii"):
            return
    except OSError:
        pass
    try:
        atomic_write_bytes(path, lang.encode("ascii"))
    except OSError:
        pass


def ensure_writable(path: Path) -> Path:
    """Create the data folder if needed (readable by the user only) and prove a file can be written there."""
    try:
        private_dir(path)
        fd, probe = tempfile.mkstemp(prefix=".probe-", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise DataDirNotWritable(path=str(path), reason=exc.strerror or str(exc)) from exc
    return path


class InstanceLock:
    """An OS file lock on ``zhoob.lock``: one running program per data folder.

    The operating system drops the lock when the holder dies, so a stale lock
    file left by a crash is taken over without manual cleanup. The holder's
    pid is written while it runs and wiped on release: a pid found at
    ``acquire`` means the previous program ended without closing (``unclean``).
    """

    def __init__(self, data_dir: Path, locking=None):
        self.path = data_dir / "zhoob.lock"
        self._fh = None
        self.unclean = False
        self.locking = locking or platform_locking()

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        fh = open(fd, "a+")  # noqa: SIM115 - held open for the lock's lifetime
        try:
            self.locking.lock(fh)
        except OSError as exc:
            try:
                fh.seek(0)
                holder = fh.read().strip() or "?"
            except OSError:  # Windows: the holder's locked byte cannot be read
                holder = "?"
            fh.close()
            raise AlreadyRunning(path=str(self.path.parent), pid=holder) from exc
        fh.seek(0)
        self.unclean = bool(fh.read().strip())
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}@{socket.gethostname()}")
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            try:
                self._fh.seek(0)
                self._fh.truncate()  # a clean end: the next start need not suspect a crash
                self._fh.flush()
                self.locking.unlock(self._fh)
            finally:
                self._fh.close()
                self._fh = None

    @property
    def held(self) -> bool:
        return self._fh is not None


class PosixLocking:
    """``flock`` on the whole file (Linux, macOS)."""

    def lock(self, fh) -> None:
        import fcntl

        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def unlock(self, fh) -> None:
        import fcntl

        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


class WindowsLocking:
    """``msvcrt.locking`` on the file's first byte (a lock past the end of an empty file is allowed)."""

    def __init__(self, msvcrt_module=None):
        if msvcrt_module is None:  # pragma: no cover - Windows only
            import msvcrt as msvcrt_module
        self.msvcrt = msvcrt_module

    def lock(self, fh) -> None:
        fh.seek(0)
        self.msvcrt.locking(fh.fileno(), self.msvcrt.LK_NBLCK, 1)

    def unlock(self, fh) -> None:
        fh.seek(0)
        self.msvcrt.locking(fh.fileno(), self.msvcrt.LK_UNLCK, 1)


def platform_locking():
    return WindowsLocking() if sys.platform == "win32" else PosixLocking()
