"""Counts with nouns in the papers: Russian has three plural forms (1 день, 2 дня, 5 дней, 21 день)."""

from __future__ import annotations

from datetime import date

import pytest

from zhoob_desktop.services.documents.text import MN, M
from zhoob_desktop.services.i18n import Translator, ngettext, set_language
from zhoob_desktop.services.meeting import create_sitting, start_sitting


@pytest.fixture
def sitting(store):
    info = create_sitting(store, kind="meeting", number=4, scheduled_on=date(2026, 12, 30), place="Мектеп")
    start_sitting(store, info.id, members=[{"id": "m1", "name": "Сейітов Бауыржан", "iin": None}])
    return info


@pytest.mark.parametrize(
    ("n", "ru"), [(1, "до 1 минуты"), (2, "до 2 минут"), (5, "до 5 минут"), (21, "до 21 минуты")]
)
def test_speaking_times_in_russian(n, ru):
    from zhoob_desktop.services.documents.conventions import minutes

    assert minutes(n * 60).render(Translator("ru")) == ru
    assert minutes(n * 60).render(Translator("kk")) == f"{n} минутқа дейін"


def test_plural_message_renders_per_language():
    msg = lambda n: MN("by {n} minute", "by {n} minutes", n, n=n)  # noqa: E731
    ru, kk, en = Translator("ru"), Translator("kk"), Translator("en")
    assert [msg(n).render(ru) for n in (1, 2, 5, 21, 111)] == [
        "на 1 минуту",
        "на 2 минуты",
        "на 5 минут",
        "на 21 минуту",
        "на 111 минут",
    ]
    assert msg(3).render(kk) == "3 минутқа"
    assert msg(1).render(en) == "by 1 minute" and msg(2).render(en) == "by 2 minutes"
    # Nested: the extension line with its own count inside.
    line = M(
        "Extension of the speaking time (speaker — {name}, {by}): {formula}; {outcome}.",
        name="Сейітов Бауыржан",
        by=msg(2),
        formula="«за» — 6",
        outcome=M("not extended"),
    ).render(ru)
    assert (
        line
        == "Продление времени выступления (выступающий — Сейітов Бауыржан, на 2 минуты): «за» — 6; время не продлено."
    )


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
