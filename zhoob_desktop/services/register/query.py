"""The paged, filtered list of residents behind the register's lazy table."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, func, not_, select

from zhoob_desktop.models.register import House, Resident, Settlement, SocialStatus, Street, resident_status
from zhoob_desktop.services.register.membership import adult_age_in, member_clause, place_clause, text_clause
from zhoob_desktop.services.register.residents import address_line, full_name
from zhoob_desktop.services.store import Store

ORDER_FIELDS = ("name", "iin", "birth_date", "address", "registered_on")


@dataclass(frozen=True)
class ResidentFilter:
    """What the table shows.

    ``text``: IIN prefix or surname/given-name prefix. ``member``: True for
    members only, False for non-members only, on ``member_on`` (today when
    None). ``include_left``: also former and removed residents.
    """

    text: str = ""
    settlement_id: uuid.UUID | None = None
    street_id: uuid.UUID | None = None
    house_id: uuid.UUID | None = None
    status_code: str | None = None
    member_on: date | None = None
    member: bool | None = None
    include_left: bool = False


@dataclass(frozen=True)
class ResidentRow:
    """One line of the table; ``statuses`` are status codes, ``is_member`` on the filter's date."""

    id: uuid.UUID
    full_name: str
    iin: str | None
    birth_date: date
    sex: str | None
    address: str
    statuses: tuple[str, ...]
    is_member: bool
    left_on: date | None
    left_reason: str | None


def _conditions(flt: ResidentFilter, on: date, age: int) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if not flt.include_left:
        out += [Resident.deleted_at.is_(None), Resident.left_on.is_(None)]
    text = text_clause(flt.text) if flt.text else None
    if text is not None:
        out.append(text)
    out += place_clause(flt.settlement_id, flt.street_id, flt.house_id)
    if flt.status_code:
        out.append(
            Resident.id.in_(
                select(resident_status.c.resident_id)
                .join(SocialStatus, SocialStatus.id == resident_status.c.status_id)
                .where(SocialStatus.code == flt.status_code)
            )
        )
    if flt.member is True:
        out.append(member_clause(on, age))
    elif flt.member is False:
        out.append(not_(member_clause(on, age)))
    return out


def _ordered(query: Select, order_by: str, descending: bool) -> Select:
    if order_by not in ORDER_FIELDS:
        raise ValueError(f"unknown order: {order_by}")
    if order_by == "address":
        keys = [Resident.address_key]  # indexed: settlement, street, house, apartment, numbers by value
    elif order_by == "name":
        keys = [Resident.search_key]
    else:
        keys = [getattr(Resident, order_by)]
    keys.append(Resident.id)
    return query.order_by(*(k.desc() if descending else k.asc() for k in keys))


def query_residents(
    store: Store,
    flt: ResidentFilter = ResidentFilter(),
    order_by: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
    *,
    today: date | None = None,
) -> list[ResidentRow]:
    """One page of residents matching the filter, in the chosen order (see ``ORDER_FIELDS``).

    IINs come masked for an operator whose role does not need them (``security.roles``).
    """
    from zhoob_desktop.services.security import roles

    roles.require(store, "register.read")
    on = flt.member_on or today or date.today()
    with store.session() as s:
        rows = _page(s, flt, on, adult_age_in(s), order_by, descending, offset, limit)
    return roles.masked(store, rows)


def address_select(*extra) -> Select:
    """Residents with their settlement, street and house names (columns 0-10), then ``extra``."""
    return (
        select(
            Resident.id,
            Resident.surname,
            Resident.given_name,
            Resident.patronymic,
            Resident.iin,
            Resident.birth_date,
            Resident.sex,
            Settlement.name,
            Street.name,
            House.number,
            Resident.apartment,
            *extra,
        )
        .outerjoin(Settlement, Settlement.id == Resident.settlement_id)
        .outerjoin(Street, Street.id == Resident.street_id)
        .outerjoin(House, House.id == Resident.house_id)
    )


def _page(s, flt, on, age, order_by, descending, offset, limit) -> list[ResidentRow]:
    is_member = member_clause(on, age).label("is_member")
    query = address_select(is_member, Resident.left_on, Resident.left_reason).where(
        *_conditions(flt, on, age)
    )
    query = _ordered(query, order_by, descending).offset(offset).limit(limit)
    rows = s.execute(query).all()
    statuses: dict[uuid.UUID, list[str]] = defaultdict(list)
    if rows:
        ids = [r[0] for r in rows]
        for rid, code in s.execute(
            select(resident_status.c.resident_id, SocialStatus.code)
            .join(SocialStatus, SocialStatus.id == resident_status.c.status_id)
            .where(resident_status.c.resident_id.in_(ids))
            .order_by(SocialStatus.sort_order)
        ):
            statuses[rid].append(code)
    return [
        ResidentRow(
            rid,
            full_name(surname, given, patronymic),
            iin,
            born,
            sex,
            address_line(sname, stname, hnumber, apartment),
            tuple(statuses.get(rid, ())),
            bool(member),
            left_on,
            left_reason,
        )
        for (
            rid,
            surname,
            given,
            patronymic,
            iin,
            born,
            sex,
            sname,
            stname,
            hnumber,
            apartment,
            member,
            left_on,
            left_reason,
        ) in rows
    ]


def count_residents(
    store: Store, flt: ResidentFilter = ResidentFilter(), *, today: date | None = None
) -> int:
    """How many residents match the filter (the table's row count)."""
    on = flt.member_on or today or date.today()
    with store.session() as s:
        query = select(func.count()).select_from(Resident).where(*_conditions(flt, on, adult_age_in(s)))
        return s.scalar(query) or 0
