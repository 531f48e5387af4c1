"""Authority by ownership: a bundle may carry only records of the okrug that signed it.

The signature says who sent a bundle; this says what the sender may touch.
Every village, street, house, resident, sitting, journal, protocol and
decision follow-up step in a bundle must be the signing okrug's own: not held
at the district under another okrug, not naming another okrug, and not
hanging under another okrug's village, street, house or sitting. Anything
else refuses the whole bundle, before a write, naming the record and its owner.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhoob_desktop.models.sync import DistrictDocument, DistrictOkrug, DistrictRecord
from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.sync.errors import ForeignRecord, ForeignReference, MissingReference
from zhoob_desktop.services.sync.labels import record_label
from zhoob_desktop.services.sync.records import REGISTER_TABLES, REPRESENTATION_TABLES, codec

CHUNK = 500

# (table, column, the table it refers to): references that must stay inside one okrug.
# decision_step.sitting_id and protocols' sittings have no foreign key in the
# schema (see docs/architecture.md), so they are listed here and checked the same way.
REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("street", "settlement_id", "settlement"),
    ("house", "street_id", "street"),
    ("resident", "settlement_id", "settlement"),
    ("resident", "street_id", "street"),
    ("resident", "house_id", "house"),
    ("decision_step", "sitting_id", "sitting"),
    ("initiative_signer", "initiative_id", "initiative"),
    ("initiative_signer", "resident_id", "resident"),
    ("initiative", "sitting_id", "sitting"),
)


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class _Owners:
    """Who holds records at the district, read in chunks and remembered."""

    def __init__(self, s: Session, v):
        self.s, self.v = s, v
        self._names: dict[uuid.UUID, str] = {}

    def name(self, okrug_id: uuid.UUID | None) -> str:
        if okrug_id is None:
            return _("none (the district holds the record without an owner)")
        if okrug_id not in self._names:
            row = self.s.get(DistrictOkrug, okrug_id)
            self._names[okrug_id] = row.name if row is not None and row.name else str(okrug_id)
        return self._names[okrug_id]

    def of(self, entity: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID | None]:
        """{id: owning okrug} of the records the district holds (None: held without an owner)."""
        out: dict[uuid.UUID, uuid.UUID | None] = {}
        for chunk in _chunks(sorted(set(ids), key=str)):
            out.update(
                self.s.execute(
                    select(DistrictRecord.record_id, DistrictRecord.okrug_id).where(
                        DistrictRecord.entity == entity, DistrictRecord.record_id.in_(chunk)
                    )
                ).all()
            )
        untracked = [i for i in set(ids) if i not in out]
        if untracked and entity in codec_tables():
            tbl = codec(entity).table
            for chunk in _chunks(sorted(untracked, key=str)):
                out.update({rid: None for rid in self.s.scalars(select(tbl.c.id).where(tbl.c.id.in_(chunk)))})
        return out

    def foreign(self, entity: str, record: uuid.UUID, owner: uuid.UUID | None) -> ForeignRecord:
        return ForeignRecord(
            path=str(self.v.path),
            okrug=self.v.okrug_name,
            kind=record_label(entity),
            record=str(record),
            owner=self.name(owner),
        )


def codec_tables() -> set[str]:
    return {t for _e, t in (*REGISTER_TABLES, *REPRESENTATION_TABLES)} | {"decision_step", "sitting"}


def _bundle_ids(v) -> dict[str, list[uuid.UUID]]:
    ids = {table: [line.id for line in lines] for table, lines in v.register.items()}
    ids["sitting"] = [part.id for part in v.meetings.sittings]
    return ids


def _rows(v) -> dict[str, list[tuple[uuid.UUID, dict]]]:
    rows = {
        table: [(line.id, line.values) for line in lines if line.values is not None]
        for table, lines in v.register.items()
    }
    rows["sitting"] = [(part.id, part.values) for part in v.meetings.sittings]
    return rows


def check(s: Session, v) -> None:
    """Refuse the bundle (``ForeignRecord``/``ForeignReference``) unless all it carries is its okrug's."""
    owners = _Owners(s, v)
    signer = v.okrug_id
    ids = _bundle_ids(v)
    # A record the district already holds under another okrug (or under none).
    for entity, record_ids in ids.items():
        for rid, owner in sorted(owners.of(entity, record_ids).items(), key=lambda x: str(x[0])):
            if owner != signer:
                raise owners.foreign(entity, rid, owner)
    documents = [doc.id for doc in v.meetings.documents]
    for chunk in _chunks(documents):
        for rid, owner in s.execute(
            select(DistrictDocument.id, DistrictDocument.okrug_id).where(DistrictDocument.id.in_(chunk))
        ):
            if owner != signer:
                raise owners.foreign("protocol", rid, owner)
    # A record naming another okrug as its own.
    rows = _rows(v)
    for entity in ("settlement", "sitting"):
        for rid, values in rows.get(entity, []):
            named = values.get("okrug_id")
            if named is not None and named != signer:
                raise owners.foreign(entity, rid, named)
    # A record under another okrug's village, street, house or sitting.
    references = [*REFERENCES]
    checks: list[tuple[str, uuid.UUID, str, uuid.UUID]] = []
    for table, column, target in references:
        for rid, values in rows.get(table, []):
            if values.get(column) is not None:
                checks.append((table, rid, target, values[column]))
    for doc in v.meetings.documents:
        if doc.sitting_id is not None:
            checks.append(("protocol", doc.id, "sitting", doc.sitting_id))
    carried = {entity: set(record_ids) for entity, record_ids in ids.items()}
    by_target: dict[str, list[uuid.UUID]] = {}
    for _table, _rid, target, value in checks:
        if value not in carried.get(target, set()):
            by_target.setdefault(target, []).append(value)
    held = {target: owners.of(target, values) for target, values in by_target.items()}
    for table, rid, target, value in checks:
        if value in carried.get(target, set()):
            continue
        if value in held[target]:
            owner = held[target][value]
            if owner != signer:
                raise ForeignReference(
                    path=str(v.path),
                    okrug=v.okrug_name,
                    kind=record_label(table),
                    record=str(rid),
                    target_kind=record_label(target),
                    target=str(value),
                    owner=owners.name(owner),
                )
        elif target == "sitting":
            # No foreign key holds these; a step or protocol of a sitting nobody sent stays out.
            raise MissingReference(
                path=str(v.path),
                record=str(rid),
                kind=record_label(table),
                target_kind=record_label(target),
                target=str(value),
            )
