"""No file can hurt the district: bombs, hostile zip entries and malformed manifests are refused,
each with its own message, reading no more than the limits allow, and nothing is written."""

from __future__ import annotations

import hashlib
import json
import tracemalloc
import zipfile

import pytest

from tests.conftest import copy_store
from tests.services.sync import helpers as h
from tests.services.sync import zipcraft as zc
from zhoob_desktop.services.demo import create_demo
from zhoob_desktop.services.store import open_store
from zhoob_desktop.services.sync import bounded
from zhoob_desktop.services.sync import district as dist
from zhoob_desktop.services.sync import errors as E
from zhoob_desktop.services.sync import export as ex
from zhoob_desktop.services.sync.container import BundleReader, canonical_json
from zhoob_desktop.services.sync.keys import DistrictKeys, OkrugKeys, fingerprint, store_seal

BOMB = 256 * bounded.MiB  # what the hostile members inflate to


@pytest.fixture(scope="module")
def demo(tmp_path_factory, template_store_dir):
    """The demo okrug (about 3,000 residents) with its key, a plain and a sealed bundle, and a bomb."""
    folder = tmp_path_factory.mktemp("bounded")
    data = folder / "okrug"
    data.mkdir()
    copy_store(template_store_dir, data)
    store = open_store(data)
    create_demo(store)
    keys = DistrictKeys(folder / "district-keys", "Іле ауданы").ensure()
    (folder / "district.key").write_bytes(keys.public().to_json())
    ex.import_district_key(store, folder / "district.key")
    ex.export_public_key(store, folder / "okrug.key")
    plain = ex.export_bundle(store, folder / "plain.zip", seal=False).path
    sealed = ex.export_bundle(store, folder / "sealed.zip").path
    sign = ex.okrug_keys(store).sign
    store.close(backup=False)
    bomb = zc.deflated(zc.zeros(BOMB))
    return {
        "zlib_bomb": zlib_stream(),
        "folder": folder,
        "keys": keys,
        "plain": plain,
        "sealed": sealed,
        "sign": sign,
        "bomb": bomb,
    }


@pytest.fixture
def dstore(district, demo):
    dist.register_okrug(district, demo["folder"] / "okrug.key")
    return district


def _entries(path) -> list[zc.Entry]:
    """The bundle's members as zipcraft entries (stored, as the writer stores them)."""
    with zipfile.ZipFile(path) as z:
        return [zc.entry_from(i.filename, z.read(i.filename)) for i in z.infolist()]


def _largest_member(path) -> int:
    manifest = json.loads(h.members(path)["manifest.json"])
    return max(entry["size"] for entry in manifest["files"].values())


def _replace(entries: list[zc.Entry], name: str, new: zc.Entry) -> list[zc.Entry]:
    return [new if e.name == name.encode() else e for e in entries]


def _bomb_entry(demo, name: str, *, claimed: int | None = None) -> zc.Entry:
    data, crc, size = demo["bomb"]
    return zc.Entry(name.encode(), data, zc.DEFLATED, 0, crc, size if claimed is None else claimed)


def _signed(demo, entries: list[zc.Entry], edit) -> list[zc.Entry]:
    """Entries with the manifest edited and signed again with the okrug's own key."""
    manifest = json.loads(next(e.data for e in entries if e.name == b"manifest.json"))
    edit(manifest)
    body = canonical_json(manifest)
    entries = _replace(entries, "manifest.json", zc.entry_from("manifest.json", body))
    return _replace(entries, "manifest.sig", zc.entry_from("manifest.sig", demo["sign"](body)))


def _zlib_bomb(demo, entries):
    """resident.jsonl as a zlib stream inflating to 256 MiB, its hash (not its size) put in the
    manifest and the manifest signed by the okrug: only the cap at the announced size stops it."""
    stored = demo["zlib_bomb"]
    name = "register/resident.jsonl"

    def edit(m):
        m["files"][name]["sha256"] = hashlib.sha256(stored).hexdigest()

    return _signed(demo, _replace(entries, name, zc.entry_from(name, stored)), edit)


def zlib_stream() -> bytes:
    import zlib

    z = zlib.compressobj(9)
    out = [z.compress(chunk) for chunk in zc.zeros(BOMB)]
    out.append(z.flush())
    return b"".join(out)


def _too_many(demo, entries):
    extra = [zc.entry_from(f"x/{i}", b"") for i in range(bounded.MAX_MEMBERS + 1)]
    return entries + extra


BOMBS = {
    # name: (build the entries from the genuine ones, the refusal)
    "manifest inflating to 256 MiB": (
        lambda d, e: _replace(e, "manifest.json", _bomb_entry(d, "manifest.json")),
        E.BundleTooLarge,
    ),
    "manifest inflating past the size its header claims": (
        lambda d, e: _replace(e, "manifest.json", _bomb_entry(d, "manifest.json", claimed=4000)),
        E.ManifestInvalid,
    ),
    "signature inflating to 256 MiB": (
        lambda d, e: _replace(e, "manifest.sig", _bomb_entry(d, "manifest.sig")),
        E.SignatureInvalid,
    ),
    "member inflating to 256 MiB": (
        lambda d, e: _replace(e, "register/resident.jsonl", _bomb_entry(d, "register/resident.jsonl")),
        E.MemberOversized,
    ),
    "member whose header lies about its size": (
        lambda d, e: _replace(
            e, "register/resident.jsonl", _bomb_entry(d, "register/resident.jsonl", claimed=1000)
        ),
        E.HashMismatch,
    ),
    "signed member whose zlib data inflates to 256 MiB": (_zlib_bomb, E.MemberSizeMismatch),
    "10,001 files": (_too_many, E.BundleTooLarge),
}


@pytest.mark.slow
@pytest.mark.parametrize("bomb", list(BOMBS))
def test_a_bomb_is_refused_within_twice_the_largest_member(dstore, demo, tmp_path, bomb):
    build, error = BOMBS[bomb]
    path = tmp_path / "bomb.zip"
    path.write_bytes(zc.build(build(demo, _entries(demo["plain"]))))
    largest = _largest_member(demo["plain"])
    before = h.dump(dstore)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        with pytest.raises(error) as caught:
            dist.import_bundle(dstore, path, demo["keys"])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(path) in caught.value.message()
    assert peak < 2 * largest, f"{bomb}: peak {peak:,} bytes, largest legitimate member {largest:,}"
    assert h.dump(dstore) == before


def test_reading_a_member_holds_its_stored_and_plain_bytes_only(demo):
    with BundleReader(demo["sealed"]) as reader:
        reader.verify_members()
        name = "register/resident.jsonl"
        size = reader.info.files[name].size
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            plain = reader.read(name, demo["keys"].seal_private)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert len(plain) == size
    assert peak < 2 * size, f"peak {peak:,} bytes for a member of {size:,}"


def _refused(dstore, demo, path, error):
    before = h.dump(dstore)
    with pytest.raises(error) as caught:
        dist.import_bundle(dstore, path, demo["keys"])
    assert h.dump(dstore) == before
    return caught.value.message()


def _with_flags(entries, name, *, flags=0, method=None):
    out = []
    for e in entries:
        if e.name == name.encode():
            e = zc.Entry(
                e.name, e.data, e.method if method is None else method, e.flags | flags, e.crc, e.size
            )
        out.append(e)
    return out


@pytest.mark.parametrize(
    ("what", "edit", "error", "words"),
    [
        (
            "encrypted",
            lambda e: _with_flags(e, "register/resident.jsonl", flags=0x1),
            E.EntryEncrypted,
            "encrypted",
        ),
        (
            "bzip2",
            lambda e: _with_flags(e, "register/house.jsonl", method=12),
            E.EntryUnsupported,
            "method 12",
        ),
        ("unknown method", lambda e: _with_flags(e, "manifest.json", method=99), E.EntryUnsupported, "99"),
        (
            "name not UTF-8",
            lambda e: [*e, zc.Entry(b"\xff\xfe.jsonl", b"", flags=zc.FLAG_UTF8)],
            E.NotABundle,
            "UTF-8",
        ),
        (
            "directory claiming more files than allowed",
            lambda e: e,
            E.BundleTooLarge,
            "at most",
        ),
    ],
)
def test_hostile_zip_entries_are_named(dstore, demo, tmp_path, what, edit, error, words):
    entries = edit(_entries(demo["plain"]))
    path = tmp_path / "hostile.zip"
    count = bounded.MAX_MEMBERS + 1 if what.startswith("directory") else None
    path.write_bytes(zc.build(entries, count=count))
    assert words in _refused(dstore, demo, path, error)


def test_a_manifest_nested_200000_deep_is_refused(dstore, demo, tmp_path):
    entries = _replace(
        _entries(demo["plain"]),
        "manifest.json",
        zc.entry_from("manifest.json", b"[" * 200_000 + b"]" * 200_000),
    )
    path = tmp_path / "deep.zip"
    path.write_bytes(zc.build(entries))
    assert "nested" in _refused(dstore, demo, path, E.ManifestInvalid)


@pytest.mark.parametrize(
    ("field", "edit"),
    [
        ("files[register/resident.jsonl]", lambda m: m["files"].update({"register/resident.jsonl": 7})),
        ("files[register/house.jsonl].size", lambda m: m["files"]["register/house.jsonl"].update(size="big")),
        ("seq", lambda m: m.update(seq=True)),
        ("okrug.id", lambda m: m["okrug"].update(id="not-a-uuid")),
        ("counts.resident", lambda m: m["counts"].update(resident=-1)),
        ("files[../../etc/passwd]", lambda m: m["files"].update({"../../etc/passwd": {}})),
    ],
)
def test_a_signed_manifest_with_a_malformed_field_names_it(dstore, demo, tmp_path, field, edit):
    path = tmp_path / "field.zip"
    path.write_bytes(zc.build(_signed(demo, _entries(demo["plain"]), edit)))
    assert field in _refused(dstore, demo, path, E.ManifestInvalid)


def test_an_assigned_step_without_its_due_date_is_refused(store, district, tmp_path):
    """A signed step the decisions area's fold cannot take refuses the bundle before a write."""
    import uuid
    from datetime import date

    from zhoob_desktop.services.decisions.register import list_decisions, record_step

    pair = h.make_pair(store, district, tmp_path, residents=3, sittings=1)
    decision = list_decisions(store)[0]
    record_step(
        store, decision.id, "protocol_handed", on=decision.held_on, actor="t", today=date(2026, 10, 9)
    )
    path = pair.export("b.zip", seal=False).path

    def assigned_without_due(items):
        (handed,) = h.jsonl_lines(items["decisions/decision_step.jsonl"])
        new = str(uuid.uuid4())
        data = {
            **handed["data"],
            "id": new,
            "seq": 2,
            "step": "assigned",
            "data": {"responsible": "Ауыл әкімі"},
        }
        items["decisions/decision_step.jsonl"] = h.to_jsonl([handed, {**handed, "id": new, "data": data}])

    key = OkrugKeys(store.data_dir, seal=store_seal(store)).ensure()
    forged = h.resign(path, tmp_path / "nodue.zip", key.sign, edit_members=assigned_without_due, recount=True)
    before = h.dump(district)
    with pytest.raises(E.RecordInvalid) as caught:
        dist.import_bundle(district, forged, pair.keys)
    assert "assigned" in caught.value.message() and "decisions/decision_step.jsonl" in caught.value.message()
    assert h.dump(district) == before


def test_a_damaged_sealed_member_is_told_from_another_districts_key(dstore, demo, tmp_path):
    entries = _entries(demo["sealed"])
    name = "register/resident.jsonl"
    box = bytearray(next(e.data for e in entries if e.name == name.encode()))
    box[100] ^= 0x01  # inside the ciphertext: the hash is fixed and signed again, the seal is not

    def edit(m):
        m["files"][name]["sha256"] = hashlib.sha256(bytes(box)).hexdigest()

    path = tmp_path / "damaged.zip"
    path.write_bytes(zc.build(_signed(demo, _replace(entries, name, zc.entry_from(name, bytes(box))), edit)))
    assert "damaged or altered" in _refused(dstore, demo, path, E.SealedMemberDamaged)

    other = DistrictKeys(tmp_path / "other").ensure()
    before = h.dump(dstore)
    with pytest.raises(E.SealedForOtherKey) as caught:
        dist.import_bundle(dstore, demo["sealed"], other)
    message = caught.value.message()
    sealing = [fingerprint(k.public().seal_key) for k in (demo["keys"], other)]
    assert sealing[0] in message and sealing[1] in message
    assert h.dump(dstore) == before
