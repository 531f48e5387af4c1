"""Fixtures of the sync tests: district stores on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import shutil

import pytest

from tests.services.sync.pg import PgServer, PgUnavailable
from zhoob_desktop.services.sync.district_db import open_district


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for this test session (skipped, with the reason, when it cannot start)."""
    try:
        server = PgServer().start()
    except PgUnavailable as exc:
        pytest.skip(f"PostgreSQL server unavailable: {exc}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_template(pg_server):
    """A database migrated once with every head; tests copy it (CREATE DATABASE ... TEMPLATE)."""
    name = pg_server.create_database()
    store = open_district(pg_server.url(name))
    store.close()
    return name


@pytest.fixture
def district_pg(pg_server, pg_template):
    store = open_district(pg_server.url(pg_server.create_database(pg_template)))
    yield store
    store.close()


@pytest.fixture(scope="session")
def sqlite_district_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("district-template") / "district.sqlite"
    open_district(path).close()
    return path


@pytest.fixture
def district_sqlite(tmp_path, sqlite_district_template):
    path = tmp_path / "district.sqlite"
    shutil.copyfile(sqlite_district_template, path)
    store = open_district(path)
    yield store
    store.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def district(request):
    """The district store on each supported database."""
    return request.getfixturevalue(f"district_{'pg' if request.param == 'postgres' else 'sqlite'}")
