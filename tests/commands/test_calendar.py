"""`zhoob calendar show|add|remove`."""

from __future__ import annotations

from zhoob_desktop.cli import main


def _run(data_dir, capsys, lang, *argv):
    rc = main(["--data-dir", str(data_dir), "--lang", lang, "calendar", *argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_show_add_and_remove(data_dir, capsys):
    rc, out, _err = _run(data_dir, capsys, "ru", "show", "2026")
    assert rc == 0 and "27.05.2026\tвыходной день\tКурбан айт\t" in out
    rc, out, err = _run(data_dir, capsys, "ru", "add", "2026-12-31", "--day-off", "--decree", "955",
                        "--decree-date", "2025-12-20", "--note", "перенесён с субботы")  # fmt: skip
    assert rc == 0, err
    rc, out, err = _run(data_dir, capsys, "kk", "add", "2026-12-31", "--day-off", "--decree", "956",
                        "--decree-date", "2025-12-21")  # fmt: skip
    assert rc == 1 and "31 желтоқсан" in err
    rc, out, _err = _run(data_dir, capsys, "kk", "show", "2026")
    assert "31.12.2026\tдемалыс күні\tқаулы бойынша демалыс күні" in out and "перенесён с субботы" in out
    rc, out, _err = _run(data_dir, capsys, "en", "remove", "2026-12-31")
    assert rc == 0 and "31 December 2026" in out
    rc, out, err = _run(data_dir, capsys, "en", "remove", "2026-12-31")
    assert rc == 1 and "has no correction" in err
