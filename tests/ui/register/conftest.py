"""Fixtures of the register screens: a store with an okrug, one village and a few residents."""

from __future__ import annotations

from datetime import date

import pytest

from tests.register_fixtures import TODAY, add  # noqa: F401 (re-exported for the tests)
from zhoob_desktop.ui.register import common


@pytest.fixture
def village(place):
    """The register tests' small village: Қарағайлы with Абай көшесі 12, and Көктөбе."""
    return place


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
