"""Decisions' follow-up in a bundle: the append-only ``decision_step`` history, both directions.

A decision itself travels in its sitting's journal; what happened to it
afterwards (protocol handed, the akim's consideration, execution ...) is a
history of steps that are never edited. The okrug sends the steps the
district has not acknowledged; the district keeps them as they are (the same
step id with other content, or two different steps with one number, is a
conflict) and folds each decision's status with the decisions area's rules.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from zhoob_desktop.models.sync import DistrictDecision
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.sync.container import BundleWriter
from zhoob_desktop.services.sync.records import codec, jsonl

TABLE = "decision_step"
MEMBER = "decisions/decision_step.jsonl"


def write_steps(
    store: Store, writer: BundleWriter, counts: dict[str, int], baseline: dict[str, Any]
) -> dict[str, Any]:
    """Add the follow-up steps after the acknowledged ones; return {decision id: last step number}."""
    enc = codec(TABLE)
    tbl = enc.table
    with store.session() as s:
        rows = [
            enc.encode(r) for r in s.execute(select(tbl).order_by(tbl.c.decision_id, tbl.c.seq)).mappings()
        ]
    state: dict[str, int] = {}
    lines = []
    for row in rows:
        did = row["decision_id"]
        state[did] = max(state.get(did, 0), int(row["seq"]))
        if int(row["seq"]) > int(baseline.get(did, 0)):
            lines.append({"id": row["id"], "rev": 0, "deleted": False, "data": row})
    body, n = jsonl(lines)
    writer.add(MEMBER, body, kind=TABLE, records=n)
    counts[TABLE] = n
    return state


def refresh_states(s: Session, sitting_ids: set[uuid.UUID]) -> None:
    """Fold the follow-up status of every adopted decision of these sittings from its steps."""
    from zhoob_desktop.services.decisions.lifecycle import HistoryEntry, fold

    if not sitting_ids:
        return
    tbl = codec(TABLE).table
    steps: dict[tuple[uuid.UUID, str], list[HistoryEntry]] = defaultdict(list)
    ids = sorted(sitting_ids, key=str)
    for i in range(0, len(ids), 500):
        for r in s.execute(select(tbl).where(tbl.c.sitting_id.in_(ids[i : i + 500]))).mappings():
            steps[(r["sitting_id"], r["vote_id"])].append(
                HistoryEntry(
                    r["seq"],
                    r["step"],
                    r["on_date"],
                    r["actor"],
                    r["note"],
                    r["recorded_at"],
                    r["data"] or {},
                )
            )
    for decision in s.scalars(select(DistrictDecision).where(DistrictDecision.sitting_id.in_(ids))):
        if decision.outcome != "adopted":
            state = decision.outcome or decision.state
        else:
            state = fold(steps.get((decision.sitting_id, decision.vote_id), [])).status
        if state != decision.state:
            s.execute(
                update(DistrictDecision)
                .where(
                    DistrictDecision.sitting_id == decision.sitting_id, DistrictDecision.item == decision.item
                )
                .values(state=state)
            )
