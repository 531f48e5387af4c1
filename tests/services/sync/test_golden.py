"""Stored bundles imported today give exactly what they gave when they were made.

``golden/`` holds bundles written by an earlier version of the program (sealed
and in clear, full and incremental, forged, out of order) and what its
importer answered and stored (``golden/make_golden.py``). The importer of
today must read those files, answer each import the same (counts, conflicts,
moves, closures, refusals), keep the same rows and send the same receipts, on
SQLite and on PostgreSQL, whatever the size of the chunks it plans and writes in
and wherever it keeps what it read and planned (memory or scratch files).
"""

from __future__ import annotations

import json
import shutil

import pytest

from tests.services.sync.golden import make_clash as clash
from tests.services.sync.golden import make_golden as golden
from zhoob_desktop.services.sync.district_db import open_district

EXPECTED = json.loads((golden.HERE / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    return golden.keys_of(golden.HERE, tmp_path_factory.mktemp("golden-keys"))


def _check(got: dict) -> None:
    for before, now in zip(EXPECTED["imports"], got["imports"], strict=True):
        assert now == before
    assert got["receipts"] == EXPECTED["receipts"]
    assert sorted(got["store"]) == sorted(EXPECTED["store"])
    for table, rows in EXPECTED["store"].items():
        assert got["store"][table] == rows, table


@pytest.mark.parametrize("chunk", [None, 3])
def test_stored_bundles_import_as_they_did_on_sqlite(
    keys, tmp_path, sqlite_district_template, chunk, monkeypatch
):
    if chunk is not None:
        from zhoob_desktop.services.sync import container, plan_rows, verify, writes

        monkeypatch.setattr(verify, "CHUNK", chunk)
        monkeypatch.setattr(plan_rows, "CHUNK", chunk)
        # Members and planned rows past a few hundred bytes go to the (encrypted) scratch files.
        monkeypatch.setattr(container, "SPOOL_MEMORY", 300)
        monkeypatch.setattr(writes, "SPOOL_MEMORY", 300)
    shutil.copyfile(sqlite_district_template, tmp_path / "district.sqlite")
    dstore = open_district(tmp_path / "district.sqlite")
    try:
        _check(golden.run_imports(golden.HERE, dstore, keys))
    finally:
        dstore.close()


@pytest.mark.postgres
def test_stored_bundles_import_as_they_did_on_postgres(keys, pg_server, pg_template):
    dstore = open_district(pg_server.url(pg_server.create_database(pg_template)))
    try:
        _check(golden.run_imports(golden.HERE, dstore, keys))
    finally:
        dstore.close()


CLASH = json.loads((clash.HERE / "expected.json").read_text(encoding="utf-8"))


def _sorted(lines: list) -> list:
    return sorted(lines, key=lambda line: json.dumps(line, sort_keys=True, ensure_ascii=False))


def _check_clash(got: dict) -> None:
    for before, now in zip(CLASH["imports"], got["imports"], strict=True):
        assert now == before
    assert got["listed"] == CLASH["listed"]
    # A receipt lists conflicts by the time found; those of one import share it (their order is the database's).
    assert {k: _sorted(v) for k, v in got["receipts"].items()} == {
        k: _sorted(v) for k, v in CLASH["receipts"].items()
    }
    assert sorted(got["store"]) == sorted(CLASH["store"])
    for table, rows in CLASH["store"].items():
        assert got["store"][table] == rows, table


def test_bundles_full_of_clashes_import_as_they_did(keys, district):
    """Every IIN of okrug B's bundles held by okrug A: the same conflicts, decisions kept, messages,
    on SQLite and on PostgreSQL (the ``district`` fixture)."""
    _check_clash(clash.run_imports(clash.HERE, district, keys))
