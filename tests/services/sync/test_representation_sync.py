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


def test_representation_travels_to_the_district(store, district_sqlite, tmp_path):
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
