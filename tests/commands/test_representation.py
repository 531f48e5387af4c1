"""`zhoob representation ...`, `zhoob initiative ...` and replayed separate gatherings electing
representatives, on the scripted okrug of three villages."""

from __future__ import annotations

import json

import pytest

from tests.representation_fixtures import build_okrug
from zhoob_desktop.cli import main
from zhoob_desktop.services.store import open_store


@pytest.fixture
def okrug_dir(data_dir):
    store = open_store(data_dir)
    try:
        okrug = build_okrug(store, norm=False)
        iins = {v.name: [r.iin for r in v.residents] for v in okrug.villages}
        extra = {"died": okrug.died.iin, "moved": okrug.moved.iin}
    finally:
        store.close(backup=False)
    return data_dir, iins, extra


def run(data_dir, capsys, *argv):
    rc = main(["--data-dir", str(data_dir), "--lang", "en", *argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


def separate_script(village: str, iins: list[str], present: int, elect: int, day="2026-10-03") -> list[str]:
    lines = [
        {
            "cmd": "sitting",
            "kind": "separate_gathering",
            "date": day,
            "place": f"{village} клубы",
            "territory": {"kind": "settlement", "name": village},
            "at": f"{day}T04:00:00+00:00",
            "agenda": [{"title": "Жиынға өкілдер сайлау", "kind": "representatives_election"}],
        }
    ]
    lines += [{"cmd": "register", "member": f"iin:{iin}"} for iin in iins[:present]]
    lines += [
        {"cmd": "announce_registration", "by": "Әкім", "capacity": "akim"},
        {"cmd": "open", "by": "Әкім", "capacity": "akim"},
        {"cmd": "elect", "role": "chair", "person": f"iin:{iins[0]}", "for": present},
        {"cmd": "elect", "role": "secretary", "person": f"iin:{iins[1]}", "for": present},
        {"cmd": "vote_item", "item": "D1", "for": present},
        {"cmd": "approve_agenda"},
        {"cmd": "start_item", "item": "D1"},
    ]
    chosen = iins[2 : 2 + elect]
    lines += [{"cmd": "propose_candidate", "person": f"iin:{iin}"} for iin in chosen]
    lines += [{"cmd": "vote_representatives", "candidates": [f"iin:{i}" for i in chosen], "for": present}]
    lines += [{"cmd": "end_item"}, {"cmd": "close"}]
    return [json.dumps(x, ensure_ascii=False) for x in lines]


def test_norm_quotas_separate_gatherings_and_the_gathering(okrug_dir, capsys, tmp_path):
    data_dir, iins, _extra = okrug_dir
    rc, out, err = run(data_dir, capsys, "representation", "quotas", "--on", "2026-10-01")
    assert rc != 0 and "No procedure of separate gatherings" in err
    rc, out, err = run(
        data_dir,
        capsys,
        "representation",
        "procedure",
        "--number",
        "12/3",
        "--date",
        "2026-09-01",
        "--body",
        "Аудандық мәслихат",
        "--per",
        "5",
        "--term-years",
        "2",
    )
    assert rc == 0, err
    assert "Order of the Minister of National Economy No. 122" in out
    pdf = tmp_path / "quotas.pdf"
    rc, out, err = run(
        data_dir, capsys, "representation", "quotas", "--on", "2026-10-01", "--out", str(pdf), "--lang", "ru"
    )
    assert rc == 0, err
    assert "Қарағайлы\t25\t23\t23/5=4.60\t5" in out and pdf.read_bytes().startswith(b"%PDF")
    rc, out, _err = run(data_dir, capsys, "representation", "list", "--on", "2026-11-14")
    assert rc == 1 and "Units without elected representatives: Ақжар, Көктөбе, Қарағайлы" in out
    for village, present, elect in (("Қарағайлы", 12, 5), ("Көктөбе", 6, 3), ("Ақжар", 3, 2)):
        script = tmp_path / f"{village}.jsonl"
        script.write_text(
            "\n".join(separate_script(village, iins[village], present, elect)), encoding="utf-8"
        )
        rc, out, err = run(data_dir, capsys, "meeting", "replay", str(script))
        assert rc == 0, err
        result = json.loads(out)["representation"]
        assert result["quota"] == elect and len(result["elected"]) == elect
    # one more than the quota is refused, naming the line
    script = tmp_path / "too_many.jsonl"
    script.write_text("\n".join(separate_script("Ақжар", iins["Ақжар"], 3, 3)), encoding="utf-8")
    rc, out, err = run(data_dir, capsys, "meeting", "replay", str(script))
    assert rc != 0 and "only 2 of the unit's 2 seats are still open" in err
    rc, out, _err = run(data_dir, capsys, "representation", "list", "--on", "2026-11-14")
    assert rc == 0 and "Elected representatives: 10; the gathering is held if at least 5 attend." in out
    gathering = [
        {
            "cmd": "sitting",
            "kind": "gathering",
            "with_representatives": True,
            "date": "2026-11-14",
            "at": "2026-11-14T05:00:00+00:00",
            "agenda": [{"title": "Көше жарығы", "kind": "other"}],
        },
        *({"cmd": "register", "member": f"iin:{iin}"} for iin in iins["Қарағайлы"][2:6]),
        {"cmd": "announce_registration", "by": "Әкім"},
        {"cmd": "open", "by": "Әкім"},
    ]
    script = tmp_path / "gathering.jsonl"
    script.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in gathering), encoding="utf-8")
    rc, out, err = run(data_dir, capsys, "meeting", "replay", str(script))
    assert rc != 0 and "at least 5" in err and "Law art. 39-3" in err
    gathering.insert(5, {"cmd": "register", "member": f"iin:{iins['Көктөбе'][2]}"})
    script.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in gathering), encoding="utf-8")
    rc, out, err = run(data_dir, capsys, "meeting", "replay", str(script))
    assert rc == 0, err
    result = json.loads(out)
    assert (result["members"], result["present"], result["quorum_required"]) == (10, 5, 5)


def test_initiatives_met_and_not_met(okrug_dir, capsys, tmp_path):
    data_dir, iins, extra = okrug_dir
    met = {}
    for label, signers in (("met", iins["Қарағайлы"][:5]), ("short", iins["Көктөбе"][:3])):
        rc, out, err = run(
            data_dir,
            capsys,
            "initiative",
            "new",
            "--body",
            "gathering",
            "--on",
            "2026-10-20",
            "--item",
            "Жайылым",
        )
        assert rc == 0, err
        ini = out.strip()
        met[label] = ini
        rc, out, err = run(data_dir, capsys, "initiative", "sign", ini, *signers, extra["died"])
        assert rc == 0, err
        assert "died" in out
        rc, out, err = run(data_dir, capsys, "initiative", "file", ini, "--on", "2026-10-21")
        assert rc == 0, err
    rc, out, err = run(
        data_dir, capsys, "initiative", "decide", met["short"], "approved", "--on", "2026-10-23"
    )
    assert rc != 0 and "do not reach ten percent" in err
    rc, out, err = run(
        data_dir, capsys, "initiative", "decide", met["short"], "refused", "--on", "2026-10-23"
    )
    assert rc == 0 and json.loads(out)["status"] == "refused"
    rc, out, err = run(
        data_dir,
        capsys,
        "initiative",
        "decide",
        met["met"],
        "approved",
        "--on",
        "2026-10-23",
        "--ref",
        "№ 45",
    )
    assert rc == 0, err
    shown = json.loads(out)
    assert (shown["signatures"], shown["required"], shown["base"], shown["enough"]) == (5, 5, 43, True)
    for which in ("sheet", "petition"):
        pdf = tmp_path / f"{which}.pdf"
        rc, out, err = run(
            data_dir, capsys, "initiative", "paper", met["met"], which, "--out", str(pdf), "--lang", "kk"
        )
        assert rc == 0 and pdf.read_bytes().startswith(b"%PDF"), err
    rc, out, err = run(
        data_dir,
        capsys,
        "initiative",
        "prepare",
        met["met"],
        "--date",
        "2026-11-14",
        "--notice-on",
        "2026-11-01",
    )
    assert rc == 0, err
    rc, out, _err = run(data_dir, capsys, "initiative", "list")
    assert "convened\t5/5" in out and "refused\t3/5" in out
