"""Settlements, streets, houses and social statuses."""

from __future__ import annotations

from datetime import date

import pytest

from zhoob_desktop.services.register import changelog, structure
from zhoob_desktop.services.register.errors import InUse, NameEmpty, NameTaken, OkrugMissing

from .conftest import add


def test_settlement_needs_okrug(store):
    with pytest.raises(OkrugMissing):
        structure.create_settlement(store, "Қарағайлы")


def test_create_rename_list_delete(okrug_store):
    a = structure.create_settlement(okrug_store, "Жаңаталап")
    b = structure.create_settlement(okrug_store, "  Көктөбе ")
    assert [s.name for s in structure.list_settlements(okrug_store)] == ["Жаңаталап", "Көктөбе"]
    with pytest.raises(NameTaken):
        structure.create_settlement(okrug_store, "КӨКТӨБЕ")
    with pytest.raises(NameTaken):
        structure.create_settlement(okrug_store, "Коктобе")  # Russian look-alike of the same name
    with pytest.raises(NameEmpty):
        structure.create_settlement(okrug_store, "   ")
    renamed = structure.rename_settlement(okrug_store, a.id, "Жаңа Талап")
    assert renamed.name == "Жаңа Талап"
    structure.delete_settlement(okrug_store, b.id)
    assert [s.id for s in structure.list_settlements(okrug_store)] == [a.id]


def test_streets_and_houses(okrug_store):
    village = structure.create_settlement(okrug_store, "Қарағайлы")
    abai = structure.create_street(okrug_store, village.id, "Абай көшесі")
    structure.create_street(okrug_store, village.id, "ул. Абая")  # written differently: a different street
    with pytest.raises(NameTaken):
        structure.create_street(okrug_store, village.id, "абай  көшесі.")
    for number in ("10", "2", "2А", "1"):
        structure.create_house(okrug_store, abai.id, number)
    with pytest.raises(NameTaken):
        structure.create_house(okrug_store, abai.id, "2 а")
    assert [h.number for h in structure.list_houses(okrug_store, abai.id)] == ["1", "2", "10", "2А"]
    block = structure.create_house(okrug_store, abai.id, "15", apartment_building=True)
    assert structure.update_house(okrug_store, block.id, "15/1").number == "15/1"
    assert [s.name for s in structure.list_streets(okrug_store, village.id)] == ["Абай көшесі", "ул. Абая"]
    with pytest.raises(InUse):
        structure.delete_street(okrug_store, abai.id)  # it still has houses
    with pytest.raises(InUse):
        structure.delete_settlement(okrug_store, village.id)


def test_used_places_cannot_be_deleted_and_counts(okrug_store, place):
    add(okrug_store, "Қасымов", "Асхат", date(1980, 5, 1), house_id=place.house_id)
    assert [s.residents for s in structure.list_settlements(okrug_store)] == [1, 0]  # Қарағайлы, Көктөбе
    assert structure.list_houses(okrug_store, place.street_id)[0].residents == 1
    with pytest.raises(InUse) as err:
        structure.delete_house(okrug_store, place.house_id)
    assert "1" in err.value.message()


def test_statuses_editable(okrug_store, place):
    codes = [s.code for s in structure.list_statuses(okrug_store)]
    assert codes[:3] == ["pensioner", "disability", "large_family"]
    pensioner = structure.list_statuses(okrug_store)[0]
    assert pensioner.name("kk") == "Зейнеткер" and pensioner.name("ru") == "Пенсионер"
    new = structure.save_status(okrug_store, "student", "Студент", "Студент", "Student")
    assert new.sort_order > pensioner.sort_order
    structure.save_status(okrug_store, "student", "Білім алушы")
    assert structure.list_statuses(okrug_store)[-1].name_kk == "Білім алушы"
    add(okrug_store, "Сейітов", "Ерлан", date(1950, 1, 2), statuses=("student",))
    with pytest.raises(InUse):
        structure.delete_status(okrug_store, "student")
    structure.save_status(okrug_store, "temp", "Уақытша")
    structure.delete_status(okrug_store, "temp")
    assert "temp" not in [s.code for s in structure.list_statuses(okrug_store)]


def test_structure_changes_are_logged(okrug_store):
    village = structure.create_settlement(okrug_store, "Қарағайлы")
    structure.rename_settlement(okrug_store, village.id, "Қарағайлы ауылы")
    log = changelog.history(okrug_store, village.id, "settlement")
    assert [c.action for c in log] == ["create", "update"]
    assert log[1].changes == {"name": ["Қарағайлы", "Қарағайлы ауылы"]}
    assert log[1].actor.startswith("tester [")


def test_register_check(okrug_store, place):
    from sqlalchemy import update

    from zhoob_desktop.models.register import Resident
    from zhoob_desktop.services.register.checks import register_problems

    r = add(okrug_store, "Қасымов", "Асхат", date(1980, 5, 1))
    assert register_problems(okrug_store) == []
    with okrug_store.session() as s:
        s.execute(update(Resident).where(Resident.id == r.id).values(iin="870412300519", search_key="x"))
    problems = register_problems(okrug_store)
    assert len(problems) == 2 and "870412300519" in problems[0] and "search key" in problems[1]
