"""Start-up in overlapping halves: the log-in dialog first, the heavy imports while the passphrase is typed.

The log-in dialog needs only Qt, the translations and the key file
(``services.security.access``); the window needs SQLAlchemy, the models, the
services and its own modules, about half a second of CPU to import. So the
dialog is shown first, and once it has painted a ``Preloader`` imports the
rest on a thread of its own while the person types. After the passphrase is
accepted, ``Unlocking`` derives the key (scrypt, ~0.45 s of CPU by design) on
another thread: ``hashlib.scrypt`` releases the GIL, so it runs beside
whatever import is still left, and the window is built as soon as both are
done.

Why a thread and not imports chunked between keystrokes on the window's
thread: one import (SQLAlchemy's ORM) alone takes ~0.3 s, and a chunk cannot
be smaller than a module, so keystrokes would stall that long. A thread
holding the GIL gives it up every switch interval (5 ms), so the dialog stays
responsive. It is safe with Python's import system and with Qt because:

* the modules imported here create no Qt object at import time (classes and
  constants only), so nothing is owned by the import thread;
* Python imports each module under its own lock; the window's thread imports
  nothing new while the thread runs (the dialog works with modules loaded
  before it was shown), and it ``wait``s for the thread before it imports
  anything heavy itself, so two threads never import the same package at
  once (no partly initialised module, no cross-thread import deadlock);
* an import that fails here is left to fail again, with its real error, when
  the window's thread imports the module itself.
"""

from __future__ import annotations

import importlib
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from zhoob_desktop.services.datadir import InstanceLock, ensure_writable
from zhoob_desktop.services.security import access

#: The moments and costs of this start's imports and key derivation (thread CPU time, wall clock
#: at the end), for the start-up probe that bench/bench_startup.py reads (ui/smoke.py).
figures: dict[str, dict[str, float]] = {}

#: What opening the store and building the main window with the page it lands on (the register)
#: import, heaviest first (SQLAlchemy's ORM is most of it). ReportLab is not here: nothing prints
#: before the person asks for a paper. tests/test_startup.py checks the window's thread imports
#: nothing more of the program or SQLAlchemy after these.
WINDOW_MODULES: tuple[str, ...] = (
    "zhoob_desktop.services.store",  # SQLAlchemy, the models, the SQLCipher binding
    "zhoob_desktop.services.backups",
    "zhoob_desktop.services.okrug",
    "zhoob_desktop.services.security.operators",
    "zhoob_desktop.services.security.audit",
    "zhoob_desktop.services.sync.keys",  # the private key files sealed at log-in
    "zhoob_desktop.ui.main_window",
    "zhoob_desktop.ui.register.page",
    "zhoob_desktop.ui.security.idle",
    "zhoob_desktop.ui.security.key_trouble",  # a damaged key file offered back at log-in
    "zhoob_desktop.ui.security.rights",
    "zhoob_desktop.ui.decisions.reminders",
    "zhoob_desktop.ui.worker",
)
#: The libraries whose modules the window's thread should find imported (the check above).
WATCHED_PREFIXES = (
    "sqlalchemy",
    "sqlcipher3",
    "zhoob_desktop.models",
    "zhoob_desktop.services",
    "zhoob_desktop.ui",
)


#: The preloader of this start, for the start-up probe (ui/smoke.py).
current: Preloader | None = None


class Preloader:
    """Import the window's modules on a thread of their own (see the module's docstring)."""

    def __init__(self, modules: tuple[str, ...] = WINDOW_MODULES):
        self.modules = modules
        self.failed: list[str] = []
        self.cpu = 0.0  # the thread's own CPU time, for bench/bench_startup.py
        self.started_at: float | None = None
        self.imported: set[str] = set()  # every module loaded when the thread ended
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        global current
        if self._thread is not None:
            return
        current = self
        self.started_at = time.time()
        # Not a daemon: a person who cancels the log-in at once ends the program after the
        # imports, never in the middle of one.
        self._thread = threading.Thread(target=self._run, name="zhoob-imports")
        self._thread.start()

    def start_after_paint(self, widget: QWidget) -> None:
        """Start once ``widget`` has painted, so the imports do not slow its first paint."""
        if self._thread is not None:
            return
        preloader = self

        class FirstPaint(QObject):
            def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
                if event.type() == QEvent.Type.Paint:
                    widget.removeEventFilter(self)
                    QTimer.singleShot(0, preloader.start)  # after the paint has been handled
                return False

        widget.installEventFilter(FirstPaint(widget))

    def _run(self) -> None:
        begun = time.thread_time()
        for name in self.modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - imported again on the window's thread, which shows the error
                self.failed.append(name)
        if not self.failed:
            try:
                # The mappers resolved (~0.1 s at the first query otherwise), under SQLAlchemy's
                # own lock, while the window's thread uses none of it.
                importlib.import_module("zhoob_desktop.services.store").prepare()
            except Exception:  # noqa: BLE001 - raised again, with its real error, at the first query
                self.failed.append("prepare")
        self.cpu = time.thread_time() - begun
        self.imported = set(sys.modules)
        figures["imports"] = {"start": self.started_at or 0.0, "end": time.time(), "cpu": self.cpu}

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self) -> None:
        """Block until the imports are done (at once if they are, or never started)."""
        if self._thread is not None:
            self._thread.join()

    def imported_since(self) -> list[str]:
        """The watched modules loaded after the thread ended (by the window's thread)."""
        if not self.imported:
            return []
        return sorted(m for m in set(sys.modules) - self.imported if m.startswith(WATCHED_PREFIXES))


class Unlocking:
    """The log-in's key derivation on a thread of its own, the data folder held while it runs.

    An encrypted folder is unlocked with the credentials; a new one is set up with them as its
    first operator (``access.set_up``: the data key, its wraps and the recovery key). The folder
    is locked first, as ``open_store`` does, so no second instance rewrites the key file
    meanwhile; ``result`` hands the held lock and the key to ``open_store``.
    Raises at once what ``open_store`` would (the folder not writable, held by another
    instance); a wrong passphrase is raised by ``result``.
    """

    def __init__(self, data_dir: Path, credentials: access.Credentials):
        self.data_dir = ensure_writable(Path(data_dir))
        self.lock = InstanceLock(self.data_dir)
        self.lock.acquire()
        self.unlocked: access.Unlocked | access.NewAccess | None = None
        self.error: BaseException | None = None
        self.wall = self.cpu = 0.0  # the derivation's own figures, for bench/bench_startup.py
        self._thread = threading.Thread(target=self._run, args=(credentials,), name="zhoob-unlock")
        self._thread.start()

    def _run(self, credentials: access.Credentials) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            if access.is_encrypted(self.data_dir):
                self.unlocked = access.unlock(self.data_dir, credentials)
            else:
                self.unlocked = access.set_up(self.data_dir, credentials.login, credentials.passphrase)
        except BaseException as exc:  # noqa: BLE001 - re-raised on the window's thread by result()
            self.error = exc
        self.wall, self.cpu = time.perf_counter() - wall, time.thread_time() - cpu
        figures["unlock"] = {"end": time.time(), "wall": self.wall, "cpu": self.cpu}

    def result(self) -> tuple[InstanceLock, access.Unlocked | access.NewAccess]:
        """The held lock and the opened key; on a failure the lock is released and the error raised."""
        self._thread.join()
        if self.error is not None:
            self.lock.release()
            raise self.error
        assert self.unlocked is not None
        return self.lock, self.unlocked
