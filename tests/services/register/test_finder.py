"""Searches read from the name indexes give exactly the rows, order and counts of a plain query.

The reference below is the straightforward query: every match collected and
sorted. The finder must agree with it for every text, filter, order, page
and way of reading (walking the index in order or collecting the matches),
which the tests force in turn by moving the thresholds.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import and_, func, not_, or_, select

from tests.conftest import copy_store
from zhoob_desktop.models.register import Resident, SocialStatus, resident_status
from zhoob_desktop.services.demo import create_demo
from zhoob_desktop.services.register import finder, structure
from zhoob_desktop.services.register.iin import make_iin, normalize_iin
from zhoob_desktop.services.register.membership import (
    adult_age_in,
    find_for_checkin,
    list_members,
    member_clause,
)
from zhoob_desktop.services.register.query import ResidentFilter, count_residents, query_residents
from zhoob_desktop.services.register.residents import (
    ResidentInput,
    create_resident,
    delete_resident,
    mark_left,
)
from zhoob_desktop.services.register.search import fold, prefix_bounds
from zhoob_desktop.services.store import open_store

TODAY = date(2026, 11, 25)
ORDERS = ("name", "iin", "birth_date", "address", "registered_on")
ORDER_COLUMN = {"name": "search_key", "address": "address_key"}


# -- the reference: the plain query -----------------------------------------------------------


def reference_text(typed: str):
    digits = normalize_iin(typed)
    if digits and digits.isascii() and digits.isdigit():
        low, high = prefix_bounds(digits)
        return and_(Resident.iin >= low, Resident.iin < high)
    key = fold(typed)
    if not key:
        return None
    low, high = prefix_bounds(key)
    options = [
        and_(Resident.search_key >= low, Resident.search_key < high),
        and_(Resident.given_key >= low, Resident.given_key < high),
    ]
    given, _, rest = key.partition(" ")
    if rest:
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


def reference_conditions(s, flt: ResidentFilter):
    on, age = flt.member_on or TODAY, adult_age_in(s)
    out = []
    if not flt.include_left:
        out += [Resident.deleted_at.is_(None), Resident.left_on.is_(None)]
    if flt.text and (clause := reference_text(flt.text)) is not None:
        out.append(clause)
    if flt.settlement_id is not None:
        out.append(Resident.settlement_id == flt.settlement_id)
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


def reference_ids(store, flt, order_by="name", descending=False, offset=0, limit=200):
    column = getattr(Resident, ORDER_COLUMN.get(order_by, order_by))
    keys = [column, Resident.id]
    with store.session() as s:
        query = (
            select(Resident.id)
            .where(*reference_conditions(s, flt))
            .order_by(*(k.desc() if descending else k.asc() for k in keys))
            .offset(offset)
            .limit(limit)
        )
        return list(s.execute(query).scalars())


def reference_count(store, flt):
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(Resident).where(*reference_conditions(s, flt)))


def reference_checkin(store, typed, on, limit):
    clause = reference_text(typed)
    if clause is None:
        return []
    with store.session() as s:
        query = (
            select(Resident.id)
            .where(member_clause(on, adult_age_in(s)), clause)
            .order_by(Resident.search_key, Resident.id)
            .limit(limit)
        )
        return list(s.execute(query).scalars())


# -- a register with the awkward cases ---------------------------------------------------------


@pytest.fixture(scope="module")
def register(tmp_path_factory, template_store_dir):
    folder = tmp_path_factory.mktemp("finder")
    copy_store(template_store_dir, folder)
    store = open_store(folder, lock=False)
    create_demo(store, today=TODAY)
    village = structure.list_settlements(store)[0]
    serial = iter(range(9000, 9999))

    def add(surname, given, patronymic="", born=date(1980, 3, 1), sex="M", **extra):
        data = ResidentInput(
            surname,
            given,
            patronymic,
            iin=make_iin(born, sex, next(serial)),
            birth_date=born,
            sex=sex,
            settlement_id=village.id,
            **extra,
        )
        return create_resident(store, data, today=TODAY, iin_confirmed=True)

    for _ in range(4):  # namesakes: the order among them is the id's
        add("Қасымов", "Асхат", "Ерланұлы")
    add("Ким", "Асхат")  # a surname that is a word of another one
    add("Ким Ли", "Асхат")
    add("Ким", "Ярослав")
    add("Aбаев", "Eрлан")  # Latin A and E typed into Cyrillic names
    add("Асхатов", "Асхат", "Асхатұлы")  # found by the surname and the given name at once
    add("Ерланова", "Асель", born=date(2015, 6, 1), sex="F")  # a child: not a member
    add("Болашақ", "Тіркеу", registered_on=date(2027, 1, 1))  # registered after the day
    mark_left(store, add("Кеткен", "Асхат").id, "moved", date(2026, 1, 10))
    delete_resident(store, add("Қате", "Асхат").id)
    yield store
    store.close(backup=False)


@pytest.fixture(params=["default", "walk", "collect"])
def way(request, monkeypatch):
    """Thresholds as shipped, or moved so that every part walks, or every part collects."""
    if request.param == "walk":
        for name in ("NAME_COLLECT_RATIO", "IIN_COLLECT_RATIO", "TABLE_WALK_RATIO"):
            monkeypatch.setattr(finder, name, 0.0)
    elif request.param == "collect":
        for name in ("NAME_COLLECT_RATIO", "IIN_COLLECT_RATIO", "TABLE_WALK_RATIO"):
            monkeypatch.setattr(finder, name, 1e9)
    return request.param


def typed_texts(store, rng: random.Random) -> list[str]:
    with store.session() as s:
        people = s.execute(select(Resident.surname, Resident.given_name, Resident.iin)).all()
    texts = ["а", "Ә", "қ", "к", "ер", "ЕР", "ким", "ким л", "ким а", "асхат ким", "асхат қас", "eр", "aб",
             "я", "ю", "щщщ", "  асх  ", "-", "0", "9", "87", "870", "1234567890123", "қасымов асхат ерл"]  # fmt: skip
    for surname, given, iin in rng.sample(people, 25):
        texts.append(surname[: rng.randint(1, len(surname))])
        texts.append(fold(surname)[: rng.randint(2, 6)].capitalize())  # typed on a Russian keyboard
        texts.append(given[: rng.randint(1, 4)])
        texts.append(f"{given} {surname[: rng.randint(1, 3)]}")
        if iin:
            texts.append(iin[: rng.randint(1, 12)])
    return texts


def filters(store) -> list[ResidentFilter]:
    village = structure.list_settlements(store)[1]
    return [
        ResidentFilter(),
        ResidentFilter(include_left=True),
        ResidentFilter(member=True),
        ResidentFilter(member=False),
        ResidentFilter(member=True, member_on=date(2026, 1, 1)),
        ResidentFilter(settlement_id=village.id),
        ResidentFilter(status_code="pensioner"),
        ResidentFilter(include_left=True, member=True, status_code="disability"),
    ]


def test_pages_and_counts_match_the_plain_query(register, way):
    rng = random.Random(17)
    flts = filters(register)
    for typed in typed_texts(register, rng):
        for _ in range(3):
            flt = replace(rng.choice(flts), text=typed.strip())
            order_by = rng.choice(ORDERS) if rng.random() < 0.5 else "name"
            descending = rng.random() < 0.3
            offset, limit = rng.choice([(0, 20), (0, 200), (7, 20), (40, 13), (0, 1)])
            expected = reference_ids(register, flt, order_by, descending, offset, limit)
            got = query_residents(register, flt, order_by, descending, offset, limit, today=TODAY)
            assert [r.id for r in got] == expected, (typed, flt, order_by, descending, offset, limit)
        assert count_residents(register, flt, today=TODAY) == reference_count(register, flt), (typed, flt)


def test_check_in_search_matches_the_plain_query(register, way):
    rng = random.Random(3)
    for typed in typed_texts(register, rng):
        for on, limit in ((TODAY, 20), (date(2026, 1, 1), 20), (TODAY, 5)):
            got = [m.id for m in find_for_checkin(register, typed, on, limit)]
            assert got == reference_checkin(register, typed, on, limit), (typed, on, limit)


def test_rows_of_a_page_are_read_in_full(register):
    (row,) = query_residents(register, ResidentFilter(text="ким ли"), today=TODAY)
    assert row.full_name == "Ким Ли Асхат" and row.address.startswith(
        structure.list_settlements(register)[0].name
    )
    members = {m.id: m for m in list_members(register, TODAY)}
    for ref in find_for_checkin(register, "қасымов асхат", TODAY):
        assert ref == members[ref.id]


def _plan(conn, statement, params) -> str:
    compiled = statement.compile(conn)
    bound = compiled.construct_params(params)
    values = tuple(
        str(v) if isinstance(v, date) else v for v in (bound[name] for name in compiled.positiontup)
    )
    rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", values)
    return " | ".join(str(row[-1]) for row in rows)


def test_a_search_walks_the_name_index_and_reads_only_the_page(register):
    """What keeps a page cheap: the name index walked in order, then the page's rows read by id."""
    from zhoob_desktop.services.register.query import _with_rows

    with register.session() as s:
        conn = s.connection()
        page = finder.page_query(conn, finder.terms_of("а"), finder.Filters(include_left=False), limit=20)
        walk = _plan(conn, page.statement, page.params)
        rows = _plan(conn, _with_rows(page.statement, False), page.params)
    assert "SCAN resident USING COVERING INDEX ix_resident_name" in walk and "TEMP B-TREE" not in walk, walk
    # the page first (at most a page of ids), then each of its residents by id
    assert rows.index("SCAN page") < rows.index("SEARCH resident USING INDEX") and "(id=?)" in rows, rows


def test_a_register_of_the_first_schema_gets_the_name_indexes_and_keeps_its_residents(tmp_path):
    from alembic import command
    from sqlalchemy import text

    from zhoob_desktop.models import migrate

    store = open_store(tmp_path, lock=False)
    create_demo(store, today=TODAY)
    before = [r.id for r in query_residents(store, ResidentFilter(text="ас"), today=TODAY)]
    cfg = migrate.alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "reg01")
        indexes = {row[0] for row in conn.execute(text("SELECT name FROM pragma_index_list('resident')"))}
    assert {"ix_resident_search_key", "ix_resident_given_key"} <= indexes and finder.NAME_INDEX not in indexes
    store.close(backup=False)

    store = open_store(tmp_path, lock=False)  # migrates
    with store.engine.connect() as conn:
        indexes = {row[0] for row in conn.execute(text("SELECT name FROM pragma_index_list('resident')"))}
    assert {finder.NAME_INDEX, finder.GIVEN_INDEX} <= indexes and "ix_resident_search_key" not in indexes
    assert [r.id for r in query_residents(store, ResidentFilter(text="ас"), today=TODAY)] == before
    store.close(backup=False)
