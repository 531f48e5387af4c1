"""Authority by ownership: a bundle may carry only records of the okrug that signed it.

The signature says who sent a bundle; this says what the sender may touch.
Every village, street, house, resident, sitting, journal, protocol and
decision follow-up step in a bundle must be the signing okrug's own: not held
at the district under another okrug, not naming another okrug, and not
hanging under another okrug's village, street, house or sitting. Anything
else refuses the whole bundle, before a write, naming the record and its owner.

The importer reads a bundle's records a chunk at a time, so ``Check`` looks
at each chunk as it comes and keeps only the first problem of each kind;
``raise_first`` then refuses the bundle with the one that comes first in
this order: a record held under another okrug (by type, then id), a paper
held under another okrug, a record naming another okrug, a reference to
another okrug's record (by reference, then line).
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
from zhoob_desktop.services.sync.records import REGISTER_TABLES, REPRESENTATION_TABLES, among, codec

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
                        DistrictRecord.entity == entity, among(self.s, DistrictRecord.record_id, chunk)
                    )
                ).all()
            )
        untracked = [i for i in set(ids) if i not in out]
        if untracked and entity in codec_tables():
            tbl = codec(entity).table
            for chunk in _chunks(sorted(untracked, key=str)):
                out.update(
                    {
                        rid: None
                        for rid in self.s.scalars(select(tbl.c.id).where(among(self.s, tbl.c.id, chunk)))
                    }
                )
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


class Check:
    """The ownership checks of one bundle, fed chunk by chunk (``lines``), then its sittings
    and papers (``meetings``); ``raise_first`` refuses it when something is not its okrug's.

    ``entities``: the record types in the order they come (their order in the refusal).
    ``carried``: the ids the bundle carries per type, filled as its records are read.
    """

    def __init__(self, s: Session, v, entities: list[str], carried: dict[str, set[uuid.UUID]]):
        self.s, self.v = s, v
        self.owners = _Owners(s, v)
        self.entities = [*entities, "sitting"]
        self.carried = carried
        self._first: dict[int, tuple[tuple, Exception]] = {}
        self._held: dict[str, dict[uuid.UUID, uuid.UUID | None]] = {}

    def _note(self, category: int, key: tuple, make) -> None:
        found = self._first.get(category)
        if found is None or key < found[0]:
            self._first[category] = (key, make())

    def held(self, entity: str, held: dict[uuid.UUID, uuid.UUID | None]) -> None:
        """Records of the bundle the district holds, with their owners: each must be the signer's."""
        index = self.entities.index(entity)
        signer = self.v.okrug_id
        for rid, owner in held.items():
            if owner != signer:
                self._note(
                    0, (index, str(rid)), lambda rid=rid, owner=owner: self.owners.foreign(entity, rid, owner)
                )

    def lines(self, entity: str, lines: list, start: int) -> None:
        """A chunk of one type's lines (``start``: the number of its first line, from 0)."""
        signer = self.v.okrug_id
        if entity == "settlement":
            for n, line in enumerate(lines, start):
                named = (line.values or {}).get("okrug_id")
                if named is not None and named != signer:
                    self._note(
                        2, (0, n), lambda line=line, named=named: self.owners.foreign(entity, line.id, named)
                    )
        for ref, (table, column, target) in enumerate(REFERENCES):
            if table != entity:
                continue
            carried = self.carried.get(target, set()) if target != "sitting" else self.v.carried_sittings()
            wanted = [
                line.values[column]
                for line in lines
                if line.values is not None
                and line.values.get(column) is not None
                and line.values[column] not in carried
            ]
            if not wanted:
                continue
            held = self._owners_of(target, wanted)
            for n, line in enumerate(lines, start):
                value = (line.values or {}).get(column)
                if value is None or value in carried:
                    continue
                self._reference(3, (ref, n), entity, line.id, target, value, held)

    def _owners_of(self, target: str, values: list[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID | None]:
        """Owners of referred records, remembered (a village is referred to by thousands)."""
        known = self._held.setdefault(target, {})
        missing = [x for x in set(values) if x not in known]
        if missing:
            found = self.owners.of(target, missing)
            for x in missing:
                known[x] = found.get(x, _ABSENT)
        return known

    def _reference(self, category: int, key: tuple, table: str, rid, target: str, value, held) -> None:
        owner = held.get(value, _ABSENT)
        if owner is not _ABSENT:
            if owner != self.v.okrug_id:
                v = self.v
                self._note(
                    category,
                    key,
                    lambda: ForeignReference(
                        path=str(v.path),
                        okrug=v.okrug_name,
                        kind=record_label(table),
                        record=str(rid),
                        target_kind=record_label(target),
                        target=str(value),
                        owner=self.owners.name(owner),
                    ),
                )
        elif target == "sitting":
            # No foreign key holds these; a step or protocol of a sitting nobody sent stays out.
            v = self.v
            self._note(
                category,
                key,
                lambda: MissingReference(
                    path=str(v.path),
                    record=str(rid),
                    kind=record_label(table),
                    target_kind=record_label(target),
                    target=str(value),
                ),
            )

    def meetings(self, meetings) -> None:
        """The bundle's sittings and papers, read after its register."""
        s, signer = self.s, self.v.okrug_id
        sittings = [part.id for part in meetings.sittings]
        self.held("sitting", self.owners.of("sitting", sittings))
        documents = [doc.id for doc in meetings.documents]
        for chunk in _chunks(documents):
            for rid, owner in s.execute(
                select(DistrictDocument.id, DistrictDocument.okrug_id).where(DistrictDocument.id.in_(chunk))
            ):
                if owner != signer:
                    self._note(
                        1, (), lambda rid=rid, owner=owner: self.owners.foreign("protocol", rid, owner)
                    )
                    break
            if 1 in self._first:
                break
        for n, part in enumerate(meetings.sittings):
            named = part.values.get("okrug_id")
            if named is not None and named != signer:
                self._note(
                    2, (1, n), lambda part=part, named=named: self.owners.foreign("sitting", part.id, named)
                )
        carried = {part.id for part in meetings.sittings}
        refs = [
            doc.sitting_id
            for doc in meetings.documents
            if doc.sitting_id is not None and doc.sitting_id not in carried
        ]
        held = self._owners_of("sitting", refs) if refs else {}
        for n, doc in enumerate(meetings.documents):
            if doc.sitting_id is not None and doc.sitting_id not in carried:
                self._reference(3, (len(REFERENCES), n), "protocol", doc.id, "sitting", doc.sitting_id, held)

    def raise_first(self) -> None:
        for category in sorted(self._first):
            raise self._first[category][1]


_ABSENT = object()
