"""Many okrugs uploading at once to the district service, through a proxy that drops and stalls.

    .venv/bin/python bench/bench_sync_net.py [--okrugs 30] [--residents 10000] [--workers 4] [--quick]

Builds the okrugs' registers (bench/fixture.py, IINs distinct across okrugs),
writes each okrug's sealed bundle, then starts ``zhoob district serve`` on
127.0.0.1 over a throw-away PostgreSQL server, puts a fault proxy in front of
it (in its own process) and lets every okrug's send queue run at once, each in
a thread of this process. Prints throughput and upload-to-receipt times (p50,
p95, max), what the proxy did, and checks that every bundle was imported
exactly once. The baseline is the file importer taking the same bundles one by
one into a second database (``zhoob district import``'s own path), whose
store must equal the service's, table by table. ``--quick``: 4 okrugs of 500.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import multiprocessing
import os
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from bench._env import open_bench_store, raw_connect  # noqa: E402
from bench.fixture import build_register  # noqa: E402
from tests.services.sync.net.faultproxy import FaultProxy, Faults, Stats  # noqa: E402
from tests.services.sync.net.service import ProcessService  # noqa: E402
from tests.services.sync.pg import PgServer, PgUnavailable  # noqa: E402
from zhoob_desktop.models import Base  # noqa: E402
from zhoob_desktop.models.netsync import DistrictUpload  # noqa: E402
from zhoob_desktop.models.sync import DistrictBundle  # noqa: E402
from zhoob_desktop.services.datadir import DB_NAME  # noqa: E402
from zhoob_desktop.services.register.iin import make_iin  # noqa: E402
from zhoob_desktop.services.sync import export as ex  # noqa: E402
from zhoob_desktop.services.sync import many  # noqa: E402
from zhoob_desktop.services.sync.district import register_okrug  # noqa: E402
from zhoob_desktop.services.sync.district_db import open_district  # noqa: E402
from zhoob_desktop.services.sync.keys import DistrictKeys  # noqa: E402
from zhoob_desktop.services.sync.net import queue as q  # noqa: E402
from zhoob_desktop.services.sync.net.tls import CERT_FILE, TLS_DIR  # noqa: E402

# the service's bookkeeping; the district store's audit (who imported, when) differs by nature
NETWORK_TABLES = {
    "audit_event",
    "district_contact",
    "district_nonce",
    "district_upload",
    "district_ruling",
    "district_revocation",
}
BOOKKEEPING = {("district_bundle", "imported_at"), ("district_okrug", "registered_at")}


def distinct_iins(folder: Path, key: bytes | None, used: set[str]) -> int:
    """Give a resident whose IIN another okrug's register holds already a new one (real IINs are unique)."""
    con = raw_connect(folder / DB_NAME, key)
    changed = 0
    for rid, iin, born, sex in con.execute("SELECT id, iin, birth_date, sex FROM resident").fetchall():
        serial = int(iin[7:11])
        while iin in used:
            serial += 1
            iin = make_iin(date.fromisoformat(born), sex, serial % 10000)
        if iin != con.execute("SELECT iin FROM resident WHERE id = ?", (rid,)).fetchone()[0]:
            con.execute("UPDATE resident SET iin = ? WHERE id = ?", (iin, rid))
            changed += 1
        used.add(iin)
    con.commit()
    con.close()
    return changed


def build(tmp: Path, okrugs: int, residents: int, keys: DistrictKeys) -> list[Path]:
    """Okrug data folders with their registers, the district key imported, one bundle each in the outbox."""
    from zhoob_desktop.services.okrug import save_okrug

    (tmp / "district.key").write_bytes(keys.public().to_json())
    used: set[str] = set()
    folders = []
    for k in range(okrugs):
        folder = tmp / f"okrug-{k:02d}"
        build_register(folder, residents, seed=100 + k)
        store = open_bench_store(folder, lock=False)
        key = store.key
        store.close(backup=False)
        distinct_iins(folder, key, used)
        store = open_bench_store(folder, lock=False)
        save_okrug(store, f"Ауылдық округ № {k + 1}", f"Сельский округ № {k + 1}")
        ex.import_district_key(store, tmp / "district.key")
        ex.export_public_key(store, tmp / f"okrug-{k:02d}.key")
        q.enqueue(store, ex.export_bundle(store, q.outbox_dir(store) / "zhoob-bundle-00001.zip"))
        store.close(backup=False)
        folders.append(folder)
    return folders


def _children_cpu() -> float:
    """CPU seconds of this process's children that have ended (the proxy, the service)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _proxy_main(port: int, faults: Faults, pipe) -> None:
    proxy = FaultProxy(port, faults).start()
    pipe.send(proxy.port)
    pipe.recv()  # until told to stop
    proxy.stop()
    pipe.send(proxy.stats)


def send_all(
    folders: list[Path], url: str, fingerprint: str, cert: Path, timeout: float, sleep_cap: float = 5.0
) -> list[dict]:
    """Every okrug's send queue at once, one thread each: (okrug, seconds to the receipt, tries, result)."""
    out: list[dict] = []
    barrier = threading.Barrier(len(folders))

    def one(folder: Path) -> None:
        store = open_bench_store(folder, lock=False)
        try:
            q.set_up(store, url, certificate=cert, fingerprint=fingerprint)
            client = q.make_client(store, q.link(store), timeout=timeout)
            barrier.wait()
            start = time.perf_counter()
            try:
                result = q.run_round(
                    store, client=client, tries=60, sleep=lambda s: time.sleep(min(s, sleep_cap))
                )
            except Exception as exc:  # noqa: BLE001 - reported with the okrug, not lost with its thread
                result = q.RoundResult(error="".join(traceback.format_exception(exc))[-2000:])
            took = time.perf_counter() - start
            client.close()
            out.append({"folder": folder.name, "seconds": took, "result": result})
        finally:
            store.close(backup=False)

    threads = [threading.Thread(target=one, args=(f,)) for f in folders]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def digests(dstore) -> dict[str, tuple[int, str]]:
    """Per table (not the service's bookkeeping): its row count and a digest of its sorted rows."""
    out = {}
    with dstore.engine.connect() as conn:
        for tbl in Base.metadata.sorted_tables:
            if tbl.name in NETWORK_TABLES or tbl.name == "sync_conflict":
                continue
            cols = [c for c in tbl.columns if (tbl.name, c.name) not in BOOKKEEPING]
            rows = sorted(repr(tuple(r)) for r in conn.execute(select(*cols)))
            out[tbl.name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return out


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


@dataclass
class Report:
    okrugs: int
    residents: int
    workers: int
    bundles: int = 0
    size: int = 0
    t_setup: float = 0.0
    t_files: float = 0.0
    t_net: float = 0.0
    c_files: float = 0.0  # CPU seconds: the file importer (this process)
    c_okrugs: float = 0.0  # the okrugs' send queues (this process's threads)
    c_service: float = 0.0  # the service's processes (its start included)
    c_proxy: float = 0.0
    seconds: list[float] = field(default_factory=list)  # per okrug: its round, upload to receipt
    tries: int = 0
    stats: Stats = field(default_factory=Stats)
    imported: int = 0
    uploads: int = 0
    once: bool = False
    same: bool = False
    failed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what the okrugs not acknowledged met

    @property
    def ok(self) -> bool:
        return self.once and self.same and not self.failed

    def lines(self) -> list[str]:
        residents = self.okrugs * self.residents
        seconds = self.seconds or [0.0]
        return [
            f"setup: {self.okrugs} okrugs x {self.residents:,} residents, {self.bundles} sealed bundles, "
            f"{self.size / 1e6:.1f} MB, in {self.t_setup:.0f} s",
            f"file importer, one by one: {self.t_files:.1f} s, {self.bundles / self.t_files * 60:.1f} bundles/min, "
            f"{residents / self.t_files:,.0f} residents/s",
            f"service ({self.workers} workers, PostgreSQL), all okrugs at once through the faults: {self.t_net:.1f} s, "
            f"{self.bundles / self.t_net * 60:.1f} bundles/min, {residents / self.t_net:,.0f} residents/s, "
            f"{self.size / self.t_net / 1e6:.2f} MB/s | ratio to the file importer {self.t_net / self.t_files:.2f}x",
            f"CPU: file importer {self.c_files:.1f} s; service {self.c_service:.1f} s, okrugs {self.c_okrugs:.1f} s, "
            f"proxy {self.c_proxy:.1f} s (PostgreSQL's server processes not counted); load average "
            f"{os.getloadavg()[0]:.1f}",
            f"upload to receipt: p50 {statistics.median(seconds):.1f} s, p95 {pct(seconds, 95):.1f} s, "
            f"max {max(seconds):.1f} s; tries {self.tries} for {self.okrugs} okrugs",
            f"proxy: {self.stats.connections} connections, {self.stats.dropped} cut, {self.stats.stalled} stalled, "
            f"{self.stats.bytes / 1e6:.1f} MB through for {self.size / 1e6:.1f} MB of bundles",
            f"imported exactly once: {'yes' if self.once else 'NO'} ({self.imported} bundles held, "
            f"{self.uploads} uploads); store equal to the file importer's: {'yes' if self.same else 'NO'}; "
            f"okrugs not acknowledged: {len(self.failed)}",
            *self.problems,
        ]


def measure(
    tmp: Path,
    new_database: Callable[[], str],
    *,
    okrugs: int,
    residents: int,
    workers: int,
    faults: Faults,
    timeout: float = 10.0,
    sleep_cap: float = 5.0,
) -> Report:
    """Build the okrugs, import their bundles as files into one database and over the network, through
    the faults, into another; compare. ``new_database()`` gives the URL of an empty PostgreSQL database."""
    report = Report(okrugs, residents, workers)
    keys = DistrictKeys(tmp / "district-keys", "Іле ауданы").ensure()
    t0 = time.perf_counter()
    folders = build(tmp, okrugs, residents, keys)
    bundles = sorted(tmp.glob("okrug-*/outbox/*.zip"))
    report.bundles, report.size = len(bundles), sum(p.stat().st_size for p in bundles)
    report.t_setup = time.perf_counter() - t0

    # the baseline: the file importer, one bundle after another, into its own database
    files = open_district(new_database())
    district = None
    try:
        for k in range(okrugs):
            register_okrug(files, tmp / f"okrug-{k:02d}.key")
        start, cpu = time.perf_counter(), time.process_time()
        outcomes = many.import_many(files, bundles, keys)
        report.t_files, report.c_files = time.perf_counter() - start, time.process_time() - cpu
        assert all(o.result is not None for o in outcomes), [o.message for o in outcomes if o.result is None]

        db = new_database()
        district = open_district(db)
        for k in range(okrugs):
            register_okrug(district, tmp / f"okrug-{k:02d}.key")
        service = ProcessService(db, tmp / "district-data", keys.folder, workers=workers).start()
        parent, child = multiprocessing.Pipe()
        proxy = multiprocessing.Process(target=_proxy_main, args=(service.port, faults, child), daemon=True)
        proxy.start()
        port = parent.recv()
        cert = tmp / "district-data" / TLS_DIR / CERT_FILE
        children = _children_cpu()
        try:
            start, cpu = time.perf_counter(), time.process_time()
            runs = send_all(
                folders, f"https://127.0.0.1:{port}", service.fingerprint, cert, timeout, sleep_cap
            )
            report.t_net, report.c_okrugs = time.perf_counter() - start, time.process_time() - cpu
        finally:
            parent.send("stop")
            report.stats = parent.recv()
            proxy.join(timeout=10)
            report.c_proxy = _children_cpu() - children
            service.stop()
            report.c_service = _children_cpu() - children - report.c_proxy

        report.failed = [r["folder"] for r in runs if r["result"].error or not r["result"].acknowledged]
        report.failed += [
            f.name for f in folders if f.name not in {r["folder"] for r in runs}
        ]  # a thread died
        for r in runs:
            if r["folder"] in report.failed:
                res = r["result"]
                report.problems.append(
                    f"  {r['folder']}: {res.error or 'no error'}; delivered {res.delivered}"
                )
        report.seconds = [r["seconds"] for r in runs]
        report.tries = sum(r["result"].tries for r in runs)
        with district.session() as s:
            uploads = list(s.scalars(select(DistrictUpload)))
            report.imported = s.scalar(select(func.count()).select_from(DistrictBundle))
        report.uploads = len(uploads)
        report.problems += [f"  upload {u.seq} of {u.okrug_id}: {u.state} {u.error or ''}" for u in uploads
                            if u.state != "imported" or u.imports != 1]  # fmt: skip
        report.once = all(u.imports == 1 and u.state == "imported" for u in uploads) and len(uploads) == len(
            bundles
        )
        report.same = digests(district) == digests(files)
    finally:
        files.close()
        if district is not None:
            district.close()
    return report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--okrugs", type=int, default=30)
    parser.add_argument("--residents", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=10.0, help="the okrug client's wait for an answer")
    parser.add_argument("--drop", type=float, default=0.1, help="share of stretches ending in a cut")
    parser.add_argument("--stall", type=float, default=0.1, help="share of stretches ending in a stall")
    parser.add_argument("--quick", action="store_true", help="4 okrugs of 500 residents, 2 workers")
    parser.add_argument("--stretch", type=int, nargs=2, metavar=("MIN", "MAX"), help="bytes between faults")
    args = parser.parse_args()
    stretch = (2_000, 2_000_000)
    if args.quick:
        args.okrugs, args.residents, args.workers = 4, 500, 2
        stretch = (500, 20_000)  # small bundles: shorter stretches, so that faults meet them
    stretch = tuple(args.stretch) if args.stretch else stretch
    try:
        pg = PgServer().start()
    except PgUnavailable as exc:
        print(f"PostgreSQL unavailable: {exc}")
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-net-"))
    report = None
    try:
        faults = Faults(drop=args.drop, stall=args.stall, drop_after=stretch, stall_seconds=(0.5, 15.0))
        report = measure(
            tmp,
            lambda: pg.url(pg.create_database()),
            okrugs=args.okrugs,
            residents=args.residents,
            workers=args.workers,
            faults=faults,
            timeout=args.timeout,
        )
        for line in report.lines():
            print(line, flush=True)
        if not report.ok:
            print(f"kept for a look: {tmp} (the service's log: district-data/service.log)")
        return 0 if report.ok else 1
    finally:
        with contextlib.suppress(Exception):
            pg.stop()
        if report is None or report.ok:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
