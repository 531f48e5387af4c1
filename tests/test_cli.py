"""The `zhoob` command line."""

from __future__ import annotations

import subprocess
import sys

from zhoob_desktop import __version__
from zhoob_desktop.cli import main
from zhoob_desktop.services.datadir import DB_NAME


def zhoob(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhoob_desktop.cli", *args], capture_output=True, text=True)


def test_version():
    result = zhoob("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_check_sound_and_damaged(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "check"]) == 0
    assert "ok" in capsys.readouterr().out
    db = tmp_path / DB_NAME
    raw = bytearray(db.read_bytes())
    raw[100:3000] = b"\x00\x13" * 1450
    db.write_bytes(bytes(raw))
    assert main(["--data-dir", str(tmp_path), "--lang", "ru", "check"]) == 3
    err = capsys.readouterr().err
    assert "повреждена" in err


def test_backup_list_and_restore(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "backup", "create"]) == 0
    assert main(["--data-dir", str(tmp_path), "backup", "list"]) == 0
    assert "manual" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path), "backup", "restore"]) == 0


def test_unwritable_data_dir_message_in_kazakh(tmp_path):
    blocker = tmp_path / "f"
    blocker.write_text("")
    result = zhoob("--data-dir", str(blocker / "x"), "--lang", "kk", "check")
    assert result.returncode == 1
    assert "жазу" in result.stderr.lower()
