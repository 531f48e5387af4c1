"""The form to add or edit a resident, with live IIN checks and leaving/restoring.

The IIN is checked as it is typed (12 digits, check digit). The birth date and
sex it encodes are offered as a suggestion, never forced. When a newly typed
IIN does not agree with the birth date, the register's rule asks for the IIN
a second time; the form shows that second field only then.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.register import residents as svc
from zhoob_desktop.services.register.errors import IinNeedsConfirmation, InvalidIIN
from zhoob_desktop.services.register.iin import decode_iin, normalize_iin, validate_iin
from zhoob_desktop.services.register.residents import ResidentDetail, ResidentInput
from zhoob_desktop.services.register.structure import (
    list_houses,
    list_settlements,
    list_statuses,
    list_streets,
)
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.register.common import (
    ERROR_STYLE,
    HINT_STYLE,
    NONE,
    WARNING_STYLE,
    OptionalDateEdit,
    add_id_item,
    combo_id,
    combo_text,
    leave_reason_label,
    select_data,
    select_id,
    set_message,
    sex_label,
    short_date,
    status_name,
)
from zhoob_desktop.ui.screen_fit import fit_to_screen

CHECK_DELAY_MS = 250


class ResidentDialog(QDialog):
    """Add (``resident_id=None``) or edit a resident. ``saved`` carries the stored detail."""

    saved = Signal(object)  # ResidentDetail

    def __init__(
        self,
        store: Store,
        resident_id: uuid.UUID | None = None,
        *,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.resident_id = resident_id
        self.today = today
        self.detail: ResidentDetail | None = None
        self._suggestion: tuple[date, str | None] | None = None
        self._loading = False
        self._build()
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check_now)
        self._load_choices()
        if resident_id is not None:
            self._load(svc.get_resident(store, resident_id))
        else:
            self.registered_on.set_value(today())
        self._connect_changes()
        self.retranslate()
        self._iin_changed()
        hint = self.body.sizeHint()
        fit_to_screen(self, QSize(hint.width() + 60, hint.height() + 140), parent)

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        # The fields scroll on a small screen (1280x720 at 125%); the messages and Save stay in view.
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.form = QFormLayout()
        self.surname, self.given_name, self.patronymic = QLineEdit(), QLineEdit(), QLineEdit()
        # a minimum on a field, not on the dialog: the dialog then grows by itself as messages appear
        self.surname.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 30)
        self.iin = QLineEdit()
        self.iin.setMaxLength(16)  # room for spaces typed between digit groups
        self.iin_message = QLabel()
        self.iin_message.setWordWrap(True)
        self.iin_confirm = QLineEdit()
        self.iin_confirm.setMaxLength(16)
        self.iin_confirm_label = QLabel()
        self.use_iin_button = QPushButton()
        self.use_iin_button.clicked.connect(self.use_iin_suggestion)
        self.birth_date = OptionalDateEdit()
        self.sex = QComboBox()
        self.settlement, self.street, self.house = QComboBox(), QComboBox(), QComboBox()
        self.apartment, self.phone = QLineEdit(), QLineEdit()
        self.statuses = QListWidget()
        rows = self.fontMetrics().height() + 4
        self.statuses.setMinimumHeight(rows * 4 + 6)
        self.statuses.setMaximumHeight(rows * 6 + 6)
        self.registered_on = OptionalDateEdit()
        self.labels = {name: QLabel() for name in _FIELD_LABELS}
        rows: list[tuple[str, QWidget]] = [
            ("surname", self.surname),
            ("given_name", self.given_name),
            ("patronymic", self.patronymic),
            ("iin", self.iin),
        ]
        for name, widget in rows:
            self.form.addRow(self.labels[name], widget)
        self.form.addRow("", self.iin_message)
        button_row = QHBoxLayout()
        button_row.addWidget(self.use_iin_button)
        button_row.addStretch(1)
        self.form.addRow("", button_row)
        self.form.addRow(self.iin_confirm_label, self.iin_confirm)
        for name, widget in (
            ("birth_date", self.birth_date),
            ("sex", self.sex),
            ("settlement", self.settlement),
            ("street", self.street),
            ("house", self.house),
            ("apartment", self.apartment),
            ("phone", self.phone),
            ("statuses", self.statuses),
            ("registered_on", self.registered_on),
        ):
            self.form.addRow(self.labels[name], widget)
        layout.addLayout(self.form)

        self.leave_box = QGroupBox()
        leave_form = QFormLayout(self.leave_box)
        self.left_state = QLabel()
        self.left_state.setWordWrap(True)
        self.leave_reason = QComboBox()
        self.left_on = OptionalDateEdit()
        self.leave_button = QPushButton()
        self.leave_button.clicked.connect(self.mark_left)
        self.restore_button = QPushButton()
        self.restore_button.clicked.connect(self.restore)
        self.leave_reason_label, self.left_on_label = QLabel(), QLabel()
        leave_form.addRow(self.left_state)
        leave_form.addRow(self.leave_reason_label, self.leave_reason)
        leave_form.addRow(self.left_on_label, self.left_on)
        leave_buttons = QHBoxLayout()
        leave_buttons.addWidget(self.leave_button)
        leave_buttons.addWidget(self.restore_button)
        leave_buttons.addStretch(1)
        leave_form.addRow(leave_buttons)
        layout.addWidget(self.leave_box)
        self.leave_box.setVisible(self.resident_id is not None)

        layout.addStretch(1)
        self.issues = QLabel()
        self.issues.setWordWrap(True)
        self.issues.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.issues)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("formError")
        outer.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.body = body
        for label in (self.iin_message, self.issues, self.error):
            label.setVisible(False)
        self._show_confirm(False)

    def _connect_changes(self) -> None:
        for edit in (self.surname, self.given_name, self.patronymic, self.apartment, self.phone):
            edit.textChanged.connect(self._schedule_check)
        self.iin.textChanged.connect(self._iin_changed)
        self.iin_confirm.textChanged.connect(self._schedule_check)
        self.birth_date.dateChanged.connect(self._birth_or_sex_changed)
        self.sex.currentIndexChanged.connect(self._birth_or_sex_changed)
        self.settlement.currentIndexChanged.connect(self._settlement_changed)
        self.street.currentIndexChanged.connect(self._street_changed)
        self.house.currentIndexChanged.connect(self._schedule_check)
        self.registered_on.dateChanged.connect(self._schedule_check)

    # --- choices -----------------------------------------------------------------------------

    def _load_choices(self) -> None:
        self._loading = True
        self.sex.clear()
        for code in (NONE, "M", "F"):
            self.sex.addItem("", code)
        self.leave_reason.clear()
        for code in svc.LEAVE_REASONS:
            self.leave_reason.addItem("", code)
        self.settlement.clear()
        add_id_item(self.settlement, "", None)
        for settlement in list_settlements(self.store, with_counts=False):
            add_id_item(self.settlement, settlement.name, settlement.id)
        self._fill_streets(None)
        self.statuses.clear()
        for status in list_statuses(self.store):
            item = QListWidgetItem(status_name(status))
            item.setData(Qt.ItemDataRole.UserRole, status.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.statuses.addItem(item)
        self._loading = False

    def _fill_streets(self, settlement_id: uuid.UUID | None) -> None:
        self.street.blockSignals(True)
        self.street.clear()
        add_id_item(self.street, "", None)
        if settlement_id is not None:
            for street in list_streets(self.store, settlement_id):
                add_id_item(self.street, street.name, street.id)
        self.street.setEnabled(settlement_id is not None)
        self.street.blockSignals(False)
        self._fill_houses(None)

    def _fill_houses(self, street_id: uuid.UUID | None) -> None:
        self.house.blockSignals(True)
        self.house.clear()
        add_id_item(self.house, "", None)
        if street_id is not None:
            for house in list_houses(self.store, street_id):
                add_id_item(self.house, house.number, house.id)
        self.house.setEnabled(street_id is not None)
        self.house.blockSignals(False)

    def _settlement_changed(self) -> None:
        if not self._loading:
            self._fill_streets(combo_id(self.settlement))
            self._schedule_check()

    def _street_changed(self) -> None:
        if not self._loading:
            self._fill_houses(combo_id(self.street))
            self._schedule_check()

    def select_place(
        self,
        settlement_id: uuid.UUID | None,
        street_id: uuid.UUID | None = None,
        house_id: uuid.UUID | None = None,
    ) -> None:
        """Choose the address in the three combos, each filled from the one above."""
        select_id(self.settlement, settlement_id)
        self._fill_streets(settlement_id)
        select_id(self.street, street_id)
        self._fill_houses(street_id)
        select_id(self.house, house_id)

    # --- load / collect ----------------------------------------------------------------------

    def _load(self, detail: ResidentDetail) -> None:
        self.detail = detail
        self._loading = True
        self.surname.setText(detail.surname)
        self.given_name.setText(detail.given_name)
        self.patronymic.setText(detail.patronymic)
        self.iin.setText(detail.iin or "")
        self.birth_date.set_value(detail.birth_date)
        select_data(self.sex, detail.sex)
        self.select_place(detail.settlement_id, detail.street_id, detail.house_id)
        self.apartment.setText(detail.apartment)
        self.phone.setText(detail.phone)
        self.registered_on.set_value(detail.registered_on)
        self.set_statuses(detail.statuses)
        self.left_on.set_value(detail.left_on or self.today())
        if detail.left_reason:
            select_data(self.leave_reason, detail.left_reason)
        self._loading = False
        self._update_leave_state()

    def set_statuses(self, codes) -> None:
        for row in range(self.statuses.count()):
            item = self.statuses.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in codes
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked_statuses(self) -> tuple[str, ...]:
        return tuple(
            self.statuses.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.statuses.count())
            if self.statuses.item(row).checkState() == Qt.CheckState.Checked
        )

    def collect(self) -> ResidentInput:
        """What the form holds, as the service's input."""
        iin = normalize_iin(self.iin.text())
        return ResidentInput(
            surname=self.surname.text(),
            given_name=self.given_name.text(),
            patronymic=self.patronymic.text(),
            iin=iin or None,
            birth_date=self.birth_date.value(),
            sex=combo_text(self.sex),
            settlement_id=combo_id(self.settlement),
            street_id=combo_id(self.street),
            house_id=combo_id(self.house),
            apartment=self.apartment.text(),
            phone=self.phone.text(),
            statuses=self.checked_statuses(),
            registered_on=self.registered_on.value(),
        )

    def iin_confirmed(self) -> bool:
        """True when the second entry of the IIN repeats the first."""
        second = normalize_iin(self.iin_confirm.text())
        return bool(second) and second == normalize_iin(self.iin.text())

    # --- live checks -------------------------------------------------------------------------

    def _iin_changed(self) -> None:
        """Check the IIN locally at once; suggest the birth date and sex it encodes."""
        text = normalize_iin(self.iin.text())
        self._suggestion = None
        self.use_iin_button.setVisible(False)
        if not text:
            self._message(self.iin_message, "")
        elif len(text) < 12 and text.isascii() and text.isdigit():
            self._message(
                self.iin_message,
                _("{count} of 12 digits entered.").format(count=len(text)),
                HINT_STYLE,
            )
        else:
            try:
                iin = validate_iin(text)
            except InvalidIIN as exc:
                self._message(self.iin_message, exc.message(), ERROR_STYLE)
            else:
                self._suggest_from(iin)
        if not self.iin_confirm.isHidden() and not self.iin_confirmed():
            self.iin_confirm.clear()
        self._schedule_check()

    def _birth_or_sex_changed(self) -> None:
        """Say again whether the typed birth date and sex agree with the IIN."""
        if self._suggestion is not None and not self._loading:
            self._suggest_from(normalize_iin(self.iin.text()))
        self._schedule_check()

    def _suggest_from(self, iin: str) -> None:
        info = decode_iin(iin)
        if info.birth_date is None:
            self._message(
                self.iin_message, _("The IIN is valid; it does not encode the birth date."), HINT_STYLE
            )
            return
        self._suggestion = (info.birth_date, info.sex)
        entered_birth, entered_sex = self.birth_date.value(), combo_text(self.sex)
        if entered_birth is None and entered_sex is None and not self._loading:
            # nothing typed yet: take the suggestion, the user may still change it
            self.use_iin_suggestion()
            entered_birth, entered_sex = info.birth_date, info.sex
        text = _("The IIN is valid: born {date}, {sex}.").format(
            date=short_date(info.birth_date), sex=sex_label(info.sex)
        )
        agrees = entered_birth in (None, info.birth_date) and entered_sex in (None, info.sex)
        self._message(self.iin_message, text, HINT_STYLE if agrees else WARNING_STYLE)
        self.use_iin_button.setVisible(not agrees)

    def use_iin_suggestion(self) -> None:
        """Take the birth date and sex the IIN encodes into the form."""
        if not self._suggestion:
            return
        born, sex = self._suggestion
        self.birth_date.set_value(born)
        select_data(self.sex, sex)
        self.use_iin_button.setVisible(False)

    def _message(self, label: QLabel, text: str, style: str = ERROR_STYLE) -> None:
        """Show a wrapped message and reserve its height: a window's minimum size leaves out
        the extra lines of word-wrapped labels, and the form would overlap them."""
        set_message(label, text, style)
        width = self.iin.width() if label is self.iin_message else self.width() - 24
        label.setMinimumHeight(label.heightForWidth(max(width, 200)) if text else 0)

    def _schedule_check(self) -> None:
        if not self._loading:
            self._check_timer.start()

    def check_now(self) -> None:
        """Ask the service what saving would say: the refusal and the warnings, shown live."""
        self._check_timer.stop()
        data = self.collect()
        if not data.surname.strip() and not data.given_name.strip():
            self._message(self.issues, "")  # an empty new form has nothing to say yet
            return
        issues = svc.check_resident(
            self.store,
            data,
            resident_id=self.resident_id,
            iin_confirmed=self.iin_confirmed(),
            today=self.today(),
        )
        # The IIN's own problem is said once, under the IIN (``_iin_changed``), not again here.
        shown = self.iin_message.text() if self.iin_message.isVisibleTo(self) else ""
        issues = [i for i in issues if not (i.field == "iin" and i.message == shown)]
        errors = [i.message for i in issues if i.severity == "error"]
        warnings = [i.message for i in issues if i.severity != "error"]
        if self._needs_confirmation(data):
            self._show_confirm(True)
        self._message(self.issues, "\n".join(errors + warnings), ERROR_STYLE if errors else WARNING_STYLE)

    def _needs_confirmation(self, data: ResidentInput) -> bool:
        """The register's rule: a new or changed IIN that does not encode the typed birth date."""
        if not data.iin or (self.detail is not None and self.detail.iin == data.iin):
            return False
        try:
            iin = validate_iin(data.iin)
        except InvalidIIN:
            return False
        encoded = decode_iin(iin).birth_date
        return data.birth_date is None or encoded != data.birth_date

    def _show_confirm(self, visible: bool) -> None:
        self.iin_confirm.setVisible(visible)
        self.iin_confirm_label.setVisible(visible)

    # --- actions -----------------------------------------------------------------------------

    def save(self) -> None:
        """Create or update the resident; a refusal stays in the form with its message."""
        self._check_timer.stop()
        data = self.collect()
        try:
            if self.resident_id is None:
                detail = svc.create_resident(
                    self.store, data, iin_confirmed=self.iin_confirmed(), today=self.today()
                )
            else:
                detail = svc.update_resident(
                    self.store,
                    self.resident_id,
                    data,
                    iin_confirmed=self.iin_confirmed(),
                    today=self.today(),
                )
        except IinNeedsConfirmation as exc:
            self._show_confirm(True)
            self.iin_confirm.setFocus()
            self._refused(exc)
            return
        except ZhoobError as exc:
            self._refused(exc)
            return
        self._message(self.error, "")
        self.detail = detail
        self.resident_id = detail.id
        self.saved.emit(detail)
        self.accept()

    def _refused(self, exc: ZhoobError) -> None:
        """A refused save: its message once on the form (not again when the form already says it)."""
        self.check_now()
        text = exc.message()
        already = [
            label.text()
            for label in (self.iin_message, self.issues)
            if label.isVisibleTo(self) and label.text()
        ]
        if any(text in shown.split("\n") for shown in already):
            self._message(self.error, "")
            if text == self.iin_message.text():
                self.iin.setFocus()
                self.iin.selectAll()
            return
        self._message(self.error, text)

    def mark_left(self) -> None:
        """Record that the resident moved away or died on the chosen date."""
        if self.resident_id is None:
            return
        on = self.left_on.value() or self.today()
        try:
            detail = svc.mark_left(self.store, self.resident_id, self.leave_reason.currentData(), on)
        except ZhoobError as exc:
            self._message(self.error, exc.message())
            return
        self._message(self.error, "")
        self.detail = detail
        self._update_leave_state()
        self.saved.emit(detail)

    def restore(self) -> None:
        """Undo a leave: the resident is current again."""
        if self.resident_id is None:
            return
        try:
            detail = svc.restore_resident(self.store, self.resident_id)
        except ZhoobError as exc:
            self._message(self.error, exc.message())
            return
        self._message(self.error, "")
        self.detail = detail
        self._update_leave_state()
        self.saved.emit(detail)

    def _update_leave_state(self) -> None:
        detail = self.detail
        left = detail is not None and detail.left_on is not None
        if left:
            self.left_state.setText(
                _("Left the register on {date}: {reason}.").format(
                    date=short_date(detail.left_on), reason=leave_reason_label(detail.left_reason)
                )
            )
        else:
            self.left_state.setText(_("Lives in the okrug. When the resident leaves, record why and when."))
        for widget in (self.leave_reason, self.left_on, self.leave_button):
            widget.setEnabled(not left)
        self.restore_button.setEnabled(left)

    def retranslate(self) -> None:
        self.setWindowTitle(_("New resident") if self.resident_id is None else _("Resident"))
        for name, label in self.labels.items():
            label.setText(_(_FIELD_LABELS[name]))
        self.iin_confirm_label.setText(_("IIN once more"))
        self.iin_confirm.setPlaceholderText(_("Type the IIN again to confirm it"))
        self.use_iin_button.setText(_("Take from the IIN"))
        self.use_iin_button.setToolTip(_("Use date and sex from the IIN"))
        self.birth_date.setToolTip(_("Filled from the IIN when it encodes the birth date."))
        for index, text in enumerate(("—", sex_label("M"), sex_label("F"))):
            self.sex.setItemText(index, text)
        self.settlement.setItemText(0, "—")
        for index in range(self.leave_reason.count()):
            self.leave_reason.setItemText(index, leave_reason_label(self.leave_reason.itemData(index)))
        self.leave_box.setTitle(_("Leaving the okrug"))
        self.leave_reason_label.setText(_("Reason"))
        self.left_on_label.setText(_("Date"))
        self.leave_button.setText(_("Record leaving"))
        self.restore_button.setText(_("Restore to the register"))
        self.phone.setPlaceholderText("+7 7__ ___ __ __")
        self._update_leave_state()


_FIELD_LABELS = {
    "surname": N_("Surname"),
    "given_name": N_("Given name"),
    "patronymic": N_("Patronymic (if any)"),
    "iin": N_("IIN"),
    "birth_date": N_("Birth date"),
    "sex": N_("Sex"),
    "settlement": N_("Settlement"),
    "street": N_("Street"),
    "house": N_("House"),
    "apartment": N_("Apartment"),
    "phone": N_("Phone"),
    "statuses": N_("Social statuses"),
    "registered_on": N_("Registered on"),
}
