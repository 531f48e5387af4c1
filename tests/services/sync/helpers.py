"""Test helpers: an okrug and a district wired together, database dumps, bundle surgery."""

from __future__ import annotations

import json
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tests.services.sync.okrug_data import Clock, add_residents, hold_sitting, make_okrug
from zhoob_desktop.models import Base
from zhoob_desktop.services.sync import export as ex
from zhoob_desktop.services.sync import receipts
from zhoob_desktop.services.sync.container import canonical_json, sha256
from zhoob_desktop.services.sync.district import register_okrug
from zhoob_desktop.services.sync.keys import DistrictKeys
from zhoob_desktop.services.sync.manifest import kind_of

# Columns that say when something happened at the district, not what it holds.
BOOKKEEPING = {
    ("district_bundle", "imported_at"),
    ("district_document", "opened_at"),
    ("district_okrug", "registered_at"),
}


@dataclass
class Pair:
    store: Any
    district: Any
    keys: DistrictKeys
    folder: Path
    clock: Clock
    residents: list
    sittings: list

    def export(self, name: str, **kw):
        return ex.export_bundle(self.store, self.folder / name, **kw)

    def ack(self) -> list[int]:
        """The district's receipt, imported by the okrug."""
        from zhoob_desktop.services.okrug import get_okrug

        path = self.folder / "receipt.json"
        receipts.make_receipt(self.district, self.keys, get_okrug(self.store).id, path)
        return receipts.import_receipt(self.store, path)


def make_pair(store, district, folder: Path, *, residents: int = 6, sittings: int = 2) -> Pair:
    make_okrug(store)
    people = add_residents(store, residents)
    clock = Clock()
    held = [hold_sitting(store, clock, people) for _ in range(sittings)]
    keys = DistrictKeys(folder / "district-keys", "Іле ауданы").ensure()
    (folder / "district.key").write_bytes(keys.public().to_json())
    ex.import_district_key(store, folder / "district.key")
    ex.export_public_key(store, folder / "okrug.key")
    register_okrug(district, folder / "okrug.key")
    return Pair(store, district, keys, folder, clock, people, held)


def dump(dstore, *, data_only: bool = False) -> dict[str, list]:
    """Every row of every table, as sorted text (bookkeeping and conflicts left out with ``data_only``)."""
    out = {}
    with dstore.engine.connect() as conn:
        for tbl in Base.metadata.sorted_tables:
            if data_only and tbl.name == "sync_conflict":
                continue
            cols = [c for c in tbl.columns if not (data_only and (tbl.name, c.name) in BOOKKEEPING)]
            rows = conn.execute(select(*cols)).all()
            out[tbl.name] = sorted(repr(tuple(r)) for r in rows)
    return out


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def write_members(path: Path, items: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in items.items():
            z.writestr(name, data)


def _decode(items: dict[str, bytes], manifest: dict) -> dict[str, bytes]:
    out = {}
    for name, data in items.items():
        encoding = manifest["files"].get(name, {}).get("encoding", "plain")
        out[name] = zlib.decompress(data) if encoding == "zlib" else data
    return out


def _encode(items: dict[str, bytes], manifest: dict) -> dict[str, bytes]:
    out = {}
    for name, data in items.items():
        encoding = manifest["files"].get(name, {}).get("encoding", "plain")
        out[name] = zlib.compress(data) if encoding == "zlib" else data
    return out


def edit_plain(path: Path, out: Path, edit) -> Path:
    """Edit the plain content of members, keeping the manifest and signature as they are."""
    items = members(path)
    manifest = json.loads(items["manifest.json"])
    data = _decode({k: v for k, v in items.items() if k not in ("manifest.json", "manifest.sig")}, manifest)
    edit(data)
    data = _encode(data, manifest)
    data["manifest.json"], data["manifest.sig"] = items["manifest.json"], items["manifest.sig"]
    write_members(out, data)
    return out


def resign(
    path: Path, out: Path, sign, *, edit_members=None, edit_manifest=None, recount: bool = False
) -> Path:
    """Rebuild a plain bundle after editing members/manifest, fixing hashes and counts, signed by ``sign``.

    ``recount``: the manifest's counts per type follow the edited members too.
    """
    items = members(path)
    manifest = json.loads(items.pop("manifest.json"))
    items.pop("manifest.sig")
    items = _decode(items, manifest)
    if edit_members:
        edit_members(items)
    files = {}
    for name, data in items.items():
        default = {"kind": kind_of(name) or "x", "encoding": "plain" if name.endswith(".pdf") else "zlib"}
        entry = dict(manifest["files"].get(name, default))
        entry["records"] = (
            1 if name.endswith(".pdf") else sum(1 for line in data.decode().splitlines() if line.strip())
        )
        files[name] = entry
    if recount:
        counts = {k: 0 for k in manifest["counts"] if k != "tombstones"}
        for entry in files.values():
            counts[entry["kind"]] = counts.get(entry["kind"], 0) + entry["records"]
        manifest["counts"] = {**counts, "tombstones": manifest["counts"].get("tombstones", 0)}
    manifest["files"] = files
    for name, data in items.items():
        files[name]["size"] = len(data)  # the plain size
    items = _encode(items, manifest)
    for name, data in items.items():
        files[name]["sha256"] = sha256(data)
    if edit_manifest:
        edit_manifest(manifest)
    body = canonical_json(manifest)
    items["manifest.json"] = body
    items["manifest.sig"] = sign(body)
    write_members(out, items)
    return out


def flip_byte_in_member(path: Path, out: Path, member: str) -> Path:
    """Flip one byte inside a member's stored data (not its zip header)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
    # The local header: 30 bytes + name + extra field, then the stored data.
    name_len = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    data[start + info.compress_size // 2] ^= 0x5A
    out.write_bytes(bytes(data))
    return out


def jsonl_lines(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode().splitlines() if line.strip()]


def to_jsonl(lines: list[dict]) -> bytes:
    return ("\n".join(json.dumps(x, sort_keys=True, ensure_ascii=False) for x in lines) + "\n").encode()
