"""Register import benchmark: a list of 50,000 and of 200,000 residents from CSV and xlsx.

    .venv/bin/python bench/bench_register.py [--sizes 50000,200000] [--formats csv,xlsx] [--quick]

Each import runs in a fresh process (so its peak memory is its own): preview,
then apply (one transaction after the pre-import backup), into a new okrug.
It prints wall and CPU time of each step and the process's peak resident
memory, next to a raw baseline measured in the same run: the same file read
with csv / openpyxl (read-only) and its rows inserted with ``executemany``
into a bare table of six text columns with a unique IIN, in a file encrypted
as the store is (SQLCipher; plain SQLite with ``ZHOOB_BENCH_PLAIN=1``). The
baseline leaves out what an import is: understanding each cell (names,
IINs and their check digit, dates, sex, addresses), the per-row report,
matching duplicates in the file and the register, the places, search and
address keys and their indexes, the change log, the backup.

Targets: CSV of 50,000 under 3 s, xlsx under 10 s; 200,000 with peak memory
under about 300 MB. Search is measured by bench/bench_search.py.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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


def peak_mb() -> float:
    """This process's peak resident memory (Linux: VmHWM, which starts anew at exec; elsewhere ru_maxrss)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_import(path: Path, folder: Path) -> dict:
    """(in a child process) preview + apply into a new store; times and peak memory."""
    from bench._env import open_bench_store
    from zhoob_desktop.services.okrug import save_okrug
    from zhoob_desktop.services.register.importer import apply_import, preview_import

    folder.mkdir(parents=True)
    store = open_bench_store(folder)
    save_okrug(store, "Қарағайлы ауылдық округі")
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
        "created": result.created,
        "report_rows": len(preview.rows),
        "peak_mb": peak_mb(),
        "start_mb": before,
    }


def run_raw(path: Path, db: Path) -> dict:
    """(in a child process) the same file read and inserted with executemany into a bare table."""
    cpu, wall = time.process_time(), time.perf_counter()
    if path.suffix == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        values = [tuple(r) for r in wb.worksheets[0].iter_rows(min_row=3, values_only=True)]
        wb.close()
    else:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            values = [tuple(r) for r in csv.reader(fh, delimiter=";")][1:]
    from bench._env import ENCRYPTED, raw_connect

    # An encrypted store's baseline writes an encrypted file too (SQLCipher, a fresh key).
    conn = raw_connect(db, os.urandom(32) if ENCRYPTED else None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(
        "CREATE TABLE t (name TEXT, iin TEXT UNIQUE, born TEXT, sex TEXT, address TEXT, status TEXT)"
    )
    with conn:
        conn.executemany(
            "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", [tuple(str(v) for v in r[:6]) for r in values]
        )
    conn.close()
    return {"total": [time.perf_counter() - wall, time.process_time() - cpu], "peak_mb": peak_mb()}


def child(kind: str, path: Path, work: Path) -> dict:
    code = (
        f"import json, sys; sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r}); from bench import bench_register as b; from pathlib import Path; "
        f"print(json.dumps(b.{kind}(Path({str(path)!r}), Path({str(work)!r}))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="50000,200000")
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--quick", action="store_true", help="5,000 rows (a smoke run)")
    args = parser.parse_args()
    sizes = [5000] if args.quick else [int(s) for s in args.sizes.split(",")]
    targets = {("csv", 50_000): 3.0, ("xlsx", 50_000): 10.0}
    from bench._env import mode

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; store {mode()}")
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        work = Path(tmp)
        for size in sizes:
            rows = make_rows(size, random.Random(7))
            for fmt in args.formats.split(","):
                (write_csv if fmt == "csv" else write_xlsx)(work / f"list-{size}.{fmt}", rows)
            del rows  # the children measure their own memory
            for fmt in args.formats.split(","):
                path = work / f"list-{size}.{fmt}"
                raw = child("run_raw", path, work / f"raw-{size}-{fmt}.sqlite")
                got = child("run_import", path, work / f"store-{size}-{fmt}")
                wall = got["preview"][0] + got["apply"][0]
                cpu = got["preview"][1] + got["apply"][1]
                target = targets.get((fmt, size))
                verdict = (
                    f"  [< {target:g} s: {'met' if wall < target else 'NOT met'} wall, {'met' if cpu < target else 'NOT met'} CPU]"
                    if target
                    else ""
                )
                print(
                    f"{fmt:4} {size:>7,} rows: {wall:6.2f} s wall {cpu:6.2f} s CPU (preview {got['preview'][0]:.2f} s wall "
                    f"{got['preview'][1]:.2f} s CPU, apply {got['apply'][0]:.2f} s wall {got['apply'][1]:.2f} s CPU), "
                    f"{got['created']} created; peak {got['peak_mb']:.0f} MB (process start {got['start_mb']:.0f} MB)"
                    f"{' [< 300 MB: ' + ('met' if got['peak_mb'] < 300 else 'NOT met') + ']' if size >= 200_000 else ''}"
                )
                print(
                    f"     raw read + executemany: {raw['total'][0]:6.2f} s wall {raw['total'][1]:6.2f} s CPU, peak {raw['peak_mb']:.0f} MB; "
                    f"import x{wall / raw['total'][0]:.1f} wall x{cpu / raw['total'][1]:.1f} CPU{verdict}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
