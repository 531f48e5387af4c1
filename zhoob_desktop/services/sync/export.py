"""The okrug side: keys, the bundle export, the district's key and receipts, the sync status."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from zhoob_desktop.models.base import utcnow
from zhoob_desktop.models.core import Okrug
from zhoob_desktop.models.register import RegisterChange
from zhoob_desktop.models.sync import SyncExport, SyncVerdict
from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.okrug import get_okrug
from zhoob_desktop.services.security.roles import require
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.sync import audit_part, decisions_part, parts, register_part, representation_part
from zhoob_desktop.services.sync.atomic import write_atomic
from zhoob_desktop.services.sync.container import BundleWriter
from zhoob_desktop.services.sync.errors import (
    DistrictKeyMismatch,
    DistrictKeyMissing,
    OkrugMissing,
    SyncError,
)
from zhoob_desktop.services.sync.keys import DistrictKeyFile, OkrugKeyFile, OkrugKeys, store_seal
from zhoob_desktop.services.sync.records import REGISTER_TABLES, codec, jsonl

DISTRICT_KEY_SETTING = "sync.district_key"
Progress = Callable[[int, int, str], None]
CHUNK = 500


# Verdict states whose records are sent again with every bundle until the district takes them.
RESEND = ("open", "rejected")
# Added to the name of a bundle whose personal data is in clear (translated: the person sees it).
UNSEALED_MARK = N_("UNSEALED")


class ExportCancelled(SyncError):
    template = N_("The export was cancelled; no bundle was written.")


class DistrictKeyChanges(SyncError):
    template = N_(
        "This okrug already holds the district key with the fingerprint {fingerprint}; the key file {path} "
        "holds another one ({new}). A different district key is taken only with its fingerprint as the "
        "district reads it to you."
    )


@dataclass(frozen=True)
class ExportResult:
    """A bundle just written."""

    path: Path
    bundle_id: uuid.UUID
    seq: int
    full: bool
    sealed: bool
    counts: dict[str, int]
    size: int
    sha256: str
    resent: int = 0  # records sent again because the district has not taken them yet


@dataclass(frozen=True)
class ExportInfo:
    """One bundle this okrug wrote, for the Sync screen's history."""

    bundle_id: uuid.UUID
    seq: int
    created_at: datetime
    full: bool
    sealed: bool
    counts: dict[str, int]
    file_name: str
    size: int
    acked_at: datetime | None


@dataclass(frozen=True)
class VerdictInfo:
    """The district's word, from its latest receipt, on something a bundle carried."""

    id: uuid.UUID
    kind: str
    entity: str
    record_id: uuid.UUID | None
    status: str
    bundle_seq: int
    detail: dict[str, Any]
    resolved_by: str
    resolution: str
    resolved_at: datetime | None
    subject: str = ""  # the okrug's own record as a person recognises it

    @property
    def resent(self) -> bool:
        """Sent again with every bundle until the district takes it or settles it."""
        return self.status in RESEND and self.record_id is not None


@dataclass(frozen=True)
class SyncStatus:
    """What the Sync screen shows on the okrug side."""

    okrug_name: str | None
    key_fingerprint: str
    district_name: str | None
    district_fingerprint: str | None
    exports: list[ExportInfo]
    last_acked_seq: int | None
    pending_register_changes: int
    district_key_confirmed: bool = False
    verdicts: list[VerdictInfo] = field(default_factory=list)


def okrug_keys(store: Store) -> OkrugKeys:
    """The okrug's signing key pair, made on first use (private key mode 0600 in the data folder)."""
    return OkrugKeys(store.data_dir, seal=store_seal(store)).ensure()


def export_public_key(store: Store, out: Path) -> OkrugKeyFile:
    """Write the okrug's public key file for the district to register."""
    okrug = get_okrug(store)
    if okrug is None:
        raise OkrugMissing()
    key = OkrugKeyFile(okrug.id, okrug.name_kk, okrug_keys(store).public_key)
    write_atomic(Path(out), key.to_json())
    return key


def _bare(fingerprint: str) -> str:
    return "".join(ch for ch in str(fingerprint).lower() if ch in "0123456789abcdef")


def import_district_key(store: Store, path: Path, *, fingerprint: str | None = None) -> DistrictKeyFile:
    """Remember the district's public keys: receipts are checked and data sealed with them.

    ``fingerprint``: as the district read it over the telephone; the file is
    taken only when it matches (spaces and case do not matter), and the key
    is then marked as confirmed. A key other than the one already held is
    taken only so.
    """
    key = DistrictKeyFile.read(Path(path))
    if fingerprint is not None and _bare(fingerprint) != _bare(key.fingerprint):
        raise DistrictKeyMismatch(
            path=str(path), fingerprint=key.fingerprint, expected=fingerprint.strip()[:80]
        )
    held = district_key(store)
    if held is not None and held.fingerprint != key.fingerprint and fingerprint is None:
        raise DistrictKeyChanges(fingerprint=held.fingerprint, path=str(path), new=key.fingerprint)
    confirmed = fingerprint is not None or (
        held is not None and held.fingerprint == key.fingerprint and _confirmed(store)
    )
    store.set_setting(DISTRICT_KEY_SETTING, {**key.to_dict(), "confirmed": confirmed})
    return key


def _confirmed(store: Store) -> bool:
    data = store.get_setting(DISTRICT_KEY_SETTING)
    return bool(data and data.get("confirmed"))


def district_key(store: Store) -> DistrictKeyFile | None:
    data = store.get_setting(DISTRICT_KEY_SETTING)
    return None if not data else DistrictKeyFile.from_dict(data)


def unsealed_path(path: Path) -> Path:
    """The bundle's name with the mark that its personal data is in clear (kept if it has it)."""
    path = Path(path)
    mark = _(UNSEALED_MARK)
    if mark.lower() in path.stem.lower():
        return path
    return path.with_name(f"{path.stem}-{mark}{path.suffix or '.zip'}")


def list_verdicts(store: Store) -> list[VerdictInfo]:
    """The district's answers from its latest receipt: open and rejected first, then the decided."""
    with store.session() as s:
        rows = list(s.scalars(select(SyncVerdict)))
    order = {"rejected": 0, "open": 1, "settled": 2, "accepted": 3, "closed": 4}
    rows.sort(key=lambda r: (order.get(r.status, 5), -r.bundle_seq, str(r.id)))
    subjects = _subjects(store, rows)
    return [
        VerdictInfo(
            r.id,
            r.kind,
            r.entity,
            r.record_id,
            r.status,
            r.bundle_seq,
            dict(r.detail or {}),
            r.resolved_by,
            r.resolution,
            r.resolved_at,
            subjects.get((r.entity, r.record_id), str(r.record_id or "")),
        )
        for r in rows
    ]


def _subjects(store: Store, rows) -> dict[tuple[str, uuid.UUID], str]:
    """The okrug's own records named in the district's answers, as a person recognises them."""
    from zhoob_desktop.services.sync.labels import record_subject

    wanted: dict[str, list[uuid.UUID]] = {}
    for r in rows:
        if r.record_id is not None and r.entity in {t for _e, t in REGISTER_TABLES} | {
            "sitting",
            "decision_step",
        }:
            wanted.setdefault(r.entity, []).append(r.record_id)
    out = {}
    with store.session() as s:
        for entity, ids in wanted.items():
            enc = codec(entity)
            for chunk in _chunks(ids):
                for row in s.execute(select(enc.table).where(enc.table.c.id.in_(chunk))).mappings():
                    out[(entity, row["id"])] = record_subject(entity, enc.encode(row), row["id"])
    return out


def _resend(store: Store) -> dict[str, set[uuid.UUID]]:
    """{record type: ids} the district has not taken yet: they go again with every bundle."""
    out: dict[str, set[uuid.UUID]] = {}
    for verdict in list_verdicts(store):
        if verdict.resent:
            out.setdefault(verdict.entity, set()).add(verdict.record_id)
    return out


def _export_info(row: SyncExport) -> ExportInfo:
    return ExportInfo(
        row.id,
        row.seq,
        row.created_at,
        row.full,
        row.sealed,
        dict(row.counts),
        row.file_name,
        row.size,
        row.acked_at,
    )


def list_exports(store: Store) -> list[ExportInfo]:
    """Bundles written by this okrug, newest first."""
    with store.session() as s:
        return [_export_info(r) for r in s.scalars(select(SyncExport).order_by(SyncExport.seq.desc()))]


def sync_status(store: Store) -> SyncStatus:
    """Keys, the district, the bundle history and how many register changes wait to be sent."""
    okrug = get_okrug(store)
    dkey = district_key(store)
    with store.session() as s:
        acked = s.scalars(
            select(SyncExport).where(SyncExport.acked_at.is_not(None)).order_by(SyncExport.seq.desc())
        ).first()
        since = acked.register_to if acked else 0
        pending = s.scalar(select(func.count()).select_from(RegisterChange).where(RegisterChange.seq > since))
    return SyncStatus(
        okrug.name_kk if okrug else None,
        okrug_keys(store).fingerprint,
        dkey.name if dkey else None,
        dkey.fingerprint if dkey else None,
        list_exports(store),
        acked.seq if acked else None,
        int(pending or 0),
        dkey is not None and _confirmed(store),
        list_verdicts(store),
    )


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def export_bundle(
    store: Store,
    out: Path,
    *,
    seal: bool | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    now: Callable[[], datetime] = utcnow,
) -> ExportResult:
    """Write one signed bundle to ``out`` (atomically) and record it.

    The first bundle (or any while the district has acknowledged none) is full;
    later ones carry only what changed since the newest acknowledged bundle.
    Personal data is sealed to the district's key unless ``seal`` is False,
    asked for explicitly: then the file name carries the mark that it is in
    clear (``unsealed_path``) and ``ExportResult.path`` is that name. Without
    the district's key nothing is written unless so asked (``DistrictKeyMissing``).
    Records the district's latest receipt has not taken yet are sent again.
    """
    require(store, "sync.export")
    okrug = get_okrug(store)
    if okrug is None:
        raise OkrugMissing()
    dkey = district_key(store)
    sealed = seal is not False
    if sealed and dkey is None:
        raise DistrictKeyMissing()
    out = Path(out) if sealed else unsealed_path(Path(out))
    resend = _resend(store)
    keys = okrug_keys(store)
    report = progress or (lambda _done, _total, _label: None)
    stop = cancelled or (lambda: False)

    with store.session() as s:
        last = s.scalars(select(SyncExport).order_by(SyncExport.seq.desc())).first()
        acked = s.scalars(
            select(SyncExport).where(SyncExport.acked_at.is_not(None)).order_by(SyncExport.seq.desc())
        ).first()
        register_to = s.scalar(select(func.max(RegisterChange.seq))) or 0
        okrug_row = s.get(Okrug, okrug.id)
        okrug_data = codec("okrug").encode(
            {c: getattr(okrug_row, c) for c in codec("okrug").columns}  # the okrug row itself
        )
        # The store is migrated when it opens: its version table, read without loading Alembic.
        schema = sorted(s.scalars(text("SELECT version_num FROM alembic_version")))
    full = acked is None
    since = None if full else acked.register_to
    seq = (last.seq + 1) if last else 1
    bundle_id = uuid.uuid4()
    created_at = now()

    writer = BundleWriter(Path(out), keys.sign, seal_to=dkey.seal_key if sealed else None)
    counts: dict[str, int] = {}
    try:
        body, n = jsonl([{"id": okrug_data["id"], "rev": 0, "deleted": False, "data": okrug_data}])
        writer.add("okrug.jsonl", body, kind="okrug", records=n)
        counts["okrug"] = n
        steps = len(REGISTER_TABLES) + 2
        report(0, steps, "register")

        def check() -> None:
            if stop():
                raise ExportCancelled()

        with store.session() as s:
            register_part.write_register(
                s, writer, counts, since, resend, check=check, progress=lambda i, e: report(i, steps, e)
            )
        if stop():
            raise ExportCancelled()
        report(len(REGISTER_TABLES) + 1, steps, "sittings")
        again = {str(i) for ids in resend.values() for i in ids}
        baseline_sittings = {k: x for k, x in (acked.sittings if acked else {}).items() if k not in again}
        baseline_docs = {k: x for k, x in (acked.documents if acked else {}).items() if k not in again}
        sittings_state, docs_state = parts.write_meetings(
            store, writer, counts, seq, baseline_sittings, baseline_docs, stop
        )
        decisions_state = decisions_part.write_steps(
            store, writer, counts, {} if acked is None else dict(acked.decisions), resend.get("decision_step")
        )
        representation_part.write_records(store, writer, counts)
        audit_head = audit_part.write_audit(store, writer, counts)
        if stop():
            raise ExportCancelled()
        manifest = {
            "bundle_id": str(bundle_id),
            "seq": seq,
            "prev_bundle_id": str(last.id) if last else None,
            "created_at": created_at.isoformat(),
            "okrug": {"id": str(okrug.id), "name_kk": okrug.name_kk, "name_ru": okrug.name_ru},
            "schema_revision": schema,
            "full": full,
            "register": {"from": since or 0, "to": register_to},
            "counts": counts,
            "acknowledged_seq": acked.seq if acked else None,
            "audit": audit_head,
        }
        writer.finish(manifest)
    except BaseException:
        writer.abort()
        raise
    digest, size = _file_digest(Path(out))
    try:
        with store.session() as s:
            s.add(
                SyncExport(
                    id=bundle_id,
                    seq=seq,
                    prev_id=last.id if last else None,
                    created_at=created_at,
                    full=full,
                    register_from=since or 0,
                    register_to=register_to,
                    sittings=sittings_state,
                    documents=docs_state,
                    decisions=decisions_state,
                    counts=counts,
                    file_name=Path(out).name,
                    sha256=digest,
                    size=size,
                    sealed=sealed,
                )
            )
    except BaseException:
        Path(out).unlink(missing_ok=True)  # an unrecorded bundle would fork the sequence
        raise
    report(steps, steps, "done")
    resent = sum(len(ids) for ids in resend.values())
    return ExportResult(Path(out), bundle_id, seq, full, sealed, counts, size, digest, resent)


def _file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a written bundle, read in pieces (a bundle can be large)."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while piece := fh.read(1 << 20):
            digest.update(piece)
            size += len(piece)
    return digest.hexdigest(), size


def key_problems(store: Store) -> list[str]:
    """`zhoob check`: the okrug's signing key, when made, is readable and private to its owner."""
    keys = OkrugKeys(store.data_dir, seal=store_seal(store))
    if not keys.exists:
        return []
    try:
        keys.ensure()
    except SyncError as exc:
        return [exc.message()]
    return []
