"""Register benchmark on 50,000 residents: import (CSV, xlsx) and search as you type.

    .venv/bin/python bench/bench_register.py [--rows 50000] [--queries 300]

Prints each figure next to a raw sqlite3 baseline measured in the same run:
the same rows parsed with csv/openpyxl and inserted with executemany into a
bare table, and the same prefix range query run on a bare connection.
Targets: search p95 < 20 ms and within 3x of raw; xlsx import < 20 s; CSV < 5 s.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl  # noqa: E402

from bench._env import open_bench_store, raw_connect  # noqa: E402
from zhoob_desktop.services.datadir import DB_NAME  # noqa: E402
from zhoob_desktop.services.demo import KAZAKH_MEN, KAZAKH_SURNAMES, KAZAKH_WOMEN  # noqa: E402
from zhoob_desktop.services.okrug import save_okrug  # noqa: E402
from zhoob_desktop.services.register.iin import make_iin  # noqa: E402
from zhoob_desktop.services.register.importer import apply_import, preview_import  # noqa: E402
from zhoob_desktop.services.register.membership import count_members, find_for_checkin  # noqa: E402
from zhoob_desktop.services.register.query import ResidentFilter, count_residents, query_residents  # noqa: E402
from zhoob_desktop.services.register.search import fold, prefix_bounds  # noqa: E402

TODAY = date(2026, 11, 25)
HEADER = ["Тегі Аты Әкесінің аты", "ЖСН", "Туған күні", "Жынысы", "Мекенжайы", "Әлеуметтік мәртебе"]
VILLAGES = ["Қарағайлы", "Жаңаталап", "Көктөбе", "Талдыбұлақ", "Ақсу"]
STREETS = ["Абай көшесі", "Төле би көшесі", "Бейбітшілік көшесі", "Орталық көшесі", "Мектеп көшесі"]


def make_rows(n: int, rng: random.Random) -> list[list[object]]:
    rows, serial = [], 0
    for _ in range(n):
        sex = rng.choice("MF")
        born = TODAY - timedelta(days=rng.randrange(0, 90 * 365))
        surname = rng.choice(KAZAKH_SURNAMES)[0 if sex == "M" else 1]
        given = rng.choice(KAZAKH_MEN if sex == "M" else KAZAKH_WOMEN)
        father = rng.choice(KAZAKH_MEN)
        serial += 1
        rows.append(
            [
                f"{surname} {given} {father}{'ұлы' if sex == 'M' else 'қызы'}",
                make_iin(born, sex, serial % 10000),
                born,
                "ер" if sex == "M" else "әйел",
                f"{rng.choice(VILLAGES)}, {rng.choice(STREETS)}, {rng.randint(1, 120)}",
                "зейнеткер" if born.year < 1963 else "",
            ]
        )
    # IINs must be unique: make_iin may land on the same serial for two people born the same day
    seen: set[str] = set()
    for row in rows:
        while row[1] in seen:
            serial += 1
            row[1] = make_iin(row[2], "M" if row[3] == "ер" else "F", serial % 10000)
        seen.add(row[1])
    return rows


def write_csv(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(HEADER)
        for r in rows:
            w.writerow([r[0], r[1], f"{r[2]:%d.%m.%Y}", r[3], r[4], r[5]])


def write_xlsx(path: Path, rows) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Тізім")
    ws.append(["Қарағайлы ауылдық округінің тұрғындары"])
    ws.append(HEADER)
    for r in rows:
        ws.append([r[0], int(r[1]), r[2], r[3], r[4], r[5]])  # IIN as a number, like many akimat files
    wb.save(path)


def fresh_store(folder: Path):
    folder.mkdir(parents=True)
    store = open_bench_store(folder)
    save_okrug(store, "Қарағайлы ауылдық округі")
    return store


def timed_import(store, path: Path) -> tuple[float, float, float, int]:
    """(preview seconds, end-to-end seconds, end-to-end CPU seconds of this process, rows created)."""
    cpu = time.process_time()
    start = time.perf_counter()
    preview = preview_import(store, path, today=TODAY)
    middle = time.perf_counter()
    result = apply_import(store, preview)
    end = time.perf_counter()
    return middle - start, end - start, time.process_time() - cpu, result.created


def raw_import(path: Path, db: Path, xlsx: bool) -> float:
    """Parse the same file and executemany into a bare table: the floor for an import."""
    start = time.perf_counter()
    if xlsx:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        values = [tuple(r) for r in wb.worksheets[0].iter_rows(min_row=3, values_only=True)]
        wb.close()
    else:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            values = [tuple(r) for r in csv.reader(fh, delimiter=";")][1:]
    conn = sqlite3.connect(db)
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
    return time.perf_counter() - start


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def queries(rows, rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        kind = rng.random()
        row = rng.choice(rows)
        if kind < 0.45:
            out.append(row[0].split()[0][: rng.randint(2, 5)])  # surname prefix as typed
        elif kind < 0.6:
            out.append(fold(row[0].split()[0][: rng.randint(3, 6)]).capitalize())  # Russian keyboard
        elif kind < 0.75:
            out.append(row[0].split()[1][: rng.randint(2, 4)])  # given-name prefix
        else:
            out.append(row[1][: rng.randint(4, 8)])  # IIN prefix
    return out


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(7)
    work = Path(tempfile.mkdtemp(prefix="bench-register-"))
    rows = make_rows(args.rows, rng)
    csv_path, xlsx_path = work / "list.csv", work / "list.xlsx"
    write_csv(csv_path, rows)
    write_xlsx(xlsx_path, rows)
    print(
        f"{args.rows} residents; files in {work}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )

    raw_csv = raw_import(csv_path, work / "raw-csv.sqlite", xlsx=False)
    store = fresh_store(work / "csv")
    preview_s, total_s, cpu_s, created = timed_import(store, csv_path)
    print(f"CSV import   : {total_s:6.2f} s end to end (preview {preview_s:.2f} s, CPU {cpu_s:.2f} s), {created} created; "
          f"raw csv+executemany {raw_csv:.2f} s, ratio {total_s / raw_csv:.1f}x  [target < 5 s]")  # fmt: skip
    store.close(backup=False)

    raw_xlsx = raw_import(xlsx_path, work / "raw-xlsx.sqlite", xlsx=True)
    store = fresh_store(work / "xlsx")
    preview_s, total_s, cpu_s, created = timed_import(store, xlsx_path)
    print(f"xlsx import  : {total_s:6.2f} s end to end (preview {preview_s:.2f} s, CPU {cpu_s:.2f} s), {created} created; "
          f"raw openpyxl+executemany {raw_xlsx:.2f} s, ratio {total_s / raw_xlsx:.1f}x  [target < 20 s]")  # fmt: skip

    typed = queries(rows, rng, args.queries)
    raw = raw_connect(work / "xlsx" / DB_NAME, store.key)
    raw_sql = (
        "SELECT id, iin, surname, given_name, patronymic FROM resident "
        "WHERE deleted_at IS NULL AND ((search_key >= ? AND search_key < ?) OR (given_key >= ? AND given_key < ?)) "
        "ORDER BY search_key LIMIT 20"
    )
    raw_iin = "SELECT id, iin, surname, given_name, patronymic FROM resident WHERE iin >= ? AND iin < ? ORDER BY search_key LIMIT 20"
    for text in typed[:20]:  # warm the page cache for both sides
        find_for_checkin(store, text, TODAY)
    timings: dict[str, list[float]] = {"checkin": [], "table": [], "raw": []}
    for text in typed:
        start = time.perf_counter()
        find_for_checkin(store, text, TODAY)
        timings["checkin"].append(time.perf_counter() - start)
        start = time.perf_counter()
        query_residents(store, ResidentFilter(text=text), limit=100, today=TODAY)
        timings["table"].append(time.perf_counter() - start)
        start = time.perf_counter()
        if text.isdigit():
            raw.execute(raw_iin, prefix_bounds(text)).fetchall()
        else:
            key = fold(text)
            raw.execute(raw_sql, (*prefix_bounds(key), *prefix_bounds(key))).fetchall()
        timings["raw"].append(time.perf_counter() - start)
    raw_p95 = percentile(timings["raw"], 95)
    for name, label in (("checkin", "find_for_checkin"), ("table", "query_residents ")):
        values = timings[name]
        p95 = percentile(values, 95)
        print(f"search {label}: p50 {ms(statistics.median(values))}, p95 {ms(p95)}; raw sqlite3 p95 {ms(raw_p95)}, "
              f"ratio {p95 / raw_p95:.1f}x  [target p95 < 20 ms, < 3x]")  # fmt: skip
    start = time.perf_counter()
    members = count_members(store, TODAY)
    count_s = time.perf_counter() - start
    start = time.perf_counter()
    total = count_residents(store, today=TODAY)
    total_s = time.perf_counter() - start
    start = time.perf_counter()
    raw_count = raw.execute("SELECT count(*) FROM resident WHERE deleted_at IS NULL").fetchone()[0]
    raw_count_s = time.perf_counter() - start
    print(f"count_members: {ms(count_s)} ({members} members); count_residents {ms(total_s)} ({total}); "
          f"raw count(*) {ms(raw_count_s)} ({raw_count})")  # fmt: skip
    start = time.perf_counter()
    page = query_residents(store, offset=25_000, limit=100, order_by="address", today=TODAY)
    print(
        f"table page at offset 25,000 ordered by address: {ms(time.perf_counter() - start)} ({len(page)} rows)"
    )
    raw.close()
    store.close(backup=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
