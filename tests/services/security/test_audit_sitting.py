"""A whole scripted sitting typed in by several operators: the audit names each one's part.

The akim prepares the sitting and opens its journal; the registration desk's
operator registers the members; the secretary runs the sitting from its
opening to its close; the akim signs the protocol and exports the bundle; a
clerk prints the protocol but may not sign it. The audit (`zhoob audit`, and
its copy in the bundle read at the district) lists every event of the journal
once, under the person who entered it.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

import pytest

from tests.conftest import TEST_OPERATOR, TEST_PASSPHRASE
from tests.services.documents.scripted import play_sitting
from zhoob_desktop.cli import main
from zhoob_desktop.services.documents import issue
from zhoob_desktop.services.meeting.journal import journal_events
from zhoob_desktop.services.security import operators, roles
from zhoob_desktop.services.security.access import Credentials
from zhoob_desktop.services.store import open_store
from zhoob_desktop.services.sync.export import export_bundle

PASSES = {
    TEST_OPERATOR: TEST_PASSPHRASE,
    "desk": "desk passphrase",
    "secretary": "secretary passphrase",
    "clerk": "clerk passphrase",
}
NAMES = {"desk": "Сәуле Тіркеуші", "secretary": "Айгүл Хатшы", "clerk": "Ержан Іс жүргізуші"}
#: who types from each phase of the sitting on
PHASES = {"started": "desk", "registered": "secretary", "opened": "secretary", "closing": "secretary"}


def _as(folder, login):
    return open_store(folder, credentials=Credentials(login, PASSES[login]))


def _cli(capsys, folder, *args) -> tuple[int, str, str]:
    code = main(["--data-dir", str(folder), "--lang", "en", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def played(data_dir):
    """The sitting played through by three operators, its protocol signed, a bundle exported."""
    store = _as(data_dir, TEST_OPERATOR)
    for login in ("desk", "secretary"):
        operators.add_operator(store, login, PASSES[login], roles.SECRETARY, full_name=NAMES[login])
    operators.add_operator(store, "clerk", PASSES["clerk"], roles.CLERK, full_name=NAMES["clerk"])
    ids = {o.login: o.id for o in operators.list_operators(store)}
    folder = store.data_dir
    phases_seen = []

    def hand_over(phase, driver):
        phases_seen.append(phase)
        wanted = PHASES[phase]
        if driver.store.operator.login != wanted:
            driver.store.close(backup=False)
            driver.store = _as(folder, wanted)

    s = play_sitting(store, hand_over=hand_over)
    s.store.close(backup=False)
    assert phases_seen == ["started", "registered", "opened", "closing"]
    clerk = _as(folder, "clerk")
    try:
        assert issue.render_protocol(clerk, s.id, "kk").pdf.startswith(b"%PDF")  # a clerk prints
        with pytest.raises(roles.PermissionDenied):
            issue.finalise_protocol(clerk, s.id, "kk", signed_on=date(2026, 11, 23))  # but does not sign
    finally:
        clerk.close(backup=False)
    akim = _as(folder, TEST_OPERATOR)
    try:
        issue.finalise_protocol(
            akim,
            s.id,
            "kk",
            signed_on=date(2026, 11, 23),
            clock=lambda: datetime(2026, 11, 25, 6, tzinfo=UTC),
        )
        bundle = export_bundle(akim, folder.parent / "bundle.zip", seal=False).path
    finally:
        akim.close(backup=False)
    return folder, s.id, ids, bundle


def test_the_audit_lists_every_operator_of_a_whole_scripted_sitting(played, capsys, tmp_path):
    folder, sitting_id, ids, bundle = played
    code, out, err = _cli(capsys, folder, "audit", "--json")
    assert code == 0, err
    entries = [json.loads(line) for line in out.splitlines()]
    akim = _as(folder, TEST_OPERATOR)
    try:
        events = journal_events(akim, sitting_id)
    finally:
        akim.close(backup=False)
    # every event of the journal is in the audit once, under the operator who entered it
    by_event: dict[int, str] = {}
    for e in entries:
        if e["kind"] == "journal.event" and uuid.UUID(e["target"]) == sitting_id:
            for seq in range(e["detail"]["from_seq"], e["detail"]["to_seq"] + 1):
                assert seq not in by_event, f"event {seq} is in the audit twice"
                by_event[seq] = e["operator_id"]
    assert sorted(by_event) == [ev.seq for ev in events]
    types = {ev.seq: ev.type for ev in events}
    first_desk = min(seq for seq, who in by_event.items() if who == ids["desk"])
    first_secretary = min(seq for seq, who in by_event.items() if who == ids["secretary"])
    assert {by_event[q] for q in by_event if q < first_desk} == {ids[TEST_OPERATOR]}  # the journal opened
    assert {by_event[q] for q in by_event if first_desk <= q < first_secretary} == {ids["desk"]}
    assert {types[q] for q in by_event if first_desk <= q < first_secretary} == {
        "MEMBER_REGISTERED",
        "GUEST_REGISTERED",
    }
    assert {by_event[q] for q in by_event if q >= first_secretary} == {ids["secretary"]}
    assert types[max(by_event)] == "CLOSE"
    # the papers and the bundle under the akim; the clerk's refused attempt wrote nothing
    kinds = {(e["kind"], e["operator_id"]) for e in entries}
    assert ("paper.finalised", ids[TEST_OPERATOR]) in kinds and (
        "bundle.exported",
        ids[TEST_OPERATOR],
    ) in kinds
    assert ("sitting.prepared", ids[TEST_OPERATOR]) in kinds
    assert not [e for e in entries if e["operator_id"] == ids["clerk"] and e["kind"] != "login"]
    # by person and by sitting, in words
    code, out, _ = _cli(capsys, folder, "audit", "summary", "--target", sitting_id)
    assert code == 0
    for name in (NAMES["desk"], NAMES["secretary"]):
        assert name in out
    assert NAMES["clerk"] not in out and "journal event" in out
    code, out, _ = _cli(capsys, folder, "audit", "--operator", "Айгүл")
    assert code == 0 and out.count("Айгүл Хатшы") == len(out.splitlines()) > 0
    # the same audit travels in the bundle and is verified and listed at the district
    code, out, err = _cli(capsys, tmp_path / "district", "district", "audit", bundle)
    assert code == 0, err
    assert "intact" in out and NAMES["desk"] in out and NAMES["secretary"] in out and "paper finalised" in out
