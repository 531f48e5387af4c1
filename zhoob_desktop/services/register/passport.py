"""The passport of the okrug or of one settlement: residents by age, sex and social status.

The handbook's micro-area passport ("тұрғындар саны, жасы, жынысы,
әлеуметтік мәртебесі"), counted on a date, with community members beside
residents.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from zhoob_desktop.models.register import Resident, Settlement, SocialStatus, Street, resident_status
from zhoob_desktop.services.okrug import get_okrug
from zhoob_desktop.services.register.errors import NotFound
from zhoob_desktop.services.register.membership import adult_age, is_adult, registered_on_date
from zhoob_desktop.services.store import Store

# (lowest age, highest age or None): children, youth, and working and retirement ages.
AGE_BANDS: tuple[tuple[int, int | None], ...] = ((0, 17), (18, 29), (30, 44), (45, 59), (60, 74), (75, None))


@dataclass(frozen=True)
class BandCount:
    low: int
    high: int | None
    residents: int
    male: int
    female: int
    members: int

    @property
    def label(self) -> str:
        return f"{self.low}+" if self.high is None else f"{self.low}–{self.high}"


@dataclass(frozen=True)
class StatusCount:
    code: str
    name_kk: str
    name_ru: str
    name_en: str
    residents: int
    members: int

    def name(self, lang: str) -> str:
        return {"ru": self.name_ru, "en": self.name_en}.get(lang) or self.name_kk


@dataclass(frozen=True)
class Passport:
    """Counts on date ``on`` for the whole okrug (``settlement_id`` None) or one settlement."""

    on: date
    okrug_name_kk: str
    okrug_name_ru: str
    settlement_id: uuid.UUID | None
    settlement_name: str | None
    residents: int
    members: int
    male: int
    female: int
    sex_unknown: int
    streets: int
    houses: int  # houses with at least one resident
    by_age: tuple[BandCount, ...]
    by_status: tuple[StatusCount, ...]
    adult_age: int

    def okrug_name(self, lang: str) -> str:
        return self.okrug_name_ru if lang == "ru" and self.okrug_name_ru else self.okrug_name_kk


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def passport(store: Store, on: date | None = None, settlement_id: uuid.UUID | None = None) -> Passport:
    """Residents and community members on a date by age band, sex and social status."""
    on = on or date.today()
    age_limit = adult_age(store)
    okrug = get_okrug(store)
    with store.session() as s:
        settlement_name = None
        if settlement_id is not None:
            row = s.get(Settlement, settlement_id)
            if row is None:
                raise NotFound()
            settlement_name = row.name
        where = [registered_on_date(on)]
        if settlement_id is not None:
            where.append(Resident.settlement_id == settlement_id)
        people = s.execute(
            select(Resident.id, Resident.birth_date, Resident.sex, Resident.house_id).where(*where)
        ).all()
        codes: dict[uuid.UUID, list[str]] = {}
        for rid, code in s.execute(
            select(resident_status.c.resident_id, SocialStatus.code)
            .join(SocialStatus, SocialStatus.id == resident_status.c.status_id)
            .join(Resident, Resident.id == resident_status.c.resident_id)
            .where(*where)
        ):
            codes.setdefault(rid, []).append(code)
        statuses = s.execute(
            select(
                SocialStatus.code, SocialStatus.name_kk, SocialStatus.name_ru, SocialStatus.name_en
            ).order_by(SocialStatus.sort_order)
        ).all()
        street_query = select(func.count()).select_from(Street)
        if settlement_id is not None:
            street_query = street_query.where(Street.settlement_id == settlement_id)
        streets = s.scalar(street_query) or 0
    bands = {band: Counter() for band in AGE_BANDS}
    status_counts: Counter = Counter()
    members = male = female = 0
    houses: set[uuid.UUID] = set()
    for rid, born, sex, house_id in people:
        age = _age(born, on)
        member = is_adult(born, on, age_limit)
        band = next(b for b in AGE_BANDS if age >= b[0] and (b[1] is None or age <= b[1]))
        counter = bands[band]
        counter["residents"] += 1
        counter["members"] += member
        if sex == "M":
            counter["male"] += 1
            male += 1
        elif sex == "F":
            counter["female"] += 1
            female += 1
        members += member
        if house_id is not None:
            houses.add(house_id)
        for code in codes.get(rid, ()):
            status_counts[(code, "residents")] += 1
            status_counts[(code, "members")] += member
    return Passport(
        on,
        okrug.name_kk if okrug else "",
        okrug.name_ru if okrug else "",
        settlement_id,
        settlement_name,
        len(people),
        members,
        male,
        female,
        len(people) - male - female,
        streets,
        len(houses),
        tuple(
            BandCount(low, high, c["residents"], c["male"], c["female"], c["members"])
            for (low, high), c in bands.items()
        ),
        tuple(
            StatusCount(
                code, kk, ru, en, status_counts[(code, "residents")], status_counts[(code, "members")]
            )
            for code, kk, ru, en in statuses
        ),
        age_limit,
    )


def find_settlement_id(store: Store, name: str) -> uuid.UUID | None:
    """The settlement with this name (case and Kazakh/Russian look-alikes ignored), or None."""
    from zhoob_desktop.services.register.structure import find_settlement

    with store.session() as s:
        found = find_settlement(s, name)
        return None if found is None else found.id


__all__ = ["AGE_BANDS", "BandCount", "Passport", "StatusCount", "find_settlement_id", "passport"]
