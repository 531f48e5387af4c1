"""District mode, two more tabs: each okrug's contact and deadlines, and the decisions waiting for the
district akim (Reg §13) with his decision recorded from here."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import _, format_date, format_datetime
from zhoob_desktop.services.sync.district_db import DistrictStore
from zhoob_desktop.services.sync.labels import state_label
from zhoob_desktop.services.sync.net import access, operator, rulings
from zhoob_desktop.ui.sync.tables import FitTable

ALERT = QColor("#b00020")


def _item(text: str, *, key: object = None, alert: bool = False, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if key is not None:
        item.setData(Qt.ItemDataRole.UserRole, str(key))
    if alert:
        item.setForeground(QBrush(ALERT))
    item.setToolTip(tip or text)
    return item


class OperatorTab(QWidget):
    """Per okrug: last contact, bundles waiting, conflicts open, sittings this quarter (Reg §5),
    protocols received, decisions overdue; a key can be revoked from here."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.dstore: DistrictStore | None = None
        self.rows: list[operator.OkrugLine] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.table = FitTable(7, {0: 1})  # the okrug's name takes the room the numbers leave
        row = QHBoxLayout()
        self.revoke_button = QPushButton()
        self.revoke_button.clicked.connect(self._revoke)
        row.addWidget(self.revoke_button)
        row.addStretch(1)
        layout.addWidget(self.totals)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.retranslate()

    def selected(self) -> operator.OkrugLine | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def _revoke(self) -> None:
        row = self.selected()
        if row is None or self.dstore is None:
            return
        by, ok = QInputDialog.getText(self, _("Revoke the okrug's key"), _("Who decides"))
        if not ok:
            return
        if row.revoked:
            self.revoke(row.okrug_id, by, "", lift=True)
            return
        reason, ok = QInputDialog.getText(self, _("Revoke the okrug's key"), _("Why"))
        if ok:
            self.revoke(row.okrug_id, by, reason)

    def revoke(self, okrug_id: uuid.UUID, by: str, reason: str, *, lift: bool = False) -> bool:
        try:
            if lift:
                access.lift(self.dstore, str(okrug_id), by=by)
            else:
                access.revoke(self.dstore, str(okrug_id), by=by, reason=reason)
        except ZhoobError as exc:
            QMessageBox.warning(self, _("District"), exc.message())
            return False
        self.refresh(self.dstore)
        return True

    def refresh(self, dstore: DistrictStore | None) -> None:
        self.dstore = dstore
        self.revoke_button.setEnabled(dstore is not None)
        if dstore is None:
            self.rows = []
            self.table.setRowCount(0)
            return
        self.rows = operator.okrug_rows(dstore)
        never = _("never")
        self.table.setRowCount(len(self.rows))
        for n, r in enumerate(self.rows):
            year, quarter = r.quarter
            contact = format_datetime(r.last_contact_at, "short") if r.last_contact_at else never
            overdue_tip = "\n".join(
                _("{item}. {title}: {what}, due {due}").format(
                    item=o.item,
                    title=o.title,
                    what=_(operator.OVERDUE[o.kind]),
                    due=format_date(o.due, "short"),
                )
                for o in r.overdue
            )
            sittings_tip = _("{year}, quarter {quarter}; {rule}: at least once per quarter").format(
                year=year, quarter=quarter, rule=_(operator.REG_5)
            )
            sittings_tip += "\n" + _("{count} (the quarter before: {last})").format(
                count=r.sittings_this_quarter, last=r.sittings_last_quarter
            )
            cells = [
                _item(
                    r.name + (" — " + _("key revoked") if r.revoked else ""), key=r.okrug_id, alert=r.revoked
                ),
                _item(contact + (f"\n{r.address}" if r.address else "")),
                _item(
                    str(r.waiting),
                    tip=_("coming in {incoming}, held at the okrug {held}").format(
                        incoming=r.incoming, held=r.held_at_okrug
                    ),
                ),
                _item(str(r.conflicts_open), alert=r.conflicts_open > 0),
                _item(
                    f"{r.sittings_this_quarter} / {r.sittings_last_quarter}",
                    alert=r.quarter_short,
                    tip=sittings_tip,
                ),  # fmt: skip
                _item(
                    f"{r.protocols} ({r.protocols_unopened})",
                    tip=_("{count}, not opened {unopened}").format(
                        count=r.protocols, unopened=r.protocols_unopened
                    ),
                ),
                _item(str(len(r.overdue)), alert=bool(r.overdue), tip=overdue_tip or _("none")),
            ]
            for c, cell in enumerate(cells):
                if c >= 2:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(n, c, cell)
        self.table.fit()
        totals = operator.summary(self.rows)
        self.totals.setText(
            _(
                "Okrugs: {okrugs}. Bundles waiting: {waiting}. Conflicts open: {conflicts}. Decisions overdue: "
                "{overdue}. Okrugs without a sitting of the meeting last quarter: {short}."
            ).format(**totals)
        )

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [
                _("Okrug"),
                _("Last contact"),
                _("Bundles waiting"),
                _("Conflicts open"),
                _("Sittings: this quarter / the one before"),
                _("Protocols received (not opened)"),
                _("Decisions overdue"),
            ]
        )
        self.revoke_button.setText(_("Revoke the key, or accept it again…"))
        self.refresh(self.dstore)


class RulingDialog(QDialog):
    """The district akim's decision: upheld or overruled, its date, its document, who records it."""

    def __init__(self, parent: QWidget, referred: rulings.Referred):
        super().__init__(parent)
        self.setWindowTitle(_("The district akim's decision"))
        layout = QVBoxLayout(self)
        what = QLabel(
            _("{okrug}: {title} — {text}\nThe okrug akim's reasons: {reasons}").format(
                okrug=referred.okrug_name,
                title=referred.title,
                text=referred.text,
                reasons=referred.reasons or "—",
            )
        )
        what.setWordWrap(True)
        layout.addWidget(what)
        self.upheld = QRadioButton(_("The district akim upheld the decision of the meeting"))
        self.overruled = QRadioButton(_("The district akim overruled the decision of the meeting"))
        group = QButtonGroup(self)
        group.addButton(self.upheld)
        group.addButton(self.overruled)
        self.upheld.setChecked(True)
        layout.addWidget(self.upheld)
        layout.addWidget(self.overruled)
        form = QFormLayout()
        self.on = QDateEdit(QDate.currentDate())
        self.on.setCalendarPopup(True)
        self.document = QLineEdit()
        self.document.setPlaceholderText(_("e.g. decision No. 112 of 20.11.2026"))
        self.by = QLineEdit()
        self.note = QPlainTextEdit()
        self.note.setMaximumHeight(70)
        form.addRow(_("Date"), self.on)
        form.addRow(_("Document"), self.document)
        form.addRow(_("Who records it"), self.by)
        form.addRow(_("Note"), self.note)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @property
    def outcome(self) -> str:
        return "upheld" if self.upheld.isChecked() else "overruled"


class ReferredTab(QWidget):
    """Decisions referred to the district akim, and his decisions; each goes back with the receipts."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.dstore: DistrictStore | None = None
        self.rows: list[rulings.Referred] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # the decision, the okrug akim's reasons and the district akim's decision are read whole: they wrap
        self.table = FitTable(6, {0: 2, 1: 3, 2: 3, 5: 3})
        row = QHBoxLayout()
        self.rule_button = QPushButton()
        self.rule_button.clicked.connect(self._rule)
        row.addWidget(self.rule_button)
        row.addStretch(1)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.retranslate()

    def _rule(self) -> None:
        r = self.table.currentRow()
        if self.dstore is None or not 0 <= r < len(self.rows) or self.rows[r].ruling is not None:
            return
        dialog = RulingDialog(self, self.rows[r])
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.rule(self.rows[r].decision_id, dialog.outcome, dialog.on.date().toPython(), dialog.document.text(),
                      dialog.by.text(), dialog.note.toPlainText())  # fmt: skip

    def rule(self, decision_id: uuid.UUID, outcome: str, on, document: str, by: str, note: str = "") -> bool:
        try:
            rulings.rule(self.dstore, decision_id.hex, outcome, on=on, document=document, by=by, note=note)
        except ZhoobError as exc:
            QMessageBox.warning(self, _("District"), exc.message())
            return False
        self.refresh(self.dstore)
        return True

    def refresh(self, dstore: DistrictStore | None) -> None:
        self.dstore = dstore
        self.rule_button.setEnabled(dstore is not None)
        self.rows = rulings.referred(dstore, include_decided=True) if dstore is not None else []
        self.table.setRowCount(len(self.rows))
        for n, r in enumerate(self.rows):
            decided = (
                _("{outcome}, {date}, {document}").format(
                    outcome=rulings.outcome_label(r.ruling.outcome),
                    date=format_date(r.ruling.on_date, "short"),
                    document=r.ruling.document,
                )
                if r.ruling
                else _("waits for the district akim")
            )
            what = f"{r.item}. {r.title}"
            if r.held_on:
                what = _("{date}, item {number}: {text}").format(
                    date=format_date(r.held_on, "short"), number=r.item, text=r.title
                )
            cells = [
                _item(r.okrug_name, key=r.decision_id),
                _item(what, tip=f"{what}\n{r.text}" if r.text else what),
                _item(r.reasons or "—"),
                _item(format_date(r.referred_on, "short") if r.referred_on else "—"),
                _item(state_label(r.state)),
                _item(decided, alert=r.ruling is None),
            ]
            for c, cell in enumerate(cells):
                self.table.setItem(n, c, cell)
        self.table.fit()

    def waiting(self) -> int:
        return sum(1 for r in self.rows if r.ruling is None)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [
                _("Okrug"),
                _("Decision of the meeting"),
                _("The okrug akim's reasons"),
                _("Referred on"),
                _("State"),
                _("The district akim's decision"),
            ]
        )
        self.rule_button.setText(_("Record the district akim's decision…"))
        self.refresh(self.dstore)
