"""The passport of the okrug or of one settlement: numbers by age, sex and social status, charts, PDF."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services import i18n
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, format_number
from zhoob_desktop.services.register.passport import BandCount, Passport, passport
from zhoob_desktop.services.register.structure import list_settlements
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.register.bar_chart import BarChart
from zhoob_desktop.ui.register.common import (
    OptionalDateEdit,
    add_id_item,
    combo_id,
    select_id,
    short_date,
    show_error,
)

COL_AGE, COL_RESIDENTS, COL_MALE, COL_FEMALE, COL_MEMBERS = range(5)
AGE_HEADERS = {
    COL_AGE: N_("Age"),
    COL_RESIDENTS: N_("Residents"),
    COL_MALE: N_("Men"),
    COL_FEMALE: N_("Women"),
    COL_MEMBERS: N_("Community members"),
}

_Index = QModelIndex | QPersistentModelIndex


def band_label(band: BandCount) -> str:
    if band.high is None:
        return _("{low} and older").format(low=band.low)
    return _("{low}–{high} years").format(low=band.low, high=band.high)


class AgeBandModel(QAbstractTableModel):
    """The passport's age bands with residents, men, women and community members, and a total row."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._bands: tuple[BandCount, ...] = ()

    def set_passport(self, data: Passport | None) -> None:
        self.beginResetModel()
        self._bands = data.by_age if data else ()
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._bands else len(self._bands) + 1

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(AGE_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and section in AGE_HEADERS
        ):
            return _(AGE_HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.rowCount():
            return None
        total = index.row() == len(self._bands)
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == COL_AGE:
                return _("Total") if total else band_label(self._bands[index.row()])
            field = {
                COL_RESIDENTS: "residents",
                COL_MALE: "male",
                COL_FEMALE: "female",
                COL_MEMBERS: "members",
            }[index.column()]
            bands = self._bands if total else (self._bands[index.row()],)
            return format_number(sum(getattr(b, field) for b in bands))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() != COL_AGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(AGE_HEADERS) - 1)
        if self._bands:
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(AGE_HEADERS) - 1))


class PassportView(QWidget):
    """Choose the okrug or a settlement and a date; see the numbers and charts; save the PDF."""

    pdf_saved = Signal(str)

    def __init__(self, store: Store, *, today: Callable[[], date] = date.today, load: bool = True):
        super().__init__()
        self.store, self.today = store, today
        self.data: Passport | None = None
        self.place = QComboBox()
        self.place.setMinimumContentsLength(18)
        self.on = OptionalDateEdit()
        self.on.set_value(today())
        self.place_label, self.on_label = QLabel(), QLabel()
        self.pdf_button = QPushButton()
        self.pdf_button.clicked.connect(self.save_pdf)
        top = QHBoxLayout()
        top.addWidget(self.place_label)
        top.addWidget(self.place, 2)
        top.addWidget(self.on_label)
        top.addWidget(self.on)
        top.addStretch(1)
        top.addWidget(self.pdf_button)

        self.title = QLabel()
        self.title.setObjectName("pageHeading")
        self.title.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.age_model = AgeBandModel(self)
        self.age_table = QTableView()
        self.age_table.setModel(self.age_model)
        self.age_table.verticalHeader().setVisible(False)
        header = self.age_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # seven rows: cheap
        header.setSectionResizeMode(COL_AGE, QHeaderView.ResizeMode.Stretch)
        self.age_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.age_chart, self.sex_chart, self.status_chart = BarChart(), BarChart(), BarChart()

        self.body = body = QWidget()
        grid = QGridLayout(body)
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.summary, 1, 0, 1, 2)
        grid.addWidget(self.age_table, 2, 0, 1, 2)
        grid.addWidget(self.age_chart, 3, 0)
        grid.addWidget(self.sex_chart, 3, 1)
        grid.addWidget(self.status_chart, 4, 0, 1, 2)
        grid.setRowStretch(5, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

        self._fill_places()
        self.place.currentIndexChanged.connect(self.refresh_numbers)
        self.on.dateChanged.connect(self.refresh_numbers)
        self._texts()
        if load:  # the register page computes the passport only when its tab is shown
            self.refresh_numbers()

    def _fill_places(self) -> None:
        chosen = combo_id(self.place)
        self.place.blockSignals(True)
        self.place.clear()
        add_id_item(self.place, _("The whole okrug"), None)
        for settlement in list_settlements(self.store, with_counts=False):
            add_id_item(self.place, settlement.name, settlement.id)
        select_id(self.place, chosen)
        self.place.blockSignals(False)

    def settlement_id(self) -> uuid.UUID | None:
        return combo_id(self.place)

    def refresh(self) -> None:
        """The register changed: reload the settlements and the numbers."""
        self._fill_places()
        self.refresh_numbers()

    def refresh_numbers(self) -> None:
        try:
            self.data = passport(self.store, self.on.value() or self.today(), self.settlement_id())
        except ZhoobError as exc:
            show_error(self, exc, _("Passport of the okrug"))
            self.data = None
        self._show_data()

    def _fit_age_table(self) -> None:
        """Show every band without a scroll bar."""
        table = self.age_table
        height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
        height += sum(table.verticalHeader().sectionSize(r) for r in range(self.age_model.rowCount()))
        table.setFixedHeight(height)
        self.body.layout().activate()  # lay the charts out below the table at once, not on a later pass

    def _show_data(self) -> None:
        data = self.data
        self.age_model.set_passport(data)
        self._fit_age_table()
        if data is None:
            self.title.setText("")
            self.summary.setText("")
            for chart in (self.age_chart, self.sex_chart, self.status_chart):
                chart.set_data("", [])
            return
        lang = i18n.get_language()
        if data.settlement_name:
            self.title.setText(
                _("Passport of the settlement {name} on {date}").format(
                    name=data.settlement_name, date=short_date(data.on)
                )
            )
        else:
            self.title.setText(
                _("Passport of {okrug} on {date}").format(
                    okrug=data.okrug_name(lang), date=short_date(data.on)
                )
            )
        self.summary.setText(
            _(
                "Residents: {residents}. Community members (aged {age} and over): {members}. "
                "Streets: {streets}. Houses with residents: {houses}."
            ).format(
                residents=format_number(data.residents),
                age=data.adult_age,
                members=format_number(data.members),
                streets=format_number(data.streets),
                houses=format_number(data.houses),
            )
        )
        self.age_chart.set_data(_("Residents by age"), [(band_label(b), b.residents) for b in data.by_age])
        sexes = [(_("Men"), data.male), (_("Women"), data.female)]
        if data.sex_unknown:
            sexes.append((_("Sex not recorded"), data.sex_unknown))
        self.sex_chart.set_data(_("Residents by sex"), sexes)
        self.status_chart.set_data(
            _("Residents by social status"), [(s.name(lang), s.residents) for s in data.by_status]
        )

    def save_pdf(self) -> str | None:
        """Ask where to save and write the printable passport (one page, in the program's language)."""
        name = self.place.currentText() if self.settlement_id() else _("okrug")
        # TRANSLATORS: the suggested file name of the passport PDF
        suggested = _("passport {name}.pdf").format(name=name)
        path, _chosen = QFileDialog.getSaveFileName(self, _("Save the passport"), suggested, _("PDF (*.pdf)"))
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        from zhoob_desktop.services.register.passport_pdf import (
            write_passport_pdf,
        )  # ReportLab: when printing

        try:
            write_passport_pdf(
                self.store,
                target,
                on=self.on.value() or self.today(),
                settlement_id=self.settlement_id(),
                lang=i18n.get_language(),
            )
        except ZhoobError as exc:
            show_error(self, exc, _("Save the passport"))
            return None
        self.pdf_saved.emit(str(target))
        return str(target)

    def _texts(self) -> None:
        self.place_label.setText(_("Okrug or settlement"))
        self.on_label.setText(_("Date"))
        self.pdf_button.setText(_("Save as PDF…"))
        self.place.setItemText(0, _("The whole okrug"))

    def retranslate(self) -> None:
        self._texts()
        self.age_model.retranslate()
        self._show_data()
