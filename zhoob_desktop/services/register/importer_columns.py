"""Finding the header row of a list and proposing which column holds which field.

Headers are recognised in Kazakh, Russian and English, also when title rows
sit above them. The mapping is remembered per header signature, so the same
akimat's next list imports without questions.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any

from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.register.search import fold
from zhoob_desktop.services.store import Store

MAPPINGS_KEY = "register.import_mappings"
HEADER_SCAN_ROWS = 30

# Field -> (msgid of its name shown in the mapping step, header words that mean it).
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "full_name": (
        N_("Full name"),
        (
            "тегі аты әкесінің аты",
            "тегі аты әкесінің аты болса",
            "т а ә",
            "таә",
            "аты жөні",
            "толық аты жөні",
            "фио",
            "ф и о",
            "фамилия имя отчество",
            "фамилия имя отчество при наличии",
            "full name",
            "name",
        ),
    ),
    "surname": (N_("Surname"), ("тегі", "фамилия", "surname", "last name", "family name")),
    "given_name": (N_("Given name"), ("аты", "есімі", "имя", "given name", "first name")),
    "patronymic": (
        N_("Patronymic"),
        (
            "әкесінің аты",
            "әкесінің аты болса",
            "отчество",
            "отчество при наличии",
            "patronymic",
            "middle name",
        ),
    ),
    "iin": (N_("IIN"), ("жсн", "иин", "iin", "жсн иин", "иин жсн")),
    "birth_date": (
        N_("Birth date"),
        (
            "туған күні",
            "туған күні айы жылы",
            "туылған күні",
            "туған жылы",
            "дата рождения",
            "д р",
            "год рождения",
            "birth date",
            "date of birth",
            "born",
        ),
    ),
    "sex": (N_("Sex"), ("жынысы", "жыныс", "пол", "sex", "gender")),
    "address": (
        N_("Address"),
        ("мекенжай", "мекенжайы", "тұрғылықты мекенжайы", "адрес", "адрес проживания", "address"),
    ),
    "settlement": (
        N_("Settlement"),
        ("елді мекен", "елді мекені", "ауыл", "населенный пункт", "село", "settlement", "village"),
    ),
    "street": (N_("Street"), ("көше", "көшесі", "улица", "street")),
    "house": (N_("House"), ("үй", "үй нөмірі", "дом", "дом номер", "номер дома", "house")),
    "apartment": (N_("Apartment"), ("пәтер", "пәтер нөмірі", "квартира", "кв", "apartment", "flat")),
    "phone": (
        N_("Phone"),
        ("телефон", "тел", "телефоны", "байланыс телефоны", "контактный телефон", "phone", "telephone"),
    ),
    "statuses": (
        N_("Social status"),
        (
            "әлеуметтік мәртебе",
            "әлеуметтік мәртебесі",
            "мәртебе",
            "мәртебесі",
            "санаты",
            "социальный статус",
            "статус",
            "льгота",
            "категория",
            "social status",
            "status",
        ),
    ),
    "registered_on": (
        N_("Registered on"),
        (
            "тіркелген күні",
            "тіркеу күні",
            "дата регистрации",
            "зарегистрирован",
            "registered on",
            "registered",
        ),
    ),
}

_PUNCT = re.compile(r"[^\w\s]|_")


def header_key(value: Any) -> str:
    """A header cell reduced for comparison: folded, punctuation and numbering marks removed."""
    if value is None:
        return ""
    return " ".join(_PUNCT.sub(" ", fold(str(value))).split())


_EXACT: dict[str, str] = {}
_CONTAINS: list[tuple[str, str]] = []
for _field, (_label, _words) in FIELDS.items():
    for _word in _words:
        _EXACT.setdefault(header_key(_word), _field)
        _CONTAINS.append((header_key(_word), _field))
_CONTAINS.sort(key=lambda pair: len(pair[0]), reverse=True)  # "әкесінің аты" before "аты"


def field_of(header: Any) -> str | None:
    """The field a header cell names, or None."""
    key = header_key(header)
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key]
    padded = f" {key} "
    for word, field in _CONTAINS:
        if len(word) >= 3 and f" {word} " in padded:
            return field
    return None


def propose_mapping(headers: Sequence[Any]) -> dict[str, int]:
    """{field: column index} for the columns whose header names a field (first column wins)."""
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        field = field_of(header)
        if field is not None and field not in mapping:
            mapping[field] = index
    return mapping


def detect_header(
    rows: Sequence[tuple[int, Sequence[Any]]], remembered: set[str] | frozenset[str] = frozenset()
) -> int | None:
    """Index (into ``rows``) of the row that looks most like a header, or None.

    A row whose signature has a remembered mapping wins; otherwise a header
    names at least two fields, one of them a name or the IIN.
    """
    best, best_score = None, 1
    for i, (_number, values) in enumerate(rows[:HEADER_SCAN_ROWS]):
        if remembered and signature(values) in remembered:
            return i
        mapping = propose_mapping(values)
        if not ({"full_name", "surname", "iin"} & mapping.keys()):
            continue
        if len(mapping) > best_score:
            best, best_score = i, len(mapping)
    if best is None:  # a header naming only the IIN: the caller maps the other columns
        best = next(
            (i for i, (_n, values) in enumerate(rows[:HEADER_SCAN_ROWS]) if propose_mapping(values)), None
        )
    return best


def remembered_signatures(store: Store) -> set[str]:
    return set((store.get_setting(MAPPINGS_KEY, {}) or {}).keys())


def text_of(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value)


def signature(headers: Sequence[Any]) -> str:
    """A short fingerprint of a header row, to remember its mapping."""
    text = "|".join(header_key(text_of(h)) for h in headers).rstrip("|")
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def remembered_mapping(store: Store, sig: str) -> dict[str, int] | None:
    """The mapping saved for a header signature, if any."""
    saved = store.get_setting(MAPPINGS_KEY, {}) or {}
    found = saved.get(sig)
    return {str(k): int(v) for k, v in found.items()} if isinstance(found, dict) else None


def remember_mapping(store: Store, sig: str, mapping: dict[str, int]) -> None:
    """Save the mapping chosen for a header signature (the next import proposes it)."""
    saved = dict(store.get_setting(MAPPINGS_KEY, {}) or {})
    saved[sig] = {k: int(v) for k, v in mapping.items() if k in FIELDS}
    store.set_setting(MAPPINGS_KEY, saved)
