"""The register read by unit of representation: villages, streets, apartment buildings.

A separate gathering is held for a village, a street or an apartment building
(Law art. 39-3); the number of its representatives follows the number of its
residents. ``unit_counts`` gives, per unit, the residents registered on a day
and those entitled to take part (of the age the procedure states), in one
grouped query per level.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select, true

from zhoob_desktop.models.register import House, Resident, Settlement, Street
from zhoob_desktop.services.register.membership import adult_cutoff, registered_on_date
from zhoob_desktop.services.store import Store

UNIT_KINDS = ("settlement", "street", "house")


@dataclass(frozen=True)
class UnitCount:
    """One unit with the residents registered in it on a day and those of the age to take part."""

    kind: str
    id: uuid.UUID
    name: str
    settlement: str  # the village a street or building is in ("" for a village)
    residents: int
    entitled: int


@dataclass(frozen=True)
class UnitCounts:
    """Every unit of a level, and the residents of the okrug who belong to none of them."""

    kind: str
    on: date
    age: int
    units: tuple[UnitCount, ...]
    outside_residents: int
    outside_entitled: int


def unit_counts(
    store: Store, on: date, kind: str, age: int, *, okrug_id: uuid.UUID | None = None
) -> UnitCounts:
    """Residents and entitled residents per village, street or apartment building on a day.

    Units with nobody registered are listed too (with zeros); residents whose
    address has no unit of this level are counted apart. ``okrug_id`` keeps to
    one okrug's villages (the district's store holds many).
    """
    if kind not in UNIT_KINDS:
        raise ValueError(kind)
    column = {"settlement": Resident.settlement_id, "street": Resident.street_id, "house": Resident.house_id}[
        kind
    ]
    adult = case((Resident.birth_date <= adult_cutoff(on, age), 1), else_=0)
    of_okrug = true() if okrug_id is None else Settlement.okrug_id == okrug_id
    with store.session() as s:
        if kind == "settlement":
            units = s.execute(select(Settlement.id, Settlement.name, Settlement.name).where(of_okrug)).all()
            units = [(uid, name, "") for uid, name, _ in units]
        elif kind == "street":
            units = s.execute(
                select(Street.id, Street.name, Settlement.name)
                .join(Settlement, Settlement.id == Street.settlement_id)
                .where(of_okrug)
            ).all()
        else:
            units = s.execute(
                select(House.id, Street.name + ", " + House.number, Settlement.name)
                .join(Street, Street.id == House.street_id)
                .join(Settlement, Settlement.id == Street.settlement_id)
                .where(House.apartment_building.is_(True), of_okrug)
            ).all()
        counted = select(column, func.count(), func.sum(adult)).where(registered_on_date(on))
        if okrug_id is not None:
            counted = counted.where(
                Resident.settlement_id.in_(select(Settlement.id).where(Settlement.okrug_id == okrug_id))
            )
        counts = {uid: (int(n), int(a or 0)) for uid, n, a in s.execute(counted.group_by(column))}
    listed = []
    seen: set[uuid.UUID] = set()
    for uid, name, settlement in units:
        n, a = counts.get(uid, (0, 0))
        seen.add(uid)
        listed.append(UnitCount(kind, uid, str(name), str(settlement or ""), n, a))
    listed.sort(key=lambda u: (u.settlement.casefold(), u.name.casefold()))
    out_n = sum(n for uid, (n, _a) in counts.items() if uid not in seen)
    out_a = sum(a for uid, (_n, a) in counts.items() if uid not in seen)
    return UnitCounts(kind, on, age, tuple(listed), out_n, out_a)


def unit_name(store: Store, kind: str, unit_id: uuid.UUID) -> str:
    """How a unit is named on papers: the village; the street (village); the building (street, village)."""
    with store.session() as s:
        if kind == "settlement":
            row = s.get(Settlement, unit_id)
            return row.name if row else ""
        if kind == "street":
            st = s.get(Street, unit_id)
            if st is None:
                return ""
            village = s.get(Settlement, st.settlement_id)
            return f"{village.name}, {st.name}" if village else st.name
        house = s.get(House, unit_id)
        if house is None:
            return ""
        st = s.get(Street, house.street_id)
        village = s.get(Settlement, st.settlement_id) if st else None
        parts = [p for p in (village.name if village else "", st.name if st else "", house.number) if p]
        return ", ".join(parts)


def find_unit(store: Store, kind: str, name: str) -> uuid.UUID | None:
    """The one village, street or apartment building with this name ("Абай көшесі", or with its
    village: "Қарағайлы, Абай көшесі"); None when there is none or more than one."""
    key = " ".join(name.split()).casefold()
    counts = unit_counts(store, date.today(), kind, 18)
    found = [u.id for u in counts.units if key in (u.name.casefold(), f"{u.settlement}, {u.name}".casefold())]
    return found[0] if len(found) == 1 else None


def unit_of_resident(store: Store, resident_id: uuid.UUID, kind: str) -> uuid.UUID | None:
    """The village, street or house of a resident (None when the address has none)."""
    with store.session() as s:
        row = s.get(Resident, resident_id)
        if row is None:
            return None
        return {"settlement": row.settlement_id, "street": row.street_id, "house": row.house_id}[kind]


__all__ = [
    "UNIT_KINDS",
    "UnitCount",
    "UnitCounts",
    "find_unit",
    "unit_counts",
    "unit_name",
    "unit_of_resident",
]
