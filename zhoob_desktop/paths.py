"""Where the program's own files (fonts, catalogs, migrations) live, source tree or frozen."""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    """The folder holding `resources/` and `translations/`.

    In a PyInstaller build it is the bundle folder (`sys._MEIPASS`); from a
    source checkout (editable install) it is the checkout itself.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return PACKAGE_DIR.parent


def resources_dir() -> Path:
    return project_root() / "resources"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def translations_dir() -> Path:
    return project_root() / "translations"


def migrations_dir() -> Path:
    return PACKAGE_DIR / "models" / "migrations"
