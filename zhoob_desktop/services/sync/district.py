"""The district side: import bundles (all or nothing) and keep the conflicts.

(Okrugs are registered in ``okrugs``; ``register_okrug`` is here too for callers of this module.)

An import first verifies the bundle's form, signature and hashes
(``verify.verified_bundle``), then reads its records a chunk at a time,
checking each one and planning it against what the district holds
(``plan_rows``: nothing is written while planning; the rows to write wait in
the import's ``Writes``), checks the sittings, journals and papers and that
everything belongs to the signing okrug, and only then writes, in one
transaction. A record is written only when it is new or carries a
higher revision than the district's copy; the same revision with other
content, a clash on a unique value (an IIN) or a dependency on such a
record become conflicts, stored with what the bundle carried and reported,
never overwritten (``conflicts`` settles them). A clash on an IIN between a
resident who moved out of one okrug and one registered in another is a move:
the two are linked, not a conflict.

``apply`` (module ``apply``) is the one path that writes: the importer calls
it for a verified bundle, and accepting a conflict calls it for the record the
conflict kept.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from zhoob_desktop.models.base import utcnow
from zhoob_desktop.models.sync import DistrictBundle, DistrictOkrug, SyncConflict
from zhoob_desktop.services.sync import conflicts
from zhoob_desktop.services.sync.apply import apply, plan, sequence_conflicts, upsert_okrug, write
from zhoob_desktop.services.sync.conflict_info import (
    OPEN,
    RECORD_KINDS,
    ConflictInfo,
    ConflictRow,
    conflict_row,
)
from zhoob_desktop.services.sync.district_db import DistrictStore
from zhoob_desktop.services.sync.errors import ImportFailed
from zhoob_desktop.services.sync.keys import DistrictKeys
from zhoob_desktop.services.sync.okrugs import OkrugRegistration, register_okrug
from zhoob_desktop.services.sync.verify import verified_bundle
from zhoob_desktop.services.sync.writes import Writes

IMPORT_CACHE_KIB = 32 * 1024  # SQLite's page cache while an import writes: at least this
IMPORT_CACHE_MAX_KIB = 256 * 1024  # and at most this, else as large as the store (see _page_cache)


@dataclass(frozen=True)
class ImportResult:
    """What one import did: per type, how many records were added, updated, unchanged; the conflicts."""

    path: Path
    okrug_id: uuid.UUID
    okrug_name: str
    bundle_id: uuid.UUID
    seq: int
    added: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]
    conflicts: list[ConflictInfo] = field(default_factory=list)
    moves: int = 0
    closed: int = 0  # earlier conflicts closed by this import


def import_bundle(
    dstore: DistrictStore,
    path: Path,
    keys: DistrictKeys | None = None,
    *,
    now: Callable[[], datetime] = utcnow,
) -> ImportResult:
    """Verify a bundle completely, then write it in one transaction.

    Raises a ``BundleRejected`` subclass (nothing written) or ``AlreadyImported``.
    """
    seal_key = keys.seal_private if keys is not None else None
    try:
        return _import(dstore, Path(path), seal_key, now)
    except SQLAlchemyError as exc:  # the database refused a row: the transaction is rolled back
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0][:300]
        raise ImportFailed(path=str(path), detail=detail) from exc


def _watched(s: Session, okrug_id: uuid.UUID) -> set[tuple[str, uuid.UUID]]:
    """The records of the okrug's open conflicts: an import remembers only these as written or agreed."""
    return {
        (entity, rid)
        for entity, rid in s.execute(
            select(SyncConflict.entity, SyncConflict.record_id).where(
                SyncConflict.okrug_id == okrug_id,
                SyncConflict.kind.in_(RECORD_KINDS),
                SyncConflict.status.in_(OPEN),
                SyncConflict.record_id.is_not(None),
            )
        )
    }


def import_cache_kib(store_bytes: int) -> int:
    """The page cache (KiB) an import of a SQLite district of ``store_bytes`` gets.

    A bundle's rows land all over the indexes keyed by random ids (each record's id, its
    ``district_record`` entry): a bundle of 10,000 residents dirties nearly every leaf page of
    them once the district holds a few hundred thousand. A cache smaller than the pages an
    import dirties spills them to the WAL before the commit and reads them back, so the cache
    may grow as large as the store (SQLite takes the pages only as they are used), within
    ``IMPORT_CACHE_MAX_KIB``.
    """
    return max(IMPORT_CACHE_KIB, min(IMPORT_CACHE_MAX_KIB, store_bytes // 1024))


@contextmanager
def _page_cache(s: Session):
    """A page cache sized to the SQLite district while an import writes (its indexes are updated in place)."""
    if s.get_bind().dialect.name != "sqlite":
        yield
        return
    conn = s.connection()
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)
    page_size = int(conn.exec_driver_sql("PRAGMA page_size").scalar() or 4096)
    conn.exec_driver_sql(f"PRAGMA cache_size={-import_cache_kib(pages * page_size)}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


def _import(dstore: DistrictStore, path: Path, seal_key, now: Callable[[], datetime]) -> ImportResult:
    with (
        dstore.session() as s,
        verified_bundle(s, Path(path), seal_key) as v,
        Writes(dstore.engine.dialect) as writes,
        _page_cache(s),
    ):
        planned = plan(s, v, writes=writes, watch=_watched(s, v.okrug_id))
        sequence_conflicts(s, planned)
        # Every check has passed and every decision is made: now write.
        upsert_okrug(s, v)
        write(s, planned)
        s.add(
            DistrictBundle(
                id=v.bundle_id,
                okrug_id=v.okrug_id,
                seq=v.seq,
                prev_id=v.prev_id,
                full=v.full,
                created_at=v.created_at,
                imported_at=now(),
                manifest_sha256=v.manifest_sha256,
                register_to=v.register_to,
                counts=dict(v.manifest.get("counts") or {}),
                file_name=Path(path).name[:500],
            )
        )
        s.flush()
        conflicts.store(s, v, planned.conflicts, planned.payloads, now())
        closed = conflicts.close_settled_by(s, v, planned, now())
    return ImportResult(
        Path(path),
        v.okrug_id,
        v.okrug_name,
        v.bundle_id,
        v.seq,
        planned.added,
        planned.updated,
        planned.unchanged,
        planned.conflicts,
        len(planned.moves),
        closed,
    )


def list_conflicts(
    dstore: DistrictStore, okrug_id: uuid.UUID | None = None, *, include_resolved: bool = False
) -> list[ConflictRow]:
    """Conflicts waiting for a decision (open, or rejected and not yet answered by the okrug), newest first.

    ``include_resolved``: every conflict, with who settled it, when and why.
    """
    with dstore.session() as s:
        q = (
            select(SyncConflict, DistrictOkrug.name)
            .join(DistrictOkrug, DistrictOkrug.id == SyncConflict.okrug_id)
            .order_by(SyncConflict.detected_at.desc(), SyncConflict.bundle_seq.desc(), SyncConflict.id)
        )
        if not include_resolved:
            q = q.where(SyncConflict.status == "open")
        if okrug_id is not None:
            q = q.where(SyncConflict.okrug_id == okrug_id)
        return [conflict_row(c, name) for c, name in s.execute(q)]


__all__ = [
    "OPEN",
    "RECORD_KINDS",
    "ConflictInfo",
    "ConflictRow",
    "ImportResult",
    "OkrugRegistration",
    "apply",
    "import_bundle",
    "plan",
    "write",
    "list_conflicts",
    "register_okrug",
]
