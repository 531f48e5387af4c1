"""Bundles coming in over the network: piece by piece into a spool folder, then the one importer.

An upload is announced with the bundle's id, number, size and SHA-256; its
pieces are appended at the offset the service already holds (the file's own
size is the truth, so a dropped connection resumes where it stopped, in
whichever worker process takes the next request); when the okrug says it is
complete, the bytes must come to the announced size and hash, and the file
goes through ``many.import_many``, the importer of ``zhoob district import``,
with every check and limit it has. Imports are serialised per okrug (a lock
file per okrug, across the service's worker processes) and run in parallel
across okrugs; on SQLite, which writes one transaction at a time, one after
another. The same bundle again, whether by the network or by a file, is
imported once: the importer itself refuses a bundle it holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from zhoob_desktop.models.netsync import DistrictUpload
from zhoob_desktop.models.sync import DistrictBundle
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.sync import many, receipts
from zhoob_desktop.services.sync.district_db import DistrictStore
from zhoob_desktop.services.sync.errors import AlreadyImported, ImportFailed, SyncError
from zhoob_desktop.services.sync.keys import DistrictKeys
from zhoob_desktop.services.sync.net import access
from zhoob_desktop.services.sync.net.access import Caller
from zhoob_desktop.services.sync.net.protocol import BUNDLE_MAX, CHUNK, UNFINISHED_MAX

log = logging.getLogger("zhoob.district.service")

STALE = timedelta(days=2)  # an unfinished upload untouched this long is dropped
RETRIES = 3  # imports that meet another okrug's at the same rows (a deadlock, a unique value) run again
NAME_RE = re.compile(r"[^0-9A-Za-z._\-\u0400-\u04ff]+")


class UploadRefused(SyncError):
    """An upload the service does not take as asked; ``status`` is the HTTP status of the answer."""

    status = 400


class UploadInvalid(UploadRefused):
    template = N_("The upload was refused: {detail}.")


class TooManyUploads(UploadRefused):
    status = 429
    template = N_(
        "The district service holds {count} unfinished uploads of this okrug already; the next one is "
        "taken when one of them is complete."
    )


class UploadUnknown(UploadRefused):
    status = 404
    template = N_("The district service has no upload of the bundle {bundle}; it is started again.")


class UploadElsewhere(UploadRefused):
    status = 409
    template = N_("The bundle {bundle} is held by the district under another okrug; it is not taken.")


class BytesDiffer(UploadRefused):
    status = 422
    template = N_(
        "The bytes received do not come to the bundle's SHA-256; the district dropped them and the bundle "
        "is sent again from the start."
    )


class ImportDeferred(UploadRefused):
    status = 503
    template = N_(
        "The district service could not import the bundle just now because of an error on its side "
        "({detail}); it keeps the bundle and imports it when the bundle is sent again."
    )


class DatabaseUnavailable(UploadRefused):
    status = 503
    template = N_(
        "The district's database could not take the bundle just now ({detail}); it is imported when the "
        "bundle is sent again."
    )


@dataclass(frozen=True)
class Answer:
    """What the service answers: an HTTP status and a JSON body."""

    status: int
    body: dict[str, Any]


def error_json(exc: ZhoobError, name: str = "") -> dict[str, Any]:
    """A typed error as the okrug renders it in its own language (a file path becomes the bundle's name)."""
    params = {k: str(v) for k, v in exc.params.items()}
    if "path" in params and name:
        params["path"] = name
    out = {"code": type(exc).__name__, "template": exc.template, "params": params}
    if exc.citation:
        out["citation"] = exc.citation
    return out


# -- the spool folder and its locks ------------------------------------------------------------


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` across processes, waiting for it (flock; msvcrt on Windows)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as fh:
        if sys.platform == "win32":  # pragma: no cover - Windows only
            import msvcrt

            while True:
                try:
                    fh.seek(0)
                    msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    continue
            try:
                yield
            finally:
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


class Spool:
    """``<folder>/<okrug>/<bundle>.part`` while it comes in; ``<okrug>/<bundle>/<name>`` to import."""

    def __init__(self, folder: Path, *, serial: bool = False):
        self.folder = Path(folder)
        self.serial = serial  # SQLite: one import at a time, whatever the okrug
        self.folder.mkdir(parents=True, exist_ok=True)
        if sys.platform != "win32":
            os.chmod(self.folder, 0o700)

    def okrug_dir(self, okrug_id: uuid.UUID) -> Path:
        return self.folder / str(okrug_id)

    def part(self, okrug_id: uuid.UUID, bundle_id: uuid.UUID) -> Path:
        return self.okrug_dir(okrug_id) / f"{bundle_id}.part"

    def complete(self, okrug_id: uuid.UUID, bundle_id: uuid.UUID, name: str) -> Path:
        return self.okrug_dir(okrug_id) / str(bundle_id) / name

    def refused(self, okrug_id: uuid.UUID, name: str) -> Path:
        return self.okrug_dir(okrug_id) / "refused" / name

    @contextlib.contextmanager
    def import_lock(self, okrug_id: uuid.UUID) -> Iterator[None]:
        with file_lock(self.okrug_dir(okrug_id) / "import.lock"):
            if self.serial:
                with file_lock(self.folder / "import.lock"):
                    yield
            else:
                yield

    def append_lock(self, okrug_id: uuid.UUID, bundle_id: uuid.UUID):
        return file_lock(self.okrug_dir(okrug_id) / f"{bundle_id}.lock")


def safe_name(name: Any, seq: int) -> str:
    """The okrug's file name of the bundle, kept to letters, digits and ``._-`` (never a path)."""
    text = NAME_RE.sub("-", Path(str(name or "")).name)[:150].strip(".-")
    if not text.lower().endswith(".zip"):
        text = f"{text or f'bundle-{seq}'}.zip"
    return text


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _held(spool: Spool, okrug_id: uuid.UUID, bundle_id: uuid.UUID, row: DistrictUpload) -> int:
    """The bytes the service holds: the part coming in, or the whole bundle while it is imported (the
    okrug, back after a cut, then asks for the outcome instead of sending the bundle again)."""
    if spool.complete(okrug_id, bundle_id, row.name).exists():
        return row.size
    return _size(spool.part(okrug_id, bundle_id))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            h.update(block)
    return h.hexdigest()


# -- the three steps -----------------------------------------------------------------------------


def _announced(meta: Any) -> tuple[uuid.UUID, int, int, str, str]:
    if not isinstance(meta, dict):
        raise UploadInvalid(detail="not a JSON object")
    try:
        bundle_id = uuid.UUID(str(meta["bundle_id"]))
        seq, size, digest = meta["seq"], meta["size"], str(meta["sha256"]).lower()
        if type(seq) is not int or not 1 <= seq < 2**31:
            raise ValueError("seq")
        if type(size) is not int or not 0 < size <= BUNDLE_MAX:
            raise ValueError("size")
        if len(digest) != 64 or any(ch not in "0123456789abcdef" for ch in digest):
            raise ValueError("sha256")
    except (KeyError, ValueError, TypeError) as exc:
        raise UploadInvalid(detail=f"field {exc}") from exc
    return bundle_id, seq, size, digest, safe_name(meta.get("name"), seq)


def _receipt(dstore: DistrictStore, keys: DistrictKeys, okrug_id: uuid.UUID) -> dict[str, Any]:
    return receipts.receipt_document(dstore, keys, okrug_id)[0]


def _done(row: DistrictUpload, dstore: DistrictStore, keys: DistrictKeys) -> Answer:
    body: dict[str, Any] = {"state": row.state, "bundle_id": str(row.id), "seq": row.seq}
    if row.state == "refused":
        body["refusal"] = row.error  # the importer's reason (not an error of the request)
    else:
        body["receipt"] = _receipt(dstore, keys, row.okrug_id)
    return Answer(200, body)


def _drop_stale(dstore: DistrictStore, spool: Spool, okrug_id: uuid.UUID, now: datetime) -> int:
    """Forget unfinished uploads untouched for days; how many unfinished remain."""
    with dstore.session() as s:
        rows = list(
            s.scalars(
                select(DistrictUpload).where(
                    DistrictUpload.okrug_id == okrug_id, DistrictUpload.state == "receiving"
                )
            )
        )
        left = 0
        for row in rows:
            updated = row.updated_at if row.updated_at.tzinfo else row.updated_at.replace(tzinfo=now.tzinfo)
            if now - updated > STALE:
                spool.part(okrug_id, row.id).unlink(missing_ok=True)
                s.delete(row)
            else:
                left += 1
    return left


def begin(
    dstore: DistrictStore, keys: DistrictKeys, spool: Spool, who: Caller, meta: Any, now: datetime
) -> Answer:
    """Announce an upload (or ask how far it got): how many bytes the service holds, or its outcome."""
    bundle_id, seq, size, digest, name = _announced(meta)
    arrived = False  # imported before, by a file, and the okrug learns it only now
    with dstore.session() as s:
        held = s.get(DistrictBundle, bundle_id)
        row = s.get(DistrictUpload, bundle_id)
        if held is not None and held.okrug_id != who.okrug_id:
            raise UploadElsewhere(bundle=str(bundle_id))
        if row is not None and row.okrug_id != who.okrug_id:
            raise UploadElsewhere(bundle=str(bundle_id))
        if held is not None and (row is None or row.state in ("receiving", "refused")):
            if row is None:
                row = DistrictUpload(
                    id=bundle_id, okrug_id=who.okrug_id, seq=seq, name=name, size=size, sha256=digest,
                    received=size, state="already", started_at=now, updated_at=now, finished_at=now,
                )  # fmt: skip
                s.add(row)
            else:
                row.state, row.error, row.finished_at, row.updated_at = "already", None, now, now
            arrived = True
        finished = row is not None and row.state in ("imported", "already")
        fresh = row is None or row.state == "refused" or (row.size, row.sha256) != (size, digest)
    if arrived:
        access.delivered(dstore, who.okrug_id)  # one fewer held at the okrug
    if finished:
        return _done(_row(dstore, who, bundle_id), dstore, keys)
    if fresh:
        if _drop_stale(dstore, spool, who.okrug_id, now) >= UNFINISHED_MAX:
            raise TooManyUploads(count=UNFINISHED_MAX)
        spool.part(who.okrug_id, bundle_id).unlink(missing_ok=True)
        with dstore.session() as s:
            row = s.get(DistrictUpload, bundle_id)
            if row is None:
                row = DistrictUpload(id=bundle_id, okrug_id=who.okrug_id, imports=0)
                s.add(row)
            row.seq, row.name, row.size, row.sha256 = seq, name, size, digest
            row.received, row.state, row.error = 0, "receiving", None
            row.started_at = row.updated_at = now
            row.finished_at = None
    received = _held(spool, who.okrug_id, bundle_id, _row(dstore, who, bundle_id))
    return Answer(
        200, {"state": "receiving", "bundle_id": str(bundle_id), "received": received, "chunk": CHUNK}
    )


def _row(dstore: DistrictStore, who: Caller, bundle_id: uuid.UUID) -> DistrictUpload:
    with dstore.session() as s:
        row = s.get(DistrictUpload, bundle_id)
        if row is None:
            raise UploadUnknown(bundle=str(bundle_id))
        if row.okrug_id != who.okrug_id:
            raise UploadElsewhere(bundle=str(bundle_id))
        s.expunge(row)
        return row


def put(
    dstore: DistrictStore,
    spool: Spool,
    who: Caller,
    bundle_id: uuid.UUID,
    offset: int,
    data: bytes,
    now: datetime,
) -> Answer:
    """Append one piece at ``offset``; an offset other than what the service holds gets that number back."""
    row = _row(dstore, who, bundle_id)
    if row.state != "receiving":
        return Answer(409, {"state": row.state, "bundle_id": str(bundle_id), "received": row.size})
    part = spool.part(who.okrug_id, bundle_id)
    with spool.append_lock(who.okrug_id, bundle_id):
        held = _held(spool, who.okrug_id, bundle_id, row)
        if offset != held:
            return Answer(409, {"state": "receiving", "bundle_id": str(bundle_id), "received": held})
        if held + len(data) > row.size:
            raise UploadInvalid(detail=f"{held + len(data)} bytes, more than the {row.size} announced")
        part.parent.mkdir(parents=True, exist_ok=True)
        with open(part, "ab") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        held += len(data)
    with dstore.session() as s:
        current = s.get(DistrictUpload, bundle_id)
        if current is not None and current.state == "receiving":
            current.received, current.updated_at = held, now
    return Answer(200, {"state": "receiving", "bundle_id": str(bundle_id), "received": held})


def _transient(exc: BaseException | None) -> bool:
    """A database error that a second try may not meet: a deadlock, a lost connection, no connection
    free in the pool, a clash of two okrugs' imports on one unique value at the same moment."""
    return isinstance(exc.__cause__ if exc is not None else None, IntegrityError) or _unavailable(exc)


def _unavailable(exc: BaseException | None) -> bool:
    """The database, not the bundle, failed the import: it could not be reached or not in time."""
    cause = exc.__cause__ if exc is not None else None
    return isinstance(cause, OperationalError | InterfaceError | PoolTimeout) or (
        isinstance(cause, DBAPIError) and cause.connection_invalidated
    )


def finish(
    dstore: DistrictStore,
    keys: DistrictKeys,
    spool: Spool,
    who: Caller,
    bundle_id: uuid.UUID,
    now: datetime,
    *,
    backoff: float = 0.2,
) -> Answer:
    """The okrug says the bundle is complete: check its size and hash, then import it (once)."""
    row = _row(dstore, who, bundle_id)
    if row.state in ("imported", "already", "refused"):
        return _done(row, dstore, keys)
    with spool.import_lock(who.okrug_id):
        row = _row(dstore, who, bundle_id)  # another request may have finished it while this one waited
        if row.state != "receiving":
            return _done(row, dstore, keys)
        part = spool.part(who.okrug_id, bundle_id)
        path = spool.complete(who.okrug_id, bundle_id, row.name)
        if path.exists():  # its import ended with its process (a worker stopped): taken up again
            os.replace(path, part)
        held = _size(part)
        if held > row.size:  # more bytes than announced can only be wrong: the okrug sends it again
            part.unlink(missing_ok=True)
            held = 0
        if held != row.size:
            return Answer(409, {"state": "receiving", "bundle_id": str(bundle_id), "received": held})
        if _sha256(part) != row.sha256:
            part.unlink(missing_ok=True)
            with dstore.session() as s:
                current = s.get(DistrictUpload, bundle_id)
                current.received, current.updated_at = 0, now
            raise BytesDiffer()
        path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(part, path)
        started = time.perf_counter()
        try:
            outcome = _import(dstore, keys, path, backoff)
        except (DatabaseUnavailable, ImportDeferred):
            os.replace(path, part)  # kept whole: the next finish imports it
            raise
        state = "imported" if outcome.result is not None else "already" if outcome.already else "refused"
        error = None
        if state == "refused":
            error = error_json(outcome.error, row.name) if isinstance(outcome.error, ZhoobError) else None
            target = spool.refused(who.okrug_id, f"{bundle_id.hex[:8]}-{row.name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)  # kept for the district's staff to look at
        else:
            path.unlink(missing_ok=True)
        shutil.rmtree(path.parent, ignore_errors=True)
        with dstore.session() as s:
            current = s.get(DistrictUpload, bundle_id)
            current.state, current.error = state, error
            current.received, current.finished_at, current.updated_at = row.size, now, now
            if state == "imported":
                current.imports += 1
        if state != "refused":
            access.delivered(dstore, who.okrug_id)
        log.info(
            "okrug %s bundle %s (%s): %s in %.2f s%s",
            who.name, row.seq, bundle_id, state, time.perf_counter() - started,
            f" ({outcome.message})" if state == "refused" else "",
        )  # fmt: skip
    return _done(_row(dstore, who, bundle_id), dstore, keys)


def _import(dstore: DistrictStore, keys: DistrictKeys, path: Path, backoff: float) -> many.Outcome:
    """``many.import_many`` for one file, run again when it met another import's rows at the same moment.

    Only the bundle's own faults are a refusal. A failure of the district's side (its database out of
    reach or busy past its waits, an error of the program) raises: the bundle is kept whole and
    imported when the okrug sends it again, never answered "refused" for the district's trouble."""
    for attempt in range(RETRIES + 1):
        (outcome,) = many.import_many(dstore, [path], keys)
        if not (isinstance(outcome.error, ImportFailed) and _transient(outcome.error)):
            break
        if attempt < RETRIES:
            time.sleep(backoff * (attempt + 1))
    if isinstance(outcome.error, ImportFailed) and _unavailable(outcome.error):
        raise DatabaseUnavailable(detail=outcome.error.params.get("detail", ""))
    if isinstance(outcome.error, many.UnexpectedFailure):
        log.error("importing %s failed on the district's side: %s", path.name, outcome.message,
                  exc_info=outcome.error.__cause__)  # fmt: skip
        raise ImportDeferred(detail=outcome.error.params.get("error", ""))
    return outcome


def status(
    dstore: DistrictStore, keys: DistrictKeys, spool: Spool, who: Caller, bundle_id: uuid.UUID
) -> Answer:
    """How far an upload got, or its outcome."""
    row = _row(dstore, who, bundle_id)
    if row.state != "receiving":
        return _done(row, dstore, keys)
    received = _held(spool, who.okrug_id, bundle_id, row)
    return Answer(
        200, {"state": "receiving", "bundle_id": str(bundle_id), "received": received, "chunk": CHUNK}
    )


__all__ = [
    "Answer",
    "AlreadyImported",
    "BytesDiffer",
    "DatabaseUnavailable",
    "ImportDeferred",
    "Spool",
    "TooManyUploads",
    "UploadElsewhere",
    "UploadInvalid",
    "UploadRefused",
    "UploadUnknown",
    "begin",
    "error_json",
    "finish",
    "put",
    "safe_name",
    "status",
]
