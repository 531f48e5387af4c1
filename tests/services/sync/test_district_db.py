"""The district store is created by the same migrations on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from zhoob_desktop.models import Base, migrate
from zhoob_desktop.models.base import okrug_only_indexes
from zhoob_desktop.services.errors import SchemaTooNew
from zhoob_desktop.services.sync.district_db import database_url, drop_okrug_only_indexes, open_district

OKRUG_ONLY = {"ix_resident_name", "ix_resident_given", "ix_resident_address_key"}


def _indexes(engine, table: str = "resident") -> set[str]:
    with engine.connect() as conn:
        return {ix["name"] for ix in inspect(conn).get_indexes(table)}


def test_every_migration_runs_and_matches_the_models_less_the_okrug_only_indexes(district):
    with district.engine.connect() as conn:
        assert migrate.current_revisions(conn) == migrate.head_revisions()
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    missing = {d[1].name for d in diff if d[0] == "add_index"}
    assert missing == OKRUG_ONLY and len(diff) == len(OKRUG_ONLY), f"{district.dialect}: {diff}"


def test_the_okrug_only_indexes_are_the_desks_and_the_register_tables(store):
    """The declared list is what the okrug's store has and the district's lacks."""
    assert {str(ix.name) for ix in okrug_only_indexes()} == OKRUG_ONLY
    kept = {"ix_resident_settlement_id", "ix_resident_street_id", "ix_resident_house_id"}
    assert OKRUG_ONLY | kept <= _indexes(store.engine)


def test_a_district_store_lacks_the_okrug_only_indexes_and_keeps_the_rest(district):
    names = _indexes(district.engine)
    assert not names & OKRUG_ONLY
    # References are checked through these (a house removed: its residents), the IIN is unique.
    assert {"ix_resident_settlement_id", "ix_resident_street_id", "ix_resident_house_id"} <= names
    with district.engine.connect() as conn:
        assert any(
            u["column_names"] == ["iin"] for u in inspect(conn).get_unique_constraints("resident")
        ) or (
            any(
                ix["column_names"] == ["iin"] and ix["unique"] for ix in inspect(conn).get_indexes("resident")
            )
        )


def _give_back(engine) -> None:
    """What a district store of an earlier version (or a migration recreating them) holds."""
    with engine.begin() as conn:
        for ix in okrug_only_indexes():
            ix.create(conn)


def test_opening_a_district_store_that_has_them_drops_them_once(district):
    url = district.url
    _give_back(district.engine)
    assert OKRUG_ONLY <= _indexes(district.engine)
    district.close()
    again = open_district(url)
    try:
        assert not _indexes(again.engine) & OKRUG_ONLY
        _give_back(again.engine)
        assert sorted(drop_okrug_only_indexes(again.engine)) == sorted(OKRUG_ONLY)
    finally:
        again.close()
    # Once: after an open there is nothing left to drop.
    again = open_district(url)
    try:
        assert drop_okrug_only_indexes(again.engine) == []
    finally:
        again.close()


def test_migrating_a_district_store_that_has_them_drops_them(district_sqlite):
    """An earlier version's store, a revision behind, with the desk's indexes: migrated, they go."""
    url = district_sqlite.url
    _give_back(district_sqlite.engine)
    with district_sqlite.engine.begin() as conn:
        head = conn.execute(
            text("select version_num from alembic_version where version_num like 'reg%'")
        ).scalar()
        assert head == "reg02"
        conn.execute(text("update alembic_version set version_num = 'reg01' where version_num = 'reg02'"))
        conn.execute(text("drop index ix_resident_name"))
        conn.execute(text("drop index ix_resident_given"))
        conn.execute(text("create index ix_resident_search_key on resident (search_key)"))
        conn.execute(text("create index ix_resident_given_key on resident (given_key)"))
    district_sqlite.close()
    store = open_district(url)
    try:
        assert migrate.current_revisions_of(store.engine) == migrate.head_revisions()
        names = _indexes(store.engine)
        assert not names & (OKRUG_ONLY | {"ix_resident_search_key", "ix_resident_given_key"})
    finally:
        store.close()


def test_no_migration_drops_an_okrug_only_index_unless_it_may_be_missing():
    """A district store lacks them: an upgrade that drops one must say ``if_exists=True``."""
    import ast

    from zhoob_desktop.paths import migrations_dir

    for path in sorted((migrations_dir() / "versions").glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for fn in tree.body:
            if not (isinstance(fn, ast.FunctionDef) and fn.name == "upgrade"):
                continue
            for call in ast.walk(fn):
                if not (isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "drop_index"):
                    continue
                names = {a.value for a in call.args if isinstance(a, ast.Constant)}
                names |= {
                    a.args[0].value
                    for a in call.args
                    if isinstance(a, ast.Call) and a.args and isinstance(a.args[0], ast.Constant)
                }
                if names & OKRUG_ONLY:
                    keywords = {k.arg: getattr(k.value, "value", None) for k in call.keywords}
                    assert keywords.get("if_exists") is True, f"{path.name}: drop_index{sorted(names)}"


@pytest.mark.postgres
def test_postgres_store_is_really_postgres(district_pg):
    assert district_pg.dialect == "postgresql"
    with district_pg.engine.connect() as conn:
        assert conn.execute(text("select version()")).scalar().startswith("PostgreSQL")


def test_database_url_accepts_paths_and_urls(tmp_path):
    assert str(database_url(tmp_path / "d.sqlite")).startswith("sqlite:///")
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_newer_database_is_refused(district_sqlite):
    with district_sqlite.engine.begin() as conn:
        conn.execute(text("insert into alembic_version values ('zzz99')"))
    url = district_sqlite.url
    district_sqlite.close()
    with pytest.raises(SchemaTooNew):
        open_district(url)


def test_an_imports_page_cache_grows_with_the_store_within_its_bounds():
    from zhoob_desktop.services.sync.district import IMPORT_CACHE_KIB, IMPORT_CACHE_MAX_KIB, import_cache_kib

    assert import_cache_kib(0) == IMPORT_CACHE_KIB == 32 * 1024
    assert import_cache_kib(120 * 1024 * 1024) == 120 * 1024
    assert import_cache_kib(10 * 1024**3) == IMPORT_CACHE_MAX_KIB == 256 * 1024
