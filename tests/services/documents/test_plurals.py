"""Counts with nouns in the papers: Russian has three plural forms (1 день, 2 дня, 5 дней, 21 день)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.services.documents.pdftext import text
from zhoob_desktop.services.documents import issue
from zhoob_desktop.services.documents.text import MN, M
from zhoob_desktop.services.i18n import Translator, ngettext, set_language
from zhoob_desktop.services.meeting import create_sitting, start_sitting

NOTICE_RU = {
    2: "не позднее чем за 2 календарных дня до заседания",
    5: "не позднее чем за 5 календарных дней до заседания",
    21: "не позднее чем за 21 календарный день до заседания",
}
MATERIALS_RU = {
    2: "акиму не позднее чем за 2 календарных дня",
    5: "акиму не позднее чем за 5 календарных дней",
    21: "акиму не позднее чем за 21 календарный день",
}


@pytest.fixture
def sitting(store):
    info = create_sitting(store, kind="meeting", number=4, scheduled_on=date(2026, 12, 30), place="Мектеп")
    start_sitting(store, info.id, members=[{"id": "m1", "name": "Сейітов Бауыржан", "iin": None}])
    return info


@pytest.mark.parametrize("days", [2, 5, 21])
def test_notice_days_in_russian(store, sitting, days):
    store.set_setting("meeting.rules", {"notice.calendar_days": days, "materials.calendar_days": days})
    body = text(issue.notice(store, "4", "ru").pdf)
    assert NOTICE_RU[days] in body
    assert MATERIALS_RU[days] in body
    kk = text(issue.notice(store, "4", "kk").pdf)
    assert f"күнтізбелік {days} күннен кешіктірілмей" in kk


def test_plural_message_renders_per_language():
    msg = lambda n: MN(  # noqa: E731
        "The journal's chain of hashes was verified: {n} event.",
        "The journal's chain of hashes was verified: {n} events.",
        n,
        n=n,
    )
    ru, kk, en = Translator("ru"), Translator("kk"), Translator("en")
    assert [msg(n).render(ru).split(": ")[1] for n in (1, 2, 5, 21, 111)] == [
        "1 событие.",
        "2 события.",
        "5 событий.",
        "21 событие.",
        "111 событий.",
    ]
    assert msg(3).render(kk).endswith(": 3 оқиға.")
    assert msg(1).render(en).endswith(": 1 event.") and msg(2).render(en).endswith(": 2 events.")
    # Nested: the base of a majority inside the rule line, each with its own count.
    line = MN(
        "Needed: at least {required} vote for ({base}); rule: {rule} ({citation}).",
        "Needed: at least {required} votes for ({base}); rule: {rule} ({citation}).",
        11,
        required=11,
        base=MN("more than half of all {n} member", "more than half of all {n} members", 21, n=21),
        rule="x",
        citation=M("Model Regulation §12"),
    ).render(ru)
    assert line.startswith("Необходимо: не менее 11 голосов «за» (более половины из всех 21 члена)")


@pytest.mark.parametrize(
    ("n", "ru"),
    [
        (1, "Включён 1 вопрос."),
        (3, "Включено 3 вопроса."),
        (5, "Включено 5 вопросов."),
        (21, "Включён 21 вопрос."),
    ],
)
def test_live_screens_count_in_russian(n, ru):
    set_language("ru")
    assert ngettext("{count} item included.", "{count} items included.", n).format(count=n) == ru
