"""Everything the district checks in a bundle before it writes a single row.

``verify_bundle`` reads the file, checks format, signature (against the
registered okrug key), members, hashes, sealed members, record counts, every
record's columns and every journal's chain, and returns the decoded content.
Any failure raises a ``BundleRejected`` subclass naming exactly what failed.
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
from zhoob_desktop.services.sync import audit_part, parts
from zhoob_desktop.services.sync.container import BundleReader, sha256
from zhoob_desktop.services.sync.errors import (
    AlreadyImported,
    CountMismatch,
    ForkedSequence,
    ManifestInvalid,
    OkrugNotRegistered,
    RecordInvalid,
    SchemaNewer,
)
from zhoob_desktop.services.sync.keys import unb64
from zhoob_desktop.services.sync.records import SYNCED_TABLES, codec, content_hash, member_of, parse_jsonl


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
    okrug: Line
    register: dict[str, list[Line]] = field(default_factory=dict)
    meetings: parts.Meetings | None = None


def _manifest_fields(
    reader: BundleReader,
) -> tuple[uuid.UUID, str, uuid.UUID, int, uuid.UUID | None, datetime]:
    m = reader.manifest
    try:
        okrug = m["okrug"]
        prev = m.get("prev_bundle_id")
        seq = m["seq"]
        if not isinstance(seq, int) or seq < 1:
            raise ValueError("seq")
        return (
            uuid.UUID(okrug["id"]),
            str(okrug.get("name_kk", "")),
            uuid.UUID(m["bundle_id"]),
            seq,
            uuid.UUID(prev) if prev else None,
            datetime.fromisoformat(m["created_at"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ManifestInvalid(
            path=str(reader.path), detail=_("a required field is missing or malformed")
        ) from exc


def decode_lines(path: Path, member: str, table_name: str, raw: bytes) -> list[Line]:
    """Record lines of one member decoded with the table's column types."""
    try:
        objs = parse_jsonl(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise RecordInvalid(
            path=str(path), member=member, line="?", detail=_("it is not JSON lines")
        ) from exc
    enc = codec(table_name)
    out = []
    seen: set[uuid.UUID] = set()
    for number, obj in enumerate(objs, start=1):
        try:
            rid = uuid.UUID(obj["id"])
            rev = int(obj.get("rev", 0))
            deleted = bool(obj.get("deleted", False))
            data = obj.get("data")
            values = None if data is None else enc.decode(data)
            if values is not None and values.get("id") != rid:
                raise ValueError("id")
            if values is None and not deleted:
                raise ValueError("data")
            if rid in seen:
                raise ValueError("twice")
            seen.add(rid)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise RecordInvalid(
                path=str(path), member=member, line=number, detail=_("a field is missing or has a wrong type")
            ) from exc
        out.append(Line(rid, rev, deleted, values, content_hash(data)))
    return out


def _check_counts(reader: BundleReader, counted: dict[str, int]) -> None:
    files = reader.manifest["files"]
    announced = reader.manifest.get("counts") or {}
    if not isinstance(announced, dict):
        raise ManifestInvalid(path=str(reader.path), detail=_("the counts are malformed"))
    per_kind: dict[str, int] = {}
    for name, entry in files.items():
        kind = entry.get("kind", "")
        found = counted.get(name, 0)
        if found != entry.get("records"):
            raise CountMismatch(path=str(reader.path), kind=kind, found=found, expected=entry.get("records"))
        per_kind[kind] = per_kind.get(kind, 0) + found
    for kind, expected in announced.items():
        if kind == "tombstones":
            continue
        found = per_kind.get(kind, 0)
        if found != expected:
            raise CountMismatch(path=str(reader.path), kind=kind, found=found, expected=expected)


def verify_bundle(s: Session, path: Path, seal_key: X25519PrivateKey | None) -> Verified:
    """Check a bundle completely (reads the district store, writes nothing)."""
    path = Path(path)
    with BundleReader(path) as reader:
        okrug_id, okrug_name, bundle_id, seq, prev_id, created_at = _manifest_fields(reader)
        registered = s.get(DistrictOkrug, okrug_id)
        if registered is None:
            raise OkrugNotRegistered(path=str(path), okrug=okrug_name, okrug_id=str(okrug_id))
        reader.verify_signature(unb64(registered.public_key), registered.name or okrug_name)
        schema = reader.manifest.get("schema_revision") or []
        unknown = sorted(set(schema) - migrate.known_revisions()) if isinstance(schema, list) else ["?"]
        if unknown:
            raise SchemaNewer(path=str(path), revision=", ".join(map(str, unknown)))
        reader.verify_members()
        # Only a bundle whose every byte verified can be "the same bundle again".
        done = s.get(DistrictBundle, bundle_id)
        if done is not None:
            raise AlreadyImported(path=str(path), seq=done.seq, okrug=registered.name or okrug_name)
        same_seq = s.scalars(
            select(DistrictBundle).where(DistrictBundle.okrug_id == okrug_id, DistrictBundle.seq == seq)
        ).first()
        if same_seq is not None:
            raise ForkedSequence(
                seq=seq, okrug=registered.name or okrug_name, other=str(same_seq.id), bundle=str(bundle_id)
            )
        plain = {name: reader.read(name, seal_key) for name in sorted(reader.manifest["files"])}

    counted: dict[str, int] = {}
    okrug_lines = decode_lines(path, "okrug.jsonl", "okrug", plain.get("okrug.jsonl", b""))
    counted["okrug.jsonl"] = len(okrug_lines)
    if len(okrug_lines) != 1 or okrug_lines[0].id != okrug_id:
        raise RecordInvalid(
            path=str(path), member="okrug.jsonl", line=1, detail=_("it does not describe the signing okrug")
        )
    register: dict[str, list[Line]] = {}
    for _entity, table_name in SYNCED_TABLES:
        member = member_of(table_name)
        if member not in plain:
            register[table_name] = []
            continue
        register[table_name] = decode_lines(path, member, table_name, plain[member])
        counted[member] = len(register[table_name])
    meetings = parts.read_meetings(path, plain, counted)
    audit_part.read_audit(path, reader.manifest, plain, counted)
    for name in plain:
        counted.setdefault(name, 0)
    _check_counts(reader, counted)
    parts.verify_journals(path, meetings)
    return Verified(
        path=path,
        manifest=reader.manifest,
        manifest_sha256=sha256(reader.manifest_bytes),
        okrug_id=okrug_id,
        okrug_name=registered.name or okrug_name,
        bundle_id=bundle_id,
        seq=seq,
        prev_id=prev_id,
        created_at=created_at,
        full=bool(reader.manifest.get("full")),
        okrug=okrug_lines[0],
        register=register,
        meetings=meetings,
    )
