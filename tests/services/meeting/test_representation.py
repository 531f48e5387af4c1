"""The approved norm, quotas from the register, separate gatherings electing representatives,
and the gathering whose quorum counts them (a scripted okrug of three villages)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from tests.representation_fixtures import GATHERING_DAY, SEPARATE_DAY, Sitter, build_okrug, separate_gathering
from zhoob_desktop.services.meeting import cmd, create_sitting, execute, start_sitting
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting.preparation import preparation_warnings
from zhoob_desktop.services.meeting.representation import (
    procedure_in_force,
    quota_table,
    record_procedure,
    representatives_due,
)
from zhoob_desktop.services.meeting.representatives import coverage, representatives_on


@pytest.fixture
def okrug(store):
    return build_okrug(store)


def test_quota_table_from_the_register(okrug):
    table = quota_table(okrug.store, SEPARATE_DAY)
    rows = {u.name: u for u in table.units}
    # Қарағайлы: 23 adults (one died), 2 children; Көктөбе: 14; Ақжар: 6 (one moved away).
    assert (rows["Қарағайлы"].residents, rows["Қарағайлы"].entitled) == (25, 23)
    assert (rows["Көктөбе"].entitled, rows["Ақжар"].entitled) == (14, 6)
    assert [rows[n].representatives for n in ("Қарағайлы", "Көктөбе", "Ақжар")] == [5, 3, 2]
    assert rows["Қарағайлы"].exact == Fraction(23, 5)
    assert table.representatives == 10 and table.entitled == 43


@pytest.mark.parametrize(
    ("lang", "total", "closing"),
    [
        ("kk", "Барлығы", "Өкілдердің саны тұрғындарға"),
        ("ru", "Итого", "Количество представителей определяется"),
    ],
)
def test_quota_paper_closes_clear_of_its_table(okrug, lang, total, closing):
    from tests.services.documents.pdftext import line_tops
    from zhoob_desktop.services.documents.representation import quota_paper

    runs = line_tops(quota_paper(okrug.store, SEPARATE_DAY, lang, akim_name="Сейітов Марат"))
    rows = [y for y, chunk in runs if chunk in ("Ақжар", "Көктөбе", "Қарағайлы")]
    pitch = rows[0] - rows[1]
    last = next(y for y, chunk in runs if chunk == total)
    sentence = next(y for y, chunk in runs if chunk.startswith(closing))
    assert last - sentence >= pitch + 6  # a line's space between the totals row and the sentence


def test_rounding_and_table_as_stated(okrug):
    p = procedure_in_force(okrug.store, SEPARATE_DAY)
    assert representatives_due(p, "x", 23)[0] == 5
    down = record_procedure(
        okrug.store,
        decision_number="5/1",
        decision_date=date(2026, 9, 20),
        decision_body="Аудандық мәслихат",
        norm_per=5,
        rounding="down",
        minimum=1,
        norm_table={str(okrug.villages[1].id): 7},
    )
    assert representatives_due(down, "x", 23)[0] == 4
    assert representatives_due(down, "x", 3)[0] == 1  # at least the minimum
    assert representatives_due(down, "x", 0)[0] == 0  # nobody to represent
    rows = {u.name: u.representatives for u in quota_table(okrug.store, date(2026, 9, 21)).units}
    assert rows == {"Қарағайлы": 4, "Көктөбе": 7, "Ақжар": 1}
    half = record_procedure(
        okrug.store,
        decision_number="6/1",
        decision_date=date(2026, 9, 22),
        decision_body="Аудандық мәслихат",
        norm_per=10,
        rounding="half_up",
    )
    assert representatives_due(half, "x", 25)[0] == 3 and representatives_due(half, "x", 24)[0] == 2
    # the procedure in force is the latest that took effect by the day
    assert procedure_in_force(okrug.store, date(2026, 9, 21)).decision_number == "5/1"
    assert procedure_in_force(okrug.store, date(2026, 8, 1)) is None


@pytest.mark.parametrize(
    "change, word",
    [
        ({"decision_number": " "}, "number"),
        ({"norm_per": 0}, "per representative"),
        ({"norm_per": None}, "table per unit"),
        ({"quorum": "2/1"}, "quorum"),
        ({"unit": "district"}, "village"),
        ({"age": 30}, "age"),
        ({"effective_from": date(2026, 1, 1)}, "before the decision"),
    ],
)
def test_procedure_refused_with_the_reason(store, change, word):
    fields = dict(
        decision_number="1",
        decision_date=date(2026, 9, 1),
        decision_body="Мәслихат",
        norm_per=5,
    )
    fields.update(change)
    with pytest.raises(E.ProcedureInvalid) as err:
        record_procedure(store, **fields)
    assert word in str(err.value)


def test_model_rules_cited_from_the_acts_table(okrug):
    p = procedure_in_force(okrug.store, SEPARATE_DAY)
    assert p.model_rules(okrug.store).code == "order_122"
    old = record_procedure(
        okrug.store, decision_number="3", decision_date=date(2020, 2, 1), decision_body="М", norm_per=5
    )
    assert old.model_rules(okrug.store).code == "decree_1106"


def test_separate_gathering_registers_only_its_unit(okrug):
    kar, kok = okrug.village("Қарағайлы"), okrug.village("Көктөбе")
    info = create_sitting(
        okrug.store,
        kind="separate_gathering",
        scheduled_on=SEPARATE_DAY,
        territory_kind="settlement",
        territory_id=kar.id,
        territory_name=kar.name,
        agenda=[{"title": "Өкілдер", "kind": "representatives_election"}],
    )
    state = start_sitting(okrug.store, info.id)
    assert state.member_count == 23  # adults of Қарағайлы only, the dead and the children not
    assert state.quota == 5 and state.representation["procedure"]["decision_number"] == "12/3"
    assert state.rule_values["quorum.separate_gathering"] == "1/10" and state.quorum_required == 3
    with pytest.raises(E.NotAMember):
        execute(okrug.store, info.id, cmd("register", member=str(kok.residents[0].id)))


def test_election_up_to_the_quota(okrug):
    kar = okrug.village("Қарағайлы")
    info, state = separate_gathering(okrug, kar)
    assert state.is_closed and len(state.elected) == 5
    assert [c.vote_id for c in state.elected][0] != state.elected[1].vote_id  # alone, then the list
    vote = state.vote(state.elected[1].vote_id)
    assert vote.subject == "representative" and len(vote.candidates) == 4 and vote.adopted
    assert vote.citation == "Order No. 122"


def test_quota_and_candidates_refused(okrug):
    akz = okrug.village("Ақжар")
    info = create_sitting(
        okrug.store,
        kind="separate_gathering",
        scheduled_on=SEPARATE_DAY,
        territory_kind="settlement",
        territory_id=akz.id,
        territory_name=akz.name,
        agenda=[
            {"title": "Өкілдер", "kind": "representatives_election"},
            {"title": "Басқа", "kind": "other"},
        ],
    )
    from datetime import UTC, datetime

    s = Sitter(okrug.store, info.id, datetime(2026, 10, 3, 9, tzinfo=UTC))
    s.state = start_sitting(okrug.store, info.id, clock=s.clock)
    p = [str(r.id) for r in akz.residents]
    for pid in p:
        s("register", member=pid)
    s("announce_registration", by="Әкім")
    s("open", by="Әкім")
    s.counts("elect", 6, role="chair", person=p[0])
    s.counts("elect", 6, role="secretary", person=p[1])
    s.counts("vote_item", 6, item="D1")
    s.counts("vote_item", 6, item="D2")
    s("approve_agenda")
    s("start_item", item="D2")
    with pytest.raises(E.NotAnElectionItem):
        s("propose_candidate", person=p[2])
    s("end_item")
    s("start_item", item="D1")
    with pytest.raises(E.NotAMember):
        s("propose_candidate", person=str(okrug.village("Көктөбе").residents[0].id))
    for pid in p[2:5]:
        s("propose_candidate", person=pid)
    with pytest.raises(E.AlreadyCandidate):
        s("propose_candidate", person=p[2])
    with pytest.raises(E.QuotaExceeded):
        s.counts("vote_representatives", 6, candidates=p[2:5])
    with pytest.raises(E.NotACandidate):
        s.counts("vote_representatives", 6, candidate=p[5])
    s.counts("vote_representatives", 2, a=4, candidate=p[2])  # not elected
    with pytest.raises(E.WrongPhase):
        s.counts("vote_representatives", 6, candidate=p[2])
    s.counts("vote_representatives", 3, a=3, candidate=p[3])  # a tie is not adopted
    assert not s.state.candidate(p[3]).elected
    s("propose_candidate", person=p[5])
    s.counts("vote_representatives", 6, candidates=[p[4], p[5]])
    assert len(s.state.elected) == 2
    s("propose_candidate", person=p[0])
    with pytest.raises(E.QuotaFilled):
        s.counts("vote_representatives", 6, candidate=p[0])


def test_no_procedure_no_election(store):
    okrug = build_okrug(store, norm=False)
    v = okrug.village("Көктөбе")
    info = create_sitting(
        store,
        kind="separate_gathering",
        scheduled_on=SEPARATE_DAY,
        territory_kind="settlement",
        territory_id=v.id,
        territory_name=v.name,
        agenda=[{"title": "Өкілдер", "kind": "representatives_election"}],
    )
    state = start_sitting(store, info.id)
    assert state.quota is None and state.representation["procedure"] is None


def test_gathering_quorum_counts_the_elected(okrug):
    store = okrug.store
    before = coverage(store, GATHERING_DAY)
    assert [u.name for u in before.missing] == ["Ақжар", "Көктөбе", "Қарағайлы"]
    infos = {}
    for v in okrug.villages[:2]:
        infos[v.name] = separate_gathering(okrug, v)[0]
    gathering = create_sitting(
        store,
        kind="gathering",
        with_representatives=True,
        scheduled_on=GATHERING_DAY,
        place="Мәдениет үйі",
        agenda=[{"title": "Көше жарығы", "kind": "other"}],
        notice_on=date(2026, 11, 1),
    )
    warnings = preparation_warnings(store, gathering.id, today=date(2026, 11, 2))
    assert [w.code for w in warnings] == ["representatives.missing"]
    assert "Ақжар" in warnings[0].message()
    separate_gathering(okrug, okrug.village("Ақжар"))
    assert preparation_warnings(store, gathering.id, today=date(2026, 11, 2)) == []
    reps = representatives_on(store, GATHERING_DAY)
    assert len(reps) == 10
    kar_rep = next(r for r in reps if r.unit_name == "Қарағайлы")
    assert kar_rep.sitting_id == infos["Қарағайлы"].id and kar_rep.vote_id
    assert kar_rep.until == date(2028, 10, 2)  # the term of two years the procedure states
    from datetime import UTC, datetime

    s = Sitter(store, gathering.id, datetime(2026, 11, 14, 10, tzinfo=UTC))
    s.state = start_sitting(store, gathering.id, clock=s.clock)
    assert s.state.member_count == 10 and s.state.quorum_required == 5
    ids = [m.id for m in s.state.members]
    for pid in ids[:4]:
        s("register", member=pid)
    s("announce_registration", by="Әкім")
    with pytest.raises(E.QuorumNotReached) as err:
        s("open", by="Әкім")
    assert "Law art. 39-3" in str(err.value)
    s("register", member=ids[4])
    s("open", by="Әкім")
    assert s.state.phase == "open"
    # a second election in a unit replaces its representatives from that day
    separate_gathering(okrug, okrug.village("Ақжар"), day=date(2026, 12, 5), elect=1)
    assert sum(1 for r in representatives_on(store, date(2026, 12, 6)) if r.unit_name == "Ақжар") == 1
    assert sum(1 for r in representatives_on(store, GATHERING_DAY) if r.unit_name == "Ақжар") == 2
