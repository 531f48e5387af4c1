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
from collections.abc import Callable, Iterable, Iterator
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
from zhoob_desktop.services.sync import audit_part, bounded, parts
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
from zhoob_desktop.services.sync.manifest import ManifestInfo
from zhoob_desktop.services.sync.records import (
    SYNCED_TABLES,
    FieldProblem,
    codec,
    line_hash,
    member_of,
)

CHUNK = 2000  # records decoded, checked and planned together


@dataclass
class Line:
    """One decoded record line: the values ready for the database, and its revision and hash."""

    id: uuid.UUID
    rev: int
    deleted: bool
    values: dict[str, Any] | None
    hash: str


class MemberLines:
    """The record lines of one member of a bundle being imported, decoded a chunk at a time."""

    def __init__(self, read: Callable[[], Any], path: Path, member: str, table_name: str, counted: dict):
        self._read, self.path, self.member, self.table = read, path, member, table_name
        self._counted = counted

    def chunks(self, size: int, seen: set[uuid.UUID]) -> Iterator[list[Line]]:
        n = 0
        with self._read() as fh:
            for chunk in decode_chunks(
                self.path, self.member, self.table, bounded.iter_stream(fh), seen, size
            ):
                n += len(chunk)
                yield chunk
        self._counted[self.member] = n


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


def json_problem(exc: Exception) -> str:
    """Why a member's JSON lines were refused, in the current language."""
    if isinstance(exc, bounded.TooDeep):
        return _("it is nested deeper than a bundle's records can be")
    if isinstance(exc, bounded.Unstorable):
        return _("it holds a character no database can store (NUL or half of a surrogate pair)")
    return _("it is not JSON lines")


def decode_chunks(
    path: Path,
    member: str,
    table_name: str,
    records: Iterable[tuple[int, bytes, Any]],
    seen: set[uuid.UUID],
    size: int = CHUNK,
) -> Iterator[list[Line]]:
    """Record lines of one member decoded ``size`` at a time, every value checked against its column.

    ``records``: (line number, line, parsed JSON) as ``bounded.iter_stream``
    gives them; ``seen``: the ids met so far (a record listed twice is refused).
    """
    enc = codec(table_name)
    wrong = _("a field is missing or has a wrong type")
    lines = iter(records)
    out: list[Line] = []
    while True:
        try:
            number, raw, obj = next(lines, (None, None, None))
        except ValueError as exc:
            line = getattr(exc, "line", "?")
            raise RecordInvalid(path=str(path), member=member, line=line, detail=json_problem(exc)) from exc
        if number is None:
            break
        try:
            if type(obj) is not dict or type(obj.get("id")) is not str or len(obj["id"]) > 40:
                raise ValueError("id")
            rid = uuid.UUID(obj["id"])
            rev, deleted, data = obj.get("rev", 0), obj.get("deleted", False), obj.get("data")
            if type(rev) is not int or not 0 <= rev < 2**63 or type(deleted) is not bool:
                raise ValueError("rev")
            values = None if data is None else enc.decode(data)
            if values is not None and values.get("id") != rid:
                raise FieldProblem(_("the id in its data is not the record's id"))
            if values is None and not deleted:
                raise ValueError("data")
            if rid in seen:
                raise FieldProblem(_("the record is listed twice"))
            seen.add(rid)
        except FieldProblem as exc:
            raise RecordInvalid(path=str(path), member=member, line=number, detail=str(exc)) from exc
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise RecordInvalid(path=str(path), member=member, line=number, detail=wrong) from exc
        out.append(Line(rid, rev, deleted, values, line_hash(raw, obj)))
        if len(out) >= size:
            yield out
            out = []
    if out:
        yield out


def decode_lines(path: Path, member: str, table_name: str, raw: bytes) -> list[Line]:
    """Record lines of one (small) member decoded at once, every value checked against its column."""
    records = ((n, b"", obj) for n, obj in bounded.iter_lines(raw))
    return [line for chunk in decode_chunks(path, member, table_name, records, set()) for line in chunk]


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
