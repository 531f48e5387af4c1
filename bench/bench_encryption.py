"""What encryption at rest costs: the same work on plain SQLite and on SQLCipher, side by side.

    .venv/bin/python bench/bench_encryption.py [--rows 50000] [--queries 300] [--commands 400]

For each store (plain, then encrypted with the program's own settings) it times:
- import: a CSV of ``--rows`` residents, preview + write (``apply_import``);
- search: prefix searches as typed at the desk (``find_for_checkin``), p50/p95 wall, mean CPU;
- live: registration commands of a sitting, each committed (``execute``), p50/p95 wall, mean CPU;
- start-up: ``open_store`` of the filled store, with the log-in's scrypt timed apart;
- backup: the online backup API copy of the whole database.
Wall and CPU seconds (the machine may be shared: CPU time grows far less with its load).
The last column is encrypted / plain. The scrypt cost is paid once per log-in.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _env  # noqa: E402, F401  (log-in from the environment)
from bench.bench_register import TODAY, make_rows, write_csv  # noqa: E402
from zhoob_desktop.services.okrug import save_okrug  # noqa: E402
from zhoob_desktop.services.register.importer import apply_import, preview_import  # noqa: E402
from zhoob_desktop.services.register.membership import find_for_checkin, list_members  # noqa: E402
from zhoob_desktop.services.security import keys  # noqa: E402
from zhoob_desktop.services.store import open_store  # noqa: E402


def queries(rows, rng: random.Random, n: int) -> list[str]:
    """What a secretary types at the desk: surname or given-name prefixes, or IIN prefixes."""
    out = []
    for _ in range(n):
        row = rng.choice(rows)
        kind = rng.random()
        if kind < 0.5:
            out.append(row[0].split()[0][: rng.randint(2, 5)])
        elif kind < 0.7:
            out.append(row[0].split()[1][: rng.randint(2, 4)])
        else:
            out.append(str(row[1])[: rng.randint(4, 8)])
    return out


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(folder: Path, csv_path: Path, typed: list[str], commands: int, encrypted: bool) -> dict[str, float]:
    from zhoob_desktop.services.meeting import create_sitting, execute, start_sitting

    out: dict[str, float] = {}
    store = open_store(folder, encryption=encrypted)
    save_okrug(store, "Қарағайлы ауылдық округі")
    start, cpu = time.perf_counter(), time.process_time()
    apply_import(store, preview_import(store, csv_path, today=TODAY))
    out["import (s)"] = time.perf_counter() - start
    out["import, CPU (s)"] = time.process_time() - cpu
    for text in typed[:20]:
        find_for_checkin(store, text, TODAY)
    times = []
    cpu = time.process_time()
    for text in typed:
        t = time.perf_counter()
        find_for_checkin(store, text, TODAY)
        times.append(time.perf_counter() - t)
    out["search, CPU mean (ms)"] = (time.process_time() - cpu) / len(typed) * 1000
    out["search p50 (ms)"] = statistics.median(times) * 1000
    out["search p95 (ms)"] = pct(times, 95) * 1000
    adults = list_members(store, TODAY)
    roster = random.Random(5).sample(adults, min(commands, len(adults)))
    info = create_sitting(store, kind="meeting", scheduled_on=TODAY, place="Club")
    start_sitting(
        store, info.id, members=[{"id": str(m.id), "name": m.full_name, "iin": m.iin} for m in roster]
    )
    times = []
    cpu = time.process_time()
    for member in roster:
        t = time.perf_counter()
        execute(store, info.id, {"cmd": "register", "member": str(member.id)})
        times.append(time.perf_counter() - t)
    out["live command, CPU mean (ms)"] = (time.process_time() - cpu) / len(roster) * 1000
    out["live command p50 (ms)"] = statistics.median(times) * 1000
    out["live command p95 (ms)"] = pct(times, 95) * 1000
    start, cpu = time.perf_counter(), time.process_time()
    store.backup("manual")
    out["backup (s)"] = time.perf_counter() - start
    out["backup, CPU (s)"] = time.process_time() - cpu
    out["database (MB)"] = store.db_path.stat().st_size / 2**20
    store.close(backup=False)
    opens, open_cpu, unlocks, unlock_cpu = [], [], [], []
    for _ in range(3):
        t, c = time.perf_counter(), time.process_time()
        again = open_store(folder, encryption=encrypted)
        opens.append(time.perf_counter() - t)
        open_cpu.append(time.process_time() - c)
        again.close(backup=False)
        if encrypted:
            from zhoob_desktop.services.security import access

            t, c = time.perf_counter(), time.process_time()
            access.unlock(folder, access.Credentials.from_env(), now=lambda: datetime.now(UTC))
            unlocks.append(time.perf_counter() - t)
            unlock_cpu.append(time.process_time() - c)
    out["start-up: open_store (s)"] = statistics.median(opens)
    out["start-up, CPU (s)"] = statistics.median(open_cpu)
    out["  of which scrypt log-in (s)"] = statistics.median(unlocks) if unlocks else 0.0
    out["  of which scrypt, CPU (s)"] = statistics.median(unlock_cpu) if unlock_cpu else 0.0
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--commands", type=int, default=400)
    args = parser.parse_args()
    profile = os.environ.get(keys.ENV_KDF_PROFILE) or "standard"
    print(
        f"{args.rows} residents, {args.queries} searches, {args.commands} live commands; scrypt profile: {profile}"
    )
    rng = random.Random(2026)
    rows = make_rows(args.rows, rng)
    typed = queries(rows, rng, args.queries)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_csv(work / "list.csv", rows)
        plain = run(work / "plain", work / "list.csv", typed, args.commands, encrypted=False)
        enc = run(work / "encrypted", work / "list.csv", typed, args.commands, encrypted=True)
    print(f"{'':30} {'plain':>10} {'encrypted':>10} {'ratio':>7}")
    for name in plain:
        ratio = enc[name] / plain[name] if plain[name] else float("nan")
        shown = "" if name.startswith("  of which") else f"{ratio:6.2f}x"
        print(f"{name:30} {plain[name]:10.2f} {enc[name]:10.2f} {shown:>7}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"(run on {date.today():%Y-%m-%d}, load average {load:.1f}; the ratios and CPU times, not the wall"
        " seconds, carry to another machine)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
