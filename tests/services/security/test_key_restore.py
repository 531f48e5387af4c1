"""A damaged or missing sealed key file put back from its copy inside the encrypted data."""

from __future__ import annotations

import json

import pytest

from zhoob_desktop.services.security import audit, operators, roles
from zhoob_desktop.services.security.access import Credentials
from zhoob_desktop.services.store import open_store
from zhoob_desktop.services.sync import keys as keystore
from zhoob_desktop.services.sync.errors import KeyFileInvalid, KeyFileSealedElsewhere
from zhoob_desktop.services.sync.export import okrug_keys
from zhoob_desktop.services.sync.keys import DistrictKeys, OkrugKeys, store_seal


def _sealed(store):
    return store.data_dir / "keys" / "okrug-ed25519.sealed"


def test_a_new_key_has_its_copy_inside_the_data_at_once(store):
    keys = okrug_keys(store)
    pem = store.get_setting(keystore.KEY_BACKUP_SETTING + "keys/okrug-ed25519.pem")
    assert pem.startswith("-----BEGIN PRIVATE KEY-----")
    assert [(f.path.name, f.state, f.has_copy) for f in keystore.key_file_states(store)] == [
        ("okrug-ed25519.sealed", "sound", True)
    ]
    assert keys.public_key


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # cut short (a full disk, a stop while copying)
        lambda raw: raw.replace(b'"sealed": "', b'"sealed": "AAAA'),  # bytes changed in the sealed part
        lambda raw: b"\0" * len(raw),  # zeros (a damaged disk block)
    ],
)
def test_a_damaged_okrug_key_is_restored_from_its_copy(store, damage):
    keys = okrug_keys(store)
    public = keys.public_key
    path = _sealed(store)
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises((KeyFileInvalid, KeyFileSealedElsewhere)):
        OkrugKeys(store.data_dir, seal=store_seal(store)).ensure()
    (state,) = keystore.key_file_states(store)
    assert state.state == "damaged" and state.has_copy and state.problem
    (outcome,) = keystore.restore_key_files(store)
    assert outcome.restored and outcome.kept == path.with_name("okrug-ed25519.sealed.damaged")
    again = OkrugKeys(store.data_dir, seal=store_seal(store)).ensure()
    assert again.public_key == public  # the same key: the district still knows it
    assert keystore.verify(public, again.sign(b"bundle"), b"bundle")
    (entry,) = audit.entries(store, kind="keys.restored")
    assert entry.detail == {"count": 1, "files": ["keys/okrug-ed25519.sealed"]}
    assert keystore.restore_key_files(store) == []  # nothing left to do


def test_a_missing_key_file_is_not_replaced_by_a_new_key_but_restored(store):
    public = okrug_keys(store).public_key
    _sealed(store).unlink()
    with pytest.raises(keystore.KeyFileMissing):
        OkrugKeys(store.data_dir, seal=store_seal(store)).ensure()
    assert not _sealed(store).exists()  # no new key made in its place
    (outcome,) = keystore.restore_key_files(store)
    assert outcome.restored and outcome.kept is None
    assert OkrugKeys(store.data_dir, seal=store_seal(store)).ensure().public_key == public


def test_a_copy_that_is_not_the_files_key_is_refused_and_nothing_changes(store):
    okrug_keys(store)
    path = _sealed(store)
    data = json.loads(path.read_bytes())
    other = keystore.Ed25519PrivateKey.generate()
    data["public_key"] = keystore.b64(keystore.raw_public(other.public_key()))  # another key's file
    data["sealed"] = "AAAA" + data["sealed"]
    damaged = json.dumps(data).encode()
    path.write_bytes(damaged)
    (outcome,) = keystore.restore_key_files(store)
    assert not outcome.restored and "not the key of" in outcome.message
    assert path.read_bytes() == damaged and not path.with_name(path.name + ".damaged").exists()
    assert audit.entries(store, kind="keys.restored") == []


def test_without_a_copy_it_is_refused_and_nothing_changes(store):
    okrug_keys(store)
    with store.session() as s:
        from sqlalchemy import delete

        from zhoob_desktop.models.core import Setting

        s.execute(delete(Setting).where(Setting.key.startswith(keystore.KEY_BACKUP_SETTING)))
    path = _sealed(store)
    path.write_bytes(path.read_bytes()[:40])
    before = path.read_bytes()
    (outcome,) = keystore.restore_key_files(store)
    assert not outcome.restored and "no copy" in outcome.message
    assert path.read_bytes() == before


def test_district_keys_made_by_a_command_get_their_copy_at_the_next_log_in(store):
    folder = store.data_dir / "district-keys"
    seal = keystore.KeySeal.from_data_key(store.key)  # as the district commands seal: no copy at hand
    public = DistrictKeys(folder, seal=seal).ensure().public().fingerprint
    assert {f.has_copy for f in keystore.key_file_states(store)} == {False}
    keystore.seal_at_log_in(store)
    assert {f.has_copy for f in keystore.key_file_states(store)} == {True}
    (folder / "district-x25519.sealed").write_bytes(b"{}")
    (outcome,) = keystore.restore_key_files(store)
    assert outcome.restored
    assert DistrictKeys(folder, seal=store_seal(store)).ensure().public().fingerprint == public


def test_a_clerk_may_not_restore_the_okrug_key(store):
    okrug_keys(store)
    operators.add_operator(store, "clerk", "clerk passphrase", roles.CLERK)
    folder = store.data_dir
    _sealed(store).write_bytes(b"{}")
    store.close(backup=False)
    clerk = open_store(folder, credentials=Credentials("clerk", "clerk passphrase"))
    try:
        with pytest.raises(roles.PermissionDenied):
            keystore.restore_key_files(clerk)
        assert _sealed(clerk).read_bytes() == b"{}"
    finally:
        clerk.close(backup=False)


def test_zhoob_keys_check_and_restore(store, capsys):
    from zhoob_desktop.cli import main

    okrug_keys(store)
    folder = store.data_dir
    _sealed(store).write_bytes(b"garbage")
    store.close(backup=False)
    assert main(["--lang", "en", "--data-dir", str(folder), "keys", "check"]) == 1
    assert "damaged" in capsys.readouterr().out
    assert main(["--lang", "en", "--data-dir", str(folder), "keys", "restore"]) == 0
    out = capsys.readouterr().out
    assert "Restored from its copy" in out and "okrug-ed25519.sealed.damaged" in out
    assert main(["--lang", "en", "--data-dir", str(folder), "keys", "check"]) == 0
    assert main(["--lang", "en", "--data-dir", str(folder), "audit", "--kind", "keys.restored"]) == 0
    assert "private key file restored" in capsys.readouterr().out


def test_a_key_file_readable_by_others_is_named_but_not_restored(store):
    keys = okrug_keys(store)
    _sealed(store).chmod(0o644)
    (state,) = keystore.key_file_states(store)
    assert state.state == "unsafe" and "0600" in state.problem
    assert keystore.restore_key_files(store) == []  # its mode is put right, not the key
    assert _sealed(store).exists() and keys.public_key
