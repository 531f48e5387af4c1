"""Every conflict can be settled: accepted, rejected or settled with who/when/why, or closed by itself."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests.services.sync import helpers as h
from tests.services.sync.okrug_data import add_residents, make_okrug
from zhoob_desktop.models.register import Resident
from zhoob_desktop.models.sync import SyncConflict
from zhoob_desktop.services.register.iin import make_iin
from zhoob_desktop.services.register.residents import ResidentInput, create_resident, mark_left
from zhoob_desktop.services.store import open_store
from zhoob_desktop.services.sync import conflicts, receipts
from zhoob_desktop.services.sync import district as dist
from zhoob_desktop.services.sync import errors as E
from zhoob_desktop.services.sync import export as ex
from zhoob_desktop.services.sync import overview as ov
from zhoob_desktop.services.sync.keys import OkrugKeys, store_seal

WHEN = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def pair(store, district, tmp_path):
    return h.make_pair(store, district, tmp_path, residents=4, sittings=1)


def _stored(dstore) -> list[SyncConflict]:
    with dstore.session() as s:
        return list(s.scalars(select(SyncConflict).order_by(SyncConflict.detected_at)))


def _record_conflict(pair, tmp_path):
    dist.import_bundle(pair.district, pair.export("b1.zip", seal=False).path, pair.keys)
    forked = _forked_clear(pair, tmp_path)
    result = dist.import_bundle(pair.district, forked, pair.keys)
    (found,) = result.conflicts
    assert found.kind == "record"
    (c,) = dist.list_conflicts(pair.district)
    return c


def _forked_clear(pair, tmp_path, surname="Басқаев"):
    real = pair.export("b2.zip", seal=False).path
    victim = str(pair.residents[1].id)

    def rename(items):
        lines = h.jsonl_lines(items["register/resident.jsonl"])
        for line in lines:
            if line["id"] == victim:
                line["data"]["surname"] = surname
        items["register/resident.jsonl"] = h.to_jsonl(lines)

    key = OkrugKeys(pair.store.data_dir, seal=store_seal(pair.store)).ensure()
    return h.resign(real, tmp_path / f"fork-{surname}.zip", key.sign, edit_members=rename)


def _surname(dstore, rid) -> str:
    with dstore.session() as s:
        return s.get(Resident, rid).surname


def test_accepting_takes_what_the_bundle_carried(pair, tmp_path):
    c = _record_conflict(pair, tmp_path)
    victim = pair.residents[1]
    assert _surname(pair.district, victim.id) == victim.surname
    with pytest.raises(E.ConflictNeedsReason):
        conflicts.resolve(pair.district, c.id, "accept", by="", reason="—")
    row = conflicts.resolve(
        pair.district, str(c.id)[:8], "accept", by="Ахметов Б.", reason="округ растады", now=lambda: WHEN
    )
    assert (row.status, row.resolved_by, row.resolution, row.resolved_at) == (
        "accepted",
        "Ахметов Б.",
        "округ растады",
        WHEN,
    )
    assert _surname(pair.district, victim.id) == "Басқаев"
    assert dist.list_conflicts(pair.district) == []
    (decided,) = dist.list_conflicts(pair.district, include_resolved=True)
    assert decided.status == "accepted"
    with pytest.raises(E.ConflictResolved):
        conflicts.resolve(pair.district, c.id, "reject", by="x", reason="y")


def test_rejecting_keeps_the_district_version_and_travels_back(pair, tmp_path):
    c = _record_conflict(pair, tmp_path)
    conflicts.resolve(pair.district, c.id, "reject", by="Ахметов Б.", reason="тегі қате", now=lambda: WHEN)
    assert _surname(pair.district, pair.residents[1].id) == pair.residents[1].surname
    assert pair.ack() == [1, 2]
    (verdict,) = ex.list_verdicts(pair.store)
    assert (verdict.status, verdict.entity, verdict.record_id) == (
        "rejected",
        "resident",
        pair.residents[1].id,
    )
    assert (verdict.resolved_by, verdict.resolution) == ("Ахметов Б.", "тегі қате")
    assert verdict.resent
    # The okrug sends the refused record again; as the district holds it, the conflict is over.
    again = pair.export("b3.zip", seal=False)
    assert again.resent == 1 and again.counts["resident"] == 1
    result = dist.import_bundle(pair.district, again.path, pair.keys)
    assert result.conflicts == [] and result.unchanged.get("resident") == 1 and result.closed == 1
    (held,) = _stored(pair.district)
    assert (
        held.status == "closed"
        and held.resolution == "the okrug sent the record again as the district holds it"
    )
    pair.ack()
    assert not ex.list_verdicts(pair.store)[0].resent
    assert pair.export("b4.zip", seal=False).resent == 0


def test_settling_closes_without_a_change(pair, tmp_path):
    c = _record_conflict(pair, tmp_path)
    conflicts.resolve(pair.district, c.id, "settle", by="Ахметов Б.", reason="телефон арқылы келісілді")
    assert _surname(pair.district, pair.residents[1].id) == pair.residents[1].surname
    assert dist.list_conflicts(pair.district) == []
    pair.ack()
    (verdict,) = ex.list_verdicts(pair.store)
    assert verdict.status == "settled" and not verdict.resent


def test_a_corrected_record_closes_the_conflict_by_itself(pair, tmp_path):
    from tests.services.sync.test_roundtrip import _rename

    c = _record_conflict(pair, tmp_path)
    conflicts.resolve(pair.district, c.id, "reject", by="Ахметов Б.", reason="тегі қате")
    pair.ack()
    _rename(pair.store, pair.residents[1], "Дұрысов")
    result = dist.import_bundle(pair.district, pair.export("b3.zip", seal=False).path, pair.keys)
    assert result.closed == 1 and result.conflicts == []
    (held,) = _stored(pair.district)
    assert held.status == "closed" and held.resolved_by == ""
    assert _surname(pair.district, pair.residents[1].id) == "Дұрысов"
    pair.ack()
    (verdict,) = ex.list_verdicts(pair.store)
    assert verdict.status == "closed" and not verdict.resent


def test_a_gap_closes_when_the_missing_bundle_arrives(pair):
    b1 = pair.export("b1.zip").path
    b2 = pair.export("b2.zip").path
    b3 = pair.export("b3.zip").path
    dist.import_bundle(pair.district, b1, pair.keys)
    (gap,) = dist.import_bundle(pair.district, b3, pair.keys).conflicts
    assert gap.kind == "gap"
    assert [c.kind for c in dist.list_conflicts(pair.district)] == ["gap"]
    result = dist.import_bundle(pair.district, b2, pair.keys)
    assert result.closed == 1
    assert dist.list_conflicts(pair.district) == []
    (closed,) = dist.list_conflicts(pair.district, include_resolved=True)
    assert closed.status == "closed" and closed.resolution == "the missing bundles arrived"


def test_a_gap_can_be_written_off(pair):
    dist.import_bundle(pair.district, pair.export("b1.zip").path, pair.keys)
    pair.export("lost.zip")
    dist.import_bundle(pair.district, pair.export("b3.zip").path, pair.keys)
    (gap,) = dist.list_conflicts(pair.district)
    row = conflicts.resolve(pair.district, gap.id, "accept", by="Ахметов Б.", reason="флешка жоғалды")
    assert row.status == "accepted" and dist.list_conflicts(pair.district) == []


def test_a_conflict_that_still_stands_cannot_be_accepted(store, district, tmp_path):
    """An IIN still held by another okrug's current resident: accepting is refused, saying why."""
    pair = h.make_pair(store, district, tmp_path, residents=2, sittings=0)
    born = date(1985, 4, 12)
    iin = make_iin(born, "M", 7)
    create_resident(
        store, ResidentInput(surname="Иинов", given_name="Ержан", iin=iin, birth_date=born), actor="t"
    )
    dist.import_bundle(district, pair.export("a.zip", seal=False).path, pair.keys)
    b_store, b_keys = _okrug_b(district, tmp_path)
    create_resident(
        b_store, ResidentInput(surname="Иинов", given_name="Ержан", iin=iin, birth_date=born), actor="t"
    )
    result = dist.import_bundle(district, ex.export_bundle(b_store, tmp_path / "b.zip", seal=False).path)
    (unique,) = result.conflicts
    (c,) = dist.list_conflicts(district)
    with pytest.raises(E.ConflictStillStands) as caught:
        conflicts.resolve(district, c.id, "accept", by="Ахметов Б.", reason="тексерілді")
    assert "held by another record" in caught.value.message()
    assert dist.list_conflicts(district)[0].status == "open"
    b_store.close(backup=False)


def _okrug_b(district, tmp_path, name="Жаңаауыл ауылдық округі"):
    b_store = open_store(tmp_path / "okrug-b")
    make_okrug(b_store, name)
    ex.export_public_key(b_store, tmp_path / "b.key")
    dist.register_okrug(district, tmp_path / "b.key")
    return b_store, OkrugKeys(b_store.data_dir, seal=store_seal(b_store)).ensure()


def _person(store, iin, born, settlement=None):
    return create_resident(
        store,
        ResidentInput(
            surname="Көшпенов",
            given_name="Арман",
            iin=iin,
            birth_date=born,
            registered_on=date(2020, 1, 1),
        ),
        actor="t",
    )


@pytest.mark.parametrize("order", ["departure first", "arrival first"])
def test_a_resident_moving_between_okrugs_is_linked_not_a_conflict(store, district, tmp_path, order):
    pair = h.make_pair(store, district, tmp_path, residents=2, sittings=0)
    born = date(1990, 6, 1)
    iin = make_iin(born, "M", 11)
    leaving = _person(store, iin, born)
    dist.import_bundle(district, pair.export("a1.zip", seal=False).path, pair.keys)
    pair.ack()
    b_store, _b_keys = _okrug_b(district, tmp_path)
    add_residents(b_store, 1, settlement_name="Жаңаауыл")

    mark_left(store, leaving.id, "moved", date(2026, 9, 1), actor="t")
    departure = pair.export("a2.zip", seal=False).path
    arriving = _person(b_store, iin, born)
    arrival = ex.export_bundle(b_store, tmp_path / "b1.zip", seal=False).path

    first, second = (departure, arrival) if order == "departure first" else (arrival, departure)
    r1 = dist.import_bundle(district, first, pair.keys)
    r2 = dist.import_bundle(district, second, pair.keys)
    if order == "departure first":
        assert r1.conflicts == [] and r2.conflicts == [] and r2.moves == 1
    else:  # the arrival waits for the departure, then both are linked by themselves
        assert [c.kind for c in r1.conflicts] == ["unique"]
        assert r2.closed == 1
    assert dist.list_conflicts(district) == []
    with district.session() as s:
        assert s.get(Resident, arriving.id).iin == iin
        assert s.get(Resident, leaving.id).iin is None  # the IIN passed to the arrival
        assert s.get(Resident, leaving.id).left_reason == "moved"
    (move,) = ov.list_moves(district)
    assert (move.iin, move.from_okrug, move.to_okrug) == (
        iin,
        "Қарағайлы ауылдық округі",
        "Жаңаауыл ауылдық округі",
    )
    assert move.left_on == date(2026, 9, 1)

    # The old okrug sends its departed resident again later: still linked, no conflict.
    pair.ack()
    from tests.services.sync.test_roundtrip import _rename

    _rename(store, pair.residents[0], "Басқаұлы")
    from zhoob_desktop.services.register.residents import update_resident

    again = ResidentInput(
        surname="Көшпенұлы", given_name="Арман", iin=iin, birth_date=born, registered_on=date(2020, 1, 1)
    )
    update_resident(store, leaving.id, again, actor="t")
    later = dist.import_bundle(district, pair.export("a3.zip", seal=False).path, pair.keys)
    assert later.conflicts == []
    with district.session() as s:
        assert s.get(Resident, leaving.id).surname == "Көшпенұлы" and s.get(Resident, leaving.id).iin is None
    assert len(ov.list_moves(district)) == 1
    b_store.close(backup=False)


def test_a_person_who_died_is_not_a_move(store, district, tmp_path):
    pair = h.make_pair(store, district, tmp_path, residents=1, sittings=0)
    born = date(1950, 2, 2)
    iin = make_iin(born, "F", 3)
    gone = _person(store, iin, born)
    mark_left(store, gone.id, "died", date(2026, 5, 1), actor="t")
    dist.import_bundle(district, pair.export("a1.zip", seal=False).path, pair.keys)
    b_store, _keys = _okrug_b(district, tmp_path)
    _person(b_store, iin, born)
    result = dist.import_bundle(district, ex.export_bundle(b_store, tmp_path / "b1.zip", seal=False).path)
    assert [c.kind for c in result.conflicts] == ["unique"] and result.moves == 0
    b_store.close(backup=False)


def test_the_receipt_carries_every_conflict_and_a_newer_receipt_replaces_the_older(pair, tmp_path):
    from zhoob_desktop.services.okrug import get_okrug

    c = _record_conflict(pair, tmp_path)
    okrug_id = get_okrug(pair.store).id
    old = tmp_path / "old.json"
    receipts.make_receipt(pair.district, pair.keys, okrug_id, old, now=lambda: WHEN)
    conflicts.resolve(pair.district, c.id, "settle", by="Ахметов Б.", reason="келісілді")
    new = tmp_path / "new.json"
    info = receipts.make_receipt(
        pair.district, pair.keys, okrug_id, new, now=lambda: WHEN.replace(day=WHEN.day + 1)
    )
    assert info.conflicts == 1
    body = json.loads(new.read_text())["receipt"]
    assert body["conflicts"][0]["status"] == "settled" and body["conflicts"][0]["resolved_by"] == "Ахметов Б."
    receipts.import_receipt(pair.store, new)
    receipts.import_receipt(pair.store, old)  # older: the bundles are marked, the answers stay the newer ones
    (verdict,) = ex.list_verdicts(pair.store)
    assert verdict.status == "settled"
    # A receipt whose list was changed after signing is refused.
    forged = json.loads(new.read_text())
    forged["receipt"]["conflicts"][0]["status"] = "accepted"
    (tmp_path / "forged.json").write_text(json.dumps(forged))
    with pytest.raises(E.ReceiptInvalid):
        receipts.import_receipt(pair.store, tmp_path / "forged.json")


def test_conflicts_are_not_doubled_when_the_same_record_comes_again(pair, tmp_path):
    _record_conflict(pair, tmp_path)
    key = OkrugKeys(pair.store.data_dir, seal=store_seal(pair.store)).ensure()
    real = pair.export("b3.zip", seal=False).path
    victim = str(pair.residents[1].id)

    def rename(items):
        lines = h.jsonl_lines(items["register/resident.jsonl"])
        for line in lines:
            if line["id"] == victim:
                line["data"]["surname"] = "Басқаев"
        items["register/resident.jsonl"] = h.to_jsonl(lines)

    again = h.resign(real, tmp_path / "again.zip", key.sign, edit_members=rename)
    result = dist.import_bundle(pair.district, again, pair.keys)
    assert [c.kind for c in result.conflicts] == ["record"]
    (held,) = _stored(pair.district)
    assert held.bundle_seq == 2 and held.seen_seq == 3


def test_conflict_ids_are_found_by_their_beginning(pair, tmp_path):
    c = _record_conflict(pair, tmp_path)
    with pair.district.session() as s:
        assert conflicts.find(s, str(c.id)[:6]).id == c.id
        with pytest.raises(E.ConflictNotFound):
            conflicts.find(s, "ffffffff")
        with pytest.raises(E.ConflictNotFound):
            conflicts.find(s, str(uuid.uuid4()))


def test_an_accepted_journal_replaces_the_districts(pair, tmp_path):
    from sqlalchemy import func

    from zhoob_desktop.models.meeting import SittingEvent
    from zhoob_desktop.models.sync import DistrictSitting
    from zhoob_desktop.services.meeting import journal as mj

    dist.import_bundle(pair.district, pair.export("b1.zip", seal=False).path, pair.keys)
    real = pair.export("b2.zip", seal=False).path

    def rewrite_last_event(items):
        name = next(n for n in items if n.endswith("journal.jsonl"))
        lines = h.jsonl_lines(items[name])
        last = lines[-1]
        last["recorded_at"] = last["recorded_at"].replace("2026", "2025")
        last["hash"] = mj.event_hash({k: v for k, v in last.items() if k != "hash"})
        items[name] = h.to_jsonl(lines)

    key = OkrugKeys(pair.store.data_dir, seal=store_seal(pair.store)).ensure()
    forked = h.resign(real, tmp_path / "fork.zip", key.sign, edit_members=rewrite_last_event)
    (found,) = dist.import_bundle(pair.district, forked, pair.keys).conflicts
    assert found.kind == "journal"
    (c,) = dist.list_conflicts(pair.district)
    conflicts.resolve(pair.district, c.id, "accept", by="Ахметов Б.", reason="округтің журналы дұрыс")
    sid = pair.sittings[0]
    with pair.district.session() as s:
        events, _texts = mj.read_rows(s.connection(), sid)
        assert mj.verify_events(str(sid), events).ok
        assert events[-1].recorded_at.startswith("2025")
        assert s.get(DistrictSitting, sid).last_hash == events[-1].hash
        assert s.scalar(select(func.count()).select_from(SittingEvent)) == len(events)


def test_an_arrival_refused_for_its_iin_is_shown_and_sent_again(store, district, tmp_path):
    """The okrug whose resident was refused sees it pending and sends it with every bundle."""
    pair = h.make_pair(store, district, tmp_path, residents=1, sittings=0)
    born = date(1991, 3, 3)
    iin = make_iin(born, "F", 5)
    _person(store, iin, born)
    dist.import_bundle(district, pair.export("a1.zip", seal=False).path, pair.keys)
    b_store, _keys = _okrug_b(district, tmp_path)
    arriving = _person(b_store, iin, born)
    (refused,) = dist.import_bundle(
        district, ex.export_bundle(b_store, tmp_path / "b1.zip", seal=False).path
    ).conflicts
    assert refused.kind == "unique"
    receipts.make_receipt(district, pair.keys, _okrug_id(b_store), tmp_path / "rb.json")
    ex.import_district_key(b_store, tmp_path / "district.key")
    receipts.import_receipt(b_store, tmp_path / "rb.json")
    (verdict,) = ex.list_verdicts(b_store)
    assert verdict.status == "open" and verdict.resent and "Көшпенов" in verdict.subject
    again = ex.export_bundle(b_store, tmp_path / "b2.zip", seal=False)
    assert again.resent == 1 and not again.full
    lines = h.jsonl_lines(
        h._decode(h.members(again.path), json.loads(h.members(again.path)["manifest.json"]))[
            "register/resident.jsonl"
        ]
    )
    assert [line["id"] for line in lines] == [str(arriving.id)]
    b_store.close(backup=False)


def _okrug_id(store):
    from zhoob_desktop.services.okrug import get_okrug

    return get_okrug(store).id


def test_a_refused_sitting_is_sent_again_and_closes_when_it_agrees(pair, tmp_path):
    from zhoob_desktop.services.meeting import journal as mj

    dist.import_bundle(pair.district, pair.export("b1.zip", seal=False).path, pair.keys)
    real = pair.export("b2.zip", seal=False).path

    def rewrite_last_event(items):
        name = next(n for n in items if n.endswith("journal.jsonl"))
        lines = h.jsonl_lines(items[name])
        lines[-1]["recorded_at"] = lines[-1]["recorded_at"].replace("2026", "2025")
        lines[-1]["hash"] = mj.event_hash({k: v for k, v in lines[-1].items() if k != "hash"})
        items[name] = h.to_jsonl(lines)

    key = OkrugKeys(pair.store.data_dir, seal=store_seal(pair.store)).ensure()
    forked = h.resign(real, tmp_path / "fork.zip", key.sign, edit_members=rewrite_last_event)
    dist.import_bundle(pair.district, forked, pair.keys)
    (c,) = dist.list_conflicts(pair.district)
    conflicts.resolve(pair.district, c.id, "reject", by="Ахметов Б.", reason="журнал өзгертілген")
    pair.ack()
    again = pair.export("b3.zip", seal=False)
    assert again.resent == 1 and again.counts["sitting"] == 1 and not again.full
    result = dist.import_bundle(pair.district, again.path, pair.keys)
    assert result.conflicts == [] and result.closed == 1
    assert dist.list_conflicts(pair.district, include_resolved=True)[0].status == "closed"
