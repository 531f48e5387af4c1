"""Preparing a sitting: what, when and where, the draft agenda (drag to reorder), the invited persons.

The deadlines of the preparation (notice, materials, the members' initiative)
are checked by the engine's preparation service and shown as warnings with
their rule; the list of members is counted from the roster or the register.

What is saved is what the form shows: the item on the execution of earlier
decisions that a meeting's agenda carries while decisions are open (Reg §9)
appears in the draft agenda as soon as the kind and date call for it, marked
as added; a new item is of the kind "other current matters" until another
is chosen; a new sitting is offered the next number of its kind in the year.
"""

from __future__ import annotations

import uuid
from datetime import date, time

from PySide6.QtCore import QEvent, QSize, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.decisions.agenda import EXECUTION_KIND, execution_draft_item
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, format_date, ngettext
from zhoob_desktop.services.meeting import (
    AgendaDraftItem,
    Invitee,
    SittingInfo,
    create_sitting,
    list_sittings,
    update_sitting,
)
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.preparation import notice_warnings, representation_warnings
from zhoob_desktop.services.meeting.representation import procedure_in_force, quota_table
from zhoob_desktop.services.register.structure import list_settlements
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.texts import Translation, remember, translations_of, typing_language
from zhoob_desktop.ui.columns import StretchWithMinimum, titles_whole
from zhoob_desktop.ui.dates import DATE_FORMAT, pydate, qdate
from zhoob_desktop.ui.meeting.operations import show_error
from zhoob_desktop.ui.meeting.roster_box import RosterBox
from zhoob_desktop.ui.screen_fit import fit_to_screen

DRAFT_ROLE = Qt.ItemDataRole.UserRole + 3
TRANSLATION_ROLE = Qt.ItemDataRole.UserRole + 5  # the item's texts in the other language
IN_LANGUAGE = {"kk": N_("in Kazakh"), "ru": N_("in Russian")}
ADDED_ROLE = Qt.ItemDataRole.UserRole + 4  # the execution item the form added (Reg §9), not typed
PREFERRED_SIZE = QSize(1180, 760)


class OptionalDate(QWidget):
    """A date that may not be known yet (the notice not yet given)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.known = QCheckBox()
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(DATE_FORMAT)
        self.edit.setEnabled(False)
        self.known.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.known)
        layout.addWidget(self.edit, 1)

    def value(self) -> date | None:
        return pydate(self.edit.date()) if self.known.isChecked() else None

    def set_value(self, value: date | None, fallback: date) -> None:
        self.known.setChecked(value is not None)
        self.edit.setDate(qdate(value or fallback))


def quota_lines(store: Store, draft: SittingInfo) -> list[str]:
    """A separate gathering: how many representatives its unit elects under the procedure in force."""
    if draft.kind != R.SEPARATE_GATHERING or draft.territory_id is None:
        return []
    procedure = procedure_in_force(store, draft.scheduled_on)
    if procedure is None:
        return ["⚠ " + E.NoProcedure(date=format_date(draft.scheduled_on), citation=R.LAW_39_3).message()]
    line = quota_table(store, draft.scheduled_on, procedure).unit(draft.territory_id)
    if line is None:
        return []
    return [
        ngettext(
            "{unit} elects {quota} representative ({entitled} residents entitled to take part; decision No. "
            "{number} of {date}).",
            "{unit} elects {quota} representatives ({entitled} residents entitled to take part; decision No. "
            "{number} of {date}).",
            line.representatives,
        ).format(
            unit=line.name,
            quota=line.representatives,
            entitled=line.entitled,
            number=procedure.decision_number,
            date=format_date(procedure.decision_date),
        )
    ]


class PrepareDialog(QDialog):
    """Create a sitting (``info`` None) or edit the preparation of one not yet started."""

    def __init__(self, store: Store, info: SittingInfo | None = None, today: date | None = None, parent=None):
        super().__init__(parent)
        self.store, self.info = store, info
        self.saved: SittingInfo | None = None
        self.present_error = show_error
        today = today or date.today()

        self.kind = QComboBox()
        for code, label in R.SITTING_KINDS.items():
            self.kind.addItem(_(label), code)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.number = QSpinBox()
        self.number.setRange(0, 999)
        self.title, self.title_tr = QLineEdit(), QLineEdit()
        # Texts that go on paper are typed in the okrug's typing language and, beside it, in the other one.
        self.typed_in = typing_language(store)
        self.other_lang = "ru" if self.typed_in == "kk" else "kk"
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(DATE_FORMAT)
        self.starts = QTimeEdit()
        self.place, self.place_tr = QLineEdit(), QLineEdit()
        self.representatives = QCheckBox()
        self.territory = QComboBox()
        for s in list_settlements(store, with_counts=False):
            self.territory.addItem(s.name, s.id)
        self.notice = OptionalDate()
        self.materials = OptionalDate()
        self.initiator = QComboBox()
        self.form = QFormLayout()
        # A long label above its field rather than the dialog wider than a small screen.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for combo in (self.kind, self.territory, self.initiator):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(20)
        self.labels = {
            key: QLabel()
            for key in (
                "kind",
                "number",
                "title",
                "day",
                "starts",
                "place",
                "repr",
                "territory",
                "notice",
                "materials",
                "initiator",
            )
        }
        for key, widget in (
            ("kind", self.kind),
            ("number", self.number),
            ("title", _pair(self.title, self.title_tr)),
            ("day", self.day),
            ("starts", self.starts),
            ("place", _pair(self.place, self.place_tr)),
            ("repr", self.representatives),
            ("territory", self.territory),
            ("notice", self.notice),
            ("materials", self.materials),
            ("initiator", self.initiator),
        ):
            self.form.addRow(self.labels[key], widget)

        self.agenda_box = QGroupBox()
        self.agenda = QListWidget()
        self.agenda.setObjectName("draftAgenda")
        self.agenda.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.agenda.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.item_title, self.item_reporter = QLineEdit(), QLineEdit()
        self.item_title_tr, self.item_reporter_tr = QLineEdit(), QLineEdit()
        self.item_kind = QComboBox()
        for code, label in R.AGENDA_ITEM_KINDS.items():
            self.item_kind.addItem(_(label), code)
        self.item_kind.setCurrentIndex(self.item_kind.findData("other"))  # not the first subject of Reg §4
        self.add_item, self.remove_item = QPushButton(), QPushButton()
        self.add_item.clicked.connect(self.add_agenda_item)
        for edit in (self.item_title, self.item_reporter, self.item_title_tr, self.item_reporter_tr):
            edit.installEventFilter(self)  # Enter adds the item instead of saving the dialog
        self.remove_item.clicked.connect(lambda: self.agenda.takeItem(self.agenda.currentRow()))
        self.item_kind.setMinimumContentsLength(16)
        self.item_kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        agenda_row = QHBoxLayout()
        agenda_row.addWidget(self.item_kind, 2)
        agenda_row.addWidget(self.item_reporter, 2)
        agenda_row.addWidget(self.add_item)
        agenda_layout = QVBoxLayout(self.agenda_box)
        agenda_layout.addWidget(self.agenda)
        agenda_layout.addWidget(self.item_title)
        agenda_layout.addWidget(self.item_title_tr)
        agenda_layout.addWidget(self.item_reporter_tr)
        agenda_layout.addLayout(agenda_row)
        agenda_layout.addWidget(self.remove_item, 0, Qt.AlignmentFlag.AlignLeft)

        self.guests_box = QGroupBox()
        self.guests = QTableWidget(0, 4)
        self.guests.setObjectName("invited")
        self.guests.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.guests.setColumnWidth(1, 220)
        self.guests.setColumnWidth(2, 160)
        self.guests_fill = StretchWithMinimum(self.guests, 0)  # the name column: never below its title
        self.guests.setColumnWidth(3, 160)
        self.guests.verticalHeader().setVisible(False)
        self.add_guest, self.remove_guest = QPushButton(), QPushButton()
        self.add_guest.clicked.connect(lambda: self._guest_row(Invitee("", "other", "")))
        self.remove_guest.clicked.connect(lambda: self.guests.removeRow(self.guests.currentRow()))
        guest_buttons = QHBoxLayout()
        guest_buttons.addWidget(self.add_guest)
        guest_buttons.addWidget(self.remove_guest)
        guest_buttons.addStretch(1)
        guests_layout = QVBoxLayout(self.guests_box)
        guests_layout.addWidget(self.guests)
        guests_layout.addLayout(guest_buttons)

        self.roster = RosterBox(store, lambda parent, exc: self.present_error(parent, exc))
        self.kind.currentIndexChanged.connect(self._roster_changed)
        self.representatives.toggled.connect(self._roster_changed)
        self.day.dateChanged.connect(self._roster_changed)
        self.day.dateChanged.connect(self._sync_execution_item)
        self.territory.currentIndexChanged.connect(self._roster_changed)

        self.deadlines = QLabel()
        self.deadlines.setObjectName("prepWarnings")
        self.deadlines.setWordWrap(True)
        self.deadlines.setStyleSheet("color: #8e4b00;")
        self.today = today
        for signal in (self.day.dateChanged, self.notice.edit.dateChanged, self.materials.edit.dateChanged):
            signal.connect(self.check_deadlines)
        for box in (self.notice.known, self.materials.known):
            box.toggled.connect(self.check_deadlines)
        self.kind.currentIndexChanged.connect(self.check_deadlines)
        self.territory.currentIndexChanged.connect(self.check_deadlines)
        self.representatives.toggled.connect(self.check_deadlines)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        # The form scrolls on a small screen; the deadlines and Save stay in view.
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        left.addLayout(self.form)
        left.addWidget(self.guests_box, 1)
        right = QVBoxLayout()
        right.addWidget(self.agenda_box, 3)
        right.addWidget(self.roster, 2)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        scroll = QScrollArea()
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.deadlines)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._load(info, today)
        fit_to_screen(self, PREFERRED_SIZE, parent)

    # -- loading and saving -----------------------------------------------------------------

    def _load(self, info: SittingInfo | None, today: date) -> None:
        if info is None:
            self.day.setDate(qdate(today))
            self.starts.setTime(QTime(10, 0))
            self.notice.set_value(None, today)
            self.materials.set_value(None, today)
            self._kind_changed()
            self.check_deadlines()
            return
        self.kind.setCurrentIndex(self.kind.findData(info.kind))
        self.kind.setEnabled(False)  # the kind decides the roster and the rules
        self.number.setValue(info.number or 0)
        self._versions = translations_of(self.store, _typed_texts(info), self.other_lang)
        self.title.setText(info.title)
        self.title_tr.setText(self._versions.get(info.title, ""))
        self.day.setDate(qdate(info.scheduled_on))
        self.starts.setTime(
            QTime(info.starts_at.hour, info.starts_at.minute) if info.starts_at else QTime(10, 0)
        )
        self.place.setText(info.place)
        self.place_tr.setText(self._versions.get(info.place, ""))
        self.representatives.setChecked(info.with_representatives)
        if info.territory_id is not None:
            self.territory.setCurrentIndex(max(0, self.territory.findData(info.territory_id)))
        self.notice.set_value(info.notice_on, info.scheduled_on)
        self.materials.set_value(info.materials_on, info.scheduled_on)
        self.initiator.setCurrentIndex(max(0, self.initiator.findData(info.initiator)))
        for item in info.agenda_draft:
            self._agenda_row(item)
        for guest in info.invited:
            self._guest_row(guest)
        self._kind_changed()
        self.check_deadlines()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.representatives.setEnabled(kind == R.GATHERING)
        self.territory.setEnabled(kind == R.SEPARATE_GATHERING)
        self._roster_changed()
        self._sync_execution_item()
        if self.info is None and hasattr(self, "agenda"):
            self.number.setValue(self.next_number())

    def next_number(self) -> int:
        """The number a new sitting of this kind takes: one after the highest of its year."""
        kind, year = self.kind.currentData(), self.day.date().year()
        numbers = [s.number for s in list_sittings(self.store, kind=kind) if s.scheduled_on.year == year]
        return max((n for n in numbers if n), default=0) + 1

    def _sync_execution_item(self, *_args) -> None:
        """Show the execution item a meeting's agenda carries while earlier decisions are open (Reg §9).

        The item the form added is replaced when the date changes and removed
        for a gathering; an item typed or kept by the user stays as it is.
        """
        if not hasattr(self, "agenda"):
            return
        for row in reversed(range(self.agenda.count())):
            if self.agenda.item(row).data(ADDED_ROLE):
                self.agenda.takeItem(row)
        if self.kind.currentData() != R.MEETING:
            return
        if any(
            self.agenda.item(r).data(DRAFT_ROLE).kind == EXECUTION_KIND for r in range(self.agenda.count())
        ):
            return
        drafted = execution_draft_item(self.store, pydate(self.day.date()), today=self.today)
        if drafted is None:
            return
        item = AgendaDraftItem(
            drafted["title"],
            drafted["kind"],
            drafted.get("reporter", ""),
            tuple(drafted.get("co_reporters", ())),
            drafted.get("source", "execution"),
        )
        row = self._agenda_row(item)
        row.setData(ADDED_ROLE, True)
        row.setText(
            _("{item} — added: decisions of earlier sittings are open (Model Regulation §9)").format(
                item=row.text()
            )
        )
        row.setToolTip(_("The agenda always includes the execution of decisions of earlier sittings."))

    def check_deadlines(self, *_args) -> list[str]:
        """The notice and materials deadlines of the form as it stands (Reg §6, Law art. 39-3)."""
        if not hasattr(self, "deadlines"):
            return []
        draft = SittingInfo(
            id=uuid.UUID(int=0) if self.info is None else self.info.id,
            kind=self.kind.currentData(),
            number=None,
            title="",
            scheduled_on=pydate(self.day.date()),
            starts_at=None,
            place="",
            territory_kind="settlement" if self.kind.currentData() == R.SEPARATE_GATHERING else None,
            territory_id=self.territory.currentData()
            if self.kind.currentData() == R.SEPARATE_GATHERING
            else None,
            territory_name=self.territory.currentText(),
            with_representatives=self.representatives.isChecked() and self.kind.currentData() == R.GATHERING,
            initiator="akim",
            initiators=(),
            initiative_filed_on=None,
            initiative_decided_on=None,
            notice_on=self.notice.value(),
            materials_on=self.materials.value(),
            agenda_draft=(),
            invited=(),
            status="prepared",
        )
        values = R.resolve_values(self.store.get_setting("meeting.rules"))
        lines = ["⚠ " + w.message() for w in notice_warnings(draft, self.today, values)]
        lines += ["⚠ " + w.message() for w in representation_warnings(self.store, draft)]
        lines += quota_lines(self.store, draft)
        self.deadlines.setText("\n".join(lines))
        return lines

    def _roster_changed(self, *_args) -> None:
        if not hasattr(self, "roster"):
            return  # still being built
        kind = self.kind.currentData()
        territory = {}
        if kind == R.SEPARATE_GATHERING and self.territory.currentData() is not None:
            territory = {"settlement_id": self.territory.currentData()}
        self.roster.show_for(kind, self.representatives.isChecked(), pydate(self.day.date()), territory)

    def _agenda_row(
        self, item: AgendaDraftItem, translation: dict[str, str] | None = None
    ) -> QListWidgetItem:
        text = item.title if not item.reporter else f"{item.title} — {item.reporter}"
        versions = getattr(self, "_versions", {})
        translation = translation or {
            "title": versions.get(item.title, ""),
            "reporter": versions.get(item.reporter, "") if item.reporter else "",
        }
        shown = f"{text} [{_(R.AGENDA_ITEM_KINDS.get(item.kind, item.kind))}]"
        if translation.get("title"):
            shown += f"\n    {translation['title']}"
        row = QListWidgetItem(shown)
        row.setData(DRAFT_ROLE, item)
        row.setData(TRANSLATION_ROLE, translation)
        self.agenda.addItem(row)
        return row

    def eventFilter(self, watched, event) -> bool:
        if (
            watched in (self.item_title, self.item_reporter, self.item_title_tr, self.item_reporter_tr)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.add_agenda_item()
            return True
        return super().eventFilter(watched, event)

    def add_agenda_item(self) -> None:
        title = self.item_title.text().strip()
        if not title:
            return
        self._agenda_row(
            AgendaDraftItem(title, self.item_kind.currentData(), self.item_reporter.text().strip()),
            {"title": self.item_title_tr.text().strip(), "reporter": self.item_reporter_tr.text().strip()},
        )
        for edit in (self.item_title, self.item_reporter, self.item_title_tr, self.item_reporter_tr):
            edit.clear()
        self.item_kind.setCurrentIndex(self.item_kind.findData("other"))  # each item's kind chosen anew
        self.item_title.setFocus()

    def _guest_row(self, guest: Invitee) -> None:
        row = self.guests.rowCount()
        self.guests.insertRow(row)
        self.guests.setItem(row, 0, QTableWidgetItem(guest.name))
        role = QComboBox()
        for code, label in R.GUEST_ROLES.items():
            role.addItem(_(label), code)
        role.setCurrentIndex(max(0, role.findData(guest.role)))
        self.guests.setCellWidget(row, 1, role)
        self.guests.setItem(row, 2, QTableWidgetItem(guest.organisation))
        versions = getattr(self, "_versions", {})
        self.guests.setItem(
            row, 3, QTableWidgetItem(versions.get(guest.organisation, "") if guest.organisation else "")
        )

    def draft(self) -> list[AgendaDraftItem]:
        return [self.agenda.item(i).data(DRAFT_ROLE) for i in range(self.agenda.count())]

    def invited(self) -> list[Invitee]:
        out = []
        for row in range(self.guests.rowCount()):
            name = (self.guests.item(row, 0).text() if self.guests.item(row, 0) else "").strip()
            if not name:
                continue
            organisation = self.guests.item(row, 2).text().strip() if self.guests.item(row, 2) else ""
            out.append(Invitee(name, self.guests.cellWidget(row, 1).currentData(), organisation))
        return out

    def translations(self) -> list[Translation]:
        """The texts of the form in the other language, beside the texts as typed."""
        lang = self.other_lang
        out = [
            Translation(self.title.text().strip(), lang, self.title_tr.text().strip()),
            Translation(self.place.text().strip(), lang, self.place_tr.text().strip()),
        ]
        for i in range(self.agenda.count()):
            item, tr = self.agenda.item(i).data(DRAFT_ROLE), self.agenda.item(i).data(TRANSLATION_ROLE) or {}
            out.append(Translation(item.title, lang, tr.get("title", "")))
            if item.reporter:
                out.append(Translation(item.reporter, lang, tr.get("reporter", "")))
        for row in range(self.guests.rowCount()):
            org = self.guests.item(row, 2).text().strip() if self.guests.item(row, 2) else ""
            version = self.guests.item(row, 3).text().strip() if self.guests.item(row, 3) else ""
            if org:
                out.append(Translation(org, lang, version))
        # A text whose translation field is empty keeps the translation it may have from elsewhere.
        return [t for t in out if t.source and t.text]

    def values(self) -> dict:
        kind = self.kind.currentData()
        t = self.starts.time()
        values = {
            "number": self.number.value() or None,
            "title": self.title.text().strip(),
            "scheduled_on": pydate(self.day.date()),
            "starts_at": time(t.hour(), t.minute()),
            "place": self.place.text().strip(),
            "with_representatives": kind == R.GATHERING and self.representatives.isChecked(),
            "initiator": self.initiator.currentData(),
            "notice_on": self.notice.value(),
            "materials_on": self.materials.value(),
            "agenda": self.draft(),
            "invited": self.invited(),
        }
        if kind == R.SEPARATE_GATHERING and self.territory.currentData() is not None:
            values.update(
                territory_kind="settlement",
                territory_id=self.territory.currentData(),
                territory_name=self.territory.currentText(),
            )
        return values

    def save(self) -> None:
        try:
            if self.info is None:
                # The draft as shown, the execution item included when the form added it (Reg §9).
                self.saved = create_sitting(self.store, kind=self.kind.currentData(), **self.values())
            else:
                self.saved = update_sitting(self.store, uuid.UUID(str(self.info.id)), **self.values())
            remember(self.store, self.translations())
        except ZhoobError as exc:
            self.present_error(self, exc)
            return
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Prepare the sitting") if self.info else _("A new sitting"))
        self.number.setSpecialValueText(_("no number"))  # 0: said in words, never a bare dash
        for key, text in (
            ("kind", _("Kind of sitting")),
            ("number", _("Number")),
            ("title", _("Title")),
            ("day", _("Date")),
            ("starts", _("Time")),
            ("place", _("Place")),
            ("repr", _("Held with representatives")),
            ("territory", _("Village (separate gathering)")),
            ("notice", _("Notice given on")),
            ("materials", _("Materials handed over on")),
            ("initiator", _("Convened on the initiative of")),
        ):
            self.labels[key].setText(text)
        current = self.initiator.currentData()
        self.initiator.clear()
        self.initiator.addItem(_("the akim"), "akim")
        self.initiator.addItem(_("at least ten percent of the members"), "members")
        self.initiator.setCurrentIndex(max(0, self.initiator.findData(current or "akim")))
        self.agenda_box.setTitle(_("Draft agenda (drag to reorder)"))
        typed, other = _(IN_LANGUAGE[self.typed_in]), _(IN_LANGUAGE[self.other_lang])
        self.item_title.setPlaceholderText(
            _("Title of the agenda item ({language}), then Enter").format(language=typed)
        )
        self.item_title_tr.setPlaceholderText(
            _("Title of the agenda item ({language})").format(language=other)
        )
        self.item_reporter.setPlaceholderText(
            _("Reporter: full name, position ({language})").format(language=typed)
        )
        self.item_reporter_tr.setPlaceholderText(
            _("Reporter: full name, position ({language})").format(language=other)
        )
        for edit in (self.title, self.place):
            edit.setPlaceholderText(typed)
        for edit in (self.title_tr, self.place_tr):
            edit.setPlaceholderText(other)
        self.add_item.setText(_("Add the item"))
        self.remove_item.setText(_("Remove the selected item"))
        self.guests_box.setTitle(_("Invited persons (do not vote)"))
        self.guests.setHorizontalHeaderLabels(
            [
                _("Full name"),
                _("Invited as"),
                _("Organisation ({language})").format(language=_(IN_LANGUAGE[self.typed_in])),
                _("Organisation ({language})").format(language=_(IN_LANGUAGE[self.other_lang])),
            ]
        )
        titles_whole(self.guests)
        self.guests_fill.fill()
        self.add_guest.setText(_("Add an invited person"))
        self.remove_guest.setText(_("Remove"))


def _pair(typed: QLineEdit, other: QLineEdit) -> QWidget:
    """A text typed in the okrug's language and, beside it, in the other one."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(typed, 1)
    row.addWidget(other, 1)
    return box


def _typed_texts(info: SittingInfo) -> list[str]:
    """The texts of a sitting's preparation that its papers print."""
    texts = [info.title, info.place]
    for item in info.agenda_draft:
        texts += [item.title, item.reporter, *item.co_reporters]
    texts += [guest.organisation for guest in info.invited]
    return [t for t in texts if t]
