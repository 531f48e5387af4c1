"""Search as you type in the register: the registration desk, the residents table, the counts.

    .venv/bin/python bench/bench_search.py [--sizes 50000,200000] [--searches 60] [--quick]

For every keystroke of ``--searches`` typed searches (bench/fixture.py: surnames
as written and on a Russian keyboard, given names, "given surname", IINs digit by
digit) it times, wall and CPU (this thread, where SQLite runs too):

* desk: ``find_for_checkin`` (members on the day, 20 candidates);
* table: ``query_residents``, the table's first page (``PAGE_SIZE`` rows) with addresses and statuses;
* count: ``count_residents``, which the table runs once typing pauses.

Baselines, measured in the same run on a bare sqlite3 connection to the same file:

* raw: the very statements the program chose for that keystroke (the name index
  walked in order, or the parts' first rows merged; stopping at the page size),
  with the page's rows and statuses, fetched as tuples. It leaves out what the
  program adds around them: choosing the way (its capped counts), reading the
  age of majority, SQLAlchemy, building the row objects and address lines.
* plain: the query the program ran before (every match collected, then sorted), for scale.

Targets: p95 under 5 ms at 50,000 and under 10 ms at 200,000, within 3x of raw.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._env import open_bench_store, raw_connect  # noqa: E402
from bench.fixture import TODAY, build_register, sql_of, typing  # noqa: E402
from zhoob_desktop.services.datadir import DB_NAME  # noqa: E402
from zhoob_desktop.services.register import finder  # noqa: E402
from zhoob_desktop.services.register.membership import _checkin_rows, adult_cutoff, find_for_checkin  # noqa: E402
from zhoob_desktop.services.register.query import (  # noqa: E402
    PAGE_SIZE,
    ResidentFilter,
    _with_rows,
    count_residents,
    filters_of,
    query_residents,
)
from zhoob_desktop.services.register.search import fold, prefix_bounds  # noqa: E402

DESK_LIMIT = 20
PLAIN = (
    "SELECT r.id, r.surname, r.given_name, r.patronymic, r.iin, r.birth_date, r.sex, s.name, st.name, h.number, "
    "r.apartment, r.left_on, r.left_reason FROM resident r LEFT JOIN settlement s ON s.id = r.settlement_id "
    "LEFT JOIN street st ON st.id = r.street_id LEFT JOIN house h ON h.id = r.house_id "
    "WHERE r.deleted_at IS NULL AND r.left_on IS NULL AND {text} ORDER BY r.search_key, r.id LIMIT ?"
)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed(fn) -> tuple[float, float]:
    """(wall, CPU of this thread) seconds of one call."""
    cpu, wall = time.thread_time(), time.perf_counter()
    fn()
    return time.perf_counter() - wall, time.thread_time() - cpu


STATUSES_SQL = (
    "SELECT resident_status.resident_id, social_status.code FROM resident_status JOIN social_status "
    "ON social_status.id = resident_status.status_id WHERE resident_status.resident_id IN ({marks}) "
    "ORDER BY social_status.sort_order"
)


def plain_sql(text: str) -> tuple[str, tuple]:
    digits = text.replace(" ", "")
    if digits.isdigit():
        return PLAIN.format(text="r.iin >= ? AND r.iin < ?"), prefix_bounds(digits)
    key = fold(text)
    low, high = prefix_bounds(key)
    clause = "((r.search_key >= ? AND r.search_key < ?) OR (r.given_key >= ? AND r.given_key < ?))"
    return PLAIN.format(text=clause), (low, high, low, high)


class Series:
    def __init__(self):
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def add(self, sample: tuple[float, float]) -> None:
        self.wall.append(sample[0])
        self.cpu.append(sample[1])

    def line(self, label: str, raw: Series | None = None, target_ms: float | None = None) -> str:
        p95w, p95c = percentile(self.wall, 95) * 1000, percentile(self.cpu, 95) * 1000
        out = (
            f"  {label:<22} p50 {statistics.median(self.wall) * 1000:6.2f} ms wall {statistics.median(self.cpu) * 1000:6.2f} ms CPU"
            f" | p95 {p95w:6.2f} ms wall {p95c:6.2f} ms CPU"
        )
        if raw is not None:
            out += f" | x{p95w / (percentile(raw.wall, 95) * 1000):.1f} wall x{p95c / (percentile(raw.cpu, 95) * 1000):.1f} CPU of raw"
        if target_ms is not None:
            out += f"  [p95 < {target_ms:g} ms: {'met' if p95c < target_ms else 'NOT met'} (CPU)]"
        return out


def bench_size(size: int, searches: int, work: Path, target_ms: float) -> None:
    folder = work / f"register-{size}"
    start = time.perf_counter()
    people = build_register(folder, size)
    print(f"{size} residents built in {time.perf_counter() - start:.1f} s")
    store = open_bench_store(folder, lock=False)
    raw = raw_connect(folder / DB_NAME, store.key)
    rng = random.Random(size)
    keys = typing(people, searches, rng)
    series = {
        name: Series()
        for name in ("desk", "desk raw", "table", "table raw", "table plain", "count", "count raw")
    }
    for text in keys[:30]:  # warm both sides' page caches
        find_for_checkin(store, text, TODAY)
        query_residents(store, ResidentFilter(text=text), limit=PAGE_SIZE, today=TODAY)
    for text in keys:
        flt = ResidentFilter(text=text)
        series["desk"].add(timed(lambda text=text: find_for_checkin(store, text, TODAY, DESK_LIMIT)))
        series["table"].add(timed(lambda flt=flt: query_residents(store, flt, limit=PAGE_SIZE, today=TODAY)))
        series["count"].add(timed(lambda flt=flt: count_residents(store, flt, today=TODAY)))
        terms = finder.terms_of(text)
        with store.session() as s:  # the statements the program chose, outside the timing
            conn = s.connection()
            member = finder.Filters(member=True, on=TODAY, cutoff=adult_cutoff(TODAY, 18))
            desk = finder.page_query(conn, terms, member, limit=DESK_LIMIT)
            desk_sql = sql_of(conn, _checkin_rows(desk.statement), desk.params)
            filters = filters_of(flt, TODAY, 18)
            page = finder.page_query(conn, terms, filters, limit=PAGE_SIZE)
            page_sql = sql_of(conn, _with_rows(page.statement, False), page.params)
            ids = [row[0] for row in raw.execute(*page_sql)]
            statuses_sql = (STATUSES_SQL.format(marks=", ".join("?" * len(ids))), ids) if ids else None
            counted = finder.count_query(conn, terms, filters)
            count_sql = sql_of(conn, counted.statement, counted.params)

        def raw_table(page_sql=page_sql, statuses_sql=statuses_sql):
            rows = raw.execute(*page_sql).fetchall()
            if rows and statuses_sql:
                raw.execute(*statuses_sql).fetchall()

        series["desk raw"].add(timed(lambda sql=desk_sql: raw.execute(*sql).fetchall()))
        series["table raw"].add(timed(raw_table))
        plain, values = plain_sql(text)
        plain_values = (*values, PAGE_SIZE)
        series["table plain"].add(timed(lambda sql=plain, v=plain_values: raw.execute(sql, v).fetchall()))
        series["count raw"].add(timed(lambda sql=count_sql: raw.execute(*sql).fetchone()))
    print(
        f"  {len(keys)} keystrokes of {searches} searches; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(series["desk"].line(f"desk ({DESK_LIMIT} candidates)", series["desk raw"], target_ms))
    print(series["desk raw"].line("  raw"))
    print(series["table"].line(f"table ({PAGE_SIZE} rows)", series["table raw"], target_ms))
    print(series["table raw"].line("  raw"))
    print(series["table plain"].line("  plain (sort all)"))
    print(series["count"].line("count", series["count raw"]))
    print(series["count raw"].line("  raw"))
    raw.close()
    store.close(backup=False)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="50000,200000")
    parser.add_argument("--searches", type=int, default=60)
    parser.add_argument("--quick", action="store_true", help="5,000 residents and 10 searches (a smoke run)")
    args = parser.parse_args()
    sizes = [5000] if args.quick else [int(s) for s in args.sizes.split(",")]
    searches = 10 if args.quick else args.searches
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        for size in sizes:
            bench_size(size, searches, Path(tmp), 5.0 if size <= 50_000 else 10.0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
