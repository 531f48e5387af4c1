"""The main window: navigation between the areas of the program, status bar, About.

Each page sits in a scroll area, so on a small screen (1280x720 at 125%
leaves 1024x536 for a window) a page scrolls instead of pushing the status
bar off the screen; the window opens within the screen it is on. A page's
own keys (Ctrl+F, Ctrl+N on the residents list) also work while the focus
is on the navigation, where it is when the program starts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from zhoob_desktop import APP_NAME, __version__
from zhoob_desktop.services import i18n
from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.okrug import get_okrug
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.screen_fit import fit_to_screen

PREFERRED_SIZE = QSize(1280, 800)

RECOVERY_DELAY_MS = 250


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # msgid, translated when shown
    factory: Callable[[Store, Bus], QWidget]


def _residents(store: Store, bus: Bus) -> QWidget:
    from zhoob_desktop.ui.register.page import RegisterPage

    return RegisterPage(store, bus)


def _meetings(store: Store, bus: Bus) -> QWidget:
    from zhoob_desktop.ui.meeting.page import MeetingsPage

    return MeetingsPage(store, bus)


def _representation(store: Store, bus: Bus) -> QWidget:
    from zhoob_desktop.ui.representation.page import RepresentationPage

    return RepresentationPage(store, bus)


def _decisions(store: Store, bus: Bus) -> QWidget:
    from zhoob_desktop.ui.decisions.page import DecisionsPage

    return DecisionsPage(store, bus)


def _papers(store: Store, bus: Bus) -> QWidget:
    from zhoob_desktop.ui.documents.page import PapersPage

    return PapersPage(store, bus)


def _monitoring(store: Store, bus: Bus) -> QWidget:
    from zhoob_desktop.ui.monitoring.page import MonitoringPage

    return MonitoringPage(store, bus)


def _sync(store: Store, bus: Bus) -> QWidget:
    from zhoob_desktop.ui.sync.page import SyncPage

    return SyncPage(store, bus)


def _audit(store: Store, bus: Bus) -> QWidget:
    from zhoob_desktop.ui.security.audit_page import AuditPage

    return AuditPage(store, bus)


def _settings(store: Store, bus: Bus) -> QWidget:
    from zhoob_desktop.ui.settings_page import SettingsPage

    return SettingsPage(store, bus)


def default_pages() -> list[PageSpec]:
    """The navigation entries, in order; each area's package supplies its page."""
    return [
        PageSpec("residents", N_("Residents"), _residents),
        PageSpec("meetings", N_("Meetings"), _meetings),
        PageSpec("papers", N_("Protocols"), _papers),
        PageSpec("decisions", N_("Decisions"), _decisions),
        PageSpec("representation", N_("Representatives"), _representation),
        PageSpec("monitoring", N_("Monitoring"), _monitoring),
        PageSpec("sync", N_("Sync"), _sync),
        PageSpec("settings", N_("Settings"), _settings),
        PageSpec("audit", N_("Audit"), _audit),
    ]


class MainWindow(QMainWindow):
    def __init__(self, store: Store, bus: Bus, pages: list[PageSpec] | None = None):
        super().__init__()
        self.store, self.bus = store, bus
        self.specs = pages or default_pages()
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(320)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        # Pages are built on their first visit (each imports its area's modules and reads
        # the store): the window shows with the page it lands on, the others cost nothing yet.
        self.pages: dict[str, QWidget] = {}
        self.forwarded: list[QAction] = []
        for spec in self.specs:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # stands in until the page is built
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.installEventFilter(self)
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 1000])
        self.setCentralWidget(splitter)
        self.okrug_label = QLabel()
        self.folder_label = QLabel()
        self.statusBar().addWidget(self.okrug_label, 1)
        self.statusBar().addPermanentWidget(self.folder_label)
        self._build_menu()
        self.nav.setCurrentRow(0)
        self.fit_to_screen()
        bus.language_changed.connect(lambda _lang: self.retranslate())
        bus.changed.connect(self._on_changed)
        self._texts()  # the page shown was just built in the current language

    def _build_menu(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.backup_action = QAction(self)
        self.backup_action.triggered.connect(self.backup_now)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.backup_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.help_menu = self.menuBar().addMenu("")
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)
        self.nav_actions = []
        for index in range(len(self.specs)):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, i=index: self.nav.setCurrentRow(i))
            self.addAction(action)
            self.nav_actions.append(action)

    def page(self, key: str) -> QWidget:
        """The page of an area, built now if it has not been shown yet."""
        built = self.pages.get(key)
        if built is not None:
            return built
        index = [s.key for s in self.specs].index(key)
        page = self.specs[index].factory(self.store, self.bus)
        self.pages[key] = page
        from zhoob_desktop.ui.security.rights import apply_rights

        apply_rights(key, page, getattr(self.store, "operator", None))
        area = QScrollArea()  # a page taller or wider than a small screen scrolls
        area.setObjectName(f"page-{key}")
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidgetResizable(True)
        area.setWidget(page)
        placeholder = self.stack.widget(index)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, area)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.stack.setCurrentIndex(current)
        return page

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        self.page(self.specs[row].key)
        self.stack.setCurrentIndex(row)
        self.forward_page_keys()

    def fit_to_screen(self, parent: QWidget | None = None) -> QSize:
        """Open within the screen: the preferred 1280x800 or the whole free area of a smaller one."""
        return fit_to_screen(self, PREFERRED_SIZE, parent)

    def current_page(self) -> QWidget:
        return self.page(self.specs[self.nav.currentRow()].key)

    def forward_page_keys(self) -> None:
        """The current page's own keys act from the navigation too (they belong to the page otherwise)."""
        for action in self.forwarded:
            self.nav.removeAction(action)
        page = self.current_page()
        owners = [page, *page.findChildren(QWidget)]
        self.forwarded = [
            action
            for owner in owners
            if owner is page or owner.isVisibleTo(page)
            for action in owner.actions()
            if not action.shortcut().isEmpty()
            and action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
        ]
        for action in self.forwarded:
            self.nav.addAction(action)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.nav and event.type() == QEvent.Type.FocusIn and self.nav.currentRow() >= 0:
            self.forward_page_keys()  # the page's visible part may have changed (a tab within it)
        return super().eventFilter(watched, event)

    def show_page(self, key: str) -> QWidget:
        index = [s.key for s in self.specs].index(key)
        self.nav.setCurrentRow(index)
        return self.page(key)

    def offer_recovery_soon(self) -> None:
        """After the window is shown: a sitting left open by a crash is offered for resumption."""
        from PySide6.QtCore import QTimer

        # once the window has painted (the question appears over it; the first paint does not wait)
        QTimer.singleShot(RECOVERY_DELAY_MS, self._offer_recovery)

    def _offer_recovery(self) -> None:
        from zhoob_desktop.services.meeting.sittings import list_sittings

        if list_sittings(self.store, status="live"):
            self.page("meetings").offer_recovery()

    def retranslate(self) -> None:
        self._texts()
        for page in self.pages.values():  # pages not built yet are built in the new language
            retranslate = getattr(page, "retranslate", None)
            if retranslate:
                retranslate()

    def _texts(self) -> None:
        okrug = get_okrug(self.store)
        lang = i18n.get_language()
        title = APP_NAME if okrug is None else f"{APP_NAME} — {okrug.name(lang)}"
        self.setWindowTitle(title)
        for row, spec in enumerate(self.specs):
            self.nav.item(row).setText(_(spec.title))
        self._fit_navigation()
        self.file_menu.setTitle(_("&File"))
        self.backup_action.setText(_("Back up now"))
        self.quit_action.setText(_("Quit"))
        self.help_menu.setTitle(_("&Help"))
        self.about_action.setText(_("About Zhoob Desktop"))
        self.okrug_label.setText(okrug.name(lang) if okrug else _("No okrug yet"))
        self.folder_label.setText(_("Data folder: {path}").format(path=self.store.data_dir))
        operator = getattr(self.store, "operator", None)
        if operator is not None:
            from zhoob_desktop.services.security.roles import ROLE_NAMES

            self.folder_label.setText(
                _("{who} ({role}) · data folder: {path}").format(
                    who=operator.full_name or operator.login,
                    role=_(ROLE_NAMES[operator.role]),
                    path=self.store.data_dir,
                )
            )

    def _fit_navigation(self) -> None:
        """Wide enough for the longest entry in the current language (and the style sheet's font)."""
        self.nav.ensurePolished()
        self.nav.setMinimumWidth(max(170, self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 8))

    def _on_changed(self, topics: set[str]) -> None:
        if "okrug" in topics:
            self.retranslate()  # pages show the okrug's name too

    def backup_now(self) -> None:
        taken = self.store.backup("manual")
        if taken is not None:
            self.statusBar().showMessage(_("Backup written: {path}").format(path=taken.path), 8000)

    def about_text(self) -> str:
        return _(
            "Zhoob Desktop {version}\n\nThe register of residents, community meetings and gatherings, "
            "protocols and sync bundles for the apparatus of a rural okrug. Works without internet."
        ).format(version=__version__)

    def show_about(self) -> None:
        QMessageBox.about(self, _("About Zhoob Desktop"), self.about_text())
