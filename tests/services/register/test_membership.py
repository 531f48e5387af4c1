"""Members on a date: registered, not left, adult (18th birthday edge); check-in search."""

from __future__ import annotations

from datetime import date

import pytest

from zhoob_desktop.services.register import membership
from zhoob_desktop.services.register.errors import InvalidAdultAge
from zhoob_desktop.services.register.membership import count_members, find_for_checkin, list_members
from zhoob_desktop.services.register.residents import mark_left

from .conftest import add

ON = date(2026, 11, 25)


def test_eighteenth_birthday_edge(okrug_store):
    add(okrug_store, "Қасымов", "Асхат", date(2008, 11, 25))  # 18 today
    add(okrug_store, "Қасымов", "Бауыржан", date(2008, 11, 26), serial=2)  # 18 tomorrow
    assert count_members(okrug_store, ON) == 1
    assert count_members(okrug_store, date(2026, 11, 26)) == 2
    assert count_members(okrug_store, date(2026, 11, 24)) == 0
    membership.set_adult_age(okrug_store, 16)
    assert count_members(okrug_store, date(2024, 11, 25)) == 1
    with pytest.raises(InvalidAdultAge):
        membership.set_adult_age(okrug_store, 40)


def test_leap_day_birthday_comes_of_age_on_first_of_march():
    assert membership.adult_cutoff(date(2026, 2, 28), 18) == date(2008, 2, 28)
    assert not membership.is_adult(date(2008, 2, 29), date(2026, 2, 28), 18)
    assert membership.is_adult(date(2008, 2, 29), date(2026, 3, 1), 18)
    assert membership.adult_cutoff(date(2028, 2, 29), 18) == date(2010, 2, 28)


def test_registration_and_leaving_dates(okrug_store, place):
    a = add(okrug_store, "Әбілов", "Нұрлан", date(1970, 1, 1), registered_on=date(2026, 6, 1))
    b = add(
        okrug_store, "Бекова", "Гүлнар", date(1975, 1, 1), "F", serial=2, settlement_id=place.settlement_id
    )
    mark_left(okrug_store, b.id, "died", date(2026, 9, 1))
    assert count_members(okrug_store, date(2026, 5, 31)) == 1  # only b: a not yet registered
    assert count_members(okrug_store, date(2026, 6, 1)) == 2
    assert count_members(okrug_store, date(2026, 9, 1)) == 1  # b left that day
    assert [m.id for m in list_members(okrug_store, date(2026, 7, 1))] == [a.id, b.id]
    assert [m.id for m in list_members(okrug_store, date(2026, 7, 1), settlement_id=place.settlement_id)] == [
        b.id
    ]
    assert count_members(okrug_store, date(2026, 7, 1), settlement_id=place.other_settlement_id) == 0


def test_member_ref_carries_address(okrug_store, place):
    add(okrug_store, "Қасымов", "Асхат", date(1980, 1, 1), house_id=place.house_id, apartment="3")
    (ref,) = list_members(okrug_store, ON, house_id=place.house_id)
    assert ref.full_name == "Қасымов Асхат"
    assert ref.address == "Қарағайлы, Абай көшесі, 12, apt. 3"
    assert ref.street_id == place.street_id


def test_find_for_checkin_lookalikes_iin_and_members_only(okrug_store):
    kasymov = add(okrug_store, "Қасымов", "Асхат", date(1980, 1, 1))
    ospan = add(okrug_store, "Өспан", "Ғалым", date(1981, 1, 1), serial=2)
    add(okrug_store, "Қасымова", "Айым", date(2015, 1, 1), "F", serial=3)  # a child: not a member
    add(okrug_store, "Петров", "Иван", date(1960, 1, 1), serial=4)
    assert [m.id for m in find_for_checkin(okrug_store, "Касымов", ON)] == [kasymov.id]
    assert [m.id for m in find_for_checkin(okrug_store, "оспан", ON)] == [ospan.id]
    assert [m.id for m in find_for_checkin(okrug_store, "галым", ON)] == [ospan.id]  # given name
    assert [m.id for m in find_for_checkin(okrug_store, "ҚАСЫМОВ АС", ON)] == [kasymov.id]
    assert [m.id for m in find_for_checkin(okrug_store, "асхат кас", ON)] == [kasymov.id]  # given name first
    assert [m.id for m in find_for_checkin(okrug_store, kasymov.iin[:6], ON)] == [kasymov.id]
    assert [m.id for m in find_for_checkin(okrug_store, kasymov.iin[:3] + " " + kasymov.iin[3:8], ON)] == [
        kasymov.id
    ]
    assert find_for_checkin(okrug_store, "   ", ON) == []
    assert len(find_for_checkin(okrug_store, "а", ON, limit=1)) <= 1
