"""Private key files at rest: sealed with a key derived from the data key, plain ones sealed at log-in."""

from __future__ import annotations

import json
import shutil

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.services.sync.helpers import make_pair
from zhoob_desktop.services.security import audit
from zhoob_desktop.services.store import open_store
from zhoob_desktop.services.sync import keys as keystore
from zhoob_desktop.services.sync.district import import_bundle
from zhoob_desktop.services.sync.errors import KeyFileInvalid, KeyFileSealed, KeyFileSealedElsewhere
from zhoob_desktop.services.sync.export import export_bundle, key_problems, okrug_keys
from zhoob_desktop.services.sync.keys import DistrictKeys, OkrugKeys, store_seal


def _raw(key) -> bytes:
    return keystore._raw_private(key)


def test_a_new_key_is_sealed_and_a_copied_folder_does_not_yield_it(store):
    keys = okrug_keys(store)
    sealed = store.data_dir / "keys" / "okrug-ed25519.sealed"
    assert sealed.exists() and not (store.data_dir / "keys" / "okrug-ed25519.pem").exists()
    assert (sealed.stat().st_mode & 0o777) == 0o600
    raw = sealed.read_bytes()
    assert b"PRIVATE KEY" not in raw and _raw(keys._key) not in raw
    assert json.loads(raw)["format"] == "zhoob-sealed-key"
    # Without the data key (a copy of the folder): refused, nothing made in its place.
    with pytest.raises(KeyFileSealed):
        OkrugKeys(store.data_dir).ensure()
    again = OkrugKeys(store.data_dir, seal=store_seal(store)).ensure()
    assert again.public_key == keys.public_key
    assert keystore.verify(keys.public_key, again.sign(b"bundle"), b"bundle")


def test_plain_key_files_are_sealed_at_the_first_log_in(store, tmp_path):
    folder = store.data_dir
    okrug_plain = OkrugKeys(folder).ensure()  # as an earlier version wrote them
    district_plain = DistrictKeys(folder / "district-keys").ensure()
    public = (okrug_plain.public_key, district_plain.public().fingerprint)
    pem = (folder / "keys" / "okrug-ed25519.pem").read_bytes()
    store.close(backup=False)

    opened = open_store(folder)
    keystore.seal_at_log_in(opened)  # the window and every command, once logged in
    try:
        names = sorted(str(p.relative_to(folder)) for p in opened.keys_sealed)
        assert names == [
            "district-keys/district-ed25519.sealed",
            "district-keys/district-x25519.sealed",
            "keys/okrug-ed25519.sealed",
        ]
        assert not list(folder.rglob("*.pem"))
        for path in folder.rglob("*"):
            if path.is_file():
                assert b"PRIVATE KEY" not in path.read_bytes(), path
        # The copy kept inside the encrypted database.
        assert opened.get_setting(keystore.KEY_BACKUP_SETTING + "keys/okrug-ed25519.pem") == pem.decode()
        entry = audit.entries(opened, kind="keys.sealed")[-1]
        assert entry.detail["count"] == 3
        seal = store_seal(opened)
        okrug = OkrugKeys(folder, seal=seal).ensure()
        district = DistrictKeys(folder / "district-keys", seal=seal).ensure()
        assert (okrug.public_key, district.public().fingerprint) == public
        assert keystore.verify(public[0], okrug.sign(b"x"), b"x")
    finally:
        opened.close(backup=False)
    again = open_store(folder)
    keystore.seal_at_log_in(again)
    try:
        assert again.keys_sealed == [] and again.key_problems == []
    finally:
        again.close(backup=False)


def test_bundles_sign_and_verify_the_same_with_sealed_keys(store, district_sqlite, tmp_path):
    pair = make_pair(store, district_sqlite, tmp_path, residents=3, sittings=1)
    assert (store.data_dir / "keys" / "okrug-ed25519.sealed").exists()
    bundle = export_bundle(store, tmp_path / "b1.zhoob")
    result = import_bundle(district_sqlite, bundle.path, pair.keys)
    assert result.seq == bundle.seq == 1


def test_a_key_sealed_in_another_folder_is_refused_and_left_as_it_is(store, tmp_path):
    okrug_keys(store)
    # Not a copy of the test template (the copies share its data key): a folder with a key of its own.
    other_store = open_store(tmp_path / "other")
    try:
        target = other_store.data_dir / "keys"
        target.mkdir(mode=0o700)
        shutil.copy2(store.data_dir / "keys" / "okrug-ed25519.sealed", target)
        before = (target / "okrug-ed25519.sealed").read_bytes()
        with pytest.raises(KeyFileSealedElsewhere) as caught:
            okrug_keys(other_store)
        assert "another data folder" in caught.value.message()
        assert (target / "okrug-ed25519.sealed").read_bytes() == before
        assert sorted(p.name for p in target.iterdir()) == ["okrug-ed25519.sealed"]
        assert key_problems(other_store)
    finally:
        other_store.close(backup=False)


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],
        lambda raw: b"",
        lambda raw: raw.replace(b'"sealed": "', b'"sealed": "AAAA'),
        lambda raw: json.dumps({**json.loads(raw), "algorithm": "X25519"}).encode(),
    ],
)
def test_a_damaged_sealed_key_file_is_explained_and_nothing_changes(store, damage):
    okrug_keys(store)
    path = store.data_dir / "keys" / "okrug-ed25519.sealed"
    path.write_bytes(damage(path.read_bytes()))
    before = path.read_bytes()
    with pytest.raises((KeyFileInvalid, KeyFileSealedElsewhere)) as caught:
        okrug_keys(store)
    assert str(path) in caught.value.message()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["okrug-ed25519.sealed"]


def test_a_damaged_plain_key_file_is_left_and_the_log_in_goes_on(store):
    folder = store.data_dir
    (folder / "keys").mkdir(mode=0o700)
    plain = folder / "keys" / "okrug-ed25519.pem"
    plain.write_bytes(b"-----BEGIN PRIVATE KEY-----\nnot really\n-----END PRIVATE KEY-----\n")
    plain.chmod(0o600)
    store.close(backup=False)
    opened = open_store(folder)
    keystore.seal_at_log_in(opened)
    try:
        assert opened.keys_sealed == [] and "okrug-ed25519.pem" in opened.key_problems[0]
        assert plain.exists() and not (folder / "keys" / "okrug-ed25519.sealed").exists()
        with pytest.raises(KeyFileInvalid):
            okrug_keys(opened)
    finally:
        opened.close(backup=False)


def test_a_sealed_file_renamed_to_stand_for_another_key_does_not_open(store, tmp_path):
    seal = store_seal(store)
    district = DistrictKeys(tmp_path / "dk", seal=seal).ensure()
    assert isinstance(district._sign, Ed25519PrivateKey)
    okrug_dir = tmp_path / "okrug" / "keys"
    okrug_dir.mkdir(parents=True)
    shutil.copy2(tmp_path / "dk" / "district-ed25519.sealed", okrug_dir / "okrug-ed25519.sealed")
    with pytest.raises(KeyFileSealedElsewhere):
        OkrugKeys(tmp_path / "okrug", seal=seal).ensure()


def test_the_file_key_is_not_the_data_key(store):
    seal = store_seal(store)
    assert seal.key != store.key and len(seal.key) == 32


def test_a_key_folder_given_on_the_command_line_is_sealed_too(store, tmp_path, capsys):
    from zhoob_desktop.cli import main

    folder = store.data_dir
    store.close(backup=False)
    elsewhere = tmp_path / "keys-elsewhere"
    plain = DistrictKeys(elsewhere).ensure()  # an earlier version's plain files
    before = plain.public().fingerprint
    argv = ["--lang", "en", "--data-dir", str(folder), "district", "key", "--keys", str(elsewhere)]
    assert main([*argv, "--out", str(tmp_path / "d.key")]) == 0
    out = capsys.readouterr().out
    assert before in out
    assert sorted(p.name for p in elsewhere.iterdir()) == [
        "district-ed25519.sealed",
        "district-x25519.sealed",
    ]
    assert main([*argv, "--out", str(tmp_path / "d2.key")]) == 0
    assert (tmp_path / "d.key").read_bytes() == (tmp_path / "d2.key").read_bytes()
    opened = open_store(folder)
    try:
        prefix = keystore.KEY_BACKUP_SETTING + str(elsewhere.resolve()) + "/"
        assert opened.get_setting(prefix + "district-x25519.pem").startswith("-----BEGIN PRIVATE KEY-----")
    finally:
        opened.close(backup=False)


def test_any_command_seals_them_and_says_what_it_cannot_promise(store, capsys):
    from zhoob_desktop.cli import main

    folder = store.data_dir
    OkrugKeys(folder).ensure()
    store.close(backup=False)
    assert main(["--lang", "ru", "--data-dir", str(folder), "check"]) == 0
    err = capsys.readouterr().err
    assert "keys/okrug-ed25519.sealed" in err and "запечатаны" in err and "BitLocker" in err
    assert not (folder / "keys" / "okrug-ed25519.pem").exists()
    assert main(["--lang", "ru", "--data-dir", str(folder), "check"]) == 0
    assert "запечатаны" not in capsys.readouterr().err  # said once
