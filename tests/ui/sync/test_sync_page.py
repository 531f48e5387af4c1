"""The Sync page: export with progress and Cancel, receipts, and the district mode through the widgets."""

from __future__ import annotations

import pytest

from tests.services.sync.okrug_data import Clock, add_residents, hold_sitting, make_okrug
from zhoob_desktop.services.sync import export as ex
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.sync.page import SyncPage


@pytest.fixture
def page(qtbot, store):
    make_okrug(store)
    people = add_residents(store, 4)
    hold_sitting(store, Clock(), people)
    widget = SyncPage(store, Bus())
    qtbot.addWidget(widget)
    yield widget
    widget.district.close_database()


def test_export_shows_progress_and_history(qtbot, page, tmp_path):
    assert page.okrug.history.rowCount() == 0
    assert not page.okrug.seal.isEnabled(), "no district key yet: nothing to seal to"
    with qtbot.waitSignal(page.okrug.exported, timeout=20000) as blocker:
        page.okrug.export_to(tmp_path / "b1.zip")
    result = blocker.args[0]
    assert result.seq == 1 and (tmp_path / "b1.zip").exists()
    assert page.okrug.history.rowCount() == 1
    assert page.okrug.history.item(0, 0).text() == "1"
    assert "b1.zip" in page.okrug.status.text()
    assert page.okrug.export_button.isEnabled() and not page.okrug.progress.isVisible()


def test_cancelled_export_writes_nothing(qtbot, page, tmp_path):
    job = page.okrug.export_to(tmp_path / "never.zip", start=False)
    job.cancel()
    with qtbot.waitSignal(page.okrug.export_failed, timeout=20000) as blocker:
        job.start()
    assert "cancelled" in blocker.args[0]
    assert not (tmp_path / "never.zip").exists()
    assert list(tmp_path.glob(".never.zip.*")) == []
    assert page.okrug.history.rowCount() == 0


def test_district_mode_round_trip(qtbot, page, tmp_path):
    district = page.district
    assert not district.import_button.isEnabled()
    assert district.open_database(str(tmp_path / "district.sqlite"))
    district.save_district_key(tmp_path / "district.key")
    page.okrug.import_district_key(tmp_path / "district.key")
    assert page.okrug.seal.isEnabled() and page.okrug.seal.isChecked()
    page.okrug.save_public_key(tmp_path / "okrug.key")
    district.register_okrug(tmp_path / "okrug.key")
    assert district.okrugs.rowCount() == 1

    bundle = ex.export_bundle(page.store, tmp_path / "b1.zip")
    assert bundle.sealed
    with qtbot.waitSignal(district.imported, timeout=30000) as blocker:
        district.import_bundles([bundle.path, bundle.path])
    lines = blocker.args[0]
    assert any("b1.zip" in line for line in lines)
    assert any("already imported" in line for line in lines)
    assert district.okrugs.item(0, 1).text() == "1"
    assert district.decisions.rowCount() == 1 and district.quarters.rowCount() == 1
    assert district.conflicts.rowCount() == 0

    district.write_receipt(district.selected_okrug(), tmp_path / "receipt.json")
    page.okrug.refresh()
    assert page.okrug.import_receipt(tmp_path / "receipt.json") == [1]
    assert page.okrug.history.item(0, 5).text() != "not acknowledged"


def test_page_retranslates(page):
    from zhoob_desktop.services import i18n

    i18n.set_language("kk")
    page.retranslate()
    assert page.tabs.tabText(1) != "District"
    assert page.okrug.export_button.text() != "Write a bundle…"
