"""`zhoob setup|operator|recover|recovery-key|audit|encrypt`: passphrases from a prompt or the
environment, never from an argument; roles refused with their reason."""

from __future__ import annotations

import re

import pytest

from tests.conftest import TEST_OPERATOR, TEST_PASSPHRASE
from zhoob_desktop.cli import build_parser, main
from zhoob_desktop.services.security import access


def run(capsys, *argv):
    code = main(["--lang", "en", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def _options(parser) -> set[str]:
    found = set()
    for action in parser._actions:  # argparse's own structure: the options each parser declares
        found.update(action.option_strings)
        choices = getattr(action, "choices", None)
        if isinstance(choices, dict):  # a sub-command's parsers
            for sub in choices.values():
                found |= _options(sub)
    return found


def test_no_command_takes_a_passphrase_as_an_argument():
    options = _options(build_parser())
    assert "--data-dir" in options and "--reason" in options  # the walk reaches the sub-commands
    assert not [o for o in options if re.search(r"pass|^--secret$|^--key$|recovery-key|^--pin$", o)]


def test_set_up_operators_roles_and_the_audit_from_the_command_line(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "d"
    code, _out, err = run(capsys, "--data-dir", folder, "setup")
    assert code == 0 and "recovery key" in err
    key = re.search(r"([A-Z2-7]{4}-){7}[A-Z2-7]{4}", err).group(0)
    assert run(capsys, "--data-dir", folder, "setup")[0] == 1  # already set up
    assert run(capsys, "--data-dir", folder, "demo")[0] == 0
    monkeypatch.setenv("ZHOOB_NEW_PASSPHRASE", "clerk passphrase")
    code, out, _ = run(
        capsys, "--data-dir", folder, "operator", "add", "clerk", "--role", "clerk", "--full-name", "Ержан"
    )
    assert code == 0 and "clerk" in out
    code, out, _ = run(capsys, "--data-dir", folder, "operator", "list")
    assert "clerk" in out and "Clerk" in out and TEST_OPERATOR in out
    monkeypatch.setenv("ZHOOB_OPERATOR", "clerk")
    monkeypatch.setenv("ZHOOB_PASSPHRASE", "clerk passphrase")
    code, _out, err = run(
        capsys, "--data-dir", folder, "residents", "export", tmp_path / "r.csv", "--reason", "x"
    )
    assert code == 1 and "may not export the register" in err and not (tmp_path / "r.csv").exists()
    code, _out, err = run(capsys, "--data-dir", folder, "audit")
    assert code == 1 and "may not read the audit" in err
    monkeypatch.setenv("ZHOOB_PASSPHRASE", "wrong passphrase")
    code, _out, err = run(capsys, "--data-dir", folder, "audit")
    assert code == 1 and "Wrong operator name or passphrase" in err
    # a lost passphrase: the recovery key, then a new passphrase
    monkeypatch.setenv("ZHOOB_RECOVERY_KEY", key.lower())
    monkeypatch.setenv("ZHOOB_NEW_PASSPHRASE", "new clerk passphrase")
    access.AccessFile.read(folder).record_success()  # the wait after the failure has passed
    assert run(capsys, "--data-dir", folder, "recover", "--operator", "clerk")[0] == 0
    monkeypatch.setenv("ZHOOB_PASSPHRASE", "new clerk passphrase")
    assert run(capsys, "--data-dir", folder, "operator", "list")[0] == 0
    monkeypatch.setenv("ZHOOB_OPERATOR", TEST_OPERATOR)
    monkeypatch.setenv("ZHOOB_PASSPHRASE", TEST_PASSPHRASE)
    code, out, _ = run(capsys, "--data-dir", folder, "audit", "summary")
    assert code == 0 and "journal event" in out and "log-in with the recovery key" in out
    code, out, _ = run(capsys, "--data-dir", folder, "audit", "--kind", "register.change", "--json")
    assert code == 0 and '"operator_id"' in out
    code, out, _ = run(capsys, "--data-dir", folder, "audit", "verify")
    assert code == 0 and "intact" in out
    code, out, _ = run(capsys, "--data-dir", folder, "recovery-key", "--out", tmp_path / "sheet.pdf")
    assert code == 0 and (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF")
    code, out, _ = run(capsys, "--data-dir", folder, "check")
    assert code == 0 and "audit of who did what: ok" in out


def test_the_passphrase_is_asked_at_the_terminal(tmp_path, capsys, monkeypatch):
    import getpass
    import sys

    folder = tmp_path / "d"
    assert run(capsys, "--data-dir", folder, "setup")[0] == 0
    monkeypatch.delenv("ZHOOB_PASSPHRASE")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    asked = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or TEST_PASSPHRASE)
    code, out, _ = run(capsys, "--data-dir", folder, "operator", "list")
    assert code == 0 and TEST_OPERATOR in out and asked == ["Passphrase: "]


def test_without_a_terminal_or_the_environment_nothing_opens(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "d"
    assert run(capsys, "--data-dir", folder, "setup")[0] == 0
    monkeypatch.delenv("ZHOOB_PASSPHRASE")
    code, _out, err = run(capsys, "--data-dir", folder, "check")
    assert code == 1 and "ZHOOB_PASSPHRASE" in err


def test_a_plain_folder_is_encrypted_by_the_command(tmp_path, capsys):
    from zhoob_desktop.services.store import open_store

    folder = tmp_path / "old"
    plain = open_store(folder, encryption=False)
    plain.set_setting("marker", 1)
    plain.close()
    code, _out, err = run(capsys, "--data-dir", folder, "check")
    assert code == 1 and "zhoob encrypt" in err
    code, out, err = run(capsys, "--data-dir", folder, "encrypt")
    assert code == 0 and "Encrypted:" in out and "solid-state" in out and "recovery key" in err
    assert run(capsys, "--data-dir", folder, "check")[0] == 0


@pytest.mark.parametrize("argv", [["setup"], ["operator", "list"], ["audit"]])
def test_help_of_the_commands(capsys, argv):
    with pytest.raises(SystemExit):
        main([*argv, "--help"])
    assert "usage" in capsys.readouterr().out


def test_the_pin_is_set_and_cleared_from_a_prompt_or_the_environment(tmp_path, capsys, monkeypatch):
    from zhoob_desktop.services.security import pin
    from zhoob_desktop.services.store import open_store

    folder = tmp_path / "d"
    assert run(capsys, "--data-dir", folder, "setup")[0] == 0
    code, _out, err = run(capsys, "--data-dir", folder, "operator", "pin", "set")
    assert code == 1 and "ZHOOB_NEW_PIN" in err  # no terminal, no variable: nothing set
    monkeypatch.setenv("ZHOOB_NEW_PIN", "5555")
    code, _out, err = run(capsys, "--data-dir", folder, "operator", "pin", "set")
    assert code == 1 and "5555" not in err and "digits in a row" in err
    monkeypatch.setenv("ZHOOB_NEW_PIN", "4821")
    code, out, _err = run(capsys, "--data-dir", folder, "operator", "pin", "set")
    assert code == 0 and "4821" not in out
    store = open_store(folder)
    try:
        assert pin.PinGate.for_session(store).check("4821")
    finally:
        store.close(backup=False)
    code, out, _err = run(capsys, "--data-dir", folder, "operator", "pin", "clear")
    assert code == 0 and TEST_OPERATOR in out
    code, out, _err = run(capsys, "--data-dir", folder, "operator", "pin", "clear")
    assert code == 0 and "has no PIN" in out


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["window locked", "the Lock now command", "with the PIN; locked: the Lock now command"]),
        ("ru", ["окно заблокировано", "по PIN-коду; причина блокировки: команда «Заблокировать сейчас»"]),
        ("kk", ["терезе бұғаттан шығарылды", "құпиясөзбен; бұғатталу себебі: 10 минут қолданылмағандықтан"]),
    ],
)
def test_zhoob_audit_says_why_a_window_was_locked_and_how_it_was_opened(store, capsys, lang, words):
    from zhoob_desktop.services.security import audit

    audit.record(store, "lock", detail={"reason": audit.LOCK_NOW})
    audit.record(store, "unlock", detail={"with": audit.UNLOCK_PIN, "reason": audit.LOCK_NOW})
    audit.record(store, "lock", detail={"reason": audit.LOCK_IDLE, "minutes": 10})
    audit.record(
        store, "unlock", detail={"with": audit.UNLOCK_PASSPHRASE, "reason": audit.LOCK_IDLE, "minutes": 10}
    )
    folder = store.data_dir
    store.close(backup=False)
    code, out, _err = run(capsys, "--lang", lang, "--data-dir", folder, "audit", "--kind", "lock")
    assert code == 0 and len(out.splitlines()) == 2  # "lock" entries only (not "unlock")
    code, out, _err = run(capsys, "--lang", lang, "--data-dir", folder, "audit")
    assert code == 0
    for said in words:
        assert said in out, (said, out)
    assert "after idle" not in out
