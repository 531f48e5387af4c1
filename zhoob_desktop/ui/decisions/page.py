"""Decisions page: the register of decisions with their follow-up, a detail panel with the history,
the next allowed steps and the papers, and below the deadlines and the next sitting's execution item."""

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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services import decisions as D
from zhoob_desktop.services.decisions import DecisionView
from zhoob_desktop.services.decisions import lifecycle as L
from zhoob_desktop.services.decisions.acts import Outcome
from zhoob_desktop.services.decisions.agenda import execution_agenda
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, format_date, pgettext
from zhoob_desktop.services.meeting.sittings import list_sittings
from zhoob_desktop.services.okrug_time import okrug_zone, to_local
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.decisions.dialogs import ACTIONS, PROTOCOL, Action, ProtocolActDialog, StepDialog
from zhoob_desktop.ui.decisions.models import (
    DeadlinesModel,
    DecisionIdRole,
    DecisionsModel,
    ExecutionModel,
    deadline_tooltip,
)

TOPICS = frozenset({"journal", "decisions", "sittings", "monitoring", "settings"})
REACHED_BY_CASTING = N_("adopted by the chair's casting vote")
EMPTY_TEXT = N_(
    "No decisions here. Decisions appear when a sitting of the meeting that adopted them is closed."
)
ACT_OF = {"protocol": "handed", "consider": "considered", "inform": "informed"}


def _rows_follow_width(view: QTableView) -> None:
    """Wrapped rows get their height again whenever a column changes width (once per event loop)."""
    timer = QTimer(view)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(view.resizeRowsToContents)
    view.horizontalHeader().sectionResized.connect(lambda *_args: timer.start())


def _table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view


class DecisionsPage(QWidget):
    """The register of decisions (Reg §12–§18) with the deadlines and the execution item."""

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
        self.table = _table(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
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
        self.papers_label = QLabel()
        self.papers_label.setObjectName("sectionHeading")
        self.letter_button = QPushButton()
        self.letter_button.clicked.connect(self.show_letter)
        self.notice_button = QPushButton()
        self.notice_button.clicked.connect(self.show_notice)
        steps.addWidget(self.papers_label)
        steps.addWidget(self.letter_button)
        steps.addWidget(self.notice_button)
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

        self.deadlines_model = DeadlinesModel()
        self.deadlines_view = _table(self.deadlines_model)
        dh = self.deadlines_view.horizontalHeader()
        dh.setSectionResizeMode(DeadlinesModel.COL_DUE, QHeaderView.ResizeMode.ResizeToContents)
        dh.setSectionResizeMode(DeadlinesModel.COL_SUBJECT, QHeaderView.ResizeMode.Interactive)
        dh.setSectionResizeMode(DeadlinesModel.COL_WHAT, QHeaderView.ResizeMode.Stretch)
        self.deadlines_view.setColumnWidth(DeadlinesModel.COL_SUBJECT, 300)
        _rows_follow_width(self.deadlines_view)

        self.execution_model = ExecutionModel()
        self.execution_view = _table(self.execution_model)
        eh = self.execution_view.horizontalHeader()
        eh.setSectionResizeMode(ExecutionModel.COL_DECISION, QHeaderView.ResizeMode.Interactive)
        eh.setSectionResizeMode(ExecutionModel.COL_WHAT, QHeaderView.ResizeMode.Stretch)
        eh.setSectionResizeMode(ExecutionModel.COL_RESPONSIBLE, QHeaderView.ResizeMode.Interactive)
        self.execution_view.setColumnWidth(ExecutionModel.COL_DECISION, 330)
        self.execution_view.setColumnWidth(ExecutionModel.COL_RESPONSIBLE, 200)
        _rows_follow_width(self.execution_view)
        self.execution_caption = QLabel()
        self.execution_caption.setWordWrap(True)
        execution_box = QWidget()
        execution_layout = QVBoxLayout(execution_box)
        execution_layout.setContentsMargins(0, 0, 0, 0)
        execution_layout.addWidget(self.execution_caption)
        execution_layout.addWidget(self.execution_view, 1)

        self.lower = QTabWidget()
        self.lower.addTab(self.deadlines_view, "")
        self.lower.addTab(execution_box, "")

        # Full width for each (decision texts and deadlines need it): register, selected decision,
        # deadlines and the execution item.
        outer = QSplitter(Qt.Orientation.Vertical)
        # Scrolled, so a long decision text or many allowed steps never push the window larger.
        detail_scroll = QScrollArea()
        detail_scroll.setWidget(self.detail)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        for n, (widget, size) in enumerate(((left, 240), (detail_scroll, 260), (self.lower, 170))):
            outer.addWidget(widget)
            outer.setStretchFactor(n, size)
        outer.setSizes([240, 260, 170])
        layout.addWidget(outer, 1)

        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._select_row(cur.row()))
        self.deadlines_view.doubleClicked.connect(self._open_deadline)
        self.execution_view.doubleClicked.connect(self._open_deadline)
        bus.changed.connect(self._on_changed)
        self.retranslate()

    # -- data ------------------------------------------------------------------------------
    @property
    def today(self) -> date:
        return self._today or D.local_today(self.store)

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

    def next_sitting_day(self) -> tuple[date, object | None]:
        """The day of the next prepared sitting of the meeting (and the sitting), or today."""
        prepared = sorted(
            (
                s
                for s in list_sittings(self.store, kind="meeting", status="prepared")
                if s.scheduled_on >= self.today
            ),
            key=lambda s: s.scheduled_on,
        )
        return (prepared[0].scheduled_on, prepared[0]) if prepared else (self.today, None)

    def reload(self) -> None:
        """Read the register, the deadlines and the execution item again, keeping the selected decision."""
        self._stale = False
        keep = str(self.current.id) if self.current else None
        try:
            rows = D.list_decisions(self.store, which=self.filter.currentData(), today=self.today)
            due = D.deadlines(self.store, today=self.today)
            day, sitting = self.next_sitting_day()
            lines = execution_agenda(self.store, day, today=self.today)
        except ZhoobError as exc:
            # Said on the page, not in a modal box: this runs while the window is being built too.
            self.model.set_rows([])
            self.deadlines_model.set_rows([])
            self.execution_model.set_rows([])
            self.empty.setText(exc.message())
            self.empty.setVisible(True)
            self._select_row(-1)
            return
        self.empty.setText(_(EMPTY_TEXT))
        self.model.set_rows(rows)
        self.deadlines_model.set_rows(due)
        self.execution_model.set_rows(lines)
        self._caption(day, sitting, len(lines))
        self.table.resizeRowsToContents()
        self.deadlines_view.resizeRowsToContents()
        self.execution_view.resizeRowsToContents()
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

    def _caption(self, day: date, sitting, count: int) -> None:
        if sitting is not None:
            text = _("The sitting of {date}: its item on the execution of earlier decisions covers {count}.")
        else:
            text = _("No sitting is prepared yet; as of {date} the execution item would cover {count}.")
        self.execution_caption.setText(text.format(date=format_date(day, "long"), count=count))

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
            for button in (*self.buttons.values(), self.letter_button, self.notice_button):
                button.setVisible(False)
            self.papers_label.setVisible(False)
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
        lines = [_("Status: {status}").format(status=_(v.status_label))]
        if v.follow.reasons and v.status in ("disagreed", "unresolved", "with_district"):
            lines.append(_("The akim's objections: {reasons}").format(reasons=v.follow.reasons))
        nxt = v.next_deadline
        if nxt is not None:
            lines.append(
                _("Next deadline {date}: {what}").format(
                    date=format_date(nxt.due, "long"), what=deadline_tooltip(nxt)
                )
            )
        lines += [n.text() for n in v.notices]
        self.detail_status.setText("\n".join(lines))
        sittings = {s.id: s for s in list_sittings(self.store, kind="meeting")}
        for h in v.history:
            self.history.addItem(self._history_item(h, sittings))
        if not v.history:
            self.history.addItem(_("Nothing recorded yet."))
        for action in ACTIONS:
            self.buttons[action.key].setVisible(any(step in v.allowed for step in action.steps))
        has_letter = any(h.step == L.NOT_EXECUTED for h in v.history)
        has_notice = v.follow.verdict is not None
        self.letter_button.setVisible(has_letter)
        self.notice_button.setVisible(has_notice)
        self.papers_label.setVisible(has_letter or has_notice)

    def _history_item(self, h: L.HistoryEntry, sittings: dict) -> QListWidgetItem:
        lines = [f"{format_date(h.on, 'short')} — {_(h.label)}"]
        at = sittings.get(h.at_sitting_id) if h.at_sitting_id else None
        if at is not None:
            number = at.number if at.number is not None else "—"
            lines.append(
                _("At the sitting No. {number} of {date}, item {item}").format(
                    number=number,
                    date=format_date(at.scheduled_on, "short"),
                    item=(h.at_item_id or "").lstrip("D"),
                )
            )
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
        if h.step == L.AGREED and h.data.get("execution") is False:
            lines.append(_("Needs no execution."))
        if h.note:
            lines.append(h.note)
        if h.data.get("from_district"):
            lines.append(_("Received from the district with its receipt."))
        if h.late and h.due:
            lines.append(_("late, due {due}").format(due=format_date(h.due, "short")))
        when = format_date(to_local(h.recorded_at, okrug_zone(self.store)).date(), "short")
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
        if action.where == PROTOCOL:
            self._run_act(ACT_OF[action.key], view)
            return
        sittings = []
        if action.where == L.AT_SITTING:
            sittings = D.sittings_for_step(self.store, view.id, action.steps[0], today=self.today)

        def amendments(choice):
            return [d for d in D.list_decisions(self.store, today=self.today) if d.sitting_id == choice.id]

        dialog = StepDialog(
            action,
            view,
            today=self.today,
            actor=self.actor,
            submit=self._submit,
            sittings=sittings,
            amendments=amendments,
            warn=lambda step, on: D.step_warnings(self.store, view.id, step, on),
            parent=self,
        )
        dialog.exec()

    def _submit(self, step: str, fields: dict) -> DecisionView:
        assert self.current is not None
        view = D.record_step(self.store, self.current.id, step, today=self.today, **fields)
        self.actor = str(fields.get("actor", "")).strip()
        self.current = view
        self._changed()
        return view

    def _run_act(self, act: str, view: DecisionView) -> None:
        protocol = D.protocol_view(self.store, view.sitting_id, today=self.today)

        def submit(on: date, actor: str, note: str, outcomes: dict) -> None:
            if act == "handed":
                D.hand_over(self.store, protocol.sitting_id, on=on, actor=actor, note=note, today=self.today)
            elif act == "considered":
                given = {ref: Outcome(verdict, reasons, execution if verdict == L.AGREED else None)
                         for ref, (verdict, reasons, execution) in outcomes.items()}  # fmt: skip
                D.consider(
                    self.store, protocol.sitting_id, on=on, outcomes=given, actor=actor, today=self.today
                )
            else:
                D.inform_members(
                    self.store, protocol.sitting_id, on=on, actor=actor, note=note, today=self.today
                )
            self.actor = actor.strip()
            self._changed()

        dialog = ProtocolActDialog(
            act,
            protocol,
            today=self.today,
            actor=self.actor,
            submit=submit,
            warn=lambda on: D.act_warnings(self.store, protocol.sitting_id, act, on),
            parent=self,
        )
        dialog.exec()

    def _changed(self) -> None:
        self.bus.emit_changed("decisions", "sittings")  # a shown page reads itself again through the bus
        if self._stale or not self.isVisible():
            self.reload()

    # -- papers ----------------------------------------------------------------------------
    def _preview(self, render, title: str) -> None:
        from zhoob_desktop.ui.documents.preview import PaperPreviewDialog

        try:
            dialog = PaperPreviewDialog(render, title=title, parent=self)
        except ZhoobError as exc:
            self.show_error(exc)
            return
        dialog.open()

    def show_letter(self) -> None:
        from zhoob_desktop.services.documents.followup_papers import nonexecution_letter

        if self.current is not None:
            ref = self.current.id
            self._preview(
                lambda lang: nonexecution_letter(self.store, ref, lang), _("Letter on non-execution")
            )

    def show_notice(self) -> None:
        from zhoob_desktop.services.documents.followup_papers import consideration_notice

        if self.current is not None:
            ref = self.current.sitting_id
            self._preview(
                lambda lang: consideration_notice(self.store, ref, lang), _("Notice to the members")
            )

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
        self.papers_label.setText(_("Papers"))
        self.letter_button.setText(_("Letter on non-execution…"))
        self.letter_button.setToolTip(_(L.REG_18))
        self.notice_button.setText(_("Notice to the members…"))
        self.notice_button.setToolTip(_("Model Regulation §14"))
        self.lower.setTabText(0, _("Deadlines: overdue and the next 30 days"))
        self.lower.setTabText(1, _("Execution item of the next sitting"))
        for action in ACTIONS:
            self.buttons[action.key].setText(_(action.button))
            self.buttons[action.key].setToolTip(_(L.STEPS[action.steps[0]].citation))
        self.model.retranslate()
        self.deadlines_model.retranslate()
        self.execution_model.retranslate()
        self.reload()
