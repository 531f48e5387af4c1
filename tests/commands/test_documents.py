"""`zhoob protocol ...` and `zhoob paper ...`."""

from __future__ import annotations

from tests.services.documents.pdftext import text
from tests.services.documents.scripted import play_sitting
from zhoob_desktop.cli import main
from zhoob_desktop.services.store import open_store


def _played(data_dir, **kw):
    store = open_store(data_dir)
    try:
        return play_sitting(store, **kw).id
    finally:
        store.close(backup=False)


def test_render_finalise_addendum_and_papers(data_dir, tmp_path, capsys):
    sid = _played(data_dir)
    d = ["--data-dir", str(data_dir)]
    draft = tmp_path / "draft.pdf"
    assert main([*d, "protocol", "render", "7", "--lang", "kk+ru", "--out", str(draft)]) == 0
    assert "хаттамасы" in text(draft.read_bytes()) and "Протокол" in text(draft.read_bytes())
    assert main([*d, "protocol", "finalise", str(sid), "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    digest = out.strip().split()[-1].rstrip(".")
    assert len(digest) == 64
    signed = tmp_path / "signed.pdf"
    assert main([*d, "protocol", "render", "7", "--out", str(signed)]) == 0
    assert "Протокол заседания" in text(signed.read_bytes())
    assert not list(tmp_path.glob(".*.tmp"))
    addendum = tmp_path / "add.pdf"
    assert main([*d, "protocol", "addendum", "7", "--text", "Уточнение места.", "--out", str(addendum)]) == 0
    assert digest in text(addendum.read_bytes()).replace(" ", "")
    for paper, extra in (
        ("registration-sheet", []),
        ("notice", ["--akim", "Жұмабеков"]),
        ("annex", []),
        ("extract", ["--item", "1"]),
    ):
        target = tmp_path / f"{paper}.pdf"
        assert main([*d, "paper", paper, "7", *extra, "--lang", "kk", "--out", str(target)]) == 0
        assert target.read_bytes().startswith(b"%PDF")


def test_errors_are_explained(data_dir, tmp_path, capsys):
    _played(data_dir, close=False)
    d = ["--data-dir", str(data_dir), "--lang", "en"]
    assert main([*d, "protocol", "finalise", "7"]) == 1
    assert "cannot be finalised before the sitting is closed" in capsys.readouterr().err
    assert main([*d, "paper", "extract", "7", "--item", "5", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "no agenda item number 5" in capsys.readouterr().err
    assert main([*d, "protocol", "render", "404", "--out", str(tmp_path / "y.pdf")]) == 1
    assert "404" in capsys.readouterr().err
    assert not (tmp_path / "y.pdf").exists()
