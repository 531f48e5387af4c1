"""Preparing a sitting: the texts that go on paper are typed in Kazakh and, beside them, in Russian."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from zhoob_desktop.services.meeting import list_sittings
from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.services.texts import translations_of
from zhoob_desktop.ui.meeting.prepare_dialog import PrepareDialog

from .conftest import add_people


def test_texts_typed_in_both_languages_are_kept_and_shown_again(qtbot, store):
    save_okrug(store, "Қарағайлы ауылдық округі")
    add_people(store)
    dialog = PrepareDialog(store, today=date(2026, 11, 1))
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("meeting"))
    dialog.title.setText("Кезекті шақырылым")
    dialog.title_tr.setText("Очередной созыв")
    dialog.place.setText("Мектеп")
    dialog.place_tr.setText("Школа")
    dialog.item_title.setText("Жол жөндеу туралы")
    dialog.item_title_tr.setText("О ремонте дороги")
    dialog.item_reporter.setText("Қасымов Ерлан, әкім аппаратының бас маманы")
    dialog.item_reporter_tr.setText("Қасымов Ерлан, главный специалист аппарата акима")
    qtbot.keyClick(dialog.item_reporter_tr, Qt.Key.Key_Return)
    assert dialog.agenda.count() == 1 and dialog.item_title_tr.text() == ""
    qtbot.mouseClick(dialog.add_guest, Qt.MouseButton.LeftButton)
    dialog.guests.item(0, 0).setText("Серіков Марат")
    dialog.guests.item(0, 2).setText("Іле аудандық мәслихаты")
    dialog.guests.item(0, 3).setText("Илийский районный маслихат")
    dialog.save()
    info = list_sittings(store)[0]
    # The sitting keeps the texts as typed; their Russian goes to the okrug's book of translations.
    assert info.place == "Мектеп" and info.agenda_draft[0].title == "Жол жөндеу туралы"
    assert translations_of(
        store,
        ["Кезекті шақырылым", "Мектеп", "Жол жөндеу туралы", "Қасымов Ерлан, әкім аппаратының бас маманы",
         "Іле аудандық мәслихаты"],
        "ru",
    ) == {
        "Кезекті шақырылым": "Очередной созыв",
        "Мектеп": "Школа",
        "Жол жөндеу туралы": "О ремонте дороги",
        "Қасымов Ерлан, әкім аппаратының бас маманы": "Қасымов Ерлан, главный специалист аппарата акима",
        "Іле аудандық мәслихаты": "Илийский районный маслихат",
    }  # fmt: skip
    again = PrepareDialog(store, info, today=date(2026, 11, 1))
    qtbot.addWidget(again)
    assert again.title_tr.text() == "Очередной созыв" and again.place_tr.text() == "Школа"
    assert "О ремонте дороги" in again.agenda.item(0).text()
    assert again.guests.item(0, 3).text() == "Илийский районный маслихат"
    # Saved again unchanged, the translations stay.
    again.save()
    assert translations_of(store, ["Мектеп"], "ru") == {"Мектеп": "Школа"}
