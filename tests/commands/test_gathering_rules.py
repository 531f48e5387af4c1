"""The rules of a gathering and a separate gathering as their own texts give them, replayed through the CLI.

A gathering (жиын) is governed by the Law (art. 39-3), a separate gathering
(бөлек жиын) by the Model Rules of separate gatherings in force on its date;
the Model Regulation (Order No. 295, "Reg §N") is the meeting's. Each script
is a lawful sitting; the same script with one unlawful line is refused with
the line, the rule and the gathering's own source in Kazakh, Russian and
English, never the meeting's Regulation. What no text of a gathering says
(the time for speeches and its extension, the limit of two speeches, written
questions, breaks) is the sitting's own procedure: not refused as if it
were law, and cited to no act.
"""

from __future__ import annotations

import pytest

from tests.commands.test_meeting_rules import (
    LAW,
    ORDER_122,
    REG,
    _insert,
    _lines,
    _refused_in_every_language,
    _replay,
)
from zhoob_desktop.cli import main

SCRIPTS = {"gathering": ("gathering_procedure.jsonl", "g", LAW), "separate_gathering": ("separate_gathering_procedure.jsonl", "s", ORDER_122)}  # fmt: skip
MEETING_REGULATION = ("Model Regulation", "Үлгі регламент", "Типовой регламент")
KINDS = pytest.mark.parametrize("kind", list(SCRIPTS))


def _script(kind: str) -> tuple[list[str], str, dict]:
    name, prefix, citation = SCRIPTS[kind]
    return _lines(name), prefix, citation


def _without(lines: list[str], text: str) -> tuple[list[str], int]:
    """The script without the first line containing ``text`` and the number of the line now in its place."""
    index = next(i for i, line in enumerate(lines) if text in line)
    return [*lines[:index], *lines[index + 1 :]], index + 1


def _replace(lines: list[str], text: str, old: str, new: str) -> tuple[list[str], int]:
    index = next(i for i, line in enumerate(lines) if text in line)
    return [*lines[:index], lines[index].replace(old, new), *lines[index + 1 :]], index + 1


@KINDS
def test_a_gathering_is_held_by_its_own_texts(data_dir, capsys, tmp_path, kind):
    lines, prefix, citation = _script(kind)
    rc, out, err = _replay(data_dir, capsys, tmp_path, lines)
    assert rc == 0, err
    assert out["kind"] == kind and out["phase"] == "closed"
    # officers, the agenda, the decision: the gathering's source
    votes = [v for it in out["agenda"] for v in it["decisions"]]
    assert votes and {v["citation"] for v in votes} == {citation["en"]}
    assert [(o["role"], o["replaces"]) for o in out["officers"]] == [
        ("chair", ""),
        ("secretary", ""),
        ("acting_chair", ""),
        ("secretary", "Бекова 2"),
    ]
    # a member spoke three times on one item: the meeting's limit of two (Reg §11) is not the gathering's
    speeches = out["agenda"][0]["speeches"]
    assert [s["speech"] for s in speeches if s["name"] == "Ғалымов 3"] == ["a1", "a2", "a3"]
    # the extension voted down on a tie stops the speaker; the time for speeches is its own procedure
    a3 = next(s for s in speeches if s["speech"] == "a3")
    assert a3["stop_reason"] == "extension_refused"
    # a written question never announced does not keep the gathering open (Reg §11 is the meeting's)
    assert [(q["question"], q["announced"]) for q in out["questions"]] == [("wq1", False)]
    # the rules in force: the gathering's own source, or none for its own procedure; never Reg §N
    printed = {r["rule"]: r["citation"] for r in out["readings_in_force"]}
    assert not any(c.startswith(MEETING_REGULATION) for c in printed.values())
    assert printed["speech.extension"] == ""
    assert printed["officers.acting_chair_gathering"] == citation["en"]
    assert printed["protocol.signed"] == citation["en"]
    assert not {"closing.questions", "vote.casting", "officers.acting_chair"} & set(printed)
    assert "speech_count" not in printed  # the reading of Reg §11's limit is the meeting's


def _refusals(prefix: str) -> list[tuple[str, object, dict]]:
    """(what the line does, how to make the script unlawful, the refusal's words in kk/ru/en)."""
    return [
        (
            "voting the agenda before the officers are elected",
            lambda lines: _insert(lines, '"role": "chair"', {"cmd": "vote_item", "item": "D1", "for": 10}),
            {"kk": "төраға мен хатшы сайлануы керек", "ru": "избрать председателя и секретаря", "en": "must be elected first"},
        ),
        (
            "electing someone to chair while the chair is in the hall",
            lambda lines: _insert(
                lines, f'"depart", "person": "{prefix}1"', {"cmd": "elect", "role": "acting_chair", "person": f"{prefix}5", "for": 9}
            ),
            {"kk": "залда", "ru": "в зале", "en": "is in the hall"},
        ),
        (
            "registering someone not on the list",
            lambda lines: _insert(lines, '"announce_registration"', {"cmd": "register", "member": "x99"}),
            {"kk": "тізімінде жоқ", "ru": "нет в списке", "en": "is not on the list"},
        ),
        (
            "counting more votes than participants present",
            lambda lines: _replace(lines, '"vote", "item": "D1"', '"for": 6', '"for": 7'),
            {"kk": "көп", "ru": "больше", "en": "exceed"},
        ),
        (
            "closing with an approved item never taken up and no reason",
            lambda lines: _without(lines, '"acknowledge", "item": "D2"'),
            {"kk": "қаралған жоқ", "ru": "не рассмотрены", "en": "«Жайылым» (D2)"},
        ),
        (
            "opening as an authorised person without the akim's act",
            lambda lines: _replace(lines, '"cmd": "open"', ', "authorisation": "Әкімнің 2026 жылғы 1 қыркүйектегі № 12 өкімі"', ""),
            {"kk": "authorisation", "ru": "authorisation", "en": "authorisation"},
        ),
        (
            "a participant who is not in the hall voted by name",
            lambda lines: _insert(
                lines, '"cmd": "vote", "item": "D1"', {"cmd": "vote", "item": "D1", "roll_call": {f"{prefix}1": "for"}}
            ),
            {"kk": "тіркелмеген", "ru": "нет в списке присутствующих", "en": "is not registered"},
        ),
    ]  # fmt: skip


@KINDS
@pytest.mark.parametrize("case", range(7))
def test_refusals_cite_the_gatherings_own_source(data_dir, capsys, tmp_path, kind, case):
    lines, prefix, citation = _script(kind)
    _what, unlawful, words = _refusals(prefix)[case]
    bad, number = unlawful(lines)
    _refused_in_every_language(data_dir, capsys, tmp_path, bad, number, citation, words)
    for lang in ("kk", "ru", "en"):
        _rc, _out, err = _replay(data_dir, capsys, tmp_path, bad, lang)
        assert not any(reg in err for reg in MEETING_REGULATION), (lang, err)
        # said of the gathering, not of a sitting of the meeting
        assert not any(word in err.lower() for word in ("шақырылым", "заседани", "sitting")), (lang, err)


@KINDS
def test_the_sittings_own_procedure_is_refused_without_citing_the_meeting_regulation(
    data_dir, capsys, tmp_path, kind
):
    lines, prefix, _citation = _script(kind)
    cases = [
        # a speaker on an item not being considered; a second break; a speech while another goes on
        (_insert(lines, '"speech": "a2"}', {"cmd": "add_speaker", "person": f"{prefix}4", "kind": "debate", "item": "D2"}),
         {"kk": "қаралып жатқан мәселе", "ru": "рассматриваемому вопросу", "en": "item being considered"}),
        (_insert(lines, '"cmd": "resume"', {"cmd": "break", "reason": "тағы"}),
         {"kk": "үзіліс", "ru": "перерыв", "en": "break"}),
    ]  # fmt: skip
    for (bad, number), words in cases:
        for lang in ("kk", "ru", "en"):
            rc, _out, err = _replay(data_dir, capsys, tmp_path, bad, lang)
            assert rc == 1 and str(number) in err and words[lang] in err.lower(), (lang, err)
            assert not any(reg in err for reg in MEETING_REGULATION), (lang, err)
            assert not err.rstrip().endswith(")"), (lang, err)  # no act is cited for it


def test_the_meeting_keeps_its_regulation(data_dir, capsys, tmp_path):
    """The same unlawful lines at a meeting still cite the Model Regulation (Reg §8, §7, §12, §9, §11)."""
    lines = [
        line.replace('"kind": "gathering"', '"kind": "meeting"')
        for line in _lines("gathering_procedure.jsonl")
        if '"wq1"' not in line
    ]
    bad, number = _insert(lines, '"role": "chair"', {"cmd": "vote_item", "item": "D1", "for": 10})
    words = {"kk": "төраға мен хатшы сайлануы керек", "ru": "избрать председателя и секретаря", "en": "must be elected first"}  # fmt: skip
    _refused_in_every_language(data_dir, capsys, tmp_path, bad, number, REG[8], words)
    bad, number = _insert(lines, '"announce_registration"', {"cmd": "register", "member": "x99"})
    words = {"kk": "тізімінде жоқ", "ru": "нет в списке", "en": "is not on the list"}
    _refused_in_every_language(data_dir, capsys, tmp_path, bad, number, REG[7], words)
    # at a meeting the third speech on one item is refused (Reg §11)
    assert main(["--data-dir", str(data_dir), "meeting", "reading", "agenda_base", "present"]) == 0
    capsys.readouterr()
    rc, _out, err = _replay(data_dir, capsys, tmp_path, lines)
    number = (
        next(i for i, line in enumerate(lines) if '"speech": "a3"}' in line and "add_speaker" in line) + 1
    )
    assert rc == 1 and f"Line {number}:" in err and "Model Regulation §11" in err, err


@KINDS
def test_no_quorum_is_said_of_the_gathering_with_its_own_source(data_dir, capsys, tmp_path, kind):
    lines, prefix, citation = _script(kind)
    # only the first participant registers: 1 of 20, the quorum needs 2
    few = [line for line in lines if '"cmd": "register"' not in line or f'"{prefix}1"' in line]
    number = next(i for i, line in enumerate(few) if '"cmd": "open"' in line) + 1
    words = {
        "kk": "Жиынды ашуға болмайды",
        "ru": "Сход нельзя открыть",
        "en": "The gathering cannot be opened",
    }
    _refused_in_every_language(data_dir, capsys, tmp_path, few, number, citation, words)


def test_the_rules_table_shows_each_rule_at_each_kind_of_sitting(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "--lang", "en", "meeting", "rules", "--on", "2026-10-01"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()

    def block(code: str) -> str:
        start = next(
            i for i, line in enumerate(lines) if line.strip().startswith(code + " ") or line.strip() == code
        )
        return "\n".join(lines[start : start + 6])

    election = block("officers.election")
    assert (
        "gathering of the local community: The chair and the secretary are elected by open vote. (Law art. 39-3)"
        in election
    )
    assert (
        "separate gathering of the local community: The chair" in election and "(Order No. 122)" in election
    )
    assert "gathering of the local community: not applied" in block("speech.max_debate")
    assert "its own procedure; no act cited" in block("speech.extension")
    assert "meeting of the local community: not applied" in block("quorum.gathering")
    assert main(["--data-dir", str(data_dir), "--lang", "kk", "meeting", "rules"]) == 0
    kk = capsys.readouterr().out
    assert "жергілікті қоғамдастық жиыны: қолданылмайды" in kk and "Заңның 39-3-бабы" in kk
