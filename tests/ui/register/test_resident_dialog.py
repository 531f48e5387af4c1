"""The resident form: typing a new resident, IIN hints and confirmation, editing, leaving."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from tests.ui.register.conftest import TODAY, type_text
from zhoob_desktop.services import i18n
from zhoob_desktop.services.register.iin import make_iin
from zhoob_desktop.services.register.residents import get_resident
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.register.page import RegisterPage
from zhoob_desktop.ui.register.resident_dialog import ResidentDialog


def make_dialog(qtbot, store, resident_id=None):
    dialog = ResidentDialog(store, resident_id, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    return dialog


def save_button(dialog):
    return dialog.buttons.button(dialog.buttons.StandardButton.Save)


def said(dialog, words: str) -> list[str]:
    """The lines the form shows now (under the IIN, the checks, the refusal) that carry ``words``."""
    labels = (dialog.iin_message, dialog.issues, dialog.error)
    lines = [line for label in labels if label.isVisibleTo(dialog) for line in label.text().splitlines()]
    return [line for line in lines if words in line]


def test_new_resident_typed_in_and_listed(qtbot, okrug_store, village, people):
    bus = Bus()
    page = RegisterPage(okrug_store, bus, today=lambda: TODAY)
    qtbot.addWidget(page)
    view = page.residents
    with qtbot.waitSignal(view.dialog_opened) as opened:
        view.new_action.trigger()
    dialog = opened.args[0]
    type_text(dialog.surname, "Сейітов")
    type_text(dialog.given_name, "Дәулет")
    iin = make_iin(date(1992, 3, 8), "M", 77)
    qtbot.keyClicks(dialog.iin, iin)
    # the IIN's birth date and sex are taken as a suggestion into the empty fields
    assert dialog.birth_date.value() == date(1992, 3, 8)
    assert dialog.sex.currentData() == "M"
    assert "valid" in dialog.iin_message.text()
    dialog.settlement.setCurrentIndex(dialog.settlement.findText("Қарағайлы"))
    dialog.street.setCurrentIndex(dialog.street.findText("Абай көшесі"))
    dialog.house.setCurrentIndex(dialog.house.findText("12"))
    qtbot.keyClicks(dialog.apartment, "3")
    qtbot.keyClicks(dialog.phone, "+7 701 123 45 67")
    for row in range(dialog.statuses.count()):
        if dialog.statuses.item(row).data(Qt.ItemDataRole.UserRole) == "large_family":
            dialog.statuses.item(row).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(bus.changed) as changed:
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert "residents" in changed.args[0]
    assert view.model.total() == 5  # the page refreshed the list and selected the new resident
    saved = get_resident(okrug_store, view.current_id())
    assert (saved.surname, saved.iin, saved.house_id) == ("Сейітов", iin, village.house_id)
    assert saved.statuses == ("large_family",) and saved.apartment == "3"
    assert saved.registered_on == TODAY


def test_invalid_check_digit_is_explained_live(qtbot, okrug_store, village):
    dialog = make_dialog(qtbot, okrug_store)
    good = make_iin(date(1990, 1, 2), "F", 5)
    bad = good[:11] + str((int(good[11]) + 1) % 10)
    qtbot.keyClicks(dialog.iin, bad[:6])
    assert "6 of 12" in dialog.iin_message.text()
    qtbot.keyClicks(dialog.iin, bad[6:])
    assert "check digit" in dialog.iin_message.text()
    assert dialog.birth_date.value() is None  # nothing suggested from a wrong number
    type_text(dialog.surname, "Омарова")
    type_text(dialog.given_name, "Айгүл")
    save_button(dialog).click()
    # refused, and said once (under the IIN), not three times
    assert dialog.result() == 0 and len(said(dialog, "check digit")) == 1
    assert "check digit" in dialog.iin_message.text() and dialog.focusWidget() in (None, dialog.iin)


def test_birth_date_not_matching_the_iin_needs_the_iin_twice(qtbot, okrug_store, village):
    dialog = make_dialog(qtbot, okrug_store)
    type_text(dialog.surname, "Нұрланов")
    type_text(dialog.given_name, "Асқар")
    dialog.birth_date.set_value(date(1975, 6, 1))
    dialog.sex.setCurrentIndex(dialog.sex.findData("M"))
    iin = make_iin(date(1975, 1, 6), "M", 9)  # day and month swapped: a common typing slip
    qtbot.keyClicks(dialog.iin, iin)
    assert dialog.birth_date.value() == date(1975, 6, 1)  # the typed date is kept, only hinted
    assert not dialog.use_iin_button.isHidden()
    dialog.check_now()
    assert not dialog.iin_confirm.isHidden()
    save_button(dialog).click()
    assert dialog.result() == 0 and len(said(dialog, "a second time")) == 1
    qtbot.keyClicks(dialog.iin_confirm, iin)
    assert dialog.iin_confirmed()
    with qtbot.waitSignal(dialog.saved) as saved:
        save_button(dialog).click()
    detail = saved.args[0]
    assert (detail.iin, detail.birth_date) == (iin, date(1975, 6, 1))


def test_use_iin_suggestion_button(qtbot, okrug_store, village):
    dialog = make_dialog(qtbot, okrug_store)
    dialog.birth_date.set_value(date(2000, 1, 1))
    qtbot.keyClicks(dialog.iin, make_iin(date(1999, 12, 31), "F", 3))
    assert "31.12.1999" in dialog.iin_message.text() or "1999" in dialog.iin_message.text()
    qtbot.mouseClick(dialog.use_iin_button, Qt.MouseButton.LeftButton)
    assert dialog.birth_date.value() == date(1999, 12, 31)
    assert dialog.sex.currentData() == "F"


def test_edit_shows_service_errors_translated(qtbot, okrug_store, people):
    i18n.set_language("ru")
    dialog = make_dialog(qtbot, okrug_store, people["abilova"].id)
    assert dialog.statuses.item(0).text() == "Пенсионер"  # status names in the program's language
    assert dialog.surname.text() == "Әбілова"
    assert dialog.settlement.currentText() == "Қарағайлы"
    assert dialog.street.currentText() == "Абай көшесі"
    dialog.iin.setText(people["ivanov"].iin)  # somebody else's IIN
    dialog.birth_date.set_value(people["ivanov"].birth_date)
    save_button(dialog).click()
    taken = f"ИИН {people['ivanov'].iin} уже принадлежит в реестре жителю Иванов Пётр."
    assert said(dialog, "уже принадлежит") == [taken]
    dialog.iin.setText(people["abilova"].iin)
    dialog.birth_date.set_value(people["abilova"].birth_date)
    dialog.phone.setText("+7 702 000 00 00")
    with qtbot.waitSignal(dialog.saved):
        save_button(dialog).click()
    assert get_resident(okrug_store, people["abilova"].id).phone == "+7 702 000 00 00"


def test_record_leaving_and_restore(qtbot, okrug_store, people):
    dialog = make_dialog(qtbot, okrug_store, people["ivanov"].id)
    dialog.leave_reason.setCurrentIndex(dialog.leave_reason.findData("died"))
    dialog.left_on.set_value(date(2026, 10, 1))
    with qtbot.waitSignal(dialog.saved):
        dialog.leave_button.click()
    detail = get_resident(okrug_store, people["ivanov"].id)
    assert (detail.left_on, detail.left_reason) == (date(2026, 10, 1), "died")
    assert "died" in dialog.left_state.text() and not dialog.leave_button.isEnabled()
    with qtbot.waitSignal(dialog.saved):
        dialog.restore_button.click()
    assert get_resident(okrug_store, people["ivanov"].id).left_on is None


def test_live_check_names_missing_birth_date(qtbot, okrug_store, village):
    dialog = make_dialog(qtbot, okrug_store)
    type_text(dialog.surname, "Бекова")
    type_text(dialog.given_name, "Сәуле")
    dialog.check_now()
    assert "birth date" in dialog.issues.text()
