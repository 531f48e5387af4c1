"""`zhoob monitoring ...`: the form typed, signed and exported; the commission; the steps; its report."""

from __future__ import annotations

from datetime import date

from tests.services.decisions.helpers import held_sitting, members
from tests.services.documents.pdftext import text
from zhoob_desktop.cli import main
from zhoob_desktop.services.store import open_store


def _run(data_dir, capsys, *argv, lang="en"):
    rc = main(["--data-dir", str(data_dir), "--lang", lang, "monitoring", *argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_schedule_in_russian(data_dir, capsys):
    rc, out, _err = _run(data_dir, capsys, "schedule", "2026", "--period", "year", lang="ru")
    assert rc == 0
    assert "05.01.2027" in out and "комисси" in out
    assert "10.01.2027" in out and "воскресенье" in out  # the 10th of January 2027 is a Sunday


def test_form_signing_exports_commission_and_steps(data_dir, capsys, tmp_path):
    roster = members(5)
    store = open_store(data_dir)
    try:
        held_sitting(store, date(2026, 2, 3), ["Form the commission"], titles=["Commission"],
                     kinds=["commission_forming"], number=1, roster=roster)  # fmt: skip
        held_sitting(store, date(2026, 7, 17), [None], titles=["Monitoring report"], kinds=["monitoring_report"],
                     number=2, roster=roster)  # fmt: skip
    finally:
        store.close(backup=False)
    rc, out, err = _run(
        data_dir, capsys, "set", "2026", "021", "--revised", "100", "--half", "50", "--actual", "40,04"
    )
    assert rc == 0, err
    assert "021\t" in out and "40.0" in out
    rc, out, err = _run(
        data_dir, capsys, "sign", "2026", "--akim", "Akim", "--finance", "Finance", "--on", "2026-07-04"
    )
    assert rc == 1 and "column 11 gives no reason" in err and "Order No. 405" in err
    _run(data_dir, capsys, "set", "2026", "021", "--reason", "The tenant paid late")
    rc, out, err = _run(
        data_dir, capsys, "sign", "2026", "--akim", "Akim", "--finance", "Finance", "--on", "2026-07-04"
    )
    assert rc == 0 and "Signed on 4 July 2026" in out
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    assert _run(data_dir, capsys, "pdf", "2026", "--lang", "ru", "--out", str(pdf))[0] == 0
    assert "40,0" in text(pdf.read_bytes()).replace("\u00a0", " ")
    assert _run(data_dir, capsys, "xlsx", "2026", "--out", str(xlsx))[0] == 0 and xlsx.stat().st_size > 0
    rc, out, err = _run(data_dir, capsys, "correct", "2026", "--reason", "Line 021 actual")
    assert rc == 0 and "Version 2" in out

    ids = [m["id"] for m in roster]
    rc, out, err = _run(data_dir, capsys, "commission", "1", "--members", *ids[:3], "--chair", ids[0])
    assert rc == 0, err
    assert "Formed at the sitting No. 1 of 3 February 2026." in out and "Member 01\tchair" in out
    rc, out, err = _run(data_dir, capsys, "step", "2026", "2", "--on", "2026-07-08")
    assert rc == 0, err
    assert "2.\t10/07/2026\tdone 08/07/2026" in out and "1.\t05/07/2026\tdone 04/07/2026" in out
    paper = tmp_path / "c.pdf"
    rc, out, err = _run(data_dir, capsys, "report", "2026", "--findings", "Receipts on plan",
                        "--recommend", "Keep the register", "Publish the receipts",
                        "--signers", *ids[:2], "--on", "2026-07-14", "--out", str(paper), "--lang", "ru")  # fmt: skip
    assert rc == 0, err
    assert "signed on 14 July 2026" in out
    body = text(paper.read_bytes())
    assert "Receipts on plan" in body and "Publish the receipts" in body and "Member 02" in body
    rc, out, err = _run(data_dir, capsys, "step", "2026", "4", "--at", "2")
    assert rc == 0, err
    assert "4.\t20/07/2026\tdone 17/07/2026" in out
    rc, out, err = _run(data_dir, capsys, "step", "2026", "5", "--on", "2026-07-24")
    assert rc == 1 and "conclusion" in err
