"""The register streamed into a bundle: the same lines as the register read whole, memory that stays flat."""

from __future__ import annotations

import json
import tracemalloc
import uuid
import zipfile
import zlib
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, insert, select

from tests.services.sync.helpers import make_pair
from tests.services.sync.okrug_data import add_residents, make_okrug
from zhoob_desktop.models.register import RegisterChange, Resident, Settlement, Street
from zhoob_desktop.models.sync import DistrictRecord, SyncExport
from zhoob_desktop.services.register.residents import delete_resident
from zhoob_desktop.services.register.structure import create_house, create_street, delete_street
from zhoob_desktop.services.sync import district as dist
from zhoob_desktop.services.sync import export as ex
from zhoob_desktop.services.sync import register_part
from zhoob_desktop.services.sync import seal as sealbox
from zhoob_desktop.services.sync.container import BundleWriter, sha256
from zhoob_desktop.services.sync.keys import DistrictKeys, OkrugKeys, store_seal
from zhoob_desktop.services.sync.records import REGISTER_TABLES, codec, content_hash, member_of


def reference_register(s, since: int | None, resend: dict[str, set[uuid.UUID]]) -> dict[str, list[dict]]:
    """The register's lines computed the plain way, every table read whole into memory (the oracle)."""

    def revisions(entity, ids=None, after=None):
        query = (
            select(RegisterChange.entity_id, func.max(RegisterChange.seq))
            .where(RegisterChange.entity == entity)
            .group_by(RegisterChange.entity_id)
        )
        if after is not None:
            query = query.where(RegisterChange.seq > after)
        out = dict(s.execute(query).all())
        return out if ids is None else {k: v for k, v in out.items() if k in ids}

    referenced = {k: set(v) for k, v in resend.items()}
    out = {}
    for entity, table_name in reversed(REGISTER_TABLES):
        enc = codec(table_name)
        tbl = enc.table
        everything = {row["id"]: row for row in s.execute(select(tbl)).mappings()}
        if since is None:
            revs, rows = revisions(entity), everything
        else:
            revs = revisions(entity, after=since)
            extra = referenced.get(table_name, set()) - set(revs)
            revs.update(revisions(entity, ids=extra))
            rows = {k: v for k, v in everything.items() if k in set(revs) | extra}
        lines = []
        for rid in sorted(set(rows) | set(revs), key=str):
            if rid not in rows:
                lines.append({"id": str(rid), "rev": revs[rid], "deleted": True})
                continue
            data = enc.encode(rows[rid])
            lines.append(
                {
                    "id": str(rid),
                    "rev": revs.get(rid, 0),
                    "deleted": bool(data.get("deleted_at")),
                    "data": data,
                }
            )
        out[table_name] = lines
        for fk in tbl.foreign_keys:
            for line in lines:
                value = (line.get("data") or {}).get(fk.parent.name)
                if value:
                    referenced.setdefault(fk.column.table.name, set()).add(uuid.UUID(value))
    return out


def streamed_register(store, tmp_path, name: str, since, resend) -> tuple[dict[str, list[dict]], dict]:
    """What ``write_register`` puts into a bundle's members (written in clear here, read back with zipfile)."""
    writer = BundleWriter(tmp_path / name, OkrugKeys(store.data_dir, seal=store_seal(store)).ensure().sign)
    counts: dict[str, int] = {}
    with store.session() as s:
        register_part.write_register(s, writer, counts, since, resend)
    writer.finish({})
    out = {}
    with zipfile.ZipFile(tmp_path / name) as z:
        for _entity, table_name in REGISTER_TABLES:
            stored = z.read(member_of(table_name))
            entry = writer.files[member_of(table_name)]
            assert (entry["records"], entry["sha256"]) == (counts[table_name], sha256(stored))
            body = zlib.decompress(stored)
            assert len(body) == entry["size"]
            lines = [json.loads(line) for line in body.splitlines()]
            assert body == b"".join(
                register_part.json_line(line) for line in lines
            )  # canonical, one per line
            out[table_name] = lines
    return out, counts


def _okrug_with_history(store, district, tmp_path):
    """Two villages, houses, a removed street (a tombstone), a resident removed in error, two sittings."""
    pair = make_pair(store, district, tmp_path, residents=5, sittings=2)
    more = add_residents(store, 4, "Жаңаталап")
    create_house(store, more[0].street_id, "12")
    gone = create_street(store, more[0].settlement_id, "Бос көше")
    delete_street(store, gone.id)
    delete_resident(store, more[1].id)
    return pair, more


def test_full_and_incremental_streams_hold_the_lines_of_the_register_read_whole(
    store, district_sqlite, tmp_path
):
    pair, more = _okrug_with_history(store, district_sqlite, tmp_path)
    with store.session() as s:
        expected = reference_register(s, None, {})
    got, counts = streamed_register(store, tmp_path, "full.zip", None, {})
    assert got == expected
    assert counts["tombstones"] == sum(line["deleted"] for lines in expected.values() for line in lines) == 2

    # Incremental: changed records, records sent again (one unchanged, one removed, one unknown), their parents.
    first = pair.export("b1.zip")
    dist.import_bundle(district_sqlite, first.path, pair.keys)
    pair.ack()
    with store.session() as s:
        since = s.scalar(select(SyncExport.register_to).where(SyncExport.seq == 1))
    create_house(store, more[0].street_id, "14")
    gone = create_street(store, more[0].settlement_id, "Тағы бос көше")
    delete_street(store, gone.id)
    delete_resident(store, more[2].id)
    resend = {"resident": {pair.residents[0].id, more[1].id, uuid.uuid4()}, "street": {more[0].street_id}}
    with store.session() as s:
        expected = reference_register(s, since, resend)
    got, _counts = streamed_register(store, tmp_path, "inc.zip", since, resend)
    assert got == expected
    assert {line["id"] for line in got["resident"]} == {
        str(pair.residents[0].id),
        str(more[1].id),
        str(more[2].id),
    }
    assert got["settlement"] and got["street"]  # the parents of what is sent go with it


def test_a_streamed_export_imports_to_the_register_it_was_read_from(store, district, tmp_path):
    """Every record line at the district: its row as the okrug holds it, its revision and content hash."""
    pair, _more = _okrug_with_history(store, district, tmp_path)
    with store.session() as s:
        expected = reference_register(s, None, {})
    result = dist.import_bundle(district, pair.export("b1.zip").path, pair.keys)
    assert result.conflicts == []
    with district.session() as s:
        for _entity, table_name in REGISTER_TABLES:
            enc = codec(table_name)
            held = {str(r["id"]): enc.encode(_naive(r)) for r in s.execute(select(enc.table)).mappings()}
            records = {
                str(r.record_id): (r.rev, r.hash)
                for r in s.scalars(select(DistrictRecord).where(DistrictRecord.entity == table_name))
            }
            lines = expected[table_name]
            assert held == {line["id"]: line["data"] for line in lines if "data" in line}
            assert {k: v for k, v in records.items() if k in held} == {
                line["id"]: (line["rev"], content_hash(line["data"])) for line in lines if "data" in line
            }


def _naive(row) -> dict[str, Any]:
    """A row with its times as SQLite gives them back (PostgreSQL gives them with their zone, UTC)."""
    return {
        k: v.astimezone(UTC).replace(tzinfo=None) if isinstance(v, datetime) and v.tzinfo else v
        for k, v in row.items()
    }


def _register_of(store, residents: int) -> None:
    """An okrug with ``residents`` residents and their change-log entries, written in bulk."""
    okrug = make_okrug(store)
    now = datetime(2026, 1, 10, tzinfo=UTC)
    with store.session() as s:
        village = uuid.uuid4()
        s.execute(insert(Settlement), [{"id": village, "okrug_id": okrug.id, "name": "Ауыл", "key": "ауыл"}])
        streets = [uuid.uuid4() for _ in range(20)]
        s.execute(
            insert(Street),
            [{"id": st, "settlement_id": village, "name": f"Көше {k}", "key": f"көше {k}"} for k, st in enumerate(streets)],
        )  # fmt: skip
        rows: list[dict[str, Any]] = []
        for i in range(residents):
            rows.append(
                {
                    "id": uuid.uuid4(),
                    "surname": f"Әбілқасымов{i}",
                    "given_name": "Қайрат",
                    "patronymic": "Серікұлы",
                    "birth_date": date(1940 + i % 60, 1 + i % 12, 1 + i % 28),
                    "settlement_id": village,
                    "street_id": streets[i % len(streets)],
                    "search_key": f"абилкасымов{i}",
                    "given_key": "кайрат",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        s.execute(insert(Resident), rows)
        s.execute(
            insert(RegisterChange),
            [
                {"id": uuid.uuid4(), "entity": "resident", "entity_id": r["id"], "action": "import", "changes": {}, "at": now}
                for r in rows
            ],
        )  # fmt: skip


def _export_peak(tmp_path, store_factory, residents: int) -> tuple[int, int]:
    folder = tmp_path / str(residents)
    store = store_factory(folder / "okrug")
    try:
        _register_of(store, residents)
        keys = DistrictKeys(folder / "district-keys", "Іле ауданы").ensure()
        (folder / "district.key").write_bytes(keys.public().to_json())
        ex.import_district_key(store, folder / "district.key")
        ex.okrug_keys(store)
        tracemalloc.start()
        try:
            result = ex.export_bundle(store, folder / "b1.zip")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        return peak, result.counts["resident"]
    finally:
        store.close(backup=False)


def test_export_memory_does_not_grow_with_the_register(tmp_path):
    """Four times the residents, the same peak (the whole register in memory would take it four times)."""
    from zhoob_desktop.services.store import open_store

    small, n_small = _export_peak(tmp_path, open_store, 1500)
    large, n_large = _export_peak(tmp_path, open_store, 6000)
    assert (n_small, n_large) == (1500, 6000)
    # The lines of 4,500 more residents alone take several megabytes in memory.
    assert large < small * 1.25 + 256 * 1024, (small, large)


def test_a_member_sealed_as_a_stream_is_a_sealed_box(tmp_path):
    """A streamed member's stored bytes open with ``seal.open_box`` (the format did not change)."""
    keys = DistrictKeys(tmp_path / "district-keys", "Іле ауданы").ensure()
    sealer = sealbox.Sealer(keys.public().seal_key, aad=b"register/resident.jsonl")
    plain = [bytes([n % 251]) * (n * 97 % 5000) for n in range(200)]
    box = sealer.header + b"".join(sealer.update(p) for p in plain) + sealer.finish()
    assert sealbox.open_box(box, keys.seal_private, aad=b"register/resident.jsonl") == b"".join(plain)

    writer = BundleWriter(
        tmp_path / "b.zip", OkrugKeys(tmp_path).ensure().sign, seal_to=keys.public().seal_key
    )
    with writer.member("register/resident.jsonl", kind="resident") as member:
        for piece in plain:
            member.write(piece)
        member.records = 7
    writer.finish({})
    entry = writer.files["register/resident.jsonl"]
    with zipfile.ZipFile(tmp_path / "b.zip") as z:
        stored = z.read("register/resident.jsonl")
    assert (entry["records"], entry["size"], entry["encoding"]) == (7, sum(map(len, plain)), "zlib+sealed")
    assert entry["sha256"] == sha256(stored)
    opened = sealbox.open_box(stored, keys.seal_private, aad=b"register/resident.jsonl")
    assert zlib.decompress(opened) == b"".join(plain)
