"""Budget monitoring (Law art. 39-3 p. 4, Order 405): the apparatus's report form, the community
commission, its monitoring rounds with their steps, and the commission's own report."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from zhoob_desktop.models.base import Base, UUIDPrimaryKey, utcnow


class MonitoringReport(UUIDPrimaryKey, Base):
    """One version of the apparatus's report on the use of budget funds for a half year or a year.

    A signed version is frozen; a correction is a new version (``supersedes_id``
    the signed one) with its reason, so the signed paper stays as it was.
    """

    __tablename__ = "monitoring_report"
    __table_args__ = (UniqueConstraint("year", "period", "version"),)

    year: Mapped[int]
    period: Mapped[str] = mapped_column(String(8))  # "half" or "year"
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    correction_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    institution: Mapped[str] = mapped_column(String(300), default="")
    akim_name: Mapped[str] = mapped_column(String(200), default="")
    finance_head_name: Mapped[str] = mapped_column(String(200), default="")
    signed_on: Mapped[date | None]
    signed_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    lines: Mapped[list[MonitoringLine]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="MonitoringLine.position"
    )


class MonitoringLine(UUIDPrimaryKey, Base):
    """A row of the form; amounts in hundreds of tenge, i.e. thousand tenge to one decimal, as printed."""

    __tablename__ = "monitoring_line"
    __table_args__ = (UniqueConstraint("report_id", "code"),)

    report_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("monitoring_report.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(8))
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(300), default="")  # only expenditure directions
    plan_approved: Mapped[int | None] = mapped_column(BigInteger)
    plan_revised: Mapped[int | None] = mapped_column(BigInteger)
    plan_half: Mapped[int | None] = mapped_column(BigInteger)
    actual: Mapped[int | None] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(Text, default="")
    report: Mapped[MonitoringReport] = relationship(back_populates="lines")


class Commission(UUIDPrimaryKey, Base):
    """The community commission formed at a sitting of the meeting from its participants (Reg §4)."""

    __tablename__ = "commission"

    # The sitting by id without a foreign key, like the decisions' history.
    formed_sitting_id: Mapped[uuid.UUID]
    formed_item_id: Mapped[str] = mapped_column(String(20))
    formed_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    members: Mapped[list[CommissionMember]] = relationship(
        back_populates="commission", cascade="all, delete-orphan", order_by="CommissionMember.position"
    )


class CommissionMember(UUIDPrimaryKey, Base):
    """A member of the commission: a participant of the sitting that formed it."""

    __tablename__ = "commission_member"
    __table_args__ = (UniqueConstraint("commission_id", "person_id"),)

    commission_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("commission.id", ondelete="CASCADE"))
    person_id: Mapped[str] = mapped_column(String(64))  # the person's id on the sitting's list
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="member")  # "chair" or "member"
    position: Mapped[int]
    commission: Mapped[Commission] = relationship(back_populates="members")


class MonitoringRound(UUIDPrimaryKey, Base):
    """One monitoring by the commission: of a half year, of a year, or extraordinary (ordered by the meeting)."""

    __tablename__ = "monitoring_round"
    __table_args__ = (UniqueConstraint("year", "period", "number"),)

    year: Mapped[int]
    period: Mapped[str] = mapped_column(String(8))  # "half", "year" or "extra"
    number: Mapped[int] = mapped_column(Integer, default=0)  # 1, 2, ... for extraordinary rounds
    subject: Mapped[str] = mapped_column(Text, default="")
    ordered_sitting_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    ordered_item_id: Mapped[str | None] = mapped_column(String(20), default=None)
    report_due: Mapped[date | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MonitoringStep(UUIDPrimaryKey, Base):
    """A step of Order 405 recorded as done, with its date (the latest record of a step counts)."""

    __tablename__ = "monitoring_step"

    round_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("monitoring_round.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[int]
    done_on: Mapped[date]
    actor: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    sitting_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    item_id: Mapped[str | None] = mapped_column(String(20), default=None)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class CommissionReport(UUIDPrimaryKey, Base):
    """One version of the commission's report on a monitoring: findings and recommendations, signed."""

    __tablename__ = "commission_report"
    __table_args__ = (UniqueConstraint("round_id", "version"),)

    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("monitoring_round.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    correction_reason: Mapped[str] = mapped_column(Text, default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[list[str]] = mapped_column(JSON, default=list)
    signers: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    signed_on: Mapped[date | None] = mapped_column(default=None)
    signed_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
