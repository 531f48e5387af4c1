"""What the district must not overwrite silently: each case is stored as a conflict and reported."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.services.sync import helpers as h
from zhoob_desktop.models.meeting import SittingEvent
from zhoob_desktop.models.register import Resident
from zhoob_desktop.models.sync import SyncConflict
from zhoob_desktop.services.meeting import journal as mj
from zhoob_desktop.services.register.iin import make_iin
from zhoob_desktop.services.register.residents import ResidentInput, create_resident
from zhoob_desktop.services.sync import district as dist
from zhoob_desktop.services.sync.keys import OkrugKeyFile, OkrugKeys, store_seal
from zhoob_desktop.services.sync.labels import conflict_text


@pytest.fixture
def pair(store, district, tmp_path):
    return h.make_pair(store, district, tmp_path, residents=4, sittings=1)


def _conflicts(dstore) -> list[SyncConflict]:
    with dstore.session() as s:
        return list(s.scalars(select(SyncConflict).order_by(SyncConflict.kind)))


def _next(manifest, previous):
    manifest["bundle_id"] = str(uuid.uuid4())
    manifest["seq"] = previous["seq"] + 1
    manifest["prev_bundle_id"] = previous["bundle_id"]


def _manifest(path) -> dict:
    return json.loads(h.members(path)["manifest.json"])


def test_same_revision_with_other_content_is_a_conflict(pair, tmp_path):
    path = pair.export("b1.zip", seal=False).path
    dist.import_bundle(pair.district, path, pair.keys)
    first = _manifest(path)
    victim = str(pair.residents[1].id)

    def rename(items):
        lines = h.jsonl_lines(items["register/resident.jsonl"])
        for line in lines:
            if line["id"] == victim:
                line["data"]["surname"] = "Жалған"
        items["register/resident.jsonl"] = h.to_jsonl(lines)

    key = OkrugKeys(pair.store.data_dir, seal=store_seal(pair.store)).ensure()
    forged = h.resign(
        path, tmp_path / "b2.zip", key.sign, edit_members=rename, edit_manifest=lambda m: _next(m, first)
    )
    result = dist.import_bundle(pair.district, forged, pair.keys)
    assert [(c.kind, c.entity, str(c.record_id)) for c in result.conflicts] == [
        ("record", "resident", victim)
    ]
    with pair.district.session() as s:
        assert s.get(Resident, pair.residents[1].id).surname == pair.residents[1].surname
    (stored,) = _conflicts(pair.district)
    assert stored.kind == "record" and stored.bundle_seq == 2
    assert "revision" in conflict_text(stored.kind, stored.entity, stored.record_id, stored.detail)


def _second_okrug(district, tmp_path):
    thief = OkrugKeys(tmp_path / "okrug-b").ensure()
    b_id = str(uuid.uuid4())
    (tmp_path / "b.key").write_bytes(
        OkrugKeyFile(uuid.UUID(b_id), "Екінші округ", thief.public_key).to_json()
    )
    dist.register_okrug(district, tmp_path / "b.key")
    return thief, b_id


def _as_okrug(b_id):
    def edit(items):
        okrug = h.jsonl_lines(items["okrug.jsonl"])
        okrug[0]["id"] = okrug[0]["data"]["id"] = b_id
        items["okrug.jsonl"] = h.to_jsonl(okrug)
        for name in [n for n in items if n.startswith("sittings/")]:
            del items[name]

    return edit


def test_a_resident_whose_iin_another_okrug_holds_is_a_conflict(store, district, tmp_path):
    pair = h.make_pair(store, district, tmp_path, residents=2, sittings=1)
    born = date(1985, 4, 12)
    holder = create_resident(
        store,
        ResidentInput(surname="Иинов", given_name="Ержан", iin=make_iin(born, "M", 7), birth_date=born),
        actor="t",
    )
    path = pair.export("a.zip", seal=False).path
    dist.import_bundle(district, path, pair.keys)

    # A second okrug sends a new person with a taken IIN.
    thief, b_id = _second_okrug(district, tmp_path)
    newcomer = str(uuid.uuid4())

    def as_b(items):
        _as_okrug(b_id)(items)
        residents = [x for x in h.jsonl_lines(items["register/resident.jsonl"]) if x["id"] == str(holder.id)]
        residents[0]["id"] = residents[0]["data"]["id"] = newcomer
        residents[0]["data"]["settlement_id"] = residents[0]["data"]["street_id"] = None
        items["register/resident.jsonl"] = h.to_jsonl(residents)
        items["register/settlement.jsonl"] = items["register/street.jsonl"] = b""

    def manifest_b(m):
        m["okrug"]["id"] = b_id
        m["bundle_id"] = str(uuid.uuid4())
        m["counts"].update(resident=1, settlement=0, street=0, sitting=0, event=0)

    forged = h.resign(path, tmp_path / "b.zip", thief.sign, edit_members=as_b, edit_manifest=manifest_b)
    result = dist.import_bundle(district, forged, pair.keys)
    (unique,) = result.conflicts
    assert (unique.kind, unique.entity) == ("unique", "resident")
    assert unique.detail["columns"] == ["iin"] and unique.detail["held_by"] == str(holder.id)
    with district.session() as s:
        assert s.get(Resident, uuid.UUID(newcomer)) is None
    (stored,) = _conflicts(district)
    assert stored.payload["line"]["id"] == newcomer, "the conflict keeps what the bundle carried"


def test_two_different_journals_for_one_sitting(pair, tmp_path):
    path = pair.export("b1.zip", seal=False).path
    dist.import_bundle(pair.district, path, pair.keys)
    with pair.district.session() as s:
        held = s.scalar(select(func.count()).select_from(SittingEvent))

    def rewrite_last_event(items):
        name = next(n for n in items if n.endswith("journal.jsonl"))
        lines = h.jsonl_lines(items[name])
        last = lines[-1]
        last["recorded_at"] = last["recorded_at"].replace("2026", "2025")
        last["hash"] = mj.event_hash({k: v for k, v in last.items() if k != "hash"})
        items[name] = h.to_jsonl(lines)

    key = OkrugKeys(pair.store.data_dir, seal=store_seal(pair.store)).ensure()
    first = _manifest(path)
    forged = h.resign(
        path,
        tmp_path / "b2.zip",
        key.sign,
        edit_members=rewrite_last_event,
        edit_manifest=lambda m: _next(m, first),
    )
    result = dist.import_bundle(pair.district, forged, pair.keys)
    (conflict,) = result.conflicts
    assert conflict.kind == "journal" and conflict.detail["seq"] == held
    with pair.district.session() as s:
        assert s.scalar(select(func.count()).select_from(SittingEvent)) == held


def test_gap_in_the_bundle_numbers(pair):
    b1 = pair.export("b1.zip").path
    pair.export("b2.zip")
    b3 = pair.export("b3.zip").path
    dist.import_bundle(pair.district, b1, pair.keys)
    result = dist.import_bundle(pair.district, b3, pair.keys)
    (gap,) = result.conflicts
    assert gap.kind == "gap" and (gap.detail["missing_from"], gap.detail["missing_to"]) == (2, 2)
    assert "2" in conflict_text(gap.kind, gap.entity, gap.record_id, gap.detail)
    listed = dist.list_conflicts(pair.district)
    assert [c.kind for c in listed] == ["gap"]


def test_removal_of_a_street_still_lived_on_is_a_conflict(pair, tmp_path):
    from zhoob_desktop.models.register import Street

    path = pair.export("b1.zip", seal=False).path
    dist.import_bundle(pair.district, path, pair.keys)
    street_id = str(pair.residents[0].street_id)
    first = _manifest(path)

    def tombstone(items):
        lines = h.jsonl_lines(items["register/street.jsonl"])
        items["register/street.jsonl"] = h.to_jsonl(
            [{"id": x["id"], "rev": x["rev"] + 1000, "deleted": True} for x in lines if x["id"] == street_id]
        )
        items["register/resident.jsonl"] = b""
        items["register/settlement.jsonl"] = b""
        for name in [n for n in items if n.startswith("sittings/")]:
            del items[name]

    def counts(m):
        _next(m, first)
        m["counts"].update(street=1, resident=0, settlement=0, sitting=0, event=0)

    key = OkrugKeys(pair.store.data_dir, seal=store_seal(pair.store)).ensure()
    forged = h.resign(path, tmp_path / "b2.zip", key.sign, edit_members=tombstone, edit_manifest=counts)
    result = dist.import_bundle(pair.district, forged, pair.keys)
    assert [(c.kind, c.entity, str(c.record_id)) for c in result.conflicts] == [
        ("dependency", "street", street_id)
    ]
    with pair.district.session() as s:
        assert s.get(Street, uuid.UUID(street_id)) is not None
