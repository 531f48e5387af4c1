"""Opening the register's residents view on 50,000 residents: time, memory, ratio to raw SQLite.

    .venv/bin/python bench/bench_register_view.py [--residents 50000,200000] [--quick]

Builds a store (okrug, villages, streets and houses through the services; the
residents with sqlite3 ``executemany``, keys computed by the register's own
folding), then measures in the same run:

* raw: a plain sqlite3 SELECT of the first page (same joins and order) plus the count;
* open: constructing the Residents page, its first fetch and showing it;
* search: one search-as-you-type step ("касым"): the first page shown, then its count
  (which the table takes once typing pauses, off the window's thread); scrolling 10 pages;
* memory: the process RSS with the view open (and its growth over the open).

Targets: open < 1 s, RSS of the open view < 300 MB.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._env import mode, open_bench_store, raw_connect  # noqa: E402
from zhoob_desktop.services.datadir import DB_NAME  # noqa: E402
from zhoob_desktop.services.okrug import save_okrug  # noqa: E402
from zhoob_desktop.services.register import structure  # noqa: E402
from zhoob_desktop.services.register.iin import make_iin  # noqa: E402
from zhoob_desktop.services.register.search import address_key, resident_keys  # noqa: E402

SURNAMES = [
    "Қасымов", "Әбілов", "Сейітов", "Нұрланов", "Жақыпов", "Төлеуов", "Серікбаев", "Оспанов",
    "Бекенов", "Ахметов", "Иванов", "Петров", "Ғабдуллин", "Құдайбергенов", "Үсенов", "Өмірзақов",
]  # fmt: skip
GIVEN_M = ["Ерлан", "Нұрлан", "Асқар", "Дәулет", "Мұрат", "Бақыт", "Ерболат", "Пётр", "Әлихан", "Ғалым"]
GIVEN_F = ["Гүлнар", "Айгүл", "Сәуле", "Ләззат", "Әсел", "Динара", "Мария", "Жұлдыз", "Ұлжан", "Інжу"]
from zhoob_desktop.services.register.query import PAGE_SIZE as PAGE  # noqa: E402


def rss_mb() -> float:
    """Resident set size of this process now (Linux /proc), in MB."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def build(folder: Path, count: int) -> None:
    """An okrug with 6 villages × 20 streets × 40 houses and ``count`` residents."""
    store = open_bench_store(folder, lock=False)
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    houses = []
    for v in range(6):
        village = structure.create_settlement(store, f"Ауыл {v + 1}")
        for s in range(20):
            street = structure.create_street(store, village.id, f"Көше {s + 1}")
            for h in range(40):
                house = structure.create_house(store, street.id, str(h + 1))
                houses.append(
                    (
                        village.id.hex,
                        street.id.hex,
                        house.id.hex,
                        address_key(village.name, street.name, house.number),
                    )
                )
    key = store.key
    store.close(backup=False)
    rng = random.Random(2026)
    now = datetime(2026, 11, 25, 9, 0).isoformat(sep=" ")
    con = raw_connect(folder / DB_NAME, key)
    status_ids = [row[0] for row in con.execute("SELECT id FROM social_status")]
    rows, links, used = [], [], set()
    for n in range(count):
        sex = rng.choice("MF")
        surname = rng.choice(SURNAMES)
        if sex == "F":
            surname = surname + "а"
        given = rng.choice(GIVEN_M if sex == "M" else GIVEN_F)
        born = date(1930, 1, 1) + timedelta(days=rng.randrange(0, 34000))
        settlement_id, street_id, house_id, address = rng.choice(houses)
        search_key, given_key = resident_keys(surname, given, "")
        rid = uuid.uuid4().hex
        serial = n % 10000
        iin = make_iin(born, sex, serial)
        while iin in used:  # the IIN is unique in the register
            serial += 1
            iin = make_iin(born, sex, serial)
        used.add(iin)
        rows.append(
            (
                rid, surname, given, "", iin, born.isoformat(),
                sex, settlement_id, street_id, house_id, "", "", None, search_key, given_key, address, now, now,
            )
        )  # fmt: skip
        if rng.random() < 0.2:
            links.append((rid, rng.choice(status_ids)))
    con.executemany(
        "INSERT INTO resident (id, surname, given_name, patronymic, iin, birth_date, sex, "
        "settlement_id, street_id, house_id, apartment, phone, registered_on, search_key, given_key, "
        "address_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    con.executemany("INSERT INTO resident_status (resident_id, status_id) VALUES (?, ?)", links)
    con.commit()
    con.close()


def raw_first_page(path: Path, key: bytes | None) -> float:
    """Seconds for the bare sqlite3 equivalent of the view's first fetch (page + count)."""
    start = time.perf_counter()
    con = raw_connect(path, key)
    con.execute(
        "SELECT r.id, r.surname, r.given_name, r.patronymic, r.iin, r.birth_date, r.sex, s.name, st.name, "
        "h.number, r.apartment, r.left_on, r.left_reason FROM resident r "
        "LEFT JOIN settlement s ON s.id = r.settlement_id LEFT JOIN street st ON st.id = r.street_id "
        "LEFT JOIN house h ON h.id = r.house_id WHERE r.deleted_at IS NULL AND r.left_on IS NULL "
        "ORDER BY r.search_key, r.id LIMIT ? OFFSET 0",
        (PAGE,),
    ).fetchall()
    con.execute("SELECT count(*) FROM resident WHERE deleted_at IS NULL AND left_on IS NULL").fetchone()
    con.close()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", default="50000,200000", help="register sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="5,000 residents (a smoke run)")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from zhoob_desktop.services import i18n
    from zhoob_desktop.ui.fonts import load_bundled_fonts, ui_font

    app = QApplication.instance() or QApplication([sys.argv[0]])
    load_bundled_fonts()
    app.setFont(ui_font(10))
    i18n.set_language("kk")
    ok = True
    for size in [5000] if args.quick else [int(n) for n in args.residents.split(",")]:
        ok = bench_size(app, size, args.repeat) and ok
    return 0 if ok else 1


def _timed(fn) -> tuple[float, float]:
    cpu, wall = time.thread_time(), time.perf_counter()
    fn()
    return time.perf_counter() - wall, time.thread_time() - cpu


def bench_size(app, residents: int, repeat: int) -> bool:
    from PySide6.QtCore import Qt

    from zhoob_desktop.ui.bus import Bus
    from zhoob_desktop.ui.register.page import RegisterPage
    from zhoob_desktop.ui.register.table_model import COL_ADDRESS, COL_NAME

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        build(folder, residents)
        print(f"fixture: {residents} residents built in {time.perf_counter() - t0:.1f} s")
        store = open_bench_store(folder, lock=False)
        print(f"store: {mode()}")
        raw = statistics.median(raw_first_page(folder / DB_NAME, store.key) for _ in range(repeat))

        rss_before = rss_mb()
        opens = []
        page = None

        def open_page():
            nonlocal page
            page = RegisterPage(store, Bus())
            page.resize(1200, 760)
            page.show()
            app.processEvents()

        for _ in range(repeat):
            if page is not None:
                page.close()
                page.deleteLater()
                app.processEvents()
            opens.append(_timed(open_page))
        assert page is not None
        view = page.residents
        rss_open = rss_mb()
        total, loaded = view.model.wait_for_total(), view.model.rowCount()

        def search():
            view.search.setText("касым")
            view.apply_filter()
            app.processEvents()

        searched = _timed(search)
        counted = _timed(view.model.wait_for_total)
        found = view.model.total()
        view.search.setText("")
        view.apply_filter()

        sort_address = _timed(
            lambda: (view.model.sort(COL_ADDRESS, Qt.SortOrder.DescendingOrder), app.processEvents())
        )
        view.model.sort(COL_NAME, Qt.SortOrder.AscendingOrder)

        def scroll():
            for _ in range(10):
                view.model.fetchMore()
                view.table.scrollToBottom()
                app.processEvents()

        scrolled = _timed(scroll)
        rss_scrolled = rss_mb()
        view.model.shutdown()
        store.close(backup=False)

    open_wall = statistics.median(w for w, _c in opens)
    open_cpu = statistics.median(c for _w, c in opens)
    ms = lambda pair: f"{pair[0] * 1000:.1f} ms wall, {pair[1] * 1000:.1f} ms CPU"  # noqa: E731
    print(f"rows matching: {total}, rows loaded by the open view: {loaded}")
    print(f"raw sqlite3 first page + count: {raw * 1000:.1f} ms (median of {repeat})")
    print(
        f"open register view (construct + first fetch + show): {ms((open_wall, open_cpu))} (median of {repeat})"
    )
    print(f"ratio open view / raw first page: {open_wall / raw:.1f}x wall")
    print(f"search 'касым', first page shown: {ms(searched)}; its count ({found} found): {ms(counted)}")
    print(f"sort by address (descending), first page: {ms(sort_address)}")
    print(
        f"next page while scrolling: {scrolled[0] * 100:.1f} ms wall, {scrolled[1] * 100:.1f} ms CPU per page of {PAGE}"
    )
    print(f"RSS with the view open: {rss_open:.0f} MB (+{rss_open - rss_before:.0f} MB over the open)")
    print(f"RSS after scrolling 10 pages: {rss_scrolled:.0f} MB")
    ok = open_wall < 1.0 and rss_open < 300
    print("targets (open < 1 s, RSS < 300 MB):", "met" if ok else "NOT met")
    return ok


if __name__ == "__main__":
    raise SystemExit(main())
