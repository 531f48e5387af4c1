"""The dialogs that record a decision's steps: a step dated by its document, a step heard at a
sitting (the sitting picked from those held, never a typed date), and the per-protocol acts (the
protocol handed over, the akim's consideration of every decision, the members told)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.decisions import DecisionView, ProtocolView, SittingChoice
from zhoob_desktop.services.decisions import lifecycle as L
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, format_date
from zhoob_desktop.ui.dates import date_edit, pydate
from zhoob_desktop.ui.decisions.layout import full_stop

DOCUMENT, SITTING, PROTOCOL = L.DOCUMENT, L.AT_SITTING, L.PROTOCOL_ACT


@dataclass(frozen=True)
class Action:
    """A button of the detail panel: one step, or a choice between several (agree / disagree)."""

    key: str
    button: str  # msgid
    title: str  # msgid of the dialog title
    steps: tuple[str, ...]
    fields: tuple[str, ...] = ()  # extra fields: "responsible", "due_on", "sent_to", "quality"
    note: str = N_("Note")

    @property
    def where(self) -> str:
        return L.STEPS[self.steps[0]].where


ACTIONS: tuple[Action, ...] = (
    Action("protocol", N_("Protocol handed…"), N_("Protocol handed to the akim"), (L.PROTOCOL_HANDED,)),
    Action(
        "consider",
        N_("Akim's consideration…"),
        N_("The akim's consideration of the protocol"),
        (L.AGREED, L.DISAGREED),
    ),  # fmt: skip
    Action("inform", N_("Members told…"), N_("Members told the result"), (L.INFORMED,), note=N_("How")),
    Action(
        "rediscuss",
        N_("Re-discussion at a sitting…"),
        N_("Re-discussion of the akim's objections at a sitting"),
        (L.RESOLVED, L.AMENDED, L.REVOKED, L.UNRESOLVED),
        note=N_("What the meeting concluded"),
    ),
    Action(
        "refer",
        N_("Refer to the district…"),
        N_("Referred to the district akim"),
        (L.REFERRED,),
        note=N_("The letter (number) and where it was sent"),
    ),  # fmt: skip
    Action(
        "district",
        N_("District akim's decision…"),
        N_("The district akim's decision"),
        (L.DISTRICT_UPHELD, L.DISTRICT_OVERRULED),
        note=N_("The district akim's act (number)"),
    ),
    Action("publish", N_("Published…"), N_("Published"), (L.PUBLISHED,), note=N_("Where")),
    Action(
        "assign",
        N_("Responsible and due date…"),
        N_("Responsible and due date"),
        (L.ASSIGNED,),
        fields=("responsible", "due_on"),
    ),
    Action(
        "report",
        N_("Report heard at a sitting…"),
        N_("Execution report heard"),
        (L.REPORTED,),
        note=N_("What the report said"),
    ),  # fmt: skip
    Action(
        "execute", N_("Close as executed…"), N_("Executed"), (L.EXECUTED,), note=N_("The document or report")
    ),
    Action(
        "not_executed",
        N_("Non-execution at a sitting…"),
        N_("Non-execution entered in the protocol"),
        (L.NOT_EXECUTED,),
        fields=("quality", "sent_to"),
        note=N_("The finding entered in the protocol"),
    ),
    Action(
        "responsibility",
        N_("Official's responsibility…"),
        N_("Responsibility of the official raised"),
        (L.RESPONSIBILITY,),
    ),
)


def confirm_warnings(parent: QWidget, warnings: list) -> bool:
    """Show what to check before recording; True to record anyway."""
    if not warnings:
        return True
    text = "\n".join(w.text() for w in warnings) + "\n\n" + _("Record it anyway?")
    answer = QMessageBox.question(parent, _("Check the date"), text)
    return answer == QMessageBox.StandardButton.Yes


def sitting_label(choice: SittingChoice) -> str:
    when = format_date(choice.held_on, "short")
    if choice.number is not None:
        return _("No. {number} of {date}").format(number=choice.number, date=when)
    return when


class StepDialog(QDialog):
    """Records one step through ``submit(step, fields)``; stays open when refused.

    A step taken at a sitting offers the held sittings (``sittings``) and their
    considered items; any other step has the day it happened.
    """

    def __init__(
        self,
        action: Action,
        view: DecisionView,
        *,
        today: date,
        actor: str,
        submit: Callable[[str, dict[str, Any]], object],
        sittings: list[SittingChoice] | None = None,
        amendments: Callable[[SittingChoice], list[DecisionView]] | None = None,
        warn: Callable[[str, date], list] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.action, self.view, self.submit = action, view, submit
        self.sittings = list(sittings or [])
        self.amendments = amendments
        self.warn = warn
        self.setWindowTitle(_(action.title))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        summary = QLabel(f"<b>{view.item_number}. {view.item_title}</b><br>{view.text}")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        if view.follow.reasons and action.key == "rediscuss":
            reasons = QLabel(_("The akim's objections: {reasons}").format(reasons=view.follow.reasons))
            reasons.setWordWrap(True)
            layout.addWidget(reasons)
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
                radio.toggled.connect(lambda _on: self._follow_choice())
                self.choice.addButton(radio, n)
                self.radios[step] = radio
                form.addRow("" if n else _("Result"), radio)
        self.responsible = QLineEdit()
        self.due = date_edit(today)
        self.sent_to = QComboBox()
        # The long choice must not squeeze the label beside it.
        self.sent_to.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sent_to.setMinimumContentsLength(24)
        for code, label in L.SENT_TO.items():
            self.sent_to.addItem(_(label), code)
        self.quality = QComboBox()
        for code, label in L.QUALITY.items():
            self.quality.addItem(_(label), code)
        self.execution = QCheckBox(_("The decision needs execution"))
        self.execution.setChecked(view.follow.execution)
        if "responsible" in action.fields:
            form.addRow(_("Responsible body or person"), self.responsible)
        if "due_on" in action.fields:
            form.addRow(_("Due date"), self.due)
        if "quality" in action.fields:
            form.addRow(_("Found"), self.quality)
        if "sent_to" in action.fields:
            form.addRow(_("Sent by the chair to"), self.sent_to)
        if action.key in ("rediscuss", "district"):
            form.addRow("", self.execution)
        self.sitting = QComboBox()
        self.item = QComboBox()
        self.amended_by = QComboBox()
        self.on = date_edit(today, view.held_on, today)
        self.no_sitting = QLabel(
            _(
                "No held sitting of the meeting can take this step: it is recorded at a sitting held after the "
                "previous step whose protocol is not signed yet."
            )  # fmt: skip
        )
        self.no_sitting.setWordWrap(True)
        self.no_sitting.setObjectName("hint")
        if action.where == SITTING:
            for choice in self.sittings:
                self.sitting.addItem(sitting_label(choice), choice.id)
            self.sitting.currentIndexChanged.connect(lambda _i: self._fill_items())
            form.addRow(_("Heard at the sitting"), self.sitting)
            form.addRow(_("Under the agenda item"), self.item)
            if L.AMENDED in action.steps:
                form.addRow(_("Adopted in its place"), self.amended_by)
            layout.addWidget(self.no_sitting)
            self.no_sitting.setVisible(not self.sittings)
            self._fill_items()
        else:
            form.addRow(_("Date it happened"), self.on)
        self.actor = QLineEdit(actor)
        form.addRow(_("Recorded by"), self.actor)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(80)
        form.addRow(_(action.note), self.note)
        rule = L.step_citation(action.steps[0], view.sitting_kind)  # a gathering's decision: the Law
        citation = QLabel(_("Rule: {citation}").format(citation=_(rule)) if rule else "")
        citation.setObjectName("hint")
        layout.addWidget(citation)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit_clicked)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            action.where != SITTING or bool(self.sittings)
        )
        layout.addWidget(self.buttons)
        self._follow_choice()

    def _chosen_sitting(self) -> SittingChoice | None:
        index = self.sitting.currentIndex()
        return self.sittings[index] if 0 <= index < len(self.sittings) else None

    def _fill_items(self) -> None:
        self.item.clear()
        self.amended_by.clear()
        choice = self._chosen_sitting()
        if choice is None:
            return
        for it in choice.items:
            self.item.addItem(f"{it.number}. {it.title}", it.id)
        if choice.default_item is not None:
            self.item.setCurrentIndex(max(0, self.item.findData(choice.default_item)))
        if self.amendments is not None and L.AMENDED in self.action.steps:
            for d in self.amendments(choice):
                self.amended_by.addItem(f"{d.item_number}. {d.text}", str(d.id))

    def _follow_choice(self) -> None:
        self.amended_by.setEnabled(self.step() == L.AMENDED)
        self.execution.setEnabled(self.step() in (L.RESOLVED, L.DISTRICT_UPHELD))

    def step(self) -> str:
        for step, radio in self.radios.items():
            if radio.isChecked():
                return step
        return self.action.steps[0]

    def values(self) -> tuple[str, dict[str, Any]]:
        data: dict[str, Any] = {}
        if "responsible" in self.action.fields:
            data["responsible"] = self.responsible.text()
        if "due_on" in self.action.fields:
            data["due_on"] = pydate(self.due.date())
        if "sent_to" in self.action.fields:
            data["sent_to"] = self.sent_to.currentData()
        if "quality" in self.action.fields:
            data["quality"] = self.quality.currentData()
        step = self.step()
        if step == L.AMENDED and self.amended_by.currentData():
            data["amended_by"] = self.amended_by.currentData()
        if step in (L.RESOLVED, L.DISTRICT_UPHELD):
            data["execution"] = self.execution.isChecked()
        fields: dict[str, Any] = {"actor": self.actor.text(), "note": self.note.toPlainText(), "data": data}
        if self.action.where == SITTING:
            choice = self._chosen_sitting()
            fields["at_sitting"] = choice.id if choice else None
            fields["at_item"] = self.item.currentData()
        else:
            fields["on"] = pydate(self.on.date())
        return step, fields

    def submit_clicked(self) -> None:
        step, fields = self.values()
        if (
            self.warn is not None
            and "on" in fields
            and not confirm_warnings(self, self.warn(step, fields["on"]))
        ):
            return
        try:
            self.submit(step, fields)
        except ZhoobError as exc:
            QMessageBox.warning(self, _("The step was refused"), exc.message())
            return
        self.accept()


class ProtocolActDialog(QDialog):
    """One act for the whole protocol: handed to the akim, the akim's consideration, members told.

    ``submit(on, actor, note, outcomes)`` records it; for the consideration
    ``outcomes`` maps each decision's id to (verdict, reasons, needs execution).
    """

    COL_ITEM, COL_DECISION, COL_RESULT, COL_REASONS, COL_EXECUTION = range(5)

    def __init__(
        self,
        act: str,
        protocol: ProtocolView,
        *,
        today: date,
        actor: str,
        submit: Callable[[date, str, str, dict], object],
        warn: Callable[[date], list] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.act, self.protocol, self.submit, self.warn = act, protocol, submit, warn
        titles = {
            "handed": _("Protocol handed to the akim"),
            "considered": _("The akim's consideration of the protocol"),
            "informed": _("Members told the result"),
        }
        self.setWindowTitle(titles[act])
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)
        number = "—" if protocol.number is None else str(protocol.number)
        head = QLabel(
            "<b>"
            + _("Protocol No. {number} of {date}").format(
                number=number, date=format_date(protocol.held_on, "long")
            )
            + "</b><br>"
            + _("One act for every decision of the protocol ({count}).").format(count=len(protocol.decisions))
        )
        head.setWordWrap(True)
        layout.addWidget(head)
        self.table = QTableWidget(len(protocol.decisions), 5 if act == "considered" else 2)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        headers = [_("Item"), _("Decision")]
        if act == "considered":
            headers += [_("Result"), _("The akim's reasons"), _("Needs execution")]
        self.table.setHorizontalHeaderLabels(headers)
        self.results: list[QComboBox] = []
        self.executions: list[QCheckBox] = []
        for row, d in enumerate(protocol.decisions):
            self.table.setItem(row, self.COL_ITEM, QTableWidgetItem(f"{d.item_number}. {d.item_title}"))
            text = QTableWidgetItem(d.text)
            text.setToolTip(d.text)
            self.table.setItem(row, self.COL_DECISION, text)
            if act == "considered":
                result = QComboBox()
                result.addItem(_(L.STEPS[L.AGREED].label), L.AGREED)
                result.addItem(_(L.STEPS[L.DISAGREED].label), L.DISAGREED)
                self.table.setCellWidget(row, self.COL_RESULT, result)
                self.table.setItem(row, self.COL_REASONS, QTableWidgetItem(""))
                box = QCheckBox()
                box.setChecked(L.needs_execution(d.item_kind))
                box.setToolTip(_("An agreement or an approval needs no execution: it closes once approved."))
                self.table.setCellWidget(row, self.COL_EXECUTION, box)
                result.currentIndexChanged.connect(
                    lambda _i, b=box, r=result: b.setEnabled(r.currentData() == L.AGREED)
                )
                self.results.append(result)
                self.executions.append(box)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.COL_DECISION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.COL_ITEM, QHeaderView.ResizeMode.ResizeToContents)
        for col in range(2, self.table.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents if col != self.COL_REASONS
                                        else QHeaderView.ResizeMode.Interactive)  # fmt: skip
        if act == "considered":
            self.table.setColumnWidth(self.COL_REASONS, 200)
        layout.addWidget(self.table, 1)
        form = QFormLayout()
        self.on = date_edit(today, protocol.held_on, today)
        form.addRow(_("Date of the act"), self.on)
        self.actor = QLineEdit(actor)
        form.addRow(_("Recorded by"), self.actor)
        self.note = QLineEdit()
        if act != "considered":
            form.addRow(_("How") if act == "informed" else _("Note"), self.note)
        layout.addLayout(form)
        due = {
            "handed": protocol.handover_due,
            "considered": protocol.review_due,
            "informed": protocol.inform_due,
        }
        if due[act] is not None:  # a gathering's protocol has no deadline of the Model Regulation
            rule = QLabel(full_stop(_("Due by {date}.").format(date=format_date(due[act], "long"))))
            rule.setObjectName("hint")
            layout.addWidget(rule)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit_clicked)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def outcomes(self) -> dict[str, tuple[str, str, bool]]:
        out = {}
        for row, d in enumerate(self.protocol.decisions):
            if self.act != "considered":
                continue
            reasons_item = self.table.item(row, self.COL_REASONS)
            reasons = reasons_item.text() if reasons_item else ""
            out[str(d.id)] = (self.results[row].currentData(), reasons, self.executions[row].isChecked())
        return out

    def set_outcome(self, row: int, verdict: str, reasons: str = "", execution: bool | None = None) -> None:
        """Fill one row (used by the keyboard-free tests and by the person alike)."""
        self.results[row].setCurrentIndex(self.results[row].findData(verdict))
        self.table.item(row, self.COL_REASONS).setText(reasons)
        if execution is not None:
            self.executions[row].setChecked(execution)

    def submit_clicked(self) -> None:
        on = pydate(self.on.date())
        if self.warn is not None and not confirm_warnings(self, self.warn(on)):
            return
        try:
            self.submit(on, self.actor.text(), self.note.text(), self.outcomes())
        except ZhoobError as exc:
            QMessageBox.warning(self, _("The act was refused"), exc.message())
            return
        self.accept()
