"""The register's change log: every change, field by field, with a growing sequence number.

The sync area reads ``changes_since(store, seq)`` to send the district what
changed after the last sequence number it acknowledged.
"""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhoob_desktop.models.base import utcnow
from zhoob_desktop.models.register import RegisterChange
from zhoob_desktop.services.register.bulk import bulk_insert, new_id_hex
from zhoob_desktop.services.store import Store

Clock = Callable[[], datetime]

ENTITIES = ("resident", "settlement", "street", "house", "status")
ACTIONS = ("create", "update", "leave", "restore", "delete", "merge", "import", "iin_change")


@dataclass(frozen=True)
class Change:
    """One recorded change: ``changes`` maps a field to ``[before, after]`` (JSON values)."""

    seq: int
    id: uuid.UUID
    entity: str
    entity_id: uuid.UUID
    action: str
    changes: dict[str, list[Any]]
    actor: str
    at: datetime


def jsonable(value: Any) -> Any:
    """A field value as it is written into the log (dates as ISO text, UUIDs as text)."""
    if value is None or type(value) is str:
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (tuple, list, set, frozenset)):
        return sorted(jsonable(v) for v in value)
    return value


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value differs, as ``{field: [before, after]}``."""
    out = {}
    for key in after:
        old, new = jsonable(before.get(key)), jsonable(after[key])
        if old != new:
            out[key] = [old, new]
    return out


def created(values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """A creation as a diff from nothing (empty values left out)."""
    return {k: [None, jsonable(v)] for k, v in values.items() if v not in (None, "", (), [])}


def actor_of(store: Store) -> str:
    """Who is making changes: the operator logged in (name and id), else the name set in settings,
    else the operating-system user."""
    operator = getattr(store, "operator", None)
    if operator is not None:
        return operator.label
    name = store.get_setting("user.name")
    if name:
        return str(name)
    try:
        return getpass.getuser()
    except Exception:  # no user name in some service environments; the log still needs a value
        return ""


def record(
    session: Session,
    entity: str,
    entity_id: uuid.UUID,
    action: str,
    changes: dict[str, list[Any]],
    *,
    actor: str,
    at: datetime | None = None,
) -> None:
    """Append one change in the caller's unit of work (so it commits or rolls back with it)."""
    session.add(
        RegisterChange(
            entity=entity,
            entity_id=entity_id,
            action=action,
            changes=changes,
            actor=actor,
            at=at or utcnow(),
        )
    )


def record_many(session: Session, rows: Iterable[dict[str, Any]]) -> None:
    """Append many changes at once (bulk imports); each dict has the ``record`` arguments."""
    batch = [{"id": new_id_hex(), **row} for row in rows]
    if batch:
        bulk_insert(session, RegisterChange.__table__, batch)


def changes_since(store: Store, seq: int, *, limit: int | None = None) -> list[Change]:
    """Changes with a sequence number greater than ``seq``, oldest first."""
    with store.session() as s:
        query = select(RegisterChange).where(RegisterChange.seq > seq).order_by(RegisterChange.seq)
        if limit is not None:
            query = query.limit(limit)
        return [_change(row) for row in s.scalars(query)]


def history(store: Store, entity_id: uuid.UUID, entity: str = "resident") -> list[Change]:
    """Every change of one record (a resident, a street, ...), oldest first."""
    with store.session() as s:
        query = (
            select(RegisterChange)
            .where(RegisterChange.entity == entity, RegisterChange.entity_id == entity_id)
            .order_by(RegisterChange.seq)
        )
        return [_change(row) for row in s.scalars(query)]


def last_seq(store: Store) -> int:
    """The sequence number of the newest change (0 when the log is empty)."""
    with store.session() as s:
        return s.scalar(select(func.max(RegisterChange.seq))) or 0


def _change(row: RegisterChange) -> Change:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)  # SQLite drops the zone; it is UTC
    return Change(row.seq, row.id, row.entity, row.entity_id, row.action, row.changes, row.actor, at)
