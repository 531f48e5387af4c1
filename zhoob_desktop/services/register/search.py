"""Folding of names for search: case, Kazakh letters and their Russian look-alikes.

The folded form is stored in indexed columns so that typing "Касымов" finds
"Қасымов" with a range query on the index instead of a LIKE scan.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Kazakh letters fold onto the Russian letter people type on a Russian keyboard.
_KAZAKH = str.maketrans(
    {
        "қ": "к",
        "ғ": "г",
        "ө": "о",
        "ү": "у",
        "ұ": "у",
        "і": "и",
        "ң": "н",
        "ә": "а",
        "һ": "х",
        "ё": "е",
    }
)
# Latin letters that look like Cyrillic ones, seen in typed lists ("Aбай" with a Latin A).
_LATIN_LOOKALIKES = str.maketrans(
    {
        "a": "а",
        "e": "е",
        "o": "о",
        "p": "р",
        "c": "с",
        "x": "х",
        "y": "у",
        "k": "к",
        "i": "и",
        "h": "н",
        "m": "м",
        "t": "т",
        "b": "в",
    }
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z]")
_SPACES = re.compile(r"\s+")
_UPPER_BOUND = "\uffff"


def fold(text: str) -> str:
    """The search key of a text: lower case, look-alikes merged, spaces collapsed.

    Words that contain Cyrillic letters also have Latin look-alikes mapped to
    Cyrillic; words written wholly in Latin are kept (lower-cased).
    """
    lowered = text.casefold()
    if not _LATIN.search(lowered):  # the usual case: no Latin letter, nothing to look at word by word
        return " ".join(lowered.translate(_KAZAKH).split())
    words = []
    for word in _SPACES.split(lowered.strip()):
        if not word:
            continue
        if _CYRILLIC.search(word):
            word = word.translate(_LATIN_LOOKALIKES)
        words.append(word.translate(_KAZAKH))
    return " ".join(words)


fold_cached = lru_cache(maxsize=65536)(fold)  # ``fold`` of a name part, remembered


def fold_parts(*parts: str) -> str:
    """``fold(" ".join(parts))``, each part folded once and remembered.

    Folding works word by word, so a full name folds as its parts do; a list
    of 50,000 residents has a few thousand different surnames, given names and
    patronymics, and folding each full name anew was a tenth of an import.
    """
    return " ".join(f for f in map(fold_cached, parts) if f)


@lru_cache(maxsize=16384)  # imports look up the same few village and street names again and again
def name_key(text: str) -> str:
    """The key that decides whether two settlement/street names are the same.

    Like ``fold`` but also ignores dots, commas and quotes, so "Абай көшесі."
    and "абай  көшесі" match while "ул. Абая" stays a different street.
    """
    return fold(re.sub(r"[.,;:\"'«»“”]", " ", text))


def prefix_bounds(prefix: str) -> tuple[str, str]:
    """(lower, upper) for ``key >= lower AND key < upper``: every key starting with prefix."""
    return prefix, prefix + _UPPER_BOUND


_NUMBER = re.compile(r"\d+")


def natural(text: str) -> str:
    """A key that sorts numbers by value: "2" before "10", "12а" after "12"."""
    return _NUMBER.sub(lambda m: m.group().zfill(6), name_key(text).replace(" ", ""))


@lru_cache(maxsize=65536)  # a household shares one address
def address_key(settlement: str | None, street: str | None, house: str | None, apartment: str = "") -> str:
    """The sort key of an address: settlement, street, house and apartment, numbers by value."""
    if not settlement:
        return ""
    return "\x1f".join(
        (name_key(settlement), name_key(street or ""), natural(house or ""), natural(apartment or ""))
    )


def resident_keys(surname: str, given_name: str, patronymic: str) -> tuple[str, str]:
    """(search_key, given_key) stored on a resident."""
    return fold(f"{surname} {given_name} {patronymic}"), fold(f"{given_name} {patronymic}")
