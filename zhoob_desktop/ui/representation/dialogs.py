"""Dialogs of the Representation page: the procedure, a new initiative, a decision, a sitting to prepare."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import _, format_date
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.initiatives import (
    BODIES,
    InitiativeInfo,
    create_initiative,
    file_initiative,
    prepare_sitting,
    record_decision,
)
from zhoob_desktop.services.meeting.representation import BASES, ROUNDINGS, UNITS, Procedure, record_procedure
from zhoob_desktop.services.register.units import unit_counts
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.dates import date_edit, pydate
from zhoob_desktop.ui.meeting.operations import show_error


class _Form(QDialog):
    """A form with Save/Cancel; a refusal is shown and the dialog stays open with what was typed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.present_error = show_error
        self.form = QFormLayout()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        try:
            self.result_value = self.apply()
        except ZhoobError as exc:
            self.present_error(self, exc)
            return
        self.accept()

    def apply(self):  # pragma: no cover - every form defines it
        raise NotImplementedError


class ProcedureDialog(_Form):
    """Record the procedure of separate gatherings approved by a decision of the district maslikhat."""

    def __init__(self, store: Store, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_("Procedure approved by the maslikhat"))
        self.number, self.body, self.residence = QLineEdit(), QLineEdit(), QLineEdit()
        self.number.setObjectName("decisionNumber")
        self.body.setText(_("District maslikhat"))
        self.decided, self.effective = date_edit(today), date_edit(today)
        self.unit, self.basis, self.rounding = QComboBox(), QComboBox(), QComboBox()
        for combo, options in ((self.unit, UNITS), (self.basis, BASES), (self.rounding, ROUNDINGS)):
            for code, label in options.items():
                combo.addItem(_(label), code)
        self.per, self.minimum, self.age, self.term = QSpinBox(), QSpinBox(), QSpinBox(), QSpinBox()
        self.per.setRange(1, 100000)
        self.per.setValue(50)
        self.minimum.setRange(0, 100)
        self.minimum.setValue(1)
        self.age.setRange(14, 21)
        self.age.setValue(18)
        self.term.setRange(0, 10)
        self.term.setSpecialValueText("—")
        self.quorum = QLineEdit("1/10")
        self.residence.setPlaceholderText(_("e.g. permanently residing in the village"))
        for label, widget in (
            (_("Decision No."), self.number),
            (_("Date of the decision"), self.decided),
            (_("Body"), self.body),
            (_("In force from"), self.effective),
            (_("Unit of representation"), self.unit),
            (_("One representative per"), self.per),
            (_("Counted on"), self.basis),
            (_("Rounding"), self.rounding),
            (_("At least per unit"), self.minimum),
            (_("Age from which residents take part"), self.age),
            (_("Residence condition"), self.residence),
            (_("Quorum of a separate gathering"), self.quorum),
            (_("Term of the representatives, years"), self.term),
        ):
            self.form.addRow(label, widget)
        self.decided.dateChanged.connect(lambda d: self.effective.setDate(d))
        # The decision may list the number of each unit instead of (or beside) the norm.
        self.by_table = QCheckBox(_("The decision lists the number of representatives of each unit"))
        self.by_table.setObjectName("procedureByTable")
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("procedureTable")
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setHorizontalHeaderLabels([_("Unit"), _("Representatives")])
        self.table.setMinimumHeight(100)
        self.table.setMaximumHeight(180)
        self.table.setVisible(False)
        self.by_table.toggled.connect(self._table_toggled)
        self.unit.currentIndexChanged.connect(lambda _i: self._fill_table())
        self.form.addRow(self.by_table)
        self.form.addRow(self.table)
        # As wide with the numbers as with the norm: the rows hidden for them do not narrow the form.
        self.setMinimumWidth(self.sizeHint().width())
        self.note.setText(
            _("The Model Rules cited are those in force on the date of the decision ({law}).").format(
                law=_(R.LAW_39_3)
            )
        )

    def _table_toggled(self, on: bool) -> None:
        self.table.setVisible(on)
        self.per.setEnabled(not on)
        for widget in (self.per, self.basis, self.rounding, self.minimum):  # the numbers replace the norm
            self.form.setRowVisible(widget, not on)
        if on:
            self._fill_table()

    def _fill_table(self) -> None:
        """The units of the chosen level, from the register, each with its number to type in."""
        if not self.by_table.isChecked():
            return
        counts = unit_counts(
            self.store, pydate(self.effective.date()), self.unit.currentData(), self.age.value()
        )
        self.table.setRowCount(len(counts.units))
        for r, u in enumerate(counts.units):
            item = QTableWidgetItem(f"{u.name} ({u.settlement})" if u.settlement else u.name)
            item.setData(Qt.ItemDataRole.UserRole, str(u.id))
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 0, item)
            spin = QSpinBox()
            spin.setRange(0, 1000)
            self.table.setCellWidget(r, 1, spin)

    def numbers(self) -> dict[str, int] | None:
        """The numbers typed per unit (None when the decision gives only the norm)."""
        if not self.by_table.isChecked():
            return None
        return {
            self.table.item(r, 0).data(Qt.ItemDataRole.UserRole): self.table.cellWidget(r, 1).value()
            for r in range(self.table.rowCount())
        }

    def apply(self) -> Procedure:
        table = self.numbers()
        return record_procedure(
            self.store,
            decision_number=self.number.text(),
            decision_date=pydate(self.decided.date()),
            decision_body=self.body.text(),
            effective_from=pydate(self.effective.date()),
            unit=self.unit.currentData(),
            norm_per=self.per.value() if table is None else None,
            norm_table=table,
            norm_basis=self.basis.currentData(),
            rounding=self.rounding.currentData(),
            minimum=self.minimum.value(),
            age=self.age.value(),
            residence=self.residence.text(),
            quorum=self.quorum.text(),
            term_years=self.term.value() or None,
        )


class InitiativeDialog(_Form):
    """A new initiative: the body it convenes, the day the share is counted on, its agenda."""

    def __init__(self, store: Store, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_("New initiative of members"))
        self.body = QComboBox()
        for code, label in BODIES.items():
            self.body.addItem(_(label), code)
        self.base_on = date_edit(today)
        self.title = QLineEdit()
        self.agenda = QPlainTextEdit()
        self.agenda.setObjectName("initiativeAgenda")
        self.agenda.setPlaceholderText(_("One question per line"))
        for label, widget in (
            (_("Convene"), self.body),
            (_("Share counted on"), self.base_on),
            (_("Title"), self.title),
            (_("Questions of the agenda"), self.agenda),
        ):
            self.form.addRow(label, widget)

    def apply(self) -> InitiativeInfo:
        return create_initiative(
            self.store,
            body=self.body.currentData(),
            base_on=pydate(self.base_on.date()),
            title=self.title.text(),
            agenda=self.agenda.toPlainText().splitlines(),
        )


class FileDialog(_Form):
    """The day the petition was handed over (to the district akim; for a meeting, to the akim)."""

    def __init__(self, store: Store, info: InitiativeInfo, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.info = store, info
        self.setWindowTitle(_("The petition handed over"))
        self.filed_on = date_edit(today)
        self.form.addRow(_("Handed over on"), self.filed_on)
        self.note.setText(
            _("Its signatures no longer change once it is handed over.")
            if info.body == R.GATHERING
            else _(
                "Its signatures no longer change; the akim decides within three working days ({reg})."
            ).format(reg=_(R.REG_5))
        )

    def apply(self) -> InitiativeInfo:
        return file_initiative(self.store, self.info.id, pydate(self.filed_on.date()))


class DecisionDialog(_Form):
    """The district akim's (gathering) or the akim's (meeting) decision on an initiative, with its date."""

    def __init__(self, store: Store, info: InitiativeInfo, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.info = store, info
        self.setWindowTitle(_("Decision on the initiative"))
        self.decision = QComboBox()
        self.decision.addItem(_("convene (positive decision)"), "approved")
        self.decision.addItem(_("refuse"), "refused")
        self.decided_on = date_edit(today)
        self.ref, self.by = QLineEdit(), QLineEdit()
        self.by.setText(
            _("Akim of the district") if info.body == R.GATHERING else _("Akim of the rural okrug")
        )
        for label, widget in (
            (_("Decision"), self.decision),
            (_("Date"), self.decided_on),
            (_("Number of the act"), self.ref),
            (_("Decided by"), self.by),
        ):
            self.form.addRow(label, widget)
        if info.answer_due is not None:
            self.note.setText(
                _("The akim decides within three working days, by {due} ({reg}).").format(
                    due=format_date(info.answer_due), reg=_(R.REG_5)
                )
            )

    def apply(self) -> InitiativeInfo:
        return record_decision(
            self.store,
            self.info.id,
            decision=self.decision.currentData(),
            decided_on=pydate(self.decided_on.date()),
            decision_ref=self.ref.text(),
            decided_by=self.by.text(),
        )


class PrepareFromInitiativeDialog(_Form):
    """The sitting the approved initiative asks for: its date, place and notice."""

    def __init__(self, store: Store, info: InitiativeInfo, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.info = store, info
        self.setWindowTitle(_("Prepare the sitting"))
        start = max(today, info.decided_on or today)
        self.day = date_edit(date.fromordinal(start.toordinal() + 11))
        self.notice = date_edit(start)
        self.place = QLineEdit()
        self.representatives = QCheckBox(_("held with representatives elected at separate gatherings"))
        self.representatives.setEnabled(info.body == R.GATHERING)
        for label, widget in (
            (_("Date"), self.day),
            (_("Place"), self.place),
            (_("Notice given on"), self.notice),
            ("", self.representatives),
        ):
            self.form.addRow(label, widget)
        self.note.setText(_("The agenda and the initiators are taken from the initiative."))

    def apply(self):
        return prepare_sitting(
            self.store,
            self.info.id,
            scheduled_on=pydate(self.day.date()),
            place=self.place.text(),
            with_representatives=self.representatives.isChecked(),
            notice_on=pydate(self.notice.date()),
        )
