"""Decisions of a gathering with representatives are followed in the Decisions area too: listed with
their kind, without the deadlines of the Model Regulation, recorded to their execution, and never
asked of the meeting's item on earlier decisions (Reg §9 concerns its own)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.representation_fixtures import GATHERING_DAY, Sitter, build_okrug, separate_gathering
from zhoob_desktop.services import decisions as D
from zhoob_desktop.services.meeting import create_sitting, start_sitting


def _held_gathering(store, items=(("Көше жарығы", "Көше жарығын жөндеу", (5, 1)),)):
    """A gathering with representatives (its separate gatherings held), six registered, officers elected,
    each item (title, decision text, for/against) voted and the sitting closed; its SittingInfo."""
    okrug = build_okrug(store)
    for v in okrug.villages:
        separate_gathering(okrug, v)
    info = create_sitting(
        store,
        kind="gathering",
        with_representatives=True,
        scheduled_on=GATHERING_DAY,
        agenda=[{"title": title, "kind": "other"} for title, _text, _votes in items],
    )
    s = Sitter(store, info.id, datetime(2026, 11, 14, 10, tzinfo=UTC))
    s.state = start_sitting(store, info.id, clock=s.clock)
    ids = [m.id for m in s.state.members]
    for pid in ids[:6]:
        s("register", member=pid)
    s("announce_registration", by="Әкім")
    s("open", by="Әкім")
    s.counts("elect", 6, role="chair", person=ids[0])
    s.counts("elect", 6, role="secretary", person=ids[1])
    numbers = [f"D{n}" for n in range(1, len(items) + 1)]
    for item in numbers:
        s.counts("vote_item", 6, item=item)
    s("approve_agenda")
    for item, (_title, text, votes) in zip(numbers, items, strict=True):
        s("start_item", item=item)
        s.counts("vote", *votes, item=item, text=text)
        s("end_item")
    s("close")
    return info


def test_gathering_decision_followed_to_execution(store):
    _held_gathering(store)
    today = date(2026, 11, 20)
    (view,) = [d for d in D.list_decisions(store, today=today) if d.sitting_kind == "gathering"]
    assert view.deadlines == ()  # no handover/review/notice deadlines of Reg §12–§14
    assert D.open_decisions(store, today=today) == []  # not the meeting's own (Reg §9)
    D.record_step(store, view.id, "protocol_handed", on=date(2026, 11, 16), today=today)
    D.record_step(store, view.id, "agreed", on=date(2026, 11, 17), today=today)
    view = D.record_step(
        store,
        view.id,
        "assigned",
        on=date(2026, 11, 18),
        data={"responsible": "Әкім аппараты", "due_on": "2026-12-20"},
        today=today,
    )
    assert [d.kind for d in view.deadlines] == ["execution"]
    view = D.record_step(store, view.id, "executed", on=date(2026, 12, 10), today=date(2026, 12, 11))
    assert view.closed


def test_gathering_protocol_acts_and_check(store):
    """A gathering's protocol with two decisions: its acts recorded for both, no deadline of Reg §12–§14;
    `zhoob check` reads the gathering's steps as known decisions."""
    from zhoob_desktop.services.decisions import acts
    from zhoob_desktop.services.decisions.checks import decision_problems

    info = _held_gathering(store, (("Көше жарығы", "Жарық", (6,)), ("Жайылым", "Жайылым", (6,))))
    today = date(2026, 11, 20)
    view = acts.protocol_view(store, info.id, today=today)
    assert len(view.decisions) == 2 and view.handover_due is None
    acts.hand_over(store, info.id, on=date(2026, 11, 16), today=today)
    view = acts.consider(store, info.id, on=date(2026, 11, 17), today=today)
    assert all(d.follow.verdict == "agreed" for d in view.decisions)
    assert decision_problems(store) == []


def test_a_gathering_decision_is_refused_citing_the_law_not_the_regulation(store):
    """The akim's consideration of a gathering's decision follows the Law (art. 39-3): a step out of order
    is refused citing it, in every language; the meeting's decisions keep Reg §12–§18."""
    import pytest

    from zhoob_desktop.services.decisions import errors as DE
    from zhoob_desktop.services.decisions import lifecycle as L
    from zhoob_desktop.services.i18n import set_language

    _held_gathering(store)
    today = date(2026, 11, 20)
    (view,) = [d for d in D.list_decisions(store, today=today) if d.sitting_kind == "gathering"]
    # the akim considers only once the protocol is handed to him (Law art. 39-3, not Reg §13)
    with pytest.raises(DE.DecisionError) as err:
        D.record_step(store, view.id, "agreed", on=date(2026, 11, 17), today=today)
    assert err.value.citation == "Law art. 39-3"
    for lang, law in (("kk", "Заңның 39-3-бабы"), ("ru", "Закон, ст. 39-3")):
        set_language(lang)
        assert law in str(err.value) and "регламент" not in str(err.value).lower()
    set_language("en")
    D.record_step(store, view.id, "protocol_handed", on=date(2026, 11, 16), today=today)
    with pytest.raises(DE.DecisionError) as err:
        D.record_step(store, view.id, "protocol_handed", on=date(2026, 11, 16), today=today)
    assert err.value.citation == "Law art. 39-3"
    D.record_step(store, view.id, "disagreed", on=date(2026, 11, 17), note="Қаражат жоқ", today=today)
    with pytest.raises(DE.DecisionError) as err:  # to the district akim only after a re-discussion
        D.record_step(store, view.id, "referred", on=date(2026, 11, 18), today=today)
    assert err.value.citation == "Law art. 39-3"
    # what the Law does not give a gathering (the members told, Reg §14; reports heard, Reg §17-18)
    assert (
        L.step_citation("informed", "gathering") == ""
        and L.step_citation("reported", "separate_gathering") == ""
    )
    # the meeting's decisions keep the Model Regulation
    assert [L.step_citation(step) for step in ("protocol_handed", "agreed", "informed", "reported")] == [
        "Model Regulation §12",
        "Model Regulation §13",
        "Model Regulation §14",
        "Model Regulation §17",
    ]


def test_the_notice_of_a_gatherings_decisions_cites_the_law(store):
    """The akim's consideration of a gathering's decisions, on paper: named as the gathering's, with the
    Law (art. 39-3) and made public, not the meeting's Reg §13–§14 and five days to tell the members."""
    from tests.services.documents.pdftext import text
    from zhoob_desktop.services.decisions import acts
    from zhoob_desktop.services.documents.followup_papers import consideration_notice

    info = _held_gathering(store)
    today = date(2026, 11, 20)
    acts.hand_over(store, info.id, on=date(2026, 11, 16), today=today)
    (view,) = acts.protocol_view(store, info.id, today=today).decisions
    acts.consider(
        store,
        info.id,
        on=date(2026, 11, 17),
        today=today,
        outcomes={view.id: acts.Outcome("disagreed", "Қаражат жоқ")},
    )
    words = {
        "kk": ("жиынында", "Заңның 39-3-бабы", "таратылады", "Үлгі регламент", "жиналыс"),
        "ru": (
            "на сходе местного сообщества",
            "Закон, ст. 39-3",
            "распространяются",
            "Типовой регламент",
            "собрани",
        ),
    }
    for lang, (held, law, public, regulation, meeting) in words.items():
        paper = text(consideration_notice(store, info.id, lang).pdf)
        assert held in paper and law in paper and public in paper, (lang, paper)
        assert regulation not in paper and meeting not in paper.lower(), (lang, paper)
