"""Dialogs of the papers page: signing the protocol, texts in two languages, headings and signers, addenda."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.documents import issue
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, format_date
from zhoob_desktop.services.okrug import get_okrug, save_okrug
from zhoob_desktop.services.okrug_papers import (
    PaperSettings,
    logo_setting,
    offered_settings,
    paper_settings,
    save_paper_settings,
)
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.texts import set_typing_language, typing_language

DATE_FORMAT = "dd.MM.yyyy"
TEXT_LANGUAGES = {"kk": N_("Kazakh"), "ru": N_("Russian")}


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


@dataclass(frozen=True)
class Signing:
    """What the person signing enters: the date of the signatures and who signed."""

    signed_on: date
    chair: str
    secretary: str


class SigningDialog(QDialog):
    """The date the chair and the secretary signed, and their names; warns past the Reg §12 deadline."""

    def __init__(
        self, store: Store, sitting: uuid.UUID, lang: str, today: date, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.store, self.sitting, self.lang = store, sitting, lang
        self.setWindowTitle(_("Mark the protocol as signed"))
        self.intro = QLabel(
            _(
                "The copy without the DRAFT mark, with the names below under the signatures, is stored unchanged "
                "from now on; print it for the signatures if it is not printed yet. The akim then considers the "
                "decisions (Model Regulation §13): record it under Decisions."
            )
        )
        self.intro.setWordWrap(True)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(DATE_FORMAT)
        self.date.setDate(_qdate(today))
        self.date.setMaximumDate(_qdate(today))
        self.chair, self.secretary = QLineEdit(), QLineEdit()
        self.warning = QLabel()
        self.warning.setObjectName("signingWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8e4b00;")
        form = QFormLayout()
        form.addRow(_("Date of the signatures"), self.date)
        form.addRow(_("Signed as chair"), self.chair)
        form.addRow(_("Signed as secretary"), self.secretary)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(buttons)
        check = issue.signing_check(store, sitting, today, lang)
        self.date.setMinimumDate(_qdate(check.held_on))
        self.chair.setText(check.chair)
        self.secretary.setText(check.secretary)
        self.date.dateChanged.connect(lambda *_a: self.check())
        self.check()

    def check(self) -> list[str]:
        """The warnings for the date as entered (a late hand-over, texts without translation)."""
        result = issue.signing_check(self.store, self.sitting, _pydate(self.date.date()), self.lang)
        lines = []
        if result.late and result.handover_due is not None:
            lines.append(
                _(
                    "The protocol is signed after {due}, the last day to hand it to the akim (Model Regulation "
                    "§12). The date is recorded as entered."
                ).format(due=format_date(result.handover_due))
            )
        if result.missing:
            lines.append(
                _(
                    "{n} typed texts have no translation into the language of the paper; enter them first."
                ).format(n=len(result.missing))
            )
        self.warning.setText("\n".join("⚠ " + line for line in lines))
        return lines

    def value(self) -> Signing:
        return Signing(_pydate(self.date.date()), self.chair.text().strip(), self.secretary.text().strip())


class TextsDialog(QDialog):
    """Every typed text of a sitting with its Kazakh and Russian versions; the missing ones are entered here."""

    def __init__(self, store: Store, sitting: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.sitting = store, sitting
        self.setWindowTitle(_("Texts in two languages"))
        self.resize(1100, 640)
        self.typed = typing_language(store)
        self.other = "ru" if self.typed == "kk" else "kk"
        self.note = QLabel(
            _(
                "Each text as it was typed, and its translation: the papers in the other language and in both "
                "languages print the translation. Texts without one are listed first."
            )
        )
        self.note.setWordWrap(True)
        self.only_missing = QCheckBox(_("Only the texts without a translation"))
        self.only_missing.toggled.connect(self._filter)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("typedTexts")
        self.table.setHorizontalHeaderLabels(
            [_("Where the text stands"), _(TEXT_LANGUAGES[self.typed]), _(TEXT_LANGUAGES[self.other])]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.only_missing)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.entries = sorted(
            issue.sitting_text_entries(store, sitting), key=lambda e: bool(e.versions[self.other])
        )
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            where = QTableWidgetItem(entry.where)
            typed = QTableWidgetItem(entry.text)
            for item in (where, typed):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, where)
            self.table.setItem(row, 1, typed)
            self.table.setItem(row, 2, QTableWidgetItem(entry.versions[self.other]))
        self.table.resizeRowsToContents()

    def missing_count(self) -> int:
        return sum(1 for row in range(self.table.rowCount()) if not self.table.item(row, 2).text().strip())

    def _filter(self, only: bool) -> None:
        for row in range(self.table.rowCount()):
            self.table.setRowHidden(row, only and bool(self.table.item(row, 2).text().strip()))

    def set_version(self, row: int, text: str) -> None:
        self.table.item(row, 2).setText(text)

    def save(self) -> None:
        changes = []
        for row, entry in enumerate(self.entries):
            value = self.table.item(row, 2).text().strip()
            if value != entry.versions[self.other].strip():
                changes.append((entry.text, self.other, value))
        try:
            issue.save_text_versions(self.store, changes)
        except ZhoobError as exc:
            QMessageBox.warning(self, self.windowTitle(), exc.message())
            return
        self.accept()


class AddendumDialog(QDialog):
    """The text of a correction to a signed protocol, with its version in the other language."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Addendum"))
        typed = typing_language(store)
        other = "ru" if typed == "kk" else "kk"
        self.text, self.translation = QPlainTextEdit(), QPlainTextEdit()
        form = QFormLayout()
        form.addRow(_("The correction ({language}):").format(language=_(TEXT_LANGUAGES[typed])), self.text)
        form.addRow(
            _("The correction ({language}):").format(language=_(TEXT_LANGUAGES[other])), self.translation
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def value(self) -> tuple[str, str]:
        return self.text.toPlainText().strip(), self.translation.toPlainText().strip()


class PaperSettingsDialog(QDialog):
    """The okrug's names and the headings and signers of its papers."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_("Headings and signers of the papers"))
        self.resize(900, 720)
        okrug = get_okrug(store)
        self.settings = paper_settings(store)
        self.logo = self.settings.logo
        self.edits: dict[str, QLineEdit] = {}

        def line(name: str, value: str) -> QLineEdit:
            edit = QLineEdit(value)
            self.edits[name] = edit
            return edit

        names = QGroupBox(_("The okrug"))
        nform = QFormLayout(names)
        for key, label in (
            ("region", _("Region")),
            ("district", _("District")),
            ("name", _("Rural okrug")),
        ):
            row = QHBoxLayout()
            row.addWidget(line(f"okrug_{key}_kk", getattr(okrug, f"{key}_kk", "") if okrug else ""))
            row.addWidget(line(f"okrug_{key}_ru", getattr(okrug, f"{key}_ru", "") if okrug else ""))
            nform.addRow(label, row)
        offer = QPushButton(_("Offer the headings from the names"))
        offer.clicked.connect(self.offer_headings)
        nform.addRow(offer)

        papers = QGroupBox(_("Headings and signers (Kazakh, Russian)"))
        pform = QFormLayout(papers)
        # The headings are long: one line each, the full width of the dialog.
        column = QVBoxLayout()
        column.addWidget(line("heading_kk", self.settings.heading_kk))
        column.addWidget(line("heading_ru", self.settings.heading_ru))
        pform.addRow(_("The okrug in headings (genitive)"), column)
        pform.addRow(_("Akim"), line("akim_name", self.settings.akim_name))
        for prefix, label in (
            ("akim", _("Akim's position")),
            ("registrar", _("Position of who keeps the registration")),
            ("certifier", _("Position of who certifies extracts")),
        ):
            if prefix != "akim":
                pform.addRow(
                    _("Who keeps the registration") if prefix == "registrar" else _("Who certifies extracts"),
                    line(f"{prefix}_name", getattr(self.settings, f"{prefix}_name")),
                )
            row = QHBoxLayout()
            row.addWidget(line(f"{prefix}_position_kk", getattr(self.settings, f"{prefix}_position_kk")))
            row.addWidget(line(f"{prefix}_position_ru", getattr(self.settings, f"{prefix}_position_ru")))
            pform.addRow(label, row)
        self.full_iin = QCheckBox(_("Print whole IINs on the registration sheet and the annex"))
        self.full_iin.setChecked(self.settings.full_iin)
        pform.addRow(self.full_iin)
        self.decision_word = QComboBox()
        self.decision_word.addItem("ҚАУЛЫ ЕТТІ / ПОСТАНОВИЛИ", "resolved")
        self.decision_word.addItem("ШЕШТІ / РЕШИЛИ", "decided")
        self.decision_word.setCurrentIndex(max(0, self.decision_word.findData(self.settings.decision_word)))
        pform.addRow(_("The word before decisions"), self.decision_word)
        self.typed = QComboBox()
        for lang, name in TEXT_LANGUAGES.items():
            self.typed.addItem(_(name), lang)
        self.typed.setCurrentIndex(max(0, self.typed.findData(typing_language(store))))
        pform.addRow(_("Sittings are recorded in"), self.typed)
        logo_row = QHBoxLayout()
        self.logo_label = QLabel()
        choose, remove = QPushButton(_("Choose a logo…")), QPushButton(_("Remove the logo"))
        choose.clicked.connect(self.choose_logo)
        remove.clicked.connect(lambda: self.set_logo(""))
        logo_row.addWidget(self.logo_label, 1)
        logo_row.addWidget(choose)
        logo_row.addWidget(remove)
        pform.addRow(_("Logo above the headings"), logo_row)
        self.set_logo(self.logo)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(names)
        inner_layout.addWidget(papers)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)

    def set_logo(self, value: str) -> None:
        self.logo = value
        self.logo_label.setText(_("a logo is set") if value else _("no logo"))

    def choose_logo(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a logo…"), "", "PNG, JPEG (*.png *.jpg *.jpeg)"
        )
        if name:
            self.set_logo(logo_setting(Path(name).read_bytes()))

    def offer_headings(self) -> None:
        """Fill the headings and the akim's position from the okrug's names as typed now."""
        from zhoob_desktop.services.okrug import OkrugInfo

        info = OkrugInfo(
            uuid.UUID(int=0),
            *(self.edits[f"okrug_{k}"].text().strip() for k in ("name_kk", "name_ru", "district_kk", "district_ru",
                                                                 "region_kk", "region_ru")),
        )  # fmt: skip
        offered = offered_settings(info)
        for name in ("heading_kk", "heading_ru", "akim_position_kk", "akim_position_ru"):
            self.edits[name].setText(getattr(offered, name))

    def values(self) -> PaperSettings:
        text = {name: edit.text().strip() for name, edit in self.edits.items()}
        return replace(
            self.settings,
            **{k: v for k, v in text.items() if not k.startswith("okrug_")},
            logo=self.logo,
            full_iin=self.full_iin.isChecked(),
            decision_word=self.decision_word.currentData(),
        )

    def save(self) -> None:
        e = {name: edit.text().strip() for name, edit in self.edits.items()}
        try:
            if e["okrug_name_kk"]:
                save_okrug(
                    self.store,
                    e["okrug_name_kk"],
                    e["okrug_name_ru"],
                    e["okrug_district_kk"],
                    e["okrug_district_ru"],
                    e["okrug_region_kk"],
                    e["okrug_region_ru"],
                )
            save_paper_settings(self.store, self.values())
            set_typing_language(self.store, self.typed.currentData())
        except ZhoobError as exc:
            QMessageBox.warning(self, self.windowTitle(), exc.message())
            return
        self.accept()
