"""The one path that writes a verified bundle's records at the district: plan from reads, then write.

``apply`` is called by the importer (``district``) for a verified bundle and by
``conflicts`` for the record a conflict kept, when the operator accepts it.
"""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from zhoob_desktop.models.base import utcnow
from zhoob_desktop.models.sync import DistrictBundle, DistrictMove, DistrictRecord
from zhoob_desktop.services.sync import decisions_part, parts
from zhoob_desktop.services.sync.plan_rows import Plan, plan_records
from zhoob_desktop.services.sync.records import REGISTER_TABLES, codec
from zhoob_desktop.services.sync.verify import Verified
from zhoob_desktop.services.sync.writes import Writes, update_records

CHUNK = 500


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _write_rows(s: Session, plan: Plan) -> None:
    resident = codec("resident").table
    for chunk in _chunks(sorted(plan.releases, key=str)):
        s.execute(update(resident).where(resident.c.id.in_(chunk)).values(iin=None))
    plan.writes.replay(s)
    for _entity, table_name in reversed(REGISTER_TABLES):
        ids = plan.deletes.get(table_name) or []
        tbl = codec(table_name).table
        for chunk in _chunks(ids):
            s.execute(delete(tbl).where(tbl.c.id.in_(chunk)))
    if plan.removal_metas:
        update_records(s, plan.removal_metas)
    if plan.moves:
        s.execute(insert(DistrictMove), [{**m, "linked_at": utcnow()} for m in plan.moves])


def upsert_okrug(s: Session, v: Verified) -> None:
    tbl = codec("okrug").table
    values = dict(v.okrug.values or {})
    if s.scalar(select(func.count()).select_from(tbl).where(tbl.c.id == v.okrug_id)):
        rec = s.get(DistrictRecord, ("okrug", v.okrug_id))
        if rec is None or v.seq >= rec.rev:
            s.execute(
                update(tbl)
                .where(tbl.c.id == v.okrug_id)
                .values(**{k: x for k, x in values.items() if k != "id"})
            )
    else:
        s.execute(insert(tbl), [values])
    rec = s.get(DistrictRecord, ("okrug", v.okrug_id))
    if rec is None:
        s.add(
            DistrictRecord(
                entity="okrug",
                record_id=v.okrug_id,
                okrug_id=v.okrug_id,
                rev=v.seq,
                hash=v.okrug.hash,
                bundle_id=v.bundle_id,
            )
        )
    elif v.seq >= rec.rev:
        rec.rev, rec.hash, rec.bundle_id = v.seq, v.okrug.hash, v.bundle_id


def sequence_conflicts(s: Session, plan: Plan) -> None:
    """A skipped bundle number, or a predecessor other than the one the district holds."""
    v = plan.v
    seqs = dict(
        s.execute(
            select(DistrictBundle.seq, DistrictBundle.id).where(DistrictBundle.okrug_id == v.okrug_id)
        ).all()
    )
    if v.seq > 1 and (v.seq - 1) not in seqs:
        have = max((q for q in seqs if q < v.seq), default=0)
        plan.conflict("gap", "bundle", None, missing_from=have + 1, missing_to=v.seq - 1)
    elif v.seq > 1 and v.prev_id is not None and seqs.get(v.seq - 1) != v.prev_id:
        plan.conflict(
            "gap", "bundle", None, expected_prev=str(seqs.get(v.seq - 1)), bundle_prev=str(v.prev_id)
        )


def plan(
    s: Session,
    v: Verified,
    *,
    force: frozenset = frozenset(),
    writes: Writes | None = None,
    watch: set | None = None,
) -> Plan:
    """Decide, from reads only, what a verified bundle (or an accepted conflict's record) writes.

    Reads the bundle's records a chunk at a time and refuses it (nothing
    written) when a check fails; the rows to write go to ``writes`` (a new
    one when not given), which ``write`` replays.
    """
    writes = writes if writes is not None else Writes(s.get_bind().dialect)
    out = Plan(v, writes, force, watch)
    try:
        out.bundle_seqs = dict(
            s.execute(
                select(DistrictBundle.id, DistrictBundle.seq).where(DistrictBundle.okrug_id == v.okrug_id)
            ).all()
        )
        plan_records(s, out)
        out.meetings = parts.plan_meetings(s, v, out)
    except BaseException:
        writes.close()
        raise
    return out


def write(s: Session, planned: Plan) -> None:
    """Write a plan: rows, moves, sittings and journals, then the decisions' folded states."""
    try:
        _write_rows(s, planned)
    finally:
        planned.writes.close()
    parts.write_meetings_district(s, planned.v, planned.meetings, planned)
    decisions_part.refresh_states(s, set(planned.meetings.summaries) | planned.new_step_sittings)


def apply(s: Session, v: Verified, *, force: frozenset = frozenset()) -> Plan:
    """Plan and write: every decision is made from reads before the first write.

    The one path that writes records: the importer calls it for a verified
    bundle, accepting a conflict for the record it kept. The caller's
    transaction makes it all or nothing.
    """
    planned = plan(s, v, force=force)
    write(s, planned)
    return planned
