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
from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.sync.container import BundleWriter
from zhoob_desktop.services.sync.errors import RecordInvalid
from zhoob_desktop.services.sync.records import codec, jsonl

TABLE = "decision_step"
MEMBER = "decisions/decision_step.jsonl"


def write_steps(
    store: Store,
    writer: BundleWriter,
    counts: dict[str, int],
    baseline: dict[str, Any],
    again: set[uuid.UUID] | None = None,
) -> dict[str, Any]:
    """Add the follow-up steps after the acknowledged ones (and ``again``, those the district
    has not taken yet); return {decision id: last step number}."""
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
        if int(row["seq"]) > int(baseline.get(did, 0)) or (again and uuid.UUID(row["id"]) in again):
            lines.append({"id": row["id"], "rev": 0, "deleted": False, "data": row})
    body, n = jsonl(lines)
    writer.add(MEMBER, body, kind=TABLE, records=n)
    counts[TABLE] = n
    return state


def check_steps(s: Session, v, lines: list) -> None:
    """Every follow-up step in the bundle is one the decisions area knows and can fold.

    ``lines``: the bundle's step lines. Each decision's history (the steps the
    district holds and the new ones) is folded with the decisions area's rules
    now, so that a step the fold cannot take (an unknown step, an assignment
    without its due date) refuses the bundle before a write instead of
    failing while it is written.
    """
    from zhoob_desktop.services.decisions.lifecycle import STEPS, HistoryEntry, fold
    from zhoob_desktop.services.decisions.register import decision_id
    from zhoob_desktop.services.errors import ZhoobError

    if not lines:
        return
    tbl = codec(TABLE).table
    numbers = {line.id: n for n, line in enumerate(lines, start=1)}
    new: dict[uuid.UUID, list] = defaultdict(list)
    for line in lines:
        values = line.values
        problem = None
        if values is None:
            problem = _("a follow-up step cannot be removed")
        elif values["step"] not in STEPS:
            problem = _("the step {step} is not a step of a decision's follow-up").format(step=values["step"])
        elif values["decision_id"] != decision_id(values["sitting_id"], values["vote_id"]):
            problem = _("the decision id does not match its sitting and vote")
        elif type(values.get("data", {})) is not dict:
            problem = _("the step's details are not an object")
        if problem is not None:
            raise RecordInvalid(path=str(v.path), member=MEMBER, line=numbers[line.id], detail=problem)
        new[values["decision_id"]].append(line)
    held: dict[uuid.UUID, list] = defaultdict(list)
    ids = sorted(new, key=str)
    for i in range(0, len(ids), 500):
        for r in s.execute(select(tbl).where(tbl.c.decision_id.in_(ids[i : i + 500]))).mappings():
            held[r["decision_id"]].append(dict(r))
    for did, bundle_lines in new.items():
        known = {r["id"] for r in held[did]}
        seqs = {r["seq"] for r in held[did]}
        rows = held[did] + [
            line.values for line in bundle_lines if line.id not in known and line.values["seq"] not in seqs
        ]
        entries = [
            HistoryEntry(
                r["seq"],
                r["step"],
                r["on_date"],
                r.get("actor", ""),
                r.get("note", ""),
                r.get("recorded_at"),
                r.get("data") or {},
            )
            for r in rows
        ]
        try:
            fold(entries)
        except (KeyError, TypeError, ValueError, AttributeError, ZhoobError) as exc:
            line = bundle_lines[-1]
            raise RecordInvalid(
                path=str(v.path),
                member=MEMBER,
                line=numbers[line.id],
                detail=_("the decision's follow-up cannot be read with this step ({step})").format(
                    step=line.values["step"]
                ),
            ) from exc


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
