"""Community membership: residents registered in the okrug and adult on a date.

The count of members on a date is the denominator of quorum. The age of
majority is a setting (``register.adult_age``, default 18).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import ColumnElement, Connection, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from zhoob_desktop.models.core import Setting
from zhoob_desktop.models.register import House, Resident, Settlement, Street
from zhoob_desktop.services.register import finder
from zhoob_desktop.services.register.errors import InvalidAdultAge
from zhoob_desktop.services.register.finder import uuid_of
from zhoob_desktop.services.register.residents import address_line
from zhoob_desktop.services.store import Store

ADULT_AGE_KEY = "register.adult_age"
DEFAULT_ADULT_AGE = 18


@dataclass(frozen=True)
class MemberRef:
    """A community member as meetings need them: who and where."""

    id: uuid.UUID
    iin: str | None
    surname: str
    given_name: str
    patronymic: str
    settlement_id: uuid.UUID | None
    street_id: uuid.UUID | None
    house_id: uuid.UUID | None
    address: str

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p)


def adult_age(store: Store) -> int:
    """The age from which a resident is a community member (setting, default 18)."""
    with store.session() as s:
        return adult_age_in(s)


def adult_age_in(s: Session | Connection) -> int:
    """``adult_age`` read inside a caller's unit of work (a session or a connection)."""
    conn = s.connection() if isinstance(s, Session) else s
    value = conn.execute(_ADULT_AGE).scalar()
    return value if isinstance(value, int) and not isinstance(value, bool) else DEFAULT_ADULT_AGE


_ADULT_AGE = select(Setting.__table__.c.value).where(Setting.__table__.c.key == ADULT_AGE_KEY)


def set_adult_age(store: Store, age: int) -> None:
    """Change the age of majority used for membership."""
    if not isinstance(age, int) or isinstance(age, bool) or not 14 <= age <= 21:
        raise InvalidAdultAge(value=age)
    store.set_setting(ADULT_AGE_KEY, age)


def adult_cutoff(on: date, age: int) -> date:
    """The latest birth date of someone who is ``age`` years old on ``on``.

    Someone born on 29 February comes of age on 1 March in a common year.
    """
    try:
        return on.replace(year=on.year - age)
    except ValueError:  # on is 29 February, the year ``age`` years back is common
        return date(on.year - age, 2, 28)


def is_adult(birth_date: date, on: date, age: int) -> bool:
    return birth_date <= adult_cutoff(on, age)


def registered_on_date(on: date, r=Resident) -> ColumnElement[bool]:
    """Residents registered in the okrug on a date: not removed, registered by then, not yet left.

    ``r`` is the resident entity or columns the condition reads.
    """
    return and_(
        r.deleted_at.is_(None),
        or_(r.registered_on.is_(None), r.registered_on <= on),
        or_(r.left_on.is_(None), r.left_on > on),
    )


def member_clause(on: date, age: int, r=Resident) -> ColumnElement[bool]:
    """SQL condition: the resident is a community member on ``on``."""
    return finder.member_condition(on, adult_cutoff(on, age), r)


def place_clause(
    settlement_id: uuid.UUID | None, street_id: uuid.UUID | None, house_id: uuid.UUID | None, r=Resident
) -> list[ColumnElement[bool]]:
    out = []
    if settlement_id is not None:
        out.append(r.settlement_id == settlement_id)
    if street_id is not None:
        out.append(r.street_id == street_id)
    if house_id is not None:
        out.append(r.house_id == house_id)
    return out


_R = Resident.__table__.c


def _member_columns(base) -> Select:
    s, st, h = Settlement.__table__, Street.__table__, House.__table__
    ids = (finder.as_text(c) for c in (_R.id, _R.settlement_id, _R.street_id, _R.house_id))
    rid, *places = ids
    return select(
        rid, _R.iin, _R.surname, _R.given_name, _R.patronymic, *places, _R.apartment, s.c.name, st.c.name,
        h.c.number,
    ).select_from(
        base.outerjoin(s, s.c.id == _R.settlement_id)
        .outerjoin(st, st.c.id == _R.street_id)
        .outerjoin(h, h.c.id == _R.house_id)
    )  # fmt: skip


def _member_query(on: date, age: int) -> Select:
    return _member_columns(Resident.__table__).where(member_clause(on, age, _R))


@lru_cache(maxsize=64)
def _checkin_rows(page: Select) -> Select:
    found = page.subquery("page")
    return _member_columns(found.join(Resident.__table__, _R.id == found.c.id)).order_by(
        found.c.key, found.c.id
    )


def _ref(row) -> MemberRef:
    rid, iin, surname, given, patronymic, sid, stid, hid, apartment, sname, stname, hnumber = row
    return MemberRef(
        uuid_of(rid), iin, surname, given, patronymic, uuid_of(sid), uuid_of(stid), uuid_of(hid),
        address_line(sname, stname, hnumber, apartment),
    )  # fmt: skip


def list_members(
    store: Store,
    on: date,
    *,
    settlement_id: uuid.UUID | None = None,
    street_id: uuid.UUID | None = None,
    house_id: uuid.UUID | None = None,
    age: int | None = None,
) -> list[MemberRef]:
    """Community members on a date, optionally of one village, street or house, by surname.

    ``age``: the age from which a resident takes part when a procedure states its own
    (default: the setting ``register.adult_age``).
    """
    with store.session() as s:
        query = (
            _member_query(on, age if age is not None else adult_age_in(s))
            .where(*place_clause(settlement_id, street_id, house_id))
            .order_by(Resident.search_key, Resident.id)
        )
        return [_ref(row) for row in s.execute(query)]


def count_members(
    store: Store,
    on: date,
    *,
    settlement_id: uuid.UUID | None = None,
    street_id: uuid.UUID | None = None,
    house_id: uuid.UUID | None = None,
    age: int | None = None,
) -> int:
    """How many community members there are on a date (the quorum denominator)."""
    with store.session() as s:
        age = age if age is not None else adult_age_in(s)
        query = (
            select(func.count())
            .select_from(Resident)
            .where(member_clause(on, age), *place_clause(settlement_id, street_id, house_id))
        )
        return s.scalar(query) or 0


def find_for_checkin(store: Store, text: str, on: date, limit: int = 20) -> list[MemberRef]:
    """Members whose IIN, surname or given name starts with ``text`` (Kazakh/Russian look-alikes merged).

    In (search key, id) order; the page is found in the name indexes and stops at
    ``limit`` (``finder``), then only its rows are read.
    """
    terms = finder.terms_of(text)
    if terms is None:
        return []
    with store.engine.connect() as conn:  # reading only: no unit of work to commit
        filters = finder.Filters(member=True, on=on, cutoff=adult_cutoff(on, adult_age_in(conn)))
        page = finder.page_query(conn, terms, filters, limit=limit)
        return [_ref(row) for row in conn.execute(_checkin_rows(page.statement), page.params)]
