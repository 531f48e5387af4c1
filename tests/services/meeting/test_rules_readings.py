"""The rules table: acts cited with effective dates, readings as settings, acting officers, closing."""

from __future__ import annotations

from datetime import date

import pytest

from zhoob_desktop.services.i18n import Translator, set_language
from zhoob_desktop.services.meeting import citations as C
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.preparation import preparation_warnings
from zhoob_desktop.services.meeting.rule_settings import (
    BadSource,
    UnknownOption,
    UnknownReading,
    add_sources,
    rules_table,
    set_reading,
)

ORDER_45 = {
    "code": "order_45",
    "subject": "separate_gatherings",
    "effective": "2026-03-01",
    "short": {"kk": "№ 45 бұйрық", "ru": "Приказ № 45", "en": "Order No. 45"},
    "title": {
        "kk": "2026 жылғы 1 наурыздағы № 45 бұйрықпен бекітілген бөлек жиындардың үлгі қағидалары",
        "ru": "Типовые правила раздельных сходов, утверждённые приказом от 1 марта 2026 года № 45",
        "en": "Model Rules of separate gatherings approved by Order No. 45 of 1 March 2026",
    },
}


def test_the_act_in_force_follows_the_date():
    acts = C.table()
    assert C.in_force(acts, C.SEPARATE_GATHERINGS, date(2023, 6, 22)).code == "decree_1106"
    assert C.in_force(acts, C.SEPARATE_GATHERINGS, date(2023, 6, 23)).code == "order_122"
    assert C.in_force(acts, C.SEPARATE_GATHERINGS, date(2000, 1, 1)).code == "decree_1106"  # the earliest
    sources = R.resolve_sources(None, date(2026, 1, 1))
    assert R.citation_of("quorum.separate_gathering", sources) == "Order No. 122"
    assert R.citation_of("quorum.meeting", sources) == "Model Regulation §7"


def test_a_later_act_is_added_without_code(store, drive):
    acts = add_sources(store, [ORDER_45])
    assert [a.code for a in acts if a.subject == C.SEPARATE_GATHERINGS] == [
        "decree_1106",
        "order_122",
        "order_45",
    ]
    table = rules_table(store, date(2026, 11, 20))
    assert {r.source.code for r in table.sources if r.in_force} == {"law_148", "order_295", "order_45"}
    d = drive(kind="separate_gathering", members=30)
    d.register(2)
    d("announce_registration")
    with pytest.raises(E.QuorumNotReached) as err:
        d("open")
    assert err.value.citation == "Order No. 45"
    assert err.value.message(Translator("kk")._).endswith("(№ 45 бұйрық)")
    assert err.value.message(Translator("ru")._).endswith("(Приказ № 45)")
    # The sitting carries the act with its texts: the district re-folds it without the setting.
    assert d.state.sources["separate_gatherings"]["short"]["kk"] == "№ 45 бұйрық"
    with pytest.raises(BadSource):
        add_sources(
            store, [{"code": "x", "subject": "moon", "effective": "2026-01-01", "short": "X", "title": "X"}]
        )
    with pytest.raises(BadSource):
        add_sources(store, [{**ORDER_45, "effective": "soon"}])
    assert len([a for a in rules_table(store, date(2026, 1, 1)).sources]) == 5  # nothing half-written


def test_readings_are_settings_with_defaults(store):
    assert R.resolve_readings({}) == {
        "majority_base": "present",
        "agenda_base": "members",
        "speech_count": "literal",
    }
    set_reading(store, "speech_count", "without_procedural")
    assert R.resolve_readings(store.all_settings())["speech_count"] == "without_procedural"
    with pytest.raises(UnknownReading):
        set_reading(store, "quorum", "low")
    with pytest.raises(UnknownOption) as err:
        set_reading(store, "majority_base", "half")
    assert err.value.citation == "Model Regulation §12"
    # A fixed rule is the law itself: the setting meeting.rules cannot switch it off.
    assert R.resolve_values({"vote.casting": False, "vote.tie_gathering": "casting"})["vote.casting"] is True
    assert R.resolve_values({"speech.max_debate": 3})["speech.max_debate"] == 3


def test_every_reading_in_force_has_its_citation_and_sentence():
    for kind in R.SITTING_KINDS:
        lines = R.readings_in_force(kind, {}, R.resolve_sources(None, date(2026, 1, 1)))
        assert lines and all(line.text for line in lines)
        codes = {line.code for line in lines}
        if kind == "meeting":
            assert all(line.citation for line in lines)
        else:
            # a gathering's rules cite the Law or the Model Rules of separate gatherings, never the
            # meeting's Regulation; what no text of theirs says is their own procedure, citing nothing
            assert not any(line.citation.startswith("Model Regulation") for line in lines)
            assert {line.code for line in lines if not line.citation} == {"speech.extension"}
        # written questions announced before closing: the meeting's Reg §11 only
        assert ("closing.questions" in codes) == (kind == "meeting")
        assert ("vote.casting" in codes) == (kind == "meeting")
        # Only a meeting's acting chair casts the deciding vote; a gathering has none to cast.
        assert ("officers.acting_chair" in codes) == (kind == "meeting")
        assert ("officers.acting_chair_gathering" in codes) == (kind != "meeting")
        assert not any("deciding vote" in line.text for line in lines if kind != "meeting")
    set_language("ru")
    sep = R.readings_in_force("separate_gathering", {}, R.resolve_sources(None, date(2022, 1, 1)))
    assert {line.citation for line in sep if line.code.startswith(("majority", "vote"))} == {
        "Decree No. 1106"
    }


def test_rules_applied_come_from_the_scope_in_the_rules_table():
    sources = R.resolve_sources(None, date(2026, 1, 1))
    for kind in R.SITTING_KINDS:
        printed = [line.code for line in R.readings_in_force(kind, {}, sources)]
        rules = [code for code in printed if code in R.RULES]
        # exactly the rules printed at this kind, each once, in the table's printed order for that kind
        assert set(rules) == {r.code for r in R.RULES.values() if r.applied_at(kind) is not None}
        assert rules == sorted(rules, key=lambda code: R.RULES[code].applied_at(kind))
        assert all(kind in R.READINGS[code].kinds for code in printed if code in R.READINGS)
    separate = R.readings_in_force("separate_gathering", {}, sources)
    # the Model Rules of separate gatherings: its majority and ties, its representatives, the agenda,
    # officers, the opening and closing, the protocol; the time for speeches its own procedure; not the
    # meeting's Regulation on the casting vote, the two-speeches limit or written questions
    assert [line.code for line in separate] == [
        "majority.separate_gathering",
        "vote.tie_separate_gathering",
        "representatives.quota",
        "representatives.election",
        "agenda.inclusion",
        "officers.acting_chair_gathering",
        "officers.secretary_replaced",
        "speech.extension",
        "opening.registration",
        "opening.by",
        "closing.agenda",
        "protocol.signed",
    ]
    assert {line.citation for line in separate} == {"Order No. 122", "Law art. 39-3", ""}
    gathering = R.readings_in_force("gathering", {}, sources)
    assert [line.code for line in gathering] == [
        "majority.gathering",
        "vote.tie_gathering",
        "agenda.inclusion",
        "officers.acting_chair_gathering",
        "officers.secretary_replaced",
        "speech.extension",
        "opening.registration",
        "opening.by",
        "closing.agenda",
        "protocol.signed",
    ]
    assert {line.citation for line in gathering} == {"Law art. 39-3", ""}
    meeting = [line.code for line in R.readings_in_force("meeting", {}, sources)]
    assert not {"representatives.quota", "representatives.election"} & set(meeting)


def test_acting_chair_presides_only_while_the_chair_is_out(drive):
    d = drive(members=8)
    d.on_item(8)
    with pytest.raises(E.ChairIsPresent):
        d.counts("elect", 8, role="acting_chair", person=d.m[2])
    d("depart", person=d.m[0])
    assert d.state.presiding is None
    d.counts("elect", 7, role="acting_chair", person=d.m[2])
    assert d.state.presiding.person_id == d.m[2]
    with pytest.raises(E.ActingChairPresent):
        d.counts("elect", 7, role="acting_chair", person=d.m[3])
    d("register", member=d.m[0])
    assert d.state.presiding is d.state.chair  # the chair is back and chairs again
    d("decision_text", item="D1", text="T")
    d.counts("vote", 4, 4, item="D1")
    d("casting_vote", choice="against")
    v = d.state.votes[-1]
    assert (v.outcome, v.casting_by, v.casting_acting) == ("rejected", d.state.chair.name, False)


def test_a_tie_with_the_chair_out_waits_for_whoever_chairs(drive):
    d = drive(members=9)
    d.on_item(9)
    d("depart", person=d.m[0])  # 8 present, the chair out, nobody elected in his place
    d("decision_text", item="D1", text="T")
    d.counts("vote", 4, 4, item="D1")
    tie = d.state.pending_tie
    assert tie is not None and tie.tie_rule == "vote.casting"
    with pytest.raises(E.ChairNotPresent) as err:
        d("casting_vote", choice="for")
    assert err.value.citation == "Model Regulation §12"
    with pytest.raises(E.CastingVotePending):
        d.counts("vote", 8, item="D1")
    d("register", member=d.m[0])  # the chair is back and casts it himself
    d("casting_vote", choice="for")
    assert d.state.vote(tie.id).adopted and not d.state.vote(tie.id).casting_acting


def test_agenda_inclusion_and_elections_have_no_casting_vote(drive):
    d = drive(members=4, agenda=[{"title": "A"}, {"title": "B"}])
    d.opened(4)
    d.counts("vote_item", 2, 2, item="D1")
    v = d.state.votes[-1]
    assert (v.outcome, v.tie_rule) == ("rejected", "vote.casting_scope") and d.state.pending_tie is None


def test_preparation_warns_of_a_draft_without_the_execution_item(store, drive):
    from zhoob_desktop.services.decisions.agenda import with_execution_item
    from zhoob_desktop.services.meeting import create_sitting

    d = drive(members=4, scheduled_on=date(2026, 8, 14))
    d.on_item(4)
    d("decision_text", item="D1", text="Lights in the fourth quarter.")
    d.counts("vote", 4, item="D1")
    d("end_item")
    d("close")
    later = create_sitting(store, kind="meeting", scheduled_on=date(2026, 11, 20))
    (warning,) = [
        w
        for w in preparation_warnings(store, later.id, today=date(2026, 11, 1))
        if w.code == "agenda.execution"
    ]
    assert warning.citation == "Model Regulation §9" and "(1)" in warning.message()
    day = date(2026, 11, 21)
    prepared = create_sitting(
        store, kind="meeting", scheduled_on=day, agenda=with_execution_item(store, "meeting", day, [])
    )
    assert prepared.agenda_draft[-1].kind == "execution_of_decisions"
    assert not [
        w
        for w in preparation_warnings(store, prepared.id, today=date(2026, 11, 1))
        if w.code == "agenda.execution"
    ]


def test_the_acting_chairs_election_cannot_be_undone_under_his_casting_vote(drive):
    d = drive(members=9)
    d.on_item(9)
    d("depart", person=d.m[0])
    d.counts("elect", 8, role="acting_chair", person=d.m[2])
    election = d.state.seq
    d("decision_text", item="D1", text="T")
    d.counts("vote", 4, 4, item="D1")
    d("casting_vote", choice="for")
    assert d.state.votes[-1].casting_acting and d.state.votes[-1].adopted
    with pytest.raises(E.UndoRefused):
        d("undo", seq=election, reason="Wrong member")


def test_closing_refusals_name_what_needs_a_reason(drive):
    d = drive(members=4, agenda=[{"title": "A"}, {"title": "B"}])
    d.on_item(4)
    d("written_question", author=d.m[2], text="When?", question="q1")
    d("end_item")
    with pytest.raises(E.AgendaNotFinished) as err:
        d("close")
    assert err.value.params["refs"] == ("D2",) and err.value.citation == "Model Regulation §9"
    d("acknowledge", item="D2", reason="Postponed")
    with pytest.raises(E.QuestionsNotAnnounced) as err:
        d("close")
    assert err.value.params["refs"] == ("q1",) and err.value.citation == "Model Regulation §11"
    d("acknowledge", question="q1", reason="Withdrawn by the author")
    assert d("close").is_closed
