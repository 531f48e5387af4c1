"""A bundle touches only its own okrug: every record type of another okrug is refused before a write."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from tests.services.sync import helpers as h
from tests.services.sync.okrug_data import add_residents, make_okrug
from zhoob_desktop.services.register.structure import create_house
from zhoob_desktop.services.store import open_store
from zhoob_desktop.services.sync import district as dist
from zhoob_desktop.services.sync import errors as E
from zhoob_desktop.services.sync import export as ex
from zhoob_desktop.services.sync.keys import OkrugKeys, store_seal

OKRUG_A = "Қарағайлы ауылдық округі"


@pytest.fixture
def world(store, district, tmp_path):
    """Okrug A (villages, a house, residents, a held sitting with a decision step and a protocol),
    imported at the district, and okrug B registered with its own key and one plain bundle."""
    from zhoob_desktop.services.decisions.register import list_decisions, record_step
    from zhoob_desktop.services.documents.issue import finalise_protocol

    pair = h.make_pair(store, district, tmp_path, residents=4, sittings=1)
    create_house(store, pair.residents[0].street_id, "12")
    (decision,) = list_decisions(store)
    record_step(
        store, decision.id, "protocol_handed", on=decision.held_on, actor="t", today=date(2026, 10, 9)
    )
    finalise_protocol(store, pair.sittings[0], "kk", signed_on=date(2026, 10, 6), actor="t")
    a_bundle = pair.export("a.zip", seal=False).path
    dist.import_bundle(district, a_bundle, pair.keys)

    b_store = open_store(tmp_path / "okrug-b")
    make_okrug(b_store, "Жаңаауыл ауылдық округі")
    add_residents(b_store, 1, settlement_name="Жаңаауыл")
    ex.export_public_key(b_store, tmp_path / "b.key")
    dist.register_okrug(district, tmp_path / "b.key")
    b_bundle = ex.export_bundle(b_store, tmp_path / "b.zip", seal=False).path
    b_key = OkrugKeys(b_store.data_dir, seal=store_seal(b_store)).ensure()
    b_store.close(backup=False)
    a_items = h._decode(h.members(a_bundle), h.json.loads(h.members(a_bundle)["manifest.json"]))
    yield pair, a_items, b_bundle, b_key


def _lines(items, name):
    return h.jsonl_lines(items.get(name, b""))


def _forge(world, tmp_path, edit, name="forged.zip"):
    _pair, _a, b_bundle, b_key = world
    return h.resign(b_bundle, tmp_path / name, b_key.sign, edit_members=edit, recount=True)


def _cases(a):
    """(what is tried, edit of B's members) for every record type of okrug A."""
    settlement = _lines(a, "register/settlement.jsonl")[0]
    street = _lines(a, "register/street.jsonl")[0]
    house = _lines(a, "register/house.jsonl")[0]
    resident = next(x for x in _lines(a, "register/resident.jsonl") if x["data"]["settlement_id"])
    sitting_member = next(n for n in a if n.endswith("sitting.jsonl"))
    journal_member = sitting_member.replace("sitting.jsonl", "journal.jsonl")
    sitting = _lines(a, sitting_member)[0]
    step = _lines(a, "decisions/decision_step.jsonl")[0]
    meta = _lines(a, "protocols.jsonl")[0]

    def add(member, line):
        def edit(items):
            items[member] = items.get(member, b"") + h.to_jsonl([line])

        return edit

    def renamed(line, **data):
        new = uuid.uuid4()
        return {**line, "id": str(new), "data": {**line["data"], "id": str(new), **data}}

    def with_sitting(sitting_line, journal):
        def edit(items):
            sid = sitting_line["id"]
            items[f"sittings/{sid}/sitting.jsonl"] = h.to_jsonl([sitting_line])
            items[f"sittings/{sid}/journal.jsonl"] = journal

        return edit

    def other_sitting():
        new = str(uuid.uuid4())
        events = _lines(a, journal_member)
        for ev in events:  # a journal of its own, re-chained under the new id
            ev["sitting"] = new
        from zhoob_desktop.services.meeting import journal as mj

        prev = mj.GENESIS
        for ev in events:
            ev["prev"] = prev
            ev["hash"] = prev = mj.event_hash({k: v for k, v in ev.items() if k != "hash"})
        line = {**sitting, "id": new, "data": {**sitting["data"], "id": new}}
        return with_sitting(line, h.to_jsonl(events))

    def protocol(meta_line, pdf_from):
        def edit(items):
            name = f"protocols/{meta_line['id']}.pdf"
            items["protocols.jsonl"] = h.to_jsonl([{**meta_line, "file": name}])
            items[name] = a[pdf_from]

        return edit

    new_protocol = str(uuid.uuid4())
    return [
        ("village held by A", E.ForeignRecord, add("register/settlement.jsonl", settlement)),
        ("village naming A", E.ForeignRecord, add("register/settlement.jsonl", renamed(settlement))),
        ("street held by A", E.ForeignRecord, add("register/street.jsonl", street)),
        ("street in A's village", E.ForeignReference, add("register/street.jsonl", renamed(street))),
        ("house held by A", E.ForeignRecord, add("register/house.jsonl", house)),
        ("house on A's street", E.ForeignReference, add("register/house.jsonl", renamed(house))),
        ("resident held by A", E.ForeignRecord, add("register/resident.jsonl", resident)),
        (
            "resident in A's village",
            E.ForeignReference,
            add("register/resident.jsonl", renamed(resident, iin=None, street_id=None)),
        ),
        (
            "resident in A's house",
            E.ForeignReference,
            add(
                "register/resident.jsonl",
                renamed(resident, iin=None, settlement_id=None, street_id=None, house_id=house["id"]),
            ),
        ),
        ("sitting held by A", E.ForeignRecord, with_sitting(sitting, a[journal_member])),
        ("sitting naming A", E.ForeignRecord, other_sitting()),
        ("follow-up step held by A", E.ForeignRecord, add("decisions/decision_step.jsonl", step)),
        (
            "follow-up step of A's decision",
            E.ForeignReference,
            add("decisions/decision_step.jsonl", renamed(step, seq=2, step="agreed")),
        ),
        ("protocol held by A", E.ForeignRecord, protocol(meta, meta["file"])),
        (
            "protocol of A's sitting",
            E.ForeignReference,
            protocol({**meta, "id": new_protocol}, meta["file"]),
        ),
    ]


def test_every_record_type_of_another_okrug_is_refused(world, tmp_path):
    pair, a_items, _b, _key = world
    before = h.dump(pair.district)
    cases = _cases(a_items)
    assert len(cases) == 15
    for number, (what, error, edit) in enumerate(cases):
        forged = _forge(world, tmp_path, edit, f"forged{number}.zip")
        with pytest.raises(error) as caught:
            dist.import_bundle(pair.district, forged, pair.keys)
        message = caught.value.message()
        assert OKRUG_A in message, f"{what}: the owner is named: {message}"
        assert "Жаңаауыл" in message, f"{what}: the sender is named: {message}"
        assert h.dump(pair.district) == before, f"{what}: nothing may be written"


def test_the_finding_a_step_of_another_okrugs_decision_changes_nothing(world, tmp_path):
    """Okrug B's signed step for okrug A's decision does not turn A's decision "executed"."""
    from zhoob_desktop.services.sync import overview as ov

    pair, a_items, _b, _key = world
    step = _lines(a_items, "decisions/decision_step.jsonl")[0]
    forged_steps = []
    for seq, kind in enumerate(("agreed", "executed"), start=2):
        new = str(uuid.uuid4())
        forged_steps.append(
            {**step, "id": new, "data": {**step["data"], "id": new, "seq": seq, "step": kind}}
        )

    def edit(items):
        items["decisions/decision_step.jsonl"] = h.to_jsonl(forged_steps)

    with pytest.raises(E.ForeignReference):
        dist.import_bundle(pair.district, _forge(world, tmp_path, edit), pair.keys)
    assert ov.district_overview(pair.district).decision_states == {"with_akim": 1}


def test_own_records_still_import(world, tmp_path):
    pair, _a, b_bundle, _key = world
    result = dist.import_bundle(pair.district, b_bundle, pair.keys)
    assert result.added["resident"] == 1 and result.conflicts == []
