"""`zhoob monitoring`."""

from __future__ import annotations

from zhoob_desktop.cli import main


def test_schedule_in_russian(capsys):
    assert main(["--lang", "ru", "monitoring", "schedule", "2026", "--period", "year"]) == 0
    out = capsys.readouterr().out
    assert "05.01.2027" in out and "комисси" in out


def test_pdf_written(tmp_path):
    out = tmp_path / "m.pdf"
    assert (
        main(
            [
                "--data-dir",
                str(tmp_path / "d"),
                "monitoring",
                "pdf",
                "2026",
                "--lang",
                "ru",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert out.read_bytes().startswith(b"%PDF")
