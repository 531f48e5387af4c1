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
    """Alembic's script folder; Alembic needs the real ``.py`` files, so the build ships them as data."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "zhoob_desktop" / "models" / "migrations"
    return PACKAGE_DIR / "models" / "migrations"


def qt_translations_dir() -> Path | None:
    """Qt's own catalogs (``qtbase_kk.qm`` ...) shipped with a frozen build; None from source."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "qt_translations"
    return None
