"""Sync over the network: the district service's bookkeeping and the okrug's send queue.

District side: when each okrug last reached the service (``district_contact``),
the request nonces seen inside the time window (``district_nonce``, against
replay), the uploads in progress and done (``district_upload``), okrug keys
revoked (``district_revocation``) and the district akim's decisions on the
okrugs' disagreements (``district_ruling``, Reg §13). Okrug side: the bundles
waiting to be sent (``sync_outbox``) and the district's decisions received
(``sync_ruling``). The bundles themselves, and what an import writes, are the
sync area's tables (``models/sync.py``).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from zhoob_desktop.models.base import Base, UUIDPrimaryKey, utcnow

# -- district side ------------------------------------------------------------------------------


class DistrictContact(Base):
    """When an okrug last reached the district service, from where, and what it said it still holds."""

    __tablename__ = "district_contact"

    okrug_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_okrug.id"), primary_key=True)
    last_contact_at: Mapped[datetime] = mapped_column(default=utcnow)
    address: Mapped[str] = mapped_column(String(100), default="")
    agent: Mapped[str] = mapped_column(String(100), default="")  # the okrug program's version
    waiting: Mapped[int] = mapped_column(Integer, default=0)  # bundles it reported not yet sent


class DistrictNonce(Base):
    """A request's nonce, kept for the time window in which its signature would still be accepted."""

    __tablename__ = "district_nonce"
    __table_args__ = (Index("ix_district_nonce_seen_at", "seen_at"),)

    okrug_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class DistrictUpload(Base):
    """A bundle coming in over the network (``id`` is the bundle id), in pieces, then imported.

    ``state``: "receiving", "imported" (by this upload), "already" (the
    district held it before), "refused" (``error`` says why, as the importer's
    typed error: its class, template and parameters). ``imports`` counts the
    imports this upload caused: never more than one.
    """

    __tablename__ = "district_upload"
    __table_args__ = (Index("ix_district_upload_okrug", "okrug_id", "state"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    okrug_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_okrug.id"))
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200), default="")
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    state: Mapped[str] = mapped_column(String(20), default="receiving")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    imports: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class DistrictRevocation(UUIDPrimaryKey, Base):
    """An okrug key the district no longer accepts (a stolen laptop...): who revoked it, when and why.

    It applies to the key with ``fingerprint``; registering the okrug's new key
    (``register-okrug --replace``) or lifting it (``lifted_at``) ends it.
    """

    __tablename__ = "district_revocation"
    __table_args__ = (Index("ix_district_revocation_okrug", "okrug_id", "fingerprint"),)

    okrug_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_okrug.id"))
    fingerprint: Mapped[str] = mapped_column(String(80))
    revoked_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_by: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    lifted_at: Mapped[datetime | None] = mapped_column(default=None)
    lifted_by: Mapped[str] = mapped_column(String(200), default="")


class DistrictRuling(UUIDPrimaryKey, Base):
    """The district akim's decision on a decision the okrug akim disagreed with (Reg §13).

    Made after the okrug referred the decision; travels back with the receipts,
    and the okrug records it in the decision's history with its date and document.
    """

    __tablename__ = "district_ruling"
    __table_args__ = (UniqueConstraint("decision_id", name="uq_district_ruling_decision_id"),)

    okrug_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_okrug.id"))
    decision_id: Mapped[uuid.UUID] = mapped_column()
    sitting_id: Mapped[uuid.UUID] = mapped_column()
    item: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))  # "upheld" or "overruled"
    on_date: Mapped[date] = mapped_column()
    document: Mapped[str] = mapped_column(String(300))
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


# -- okrug side ---------------------------------------------------------------------------------


class SyncOutbox(Base):
    """A bundle waiting to go to the district over the network (``bundle_id`` = ``sync_export.id``).

    ``state``: "waiting", "delivered" (the district imported it, or held it
    already), "refused" (``error``: the district's reason). The file stays in
    the outbox folder until the district acknowledges it.
    """

    __tablename__ = "sync_outbox"

    bundle_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    file: Mapped[str] = mapped_column(String(300))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    state: Mapped[str] = mapped_column(String(20), default="waiting")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(default=None)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class SyncRuling(Base):
    """Okrug side: a decision of the district akim received with a receipt, and whether it is recorded.

    ``applied_at`` once it stands in the decision's history; ``problem`` says
    why it could not be recorded yet (the history shows another step first).
    """

    __tablename__ = "sync_ruling"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # the district's ruling id
    decision_id: Mapped[uuid.UUID] = mapped_column()
    outcome: Mapped[str] = mapped_column(String(20))
    on_date: Mapped[date] = mapped_column()
    document: Mapped[str] = mapped_column(String(300))
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(default=None)
    problem: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


__all__ = [
    "DistrictContact",
    "DistrictNonce",
    "DistrictRevocation",
    "DistrictRuling",
    "DistrictUpload",
    "SyncOutbox",
    "SyncRuling",
]
