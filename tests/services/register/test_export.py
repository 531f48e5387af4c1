"""Export to xlsx and CSV re-imports cleanly (round trip)."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from tests.conftest import copy_store
from zhoob_desktop.services import i18n
from zhoob_desktop.services.register.export import UnknownExportType, export_residents
from zhoob_desktop.services.register.importer import apply_import, preview_import
from zhoob_desktop.services.register.query import query_residents
from zhoob_desktop.services.register.residents import get_resident, mark_left

from .conftest import TODAY, add


@pytest.fixture
def filled(okrug_store, place):
    add(okrug_store, "Қасымов", "Асхат", date(1980, 5, 1), house_id=place.house_id, apartment="7",
        phone="+7 701 111 2233", statuses=("pensioner", "veteran"), patronymic="Серікұлы")  # fmt: skip
    add(okrug_store, "Өспанова", "Әйгерім", date(2001, 2, 3), "F", serial=77, settlement_id=place.other_settlement_id,
        registered_on=date(2020, 1, 15))  # fmt: skip
    left = add(okrug_store, "Кетті", "Біреу", date(1970, 1, 1), serial=5)
    mark_left(okrug_store, left.id, "moved", date(2026, 1, 1))
    return okrug_store


def snapshot(store):
    out = []
    for row in query_residents(store, today=TODAY):
        d = get_resident(store, row.id)
        out.append(
            (d.full_name, d.iin, d.birth_date, d.sex, row.address, d.phone, d.statuses, d.registered_on)
        )
    return out


@pytest.mark.parametrize(("suffix", "lang"), [(".xlsx", "kk"), (".csv", "ru"), (".xlsx", "en")])
def test_round_trip(filled, tmp_path, data_dir, template_store_dir, suffix, lang):
    path = tmp_path / f"register{suffix}"
    assert (
        export_residents(filled, path, lang=lang, reason="district request") == 2
    )  # the one who left is not exported
    # import into a second, empty store with the same okrug and statuses
    from zhoob_desktop.services.okrug import save_okrug
    from zhoob_desktop.services.store import open_store

    other_dir = tmp_path / "other"
    other_dir.mkdir()
    copy_store(template_store_dir, other_dir)
    other = open_store(other_dir)
    try:
        save_okrug(other, "Қарағайлы ауылдық округі")
        preview = preview_import(other, path, today=TODAY)
        assert not preview.has_errors and preview.counts()["new"] == 2, preview.issues
        assert [i for i in preview.issues if i.severity == "warning"] == []
        apply_import(other, preview)
        assert snapshot(other) == snapshot(filled)
        # and into the original store: everything matches, nothing changes
        again = preview_import(filled, path, today=TODAY)
        assert again.counts()["unchanged"] == 2
    finally:
        other.close(backup=False)


def test_xlsx_keeps_iin_as_text_and_dates_as_dates(filled, tmp_path):
    path = tmp_path / "r.xlsx"
    i18n.set_language("kk")
    export_residents(filled, path, reason="district request")
    ws = openpyxl.load_workbook(path).active
    assert [c.value for c in ws[1]][:6] == ["Тегі", "Аты", "Әкесінің аты", "ЖСН", "Туған күні", "Жынысы"]
    row = [c.value for c in ws[3]]
    assert row[3].startswith("0") and row[4].date() == date(2001, 2, 3) and row[5] == "әйел"


def test_unknown_type(filled, tmp_path):
    with pytest.raises(UnknownExportType):
        export_residents(filled, tmp_path / "r.pdf", reason="district request")


def test_filters_apply_to_the_export(filled, tmp_path, place):
    from zhoob_desktop.services.register.query import ResidentFilter

    path = tmp_path / "village.csv"
    assert (
        export_residents(
            filled, path, ResidentFilter(settlement_id=place.other_settlement_id), reason="district request"
        )
        == 1
    )
    assert "Өспанова" in path.read_text(encoding="utf-8-sig")
    assert (
        export_residents(
            filled, tmp_path / "all.csv", ResidentFilter(include_left=True), reason="district request"
        )
        == 3
    )
