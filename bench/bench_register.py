"""Register import benchmark: lists of 50,000 and 200,000 residents, CSV and xlsx, encrypted and plain stores.

    .venv/bin/python bench/bench_register.py [--sizes 50000,200000] [--formats csv,xlsx]
                                             [--stores encrypted,plain] [--quick]

Each import runs in a fresh process (so its peak memory is its own): preview,
then apply (one transaction after the pre-import backup), into a new okrug on
a store opened as the program opens it: SQLCipher (``encrypted``) or plain
SQLite (``plain``, what ``ZHOOB_BENCH_PLAIN=1`` gives the other benches), both
in the same run, so the last lines show what encryption costs (issue 19).
It prints CPU and wall time of each step and the process's peak resident
memory (``VmHWM``; logging in to an encrypted store runs scrypt, which alone
takes a process to about 190 MB for a moment).

Baseline **raw**, in the same run and in a fresh process too: the same file
read with csv / openpyxl (read-only) and its rows inserted, cells as written,
with ``executemany`` into a store made the same way (same schema and indexes,
same pragmas, same encryption and key handling) through a bare
sqlite3/SQLCipher connection: one resident row and one change-log row (the
row's cells as JSON) per line, in one transaction, the secondary indexes
dropped before and built after as the import does for a list that fills an
empty register, with the import's page cache. It leaves out what an import
is: understanding each cell (names, IINs and their check digit, dates, sex,
addresses, statuses), the per-row report, matching duplicates in the file and
the register, the places, the search and address keys, status links, the
audit, the backup, progress and cancel.

Targets: CSV of 50,000 under 3 s, xlsx under 10 s; 200,000 with peak memory
under about 300 MB. The verdict is given for the whole import (preview and
apply together) and for each of the person's two waits apart (the preview,
after which the report is read and the columns may be changed, and the
import once "Import" is pressed). ``--quick``: 5,000 rows (a smoke run).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._env import peak_mb  # noqa: E402

TODAY = date(2026, 11, 25)
HEADER = ["Тегі Аты Әкесінің аты", "ЖСН", "Туған күні", "Жынысы", "Мекенжайы", "Әлеуметтік мәртебе"]
VILLAGES = ["Қарағайлы", "Жаңаталап", "Көктөбе", "Талдыбұлақ", "Ақсу"]
STREETS = ["Абай көшесі", "Төле би көшесі", "Бейбітшілік көшесі", "Орталық көшесі", "Мектеп көшесі"]


def make_rows(n: int, rng: random.Random) -> list[list[object]]:
    from zhoob_desktop.services.demo import KAZAKH_MEN, KAZAKH_SURNAMES, KAZAKH_WOMEN
    from zhoob_desktop.services.register.iin import make_iin

    rows, seen, serial = [], set(), 0
    for _ in range(n):
        sex = rng.choice("MF")
        born = TODAY - timedelta(days=rng.randrange(0, 90 * 365))
        surname = rng.choice(KAZAKH_SURNAMES)[0 if sex == "M" else 1]
        given = rng.choice(KAZAKH_MEN if sex == "M" else KAZAKH_WOMEN)
        father = rng.choice(KAZAKH_MEN)
        iin = ""
        while not iin or iin in seen:  # IINs are unique
            serial += 1
            iin = make_iin(born, sex, serial % 10000)
        seen.add(iin)
        rows.append(
            [
                f"{surname} {given} {father}{'ұлы' if sex == 'M' else 'қызы'}",
                iin,
                born,
                "ер" if sex == "M" else "әйел",
                f"{rng.choice(VILLAGES)}, {rng.choice(STREETS)}, {rng.randint(1, 120)}",
                "зейнеткер" if born.year < 1963 else "",
            ]
        )
    return rows


def write_csv(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(HEADER)
        for r in rows:
            w.writerow([r[0], r[1], f"{r[2]:%d.%m.%Y}", r[3], r[4], r[5]])


def write_xlsx(path: Path, rows) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Тізім")
    ws.append(["Қарағайлы ауылдық округінің тұрғындары"])
    ws.append(HEADER)
    for r in rows:
        ws.append([r[0], int(r[1]), r[2], r[3], r[4], r[5]])  # IIN as a number, like many akimat files
    wb.save(path)


def _store(folder: Path):
    """A new store with an okrug, opened as the program opens it (encrypted unless ZHOOB_BENCH_PLAIN=1)."""
    from bench._env import open_bench_store
    from zhoob_desktop.services.okrug import save_okrug

    folder.mkdir(parents=True)
    store = open_bench_store(folder)
    save_okrug(store, "Қарағайлы ауылдық округі")
    return store


def run_import(path: Path, folder: Path) -> dict:
    """(in a child process) preview + apply into a new store; times and peak memory."""
    from zhoob_desktop.services.register.importer import apply_import, preview_import

    store = _store(folder)
    before = peak_mb()
    cpu, wall = time.process_time(), time.perf_counter()
    preview = preview_import(store, path, today=TODAY)
    cpu1, wall1 = time.process_time(), time.perf_counter()
    result = apply_import(store, preview)
    cpu2, wall2 = time.process_time(), time.perf_counter()
    store.close(backup=False)
    return {
        "preview": [wall1 - wall, cpu1 - cpu],
        "apply": [wall2 - wall1, cpu2 - cpu1],
        "total": [wall2 - wall, cpu2 - cpu],
        "created": result.created,
        "report_rows": len(preview.rows),
        "peak_mb": peak_mb(),
        "start_mb": before,
    }


def _read_cells(path: Path) -> list[tuple[object, ...]]:
    if path.suffix == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        values = list(wb.worksheets[0].iter_rows(min_row=3, values_only=True))  # below the title and header
        wb.close()
        return values
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [tuple(r) for r in csv.reader(fh, delimiter=";")][1:]


def run_raw(path: Path, folder: Path) -> dict:
    """(in a child process) the same file read and its cells inserted with executemany into a new store."""
    from bench._env import ENCRYPTED, raw_connect
    from zhoob_desktop.services.register.importer_write import CACHE_ROWS, WHOLE_ROWS

    store = _store(folder)
    key, db = (store.key if ENCRYPTED else None), store.db_path
    store.close(backup=False)
    before = peak_mb()
    cpu, wall = time.process_time(), time.perf_counter()
    values = _read_cells(path)
    n = len(values)
    conn = raw_connect(db, key, isolation_level=None)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=FULL"):  # the store's own pragmas
        conn.execute(f"PRAGMA {pragma}")
    conn.execute(f"PRAGMA cache_size=-{131072 if n <= WHOLE_ROWS else 65536 if n <= CACHE_ROWS else 16384}")
    ids = os.urandom(32 * n).hex()
    resident_ids = sorted(ids[i : i + 32] for i in range(0, 32 * n, 32))
    change_ids = sorted(ids[i : i + 32] for i in range(32 * n, 64 * n, 32))
    at = "2026-11-25 09:00:00.000000"
    conn.execute("BEGIN")
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('resident', 'register_change')"
    ).fetchall()
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    cells = [["" if v is None else str(v) for v in row[:6]] for row in values]
    conn.executemany(
        "INSERT INTO resident (id, surname, given_name, patronymic, iin, birth_date, sex, apartment, phone, "
        "search_key, given_key, address_key, created_at, updated_at) "
        "VALUES (?, ?, '', '', ?, ?, ?, '', '', ?, '', ?, ?, ?)",
        [
            (rid, c[0], c[1], c[2], c[3], c[0], c[4], at, at)
            for rid, c in zip(resident_ids, cells, strict=True)
        ],
    )
    conn.executemany(
        "INSERT INTO register_change (id, entity, entity_id, action, changes, actor, at) "
        "VALUES (?, 'resident', ?, 'import', ?, 'bench', ?)",
        [(cid, rid, json.dumps(c), at) for cid, rid, c in zip(change_ids, resident_ids, cells, strict=True)],
    )
    for _name, sql in indexes:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.close()
    return {
        "total": [time.perf_counter() - wall, time.process_time() - cpu],
        "rows": n,
        "peak_mb": peak_mb(),
        "start_mb": before,
    }


def child(kind: str, path: Path, work: Path, store: str) -> dict:
    code = (
        f"import json, sys; sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r}); "
        "from bench import bench_register as b; from pathlib import Path; "
        f"print(json.dumps(b.{kind}(Path({str(path)!r}), Path({str(work)!r}))))"
    )
    env = dict(os.environ, ZHOOB_BENCH_PLAIN="1" if store == "plain" else "0")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env)
    if out.returncode:
        raise SystemExit(f"{kind} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="50000,200000")
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--stores", default="encrypted,plain")
    parser.add_argument("--quick", action="store_true", help="5,000 rows (a smoke run)")
    args = parser.parse_args()
    sizes = [5000] if args.quick else [int(s) for s in args.sizes.split(",")]
    formats, stores = args.formats.split(","), args.stores.split(",")
    targets = {("csv", 50_000): 3.0, ("xlsx", 50_000): 10.0}
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; Python {sys.version.split()[0]}; "
        f"stores: {', '.join(stores)}; CPU s / wall s"
    )
    cpu_of: dict[tuple[str, int, str], tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        work = Path(tmp)
        for size in sizes:
            rows = make_rows(size, random.Random(7))
            for fmt in formats:
                (write_csv if fmt == "csv" else write_xlsx)(work / f"list-{size}.{fmt}", rows)
            del rows  # the children measure their own memory
            for fmt in formats:
                path = work / f"list-{size}.{fmt}"
                for kind in stores:
                    raw = child("run_raw", path, work / f"raw-{size}-{fmt}-{kind}", kind)
                    got = child("run_import", path, work / f"store-{size}-{fmt}-{kind}", kind)
                    cpu, wall = got["total"][1], got["total"][0]
                    cpu_of[(fmt, size, kind)] = (cpu, raw["total"][1])
                    target = targets.get((fmt, size))
                    longest = max(got["preview"][1], got["apply"][1])  # the longer of the person's two waits
                    verdict = (
                        f"  [< {target:g} s: {'met' if cpu < target else 'NOT met'} CPU, "
                        f"{'met' if wall < target else 'NOT met'} wall; each wait apart "
                        f"{'met' if longest < target else 'NOT met'} CPU]"
                        if target
                        else ""
                    )
                    memory = (
                        f" [< 300 MB: {'met' if got['peak_mb'] < 300 else 'NOT met'}]"
                        if size >= 200_000
                        else ""
                    )
                    print(
                        f"{fmt:4} {size:>7,} rows, {kind:9}: import {cpu:6.2f} / {wall:6.2f} s "
                        f"(preview {got['preview'][1]:.2f} / {got['preview'][0]:.2f}, "
                        f"apply {got['apply'][1]:.2f} / {got['apply'][0]:.2f}), {got['created']:,} created, "
                        f"peak {got['peak_mb']:.0f} MB{memory}; {_load()}{verdict}"
                    )
                    print(
                        f"{'':4} {'':>7}  {'':9}     raw {raw['total'][1]:6.2f} / {raw['total'][0]:6.2f} s, "
                        f"peak {raw['peak_mb']:.0f} MB; import x{cpu / raw['total'][1]:.1f} CPU, "
                        f"+{cpu - raw['total'][1]:.2f} s CPU over raw"
                    )
    if {"encrypted", "plain"} <= set(stores):
        print("encryption (encrypted / plain, CPU):")
        for (fmt, size, kind), (cpu, raw_cpu) in cpu_of.items():
            if kind == "encrypted" and (fmt, size, "plain") in cpu_of:
                plain, raw_plain = cpu_of[(fmt, size, "plain")]
                print(f"  {fmt:4} {size:>7,} rows: import x{cpu / plain:.2f}, raw x{raw_cpu / raw_plain:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
