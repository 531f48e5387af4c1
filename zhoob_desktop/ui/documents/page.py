"""The papers page: every sitting with its protocol and papers, previewed, printed, finalised, corrected."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services import i18n
from zhoob_desktop.services.documents import issue
from zhoob_desktop.services.documents.gather import okrug_today
from zhoob_desktop.services.documents.paper import Paper
from zhoob_desktop.services.documents.text import LANG_MODES
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, format_date
from zhoob_desktop.services.meeting import list_sittings
from zhoob_desktop.services.meeting.rules import SITTING_KINDS
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.documents.dialogs import (
    AddendumDialog,
    PaperSettingsDialog,
    Signing,
    SigningDialog,
    TextsDialog,
)
from zhoob_desktop.ui.documents.preview import LANG_LABELS, PaperPreviewDialog

TOPICS = {"sittings", "journal", "papers", "settings"}
# The navigation entry's title (the main window lists it as "Protocols").
NAV_TITLE = N_("Protocols")


def _confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def _ask_signing(parent: QWidget, store: Store, sitting: uuid.UUID, lang: str) -> Signing | None:
    dialog = SigningDialog(store, sitting, lang, okrug_today(store), parent)
    return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _ask_addendum(parent: QWidget, store: Store) -> tuple[str, str] | None:
    dialog = AddendumDialog(store, parent)
    return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _run(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


class PapersPage(QWidget):
    """Sittings on the left; the selected sitting's papers, status and deadline on the right."""

    def __init__(
        self,
        store: Store,
        bus: Bus,
        *,
        confirm: Callable[[QWidget, str, str], bool] = _confirm,
        ask_signing: Callable[[QWidget, Store, uuid.UUID, str], Signing | None] = _ask_signing,
        ask_addendum: Callable[[QWidget, Store], tuple[str, str] | None] = _ask_addendum,
        show_dialog: Callable[[PaperPreviewDialog], object] = lambda d: d.exec(),
        run_dialog: Callable[[QDialog], bool] = _run,
    ):
        super().__init__()
        self.store, self.bus = store, bus
        self._confirm, self._show, self._run = confirm, show_dialog, run_dialog
        self._ask_signing, self._ask_addendum = ask_signing, ask_addendum
        self.status: issue.PapersStatus | None = None
        self._stale = False

        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.sittings = QListWidget()
        self.sittings.currentItemChanged.connect(lambda *_a: self._selected())

        self.title = QLabel()
        self.title.setObjectName("sectionHeading")
        self.title.setWordWrap(True)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lang_label = QLabel()
        self.lang = QComboBox()
        for mode in LANG_MODES:
            self.lang.addItem("", mode)
        ui_lang = i18n.get_language()
        self.lang.setCurrentIndex(LANG_MODES.index(ui_lang) if ui_lang in LANG_MODES else 0)

        self.protocol_button = QPushButton()
        self.protocol_button.clicked.connect(lambda: self.preview("protocol"))
        self.sheet_button = QPushButton()
        self.sheet_button.clicked.connect(lambda: self.preview("registration_sheet"))
        self.notice_button = QPushButton()
        self.notice_button.clicked.connect(lambda: self.preview("notice"))
        self.annex_button = QPushButton()
        self.annex_button.clicked.connect(lambda: self.preview("annex"))
        self.item = QSpinBox()
        self.item.setMinimum(1)
        self.extract_button = QPushButton()
        self.extract_button.clicked.connect(lambda: self.preview("extract"))
        self.finalise_button = QPushButton()
        self.finalise_button.clicked.connect(self.finalise)
        self.addendum_button = QPushButton()
        self.addendum_button.clicked.connect(self.addendum)
        self.texts_button = QPushButton()
        self.texts_button.clicked.connect(lambda: self.edit_texts())
        self.settings_button = QPushButton()
        self.settings_button.clicked.connect(lambda: self.edit_settings())

        self.papers_box = QGroupBox()
        grid = QGridLayout(self.papers_box)
        grid.addWidget(self.sheet_button, 0, 0)
        grid.addWidget(self.notice_button, 0, 1)
        grid.addWidget(self.protocol_button, 1, 0)
        grid.addWidget(self.annex_button, 1, 1)
        extract_row = QHBoxLayout()
        extract_row.addWidget(self.extract_button, 1)
        extract_row.addWidget(self.item)
        grid.addLayout(extract_row, 2, 0, 1, 2)
        self.sign_box = QGroupBox()
        sign = QHBoxLayout(self.sign_box)
        sign.addWidget(self.finalise_button)
        sign.addWidget(self.addendum_button)
        form = QFormLayout()
        form.addRow(self.lang_label, self.lang)
        self.setup_box = QGroupBox()
        setup = QHBoxLayout(self.setup_box)
        setup.addWidget(self.texts_button)
        setup.addWidget(self.settings_button)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.title)
        rl.addWidget(self.state_label)
        rl.addLayout(form)
        rl.addWidget(self.papers_box)
        rl.addWidget(self.sign_box)
        rl.addWidget(self.setup_box)
        rl.addStretch(1)
        splitter = QSplitter()
        splitter.addWidget(self.sittings)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 660])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(splitter, 1)

        bus.changed.connect(self._on_changed)
        self.retranslate()
        self.refresh()

    # -- data -------------------------------------------------------------------------------
    def _on_changed(self, topics) -> None:
        if not TOPICS & set(topics):
            return
        # A live sitting changes its journal on every click; a hidden page refreshes when shown.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """Reload the sittings, keeping the selection."""
        self._stale = False
        current = self.current_id()
        self.sittings.blockSignals(True)
        self.sittings.clear()
        for info in list_sittings(self.store):
            number = _("No. {number}").format(number=info.number) if info.number is not None else "—"
            text = f"{number} · {format_date(info.scheduled_on, 'medium')} · {_(SITTING_KINDS.get(info.kind, info.kind))}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, str(info.id))
            self.sittings.addItem(item)
            if current is not None and str(info.id) == str(current):
                self.sittings.setCurrentItem(item)
        self.sittings.blockSignals(False)
        if self.sittings.currentItem() is None and self.sittings.count():
            self.sittings.setCurrentRow(0)
        self._selected()

    def current_id(self) -> uuid.UUID | None:
        item = self.sittings.currentItem()
        return None if item is None else uuid.UUID(item.data(Qt.ItemDataRole.UserRole))

    def _selected(self) -> None:
        sid = self.current_id()
        self.status = None
        if sid is not None:
            try:
                self.status = issue.papers_status(self.store, sid)
            except ZhoobError as exc:
                self.state_label.setText(exc.message())
        self._show_status()

    def _show_status(self) -> None:
        st = self.status
        has = st is not None
        for w in (self.sheet_button, self.notice_button, self.lang, self.texts_button):
            w.setEnabled(has)
        held = has and st.started
        for w in (self.protocol_button, self.annex_button):
            w.setEnabled(held)
        self.extract_button.setEnabled(held and bool(st.items))
        self.item.setEnabled(held and bool(st.items))
        self.item.setMaximum(max(1, len(st.items) if has else 1))
        self.finalise_button.setEnabled(has and st.closed and st.finalised is None)
        self.addendum_button.setEnabled(has and st.finalised is not None)
        if not has:
            self.title.setText(
                _("No sitting is selected.") if self.sittings.count() else _("There are no sittings yet.")
            )
            return
        number = st.number or "—"
        self.title.setText(
            _("Sitting No. {number} of {date}").format(number=number, date=format_date(st.held_on))
            + (f": {st.title}" if st.title else "")
        )
        lines = []
        if not st.started:
            lines.append(_("Not held yet: the registration sheet and the notice can be printed."))
        elif not st.closed:
            lines.append(_("The sitting is not closed: the protocol is a draft."))
        if st.finalised is not None:
            signers = ", ".join(name for _role, name in st.finalised.signers)
            lines.append(
                _("Signed on {date} by {names}; SHA-256 of the signed copy: {digest}.").format(
                    date=format_date(st.finalised.signed_on), names=signers or "—", digest=st.finalised.digest
                )
            )
            if st.handover_due is not None and st.finalised.signed_on > st.handover_due:
                lines.append(
                    _(
                        "Signed after {date}, the last day to hand it to the akim (Model Regulation §12)."
                    ).format(date=format_date(st.handover_due))
                )
            lines.append(
                _(
                    "The akim's consideration of the decisions (Model Regulation §13) is recorded under Decisions."
                )
            )
        elif st.closed:
            lines.append(
                _("Closed: the protocol is a draft marked DRAFT. Have it signed, then mark it as signed.")
            )
        if st.handover_due is not None and st.finalised is None:
            lines.append(
                _("Hand the signed protocol to the akim by {date} (Model Regulation §12).").format(
                    date=format_date(st.handover_due)
                )
            )
        if st.addenda:
            lines.append(_("Addenda: {numbers}.").format(numbers=", ".join(st.addenda)))
        self.state_label.setText("\n".join(lines))

    # -- actions ----------------------------------------------------------------------------
    def _render(self, kind: str, sid: uuid.UUID, item: int) -> Callable[[str], Paper]:
        if kind == "protocol":
            return lambda lang: issue.render_protocol(self.store, sid, lang)
        if kind == "registration_sheet":
            return lambda lang: issue.registration_sheet(self.store, sid, lang)
        if kind == "notice":
            return lambda lang: issue.notice(self.store, sid, lang)
        if kind == "annex":
            return lambda lang: issue.annex(self.store, sid, lang)
        return lambda lang: issue.extract(self.store, sid, item, lang)

    def preview(self, kind: str) -> PaperPreviewDialog | None:
        """Open the preview of one paper of the selected sitting."""
        sid = self.current_id()
        if sid is None:
            return None
        dialog = PaperPreviewDialog(
            self._render(kind, sid, self.item.value()),
            title=paper_title(kind),
            lang=self.lang.currentData(),
            parent=self,
            word=(lambda lang: issue.protocol_docx(self.store, sid, lang)) if kind == "protocol" else None,
            edit_texts=lambda parent: self.edit_texts(parent),
        )
        self._show(dialog)
        return dialog

    def edit_texts(self, parent: QWidget | None = None) -> bool:
        """The typed texts of the selected sitting in two languages; True when some were saved."""
        sid = self.current_id()
        if sid is None:
            return False
        try:
            dialog = TextsDialog(self.store, sid, parent or self)
        except ZhoobError as exc:
            QMessageBox.warning(self, _("Texts in two languages"), exc.message())
            return False
        if not self._run(dialog):
            return False
        self.bus.emit_changed("papers")
        return True

    def edit_settings(self) -> bool:
        """The okrug's headings and signers of its papers."""
        dialog = PaperSettingsDialog(self.store, self)
        if not self._run(dialog):
            return False
        self.bus.emit_changed("settings")
        return True

    def finalise(self) -> issue.IssuedPaper | None:
        """Record that the protocol was signed (date and signers entered): its PDF is frozen from now on."""
        sid = self.current_id()
        if sid is None:
            return None
        lang = self.lang.currentData()
        if self.status is None or not self.status.closed:
            QMessageBox.warning(
                self,
                _("Mark as signed"),
                issue.ProtocolNotReady(number=self.status.number if self.status else "").message(),
            )
            return None
        try:
            answer = self._ask_signing(self, self.store, sid, lang)
        except ZhoobError as exc:
            QMessageBox.warning(self, _("Mark as signed"), exc.message())
            return None
        if answer is None:
            return None
        try:
            issued = issue.finalise_protocol(
                self.store,
                sid,
                lang,
                signed_on=answer.signed_on,
                chair=answer.chair,
                secretary=answer.secretary,
            )
        except ZhoobError as exc:
            QMessageBox.warning(self, _("Mark as signed"), exc.message())
            return None
        self._selected()  # this page's own change shows at once, visible or not
        self.bus.emit_changed("papers")
        return issued

    def addendum(self) -> issue.IssuedPaper | None:
        """Ask for the correction and issue an addendum to the signed protocol."""
        sid = self.current_id()
        if sid is None:
            return None
        answer = self._ask_addendum(self, self.store)
        if answer is None:
            return None
        text, translation = answer
        try:
            issued = issue.add_addendum(self.store, sid, text, translation=translation)
        except ZhoobError as exc:
            QMessageBox.warning(self, _("Addendum"), exc.message())
            return None
        self._selected()  # this page's own change shows at once, visible or not
        self.bus.emit_changed("papers")
        self._show(
            PaperPreviewDialog(
                lambda _lang: issued.paper(), title=_("Addendum"), lang=issued.lang, parent=self
            )
        )
        return issued

    # -- texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText(_("Protocols and papers"))
        self.lang_label.setText(_("Language of the paper:"))
        for i, mode in enumerate(LANG_MODES):
            self.lang.setItemText(i, _(LANG_LABELS[mode]))
        self.papers_box.setTitle(_("Papers"))
        self.sign_box.setTitle(_("Signed protocol"))
        self.protocol_button.setText(paper_title("protocol") + "…")
        self.sheet_button.setText(paper_title("registration_sheet") + "…")
        self.notice_button.setText(paper_title("notice") + "…")
        self.annex_button.setText(paper_title("annex") + "…")
        self.extract_button.setText(paper_title("extract") + "…")
        self.item.setPrefix(_("item "))
        self.finalise_button.setText(_("Mark as signed…"))
        self.addendum_button.setText(_("Addendum…"))
        self.setup_box.setTitle(_("Texts and headings"))
        self.texts_button.setText(_("Texts in two languages…"))
        self.settings_button.setText(_("Headings and signers…"))
        self.refresh()


PAPER_TITLES = {
    "protocol": N_("Protocol"),
    "registration_sheet": N_("Registration sheet"),
    "notice": N_("Notice"),
    "annex": N_("Attendance and vote annex"),
    "extract": N_("Extract of a decision"),
}


def paper_title(kind: str) -> str:
    """The translated name of a kind of paper."""
    return _(PAPER_TITLES[kind])
