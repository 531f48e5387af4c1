"""Qt's own strings (dialog buttons, context menus) in the chosen language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

_installed: list[QTranslator] = []

# Qt ships a Kazakh qtbase catalog; where a catalog is missing the Russian one
# is the fallback a Kazakh-speaking secretary reads comfortably.
_FALLBACK = {"kk": ("kk", "ru"), "ru": ("ru",), "en": ("en",)}


def install_qt_translations(lang: str) -> str | None:
    """Replace Qt's translators for ``lang``; returns the catalog language used."""
    app = QCoreApplication.instance()
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    QLocale.setDefault(QLocale({"kk": "kk_KZ", "ru": "ru_RU", "en": "en_GB"}[lang]))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for candidate in _FALLBACK[lang]:
        tr = QTranslator()
        if tr.load(f"qtbase_{candidate}", folder):
            app.installTranslator(tr)
            _installed.append(tr)
            return candidate
    return None
