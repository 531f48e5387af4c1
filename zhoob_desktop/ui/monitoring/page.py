"""Monitoring page: a monitoring chosen by year (its half year, its year, or an extraordinary one), with
the apparatus's report on the Order 405 form, the commission and its report, and the steps of Order 405."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import _, format_date
from zhoob_desktop.services.meeting.held import held_choices
from zhoob_desktop.services.monitoring import rounds as RD
from zhoob_desktop.services.okrug_time import okrug_today
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.decisions.layout import PageLayout, full_stop
from zhoob_desktop.ui.monitoring.commission_tab import CommissionTab
from zhoob_desktop.ui.monitoring.dialogs import ExtraordinaryDialog, pydate
from zhoob_desktop.ui.monitoring.form_tab import (  # noqa: F401 (the form's columns, for the tests)
    COL_ACTUAL,
    COL_PCT_HALF,
    COL_REASON,
    FormTab,
)
from zhoob_desktop.ui.monitoring.schedule_tab import ScheduleTab

TOPICS = frozenset({"monitoring", "sittings", "journal", "settings"})


class MonitoringPage(QWidget):
    def __init__(self, store: Store, bus: Bus, today: date | None = None):
        super().__init__()
        self.store, self.bus = store, bus
        self.today = today or okrug_today(store)
        layout = PageLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        layout.addWidget(self.heading)

        bar = QHBoxLayout()
        self.year_label, self.round_label = QLabel(), QLabel()
        self.year = QSpinBox()
        self.year.setRange(2010, 2100)
        self.year.setValue(self.today.year if self.today.month > 6 else self.today.year - 1)
        self.round_choice = QComboBox()
        self.round_choice.setMinimumContentsLength(28)
        self.extra_button = QPushButton()
        for widget in (self.year_label, self.year, self.round_label, self.round_choice):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.extra_button)
        layout.addLayout(bar)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.form_tab = FormTab(store, self._changed, self.today)
        self.commission_tab = CommissionTab(store, self._changed, self.today)
        self.schedule_tab = ScheduleTab(store, self._changed, self.today)
        self.tabs = QTabWidget()
        for tab in (self.form_tab, self.commission_tab, self.schedule_tab):
            self.tabs.addTab(tab, "")
        layout.addWidget(self.tabs, 1)
        # The form's model and table, as the tests and the smoke run reach them.
        self.model, self.table = self.form_tab.model, self.form_tab.table

        self.year.valueChanged.connect(lambda _v: self._fill_rounds())
        self.round_choice.currentIndexChanged.connect(lambda _i: self.load())
        self.extra_button.clicked.connect(self.order_extraordinary)
        bus.changed.connect(self._on_changed)
        self.rounds: list[RD.RoundView] = []
        self.retranslate()

    # -- data ------------------------------------------------------------------------------
    def _on_changed(self, topics: set[str]) -> None:
        if topics & TOPICS and "monitoring-page" not in topics:
            self.load()

    def _changed(self) -> None:
        self.bus.emit_changed("monitoring", "monitoring-page")
        self.load()

    def show_error(self, exc: ZhoobError) -> None:
        QMessageBox.warning(self, _("Monitoring"), exc.message())

    def _fill_rounds(self, keep: tuple | None = None) -> None:
        self.rounds = RD.list_rounds(self.store, self.year.value(), today=self.today)
        self.round_choice.blockSignals(True)
        self.round_choice.clear()
        for r in self.rounds:
            self.round_choice.addItem(r.title(), (r.period, r.number))
        index = self.round_choice.findData(keep) if keep else -1
        self.round_choice.setCurrentIndex(max(0, index))
        self.round_choice.blockSignals(False)
        self.load()

    def current(self) -> RD.RoundView | None:
        i = self.round_choice.currentIndex()
        return self.rounds[i] if 0 <= i < len(self.rounds) else None

    def load(self) -> None:
        chosen = self.current()
        if chosen is None:
            return
        period, number = chosen.period, chosen.number
        round_id = chosen.id
        if period != "extra" and round_id is None:
            round_id = RD.ensure_round(self.store, chosen.year, period)
        r = RD.get_round(self.store, chosen.year, period, number, today=self.today)
        self.rounds[self.round_choice.currentIndex()] = r
        self.tabs.setTabEnabled(0, period != "extra")
        if period != "extra":
            self.form_tab.load(chosen.year, period)
        elif self.tabs.currentIndex() == 0:
            self.tabs.setCurrentIndex(1)
        self.commission_tab.load(round_id)
        self.schedule_tab.load(r)
        self._summarise(r)

    def _summarise(self, r: RD.RoundView) -> None:
        overdue = [s for s in r.steps if s.state == RD.OVERDUE]
        nxt = r.next_step
        parts = []
        if r.extraordinary:
            parts.append(_("Ordered by the meeting: {subject}.").format(subject=r.subject))
        if overdue:
            parts.append(_("Overdue: {steps}.").format(steps=", ".join(str(s.step) for s in overdue)))
        if nxt is not None and nxt.due is not None and nxt.state != RD.OVERDUE:
            parts.append(
                full_stop(_("Next: step {step} by {date}.").format(step=nxt.step, date=format_date(nxt.due)))
            )
        if all(s.state == RD.DONE for s in r.steps):
            parts.append(_("Every step is done."))
        self.summary.setText(" ".join(parts))

    def order_extraordinary(self) -> None:
        dialog = ExtraordinaryDialog(held_choices(self.store, until=self.today), self.today, self)
        created: list[RD.RoundView] = []

        def run() -> None:
            choice = dialog.picker.chosen()
            if choice is None:
                raise RD.SubjectMissing()
            created.append(
                RD.order_extraordinary(
                    self.store,
                    choice.id,
                    dialog.subject.text(),
                    pydate(dialog.due.date()),
                    item=dialog.picker.item.currentData(),
                    today=self.today,
                )  # fmt: skip
            )

        dialog.run = run
        if dialog.exec() == QDialog.DialogCode.Accepted and created:
            self.year.blockSignals(True)
            self.year.setValue(created[0].year)
            self.year.blockSignals(False)
            self._fill_rounds(("extra", created[0].number))
            self.bus.emit_changed("monitoring", "monitoring-page")

    def retranslate(self) -> None:
        self.heading.setText(_("Budget monitoring (Order 405)"))
        self.year_label.setText(_("Year"))
        self.round_label.setText(_("Monitoring"))
        self.extra_button.setText(_("Extraordinary monitoring…"))
        self.extra_button.setToolTip(_("Law art. 39-3 p. 4"))
        self.tabs.setTabText(0, _("Report of the apparatus (form)"))
        self.tabs.setTabText(1, _("Commission and its report"))
        self.tabs.setTabText(2, _("Steps of Order 405"))
        self.form_tab.retranslate()
        self.commission_tab.retranslate()
        self.schedule_tab.retranslate()
        current = self.current()
        self._fill_rounds((current.period, current.number) if current else None)
