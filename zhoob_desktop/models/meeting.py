"""Sittings of the meeting / gathering / separate gathering and their hash-chained journals.

A sitting's live record is its journal (``sitting_event``): append-only, one
row per acknowledged command, each carrying the SHA-256 of the previous one.
The ``sitting`` row holds only the preparation (date, place, draft agenda,
initiators, notices) and a cached status; the state of a running sitting is
always a fold over its events. Residents are referenced by UUID without a
foreign key: events keep a snapshot of name and IIN, so a journal stays
readable and verifiable on its own (for example at the district).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from zhoob_desktop.models.base import Base, UUIDPrimaryKey, utcnow


class Sitting(UUIDPrimaryKey, Base):
    """One sitting (шақырылым) of a meeting, gathering or separate gathering, with its preparation."""

    __tablename__ = "sitting"

    okrug_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("okrug.id"), default=None)
    # "meeting" (жиналыс), "gathering" (жиын), "separate_gathering" (бөлек жиын)
    kind: Mapped[str] = mapped_column(String(30))
    number: Mapped[int | None] = mapped_column(Integer, default=None)
    title: Mapped[str] = mapped_column(String(300), default="")
    scheduled_on: Mapped[date]
    starts_at: Mapped[time | None] = mapped_column(default=None)
    place: Mapped[str] = mapped_column(String(300), default="")
    # Separate gathering: the village, street or apartment building it is held for (register ids).
    territory_kind: Mapped[str | None] = mapped_column(String(20), default=None)
    territory_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    territory_name: Mapped[str] = mapped_column(String(300), default="")
    with_representatives: Mapped[bool] = mapped_column(Boolean, default=False)
    # "akim" or "members" (initiative of at least 10% of members)
    initiator: Mapped[str] = mapped_column(String(20), default="akim")
    initiators: Mapped[list[Any]] = mapped_column(JSON, default=list)
    initiative_filed_on: Mapped[date | None] = mapped_column(default=None)
    initiative_decided_on: Mapped[date | None] = mapped_column(default=None)
    notice_on: Mapped[date | None] = mapped_column(default=None)
    materials_on: Mapped[date | None] = mapped_column(default=None)
    agenda_draft: Mapped[list[Any]] = mapped_column(JSON, default=list)
    invited: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # "prepared", "live", "closed": a cache of the journal for lists; the journal is authoritative.
    status: Mapped[str] = mapped_column(String(20), default="prepared")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class RosterEntry(UUIDPrimaryKey, Base):
    """A member of the okrug's meeting, or an elected representative to the gathering, for a period.

    ``body`` is ``meeting`` (members delegated by the gathering, Reg §5) or
    ``representatives`` (elected at separate gatherings, Decree No. 1106).
    Name, IIN and address are a snapshot; ``resident_id`` is the register's id.
    """

    __tablename__ = "roster_entry"

    body: Mapped[str] = mapped_column(String(30))
    resident_id: Mapped[uuid.UUID]
    full_name: Mapped[str] = mapped_column(String(300))
    iin: Mapped[str | None] = mapped_column(String(12), default=None)
    address: Mapped[str] = mapped_column(String(300), default="")
    since: Mapped[date]
    until: Mapped[date | None] = mapped_column(default=None)
    source_sitting_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sitting.id"), default=None)
    note: Mapped[str] = mapped_column(String(300), default="")
    # A representative: the vote of the separate gathering that elected him, and its unit.
    source_vote: Mapped[str | None] = mapped_column(String(20), default=None)
    unit_kind: Mapped[str | None] = mapped_column(String(20), default=None)
    unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    unit_name: Mapped[str] = mapped_column(String(300), default="")


class SittingEvent(UUIDPrimaryKey, Base):
    """One acknowledged event of a sitting's journal (append-only, hash-chained).

    ``payload`` is the canonical JSON text (sorted keys, compact, UTF-8) that
    the hash covers; ``recorded_at`` is an ISO-8601 text for the same reason.
    """

    __tablename__ = "sitting_event"
    __table_args__ = (
        UniqueConstraint("sitting_id", "seq", name="uq_sitting_event_seq"),
        UniqueConstraint("sitting_id", "idempotency_key", name="uq_sitting_event_key"),
    )

    sitting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sitting.id"))
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[str] = mapped_column(String(40))
    idempotency_key: Mapped[str] = mapped_column(String(100))
    command_hash: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


__all__ = ["RosterEntry", "Sitting", "SittingEvent"]
