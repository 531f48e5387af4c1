"""What the district keeps of a conflict an import found: its kinds, the record it names, its row.

Below both the importer (``district``, ``plan_rows``) and the conflicts' life
cycle (``conflicts``), which share these.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from zhoob_desktop.models.sync import SyncConflict
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.sync.labels import record_subject
from zhoob_desktop.services.sync.lines import Line
from zhoob_desktop.services.sync.records import codec

# Conflict kinds that name one record, closed by the program when that record is taken later.
RECORD_KINDS = ("record", "unique", "dependency", "journal")
OPEN = ("open", "rejected")

# What the program writes as the reason when it closes a conflict itself.
CLOSED_TAKEN = N_("the okrug sent the record again and the district took it")
CLOSED_ARRIVED = N_("the missing bundles arrived")
CLOSED_MOVE = N_("the resident moved between okrugs; departure and arrival are linked")
CLOSED_AGREES = N_("the okrug sent the record again as the district holds it")


@dataclass(frozen=True)
class ConflictInfo:
    kind: str
    entity: str
    record_id: uuid.UUID | None
    detail: dict[str, Any]
    subject: str = ""  # the record as a person recognises it (a resident's name and IIN ...)


def line_json(table_name: str, line: Line) -> dict[str, Any]:
    """A decoded record line as a bundle carries it (kept with a conflict, decoded again to accept it)."""
    data = None if line.values is None else codec(table_name).encode_values(line.values)
    return {"id": str(line.id), "rev": line.rev, "deleted": line.deleted, "data": data}


@dataclass(frozen=True)
class ConflictRow:
    id: uuid.UUID
    okrug_name: str
    bundle_seq: int
    kind: str
    entity: str
    record_id: uuid.UUID | None
    detail: dict[str, Any]
    detected_at: datetime
    status: str = "open"
    seen_seq: int = 0
    resolved_at: datetime | None = None
    resolved_by: str = ""
    resolution: str = ""
    okrug_id: uuid.UUID | None = None
    subject: str = ""  # the record as a person recognises it (a resident's name and IIN ...)


def payload_subject(entity: str, record_id: uuid.UUID | None, payload: dict[str, Any] | None) -> str:
    payload = payload or {}
    line = payload.get("line") or payload.get("meta") or {}
    data = line.get("data") if "data" in line else line
    return record_subject(entity, data if isinstance(data, dict) else None, record_id)


def _subject(c: SyncConflict) -> str:
    return payload_subject(c.entity, c.record_id, c.payload)


def conflict_row(c: SyncConflict, okrug_name: str) -> ConflictRow:
    return ConflictRow(
        c.id,
        okrug_name,
        c.bundle_seq,
        c.kind,
        c.entity,
        c.record_id,
        dict(c.detail or {}),
        c.detected_at,
        c.status,
        c.seen_seq,
        c.resolved_at,
        c.resolved_by,
        c.resolution,
        c.okrug_id,
        _subject(c),
    )
