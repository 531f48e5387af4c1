"""Log-in, the idle lock, actions disabled with the reason, the audit page, the hall screen."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QWidget

from tests.conftest import TEST_OPERATOR, TEST_PASSPHRASE
from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.services.security import access, operators, roles
from zhoob_desktop.services.security.access import Credentials
from zhoob_desktop.services.store import open_store
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.main_window import MainWindow
from zhoob_desktop.ui.security import login
from zhoob_desktop.ui.security.idle import IdleLock


@pytest.fixture
def clerk_store(store):
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    operators.add_operator(store, "clerk", "clerk passphrase", roles.CLERK, full_name="Ержан")
    folder = store.data_dir
    store.close(backup=False)
    clerk = open_store(folder, credentials=Credentials("clerk", "clerk passphrase"))
    yield clerk
    clerk.close(backup=False)


def test_a_clerk_sees_the_register_actions_disabled_with_the_reason(qtbot, clerk_store):
    window = MainWindow(clerk_store, Bus())
    qtbot.addWidget(window)
    view = window.page("residents").residents
    assert not view.new_button.isEnabled() and not view.import_button.isEnabled()
    assert "Ержан" in view.new_button.toolTip() and "change the register" in view.new_button.toolTip()
    view.export_button.setEnabled(True)  # the page enabling it again (after an export, say) is overruled
    assert not view.export_button.isEnabled()
    assert view.open_button.isEnabled()  # reading is allowed
    meetings = window.page("meetings")
    assert not meetings.console_button.isEnabled() and meetings.console_button.toolTip()
    papers = window.page("papers")
    assert not papers.finalise_button.isEnabled()
    audit_page = window.page("audit")
    assert not audit_page.add_button.isEnabled() and "operators" in audit_page.add_button.toolTip()
    assert not audit_page.verify_button.isEnabled()
    assert "Ержан" in window.folder_label.text()


def test_the_district_tab_is_the_district_operators(qtbot, clerk_store, tmp_path):
    """The clerk sees the district store's actions disabled with the reason; opening it is refused anyway."""
    window = MainWindow(clerk_store, Bus())
    qtbot.addWidget(window)
    district = window.page("sync").district
    for button in (district.open_button, district.import_button, district.register_button):
        assert not button.isEnabled() and "Ержан" in button.toolTip()
    assert "district store" in district.open_button.toolTip()
    from zhoob_desktop.services.sync.district_db import open_district

    with pytest.raises(roles.PermissionDenied):
        open_district(tmp_path / "district.sqlite", store=clerk_store)
    assert not (tmp_path / "district.sqlite").exists()


def test_the_akim_sees_them_enabled_and_the_audit(qtbot, store):
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    window = MainWindow(store, Bus())
    qtbot.addWidget(window)
    assert window.page("residents").residents.new_button.isEnabled()
    page = window.page("audit")
    assert page.table.rowCount() >= 1  # the okrug just saved
    assert page.add_button.isEnabled()
    assert page.operators.rowCount() == 1 and page.operators.item(0, 0).text() == TEST_OPERATOR


def test_idle_lock_hides_the_data_and_unlocks_with_the_passphrase(qtbot, store):
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    window = MainWindow(store, Bus())
    qtbot.addWidget(window)
    console = QWidget()  # the live console is a window of its own
    qtbot.addWidget(console)
    busy = [True]
    lock = IdleLock(window, store, minutes=0.0005, busy=lambda: busy[0])
    qtbot.wait(120)
    assert not lock.is_locked  # a speech countdown is running: no lock
    busy[0] = False
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)
    assert window.centralWidget() is lock.screen and not window.menuBar().isEnabled()
    assert console.isEnabled()
    lock.screen.passphrase.setText("wrong passphrase")
    lock.screen.unlock_button.click()
    assert lock.is_locked and lock.screen.error.text()
    assert access.AccessFile.read(store.data_dir).failures()[0] == 1
    access.AccessFile.read(store.data_dir).record_success()  # the wait after a failure has passed
    lock.screen.passphrase.setText(TEST_PASSPHRASE)
    lock.screen.unlock_button.click()
    assert not lock.is_locked and window.centralWidget() is not None and window.menuBar().isEnabled()
    from zhoob_desktop.services import i18n
    from zhoob_desktop.services.security import audit

    # What happened, as it happened: locked after idle (it waited for the countdown), then the passphrase.
    (locked,) = audit.entries(store, kind="lock")
    assert locked.detail == {"reason": "idle", "minutes": 0.0005, "waited_for_countdown": True}
    (unlocked,) = audit.entries(store, kind="unlock")
    assert unlocked.detail["with"] == "passphrase" and unlocked.detail["reason"] == "idle"
    i18n.set_language("en")
    try:
        words = audit.describe("unlock", unlocked.detail)
        assert "with the passphrase" in words and "without use" in words and "countdown" in words
        assert audit.KIND_NAMES["unlock"] == "window unlocked"
    finally:
        i18n.set_language("kk")


def test_log_in_dialog_opens_the_store_and_a_wrong_passphrase_is_explained(qtbot, data_dir, monkeypatch):
    monkeypatch.delenv("ZHOOB_PASSPHRASE")
    from zhoob_desktop.ui import app

    tries = iter(["wrong one", TEST_PASSPHRASE])
    seen = []

    def fake_exec(dialog):
        seen.append(
            (dialog.error.text(), dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled())
        )
        dialog.login.setCurrentText(TEST_OPERATOR)
        dialog.passphrase.setText(next(tries))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(login.LoginDialog, "exec", fake_exec)
    store = app.open_store_interactively(data_dir)
    try:
        assert store is not None and store.operator.login == TEST_OPERATOR
        assert seen[0] == ("", True)
        assert (
            "Wrong operator name or passphrase" in seen[1][0] and seen[1][1] is False
        )  # waits before retrying
        from zhoob_desktop.services.security import audit

        assert [(e.kind, e.detail) for e in audit.entries(store, kind="login")] == [
            ("login", {"with": "passphrase"})
        ]
    finally:
        store.close(backup=False)


def _first_operator(dialog):
    """The set-up dialog of a new folder filled in and accepted: the akim and his passphrase."""
    dialog.login.setText("akim")
    dialog.passphrase.setText("first passphrase")
    dialog.again.setText("first passphrase")
    dialog._check()
    return dialog.result()


def test_a_new_folder_asks_for_the_first_operator_and_shows_the_recovery_key(qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv("ZHOOB_PASSPHRASE")
    from zhoob_desktop.ui import app

    shown = []

    def fake_key(dialog):
        shown.append(dialog.recovery_key)
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        dialog.confirm.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(login.SetupDialog, "exec", _first_operator)
    monkeypatch.setattr(login.RecoveryKeyDialog, "exec", fake_key)
    store = app.open_store_interactively(tmp_path / "new")
    try:
        assert store.encrypted and store.operator.role == "akim"
        assert shown and len(shown[0]) == 39
    finally:
        store.close(backup=False)


def test_a_log_in_through_forgot_the_passphrase_is_audited_as_the_recovery_key(qtbot, store, monkeypatch):
    from zhoob_desktop.services.security import audit, operators
    from zhoob_desktop.ui import app

    recovery = operators.renew_recovery_key(store)
    operators.confirm_recovery_key(store)  # on paper in the safe
    folder = store.data_dir
    store.close(backup=False)
    monkeypatch.delenv("ZHOOB_PASSPHRASE")

    def fake_exec(dialog):
        dialog.login.setCurrentText(TEST_OPERATOR)
        dialog.recovered = None
        access.recover(folder, recovery, TEST_OPERATOR, "a new passphrase")
        dialog.recovered = Credentials(TEST_OPERATOR, "a new passphrase")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(login.LoginDialog, "exec", fake_exec)
    opened = app.open_store_interactively(folder)
    try:
        assert [(e.kind, e.detail) for e in audit.entries(opened, kind="login")] == [
            ("login.recovery", {"with": "recovery"})
        ]
    finally:
        opened.close(backup=False)


def test_the_hall_screen_never_shows_an_iin(qtbot):
    from zhoob_desktop.ui.meeting.projector import ProjectorInfo, ProjectorWindow

    hall = ProjectorWindow()
    qtbot.addWidget(hall)
    hall.show_info(ProjectorInfo(speaker="Сейітова Ләззат 800506400123", item="ЖСН 800506400123 бойынша"))
    assert "800506400123" not in hall.speaker.text() and "Сейітова" in hall.speaker.text()
    assert "800506400123" not in hall.item.text()


def test_the_hall_screen_shows_no_iin_or_address_through_a_whole_sitting(qtbot, store, monkeypatch):
    """Every state of a scripted sitting on the hall screen; two members' names were typed with their
    address and IIN by mistake, and both speak."""
    import tests.services.documents.scripted as scripted
    from zhoob_desktop.ui.meeting.projector import ProjectorWindow
    from zhoob_desktop.ui.meeting.rows import projector_info

    roster = scripted.members_roster(12)
    roster[2]["name"] += ", " + roster[2]["address"]
    roster[3]["name"] += " " + roster[3]["iin"]
    monkeypatch.setattr(scripted, "members_roster", lambda n: roster)
    states = []
    real_execute = scripted.execute

    def execute(*args, **kwargs):
        states.append(real_execute(*args, **kwargs))
        return states[-1]

    monkeypatch.setattr(scripted, "execute", execute)
    scripted.play_sitting(store)
    hall = ProjectorWindow()
    qtbot.addWidget(hall)
    bands = (hall.heading, hall.item, hall.speaker, hall.clock, hall.vote_subject, hall.verdict, hall.counts)
    shown: set[str] = set()
    for state in states:
        hall.show_info(projector_info(state, "Қарағайлы ауылдық округі"))
        shown.update(band.text() for band in (*bands, hall.needed))
    text = "\n".join(shown)
    assert len(states) > 50 and roster[2]["name"].split(",")[0] in text  # the speakers are on the screen
    for member in roster:
        assert member["iin"] not in text and member["address"] not in text
    assert "Абай көшесі" not in text


def test_the_recovery_sheet_prints_the_key(tmp_path, store):
    from pypdf import PdfReader

    from zhoob_desktop.services.security.sheet import write_recovery_sheet

    key = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"
    path = write_recovery_sheet(store, key, tmp_path / "sheet.pdf", lang="kk")
    text = PdfReader(str(path)).pages[0].extract_text()
    assert "ABCD" in text and "4567" in text and "әкім" in text.lower()


def test_the_pin_unlocks_and_five_wrong_ones_ask_for_the_passphrase(qtbot, store):
    from zhoob_desktop.services.security import audit, pin

    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    pin.set_pin(store, "2580")
    window = MainWindow(store, Bus())
    qtbot.addWidget(window)
    lock = IdleLock(window, store, minutes=0)
    assert lock.lock_action is not None and lock.lock_action in window.file_menu.actions()
    lock.lock_action.trigger()  # "Lock now": the operator steps away
    assert lock.is_locked and lock.screen.pin_mode and not lock.screen.passphrase.isVisibleTo(lock.screen)
    assert "Locked." in lock.screen.title.text()
    lock.screen.pin.setText("2580")
    lock.screen.unlock_button.click()
    assert not lock.is_locked
    lock.lock_now()
    for left in (4, 3, 2, 1):
        lock.screen.pin.setText("0000")
        lock.screen.unlock_button.click()
        assert lock.is_locked and str(left) in lock.screen.error.text()
    lock.screen.pin.setText("0000")
    lock.screen.unlock_button.click()
    assert lock.is_locked and not lock.screen.pin_mode and not lock.screen.switch.isVisibleTo(lock.screen)
    assert "passphrase" in lock.screen.error.text()
    lock.screen.passphrase.setText(TEST_PASSPHRASE)
    lock.screen.unlock_button.click()
    assert not lock.is_locked and lock.pin.enabled  # the passphrase brought the PIN back
    lock.lock_now()
    assert lock.screen.pin_mode
    lock.screen.switch.click()  # the operator may always choose the passphrase
    assert not lock.screen.pin_mode and lock.screen.passphrase.isVisibleTo(lock.screen)
    lock.screen.passphrase.setText(TEST_PASSPHRASE)
    lock.screen.unlock_button.click()
    assert not lock.is_locked
    assert [e.detail.get("with") for e in audit.entries(store, kind="unlock")] == [
        "pin",
        "passphrase",
        "passphrase",
    ]
    # Each was "Lock now", never "after idle": the lock and the unlock say so, in every language.
    assert {e.detail["reason"] for e in audit.entries(store, kind="lock")} == {"lock-now"}
    assert {e.detail["reason"] for e in audit.entries(store, kind="unlock")} == {"lock-now"}
    first = audit.entries(store, kind="unlock")[0]
    from zhoob_desktop.services import i18n

    said = {}
    for lang in ("kk", "ru", "en"):
        i18n.set_language(lang)
        said[lang] = audit.describe("unlock", first.detail)
    i18n.set_language("kk")
    assert said["en"] == "with the PIN; locked: the Lock now command"
    assert len(set(said.values())) == 3 and "minutes" not in said["en"]
    assert len(audit.entries(store, kind="pin.blocked")) == 1


def test_the_pin_field_takes_digits_only(qtbot):
    from zhoob_desktop.ui.security.login import pin_field

    field = pin_field()
    qtbot.addWidget(field)
    qtbot.keyClicks(field, "12ab34567890")
    assert field.text() == "12345678"


def test_settings_sets_and_removes_the_operators_pin(qtbot, store, monkeypatch):
    from zhoob_desktop.services.security import pin
    from zhoob_desktop.ui.security import pin_box

    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    window = MainWindow(store, Bus())
    qtbot.addWidget(window)
    box = window.page("settings").pin_box
    assert not box.clear_button.isEnabled() and "has no PIN" in box.state.text()
    seen = []

    def fake_exec(dialog):
        dialog.pin.setText("1234")
        dialog.again.setText("1234")
        dialog._save()
        seen.append(dialog.error.text())
        dialog.again.setText("4821")
        dialog._save()
        seen.append(dialog.error.text())
        dialog.pin.setText("4821")
        dialog._save()
        return dialog.result()

    monkeypatch.setattr(pin_box.PinDialog, "exec", fake_exec)
    box.set_button.click()
    assert "digits in a row" in seen[0] and "differ" in seen[1]
    assert pin.has_pin(store) and box.clear_button.isEnabled() and "has a PIN" in box.state.text()
    box.clear_button.click()
    assert not pin.has_pin(store) and not box.clear_button.isEnabled()


def test_log_in_with_the_pin_at_start_and_five_wrong_ones(qtbot, store, monkeypatch):
    import keyring

    from tests.services.security.test_pin_start import MemoryVault
    from zhoob_desktop.services.security import pin
    from zhoob_desktop.ui import app

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryVault())
    try:
        pin.set_pin(store, "2580", at_start=True)
        folder = store.data_dir
        store.close(backup=False)
        monkeypatch.delenv("ZHOOB_PASSPHRASE")
        tries = iter(["0000", "2580"])
        seen = []

        def fake_exec(dialog):
            seen.append((dialog.use_pin.isHidden(), dialog.use_pin.isChecked(), dialog.error.text()))
            dialog.login.setCurrentText(TEST_OPERATOR)
            dialog.use_pin.setChecked(True)
            assert dialog.form.isRowVisible(dialog.pin) and not dialog.form.isRowVisible(dialog.passphrase)
            dialog.pin.setText(next(tries))
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(login.LoginDialog, "exec", fake_exec)
        opened = app.open_store_interactively(folder)
        try:
            assert opened is not None and opened.operator.login == TEST_OPERATOR
            from zhoob_desktop.services.security import audit

            assert audit.entries(opened, kind="login")[-1].detail == {"with": "pin"}
        finally:
            opened.close(backup=False)
        assert seen[0] == (False, False, "")
        assert seen[1][1] is True and "Wrong PIN" in seen[1][2] and "4" in seen[1][2]
    finally:
        keyring.set_keyring(previous)


def test_the_pin_dialog_says_why_there_is_no_pin_at_start(qtbot, store):
    import keyring
    from keyring.backends import fail

    from zhoob_desktop.ui.security.pin_box import PinDialog

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        dialog = PinDialog(store)
        qtbot.addWidget(dialog)
        assert not dialog.at_start.isEnabled() and "copy of the folder" in dialog.at_start_note.text()
    finally:
        keyring.set_keyring(previous)


def test_a_damaged_key_file_is_offered_back_from_its_copy_at_log_in(qtbot, store):
    from PySide6.QtWidgets import QMessageBox

    from zhoob_desktop.services.sync.export import okrug_keys
    from zhoob_desktop.ui.security.key_trouble import key_trouble_box, offer_key_restore

    public = okrug_keys(store).public_key
    assert key_trouble_box(store) == (None, False)
    sealed = store.data_dir / "keys" / "okrug-ed25519.sealed"
    sealed.write_bytes(sealed.read_bytes()[:50])
    shown = []

    def answer(box):
        shown.append(box.text())
        return QMessageBox.StandardButton.No if len(shown) == 1 else QMessageBox.StandardButton.Yes

    assert offer_key_restore(store, ask=answer) == []  # "Not now": nothing changed
    assert "okrug-ed25519.sealed" in shown[0] and sealed.stat().st_size == 50
    (outcome,) = offer_key_restore(store, ask=answer)
    assert outcome.restored and "okrug-ed25519.sealed" in shown[-1]
    from zhoob_desktop.services.sync.keys import OkrugKeys, store_seal

    assert OkrugKeys(store.data_dir, seal=store_seal(store)).ensure().public_key == public


def test_a_clerk_is_told_of_a_damaged_key_but_not_offered_the_copy(qtbot, clerk_store):
    from zhoob_desktop.ui.security.key_trouble import key_trouble_box

    sealed = clerk_store.data_dir / "keys" / "okrug-ed25519.sealed"
    sealed.parent.mkdir(exist_ok=True)
    sealed.write_bytes(b"{}")
    box, restorable = key_trouble_box(clerk_store)
    assert box is not None and not restorable and "okrug-ed25519.sealed" in box.text()


def test_a_recovery_key_never_shown_is_shown_anew_at_the_next_start_until_confirmed(
    qtbot, tmp_path, monkeypatch
):
    monkeypatch.delenv("ZHOOB_PASSPHRASE")
    from zhoob_desktop.services.security import audit
    from zhoob_desktop.ui import app

    folder = tmp_path / "new"

    shown = []

    def stopped(dialog):  # the program (or the computer) stops while the key is on screen, not yet noted
        shown.append(dialog.recovery_key)
        dialog.store.close(backup=False)
        raise SystemExit(1)

    monkeypatch.setattr(login.SetupDialog, "exec", _first_operator)
    monkeypatch.setattr(login.RecoveryKeyDialog, "exec", stopped)
    with pytest.raises(SystemExit):
        app.open_store_interactively(folder)
    assert access.AccessFile.read(folder).recovery_pending  # set up, the key not confirmed

    def log_in(dialog):
        dialog.login.setCurrentText("akim")
        dialog.passphrase.setText("first passphrase")
        return QDialog.DialogCode.Accepted

    notes = []

    def closed_unconfirmed(dialog):  # shown, closed without ticking "I have printed or written it down"
        shown.append(dialog.recovery_key)
        notes.append(dialog.findChildren(login.QLabel)[0].text())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(login.LoginDialog, "exec", log_in)
    monkeypatch.setattr(login.RecoveryKeyDialog, "exec", closed_unconfirmed)
    store = app.open_store_interactively(folder)
    store.close(backup=False)
    assert len(shown) == 2 and shown[1] != shown[0] and "not confirmed" in notes[0]
    with pytest.raises(access.WrongRecoveryKey):  # the key nobody wrote down no longer opens anything
        access.unlock(folder, Credentials("akim", shown[0], recovery=True))
    assert access.unlock(folder, Credentials("akim", shown[1], recovery=True)).operator_id

    def confirmed(dialog):
        shown.append(dialog.recovery_key)
        dialog.confirm.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(login.RecoveryKeyDialog, "exec", confirmed)
    store = app.open_store_interactively(folder)
    store.close(backup=False)
    assert len(shown) == 3 and not access.AccessFile.read(folder).recovery_pending
    store = app.open_store_interactively(folder)  # confirmed: not shown again
    try:
        assert len(shown) == 3
        assert access.unlock(folder, Credentials("akim", shown[2], recovery=True)).operator_id
        assert [e.detail.get("reason") for e in audit.entries(store, kind="recovery.renewed")] == [
            "not-shown",
            "not-shown",
        ]
        assert len(audit.entries(store, kind="recovery.confirmed")) == 1
    finally:
        store.close(backup=False)


def test_zhoob_setup_prints_the_key_and_a_later_command_reminds_of_one_never_shown(tmp_path, capsys):
    from zhoob_desktop.cli import main

    folder = tmp_path / "cli"
    assert main(["--lang", "en", "--data-dir", str(folder), "setup"]) == 0
    assert "recovery key" in capsys.readouterr().err
    assert not access.AccessFile.read(folder).recovery_pending  # printed at the terminal
    other = tmp_path / "window"
    open_store(other).close(backup=False)  # set up, then stopped before the key was shown
    assert main(["--lang", "en", "--data-dir", str(other), "operator", "list"]) == 0
    assert "never confirmed" in capsys.readouterr().err
    assert main(["--lang", "en", "--data-dir", str(other), "recovery-key"]) == 0
    assert not access.AccessFile.read(other).recovery_pending
    assert main(["--lang", "en", "--data-dir", str(other), "operator", "list"]) == 0
    assert "never confirmed" not in capsys.readouterr().err
