"""Fixtures of the live console tests: an okrug, residents in the register, a sitting with a journal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.services.register import structure
from zhoob_desktop.services.register.iin import make_iin
from zhoob_desktop.services.register.residents import ResidentInput, create_resident

DAY = date(2026, 11, 25)

# surname, given name, born, sex
PEOPLE = [
    ("Қасымов", "Ерлан", date(1970, 3, 1), "M"),
    ("Әбілова", "Гүлнар", date(1975, 6, 12), "F"),
    ("Иванов", "Пётр", date(1980, 1, 5), "M"),
    ("Өмірзақов", "Нұрлан", date(1962, 9, 30), "M"),
    ("Ұлықбекова", "Айгүл", date(1990, 2, 14), "F"),
    ("Сейітов", "Бауыржан", date(1985, 11, 2), "M"),
    ("Кенжебаева", "Сәуле", date(1978, 7, 7), "F"),
]


@dataclass
class World:
    store: object
    residents: list  # ResidentDetail, in PEOPLE order
    sitting_id: str


def add_people(store) -> list:
    village = structure.create_settlement(store, "Қарағайлы")
    street = structure.create_street(store, village.id, "Абай көшесі")
    house = structure.create_house(store, street.id, "12")
    out = []
    for serial, (surname, given, born, sex) in enumerate(PEOPLE, start=1):
        data = ResidentInput(
            surname,
            given,
            iin=make_iin(born, sex, serial),
            birth_date=born,
            sex=sex,
            settlement_id=village.id,
            street_id=street.id,
            house_id=house.id,
        )
        out.append(create_resident(store, data, today=DAY))
    return out


def start_sitting(store, members, *, kind="meeting", agenda=None, at=None) -> str:
    """A prepared sitting (the engine's preparation service) whose journal is started with these members."""
    from datetime import UTC, datetime

    from zhoob_desktop.services.meeting import create_sitting, start_sitting

    info = create_sitting(
        store,
        kind=kind,
        scheduled_on=DAY,
        place="Ауылдық клуб",
        agenda=agenda
        or [
            {"title": "Ауыл бюджетінің жобасын келісу", "kind": "budget_draft", "reporter": "Әкім"},
            {"title": "Бұрынғы шешімдердің орындалуы туралы", "kind": "execution_of_decisions"},
        ],
    )
    roster = [{"id": str(m.id), "name": f"{m.surname} {m.given_name}", "iin": m.iin} for m in members]
    when = at or datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    start_sitting(store, info.id, members=roster, clock=lambda: when)
    return str(info.id)


def type_into(widget, text):
    """Key presses carrying Kazakh or Russian letters (QTest.keyClicks takes ASCII only)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


@pytest.fixture
def world(store) -> World:
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    residents = add_people(store)
    return World(store, residents, start_sitting(store, residents))
