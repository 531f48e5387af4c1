"""Translations (gettext, explicit imports) and locale formatting (Babel).

Usage everywhere: ``from zhoob_desktop.services.i18n import _``. Nothing is
installed into builtins. Kazakh is the default language.

Catalogs live in ``translations/<lang>/LC_MESSAGES/<domain>.po``; one domain
per area of the code (see ``tools/i18n.py``). All domains of a language are
chained into one lookup. Compiled ``.mo`` files are used when they are at
least as new as their ``.po``; otherwise the ``.po`` is compiled in memory, so
a source checkout works even before ``tools/i18n.py compile`` has run.
"""

from __future__ import annotations

import gettext
import io
import re
import threading
from collections.abc import Callable
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path

from babel import Locale, dates, numbers

from zhoob_desktop.paths import translations_dir

LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "kk"
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
DOMAINS: tuple[str, ...] = (
    "zhoob",
    "register",
    "meeting",
    "documents",
    "sync",
    "live",
    "monitoring",
    "decisions",
    "security",
)

_PLACEHOLDER = re.compile(r"(?<!\{)\{([a-zA-Z_][a-zA-Z0-9_]*)(?:[:!][^}]*)?\}")


def placeholders(text: str) -> set[str]:
    """Named ``{placeholders}`` used in a message."""
    return set(_PLACEHOLDER.findall(text))


# Texts that come with data rather than with the code (an act cited by the rules, added in the
# settings with its title in each language): message id -> text, per language.
_data_messages: dict[str, dict[str, str]] = {}


def add_data_messages(lang: str, messages: dict[str, str]) -> None:
    """Translations that came with data: used where the catalogs of ``lang`` have none."""
    if lang in LANGUAGES:
        _data_messages.setdefault(lang, {}).update(messages)


class _SafeTranslations(gettext.NullTranslations):
    """Falls back to the source string when a translation breaks its placeholders."""

    def __init__(self, inner: gettext.NullTranslations, lang: str = ""):
        super().__init__()
        self._inner = inner
        self._lang = lang

    @staticmethod
    def _check(source: str, translated: str) -> str:
        if translated is source or placeholders(translated) == placeholders(source):
            return translated
        return source

    def gettext(self, message: str) -> str:
        translated = self._inner.gettext(message)
        if translated == message:
            translated = _data_messages.get(self._lang, {}).get(message, translated)
        return self._check(message, translated)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        source = msgid1 if n == 1 else msgid2
        return self._check(source, self._inner.ngettext(msgid1, msgid2, n))

    def pgettext(self, context: str, message: str) -> str:
        return self._check(message, self._inner.pgettext(context, message))

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        source = msgid1 if n == 1 else msgid2
        return self._check(source, self._inner.npgettext(context, msgid1, msgid2, n))


def _load_domain(lang: str, domain: str) -> gettext.NullTranslations | None:
    folder = translations_dir() / lang / "LC_MESSAGES"
    po, mo = folder / f"{domain}.po", folder / f"{domain}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.exists():
        return gettext.GNUTranslations(io.BytesIO(compile_po(po)))
    return None


def compile_po(po_path: Path) -> bytes:
    """Compile one ``.po`` file to ``.mo`` bytes (fuzzy entries skipped)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


@lru_cache(maxsize=8)
def translations_for(lang: str) -> gettext.NullTranslations:
    """All domains of one language chained into a single lookup."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang}")
    chain: gettext.NullTranslations | None = None
    for domain in DOMAINS:
        loaded = _load_domain(lang, domain)
        if loaded is None:
            continue
        if chain is None:
            chain = loaded
        else:
            chain.add_fallback(loaded)
    return _SafeTranslations(chain or gettext.NullTranslations(), lang)


_lock = threading.Lock()
_language = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def set_language(lang: str) -> None:
    """Switch the language of every later ``_()`` call and tell the listeners."""
    global _language
    translations_for(lang)  # validate and load before switching
    with _lock:
        _language = lang
    for listener in list(_listeners):
        listener(lang)


def get_language() -> str:
    return _language


def on_language_changed(listener: Callable[[str], None]) -> None:
    """Register a callable run after every language switch (the UI retranslates)."""
    _listeners.append(listener)


def _(message: str) -> str:
    """Translate a message into the current language."""
    return translations_for(_language).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations_for(_language).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate a short ambiguous word with a disambiguating context."""
    return translations_for(_language).pgettext(context, message)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it now."""
    return message


class Translator:
    """Translations and formatting fixed to one language, independent of the UI.

    Documents (a protocol printed in Russian while the UI is in Kazakh) use this.
    """

    def __init__(self, lang: str):
        self.lang = lang
        self._t = translations_for(lang)

    def _(self, message: str) -> str:
        return self._t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._t.pgettext(context, message)

    def date(self, value: date, format: str = "long") -> str:
        return format_date(value, format, lang=self.lang)

    def datetime(self, value: datetime, format: str = "medium") -> str:
        return format_datetime(value, format, lang=self.lang)

    def time(self, value: time | datetime, format: str = "short") -> str:
        return format_time(value, format, lang=self.lang)

    def number(self, value: int | float) -> str:
        return format_number(value, lang=self.lang)


def babel_locale(lang: str | None = None) -> Locale:
    return Locale.parse({"kk": "kk_KZ", "ru": "ru_RU", "en": "en_GB"}[lang or _language])


# The Kazakh short date of the locale data has a two-digit year (05.03.26); every date is written
# with four, as Russian's short date already is.
_SHORT_DATE = {"kk": "dd.MM.yyyy"}


def format_date(value: date, format: str = "long", lang: str | None = None) -> str:
    """A date in the chosen locale, e.g. ``2026 ж. 25 қараша``; ``short`` always has a four-digit year."""
    if format == "short":
        format = _SHORT_DATE.get(lang or _language, format)
    return dates.format_date(value, format=format, locale=babel_locale(lang))


def format_datetime(value: datetime, format: str = "medium", lang: str | None = None) -> str:
    return dates.format_datetime(value, format=format, locale=babel_locale(lang))


def format_time(value: time | datetime, format: str = "short", lang: str | None = None) -> str:
    return dates.format_time(value, format=format, locale=babel_locale(lang))


def format_number(value: int | float, lang: str | None = None) -> str:
    return numbers.format_decimal(value, locale=babel_locale(lang))


def format_fixed(value, places: int = 2, lang: str | None = None) -> str:
    """A number with exactly ``places`` decimals in the language's format (4,60 in kk and ru)."""
    return numbers.format_decimal(float(value), format="0." + "0" * places, locale=babel_locale(lang))
