"""The members of a sitting as prepared: the meeting's roster (editable) or the register's count.

A meeting's members are the okrug's meeting roster (residents delegated by
the gathering); a gathering with representatives has the representatives;
a gathering or a separate gathering has every community member of the
register. Changes to a roster are written at once; the sitting freezes its
list when its journal starts.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services import i18n
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.representatives import roster_members
from zhoob_desktop.services.meeting.roster import add_to_roster, end_membership, list_roster
from zhoob_desktop.services.register.membership import count_members, find_for_checkin
from zhoob_desktop.services.store import Store

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 4


def roster_body(kind: str, with_representatives: bool) -> str | None:
    """Which standing list gives a sitting its members (None: the register's community members)."""
    if kind == R.MEETING:
        return "meeting"
    if kind == R.GATHERING and with_representatives:
        return "representatives"
    return None


class RosterBox(QGroupBox):
    def __init__(self, store: Store, present_error, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.present_error = present_error
        self.body: str | None = None
        self.day = date.today()
        self.territory: dict = {}
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.members = QListWidget()
        self.members.setObjectName("roster")
        self.search = QLineEdit()
        self.search.textEdited.connect(self.find)
        self.found = QListWidget()
        self.found.setMaximumHeight(90)
        self.add_button, self.remove_button = QPushButton(), QPushButton()
        self.add_button.clicked.connect(self.add_selected)
        self.found.itemActivated.connect(lambda _i: self.add_selected())
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.members, 1)
        layout.addWidget(self.search)
        layout.addWidget(self.found)
        layout.addLayout(row)
        self.retranslate()

    def show_for(
        self, kind: str, with_representatives: bool, day: date, territory: dict | None = None
    ) -> None:
        self.body, self.day, self.territory = roster_body(kind, with_representatives), day, territory or {}
        self.refresh()

    def refresh(self) -> None:
        editable = self.body is not None
        for w in (self.members, self.search, self.found, self.add_button, self.remove_button):
            w.setVisible(editable)
        when = i18n.format_date(self.day, "long")
        if not editable:
            count = count_members(self.store, self.day, **self.territory)
            self.summary.setText(
                _("Every community member of the register takes part: {count} on {date}.").format(
                    count=count, date=when
                )
            )
            return
        self.members.clear()
        if self.body == "representatives":  # those elected at separate gatherings are recorded first
            entries = roster_members(self.store, self.day)
        else:
            entries = list_roster(self.store, self.body, self.day)
        for entry in entries:
            item = QListWidgetItem(
                " — ".join(p for p in (entry.full_name, entry.iin or "", entry.address) if p)
            )
            item.setData(ENTRY_ROLE, entry)
            self.members.addItem(item)
        if self.body == "meeting":
            text = _("Members of the meeting on {date}: {count}. Changes to the list are saved at once.")
        else:
            text = _("Elected representatives on {date}: {count}. Changes to the list are saved at once.")
        self.summary.setText(text.format(date=when, count=len(entries)))

    def find(self, text: str) -> None:
        self.found.clear()
        on_list = {
            str(self.members.item(i).data(ENTRY_ROLE).resident_id) for i in range(self.members.count())
        }
        for ref in find_for_checkin(self.store, text, self.day, 10):
            if str(ref.id) in on_list:
                continue
            item = QListWidgetItem(" — ".join(p for p in (ref.full_name, ref.iin or "", ref.address) if p))
            item.setData(ENTRY_ROLE, ref)
            self.found.addItem(item)
        self.found.setCurrentRow(0)

    def add_selected(self) -> None:
        item = self.found.currentItem()
        if item is None or self.body is None:
            return
        ref = item.data(ENTRY_ROLE)
        try:
            add_to_roster(
                self.store,
                self.body,
                resident_id=ref.id,
                full_name=ref.full_name,
                since=self.day,
                iin=ref.iin,
                address=ref.address,
            )
        except ZhoobError as exc:
            self.present_error(self, exc)
            return
        self.search.clear()
        self.found.clear()
        self.refresh()

    def remove_selected(self) -> None:
        item = self.members.currentItem()
        if item is None:
            return
        entry = item.data(ENTRY_ROLE)
        try:
            # off the list from the sitting's date on; earlier sittings keep their frozen lists
            end_membership(self.store, entry.id, self.day - timedelta(days=1))
        except ZhoobError as exc:
            self.present_error(self, exc)
            return
        self.refresh()

    def retranslate(self) -> None:
        self.setTitle(_("Members"))
        self.search.setPlaceholderText(_("Add: IIN or the first letters of the surname"))
        self.add_button.setText(_("Add to the list"))
        self.remove_button.setText(_("Remove from the list"))
