"""The okrug's structure: settlements (villages), their streets and houses; social statuses."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from zhoob_desktop.models.core import Okrug
from zhoob_desktop.models.ids import new_uuid
from zhoob_desktop.models.register import House, Resident, Settlement, SocialStatus, Street, resident_status
from zhoob_desktop.services.register import changelog
from zhoob_desktop.services.register.errors import InUse, NameEmpty, NameTaken, NotFound, OkrugMissing
from zhoob_desktop.services.register.search import address_key, name_key
from zhoob_desktop.services.store import Store


@dataclass(frozen=True)
class SettlementInfo:
    id: uuid.UUID
    name: str
    residents: int  # current residents (not left, not removed)


@dataclass(frozen=True)
class StreetInfo:
    id: uuid.UUID
    settlement_id: uuid.UUID
    name: str
    residents: int


@dataclass(frozen=True)
class HouseInfo:
    id: uuid.UUID
    street_id: uuid.UUID
    number: str
    apartment_building: bool
    residents: int


@dataclass(frozen=True)
class StatusInfo:
    id: uuid.UUID
    code: str
    name_kk: str
    name_ru: str
    name_en: str
    sort_order: int

    def name(self, lang: str) -> str:
        """The status name in a language, falling back to Kazakh."""
        return {"ru": self.name_ru, "en": self.name_en}.get(lang) or self.name_kk


def _clean(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise NameEmpty()
    return cleaned


def _current():
    return Resident.deleted_at.is_(None) & Resident.left_on.is_(None)


def _counts(s: Session, column) -> dict[uuid.UUID, int]:
    rows = s.execute(select(column, func.count()).where(_current()).group_by(column))
    return {key: n for key, n in rows if key is not None}


def refresh_address_keys(s: Session, condition) -> None:
    """Recompute the address sort keys of the residents a renamed place affects."""
    rows = s.execute(
        select(
            Resident.id, Settlement.name, Street.name, House.number, Resident.apartment, Resident.address_key
        )
        .outerjoin(Settlement, Settlement.id == Resident.settlement_id)
        .outerjoin(Street, Street.id == Resident.street_id)
        .outerjoin(House, House.id == Resident.house_id)
        .where(condition)
    )
    changed = [
        {"rid": rid, "key": key}
        for rid, sname, stname, hnum, apt, old in rows
        if (key := address_key(sname, stname, hnum, apt)) != old
    ]
    if changed:
        table = Resident.__table__
        s.execute(
            table.update().where(table.c.id == bindparam("rid")).values(address_key=bindparam("key")), changed
        )


def okrug_id(s: Session) -> uuid.UUID:
    """The store's okrug; settlements cannot exist without it."""
    found = s.scalar(select(Okrug.id).order_by(Okrug.created_at).limit(1))
    if found is None:
        raise OkrugMissing()
    return found


# --- settlements -------------------------------------------------------------------------------


def list_settlements(store: Store, *, with_counts: bool = True) -> list[SettlementInfo]:
    """Settlements of the okrug by name, with their number of current residents.

    ``with_counts=False`` for a list of choices: the counts read every resident (0 is given instead).
    """
    with store.session() as s:
        counts = _counts(s, Resident.settlement_id) if with_counts else {}
        rows = s.scalars(select(Settlement).order_by(Settlement.key))
        return [SettlementInfo(r.id, r.name, counts.get(r.id, 0)) for r in rows]


def find_settlement(s: Session, name: str) -> Settlement | None:
    return s.scalar(select(Settlement).where(Settlement.key == name_key(name)))


def ensure_settlement(s: Session, name: str, *, actor: str) -> Settlement:
    """The settlement with this name (case and look-alikes ignored), created when missing."""
    found = find_settlement(s, name)
    if found is not None:
        return found
    row = Settlement(id=new_uuid(), okrug_id=okrug_id(s), name=_clean(name), key=name_key(name))
    s.add(row)
    changelog.record(s, "settlement", row.id, "create", changelog.created({"name": row.name}), actor=actor)
    s.flush()
    return row


def create_settlement(store: Store, name: str, *, actor: str | None = None) -> SettlementInfo:
    """Add a village to the okrug; a name already used (case and look-alikes ignored) is refused."""
    name = _clean(name)
    actor = actor if actor is not None else changelog.actor_of(store)
    with store.session() as s:
        if find_settlement(s, name) is not None:
            raise NameTaken(name=name)
        row = ensure_settlement(s, name, actor=actor)
        return SettlementInfo(row.id, row.name, 0)


def rename_settlement(
    store: Store, settlement_id: uuid.UUID, name: str, *, actor: str | None = None
) -> SettlementInfo:
    """Rename a village (its residents keep pointing at it)."""
    name = _clean(name)
    actor = actor if actor is not None else changelog.actor_of(store)
    with store.session() as s:
        row = s.get(Settlement, settlement_id)
        if row is None:
            raise NotFound()
        other = find_settlement(s, name)
        if other is not None and other.id != row.id:
            raise NameTaken(name=name)
        changes = changelog.diff({"name": row.name}, {"name": name})
        row.name, row.key = name, name_key(name)
        if changes:
            changelog.record(s, "settlement", row.id, "update", changes, actor=actor)
            s.flush()
            refresh_address_keys(s, Resident.settlement_id == row.id)
        return SettlementInfo(row.id, row.name, _counts(s, Resident.settlement_id).get(row.id, 0))


def _delete_place(
    store: Store, model, place_id: uuid.UUID, entity: str, field: str, uses: tuple, actor: str | None
) -> None:
    """Delete a settlement, street or house that nothing refers to; ``uses`` are the referring columns."""
    actor = actor if actor is not None else changelog.actor_of(store)
    with store.session() as s:
        row = s.get(model, place_id)
        if row is None:
            raise NotFound()
        label = getattr(row, field)
        used = sum(s.scalar(select(func.count()).where(column == row.id)) or 0 for column in uses)
        if used:
            raise InUse(name=label, count=used)
        changelog.record(s, entity, row.id, "delete", {field: [label, None]}, actor=actor)
        s.delete(row)


def delete_settlement(store: Store, settlement_id: uuid.UUID, *, actor: str | None = None) -> None:
    """Delete a village that has no streets and no residents (not even former ones)."""
    uses = (Resident.settlement_id, Street.settlement_id)
    _delete_place(store, Settlement, settlement_id, "settlement", "name", uses, actor)


# --- streets -----------------------------------------------------------------------------------


def list_streets(store: Store, settlement_id: uuid.UUID) -> list[StreetInfo]:
    """Streets of a village by name, with their number of current residents."""
    with store.session() as s:
        counts = _counts(s, Resident.street_id)
        rows = s.scalars(select(Street).where(Street.settlement_id == settlement_id).order_by(Street.key))
        return [StreetInfo(r.id, r.settlement_id, r.name, counts.get(r.id, 0)) for r in rows]


def find_street(s: Session, settlement_id: uuid.UUID, name: str) -> Street | None:
    return s.scalar(select(Street).where(Street.settlement_id == settlement_id, Street.key == name_key(name)))


def ensure_street(s: Session, settlement_id: uuid.UUID, name: str, *, actor: str) -> Street:
    """The street of a village with this name, created when missing."""
    found = find_street(s, settlement_id, name)
    if found is not None:
        return found
    row = Street(id=new_uuid(), settlement_id=settlement_id, name=_clean(name), key=name_key(name))
    s.add(row)
    changelog.record(
        s,
        "street",
        row.id,
        "create",
        changelog.created({"name": row.name, "settlement_id": settlement_id}),
        actor=actor,
    )
    s.flush()
    return row


def create_street(
    store: Store, settlement_id: uuid.UUID, name: str, *, actor: str | None = None
) -> StreetInfo:
    """Add a street to a village; a name already used there is refused."""
    name = _clean(name)
    actor = actor if actor is not None else changelog.actor_of(store)
    with store.session() as s:
        if s.get(Settlement, settlement_id) is None:
            raise NotFound()
        if find_street(s, settlement_id, name) is not None:
            raise NameTaken(name=name)
        row = ensure_street(s, settlement_id, name, actor=actor)
        return StreetInfo(row.id, settlement_id, row.name, 0)


def rename_street(store: Store, street_id: uuid.UUID, name: str, *, actor: str | None = None) -> StreetInfo:
    """Rename a street (its houses and residents stay on it)."""
    name = _clean(name)
    actor = actor if actor is not None else changelog.actor_of(store)
    with store.session() as s:
        row = s.get(Street, street_id)
        if row is None:
            raise NotFound()
        other = find_street(s, row.settlement_id, name)
        if other is not None and other.id != row.id:
            raise NameTaken(name=name)
        changes = changelog.diff({"name": row.name}, {"name": name})
        row.name, row.key = name, name_key(name)
        if changes:
            changelog.record(s, "street", row.id, "update", changes, actor=actor)
            s.flush()
            refresh_address_keys(s, Resident.street_id == row.id)
        return StreetInfo(row.id, row.settlement_id, row.name, _counts(s, Resident.street_id).get(row.id, 0))


def delete_street(store: Store, street_id: uuid.UUID, *, actor: str | None = None) -> None:
    """Delete a street that has no houses and no residents (not even former ones)."""
    _delete_place(store, Street, street_id, "street", "name", (Resident.street_id, House.street_id), actor)


# --- houses ------------------------------------------------------------------------------------


def _house_key(number: str) -> str:
    return name_key(number).replace(" ", "")


def list_houses(store: Store, street_id: uuid.UUID) -> list[HouseInfo]:
    """Houses of a street in natural number order (2 before 10), with current residents."""
    with store.session() as s:
        counts = _counts(s, Resident.house_id)
        rows = s.scalars(
            select(House).where(House.street_id == street_id).order_by(func.length(House.key), House.key)
        )
        return [
            HouseInfo(r.id, r.street_id, r.number, r.apartment_building, counts.get(r.id, 0)) for r in rows
        ]


def find_house(s: Session, street_id: uuid.UUID, number: str) -> House | None:
    return s.scalar(select(House).where(House.street_id == street_id, House.key == _house_key(number)))


def ensure_house(
    s: Session, street_id: uuid.UUID, number: str, *, actor: str, apartment_building: bool = False
) -> House:
    """The house with this number on a street, created when missing."""
    found = find_house(s, street_id, number)
    if found is not None:
        return found
    row = House(
        id=new_uuid(),
        street_id=street_id,
        number=_clean(number),
        key=_house_key(number),
        apartment_building=apartment_building,
    )
    s.add(row)
    changelog.record(
        s,
        "house",
        row.id,
        "create",
        changelog.created(
            {"number": row.number, "street_id": street_id, "apartment_building": apartment_building}
        ),
        actor=actor,
    )
    s.flush()
    return row


def create_house(
    store: Store,
    street_id: uuid.UUID,
    number: str,
    *,
    apartment_building: bool = False,
    actor: str | None = None,
) -> HouseInfo:
    """Add a house or apartment building to a street; a number already used there is refused."""
    number = _clean(number)
    actor = actor if actor is not None else changelog.actor_of(store)
    with store.session() as s:
        if s.get(Street, street_id) is None:
            raise NotFound()
        if find_house(s, street_id, number) is not None:
            raise NameTaken(name=number)
        row = ensure_house(s, street_id, number, actor=actor, apartment_building=apartment_building)
        return HouseInfo(row.id, street_id, row.number, row.apartment_building, 0)


def update_house(
    store: Store,
    house_id: uuid.UUID,
    number: str,
    *,
    apartment_building: bool | None = None,
    actor: str | None = None,
) -> HouseInfo:
    """Renumber a house or mark it as an apartment building."""
    number = _clean(number)
    actor = actor if actor is not None else changelog.actor_of(store)
    with store.session() as s:
        row = s.get(House, house_id)
        if row is None:
            raise NotFound()
        other = find_house(s, row.street_id, number)
        if other is not None and other.id != row.id:
            raise NameTaken(name=number)
        flag = row.apartment_building if apartment_building is None else apartment_building
        changes = changelog.diff(
            {"number": row.number, "apartment_building": row.apartment_building},
            {"number": number, "apartment_building": flag},
        )
        row.number, row.key, row.apartment_building = number, _house_key(number), flag
        if changes:
            changelog.record(s, "house", row.id, "update", changes, actor=actor)
            s.flush()
            refresh_address_keys(s, Resident.house_id == row.id)
        count = _counts(s, Resident.house_id).get(row.id, 0)
        return HouseInfo(row.id, row.street_id, row.number, row.apartment_building, count)


def delete_house(store: Store, house_id: uuid.UUID, *, actor: str | None = None) -> None:
    """Delete a house no resident (not even a former one) lives in."""
    _delete_place(store, House, house_id, "house", "number", (Resident.house_id,), actor)


# --- social statuses ---------------------------------------------------------------------------


def list_statuses(store: Store) -> list[StatusInfo]:
    """The editable list of social statuses, in display order."""
    with store.session() as s:
        return [_status(r) for r in s.scalars(select(SocialStatus).order_by(SocialStatus.sort_order))]


def _status(r: SocialStatus) -> StatusInfo:
    return StatusInfo(r.id, r.code, r.name_kk, r.name_ru, r.name_en, r.sort_order)


def save_status(
    store: Store,
    code: str,
    name_kk: str,
    name_ru: str = "",
    name_en: str = "",
    *,
    sort_order: int | None = None,
    actor: str | None = None,
) -> StatusInfo:
    """Create a social status, or rename the one with this code."""
    code = code.strip()
    name_kk = _clean(name_kk)
    if not code:
        raise NameEmpty()
    actor = actor if actor is not None else changelog.actor_of(store)
    with store.session() as s:
        row = s.scalar(select(SocialStatus).where(SocialStatus.code == code))
        before = (
            {} if row is None else {"name_kk": row.name_kk, "name_ru": row.name_ru, "name_en": row.name_en}
        )
        if row is None:
            last = s.scalar(select(func.max(SocialStatus.sort_order))) or 0
            row = SocialStatus(id=new_uuid(), code=code, sort_order=last + 10)
            s.add(row)
        row.name_kk, row.name_ru, row.name_en = name_kk, name_ru.strip(), name_en.strip()
        if sort_order is not None:
            row.sort_order = sort_order
        after = {"code": code, "name_kk": row.name_kk, "name_ru": row.name_ru, "name_en": row.name_en}
        changes = changelog.diff(before, after)
        if changes:
            action = "update" if before else "create"
            changelog.record(s, "status", row.id, action, changes, actor=actor)
        s.flush()
        return _status(row)


def delete_status(store: Store, code: str, *, actor: str | None = None) -> None:
    """Delete a social status no resident carries."""
    actor = actor if actor is not None else changelog.actor_of(store)
    with store.session() as s:
        row = s.scalar(select(SocialStatus).where(SocialStatus.code == code))
        if row is None:
            raise NotFound()
        used = s.scalar(select(func.count()).where(resident_status.c.status_id == row.id)) or 0
        if used:
            raise InUse(name=row.name_kk, count=used)
        changelog.record(s, "status", row.id, "delete", {"code": [code, None]}, actor=actor)
        s.delete(row)
