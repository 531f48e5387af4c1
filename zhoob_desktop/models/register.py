"""The resident register: settlements, streets, houses, residents, social statuses, change log."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from zhoob_desktop.models.base import OKRUG_ONLY, Base, UUIDPrimaryKey, utcnow
from zhoob_desktop.models.ids import new_uuid


class Settlement(UUIDPrimaryKey, Base):
    """A village (ауыл) of the okrug. ``key`` is the folded name that keeps names unique."""

    __tablename__ = "settlement"
    __table_args__ = (UniqueConstraint("okrug_id", "key"),)

    okrug_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("okrug.id"))
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Street(UUIDPrimaryKey, Base):
    """A street of a settlement, named as written ("Абай көшесі", "ул. Абая")."""

    __tablename__ = "street"
    __table_args__ = (UniqueConstraint("settlement_id", "key"),)

    settlement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("settlement.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class House(UUIDPrimaryKey, Base):
    """A house or apartment building on a street (separate gatherings may be held per building)."""

    __tablename__ = "house"
    __table_args__ = (UniqueConstraint("street_id", "key"),)

    street_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("street.id"), index=True)
    number: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(40))
    apartment_building: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SocialStatus(UUIDPrimaryKey, Base):
    """A social status a resident may carry (pensioner, disability, large family, ...)."""

    __tablename__ = "social_status"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_kk: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


resident_status = Table(
    "resident_status",
    Base.metadata,
    Column("resident_id", ForeignKey("resident.id"), primary_key=True),
    Column("status_id", ForeignKey("social_status.id"), primary_key=True, index=True),
)


class Resident(UUIDPrimaryKey, Base):
    """A person in the register. The IIN is unique but may change; the UUID never does.

    ``search_key`` (folded "surname given patronymic") and ``given_key`` (folded
    "given patronymic") are indexed for prefix range queries; ``address_key``
    (settlement, street, house, apartment, numbers zero-padded) orders the
    table by address through an index. A resident is
    never deleted: leaving sets ``left_on``/``left_reason``, an entry made in
    error is tombstoned with ``deleted_at``.

    The two name indexes cover a search: ``ix_resident_name`` gives the list's
    order (search key, id) and holds what a search tests on each entry (given
    key, IIN) and what the usual filters test (removed, left, registered,
    born); ``ix_resident_given`` finds given-name matches already paired with
    their place in that order. A page is then read from the indexes alone and
    stops at the page size (``services/register/finder.py``).

    These two and ``ix_resident_address_key`` (the residents table's order by
    address) serve only the okrug's own screens: they are declared
    ``OKRUG_ONLY`` and a district store does not carry them (the district
    reads residents by id and by IIN only, and would otherwise write every
    imported resident into three indexes it never reads, the two name
    indexes at random places all over a district of many okrugs).
    """

    __tablename__ = "resident"
    __table_args__ = (
        Index(
            "ix_resident_name",
            "search_key", "id", "given_key", "iin", "deleted_at", "left_on", "registered_on", "birth_date",
            info=OKRUG_ONLY,
        ),
        Index(
            "ix_resident_given",
            "given_key", "search_key", "id", "deleted_at", "left_on", "registered_on", "birth_date",
            info=OKRUG_ONLY,
        ),
        Index("ix_resident_address_key", "address_key", info=OKRUG_ONLY),
    )  # fmt: skip

    surname: Mapped[str] = mapped_column(String(100))
    given_name: Mapped[str] = mapped_column(String(100))
    patronymic: Mapped[str] = mapped_column(String(100), default="")
    iin: Mapped[str | None] = mapped_column(String(12), unique=True)
    birth_date: Mapped[date] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    settlement_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("settlement.id"), index=True)
    street_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("street.id"), index=True)
    house_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("house.id"), index=True)
    apartment: Mapped[str] = mapped_column(String(20), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    registered_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    left_reason: Mapped[str | None] = mapped_column(String(20))
    deleted_at: Mapped[datetime | None] = mapped_column()
    search_key: Mapped[str] = mapped_column(String(320))
    given_key: Mapped[str] = mapped_column(String(220))
    address_key: Mapped[str] = mapped_column(String(440), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class RegisterChange(Base):
    """One change to the register, field by field, numbered for "changes since N".

    ``seq`` is an AUTOINCREMENT key: it only grows and is never reused, so the
    district can ask for every change after the last one it received.
    """

    __tablename__ = "register_change"
    __table_args__ = (
        Index("ix_register_change_entity", "entity", "entity_id"),
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[uuid.UUID] = mapped_column(unique=True, default=new_uuid)
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[uuid.UUID] = mapped_column()
    action: Mapped[str] = mapped_column(String(20))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


__all__ = ["House", "RegisterChange", "Resident", "Settlement", "SocialStatus", "Street", "resident_status"]
