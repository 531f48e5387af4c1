"""Representation at the gathering in a bundle: the approved procedures and the members' initiatives.

The procedure of separate gatherings (the maslikhat's decision and its norm)
and each initiative with its signatures travel as record lines of their
tables, in every bundle (they are few). Their revision follows their life
cycle, which only moves forward: a procedure is never edited (0); an
initiative is collecting (0), filed (1), decided (2), convened (3); a
signature is counted or refused (0), or withdrawn (1). The district takes a
higher revision, keeps an equal one, and reports the same revision with
other content as a conflict, like every record.

The representatives themselves are not copied: each separate gathering's
journal carries the procedure in force and the unit's quota (OPEN) and the
votes that elected them, and the district folds the verified journal.
``representation_overview`` shows, per okrug, every unit of its procedure in
force (a village, street or building) with the representatives due by the
okrug's register as the district holds it and those elected, and the
initiatives still waiting for a decision.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from zhoob_desktop.models.meeting import Sitting
from zhoob_desktop.models.representation import Initiative, InitiativeSigner, RepresentationProcedure
from zhoob_desktop.models.sync import DistrictOkrug, DistrictRecord
from zhoob_desktop.services.meeting import journal as mj
from zhoob_desktop.services.meeting.fold import fold
from zhoob_desktop.services.meeting.representation import Procedure, procedure_in_force, quota_table, term_end
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.sync.container import BundleWriter
from zhoob_desktop.services.sync.records import REPRESENTATION_TABLES, codec, jsonl, member_of

INITIATIVE_REVS = {"collecting": 0, "filed": 1, "decided": 2, "convened": 3}


def initiative_rev(row) -> int:
    """The initiative's revision: how far its life cycle has gone."""
    if row["sitting_id"] is not None:
        return INITIATIVE_REVS["convened"]
    if row["decision"]:
        return INITIATIVE_REVS["decided"]
    return INITIATIVE_REVS["filed"] if row["filed_on"] else INITIATIVE_REVS["collecting"]


def signer_rev(row) -> int:
    return 1 if row["refusal"] == "withdrawn" else 0


REVS = {
    "representation_procedure": lambda row: 0,
    "initiative": initiative_rev,
    "initiative_signer": signer_rev,
}
ORDER = {
    "representation_procedure": (RepresentationProcedure.effective_from, RepresentationProcedure.id),
    "initiative": (Initiative.created_at, Initiative.id),
    "initiative_signer": (InitiativeSigner.initiative_id, InitiativeSigner.created_at, InitiativeSigner.id),
}


def write_records(store: Store, writer: BundleWriter, counts: dict[str, int]) -> None:
    """Add every procedure, initiative and signature with its revision."""
    with store.session() as s:
        for _entity, table_name in REPRESENTATION_TABLES:
            enc = codec(table_name)
            tbl = enc.table
            lines = []
            for raw in s.execute(select(tbl).order_by(*ORDER[table_name])).mappings():
                row = enc.encode(raw)
                lines.append({"id": row["id"], "rev": REVS[table_name](raw), "deleted": False, "data": row})
            body, n = jsonl(lines)
            writer.add(member_of(table_name), body, kind=table_name, records=n)
            counts[table_name] = n


# -- district side ----------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRepresentatives:
    """A unit of an okrug at the district (a village, street or building, as its procedure says), the
    representatives due to it by the okrug's register, and those its last separate gathering elected."""

    name: str
    quota: (
        int | None
    )  # due by the procedure in force and the register (else as its separate gathering froze it)
    elected: tuple[str, ...]
    held_on: date | None
    settlement: str = ""  # the village of a street or a building


@dataclass(frozen=True)
class PendingInitiative:
    body: str
    title: str
    status: str  # "collecting" or "filed"
    signatures: int
    filed_on: date | None


@dataclass(frozen=True)
class OkrugRepresentation:
    okrug_id: uuid.UUID
    name: str
    units: tuple[UnitRepresentatives, ...]
    initiatives: tuple[PendingInitiative, ...]
    procedure: Procedure | None = None  # the okrug's procedure of separate gatherings in force on the day

    @property
    def without(self) -> tuple[str, ...]:
        return tuple(u.name for u in self.units if not u.elected)


def _owned(s, entity: str) -> dict[uuid.UUID, uuid.UUID]:
    return dict(
        s.execute(
            select(DistrictRecord.record_id, DistrictRecord.okrug_id).where(
                DistrictRecord.entity == entity, DistrictRecord.deleted.is_(False)
            )
        ).all()
    )


def representation_overview(dstore, on: date | None = None) -> list[OkrugRepresentation]:
    """Per okrug: each unit of its procedure in force (each village without one) with the
    representatives due by its register and those elected at its latest held separate gathering whose
    term covers ``on`` (default: today), and the initiatives not yet decided."""
    on = on or date.today()
    settlement = codec("settlement").table
    out = []
    with dstore.session() as s:
        okrugs = list(s.scalars(select(DistrictOkrug).order_by(DistrictOkrug.name)))
        villages = list(s.execute(select(settlement.c.id, settlement.c.okrug_id, settlement.c.name)))
        conn = s.connection()
        latest: dict[tuple[uuid.UUID, str], tuple[date, int | None, tuple[str, ...]]] = {}
        for sitting in s.scalars(
            select(Sitting).where(Sitting.kind == "separate_gathering").order_by(Sitting.scheduled_on)
        ):
            if sitting.scheduled_on > on:
                continue
            events, _texts = mj.read_rows(conn, sitting.id)
            if not events:
                continue
            state = fold(events)
            if state.opened_at is None or not state.is_closed or not state.elected:
                continue
            procedure = state.representation.get("procedure") or {}
            until = term_end(sitting.scheduled_on, procedure.get("term_years"))
            if until is not None and until < on:
                continue
            unit = str(state.representation.get("unit_id") or sitting.territory_id)
            latest[(sitting.okrug_id, unit)] = (
                sitting.scheduled_on,
                state.quota,
                tuple(c.name for c in state.elected),
            )
        procedures = _owned(s, "representation_procedure")
        owners = _owned(s, "initiative")
        signers: dict[uuid.UUID, int] = {}
        for sig in s.scalars(select(InitiativeSigner).where(InitiativeSigner.accepted.is_(True))):
            signers[sig.initiative_id] = signers.get(sig.initiative_id, 0) + 1
        pending: dict[uuid.UUID, list[PendingInitiative]] = {}
        for ini in s.scalars(
            select(Initiative).where(Initiative.decision.is_(None)).order_by(Initiative.created_at)
        ):
            owner = owners.get(ini.id)
            if owner is None:
                continue
            pending.setdefault(owner, []).append(
                PendingInitiative(
                    ini.body,
                    ini.title or "; ".join(ini.agenda or []),
                    "filed" if ini.filed_on else "collecting",
                    signers.get(ini.id, 0),
                    ini.filed_on,
                )
            )
    for o in okrugs:
        ids = [pid for pid, owner in procedures.items() if owner == o.id]
        procedure = procedure_in_force(dstore, on, ids=ids) if ids else None
        units = []
        if procedure is not None:  # the units of its procedure, the quotas from its register
            for u in quota_table(dstore, on, procedure, okrug_id=o.id).units:
                held_on, _quota, elected = latest.get((o.id, str(u.id)), (None, None, ()))
                units.append(UnitRepresentatives(u.name, u.representatives, elected, held_on, u.settlement))
        else:
            for vid, okrug_id, name in sorted(villages, key=lambda v: str(v[2]).casefold()):
                if okrug_id != o.id:
                    continue
                held_on, quota, elected = latest.get((o.id, str(vid)), (None, None, ()))
                units.append(UnitRepresentatives(str(name), quota, elected, held_on))
        out.append(OkrugRepresentation(o.id, o.name, tuple(units), tuple(pending.get(o.id, ())), procedure))
    return out
