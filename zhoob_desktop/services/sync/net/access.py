"""Who may talk to the district service: registered okrugs whose key is not revoked; their contacts.

An okrug key is revoked by a person at the district (a laptop stolen or
lost), with who, when and why; from then on the service answers that key
nothing. Registering the okrug's new key (``register-okrug --replace``) ends
the revocation, which applied to the old key only; it can also be lifted.
Each accepted request records the okrug's last contact; each request's nonce
is kept while its signature would still be inside the time window, so a
request sent again (replayed) is refused.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from zhoob_desktop.models.base import utcnow
from zhoob_desktop.models.netsync import DistrictContact, DistrictNonce, DistrictRevocation
from zhoob_desktop.models.sync import DistrictOkrug
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.sync.district_db import DistrictStore
from zhoob_desktop.services.sync.errors import SyncError
from zhoob_desktop.services.sync.keys import unb64
from zhoob_desktop.services.sync.net.protocol import WINDOW


class OkrugNotFound(SyncError):
    template = N_("No okrug {okrug} is registered at the district; give its id or its name.")


class NotRevoked(SyncError):
    template = N_("The key of okrug {okrug} is not revoked.")


class AlreadyRevoked(SyncError):
    template = N_("The key of okrug {okrug} (fingerprint {fingerprint}) is revoked already.")


class RevocationIncomplete(SyncError):
    template = N_("Revoking an okrug's key needs the name of the person who does it and the reason.")


@dataclass(frozen=True)
class Caller:
    """A registered okrug whose key the service accepts."""

    okrug_id: uuid.UUID
    name: str
    public_key: bytes
    fingerprint: str


@dataclass(frozen=True)
class Revocation:
    okrug_id: uuid.UUID
    okrug_name: str
    fingerprint: str
    revoked_at: datetime
    revoked_by: str
    reason: str
    lifted_at: datetime | None
    lifted_by: str


def _revoked(s: Session, okrug_id: uuid.UUID, fingerprint: str) -> DistrictRevocation | None:
    return s.scalars(
        select(DistrictRevocation).where(
            DistrictRevocation.okrug_id == okrug_id,
            DistrictRevocation.fingerprint == fingerprint,
            DistrictRevocation.lifted_at.is_(None),
        )
    ).first()


def caller(s: Session, okrug_id: uuid.UUID) -> Caller | None:
    """The okrug as the service accepts it, or None: not registered, or its key revoked."""
    row = s.get(DistrictOkrug, okrug_id)
    if row is None or _revoked(s, row.id, row.fingerprint) is not None:
        return None
    return Caller(row.id, row.name, unb64(row.public_key), row.fingerprint)


def find_okrug(s: Session, text: str) -> DistrictOkrug:
    text = str(text).strip()
    for row in s.scalars(select(DistrictOkrug)):
        if str(row.id) == text or row.name == text:
            return row
    raise OkrugNotFound(okrug=text[:80])


def revoke(
    dstore: DistrictStore, okrug: str, *, by: str, reason: str, now: Callable[[], datetime] = utcnow
) -> Revocation:
    """Stop accepting an okrug's current key; who, when and why are kept."""
    by, reason = (by or "").strip()[:200], (reason or "").strip()
    if not by or not reason:
        raise RevocationIncomplete()
    with dstore.session() as s:
        row = find_okrug(s, okrug)
        if _revoked(s, row.id, row.fingerprint) is not None:
            raise AlreadyRevoked(okrug=row.name, fingerprint=row.fingerprint)
        rev = DistrictRevocation(
            okrug_id=row.id, fingerprint=row.fingerprint, revoked_at=now(), revoked_by=by, reason=reason
        )
        s.add(rev)
        s.flush()
        return _info(rev, row.name)


def lift(dstore: DistrictStore, okrug: str, *, by: str, now: Callable[[], datetime] = utcnow) -> Revocation:
    """Accept an okrug's revoked key again (it was found); the revocation stays in the record."""
    by = (by or "").strip()[:200]
    if not by:
        raise RevocationIncomplete()
    with dstore.session() as s:
        row = find_okrug(s, okrug)
        rev = _revoked(s, row.id, row.fingerprint)
        if rev is None:
            raise NotRevoked(okrug=row.name)
        rev.lifted_at, rev.lifted_by = now(), by
        return _info(rev, row.name)


def _info(r: DistrictRevocation, name: str) -> Revocation:
    return Revocation(
        r.okrug_id, name, r.fingerprint, r.revoked_at, r.revoked_by, r.reason, r.lifted_at, r.lifted_by
    )


def revocations(dstore: DistrictStore) -> list[Revocation]:
    """Every revocation, newest first."""
    with dstore.session() as s:
        names = dict(s.execute(select(DistrictOkrug.id, DistrictOkrug.name)).all())
        return [
            _info(r, names.get(r.okrug_id, ""))
            for r in s.scalars(select(DistrictRevocation).order_by(DistrictRevocation.revoked_at.desc()))
        ]


def revoked_now(s: Session) -> set[uuid.UUID]:
    """Okrugs whose current key is revoked."""
    out = set()
    for okrug_id, fingerprint in s.execute(select(DistrictOkrug.id, DistrictOkrug.fingerprint)):
        if _revoked(s, okrug_id, fingerprint) is not None:
            out.add(okrug_id)
    return out


def first_use(dstore: DistrictStore, okrug_id: uuid.UUID, nonce: str, now: datetime) -> bool:
    """Keep a request's nonce; False when it was seen before (the request is a replay)."""
    try:
        with dstore.session() as s:
            s.add(DistrictNonce(okrug_id=okrug_id, nonce=nonce, seen_at=now))
    except IntegrityError:
        return False
    return True


def forget_old_nonces(dstore: DistrictStore, now: datetime) -> None:
    """Nonces older than twice the window: a request that old is refused by its time already."""
    with dstore.session() as s:
        s.execute(delete(DistrictNonce).where(DistrictNonce.seen_at < now - timedelta(seconds=2 * WINDOW)))


def touch(
    dstore: DistrictStore,
    okrug_id: uuid.UUID,
    now: datetime,
    *,
    address: str = "",
    agent: str = "",
    waiting: int | None = None,
) -> None:
    """Record the okrug's contact (and, from its hello, how many bundles it still holds)."""
    values: dict = {"last_contact_at": now, "address": address[:100]}
    if agent:
        values["agent"] = agent[:100]
    if waiting is not None:
        values["waiting"] = max(0, int(waiting))
    for _attempt in range(2):
        try:
            with dstore.session() as s:
                done = s.execute(
                    update(DistrictContact).where(DistrictContact.okrug_id == okrug_id).values(**values)
                ).rowcount
                if not done:
                    s.add(DistrictContact(okrug_id=okrug_id, **{"agent": "", "waiting": 0, **values}))
            return
        except IntegrityError:  # another worker wrote the first contact at the same moment
            continue


def delivered(dstore: DistrictStore, okrug_id: uuid.UUID) -> None:
    """One of the bundles the okrug said it held has reached the district: one fewer held there."""
    with dstore.session() as s:
        s.execute(
            update(DistrictContact)
            .where(DistrictContact.okrug_id == okrug_id, DistrictContact.waiting > 0)
            .values(waiting=DistrictContact.waiting - 1)
        )


__all__ = [
    "AlreadyRevoked",
    "Caller",
    "NotRevoked",
    "OkrugNotFound",
    "Revocation",
    "caller",
    "delivered",
    "find_okrug",
    "first_use",
    "forget_old_nonces",
    "lift",
    "revocations",
    "revoke",
    "revoked_now",
    "touch",
]
