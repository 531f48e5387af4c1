"""The dialogs that record a step of a decision: the akim's consideration, the responsible and due
date, an execution report, and the other steps (each with its day, who records it and a note)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.decisions import DecisionView
from zhoob_desktop.services.decisions import lifecycle as L
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _


@dataclass(frozen=True)
class Action:
    """A button of the detail panel: one step, or a choice between two (agree / disagree)."""

    key: str
    button: str  # msgid
    title: str  # msgid of the dialog title
    steps: tuple[str, ...]
    fields: tuple[str, ...] = ()  # extra fields: "responsible", "due_on", "sent_to"
    note: str = N_("Note")


ACTIONS: tuple[Action, ...] = (
    Action("protocol", N_("Protocol handed…"), N_("Protocol handed to the akim"), (L.PROTOCOL_HANDED,)),
    Action(
        "consider",
        N_("Akim's consideration…"),
        N_("The akim's consideration of the decision"),
        (L.AGREED, L.DISAGREED),
        note=N_("Reasons of a disagreement"),
    ),
    Action(
        "rediscuss",
        N_("Re-discussion…"),
        N_("Re-discussion at the meeting"),
        (L.RESOLVED, L.UNRESOLVED),
    ),
    Action("refer", N_("Refer to the district…"), N_("Referred to the district akim"), (L.REFERRED,)),
    Action(
        "district",
        N_("District akim's decision…"),
        N_("The district akim's decision"),
        (L.DISTRICT_UPHELD, L.DISTRICT_OVERRULED),
    ),
    Action("inform", N_("Members told…"), N_("Members told the result"), (L.INFORMED,), note=N_("How")),
    Action("publish", N_("Published…"), N_("Published"), (L.PUBLISHED,), note=N_("Where")),
    Action(
        "assign",
        N_("Responsible and due date…"),
        N_("Responsible and due date"),
        (L.ASSIGNED,),
        fields=("responsible", "due_on"),
    ),
    Action("report", N_("Execution report…"), N_("Execution report"), (L.REPORTED,), note=N_("Report")),
    Action("execute", N_("Close as executed…"), N_("Executed"), (L.EXECUTED,)),
    Action(
        "not_executed",
        N_("Non-execution…"),
        N_("Non-execution recorded"),
        (L.NOT_EXECUTED,),
        fields=("sent_to",),
    ),
    Action(
        "responsibility",
        N_("Official's responsibility…"),
        N_("Responsibility of the official raised"),
        (L.RESPONSIBILITY,),
    ),
)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class StepDialog(QDialog):
    """Records one step through ``submit(step, on, actor, note, data)``; stays open when refused."""

    def __init__(
        self,
        action: Action,
        view: DecisionView,
        *,
        today: date,
        actor: str,
        submit: Callable[[str, date, str, str, dict[str, Any]], object],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.action, self.view, self.submit = action, view, submit
        self.setWindowTitle(_(action.title))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        summary = QLabel(f"<b>{view.item_number}. {view.item_title}</b><br>{view.text}")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        form = QFormLayout()
        layout.addLayout(form)
        self.choice = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        allowed = [s for s in action.steps if s in view.allowed] or list(action.steps)
        if len(action.steps) > 1:
            for n, step in enumerate(action.steps):
                radio = QRadioButton(_(L.STEPS[step].label))
                radio.setEnabled(step in allowed)
                radio.setChecked(step == allowed[0])
                self.choice.addButton(radio, n)
                self.radios[step] = radio
                form.addRow("" if n else _("Result"), radio)
        self.responsible = QLineEdit()
        self.due = QDateEdit(_qdate(today))
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("dd.MM.yyyy")
        self.sent_to = QComboBox()
        # The long choice must not squeeze the label beside it.
        self.sent_to.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sent_to.setMinimumContentsLength(24)
        for code, label in L.SENT_TO.items():
            self.sent_to.addItem(_(label), code)
        if "responsible" in action.fields:
            form.addRow(_("Responsible body or person"), self.responsible)
        if "due_on" in action.fields:
            form.addRow(_("Due date"), self.due)
        if "sent_to" in action.fields:
            form.addRow(_("Sent by the chair to"), self.sent_to)
        self.on = QDateEdit(_qdate(today))
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("dd.MM.yyyy")
        self.on.setDateRange(_qdate(view.held_on), _qdate(today))
        form.addRow(_("Date it happened"), self.on)
        self.actor = QLineEdit(actor)
        form.addRow(_("Recorded by"), self.actor)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(80)
        form.addRow(_(action.note), self.note)
        citation = QLabel(_("Rule: {citation}").format(citation=_(L.STEPS[action.steps[0]].citation)))
        citation.setObjectName("hint")
        layout.addWidget(citation)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit_clicked)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def step(self) -> str:
        for step, radio in self.radios.items():
            if radio.isChecked():
                return step
        return self.action.steps[0]

    def values(self) -> tuple[str, date, str, str, dict[str, Any]]:
        data: dict[str, Any] = {}
        if "responsible" in self.action.fields:
            data["responsible"] = self.responsible.text()
        if "due_on" in self.action.fields:
            data["due_on"] = _pydate(self.due.date())
        if "sent_to" in self.action.fields:
            data["sent_to"] = self.sent_to.currentData()
        return self.step(), _pydate(self.on.date()), self.actor.text(), self.note.toPlainText(), data

    def submit_clicked(self) -> None:
        try:
            self.submit(*self.values())
        except ZhoobError as exc:
            QMessageBox.warning(self, _("The step was refused"), exc.message())
            return
        self.accept()
