"""The decisions of earlier sittings that a meeting's agenda must take up (Reg §9).

Reg §9: the agenda "always includes" the progress and execution of decisions
taken at earlier sittings. Which decisions are still open (not executed, not
overruled) is known to the decisions register (``services/decisions``), which
follows each decision after its sitting and therefore imports the meeting
engine; the engine cannot import it back. The register plugs its answer in
here instead (``provide_open_decisions``) when its package is imported, as
the program and the command line always do.

Should no register be plugged in (a script using the engine alone), every
adopted decision of an earlier closed sitting counts as open: the stricter
reading, which never lets an agenda without the item through by accident.

The decisions open when a sitting's journal starts are frozen into its OPEN
event, so approving its agenda is checked the same way live, in a replayed
script and at the district.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from zhoob_desktop.services.meeting import rules as R

if TYPE_CHECKING:
    from zhoob_desktop.services.store import Store

EXECUTION_KIND = "execution_of_decisions"


@dataclass(frozen=True)
class DecisionRef:
    """An adopted decision of a closed sitting (followed up until executed)."""

    sitting_id: uuid.UUID
    held_on: date
    item_id: str
    item_title: str
    vote_id: str
    text: str


OpenDecisionsSource = Callable[["Store", date], Sequence[Any]]
_source: list[OpenDecisionsSource] = []


def provide_open_decisions(source: OpenDecisionsSource) -> None:
    """Plug in the decisions register: ``source(store, before)`` lists the decisions not yet closed.

    Each result has the fields of ``DecisionRef``. The last one plugged in wins.
    """
    _source[:] = [source]


def earlier_decisions(store: Store, before: date) -> list[DecisionRef]:
    """Adopted decisions of closed sittings of the meeting held before a date, oldest first."""
    # Imported here: plugging the register in (``provide_open_decisions``) stays light.
    from sqlalchemy import select

    from zhoob_desktop.models.meeting import Sitting
    from zhoob_desktop.services.meeting.engine import load_state

    with store.session() as s:
        rows = s.execute(
            select(Sitting.id, Sitting.scheduled_on)
            .where(Sitting.kind == R.MEETING, Sitting.status == "closed", Sitting.scheduled_on < before)
            .order_by(Sitting.scheduled_on, Sitting.created_at)
        ).all()
    out = []
    for sitting_id, held_on in rows:
        state = load_state(store, sitting_id)
        for item, vote in state.decisions():
            out.append(DecisionRef(sitting_id, held_on, item.id, item.title, vote.id, vote.text))
    return out


def decisions_not_closed(store: Store, before: date) -> list:
    """Decisions of earlier sittings not yet closed (not executed, not overruled), oldest first."""
    if _source:
        return list(_source[0](store, before))
    return earlier_decisions(store, before)


def open_decisions_json(store: Store, kind: str, before: date) -> list[dict[str, str]]:
    """The open decisions a meeting's OPEN event records (none for a gathering)."""
    if kind != R.MEETING:
        return []
    return [
        {
            "sitting": str(d.sitting_id),
            "held_on": d.held_on.isoformat(),
            "item": d.item_title,
            "vote": d.vote_id,
        }
        for d in decisions_not_closed(store, before)
    ]
