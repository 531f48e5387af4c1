"""Community membership: residents registered in the okrug and adult on a date.

The count of members on a date is the denominator of quorum. The age of
majority is a setting (``register.adult_age``, default 18).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from zhoob_desktop.models.core import Setting
from zhoob_desktop.models.register import House, Resident, Settlement, Street
from zhoob_desktop.services.register.errors import InvalidAdultAge
from zhoob_desktop.services.register.iin import normalize_iin
from zhoob_desktop.services.register.residents import address_line
from zhoob_desktop.services.register.search import fold, prefix_bounds
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


def adult_age_in(s: Session) -> int:
    """``adult_age`` read inside a caller's unit of work."""
    row = s.get(Setting, ADULT_AGE_KEY)
    value = None if row is None else row.value
    return value if isinstance(value, int) and not isinstance(value, bool) else DEFAULT_ADULT_AGE


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


def registered_on_date(on: date) -> ColumnElement[bool]:
    """Residents registered in the okrug on a date: not removed, registered by then, not yet left."""
    return and_(
        Resident.deleted_at.is_(None),
        or_(Resident.registered_on.is_(None), Resident.registered_on <= on),
        or_(Resident.left_on.is_(None), Resident.left_on > on),
    )


def member_clause(on: date, age: int) -> ColumnElement[bool]:
    """SQL condition: the resident is a community member on ``on``."""
    return and_(registered_on_date(on), Resident.birth_date <= adult_cutoff(on, age))


def place_clause(
    settlement_id: uuid.UUID | None, street_id: uuid.UUID | None, house_id: uuid.UUID | None
) -> list[ColumnElement[bool]]:
    out = []
    if settlement_id is not None:
        out.append(Resident.settlement_id == settlement_id)
    if street_id is not None:
        out.append(Resident.street_id == street_id)
    if house_id is not None:
        out.append(Resident.house_id == house_id)
    return out


def text_clause(text: str) -> ColumnElement[bool] | None:
    """Prefix search: IIN digits, or folded surname/given-name prefix (index range queries)."""
    digits = normalize_iin(text)
    if digits and digits.isascii() and digits.isdigit():
        low, high = prefix_bounds(digits)
        return and_(Resident.iin >= low, Resident.iin < high)
    key = fold(text)
    if not key:
        return None
    low, high = prefix_bounds(key)
    options = [
        and_(Resident.search_key >= low, Resident.search_key < high),
        and_(Resident.given_key >= low, Resident.given_key < high),
    ]
    given, _, rest = key.partition(" ")
    if rest:  # "Асхат Қас": the given name first, then the surname
        g_low, g_high = prefix_bounds(given)
        s_low, s_high = prefix_bounds(rest)
        options.append(
            and_(
                Resident.given_key >= g_low,
                Resident.given_key < g_high,
                Resident.search_key >= s_low,
                Resident.search_key < s_high,
            )
        )
    return or_(*options)


def _member_query(on: date, age: int) -> Select:
    return (
        select(
            Resident.id,
            Resident.iin,
            Resident.surname,
            Resident.given_name,
            Resident.patronymic,
            Resident.settlement_id,
            Resident.street_id,
            Resident.house_id,
            Resident.apartment,
            Settlement.name,
            Street.name,
            House.number,
        )
        .outerjoin(Settlement, Settlement.id == Resident.settlement_id)
        .outerjoin(Street, Street.id == Resident.street_id)
        .outerjoin(House, House.id == Resident.house_id)
        .where(member_clause(on, age))
    )


def _ref(row) -> MemberRef:
    rid, iin, surname, given, patronymic, sid, stid, hid, apartment, sname, stname, hnumber = row
    return MemberRef(
        rid, iin, surname, given, patronymic, sid, stid, hid, address_line(sname, stname, hnumber, apartment)
    )


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
    """Members whose IIN, surname or given name starts with ``text`` (Kazakh/Russian look-alikes merged)."""
    condition = text_clause(text)
    if condition is None:
        return []
    with store.session() as s:
        query = _member_query(on, adult_age_in(s)).where(condition).order_by(Resident.search_key).limit(limit)
        return [_ref(row) for row in s.execute(query)]
