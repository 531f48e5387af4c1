"""Long jobs (imports, exports, bundles) off the window's thread, with progress and Cancel."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from zhoob_desktop.services.errors import ZhoobError

# A job receives (progress(done, total[, label]), cancelled()) and returns its result.
Progress = Callable[..., None]
JobFunction = Callable[[Progress, Callable[[], bool]], Any]


class _Runner(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object)  # the exception

    def __init__(self, function: JobFunction, cancel_event: threading.Event):
        super().__init__()
        self.function, self.cancel_event = function, cancel_event

    def _report(self, done: int, total: int, label: str = "") -> None:
        self.progress.emit(done, total, label)

    @Slot()
    def run(self) -> None:
        try:
            result = self.function(self._report, self.cancel_event.is_set)
        except ZhoobError as exc:
            self.failed.emit(exc)
        except Exception as exc:  # an unexpected fault is still reported, never lost in the thread
            exc.details = traceback.format_exc()  # type: ignore[attr-defined]
            self.failed.emit(exc)
        else:
            self.done.emit(result)


class Job(QObject):
    """Runs one function in a QThread; signals arrive in the window's thread.

    ``cancel()`` sets the flag the service polls between chunks; the service
    then raises its "cancelled" error and leaves the database unchanged.
    """

    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, function: JobFunction, parent: QObject | None = None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread = QThread()
        self._runner = _Runner(function, self._cancel)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.progress.connect(self.progress)
        self._runner.done.connect(self._finish_ok)
        self._runner.failed.connect(self._finish_failed)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def _stop_thread(self) -> None:
        self._thread.quit()
        self._thread.wait()

    def _finish_ok(self, result: object) -> None:
        self._stop_thread()
        self.done.emit(result)
        self.finished.emit()

    def _finish_failed(self, exc: object) -> None:
        self._stop_thread()
        self.failed.emit(exc)
        self.finished.emit()

    def wait(self) -> None:
        """Block until the thread has ended (closing the window mid-job)."""
        self._cancel.set()
        self._stop_thread()
