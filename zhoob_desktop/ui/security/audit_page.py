"""The "Audit" page: who did what (filters by operator, kind and date), the chain verified,
and the operators of the data folder (the akim adds and removes them)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop import APP_NAME
from zhoob_desktop.services import i18n
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.security import audit, operators, roles
from zhoob_desktop.ui.bus import Bus

COLUMNS = ("No.", "When", "Operator", "What", "Details")


def _when(value: str) -> str:
    try:
        return i18n.format_datetime(datetime.fromisoformat(value).astimezone(), "short")
    except ValueError:
        return value


def _details(kind: str, detail: dict) -> str:
    """The entry's detail in words (``audit.describe``, as ``zhoob audit`` prints it)."""
    return audit.describe(kind, detail)


class AuditPage(QWidget):
    def __init__(self, store, bus: Bus, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.bus = store, bus
        self.tabs = QTabWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        # --- the audit ---
        audit_tab = QWidget()
        a = QVBoxLayout(audit_tab)
        filters = QHBoxLayout()
        self.who = QLineEdit()
        self.kind = QComboBox()
        self.kind.addItem("", "")
        for kind in audit.KIND_NAMES:
            self.kind.addItem(_(audit.KIND_NAMES[kind]), kind)
        self.since = QDateEdit(QDate.currentDate().addMonths(-1))
        self.since.setCalendarPopup(True)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.verify_button = QPushButton()
        self.verify_button.clicked.connect(self.verify)
        self.who_label, self.kind_label, self.since_label = QLabel(), QLabel(), QLabel()
        self.who.setMaximumWidth(180)
        self.kind.setMinimumContentsLength(12)
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        for widget in (self.who_label, self.who, self.kind_label, self.kind, self.since_label, self.since):
            filters.addWidget(widget)
        filters.addWidget(self.refresh_button)
        filters.addStretch(1)
        a.addLayout(filters)
        verify_row = QHBoxLayout()
        verify_row.addStretch(1)
        verify_row.addWidget(self.verify_button)
        a.addLayout(verify_row)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        a.addWidget(self.table)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        a.addWidget(self.notice)
        self.tabs.addTab(audit_tab, "")
        # --- operators ---
        ops_tab = QWidget()
        o = QVBoxLayout(ops_tab)
        self.operators = QTableWidget(0, 3)
        self.operators.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.operators.verticalHeader().setVisible(False)
        o.addWidget(self.operators)
        row = QHBoxLayout()
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_operator)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_operator)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        o.addLayout(row)
        idle_row = QHBoxLayout()
        self.idle_label = QLabel()
        self.idle_label.setWordWrap(True)
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setValue(int(operators.idle_minutes(store)))
        self.idle.editingFinished.connect(self._idle_changed)
        idle_row.addWidget(self.idle_label, 1)
        idle_row.addWidget(self.idle)
        o.addLayout(idle_row)
        self.tabs.addTab(ops_tab, "")
        for button, right in (
            (self.add_button, "operators.manage"),
            (self.remove_button, "operators.manage"),
        ):
            reason = roles.reason(store.operator, right)
            button.setEnabled(not reason)
            button.setToolTip(reason)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.tabs.setTabText(0, _("Who did what"))
        self.tabs.setTabText(1, _("Operators"))
        self.who_label.setText(_("Operator"))
        self.kind_label.setText(_("Kind"))
        self.since_label.setText(_("Since"))
        self.refresh_button.setText(_("Show"))
        self.verify_button.setText(_("Verify the chain"))
        self.add_button.setText(_("Add an operator…"))
        self.remove_button.setText(_("Remove the operator"))
        self.idle_label.setText(
            _("Lock the window after minutes without use (0: never; from the next start)")
        )
        self.table.setHorizontalHeaderLabels([_("No."), _("When"), _("Operator"), _("What"), _("Details")])
        self.operators.setHorizontalHeaderLabels([_("Log-in name"), _("Full name"), _("Role")])

    def refresh(self) -> None:
        self._fill_operators()
        refused = roles.reason(self.store.operator, "audit.read")
        if refused:
            self.notice.setText(refused)
            self.table.setRowCount(0)
            for widget in (self.refresh_button, self.verify_button):
                widget.setEnabled(False)
                widget.setToolTip(refused)
            return
        since = self.since.date().toPython()
        items = audit.entries(
            self.store,
            operator=self.who.text().strip() or None,
            kind=self.kind.currentData() or None,
            since=datetime.combine(since, datetime.min.time()).isoformat()
            if isinstance(since, date)
            else None,
        )
        self.table.setRowCount(len(items))
        for r, item in enumerate(reversed(items)):
            cells = (
                str(item.seq),
                _when(item.at),
                item.operator or "—",
                _(audit.KIND_NAMES.get(item.kind, item.kind)),
                "; ".join(p for p in (item.target[:8], _details(item.kind, item.detail)) if p),
            )
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.notice.setText(_("{count} entries.").format(count=len(items)))

    def verify(self) -> None:
        try:
            count = audit.verify(self.store)
        except ZhoobError as exc:
            QMessageBox.critical(self, APP_NAME, exc.message())
            return
        QMessageBox.information(
            self, APP_NAME, _("The audit is intact: {count} entries.").format(count=count)
        )

    def _fill_operators(self) -> None:
        rows = operators.list_operators(self.store)
        self.operators.setRowCount(len(rows))
        for r, op in enumerate(rows):
            for c, text in enumerate((op.login, op.full_name, _(roles.ROLE_NAMES[op.role]))):
                self.operators.setItem(r, c, QTableWidgetItem(text))
        self.operators.resizeColumnsToContents()

    def _idle_changed(self) -> None:
        if self.idle.value() == int(operators.idle_minutes(self.store)):
            return
        try:
            operators.set_idle_minutes(self.store, self.idle.value())
        except ZhoobError as exc:
            QMessageBox.warning(self, APP_NAME, exc.message())

    def add_operator(self) -> None:
        dialog = OperatorDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            operators.add_operator(self.store, *dialog.values())
        except ZhoobError as exc:
            QMessageBox.warning(self, APP_NAME, exc.message())
            return
        self.refresh()

    def remove_operator(self) -> None:
        row = self.operators.currentRow()
        if row < 0:
            return
        login = self.operators.item(row, 0).text()
        if QMessageBox.question(
            self, APP_NAME, _("Remove {login}? They can no longer log in.").format(login=login)
        ) != (QMessageBox.StandardButton.Yes):
            return
        try:
            operators.remove_operator(self.store, login)
        except ZhoobError as exc:
            QMessageBox.warning(self, APP_NAME, exc.message())
            return
        self.refresh()


class OperatorDialog(QDialog):
    """A new operator: log-in name, full name, role, passphrase twice."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Add an operator…"))
        form = QFormLayout(self)
        self.login = QLineEdit()
        self.full_name = QLineEdit()
        self.role = QComboBox()
        for role in roles.ROLES:
            self.role.addItem(_(roles.ROLE_NAMES[role]), role)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Log-in name"), self.login)
        form.addRow(_("Full name"), self.full_name)
        form.addRow(_("Role"), self.role)
        form.addRow(_("Passphrase (at least 8 characters)"), self.passphrase)
        form.addRow(_("The same again"), self.again)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _check(self) -> None:
        if self.passphrase.text() != self.again.text():
            self.error.setText(_("The two entries differ."))
            return
        self.accept()

    def values(self) -> tuple[str, str, str, str]:
        return (
            self.login.text().strip(),
            self.passphrase.text(),
            self.role.currentData(),
            self.full_name.text().strip(),
        )
