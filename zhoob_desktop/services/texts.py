"""Texts people type, in Kazakh and in Russian: the okrug's book of translations.

Sittings are recorded in one language, the *typing language* of the okrug
(setting ``texts.typed_in``, Kazakh unless the apparatus works in Russian):
agenda titles, reporters and their positions, the place, organisations,
speech summaries, decisions, reasons. Their version in the other language is
kept here, keyed by the typed text itself, so it is entered once wherever the
text is typed (the preparation of a sitting, a script of a sitting recorded
on paper, the papers' own list of texts) and found again by every paper that
prints the text; a text edited later simply has no translation yet, and the
papers name it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select

from zhoob_desktop.models.documents import TextTranslation
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.store import Store

TYPED_IN_SETTING = "texts.typed_in"
TEXT_LANGUAGES = ("kk", "ru")


class UnknownTextLanguage(ZhoobError):
    template = N_("Texts are kept in Kazakh (kk) or Russian (ru), not in {lang}.")


def normalise(text: str) -> str:
    """The text as compared: spaces collapsed, ends trimmed (line breaks kept)."""
    return "\n".join(" ".join(line.split()) for line in text.strip().splitlines()).strip()


def text_key(text: str) -> str:
    """The index key of a typed text."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def typing_language(store: Store) -> str:
    """The language sittings are recorded in (``kk`` by default)."""
    value = store.get_setting(TYPED_IN_SETTING, "kk")
    return value if value in TEXT_LANGUAGES else "kk"


def set_typing_language(store: Store, lang: str) -> None:
    if lang not in TEXT_LANGUAGES:
        raise UnknownTextLanguage(lang=lang)
    store.set_setting(TYPED_IN_SETTING, lang)


@dataclass(frozen=True)
class Translation:
    """A typed text and its version in another language."""

    source: str
    lang: str
    text: str


def remember(store: Store, translations: Iterable[Translation | tuple[str, str, str]]) -> int:
    """Keep the versions of typed texts (``(source, lang, text)``); an empty text forgets one.

    The source is taken as typed in the okrug's typing language; a version in
    that same language is ignored. Returns how many were written.
    """
    typed = typing_language(store)
    wanted: dict[tuple[str, str], tuple[str, str]] = {}
    for item in translations:
        source, lang, text = (item.source, item.lang, item.text) if isinstance(item, Translation) else item
        if lang not in TEXT_LANGUAGES:
            raise UnknownTextLanguage(lang=lang)
        source = normalise(source or "")
        if not source or lang == typed:
            continue
        wanted[(text_key(source), lang)] = (source, normalise(text or ""))
    if not wanted:
        return 0
    now = datetime.now(UTC)
    with store.session() as s:
        keys = {key for key, _lang in wanted}
        existing = {
            (row.source_key, row.lang): row
            for row in s.scalars(select(TextTranslation).where(TextTranslation.source_key.in_(keys)))
        }
        for (key, lang), (source, text) in wanted.items():
            row = existing.get((key, lang))
            if not text:
                if row is not None:
                    s.delete(row)
                continue
            if row is None:
                s.add(TextTranslation(source_key=key, source=source, lang=lang, text=text, updated_at=now))
            elif row.text != text:
                row.text, row.updated_at = text, now
    return len(wanted)


def translations_of(store: Store, texts: Iterable[str], lang: str) -> dict[str, str]:
    """{typed text: its version in ``lang``} for those of ``texts`` that have one."""
    by_key = {text_key(t): t for t in texts if t and t.strip()}
    if not by_key:
        return {}
    out: dict[str, str] = {}
    keys = list(by_key)
    with store.session() as s:
        for start in range(0, len(keys), 500):
            rows = s.execute(
                select(TextTranslation.source_key, TextTranslation.text).where(
                    TextTranslation.source_key.in_(keys[start : start + 500]), TextTranslation.lang == lang
                )
            )
            for key, text in rows:
                out[by_key[key]] = text
    return out


@dataclass
class TextBook:
    """The typed texts of one paper with their versions, and what was asked for but is missing.

    ``pick(text, lang)`` gives the text to print in ``lang``: the text itself
    in the typing language, else its kept version; without one, the text as
    typed, and the text is noted in ``missing[lang]``.
    """

    typed_in: str = "kk"
    versions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # lang -> {text: version}
    missing: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Store, texts: Iterable[str], langs: Iterable[str] = TEXT_LANGUAGES) -> TextBook:
        typed = typing_language(store)
        wanted = [t for t in dict.fromkeys(texts) if t]
        versions = {lang: translations_of(store, wanted, lang) for lang in langs if lang != typed}
        return cls(typed, versions)

    def has(self, text: str, lang: str) -> bool:
        return lang == self.typed_in or not text.strip() or text in self.versions.get(lang, {})

    def pick(self, text: str, lang: str) -> str:
        if lang == self.typed_in or not text.strip():
            return text
        found = self.versions.get(lang, {}).get(text)
        if found is not None:
            return found
        noted = self.missing.setdefault(lang, [])
        if text not in noted:
            noted.append(text)
        return text

    def shown(self, text: str, lang: str) -> tuple[str, str | None]:
        """The text a screen in ``lang`` shows, and the language it stays in when it has no version there.

        Unlike ``pick``, nothing is noted: a screen names the language beside the text instead.
        """
        if lang == self.typed_in or not text.strip():
            return text, None
        found = self.versions.get(lang, {}).get(text)
        return (found, None) if found is not None else (text, self.typed_in)

    def missing_in(self, langs: Iterable[str]) -> tuple[str, ...]:
        """The texts without a version in any of ``langs``, in the order the paper met them."""
        out: dict[str, None] = {}
        for lang in langs:
            out.update(dict.fromkeys(self.missing.get(lang, ())))
        return tuple(out)
