"""`zhoob residents import|export|passport` and `zhoob demo`: exit codes, reports, files."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from pypdf import PdfReader

from zhoob_desktop.cli import main
from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.services.register.iin import make_iin
from zhoob_desktop.services.register.query import count_residents
from zhoob_desktop.services.store import open_store

GOOD = [
    ["Тұрғындар тізімі"],
    ["Тегі Аты Әкесінің аты", "ЖСН", "Туған күні", "Жынысы", "Мекенжайы"],
    [
        "Қасымов Асхат Серікұлы",
        make_iin(date(1980, 5, 1), "M", 1),
        "01.05.1980",
        "ер",
        "Қарағайлы, Абай көшесі, 5",
    ],
    [
        "Өспанова Әйгерім",
        int(make_iin(date(2001, 2, 3), "F", 2)),
        date(2001, 2, 3),
        "әйел",
        "Қарағайлы, Абай көшесі, 7",
    ],
]
BAD_ROW = ["Бекова", "123", "32.13.1990", "ж", ""]


def workbook(path, rows):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return str(path)


@pytest.fixture
def okrug_dir(data_dir):
    store = open_store(data_dir)
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    store.close(backup=False)
    return str(data_dir)


def residents(data_dir) -> int:
    store = open_store(data_dir)
    try:
        return count_residents(store)
    finally:
        store.close(backup=False)


def test_import_clean_file(okrug_dir, tmp_path, capsys):
    path = workbook(tmp_path / "good.xlsx", GOOD)
    assert main(["--data-dir", okrug_dir, "--lang", "en", "residents", "import", path]) == 0
    out = capsys.readouterr().out
    assert "Header row 2" in out and "2 new" in out and "leading zero" in out
    assert residents(okrug_dir) == 2


def test_dry_run_writes_nothing(okrug_dir, tmp_path, capsys):
    path = workbook(tmp_path / "good.xlsx", GOOD)
    assert main(["--data-dir", okrug_dir, "residents", "import", path, "--dry-run"]) == 0
    assert residents(okrug_dir) == 0
    bad = workbook(tmp_path / "bad.xlsx", [*GOOD, BAD_ROW])
    assert main(["--data-dir", okrug_dir, "residents", "import", bad, "--dry-run"]) == 1
    assert residents(okrug_dir) == 0


def test_refused_rows_import_nothing_unless_only_valid(okrug_dir, tmp_path, capsys):
    bad = workbook(tmp_path / "bad.xlsx", [*GOOD, BAD_ROW])
    assert main(["--data-dir", okrug_dir, "--lang", "ru", "residents", "import", bad]) == 1
    captured = capsys.readouterr()
    assert "строка 5" in captured.out and "ИИН" in captured.out
    assert "ничего не импортировано" in captured.err
    assert residents(okrug_dir) == 0
    assert main(["--data-dir", okrug_dir, "residents", "import", bad, "--only-valid"]) == 1
    assert residents(okrug_dir) == 2


def test_unreadable_file_is_a_clear_error(okrug_dir, tmp_path, capsys):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    assert main(["--data-dir", okrug_dir, "--lang", "kk", "residents", "import", str(broken)]) == 1
    assert "оқылмады" in capsys.readouterr().err


def test_export_round_trip_and_passport(okrug_dir, tmp_path, capsys):
    main(["--data-dir", okrug_dir, "residents", "import", workbook(tmp_path / "good.xlsx", GOOD)])
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"export{suffix}"
        assert main(["--data-dir", okrug_dir, "residents", "export", str(out), "--reason", "test"]) == 0
        assert out.exists()
        assert main(["--data-dir", okrug_dir, "residents", "import", str(out), "--dry-run"]) == 0
        assert "2 unchanged" in capsys.readouterr().out
    pdf = tmp_path / "passport.pdf"
    args = ["--data-dir", okrug_dir, "residents", "passport", "--out", str(pdf), "--settlement", "карагайлы"]
    assert main([*args, "--lang", "kk"]) == 0
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Қарағайлы елді мекенінің паспорты" in text and "Қоғамдастық мүшелері" in text
    assert main([*args[:-1], "Жоқ ауыл"]) == 1
    assert "Жоқ ауыл" in capsys.readouterr().err


def test_demo_command(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "--lang", "en", "demo"]) == 0
    assert "Demo okrug created" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "--lang", "en", "demo"]) == 1
    assert "already holds the okrug" in capsys.readouterr().err


def test_passport_on_a_date_in_russian(okrug_dir, tmp_path, capsys):
    main(["--data-dir", okrug_dir, "residents", "import", workbook(tmp_path / "good.xlsx", GOOD)])
    pdf = tmp_path / "p.pdf"
    args = ["--data-dir", okrug_dir, "--lang", "en", "residents", "passport", "--out", str(pdf)]
    assert main([*args, "--lang", "ru", "--date", "2019-01-01"]) == 0
    out = capsys.readouterr().out  # messages in English (the first --lang), the document in Russian
    assert "2 residents, 1 community members" in out  # Әйгерім, born in 2001, was 17 then
    text = PdfReader(pdf).pages[0].extract_text()
    assert "Паспорт округа" in text and "1 января 2019" in text
