"""Settings: language (applied at once), the okrug's names, data folder and backups, the calendar.

Two tabs, each the height of the window at 1366x768: the general settings
(language, okrug, time zone, data and backups) and the working-day calendar.
Stacked on one page they were taller than the screen, and the buttons at the
bottom were below it without a sign that the page goes on.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services import i18n
from zhoob_desktop.services.datadir import remember_language
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import LANGUAGE_NAMES, LANGUAGES, _, format_datetime, pgettext
from zhoob_desktop.services.okrug import get_okrug, save_okrug
from zhoob_desktop.services.okrug_time import (
    KAZAKHSTAN_ZONES,
    load_zone,
    okrug_zone_name,
    set_okrug_zone,
    utc_offset_text,
)
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.calendar_settings import CalendarBox
from zhoob_desktop.ui.qt_i18n import install_qt_translations


def apply_language(store: Store, bus: Bus, lang: str) -> None:
    """Switch the program's language now and remember it with the data."""
    i18n.set_language(lang)
    install_qt_translations(lang)
    store.set_setting("language", lang)
    remember_language(store.data_dir, lang)  # the log-in dialog comes before the store is open
    bus.language_changed.emit(lang)


class SettingsPage(QWidget):
    def __init__(self, store: Store, bus: Bus):
        super().__init__()
        self.store, self.bus = store, bus
        outer = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        outer.addWidget(self.heading)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)
        self.general = QWidget()
        self.tabs.addTab(self.general, "")
        # Two columns where the window is wide enough, one under the other where it is not
        # (1280x720 at 125%): the page never scrolls sideways.
        self.columns = columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.general)
        layout = QVBoxLayout()
        columns.addLayout(layout, 1)
        self.left_column = layout
        right = QVBoxLayout()
        columns.addLayout(right, 1)
        # The working-day calendar and its decrees: a tab of its own, its table as tall as the window.
        self.calendar_box = CalendarBox(store, bus)
        self.tabs.addTab(self.calendar_box, "")

        self.language_box = QGroupBox()
        form = QFormLayout(self.language_box)
        self.language = QComboBox()
        for lang in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[lang], lang)
        self.language.setCurrentIndex(LANGUAGES.index(i18n.get_language()))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.language_label = QLabel()
        form.addRow(self.language_label, self.language)
        layout.addWidget(self.language_box)

        self.okrug_box = QGroupBox()
        oform = QFormLayout(self.okrug_box)
        self.name_kk, self.name_ru = QLineEdit(), QLineEdit()
        self.district_kk, self.district_ru = QLineEdit(), QLineEdit()
        self.name_kk_label, self.name_ru_label = QLabel(), QLabel()
        self.district_kk_label, self.district_ru_label = QLabel(), QLabel()
        oform.addRow(self.name_kk_label, self.name_kk)
        oform.addRow(self.name_ru_label, self.name_ru)
        oform.addRow(self.district_kk_label, self.district_kk)
        oform.addRow(self.district_ru_label, self.district_ru)
        self.save_okrug = QPushButton()
        self.save_okrug.clicked.connect(self._save_okrug)
        oform.addRow(self.save_okrug)
        # The hour on every screen and paper: the okrug's zone from the shipped tz data, not the laptop's.
        self.time_zone = QComboBox()
        self.time_zone.setObjectName("timeZone")
        self.time_zone.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.time_zone.setMinimumContentsLength(24)
        self.time_zone_label = QLabel()
        self.time_zone_note = QLabel()
        self.time_zone_note.setWordWrap(True)
        self.time_zone.activated.connect(self._zone_chosen)
        oform.addRow(self.time_zone_label, self.time_zone)
        oform.addRow(self.time_zone_note)
        layout.addWidget(self.okrug_box)

        self.data_box = QGroupBox()
        dlayout = QVBoxLayout(self.data_box)
        self.folder = QLabel()
        self.folder.setWordWrap(True)
        self.backups = QListWidget()
        buttons = QHBoxLayout()
        self.backup_button = QPushButton()
        self.backup_button.clicked.connect(self._backup)
        buttons.addWidget(self.backup_button)
        buttons.addStretch(1)
        dlayout.addWidget(self.folder)
        dlayout.addWidget(self.backups)
        dlayout.addLayout(buttons)
        layout.addStretch(1)
        from zhoob_desktop.ui.security.pin_box import PinBox

        # The PIN beside the data and its backups: both are the safety of this laptop's store.
        self.pin_box = PinBox(store)
        right.addWidget(self.pin_box)
        right.addWidget(self.data_box, 1)
        self._load_okrug()
        self.retranslate()

    def show_calendar(self) -> None:
        """The calendar's tab (from a deadline that counts across an estimated holiday)."""
        self.tabs.setCurrentWidget(self.calendar_box)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        holder = self.parentWidget()
        if holder is not None and not getattr(self, "_watching", False):
            holder.installEventFilter(self)  # the scroll area's viewport: the room the page has
            self._watching = True
        self._arrange()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.parentWidget():
            self._arrange()
        return super().eventFilter(watched, event)

    def _arrange(self) -> None:
        holder = self.parentWidget()
        if holder is None:
            return
        side_by_side = (
            self.left_column.minimumSize().width()
            + self.data_box.minimumSizeHint().width()
            + 3 * self.columns.spacing()
            + 40
        )
        wanted = (
            QBoxLayout.Direction.LeftToRight
            if holder.width() >= side_by_side
            else QBoxLayout.Direction.TopToBottom
        )
        if self.columns.direction() != wanted:
            self.columns.setDirection(wanted)

    def _language_chosen(self, index: int) -> None:
        lang = self.language.itemData(index)
        if lang != i18n.get_language():
            apply_language(self.store, self.bus, lang)

    def _load_okrug(self) -> None:
        okrug = get_okrug(self.store)
        if okrug:
            self.name_kk.setText(okrug.name_kk)
            self.name_ru.setText(okrug.name_ru)
            self.district_kk.setText(okrug.district_kk)
            self.district_ru.setText(okrug.district_ru)

    def _save_okrug(self) -> None:
        try:
            save_okrug(
                self.store,
                self.name_kk.text(),
                self.name_ru.text(),
                self.district_kk.text(),
                self.district_ru.text(),
            )
        except ZhoobError as exc:
            QMessageBox.warning(self, _("Settings"), exc.message())
            return
        self.bus.emit_changed("okrug")

    def _fill_zones(self) -> None:
        chosen = okrug_zone_name(self.store)
        names = list(KAZAKHSTAN_ZONES)
        if chosen not in names:
            names.append(chosen)
        self.time_zone.clear()
        for name in names:
            label = _(KAZAKHSTAN_ZONES[name]) if name in KAZAKHSTAN_ZONES else name
            offset = utc_offset_text(load_zone(name))
            self.time_zone.addItem(f"{label} ({name}, {offset})", name)
        self.time_zone.setCurrentIndex(names.index(chosen))

    def _zone_chosen(self, index: int) -> None:
        name = self.time_zone.itemData(index)
        if name and name != okrug_zone_name(self.store):
            set_okrug_zone(self.store, name)
            self.bus.emit_changed("okrug", "settings")

    def _backup(self) -> None:
        self.store.backup("manual")
        self._load_backups()

    def _load_backups(self) -> None:
        self.backups.clear()
        for backup in self.store.backups.list()[:50]:
            self.backups.addItem(f"{format_datetime(backup.taken_at)} — {backup.reason}")

    def retranslate(self) -> None:
        self.heading.setText(_("Settings"))
        self.tabs.setTabText(0, pgettext("settings tab", "General"))
        self.tabs.setTabText(1, _("Working-day calendar"))
        self.language_box.setTitle(_("Language"))
        self.language_label.setText(_("Language of the program"))
        self.okrug_box.setTitle(_("Okrug"))
        self.name_kk_label.setText(_("Name (Kazakh)"))
        self.name_ru_label.setText(_("Name (Russian)"))
        self.district_kk_label.setText(_("District (Kazakh)"))
        self.district_ru_label.setText(_("District (Russian)"))
        self.save_okrug.setText(_("Save"))
        self.time_zone_label.setText(_("Time zone"))
        self.time_zone_note.setText(
            _(
                "Times at the live console, in the journal and on every paper are the okrug's local time in "
                "this zone, whatever the laptop's own clock settings. All of Kazakhstan has kept UTC+5 since "
                "1 March 2024."
            )
        )
        self._fill_zones()
        self.data_box.setTitle(_("Data and backups"))
        self.folder.setText(_("Data folder: {path}").format(path=self.store.data_dir))
        self.backup_button.setText(_("Back up now"))
        self._load_backups()
        self.calendar_box.retranslate()
        self.pin_box.retranslate()
