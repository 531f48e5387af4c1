"""The acts the rules cite, as data: each with its title and the date it took effect.

A citation names an act that a later act may replace: the Model Rules of
separate gatherings were approved by Government Decree No. 1106 of
18 October 2013 (the handbook cites it); maslikhat decisions published since
2023 cite the Order of the Minister of National Economy No. 122 of
23 June 2023. The act in force for a sitting is the latest one of its
subject that took effect on or before the sitting's date; it is frozen into
the sitting's OPEN event, so a journal keeps the citation it was held under.

The built-in table below is the starting point; the setting
``meeting.sources`` (a list of entries of the same shape, texts per
language) adds an act or replaces one with the same ``code`` without a new
version of the program::

    [{"code": "order_45", "subject": "separate_gatherings", "effective": "2026-03-01",
      "short": {"kk": "...", "ru": "...", "en": "Order No. 45"},
      "title": {"kk": "...", "ru": "...", "en": "Order No. 45 of 1 March 2026 ..."}}]

The English text is the message id; the other languages are registered as
data messages (``i18n.add_data_messages``), so every place that translates
a citation translates these too. ``zhoob meeting rules`` shows the table and
the act in force.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zhoob_desktop.services.i18n import LANGUAGES, N_, add_data_messages

SETTING = "meeting.sources"

LAW = "law"
REGULATION = "regulation"
SEPARATE_GATHERINGS = "separate_gatherings"

SUBJECTS: dict[str, str] = {
    LAW: N_("the Law on local state administration and self-government"),
    REGULATION: N_("the Model Regulation of the meeting of the local community"),
    SEPARATE_GATHERINGS: N_("the Model Rules of separate gatherings of the local community"),
}


@dataclass(frozen=True)
class Source:
    """One act: what it regulates (``subject``), how it is cited, its full title, when it took effect.

    ``short`` and ``title`` are message ids (English); texts that came with
    the data in other languages are registered as data messages.
    """

    code: str
    subject: str
    short: str
    title: str
    effective: date
    # Texts per language that came with the data ({"short": {lang: text}, "title": {...}}); the
    # built-in acts have theirs in the catalogs.
    texts: Mapping[str, Mapping[str, str]] | None = field(default=None, compare=False)

    def as_json(self) -> dict[str, Any]:
        """The act as data (texts per language kept, so a journal carries them to the district)."""
        texts = self.texts or {}
        return {
            "code": self.code,
            "subject": self.subject,
            "short": dict(texts["short"]) if texts.get("short") else self.short,
            "title": dict(texts["title"]) if texts.get("title") else self.title,
            "effective": self.effective.isoformat(),
        }


BUILT_IN: tuple[Source, ...] = (
    Source(
        "law_148",
        LAW,
        N_("Law No. 148-II"),
        N_(
            'Law of the Republic of Kazakhstan No. 148-II of 23 January 2001 "On local state '
            'administration and self-government in the Republic of Kazakhstan"'
        ),
        date(2001, 1, 23),
    ),
    Source(
        "order_295",
        REGULATION,
        N_("Order No. 295"),
        N_(
            "Model Regulation of the meeting of the local community, approved by Order of the Minister "
            "of National Economy No. 295 of 7 August 2017"
        ),
        date(2017, 8, 7),
    ),
    Source(
        "decree_1106",
        SEPARATE_GATHERINGS,
        N_("Decree No. 1106"),
        N_(
            "Model Rules of holding separate gatherings of the local community, approved by Government "
            "Decree No. 1106 of 18 October 2013"
        ),
        date(2013, 10, 18),
    ),
    Source(
        "order_122",
        SEPARATE_GATHERINGS,
        N_("Order No. 122"),
        N_(
            "Model Rules of holding separate gatherings of the local community, approved by Order of the "
            "Minister of National Economy No. 122 of 23 June 2023"
        ),
        date(2023, 6, 23),
    ),
)


class SourceDataError(ValueError):
    """An entry of the ``meeting.sources`` setting that cannot be read (the entry is named)."""


def _text(entry: Mapping[str, Any], name: str) -> tuple[str, dict[str, str]]:
    value = entry.get(name)
    if isinstance(value, str) and value.strip():
        return value.strip(), {}
    if isinstance(value, Mapping) and isinstance(value.get("en"), str) and value["en"].strip():
        texts = {lang: str(v).strip() for lang, v in value.items() if lang in LANGUAGES and str(v).strip()}
        return texts["en"], texts
    raise SourceDataError(f"{entry.get('code', '?')}: {name}")


def short_of(act: Mapping[str, Any] | str) -> str:
    """The short citation (message id) of an act given as JSON (``Source.as_json``) or as text."""
    if isinstance(act, Mapping):
        short = act.get("short")
        return str(short.get("en", "")) if isinstance(short, Mapping) else str(short or "")
    return str(act)


def source_from_json(entry: Mapping[str, Any], *, register: bool = True) -> Source:
    """One entry (a setting, or the OPEN event of a sitting) as a ``Source``.

    Texts given per language become data messages of those languages.
    """
    if not isinstance(entry, Mapping) or not entry.get("code") or entry.get("subject") not in SUBJECTS:
        raise SourceDataError(str(entry.get("code", "?") if isinstance(entry, Mapping) else entry))
    short, short_texts = _text(entry, "short")
    title, title_texts = _text(entry, "title")
    try:
        effective = date.fromisoformat(str(entry["effective"]))
    except (KeyError, ValueError):
        raise SourceDataError(f"{entry['code']}: effective") from None
    if register:
        for lang in LANGUAGES:
            messages = {}
            if lang in short_texts:
                messages[short] = short_texts[lang]
            if lang in title_texts:
                messages[title] = title_texts[lang]
            if messages and lang != "en":
                add_data_messages(lang, messages)
    texts = {k: v for k, v in (("short", short_texts), ("title", title_texts)) if v}
    return Source(str(entry["code"]), entry["subject"], short, title, effective, texts or None)


def table(settings_value: Iterable[Mapping[str, Any]] | None = None) -> tuple[Source, ...]:
    """The built-in acts with the setting's entries added (an entry with a known code replaces it)."""
    by_code = {s.code: s for s in BUILT_IN}
    for entry in settings_value or ():
        src = source_from_json(entry)
        by_code[src.code] = src
    return tuple(sorted(by_code.values(), key=lambda s: (s.subject, s.effective, s.code)))


def in_force(sources: Iterable[Source], subject: str, on: date) -> Source:
    """The act of a subject in force on a day: the latest that took effect by then (else the earliest)."""
    of_subject = sorted((s for s in sources if s.subject == subject), key=lambda s: s.effective)
    if not of_subject:
        raise KeyError(subject)
    current = [s for s in of_subject if s.effective <= on]
    return current[-1] if current else of_subject[0]


def in_force_all(sources: Iterable[Source], on: date) -> dict[str, Source]:
    """The act in force of every subject on a day."""
    sources = tuple(sources)
    return {subject: in_force(sources, subject, on) for subject in {s.subject for s in sources}}
