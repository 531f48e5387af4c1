"""Dialogs of the Monitoring page: signing with the date on the paper, a corrected version's reason,
forming the commission at a sitting, a step of Order 405 (dated, or picked at a held sitting), an
extraordinary monitoring, and the commission's report signed by its members."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import _, format_date
from zhoob_desktop.services.meeting.held import HeldChoice
from zhoob_desktop.services.monitoring import commission as C
from zhoob_desktop.ui.dates import date_edit, pydate


def choice_label(choice: HeldChoice) -> str:
    when = format_date(choice.held_on, "short")
    if choice.number is None:
        return when
    return _("No. {number} of {date}").format(number=choice.number, date=when)


class SubmitDialog(QDialog):
    """A dialog whose OK runs ``submit()``; a refusal is shown and the dialog stays open."""

    refused_title = ""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit_clicked)
        self.buttons.rejected.connect(self.reject)
        self.run: Callable[[], object] | None = None

    def finish(self) -> None:
        self.layout_.addWidget(self.buttons)

    def submit_clicked(self) -> None:
        try:
            if self.run is not None:
                self.run()
        except ZhoobError as exc:
            QMessageBox.warning(self, _("Monitoring"), exc.message())
            return
        self.accept()


class SignDialog(SubmitDialog):
    """The report signed by the akim and the head of the finance service, on the date on the paper."""

    def __init__(self, institution: str, akim: str, finance: str, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Sign the report"))
        self.institution = QLineEdit(institution)
        self.akim = QLineEdit(akim)
        self.finance = QLineEdit(finance)
        self.on = date_edit(today)
        self.form.addRow(_("Name of the state institution"), self.institution)
        self.form.addRow(_("Akim"), self.akim)
        self.form.addRow(_("Head of the finance service"), self.finance)
        self.form.addRow(_("Date written on the signed paper"), self.on)
        self.finish()


class ReasonDialog(SubmitDialog):
    """The reason of a corrected version."""

    def __init__(self, title: str, signed_on: date | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        note = QLabel(
            _("The version signed on {date} stays as it was; the correction is a new version.").format(
                date=format_date(signed_on) if signed_on else "—"
            )
        )
        note.setWordWrap(True)
        self.layout_.insertWidget(0, note)
        self.reason = QLineEdit()
        self.form.addRow(_("What the correction corrects"), self.reason)
        self.finish()


class SittingPicker(QObject):
    """A held sitting (picked from the list, never typed) and one of its considered items.

    Its rows go into the dialog's own form (``add_to``), so their labels line
    up with the others and keep their width.
    """

    def __init__(self, choices: list[HeldChoice], kind: str, parent: QObject | None = None):
        super().__init__(parent)
        self.choices, self.kind = choices, kind
        self.sitting = QComboBox()
        for choice in choices:
            self.sitting.addItem(
                f"{choice_label(choice)} — {choice.title}" if choice.title else choice_label(choice)
            )
        self.item = QComboBox()
        # Long agenda titles must not squeeze the labels beside them: the list opens wide enough anyway.
        for combo in (self.sitting, self.item):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(28)
        self.empty = QLabel(_("No held sitting of the meeting whose protocol is not signed yet can take it."))
        self.empty.setWordWrap(True)
        self.empty.setObjectName("hint")
        self.empty.setVisible(not choices)
        self.sitting.currentIndexChanged.connect(lambda _i: self._fill())
        self._fill()

    def add_to(self, form: QFormLayout) -> None:
        form.addRow(_("Sitting"), self.sitting)
        form.addRow(_("Agenda item"), self.item)
        form.addRow(self.empty)

    def chosen(self) -> HeldChoice | None:
        i = self.sitting.currentIndex()
        return self.choices[i] if 0 <= i < len(self.choices) else None

    def _fill(self) -> None:
        self.item.clear()
        choice = self.chosen()
        if choice is None:
            return
        for it in choice.items:
            self.item.addItem(f"{it.number}. {it.title}", it.id)
        default = choice.default_item(self.kind)
        if default is not None:
            self.item.setCurrentIndex(self.item.findData(default))


class FormCommissionDialog(SubmitDialog):
    """The commission formed at a held sitting: its members checked among the participants, its chair."""

    def __init__(self, choices: list[HeldChoice], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Form the community commission"))
        self.setMinimumSize(520, 480)
        self.picker = SittingPicker(choices, C.FORMING_KIND, self)
        self.picker.add_to(self.form)
        self.people = QListWidget()
        self.form.addRow(_("Members (participants of the sitting)"), self.people)
        self.chair = QComboBox()
        self.form.addRow(_("Chair of the commission"), self.chair)
        self.picker.sitting.currentIndexChanged.connect(lambda _i: self._people())
        self.people.itemChanged.connect(lambda _item: self._chairs())
        self._people()
        self.finish()

    def _people(self) -> None:
        self.people.clear()
        choice = self.picker.chosen()
        for p in choice.participants if choice else ():
            item = QListWidgetItem(p.name if p.is_member else _("{name} (invited)").format(name=p.name))
            item.setData(Qt.ItemDataRole.UserRole, p.person_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.people.addItem(item)
        self._chairs()

    def members(self) -> list[str]:
        return [
            self.people.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.people.count())
            if self.people.item(i).checkState() == Qt.CheckState.Checked
        ]

    def check(self, person_ids: list[str]) -> None:
        for i in range(self.people.count()):
            item = self.people.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in person_ids:
                item.setCheckState(Qt.CheckState.Checked)

    def _chairs(self) -> None:
        current = self.chair.currentData()
        self.chair.blockSignals(True)
        self.chair.clear()
        self.chair.addItem("—", None)
        names = {self.people.item(i).data(Qt.ItemDataRole.UserRole): self.people.item(i).text()
                 for i in range(self.people.count())}  # fmt: skip
        for pid in self.members():
            self.chair.addItem(names[pid], pid)
        self.chair.setCurrentIndex(max(0, self.chair.findData(current)))
        self.chair.blockSignals(False)


class StepDialog(SubmitDialog):
    """A step of Order 405 done: 2 and 5 dated (5 with the akim's conclusion), 4 picked at a held sitting."""

    def __init__(self, step: int, description: str, today: date, choices: list[HeldChoice],
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.step = step
        self.setWindowTitle(_("Step {step} done").format(step=step))
        self.setMinimumWidth(520)
        text = QLabel(_(description))
        text.setWordWrap(True)
        self.layout_.insertWidget(0, text)
        self.on = date_edit(today)
        self.picker = SittingPicker(choices, "monitoring_report", self)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(90)
        self.actor = QLineEdit()
        if step == 4:
            self.picker.add_to(self.form)
        else:
            self.form.addRow(_("Date it was done"), self.on)
        if step == 5:
            self.form.addRow(_("The akim's conclusion"), self.note)
        self.form.addRow(_("Recorded by"), self.actor)
        self.finish()

    def values(self) -> dict:
        out: dict = {"actor": self.actor.text(), "note": self.note.toPlainText()}
        if self.step == 4:
            choice = self.picker.chosen()
            out["at_sitting"] = choice.id if choice else None
            out["at_item"] = self.picker.item.currentData()
        else:
            out["on"] = pydate(self.on.date())
        return out


class ExtraordinaryDialog(SubmitDialog):
    """An extraordinary monitoring ordered by a decision of the meeting at a held sitting."""

    def __init__(self, choices: list[HeldChoice], today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Extraordinary monitoring"))
        self.setMinimumWidth(520)
        self.picker = SittingPicker(choices, "monitoring_report", self)
        self.picker.add_to(self.form)
        self.subject = QLineEdit()
        self.form.addRow(_("What is monitored"), self.subject)
        self.due = date_edit(today)
        self.form.addRow(_("The commission's report due"), self.due)
        self.finish()


class SignCommissionReportDialog(SubmitDialog):
    """The commission's report signed: the members who signed, and the date on the paper."""

    def __init__(self, commission: C.CommissionView | None, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("The commission's report signed"))
        self.members = QListWidget()
        for m in commission.members if commission else ():
            label = _("{name}, chair").format(name=m.name) if m.role == C.CHAIR else m.name
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, m.person_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.members.addItem(item)
        self.form.addRow(_("Signed by"), self.members)
        self.on = date_edit(today)
        self.form.addRow(_("Date written on the signed paper"), self.on)
        self.finish()

    def signers(self) -> list[str]:
        return [
            self.members.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.members.count())
            if self.members.item(i).checkState() == Qt.CheckState.Checked
        ]
