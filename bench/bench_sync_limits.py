"""Memory of the district importer against hostile bundles, next to the genuine bundle's own.

    .venv/bin/python bench/bench_sync_limits.py [--residents N] [--bomb-mib 256]

Builds an okrug (the demo okrug, or N residents in bulk), exports a sealed
bundle, then measures with tracemalloc (the Python heap) the peak of:
reading its largest member; importing it; and importing each hostile
variant (a manifest, a signature or a member inflating to --bomb-mib MiB, a
signed zlib member inflating so, a zip with 10,001 files). Each is printed as
a ratio to the largest legitimate member's plain size; the importer keeps
every hostile case under 2x, and refuses it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._env import open_bench_store  # noqa: E402
from tests.services.sync import zipcraft as zc  # noqa: E402
from zhoob_desktop.services.demo import create_demo  # noqa: E402
from zhoob_desktop.services.sync import bounded  # noqa: E402
from zhoob_desktop.services.sync import district as dist  # noqa: E402
from zhoob_desktop.services.sync import export as ex  # noqa: E402
from zhoob_desktop.services.sync.container import BundleReader, canonical_json  # noqa: E402
from zhoob_desktop.services.sync.district_db import open_district  # noqa: E402
from zhoob_desktop.services.sync.errors import BundleRejected  # noqa: E402
from zhoob_desktop.services.sync.keys import DistrictKeys, OkrugKeys  # noqa: E402


def peak(fn) -> tuple[int, str]:
    """(peak bytes of the Python heap while ``fn`` runs, what it ended with)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        outcome = fn()
    except BundleRejected as exc:
        outcome = f"refused: {type(exc).__name__}"
    finally:
        top = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return top, outcome if isinstance(outcome, str) else "imported"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--residents", type=int, default=0, help="residents in bulk instead of the demo okrug"
    )
    parser.add_argument("--bomb-mib", type=int, default=256)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="zhoob-limits-"))
    store = open_bench_store(tmp / "okrug")
    if args.residents:
        from bench.bench_sync import fill_register

        fill_register(store, args.residents)
    else:
        create_demo(store)
    keys = DistrictKeys(tmp / "district-keys").ensure()
    (tmp / "district.key").write_bytes(keys.public().to_json())
    ex.import_district_key(store, tmp / "district.key")
    ex.export_public_key(store, tmp / "okrug.key")
    sealed = ex.export_bundle(store, tmp / "sealed.zip").path
    plain = ex.export_bundle(store, tmp / "plain.zip", seal=False).path
    store.close(backup=False)
    sign = OkrugKeys(tmp / "okrug").ensure().sign

    manifest = json.loads(zipfile.ZipFile(sealed).read("manifest.json"))
    name, largest = max(((n, e["size"]) for n, e in manifest["files"].items()), key=lambda x: x[1])
    print(f"largest member: {name}, {largest:,} bytes plain")

    def district(label: str):
        d = open_district(tmp / f"district-{label}.sqlite")
        dist.register_okrug(d, tmp / "okrug.key")
        return d

    def read_largest():
        with BundleReader(sealed) as reader:
            reader.verify_members()
            tracemalloc.reset_peak()
            reader.read(name, keys.seal_private)
        return "read"

    cases = [("reading the largest member (sealed)", read_largest)]
    d = district("genuine")
    started = time.perf_counter()
    cases.append(("importing the genuine sealed bundle", lambda: dist.import_bundle(d, sealed, keys)))

    with zipfile.ZipFile(plain) as z:
        entries = [zc.entry_from(i.filename, z.read(i.filename)) for i in z.infolist()]
    bomb = zc.deflated(zc.zeros(args.bomb_mib * bounded.MiB))

    def replaced(member: str, entry: zc.Entry) -> list[zc.Entry]:
        return [entry if e.name == member.encode() else e for e in entries]

    def bomb_entry(member: str, claimed: int | None = None) -> zc.Entry:
        data, crc, size = bomb
        return zc.Entry(member.encode(), data, zc.DEFLATED, 0, crc, size if claimed is None else claimed)

    z = zlib.compressobj(9)
    stream = b"".join([*(z.compress(c) for c in zc.zeros(args.bomb_mib * bounded.MiB)), z.flush()])
    target = "register/resident.jsonl"
    signed_manifest = json.loads(next(e.data for e in entries if e.name == b"manifest.json"))
    signed_manifest["files"][target]["sha256"] = hashlib.sha256(stream).hexdigest()
    body = canonical_json(signed_manifest)
    signed_bomb = [
        zc.entry_from(target, stream)
        if e.name == target.encode()
        else zc.entry_from("manifest.json", body)
        if e.name == b"manifest.json"
        else zc.entry_from("manifest.sig", sign(body))
        if e.name == b"manifest.sig"
        else e
        for e in entries
    ]
    hostile = {
        f"manifest inflating to {args.bomb_mib} MiB": replaced("manifest.json", bomb_entry("manifest.json")),
        "manifest inflating past its header's size": replaced(
            "manifest.json", bomb_entry("manifest.json", 4000)
        ),
        f"signature inflating to {args.bomb_mib} MiB": replaced("manifest.sig", bomb_entry("manifest.sig")),
        f"member inflating to {args.bomb_mib} MiB": replaced(target, bomb_entry(target)),
        f"signed zlib member inflating to {args.bomb_mib} MiB": signed_bomb,
        "10,001 files": entries + [zc.entry_from(f"x/{i}", b"") for i in range(bounded.MAX_MEMBERS + 1)],
    }
    h = district("hostile")
    for number, (label, built) in enumerate(hostile.items()):
        path = tmp / f"hostile-{number}.zip"
        path.write_bytes(zc.build(built))
        cases.append((label, lambda path=path: dist.import_bundle(h, path, keys)))

    print(f"{'case':<48} {'peak bytes':>14} {'x largest':>10}  outcome")
    for label, fn in cases:
        top, outcome = peak(fn)
        print(f"{label:<48} {top:>14,} {top / largest:>10.2f}  {outcome}")
    print(f"(total {time.perf_counter() - started:.1f} s; data in {tmp})")


if __name__ == "__main__":
    main()
