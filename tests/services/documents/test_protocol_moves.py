"""Members who leave the hall or come into it after the opening: the protocol says so where it happened,
with the number present after, so each vote's figures can be read against those in the hall."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from tests.services.documents.pdftext import text
from tests.services.documents.scripted import AKIM, Clock, Scripted, members_roster
from zhoob_desktop.services.documents import issue
from zhoob_desktop.services.meeting import create_sitting, start_sitting
from zhoob_desktop.services.okrug import save_okrug


def _sitting(store):
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ", "Іле ауданы",
               "Илийский район", "Алматы облысы", "Алматинская область")  # fmt: skip
    roster = members_roster(8)
    m = [x["id"] for x in roster]
    agenda = [{"title": t, "kind": "other"} for t in ("Бірінші мәселе", "Екінші мәселе", "Үшінші мәселе")]
    info = create_sitting(store, kind="meeting", number=3, scheduled_on=date(2026, 11, 20), starts_at=time(10, 0),
                          place="Клуб", agenda=agenda)  # fmt: skip
    clock = Clock(datetime(2026, 11, 20, 4, 30, tzinfo=UTC), step=60)
    start_sitting(store, info.id, members=roster, clock=clock)
    s = Scripted(store, info.id, roster, None, clock)  # type: ignore[arg-type]
    for pid in m[:6]:
        s("register", member=pid)
    s("announce_registration")
    s("open", by=AKIM)
    s("register", member=m[6])  # late, before the agenda is voted: 7 present
    s("elect", role="chair", person=m[0], **{"for": 7, "against": 0, "abstain": 0})
    s("elect", role="secretary", person=m[1], **{"for": 7, "against": 0, "abstain": 0})
    for it in s.state.agenda:
        s("vote_item", item=it.id, **{"for": 7, "against": 0, "abstain": 0})
    s("approve_agenda")
    first, second, third = s.state.agenda
    s("start_item", item=first.id)
    s("depart", person=m[5])  # during the first item, before its vote: 6 present, the vote ties 3-3
    s("decision_text", item=first.id, text="Бірінші шешім.")
    s("vote", item=first.id, **{"for": 3, "against": 3, "abstain": 0})
    s("casting_vote", choice="for")
    s("depart", person=m[4])  # after the vote of the first item, while it is still open: 5 present
    s("end_item")
    s("register", member=m[5])  # back between the items: 6 present
    s("start_item", item=second.id)
    s("decision_text", item=second.id, text="Екінші шешім.")
    s("vote", item=second.id, **{"for": 6, "against": 0, "abstain": 0})
    s("end_item")
    s("start_item", item=third.id)
    s("decision_text", item=third.id, text="Үшінші шешім.")
    s("vote", item=third.id, **{"for": 6, "against": 0, "abstain": 0})
    s("end_item")
    s("close")
    return s, roster


def _at(body: str, phrase: str) -> int:
    assert body.count(phrase) == 1, phrase
    return body.index(phrase)


def test_departures_and_arrivals_are_printed_where_they_happened(store):
    s, roster = _sitting(store)
    body = text(issue.render_protocol(store, s.id, "kk").pdf)
    late = _at(body, f"Залға келді — {roster[6]['name']}, жиналыс мүшесі")
    left = _at(body, f"Залдан шықты — {roster[5]['name']}, жиналыс мүшесі")
    left_after_vote = _at(body, f"Залдан шықты — {roster[4]['name']}, жиналыс мүшесі")
    back = _at(body, f"Залға келді — {roster[5]['name']}, жиналыс мүшесі")
    # The agenda lists the items first; their sections come after it.
    agenda, first, second = (
        _at(body, "КҮН ТӘРТІБІ:"),
        body.rindex("1. Бірінші мәселе"),
        body.rindex("2. Екінші мәселе"),
    )
    first_vote = _at(body, "«жақтап» — 3, «қарсы» — 3")
    # The late arrival before the agenda votes, the departure before the tie it explains,
    # the one after the vote after it, and the return between the items.
    assert late < agenda < first < left < first_vote < left_after_vote < back < second
    assert "қатысып отырған мүшелер саны — 7." in body[late : late + 200]
    assert "қатысып отырған мүшелер саны — 6." in body[left : left + 200]
    assert "қатысып отырған мүшелер саны — 5." in body[left_after_vote : left_after_vote + 200]
    assert "қатысып отырған мүшелер саны — 6." in body[back : back + 200]
    # The members registered before the opening are not "moves".
    assert body.count("Залға келді") == 2 and body.count("Залдан шықты") == 2


def test_moves_in_russian(store):
    s, roster = _sitting(store)
    body = text(issue.render_protocol(store, s.id, "ru").pdf)
    assert f"Выход из зала — {roster[5]['name']}, член собрания (время — " in body
    assert "число присутствующих членов — 6." in body
    assert "Прибытие в зал" in body and "Залдан" not in body
