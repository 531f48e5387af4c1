"""Texts of a document in one language or two: messages rendered per language.

A paper is built once from ``Msg`` objects; each language mode renders them
through its own ``Translator`` (independent of the UI language), so a
bilingual protocol prints the Kazakh and the Russian text side by side from
the same build. Parameters are formatted in each language: numbers by Babel,
dates as official papers write them ("2026 жылғы 2 қараша", "2 ноября 2026
года"), and nested messages are translated too. ``Data`` is a text a person
typed (a decision, a place): it prints in each language from the okrug's
book of translations (``services.texts``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, Translator
from zhoob_desktop.services.paper_dates import attributive_date, locative_date, paper_date

if TYPE_CHECKING:
    from zhoob_desktop.services.texts import TextBook

# The language modes of a paper: Kazakh, Russian, or both in two columns.
LANG_MODES: tuple[str, ...] = ("kk", "ru", "kk+ru")


class UnknownDocumentLanguage(ZhoobError):
    template = N_("The document language {lang} is not known; use kk, ru or kk+ru.")


def languages(mode: str) -> tuple[str, ...]:
    """The languages printed in a mode: ``"kk+ru"`` gives ``("kk", "ru")``."""
    if mode not in LANG_MODES:
        raise UnknownDocumentLanguage(lang=mode)
    return tuple(mode.split("+"))


def clock_time(value: time | datetime | None) -> str:
    """A time of the day as the papers print it: 10:05."""
    return "" if value is None else f"{value.hour:02d}:{value.minute:02d}"


def render_value(value: Any, tr: Translator) -> str:
    """One parameter in a language: messages translated, numbers and dates localised."""
    if isinstance(value, Msg | Localized | Data | DateOf | DateOn):
        return value.render(tr)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return tr.number(value)
    if isinstance(value, datetime):
        return f"{paper_date(value.date(), tr.lang)}, {clock_time(value)}"
    if isinstance(value, date):
        return paper_date(value, tr.lang)
    if isinstance(value, time):
        return clock_time(value)
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Msg:
    """A translatable sentence with named parameters, rendered later in any language.

    With ``plural`` the sentence has plural forms chosen by the count ``n``
    in each language (Russian has three: 1 день, 3 дня, 5 дней).
    """

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)
    plural: str | None = None
    n: int = 0

    def render(self, tr: Translator) -> str:
        text = tr._(self.msgid) if self.plural is None else tr.ngettext(self.msgid, self.plural, self.n)
        if not self.params:
            return text
        return text.format(**{k: render_value(v, tr) for k, v in self.params.items()})


@dataclass(frozen=True)
class Localized:
    """Any text computed per language (e.g. a name kept in Kazakh and in Russian)."""

    fn: Callable[[Translator], str]

    def render(self, tr: Translator) -> str:
        return self.fn(tr)


@dataclass(frozen=True)
class Data:
    """A text a person typed: printed in each language from the book of translations."""

    text: str
    book: TextBook | None = None
    # Inside a sentence that ends with its own full stop, the typed one is left out.
    stop: bool = True

    def render(self, tr: Translator) -> str:
        out = self.book.pick(self.text, tr.lang) if self.book is not None else self.text
        return out if self.stop else out.rstrip().rstrip(".")


@dataclass(frozen=True)
class DateOf:
    """A date in the form that qualifies a paper ("2026 жылғы 2 қарашадағы № 1 хаттама")."""

    value: date

    def render(self, tr: Translator) -> str:
        return attributive_date(self.value, tr.lang)


@dataclass(frozen=True)
class DateOn:
    """The day something was done ("2026 жылғы 2 қарашада қарады" / "рассмотрел 2 ноября 2026 года")."""

    value: date

    def render(self, tr: Translator) -> str:
        return locative_date(self.value, tr.lang)


def M(msgid: str, **params: Any) -> Msg:  # noqa: N802 - short builder name used throughout the papers
    """Shorthand: ``M(N_("{n} members"), n=3)``."""
    return Msg(msgid, params)


def MN(singular: str, plural: str, count: int, /, **params: Any) -> Msg:  # noqa: N802 - as M, with plural forms
    """A sentence with a count: ``MN("{days} day", "{days} days", days, days=days)``.

    The first two arguments are extracted as a plural message (``tools/i18n.py``
    KEYWORDS); ``count`` chooses the form in each language and is usually
    also one of the parameters (any name, ``n`` included).
    """
    return Msg(singular, params, plural, count)


def per_lang(values: dict[str, str]) -> Localized:
    """A text kept per language, Kazakh when a language has no entry."""
    return Localized(lambda tr: values.get(tr.lang) or values.get("kk", ""))


def joined_texts(parts: list[Any], sep: str = ", ") -> Localized:
    """Several texts joined in each language (a list of names, of positions)."""
    return Localized(lambda tr: sep.join(p for p in (render(x, tr) for x in parts) if p))


Text = str | Msg | Localized | Data | DateOf | DateOn | int | date | time


def render(text: Text, tr: Translator) -> str:
    """A text in one language; plain strings (names) print as they are."""
    return text if isinstance(text, str) else render_value(text, tr)


class LanguagePaper:
    """What every way of writing a paper shares: its languages, and typed texts from the book.

    ``PaperBuilder`` (the PDF) and ``DocxBuilder`` (the Word draft) write the
    same papers through the same primitives on top of this.
    """

    def __init__(self, mode: str, book: TextBook | None = None):
        from zhoob_desktop.services.texts import TextBook

        self.mode = mode
        self.langs = languages(mode)
        self.translators = [Translator(lang) for lang in self.langs]
        self.bilingual = len(self.langs) > 1
        self.book = book if book is not None else TextBook()

    def data(self, text: str, *, stop: bool = True) -> Data:
        """A text a person typed, printed in each language from the okrug's translations.

        ``stop=False`` drops its final full stop where the sentence around it ends with one.
        """
        return Data(text, self.book, stop)

    def texts(self, text: Text) -> list[str]:
        """The text in each language of the mode."""
        return [render(text, tr) for tr in self.translators]

    def joined(self, text: Text) -> str:
        """The text in each language, joined by " / " when they differ (short labels, table cells)."""
        out: list[str] = []
        for item in self.texts(text):
            if item not in out:
                out.append(item)
        return " / ".join(out)

    def joined_lines(self, text: Text) -> str:
        """As ``joined``, each language's text starting with a capital (a role at the start of a line)."""
        out: list[str] = []
        for item in self.texts(text):
            item = item[:1].upper() + item[1:]
            if item not in out:
                out.append(item)
        return " / ".join(out)

    def missing(self) -> tuple[str, ...]:
        """The typed texts this paper printed without a translation into one of its languages."""
        return self.book.missing_in(self.langs)
