"""Fixtures of the register screens: a store with an okrug, one village and a few residents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.services.register import structure
from zhoob_desktop.services.register.iin import make_iin
from zhoob_desktop.services.register.residents import ResidentInput, create_resident
from zhoob_desktop.ui.register import common

TODAY = date(2026, 11, 25)


@dataclass
class Village:
    settlement_id: object
    street_id: object
    house_id: object
    other_settlement_id: object


@pytest.fixture
def okrug_store(store):
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    store.set_setting("user.name", "tester")
    return store


@pytest.fixture
def village(okrug_store):
    karagaily = structure.create_settlement(okrug_store, "Қарағайлы")
    street = structure.create_street(okrug_store, karagaily.id, "Абай көшесі")
    house = structure.create_house(okrug_store, street.id, "12")
    other = structure.create_settlement(okrug_store, "Көктөбе")
    return Village(karagaily.id, street.id, house.id, other.id)


def add(store, surname, given, born, sex="M", *, serial=1, **extra):
    """A resident with a valid IIN that encodes the birth date."""
    data = ResidentInput(surname, given, iin=make_iin(born, sex, serial), birth_date=born, sex=sex, **extra)
    return create_resident(store, data, today=TODAY)


@pytest.fixture
def people(okrug_store, village):
    """Four residents: three in Қарағайлы (a pensioner, a woman, a child) and one in Көктөбе."""
    here = {"settlement_id": village.settlement_id, "street_id": village.street_id}
    return {
        "kasymov": add(
            okrug_store, "Қасымов", "Ерлан", date(1960, 5, 1), serial=11, statuses=("pensioner",), **here
        ),
        "abilova": add(okrug_store, "Әбілова", "Гүлнар", date(1985, 2, 14), "F", serial=12, **here),
        "child": add(okrug_store, "Қасымов", "Алихан", date(2015, 9, 9), serial=13, **here),
        "ivanov": add(
            okrug_store,
            "Иванов",
            "Пётр",
            date(1979, 7, 7),
            serial=14,
            settlement_id=village.other_settlement_id,
        ),
    }


@pytest.fixture
def errors(monkeypatch):
    """Messages the screens would show in a message box, collected instead."""
    shown: list[str] = []
    monkeypatch.setattr(common, "error_sink", [lambda _parent, _title, text: shown.append(text)])
    return shown


def type_text(widget, text: str) -> None:
    """Type text key by key, like qtbot.keyClicks, which Qt limits to ASCII (Cyrillic asserts)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )
