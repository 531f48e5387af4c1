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
