"""The okrug itself and program settings."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from zhoob_desktop.models.base import Base, UUIDPrimaryKey, utcnow


class Okrug(UUIDPrimaryKey, Base):
    """A rural okrug (ауылдық округ): the unit whose apparatus keeps this store."""

    __tablename__ = "okrug"

    name_kk: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200), default="")
    district_kk: Mapped[str] = mapped_column(String(200), default="")
    district_ru: Mapped[str] = mapped_column(String(200), default="")
    region_kk: Mapped[str] = mapped_column(String(200), default="")
    region_ru: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Setting(Base):
    """A program setting stored with the data (language, rule readings, ...)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


__all__ = ["Okrug", "Setting", "uuid"]
