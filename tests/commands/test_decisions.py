"""`zhoob decisions ...` over a store with held sittings: per decision, per protocol, and the papers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.services.decisions.helpers import held_sitting
from tests.services.documents.pdftext import text
from zhoob_desktop.cli import main
from zhoob_desktop.services import decisions as D
from zhoob_desktop.services.store import open_store


def _store_with_sitting(data_dir, day):
    store = open_store(data_dir)
    try:
        info = held_sitting(store, day, ["Repair the bridge", "Open a library"], titles=["Roads", "Culture"],
                            number=4)  # fmt: skip
        return info, [v.short_id for v in D.list_decisions(store)]
    finally:
        store.close(backup=False)


def _run(data_dir, capsys, *argv):
    rc = main(["--data-dir", str(data_dir), "--lang", "en", "decisions", *argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_list_acts_set_status_and_deadlines(data_dir, capsys):
    held = date.today() - timedelta(days=40)
    _info, (bridge, library) = _store_with_sitting(data_dir, held)
    rc, out, _err = _run(data_dir, capsys, "list", "--overdue")
    assert rc == 0
    lines = out.splitlines()
    assert [line.split("\t")[0] for line in lines] == [bridge, library]
    assert "awaiting the protocol" in lines[0] and lines[0].split("\t")[4].endswith("!!")

    rc, out, err = _run(data_dir, capsys, "set-status", bridge, "published", "--note", "Newspaper")
    assert rc == 1 and "Model Regulation §16" in err and "it is not approved yet" in err
    rc, out, err = _run(data_dir, capsys, "set-status", bridge, "protocol_handed")
    assert rc == 1 and "recorded for the whole protocol in one act" in err

    on = (held + timedelta(days=1)).isoformat()
    rc, out, err = _run(data_dir, capsys, "hand-over", "4", "--on", on, "--by", "Secretary")
    assert rc == 0, err
    assert "Protocol No. 4" in out and "handed to the akim: " in out
    rc, out, err = _run(
        data_dir, capsys, "consider", "4", "--on", on, "--disagree", library, "Not in the plan"
    )
    assert rc == 0, err
    assert "akim disagrees: re-discussion" in out and "\tapproved" in out
    due = (date.today() + timedelta(days=10)).isoformat()
    rc, out, err = _run(data_dir, capsys, "set-status", bridge, "assigned", "--responsible", "Roads office",
                        "--due", due)  # fmt: skip
    assert rc == 0, err
    assert "Roads office" in out
    rc, out, err = _run(data_dir, capsys, "set-status", bridge, "executed", "--note", "Done")
    assert rc == 0, err
    assert "Status: executed" in out
    rc, out, err = _run(data_dir, capsys, "set-status", bridge, "published", "--note", "More")
    assert rc == 1 and "closed (executed)" in err

    rc, out, _err = _run(data_dir, capsys, "list", "--open")
    assert [line.split("\t")[0] for line in out.splitlines()] == [library]
    rc, out, _err = _run(data_dir, capsys, "show", bridge)
    assert rc == 0 and [line.split("\t")[1] for line in out.splitlines() if line.startswith("  ")] == [
        "Protocol handed to the akim", "The akim agreed", "Responsible and due date set", "Executed"
    ]  # fmt: skip

    rc, out, _err = _run(data_dir, capsys, "deadlines", "--days", "30")
    assert rc == 0
    assert "Culture\tTell the members the result of the akim's consideration (Model Regulation §14)" in out
    assert "Roads" not in out  # executed, nothing due
    rc, out, err = _run(data_dir, capsys, "set-status", "0000", "agreed")
    assert rc == 1 and "There is no decision 0000." in err
    rc, out, _err = _run(data_dir, capsys, "protocols")
    assert "Protocol No. 4" in out and "members told: due" in out


def test_steps_at_a_sitting_the_execution_item_and_the_papers(data_dir, capsys, tmp_path):
    day = date(2026, 2, 2)
    store = open_store(data_dir)
    try:
        info = held_sitting(store, day, ["Repair the bridge"], titles=["Roads"], number=1)
        D.hand_over(store, info.id, on=day, today=day)
        D.consider(store, info.id, on=day, today=day)
        (bridge,) = D.protocol_view(store, info.id, today=day).decisions
        D.record_step(store, bridge.id, "assigned", on=day, today=day,
                      data={"responsible": "Roads office", "due_on": "2026-03-01"})  # fmt: skip
        held_sitting(store, date(2026, 3, 3), [None], titles=["Execution"], kinds=["execution_of_decisions"],
                     number=2)  # fmt: skip
    finally:
        store.close(backup=False)
    rc, out, _err = _run(data_dir, capsys, "execution-item", "2026-03-03")
    assert rc == 0 and "report of Roads office on the execution, due 1 March 2026!!" in out
    rc, out, err = _run(data_dir, capsys, "set-status", bridge.short_id, "not_executed", "--note", "Nothing done",
                        "--sent-to", "district_akim")  # fmt: skip
    assert rc == 1 and "choose the sitting where it was heard" in err
    rc, out, err = _run(data_dir, capsys, "set-status", bridge.short_id, "not_executed", "--at", "2",
                        "--note", "Nothing done", "--sent-to", "district_akim")  # fmt: skip
    assert rc == 0, err
    assert "Non-execution entered in the protocol\tat the sitting of 03/03/2026, item 1" in out
    assert "Sent to the district akim" in out
    letter = tmp_path / "letter.pdf"
    rc, out, err = _run(data_dir, capsys, "letter", bridge.short_id, "--lang", "ru", "--out", str(letter))
    assert rc == 0, err
    assert "Nothing done" in text(letter.read_bytes()) and "Repair the bridge" in text(letter.read_bytes())
    notice = tmp_path / "notice.pdf"
    rc, out, err = _run(data_dir, capsys, "notice", "1", "--signer", "Asanov A.", "--out", str(notice))
    assert rc == 0, err
    assert "A. Asanov" in text(notice.read_bytes())  # the name as signatures print it


def test_bad_date_and_empty_register(data_dir, capsys):
    rc, out, _err = _run(data_dir, capsys, "list")
    assert rc == 0 and out.strip() == "No decisions."
    with pytest.raises(SystemExit) as exc:
        _run(data_dir, capsys, "set-status", "abcd", "agreed", "--on", "yesterday")
    assert exc.value.code == 2
    assert "yesterday is not a date" in capsys.readouterr().err
