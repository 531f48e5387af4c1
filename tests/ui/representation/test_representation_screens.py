"""The Representation page, the election at a separate gathering in the live console, and the desk
that registers only the unit's residents (the scripted okrug of three villages)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.representation_fixtures import SEPARATE_DAY, Sitter, build_okrug, separate_gathering
from zhoob_desktop.services.meeting import create_sitting, start_sitting
from zhoob_desktop.services.meeting.initiatives import (
    add_signer,
    create_initiative,
    get_initiative,
    list_initiatives,
)
from zhoob_desktop.ui.bus import Bus


class FixedClock:
    def now(self):
        return datetime(2026, 10, 3, 10, tzinfo=UTC)


@pytest.fixture
def okrug(store):
    return build_okrug(store)


def test_quotas_coverage_and_initiative_screens(qtbot, okrug, tmp_path):
    from zhoob_desktop.ui.representation.page import RepresentationPage

    store = okrug.store
    separate_gathering(okrug, okrug.village("Қарағайлы"))
    bus = Bus()
    page = RepresentationPage(store, bus, today=date(2026, 11, 2))
    qtbot.addWidget(page)
    page.show()
    rows = {
        page.quotas.item(r, 0).text(): page.quotas.item(r, 4).text() for r in range(page.quotas.rowCount())
    }
    assert rows["Қарағайлы"] == "5" and rows["Көктөбе"] == "3" and rows["Ақжар"] == "2"
    assert "12/3" in page.procedure_text.text()
    page.ask_path = lambda suggested: str(tmp_path / "q.pdf")
    assert page.print_quotas("ru").read_bytes().startswith(b"%PDF")
    assert "5 / 5" in [page.coverage.item(r, 1).text() for r in range(page.coverage.rowCount())]
    assert "Ақжар" in page.coverage_text.text() and "Көктөбе" in page.coverage_text.text()
    ini = create_initiative(store, body="gathering", base_on=date(2026, 10, 20), agenda=["Жайылым"])
    bus.changed.emit({"representation"})
    page.initiatives.selectRow(0)
    kar = okrug.village("Қарағайлы").residents
    page.signer_input.setText(kar[0].iin)
    qtbot.keyClick(page.signer_input, Qt.Key.Key_Return)
    assert "✓" in page.signers.item(0).text()
    page.signer_input.setText(okrug.died.iin)
    page.add_signer()
    assert page.signer_feedback.text().startswith("Does not count")
    assert get_initiative(store, ini.id).count == 1
    # a signature entered by mistake is withdrawn; a refused one cannot be chosen for it
    page.signer_input.setText(kar[9].iin)
    page.add_signer()
    assert get_initiative(store, ini.id).count == 2
    page.signers.setCurrentRow(1)  # the refused one
    assert not page.withdraw_button.isEnabled()
    page.signers.setCurrentRow(2)
    assert page.withdraw_button.isEnabled()
    page.withdraw_signer()
    assert get_initiative(store, ini.id).count == 1 and "✗" in page.signers.item(2).text()
    for r in kar[1:5]:
        add_signer(store, ini.id, r.iin)
    bus.changed.emit({"representation"})

    def handed_over(dialog):  # the petition went to the district akim the day before
        dialog.filed_on.setDate(dialog.filed_on.date().addDays(-1))
        dialog.save()
        return dialog.result()

    page.run_dialog = handed_over
    page.file_selected()
    assert list_initiatives(store)[0].filed_on == date(2026, 11, 1)

    def decide(dialog):
        dialog.decision.setCurrentIndex(0)
        dialog.save()
        return dialog.result()

    page.run_dialog = decide
    page.decide_selected()
    assert get_initiative(store, ini.id).decision == "approved"
    assert page.prepare_button.isEnabled()


def test_separate_gathering_desk_and_election(qtbot, okrug):
    from zhoob_desktop.ui.meeting.console import LiveConsole

    store = okrug.store
    akz = okrug.village("Ақжар")
    info = create_sitting(
        store,
        kind="separate_gathering",
        scheduled_on=SEPARATE_DAY,
        territory_kind="settlement",
        territory_id=akz.id,
        territory_name=akz.name,
        agenda=[{"title": "Өкілдер", "kind": "representatives_election"}],
    )
    s = Sitter(store, info.id, datetime(2026, 10, 3, 9, tzinfo=UTC))
    s.state = start_sitting(store, info.id, clock=s.clock)
    people = [str(r.id) for r in akz.residents]
    for pid in people[:4]:
        s("register", member=pid)
    s("announce_registration", by="Әкім")
    s("open", by="Әкім")
    s.counts("elect", 4, role="chair", person=people[0])
    s.counts("elect", 4, role="secretary", person=people[1])
    s.counts("vote_item", 4, item="D1")
    s("approve_agenda")
    s("start_item", item="D1")
    console = LiveConsole(store, Bus(), str(info.id), FixedClock())
    qtbot.addWidget(console)
    assert console.election_button.isVisibleTo(console)
    outsider = okrug.village("Көктөбе").residents[0]
    desk = console.registration
    desk.search.setText(outsider.iin)
    desk.find(outsider.iin)
    desk.register_selected()
    assert "not in Ақжар" in desk.feedback.text()
    assert len(console.ops.state.attendance) == 4
    dialog = console.show_election()
    qtbot.addWidget(dialog)
    assert "elects 2 representatives" in dialog.quota.text()
    for r in akz.residents[2:5]:
        dialog.search.setText(r.iin)
        dialog.propose_selected()
    assert [c.name.split()[0] for c in console.ops.state.candidates] == [
        r.surname for r in akz.residents[2:5]
    ]
    for i in range(3):
        dialog.candidates.item(i).setCheckState(Qt.CheckState.Checked)
    assert dialog.vote_checked() is None and "only 2" in dialog.feedback.text()  # three for two seats
    dialog.candidates.item(2).setCheckState(Qt.CheckState.Unchecked)
    req = dialog.vote_checked()
    assert req.command == "vote_representatives" and len(req.fields["candidates"]) == 2
    voting = console.voting
    assert voting.current_request() is req
    voting.for_spin.setValue(4)
    voting.record_vote()
    assert len(console.ops.state.elected) == 2
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_procedure_with_the_numbers_the_decision_lists(qtbot, okrug):
    """The maslikhat's decision lists a number per village: typed into the dialog's table, they are the
    quotas; checked with no number typed, the procedure is refused with the reason."""
    from zhoob_desktop.services.meeting.representation import procedure_in_force, quota_table
    from zhoob_desktop.ui.representation.dialogs import ProcedureDialog

    store = okrug.store
    refusals = []
    dialog = ProcedureDialog(store, date(2026, 12, 1))
    qtbot.addWidget(dialog)
    dialog.present_error = lambda _parent, exc: refusals.append(exc.message())
    dialog.number.setText("15/4")
    dialog.by_table.setChecked(True)
    assert not dialog.per.isEnabled() and dialog.table.rowCount() == 3
    names = [dialog.table.item(r, 0).text() for r in range(3)]
    for r, n in enumerate((7, 2, 4)):
        dialog.table.cellWidget(r, 1).setValue(n)
    dialog.save()
    assert refusals == [] and dialog.result() == QDialog.DialogCode.Accepted
    p = procedure_in_force(store, date(2026, 12, 2))
    assert p.norm_per is None and p.decision_number == "15/4"
    quotas = {u.name: u.representatives for u in quota_table(store, date(2026, 12, 2)).units}
    assert quotas == dict(zip(names, (7, 2, 4), strict=True))
    # a table of units with no unit (another level with none in the register) gives no norm: refused
    again = ProcedureDialog(store, date(2026, 12, 3))
    qtbot.addWidget(again)
    again.present_error = lambda _parent, exc: refusals.append(exc.message())
    again.number.setText("16/1")
    again.unit.setCurrentIndex(again.unit.findData("house"))
    again.by_table.setChecked(True)
    assert again.table.rowCount() == 0
    again.save()
    assert refusals and "table per unit" in refusals[0]


def test_initiatives_agenda_is_cut_not_scrolled_at_1366(qtbot, okrug):
    from zhoob_desktop.ui.app import make_application
    from zhoob_desktop.ui.main_window import MainWindow

    store = okrug.store
    agenda = [
        "Ауылдың жайылымдарын пайдалану және оларды маусымдық бөлу тәртібі туралы",
        "Ақжар ауылындағы мектепке дейінгі шағын орталықтың ғимаратын жөндеу туралы",
        "Көктөбе ауылының ішкі жолдарын күзгі-қысқы кезеңге дайындау туралы",
    ]
    create_initiative(store, body="gathering", base_on=date(2026, 10, 20), agenda=agenda)
    make_application()  # the program's fonts and style sheet
    window = MainWindow(store, Bus())
    qtbot.addWidget(window)
    window.resize(1366, 768 - 40 - 30)
    window.show()
    page = window.show_page("representation")
    page.tabs.setCurrentIndex(2)
    table = page.initiatives
    qtbot.waitUntil(lambda: table.isVisible() and table.rowCount() == 1)
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: header.length() <= table.viewport().width() + 1)
    assert not table.horizontalScrollBar().isVisible()
    assert header.sectionSize(1) >= 100  # the agenda has room to be read
    cell = table.item(0, 1)
    assert cell.text() == "; ".join(agenda)
    assert cell.toolTip().splitlines() == [f"{n}. {q}" for n, q in enumerate(agenda, 1)]
    # every value is whole in its tooltip, the signatures and the day in their cells too
    for column in (2, 4):
        text = table.item(0, column).text()
        assert header.sectionSize(column) >= table.fontMetrics().horizontalAdvance(text) + 8
    assert table.item(0, 0).toolTip() == table.item(0, 0).text() == "gathering of the local community"
