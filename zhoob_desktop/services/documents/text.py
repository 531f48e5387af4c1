"""Texts of a document in one language or two: messages rendered per language.

A paper is built once from ``Msg`` objects; each language mode renders them
through its own ``Translator`` (independent of the UI language), so a
bilingual protocol prints the Kazakh and the Russian text side by side from
the same build. Parameters are formatted by Babel in each language: numbers,
dates and times, and nested messages are translated too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, Translator

# The language modes of a paper: Kazakh, Russian, or both in two columns.
LANG_MODES: tuple[str, ...] = ("kk", "ru", "kk+ru")


class UnknownDocumentLanguage(ZhoobError):
    template = N_("The document language {lang} is not known; use kk, ru or kk+ru.")


def languages(mode: str) -> tuple[str, ...]:
    """The languages printed in a mode: ``"kk+ru"`` gives ``("kk", "ru")``."""
    if mode not in LANG_MODES:
        raise UnknownDocumentLanguage(lang=mode)
    return tuple(mode.split("+"))


def render_value(value: Any, tr: Translator) -> str:
    """One parameter in a language: messages translated, numbers and dates localised."""
    if isinstance(value, Msg | Localized):
        return value.render(tr)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return tr.number(value)
    if isinstance(value, datetime):
        return f"{tr.date(value.date())}, {tr.time(value)}"
    if isinstance(value, date):
        return tr.date(value)
    if isinstance(value, time):
        return tr.time(value)
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


Text = str | Msg | Localized | int | date | time


def render(text: Text, tr: Translator) -> str:
    """A text in one language; plain strings are data (names, decisions) and stay as they are."""
    return text if isinstance(text, str) else render_value(text, tr)
