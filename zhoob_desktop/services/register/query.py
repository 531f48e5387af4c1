"""The paged, filtered list of residents behind the register's lazy table."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import ColumnElement, Select, bindparam, func, select

from zhoob_desktop.models.register import (
    House,
    RegisterChange,
    Resident,
    Settlement,
    SocialStatus,
    Street,
    resident_status,
)
from zhoob_desktop.services.register import finder
from zhoob_desktop.services.register.finder import uuid_of
from zhoob_desktop.services.register.membership import adult_age_in, adult_cutoff
from zhoob_desktop.services.register.residents import address_line, full_name
from zhoob_desktop.services.store import Store

ORDER_FIELDS = ("name", "iin", "birth_date", "address", "registered_on")
#: Rows the table asks for at a time: a screenful or two. Each is read in full (address,
#: statuses), so a page costs what it shows; scrolling asks for the next one.
PAGE_SIZE = 50


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


def filters_of(flt: ResidentFilter, on: date, age: int) -> finder.Filters:
    """The table's filter as the finder takes it (membership judged on ``on``)."""
    return finder.Filters(
        include_left=flt.include_left,
        member=flt.member,
        on=on,
        cutoff=adult_cutoff(on, age),
        settlement_id=flt.settlement_id,
        street_id=flt.street_id,
        house_id=flt.house_id,
        status_code=flt.status_code or None,
    )


def filter_clauses(flt: ResidentFilter, on: date, age: int) -> tuple[list[ColumnElement[bool]], dict]:
    """Every condition of the filter, the text included, on the resident table, and its values."""
    filters = filters_of(flt, on, age)
    clauses = finder.filter_clauses(filters.shape, Resident.__table__.c)
    params = filters.params()
    terms = finder.terms_of(flt.text) if flt.text else None
    if terms is not None:
        clauses.append(finder.text_clause(terms.kind, Resident.__table__.c))
        params.update(terms.params())
    return clauses, params


# The columns orders other than by name sort on (the id breaks ties).
_ORDER_COLUMNS = {
    "iin": "iin",
    "birth_date": "birth_date",
    "address": "address_key",
    "registered_on": "registered_on",
}


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

    The page is found in the indexes and stops at ``limit`` (``finder``); then only
    its rows are read with their addresses and statuses. IINs come masked for an
    operator whose role does not need them (``security.roles``).
    """
    from zhoob_desktop.services.security import roles

    roles.require(store, "register.read")
    if order_by not in ORDER_FIELDS:
        raise ValueError(f"unknown order: {order_by}")
    on = flt.member_on or today or date.today()
    with store.engine.connect() as conn:  # reading only: no unit of work to commit
        filters = filters_of(flt, on, adult_age_in(conn))
        terms = finder.terms_of(flt.text) if flt.text else None
        page = finder.page_query(
            conn,
            terms,
            filters,
            order=_ORDER_COLUMNS.get(order_by, "name"),
            descending=descending,
            offset=offset,
            limit=limit,
        )
        rows = conn.execute(_with_rows(page.statement, descending), page.params).all()
        statuses: dict[str, list[str]] = defaultdict(list)
        if rows:
            for rid, code in conn.execute(_STATUSES, {"ids": [r[0] for r in rows]}):
                statuses[rid].append(code)
    rows_out = [
        ResidentRow(
            uuid_of(rid),
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
    return roles.masked(store, rows_out)


_STATUSES = (
    select(finder.as_text(resident_status.c.resident_id), SocialStatus.code)
    .join(SocialStatus, SocialStatus.id == resident_status.c.status_id)
    .where(finder.as_text(resident_status.c.resident_id).in_(bindparam("ids", expanding=True)))
    .order_by(SocialStatus.sort_order)
)


_R, _S, _ST, _H = Resident.__table__.c, Settlement.__table__, Street.__table__, House.__table__


def address_joins(base):
    """``base`` (the resident table, or a page joined to it) with its settlement, street and house."""
    return (
        base.outerjoin(_S, _S.c.id == _R.settlement_id)
        .outerjoin(_ST, _ST.c.id == _R.street_id)
        .outerjoin(_H, _H.c.id == _R.house_id)
    )


def address_select(*extra, base=None, id_text: bool = False) -> Select:
    """Residents with their settlement, street and house names (columns 0-10), then ``extra``.

    ``id_text``: the id as its stored text (for ``uuid_of``), not converted row by row.
    """
    columns = (finder.as_text(_R.id) if id_text else _R.id, _R.surname, _R.given_name, _R.patronymic, _R.iin, _R.birth_date, _R.sex,
               _S.c.name, _ST.c.name, _H.c.number, _R.apartment)  # fmt: skip
    return select(*columns, *extra).select_from(address_joins(Resident.__table__ if base is None else base))


@lru_cache(maxsize=256)
def _with_rows(page: Select, descending: bool) -> Select:
    """A page of (key, id) joined to the table's columns, in the page's order."""
    found = page.subquery("page")
    is_member = finder.bound_member(_R).label("is_member")
    keys = (found.c.key, found.c.id)
    return address_select(
        is_member,
        _R.left_on,
        _R.left_reason,
        base=found.join(Resident.__table__, _R.id == found.c.id),
        id_text=True,
    ).order_by(*(k.desc() if descending else k.asc() for k in keys))


_LAST_CHANGE = select(func.max(RegisterChange.__table__.c.seq))


def count_version(store: Store) -> tuple[int, int]:
    """What a count depends on besides its filter: the register's newest change and the age of majority.

    A count taken at the same version for the same filter is still right (the table keeps them).
    """
    with store.engine.connect() as conn:
        return conn.execute(_LAST_CHANGE).scalar() or 0, adult_age_in(conn)


def count_residents(
    store: Store, flt: ResidentFilter = ResidentFilter(), *, today: date | None = None
) -> int:
    """How many residents match the filter (the table's row count), read from the name indexes."""
    on = flt.member_on or today or date.today()
    with store.engine.connect() as conn:
        terms = finder.terms_of(flt.text) if flt.text else None
        return finder.count(conn, terms, filters_of(flt, on, adult_age_in(conn)))
