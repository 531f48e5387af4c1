"""The Representation page: the approved procedure and the quotas, the representatives elected at
separate gatherings unit by unit, and the members' initiatives with their signers.

Tabs:

* Quotas — the procedure in force (the maslikhat's decision, the norm, who takes
  part, the Model Rules cited) and, for a day, every unit's residents, those
  entitled to take part, the calculation and the representatives due; the
  table is printed in Kazakh or Russian for the akim's draft;
* Representatives — unit by unit, due and elected, each representative with
  the separate gathering that elected him and his term; units without any are
  marked, since the gathering's quorum is half of all elected;
* Initiatives — each initiative with its share counted on its base; signers
  entered by IIN or name and checked on entry; the signature sheet and the
  petition printed; the decision recorded; the sitting prepared from it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _, format_date, format_fixed, ngettext
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.initiatives import (
    BODIES,
    REFUSALS,
    InitiativeInfo,
    add_signer,
    get_initiative,
    list_initiatives,
    remove_signer,
)
from zhoob_desktop.services.meeting.representation import (
    BASES,
    ROUNDINGS,
    procedure_in_force,
    quota_table,
)
from zhoob_desktop.services.meeting.representatives import coverage
from zhoob_desktop.services.okrug_time import local_today, okrug_zone
from zhoob_desktop.services.security import roles
from zhoob_desktop.services.store import Store
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.meeting.operations import show_error
from zhoob_desktop.ui.representation.dialogs import (
    DecisionDialog,
    FileDialog,
    InitiativeDialog,
    PrepareFromInitiativeDialog,
    ProcedureDialog,
    date_edit,
    pydate,
)

TOPICS = frozenset({"journal", "sittings", "residents", "representation", "settings"})
STATUSES = {
    "collecting": N_("collecting signatures"),
    "filed": N_("filed, waiting for the decision"),
    "approved": N_("approved"),
    "refused": N_("refused"),
    "convened": N_("sitting prepared"),
}
WARN = QColor("#8e4b00")


AGENDA_COLUMN = 1  # of the initiatives' table


def _table(columns: int, name: str) -> QTableWidget:
    t = QTableWidget(0, columns)
    t.setObjectName(name)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _cell(text: object, *, right: bool = False, warn: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(str(text))
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if warn:
        item.setForeground(QBrush(WARN))
    return item


class RepresentationPage(QWidget):
    def __init__(self, store: Store, bus: Bus, today: date | None = None):
        super().__init__()
        self.store, self.bus = store, bus
        self.present_error = show_error
        self.ask_path = self._ask_path
        self.today = today or local_today(okrug_zone(store))
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("representationTabs")
        self.tabs.addTab(self._quotas_tab(), "")
        self.tabs.addTab(self._representatives_tab(), "")
        self.tabs.addTab(self._initiatives_tab(), "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        bus.changed.connect(self._on_changed)
        self.retranslate()

    # -- quotas -------------------------------------------------------------------------------

    def _quotas_tab(self) -> QWidget:
        w = QWidget()
        self.procedure_text = QLabel()
        self.procedure_text.setObjectName("procedureText")
        self.procedure_text.setWordWrap(True)
        self.procedure_button = QPushButton()
        self.procedure_button.clicked.connect(self.record_procedure)
        self.quota_day = date_edit(self.today)
        self.quota_day.dateChanged.connect(lambda _d: self.reload())
        self.quota_day_label = QLabel()
        self.print_kk, self.print_ru = QPushButton(), QPushButton()
        self.print_kk.clicked.connect(lambda: self.print_quotas("kk"))
        self.print_ru.clicked.connect(lambda: self.print_quotas("ru"))
        row = QHBoxLayout()
        row.addWidget(self.quota_day_label)
        row.addWidget(self.quota_day)
        row.addStretch(1)
        row.addWidget(self.print_kk)
        row.addWidget(self.print_ru)
        self.quotas = _table(6, "quotaTable")
        self.quota_note = QLabel()
        self.quota_note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.procedure_text, 1)
        top.addWidget(self.procedure_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(w)
        layout.addLayout(top)
        layout.addLayout(row)
        layout.addWidget(self.quotas, 1)
        layout.addWidget(self.quota_note)
        return w

    def record_procedure(self) -> None:
        dialog = ProcedureDialog(self.store, self.today, self)
        dialog.present_error = self.present_error
        if self.run_dialog(dialog) == QDialog.DialogCode.Accepted:
            self.bus.changed.emit({"representation"})

    def run_dialog(self, dialog: QDialog) -> int:
        return dialog.exec()

    def _show_procedure(self) -> None:
        day = pydate(self.quota_day.date())
        p = procedure_in_force(self.store, day)
        if p is None:
            self.procedure_text.setText(
                _(
                    "No procedure of separate gatherings approved by the district maslikhat is in force on {date}. "
                    "Record the maslikhat's decision to compute the representatives due."
                ).format(date=format_date(day))
            )
            self.quotas.setRowCount(0)
            self.quota_note.setText("")
            self.print_kk.setEnabled(False)
            self.print_ru.setEnabled(False)
            return
        norm = (
            _("one representative per {per} {basis}").format(per=p.norm_per, basis=_(BASES[p.norm_basis]))
            if p.norm_per
            else _("the numbers listed by the decision")
        )
        lines = [
            _("Decision No. {number} of {date}, {body}; in force from {effective}.").format(
                number=p.decision_number,
                date=format_date(p.decision_date),
                body=p.decision_body,
                effective=format_date(p.effective_from),
            ),
            _("Norm: {norm}; {rounding}; at least {minimum}.").format(
                norm=norm, rounding=_(ROUNDINGS[p.rounding]), minimum=p.minimum
            ),
            _(
                "Residents of {age} and over take part{condition}; quorum of a separate gathering {quorum}."
            ).format(age=p.age, condition=f", {p.residence}" if p.residence else "", quorum=p.quorum),
            _("Model Rules: {act}").format(act=_(p.model_rules(self.store).title)),
        ]
        if p.term_years:
            lines.append(
                ngettext(
                    "Term of the representatives: {n} year.",
                    "Term of the representatives: {n} years.",
                    p.term_years,
                ).format(n=p.term_years)
            )
        self.procedure_text.setText("\n".join(lines))
        table = quota_table(self.store, day, p)
        self.quotas.setRowCount(len(table.units) + 1)
        for r, u in enumerate(table.units):
            calc = f"{u.base} : {p.norm_per} = {format_fixed(u.exact)}" if u.exact is not None else "—"
            name = f"{u.name} ({u.settlement})" if u.settlement else u.name
            for c, item in enumerate(
                (
                    _cell(name),
                    _cell(u.residents, right=True),
                    _cell(u.entitled, right=True),
                    _cell(calc),
                    _cell(u.representatives, right=True),
                )
            ):
                self.quotas.setItem(r, c, item)
        last = len(table.units)
        for c, item in enumerate(
            (
                _cell(_("Total")),
                _cell(table.residents, right=True),
                _cell(table.entitled, right=True),
                _cell(""),
                _cell(table.representatives, right=True),
            )
        ):
            self.quotas.setItem(last, c, item)
        note = []
        if table.outside_residents:
            note.append(
                _("Residents whose address belongs to no unit: {n} (entitled: {m}).").format(
                    n=table.outside_residents, m=table.outside_entitled
                )
            )
        self.quota_note.setText("\n".join(note))
        self.print_kk.setEnabled(True)
        self.print_ru.setEnabled(True)

    def _ask_path(self, suggested: str) -> str:
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the paper"), suggested, "PDF (*.pdf)")
        return path

    def _write(self, name: str, build) -> Path | None:
        path = self.ask_path(str(Path.home() / name))
        if not path:
            return None
        from zhoob_desktop.services.documents.files import write_atomic

        try:
            return write_atomic(Path(path), build())
        except ZhoobError as exc:
            self.present_error(self, exc)
            return None

    def print_quotas(self, lang: str) -> Path | None:
        from zhoob_desktop.services.documents.representation import quota_paper

        day = pydate(self.quota_day.date())
        return self._write(
            f"representatives-{day.isoformat()}-{lang}.pdf", lambda: quota_paper(self.store, day, lang)
        )

    # -- representatives ------------------------------------------------------------------

    def _representatives_tab(self) -> QWidget:
        w = QWidget()
        self.coverage_day = date_edit(self.today)
        self.coverage_day.dateChanged.connect(lambda _d: self.reload())
        self.coverage_day_label = QLabel()
        self.coverage_text = QLabel()
        self.coverage_text.setObjectName("coverageText")
        self.coverage_text.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.coverage_day_label)
        row.addWidget(self.coverage_day)
        row.addStretch(1)
        self.coverage = _table(5, "coverageTable")
        layout = QVBoxLayout(w)
        layout.addLayout(row)
        layout.addWidget(self.coverage_text)
        layout.addWidget(self.coverage, 1)
        return w

    def _show_coverage(self) -> None:
        day = pydate(self.coverage_day.date())
        cov = coverage(self.store, day)
        rows: list[tuple] = []
        for u in cov.units:
            if not u.elected:
                rows.append(
                    (u.name, f"0 / {u.due}", _("no representatives elected") if u.due else "—", "", True, "")
                )
            for n, r in enumerate(u.elected):
                term = (
                    f"{format_date(r.since, 'short')} – {format_date(r.until, 'short') if r.until else '…'}"
                )
                rows.append(
                    (
                        u.name if n == 0 else "",
                        f"{u.count} / {u.due}" if n == 0 else "",
                        r.full_name,
                        term,
                        False,
                        self._origin(r),
                    )
                )
        for r in cov.others:
            rows.append(
                (r.unit_name or "—", "", r.full_name, format_date(r.since, "short"), False, self._origin(r))
            )
        self.coverage.setRowCount(len(rows))
        for i, (unit, count, name, term, warn, origin) in enumerate(rows):
            for c, item in enumerate(
                (
                    _cell(unit, warn=warn),
                    _cell(count, right=True, warn=warn),
                    _cell(name, warn=warn),
                    _cell(term),
                    _cell(origin),
                )
            ):
                self.coverage.setItem(i, c, item)
        half = cov.elected // 2 + cov.elected % 2
        lines = [
            _(
                "Elected representatives on {date}: {elected} of {due} due. A gathering held with "
                "representatives is held if at least {half} of them attend ({law})."
            ).format(date=format_date(day), elected=cov.elected, due=cov.due, half=half, law=_(R.LAW_39_3))
        ]
        if cov.missing:
            lines.append(
                "⚠ "
                + _("Without elected representatives: {units}.").format(
                    units=", ".join(u.name for u in cov.missing)
                )
            )
        if cov.procedure is None:
            lines.append("⚠ " + _("No procedure approved by the maslikhat is in force on this day."))
        self.coverage_text.setText("\n".join(lines))

    def _origin(self, r) -> str:
        """Where a representative's mandate comes from: the separate gathering and its protocol."""
        if r.sitting_id is None:
            return _("entered by hand")
        from zhoob_desktop.services.meeting import get_sitting

        number = get_sitting(self.store, r.sitting_id).number
        if number is None:
            return _("separate gathering of {date}").format(date=format_date(r.since, "short"))
        return _("separate gathering of {date}, protocol No. {number}").format(
            date=format_date(r.since, "short"), number=number
        )

    # -- initiatives --------------------------------------------------------------------------

    def _initiatives_tab(self) -> QWidget:
        w = QWidget()
        self.initiatives = _table(5, "initiativesTable")
        # The agenda takes the room the other columns leave, one line cut with "…" and whole in
        # its tooltip: the list beside the initiative never scrolls sideways.
        self.initiatives.setWordWrap(False)
        self.initiatives.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.initiatives.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.initiatives.horizontalHeader()
        header.setStretchLastSection(False)
        # Titles on two lines where they need it ("Есептеу / негізі"), the columns of short values narrow.
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setMinimumHeight(2 * header.fontMetrics().height() + 14)
        for column, width in ((0, 110), (2, 95), (3, 110), (4, 95)):  # cut values are whole in the tooltip
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.initiatives.setColumnWidth(column, width)
        header.setSectionResizeMode(AGENDA_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.initiatives.itemSelectionChanged.connect(self._show_initiative)
        self.new_initiative_button = QPushButton()
        self.new_initiative_button.clicked.connect(self.new_initiative)
        left = QVBoxLayout()
        left.addWidget(self.new_initiative_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addWidget(self.initiatives, 1)
        left_w = QWidget()
        left_w.setLayout(left)
        self.detail = QGroupBox()
        self.initiative_text = QLabel()
        self.initiative_text.setObjectName("initiativeText")
        self.initiative_text.setWordWrap(True)
        self.signer_input = QLineEdit()
        self.signer_input.setObjectName("signerInput")
        self.signer_input.returnPressed.connect(self.add_signer)
        self.signer_feedback = QLabel()
        self.signer_feedback.setObjectName("signerFeedback")
        self.signer_feedback.setWordWrap(True)
        self.signers = QListWidget()
        self.signers.setObjectName("signers")
        self.signers.setWordWrap(True)  # a refusal's reason is read whole, not scrolled to
        self.signers.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.signers.itemSelectionChanged.connect(self._signer_chosen)
        self.withdraw_button = QPushButton()
        self.withdraw_button.setEnabled(False)
        self.withdraw_button.clicked.connect(self.withdraw_signer)
        self.sheet_button, self.petition_button = QPushButton(), QPushButton()
        self.paper_lang = QComboBox()
        self.paper_lang.addItem("Қазақша", "kk")
        self.paper_lang.addItem("Русский", "ru")
        self.file_button, self.decide_button, self.prepare_button = (
            QPushButton(),
            QPushButton(),
            QPushButton(),
        )
        self.sheet_button.clicked.connect(lambda: self.print_initiative("sheet"))
        self.petition_button.clicked.connect(lambda: self.print_initiative("petition"))
        self.file_button.clicked.connect(self.file_selected)
        self.decide_button.clicked.connect(self.decide_selected)
        self.prepare_button.clicked.connect(self.prepare_selected)
        papers = QHBoxLayout()
        papers.addWidget(self.sheet_button)
        papers.addWidget(self.petition_button)
        papers.addWidget(self.paper_lang)
        papers.addStretch(1)
        steps = QHBoxLayout()
        steps.addWidget(self.file_button)
        steps.addWidget(self.decide_button)
        steps.addWidget(self.prepare_button)
        steps.addStretch(1)
        d = QVBoxLayout(self.detail)
        d.addWidget(self.initiative_text)
        d.addWidget(self.signer_input)
        d.addWidget(self.signer_feedback)
        d.addWidget(self.signers, 1)
        d.addWidget(self.withdraw_button, 0, Qt.AlignmentFlag.AlignLeft)
        d.addLayout(papers)
        d.addLayout(steps)
        split = QSplitter()
        split.addWidget(left_w)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([650, 630])
        layout = QVBoxLayout(w)
        layout.addWidget(split, 1)
        return w

    def _load_initiatives(self) -> None:
        selected = self.selected_initiative()
        self.initiative_list = list_initiatives(self.store)
        self.initiatives.blockSignals(True)
        self.initiatives.setRowCount(len(self.initiative_list))
        for r, info in enumerate(self.initiative_list):
            agenda = _cell(info.title or "; ".join(info.agenda))
            agenda.setToolTip("\n".join(f"{n}. {q}" for n, q in enumerate(info.agenda, 1)) or agenda.text())
            for c, item in enumerate(
                (
                    _cell(_(BODIES[info.body])),
                    agenda,
                    _cell(f"{info.count} / {info.required}", right=True, warn=not info.enough),
                    _cell(_(STATUSES[info.status])),
                    _cell(format_date(info.base_on, "short")),
                )
            ):
                item.setData(Qt.ItemDataRole.UserRole, str(info.id))
                if not item.toolTip():
                    item.setToolTip(item.text())
                self.initiatives.setItem(r, c, item)
        self.initiatives.blockSignals(False)
        row = next((i for i, x in enumerate(self.initiative_list) if selected and x.id == selected.id), 0)
        if self.initiative_list:
            self.initiatives.selectRow(row)
        self._show_initiative()

    def selected_initiative(self) -> InitiativeInfo | None:
        items = self.initiatives.selectedItems()
        if not items:
            return None
        iid = items[0].data(Qt.ItemDataRole.UserRole)
        return next((x for x in getattr(self, "initiative_list", []) if str(x.id) == iid), None)

    def _show_initiative(self) -> None:
        info = self.selected_initiative()
        self.detail.setEnabled(info is not None)
        self.signers.clear()
        if info is None:
            self.initiative_text.setText(_("No initiative is chosen."))
            for b in (self.file_button, self.decide_button, self.prepare_button):
                b.setEnabled(False)
            return
        info = get_initiative(self.store, info.id)
        if (
            getattr(self, "_shown_initiative", None) != info.id
        ):  # another initiative: no word on the last signer
            self.signer_feedback.clear()
            self._shown_initiative = info.id
        verdict = _("the share is reached") if info.enough else _("the share is not reached")
        lines = [
            _("{body}: {agenda}").format(body=_(BODIES[info.body]), agenda="; ".join(info.agenda)),
            _(
                "Signatures that count: {count}; required: {required} — ten percent of {base} members on {date}; {verdict} ({law})."
            ).format(
                count=info.count,
                required=info.required,
                base=info.base,
                date=format_date(info.base_on),
                verdict=verdict,
                law=_(info.citation),
            ),
            _("Status: {status}").format(status=_(STATUSES[info.status])),
        ]
        if info.base == 0 and info.body == R.MEETING:
            lines.insert(
                2,
                _(
                    "The meeting has no members on its list on {date}: its list is kept on the Meetings page."
                ).format(date=format_date(info.base_on)),
            )
        if info.filed_on:
            lines.append(_("Filed on {date}.").format(date=format_date(info.filed_on)))
        if info.answer_due and not info.decided_on:
            lines.append(
                _("The akim's decision is due by {date} ({reg}).").format(
                    date=format_date(info.answer_due), reg=_(R.REG_5)
                )
            )
        if info.decided_on:
            lines.append(
                _("Decision of {date}: {decision} {ref}").format(
                    date=format_date(info.decided_on),
                    decision=_(STATUSES[info.decision or "approved"]),
                    ref=info.decision_ref,
                )
            )
        self.initiative_text.setText("\n".join(lines))
        for s in roles.masked(self.store, list(info.signers)):  # a clerk sees the IIN masked
            mark = "✓" if s.accepted else "✗ " + _(REFUSALS[s.refusal or "unknown"])
            item = QListWidgetItem(f"{s.full_name} — {s.address or s.iin or ''} — {mark}")
            item.setData(Qt.ItemDataRole.UserRole, str(s.id) if s.accepted else None)
            if not s.accepted:
                item.setForeground(QBrush(WARN))
            self.signers.addItem(item)
        collecting = info.filed_on is None
        self._signer_chosen()
        self.signer_input.setEnabled(collecting)
        self.file_button.setEnabled(collecting and info.count > 0)
        self.decide_button.setEnabled(info.filed_on is not None and info.decided_on is None)
        self.prepare_button.setEnabled(info.decision == "approved" and info.sitting_id is None)

    def new_initiative(self) -> None:
        dialog = InitiativeDialog(self.store, self.today, self)
        dialog.present_error = self.present_error
        if self.run_dialog(dialog) == QDialog.DialogCode.Accepted:
            self.bus.changed.emit({"representation"})

    def add_signer(self) -> None:
        info = self.selected_initiative()
        text = self.signer_input.text().strip()
        if info is None or not text:
            return
        try:
            s = add_signer(self.store, info.id, text)
        except ZhoobError as exc:
            self.signer_feedback.setText(exc.message())
            return
        if s.accepted:
            self.signer_feedback.setText(
                _("Counts: {name}, {address}").format(name=s.full_name, address=s.address or "—")
            )
        else:
            self.signer_feedback.setText(
                _("Does not count: {name} — {reason}").format(
                    name=s.full_name, reason=_(REFUSALS[s.refusal or "unknown"])
                )
            )
        self.signer_input.clear()
        self.bus.changed.emit({"representation"})

    def _signer_chosen(self) -> None:
        """A counted signature may be withdrawn while the initiative collects (entered by mistake)."""
        info = self.selected_initiative()
        item = self.signers.currentItem()
        self.withdraw_button.setEnabled(
            info is not None
            and info.filed_on is None
            and item is not None
            and item.isSelected()
            and item.data(Qt.ItemDataRole.UserRole) is not None
        )

    def withdraw_signer(self) -> None:
        item = self.signers.currentItem()
        signer = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if signer is None:
            return
        try:
            remove_signer(self.store, signer)
        except ZhoobError as exc:
            self.present_error(self, exc)
            return
        self.signer_feedback.setText(_("Withdrawn: {name}").format(name=item.text().split(" — ")[0]))
        self.bus.changed.emit({"representation"})

    def file_selected(self) -> None:
        info = self.selected_initiative()
        if info is None:
            return
        dialog = FileDialog(self.store, get_initiative(self.store, info.id), self.today, self)
        dialog.present_error = self.present_error
        if self.run_dialog(dialog) == QDialog.DialogCode.Accepted:
            self.bus.changed.emit({"representation"})

    def decide_selected(self) -> None:
        info = self.selected_initiative()
        if info is None:
            return
        dialog = DecisionDialog(self.store, get_initiative(self.store, info.id), self.today, self)
        dialog.present_error = self.present_error
        if self.run_dialog(dialog) == QDialog.DialogCode.Accepted:
            self.bus.changed.emit({"representation"})

    def prepare_selected(self) -> None:
        info = self.selected_initiative()
        if info is None:
            return
        dialog = PrepareFromInitiativeDialog(
            self.store, get_initiative(self.store, info.id), self.today, self
        )
        dialog.present_error = self.present_error
        if self.run_dialog(dialog) == QDialog.DialogCode.Accepted:
            self.bus.changed.emit({"representation", "sittings"})

    def print_initiative(self, which: str) -> Path | None:
        from zhoob_desktop.services.documents.representation import petition_paper, signature_sheet_paper

        info = self.selected_initiative()
        if info is None:
            return None
        lang = self.paper_lang.currentData()
        build = signature_sheet_paper if which == "sheet" else petition_paper
        return self._write(
            f"initiative-{which}-{info.base_on.isoformat()}-{lang}.pdf",
            lambda: build(self.store, info.id, lang),
        )

    # -- refresh ------------------------------------------------------------------------------

    def reload(self) -> None:
        self._show_procedure()
        self._show_coverage()
        self._load_initiatives()

    def _on_changed(self, topics: set[str]) -> None:
        if "language" in topics:
            self.retranslate()
        elif topics & TOPICS:
            self.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.reload()

    def retranslate(self) -> None:
        self.heading.setText(_("Representation and initiatives"))
        for i, text in enumerate((_("Quotas"), _("Representatives"), _("Initiatives"))):
            self.tabs.setTabText(i, text)
        self.procedure_button.setText(_("Record the maslikhat's decision…"))
        self.quota_day_label.setText(_("Counted on:"))
        self.coverage_day_label.setText(_("On:"))
        self.print_kk.setText(_("Print the table (kk)…"))
        self.print_ru.setText(_("Print the table (ru)…"))
        self.quotas.setHorizontalHeaderLabels(
            [
                _("Unit"),
                _("Residents"),
                _("Entitled to take part"),
                _("Calculation"),
                _("Representatives"),
                "",
            ]
        )
        self.coverage.setHorizontalHeaderLabels(
            [_("Unit"), _("Elected / due"), _("Representative"), _("Term"), _("Elected at")]
        )
        self.initiatives.setHorizontalHeaderLabels(
            [_("Convene"), _("Agenda"), _("Signatures"), _("Status"), _("Counted on")]
        )
        self.new_initiative_button.setText(_("New initiative…"))
        self.detail.setTitle(_("The initiative"))
        self.signer_input.setPlaceholderText(
            _("Signer from the sheet: IIN or surname, name, patronymic; Enter checks and adds")
        )
        self.sheet_button.setText(_("Signature sheet…"))
        self.petition_button.setText(_("Petition…"))
        self.withdraw_button.setText(_("Withdraw the chosen signature (entered by mistake)"))
        self.file_button.setText(_("Handed over…"))
        self.decide_button.setText(_("Decision…"))
        self.prepare_button.setText(_("Prepare the sitting…"))
        self.reload()


__all__ = ["RepresentationPage"]
