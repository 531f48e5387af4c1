"""The rules table as it stands in this data folder: readings chosen, acts cited, and changing them.

Each reading (``rules.READINGS``) is a setting with a careful default; each
act cited (``citations``) has its effective date, and the act in force on a
day is the latest that took effect by then. A sitting freezes both when its
journal starts; changing them here affects only sittings started afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import citations as C
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.store import Store


class UnknownReading(E.InvalidCommand):
    template = N_("There is no reading {code}; the readings are: {codes}.")


class UnknownOption(E.InvalidCommand):
    template = N_("The reading {code} has no option {option}; its options are: {options}.")


class BadSource(E.InvalidCommand):
    template = N_(
        "The act {entry} cannot be read: it needs a code, a subject ({subjects}), an effective date "
        '(YYYY-MM-DD), and a short citation and a title (text, or texts by language with at least "en").'
    )


@dataclass(frozen=True)
class ReadingRow:
    code: str
    setting: str
    chosen: str
    default: str
    options: Mapping[str, str]  # option -> the sentence the protocol prints (msgid)
    citation: str
    rationale: str


@dataclass(frozen=True)
class SourceRow:
    source: C.Source
    in_force: bool


@dataclass(frozen=True)
class RulesTable:
    """What ``zhoob meeting rules`` shows: the rules, the readings chosen, the acts and which is in force."""

    on: date
    rules: tuple[R.Rule, ...]
    values: Mapping[str, Any]
    readings: tuple[ReadingRow, ...]
    sources: tuple[SourceRow, ...]
    citations: Mapping[str, str]  # rule code -> its citation on ``on`` (an act through the one in force)
    # rule code -> {kind of sitting: (its sentence there, its citation there, or None: not applied there)}
    by_kind: Mapping[str, Mapping[str, tuple[str, str] | None]] = field(default_factory=dict)


def rules_table(store: Store, on: date) -> RulesTable:
    """The rules with their values, the readings as set, and the acts with the one in force on ``on``."""
    settings = store.all_settings()
    chosen = R.resolve_readings(settings)
    readings = tuple(
        ReadingRow(code, r.setting, chosen[code], r.default, dict(r.options), r.citation, r.rationale)
        for code, r in R.READINGS.items()
    )
    try:
        acts = C.table(settings.get(C.SETTING))
    except C.SourceDataError as exc:
        raise BadSource(entry=str(exc), subjects=", ".join(C.SUBJECTS)) from None
    in_force = C.in_force_all(acts, on)
    current = {s.code for s in in_force.values()}
    frozen = {subject: src.as_json() for subject, src in in_force.items()}
    return RulesTable(
        on,
        tuple(R.RULES.values()),
        R.resolve_values(settings.get("meeting.rules")),
        readings,
        tuple(SourceRow(s, s.code in current) for s in acts),
        {code: R.citation_of(code, frozen) for code in R.RULES},
        {
            code: {
                kind: (r.at_kind(kind).description or r.description, R.citation_of(code, frozen, kind))
                if r.governs(kind)
                else None
                for kind in R.SITTING_KINDS
            }
            for code, r in R.RULES.items()
        },
    )


def set_reading(store: Store, code: str, option: str) -> None:
    """Choose an option of a reading for sittings started from now on."""
    reading = R.READINGS.get(code)
    if reading is None:
        raise UnknownReading(code=code, codes=", ".join(R.READINGS))
    if option not in reading.options:
        raise UnknownOption(
            code=code, option=option, options=", ".join(reading.options), citation=reading.citation
        )
    store.set_setting(reading.setting, option)


def add_sources(store: Store, entries: Iterable[Mapping[str, Any]]) -> tuple[C.Source, ...]:
    """Add acts to the table (an entry whose code is known replaces that act); all of them or none."""
    entries = list(entries)
    for entry in entries:
        try:
            C.source_from_json(entry)
        except (C.SourceDataError, TypeError, AttributeError):
            code = entry.get("code", "?") if isinstance(entry, Mapping) else str(entry)
            raise BadSource(entry=str(code), subjects=", ".join(C.SUBJECTS)) from None
    current = {e["code"]: e for e in store.get_setting(C.SETTING) or ()}
    for entry in entries:
        current[str(entry["code"])] = dict(entry)
    store.set_setting(C.SETTING, list(current.values()))
    return C.table(current.values())
