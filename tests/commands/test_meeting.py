"""`zhoob meeting replay`, `zhoob journal verify`, and `zhoob check` on journals."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from zhoob_desktop.cli import main
from zhoob_desktop.services.meeting import list_sittings
from zhoob_desktop.services.store import open_store

SCRIPTS = Path(__file__).parent / "scripts"
# The residents of Абай көшесі in Қарағайлы, whom separate_gathering.jsonl names by IIN (born 1961-1980).
ABAI_STREET = (
    ("Әбенов", "Қайрат"), ("Бекова", "Гүлнар"), ("Сейітов", "Нұрлан"), ("Дәулетова", "Айгүл"),
    ("Ермеков", "Дархан"), ("Жұмабаева", "Сәуле"), ("Иманов", "Бауыржан"), ("Қасымова", "Әсел"),
    ("Мұратов", "Ерлан"), ("Нұрланова", "Дана"), ("Оспанов", "Ғалым"), ("Рахымова", "Мөлдір"),
    ("Сағынтаев", "Асқар"), ("Тоқтарова", "Жанар"), ("Үсенов", "Марат"), ("Хамитова", "Ләззат"),
    ("Шәкенов", "Серік"), ("Ыбырайова", "Ұлжан"), ("Іскаков", "Нұржан"), ("Әлімова", "Әлия"),
)  # fmt: skip


@pytest.fixture
def abai_street(data_dir):
    """The register of one street: its residents are the members of the separate gathering's script."""
    from zhoob_desktop.services.okrug import save_okrug
    from zhoob_desktop.services.register import structure
    from zhoob_desktop.services.register.iin import make_iin
    from zhoob_desktop.services.register.residents import ResidentInput, create_resident

    store = open_store(data_dir)
    try:
        save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
        village = structure.create_settlement(store, "Қарағайлы")
        street = structure.create_street(store, village.id, "Абай көшесі")
        for n, (surname, given) in enumerate(ABAI_STREET, start=1):
            born, sex = date(1960 + n, 1 + n % 12, 1 + n), "M" if n % 2 else "F"
            resident = ResidentInput(
                surname,
                given,
                iin=make_iin(born, sex, 100 + 10 * n),
                birth_date=born,
                sex=sex,
                settlement_id=village.id,
                street_id=street.id,
                house_id=structure.create_house(store, street.id, str(n)).id,
                registered_on=date(2010, 1, 1),
            )
            create_resident(store, resident, today=date(2026, 9, 1))
    finally:
        store.close(backup=False)
    return data_dir


def _lines(name: str) -> list[str]:
    return (SCRIPTS / name).read_text(encoding="utf-8").splitlines()


def _replay(data_dir, capsys, lines: list[str], tmp_path) -> tuple[int, dict | None, str]:
    script = tmp_path / "script.jsonl"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rc = main(["--data-dir", str(data_dir), "--lang", "en", "meeting", "replay", str(script)])
    out = capsys.readouterr()
    return rc, (json.loads(out.out) if rc == 0 else None), out.err


def _with_line(lines: list[str], before: str, extra: dict) -> tuple[list[str], int]:
    """Insert a command before the first line containing ``before``; its 1-based line number."""
    index = next(i for i, line in enumerate(lines) if before in line)
    return [*lines[:index], json.dumps(extra, ensure_ascii=False), *lines[index:]], index + 1


def _sittings(data_dir):
    store = open_store(data_dir)
    try:
        return list_sittings(store)
    finally:
        store.close(backup=False)


def test_meeting_with_tie_extension_voted_down_and_idempotent_repeat(data_dir, capsys, tmp_path):
    rc, out, err = _replay(data_dir, capsys, _lines("meeting_tie.jsonl"), tmp_path)
    assert rc == 0, err
    assert out["phase"] == "closed" and out["held"] and out["members"] == 10
    assert out["registered"] == 7 and out["guests"] == 1 and out["present"] == 6  # one left before the vote
    (item,) = out["agenda"]
    (decision,) = item["decisions"]
    assert (decision["for"], decision["against"], decision["outcome"], decision["reached_by"]) == (
        3,
        3,
        "adopted",
        "casting_vote",
    )
    speeches = {s["speech"]: s for s in item["speeches"]}
    assert speeches["d1"]["stop_reason"] == "extension_refused" and speeches["d1"]["seconds"] == 360
    assert speeches["rep"]["seconds"] == 720
    # the repeated registration line (same key) did not make a second event
    rc = main(["--data-dir", str(data_dir), "journal", "verify"])
    assert rc == 0 and "sound" in capsys.readouterr().out


def test_gathering_and_separate_gathering(abai_street, capsys, tmp_path):
    data_dir = abai_street
    rc, out, err = _replay(data_dir, capsys, _lines("gathering.jsonl"), tmp_path)
    assert rc == 0, err
    assert out["kind"] == "gathering" and out["quorum_required"] == 4
    assert [a["status"] for a in out["agenda"]] == ["considered", "not_included"]
    assert out["agenda"][0]["decisions"][0]["rule"] == "majority.gathering"
    rc, out, err = _replay(data_dir, capsys, _lines("separate_gathering.jsonl"), tmp_path)
    assert rc == 0, err
    assert (out["members"], out["present"]) == (20, 4)  # the street's residents, four of them registered
    decisions = out["agenda"][0]["decisions"]
    # At a separate gathering a tie is not adopted: no casting vote is asked for.
    assert [(d["outcome"], d["reached_by"], d["tie_rule"]) for d in decisions] == [
        ("rejected", "rule", "vote.tie_separate_gathering"),
        ("adopted", "rule", None),
    ]
    assert len(_sittings(data_dir)) == 2


@pytest.mark.parametrize(
    ("script", "before", "extra", "citation"),
    [
        (  # a third debate speech by the same member on one item
            "meeting_tie.jsonl",
            '"decision_text"',
            {"cmd": "add_speaker", "person": "m3", "kind": "debate"},
            "Model Regulation §11",
        ),
        (  # more votes than members present
            "meeting_tie.jsonl",
            '"vote_item"',
            {"cmd": "vote_item", "item": "D1", "for": 9},
            "Model Regulation §12",
        ),
        (  # voting while a tie waits for the chair
            "meeting_tie.jsonl",
            '"casting_vote"',
            {"cmd": "vote", "item": "D1", "text": "T", "for": 6},
            "Model Regulation §12",
        ),
    ],
)
def test_refused_line_stops_the_replay_and_writes_nothing(
    data_dir, capsys, tmp_path, script, before, extra, citation
):
    lines, number = _with_line(_lines(script), before, extra)
    rc, out, err = _replay(data_dir, capsys, lines, tmp_path)
    assert rc == 1 and f"Line {number}:" in err and citation in err, err
    assert _sittings(data_dir) == []


def test_guest_vote_refused_with_line_and_rule(data_dir, capsys, tmp_path):
    lines, number = _with_line(
        _lines("meeting_tie.jsonl"),
        '"decision_text"',
        {"cmd": "vote", "item": "D1", "text": "T", "roll_call": {"m1": "for", "dep": "for"}},
    )
    rc, _out, err = _replay(data_dir, capsys, lines, tmp_path)
    assert rc == 1 and f"Line {number}:" in err
    assert "invited person" in err and "Model Regulation §10" in err


def test_quorum_loss_refuses_the_vote(data_dir, capsys, tmp_path):
    lines = _lines("gathering.jsonl")
    lines, _n = _with_line(lines, '"register", "member": "g6"', {"cmd": "depart", "person": "g4"})
    lines, _n = _with_line(lines, '"register", "member": "g6"', {"cmd": "depart", "person": "g3"})
    vote_line = next(i for i, line in enumerate(lines) if '"roll_call"' in line) + 1
    rc, _out, err = _replay(data_dir, capsys, lines, tmp_path)
    assert (
        rc == 1
        and f"Line {vote_line}:" in err
        and "without the quorum of the gathering" in err
        and "Law art. 39-3" in err
    )


def test_missing_script_file(data_dir, capsys, tmp_path):
    assert main(["--data-dir", str(data_dir), "meeting", "replay", str(tmp_path / "none.jsonl")]) == 1
    assert "cannot be read" in capsys.readouterr().err


def test_bad_script_lines(data_dir, capsys, tmp_path):
    rc, _out, err = _replay(data_dir, capsys, ['{"cmd": "register", "member": "x"}'], tmp_path)
    assert rc == 1 and "Line 1:" in err and "describing the sitting" in err
    lines = _lines("meeting_tie.jsonl")
    rc, _out, err = _replay(data_dir, capsys, [*lines[:3], "{not json"], tmp_path)
    assert rc == 1 and "Line 4:" in err


def test_verify_and_check_find_a_tampered_journal(data_dir, capsys, tmp_path):
    rc, out, _err = _replay(data_dir, capsys, _lines("meeting_tie.jsonl"), tmp_path)
    assert rc == 0
    assert main(["--data-dir", str(data_dir), "check"]) == 0
    assert "meeting journals: ok" in capsys.readouterr().out
    store = open_store(data_dir)
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE sitting_event SET payload = replace(payload, '\"for\":3', '\"for\":5') "
            "WHERE type = 'DECISION_VOTED'"
        )
        seq = conn.exec_driver_sql("SELECT seq FROM sitting_event WHERE type = 'DECISION_VOTED'").scalar()
    store.close(backup=False)
    assert main(["--data-dir", str(data_dir), "journal", "verify", out["sitting"]]) == 1
    assert f"damaged at event {seq}" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "check"]) == 1
    assert "meeting journals: DAMAGED" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "meeting", "show", out["sitting"]]) == 1
    assert f"event {seq}" in capsys.readouterr().err


def test_show_export_list(abai_street, capsys, tmp_path):
    data_dir = abai_street
    rc, out, _err = _replay(data_dir, capsys, _lines("separate_gathering.jsonl"), tmp_path)
    assert main(["--data-dir", str(data_dir), "meeting", "list"]) == 0
    assert out["sitting"] in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "meeting", "export", out["sitting"]]) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert events[0]["type"] == "OPEN" and events[-1]["type"] == "CLOSE" and len(events) == out["events"]
    assert main(["--data-dir", str(data_dir), "meeting", "show", "no-such-id"]) == 1
