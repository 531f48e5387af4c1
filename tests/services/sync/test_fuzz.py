"""Fuzzing the district importer: the zip's structure, the manifest's JSON and the records' fields.

Every malformed bundle must be refused with a typed, translated message
(a ``BundleRejected``), never a traceback, and leave the district store as it
was. Manifest and record mutations are signed again with the okrug's own key
and their hashes fixed, so they reach the checks after the signature; each
mutation makes the bundle invalid by construction (a value of another JSON
type, a text longer than its column, a field left out...). Zip mutations are
not signed again: the genuine bundle is imported first, so a mutation that
leaves every verified byte as it was can only be "already imported".

About 3,000 cases on SQLite and a few hundred on PostgreSQL
(``ZHOOB_FUZZ_EXAMPLES`` scales them), then a batch of the refused files
through ``zhoob district import``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import uuid
import zipfile
import zlib
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import copy_store
from tests.services.sync import helpers as h
from tests.services.sync import zipcraft as zc
from tests.services.sync.okrug_data import Clock, add_residents, hold_sitting, make_okrug
from zhoob_desktop.services.store import open_store
from zhoob_desktop.services.sync import district as dist
from zhoob_desktop.services.sync import errors as E
from zhoob_desktop.services.sync import export as ex
from zhoob_desktop.services.sync.container import canonical_json
from zhoob_desktop.services.sync.district_db import open_district
from zhoob_desktop.services.sync.keys import DistrictKeys
from zhoob_desktop.services.sync.records import codec

SCALE = float(os.environ.get("ZHOOB_FUZZ_EXAMPLES", "1"))
REFUSED_FOR_CLI: list[bytes] = []


def _examples(n: int) -> int:
    return max(10, int(n * SCALE))


def _settings(n: int):
    return settings(
        max_examples=_examples(n),
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


@pytest.fixture(scope="module")
def okrug(tmp_path_factory, template_store_dir):
    """A small okrug: residents, a held sitting with a follow-up step and a finalised protocol."""
    from zhoob_desktop.services.decisions.register import list_decisions, record_step
    from zhoob_desktop.services.documents.issue import finalise_protocol

    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "okrug").mkdir()
    copy_store(template_store_dir, folder / "okrug")
    store = open_store(folder / "okrug")
    make_okrug(store)
    people = add_residents(store, 4)
    sitting = hold_sitting(store, Clock(), people)
    (decision,) = list_decisions(store)
    record_step(
        store, decision.id, "protocol_handed", on=decision.held_on, actor="t", today=date(2026, 10, 9)
    )
    finalise_protocol(store, sitting, "kk", signed_on=date(2026, 10, 6), actor="t")
    keys = DistrictKeys(folder / "district-keys").ensure()
    (folder / "district.key").write_bytes(keys.public().to_json())
    ex.import_district_key(store, folder / "district.key")
    ex.export_public_key(store, folder / "okrug.key")
    plain = ex.export_bundle(store, folder / "plain.zip", seal=False).path
    sign = ex.okrug_keys(store).sign
    store.close(backup=False)
    items = h.members(plain)
    manifest = json.loads(items["manifest.json"])
    return {
        "folder": folder,
        "keys": keys,
        "plain": plain,
        "entries": [zc.entry_from(n, d) for n, d in _ordered(plain)],
        "manifest": manifest,
        "decoded": h._decode({k: v for k, v in items.items() if not k.startswith("manifest")}, manifest),
        "sign": sign,
    }


def _ordered(path):
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


class Target:
    """A district store for fuzzing, with a cheap check that nothing was committed to it."""

    def __init__(self, dstore, okrug, *, genuine: bool):
        self.dstore, self.keys = dstore, okrug["keys"]
        dist.register_okrug(dstore, okrug["folder"] / "okrug.key")
        if genuine:
            dist.import_bundle(dstore, okrug["plain"], okrug["keys"])
        self.before = h.dump(dstore)
        self.path = okrug["folder"] / f"case-{uuid.uuid4().hex[:8]}.zip"
        self._watch = None
        if dstore.dialect == "sqlite":
            self._watch = sqlite3.connect(dstore.engine.url.database)
            self._version = self._data_version()

    def _data_version(self) -> int:
        return self._watch.execute("PRAGMA data_version").fetchone()[0]

    def unchanged(self) -> bool:
        if self._watch is not None:
            return self._data_version() == self._version
        return h.dump(self.dstore) == self.before

    def attempt(self, data: bytes, *, may_be_the_same: bool = False) -> None:
        """Import the bytes: a typed refusal (or, for an unchanged bundle, already imported)."""
        self.path.write_bytes(data)
        try:
            dist.import_bundle(self.dstore, self.path, self.keys)
        except E.BundleRejected as exc:
            message = exc.message()
            assert message and "Traceback" not in message
            if len(REFUSED_FOR_CLI) < 60:
                REFUSED_FOR_CLI.append(data)
        except E.AlreadyImported:
            assert may_be_the_same, "only the genuine bundle can be already imported"
        else:
            raise AssertionError("a malformed bundle was imported")
        assert self.unchanged(), "a refused bundle changed the district store"

    def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
        assert h.dump(self.dstore) == self.before


@pytest.fixture(scope="module")
def sqlite_targets(okrug, tmp_path_factory, sqlite_district_template):
    made = []

    def make(genuine: bool) -> Target:
        path = tmp_path_factory.mktemp("fuzz-district") / "district.sqlite"
        shutil.copyfile(sqlite_district_template, path)
        target = Target(open_district(path), okrug, genuine=genuine)
        made.append(target)
        return target

    targets = {"genuine": make(True), "empty": make(False)}
    yield targets
    for t in made:
        t.close()
        t.dstore.close()


@pytest.fixture(scope="module")
def pg_targets(okrug, pg_server, pg_template):
    targets = {
        name: Target(open_district(pg_server.url(pg_server.create_database(pg_template))), okrug, genuine=g)
        for name, g in (("genuine", True), ("empty", False))
    }
    yield targets
    for t in targets.values():
        t.close()
        t.dstore.close()


# -- the zip's structure ----------------------------------------------------------------------

METHODS = st.sampled_from([0, 1, 6, 8, 9, 12, 14, 18, 19, 93, 94, 95, 96, 97, 98, 99]) | st.integers(
    0, 0xFFFF
)
ENTRY_OPS = st.one_of(
    st.tuples(st.just("flags"), st.integers(0, 0xFFFF)),
    st.tuples(st.just("method"), METHODS),
    st.tuples(st.just("name"), st.binary(max_size=40)),
    st.tuples(st.just("size"), st.integers(0, 2**32 - 1)),
    st.tuples(st.just("crc"), st.integers(0, 2**32 - 1)),
    st.tuples(st.just("flip"), st.integers(0, 2**31)),
    st.tuples(st.just("extra"), st.binary(max_size=64)),
    st.tuples(st.just("drop"), st.none()),
    st.tuples(st.just("twice"), st.none()),
    st.tuples(st.just("cut"), st.integers(0, 2**31)),
)
RAW_OPS = st.one_of(
    st.tuples(st.just("truncate"), st.integers(0, 2**31)),
    st.tuples(st.just("flip"), st.integers(0, 2**31), st.integers(1, 255)),
    st.tuples(st.just("append"), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("count"), st.integers(0, 0xFFFF)),
)


def _mutate_entry(e: zc.Entry, op: str, value) -> list[zc.Entry]:
    if op == "flags":
        return [zc.Entry(e.name, e.data, e.method, value, e.crc, e.size, e.extra)]
    if op == "method":
        return [zc.Entry(e.name, e.data, value, e.flags, e.crc, e.size, e.extra)]
    if op == "name":
        return [zc.Entry(value, e.data, e.method, e.flags, e.crc, e.size, e.extra)]
    if op == "size":
        return [zc.Entry(e.name, e.data, e.method, e.flags, e.crc, value, e.extra)]
    if op == "crc":
        return [zc.Entry(e.name, e.data, e.method, e.flags, value, e.size, e.extra)]
    if op == "extra":
        return [zc.Entry(e.name, e.data, e.method, e.flags, e.crc, e.size, value)]
    if op == "flip" and e.data:
        data = bytearray(e.data)
        data[value % len(data)] ^= 0x41
        return [zc.Entry(e.name, bytes(data), e.method, e.flags, e.crc, e.size, e.extra)]
    if op == "cut":
        return [
            zc.Entry(e.name, e.data[: value % (len(e.data) + 1)], e.method, e.flags, e.crc, e.size, e.extra)
        ]
    if op == "drop":
        return []
    if op == "twice":
        return [e, e]
    return [e]


def _zip_case(okrug, entry_ops, raw_ops) -> tuple[bytes, bool]:
    entries = list(okrug["entries"])
    for index, (op, value) in entry_ops:
        i = index % len(entries) if entries else 0
        if not entries:
            break
        entries[i : i + 1] = _mutate_entry(entries[i], op, value)
    count = None
    raw_list = []
    for raw in raw_ops:
        if raw[0] == "count":
            count = raw[1]
        else:
            raw_list.append(raw)
    data = bytearray(zc.build(entries, count=count))
    for raw in raw_list:
        if raw[0] == "truncate":
            data = data[: raw[1] % (len(data) + 1)]
        elif raw[0] == "flip" and data:
            data[raw[1] % len(data)] ^= raw[2]
        elif raw[0] == "append":
            data += raw[1]
    genuine = zc.build(okrug["entries"])
    return bytes(data), bytes(data) != genuine


ZIP_CASES = st.tuples(
    st.lists(st.tuples(st.integers(0, 64), ENTRY_OPS), max_size=3),
    st.lists(RAW_OPS, max_size=2),
)


def _zip_fuzz(target: Target, okrug, case) -> None:
    entry_ops, raw_ops = case
    data, _changed = _zip_case(okrug, entry_ops, raw_ops)
    target.attempt(data, may_be_the_same=True)


@pytest.mark.slow
def test_fuzz_the_zip_structure(sqlite_targets, okrug):
    @_settings(1200)
    @given(ZIP_CASES)
    def run(case):
        _zip_fuzz(sqlite_targets["genuine"], okrug, case)

    run()


# -- the manifest's JSON -----------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _kind(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def _paths(value, prefix=()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


def _set(obj, path, value):
    for key in path[:-1]:
        obj = obj[key]
    obj[path[-1]] = value


def _get(obj, path):
    for key in path:
        obj = obj[key]
    return obj


# Same-type values that are still wrong, per manifest field (the name's last part).
BAD_SAME_TYPE = {
    "seq": st.integers(max_value=0),
    "records": st.integers(max_value=-1),
    "size": st.integers(max_value=-1) | st.integers(min_value=2**28 + 1),
    "sha256": st.text(max_size=70).filter(lambda t: len(t) != 64),
    "id": st.text(max_size=40),
    "bundle_id": st.text(max_size=40),
    "created_at": st.text(max_size=30).filter(lambda t: not t[:4].isdigit()),
    "encoding": st.sampled_from(["", "gzip", "zlib+sealed", "PLAIN", "plain "]),
    "kind": st.text(max_size=15),
    "format": st.text(max_size=15),
    "format_version": st.integers().filter(lambda n: n != 1),
}


@st.composite
def manifest_cases(draw, manifest):
    """A path into the manifest and a value that makes it wrong there (another JSON type, or a
    value of the same type the importer refuses); signed with the okrug's key or not."""
    path = draw(st.sampled_from(_paths(manifest)))
    original = _get(manifest, path)
    name = path[-1]
    other = JSON.filter(lambda v: _kind(v) != _kind(original))
    if path == ("acknowledged_seq",):
        other = other.filter(lambda v: not (type(v) is int and v >= 0))
    same = BAD_SAME_TYPE.get(name) if isinstance(name, str) else None
    if path[0] == "okrug" and name != "id":
        same = None
    value = draw(same | other if same is not None else other)
    signed = draw(st.sampled_from([True, True, True, False]))
    whole = draw(st.integers(0, 30)) == 0
    return path, value, signed, whole


def _manifest_fuzz(target: Target, okrug, case) -> None:
    path, value, signed, whole = case
    manifest = json.loads(json.dumps(okrug["manifest"]))
    if whole:
        manifest = value
    else:
        _set(manifest, path, value)
    try:
        body = canonical_json(manifest)
    except (TypeError, ValueError):
        return
    entries = [e for e in okrug["entries"] if e.name not in (b"manifest.json", b"manifest.sig")]
    sig = okrug["sign"](body) if signed else bytes(64)
    entries += [zc.entry_from("manifest.json", body), zc.entry_from("manifest.sig", sig)]
    target.attempt(zc.build(entries))


@pytest.mark.slow
def test_fuzz_the_manifest(sqlite_targets, okrug):
    @_settings(900)
    @given(manifest_cases(okrug["manifest"]))
    def run(case):
        _manifest_fuzz(sqlite_targets["empty"], okrug, case)

    run()


# -- the records' fields ------------------------------------------------------------------------


def _table_of(member: str) -> str | None:
    if member.startswith("register/"):
        return member.split("/")[1].removesuffix(".jsonl")
    if member == "decisions/decision_step.jsonl":
        return "decision_step"
    if member == "okrug.jsonl":
        return "okrug"
    if member.endswith("sitting.jsonl"):
        return "sitting"
    return None


def _wrong_for(column) -> st.SearchStrategy:
    """JSON values a column of this type never takes."""
    from sqlalchemy import JSON as SAJSON
    from sqlalchemy import BigInteger, Boolean, Date, DateTime, Integer, String, Time, Uuid

    t = column.type
    kinds = JSON.filter(lambda v: v is not None)
    if isinstance(t, Boolean):
        return kinds.filter(lambda v: not isinstance(v, bool))
    if isinstance(t, Integer | BigInteger):
        return (
            kinds.filter(lambda v: type(v) is not int)
            | st.integers(min_value=2**63)
            | st.integers(max_value=-(2**63) - 1)
        )
    if isinstance(t, Uuid | Date | DateTime | Time):
        return kinds.filter(lambda v: not isinstance(v, str)) | st.text(max_size=12).filter(
            lambda v: not _parses(t, v)
        )
    if isinstance(t, SAJSON):
        return st.nothing()
    if isinstance(t, String):
        wrong = kinds.filter(lambda v: not isinstance(v, str))
        if t.length:
            wrong = wrong | st.integers(1, 50).map(lambda n, limit=t.length: "Ұ" * (limit + n))
        return wrong
    return st.nothing()


def _parses(t, text: str) -> bool:
    from datetime import datetime, time

    from sqlalchemy import Date, DateTime, Uuid

    parse = (
        uuid.UUID
        if isinstance(t, Uuid)
        else datetime.fromisoformat
        if isinstance(t, DateTime)
        else date.fromisoformat
        if isinstance(t, Date)
        else time.fromisoformat
    )
    try:
        parse(text)
    except (TypeError, ValueError):
        return False
    return True


@st.composite
def record_cases(draw, decoded):
    members = sorted(n for n in decoded if n.endswith(".jsonl") and h.jsonl_lines(decoded[n]))
    member = draw(st.sampled_from(members))
    lines = h.jsonl_lines(decoded[member])
    index = draw(st.integers(0, len(lines) - 1))
    line = lines[index]
    table = _table_of(member)
    if member == "audit.jsonl":  # any field of an audit entry, to another JSON type
        key = draw(st.sampled_from(sorted(line)))
        value = draw(JSON.filter(lambda v: _kind(v) != _kind(line[key])))
        return member, index, ("audit", key, value)
    if member.endswith("journal.jsonl"):
        key = draw(st.sampled_from(sorted(line)))
        if key == "payload":
            value = draw(st.dictionaries(st.text(max_size=5), JSON, min_size=1, max_size=3))
        else:
            original = line[key]
            value = draw(
                JSON.filter(lambda v: _kind(v) != _kind(original))
                | (st.integers(41, 300).map(lambda n: "x" * n) if isinstance(original, str) else st.nothing())
            )
        return member, index, ("event", key, value)
    if member == "protocols.jsonl":
        key = draw(st.sampled_from(["id", "sitting_id", "kind", "number", "digest", "file", "signed_on"]))
        original = line.get(key)
        value = draw(
            JSON.filter(lambda v: _kind(v) != _kind(original) and v not in (None, ""))
            | st.integers(301, 400).map(lambda n: "x" * n)
        )
        return member, index, ("protocol", key, value)
    columns = {c.name: c for c in codec(table).table.columns}
    choice = draw(st.sampled_from(["column", "column", "column", "line", "missing", "unknown"]))
    if choice == "line":
        key = draw(st.sampled_from(["id", "rev", "deleted", "data"]))
        original = line.get(key)
        value = draw(JSON.filter(lambda v: _kind(v) != _kind(original) and not (key == "data" and v is None)))
        return member, index, ("line", key, value)
    if choice == "missing":
        required = sorted(codec(table).required)
        return member, index, ("missing", draw(st.sampled_from(required)), None)
    if choice == "unknown":
        name = draw(st.text(min_size=1, max_size=12).filter(lambda n: n not in columns))
        return member, index, ("unknown", name, draw(JSON))
    candidates = sorted(
        n for n, c in columns.items() if not _wrong_for(c).is_empty and n in (line.get("data") or {})
    )
    column = draw(st.sampled_from(candidates))
    return member, index, ("column", column, draw(_wrong_for(columns[column])))


def _record_fuzz(target: Target, okrug, case) -> None:
    member, index, (what, key, value) = case
    items = dict(okrug["decoded"])
    lines = h.jsonl_lines(items[member])
    line = lines[index]
    if what in ("event", "protocol", "line", "audit"):
        line[key] = value
    elif what == "missing":
        line["data"].pop(key, None)
    else:  # "unknown", "column"
        line["data"][key] = value
    try:
        body = h.to_jsonl(lines)
    except (TypeError, ValueError):
        return
    target.attempt(_signed_with(okrug, member, body))


def _signed_with(okrug, member: str, plain: bytes) -> bytes:
    """The genuine bundle with one member's content replaced, its entry fixed and signed again."""
    manifest = json.loads(json.dumps(okrug["manifest"]))
    entry = manifest["files"][member]
    stored = zlib.compress(plain, 6) if entry["encoding"] == "zlib" else plain
    entry.update(
        size=len(plain),
        sha256=hashlib.sha256(stored).hexdigest(),
        records=sum(1 for line in plain.split(b"\n") if line.strip()),
    )
    body = canonical_json(manifest)
    replaced = {
        member.encode(): zc.entry_from(member, stored),
        b"manifest.json": zc.entry_from("manifest.json", body),
        b"manifest.sig": zc.entry_from("manifest.sig", okrug["sign"](body)),
    }
    return zc.build([replaced.get(e.name, e) for e in okrug["entries"]])


@pytest.mark.slow
def test_fuzz_the_record_fields(sqlite_targets, okrug):
    @_settings(900)
    @given(record_cases(okrug["decoded"]))
    def run(case):
        _record_fuzz(sqlite_targets["empty"], okrug, case)

    run()


@pytest.mark.slow
@pytest.mark.postgres
def test_fuzz_on_postgres(pg_targets, okrug):
    @_settings(120)
    @given(ZIP_CASES, manifest_cases(okrug["manifest"]), record_cases(okrug["decoded"]))
    def run(zip_case, manifest_case, record_case):
        _zip_fuzz(pg_targets["genuine"], okrug, zip_case)
        _manifest_fuzz(pg_targets["empty"], okrug, manifest_case)
        _record_fuzz(pg_targets["empty"], okrug, record_case)

    run()


@pytest.mark.slow
def test_refused_cases_through_the_command_line(sqlite_targets, okrug, tmp_path, capsys):
    """A batch of the refused files and the genuine one: each gets its line, the genuine one goes in."""
    from zhoob_desktop.cli import main

    if len(REFUSED_FOR_CLI) < 10:
        for number in range(20):
            REFUSED_FOR_CLI.append(okrug["plain"].read_bytes()[: 100 + number * 37])
    files = []
    for number, data in enumerate(REFUSED_FOR_CLI[:40]):
        files.append(tmp_path / f"case{number:02}.zip")
        files[-1].write_bytes(data)
    shutil.copyfile(okrug["plain"], tmp_path / "genuine.zip")
    target = sqlite_targets["empty"]
    before = h.dump(target.dstore)
    db = str(target.dstore.engine.url.database)
    keys = str(okrug["folder"] / "district-keys")
    args = ["--lang", "ru", "district", "import", *map(str, files), str(tmp_path / "genuine.zip")]
    code = main([*args, "--db", db, "--keys", keys])
    out = capsys.readouterr()
    assert code == 4
    assert "Traceback" not in out.err + out.out
    assert (
        f"{len(files)} отклонено" in out.err
        or f"отклонено: {len(files)}" in out.err
        or str(len(files)) in out.err
    )
    for f in files:
        assert f.name in out.err
    assert "genuine.zip" in out.out
    after = h.dump(target.dstore)
    changed = {k for k in after if after[k] != before[k]}
    assert changed, "the genuine bundle after the refused ones was imported"
    # Put the store back for the other tests of this module.
    target.before = after
    target._version = target._data_version() if target._watch is not None else None
