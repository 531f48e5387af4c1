"""`zhoob protocol ...` and `zhoob paper ...`."""

from __future__ import annotations

import json

from tests.services.documents.pdftext import text
from tests.services.documents.scripted import DECISION, play_sitting
from zhoob_desktop.cli import main
from zhoob_desktop.services.store import open_store


def _played(data_dir, **kw):
    store = open_store(data_dir)
    try:
        return play_sitting(store, **kw).id
    finally:
        store.close(backup=False)


def test_render_sign_addendum_and_papers(data_dir, tmp_path, capsys):
    sid = _played(data_dir)
    d = ["--data-dir", str(data_dir)]
    draft = tmp_path / "draft.pdf"
    assert main([*d, "protocol", "render", "7", "--lang", "kk+ru", "--out", str(draft)]) == 0
    assert "ХАТТАМАСЫ" in text(draft.read_bytes()) and "ПРОТОКОЛ" in text(draft.read_bytes())
    word = tmp_path / "draft.docx"
    assert main([*d, "protocol", "render", "7", "--lang", "ru", "--out", str(word)]) == 0
    assert word.read_bytes().startswith(b"PK")
    capsys.readouterr()
    assert main([*d, "protocol", "finalise", str(sid), "--lang", "ru", "--signed-on", "2026-11-30"]) == 0
    captured = capsys.readouterr()
    digest = captured.out.strip().split()[-1].rstrip(".")
    assert len(digest) == 64
    # Signed long after the sitting (20 November 2026 + 2 working days): the person is told.
    assert "24" in captured.err and "§12" in captured.err
    signed = tmp_path / "signed.pdf"
    assert main([*d, "protocol", "render", "7", "--out", str(signed)]) == 0
    assert "ПРОТОКОЛ собрания местного сообщества" in text(signed.read_bytes())
    assert "ПРОЕКТ" not in text(signed.read_bytes())
    assert not list(tmp_path.glob(".*.tmp"))
    addendum = tmp_path / "add.pdf"
    assert main([*d, "protocol", "addendum", "7", "--text", "Уточнение места.", "--out", str(addendum)]) == 0
    assert digest in text(addendum.read_bytes()).replace(" ", "")
    for paper, extra in (
        ("registration-sheet", []),
        ("notice", ["--akim", "Жұмабеков", "--on", "2026-11-09"]),
        ("annex", []),
        ("extract", ["--item", "1", "--on", "2026-11-27"]),
    ):
        target = tmp_path / f"{paper}.pdf"
        assert main([*d, "paper", paper, "7", *extra, "--lang", "kk", "--out", str(target)]) == 0
        assert target.read_bytes().startswith(b"%PDF")


def test_texts_in_two_languages_listed_and_entered(data_dir, tmp_path, capsys):
    _played(data_dir, russian=False)
    d = ["--data-dir", str(data_dir)]
    assert main([*d, "protocol", "texts", "7", "--missing"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    decision = next(line for line in lines if line["text"] == DECISION)
    assert decision["kk"] == DECISION and decision["ru"] == ""
    entered = tmp_path / "ru.jsonl"
    entered.write_text(
        "\n".join(
            json.dumps({"text": line["text"], "ru": f"Перевод {n}"}, ensure_ascii=False)
            for n, line in enumerate(lines)
        ),
        encoding="utf-8",
    )
    assert main([*d, "protocol", "texts", "7", "--set", str(entered)]) == 0
    capsys.readouterr()
    assert main([*d, "protocol", "texts", "7", "--missing"]) == 0
    assert capsys.readouterr().out.strip() == ""
    out = tmp_path / "ru.pdf"
    assert main([*d, "protocol", "render", "7", "--lang", "ru", "--out", str(out)]) == 0
    assert "no translation" not in capsys.readouterr().err


def test_paper_settings_shown_and_changed(data_dir, capsys):
    _played(data_dir)
    d = ["--data-dir", str(data_dir)]
    assert main([*d, "paper", "settings"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["heading_kk"] == "Алматы облысы Іле ауданы Қарағайлы ауылдық округінің"
    assert shown["heading_ru"] == "Карагайлинского сельского округа Илийского района Алматинской области"
    assert main([*d, "paper", "settings", "--set", "decision_word=decided", "full_iin=yes"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["decision_word"] == "decided" and shown["full_iin"] is True
    assert main([*d, "--lang", "en", "paper", "settings", "--set", "colour=red"]) == 1
    assert "colour=red" in capsys.readouterr().err


def test_errors_are_explained(data_dir, tmp_path, capsys):
    _played(data_dir, close=False)
    d = ["--data-dir", str(data_dir), "--lang", "en"]
    assert main([*d, "protocol", "finalise", "7", "--signed-on", "2026-11-23"]) == 1
    assert "cannot be signed before the sitting is closed" in capsys.readouterr().err
    assert main([*d, "protocol", "finalise", "7", "--signed-on", "23.11.2026"]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert main([*d, "paper", "extract", "7", "--item", "5", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "no agenda item number 5" in capsys.readouterr().err
    assert main([*d, "protocol", "render", "404", "--out", str(tmp_path / "y.pdf")]) == 1
    assert "404" in capsys.readouterr().err
    assert not (tmp_path / "y.pdf").exists()
