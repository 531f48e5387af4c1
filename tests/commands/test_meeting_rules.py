"""The rules as a lawyer reads them: one scripted sitting per reading, replayed through `zhoob meeting replay`.

Each script in ``scripts/rules/`` is a lawful sitting and must replay; the
same script with one unlawful line inserted is refused with the line number
and the rule's citation, in Kazakh, Russian and English.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zhoob_desktop.cli import main
from zhoob_desktop.services.meeting import list_sittings
from zhoob_desktop.services.store import open_store

RULES = Path(__file__).parent / "scripts" / "rules"

REG = {
    7: {"kk": "Үлгі регламенттің 7-тармағы", "ru": "Типовой регламент, п. 7", "en": "Model Regulation §7"},
    9: {"kk": "Үлгі регламенттің 9-тармағы", "ru": "Типовой регламент, п. 9", "en": "Model Regulation §9"},
    11: {
        "kk": "Үлгі регламенттің 11-тармағы",
        "ru": "Типовой регламент, п. 11",
        "en": "Model Regulation §11",
    },
    12: {
        "kk": "Үлгі регламенттің 12-тармағы",
        "ru": "Типовой регламент, п. 12",
        "en": "Model Regulation §12",
    },
    8: {"kk": "Үлгі регламенттің 8-тармағы", "ru": "Типовой регламент, п. 8", "en": "Model Regulation §8"},
}
LAW = {"kk": "Заңның 39-3-бабы", "ru": "Закон, ст. 39-3", "en": "Law art. 39-3"}
ORDER_122 = {
    "kk": "Ұлттық экономика министрінің № 122 бұйрығы",
    "ru": "Приказ Министра национальной экономики № 122",
    "en": "Order No. 122",
}


def _lines(name: str) -> list[str]:
    return (RULES / name).read_text(encoding="utf-8").splitlines()


def _replay(data_dir, capsys, tmp_path, lines: list[str], lang: str = "en") -> tuple[int, dict | None, str]:
    script = tmp_path / "script.jsonl"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rc = main(["--data-dir", str(data_dir), "--lang", lang, "meeting", "replay", str(script)])
    out = capsys.readouterr()
    return rc, (json.loads(out.out) if rc == 0 else None), out.err


def _insert(lines: list[str], before: str, extra: dict) -> tuple[list[str], int]:
    """Insert a command before the first line containing ``before``; its 1-based line number."""
    index = next(i for i, line in enumerate(lines) if before in line)
    return [*lines[:index], json.dumps(extra, ensure_ascii=False), *lines[index:]], index + 1


def _count(data_dir) -> int:
    store = open_store(data_dir)
    try:
        return len(list_sittings(store))
    finally:
        store.close(backup=False)


def _refused_in_every_language(data_dir, capsys, tmp_path, lines, number, citation: dict, words: dict):
    before = _count(data_dir)
    for lang in ("kk", "ru", "en"):
        rc, _out, err = _replay(data_dir, capsys, tmp_path, lines, lang)
        line_word = {"kk": f"{number}-жол", "ru": f"Строка {number}", "en": f"Line {number}"}[lang]
        assert rc == 1 and line_word in err, (lang, err)
        assert citation[lang] in err, (lang, err)
        assert words[lang] in err, (lang, err)
    assert _count(data_dir) == before  # a refused line writes nothing


def _decisions(out: dict, item: str = "D1") -> list[dict]:
    return next(it for it in out["agenda"] if it["item"] == item)["decisions"]


# 1. A gathering decides by more than half of the participants; no casting vote.


def test_gathering_tie_is_not_adopted_and_no_casting_vote(data_dir, capsys, tmp_path):
    rc, out, err = _replay(data_dir, capsys, tmp_path, _lines("gathering_tie.jsonl"))
    assert rc == 0, err
    first, second = _decisions(out)
    assert (first["for"], first["against"], first["outcome"], first["reached_by"]) == (
        5,
        5,
        "rejected",
        "rule",
    )
    assert first["tie_rule"] == "vote.tie_gathering" and first["citation"] == "Law art. 39-3"
    assert second["outcome"] == "adopted" and out["phase"] == "closed"
    assert _decisions(out, "D2")[0]["outcome"] == "rejected"
    assert all(v["reached_by"] != "casting_vote" for it in out["agenda"] for v in it["decisions"])
    assert "vote.tie_gathering" in {r["rule"] for r in out["readings_in_force"]}
    lines, number = _insert(
        _lines("gathering_tie.jsonl"), "Көше жарығы келесі", {"cmd": "casting_vote", "choice": "for"}
    )
    words = {"kk": "шешуші дауыс жоқ", "ru": "нет решающего голоса", "en": "no casting vote"}
    _refused_in_every_language(data_dir, capsys, tmp_path, lines, number, LAW, words)


def test_separate_gathering_tie_cites_the_act_in_force(data_dir, capsys, tmp_path):
    rc, out, err = _replay(data_dir, capsys, tmp_path, _lines("separate_gathering_tie.jsonl"))
    assert rc == 0, err
    tie, adopted = _decisions(out)
    assert (tie["outcome"], tie["reached_by"], tie["tie_rule"]) == (
        "rejected",
        "rule",
        "vote.tie_separate_gathering",
    )
    assert tie["citation"] == "Order No. 122" and out["sources"]["separate_gatherings"] == "Order No. 122"
    assert adopted["outcome"] == "adopted"
    lines, number = _insert(
        _lines("separate_gathering_tie.jsonl"), "s4 сайлансын", {"cmd": "casting_vote", "choice": "against"}
    )
    words = {"kk": "шешуші дауыс жоқ", "ru": "нет решающего голоса", "en": "no casting vote"}
    _refused_in_every_language(data_dir, capsys, tmp_path, lines, number, ORDER_122, words)


def test_an_earlier_separate_gathering_cites_decree_1106(data_dir, capsys, tmp_path):
    lines = [line.replace("2026-09-12", "2022-09-12") for line in _lines("separate_gathering_tie.jsonl")]
    rc, out, err = _replay(data_dir, capsys, tmp_path, lines)
    assert rc == 0, err
    assert out["sources"]["separate_gatherings"] == "Decree No. 1106"
    assert _decisions(out)[0]["citation"] == "Decree No. 1106"


# 2. Only a chair in the hall casts the deciding vote; acting chair; secretary replaced.


def test_absent_chair_cannot_cast_and_an_acting_chair_does(data_dir, capsys, tmp_path):
    rc, out, err = _replay(data_dir, capsys, tmp_path, _lines("absent_chair.jsonl"))
    assert rc == 0, err
    (vote,) = _decisions(out)
    assert (vote["for"], vote["against"], vote["outcome"], vote["reached_by"]) == (
        4,
        4,
        "adopted",
        "casting_vote",
    )
    assert vote["casting_by"] == "Ғалымов 3" and vote["casting_acting"] is True
    assert out["acting_chair"] == "Ғалымов 3" and out["secretary"] == "Дәулетова 4"
    roles = [(o["role"], o["name"], o["replaces"]) for o in out["officers"]]
    assert roles == [
        ("chair", "Әбенов 1", ""),
        ("secretary", "Бекова 2", ""),
        ("acting_chair", "Ғалымов 3", ""),
        ("secretary", "Дәулетова 4", "Бекова 2"),
    ]
    assert "денсаулығына" in out["officers"][-1]["reason"]
    # right after the chair left, before a member is elected to chair in his place
    lines = _lines("absent_chair.jsonl")
    index = next(i for i, line in enumerate(lines) if '"acting_chair"' in line)
    lines = [*lines[:index], json.dumps({"cmd": "casting_vote", "choice": "for"}), *lines[index:]]
    words = {"kk": "залда жоқ", "ru": "отсутствует в зале", "en": "is not in the hall"}
    _refused_in_every_language(data_dir, capsys, tmp_path, lines, index + 1, REG[12], words)


def test_the_secretary_is_replaced_only_with_a_reason(data_dir, capsys, tmp_path):
    lines = [
        line.replace(', "reason": "Хатшы Бекова 2 денсаулығына байланысты залдан шықты."', "")
        for line in _lines("absent_chair.jsonl")
    ]
    number = next(i for i, line in enumerate(lines) if '"role": "secretary", "person": "m4"' in line) + 1
    rc, _out, err = _replay(data_dir, capsys, tmp_path, lines)
    assert rc == 1 and f"Line {number}:" in err and "reason" in err


def test_acting_chair_only_while_the_chair_is_out(data_dir, capsys, tmp_path):
    lines, number = _insert(
        _lines("absent_chair.jsonl"),
        '"depart", "person": "m1"',
        {"cmd": "elect", "role": "acting_chair", "person": "m3", "for": 8},
    )
    words = {"kk": "залда", "ru": "в зале", "en": "is in the hall"}
    _refused_in_every_language(data_dir, capsys, tmp_path, lines, number, REG[8], words)


# 3. Ties with abstentions: the casting vote only where it can make the majority required.


def test_ties_with_abstentions(data_dir, capsys, tmp_path):
    rc, out, err = _replay(data_dir, capsys, tmp_path, _lines("tie_abstentions.jsonl"))
    assert rc == 0, err
    votes = _decisions(out)
    assert [(v["for"], v["against"], v["abstain"], v["outcome"], v["reached_by"]) for v in votes] == [
        (6, 2, 4, "rejected", "rule"),
        (4, 4, 4, "rejected", "rule"),
        (6, 6, 0, "adopted", "casting_vote"),
    ]
    assert votes[1]["tie_rule"] == "vote.casting_tie" and votes[2]["required"] == 7
    lines, number = _insert(
        _lines("tie_abstentions.jsonl"), '"for": 6, "against": 6', {"cmd": "casting_vote", "choice": "for"}
    )
    words = {"kk": "тең емес", "ru": "не является", "en": "is not a tie"}
    _refused_in_every_language(data_dir, capsys, tmp_path, lines, number, REG[12], words)


def test_under_the_voted_reading_a_four_four_tie_goes_to_the_casting_vote(data_dir, capsys, tmp_path):
    assert main(["--data-dir", str(data_dir), "meeting", "reading", "majority_base", "voted"]) == 0
    capsys.readouterr()
    lines = [
        line.replace('"for": 4, "against": 4, "abstain": 4', '"for": 4, "against": 4')
        for line in _lines("tie_abstentions.jsonl")
    ]
    lines, _n = _insert(lines, '"for": 6, "against": 6', {"cmd": "casting_vote", "choice": "against"})
    rc, out, err = _replay(data_dir, capsys, tmp_path, lines)
    assert rc == 0, err
    votes = _decisions(out)
    assert (votes[1]["base"], votes[1]["outcome"], votes[1]["reached_by"]) == (
        "voted",
        "rejected",
        "casting_vote",
    )
    assert out["readings"]["majority_base"] == "voted"


# 4. The extension of a speech: a tie stops the speaker; no casting vote.


def test_extension_tie_stops_the_speaker(data_dir, capsys, tmp_path):
    rc, out, err = _replay(data_dir, capsys, tmp_path, _lines("extension_tie.jsonl"))
    assert rc == 0, err
    speeches = {s["speech"]: s for s in out["agenda"][0]["speeches"]}
    assert speeches["d1"]["stop_reason"] == "extension_refused" and speeches["d1"]["seconds"] == 360
    assert speeches["d2"]["status"] == "finished"
    lines, number = _insert(
        _lines("extension_tie.jsonl"), '"speech": "d2", "person"', {"cmd": "casting_vote", "choice": "for"}
    )
    words = {"kk": "тең емес", "ru": "не является", "en": "is not a tie"}
    _refused_in_every_language(data_dir, capsys, tmp_path, lines, number, REG[12], words)


# 5. The two-speeches limit counts every speech but questions, clarifications and answers.


def test_speech_limit_counts_a_co_report(data_dir, capsys, tmp_path):
    rc, out, err = _replay(data_dir, capsys, tmp_path, _lines("speech_limit.jsonl"))
    assert rc == 0, err
    lines, number = _insert(
        _lines("speech_limit.jsonl"),
        '"person": "p4"',
        {"cmd": "add_speaker", "person": "p3", "kind": "debate"},
    )
    words = {"kk": "2 рет сөйледі", "ru": "уже 2 выступления", "en": "spoken 2 times"}
    _refused_in_every_language(data_dir, capsys, tmp_path, lines, number, REG[11], words)
    # The procedural speech counts too under the literal reading.
    lines, number = _insert(
        _lines("speech_limit.jsonl"),
        '"person": "p4"',
        {"cmd": "add_speaker", "person": "p3", "kind": "procedural"},
    )
    rc, _out, err = _replay(data_dir, capsys, tmp_path, lines)
    assert rc == 1 and f"Line {number}:" in err


def test_speech_limit_debate_only_reading(data_dir, capsys, tmp_path):
    assert main(["--data-dir", str(data_dir), "meeting", "reading", "speech_count", "debate_only"]) == 0
    capsys.readouterr()
    lines, _n = _insert(
        _lines("speech_limit.jsonl"),
        '"person": "p4"',
        {"cmd": "add_speaker", "person": "p3", "kind": "debate"},
    )
    rc, out, err = _replay(data_dir, capsys, tmp_path, lines)
    assert rc == 0, err
    assert out["readings"]["speech_count"] == "debate_only"
    assert (
        main(["--data-dir", str(data_dir), "--lang", "en", "meeting", "reading", "speech_count", "loose"])
        == 1
    )
    assert "no option loose" in capsys.readouterr().err


# 6. The item on the execution of earlier decisions, wherever the agenda comes from.


def _without_execution_item(lines: list[str]) -> list[str]:
    """The script as typed from a paper whose agenda lacks the item (its start and end dropped too)."""
    out = [line for line in lines if '"EX"' not in line]
    last_end = max(i for i, line in enumerate(out) if '"end_item"' in line)
    return [*out[:last_end], *out[last_end + 1 :]]


def test_agenda_without_the_execution_item_is_not_approved(data_dir, capsys, tmp_path):
    rc, out, err = _replay(data_dir, capsys, tmp_path, _lines("execution_earlier.jsonl"))
    assert rc == 0 and out["open_decisions"] == 0, err
    rc, out, err = _replay(data_dir, capsys, tmp_path, _lines("execution_next.jsonl"))
    assert rc == 0, err
    assert out["open_decisions"] == 1 and out["agenda"][1]["kind"] == "execution_of_decisions"
    lines = _without_execution_item(_lines("execution_next.jsonl"))
    number = next(i for i, line in enumerate(lines) if "approve_agenda" in line) + 1
    words = {
        "kk": "шешімі әлі жабылған жоқ",
        "ru": "решение прошлых заседаний ещё не закрыто",
        "en": "1 decision",
    }
    for lang in ("kk", "ru", "en"):
        rc, _out, err = _replay(data_dir, capsys, tmp_path, lines, lang)
        assert rc == 1 and str(number) in err and REG[9][lang] in err and words[lang] in err, (lang, err)


def test_a_closed_decision_needs_no_execution_item(data_dir, capsys, tmp_path):
    from datetime import date

    from zhoob_desktop.services import decisions as D

    rc, out, err = _replay(data_dir, capsys, tmp_path, _lines("execution_earlier.jsonl"))
    assert rc == 0, err
    store = open_store(data_dir)
    try:
        (view,) = D.list_decisions(store, today=date(2026, 11, 1))
        for step, on, data in (
            ("protocol_handed", date(2026, 8, 17), {}),
            ("agreed", date(2026, 8, 18), {}),
            ("informed", date(2026, 8, 19), {}),
            ("assigned", date(2026, 8, 20), {"responsible": "Әкім аппараты", "due_on": date(2026, 10, 1)}),
            ("executed", date(2026, 9, 30), {}),
        ):
            D.record_step(store, view.id, step, on=on, data=data, today=date(2026, 11, 1))
    finally:
        store.close(backup=False)
    lines = _without_execution_item(_lines("execution_next.jsonl"))
    rc, out, err = _replay(data_dir, capsys, tmp_path, lines)
    assert rc == 0 and out["open_decisions"] == 0, err


# 7. Closing with a written question never announced, or an approved item never taken up.


def test_closing_needs_every_question_and_item_or_a_recorded_reason(data_dir, capsys, tmp_path):
    rc, out, err = _replay(data_dir, capsys, tmp_path, _lines("closing.jsonl"))
    assert rc == 0, err
    assert out["phase"] == "closed"
    assert out["agenda"][1]["not_considered"].startswith("Баяндамашы келмеді")
    assert [(q["question"], q["announced"], bool(q["not_announced"])) for q in out["questions"]] == [
        ("wq1", True, False),
        ("wq2", False, True),
    ]
    without_question = [line for line in _lines("closing.jsonl") if '"question": "wq2", "reason"' not in line]
    number = next(i for i, line in enumerate(without_question) if '"close"' in line) + 1
    words = {"kk": "жазбаша сұрақтар жарияланған жоқ", "ru": "письменные вопросы не оглашены", "en": "wq2"}
    _refused_in_every_language(data_dir, capsys, tmp_path, without_question, number, REG[11], words)
    without_item = [line for line in _lines("closing.jsonl") if '"item": "D2", "reason"' not in line]
    number = next(i for i, line in enumerate(without_item) if '"close"' in line) + 1
    words = {"kk": "мәселелері қаралған жоқ", "ru": "не рассмотрены", "en": "«Жайылым» (D2)"}
    _refused_in_every_language(data_dir, capsys, tmp_path, without_item, number, REG[9], words)


# 8. Who announced the registration and under which authorisation the sitting was opened.


def test_authorised_person_announces_and_opens(data_dir, capsys, tmp_path):
    rc, out, err = _replay(data_dir, capsys, tmp_path, _lines("authorised.jsonl"))
    assert rc == 0, err
    (ann,) = out["announcements"]
    assert (
        ann["capacity"] == "authorised"
        and ann["by"].startswith("Сейітова")
        and "№ 45" in ann["authorisation"]
    )
    assert out["opened_as"] == "authorised" and "№ 45" in out["opened_authorisation"]
    lines = [
        line.replace(
            ', "authorisation": "Әкімнің 2026 жылғы 10 қарашадағы № 45 өкімі", "key": "open"',
            ', "key": "open"',
        )
        for line in _lines("authorised.jsonl")
    ]
    number = next(i for i, line in enumerate(lines) if '"cmd": "open"' in line) + 1
    rc, _out, err = _replay(data_dir, capsys, tmp_path, lines)
    assert rc == 1 and f"Line {number}:" in err and "authorisation" in err and "Model Regulation §8" in err


def test_idempotency_conflict_in_a_script_names_the_line_and_event(data_dir, capsys, tmp_path):
    lines = _lines("authorised.jsonl")
    first = next(i for i, line in enumerate(lines) if '"cmd": "open"' in line) + 1
    lines, number = _insert(lines, '"role": "secretary"', {"cmd": "open", "by": "Басқа адам", "key": "open"})
    rc, _out, err = _replay(data_dir, capsys, tmp_path, lines)
    assert rc == 1 and f"Line {number}:" in err and f"on line {first} (event 8)" in err and "?" not in err


# Citations are data: the table, the act in force, a later act added without code.


def test_rules_table_shows_the_act_in_force_and_takes_a_new_one(data_dir, capsys, tmp_path):
    assert main(["--data-dir", str(data_dir), "--lang", "en", "meeting", "rules", "--on", "2022-01-01"]) == 0
    out = capsys.readouterr().out
    assert "> separate_gatherings: Decree No. 1106" in out and "quorum.separate_gathering" in out
    assert "meeting.speech_count = literal" in out and "vote.tie_gathering" in out
    order = {
        "code": "order_45",
        "subject": "separate_gatherings",
        "effective": "2026-03-01",
        "short": {"kk": "№ 45 бұйрық", "ru": "Приказ № 45", "en": "Order No. 45"},
        "title": {"kk": "№ 45 бұйрық", "ru": "Приказ № 45", "en": "Order No. 45 of 1 March 2026"},
    }
    path = tmp_path / "acts.json"
    path.write_text(json.dumps([order], ensure_ascii=False), encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "meeting", "add-sources", str(path)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "--lang", "ru", "meeting", "rules", "--on", "2026-11-20"]) == 0
    out = capsys.readouterr().out
    assert "> separate_gatherings: Приказ № 45" in out
    assert 'quorum.separate_gathering = "1/10"  (Приказ № 45)' in out
    rc, result, err = _replay(data_dir, capsys, tmp_path, _lines("separate_gathering_tie.jsonl"), "ru")
    assert rc == 0 and result["sources"]["separate_gatherings"] == "Order No. 45", err
    path.write_text(json.dumps([{**order, "subject": "moon"}]), encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "--lang", "en", "meeting", "add-sources", str(path)]) == 1
    assert "cannot be read" in capsys.readouterr().err


# The protocol prints the readings in force, who announced and opened, acting officers and reasons.


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "kk",
            [
                "Мәселе осы шақырылымда қаралған жоқ; себебі — Баяндамашы келмеді",
                "Жиналыста жарияланған жоқ; себебі — Автор сұрағын",
                "Бір мәселе бойынша екі рет сөйлеу шегіне мүшенің әрбір сөзі есептеледі",
                "Қолданылған акт: Қазақстан Республикасы Ұлттық экономика министрінің 2017 жылғы 7 тамыздағы № 295",
            ],
        ),
        (
            "ru",
            [
                "Вопрос на этом созыве не рассматривался; причина — Баяндамашы келмеді",
                "На собрании не оглашался; причина — Автор сұрағын",
                "засчитывается каждое выступление члена",
                "Применённый акт: Типовой регламент собрания местного сообщества",
            ],
        ),
    ],
)
def test_protocol_prints_the_readings_and_the_reasons(data_dir, capsys, tmp_path, lang, expected):
    from tests.services.documents.pdftext import text

    rc, out, err = _replay(data_dir, capsys, tmp_path, _lines("closing.jsonl"))
    assert rc == 0, err
    pdf = tmp_path / "protocol.pdf"
    assert (
        main(
            [
                "--data-dir",
                str(data_dir),
                "protocol",
                "render",
                out["sitting"],
                "--lang",
                lang,
                "--out",
                str(pdf),
            ]
        )
        == 0
    )
    body = text(pdf.read_bytes())
    for phrase in expected:
        assert phrase in body, (lang, phrase)


def test_protocol_prints_the_acting_chair_and_the_authorisation(data_dir, capsys, tmp_path):
    from tests.services.documents.pdftext import text

    rendered = {}
    for name in ("absent_chair", "authorised"):
        rc, out, err = _replay(data_dir, capsys, tmp_path, _lines(f"{name}.jsonl"))
        assert rc == 0, err
        pdf = tmp_path / f"{name}.pdf"
        assert (
            main(
                [
                    "--data-dir",
                    str(data_dir),
                    "protocol",
                    "render",
                    out["sitting"],
                    "--lang",
                    "ru",
                    "--out",
                    str(pdf),
                ]
            )
            == 0
        )
        capsys.readouterr()
        rendered[name] = text(pdf.read_bytes())
    # No name is slotted where Russian would decline it or give it a gender: labels and dashes.
    assert (
        "Председательствующий в отсутствие председателя в зале — Ғалымов 3; избрание:"
        in rendered["absent_chair"]
    )
    assert "Секретарь вместо Бекова 2 — Дәулетова 4 (причина —" in rendered["absent_chair"]
    assert (
        "решение принято решающим голосом председательствующего в отсутствие председателя "
        "(председательствующий — Ғалымов 3)" in rendered["absent_chair"]
    )
    assert (
        "Объявление итогов — Сейітова Гүлжан, әкім аппаратының бас маманы, по уполномочию акима"
        in rendered["authorised"]
    )
    assert (
        "Собрание открывает Сейітова Гүлжан, по уполномочию акима (Әкімнің 2026 жылғы 10 қарашадағы № 45 өкімі)"
        in rendered["authorised"]
    )
    assert "(а)" not in rendered["absent_chair"] + rendered["authorised"]
