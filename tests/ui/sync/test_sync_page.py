"""The Sync page: export with progress and Cancel, receipts, and the district mode through the widgets."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

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


def test_without_the_district_key_nothing_is_written_in_clear_unless_asked(qtbot, page, tmp_path):
    okrug = page.okrug
    assert okrug.history.rowCount() == 0
    assert not okrug.clear.isChecked(), "sealed is the default"
    with qtbot.waitSignal(okrug.export_failed, timeout=20000) as blocker:
        okrug.export_to(tmp_path / "b1.zip")
    assert "No district key" in blocker.args[0]
    assert list(tmp_path.glob("b1*")) == [] and okrug.history.rowCount() == 0

    okrug.clear.setChecked(True)
    assert okrug.clear_warning.isVisibleTo(okrug)
    with qtbot.waitSignal(okrug.exported, timeout=20000) as blocker:
        okrug.export_to(tmp_path / "b1.zip")
    result = blocker.args[0]
    assert result.seq == 1 and not result.sealed
    assert result.path.name == "b1-UNSEALED.zip" and result.path.exists()
    assert "NOT sealed" in okrug.status.text() and "b1-UNSEALED.zip" in okrug.status.text()
    assert okrug.history.rowCount() == 1 and okrug.history.item(0, 0).text() == "1"
    assert okrug.history.item(0, 3).text() == "not sealed"
    assert not okrug.clear.isChecked(), "in clear once, when asked for: not left on"
    assert okrug.export_button.isEnabled() and not okrug.progress.isVisible()


def test_cancelled_export_writes_nothing(qtbot, page, tmp_path):
    page.okrug.clear.setChecked(True)
    job = page.okrug.export_to(tmp_path / "never.zip", start=False)
    job.cancel()
    with qtbot.waitSignal(page.okrug.export_failed, timeout=20000) as blocker:
        job.start()
    assert "cancelled" in blocker.args[0]
    assert list(tmp_path.glob("never*")) == [] and list(tmp_path.glob(".never*")) == []
    assert page.okrug.history.rowCount() == 0


def test_district_mode_round_trip(qtbot, page, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    district = page.district
    assert not district.import_button.isEnabled()
    assert district.open_database(str(tmp_path / "district.sqlite"))
    district.save_district_key(tmp_path / "district.key")
    assert not page.okrug.import_district_key(tmp_path / "district.key", "0000 1111"), "a wrong fingerprint"
    assert "not 0000 1111" in warnings[-1]
    fingerprint = district.keys.public().fingerprint
    assert page.okrug.import_district_key(tmp_path / "district.key", fingerprint.upper().replace(" ", "-"))
    assert "confirmed by its fingerprint" in page.okrug.district_key.text()
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


def _forked_resident(page, tmp_path, second):
    """The okrug's second bundle carrying resident 1 at the same revision with other content
    (as after a laptop restored from an old backup)."""
    from tests.services.sync import helpers as h
    from zhoob_desktop.services.sync.keys import OkrugKeys, store_seal

    key = OkrugKeys(page.store.data_dir, seal=store_seal(page.store)).ensure()

    def rename(items):
        lines = h.jsonl_lines(items["register/resident.jsonl"])
        lines[0]["data"]["surname"] = "Басқаев"
        items["register/resident.jsonl"] = h.to_jsonl(lines)

    return h.resign(second, tmp_path / "b2-forked.zip", key.sign, edit_members=rename)


def test_conflicts_are_decided_on_the_page_and_the_okrug_sees_the_answer(qtbot, page, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: pytest.fail(args[2]))
    district, okrug = page.district, page.okrug
    assert district.open_database(str(tmp_path / "district.sqlite"))
    district.save_district_key(tmp_path / "district.key")
    okrug.import_district_key(tmp_path / "district.key")
    okrug.save_public_key(tmp_path / "okrug.key")
    district.register_okrug(tmp_path / "okrug.key")
    paths = []
    for name in ("b1.zip", "b2.zip"):
        okrug.clear.setChecked(True)
        with qtbot.waitSignal(okrug.exported, timeout=20000) as blocker:
            okrug.export_to(tmp_path / name)
        paths.append(blocker.args[0].path)
    first, forged = paths[0], _forked_resident(page, tmp_path, paths[1])
    with qtbot.waitSignal(district.imported, timeout=30000) as blocker:
        district.import_bundles([first, tmp_path / "missing.zip", forged])
    lines = blocker.args[0]
    assert any(line.startswith("Summary: 2 imported, 0 already imported, 1 refused") for line in lines)
    assert any("missing.zip" in line for line in lines)
    assert district.conflicts.rowCount() == 1 and "4 (1)" not in district.tabs.tabText(4)
    assert district.tabs.tabText(4) == "Conflicts (1)"

    district.conflicts.selectRow(0)
    assert district.decide(district.selected_conflict(), "reject", "Ахметов Б.", "Тегі құжатқа сәйкес емес")
    assert district.conflicts.rowCount() == 0 and district.tabs.tabText(4) == "Conflicts (0)"
    district.show_decided.setChecked(True)
    assert district.conflicts.rowCount() == 1
    assert district.conflicts.item(0, 3).text() == "rejected"
    assert "Ахметов Б." in district.conflicts.item(0, 5).text()
    assert "Басқаев" in district.conflicts.item(0, 4).text(), "the resident is named, not only his id"

    district.write_receipt(district.selected_okrug(), tmp_path / "receipt.json")
    assert okrug.import_receipt(tmp_path / "receipt.json") == [1, 2]
    assert okrug.answers.rowCount() == 1
    assert okrug.answers.item(0, 0).text() == "rejected"
    assert "Тегі құжатқа сәйкес емес" in okrug.answers.item(0, 3).text()
    assert "Әбілқасымов" in okrug.answers.item(0, 2).text(), "the okrug's own record, by name"
    assert "refused by it: 1." in okrug.answers_note.text()


def test_replacing_an_okrugs_key_is_asked_for(qtbot, page, tmp_path, monkeypatch):
    import os

    from zhoob_desktop.services.sync.keys import OkrugKeys, store_seal

    district, okrug = page.district, page.okrug
    assert district.open_database(str(tmp_path / "district.sqlite"))
    okrug.save_public_key(tmp_path / "okrug.key")
    assert district.register_okrug(tmp_path / "okrug.key")
    keys = OkrugKeys(page.store.data_dir, seal=store_seal(page.store))
    old = keys.fingerprint
    os.remove(keys.path)  # a new laptop: a new key (its copy in the data gone too)
    from sqlalchemy import delete

    from zhoob_desktop.models.core import Setting
    from zhoob_desktop.services.sync.keys import KEY_BACKUP_SETTING

    with page.store.session() as s:
        s.execute(delete(Setting).where(Setting.key.startswith(KEY_BACKUP_SETTING)))
    okrug.save_public_key(tmp_path / "okrug2.key")
    asked = []
    monkeypatch.setattr(district, "confirm_replace", lambda *args: asked.append(args) or False)
    assert not district.register_okrug(tmp_path / "okrug2.key")
    assert asked[0][1] == old
    monkeypatch.setattr(district, "confirm_replace", lambda *args: True)
    assert district.register_okrug(tmp_path / "okrug2.key")
    assert "was replaced; the change is recorded" in district.log.toPlainText()
    assert district.okrugs.rowCount() == 1


def test_page_retranslates(page):
    from zhoob_desktop.services import i18n

    i18n.set_language("kk")
    page.retranslate()
    assert page.tabs.tabText(1) != "District"
    assert page.okrug.export_button.text() != "Write a bundle…"
