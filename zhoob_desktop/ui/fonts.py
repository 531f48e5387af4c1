"""Load the bundled fonts so every Kazakh letter renders without system fonts."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from zhoob_desktop.paths import fonts_dir

UI_FAMILY = "DejaVu Sans"


def load_bundled_fonts() -> list[str]:
    families: list[str] = []
    for path in sorted(fonts_dir().glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(families))


def ui_font(point_size: int = 10) -> QFont:
    font = QFont(UI_FAMILY, point_size)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font
