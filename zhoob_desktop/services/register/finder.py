"""A page of residents found by a typed text, read from indexes and stopped at the page size.

Typed text matches residents whose folded "surname given patronymic" starts
with it, whose folded "given patronymic" does, or, for "Асхат Қас", whose
given name starts with the first word and surname with the rest; digits
match an IIN prefix. The list is in (search key, id) order.

Collecting every match and sorting them costs as much as there are matches:
thousands for two letters of a common name in a large register. Walking the
name index in the list's order and testing each entry costs what it takes to
meet a page of matches: little when matches are dense, the whole register
when there are none. So each part of a search takes the cheaper way, judged
by counting its matches in its own index up to a cap; the cap is where both
ways cost the same, about sqrt(page x register), so neither ever costs more
than that. The surname part is a range of the name index already in order
and stops at the page size by itself. Both name indexes hold the columns
every search and the usual filters test (``models.register.Resident``), so
finding a page reads no table row; the page's own rows are read afterwards.

Statements are built once per shape (which filters, which way, which order)
with their values bound at each call, so a keystroke costs SQLite's work and
little more.
"""

from __future__ import annotations

import math
import time
import uuid
import weakref
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    Engine,
    Select,
    String,
    and_,
    bindparam,
    func,
    literal,
    not_,
    or_,
    select,
    text,
    type_coerce,
    union,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.selectable import Alias
from sqlalchemy.sql.visitors import InternalTraversal

from zhoob_desktop.models.register import Resident, SocialStatus, resident_status
from zhoob_desktop.services.register.iin import normalize_iin
from zhoob_desktop.services.register.search import fold, prefix_bounds

# Cost of testing an entry while walking an index in order, relative to collecting a match:
# collecting from a covering index and sorting costs ~2.5 times a tested entry; collecting
# IIN matches reads each one's table row (~20 times).
NAME_COLLECT_RATIO = 0.4
IIN_COLLECT_RATIO = 0.05
TABLE_WALK_RATIO = 1.0  # walking an order index that does not hold the text reads every row

RESIDENT = Resident.__table__


class IndexedBy(Alias):
    """``resident INDEXED BY ix``: SQLite told which index a query reads.

    SQLAlchemy's SQLite compiler renders no table hints, and without statistics
    SQLite's planner may collect and sort where walking the index in order
    stops after a page. The alias keeps the table's own name.
    """

    __visit_name__ = "indexed_by"
    inherit_cache = True
    _traverse_internals = [*Alias._traverse_internals, ("index", InternalTraversal.dp_string)]
    index: str

    @classmethod
    def of(cls, table, index: str) -> IndexedBy:
        alias = cls._construct(table, name=table.name)
        alias.index = index
        return alias


@compiles(IndexedBy)
def _indexed_by(element: IndexedBy, compiler, **kw) -> str:
    sql = compiler.visit_alias(element, **kw)
    return f"{sql} INDEXED BY {element.index}" if kw.get("asfrom") else sql


NAME_INDEX = "ix_resident_name"
GIVEN_INDEX = "ix_resident_given"
ADDRESS_INDEX = "ix_resident_address_key"
IIN_INDEX = "iin"  # the unique constraint's index: SQLite names it, looked up once per database


# -- what is searched, and the other filters --------------------------------------------------------


@dataclass(frozen=True)
class Terms:
    """What a typed text matches, as key ranges (lower, upper)."""

    iin: tuple[str, str] | None = None
    name: tuple[str, str] | None = None  # the search key (surname first) and the given key
    pair: tuple[tuple[str, str], tuple[str, str]] | None = None  # (given name, surname) typed in that order

    @property
    def kind(self) -> str:
        return "iin" if self.iin is not None else "pair" if self.pair is not None else "name"

    def params(self) -> dict[str, str]:
        if self.iin is not None:
            return {"ilo": self.iin[0], "ihi": self.iin[1]}
        out = {"lo": self.name[0], "hi": self.name[1]}
        if self.pair is not None:
            (out["glo"], out["ghi"]), (out["slo"], out["shi"]) = self.pair
        return out


def terms_of(typed: str) -> Terms | None:
    """The ranges a typed text searches, or None when it has nothing to search by."""
    digits = normalize_iin(typed)
    if digits and digits.isascii() and digits.isdigit():
        return Terms(iin=prefix_bounds(digits))
    key = fold(typed)
    if not key:
        return None
    given, _, rest = key.partition(" ")
    return Terms(name=prefix_bounds(key), pair=(prefix_bounds(given), prefix_bounds(rest)) if rest else None)


@dataclass(frozen=True)
class Filters:
    """The filters besides the text. ``member``: True members only, False non-members only, on ``on``."""

    include_left: bool = True
    member: bool | None = None
    on: date | None = None
    cutoff: date | None = None  # the latest birth date of an adult on ``on``
    settlement_id: uuid.UUID | None = None
    street_id: uuid.UUID | None = None
    house_id: uuid.UUID | None = None
    status_code: str | None = None

    @property
    def shape(self) -> tuple:
        """What decides the SQL text (the values are bound)."""
        return (
            self.include_left,
            self.member,
            self.settlement_id is not None,
            self.street_id is not None,
            self.house_id is not None,
            bool(self.status_code),
        )

    def params(self) -> dict[str, Any]:
        out: dict[str, Any] = {"on": self.on, "cutoff": self.cutoff}
        for name in ("settlement_id", "street_id", "house_id"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.status_code:
            out["status"] = self.status_code
        return out


def _within(column, low: str, high: str) -> ColumnElement[bool]:
    return and_(column >= bindparam(low, type_=String), column < bindparam(high, type_=String))


def _surname(r) -> ColumnElement[bool]:
    return _within(r.search_key, "lo", "hi")


def _given(r) -> ColumnElement[bool]:
    return _within(r.given_key, "lo", "hi")


def _pair(r) -> ColumnElement[bool]:
    return and_(_within(r.given_key, "glo", "ghi"), _within(r.search_key, "slo", "shi"))


def _iin(r) -> ColumnElement[bool]:
    return _within(r.iin, "ilo", "ihi")


def text_clause(kind: str, r) -> ColumnElement[bool]:
    """SQL condition: the resident matches the text (values bound from ``Terms.params``)."""
    if kind == "iin":
        return _iin(r)
    options = [_surname(r), _given(r)]
    if kind == "pair":
        options.append(_pair(r))
    return or_(*options)


def member_condition(on, cutoff, r) -> ColumnElement[bool]:
    """Community member on ``on``: not removed, registered by then, not yet left, born by ``cutoff``."""
    return and_(
        r.deleted_at.is_(None),
        or_(r.registered_on.is_(None), r.registered_on <= on),
        or_(r.left_on.is_(None), r.left_on > on),
        r.birth_date <= cutoff,
    )


def bound_member(r) -> ColumnElement[bool]:
    """``member_condition`` with the date and cutoff bound from ``Filters.params``."""
    return member_condition(bindparam("on", type_=Date), bindparam("cutoff", type_=Date), r)


def filter_clauses(shape: tuple, r) -> list[ColumnElement[bool]]:
    """The filters of a shape on the columns ``r`` (a table's or an alias's ``.c``)."""
    include_left, member, settlement, street, house, status = shape
    out: list[ColumnElement[bool]] = []
    if not include_left:
        out += [r.deleted_at.is_(None), r.left_on.is_(None)]
    for present, name in ((settlement, "settlement_id"), (street, "street_id"), (house, "house_id")):
        if present:
            column = getattr(r, name)
            out.append(column == bindparam(name, type_=column.type))
    if status:
        out.append(
            r.id.in_(
                select(resident_status.c.resident_id)
                .join(SocialStatus, SocialStatus.id == resident_status.c.status_id)
                .where(SocialStatus.code == bindparam("status", type_=String))
            )
        )
    if member is True:
        out.append(bound_member(r))
    elif member is False:
        out.append(not_(bound_member(r)))
    return out


# -- sizes and thresholds ------------------------------------------------------------------------


@dataclass
class _Known:
    size: int = 0
    size_at: float = -1e9
    iin_index: str | None = None


_known: weakref.WeakKeyDictionary[Engine, _Known] = weakref.WeakKeyDictionary()
SIZE_MAX_AGE = 5.0  # seconds: the size only sets thresholds, an old one costs a little speed, never a row


def _facts(conn: Connection) -> _Known:
    return _known.setdefault(conn.engine, _Known())


def register_size(conn: Connection) -> int:
    """About how many resident rows there are (the largest rowid: residents are never deleted)."""
    facts = _facts(conn)
    now = time.monotonic()
    if now - facts.size_at > SIZE_MAX_AGE:
        facts.size = conn.execute(text("SELECT max(rowid) FROM resident")).scalar() or 0
        facts.size_at = now
    return facts.size


def iin_index(conn: Connection) -> str:
    """The name SQLite gave the unique index of ``resident.iin``."""
    facts = _facts(conn)
    if facts.iin_index is None:
        for name in conn.execute(text("SELECT name FROM pragma_index_list('resident') WHERE \"unique\" = 1")):
            columns = conn.execute(text("SELECT name FROM pragma_index_info(:ix)"), {"ix": name[0]}).scalars()
            if list(columns) == ["iin"]:
                facts.iin_index = name[0]
                break
        else:
            raise LookupError("the register has no unique IIN index")
    return facts.iin_index


def threshold(wanted: int, size: int, ratio: float) -> int:
    """Matches above which walking the order index is cheaper than collecting them all."""
    return max(wanted, math.isqrt(int(wanted * size * ratio)))


@lru_cache(maxsize=64)
def _counter(index: str, part: str) -> Select:
    r = IndexedBy.of(RESIDENT, index).c
    condition = {"surname": _surname, "given": _given, "given_word": lambda c: _within(c.given_key, "glo", "ghi"),
                 "iin": _iin}[part](r)  # fmt: skip
    inner = select(literal(1)).where(condition).limit(bindparam("cap")).subquery()
    return select(func.count()).select_from(inner)


def capped_count(conn: Connection, index: str, part: str, params: dict, cap: int) -> int:
    """How many entries of an index a part of the text matches, counting no further than cap + 1."""
    return conn.execute(_counter(index, part), {**params, "cap": cap + 1}).scalar() or 0


# -- pages ------------------------------------------------------------------------------------------


def _ordered(keys, descending: bool) -> list:
    return [k.desc() if descending else k.asc() for k in keys]


def _part(index: str, kind: str, part: str, shape: tuple, descending: bool) -> Select:
    """The first ``wanted`` (search key, id) of one part of a search, read through ``index``."""
    r = IndexedBy.of(RESIDENT, index).c
    condition = {"surname": _surname, "given": _given, "pair": _pair, "iin": _iin}[part](r)
    query = select(r.search_key.label("key"), r.id.label("id")).where(condition, *filter_clauses(shape, r))
    return query.order_by(*_ordered((r.search_key, r.id), descending)).limit(bindparam("wanted"))


@lru_cache(maxsize=256)
def name_page(way: tuple[str, ...], kind: str | None, shape: tuple, descending: bool) -> Select:
    """A page of (key, id) in (search key, id) order.

    ``way`` is ("walk",): the name index walked in order and each entry tested; or the
    parts (index, part) to take ``wanted`` from each and merge.
    """
    if way == ("walk",):
        r = IndexedBy.of(RESIDENT, NAME_INDEX).c
        query = select(r.search_key.label("key"), r.id.label("id")).where(*filter_clauses(shape, r))
        if kind is not None:
            query = query.where(text_clause(kind, r))
        query = query.order_by(*_ordered((r.search_key, r.id), descending))
    else:
        parts = [_part(index, kind, part, shape, descending) for index, part in (p.split(":") for p in way)]
        if len(parts) == 1:
            merged = parts[0].subquery()
        else:  # a resident found by two parts appears once
            merged = union(*(select(p.subquery()) for p in parts)).subquery()
        query = select(merged.c.key, merged.c.id).order_by(*_ordered((merged.c.key, merged.c.id), descending))
    return query.offset(bindparam("offset")).limit(bindparam("limit"))


def name_way(conn: Connection, terms: Terms | None, iin_ix: str, wanted: int) -> tuple[str, ...]:
    """How to read a page in name order: walk the name index, or merge the parts' first rows."""
    if terms is None:
        return ("walk",)
    params = terms.params()
    size = register_size(conn)
    if terms.iin is not None:
        cap = threshold(wanted, size, IIN_COLLECT_RATIO)
        if capped_count(conn, iin_ix, "iin", params, cap) > cap:
            return ("walk",)
        return (f"{iin_ix}:iin",)
    cap = threshold(wanted, size, NAME_COLLECT_RATIO)
    if capped_count(conn, GIVEN_INDEX, "given", params, cap) > cap:
        return ("walk",)  # given-name matches are dense: a page of them comes soon in name order
    way = (f"{NAME_INDEX}:surname", f"{GIVEN_INDEX}:given")
    if terms.pair is not None:
        if capped_count(conn, GIVEN_INDEX, "given_word", params, cap) <= cap:
            return (*way, f"{GIVEN_INDEX}:pair")
        return (*way, f"{NAME_INDEX}:pair")  # a common given name: the surname's range, in order
    return way


@lru_cache(maxsize=256)
def other_page(column: str, walk: str | None, kind: str | None, shape: tuple, descending: bool) -> Select:
    """A page of (key, id) in another order: the matches sorted, or ``walk`` (an index) walked."""
    r = (IndexedBy.of(RESIDENT, walk) if walk else RESIDENT).c
    key = getattr(r, column)
    query = select(key.label("key"), r.id.label("id")).where(*filter_clauses(shape, r))
    if kind is not None:
        query = query.where(text_clause(kind, r))
    query = query.order_by(*_ordered((key, r.id), descending))
    return query.offset(bindparam("offset")).limit(bindparam("limit"))


def other_walk(conn: Connection, terms: Terms | None, walk_index: str | None, wanted: int) -> str | None:
    """The index to walk for a page in another order, or None to sort the matches.

    Only the name indexes hold the text, so both ways read table rows here:
    collecting reads one per match, walking one per entry passed.
    """
    if terms is None or walk_index is None:
        return None
    cap = threshold(wanted, register_size(conn), TABLE_WALK_RATIO)
    params = terms.params()
    if terms.iin is not None:
        found = capped_count(conn, iin_index(conn), "iin", params, cap)
    else:
        found = capped_count(conn, NAME_INDEX, "surname", params, cap)
        if found <= cap:
            found += capped_count(conn, GIVEN_INDEX, "given", params, cap - found)
    return walk_index if found > cap else None


@lru_cache(maxsize=32768)
def uuid_of(hex_id: str | None) -> uuid.UUID | None:
    """An id from its stored text (32 hex digits); a search typed letter by letter meets the same people."""
    return None if hex_id is None else uuid.UUID(hex_id)


def as_text(column) -> ColumnElement:
    """A UUID column read as its stored text, for ``uuid_of``."""
    return type_coerce(column, String)


@dataclass(frozen=True)
class PageQuery:
    """A page query with what to bind to it: ``statement`` gives (key, id) in order."""

    statement: Select
    params: dict[str, Any]


def page_query(
    conn: Connection,
    terms: Terms | None,
    filters: Filters,
    *,
    order: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> PageQuery:
    """The query of one page of (key, id), choosing how to read it (see the module's docstring).

    ``order`` is "name" or a resident column; the address is ordered by ``address_key``.
    """
    params: dict[str, Any] = {**filters.params(), "offset": offset, "limit": limit, "wanted": offset + limit}
    kind = None
    if terms is not None:
        params.update(terms.params())
        kind = terms.kind
    if order == "name":
        iin_ix = iin_index(conn) if terms is not None and terms.iin is not None else ""
        way = name_way(conn, terms, iin_ix, offset + limit)
        return PageQuery(name_page(way, kind, filters.shape, descending), params)
    walkable = {"address_key": ADDRESS_INDEX, "iin": iin_index(conn)}.get(order)
    walk = other_walk(conn, terms, walkable, offset + limit)
    return PageQuery(other_page(order, walk, kind, filters.shape, descending), params)


# -- counts -------------------------------------------------------------------------------------------


@lru_cache(maxsize=128)
def count_statement(kind: str | None, shape: tuple, iin_by: str | None = None) -> Select:
    """How many residents match, read from the name indexes, each resident counted once.

    The surname range, then the given-name range without those already counted,
    then given name + surname without either: range counts, no set of ids.
    ``iin_by`` is the index an IIN count reads (its own for few matches).
    """
    if kind is None:
        # SQLite counts from a covering index by itself
        return select(func.count()).select_from(RESIDENT).where(*filter_clauses(shape, RESIDENT.c))
    if kind == "iin":
        table = IndexedBy.of(RESIDENT, iin_by or NAME_INDEX)
        return select(func.count()).select_from(table).where(_iin(table.c), *filter_clauses(shape, table.c))
    by_name, by_given = IndexedBy.of(RESIDENT, NAME_INDEX).c, IndexedBy.of(RESIDENT, GIVEN_INDEX).c
    counts = [
        select(func.count()).where(_surname(by_name), *filter_clauses(shape, by_name)),
        select(func.count()).where(
            _given(by_given), not_(_surname(by_given)), *filter_clauses(shape, by_given)
        ),
    ]
    if kind == "pair":
        counts.append(
            select(func.count()).where(
                _pair(by_given),
                not_(_surname(by_given)),
                not_(_given(by_given)),
                *filter_clauses(shape, by_given),
            )
        )
    total = counts[0].scalar_subquery()
    for c in counts[1:]:
        total = total + c.scalar_subquery()
    return select(total)


def count_query(conn: Connection, terms: Terms | None, filters: Filters) -> PageQuery:
    """The count's statement and values (an IIN prefix picks the index by how many it matches)."""
    params: dict[str, Any] = filters.params()
    if terms is None:
        return PageQuery(count_statement(None, filters.shape), params)
    params.update(terms.params())
    iin_by = None
    if terms.iin is not None:  # a table row per match against an index entry per resident
        cap = max(64, register_size(conn) // 40)
        ix = iin_index(conn)
        iin_by = ix if capped_count(conn, ix, "iin", params, cap) <= cap else NAME_INDEX
    return PageQuery(count_statement(terms.kind, filters.shape, iin_by), params)


def count(conn: Connection, terms: Terms | None, filters: Filters) -> int:
    """How many residents match the text and the filters."""
    query = count_query(conn, terms, filters)
    return conn.execute(query.statement, query.params).scalar() or 0
