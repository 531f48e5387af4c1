"""The chosen language is kept beside the encrypted store, so the log-in dialog speaks it."""

from __future__ import annotations

import stat
import subprocess
import sys

from zhoob_desktop.services import i18n
from zhoob_desktop.services.datadir import LANGUAGE_FILE, remember_language, remembered_language
from zhoob_desktop.services.i18n import LANGUAGES
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.qt_i18n import install_qt_translations
from zhoob_desktop.ui.settings_page import apply_language


def test_the_language_chosen_in_settings_is_remembered_outside_the_store(qtbot, store):
    assert remembered_language(store.data_dir, LANGUAGES) is None
    try:
        apply_language(store, Bus(), "ru")
    finally:
        i18n.set_language("en")
        install_qt_translations("en")
    path = store.data_dir / LANGUAGE_FILE
    assert path.read_text(encoding="ascii") == "ru"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert remembered_language(store.data_dir, LANGUAGES) == "ru"


def test_a_damaged_or_unknown_language_file_is_ignored(tmp_path):
    (tmp_path / LANGUAGE_FILE).write_bytes(b"\xff\xfe")
    assert remembered_language(tmp_path, LANGUAGES) is None
    (tmp_path / LANGUAGE_FILE).write_text("fr", encoding="ascii")
    assert remembered_language(tmp_path, LANGUAGES) is None
    remember_language(tmp_path, "kk")
    assert remembered_language(tmp_path, LANGUAGES) == "kk"


LOGIN_LANGUAGE = r"""
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from zhoob_desktop.services import i18n
from zhoob_desktop.ui import app

def report():
    print(i18n.get_language(), flush=True)
    QApplication.instance().exit(1)  # the dialog is open: the language is chosen; leave

os.environ.pop("ZHOOB_LANG", None)
os.environ.pop("ZHOOB_OPERATOR", None)
os.environ.pop("ZHOOB_PASSPHRASE", None)
QTimer.singleShot(0, report)
app.main(["--data-dir", sys.argv[1]])
"""


def test_the_log_in_dialog_speaks_the_remembered_language(tmp_path):
    """Before the store can be read, the start picks the remembered language (not the default)."""
    remember_language(tmp_path, "ru")
    done = subprocess.run(
        [sys.executable, "-c", LOGIN_LANGUAGE, str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.split()[:1] == ["ru"], done.stderr[-2000:]
