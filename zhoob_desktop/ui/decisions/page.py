"""Decisions page: the register of decisions with their follow-up, a detail panel with the history
and the next allowed steps, and the panel of overdue and upcoming deadlines."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services import decisions as D
from zhoob_desktop.services.decisions import DecisionView
from zhoob_desktop.services.decisions import lifecycle as L
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, format_date, pgettext
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.decisions.dialogs import ACTIONS, Action, StepDialog
from zhoob_desktop.ui.decisions.models import DeadlinesModel, DecisionIdRole, DecisionsModel, deadline_tooltip

TOPICS = frozenset({"journal", "decisions", "sittings"})
REACHED_BY_CASTING = N_("adopted by the chair's casting vote")
EMPTY_TEXT = N_(
    "No decisions here. Decisions appear when a sitting of the meeting that adopted them is closed."
)


def _rows_follow_width(view: QTableView) -> None:
    """Wrapped rows get their height again whenever a column changes width (once per event loop)."""
    timer = QTimer(view)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(view.resizeRowsToContents)
    view.horizontalHeader().sectionResized.connect(lambda *_args: timer.start())


class DecisionsPage(QWidget):
    """The register of decisions (Reg §12–§18) with the deadlines panel."""

    def __init__(self, store: Store, bus: Bus, today: date | None = None):
        super().__init__()
        self.store, self.bus = store, bus
        self._today = today
        self.actor = ""
        self.current: DecisionView | None = None
        self._stale = False
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        top.addWidget(self.heading)
        top.addStretch(1)
        self.filter_label = QLabel()
        self.filter = QComboBox()
        for key in D.FILTERS:
            self.filter.addItem("", key)
        top.addWidget(self.filter_label)
        top.addWidget(self.filter)
        layout.addLayout(top)

        self.model = DecisionsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for col in (DecisionsModel.COL_DATE, DecisionsModel.COL_DEADLINE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for col, width in ((DecisionsModel.COL_ITEM, 170), (DecisionsModel.COL_STATUS, 160)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(DecisionsModel.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        _rows_follow_width(self.table)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty)

        self.detail = QGroupBox()
        detail_layout = QHBoxLayout(self.detail)
        self.detail_title = QLabel()
        self.detail_title.setWordWrap(True)
        self.detail_text = QLabel()
        self.detail_text.setWordWrap(True)
        self.detail_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_votes = QLabel()
        self.detail_votes.setWordWrap(True)
        self.detail_status = QLabel()
        self.detail_status.setWordWrap(True)
        self.history_label = QLabel()
        self.history_label.setObjectName("sectionHeading")
        self.history = QListWidget()
        self.history.setWordWrap(True)
        self.history.setAlternatingRowColors(True)
        self.steps_label = QLabel()
        self.steps_label.setObjectName("sectionHeading")
        self.buttons: dict[str, QPushButton] = {}
        steps = QVBoxLayout()
        steps.addWidget(self.steps_label)
        for action in ACTIONS:
            button = QPushButton()
            button.clicked.connect(lambda _checked=False, a=action: self.run_action(a))
            self.buttons[action.key] = button
            steps.addWidget(button)
        steps.addStretch(1)
        # Three columns: what the decision is, what happened to it, what can happen next.
        info = QVBoxLayout()
        for widget in (self.detail_title, self.detail_text, self.detail_votes, self.detail_status):
            info.addWidget(widget)
        info.addStretch(1)
        past = QVBoxLayout()
        past.addWidget(self.history_label)
        past.addWidget(self.history, 1)
        detail_layout.addLayout(info, 4)
        detail_layout.addLayout(past, 4)
        detail_layout.addLayout(steps, 0)

        self.deadlines_box = QGroupBox()
        box_layout = QVBoxLayout(self.deadlines_box)
        self.deadlines_model = DeadlinesModel()
        self.deadlines_view = QTableView()
        self.deadlines_view.setModel(self.deadlines_model)
        self.deadlines_view.setWordWrap(True)
        self.deadlines_view.verticalHeader().hide()
        self.deadlines_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.deadlines_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        dh = self.deadlines_view.horizontalHeader()
        dh.setSectionResizeMode(DeadlinesModel.COL_DUE, QHeaderView.ResizeMode.ResizeToContents)
        dh.setSectionResizeMode(DeadlinesModel.COL_SUBJECT, QHeaderView.ResizeMode.Interactive)
        dh.setSectionResizeMode(DeadlinesModel.COL_WHAT, QHeaderView.ResizeMode.Stretch)
        self.deadlines_view.setColumnWidth(DeadlinesModel.COL_SUBJECT, 300)
        _rows_follow_width(self.deadlines_view)
        box_layout.addWidget(self.deadlines_view)

        # Full width for each (decision texts and deadlines need it): register, selected decision,
        # deadlines.
        outer = QSplitter(Qt.Orientation.Vertical)
        # Scrolled, so a long decision text or many allowed steps never push the window larger.
        detail_scroll = QScrollArea()
        detail_scroll.setWidget(self.detail)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        for n, (widget, size) in enumerate(((left, 260), (detail_scroll, 260), (self.deadlines_box, 170))):
            outer.addWidget(widget)
            outer.setStretchFactor(n, size)
        outer.setSizes([260, 260, 170])
        layout.addWidget(outer, 1)

        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._select_row(cur.row()))
        self.deadlines_view.doubleClicked.connect(self._open_deadline)
        bus.changed.connect(self._on_changed)
        self.retranslate()

    # -- data ------------------------------------------------------------------------------
    @property
    def today(self) -> date:
        return self._today or D.local_today()

    def _on_changed(self, topics: set[str]) -> None:
        if not topics & TOPICS:
            return
        if self.isVisible():
            self.reload()
        else:
            # A live sitting changes the journal every few seconds: read again only when shown.
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self.reload()

    def show_error(self, exc: ZhoobError) -> None:
        QMessageBox.warning(self, _("Decisions"), exc.message())

    def reload(self) -> None:
        """Read the register and the deadlines again, keeping the selected decision."""
        self._stale = False
        keep = str(self.current.id) if self.current else None
        try:
            rows = D.list_decisions(self.store, which=self.filter.currentData(), today=self.today)
            due = D.deadlines(self.store, today=self.today)
        except ZhoobError as exc:
            # Said on the page, not in a modal box: this runs while the window is being built too.
            self.model.set_rows([])
            self.deadlines_model.set_rows([])
            self.empty.setText(exc.message())
            self.empty.setVisible(True)
            self._select_row(-1)
            return
        self.empty.setText(_(EMPTY_TEXT))
        self.model.set_rows(rows)
        self.deadlines_model.set_rows(due)
        self.table.resizeRowsToContents()
        self.deadlines_view.resizeRowsToContents()
        self.empty.setVisible(not rows)
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._select_row(row)

    def _select_row(self, row: int) -> None:
        self.current = self.model.rows[row] if 0 <= row < len(self.model.rows) else None
        self._show_detail()

    def select_decision(self, decision_id: str) -> bool:
        """Show a decision (switching the filter to All when the current one hides it)."""
        row = self.model.row_of(decision_id)
        if row < 0 and self.filter.currentData() != "all":
            self.filter.setCurrentIndex(list(D.FILTERS).index("all"))
            row = self.model.row_of(decision_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self._select_row(row)
        return True

    def _open_deadline(self, index: QModelIndex) -> None:
        decision_id = index.data(DecisionIdRole)
        if decision_id:
            self.select_decision(decision_id)

    # -- detail ----------------------------------------------------------------------------
    def _show_detail(self) -> None:
        v = self.current
        self.history.clear()
        for widget in (self.detail_title, self.detail_text, self.detail_votes, self.detail_status):
            widget.clear()
        if v is None:
            self.detail_title.setText(_("Choose a decision to see its history and next steps."))
            for button in self.buttons.values():
                button.setVisible(False)
            return
        title = _("Sitting of {date}, item {number}: {title}").format(
            date=format_date(v.held_on, "long"), number=v.item_number, title=v.item_title
        )
        self.detail_title.setText(f"<b>{html.escape(title)}</b>")
        self.detail_text.setText(v.text)
        votes = _(
            "Votes for {votes_for}, against {against}, abstained {abstained}; {present} members present."
        ).format(votes_for=v.votes_for, against=v.votes_against, abstained=v.abstained, present=v.present)
        if v.reached_by == "casting_vote":
            votes = f"{votes} {_(REACHED_BY_CASTING)}."
        self.detail_votes.setText(votes)
        status = _("Status: {status}").format(status=_(v.status_label))
        nxt = v.next_deadline
        if nxt is not None:
            status += "\n" + _("Next deadline {date}: {what}").format(
                date=format_date(nxt.due, "long"), what=deadline_tooltip(nxt)
            )
        self.detail_status.setText(status)
        for h in v.history:
            self.history.addItem(self._history_item(h))
        if not v.history:
            self.history.addItem(_("Nothing recorded yet."))
        for action in ACTIONS:
            self.buttons[action.key].setVisible(any(step in v.allowed for step in action.steps))

    def _history_item(self, h: L.HistoryEntry) -> QListWidgetItem:
        lines = [f"{format_date(h.on, 'short')} — {_(h.label)}"]
        if h.step == L.ASSIGNED:
            lines.append(
                _("{responsible}, due {due}").format(
                    responsible=h.data.get("responsible", ""),
                    due=format_date(date.fromisoformat(h.data["due_on"]), "short"),
                )
            )
        if h.step == L.NOT_EXECUTED and h.data.get("sent_to") in L.SENT_TO:
            whom = L.SENT_TO[h.data["sent_to"]]
            lines.append(_("Sent to {whom}").format(whom=_(whom)))
        if h.note:
            lines.append(h.note)
        if h.late and h.due:
            lines.append(_("late, due {due}").format(due=format_date(h.due, "short")))
        when = format_date(h.recorded_at.astimezone().date(), "short")
        if h.actor:
            lines.append(_("Recorded by {who} on {when}").format(who=h.actor, when=when))
        else:
            lines.append(_("Recorded on {when}").format(when=when))
        item = QListWidgetItem("\n".join(lines))
        item.setToolTip(_(L.STEPS[h.step].citation))
        if h.late:
            item.setForeground(Qt.GlobalColor.darkRed)
        return item

    # -- actions ---------------------------------------------------------------------------
    def run_action(self, action: Action) -> None:
        view = self.current
        if view is None:
            return
        dialog = StepDialog(
            action, view, today=self.today, actor=self.actor, submit=self._submit, parent=self
        )
        dialog.exec()

    def _submit(self, step: str, on: date, actor: str, note: str, data: dict) -> DecisionView:
        assert self.current is not None
        view = D.record_step(
            self.store, self.current.id, step, on=on, actor=actor, note=note, data=data, today=self.today
        )
        self.actor = actor.strip()
        self.current = view
        self.bus.emit_changed("decisions")  # a shown page reads itself again through the bus
        if self._stale:
            self.reload()
        return view

    # -- language --------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText(_("Decisions"))
        self.filter_label.setText(_("Show"))
        labels = {
            "open": pgettext("decisions filter", "Open"),
            "all": pgettext("decisions filter", "All"),
            "overdue": pgettext("decisions filter", "Overdue"),
        }
        for n, key in enumerate(D.FILTERS):
            self.filter.setItemText(n, labels[key])
        self.detail.setTitle(_("Decision"))
        self.history_label.setText(_("History"))
        self.steps_label.setText(_("Next steps"))
        self.deadlines_box.setTitle(_("Deadlines: overdue and the next 30 days"))
        for action in ACTIONS:
            self.buttons[action.key].setText(_(action.button))
            self.buttons[action.key].setToolTip(_(L.STEPS[action.steps[0]].citation))
        self.reload()
