"""Everything the district checks in a bundle before it writes a single row.

``verify_bundle`` reads the file, checks format, signature (against the
registered okrug key), members, hashes, sealed members, record counts, every
record's columns, every journal's chain and every decision's follow-up, and
that everything the bundle carries belongs to the okrug that signed it; it
returns the decoded content. Any failure raises a ``BundleRejected`` subclass
naming exactly what failed.
"""

from __future__ import annotations

import uuid
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
from zhoob_desktop.services.sync import audit_part, bounded, decisions_part, ownership, parts
from zhoob_desktop.services.sync.bounded import iter_lines
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
    content_hash,
    member_of,
)


@dataclass
class Line:
    """One decoded record line: the values ready for the database, and its revision and hash."""

    id: uuid.UUID
    rev: int
    deleted: bool
    values: dict[str, Any] | None
    hash: str


@dataclass
class Verified:
    """A bundle that passed every check, decoded."""

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
    register: dict[str, list[Line]] = field(default_factory=dict)
    meetings: parts.Meetings | None = None
    register_to: int = 0


def json_problem(exc: Exception) -> str:
    """Why a member's JSON lines were refused, in the current language."""
    if isinstance(exc, bounded.TooDeep):
        return _("it is nested deeper than a bundle's records can be")
    if isinstance(exc, bounded.Unstorable):
        return _("it holds a character no database can store (NUL or half of a surrogate pair)")
    return _("it is not JSON lines")


def decode_lines(path: Path, member: str, table_name: str, raw: bytes) -> list[Line]:
    """Record lines of one member decoded, every value checked against its column."""
    enc = codec(table_name)
    out = []
    seen: set[uuid.UUID] = set()
    wrong = _("a field is missing or has a wrong type")
    lines = iter_lines(raw)
    number = 0
    while True:
        try:
            number, obj = next(lines, (None, None))
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
        out.append(Line(rid, rev, deleted, values, content_hash(data)))
    return out


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


def _decode_register(path: Path, reader: BundleReader, seal_key, counted: dict[str, int]):
    files = reader.info.files
    register: dict[str, list[Line]] = {}
    for _entity, table_name in SYNCED_TABLES:
        member = member_of(table_name)
        if member not in files:
            register[table_name] = []
            continue
        register[table_name] = decode_lines(path, member, table_name, reader.read(member, seal_key))
        counted[member] = len(register[table_name])
    return register


def verify_bundle(s: Session, path: Path, seal_key: X25519PrivateKey | None) -> Verified:
    """Check a bundle completely (reads the district store, writes nothing)."""
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
        register = _decode_register(path, reader, seal_key, counted)
        meetings = parts.read_meetings(path, info, lambda name: reader.read(name, seal_key), counted)
        audit_part.read_audit(
            path, reader.manifest, info.files, lambda name: reader.read(name, seal_key), counted
        )
        manifest, manifest_bytes = reader.manifest, reader.manifest_bytes

    _check_counts(path, info, counted)
    parts.verify_journals(path, meetings)
    v = Verified(
        path=path,
        manifest=manifest,
        manifest_sha256=sha256(manifest_bytes),
        okrug_id=info.okrug_id,
        okrug_name=okrug_name,
        bundle_id=info.bundle_id,
        seq=info.seq,
        prev_id=info.prev_id,
        created_at=info.created_at,
        full=info.full,
        okrug=okrug_lines[0],
        register=register,
        meetings=meetings,
        register_to=info.register_to,
    )
    ownership.check(s, v)
    decisions_part.check_steps(s, v)
    return v
