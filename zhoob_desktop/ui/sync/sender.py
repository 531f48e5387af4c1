"""The okrug's send queue while the window is open: a timer that runs a round when one is due.

One ``Sender`` per window (a child of the window's ``Bus``, found again with
``sender_for``): the program starts it shortly after the window opens, so
"send by itself" works whether or not the Sync page was opened; the Sync
page's box shows its rounds and starts one on "Send now". Rounds run in a
worker thread; the timer never starts one while a sitting is live (the
queue itself pauses then, unless the person asked and confirmed).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.sync.net import queue as q
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.worker import Job

TICK_MS = 30_000  # how often the window asks whether a round is due


class Sender(QObject):
    started = Signal()
    progress = Signal(int, int, str)
    round_done = Signal(object)  # RoundResult
    failed = Signal(object)  # the exception
    idle = Signal()

    def __init__(self, store: Store, bus: Bus):
        super().__init__(bus)
        self.store, self.bus = store, bus
        self.job: Job | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)  # the store closes after the event loop: no round left running

    def start(self) -> None:
        """Tick from now on (the first look at once)."""
        if not self.timer.isActive():
            self.timer.start()
            QTimer.singleShot(0, self.tick)

    def running(self) -> bool:
        return self.job is not None and self.job.is_running()

    def tick(self) -> None:
        """The timer: a round when one is due and none is running."""
        if self.running():
            return
        try:
            if q.due(self.store):
                self.start_round(force=False)
        except ZhoobError:
            pass  # the Sync page shows the queue's state; the next tick tries again

    def start_round(self, *, force: bool) -> Job | None:
        if q.link(self.store) is None or self.running():
            return None

        def work(progress, cancelled):
            return q.run_round(self.store, force=force, progress=progress, cancelled=cancelled)

        self.job = Job(work, self)
        self.job.progress.connect(self.progress)
        self.job.done.connect(self._done)
        self.job.failed.connect(self.failed)
        self.job.finished.connect(self.idle)
        self.job.start()
        self.started.emit()
        return self.job

    def _done(self, result) -> None:
        if result.acknowledged or result.rulings or result.delivered:
            self.bus.changed.emit({"sync", "decisions"})
        self.round_done.emit(result)

    def stop(self) -> None:
        """No more rounds; the one running, if any, is told to stop and waited for."""
        self.timer.stop()
        if self.running():
            self.job.wait()


def sender_for(store: Store, bus: Bus) -> Sender:
    """The window's sender (made on first use)."""
    for child in bus.findChildren(Sender):
        if child.store is store:
            return child
    return Sender(store, bus)


def start_sending(store: Store, bus: Bus) -> Sender:
    """Start the window's sender: rounds by themselves when the district service is set up."""
    sender = sender_for(store, bus)
    sender.start()
    return sender
