"""The "Residents" page of the main window: the register, the okrug's structure, the passport."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.register.common import TOPICS
from zhoob_desktop.ui.register.passport_view import PassportView
from zhoob_desktop.ui.register.residents_view import ResidentsView
from zhoob_desktop.ui.register.structure_editor import StructureEditor

TAB_RESIDENTS, TAB_STRUCTURE, TAB_PASSPORT = 0, 1, 2


class RegisterPage(QWidget):
    """Three tabs over the register; refreshes when "residents" or "settlements" change."""

    def __init__(self, store: Store, bus: Bus, *, today: Callable[[], date] = date.today):
        super().__init__()
        self.store, self.bus, self.today = store, bus, today
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.tabs = QTabWidget()
        self.residents = ResidentsView(store, bus, today=today)
        self.structure = StructureEditor(store, bus, load=False)
        self.tabs.addTab(self.residents, "")
        self.tabs.addTab(self.structure, "")
        self.passport = PassportView(store, today=today, load=False)
        self.tabs.addTab(self.passport, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        self._stale: set[int] = {TAB_STRUCTURE, TAB_PASSPORT}  # loaded when first shown
        bus.changed.connect(self.on_changed)
        self._texts()  # the tabs translated themselves when built

    def on_changed(self, topics: set[str]) -> None:
        """Refresh the visible tab now and the others when they are shown."""
        if not topics & TOPICS:
            return
        self._stale = set(range(self.tabs.count()))
        self._refresh_tab(self.tabs.currentIndex())

    def _tab_changed(self, index: int) -> None:
        if index in self._stale:
            self._refresh_tab(index)

    def _refresh_tab(self, index: int) -> None:
        self._stale.discard(index)
        widget = self.tabs.widget(index)
        refresh = getattr(widget, "refresh", None)
        if refresh is not None:
            refresh()

    def retranslate(self) -> None:
        self._texts()
        for index in range(self.tabs.count()):
            retranslate = getattr(self.tabs.widget(index), "retranslate", None)
            if retranslate is not None:
                retranslate()

    def _texts(self) -> None:
        self.heading.setText(_("Register of residents"))
        self.tabs.setTabText(TAB_RESIDENTS, _("Residents"))
        self.tabs.setTabText(TAB_STRUCTURE, _("Okrug structure"))
        self.tabs.setTabText(TAB_PASSPORT, _("Passport of the okrug"))
