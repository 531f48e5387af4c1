"""The okrug side of the Sync screen: keys, export with progress, receipts, bundle history."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import _, format_datetime, format_number
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.sync import export as ex
from zhoob_desktop.services.sync import receipts
from zhoob_desktop.services.sync.labels import conflict_text, decision_text, kind_label, status_label
from zhoob_desktop.services.sync.net import queue as netq
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.sync.network_box import NetworkBox
from zhoob_desktop.ui.sync.tables import FitTable
from zhoob_desktop.ui.worker import Job


class OkrugPanel(QWidget):
    """Export bundles for the district and take in its receipts."""

    exported = Signal(object)  # ExportResult
    export_failed = Signal(str)

    def __init__(self, store: Store, bus: Bus):
        super().__init__()
        self.store, self.bus = store, bus
        self.job: Job | None = None
        layout = QVBoxLayout(self)

        self.keys_box = QGroupBox()
        form = QFormLayout(self.keys_box)
        self.own_key_label, self.own_key = QLabel(), QLabel()
        self.district_key_label, self.district_key = QLabel(), QLabel()
        for value in (self.own_key, self.district_key):
            value.setWordWrap(True)
        form.addRow(self.own_key_label, self.own_key)
        form.addRow(self.district_key_label, self.district_key)
        buttons = QHBoxLayout()
        self.save_key_button = QPushButton()
        self.save_key_button.clicked.connect(self._save_key)
        self.district_key_button = QPushButton()
        self.district_key_button.clicked.connect(self._import_district_key)
        buttons.addWidget(self.save_key_button)
        buttons.addWidget(self.district_key_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        layout.addWidget(self.keys_box)

        self.export_box = QGroupBox()
        elayout = QVBoxLayout(self.export_box)
        self.pending = QLabel()
        self.clear = QCheckBox()  # personal data in clear: only when asked for, and then marked
        self.clear.toggled.connect(self._clear_toggled)
        self.clear_warning = QLabel()
        self.clear_warning.setWordWrap(True)
        self.clear_warning.setStyleSheet("color: #b00020; font-weight: bold;")
        self.clear_warning.setVisible(False)
        row = QHBoxLayout()
        self.export_button = QPushButton()
        self.export_button.setObjectName("primary")
        self.export_button.clicked.connect(self._choose_export)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.receipt_button = QPushButton()
        self.receipt_button.clicked.connect(self._choose_receipt)
        row.addWidget(self.export_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.receipt_button)
        row.addStretch(1)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        elayout.addWidget(self.pending)
        elayout.addWidget(self.clear)
        elayout.addWidget(self.clear_warning)
        elayout.addLayout(row)
        elayout.addWidget(self.progress)
        elayout.addWidget(self.status)
        layout.addWidget(self.export_box)

        self.network = NetworkBox(store, bus)
        layout.addWidget(self.network)

        self.history_label = QLabel()
        self.history_label.setObjectName("sectionHeading")
        self.history = QTableWidget(0, 6)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.verticalHeader().setVisible(False)
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history, 1)

        self.answers_label = QLabel()
        self.answers_label.setObjectName("sectionHeading")
        self.answers_note = QLabel()
        self.answers_note.setWordWrap(True)
        self.answers = FitTable(4, {2: 3, 3: 2})  # the record and the district's decision wrap
        layout.addWidget(self.answers_label)
        layout.addWidget(self.answers_note)
        layout.addWidget(self.answers, 1)
        bus.changed.connect(self._on_changed)
        self.retranslate()

    # -- actions ------------------------------------------------------------------------------

    def _save_key(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the okrug's public key"), "okrug.key.json")
        if path:
            self.save_public_key(Path(path))

    def save_public_key(self, path: Path) -> None:
        try:
            key = ex.export_public_key(self.store, path)
        except ZhoobError as exc:
            QMessageBox.warning(self, _("Sync"), exc.message())
            return
        self.status.setText(
            _("Public key of okrug {okrug} written to {path}.").format(okrug=key.okrug_name, path=path)
        )

    def _import_district_key(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Open the district's key file"))
        if not path:
            return
        text, ok = QInputDialog.getText(
            self,
            _("The district's key"),
            _(
                "Type the fingerprint the district reads to you over the telephone (eight groups of "
                "four characters). Leave it empty to compare it later."
            ),
            QLineEdit.EchoMode.Normal,
        )
        if ok:
            self.import_district_key(Path(path), text.strip() or None)

    def import_district_key(self, path: Path, fingerprint: str | None = None) -> bool:
        try:
            key = ex.import_district_key(self.store, path, fingerprint=fingerprint)
        except ZhoobError as exc:
            QMessageBox.warning(self, _("Sync"), exc.message())
            return False
        self.status.setText(
            _("District key registered: {name}, fingerprint {fingerprint}.").format(
                name=key.name, fingerprint=key.fingerprint
            )
        )
        self.refresh()
        return True

    def _choose_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Write the bundle for the district"), "zhoob-bundle.zip", _("Bundles (*.zip)")
        )
        if path:
            self.export_to(Path(path))

    def _clear_toggled(self, on: bool) -> None:
        self.clear_warning.setVisible(on)

    def export_to(self, path: Path, *, start: bool = True) -> Job:
        """Write a bundle in a worker thread; ``exported`` or ``export_failed`` tells the end.

        Personal data is sealed to the district key unless "in clear" is ticked.
        """
        seal = not self.clear.isChecked()

        def work(progress, cancelled):
            return ex.export_bundle(self.store, path, seal=seal, progress=progress, cancelled=cancelled)

        self.job = Job(work, self)
        self.job.progress.connect(self._progress)
        self.job.done.connect(self._exported)
        self.job.failed.connect(self._failed)
        self.job.finished.connect(self._idle)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.export_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText(_("Writing the bundle…"))
        if start:
            self.job.start()
        return self.job

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{kind_label(label)} — %p%")

    def _exported(self, result) -> None:
        kind = _("full") if result.full else _("changes only")
        text = _("Bundle number {seq} ({kind}) written to {path}: {size} bytes, SHA-256 {digest}.").format(
            seq=result.seq,
            kind=kind,
            path=result.path,
            size=format_number(result.size),
            digest=result.sha256,
        )
        if result.resent:
            text += " " + _(
                "Records sent again because the district has not taken them yet: {count}."
            ).format(count=format_number(result.resent))
        if not result.sealed:
            text = (
                _(
                    "WARNING: personal data is NOT sealed: anyone who holds {path} can read every name and "
                    "IIN in it. Hand it over in person and delete the copies afterwards."
                ).format(path=result.path)
                + "\n"
                + text
            )
            self.status.setStyleSheet("color: #b00020; font-weight: bold;")
        else:
            self.status.setStyleSheet("")
        self.status.setText(text)
        self.clear.setChecked(False)  # in clear once, when asked for: never left on
        if netq.after_export(self.store, result):
            text += "\n" + _("The bundle also waits in the outbox for the district service.")
            self.status.setText(text)
        self.refresh()
        self.exported.emit(result)

    def _failed(self, exc) -> None:
        text = exc.message() if isinstance(exc, ZhoobError) else str(exc)
        self.status.setStyleSheet("")
        self.status.setText(text)
        self.export_failed.emit(text)

    def _idle(self) -> None:
        self.progress.setVisible(False)
        self.export_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _choose_receipt(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Open the district's receipt"))
        if path:
            self.import_receipt(Path(path))

    def import_receipt(self, path: Path) -> list[int]:
        try:
            marked = receipts.import_receipt(self.store, path)
        except ZhoobError as exc:
            QMessageBox.warning(self, _("Sync"), exc.message())
            return []
        if marked:
            self.status.setText(
                _("The district acknowledged bundles {numbers}.").format(numbers=", ".join(map(str, marked)))
            )
        else:
            self.status.setText(_("The receipt acknowledges no new bundle."))
        self.refresh()
        return marked

    # -- display ------------------------------------------------------------------------------

    def _on_changed(self, topics: set[str]) -> None:
        if topics & {"residents", "settlements", "sittings", "journal", "okrug", "sync"}:
            self.refresh()

    def refresh(self) -> None:
        self.network.refresh()
        status = ex.sync_status(self.store)
        self.own_key.setText(status.key_fingerprint)
        if status.district_fingerprint:
            name = f"{status.district_name} — " if status.district_name else ""
            confirmed = (
                _("confirmed by its fingerprint")
                if status.district_key_confirmed
                else _("not yet confirmed: compare the fingerprint with the district by telephone")
            )
            self.district_key.setText(f"{name}{status.district_fingerprint} ({confirmed})")
        else:
            self.district_key.setText(
                _("No district key is registered yet: bundles cannot be sealed. Import the district's key.")
            )
        self.pending.setText(
            _("Register changes not yet acknowledged: {count}").format(
                count=format_number(status.pending_register_changes)
            )
        )
        self.history.setRowCount(len(status.exports))
        for row, e in enumerate(status.exports):
            values = [
                str(e.seq),
                format_datetime(e.created_at),
                _("full") if e.full else _("changes only"),
                _("sealed") if e.sealed else _("not sealed"),
                e.file_name,
                format_datetime(e.acked_at) if e.acked_at else _("not acknowledged"),
            ]
            for col, value in enumerate(values):
                self.history.setItem(row, col, QTableWidgetItem(value))
        self.answers.setRowCount(len(status.verdicts))
        for row, v in enumerate(status.verdicts):
            decided = (
                decision_text(v.status, v.resolved_by, v.resolved_at, v.resolution)
                if v.resolved_at is not None
                else (_("sent again with every bundle") if v.resent else "—")
            )
            values = [
                status_label(v.status),
                str(v.bundle_seq),
                conflict_text(v.kind, v.entity, v.subject or v.record_id, v.detail),
                decided,
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.answers.setItem(row, col, item)
        self.answers.fit()
        waiting = sum(1 for v in status.verdicts if v.resent)
        self.answers_note.setText(
            _(
                "Records waiting for the district or refused by it: {count}. Each goes again with the next "
                "bundle; correct a refused record in the register before that."
            ).format(count=waiting)
            if waiting
            else _("The district has taken everything the bundles carried, as its latest receipt says.")
        )

    def retranslate(self) -> None:
        self.network.retranslate()
        self.keys_box.setTitle(_("Keys"))
        self.own_key_label.setText(_("Okrug key fingerprint"))
        self.district_key_label.setText(_("District key"))
        self.save_key_button.setText(_("Save the okrug's public key…"))
        self.district_key_button.setText(_("Import the district's key…"))
        self.export_box.setTitle(_("Bundle for the district"))
        self.clear.setText(_("Write personal data in clear, not sealed (only when the district asks for it)"))
        self.clear_warning.setText(
            _(
                "The bundle will show every name and IIN to anyone who holds the file; its name will say "
                "so. Seal it unless the district asked for it in clear."
            )
        )
        self.export_button.setText(_("Write a bundle…"))
        self.cancel_button.setText(_("Cancel"))
        self.receipt_button.setText(_("Import a receipt…"))
        self.history_label.setText(_("Bundles written"))
        self.history.setHorizontalHeaderLabels(
            [_("Number"), _("Written"), _("Contents"), _("Personal data"), _("File"), _("Acknowledged")]
        )
        self.answers_label.setText(_("The district's answers"))
        self.answers.setHorizontalHeaderLabels([_("State"), _("Bundle"), _("Record"), _("Decision")])
        self.refresh()
