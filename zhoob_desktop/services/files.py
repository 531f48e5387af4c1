"""Files written atomically: a crash leaves the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``, fsync it, then rename over ``path``."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):
        dir_fd = os.open(target.parent, os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return target


# Files only the user can read (POSIX modes; on Windows the per-user profile folder
# that holds the data folder keeps other accounts out, and chmod only sets "read-only").
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
POSIX = os.name == "posix"


def _chmod(path: Path, mode: int) -> None:
    if POSIX:
        try:
            os.chmod(path, mode)
        except PermissionError:
            pass  # a file system without owners' modes (a FAT USB stick): nothing to tighten


def private_umask() -> None:
    """Files the program creates from now on are its user's only (the entry points call this)."""
    if POSIX:
        os.umask(0o077)


def private_dir(path: str | os.PathLike) -> Path:
    """Create ``path`` (and parents) if needed; the folder itself readable by its owner only."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    _chmod(folder, PRIVATE_DIR)
    return folder


def private_file(path: str | os.PathLike) -> Path:
    """Make ``path`` readable by its owner only, creating it empty when it does not exist.

    Created before SQLite opens a database, it gives the database its mode, and
    SQLite gives the same mode to the database's -wal and -shm files.
    """
    target = Path(path)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE)
    os.close(fd)
    _chmod(target, PRIVATE_FILE)
    for suffix in ("-wal", "-shm", "-journal"):
        side = Path(f"{target}{suffix}")
        if side.exists():
            _chmod(side, PRIVATE_FILE)
    return target
