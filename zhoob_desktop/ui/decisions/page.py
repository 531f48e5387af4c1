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
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.sittings import list_sittings
from zhoob_desktop.services.okrug_time import okrug_zone, to_local
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.decisions.dialogs import ACTIONS, PROTOCOL, Action, ProtocolActDialog, StepDialog
from zhoob_desktop.ui.decisions.layout import PageLayout
from zhoob_desktop.ui.decisions.models import (
    DeadlinesModel,
    DecisionIdRole,
    DecisionsModel,
    ExecutionModel,
    deadline_tooltip,
)
from zhoob_desktop.ui.typed_texts import ShownTexts

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


def typed_texts(rows, due, lines) -> list[str]:
    """The texts people typed that the page shows: titles, decisions, reasons, notes, responsible persons."""
    out = []
    for v in rows:
        out += [v.item_title, v.text, v.follow.reasons or ""]
        out += [h.note or "" for h in v.history]
        out += [str(h.data.get("responsible") or "") for h in v.history]
    out += [d.subject for d in due if d.subject and not d.subject_msgid]
    out += [line.responsible or "" for line in lines]
    return [t for t in dict.fromkeys(out) if t]


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
        layout = PageLayout(self)
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

        self.texts = ShownTexts(store)
        self.model = DecisionsModel(self.texts)
        self.table = _table(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # One line a decision, cut with "…" (the whole text in the tooltip and beside the list):
        # a secretary follows 20-50 decisions a year and needs to see a dozen of them at once.
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        for col in (DecisionsModel.COL_DATE, DecisionsModel.COL_DEADLINE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for col, width in ((DecisionsModel.COL_ITEM, 150), (DecisionsModel.COL_STATUS, 130)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(DecisionsModel.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty)

        self.detail = QGroupBox()
        detail_layout = QVBoxLayout(self.detail)
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
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.setMinimumHeight(120)
        self.steps_label = QLabel()
        self.steps_label.setObjectName("sectionHeading")
        self.buttons: dict[str, QPushButton] = {}
        steps = QVBoxLayout()  # one button a line: the panel beside the list is narrow
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
        papers = QVBoxLayout()
        papers.addWidget(self.letter_button)
        papers.addWidget(self.notice_button)
        # One column beside the list: what the decision is, what can happen next, what happened to it.
        for widget in (self.detail_title, self.detail_text, self.detail_votes, self.detail_status):
            detail_layout.addWidget(widget)
        detail_layout.addWidget(self.steps_label)
        detail_layout.addLayout(steps)
        detail_layout.addWidget(self.papers_label)
        detail_layout.addLayout(papers)
        detail_layout.addWidget(self.history_label)
        detail_layout.addWidget(self.history, 1)

        self.deadlines_model = DeadlinesModel(self.texts)
        self.deadlines_view = _table(self.deadlines_model)
        dh = self.deadlines_view.horizontalHeader()
        dh.setSectionResizeMode(DeadlinesModel.COL_DUE, QHeaderView.ResizeMode.ResizeToContents)
        dh.setSectionResizeMode(DeadlinesModel.COL_SUBJECT, QHeaderView.ResizeMode.Interactive)
        dh.setSectionResizeMode(DeadlinesModel.COL_WHAT, QHeaderView.ResizeMode.Stretch)
        self.deadlines_view.setColumnWidth(DeadlinesModel.COL_SUBJECT, 300)
        _rows_follow_width(self.deadlines_view)

        self.execution_model = ExecutionModel(self.texts)
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

        # The register beside the selected decision, the deadlines and the execution item below
        # (their texts need the full width); both splitters can be dragged, the lower part closed.
        # Scrolled, so a long decision text or a long history never pushes the window larger.
        detail_scroll = QScrollArea()
        detail_scroll.setWidget(self.detail)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        detail_scroll.setMinimumWidth(320)
        self.detail_scroll = detail_scroll
        self.upper = QSplitter(Qt.Orientation.Horizontal)
        self.upper.addWidget(left)
        self.upper.addWidget(detail_scroll)
        self.upper.setStretchFactor(0, 3)
        self.upper.setStretchFactor(1, 2)
        self.upper.setSizes([760, 360])
        self.outer = outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(self.upper)
        outer.addWidget(self.lower)
        outer.setStretchFactor(0, 1)
        outer.setStretchFactor(1, 0)
        outer.setCollapsible(0, False)
        outer.setSizes([480, 170])
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
        self.texts.load(typed_texts(rows, due, lines))
        self.model.set_rows(rows)
        self.deadlines_model.set_rows(due)
        self.execution_model.set_rows(lines)
        self._caption(day, sitting, len(lines))
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
            self.steps_label.setVisible(False)
            self.papers_label.setVisible(False)
            return
        shown = self.texts
        title = _("Sitting of {date}, item {number}: {title}").format(
            date=format_date(v.held_on, "long"), number=v.item_number, title=shown(v.item_title)
        )
        self.detail_title.setText(f"<b>{html.escape(title)}</b>")
        self.detail_text.setText(shown(v.text))
        votes = _(
            "Votes for {votes_for}, against {against}, abstained {abstained}; {present} members present."
        ).format(votes_for=v.votes_for, against=v.votes_against, abstained=v.abstained, present=v.present)
        if v.reached_by == "casting_vote":
            votes = f"{votes} {_(REACHED_BY_CASTING)}."
        self.detail_votes.setText(votes)
        lines = [_("Status: {status}").format(status=_(v.status_label))]
        if v.follow.reasons and v.status in ("disagreed", "unresolved", "with_district"):
            lines.append(_("The akim's objections: {reasons}").format(reasons=shown(v.follow.reasons)))
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
            self.history.addItem(self._history_item(h, sittings, v.sitting_kind))
        if not v.history:
            self.history.addItem(_("Nothing recorded yet."))
        for action in ACTIONS:
            self.buttons[action.key].setVisible(any(step in v.allowed for step in action.steps))
            rule = L.step_citation(action.steps[0], v.sitting_kind)
            self.buttons[action.key].setToolTip(_(rule) if rule else "")
        self.steps_label.setVisible(any(not b.isHidden() for b in self.buttons.values()))
        has_letter = any(h.step == L.NOT_EXECUTED for h in v.history)
        has_notice = v.follow.verdict is not None
        # a gathering's decisions are made public by the Law (art. 39-3); Reg §14 is the meeting's notice
        self.notice_button.setToolTip(
            _("Model Regulation §14") if v.sitting_kind == "meeting" else _(R.LAW_39_3)
        )
        self.letter_button.setVisible(has_letter)
        self.notice_button.setVisible(has_notice)
        self.papers_label.setVisible(has_letter or has_notice)

    def _history_item(self, h: L.HistoryEntry, sittings: dict, kind: str = "meeting") -> QListWidgetItem:
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
                    responsible=self.texts(h.data.get("responsible", "")),
                    due=format_date(date.fromisoformat(h.data["due_on"]), "short"),
                )
            )
        if h.step == L.NOT_EXECUTED and h.data.get("sent_to") in L.SENT_TO:
            whom = L.SENT_TO[h.data["sent_to"]]
            lines.append(_("Sent to {whom}").format(whom=_(whom)))
        if h.step == L.AGREED and h.data.get("execution") is False:
            lines.append(_("Needs no execution."))
        if h.note:
            lines.append(self.texts(h.note))
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
        citation = L.step_citation(h.step, kind)  # a gathering's decision: the Law, not the Regulation
        item.setToolTip(_(citation) if citation else "")
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
