"""Sync bundles: what an okrug exported and the district acknowledged; what a district holds.

The okrug side keeps ``sync_export`` (one row per bundle written). The district
side keeps the registered okrug keys, the bundles imported, which okrug owns
each record and at which revision, the conflicts found, the protocol PDFs and
the decisions carried by the bundles. A district store is an ordinary Zhoob
store (the same migrations) on SQLite or PostgreSQL, so the okrugs' residents,
settlements and sitting journals land in the same tables as on a laptop.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from zhoob_desktop.models.base import Base, UUIDPrimaryKey, utcnow


class SyncExport(UUIDPrimaryKey, Base):
    """A bundle this okrug wrote (``id`` is the bundle id); ``acked_at`` once the district's receipt came.

    ``register_to`` is the register change-log number the bundle reaches;
    ``sittings`` maps each sitting id to the journal head and row revision it
    carried, ``documents`` each protocol id to its digest: the next export
    sends only what differs from the newest acknowledged bundle.
    """

    __tablename__ = "sync_export"

    seq: Mapped[int] = mapped_column(Integer, unique=True)
    prev_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    full: Mapped[bool] = mapped_column(Boolean, default=True)
    register_from: Mapped[int] = mapped_column(BigInteger, default=0)
    register_to: Mapped[int] = mapped_column(BigInteger, default=0)
    sittings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    documents: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # decision id -> the last follow-up step number carried
    decisions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    file_name: Mapped[str] = mapped_column(String(500), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    sealed: Mapped[bool] = mapped_column(Boolean, default=False)
    acked_at: Mapped[datetime | None] = mapped_column(default=None)


class DistrictOkrug(Base):
    """An okrug registered at the district: its id, names and the public key its bundles are signed with."""

    __tablename__ = "district_okrug"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    public_key: Mapped[str] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(80))
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)


class DistrictBundle(UUIDPrimaryKey, Base):
    """A bundle imported into the district store (``id`` is the bundle id written by the okrug)."""

    __tablename__ = "district_bundle"
    __table_args__ = (UniqueConstraint("okrug_id", "seq", name="uq_district_bundle_okrug_seq"),)

    okrug_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_okrug.id"))
    seq: Mapped[int] = mapped_column(Integer)
    prev_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    full: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    register_to: Mapped[int] = mapped_column(BigInteger, default=0)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    file_name: Mapped[str] = mapped_column(String(500), default="")


class DistrictRecord(Base):
    """Which okrug owns a record at the district, at which revision and with which content hash."""

    __tablename__ = "district_record"
    __table_args__ = (Index("ix_district_record_okrug", "okrug_id", "entity"),)

    entity: Mapped[str] = mapped_column(String(30), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    okrug_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_okrug.id"))
    rev: Mapped[int] = mapped_column(BigInteger, default=0)
    hash: Mapped[str] = mapped_column(String(64))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    bundle_id: Mapped[uuid.UUID] = mapped_column()


class SyncConflict(UUIDPrimaryKey, Base):
    """Something a bundle carried that the district did not apply, kept for a person to decide.

    ``kind``: "record" (same id and revision, other content), "unique" (e.g.
    an IIN already held by another record), "dependency", "journal" (two
    different journals for one sitting), "gap" (a bundle number was skipped).
    ``status``: "open", then "accepted" (the district took what the bundle
    carried), "rejected" (it keeps its own; the okrug is told), "settled"
    (agreed otherwise) by a person who gives ``resolved_by`` and
    ``resolution`` (why), or "closed" by the program itself (the record came
    again and was taken, the missing bundle arrived, a move was linked).
    ``payload`` keeps what the bundle carried, so that it can be accepted later.
    """

    __tablename__ = "sync_conflict"
    __table_args__ = (Index("ix_sync_conflict_okrug", "okrug_id", "kind"),)

    okrug_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_okrug.id"))
    bundle_id: Mapped[uuid.UUID] = mapped_column()
    bundle_seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(30), default="")
    record_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    detected_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(20), default="open")
    seen_seq: Mapped[int] = mapped_column(Integer, default=0)  # the last bundle that brought it again
    resolved_by: Mapped[str] = mapped_column(String(200), default="")
    resolution: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class DistrictKeyChange(UUIDPrimaryKey, Base):
    """A registered okrug's key replaced by another: which fingerprint gave way to which, and when."""

    __tablename__ = "district_key_change"
    __table_args__ = (Index("ix_district_key_change_okrug", "okrug_id", "changed_at"),)

    okrug_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_okrug.id"))
    old_fingerprint: Mapped[str] = mapped_column(String(80))
    old_public_key: Mapped[str] = mapped_column(String(100))
    new_fingerprint: Mapped[str] = mapped_column(String(80))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class DistrictMove(UUIDPrimaryKey, Base):
    """A resident who left one okrug (moved) and was registered in another, linked by the IIN.

    The register allows one resident per IIN, so the departed record gives
    its IIN up to the arrival at the district; the link keeps it.
    """

    __tablename__ = "district_move"
    __table_args__ = (Index("ix_district_move_iin", "iin"),)

    iin: Mapped[str] = mapped_column(String(12))
    from_okrug_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_okrug.id"))
    from_record_id: Mapped[uuid.UUID] = mapped_column()
    left_on: Mapped[date | None] = mapped_column(default=None)
    to_okrug_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_okrug.id"))
    to_record_id: Mapped[uuid.UUID] = mapped_column()
    registered_on: Mapped[date | None] = mapped_column(default=None)
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)
    bundle_id: Mapped[uuid.UUID] = mapped_column()


class SyncVerdict(UUIDPrimaryKey, Base):
    """Okrug side: the district's word, from its latest receipt, on something a bundle carried.

    ``id`` is the district's conflict id; ``status`` as in ``SyncConflict``.
    Records "open" or "rejected" here are sent again with every bundle until
    the district takes them or settles them.
    """

    __tablename__ = "sync_verdict"

    kind: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(30), default="")
    record_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(20), default="open")
    bundle_seq: Mapped[int] = mapped_column(Integer, default=0)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    resolved_by: Mapped[str] = mapped_column(String(200), default="")
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class DistrictDocument(UUIDPrimaryKey, Base):
    """A finalised protocol (PDF bytes and digest) carried by a bundle; opened by district staff."""

    __tablename__ = "district_document"
    __table_args__ = (Index("ix_district_document_okrug", "okrug_id", "sitting_id"),)

    okrug_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_okrug.id"))
    sitting_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    kind: Mapped[str] = mapped_column(String(30), default="protocol")
    title: Mapped[str] = mapped_column(String(300), default="")
    number: Mapped[str] = mapped_column(String(40), default="")
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    finalised_at: Mapped[datetime | None] = mapped_column(default=None)
    bundle_id: Mapped[uuid.UUID] = mapped_column()
    opened_at: Mapped[datetime | None] = mapped_column(default=None)


class DistrictSitting(Base):
    """A sitting as the district sees it, folded from its verified journal (for the overview)."""

    __tablename__ = "district_sitting"
    __table_args__ = (Index("ix_district_sitting_okrug", "okrug_id", "scheduled_on"),)

    sitting_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    okrug_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_okrug.id"))
    kind: Mapped[str] = mapped_column(String(30), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    scheduled_on: Mapped[date | None] = mapped_column(default=None)
    phase: Mapped[str] = mapped_column(String(30), default="")
    members: Mapped[int] = mapped_column(Integer, default=0)
    present: Mapped[int] = mapped_column(Integer, default=0)
    quorum_met: Mapped[bool | None] = mapped_column(Boolean, default=None)
    events: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default="")
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    rev: Mapped[int] = mapped_column(BigInteger, default=0)
    bundle_id: Mapped[uuid.UUID] = mapped_column()


class DistrictDecision(Base):
    """A decision of a sitting as the okrug's journal reports it (for the district overview).

    ``state`` is the vote's outcome ("rejected", "tie") or, for an adopted
    decision, its follow-up status folded from the ``decision_step`` rows.
    """

    __tablename__ = "district_decision"
    __table_args__ = (Index("ix_district_decision_okrug", "okrug_id", "state"),)

    sitting_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    item: Mapped[int] = mapped_column(Integer, primary_key=True)
    okrug_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_okrug.id"))
    vote_id: Mapped[str] = mapped_column(String(20), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(30), default="")
    state: Mapped[str] = mapped_column(String(30), default="")
    decided_on: Mapped[date | None] = mapped_column(default=None)
    due_on: Mapped[date | None] = mapped_column(default=None)
    bundle_id: Mapped[uuid.UUID] = mapped_column()


__all__ = [
    "DistrictBundle",
    "DistrictDecision",
    "DistrictDocument",
    "DistrictKeyChange",
    "DistrictMove",
    "DistrictOkrug",
    "DistrictRecord",
    "DistrictSitting",
    "SyncConflict",
    "SyncExport",
    "SyncVerdict",
]
