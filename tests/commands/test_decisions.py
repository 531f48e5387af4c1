"""`zhoob decisions list|show|deadlines|set-status` over a store with a held sitting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.services.decisions.helpers import held_sitting
from zhoob_desktop.cli import main
from zhoob_desktop.services import decisions as D
from zhoob_desktop.services.store import open_store


def _store_with_sitting(data_dir, day):
    store = open_store(data_dir)
    try:
        held_sitting(store, day, ["Repair the bridge", "Open a library"], titles=["Roads", "Culture"])
        return [v.short_id for v in D.list_decisions(store)]
    finally:
        store.close(backup=False)


def _run(data_dir, capsys, *argv):
    rc = main(["--data-dir", str(data_dir), "--lang", "en", "decisions", *argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_list_set_status_and_deadlines(data_dir, capsys):
    held = date.today() - timedelta(days=40)
    bridge, library = _store_with_sitting(data_dir, held)
    rc, out, _err = _run(data_dir, capsys, "list", "--overdue")
    assert rc == 0
    lines = out.splitlines()
    assert [line.split("\t")[0] for line in lines] == [bridge, library]
    assert "awaiting the protocol" in lines[0] and lines[0].split("\t")[4].endswith("!!")

    rc, out, err = _run(data_dir, capsys, "set-status", bridge, "informed")
    assert rc == 1 and "Model Regulation §14" in err and "the akim considers it first" in err

    on = (held + timedelta(days=1)).isoformat()
    rc, out, err = _run(
        data_dir, capsys, "set-status", bridge, "protocol_handed", "--on", on, "--by", "Secretary"
    )
    assert rc == 0, err
    assert "Status: with the akim" in out and "Protocol handed to the akim" in out and "late" not in out
    rc, out, err = _run(data_dir, capsys, "set-status", bridge, "agreed", "--on", on)
    assert rc == 0, err
    due = (date.today() + timedelta(days=10)).isoformat()
    rc, out, err = _run(data_dir, capsys, "set-status", bridge, "assigned", "--responsible", "Roads office",
                        "--due", due)  # fmt: skip
    assert rc == 0, err
    assert "Roads office" in out
    rc, out, err = _run(data_dir, capsys, "set-status", bridge, "executed", "--note", "Done")
    assert rc == 0, err
    assert "Status: executed" in out
    rc, out, err = _run(data_dir, capsys, "set-status", bridge, "reported", "--note", "More")
    assert rc == 1 and "closed" in err

    rc, out, _err = _run(data_dir, capsys, "list", "--open")
    assert [line.split("\t")[0] for line in out.splitlines()] == [library]
    rc, out, _err = _run(data_dir, capsys, "list")
    assert len(out.splitlines()) == 2
    rc, out, _err = _run(data_dir, capsys, "show", bridge)
    assert rc == 0 and [line.split("\t")[1] for line in out.splitlines() if line.startswith("  ")] == [
        "Protocol handed to the akim", "The akim agreed", "Responsible and due date set", "Executed"
    ]  # fmt: skip

    rc, out, _err = _run(data_dir, capsys, "deadlines", "--days", "30")
    assert rc == 0
    assert "Culture\tHand the protocol to the akim (Model Regulation §12)" in out
    assert "Roads" not in out  # executed, nothing due
    rc, out, err = _run(data_dir, capsys, "set-status", "0000", "agreed")
    assert rc == 1 and "There is no decision 0000." in err


def test_bad_date_and_empty_register(data_dir, capsys):
    rc, out, _err = _run(data_dir, capsys, "list")
    assert rc == 0 and out.strip() == "No decisions."
    with pytest.raises(SystemExit) as exc:
        _run(data_dir, capsys, "set-status", "abcd", "agreed", "--on", "yesterday")
    assert exc.value.code == 2
    assert "yesterday is not a date" in capsys.readouterr().err
