"""The okrug's link to the district service on the Sync page: set-up, status, "Send now".

The rounds are the window's ``Sender`` (ui/sync/sender.py), which runs them by
itself when their time comes whether or not this page is open; the box shows
them and starts one on "Send now". Nothing is sent while a sitting is live
unless the person asks and confirms.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import _, format_date, format_datetime, format_number
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.sync.net import queue as q
from zhoob_desktop.services.sync.net import rulings
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.sync.sender import sender_for
from zhoob_desktop.ui.worker import Job


def decision_caption(store: Store, decision_id) -> str:
    """The decision as the Decisions page names it: the sitting's date, the item's number and title."""
    from zhoob_desktop.services.decisions import get_decision

    try:
        v = get_decision(store, decision_id)
    except ZhoobError:  # a decision this okrug does not hold (its sitting removed): its id is all there is
        return _("Decision {id}").format(id=decision_id.hex[:8])
    return _("Sitting of {date}, item {number}: {title}").format(
        date=format_date(v.held_on, "long"), number=v.item_number, title=v.item_title
    )


class ConnectDialog(QDialog):
    """The service's address and its certificate's fingerprint, as the district reads them out."""

    def __init__(self, parent: QWidget, url: str = ""):
        super().__init__(parent)
        self.setWindowTitle(_("The district service"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Type the address of the district service and the fingerprint of its certificate as the "
                "district reads it to you over the telephone. The certificate is taken from the service, "
                "or from a file the district gave you."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.url = QLineEdit(url)
        self.url.setPlaceholderText("https://district.example.kz:8443")
        self.fingerprint = QLineEdit()
        self.fingerprint.setPlaceholderText("xxxx xxxx xxxx xxxx xxxx xxxx xxxx xxxx")
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        choose = QPushButton(_("Choose…"))
        choose.clicked.connect(self._choose)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(choose)
        form.addRow(_("Address"), self.url)
        form.addRow(_("Certificate fingerprint"), self.fingerprint)
        form.addRow(_("Certificate file (optional)"), file_row)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("The district's certificate file"))
        if path:
            self.file.setText(path)


class NetworkBox(QGroupBox):
    """Status of the send queue and its actions."""

    round_done = Signal(object)  # RoundResult

    def __init__(self, store: Store, bus: Bus, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.bus = store, bus
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.rulings = QLabel()
        self.rulings.setWordWrap(True)
        row = QHBoxLayout()
        self.connect_button = QPushButton()
        self.connect_button.clicked.connect(self._connect)
        self.send_button = QPushButton()
        self.send_button.clicked.connect(self.send_now)
        self.auto = QCheckBox()
        self.auto.toggled.connect(self._auto_toggled)
        row.addWidget(self.connect_button)
        row.addWidget(self.send_button)
        row.addWidget(self.auto)
        row.addStretch(1)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        layout.addWidget(self.rulings)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        self.sender = sender_for(store, bus)
        self.sender.started.connect(self._started)
        self.sender.progress.connect(self._progress)
        self.sender.round_done.connect(self._done)
        self.sender.failed.connect(self._failed)
        self.sender.idle.connect(self._idle)
        self.retranslate()

    @property
    def job(self) -> Job | None:
        return self.sender.job

    def stop(self) -> None:
        self.sender.stop()

    # -- actions ------------------------------------------------------------------------------

    def _connect(self) -> None:
        held = q.link(self.store)
        dialog = ConnectDialog(self, held.url if held else "")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.set_up(dialog.url.text(), dialog.fingerprint.text().strip() or None, dialog.file.text() or None)

    def set_up(self, url: str, fingerprint: str | None, certificate: str | None = None) -> bool:
        try:
            lk = q.set_up(self.store, url, fingerprint=fingerprint,
                          certificate=Path(certificate) if certificate else None)  # fmt: skip
        except ZhoobError as exc:
            QMessageBox.warning(self, _("The district service"), exc.message())
            return False
        QMessageBox.information(
            self,
            _("The district service"),
            _("District service set up: {url}, certificate {fingerprint}.").format(
                url=lk.url, fingerprint=lk.fingerprint
            ),
        )
        self.refresh()
        return True

    def _auto_toggled(self, on: bool) -> None:
        if q.link(self.store) is not None and q.link(self.store).auto != on:
            q.set_auto(self.store, on)
            self.refresh()

    def confirm_during_sitting(self, sitting: str) -> bool:
        answer = QMessageBox.question(
            self,
            _("The district service"),
            _(
                'The sitting "{sitting}" is being held. Sending now uses the laptop and the network while '
                "the hall waits for it. Send anyway?"
            ).format(sitting=sitting),
        )
        return answer == QMessageBox.StandardButton.Yes

    def send_now(self) -> Job | None:
        """A round now, asked by the person (during a live sitting only after a confirmation)."""
        sitting = q.live_sitting(self.store)
        force = False
        if sitting is not None:
            if not self.confirm_during_sitting(sitting.title or str(sitting.scheduled_on)):
                return None
            force = True
        return self.start_round(force=force)

    def tick(self) -> None:
        self.sender.tick()

    def start_round(self, *, force: bool) -> Job | None:
        return self.sender.start_round(force=force)

    def _started(self) -> None:
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.send_button.setEnabled(False)

    def _progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if label.startswith("bundle:"):
            self.progress.setFormat(_("bundle number {seq}").format(seq=label.split(":", 1)[1]) + " — %p%")

    def _done(self, result) -> None:
        self.refresh()
        self.round_done.emit(result)

    def _failed(self, exc) -> None:
        self.problem.setText(exc.message() if isinstance(exc, ZhoobError) else str(exc))
        self.problem.setVisible(True)

    def _idle(self) -> None:
        self.progress.setVisible(False)
        self.send_button.setEnabled(q.link(self.store) is not None)

    # -- display ------------------------------------------------------------------------------

    def refresh(self) -> None:
        st = q.queue_status(self.store)
        self.send_button.setEnabled(st.configured and not (self.job is not None and self.job.is_running()))
        self.auto.setEnabled(st.configured)
        self.auto.blockSignals(True)
        self.auto.setChecked(st.auto)
        self.auto.blockSignals(False)
        if not st.configured:
            self.summary.setText(
                _(
                    "No district service is set up; bundles travel as files. When the district has a "
                    "service, set the connection up with its address and its certificate's fingerprint."
                )
            )
            for label in (self.problem, self.rulings):
                label.setText("")
                label.setVisible(False)
            return
        never = _("never")
        confirmed = (
            _("confirmed by its fingerprint")
            if st.confirmed
            else _("not yet confirmed: compare the fingerprint with the district by telephone")
        )
        lines = [
            _("Service: {url}, certificate {fingerprint} ({confirmed})").format(
                url=st.url, fingerprint=st.fingerprint, confirmed=confirmed
            ),
            _("Last contact: {when}").format(
                when=format_datetime(st.last_contact_at, "short") if st.last_contact_at else never
            ),
            _("Last sent: {when}").format(
                when=(
                    _("bundle number {seq}, {when}").format(
                        seq=st.last_sent_seq, when=format_datetime(st.last_sent_at, "short")
                    )
                    if st.last_sent_at
                    else never
                )
            ),
        ]
        waiting = _("Waiting to be sent: {count}").format(count=len(st.waiting))
        if st.waiting:
            waiting += " (" + ", ".join(
                _("number {seq}, {size} bytes").format(seq=w.seq, size=format_number(w.size)) for w in st.waiting
            ) + ")"  # fmt: skip
        elif st.changes_pending:
            waiting += " — " + _("changes since the last bundle go with the next one")
        lines.append(waiting)
        if st.live_sitting:
            lines.append(
                _(
                    "A sitting is being held ({sitting}): nothing is sent until it closes, unless asked."
                ).format(sitting=st.live_sitting)
            )
        elif st.auto and st.next_at:
            lines.append(_("Next try: {when}").format(when=format_datetime(st.next_at, "short")))
        self.summary.setText("\n".join(lines))
        problems = [
            _("Bundle number {seq} REFUSED by the district: {reason}").format(seq=r.seq, reason=r.reason)
            for r in st.refused
        ]
        if st.last_error:
            problems.append(_("Last problem: {error}").format(error=st.last_error))
        self.problem.setText("\n".join(problems))
        self.problem.setVisible(bool(problems))
        received = rulings.received(self.store)
        if received:
            shown = []
            for r in received[:3]:
                sentence = (
                    _("The district akim upheld it on {date} ({document})")
                    if r.outcome == "upheld"
                    else _("The district akim overruled it on {date} ({document})")
                )
                text = sentence.format(date=format_date(r.on_date, "short"), document=r.document)
                text += " — " + (
                    _("recorded in the decision's history")
                    if r.applied_at
                    else _("not recorded yet: {reason}").format(reason=r.problem)
                )
                shown.append(f"{decision_caption(self.store, r.decision_id)}\n{text}")
            self.rulings.setText("\n".join(shown))
        else:
            self.rulings.setText("")
        self.rulings.setVisible(bool(received))

    def retranslate(self) -> None:
        self.setTitle(_("District service"))
        self.connect_button.setText(_("Set up the connection…"))
        self.send_button.setText(_("Send now"))
        self.auto.setText(_("Send by itself when the district can be reached"))
        self.refresh()
