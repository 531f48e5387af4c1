"""The okrug's structure tree: add, rename and delete settlements, streets and houses."""

from __future__ import annotations

from tests.ui.register.conftest import TODAY, add
from zhoob_desktop.services.register import structure
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.register.structure_editor import (
    KIND_HOUSE,
    KIND_SETTLEMENT,
    KIND_STREET,
    StructureEditor,
)


class Answers:
    """Stands in for the input dialog: returns the queued texts, records the questions."""

    def __init__(self, *texts):
        self.texts = list(texts)
        self.asked: list[str] = []

    def __call__(self, _parent, title, label, text):
        self.asked.append(label)
        return self.texts.pop(0), True


def make_editor(qtbot, store, answers, confirm=lambda *_a: True, bus=None):
    editor = StructureEditor(store, bus or Bus(), ask=answers, confirm=confirm)
    qtbot.addWidget(editor)
    return editor


def top_names(editor):
    return [editor.model.item(r).text() for r in range(editor.model.rowCount())]


def test_build_the_tree(qtbot, qtmodeltester, okrug_store):
    answers = Answers("Жаңаауыл", "Бейбітшілік көшесі", "7А")
    bus = Bus()
    editor = make_editor(qtbot, okrug_store, answers, bus=bus)
    assert top_names(editor) == []
    with qtbot.waitSignal(bus.changed) as changed:
        editor.add_settlement_button.click()
    assert "settlements" in changed.args[0]
    assert top_names(editor) == ["Жаңаауыл"]
    assert editor.current_node()[0] == KIND_SETTLEMENT
    editor.add_street_button.click()
    assert editor.current_node()[0] == KIND_STREET
    editor.add_house_button.click()
    kind, house_id = editor.current_node()
    assert kind == KIND_HOUSE
    village = structure.list_settlements(okrug_store)[0]
    street = structure.list_streets(okrug_store, village.id)[0]
    assert [h.number for h in structure.list_houses(okrug_store, street.id)] == ["7А"]
    assert editor.current_item().parent().text() == "Бейбітшілік көшесі"
    qtmodeltester.check(editor.model)


def test_rename_and_refuse_a_taken_name(qtbot, okrug_store, village, errors):
    editor = make_editor(qtbot, okrug_store, Answers("Қарағайлы ауылы", "көктөбе"))
    editor.select(KIND_SETTLEMENT, village.settlement_id)
    editor.rename_button.click()
    assert "Қарағайлы ауылы" in top_names(editor)
    editor.select(KIND_SETTLEMENT, village.settlement_id)
    editor.rename_button.click()  # "көктөбе" is the other village, case ignored
    assert errors and "already exists" in errors[0]
    assert "Қарағайлы ауылы" in top_names(editor)


def test_streets_load_when_expanded_and_delete_in_use_refused(qtbot, okrug_store, village, errors):
    add(
        okrug_store,
        "Қасымов",
        "Ерлан",
        TODAY.replace(year=1960),
        settlement_id=village.settlement_id,
        street_id=village.street_id,
    )
    editor = make_editor(qtbot, okrug_store, Answers())
    item = editor.find_item(KIND_SETTLEMENT, village.settlement_id)
    assert editor.model.itemFromIndex(item.index().siblingAtColumn(1)).text() == "1"  # one current resident
    assert editor.find_item(KIND_STREET, village.street_id) is None  # not loaded until expanded
    editor.expand(KIND_SETTLEMENT, village.settlement_id)
    street = editor.find_item(KIND_STREET, village.street_id)
    assert street is not None and street.text() == "Абай көшесі"
    editor.select(KIND_STREET, village.street_id)
    editor.delete_button.click()
    assert errors and "cannot be deleted" in errors[0]
    assert editor.find_item(KIND_STREET, village.street_id) is not None


def test_delete_an_unused_settlement_after_confirmation(qtbot, okrug_store, village):
    answers = []
    editor = make_editor(qtbot, okrug_store, Answers(), confirm=lambda _p, _t, q: answers.append(q) or True)
    editor.select(KIND_SETTLEMENT, village.other_settlement_id)
    editor.delete_button.click()
    assert "Көктөбе" in answers[0]
    assert top_names(editor) == ["Қарағайлы"]


def test_mark_a_house_as_an_apartment_building(qtbot, okrug_store, village):
    editor = make_editor(qtbot, okrug_store, Answers())
    editor.expand(KIND_SETTLEMENT, village.settlement_id)
    editor.expand(KIND_STREET, village.street_id)
    editor.select(KIND_HOUSE, village.house_id)
    assert editor.building_button.isEnabled() and not editor.building_button.isChecked()
    editor.building_button.click()
    house = structure.list_houses(okrug_store, village.street_id)[0]
    assert house.apartment_building
    assert editor.building_button.isChecked()
    assert "apartment building" in editor.current_item().text()
    editor.select(KIND_STREET, village.street_id)
    assert not editor.building_button.isEnabled()
