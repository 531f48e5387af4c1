"""Operators of the store and the audit of who did what.

An operator's passphrase never reaches the database: ``access.json`` holds the
data key wrapped for each operator id, and this table holds who that id is and
the role that decides what they may do.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from zhoob_desktop.models.base import Base, UUIDPrimaryKey, utcnow


class Operator(UUIDPrimaryKey, Base):
    """A person who logs in: akim, secretary (apparatus), clerk or district operator."""

    __tablename__ = "operator"

    login: Mapped[str] = mapped_column(String(100), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(default=None)


class AuditEvent(Base):
    """One entry of the audit: who (operator id and name), when, what kind, on what; hash-chained.

    ``hash`` is SHA-256 over the previous entry's hash and this entry's fields,
    so an entry removed or edited breaks the chain from there on (``zhoob audit
    verify``, and the district when the audit arrives in a bundle).
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_operator", "operator_id", "seq"),
        Index("ix_audit_event_kind", "kind", "seq"),
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    at: Mapped[str] = mapped_column(String(40), index=True)
    operator_id: Mapped[str] = mapped_column(String(40), default="")
    operator: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(100), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


__all__ = ["AuditEvent", "Operator"]
