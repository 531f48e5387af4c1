"""The district overview: okrugs, their last bundle, sittings per quarter, quorum, decisions, protocols."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select

from zhoob_desktop.models.base import utcnow
from zhoob_desktop.models.sync import (
    DistrictBundle,
    DistrictDecision,
    DistrictDocument,
    DistrictMove,
    DistrictOkrug,
    DistrictRecord,
    DistrictSitting,
    SyncConflict,
)
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.sync.atomic import write_atomic
from zhoob_desktop.services.sync.district_db import DistrictStore
from zhoob_desktop.services.sync.errors import SyncError


class ProtocolNotFound(SyncError):
    template = N_("The district store holds no protocol with the id {id}.")


@dataclass(frozen=True)
class OkrugRow:
    okrug_id: uuid.UUID
    name: str
    fingerprint: str
    bundles: int
    last_seq: int | None
    last_created_at: datetime | None
    last_imported_at: datetime | None
    residents: int
    sittings: int
    quorum_rate: float | None  # share of held sittings whose quorum was met
    decisions: int
    protocols_to_open: int
    conflicts: int


@dataclass(frozen=True)
class QuarterRow:
    okrug_name: str
    year: int
    quarter: int
    sittings: int
    with_quorum: int


@dataclass(frozen=True)
class DecisionRow:
    okrug_name: str
    sitting_id: uuid.UUID
    sitting_title: str
    item: int
    title: str
    text: str
    state: str
    decided_on: date | None


@dataclass(frozen=True)
class ProtocolRow:
    id: uuid.UUID
    okrug_name: str
    kind: str
    number: str
    sitting_title: str
    scheduled_on: date | None
    finalised_at: datetime | None
    opened_at: datetime | None


@dataclass(frozen=True)
class DistrictOverview:
    okrugs: list[OkrugRow]
    quarters: list[QuarterRow]
    decisions: list[DecisionRow]
    protocols: list[ProtocolRow]
    decision_states: dict[str, int]


def district_overview(dstore: DistrictStore) -> DistrictOverview:
    """Everything the district overview shows, computed from the district store."""
    with dstore.session() as s:
        okrugs = list(s.scalars(select(DistrictOkrug).order_by(DistrictOkrug.name)))
        names = {o.id: o.name for o in okrugs}
        bundle_stats = {
            row[0]: row[1:]
            for row in s.execute(
                select(DistrictBundle.okrug_id, func.count(), func.max(DistrictBundle.seq)).group_by(
                    DistrictBundle.okrug_id
                )
            )
        }
        residents = dict(
            s.execute(
                select(DistrictRecord.okrug_id, func.count())
                .where(DistrictRecord.entity == "resident", DistrictRecord.deleted.is_(False))
                .group_by(DistrictRecord.okrug_id)
            ).all()
        )
        sittings = list(s.scalars(select(DistrictSitting)))
        decisions = dict(
            s.execute(
                select(DistrictDecision.okrug_id, func.count()).group_by(DistrictDecision.okrug_id)
            ).all()
        )
        unopened = dict(
            s.execute(
                select(DistrictDocument.okrug_id, func.count())
                .where(DistrictDocument.opened_at.is_(None))
                .group_by(DistrictDocument.okrug_id)
            ).all()
        )
        conflicts = dict(
            s.execute(
                select(SyncConflict.okrug_id, func.count())
                .where(SyncConflict.resolved_at.is_(None))
                .group_by(SyncConflict.okrug_id)
            ).all()
        )
        rows = []
        for o in okrugs:
            count, last_seq = bundle_stats.get(o.id, (0, None))
            last = None
            if last_seq is not None:
                last = s.scalars(
                    select(DistrictBundle).where(
                        DistrictBundle.okrug_id == o.id, DistrictBundle.seq == last_seq
                    )
                ).first()
            held = [x for x in sittings if x.okrug_id == o.id and x.events > 0]
            judged = [x for x in held if x.quorum_met is not None]
            rate = (sum(1 for x in judged if x.quorum_met) / len(judged)) if judged else None
            rows.append(
                OkrugRow(
                    o.id,
                    o.name,
                    o.fingerprint,
                    count,
                    last_seq,
                    last.created_at if last else None,
                    last.imported_at if last else None,
                    residents.get(o.id, 0),
                    len(held),
                    rate,
                    decisions.get(o.id, 0),
                    unopened.get(o.id, 0),
                    conflicts.get(o.id, 0),
                )
            )
        quarters: dict[tuple[str, int, int], list[int]] = {}
        for x in sittings:
            if x.scheduled_on is None or x.events == 0:
                continue
            key = (names.get(x.okrug_id, ""), x.scheduled_on.year, (x.scheduled_on.month - 1) // 3 + 1)
            bucket = quarters.setdefault(key, [0, 0])
            bucket[0] += 1
            bucket[1] += 1 if x.quorum_met else 0
        quarter_rows = [QuarterRow(k[0], k[1], k[2], v[0], v[1]) for k, v in sorted(quarters.items())]
        titles = {x.sitting_id: (x.title, x.scheduled_on) for x in sittings}
        decision_rows = [
            DecisionRow(
                names.get(d.okrug_id, ""),
                d.sitting_id,
                titles.get(d.sitting_id, ("", None))[0],
                d.item,
                d.title,
                d.text,
                d.state,
                d.decided_on,
            )
            for d in s.scalars(
                select(DistrictDecision).order_by(DistrictDecision.decided_on.desc(), DistrictDecision.item)
            )
        ]
        states: dict[str, int] = {}
        for d in decision_rows:
            states[d.state] = states.get(d.state, 0) + 1
        protocol_rows = [
            ProtocolRow(
                d.id,
                names.get(d.okrug_id, ""),
                d.kind,
                d.number,
                titles.get(d.sitting_id, ("", None))[0],
                titles.get(d.sitting_id, ("", None))[1],
                d.finalised_at,
                d.opened_at,
            )
            for d in s.scalars(
                select(DistrictDocument).order_by(
                    DistrictDocument.opened_at.is_not(None), DistrictDocument.finalised_at
                )
            )
        ]
    return DistrictOverview(rows, quarter_rows, decision_rows, protocol_rows, states)


@dataclass(frozen=True)
class MoveRow:
    """A resident who left one okrug by moving and was registered in another."""

    iin: str
    from_okrug: str
    left_on: date | None
    to_okrug: str
    registered_on: date | None
    linked_at: datetime


def list_moves(dstore: DistrictStore) -> list[MoveRow]:
    """Moves between okrugs the district linked by the IIN, newest first."""
    with dstore.session() as s:
        names = dict(s.execute(select(DistrictOkrug.id, DistrictOkrug.name)).all())
        return [
            MoveRow(
                m.iin,
                names.get(m.from_okrug_id, ""),
                m.left_on,
                names.get(m.to_okrug_id, ""),
                m.registered_on,
                m.linked_at,
            )
            for m in s.scalars(select(DistrictMove).order_by(DistrictMove.linked_at.desc()))
        ]


def save_protocol(
    dstore: DistrictStore, doc_id: uuid.UUID, folder: Path, *, now: Callable[[], datetime] = utcnow
) -> Path:
    """Write a protocol's PDF into ``folder`` (to open it) and note that it was opened."""
    with dstore.session() as s:
        doc = s.get(DistrictDocument, doc_id)
        if doc is None:
            raise ProtocolNotFound(id=str(doc_id))
        name = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in (doc.number or str(doc.id)))
        path = Path(folder) / f"{doc.kind}-{name}-{str(doc.id)[:8]}.pdf"
        write_atomic(path, doc.content)
        if doc.opened_at is None:
            doc.opened_at = now()
    return path
