"""Texts people typed, as a screen in the program's language shows them.

A sitting is recorded in the okrug's typing language (Kazakh unless set
otherwise); the other language's version is kept in the book of translations
(``services/texts.py``). A screen in that other language shows the version
when one was entered, else the text as typed with its language named before
it, so a Russian-speaking clerk sees at once that a Kazakh text is not a
missing translation of the program. (English screens show the texts as
typed, unmarked: the book keeps no English versions to enter.)
"""

from __future__ import annotations

from collections.abc import Iterable

from zhoob_desktop.services import i18n
from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.texts import TEXT_LANGUAGES, TextBook

# The mark before a text shown in the language it was typed in (translator: keep it short).
MARKS = {"kk": N_("(in Kazakh) {text}"), "ru": N_("(in Russian) {text}")}


class ShownTexts:
    """Call it with a typed text: the text for the screen's language (read by ``load`` first)."""

    def __init__(self, store: Store):
        self.store = store
        self.lang = i18n.get_language()
        self.book = TextBook()

    def load(self, texts: Iterable[str]) -> None:
        """Read the versions of ``texts`` in the program's current language."""
        self.lang = i18n.get_language()
        if self.lang in TEXT_LANGUAGES:
            self.book = TextBook.load(self.store, [t for t in texts if t], [self.lang])
        else:
            self.book = TextBook()

    def marked(self, text: str) -> bool:
        """Whether ``text`` is shown in the language it was typed in, not the screen's."""
        return self.lang in TEXT_LANGUAGES and self.book.shown(text or "", self.lang)[1] is not None

    def __call__(self, text: str | None) -> str:
        if self.lang not in TEXT_LANGUAGES:
            return text or ""
        shown, typed_in = self.book.shown(text or "", self.lang)
        return _(MARKS[typed_in]).format(text=shown) if typed_in in MARKS else shown
