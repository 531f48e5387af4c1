"""Keys, sealed boxes and the bundle container, without a database."""

from __future__ import annotations

import json
import os
import stat
import uuid
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from zhoob_desktop.services.sync import seal
from zhoob_desktop.services.sync.container import BundleReader, BundleWriter
from zhoob_desktop.services.sync.errors import (
    FormatUnsupported,
    HashMismatch,
    KeyFileInvalid,
    KeyFileUnsafe,
    MemberMissing,
    MemberUnexpected,
    NotABundle,
    SealedForOtherKey,
    SignatureInvalid,
)
from zhoob_desktop.services.sync.keys import DistrictKeyFile, DistrictKeys, OkrugKeys, raw_public


def test_okrug_key_is_made_once_with_owner_only_mode(tmp_path):
    keys = OkrugKeys(tmp_path).ensure()
    assert stat.S_IMODE(keys.path.stat().st_mode) == 0o600
    again = OkrugKeys(tmp_path).ensure()
    assert again.public_key == keys.public_key
    assert len(keys.fingerprint.replace(" ", "")) == 32


def test_private_key_readable_by_others_is_refused(tmp_path):
    keys = OkrugKeys(tmp_path).ensure()
    os.chmod(keys.path, 0o644)
    with pytest.raises(KeyFileUnsafe):
        OkrugKeys(tmp_path).ensure()


def test_district_key_file_round_trip(tmp_path):
    keys = DistrictKeys(tmp_path / "d", name="Іле ауданы").ensure()
    path = tmp_path / "district.key.json"
    path.write_bytes(keys.public().to_json())
    loaded = DistrictKeyFile.read(path)
    assert loaded == keys.public()
    path.write_text(json.dumps({"format": "zhoob-okrug-key"}))
    with pytest.raises(KeyFileInvalid):
        DistrictKeyFile.read(path)


def test_sealed_box_opens_only_with_its_key():
    private = X25519PrivateKey.generate()
    box = seal.seal("Әбілқайыр Ұлы".encode(), raw_public(private.public_key()), aad=b"x")
    assert "Әбілқайыр".encode() not in box
    assert seal.open_box(box, private, aad=b"x") == "Әбілқайыр Ұлы".encode()
    with pytest.raises(seal.SealError):
        seal.open_box(box, X25519PrivateKey.generate(), aad=b"x")
    with pytest.raises(seal.SealError):
        seal.open_box(box, private, aad=b"y")  # moved to another member name


PDF = f"protocols/{uuid.UUID(int=7)}.pdf"


def _bundle(tmp_path, keys, seal_to=None, name="b.zip"):
    writer = BundleWriter(tmp_path / name, keys.sign, seal_to=seal_to)
    writer.add("register/resident.jsonl", b'{"id": 1}\n{"id": 2}\n', kind="resident", records=2)
    writer.add(PDF, b"%PDF-1.4 fake", kind="protocol", records=1)
    writer.finish(
        {
            "seq": 1,
            "bundle_id": str(uuid.uuid4()),
            "created_at": "2026-10-05T10:00:00+00:00",
            "okrug": {"id": str(uuid.uuid4()), "name_kk": "Округ"},
            "full": True,
            "counts": {"resident": 2, "protocol": 1},
        }
    )
    return tmp_path / name


def test_container_round_trip_and_checks(tmp_path):
    keys = OkrugKeys(tmp_path / "o").ensure()
    path = _bundle(tmp_path, keys)
    with BundleReader(path) as reader:
        reader.verify_signature(keys.public_key, "X")
        reader.verify_members()
        assert reader.read("register/resident.jsonl").count(b"\n") == 2
        assert reader.manifest["files"][PDF]["records"] == 1
    other = OkrugKeys(tmp_path / "other").ensure()
    with BundleReader(path) as reader, pytest.raises(SignatureInvalid):
        reader.verify_signature(other.public_key, "X")
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file is left behind"


def test_sealed_members_need_the_district_key(tmp_path):
    okrug = OkrugKeys(tmp_path / "o").ensure()
    district = DistrictKeys(tmp_path / "d").ensure()
    path = _bundle(tmp_path, okrug, seal_to=district.public().seal_key)
    raw = path.read_bytes()
    assert b'"id": 1' not in raw and b"%PDF" not in raw
    with BundleReader(path) as reader:
        reader.verify_members()
        assert reader.read(PDF, district.seal_private) == b"%PDF-1.4 fake"
        with pytest.raises(SealedForOtherKey):
            reader.read(PDF, DistrictKeys(tmp_path / "d2").ensure().seal_private)


def _rewrite(path, drop=None, add=None, replace=None):
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for info, data in items:
            if info.filename == drop:
                continue
            if replace and info.filename in replace:
                data = replace[info.filename]
            z.writestr(info, data)
        if add:
            z.writestr(add, b"x")


def test_container_rejections(tmp_path):
    keys = OkrugKeys(tmp_path / "o").ensure()
    path = _bundle(tmp_path, keys)
    data = path.read_bytes()

    (tmp_path / "t.zip").write_bytes(data[: len(data) // 2])
    with pytest.raises(NotABundle):
        BundleReader(tmp_path / "t.zip")

    _rewrite(path, drop=PDF)
    with BundleReader(path) as reader, pytest.raises(MemberMissing):
        reader.verify_members()

    path = _bundle(tmp_path, keys)
    _rewrite(path, add="extra.txt")
    with BundleReader(path) as reader, pytest.raises(MemberUnexpected):
        reader.verify_members()

    path = _bundle(tmp_path, keys)
    _rewrite(path, replace={PDF: b"%PDF-1.4 fakE"})
    with BundleReader(path) as reader, pytest.raises(HashMismatch):
        reader.verify_members()

    path = _bundle(tmp_path, keys)
    with zipfile.ZipFile(path) as z:
        manifest = json.loads(z.read("manifest.json"))
    manifest["format_version"] = 99
    _rewrite(path, replace={"manifest.json": json.dumps(manifest).encode()})
    with pytest.raises(FormatUnsupported):
        BundleReader(path)


def test_check_reports_an_unsafe_key(store):
    from zhoob_desktop.services.checks import run_checks
    from zhoob_desktop.services.sync.export import okrug_keys

    assert run_checks(store)["sync keys"] == []
    keys = okrug_keys(store)
    assert run_checks(store)["sync keys"] == []
    os.chmod(keys.path, 0o640)
    (problem,) = run_checks(store)["sync keys"]
    assert "0600" in problem
