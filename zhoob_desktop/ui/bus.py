"""One app-wide signal carrying what a service call changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Bus(QObject):
    """Views connect to ``changed`` and refresh only the topics they show.

    ``changed`` carries a set of topic strings ("residents", "settlements",
    "sittings", "journal", "decisions", "settings", ...).
    """

    changed = Signal(object)
    language_changed = Signal(str)

    def emit_changed(self, *topics: str) -> None:
        self.changed.emit(set(topics))
