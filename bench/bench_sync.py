"""Sync bundles at okrug scale: 50,000 residents (each with an IIN) and 100 sittings.

    .venv/bin/python bench/bench_sync.py [--residents N] [--sittings N] [--postgres]
        [--okrugs N --okrug-residents N] [--quick]

Prints the time of a full sealed export and of an incremental export with 100
changed residents, each next to a raw baseline measured in the same run
(zipfile writing the same bytes); then the district import's figures
(``bench/bench_district.py``: SQLite, and PostgreSQL with fsync on, each next
to its raw baseline, wall and CPU time; peak memory against the largest
member; a district growing to ``--okrugs`` okrugs). Run it at 50,000 and at
200,000 residents; ``--quick`` is a small smoke run for CI.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, update  # noqa: E402

from bench import bench_district  # noqa: E402
from bench._env import open_bench_store  # noqa: E402
from zhoob_desktop.models.ids import new_uuid  # noqa: E402
from zhoob_desktop.models.register import RegisterChange, Resident, Settlement, Street  # noqa: E402
from zhoob_desktop.services.meeting import cmd, create_sitting, execute, load_state, start_sitting  # noqa: E402
from zhoob_desktop.services.okrug import save_okrug  # noqa: E402
from zhoob_desktop.services.register.iin import make_iin  # noqa: E402
from zhoob_desktop.services.register.search import resident_keys  # noqa: E402
from zhoob_desktop.services.sync import district as dist  # noqa: E402
from zhoob_desktop.services.sync import export as ex  # noqa: E402
from zhoob_desktop.services.sync import receipts  # noqa: E402
from zhoob_desktop.services.sync.container import BundleReader  # noqa: E402
from zhoob_desktop.services.sync.district_db import open_district  # noqa: E402
from zhoob_desktop.services.sync.keys import DistrictKeys  # noqa: E402

SURNAMES = ["Әбілқасымов", "Жұмабаев", "Серікбаева", "Иванов", "Нұрланұлы", "Қасымова", "Өтегенов", "Ғабитов"]
GIVEN = ["Қайрат", "Әсел", "Ұлан", "Гүлнұр", "Сергей", "Айгерім", "Бауыржан", "Іңкәр"]


class Clock:
    def __init__(self):
        self.now = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)

    def __call__(self):
        self.now += timedelta(seconds=1)
        return self.now


def fill_register(
    store, n: int, *, iins: bool = True, name: str = "Қарағайлы", first: int = 0
) -> list[uuid.UUID]:
    """Settlements, streets and ``n`` residents (each with an IIN unless ``iins`` is false), with
    their change-log entries, in bulk. ``first``: the number of the first resident, so that
    okrugs filled with other numbers hold other IINs."""
    okrug = save_okrug(store, f"{name} ауылдық округі", f"{name} сельский округ")
    taken: set[str] = set()
    now = datetime(2026, 1, 10, tzinfo=UTC)
    ids = []
    with store.session() as s:
        settlements = [new_uuid() for _ in range(5)]
        s.execute(
            insert(Settlement),
            [
                {"id": sid, "okrug_id": okrug.id, "name": f"Ауыл {i}", "key": f"ауыл {i}", "created_at": now}
                for i, sid in enumerate(settlements)
            ],
        )
        streets = []
        for sid in settlements:
            streets.extend((new_uuid(), sid) for _ in range(20))
        s.execute(
            insert(Street),
            [
                {"id": st, "settlement_id": sid, "name": f"Көше {k}", "key": f"көше {k}", "created_at": now}
                for k, (st, sid) in enumerate(streets)
            ],
        )
        rows, changes = [], []
        for i in range(n):
            rid = new_uuid()
            ids.append(rid)
            st, sid = streets[i % len(streets)]
            surname, given = SURNAMES[i % len(SURNAMES)] + str(i), GIVEN[i % len(GIVEN)]
            search_key, given_key = resident_keys(surname, given, "Серікұлы")
            g = first + i
            born, sex = date(1940 + g % 60, 1 + g % 12, 1 + g % 28), "M" if g % 2 else "F"
            iin = None
            if iins:
                serial = g // 420 * 5  # the dates repeat every 420 residents
                while (iin := make_iin(born, sex, serial)) in taken:
                    serial += 1
                taken.add(iin)
            rows.append(
                {
                    "id": rid,
                    "surname": surname,
                    "given_name": given,
                    "patronymic": "Серікұлы",
                    "iin": iin,
                    "birth_date": born,
                    "sex": sex,
                    "settlement_id": sid,
                    "street_id": st,
                    "house_id": None,
                    "apartment": "",
                    "phone": "",
                    "registered_on": date(2015, 1, 1),
                    "left_on": None,
                    "left_reason": None,
                    "deleted_at": None,
                    "search_key": search_key,
                    "given_key": given_key,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            changes.append(
                {
                    "id": new_uuid(),
                    "entity": "resident",
                    "entity_id": rid,
                    "action": "import",
                    "changes": {"surname": [None, surname]},
                    "actor": "bench",
                    "at": now,
                }
            )
        s.execute(insert(Resident), rows)
        s.execute(insert(RegisterChange), changes)
    return ids


def hold_sittings(store, residents: list[uuid.UUID], count: int, members: int = 30) -> None:
    """``count`` meetings held through the engine with the first ``members`` residents (at least two) as
    the roster: registration of two thirds, elections, two items voted and decided (37 events each with
    30 members). The benches of the export and of the district import share it."""
    if len(residents) < 2:
        raise ValueError("a sitting needs at least two members (a chair and a secretary)")
    clock = Clock()
    roster = [{"id": str(r), "name": f"Мүше {i}", "iin": None} for i, r in enumerate(residents[:members])]
    for k in range(count):
        info = create_sitting(
            store,
            kind="meeting",
            scheduled_on=date(2026, 1, 5) + timedelta(days=3 * k),
            place="Клуб",
            title=f"Жиналыс {k + 1}",
            agenda=[
                {"title": "Көше жарығы", "kind": "budget_draft"},
                {"title": "Бұрынғы шешімдердің орындалуы туралы", "kind": "execution_of_decisions"},
            ],
        )
        start_sitting(store, info.id, members=roster, clock=clock)

        def run(name, sitting=info.id, **fields):
            execute(store, sitting, cmd(name, **fields), clock=clock)

        present = len(roster) * 2 // 3  # the roster is shorter than ``members`` in a small register
        for m in roster[:present]:
            run("register", member=m["id"])
        run("announce_registration")
        run("open", by="Әкім")
        votes = {"for": present, "against": 0, "abstain": 0}
        run("elect", role="chair", person=roster[0]["id"], **votes)
        run("elect", role="secretary", person=roster[1]["id"], **votes)
        state = load_state(store, info.id)
        for item in state.agenda:
            run("vote_item", item=item.id, **votes)
        run("approve_agenda")
        for item in state.agenda:
            run("start_item", item=item.id)
            run("decision_text", item=item.id, text="Шешім мәтіні.")
            run("vote", item=item.id, **votes)
            run("end_item")
        run("close")


def raw_zip_baseline(bundle: Path, keys: DistrictKeys, out: Path) -> float:
    """zipfile writing the same member bytes (plain, deflated) as a floor for the export."""
    with BundleReader(bundle) as reader:
        plain = {name: reader.read(name, keys.seal_private) for name in reader.manifest["files"]}
    start = time.perf_counter()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in plain.items():
            z.writestr(name, data)
    return time.perf_counter() - start


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)  # each figure as soon as it is measured
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=50_000)
    parser.add_argument("--sittings", type=int, default=100)
    parser.add_argument(
        "--postgres", action="store_true", help="also import into a throw-away PostgreSQL server"
    )
    parser.add_argument("--okrugs", type=int, default=30, help="okrugs of the growing district (0: none)")
    parser.add_argument("--okrug-residents", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run for CI)")
    args = parser.parse_args()
    if args.quick:
        args.residents, args.sittings = 2_000, 5
        args.okrugs, args.okrug_residents = min(args.okrugs, 4), 500
    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    store = open_bench_store(tmp / "okrug", lock=False)
    t0 = time.perf_counter()
    residents = fill_register(store, args.residents)
    hold_sittings(store, residents, args.sittings)
    print(
        f"setup: {args.residents:,} residents, {args.sittings} sittings in {time.perf_counter() - t0:.1f} s"
    )

    keys = DistrictKeys(tmp / "district-keys", "Іле ауданы").ensure()
    (tmp / "district.key").write_bytes(keys.public().to_json())
    ex.import_district_key(store, tmp / "district.key")
    ex.export_public_key(store, tmp / "okrug.key")

    start = time.perf_counter()
    full = ex.export_bundle(store, tmp / "full.zip")
    t_export = time.perf_counter() - start
    t_zip = raw_zip_baseline(full.path, keys, tmp / "raw.zip")
    print(
        f"full export (sealed): {t_export:.2f} s, {full.size / 1e6:.1f} MB, {full.counts['event']:,} events"
        f" | raw zipfile of the same bytes {t_zip:.2f} s | ratio {t_export / t_zip:.1f}x | target < 10 s"
    )

    import_ok = bench_district.run(
        tmp / "district-bench",
        residents=args.residents,
        sittings=args.sittings,
        postgres=args.postgres,
        okrugs=args.okrugs,
        okrug_residents=args.okrug_residents,
        keys=keys,
        bundles={args.residents: bench_district.Okrug(tmp, full.path, tmp / "okrug.key", args.residents)},
    )

    district = open_district(tmp / "district.sqlite")
    dist.register_okrug(district, tmp / "okrug.key")
    result = dist.import_bundle(district, full.path, keys)

    receipts.make_receipt(district, keys, result.okrug_id, tmp / "receipt.json")
    receipts.import_receipt(store, tmp / "receipt.json")
    with store.session() as s:
        for rid in residents[:100]:
            s.execute(update(Resident).where(Resident.id == rid).values(phone="+7 700 000 00 00"))
        s.execute(
            insert(RegisterChange),
            [
                {
                    "id": new_uuid(),
                    "entity": "resident",
                    "entity_id": rid,
                    "action": "update",
                    "changes": {"phone": ["", "+7 700 000 00 00"]},
                    "actor": "bench",
                    "at": datetime.now(UTC),
                }
                for rid in residents[:100]
            ],
        )
    start = time.perf_counter()
    small = ex.export_bundle(store, tmp / "incremental.zip")
    t_inc = time.perf_counter() - start
    t_zip_small = raw_zip_baseline(small.path, keys, tmp / "raw-small.zip")
    print(
        f"incremental export (100 changed residents): {t_inc:.3f} s, {small.size / 1e3:.1f} kB,"
        f" residents {small.counts['resident']}, sittings {small.counts['sitting']}"
        f" | raw zipfile {t_zip_small:.4f} s | target < 1 s"
    )
    start = time.perf_counter()
    second = dist.import_bundle(district, small.path, keys)
    print(f"incremental import: {time.perf_counter() - start:.3f} s, updated {second.updated}")
    district.close()
    store.close(backup=False)
    ok = t_export < 10 and t_inc < 1 and import_ok
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok or args.quick else 1


if __name__ == "__main__":
    raise SystemExit(main())
