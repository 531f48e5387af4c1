"""Okrug → district round trips on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import func, select, text

from tests.services.sync.helpers import dump, make_pair
from tests.services.sync.okrug_data import add_residents, hold_sitting
from zhoob_desktop.models.meeting import Sitting, SittingEvent
from zhoob_desktop.models.register import Resident
from zhoob_desktop.models.sync import DistrictDecision, DistrictSitting, SyncConflict
from zhoob_desktop.services.register.residents import ResidentInput, delete_resident, update_resident
from zhoob_desktop.services.sync import district as dist
from zhoob_desktop.services.sync import overview as ov
from zhoob_desktop.services.sync.district_db import open_district
from zhoob_desktop.services.sync.errors import AlreadyImported


def _count(dstore, model, *where) -> int:
    with dstore.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def _rename(store, resident, surname: str):
    data = ResidentInput(
        surname=surname,
        given_name=resident.given_name,
        patronymic=resident.patronymic,
        birth_date=resident.birth_date,
        settlement_id=resident.settlement_id,
        street_id=resident.street_id,
        registered_on=resident.registered_on,
    )
    return update_resident(store, resident.id, data, actor="test")


def test_full_then_incremental_round_trip(store, district, tmp_path):
    pair = make_pair(store, district, tmp_path)
    first = pair.export("b1.zip")
    assert first.full and first.sealed
    assert first.counts["resident"] == 6 and first.counts["sitting"] == 2
    result = dist.import_bundle(district, first.path, pair.keys)
    assert result.added["resident"] == 6 and result.added["sitting"] == 2
    assert result.conflicts == []
    assert _count(district, Resident) == 6
    assert _count(district, SittingEvent) == first.counts["event"]
    assert _count(district, DistrictDecision, DistrictDecision.state == "adopted") == 2
    assert _count(district, DistrictSitting, DistrictSitting.quorum_met.is_(True)) == 2

    assert pair.ack() == [1]
    _rename(store, pair.residents[0], "Жаңаболатов")
    add_residents(store, 1, settlement_name="Жаңаауыл")
    hold_sitting(store, pair.clock, pair.residents, on=date(2027, 2, 3))
    second = pair.export("b2.zip")
    assert not second.full
    # the new village, and the renamed resident's village (unchanged, sent so the bundle stands alone)
    assert second.counts["resident"] == 2 and second.counts["settlement"] == 2
    assert second.counts["sitting"] == 1
    assert second.size < first.size
    result = dist.import_bundle(district, second.path, pair.keys)
    assert result.updated == {"resident": 1}
    assert result.unchanged == {"settlement": 1, "street": 1}
    assert result.added["resident"] == 1 and result.added["sitting"] == 1
    with district.session() as s:
        assert s.get(Resident, pair.residents[0].id).surname == "Жаңаболатов"

    overview = ov.district_overview(district)
    (row,) = overview.okrugs
    assert (row.bundles, row.last_seq, row.residents, row.sittings) == (2, 2, 7, 3)
    assert row.quorum_rate == 1.0
    assert {(q.year, q.quarter, q.sittings) for q in overview.quarters} == {(2026, 4, 2), (2027, 1, 1)}


def test_reimport_says_already_imported_and_changes_nothing(store, district, tmp_path):
    pair = make_pair(store, district, tmp_path, sittings=1)
    bundle = pair.export("b1.zip")
    dist.import_bundle(district, bundle.path, pair.keys)
    before = dump(district)
    with pytest.raises(AlreadyImported):
        dist.import_bundle(district, bundle.path, pair.keys)
    assert dump(district) == before


def test_removal_travels_as_tombstone(store, district_sqlite, tmp_path):
    pair = make_pair(store, district_sqlite, tmp_path, sittings=0)
    dist.import_bundle(district_sqlite, pair.export("b1.zip").path, pair.keys)
    pair.ack()
    delete_resident(store, pair.residents[2].id, actor="test")
    second = pair.export("b2.zip")
    assert second.counts["tombstones"] == 1 and second.counts["resident"] == 1
    dist.import_bundle(district_sqlite, second.path, pair.keys)
    with district_sqlite.session() as s:
        assert s.get(Resident, pair.residents[2].id).deleted_at is not None
    assert ov.district_overview(district_sqlite).okrugs[0].residents == 5


def test_receipt_makes_the_next_export_small(store, district_sqlite, tmp_path):
    pair = make_pair(store, district_sqlite, tmp_path, sittings=1)
    dist.import_bundle(district_sqlite, pair.export("b1.zip").path, pair.keys)
    unacked = pair.export("b2.zip")
    assert unacked.full, "nothing acknowledged yet: the next bundle is full again"
    dist.import_bundle(district_sqlite, unacked.path, pair.keys)
    assert pair.ack() == [1, 2]
    quiet = pair.export("b3.zip")
    assert not quiet.full
    assert quiet.counts["resident"] == 0 and quiet.counts["sitting"] == 0 and quiet.counts["event"] == 0


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_bundles_in_random_order_twice_give_the_same_store(store, tmp_path, request, backend):
    import shutil

    def fresh(name):
        if backend == "postgres":
            server = request.getfixturevalue("pg_server")
            return open_district(server.url(server.create_database(request.getfixturevalue("pg_template"))))
        shutil.copyfile(request.getfixturevalue("sqlite_district_template"), tmp_path / name)
        return open_district(tmp_path / name)

    reference = fresh("ref.sqlite")
    pair = make_pair(store, reference, tmp_path, sittings=1)
    paths = [pair.export("b1.zip").path]
    dist.import_bundle(reference, paths[0], pair.keys)
    pair.ack()
    _rename(store, pair.residents[1], "Екіншіұлы")
    hold_sitting(store, pair.clock, pair.residents, on=date(2027, 1, 20))
    paths.append(pair.export("b2.zip").path)
    dist.import_bundle(reference, paths[1], pair.keys)
    pair.ack()
    _rename(store, pair.residents[1], "Үшіншіұлы")
    add_residents(store, 2, settlement_name="Үшауыл")
    paths.append(pair.export("b3.zip").path)
    dist.import_bundle(reference, paths[2], pair.keys)
    expected = dump(reference, data_only=True)
    del expected["district_bundle"]  # import order is bookkeeping; compared below by (seq, id)

    for seed in (1, 2, 3):
        other = fresh(f"d{seed}.sqlite")
        dist.register_okrug(other, tmp_path / "okrug.key")
        order = paths * 2
        random.Random(seed).shuffle(order)
        for path in order:
            try:
                dist.import_bundle(other, path, pair.keys)
            except AlreadyImported:
                pass
        got = dump(other, data_only=True)
        del got["district_bundle"]
        diff = {
            k: (sorted(set(got[k]) - set(expected[k])), sorted(set(expected[k]) - set(got[k])))
            for k in got
            if got[k] != expected[k]
        }
        assert got == expected, f"order {[p.name for p in order]}: {diff}"
        with other.session() as s:
            assert s.get(Resident, pair.residents[1].id).surname == "Үшіншіұлы"
        other.close()
    reference.close()


@pytest.mark.postgres
def test_postgres_and_sqlite_hold_the_same_after_import(
    store, district_pg, tmp_path, sqlite_district_template
):
    import shutil

    pair = make_pair(store, district_pg, tmp_path, sittings=2)
    bundle = pair.export("b1.zip")
    dist.import_bundle(district_pg, bundle.path, pair.keys)
    shutil.copyfile(sqlite_district_template, tmp_path / "lite.sqlite")
    lite = open_district(tmp_path / "lite.sqlite")
    dist.register_okrug(lite, tmp_path / "okrug.key")
    dist.import_bundle(lite, bundle.path, pair.keys)
    for table in (
        "resident",
        "settlement",
        "sitting",
        "sitting_event",
        "district_decision",
        "district_record",
    ):
        with district_pg.engine.connect() as a, lite.engine.connect() as b:
            assert (
                a.execute(text(f"select count(*) from {table}")).scalar()
                == b.execute(text(f"select count(*) from {table}")).scalar()
            )
    with district_pg.session() as s:
        hashes_pg = sorted(s.scalars(select(SittingEvent.hash)))
        names_pg = sorted(s.scalars(select(Resident.surname)))
    with lite.session() as s:
        assert sorted(s.scalars(select(SittingEvent.hash))) == hashes_pg
        assert sorted(s.scalars(select(Resident.surname))) == names_pg
        assert s.scalar(select(func.count()).select_from(Sitting)) == 2
        assert s.scalar(select(func.count()).select_from(SyncConflict)) == 0
    lite.close()


def test_finalised_protocol_travels_once_and_can_be_opened(store, district, tmp_path):
    from zhoob_desktop.services.documents.issue import finalise_protocol

    pair = make_pair(store, district, tmp_path, sittings=1)
    paper = finalise_protocol(store, pair.sittings[0], "kk", signed_on=date(2026, 10, 6), actor="test")
    first = pair.export("b1.zip")
    assert first.counts["protocol"] == 1
    result = dist.import_bundle(district, first.path, pair.keys)
    assert result.added["protocol"] == 1
    overview = ov.district_overview(district)
    (protocol,) = overview.protocols
    assert protocol.opened_at is None and overview.okrugs[0].protocols_to_open == 1
    saved = ov.save_protocol(district, protocol.id, tmp_path / "open")
    assert saved.read_bytes() == paper.pdf and saved.read_bytes().startswith(b"%PDF")
    assert ov.district_overview(district).okrugs[0].protocols_to_open == 0
    pair.ack()
    assert pair.export("b2.zip").counts["protocol"] == 0


def test_decision_follow_up_travels_and_sets_the_state(store, district, tmp_path):
    from zhoob_desktop.services.decisions.register import list_decisions, record_step

    pair = make_pair(store, district, tmp_path, sittings=1)
    (decision,) = list_decisions(store)
    record_step(
        store, decision.id, "protocol_handed", on=decision.held_on, actor="test", today=date(2026, 10, 9)
    )
    first = pair.export("b1.zip")
    assert first.counts["decision_step"] == 1
    dist.import_bundle(district, first.path, pair.keys)
    with district.session() as s:
        (row,) = s.scalars(select(DistrictDecision))
        assert row.state == "with_akim"
    pair.ack()
    record_step(store, decision.id, "agreed", on=date(2026, 10, 9), actor="test", today=date(2026, 10, 9))
    second = pair.export("b2.zip")
    assert second.counts["decision_step"] == 1 and second.counts["sitting"] == 0
    dist.import_bundle(district, second.path, pair.keys)
    states = ov.district_overview(district).decision_states
    assert states == {"in_force": 1}  # agreeing the draft budget needs no execution: closed once approved
