"""Qt's own strings (dialog buttons, context menus) in the chosen language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from zhoob_desktop.paths import qt_translations_dir

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
    for candidate in _FALLBACK[lang]:
        for folder in qt_translation_folders():
            tr = QTranslator()
            if tr.load(f"qtbase_{candidate}", folder):
                app.installTranslator(tr)
                _installed.append(tr)
                return candidate
    return None


def qt_translation_folders() -> list[str]:
    """Where to look for ``qtbase_<lang>.qm``: the frozen build's own folder first, then Qt's."""
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    bundled = qt_translations_dir()
    if bundled is not None:
        folders.insert(0, str(bundled))
    return folders
