"""The paged table: filters, order, paging, counts."""

from __future__ import annotations

from datetime import date

import pytest

from zhoob_desktop.services.register import structure
from zhoob_desktop.services.register.query import ResidentFilter, count_residents, query_residents
from zhoob_desktop.services.register.residents import delete_resident, mark_left

from .conftest import TODAY, add


@pytest.fixture
def people(okrug_store, place):
    second = structure.create_house(okrug_store, place.street_id, "2")
    rows = [
        add(
            okrug_store,
            "Қасымов",
            "Асхат",
            date(1960, 5, 1),
            house_id=place.house_id,
            statuses=("pensioner",),
        ),
        add(okrug_store, "Касымова", "Әсем", date(2012, 5, 1), "F", serial=2, house_id=second.id),
        add(
            okrug_store,
            "Өспанов",
            "Ерлан",
            date(1990, 5, 1),
            serial=3,
            settlement_id=place.other_settlement_id,
        ),
        add(okrug_store, "Ахметова", "Дана", date(1985, 5, 1), "F", serial=4),
    ]
    mark_left(
        okrug_store,
        add(okrug_store, "Кетті", "Бірақ", date(1970, 1, 1), serial=5).id,
        "moved",
        date(2026, 1, 1),
    )
    delete_resident(okrug_store, add(okrug_store, "Қате", "Жазба", date(1970, 1, 1), serial=6).id)
    return rows


def names(rows):
    return [r.full_name for r in rows]


def test_default_order_and_paging(okrug_store, people):
    all_rows = query_residents(okrug_store, today=TODAY)
    assert names(all_rows) == ["Ахметова Дана", "Қасымов Асхат", "Касымова Әсем", "Өспанов Ерлан"]
    assert count_residents(okrug_store, today=TODAY) == 4
    page = query_residents(okrug_store, offset=1, limit=2, today=TODAY)
    assert names(page) == names(all_rows[1:3])
    desc = query_residents(okrug_store, order_by="birth_date", descending=True, today=TODAY)
    assert names(desc)[0] == "Касымова Әсем"
    by_address = query_residents(okrug_store, order_by="address", today=TODAY)
    # no address first, then Қарағайлы (house 2 before house 12), then Көктөбе
    assert names(by_address) == ["Ахметова Дана", "Касымова Әсем", "Қасымов Асхат", "Өспанов Ерлан"]


def test_row_fields(okrug_store, people):
    (row,) = query_residents(okrug_store, ResidentFilter(text="қасымов а"), today=TODAY)
    assert row.statuses == ("pensioner",) and row.is_member and row.sex == "M"
    assert row.address == "Қарағайлы, Абай көшесі, 12" and row.iin == people[0].iin


def test_filters(okrug_store, people, place):
    def count(**kw):
        return count_residents(okrug_store, ResidentFilter(**kw), today=TODAY)

    assert count(text="КАС") == 2
    assert count(text="ер") == 1 and count(text="әсе") == 1  # given-name prefix, folded
    assert count(text="ас") == 2  # Асхат and Әсем
    assert count(text=people[2].iin[:7]) == 1
    assert count(settlement_id=place.settlement_id) == 2
    assert count(street_id=place.street_id) == 2 and count(house_id=place.house_id) == 1
    assert count(status_code="pensioner") == 1
    assert count(member=True) == 3 and count(member=False) == 1
    assert count(member=True, member_on=date(2030, 5, 1)) == 4
    assert count(include_left=True) == 6
    rows = query_residents(okrug_store, ResidentFilter(include_left=True, text="кетти"), today=TODAY)
    assert rows[0].left_reason == "moved" and not rows[0].is_member


def test_unknown_order_is_a_programming_error(okrug_store):
    with pytest.raises(ValueError):
        query_residents(okrug_store, order_by="shoe_size")


def test_address_order_follows_renames(okrug_store, people, place):
    from zhoob_desktop.services.register.checks import register_problems

    def by_address():
        return names(query_residents(okrug_store, order_by="address", today=TODAY))

    assert by_address()[-1] == "Өспанов Ерлан"  # Көктөбе after Қарағайлы
    structure.rename_settlement(okrug_store, place.other_settlement_id, "Ақсу")
    assert by_address()[1] == "Өспанов Ерлан"  # Ақсу before Қарағайлы
    structure.update_house(okrug_store, place.house_id, "1")
    assert by_address()[2:] == ["Қасымов Асхат", "Касымова Әсем"]  # house 1 before house 2
    assert register_problems(okrug_store) == []
