"""Bundle export at okrug scale: 50,000 and 200,000 residents with 100 sittings.

    .venv/bin/python bench/bench_export.py [--sizes 50000,200000] [--sittings 100] [--quick]

The register is built by ``bench/fixture.py`` (villages, streets, houses,
residents with IINs, removed entries), with a change-log entry per record as
an import writes them and a few records removed from the register
(tombstones); the sittings are held through the meeting engine
(``bench/bench_sync.py``'s ``hold_sittings``, which the district
benches use too: about 37 events each). Each measurement runs in
a fresh process, so its peak memory (``VmHWM``) is its own:

* **export**: ``export_bundle``, full and sealed (the first bundle);
* **incremental**: after the district has acknowledged it (the bench marks
  the full bundle acknowledged as a receipt would, without a district
  import) and 100 residents have changed, the next bundle;
* **raw**: the baseline. A bare DB-API connection (SQLCipher with the store's
  key, as ``bench/_env.py`` opens it; ``ZHOOB_BENCH_PLAIN=1`` runs the whole
  bench on plain SQLite) reads the same
  register tables and sittings and their events in order; each row goes out
  as a JSON line (the row as SQLite gives it) into one zip member per table,
  compressed with zlib, sealed with AES-256-GCM (streamed) and hashed with
  SHA-256, like the program's members. It leaves out what makes a bundle: each
  record's revision from the change log, the values in their bundle form
  (ids, dates), tombstones, the journals through the meeting engine, the
  decisions' steps, the manifest, its signature and recording the export.

Targets: the full export of 200,000 residents and 100 sittings under 15 s with
a peak under about 200 MB (flat: not growing with the register); the
incremental export under 1 s.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
import zlib
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._env import mode, open_bench_store, peak_mb, raw_connect  # noqa: E402

TABLES = ("settlement", "street", "house", "resident", "sitting", "sitting_event")


def reset_peak() -> bool:
    """Start the peak (VmHWM) anew from the current size (Linux: ``clear_refs``), so a step's own peak shows.

    Opening an encrypted store derives its key with scrypt (128 MiB for a moment): without
    this the export's peak would hide under the log-in's.
    """
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def setup(folder: Path, residents: int, sittings: int) -> None:
    """The okrug's store: register, change log, removed records, sittings, the district's key."""
    from bench.bench_sync import hold_sittings
    from bench.fixture import build_register
    from zhoob_desktop.services.datadir import DB_NAME
    from zhoob_desktop.services.sync import export as ex
    from zhoob_desktop.services.sync.keys import DistrictKeys

    build_register(folder / "okrug", residents)
    store = open_bench_store(folder / "okrug", lock=False)
    key = store.key
    store.close(backup=False)
    if key is not None:  # for the raw baseline, which reads the same encrypted file
        (folder / "bench-data.key").write_bytes(key)
    rng = random.Random(11)
    con = raw_connect(folder / "okrug" / DB_NAME, key)
    at = datetime(2026, 11, 25, 9, 0).isoformat(sep=" ")
    changes = []
    for entity in ("settlement", "street", "house", "resident"):
        for (rid,) in con.execute(f"SELECT id FROM {entity} ORDER BY rowid"):  # noqa: S608 - fixed names
            changes.append((uuid.uuid4().hex, entity, rid, "import", "{}", "bench", at))
    for _ in range(max(1, residents // 1000)):  # residents removed from the register since
        changes.append((uuid.uuid4().hex, "resident", uuid.uuid4().hex, "delete", "{}", "bench", at))
    rng.shuffle(changes)
    con.executemany(
        "INSERT INTO register_change (id, entity, entity_id, action, changes, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        changes,
    )
    con.commit()
    members = [uuid.UUID(r[0]) for r in con.execute("SELECT id FROM resident ORDER BY rowid LIMIT 30")]
    con.close()
    store = open_bench_store(folder / "okrug", lock=False)
    hold_sittings(store, members, sittings)
    keys = DistrictKeys(folder / "district-keys", "Іле ауданы").ensure()
    (folder / "district.key").write_bytes(keys.public().to_json())
    ex.import_district_key(store, folder / "district.key")
    store.close(backup=False)


def run_export(folder: Path, out: Path) -> dict:
    """(in a child process) the program's export of the next bundle."""
    from zhoob_desktop.services.sync import export as ex

    store = open_bench_store(folder / "okrug", lock=False)
    opened_mb = peak_mb()
    reset = reset_peak()
    start_mb = peak_mb()
    cpu, wall = time.process_time(), time.perf_counter()
    result = ex.export_bundle(store, out)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    store.close(backup=False)
    return {
        "wall": wall,
        "cpu": cpu,
        "peak_mb": peak_mb(),
        "start_mb": start_mb,
        "opened_mb": opened_mb,
        "reset": reset,
        "size": result.size,
        "counts": result.counts,
    }


class _Member:
    """zlib, then AES-256-GCM, then SHA-256, into a stored zip member (the baseline's own)."""

    def __init__(self, zf: zipfile.ZipFile, name: str, key: bytes):
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        self.out = zf.open(zipfile.ZipInfo(name), "w")
        self.zlib = zlib.compressobj(6)
        nonce = os.urandom(12)
        self.cipher = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
        self.cipher.authenticate_additional_data(name.encode())
        self.digest = hashlib.sha256()
        self._emit(nonce)

    def _emit(self, data: bytes) -> None:
        self.digest.update(data)
        self.out.write(data)

    def write(self, data: bytes) -> None:
        self._emit(self.cipher.update(self.zlib.compress(data)))

    def close(self) -> str:
        self._emit(self.cipher.update(self.zlib.flush()) + self.cipher.finalize() + self.cipher.tag)
        self.out.close()
        return self.digest.hexdigest()


def run_raw(folder: Path, out: Path) -> dict:
    """(in a child process) the same tables with bare sqlite3, json, zlib, AES-GCM and zipfile."""
    from zhoob_desktop.services.datadir import DB_NAME

    start_mb = peak_mb()
    cpu, wall = time.process_time(), time.perf_counter()
    stored_key = folder / "bench-data.key"
    con = raw_connect(folder / "okrug" / DB_NAME, stored_key.read_bytes() if stored_key.exists() else None)
    key = os.urandom(32)
    rows = 0
    with zipfile.ZipFile(out, "w") as zf:
        for name in TABLES:
            cursor = con.execute(f"SELECT * FROM {name} ORDER BY id")  # noqa: S608 - fixed names
            columns = [d[0] for d in cursor.description]
            member = _Member(zf, f"{name}.jsonl", key)
            buffer = []
            for row in cursor:
                buffer.append(
                    json.dumps(dict(zip(columns, row, strict=True)), sort_keys=True, ensure_ascii=False)
                )
                rows += 1
                if len(buffer) == 1000:
                    member.write(("\n".join(buffer) + "\n").encode())
                    buffer.clear()
            member.write(("\n".join(buffer) + "\n").encode() if buffer else b"")
            member.close()
    con.close()
    return {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "peak_mb": peak_mb(),
        "start_mb": start_mb,
        "size": out.stat().st_size,
        "rows": rows,
    }


def acknowledge_and_change(folder: Path, changed: int) -> None:
    """Mark the bundles written so far acknowledged (as the district's receipt does) and change residents."""
    from sqlalchemy import insert, select, update

    from zhoob_desktop.models.register import RegisterChange, Resident
    from zhoob_desktop.models.sync import SyncExport

    store = open_bench_store(folder / "okrug", lock=False)
    now = datetime.now(UTC)
    with store.session() as s:
        s.execute(update(SyncExport).where(SyncExport.acked_at.is_(None)).values(acked_at=now))
        ids = list(s.scalars(select(Resident.id).order_by(Resident.surname).limit(changed)))
        s.execute(update(Resident).where(Resident.id.in_(ids)).values(phone="+7 700 000 00 00"))
        s.execute(
            insert(RegisterChange),
            [
                {
                    "id": uuid.uuid4(),
                    "entity": "resident",
                    "entity_id": rid,
                    "action": "update",
                    "changes": {"phone": ["", "+7 700 000 00 00"]},
                    "actor": "bench",
                    "at": now,
                }
                for rid in ids
            ],
        )
    store.close(backup=False)


def child(kind: str, folder: Path, out: Path) -> dict:
    code = (
        f"import json, sys; sys.path.insert(0, {str(ROOT)!r}); from bench import bench_export as b; "
        f"from pathlib import Path; print(json.dumps(b.{kind}(Path({str(folder)!r}), Path({str(out)!r}))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{kind} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="50000,200000")
    parser.add_argument("--sittings", type=int, default=100)
    parser.add_argument("--quick", action="store_true", help="5,000 residents and 10 sittings (a smoke run)")
    args = parser.parse_args()
    sizes = [5000] if args.quick else [int(s) for s in args.sizes.split(",")]
    sittings = 10 if args.quick else args.sittings
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; stores {mode()}")
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        for size in sizes:
            folder = Path(tmp) / str(size)
            t0 = time.perf_counter()
            setup(folder, size, sittings)
            print(f"{size:,} residents, {sittings} sittings: set up in {time.perf_counter() - t0:.0f} s")
            raw = child("run_raw", folder, folder / "raw.zip")
            full = child("run_export", folder, folder / "full.zip")
            acknowledge_and_change(folder, 100)
            inc = child("run_export", folder, folder / "incremental.zip")
            load = os.getloadavg()[0]
            met = full["wall"] < 15 and full["peak_mb"] < 200 and inc["wall"] < 1
            ok = ok and (met or size < 200_000)
            counts = full["counts"]
            print(
                f"  full export: {full['wall']:.2f} s wall, {full['cpu']:.2f} s CPU, peak {full['peak_mb']:.0f} MB "
                f"(from {full['start_mb']:.0f} MB with the store open{'' if full['reset'] else ', peak not reset'}; "
                f"the log-in peaked at {full['opened_mb']:.0f} MB before), {full['size'] / 1e6:.1f} MB; "
                f"{counts['resident']:,} residents ({counts['tombstones']} tombstones), {counts['event']:,} events"
            )
            print(
                f"  raw DB-API+json+zlib+AES-GCM: {raw['wall']:.2f} s wall, {raw['cpu']:.2f} s CPU, "
                f"peak {raw['peak_mb']:.0f} MB (start {raw['start_mb']:.0f} MB), {raw['size'] / 1e6:.1f} MB, "
                f"{raw['rows']:,} rows; export x{full['wall'] / raw['wall']:.1f} wall x{full['cpu'] / raw['cpu']:.1f} CPU"
            )
            print(
                f"  incremental export (100 residents changed): {inc['wall']:.3f} s wall, {inc['cpu']:.3f} s CPU, "
                f"peak {inc['peak_mb']:.0f} MB, {inc['size'] / 1e3:.1f} kB, residents {inc['counts']['resident']}, "
                f"sittings {inc['counts']['sitting']}"
            )
            if size >= 200_000:
                print(
                    f"  targets (< 15 s, < ~200 MB, incremental < 1 s): {'met' if met else 'NOT met'}"
                    f" (load average {load:.1f})"
                )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
