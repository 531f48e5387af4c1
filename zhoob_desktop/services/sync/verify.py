"""Everything the district checks in a bundle before it writes a single row.

``verified_bundle`` reads the file and checks its form, the signature
(against the registered okrug key), the members and their hashes; it gives
a ``Verified`` whose records are decoded as they are read, a chunk at a
time, never all at once (``Verified.chunks``). Reading them checks every
record's columns; the importer's planning then checks, chunk by chunk, that
everything belongs to the okrug that signed it (``ownership``) and, after
the register, reads the rest (``Verified.finish``: sittings, journals and
papers, the counts, every journal's chain) before it raises what it found.
Any failure raises a ``BundleRejected`` subclass naming exactly what failed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from zhoob_desktop.models import migrate
from zhoob_desktop.models.sync import DistrictBundle, DistrictOkrug
from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.sync import audit_part, parts
from zhoob_desktop.services.sync.container import BundleReader, sha256
from zhoob_desktop.services.sync.errors import (
    AlreadyImported,
    CountMismatch,
    ForkedSequence,
    OkrugNotRegistered,
    RecordInvalid,
    SchemaNewer,
)
from zhoob_desktop.services.sync.keys import unb64
from zhoob_desktop.services.sync.labels import kind_label
from zhoob_desktop.services.sync.lines import CHUNK, Line, MemberLines, decode_lines
from zhoob_desktop.services.sync.manifest import ManifestInfo
from zhoob_desktop.services.sync.records import SYNCED_TABLES, member_of


@dataclass
class Verified:
    """A bundle whose form, signature and hashes were checked; its records decoded as they are read.

    ``register``: per table, the lines as a list (a conflict's record) or as a
    member read chunk by chunk (a bundle file). ``rest`` reads and checks what
    follows the register in a bundle file (sittings, journals, papers, the
    counts); ``finish`` runs it once.
    """

    path: Path
    manifest: dict[str, Any]
    manifest_sha256: str
    okrug_id: uuid.UUID
    okrug_name: str
    bundle_id: uuid.UUID
    seq: int
    prev_id: uuid.UUID | None
    created_at: datetime
    full: bool
    okrug: Line | None
    register: dict[str, list[Line] | MemberLines] = field(default_factory=dict)
    meetings: parts.Meetings | None = None
    register_to: int = 0
    rest: Callable[[], None] | None = None
    sitting_ids: set[uuid.UUID] | None = None  # the sittings it carries, known before they are read

    def chunks(self, table_name: str, seen: set[uuid.UUID], size: int | None = None) -> Iterator[list[Line]]:
        """The lines of one table, ``size`` (``CHUNK``) at a time (their ids are added to ``seen``)."""
        size = size or CHUNK
        source = self.register.get(table_name) or []
        if isinstance(source, MemberLines):
            yield from source.chunks(size, seen)
            return
        for i in range(0, len(source), size):
            chunk = source[i : i + size]
            seen.update(line.id for line in chunk)
            yield chunk

    def finish(self) -> None:
        """Read and check what follows the register (once)."""
        rest, self.rest = self.rest, None
        if rest is not None:
            rest()

    def carried_sittings(self) -> set[uuid.UUID]:
        if self.sitting_ids is not None:
            return self.sitting_ids
        return {part.id for part in (self.meetings.sittings if self.meetings else [])}


def _check_counts(path: Path, info: ManifestInfo, counted: dict[str, int]) -> None:
    per_kind: dict[str, int] = {}
    for name, entry in info.files.items():
        found = counted.get(name, 0)
        if found != entry.records:
            raise CountMismatch(
                path=str(path), kind=kind_label(entry.kind), found=found, expected=entry.records
            )
        per_kind[entry.kind] = per_kind.get(entry.kind, 0) + found
    for kind, expected in info.counts.items():
        if kind == "tombstones":
            continue
        found = per_kind.get(kind, 0)
        if found != expected:
            raise CountMismatch(path=str(path), kind=kind_label(kind), found=found, expected=expected)


@contextmanager
def verified_bundle(s: Session, path: Path, seal_key: X25519PrivateKey | None) -> Iterator[Verified]:
    """Open a bundle and check its form, signature, members and hashes (reads the district, writes
    nothing); its records are decoded, and the rest checked, as the importer reads them."""
    path = Path(path)
    with BundleReader(path) as reader:
        info = reader.info
        registered = s.get(DistrictOkrug, info.okrug_id)
        if registered is None:
            raise OkrugNotRegistered(path=str(path), okrug=info.okrug_name, okrug_id=str(info.okrug_id))
        okrug_name = registered.name or info.okrug_name
        reader.verify_signature(unb64(registered.public_key), okrug_name)
        unknown = sorted(set(info.schema) - migrate.known_revisions())
        if unknown:
            raise SchemaNewer(path=str(path), revision=", ".join(x[:40] for x in unknown[:5]))
        reader.verify_members()
        # Only a bundle whose every byte verified can be "the same bundle again".
        done = s.get(DistrictBundle, info.bundle_id)
        if done is not None:
            raise AlreadyImported(path=str(path), seq=done.seq, okrug=okrug_name)
        same_seq = s.scalars(
            select(DistrictBundle).where(
                DistrictBundle.okrug_id == info.okrug_id, DistrictBundle.seq == info.seq
            )
        ).first()
        if same_seq is not None:
            raise ForkedSequence(
                seq=info.seq, okrug=okrug_name, other=str(same_seq.id), bundle=str(info.bundle_id)
            )
        # One member at a time: read (capped), decode, let its bytes go.
        counted: dict[str, int] = {}
        okrug_lines = (
            decode_lines(path, "okrug.jsonl", "okrug", reader.read("okrug.jsonl", seal_key))
            if ("okrug.jsonl" in info.files)
            else []
        )
        counted["okrug.jsonl"] = len(okrug_lines)
        if len(okrug_lines) != 1 or okrug_lines[0].id != info.okrug_id or okrug_lines[0].values is None:
            raise RecordInvalid(
                path=str(path),
                member="okrug.jsonl",
                line=1,
                detail=_("it does not describe the signing okrug"),
            )
        v = Verified(
            path=path,
            manifest=reader.manifest,
            manifest_sha256=sha256(reader.manifest_bytes),
            okrug_id=info.okrug_id,
            okrug_name=okrug_name,
            bundle_id=info.bundle_id,
            seq=info.seq,
            prev_id=info.prev_id,
            created_at=info.created_at,
            full=info.full,
            okrug=okrug_lines[0],
            register=_register(reader, path, info, seal_key, counted),
            register_to=info.register_to,
            sitting_ids=_sittings_named(info),
        )

        def rest() -> None:
            v.meetings = parts.read_meetings(path, info, lambda name: reader.read(name, seal_key), counted)
            audit_part.read_audit(
                path, reader.manifest, info.files, lambda name: reader.read(name, seal_key), counted
            )
            _check_counts(path, info, counted)
            parts.verify_journals(path, v.meetings)

        v.rest = rest
        yield v


def _register(reader: BundleReader, path: Path, info: ManifestInfo, seal_key, counted) -> dict:
    out: dict[str, list[Line] | MemberLines] = {}
    for _entity, table_name in SYNCED_TABLES:
        member = member_of(table_name)
        out[table_name] = (
            MemberLines(
                lambda member=member: reader.plain(member, seal_key), path, member, table_name, counted
            )
            if member in info.files
            else []
        )
    return out


def _sittings_named(info: ManifestInfo) -> set[uuid.UUID]:
    """The sittings a bundle carries, from its members' names (each holds exactly its own sitting,
    which reading it checks before anything relies on this)."""
    out = set()
    for name, entry in info.files.items():
        if entry.kind == "sitting":
            out.add(uuid.UUID(name.split("/")[1]))
    return out
