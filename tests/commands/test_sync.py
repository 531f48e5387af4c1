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
