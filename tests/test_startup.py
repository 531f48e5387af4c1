"""What starting the program loads: `zhoob --help` and `--version` stay clear of the heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("sqlalchemy", "alembic", "reportlab", "PySide6", "holidays", "openpyxl", "cryptography", "qrcode")


def loaded_after(code: str) -> list[str]:
    probe = f"import json, sys\n{code}\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return json.loads(result.stdout.splitlines()[-1])


def test_building_the_command_line_parser_loads_no_heavy_library():
    assert loaded_after("from zhoob_desktop.cli import build_parser\nbuild_parser()") == []


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["meeting", "--help"], ["district", "--help"]])
def test_version_and_help_load_no_heavy_library(argv):
    code = f"from zhoob_desktop.cli import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass"
    assert loaded_after(code) == []


def test_one_module_of_a_package_does_not_load_the_package():
    assert loaded_after("import zhoob_desktop.services.meeting.rules") == []
    assert loaded_after("import zhoob_desktop.services.decisions.lifecycle") == []


def test_lazy_package_names_resolve_to_the_same_objects_in_any_order():
    code = (
        "import importlib\n"
        "fold_module = importlib.import_module('zhoob_desktop.services.meeting.fold')\n"
        "from zhoob_desktop.services import meeting\n"
        "from zhoob_desktop.services.decisions import deadlines\n"
        "deadlines_module = importlib.import_module('zhoob_desktop.services.decisions.deadlines')\n"
        "assert meeting.fold is fold_module.fold and callable(meeting.fold)\n"
        "assert deadlines is deadlines_module.deadlines and callable(deadlines)\n"
        "from zhoob_desktop.services import decisions\n"
        "assert decisions.deadlines is deadlines\n"
        "assert 'execute' in dir(meeting)\n"
    )
    loaded_after(code)  # raises CalledProcessError when an assertion fails


def test_an_unknown_name_of_a_lazy_package_is_an_attribute_error():
    from zhoob_desktop.services import meeting

    with pytest.raises(AttributeError, match="no_such_name"):
        meeting.no_such_name  # noqa: B018


def run_window_until_login(data_dir: Path, tmp_path: Path, **extra: str) -> tuple[int, dict]:
    """Start the window as a person does (no passphrase in the environment) until its first dialog."""
    import os

    note = tmp_path / "login.json"
    env = {k: v for k, v in os.environ.items() if k not in ("ZHOOB_PASSPHRASE", "ZHOOB_OPERATOR")}
    env |= {"QT_QPA_PLATFORM": "offscreen", "ZHOOB_LOGIN_PROBE": str(note), **extra}
    result = subprocess.run(
        [sys.executable, "-m", "zhoob_desktop.ui.app", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert note.exists(), result.stderr
    return result.returncode, json.loads(note.read_text(encoding="utf-8"))


def test_the_log_in_dialog_shows_before_sqlalchemy_and_the_models_load(data_dir, tmp_path):
    code, note = run_window_until_login(data_dir, tmp_path)
    assert note["heavy_loaded"] == []
    assert code == 1  # the probe cancelled the log-in: the program ended without opening the store


def test_a_new_folder_shows_its_set_up_dialog_before_sqlalchemy_and_the_models_load(tmp_path):
    code, note = run_window_until_login(tmp_path / "new", tmp_path)
    assert note["heavy_loaded"] == [] and code == 1
    assert not (tmp_path / "new" / "access.json").exists()  # cancelled: nothing set up


def test_the_passphrase_typed_into_the_dialog_opens_the_window_with_the_imports_done_meanwhile(
    data_dir, tmp_path
):
    from tests.conftest import TEST_PASSPHRASE
    from zhoob_desktop.services.okrug import save_okrug
    from zhoob_desktop.services.store import open_store

    store = open_store(data_dir)
    save_okrug(store, "Қарағайлы ауылдық округі")  # not a first run: the main window comes next
    store.close(backup=False)
    window = tmp_path / "window.json"
    code, note = run_window_until_login(
        data_dir,
        tmp_path,
        ZHOOB_LOGIN_PROBE_TYPE=TEST_PASSPHRASE,
        ZHOOB_LOGIN_PROBE_KEY_MS="20",
        ZHOOB_STARTUP_PROBE=str(window),
    )
    shown = json.loads(window.read_text(encoding="utf-8"))
    assert code == 0
    assert note["painted"]["wall"] < note["submitted"]["wall"] < shown["wall"]
    assert len(note["key_late_ms"]) == len(TEST_PASSPHRASE)
    # the imports began after the dialog painted; the key was derived after the passphrase was given
    assert note["painted"]["wall"] <= shown["imports"]["start"] <= shown["imports"]["end"]
    assert note["submitted"]["wall"] < shown["unlock"]["end"] < shown["wall"]
    # nothing of the window's was left for its own thread to import (ui/startup.py WINDOW_MODULES)
    assert shown["imported_after_preload"] == []
