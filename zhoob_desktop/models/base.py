"""Typed declarative base with a constraint naming convention and UUID keys."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, Index, MetaData, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


OKRUG_ONLY = {"okrug_only": True}
"""``info`` of an index that only the okrug's own screens read (the desk's name search, the
register's address order): a district store is migrated like an okrug's and then drops these
(``services/sync/district_db.py``; what this means for a migration: docs/architecture.md)."""


def okrug_only_indexes(metadata: MetaData | None = None) -> list[Index]:
    """The indexes declared ``info=OKRUG_ONLY`` in the models, by table then name."""
    tables = (metadata or Base.metadata).sorted_tables
    return [
        ix
        for t in sorted(tables, key=lambda t: t.name)
        for ix in sorted(t.indexes, key=lambda ix: str(ix.name))
        if ix.info.get("okrug_only")
    ]


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Root of every table; shared metadata carries the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: DateTime(timezone=True), uuid.UUID: Uuid()}


class UUIDPrimaryKey:
    """A record that may travel to the district: identified by a UUID, never a row number."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
