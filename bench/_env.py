"""What every bench shares: stores open encrypted, as the program opens them.

The benches log in as a script does (``ZHOOB_OPERATOR``/``ZHOOB_PASSPHRASE``,
set here when absent); ``ZHOOB_BENCH_PLAIN=1`` runs the same bench on plain
SQLite instead, and ``bench_encryption.py`` prints both side by side. A raw
baseline that reads the store's own file uses the same key (``raw_connect``),
so the comparison stays fair.
"""

from __future__ import annotations

import os
import resource

os.environ.setdefault("ZHOOB_OPERATOR", "bench")
os.environ.setdefault("ZHOOB_PASSPHRASE", "bench passphrase")
ENCRYPTED = os.environ.get("ZHOOB_BENCH_PLAIN", "") != "1"


def open_bench_store(folder, **kwargs):
    from zhoob_desktop.services.security import operators
    from zhoob_desktop.services.store import open_store

    store = open_store(folder, encryption=ENCRYPTED, **kwargs)
    if operators.recovery_pending(store):
        # A folder in use: its akim confirmed the recovery key at set-up, so the window does not
        # show it again and wait for a person (the start-up bench's window would never appear).
        operators.confirm_recovery_key(store)
    return store


def raw_connect(path, key: bytes | None, **kwargs):
    """A bare DB-API connection to a store's file (SQLCipher with the key when it is encrypted)."""
    from zhoob_desktop import cipher
    from zhoob_desktop.models.db import CACHE_KIB

    conn = cipher.connect(path, key, **kwargs)
    conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")  # the page cache the program's connections keep
    return conn


def mode() -> str:
    return "encrypted (SQLCipher)" if ENCRYPTED else "plain SQLite (ZHOOB_BENCH_PLAIN=1)"


def peak_mb() -> float:
    """This process's peak resident memory (Linux: VmHWM, which starts anew at exec; elsewhere ru_maxrss)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
