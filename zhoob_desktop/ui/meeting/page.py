"""The Meetings page: the list of sittings; create, prepare, start and open the live console.

A started sitting opens in its own window (the console), so the hall screen
can go to a second screen while the main window stays usable. On start the
program offers to resume a sitting left open (``offer_recovery``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

import zhoob_desktop.services.decisions  # noqa: F401 - tells the engine which decisions are open (Reg §9)
from zhoob_desktop.services import i18n
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, ngettext
from zhoob_desktop.services.meeting import (
    SittingInfo,
    get_sitting,
    journal_events,
    list_sittings,
    load_state,
    start_sitting,
)
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.preparation import member_count, preparation_warnings, quarter_warnings
from zhoob_desktop.services.okrug_time import local_today, okrug_zone
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.meeting.clock import Clock, SystemClock
from zhoob_desktop.ui.meeting.console import LiveConsole
from zhoob_desktop.ui.meeting.operations import show_error
from zhoob_desktop.ui.meeting.prepare_dialog import PrepareDialog
from zhoob_desktop.ui.meeting.recovery import RecoveryDialog
from zhoob_desktop.ui.meeting.tables import SittingRow, SittingsModel, fit_columns, refit

STATUSES = {"prepared": N_("prepared"), "live": N_("under way"), "closed": N_("closed")}


class MeetingsPage(QWidget):
    def __init__(self, store: Store, bus: Bus, clock: Clock | None = None):
        super().__init__()
        self.store, self.bus = store, bus
        self.clock = clock or SystemClock()
        self.consoles: dict[str, LiveConsole] = {}
        self.present_error: Callable = show_error
        self.confirm: Callable[[str], bool] = self._ask
        self.sittings: list[SittingInfo] = []
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.model = SittingsModel(self)
        self.table = QTableView()
        self.table.setObjectName("sittings")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        fit_columns(self.table, 2)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(lambda _i: self.open_console())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._show_selected())
        self.new_button, self.prepare_button, self.console_button = (
            QPushButton(),
            QPushButton(),
            QPushButton(),
        )
        self.new_button.clicked.connect(self.new_sitting)
        self.prepare_button.clicked.connect(self.prepare_sitting)
        self.console_button.clicked.connect(self.open_console)
        self.console_button.setProperty("primary", True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.prepare_button)
        buttons.addStretch(1)
        buttons.addWidget(self.console_button)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.warnings = QLabel()
        self.warnings.setObjectName("prepWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8e4b00;")
        self.quarters = QLabel()
        self.quarters.setWordWrap(True)
        self.quarters.setStyleSheet("color: #8e4b00;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.quarters)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.warnings)
        # Journal events come many a minute during a sitting: the list follows a moment later, once.
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(400)
        self._reload_timer.timeout.connect(self.reload)
        bus.changed.connect(self._on_changed)
        self.retranslate()

    def today(self) -> date:
        """Today in the okrug (its time zone, not the laptop's)."""
        return local_today(okrug_zone(self.store), self.clock.now())

    # -- the list ----------------------------------------------------------------------------

    def reload(self) -> None:
        selected = self.selected()
        self.sittings = list_sittings(self.store)
        self.model.set_rows(
            [
                SittingRow(
                    str(s.id),
                    i18n.format_date(s.scheduled_on, "medium"),
                    _(R.SITTING_KINDS.get(s.kind, s.kind)),
                    s.title or (s.territory_name if s.territory_name else ""),
                    s.place,
                    _(STATUSES.get(s.status, s.status)),
                )
                for s in self.sittings
            ]
        )
        refit(self.table)
        if selected is not None:
            row = self.model.row_of(str(selected.id))
            if row is not None:
                self.table.selectRow(row)
        elif self.sittings:
            self.table.selectRow(0)
        self._show_selected()

    def selected(self) -> SittingInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        key = self.model.key_at(rows[0].row())
        return next((s for s in self.sittings if str(s.id) == key), None)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._show_selected()  # the counts and deadlines are worked out when the page is seen

    def _show_selected(self) -> None:
        info = self.selected()
        self.prepare_button.setEnabled(info is not None and info.status == "prepared")
        self.console_button.setEnabled(info is not None)
        if self.isVisible():
            self._show_quarters()
        if info is None or not self.isVisible():
            self.details.setText("")
            self.warnings.setText("")
            return
        self.console_button.setText(
            _("Start the sitting and open the live console")
            if info.status == "prepared"
            else _("Open the live console")
        )
        if info.status != "prepared":
            # started: the journal's own list is the one that counts
            state = load_state(self.store, info.id)
            self.details.setText(
                _(
                    "Members on the list: {count}; present: {present}. Events in the journal: {events}."
                ).format(count=state.member_count, present=state.present_count, events=state.seq)
            )
            self.warnings.setText("")
            return
        try:
            members = member_count(self.store, info)
        except ZhoobError as exc:
            members = exc.message()
        self.details.setText(
            ngettext(
                "Members on the list on {date}: {count}. Draft agenda: {items} item. Invited: {invited}.",
                "Members on the list on {date}: {count}. Draft agenda: {items} items. Invited: {invited}.",
                len(info.agenda_draft),
            ).format(
                date=i18n.format_date(info.scheduled_on, "long"),
                count=members,
                items=len(info.agenda_draft),
                invited=len(info.invited),
            )
        )
        if info.status != "prepared":
            self.warnings.setText("")
            return
        try:
            warnings = preparation_warnings(self.store, info.id, today=self.today())
        except ZhoobError as exc:
            warnings = []
            self.warnings.setText(exc.message())
            return
        self.warnings.setText("\n".join("⚠ " + w.message() for w in warnings))

    def _show_quarters(self) -> None:
        """Quarters of the year without a sitting of the meeting (Reg §5: at least once a quarter)."""
        try:
            missing = quarter_warnings(self.store, self.today())
        except ZhoobError as exc:
            self.quarters.setText(exc.message())
            return
        self.quarters.setText("\n".join("⚠ " + w.message() for w in missing))

    def _on_changed(self, topics: set[str]) -> None:
        if "sittings" in topics:
            self.reload()
        elif topics & {"journal", "residents"}:
            self._reload_timer.start()

    # -- actions -----------------------------------------------------------------------------

    def new_sitting(self) -> PrepareDialog:
        dialog = PrepareDialog(self.store, None, self.today(), self)
        dialog.finished.connect(lambda result: self._prepared(dialog, result))
        dialog.open()
        return dialog

    def prepare_sitting(self) -> PrepareDialog | None:
        info = self.selected()
        if info is None or info.status != "prepared":
            return None
        dialog = PrepareDialog(self.store, info, self.today(), self)
        dialog.finished.connect(lambda result: self._prepared(dialog, result))
        dialog.open()
        return dialog

    def _prepared(self, dialog: PrepareDialog, result: int) -> None:
        if result == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.bus.changed.emit({"sittings"})
            row = self.model.row_of(str(dialog.saved.id))
            if row is not None:
                self.table.selectRow(row)

    def _ask(self, text: str) -> bool:
        return QMessageBox.question(self, _("Meetings"), text) == QMessageBox.StandardButton.Yes

    def open_console(self, info: SittingInfo | None = None) -> LiveConsole | None:
        info = info or self.selected()
        if info is None:
            return None
        sid = str(info.id)
        if info.status == "prepared":
            if not self.confirm(
                _(
                    "Start the journal of this sitting? Its list of members and its rules are fixed from now on."
                )
            ):
                return None
            try:
                start_sitting(self.store, info.id, clock=self.clock.now)
            except ZhoobError as exc:
                self.present_error(self, exc)
                return None
            self.bus.changed.emit({"sittings", "journal"})
        console = self.consoles.get(sid)
        if console is None:
            console = LiveConsole(self.store, self.bus, sid, self.clock)
            console.fit_to_screen(self.window())
            console.destroyed.connect(lambda *_a, key=sid: self.consoles.pop(key, None))
            self.consoles[sid] = console
        console.show()
        console.raise_()
        console.activateWindow()
        return console

    def open_sittings(self) -> list[SittingInfo]:
        return list_sittings(self.store, status="live")

    def offer_recovery(self, ask: Callable[[RecoveryDialog], bool] | None = None) -> LiveConsole | None:
        """Offer the sitting left open for resumption, showing its last events; the console if resumed."""
        for info in self.open_sittings():
            dialog = RecoveryDialog(info, journal_events(self.store, info.id), okrug_zone(self.store), self)
            resumed = ask(dialog) if ask is not None else dialog.exec() == QDialog.DialogCode.Accepted
            if resumed:
                return self.open_console(get_sitting(self.store, info.id))
        return None

    def offer_recovery_soon(self) -> None:
        """After the main window is shown (so the question appears over it)."""
        QTimer.singleShot(0, self.offer_recovery)

    def retranslate(self) -> None:
        self.heading.setText(_("Meetings and gatherings"))
        self.new_button.setText(_("New sitting…"))
        self.prepare_button.setText(_("Prepare…"))
        self.console_button.setText(_("Open the live console"))
        self.model.retranslate()
        self.reload()
