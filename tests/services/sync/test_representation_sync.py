"""Bundles carry the approved procedure, the initiatives with their signatures and the separate
gatherings that elected the representatives; the district overview shows them per okrug."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from tests.representation_fixtures import build_okrug, separate_gathering
from zhoob_desktop.models.representation import Initiative, InitiativeSigner, RepresentationProcedure
from zhoob_desktop.services.meeting.initiatives import (
    add_signer,
    create_initiative,
    file_initiative,
    record_decision,
    remove_signer,
)
from zhoob_desktop.services.sync import district as dist
from zhoob_desktop.services.sync import export as ex
from zhoob_desktop.services.sync.district import register_okrug
from zhoob_desktop.services.sync.keys import DistrictKeys
from zhoob_desktop.services.sync.representation_part import representation_overview


def _count(dstore, model) -> int:
    with dstore.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_representation_travels_to_the_district(store, district_sqlite, tmp_path, capsys):
    district = district_sqlite
    okrug = build_okrug(store)
    for v in okrug.villages[:2]:
        separate_gathering(okrug, v)
    kar = okrug.village("Қарағайлы").residents
    met = create_initiative(store, body="gathering", base_on=date(2026, 10, 20), agenda=["Жайылым"])
    for r in kar[:5]:
        add_signer(store, met.id, r.iin)
    wrong = add_signer(store, met.id, kar[6].iin)
    remove_signer(store, wrong.id)
    file_initiative(store, met.id, date(2026, 10, 21))
    short = create_initiative(store, body="gathering", base_on=date(2026, 10, 20), agenda=["Су"])
    add_signer(store, short.id, kar[7].iin)

    keys = DistrictKeys(tmp_path / "district-keys", "Іле ауданы").ensure()
    (tmp_path / "district.key").write_bytes(keys.public().to_json())
    ex.import_district_key(store, tmp_path / "district.key")
    ex.export_public_key(store, tmp_path / "okrug.key")
    register_okrug(district, tmp_path / "okrug.key")

    first = ex.export_bundle(store, tmp_path / "b1.zip")
    assert first.counts["representation_procedure"] == 1 and first.counts["initiative"] == 2
    assert first.counts["initiative_signer"] == 7
    result = dist.import_bundle(district, first.path, keys)
    assert result.conflicts == []
    assert _count(district, RepresentationProcedure) == 1 and _count(district, InitiativeSigner) == 7

    (row,) = representation_overview(district, on=date(2026, 11, 14))
    units = {u.name: u for u in row.units}
    assert len(units["Қарағайлы"].elected) == 5 and units["Қарағайлы"].quota == 5
    assert len(units["Көктөбе"].elected) == 3
    assert row.without == ("Ақжар",)
    # the quotas come from the okrug's register at the district, under its procedure in force
    assert units["Ақжар"].quota == 2 and units["Көктөбе"].quota == 3
    assert row.procedure is not None and row.procedure.decision_number == "12/3"
    from zhoob_desktop.cli import main

    db = ["--db", str(tmp_path / "district.sqlite")]
    capsys.readouterr()
    assert main(["--lang", "en", "--data-dir", str(tmp_path / "dd"), "district", "overview", *db]) == 0
    out = capsys.readouterr().out
    assert "  Ақжар: no representatives elected (2 due)" in out and "  Қарағайлы: 5/5" in out
    assert sorted((p.status, p.signatures) for p in row.initiatives) == [("collecting", 1), ("filed", 5)]

    # the decision moves the initiative forward: the next bundle updates it at the district
    record_decision(store, met.id, decision="approved", decided_on=date(2026, 10, 23), decision_ref="№ 45")
    second = ex.export_bundle(store, tmp_path / "b2.zip")
    result = dist.import_bundle(district, second.path, keys)
    assert result.conflicts == []
    with district.session() as s:
        assert s.get(Initiative, met.id).decision == "approved"
    (row,) = representation_overview(district, on=date(2026, 11, 14))
    assert [p.status for p in row.initiatives] == ["collecting"]


def test_district_overview_by_street_with_quotas_from_the_register(store, district_sqlite, tmp_path):
    """An okrug whose procedure counts by street: the district lists its streets with the quotas its
    register gives, before any separate gathering was held."""
    from zhoob_desktop.services.meeting.representation import record_procedure

    district = district_sqlite
    build_okrug(store)
    record_procedure(
        store,
        decision_number="14/2",
        decision_date=date(2026, 12, 1),
        decision_body="Аудандық мәслихат",
        unit="street",
        norm_per=10,
        rounding="down",
    )
    keys = DistrictKeys(tmp_path / "district-keys", "Іле ауданы").ensure()
    (tmp_path / "district.key").write_bytes(keys.public().to_json())
    ex.import_district_key(store, tmp_path / "district.key")
    ex.export_public_key(store, tmp_path / "okrug.key")
    register_okrug(district, tmp_path / "okrug.key")
    bundle = ex.export_bundle(store, tmp_path / "b1.zip")
    assert dist.import_bundle(district, bundle.path, keys).conflicts == []
    (row,) = representation_overview(district, on=date(2026, 12, 2))
    assert row.procedure.unit == "street"
    assert sorted((u.settlement, u.name, u.quota) for u in row.units) == [
        ("Ақжар", "Абай көшесі", 1),  # 6 entitled, rounded down, at least 1
        ("Көктөбе", "Абай көшесі", 1),
        ("Қарағайлы", "Абай көшесі", 2),  # 23 on the street (the two children have no street)
    ]
    assert len(row.without) == 3
    from zhoob_desktop.ui.sync.district_panel import representation_rows

    rows = representation_rows(district)
    assert ["Қарағайлы, Абай көшесі", "⚠ no representatives elected (2 due)"] in [r[1:3] for r in rows]
    # before the street procedure took effect: the villages of the earlier one
    (row,) = representation_overview(district, on=date(2026, 11, 14))
    assert sorted((u.name, u.quota) for u in row.units) == [("Ақжар", 2), ("Көктөбе", 3), ("Қарағайлы", 5)]
