"""The Sync page: the okrug's bundles for the district, and the district mode."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.sync.district_panel import DistrictPanel
from zhoob_desktop.ui.sync.okrug_panel import OkrugPanel


class SyncPage(QWidget):
    """Two tabs: "This okrug" (export, keys, receipts) and "District" (many okrugs in one store)."""

    def __init__(self, store: Store, bus: Bus):
        super().__init__()
        self.store, self.bus = store, bus
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.tabs = QTabWidget()
        self.okrug = OkrugPanel(store, bus)
        self.district = DistrictPanel(store)
        self.tabs.addTab(self.okrug, "")
        self.tabs.addTab(self.district, "")
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_("Sync"))
        self.intro.setText(
            _(
                "A bundle carries the register changes, every sitting's journal and the signed protocols "
                "to the district in one signed file. The district's receipt makes the next bundle smaller."
            )
        )
        self.tabs.setTabText(0, _("This okrug"))
        self.tabs.setTabText(1, _("District"))
        self.okrug.retranslate()
        self.district.retranslate()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.okrug.network.stop()
        self.district.close_database()
        super().closeEvent(event)


def make_page(store: Store, bus: Bus) -> QWidget:
    return SyncPage(store, bus)
