"""`zhoob bundle ...` and `zhoob district ...` end to end, in Kazakh and Russian too."""

from __future__ import annotations

import pytest

from tests.services.sync.okrug_data import Clock, add_residents, hold_sitting, make_okrug
from zhoob_desktop.cli import main
from zhoob_desktop.services.store import open_store


@pytest.fixture
def okrug_dir(tmp_path):
    folder = tmp_path / "okrug"
    store = open_store(folder)
    make_okrug(store)
    people = add_residents(store, 5)
    hold_sitting(store, Clock(), people)
    store.close(backup=False)
    return folder


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([*args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_okrug_to_district_and_back(okrug_dir, tmp_path, capsys):
    okrug = ["--lang", "en", "--data-dir", str(okrug_dir)]
    dist = ["--lang", "en", "--data-dir", str(tmp_path / "district")]
    db = ["--db", str(tmp_path / "district.sqlite")]
    d_key, o_key, receipt = (str(tmp_path / n) for n in ("d.json", "o.json", "r.json"))
    assert run(capsys, *dist, "district", "key", "--out", d_key, "--name", "Іле ауданы")[0] == 0
    assert run(capsys, *okrug, "bundle", "district-key", d_key)[0] == 0
    code, out, _ = run(capsys, *okrug, "bundle", "key", "--out", o_key)
    assert code == 0 and len(out.split("\n")[1].split(":")[1].split()) == 8  # the fingerprint
    code, out, _ = run(capsys, *okrug, "bundle", "export", "--out", str(tmp_path / "b1.zip"))
    assert code == 0 and "sealed" in out
    assert run(capsys, *dist, "district", "register-okrug", o_key, *db)[0] == 0
    b1 = str(tmp_path / "b1.zip")
    code, out, err = run(capsys, *dist, "district", "import", b1, b1, *db)
    assert code == 0 and err == ""
    assert "bundle number 1" in out and "already imported" in out

    kk = ["--lang", "kk", "--data-dir", str(tmp_path / "district")]
    code, out, _ = run(capsys, *kk, "district", "overview", *db)
    assert code == 0 and "100%" in out and "шақырылымдар" in out
    assert (
        run(capsys, *dist, "district", "receipt", "Қарағайлы ауылдық округі", "--out", receipt, *db)[0] == 0
    )
    code, out, _ = run(capsys, *okrug, "bundle", "receipt", receipt)
    assert code == 0 and "acknowledged bundles 1" in out
    code, out, _ = run(capsys, *okrug, "bundle", "export", "--out", str(tmp_path / "b2.zip"))
    assert code == 0 and "changes only" in out
    assert run(capsys, *dist, "district", "conflicts", *db)[0] == 0


def test_rejected_bundle_exit_code_and_russian_reason(okrug_dir, tmp_path, capsys):
    okrug = ["--lang", "en", "--data-dir", str(okrug_dir)]
    dist = ["--lang", "ru", "--data-dir", str(tmp_path / "district")]
    db = ["--db", str(tmp_path / "district.sqlite")]
    code, out, _err = run(capsys, *okrug, "bundle", "export", "--no-seal", "--out", str(tmp_path / "b1.zip"))
    assert code == 0 and "NOT sealed" in out
    (written,) = tmp_path.glob("b1*.zip")
    assert written.name == "b1-UNSEALED.zip", "a bundle in clear says so in its name"
    data = written.read_bytes()
    (tmp_path / "cut.zip").write_bytes(data[: len(data) // 3])
    code, _out, err = run(capsys, *dist, "district", "import", str(tmp_path / "cut.zip"), *db)
    assert code == 4 and "ОТКЛОНЁН" in err and "cut.zip" in err
    code, _out, err = run(capsys, *dist, "district", "import", str(written), *db)
    assert code == 4 and "не зарегистрирован" in err


def _district(tmp_path, lang="en"):
    return ["--lang", lang, "--data-dir", str(tmp_path / "district")], [
        "--db",
        str(tmp_path / "district.sqlite"),
    ]


def test_sealed_by_default_and_the_district_key_confirmed_by_its_fingerprint(okrug_dir, tmp_path, capsys):
    import json

    okrug = ["--lang", "en", "--data-dir", str(okrug_dir)]
    dist, _db = _district(tmp_path)
    code, out, err = run(capsys, *okrug, "bundle", "export", "--out", str(tmp_path / "b.zip"))
    assert code == 1 and "No district key" in err and not list(tmp_path.glob("b*.zip"))
    d_key = str(tmp_path / "d.json")
    run(capsys, *dist, "district", "key", "--out", d_key)
    fingerprint = json.loads((tmp_path / "d.json").read_text())["fingerprint"]
    code, _out, err = run(capsys, *okrug, "bundle", "district-key", d_key, "--fingerprint", "1234 5678")
    assert code == 1 and "not 1234 5678" in err
    code, out, _err = run(
        capsys, *okrug, "bundle", "district-key", d_key, "--fingerprint", fingerprint.upper()
    )
    assert code == 0 and "matches" in out
    code, out, _err = run(capsys, *okrug, "bundle", "export", "--out", str(tmp_path / "b.zip"))
    assert code == 0 and "sealed to the district key" in out and (tmp_path / "b.zip").exists()
    code, out, _err = run(capsys, *okrug, "bundle", "status")
    assert "not yet confirmed" not in out and "\tsealed\t" in out


def test_import_goes_past_a_bad_file_and_sums_up(okrug_dir, tmp_path, capsys):
    okrug = ["--lang", "en", "--data-dir", str(okrug_dir)]
    dist, db = _district(tmp_path)
    o_key = str(tmp_path / "o.json")
    run(capsys, *okrug, "bundle", "key", "--out", o_key)
    run(capsys, *dist, "district", "register-okrug", o_key, *db)
    run(capsys, *okrug, "bundle", "export", "--no-seal", "--out", str(tmp_path / "good.zip"))
    good = str(tmp_path / "good-UNSEALED.zip")
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 not really a zip")
    code, out, err = run(capsys, *dist, "district", "import", str(tmp_path / "bad.zip"), good, good, *db)
    assert code == 4
    assert "Imported" in out and "good-UNSEALED.zip" in out
    assert "Summary: 1 imported, 1 already imported, 1 refused." in err
    assert "refused: bad.zip:" in err and "Traceback" not in err


def _forget_key_copies(folder) -> None:
    from sqlalchemy import delete

    from zhoob_desktop.models.core import Setting
    from zhoob_desktop.services.store import open_store
    from zhoob_desktop.services.sync.keys import KEY_BACKUP_SETTING

    store = open_store(folder)
    try:
        with store.session() as s:
            s.execute(delete(Setting).where(Setting.key.startswith(KEY_BACKUP_SETTING)))
    finally:
        store.close(backup=False)


def test_key_replacement_names_the_old_fingerprint(okrug_dir, tmp_path, capsys):
    import os
    from pathlib import Path

    from zhoob_desktop.services.sync.keys import OkrugKeyFile

    okrug = ["--lang", "en", "--data-dir", str(okrug_dir)]
    dist, db = _district(tmp_path)
    o_key, new_key = str(tmp_path / "o.json"), str(tmp_path / "o2.json")
    run(capsys, *okrug, "bundle", "key", "--out", o_key)
    assert run(capsys, *dist, "district", "register-okrug", o_key, *db)[0] == 0
    assert run(capsys, *dist, "district", "register-okrug", o_key, *db)[0] == 0, "the same key again is fine"
    old = OkrugKeyFile.read(Path(o_key)).fingerprint
    os.remove(okrug_dir / "keys" / "okrug-ed25519.sealed")  # sealed with the data key
    _forget_key_copies(okrug_dir)  # lost with its copy (a folder set up anew): a new key is made
    run(capsys, *okrug, "bundle", "key", "--out", new_key)
    code, _out, err = run(capsys, *dist, "district", "register-okrug", new_key, *db)
    assert code == 1 and old in err and "--replace" in err
    code, _out, err = run(capsys, *dist, "district", "register-okrug", new_key, "--replace", "0000 0000", *db)
    assert code == 1 and "not 0000 0000" in err
    code, out, _err = run(
        capsys, *dist, "district", "register-okrug", new_key, "--replace", old.replace(" ", ""), *db
    )
    assert code == 0 and f"previous key (fingerprint {old}) was replaced" in out
    from zhoob_desktop.models.sync import DistrictKeyChange
    from zhoob_desktop.services.store import open_store
    from zhoob_desktop.services.sync.district_db import open_district

    folder = open_store(tmp_path / "district")  # the district store is encrypted with the folder's key
    try:
        dstore = open_district(tmp_path / "district.sqlite", store=folder)
        with dstore.session() as s:
            (change,) = s.query(DistrictKeyChange).all()
            assert (
                change.old_fingerprint == old
                and change.new_fingerprint == OkrugKeyFile.read(Path(new_key)).fingerprint
            )
        dstore.close()
    finally:
        folder.close(backup=False)
    # who registered the okrug and replaced its key: the district store's own audit
    code, out, _err = run(capsys, *dist, "district", "audit", *db)
    assert code == 0 and "intact: 2 entries" in out and out.count("okrug registered at the district") == 2
    assert (
        OkrugKeyFile.read(Path(new_key)).fingerprint in out.splitlines()[-1]
    )  # the same key again wrote nothing


def test_conflicts_are_decided_from_the_command_line(okrug_dir, tmp_path, capsys):
    okrug = ["--lang", "en", "--data-dir", str(okrug_dir)]
    dist, db = _district(tmp_path)
    o_key = str(tmp_path / "o.json")
    run(capsys, *okrug, "bundle", "key", "--out", o_key)
    run(capsys, *dist, "district", "register-okrug", o_key, *db)
    for name in ("b1", "b3"):
        if name == "b3":
            run(capsys, *okrug, "bundle", "export", "--no-seal", "--out", str(tmp_path / "b2.zip"))
        run(capsys, *okrug, "bundle", "export", "--no-seal", "--out", str(tmp_path / f"{name}.zip"))
        run(capsys, *dist, "district", "import", str(tmp_path / f"{name}-UNSEALED.zip"), *db)
    code, out, _err = run(capsys, *dist, "district", "conflicts", *db)
    assert code == 1 and "Bundle numbers 2 to 2" in out
    conflict_id = out.split("\t")[0]
    with pytest.raises(SystemExit):  # argparse: who and why are both required
        run(capsys, *dist, "district", "conflict", "settle", conflict_id, "--by", "Ахметов", *db)
    assert "--reason" in capsys.readouterr().err
    code, out, _err = run(
        capsys,
        *dist,
        "district",
        "conflict",
        "settle",
        conflict_id,
        "--by",
        "Ахметов Б.",
        "--reason",
        "бумага по почте",
        *db,
    )
    assert code == 0 and "is settled" in out and "Ахметов Б." in out
    code, out, _err = run(capsys, *dist, "district", "conflicts", *db)
    assert code == 0 and "No conflicts wait" in out
    code, out, _err = run(capsys, *dist, "district", "conflicts", "--all", *db)
    assert "settled by Ахметов Б." in out and "бумага по почте" in out
