"""Fixtures shared by the register tests and screens: a store with an okrug and a small village."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.services.register import structure
from zhoob_desktop.services.register.iin import make_iin
from zhoob_desktop.services.register.residents import ResidentInput, create_resident

TODAY = date(2026, 11, 25)


@dataclass
class Place:
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
def place(okrug_store):
    village = structure.create_settlement(okrug_store, "Қарағайлы")
    street = structure.create_street(okrug_store, village.id, "Абай көшесі")
    house = structure.create_house(okrug_store, street.id, "12")
    other = structure.create_settlement(okrug_store, "Көктөбе")
    return Place(village.id, street.id, house.id, other.id)


def add(store, surname, given, born, sex="M", *, serial=1, patronymic="", **extra):
    """Create a resident with a valid IIN consistent with the birth date."""
    data = ResidentInput(
        surname, given, patronymic, iin=make_iin(born, sex, serial), birth_date=born, sex=sex, **extra
    )
    return create_resident(store, data, today=TODAY)
