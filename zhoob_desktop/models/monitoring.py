"""Budget monitoring reports of the community commission (Order 405, appendix 1)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from zhoob_desktop.models.base import Base, UUIDPrimaryKey, utcnow


class MonitoringReport(UUIDPrimaryKey, Base):
    """One report on the use of budget funds for a half year or a year."""

    __tablename__ = "monitoring_report"
    __table_args__ = (UniqueConstraint("year", "period"),)

    year: Mapped[int]
    period: Mapped[str] = mapped_column(String(8))  # "half" or "year"
    institution: Mapped[str] = mapped_column(String(300), default="")
    akim_name: Mapped[str] = mapped_column(String(200), default="")
    finance_head_name: Mapped[str] = mapped_column(String(200), default="")
    signed_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    lines: Mapped[list[MonitoringLine]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="MonitoringLine.position"
    )


class MonitoringLine(UUIDPrimaryKey, Base):
    """A row of the form; amounts in tenge (the form shows thousand tenge)."""

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
