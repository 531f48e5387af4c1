"""The district akim's decisions by the USB road, the operator's view, and the commands of both sides."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.services.decisions.helpers import held_sitting
from tests.services.sync.helpers import make_pair
from zhoob_desktop.cli import main
from zhoob_desktop.models.netsync import DistrictUpload
from zhoob_desktop.services import decisions as D
from zhoob_desktop.services import i18n
from zhoob_desktop.services.okrug import get_okrug
from zhoob_desktop.services.sync import many, receipts
from zhoob_desktop.services.sync.net import access, operator, rulings

EXECUTION = "execution_of_decisions"
DOCUMENT = "Іле ауданы әкімінің 2026 жылғы 20 қарашадағы № 112 шешімі"


def referred_decision(store):
    """A decision the akim disagreed with, the meeting insisted on, and the okrug referred (Reg §13)."""
    info = held_sitting(
        store, date(2026, 10, 12), ["Sell the old school building"], titles=["Property"], number=11
    )
    D.hand_over(store, info.id, on=date(2026, 10, 13), today=date(2026, 10, 13))
    (decision,) = D.protocol_view(store, info.id, today=date(2026, 10, 13)).decisions
    D.consider(store, info.id, on=date(2026, 10, 15), today=date(2026, 10, 15),
               outcomes={decision.id: D.Outcome("disagreed", "Communal property is needed")})  # fmt: skip
    again = held_sitting(store, date(2026, 11, 2), [None], titles=["Execution of decisions"], kinds=[EXECUTION],
                         number=12)  # fmt: skip
    D.record_step(store, decision.id, "unresolved", at_sitting=again.id, today=date(2026, 11, 3))
    D.record_step(
        store, decision.id, "referred", on=date(2026, 11, 4), note="Letter No. 45", today=date(2026, 11, 4)
    )
    return decision


def to_district(pair, name):
    many.import_many(pair.district, [pair.export(name).path], pair.keys)


def receipt_file(pair, path):
    receipts.make_receipt(pair.district, pair.keys, get_okrug(pair.store).id, path)
    return receipts.import_receipt(pair.store, path)


def test_a_ruling_comes_back_in_a_receipt_file_and_stands_in_the_decisions_history(
    store, district_sqlite, tmp_path
):
    pair = make_pair(store, district_sqlite, tmp_path)
    decision = referred_decision(store)
    other = next(d for d in D.list_decisions(store) if d.id != decision.id)
    to_district(pair, "b1.zip")
    with pytest.raises(rulings.NotReferred) as err:
        rulings.rule(
            pair.district, other.short_id, "upheld", on=date(2026, 11, 20), document=DOCUMENT, by="Әкім"
        )
    assert err.value.citation == "Model Regulation §13"
    with pytest.raises(rulings.RulingBeforeReferral):
        rulings.rule(
            pair.district, decision.short_id, "upheld", on=date(2026, 11, 1), document=DOCUMENT, by="Әкім"
        )
    with pytest.raises(rulings.RulingIncomplete):
        rulings.rule(
            pair.district, decision.short_id, "upheld", on=date(2026, 11, 20), document=" ", by="Әкім"
        )
    made = rulings.rule(pair.district, decision.short_id, "overruled", on=date(2026, 11, 20), document=DOCUMENT,
                        by="Іле ауданының әкімі", note="After the maslikhat session of 18 November")  # fmt: skip
    assert made.ruling.outcome == "overruled" and rulings.referred(pair.district) == []
    with pytest.raises(rulings.AlreadyRuled):
        rulings.rule(
            pair.district, decision.short_id, "upheld", on=date(2026, 11, 21), document=DOCUMENT, by="X"
        )

    receipt_file(pair, tmp_path / "r1.json")
    receipt_file(pair, tmp_path / "r1.json")  # the same receipt again: recorded once
    view = D.get_decision(store, decision.id)
    steps = [h for h in view.history if h.step == "district_overruled"]
    assert len(steps) == 1 and steps[0].on == date(2026, 11, 20) and view.status == "revoked"
    assert steps[0].note.startswith(DOCUMENT) and "maslikhat" in steps[0].note
    assert steps[0].actor == "Іле ауданының әкімі" and steps[0].data["document"] == DOCUMENT
    (received,) = rulings.received(store)
    assert received.applied_at is not None and received.problem == ""
    # the step goes to the district with the next bundle; its overview follows
    to_district(pair, "b2.zip")
    (done,) = rulings.referred(pair.district, include_decided=True)
    assert done.state == "revoked"


def test_a_ruling_that_does_not_fit_the_history_waits_with_the_reason(store, district_sqlite, tmp_path):
    pair = make_pair(store, district_sqlite, tmp_path)
    decision = referred_decision(store)
    to_district(pair, "b1.zip")
    rulings.rule(
        pair.district, decision.short_id, "upheld", on=date(2026, 11, 20), document=DOCUMENT, by="Әкім"
    )
    # meanwhile the okrug typed in the district akim's decision by hand
    D.record_step(store, decision.id, "district_overruled", on=date(2026, 11, 19), note="Telephone message",
                  today=date(2026, 11, 21))  # fmt: skip
    receipt_file(pair, tmp_path / "r.json")
    (received,) = rulings.received(store)
    assert received.applied_at is None and "The decision is closed" in received.problem
    i18n.set_language("ru")  # kept as the rule's message, shown in the language of the moment
    assert rulings.received(store)[0].problem != received.problem
    assert D.get_decision(store, decision.id).status == "revoked"  # the history was not touched


def test_the_operators_view_per_okrug(store, district_sqlite, tmp_path):
    pair = make_pair(store, district_sqlite, tmp_path)  # two sittings of the meeting on 5 October 2026
    okrug_id = get_okrug(store).id
    (row,) = operator.okrug_rows(pair.district, today=date(2026, 11, 25))
    assert (row.last_contact_at, row.waiting, row.last_bundle_seq, row.sittings_this_quarter) == (
        None,
        0,
        None,
        0,
    )
    to_district(pair, "b1.zip")
    access.touch(
        pair.district, okrug_id, datetime(2026, 11, 25, 6, 0, tzinfo=UTC), address="10.0.0.7", waiting=2
    )
    with pair.district.session() as s:
        s.add(
            DistrictUpload(id=__import__("uuid").uuid4(), okrug_id=okrug_id, seq=3, size=10, sha256="0" * 64)
        )
    (row,) = operator.okrug_rows(pair.district, today=date(2026, 11, 25))
    assert row.address == "10.0.0.7" and (row.incoming, row.held_at_okrug, row.waiting) == (1, 2, 3)
    assert row.last_bundle_seq == 1 and row.conflicts_open == 0
    assert row.quarter == (2026, 4) and row.sittings_this_quarter == 2 and row.quarter_short
    # the protocols of the two sittings were never handed to the akim: two working days (Reg §12)
    assert [(o.kind, o.due) for o in row.overdue] == [("protocol", date(2026, 10, 7))] * 2
    (row,) = operator.okrug_rows(pair.district, today=date(2027, 1, 10))
    assert (row.quarter, row.sittings_this_quarter, row.sittings_last_quarter) == ((2027, 1), 0, 2)
    assert not row.quarter_short
    access.revoke(pair.district, str(okrug_id), by="Сейітов Н.", reason="lost")
    lines = operator.row_lines(operator.okrug_rows(pair.district, today=date(2026, 11, 25))[0])
    assert "KEY REVOKED" in lines[0] and any("decisions overdue: 2" in line for line in lines)


def run(capsys, *args):
    code = main(["--lang", "en", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_district_commands(store, district_sqlite, tmp_path, capsys):
    pair = make_pair(store, district_sqlite, tmp_path)
    decision = referred_decision(store)
    to_district(pair, "b1.zip")
    db = ["--db", str(pair.district.engine.url.database)]
    data = ["--data-dir", str(tmp_path / "district-data")]
    code, out, _ = run(capsys, *data, "district", "referred", *db)
    assert code == 0 and decision.short_id in out and "Communal property is needed" in out
    code, out, err = run(capsys, *data, "district", "rule", decision.short_id, "upheld", "--on", "2026-11-20",
                         "--document", DOCUMENT, "--by", "Іле ауданының әкімі", *db)  # fmt: skip
    assert code == 0 and "upheld" in out and "Қарағайлы" in out, err
    with pytest.raises(SystemExit) as exit_code:
        run(capsys, *data, "district", "rule", decision.short_id, "upheld", "--on", "20.11.2026",
            "--document", DOCUMENT, "--by", "X", *db)  # fmt: skip
    assert exit_code.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err
    code, out, _ = run(capsys, *data, "district", "okrugs", "--on", "2026-11-25", *db)
    assert code == 0 and "Қарағайлы ауылдық округі" in out and "decisions overdue: 3" in out
    assert "1. Property: the members told the result, due" in out  # Reg §14, after the consideration
    code, out, _ = run(capsys, *data, "district", "revoke-okrug", "Қарағайлы ауылдық округі", "--by", "Н.",
                       "--reason", "lost", *db)  # fmt: skip
    assert code == 0 and "revoked" in out
    code, _out, err = run(
        capsys, *data, "district", "revoke-okrug", "Қарағайлы ауылдық округі", "--by", "Н.", *db
    )
    assert code == 1 and "and the reason" in err
    code, _out, err = run(capsys, *data, "district", "revoke-okrug", "Қарағайлы ауылдық округі", "--by", "Н.",
                          "--reason", "again", *db)  # fmt: skip
    assert code == 1 and "revoked already" in err
    code, out, _ = run(capsys, *data, "district", "certificate", "--out", str(tmp_path / "cert.pem"))
    assert code == 0 and (tmp_path / "cert.pem").read_text().startswith("-----BEGIN CERTIFICATE-----")
    again = run(capsys, *data, "district", "certificate")[1]
    assert out.splitlines()[-1] == again.splitlines()[-1]  # made once: the same fingerprint


def test_the_okrug_commands_without_a_service(store, district_sqlite, tmp_path, capsys):
    make_pair(store, district_sqlite, tmp_path)
    folder = str(store.data_dir)
    store.close(backup=False)
    code, out, _ = run(capsys, "--data-dir", folder, "bundle", "queue")
    assert code == 0 and "travel as files" in out
    code, _out, err = run(capsys, "--data-dir", folder, "bundle", "connect", "https://127.0.0.1:1")
    assert code == 1 and "fingerprint" in err
    code, _out, err = run(capsys, "--data-dir", folder, "bundle", "connect", "ftp://x", "--fingerprint", "ab")
    assert code == 1 and "https://" in err
    code, _out, err = run(capsys, "--data-dir", folder, "bundle", "send")
    assert code == 1 and "No district service is set up" in err
