"""What a sitting heard on earlier decisions, as its protocol prints it (Reg §13, §17, §18).

The re-discussion of the akim's objections, the reports of those responsible
for the execution, the non-execution found and the responsibility raised are
recorded against the sitting that heard them (``decision_step.at_sitting_id``)
and printed in its protocol under the agenda item they were heard under.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from zhoob_desktop.models.decisions import DecisionStep
from zhoob_desktop.services.decisions import lifecycle as L
from zhoob_desktop.services.decisions.register import list_decisions
from zhoob_desktop.services.store import Store


@dataclass(frozen=True)
class HeardStep:
    """One step heard at a sitting, with the decision it concerns (all texts as recorded)."""

    item_id: str  # the agenda item of this sitting it was heard under
    step: str
    seq: int  # the step's number in its decision's history
    label: str  # msgid of the step
    decision_id: uuid.UUID
    origin_number: int | None  # the protocol that adopted the decision
    origin_date: date
    origin_item_number: int
    origin_item_title: str
    text: str
    responsible: str
    due_on: date | None
    note: str  # the report, the finding, what the re-discussion concluded
    sent_to: str  # msgid of where the chair sends a non-execution (Reg §18), or ""
    quality: str  # msgid: not executed / executed poorly, or ""
    reasons: str  # the akim's objections, for a re-discussion
    amended_text: str  # the text adopted in place of the decision, for an amendment


def heard_at(
    store: Store, sitting_id: uuid.UUID | str, *, today: date | None = None
) -> tuple[HeardStep, ...]:
    """The follow-up steps recorded as heard at a sitting, in the order they were recorded."""
    sid = sitting_id if isinstance(sitting_id, uuid.UUID) else uuid.UUID(str(sitting_id))
    with store.session() as s:
        rows = [
            (r.decision_id, r.seq, r.at_item_id)
            for r in s.scalars(
                select(DecisionStep)
                .where(DecisionStep.at_sitting_id == sid)
                .order_by(DecisionStep.recorded_at, DecisionStep.decision_id, DecisionStep.seq)
            )
        ]
    if not rows:
        return ()
    views = {v.id: v for v in list_decisions(store, today=today)}
    out = []
    for did, seq, item_id in rows:
        view = views.get(did)
        if view is None:
            continue  # an orphaned history: `zhoob check` reports it
        entry = next(h for h in view.history if h.seq == seq)
        follow = L.fold([h for h in view.history if h.seq < seq], execution=L.needs_execution(view.item_kind))
        amended = ""
        if entry.step == L.AMENDED:
            other = views.get(uuid.UUID(str(entry.data.get("amended_by"))))
            amended = other.text if other else ""
        out.append(
            HeardStep(
                item_id=item_id or "",
                step=entry.step,
                seq=seq,
                label=entry.label,
                decision_id=did,
                origin_number=view.sitting_number,
                origin_date=view.held_on,
                origin_item_number=view.item_number,
                origin_item_title=view.item_title,
                text=view.text,
                responsible=follow.responsible,
                due_on=follow.due_on,
                note=entry.note,
                sent_to=L.SENT_TO.get(str(entry.data.get("sent_to", "")), ""),
                quality=L.QUALITY.get(str(entry.data.get("quality", "not_executed")), "")
                if entry.step == L.NOT_EXECUTED
                else "",
                reasons=follow.reasons if entry.step in L.REDISCUSSION else "",
                amended_text=amended,
            )
        )
    return tuple(out)
