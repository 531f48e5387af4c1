"""The one door from the live screens to the meeting engine.

Every action of the console is a command given to ``engine.execute``; the new
state comes back only after its event is committed. This module emits
``Bus.changed({"journal"})`` after each accepted command and shows every
refusal in one place, with the rule and its citation (``exc.message()``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.meeting import Command, SittingState, execute, load_state
from zhoob_desktop.services.meeting.commands import decide
from zhoob_desktop.services.okrug_time import okrug_zone
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.meeting.clock import Clock


def show_error(parent: QWidget | None, exc: ZhoobError) -> None:
    """A refusal or a failure in a dialog box, in the user's language with the rule's citation.

    The live console does not use it: at a busy desk a refusal is a line on
    the screen (``LiveOperations.refused``), not a box to click away.
    """
    QMessageBox.warning(parent, _("The action was refused"), exc.message())


def shown_inline(_parent: QWidget | None, _exc: ZhoobError) -> None:
    """The console's refusals: nothing modal; the panels and the console's notice line show them."""


class LiveOperations(QObject):
    """Runs commands for one sitting and keeps its latest state.

    ``state_changed(state)`` fires after every accepted command (and on
    ``reload``); ``refused(exc)`` after every refusal, once it has been shown.
    ``present_error`` is called with every refusal before ``refused`` is
    emitted; by default it does nothing more (the console shows refusals on
    its notice line and next to the action); tests replace it to collect them.
    ``refusal`` and ``outcome`` ask the engine without writing anything: the
    screens enable an action, and say why not, from the rules themselves.
    """

    state_changed = Signal(object)
    refused = Signal(object)

    def __init__(self, store: Store, bus: Bus, sitting_id: str, clock: Clock, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.bus, self.sitting_id, self.clock = store, bus, str(sitting_id), clock
        self.widget = parent
        self.present_error: Callable[[QWidget | None, ZhoobError], None] = shown_inline
        self.actor = ""
        self.zone = okrug_zone(store)  # every time shown is the okrug's wall clock
        self.state: SittingState = load_state(store, self.sitting_id)
        self.last_error: ZhoobError | None = None
        self.emitting = False  # True while our own change notice is on the bus

    def run(self, command_name: str, /, **fields: Any) -> SittingState | None:
        """Give the engine one command; the new state, or None after showing why it was refused."""
        command = Command(command_name, fields, None, self.actor, None)  # the engine gives it a fresh key
        try:
            state = execute(self.store, self.sitting_id, command, clock=self.clock.now)
        except ZhoobError as exc:
            self.last_error = exc
            self.present_error(self.widget, exc)
            self.refused.emit(exc)
            return None
        self.last_error = None
        self._set(state)
        self.emitting = True
        try:
            self.bus.changed.emit({"journal"})
        finally:
            self.emitting = False
        return state

    def check(self, command_name: str, /, **fields: Any) -> bool:
        """Would the engine accept this command now? Nothing is written; a refusal is shown as by ``run``.

        A dialog asks for details (a reason) only after this, so a person who
        cannot be excused is told so before typing anything.
        """
        try:
            decide(self.state, Command(command_name, fields, None, self.actor, None), self.clock.now())
        except ZhoobError as exc:
            self.last_error = exc
            self.present_error(self.widget, exc)
            self.refused.emit(exc)
            return False
        return True

    def refusal(self, command_name: str, /, **fields: Any) -> ZhoobError | None:
        """Why the engine would refuse this command now, or None; nothing is written or shown."""
        outcome = self.outcome(command_name, **fields)
        return outcome if isinstance(outcome, ZhoobError) else None

    def outcome(self, command_name: str, /, **fields: Any) -> dict[str, Any] | ZhoobError:
        """The event the engine would record for this command now (a vote's outcome), or its refusal."""
        try:
            _type, payload = decide(
                self.state, Command(command_name, fields, None, self.actor, None), self.clock.now()
            )
        except ZhoobError as exc:
            return exc
        return payload

    def reload(self) -> SittingState:
        """Re-read the journal (another window or process may have appended)."""
        self._set(load_state(self.store, self.sitting_id))
        return self.state

    def _set(self, state: SittingState) -> None:
        self.state = state
        self.state_changed.emit(state)
