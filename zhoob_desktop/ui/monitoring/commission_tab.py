"""The community commission (formed at a sitting) and its report on the monitoring chosen."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import _, format_date
from zhoob_desktop.services.meeting.held import held_choices
from zhoob_desktop.services.monitoring import commission as C
from zhoob_desktop.services.monitoring import rounds as RD
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.decisions.layout import full_stop
from zhoob_desktop.ui.monitoring.dialogs import (
    FormCommissionDialog,
    ReasonDialog,
    SignCommissionReportDialog,
    pydate,
)


class CommissionTab(QWidget):
    """Left: the commission in office; right: the commission's report on the round shown."""

    def __init__(self, store: Store, changed, today: date):
        super().__init__()
        self.store, self.changed, self.today = store, changed, today
        self.round_id: uuid.UUID | None = None
        self.report: C.CommissionReportView | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.commission_box = QGroupBox()
        left = QVBoxLayout(self.commission_box)
        self.formed = QLabel()
        self.formed.setWordWrap(True)
        self.members = QListWidget()
        self.form_button = QPushButton()
        left.addWidget(self.formed)
        left.addWidget(self.members, 1)
        left.addWidget(self.form_button)
        self.report_box = QGroupBox()
        right = QVBoxLayout(self.report_box)
        self.report_state = QLabel()
        self.report_state.setWordWrap(True)
        self.findings_label = QLabel()
        self.findings = QPlainTextEdit()
        self.recommendations_label = QLabel()
        self.recommendations = QPlainTextEdit()
        buttons = QHBoxLayout()
        self.save_button = QPushButton()
        self.sign_button = QPushButton()
        self.correct_button = QPushButton()
        self.paper_button = QPushButton()
        for button in (self.save_button, self.sign_button, self.correct_button, self.paper_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for widget in (self.report_state, self.findings_label):
            right.addWidget(widget)
        right.addWidget(self.findings, 2)
        right.addWidget(self.recommendations_label)
        right.addWidget(self.recommendations, 2)
        right.addLayout(buttons)
        layout.addWidget(self.commission_box, 2)
        layout.addWidget(self.report_box, 3)
        self.form_button.clicked.connect(self.form_commission)
        self.save_button.clicked.connect(self.save)
        self.sign_button.clicked.connect(self.sign)
        self.correct_button.clicked.connect(self.correct)
        self.paper_button.clicked.connect(self.show_paper)

    def show_error(self, exc: ZhoobError) -> None:
        QMessageBox.warning(self, _("Monitoring"), exc.message())

    def load(self, round_id: uuid.UUID | None) -> None:
        self.round_id = round_id
        commission = C.commission_on(self.store)
        self.members.clear()
        if commission is None:
            self.formed.setText(
                _("No community commission has been formed yet: the meeting forms it at a sitting.")
            )
        else:
            when = format_date(commission.formed_on)
            self.formed.setText(
                full_stop(
                    _("Formed at the sitting of {date}.").format(date=when)
                    if commission.sitting_number is None
                    else _("Formed at the sitting No. {number} of {date}.").format(
                        number=commission.sitting_number, date=when
                    )
                )
            )
            for m in commission.members:
                self.members.addItem(_("{name}, chair").format(name=m.name) if m.role == C.CHAIR else m.name)
        self.report = C.open_commission_report(self.store, round_id) if round_id else None
        self._show_report()

    def _show_report(self) -> None:
        r = self.report
        editable = r is not None and not r.signed
        self.findings.setReadOnly(not editable)
        self.recommendations.setReadOnly(not editable)
        self.findings.setPlainText(r.findings if r else "")
        self.recommendations.setPlainText("\n".join(r.recommendations) if r else "")
        for button in (self.save_button, self.sign_button):
            button.setEnabled(editable)
        self.correct_button.setEnabled(r is not None and r.signed)
        self.paper_button.setEnabled(r is not None)
        if r is None:
            self.report_state.setText("")
        elif r.signed:
            self.report_state.setText(
                _("Version {version}, signed on {date} by {names}.").format(
                    version=r.version,
                    date=format_date(r.signed_on),
                    names=", ".join(s.name for s in r.signers),
                )
            )
        else:
            self.report_state.setText(_("Version {version}, a draft.").format(version=r.version))

    def form_commission(self) -> None:
        dialog = FormCommissionDialog(held_choices(self.store, until=self.today), self)

        def run() -> None:
            choice = dialog.picker.chosen()
            if choice is None:
                raise C.NoMembersChosen()
            C.form_commission(
                self.store, choice.id, dialog.members(), chair=dialog.chair.currentData(),
                item=dialog.picker.item.currentData(),
            )  # fmt: skip

        dialog.run = run
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.load(self.round_id)
            self.changed()

    def save(self) -> bool:
        if self.report is None:
            return False
        try:
            self.report = C.save_commission_report(
                self.store,
                self.report.id,
                findings=self.findings.toPlainText(),
                recommendations=self.recommendations.toPlainText().splitlines(),
            )
        except ZhoobError as exc:
            self.show_error(exc)
            return False
        self._show_report()
        return True

    def sign(self) -> None:
        if self.report is None or not self.save():
            return
        dialog = SignCommissionReportDialog(C.commission_on(self.store), self.today, self)
        report_id = self.report.id

        def run() -> None:
            self.report = RD.sign_commission_report(
                self.store, report_id, dialog.signers(), pydate(dialog.on.date()), today=self.today
            )

        dialog.run = run
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._show_report()
            self.changed()

    def correct(self) -> None:
        if self.report is None:
            return
        dialog = ReasonDialog(_("Correct the commission's report"), self.report.signed_on, self)
        report_id = self.report.id

        def run() -> None:
            self.report = C.correct_commission_report(self.store, report_id, dialog.reason.text())

        dialog.run = run
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._show_report()
            self.changed()

    def show_paper(self) -> None:
        from zhoob_desktop.services.documents.commission_papers import commission_report_paper
        from zhoob_desktop.ui.documents.preview import PaperPreviewDialog

        if self.round_id is None:
            return
        if self.report is not None and not self.report.signed and not self.save():
            return
        round_id = self.round_id
        try:
            dialog = PaperPreviewDialog(
                lambda lang: commission_report_paper(self.store, round_id, lang),
                title=_("The commission's report"),
                parent=self,
            )
        except ZhoobError as exc:
            self.show_error(exc)
            return
        dialog.open()

    def retranslate(self) -> None:
        self.commission_box.setTitle(_("Community commission"))
        self.form_button.setText(_("Form the commission at a sitting…"))
        self.report_box.setTitle(_("The commission's report on the monitoring"))
        self.findings_label.setText(_("Findings"))
        self.recommendations_label.setText(_("Recommendations, one per line"))
        self.save_button.setText(_("Save"))
        self.sign_button.setText(_("Signed by the members…"))
        self.correct_button.setText(_("Correct…"))
        self.paper_button.setText(_("Paper…"))
        self._show_report()
