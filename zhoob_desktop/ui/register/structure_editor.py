"""The okrug's structure as a tree: settlements → streets → houses; add, rename, delete.

Streets and houses are loaded when their parent is expanded, so a large okrug
opens at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import _, format_number
from zhoob_desktop.services.register import structure as svc
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.register.common import show_error

KIND_SETTLEMENT, KIND_STREET, KIND_HOUSE = "settlement", "street", "house"
#: ``Qt.UserRole`` on the items of column 0: ``"kind:uuid"`` (text: Python tuples in a QVariant are fragile).
NODE_ROLE = Qt.ItemDataRole.UserRole
_PLACEHOLDER = "placeholder"

# (title, label, current text) -> (text, ok); tests replace it instead of typing into a modal dialog.
Ask = Callable[[QWidget, str, str, str], tuple[str, bool]]
# (title, question) -> yes?
Confirm = Callable[[QWidget, str, str], bool]


def _ask(parent: QWidget, title: str, label: str, text: str) -> tuple[str, bool]:
    return QInputDialog.getText(parent, title, label, text=text)


def _confirm(parent: QWidget, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes


def _node(item: QStandardItem) -> tuple[str, uuid.UUID | None]:
    """(kind, id) of a tree item; the placeholder has no id."""
    kind, _sep, text = str(item.data(NODE_ROLE)).partition(":")
    return kind, uuid.UUID(text) if text else None


class StructureEditor(QWidget):
    """Edit the villages, streets and houses residents' addresses are chosen from."""

    def __init__(
        self, store: Store, bus: Bus, *, ask: Ask = _ask, confirm: Confirm = _confirm, load: bool = True
    ):
        super().__init__()
        self.store, self.bus, self.ask, self.confirm = store, bus, ask, confirm
        self.model = QStandardItemModel(0, 2, self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.expanded.connect(self._expanded)
        self.tree.selectionModel().currentChanged.connect(self._update_buttons)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.add_settlement_button = QPushButton()
        self.add_settlement_button.clicked.connect(self.add_settlement)
        self.add_street_button = QPushButton()
        self.add_street_button.clicked.connect(self.add_street)
        self.add_house_button = QPushButton()
        self.add_house_button.clicked.connect(self.add_house)
        self.building_button = QPushButton()
        self.building_button.setCheckable(True)
        self.building_button.clicked.connect(self.toggle_apartment_building)
        self.rename_button = QPushButton()
        self.rename_button.clicked.connect(self.rename_current)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_current)
        # Two rows (adding; changing), so the tab fits a small screen in every language.
        buttons = QVBoxLayout()
        for group in (
            (self.add_settlement_button, self.add_street_button, self.add_house_button),
            (self.building_button, self.rename_button, self.delete_button),
        ):
            row = QHBoxLayout()
            for button in group:
                row.addWidget(button)
            row.addStretch(1)
            buttons.addLayout(row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.retranslate()
        if load:  # the register page loads the tree only when its tab is first shown
            self.refresh()

    # --- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the tree, keeping expanded nodes open and the current node chosen."""
        expanded = self._expanded_nodes()
        current = self.current_node()
        self.model.removeRows(0, self.model.rowCount())
        root = self.model.invisibleRootItem()
        for settlement in svc.list_settlements(self.store):
            row = self._row(KIND_SETTLEMENT, settlement.id, settlement.name, settlement.residents)
            root.appendRow(row)
            self._add_placeholder(row[0])
        self._restore(expanded, current)
        self._update_buttons()

    @staticmethod
    def _row(kind: str, node_id: uuid.UUID, text: str, residents: int) -> list[QStandardItem]:
        name = QStandardItem(text)
        name.setData(f"{kind}:{node_id}", NODE_ROLE)
        count = QStandardItem(format_number(residents))
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return [name, count]

    @staticmethod
    def _add_placeholder(item: QStandardItem) -> None:
        placeholder = QStandardItem("")
        placeholder.setData(f"{_PLACEHOLDER}:", NODE_ROLE)
        item.appendRow(placeholder)

    def _items(self) -> list[QStandardItem]:
        """Every loaded node (column 0), depth first."""
        out, stack = [], [self.model.item(r) for r in range(self.model.rowCount())]
        while stack:
            item = stack.pop()
            out.append(item)
            stack.extend(item.child(r) for r in range(item.rowCount()))
        return out

    def _expanded(self, index: QModelIndex) -> None:
        item = self.model.itemFromIndex(index.siblingAtColumn(0))
        if item.rowCount() == 1 and _node(item.child(0))[0] == _PLACEHOLDER:
            self._load_children(item)

    def _load_children(self, item: QStandardItem) -> None:
        kind, node_id = _node(item)
        item.removeRows(0, item.rowCount())
        if kind == KIND_SETTLEMENT:
            for street in svc.list_streets(self.store, node_id):
                row = self._row(KIND_STREET, street.id, street.name, street.residents)
                item.appendRow(row)
                self._add_placeholder(row[0])
        elif kind == KIND_STREET:
            for house in svc.list_houses(self.store, node_id):
                text = house.number
                if house.apartment_building:
                    text = _("{number} (apartment building)").format(number=house.number)
                item.appendRow(self._row(KIND_HOUSE, house.id, text, house.residents))

    def _expanded_nodes(self) -> set[tuple[str, uuid.UUID]]:
        return {
            _node(item)
            for item in self._items()
            if _node(item)[0] != _PLACEHOLDER and self.tree.isExpanded(item.index())
        }

    def _restore(self, expanded: set, current: tuple[str, uuid.UUID] | None) -> None:
        stack = [self.model.item(r) for r in range(self.model.rowCount())]
        while stack:
            item = stack.pop()
            node = _node(item)
            if node in expanded:
                self.tree.setExpanded(item.index(), True)  # loads the children
                stack.extend(item.child(r) for r in range(item.rowCount()))
            if current is not None and node == current:
                self.tree.setCurrentIndex(item.index())

    def find_item(self, kind: str, node_id: uuid.UUID) -> QStandardItem | None:
        """The item (column 0) of a node among those loaded."""
        return next((i for i in self._items() if _node(i) == (kind, node_id)), None)

    def select(self, kind: str, node_id: uuid.UUID) -> bool:
        """Make a loaded node the current one."""
        item = self.find_item(kind, node_id)
        if item is not None:
            self.tree.setCurrentIndex(item.index())
        return item is not None

    def expand(self, kind: str, node_id: uuid.UUID) -> None:
        item = self.find_item(kind, node_id)
        if item is not None:
            self.tree.setExpanded(item.index(), True)

    def current_item(self) -> QStandardItem | None:
        index = self.tree.currentIndex()
        return self.model.itemFromIndex(index.siblingAtColumn(0)) if index.isValid() else None

    def current_node(self) -> tuple[str, uuid.UUID] | None:
        item = self.current_item()
        if item is None:
            return None
        node = _node(item)
        return None if node[0] == _PLACEHOLDER else node

    def _ancestor(self, kind: str) -> uuid.UUID | None:
        item = self.current_item()
        while item is not None:
            node = _node(item)
            if node[0] == kind:
                return node[1]
            item = item.parent()
        return None

    def _update_buttons(self, *_args) -> None:
        self.add_street_button.setEnabled(self._ancestor(KIND_SETTLEMENT) is not None)
        self.add_house_button.setEnabled(self._ancestor(KIND_STREET) is not None)
        node = self.current_node()
        has_node = node is not None
        house = self._current_house() if node is not None and node[0] == KIND_HOUSE else None
        self.building_button.setEnabled(house is not None)
        self.building_button.setChecked(bool(house and house.apartment_building))
        self.rename_button.setEnabled(has_node)
        self.delete_button.setEnabled(has_node)

    # --- actions -----------------------------------------------------------------------------

    def _run(self, action: Callable[[], object], kind: str | None = None):
        """Call a service; on success refresh, tell the other views, select the new node."""
        try:
            result = action()
        except ZhoobError as exc:
            show_error(self, exc, _("Okrug structure"))
            return None
        self.bus.emit_changed("settlements")
        self.refresh()
        if kind is not None:
            self.select(kind, result.id)
        return result

    def add_settlement(self) -> None:
        name, ok = self.ask(self, _("New settlement"), _("Name of the settlement"), "")
        if ok:
            self._run(lambda: svc.create_settlement(self.store, name), KIND_SETTLEMENT)

    def add_street(self) -> None:
        settlement_id = self._ancestor(KIND_SETTLEMENT)
        if settlement_id is None:
            return
        name, ok = self.ask(self, _("New street"), _("Name of the street"), "")
        if ok:
            self.expand(KIND_SETTLEMENT, settlement_id)
            self._run(lambda: svc.create_street(self.store, settlement_id, name), KIND_STREET)

    def add_house(self) -> None:
        street_id = self._ancestor(KIND_STREET)
        if street_id is None:
            return
        number, ok = self.ask(self, _("New house"), _("House number"), "")
        if ok:
            self.expand(KIND_STREET, street_id)
            self._run(lambda: svc.create_house(self.store, street_id, number), KIND_HOUSE)

    def _current_house(self):
        node = self.current_node()
        street_id = self._ancestor(KIND_STREET)
        if node is None or node[0] != KIND_HOUSE or street_id is None:
            return None
        return next((h for h in svc.list_houses(self.store, street_id) if h.id == node[1]), None)

    def toggle_apartment_building(self) -> None:
        """Mark the chosen house as an apartment building (its residents may hold a separate gathering)."""
        house = self._current_house()
        if house is None:
            return
        self._run(
            lambda: svc.update_house(
                self.store, house.id, house.number, apartment_building=not house.apartment_building
            ),
            KIND_HOUSE,
        )

    def rename_current(self) -> None:
        node = self.current_node()
        if node is None:
            return
        kind, node_id = node
        if kind == KIND_HOUSE:
            house = self._current_house()
            if house is None:
                return
            text, ok = self.ask(self, _("Rename"), _("House number"), house.number)
            if ok:
                self._run(lambda: svc.update_house(self.store, node_id, text), kind)
            return
        text, ok = self.ask(self, _("Rename"), _("New name"), self.current_item().text())
        if not ok:
            return
        if kind == KIND_SETTLEMENT:
            self._run(lambda: svc.rename_settlement(self.store, node_id, text), kind)
        else:
            self._run(lambda: svc.rename_street(self.store, node_id, text), kind)

    def delete_current(self) -> None:
        node = self.current_node()
        if node is None:
            return
        kind, node_id = node
        name = self.current_item().text()
        question = _("Delete {name}? Only a place no resident ever lived at can be deleted.").format(
            name=name
        )
        if not self.confirm(self, _("Delete"), question):
            return
        deleters = {
            KIND_SETTLEMENT: svc.delete_settlement,
            KIND_STREET: svc.delete_street,
            KIND_HOUSE: svc.delete_house,
        }
        self._run(lambda: deleters[kind](self.store, node_id))

    def retranslate(self) -> None:
        self.model.setHorizontalHeaderLabels([_("Settlement, street, house"), _("Residents")])
        self.hint.setText(
            _(
                "The villages, streets and houses of the okrug. Addresses of residents are chosen "
                "from this list; the number is of current residents."
            )
        )
        self.add_settlement_button.setText(_("Add settlement"))
        self.add_street_button.setText(_("Add street"))
        self.add_house_button.setText(_("Add house"))
        self.building_button.setText(_("Apartment building"))
        self.building_button.setToolTip(
            _("An apartment building may hold its own separate gathering (бөлек жиын) of its residents.")
        )
        self.rename_button.setText(_("Rename…"))
        self.delete_button.setText(_("Delete"))
