"""District mode: open the district store, register okrugs, import bundles, the overview."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import _, format_date, format_datetime, format_number
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.sync import conflicts, many, receipts
from zhoob_desktop.services.sync import district as dist
from zhoob_desktop.services.sync import overview as ov
from zhoob_desktop.services.sync.district_db import DEFAULT_DB_NAME, DistrictStore, open_district
from zhoob_desktop.services.sync.errors import OkrugKeyDiffers
from zhoob_desktop.services.sync.keys import DistrictKeys, store_seal
from zhoob_desktop.services.sync.labels import conflict_text, decision_text, state_label, status_label
from zhoob_desktop.ui.sync.operator_tabs import OperatorTab, ReferredTab
from zhoob_desktop.ui.worker import Job

KEYS_DIR = "district-keys"


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


class DecisionDialog(QDialog):
    """Who decides a conflict and why: both are recorded and travel back to the okrug."""

    def __init__(self, parent: QWidget, title: str, what: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        text = QLabel(what)
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.by = QLineEdit()
        self.reason = QPlainTextEdit()
        self.reason.setMaximumHeight(90)
        form.addRow(_("Who decides"), self.by)
        form.addRow(_("Why"), self.reason)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def representation_rows(dstore) -> list[list[str]]:
    """Per okrug: each village with the representatives elected (or none), then the initiatives waiting."""
    from zhoob_desktop.services.sync.representation_part import representation_overview

    rows: list[list[str]] = []
    for o in representation_overview(dstore):
        for u in o.units:
            if u.elected:
                elected = f"{len(u.elected)}" + (f" / {u.quota}" if u.quota is not None else "")
                names = elected + ": " + ", ".join(u.elected)
            elif u.quota is not None:
                names = "⚠ " + _("no representatives elected ({due} due)").format(due=u.quota)
            else:
                names = "⚠ " + _("no representatives elected")
            name = f"{u.settlement}, {u.name}" if u.settlement else u.name
            rows.append([o.name, name, names, format_date(u.held_on, "short") if u.held_on else "—"])
        for p in o.initiatives:
            status = (
                _("initiative filed, waiting for the decision")
                if p.status == "filed"
                else _("initiative collecting signatures")
            )
            rows.append(
                [
                    o.name,
                    f"{status}: {p.title}",
                    str(p.signatures),
                    format_date(p.filed_on, "short") if p.filed_on else "—",
                ]
            )
    return rows


def _fill(
    table: QTableWidget, rows: list[list[str]], keys: list[object] | None = None, *, tooltips: bool = False
) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if tooltips:
                item.setToolTip(value)
            if keys is not None and c == 0:
                item.setData(256, str(keys[r]))  # Qt.UserRole: the row's id, as text
            table.setItem(r, c, item)


class DistrictPanel(QWidget):
    """The district's view of many okrugs, on SQLite or PostgreSQL."""

    imported = Signal(object)  # list of (file name, message) lines
    opened = Signal(str)

    def __init__(self, store: Store):
        super().__init__()
        self.store = store
        self.dstore: DistrictStore | None = None
        self.job: Job | None = None
        self.keys = DistrictKeys(store.data_dir / KEYS_DIR, seal=store_seal(store))
        layout = QVBoxLayout(self)

        row = QHBoxLayout()
        self.db_label = QLabel()
        self.db = QLineEdit(str(store.data_dir / DEFAULT_DB_NAME))
        self.open_button = QPushButton()
        self.open_button.clicked.connect(lambda: self.open_database(self.db.text()))
        row.addWidget(self.db_label)
        row.addWidget(self.db, 1)
        row.addWidget(self.open_button)
        layout.addLayout(row)

        actions = QVBoxLayout()
        self.key_button = QPushButton()
        self.key_button.clicked.connect(self._save_district_key)
        self.register_button = QPushButton()
        self.register_button.clicked.connect(self._choose_okrug_key)
        self.import_button = QPushButton()
        self.import_button.setObjectName("primary")
        self.import_button.clicked.connect(self._choose_bundles)
        self.receipt_button = QPushButton()
        self.receipt_button.clicked.connect(self._choose_receipt)
        # Two buttons a row: the panel fits a small screen (1280x720 at 125%) in every language.
        for pair in ((self.key_button, self.register_button), (self.import_button, self.receipt_button)):
            row_of_two = QHBoxLayout()
            for b in pair:
                row_of_two.addWidget(b)
            row_of_two.addStretch(1)
            actions.addLayout(row_of_two)
        layout.addLayout(actions)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMaximumHeight(64)  # a few lines; it scrolls
        layout.addWidget(self.log)

        self.tabs = QTabWidget()
        self.okrugs = _table(9)
        self.quarters = _table(4)
        self.decisions = _table(5)
        protocols = QWidget()
        playout = QVBoxLayout(protocols)
        playout.setContentsMargins(0, 0, 0, 0)
        self.protocols = _table(5)
        self.protocols.doubleClicked.connect(lambda _index: self.open_selected_protocol())
        self.open_protocol_button = QPushButton()
        self.open_protocol_button.clicked.connect(self.open_selected_protocol)
        playout.addWidget(self.protocols)
        playout.addWidget(self.open_protocol_button)
        conflicts_tab = QWidget()
        clayout = QVBoxLayout(conflicts_tab)
        clayout.setContentsMargins(0, 0, 0, 0)
        self.conflicts = _table(6)
        self.conflicts.setWordWrap(True)
        header = self.conflicts.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)  # what the conflict is about
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(5, 320)
        crow = QHBoxLayout()
        self.show_decided = QCheckBox()
        self.show_decided.toggled.connect(lambda _on: self.refresh())
        self.accept_button, self.reject_button, self.settle_button = (
            QPushButton(),
            QPushButton(),
            QPushButton(),
        )
        for button, action in (
            (self.accept_button, "accept"),
            (self.reject_button, "reject"),
            (self.settle_button, "settle"),
        ):
            button.clicked.connect(lambda _checked=False, a=action: self._decide(a))
            crow.addWidget(button)
        crow.addStretch(1)
        crow.addWidget(self.show_decided)
        clayout.addWidget(self.conflicts)
        clayout.addLayout(crow)
        self.moves = _table(5)
        self.representation = _table(4)  # per okrug: villages and their representatives, initiatives waiting
        self.representation.setObjectName("districtRepresentation")
        self.operator = OperatorTab()
        self.referred = ReferredTab()
        for widget in (
            self.okrugs,
            self.quarters,
            self.decisions,
            protocols,
            conflicts_tab,
            self.moves,
            self.representation,
            self.operator,
            self.referred,
        ):
            self.tabs.addTab(widget, "")
        # Nine sections do not fit one row of tabs at 1366 pixels (the last ones, "To the district
        # akim" among them, would hide behind scroll arrows): a list of them beside the section.
        self.tabs.tabBar().hide()
        self.sections = QListWidget()
        self.sections.setObjectName("districtSections")
        self.sections.addItems([""] * self.tabs.count())
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.setWordWrap(True)
        self.sections.setSpacing(2)
        self.sections.currentRowChanged.connect(self.tabs.setCurrentIndex)
        self.tabs.currentChanged.connect(self.sections.setCurrentRow)
        self.sections.setCurrentRow(0)
        body = QHBoxLayout()
        body.addWidget(self.sections)
        body.addWidget(self.tabs, 1)
        layout.addLayout(body, 1)
        self._set_enabled(False)
        self.retranslate()

    # -- database -----------------------------------------------------------------------------

    def _set_enabled(self, on: bool) -> None:
        for b in (
            self.register_button,
            self.import_button,
            self.receipt_button,
            self.open_protocol_button,
            self.accept_button,
            self.reject_button,
            self.settle_button,
        ):
            b.setEnabled(on)

    def open_database(self, url: str) -> bool:
        """Open (creating and migrating) the district database named by a path or URL."""
        try:
            store = open_district(url.strip(), store=self.store)  # the operator's rights, the data key
        except ZhoobError as exc:
            QMessageBox.warning(self, _("District"), exc.message())
            return False
        except Exception as exc:  # a wrong URL, an unreachable server: said plainly, not swallowed
            QMessageBox.warning(
                self,
                _("District"),
                _("The district database {url} cannot be opened: {error}").format(url=url, error=exc),
            )
            return False
        if self.dstore is not None:
            self.dstore.close()
        self.dstore = store
        self.db.setText(url.strip())
        self._set_enabled(True)
        self._log(_("District database opened: {url}").format(url=url))
        self.refresh()
        self.opened.emit(url)
        return True

    def close_database(self) -> None:
        if self.job is not None and self.job.is_running():
            self.job.wait()
        if self.dstore is not None:
            self.dstore.close()
            self.dstore = None

    # -- actions ------------------------------------------------------------------------------

    def _log(self, text: str) -> None:
        self.log.appendPlainText(text)

    def _save_district_key(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the district's public key"), "district.key.json"
        )
        if path:
            self.save_district_key(Path(path))

    def save_district_key(self, path: Path) -> None:
        from zhoob_desktop.services.sync.atomic import write_atomic

        key = self.keys.ensure().public()
        write_atomic(path, key.to_json())
        self._log(
            _("District key written to {path}; fingerprint {fingerprint}.").format(
                path=path, fingerprint=key.fingerprint
            )
        )

    def _choose_okrug_key(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Open an okrug's key file"))
        if path:
            self.register_okrug(Path(path))

    def register_okrug(self, path: Path) -> bool:
        """Register an okrug's key; replacing a registered okrug's key is asked for, then recorded."""
        try:
            reg = dist.register_okrug(self.dstore, path)
        except OkrugKeyDiffers as exc:
            if not self.confirm_replace(exc.params["okrug"], exc.params["fingerprint"], exc.params["new"]):
                self._log(exc.message())
                return False
            try:
                reg = dist.register_okrug(self.dstore, path, replace=exc.params["fingerprint"])
            except ZhoobError as again:
                QMessageBox.warning(self, _("District"), again.message())
                return False
        except ZhoobError as exc:
            QMessageBox.warning(self, _("District"), exc.message())
            return False
        self._log(
            _("Okrug {okrug} registered with key fingerprint {fingerprint}.").format(
                okrug=reg.name, fingerprint=reg.fingerprint
            )
        )
        if reg.replaced:
            self._log(
                _(
                    "The okrug's previous key (fingerprint {fingerprint}) was replaced; the change is recorded."
                ).format(fingerprint=reg.old_fingerprint)
            )
        self.refresh()
        return True

    def confirm_replace(self, okrug: str, old: str, new: str) -> bool:
        """Ask before an okrug's registered key gives way to another one."""
        answer = QMessageBox.question(
            self,
            _("Replace the okrug's key"),
            _(
                "Okrug {okrug} is registered with the key fingerprint {old}. Replace it by the key with the "
                "fingerprint {new}? Do it only when the okrug has told you, by telephone or in person, that "
                "its key changed (a new laptop). Bundles signed with the old key will be refused."
            ).format(okrug=okrug, old=old, new=new),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _choose_bundles(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, _("Open bundles"), "", _("Bundles (*.zip)"))
        if paths:
            self.import_bundles([Path(p) for p in paths])

    def import_bundles(self, paths: list[Path]) -> Job:
        """Import bundles one by one in a worker; each is all or nothing, a refused one does not stop the rest."""
        dstore, keys = self.dstore, self.keys.ensure()

        def work(progress, cancelled):
            outcomes = many.import_many(dstore, paths, keys, progress=progress, cancelled=cancelled)
            lines = []
            for o in outcomes:
                if o.result is None:
                    lines.append(o.message if o.already else _("REJECTED: {reason}").format(reason=o.message))
                    continue
                lines.append(
                    _("Imported {path}: bundle number {seq} of okrug {okrug}.").format(
                        path=o.path.name, seq=o.result.seq, okrug=o.result.okrug_name
                    )
                )
                lines.extend(many.result_lines(o.result))
            if len(outcomes) > 1:
                lines.extend(many.summary_lines(outcomes))
            return lines

        self.job = Job(work, self)
        self.job.progress.connect(self._progress)
        self.job.done.connect(self._imported)
        self.job.failed.connect(
            lambda exc: self._log(exc.message() if isinstance(exc, ZhoobError) else str(exc))
        )
        self.job.finished.connect(self._idle)
        self.progress.setVisible(True)
        self.import_button.setEnabled(False)
        self.job.start()
        return self.job

    def _progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{label} — %p%" if label else "%p%")

    def _imported(self, lines: list[str]) -> None:
        for line in lines:
            self._log(line)
        self.refresh()
        self.imported.emit(lines)

    def _idle(self) -> None:
        self.progress.setVisible(False)
        self.import_button.setEnabled(self.dstore is not None)

    def selected_okrug(self) -> uuid.UUID | None:
        row = self.okrugs.currentRow()
        if row < 0 and self.okrugs.rowCount() == 1:
            row = 0
        item = self.okrugs.item(row, 0) if row >= 0 else None
        return uuid.UUID(item.data(256)) if item is not None else None

    def selected_conflict(self) -> uuid.UUID | None:
        row = self.conflicts.currentRow()
        item = self.conflicts.item(row, 0) if row >= 0 else None
        return uuid.UUID(item.data(256)) if item is not None else None

    def _decide(self, action: str) -> None:
        conflict = self.selected_conflict()
        if conflict is None:
            QMessageBox.information(self, _("District"), _("Choose a conflict in the list first."))
            return
        titles = {
            "accept": _("Accept: the district takes what the bundle carried"),
            "reject": _("Reject: the district keeps its own; the okrug is told and corrects it"),
            "settle": _("Settle: agreed otherwise; nothing is changed"),
        }
        row = self.conflicts.currentRow()
        dialog = DecisionDialog(self, titles[action], self.conflicts.item(row, 4).text())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.decide(conflict, action, dialog.by.text(), dialog.reason.toPlainText())

    def decide(self, conflict: uuid.UUID, action: str, by: str, reason: str) -> bool:
        """Accept, reject or settle a conflict; who and why are recorded and go back to the okrug."""
        try:
            row = conflicts.resolve(self.dstore, conflict, action, by=by, reason=reason)
        except ZhoobError as exc:
            QMessageBox.warning(self, _("District"), exc.message())
            return False
        self._log(
            _("Conflict {id} ({what}) is {status}.").format(
                id=str(row.id)[:8],
                what=conflict_text(row.kind, row.entity, row.subject or row.record_id, row.detail),
                status=status_label(row.status),
            )
        )
        self.refresh()
        return True

    def _choose_receipt(self) -> None:
        okrug = self.selected_okrug()
        if okrug is None:
            QMessageBox.information(self, _("District"), _("Choose an okrug in the list first."))
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Write the receipt"), "receipt.json")
        if path:
            self.write_receipt(okrug, Path(path))

    def write_receipt(self, okrug_id: uuid.UUID, path: Path) -> None:
        try:
            info = receipts.make_receipt(self.dstore, self.keys.ensure(), okrug_id, path)
        except ZhoobError as exc:
            QMessageBox.warning(self, _("District"), exc.message())
            return
        self._log(
            _("Receipt for okrug {okrug} written to {path}: {count} bundles.").format(
                okrug=info.okrug_name, path=path, count=len(info.bundles)
            )
        )

    def open_selected_protocol(self) -> Path | None:
        row = self.protocols.currentRow()
        item = self.protocols.item(row, 0) if row >= 0 else None
        if item is None or self.dstore is None:
            return None
        folder = Path(tempfile.gettempdir()) / "zhoob-district-protocols"
        path = ov.save_protocol(self.dstore, uuid.UUID(item.data(256)), folder)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.refresh()
        return path

    # -- display ------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.dstore is None:
            return
        o = ov.district_overview(self.dstore)

        def when(value):
            return format_datetime(value, "short") if value else "—"

        _fill(
            self.okrugs,
            [
                [
                    r.name,
                    str(r.bundles),
                    str(r.last_seq or "—"),
                    when(r.last_created_at),
                    format_number(r.residents),
                    str(r.sittings),
                    "—" if r.quorum_rate is None else f"{round(r.quorum_rate * 100)}%",
                    str(r.decisions),
                    f"{r.protocols_to_open} / {r.conflicts}",
                ]
                for r in o.okrugs
            ],
            [r.okrug_id for r in o.okrugs],
        )
        _fill(
            self.quarters,
            [
                [
                    q.okrug_name,
                    _("{year}, quarter {quarter}").format(year=q.year, quarter=q.quarter),
                    str(q.sittings),
                    str(q.with_quorum),
                ]
                for q in o.quarters
            ],
        )
        _fill(
            self.decisions,
            [
                [
                    d.okrug_name,
                    d.sitting_title,
                    d.title,
                    state_label(d.state),
                    format_date(d.decided_on, "short") if d.decided_on else "—",
                ]
                for d in o.decisions
            ],
        )
        _fill(
            self.protocols,
            [
                [
                    p.okrug_name,
                    p.number or "—",
                    p.sitting_title,
                    format_date(p.scheduled_on, "short") if p.scheduled_on else "—",
                    _("opened") if p.opened_at else _("not opened yet"),
                ]
                for p in o.protocols
            ],
            [p.id for p in o.protocols],
        )
        found = dist.list_conflicts(self.dstore, include_resolved=self.show_decided.isChecked())
        _fill(
            self.conflicts,
            [
                [
                    str(c.id)[:8],
                    c.okrug_name,
                    str(c.bundle_seq),
                    status_label(c.status),
                    conflict_text(c.kind, c.entity, c.subject or c.record_id, c.detail),
                    decision_text(c.status, c.resolved_by, c.resolved_at, c.resolution)
                    if c.resolved_at
                    else "—",
                ]
                for c in found
            ],
            [c.id for c in found],
            tooltips=True,
        )
        moves = ov.list_moves(self.dstore)
        _fill(
            self.moves,
            [
                [
                    m.iin,
                    m.from_okrug,
                    format_date(m.left_on, "short") if m.left_on else "—",
                    m.to_okrug,
                    format_date(m.registered_on, "short") if m.registered_on else "—",
                ]
                for m in moves
            ],
        )
        _fill(self.representation, representation_rows(self.dstore))
        self.operator.refresh(self.dstore)
        self.referred.refresh(self.dstore)
        waiting = sum(1 for c in found if c.status == "open")
        self.retranslate_tabs(waiting, sum(1 for p in o.protocols if p.opened_at is None))

    def retranslate_tabs(self, conflicts: int = 0, unopened: int = 0) -> None:
        self.tabs.setTabText(0, _("Okrugs"))
        self.tabs.setTabText(1, _("Sittings per quarter"))
        self.tabs.setTabText(2, _("Decisions"))
        self.tabs.setTabText(3, _("Protocols ({count} to open)").format(count=unopened))
        self.tabs.setTabText(4, _("Conflicts ({count})").format(count=conflicts))
        self.tabs.setTabText(5, _("Moves between okrugs"))
        self.tabs.setTabText(6, _("Representatives and initiatives"))
        self.tabs.setTabText(self.tabs.indexOf(self.operator), _("Contact and deadlines"))
        self.tabs.setTabText(
            self.tabs.indexOf(self.referred),
            _("To the district akim ({count})").format(count=self.referred.waiting()),
        )
        for index in range(self.tabs.count()):
            self.sections.item(index).setText(self.tabs.tabText(index))
        width = max(self.sections.sizeHintForColumn(0), 120) + 2 * self.sections.frameWidth() + 12
        self.sections.setFixedWidth(min(width, 230))

    def retranslate(self) -> None:
        self.db_label.setText(_("District database"))
        self.db.setToolTip(_("A SQLite file, or postgresql+psycopg://user@host/database"))
        self.open_button.setText(_("Open"))
        self.key_button.setText(_("Save the district's public key…"))
        self.register_button.setText(_("Register an okrug's key…"))
        self.import_button.setText(_("Import bundles…"))
        self.receipt_button.setText(_("Write a receipt…"))
        self.open_protocol_button.setText(_("Open the protocol"))
        self.okrugs.setHorizontalHeaderLabels(
            [
                _("Okrug"),
                _("Bundles"),
                _("Last number"),
                _("Last bundle made"),
                _("Residents"),
                _("Sittings"),
                _("Quorum met"),
                _("Decisions"),
                _("Protocols to open / conflicts"),
            ]
        )
        self.quarters.setHorizontalHeaderLabels([_("Okrug"), _("Quarter"), _("Sittings"), _("With quorum")])
        self.representation.setHorizontalHeaderLabels(
            [_("Okrug"), _("Unit or initiative"), _("Representatives"), _("Since")]
        )
        self.decisions.setHorizontalHeaderLabels(
            [_("Okrug"), _("Sitting"), _("Agenda item"), _("State"), _("Voted on")]
        )
        self.protocols.setHorizontalHeaderLabels(
            [_("Okrug"), _("Number"), _("Sitting"), _("Date"), _("Opened")]
        )
        self.conflicts.setHorizontalHeaderLabels(
            [_("Conflict"), _("Okrug"), _("Bundle"), _("State"), _("What"), _("Decision")]
        )
        self.show_decided.setText(_("Show the decided ones too"))
        self.accept_button.setText(_("Accept…"))
        self.reject_button.setText(_("Reject…"))
        self.settle_button.setText(_("Settle…"))
        self.moves.setHorizontalHeaderLabels(
            [_("IIN"), _("Left okrug"), _("Left on"), _("Registered in okrug"), _("Registered on")]
        )
        self.operator.retranslate()
        self.referred.retranslate()
        self.retranslate_tabs()
        self.refresh()
