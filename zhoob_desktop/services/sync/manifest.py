"""The manifest of a bundle, checked field by field before anything relies on it.

``parse`` turns the manifest's JSON into a ``ManifestInfo`` or raises
``ManifestInvalid`` naming the field that is missing or malformed
(``FormatUnsupported`` for another format version). It also fixes which
members a bundle may have: their names, kinds and encodings.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.sync import bounded
from zhoob_desktop.services.sync.errors import FormatUnsupported, ManifestInvalid
from zhoob_desktop.services.sync.seal import ALGORITHM as SEAL_ALGORITHM

FORMAT = "zhoob-bundle"
FORMAT_VERSION = 1
ENCODINGS = ("plain", "zlib", "zlib+sealed")
SEALED = "zlib+sealed"

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# member name pattern -> the kind the manifest must give it
MEMBER_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"okrug\.jsonl"), "okrug"),
    (re.compile(r"register/settlement\.jsonl"), "settlement"),
    (re.compile(r"register/street\.jsonl"), "street"),
    (re.compile(r"register/house\.jsonl"), "house"),
    (re.compile(r"register/resident\.jsonl"), "resident"),
    (re.compile(r"decisions/decision_step\.jsonl"), "decision_step"),
    (re.compile(r"representation/representation_procedure\.jsonl"), "representation_procedure"),
    (re.compile(r"representation/initiative\.jsonl"), "initiative"),
    (re.compile(r"representation/initiative_signer\.jsonl"), "initiative_signer"),
    (re.compile(rf"sittings/{_UUID}/sitting\.jsonl"), "sitting"),
    (re.compile(rf"sittings/{_UUID}/journal\.jsonl"), "event"),
    (re.compile(r"protocols\.jsonl"), "protocol_meta"),
    (re.compile(rf"protocols/{_UUID}\.pdf"), "protocol"),
    (re.compile(r"audit\.jsonl"), "audit"),
)
_SHA256 = re.compile(r"[0-9a-f]{64}")


def kind_of(name: str) -> str | None:
    """The kind a member of this name holds, or None when no bundle has such a member."""
    for pattern, kind in MEMBER_KINDS:
        if pattern.fullmatch(name):
            return kind
    return None


@dataclass(frozen=True)
class MemberEntry:
    kind: str
    records: int
    size: int
    encoding: str
    sha256: str


@dataclass(frozen=True)
class ManifestInfo:
    """The manifest's fields, each of the right type."""

    okrug_id: uuid.UUID
    okrug_name: str
    bundle_id: uuid.UUID
    seq: int
    prev_id: uuid.UUID | None
    created_at: datetime
    full: bool
    register_to: int
    counts: dict[str, int]
    files: dict[str, MemberEntry]
    sealed_to: str | None  # the fingerprint of the district key the members are sealed to
    schema: tuple[str, ...]


class _Invalid(Exception):
    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _get(obj: dict[str, Any], key: str, kind: type | tuple[type, ...], field: str, *, optional=False):
    """The value of a field of the right type; ``optional``: the field may be left out (not null)."""
    if key not in obj:
        if optional:
            return None
        raise _Invalid(field)
    value = obj[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _tuple(kind)):
        raise _Invalid(field)
    return value


def _tuple(kind) -> tuple:
    return kind if isinstance(kind, tuple) else (kind,)


def _count(value: Any, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _Invalid(field)
    return value


def _uuid(value: Any, field: str) -> uuid.UUID:
    if not isinstance(value, str) or len(value) > 40:
        raise _Invalid(field)
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise _Invalid(field) from exc


def _files(raw: Any, sealed: bool) -> dict[str, MemberEntry]:
    if not isinstance(raw, dict):
        raise _Invalid("files")
    if len(raw) > bounded.MAX_MEMBERS:
        raise _Invalid("files")
    out = {}
    for name, entry in raw.items():
        field = f"files[{_short(name)}]"
        kind = kind_of(name)
        if kind is None or not isinstance(entry, dict):
            raise _Invalid(field)
        parsed = MemberEntry(
            _get(entry, "kind", str, f"{field}.kind"),
            _count(entry.get("records"), f"{field}.records"),
            _count(entry.get("size"), f"{field}.size"),
            _get(entry, "encoding", str, f"{field}.encoding"),
            _get(entry, "sha256", str, f"{field}.sha256"),
        )
        if parsed.kind != kind:
            raise _Invalid(f"{field}.kind")
        if parsed.size > bounded.MEMBER_MAX:
            raise _Invalid(f"{field}.size")
        if not _SHA256.fullmatch(parsed.sha256):
            raise _Invalid(f"{field}.sha256")
        allowed = (SEALED,) if sealed else (("plain",) if kind == "protocol" else ("zlib",))
        if parsed.encoding not in allowed:
            raise _Invalid(f"{field}.encoding")
        out[name] = parsed
    return out


def _fields(m: dict[str, Any]) -> ManifestInfo:
    okrug = _get(m, "okrug", dict, "okrug")
    seq = _count(m.get("seq"), "seq")
    if seq < 1:
        raise _Invalid("seq")
    prev = m.get("prev_bundle_id")
    try:
        created = datetime.fromisoformat(_get(m, "created_at", str, "created_at"))
    except ValueError as exc:
        raise _Invalid("created_at") from exc
    sealed = m.get("sealed")
    if sealed is not None:
        if (
            not isinstance(sealed, dict)
            or sealed.get("algorithm") != SEAL_ALGORITHM
            or not isinstance(sealed.get("recipient"), str)
        ):
            raise _Invalid("sealed")
    register = _get(m, "register", dict, "register", optional=True) or {}
    _count(register.get("from", 0), "register.from")
    if m.get("acknowledged_seq") is not None:
        _count(m["acknowledged_seq"], "acknowledged_seq")
    _get(okrug, "name_ru", str, "okrug.name_ru", optional=True)
    counts = _get(m, "counts", dict, "counts")
    schema = _get(m, "schema_revision", list, "schema_revision", optional=True) or []
    if not all(isinstance(x, str) for x in schema):
        raise _Invalid("schema_revision")
    _get(m, "full", bool, "full")
    audit = _get(m, "audit", dict, "audit", optional=True)  # who did what (audit.jsonl): its length and head
    if audit is not None:
        _count(audit.get("entries"), "audit.entries")
        if not isinstance(audit.get("head"), str) or not _SHA256.fullmatch(audit["head"]):
            raise _Invalid("audit.head")
    return ManifestInfo(
        okrug_id=_uuid(okrug.get("id"), "okrug.id"),
        okrug_name=_short(_get(okrug, "name_kk", str, "okrug.name_kk", optional=True) or "", 200),
        bundle_id=_uuid(m.get("bundle_id"), "bundle_id"),
        seq=seq,
        prev_id=None if prev is None else _uuid(prev, "prev_bundle_id"),
        created_at=created,
        full=m["full"],
        register_to=_count(register.get("to", 0), "register.to"),
        counts={str(k): _count(v, f"counts.{_short(str(k))}") for k, v in counts.items()},
        files=_files(m.get("files"), sealed is not None),
        sealed_to=None if sealed is None else sealed["recipient"],
        schema=tuple(schema),
    )


def parse(body: bytes, path: Path) -> tuple[dict[str, Any], ManifestInfo]:
    """The manifest as JSON and as checked fields; a typed error naming what is wrong."""
    try:
        manifest = bounded.loads(body, max_containers=bounded.MANIFEST_MAX_CONTAINERS)
    except bounded.TooDeep as exc:
        raise ManifestInvalid(
            path=str(path),
            detail=_("it is nested deeper or holds more entries than a manifest can"),
        ) from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise ManifestInvalid(path=str(path), detail=_("it is not JSON")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ManifestInvalid(path=str(path), detail=_("it is not a manifest of a Zhoob bundle"))
    version = manifest.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        shown = version if isinstance(version, int | float | str) and len(str(version)) < 20 else "?"
        raise FormatUnsupported(path=str(path), found=shown, expected=FORMAT_VERSION)
    try:
        return manifest, _fields(manifest)
    except _Invalid as exc:
        raise ManifestInvalid(
            path=str(path),
            detail=_("the field {field} is missing or malformed").format(field=exc.field),
        ) from exc
