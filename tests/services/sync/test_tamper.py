"""A damaged or forged bundle is refused as a whole, with its own reason, and nothing is written."""

from __future__ import annotations

import json
import zipfile

import pytest

from tests.services.sync import helpers as h
from zhoob_desktop.services.meeting import journal as mj
from zhoob_desktop.services.sync import district as dist
from zhoob_desktop.services.sync import errors as E
from zhoob_desktop.services.sync.keys import DistrictKeys, OkrugKeys, store_seal


@pytest.fixture
def setup(store, district, tmp_path):
    pair = h.make_pair(store, district, tmp_path, residents=4, sittings=1)
    plain = pair.export("plain.zip", seal=False)
    return pair, plain.path


def _refused(pair, path, error, keys=None):
    before = h.dump(pair.district)
    with pytest.raises(error) as caught:
        dist.import_bundle(pair.district, path, keys or pair.keys)
    assert h.dump(pair.district) == before, "a refused bundle must leave the district store unchanged"
    message = caught.value.message()
    assert str(path) in message or error in (E.ForkedSequence,)
    return caught.value


def test_flipped_byte_in_every_member_is_refused(setup, tmp_path):
    pair, path = setup
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
    assert "manifest.json" in names and any(n.endswith("journal.jsonl") for n in names)
    for member in names:
        damaged = h.flip_byte_in_member(path, tmp_path / "flip.zip", member)
        if member == "manifest.sig":
            expected = E.SignatureInvalid
        elif member == "manifest.json":
            expected = (E.NotABundle, E.ManifestInvalid, E.SignatureInvalid)
        else:
            expected = E.HashMismatch
        exc = _refused(pair, damaged, expected)
        if expected is E.HashMismatch:
            assert exc.params["member"] == member


def test_edited_vote_breaks_the_journal_chain(setup, tmp_path):
    pair, path = setup

    def edit(items):
        name = next(n for n in items if n.endswith("journal.jsonl"))
        lines = h.jsonl_lines(items[name])
        vote = next(x for x in lines if x["type"] == "DECISION_VOTED")
        vote["payload"]["for"] -= 1
        vote["payload"]["against"] += 1
        items[name] = h.to_jsonl(lines)

    okrug_key = OkrugKeys(pair.store.data_dir, seal=store_seal(pair.store)).ensure()
    # Even re-signed with the okrug's own key, the chain gives the edit away.
    forged = h.resign(path, tmp_path / "vote.zip", okrug_key.sign, edit_members=edit)
    exc = _refused(pair, forged, E.JournalBroken)
    assert exc.params["seq"] > 1
    # Without the okrug's key the edit is caught by the hash, or by the signature once the hash is fixed.
    _refused(pair, h.edit_plain(path, tmp_path / "vote2.zip", edit), E.HashMismatch)
    other = OkrugKeys(tmp_path / "thief").ensure()
    _refused(pair, h.resign(path, tmp_path / "vote3.zip", other.sign, edit_members=edit), E.SignatureInvalid)


def test_dropped_file_truncation_and_foreign_key(setup, tmp_path):
    pair, path = setup
    items = h.members(path)
    dropped = next(n for n in items if n.startswith("register/resident"))
    del items[dropped]
    h.write_members(tmp_path / "drop.zip", items)
    assert _refused(pair, tmp_path / "drop.zip", E.MemberMissing).params["member"] == dropped

    data = path.read_bytes()
    for cut in (len(data) - 10, len(data) // 2, 100):
        (tmp_path / "cut.zip").write_bytes(data[:cut])
        _refused(pair, tmp_path / "cut.zip", E.NotABundle)

    other = OkrugKeys(tmp_path / "other").ensure()
    _refused(pair, h.resign(path, tmp_path / "resigned.zip", other.sign), E.SignatureInvalid)


def test_counts_format_and_extra_member(setup, tmp_path):
    pair, path = setup
    key = OkrugKeys(pair.store.data_dir, seal=store_seal(pair.store)).ensure()

    def more_residents(m):
        m["counts"]["resident"] += 1

    exc = _refused(
        pair, h.resign(path, tmp_path / "n.zip", key.sign, edit_manifest=more_residents), E.CountMismatch
    )
    assert exc.params["kind"] == "residents"

    def newer_format(m):
        m["format_version"] = 2

    _refused(
        pair, h.resign(path, tmp_path / "f.zip", key.sign, edit_manifest=newer_format), E.FormatUnsupported
    )

    items = h.members(path)
    items["notes.txt"] = b"hello"
    h.write_members(tmp_path / "x.zip", items)
    _refused(pair, tmp_path / "x.zip", E.MemberUnexpected)


def test_replay_of_an_old_bundle(setup, tmp_path):
    pair, path = setup
    dist.import_bundle(pair.district, path, pair.keys)
    _refused(pair, path, E.AlreadyImported)
    # The same bundle number again with other content (a restored laptop, or a forgery): refused.
    key = OkrugKeys(pair.store.data_dir, seal=store_seal(pair.store)).ensure()

    def new_id(m):
        import uuid

        m["bundle_id"] = str(uuid.uuid4())

    _refused(pair, h.resign(path, tmp_path / "replay.zip", key.sign, edit_manifest=new_id), E.ForkedSequence)


def test_unregistered_okrug_and_wrong_district_key(setup, tmp_path):
    pair, path = setup
    key = OkrugKeys(pair.store.data_dir, seal=store_seal(pair.store)).ensure()

    def stranger(m):
        m["okrug"]["id"] = "00000000-0000-0000-0000-000000000001"

    _refused(pair, h.resign(path, tmp_path / "s.zip", key.sign, edit_manifest=stranger), E.OkrugNotRegistered)
    sealed = pair.export("sealed.zip").path
    assert json.loads(h.members(sealed)["manifest.json"])["sealed"]
    _refused(pair, sealed, E.SealedForOtherKey, keys=DistrictKeys(tmp_path / "another-district").ensure())


def test_tampered_journal_hash_names_the_event(setup, tmp_path):
    pair, path = setup
    key = OkrugKeys(pair.store.data_dir, seal=store_seal(pair.store)).ensure()

    def relink(items):
        name = next(n for n in items if n.endswith("journal.jsonl"))
        lines = h.jsonl_lines(items[name])
        lines[3]["prev"] = mj.GENESIS
        items[name] = h.to_jsonl(lines)

    exc = _refused(pair, h.resign(path, tmp_path / "l.zip", key.sign, edit_members=relink), E.JournalBroken)
    assert exc.params["seq"] == 4


def test_tampered_replay_is_named_as_tampered(setup, tmp_path):
    pair, path = setup
    dist.import_bundle(pair.district, path, pair.keys)
    member = next(n for n in h.members(path) if n.startswith("register/resident"))
    damaged = h.flip_byte_in_member(path, tmp_path / "again.zip", member)
    assert _refused(pair, damaged, E.HashMismatch).params["member"] == member


def test_record_listed_twice_is_refused(setup, tmp_path):
    pair, path = setup
    key = OkrugKeys(pair.store.data_dir, seal=store_seal(pair.store)).ensure()

    def twice(items):
        lines = h.jsonl_lines(items["register/resident.jsonl"])
        items["register/resident.jsonl"] = h.to_jsonl([*lines, lines[0]])

    def count(m):
        m["counts"]["resident"] += 1

    forged = h.resign(path, tmp_path / "twice.zip", key.sign, edit_members=twice, edit_manifest=count)
    assert _refused(pair, forged, E.RecordInvalid).params["member"] == "register/resident.jsonl"


def test_a_text_longer_than_its_column_is_refused_on_every_database(setup, tmp_path):
    pair, path = setup
    key = OkrugKeys(pair.store.data_dir, seal=store_seal(pair.store)).ensure()

    def too_long(items):
        lines = h.jsonl_lines(items["register/resident.jsonl"])
        lines[-1]["data"]["surname"] = "Ұ" * 100_000  # the column holds 100 characters
        items["register/resident.jsonl"] = h.to_jsonl(lines)

    forged = h.resign(path, tmp_path / "long.zip", key.sign, edit_members=too_long)
    exc = _refused(pair, forged, E.RecordInvalid)
    assert "surname" in exc.message() and "100" in exc.message()
