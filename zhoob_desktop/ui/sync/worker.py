"""Exports and imports off the window's thread, with progress and Cancel."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

# A job receives (progress(done, total, label), cancelled()) and returns its result.
JobFunction = Callable[[Callable[[int, int, str], None], Callable[[], bool]], Any]


class _Runner(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, function: JobFunction, cancel: threading.Event):
        super().__init__()
        self.function, self.cancel = function, cancel

    @Slot()
    def run(self) -> None:
        try:
            result = self.function(self.progress.emit, self.cancel.is_set)
        except Exception as exc:  # reported to the window, never lost in the thread
            exc.details = traceback.format_exc()  # type: ignore[attr-defined]
            self.failed.emit(exc)
        else:
            self.done.emit(result)


class Job(QObject):
    """One function in a QThread; its signals arrive in the window's thread."""

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
        self._runner.done.connect(self._ok)
        self._runner.failed.connect(self._failed)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def _stop(self) -> None:
        self._thread.quit()
        self._thread.wait()

    def _ok(self, result: object) -> None:
        self._stop()
        self.done.emit(result)
        self.finished.emit()

    def _failed(self, exc: object) -> None:
        self._stop()
        self.failed.emit(exc)
        self.finished.emit()

    def wait(self) -> None:
        self._cancel.set()
        self._stop()
