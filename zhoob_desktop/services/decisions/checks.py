"""The integrity check of the decisions' histories (run by `zhoob check` and at start).

The service writes only steps that fit, but a history can also arrive from
elsewhere (a restored backup, an imported bundle): this replays every history
against the rules and the sittings' journals.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from zhoob_desktop.models.decisions import DecisionStep
from zhoob_desktop.services.decisions import lifecycle as L
from zhoob_desktop.services.decisions.errors import DecisionError
from zhoob_desktop.services.decisions.register import _entries, decision_id
from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.meeting.engine import load_state
from zhoob_desktop.services.meeting.errors import MeetingError
from zhoob_desktop.services.meeting.sittings import list_sittings

UNKNOWN = N_(
    "The history of decision {id} belongs to no adopted decision of a closed sitting of the meeting."
)
GAP = N_("The history of decision {id} has a gap or a repeat at step {seq}.")
BROKEN = N_("Step {seq} of decision {id} breaks the order of the rules: {problem}")


def decision_problems(store) -> list[str]:
    """One translated line per history that is orphaned, has a gap, or breaks the rules' order."""
    known: dict[uuid.UUID, tuple] = {}
    unreadable: set[uuid.UUID] = set()
    for info in list_sittings(store, status="closed"):  # the gatherings' decisions are followed too
        try:
            state = load_state(store, info.id)
        except MeetingError:
            unreadable.add(info.id)  # a damaged journal: the journals check reports it
            continue
        for item, vote in state.decisions():
            known[decision_id(info.id, vote.id)] = (info, L.needs_execution(item.kind))
    with store.session() as s:
        groups: dict[uuid.UUID, list[DecisionStep]] = {}
        for row in s.scalars(select(DecisionStep).order_by(DecisionStep.decision_id, DecisionStep.seq)):
            groups.setdefault(row.decision_id, []).append(row)
        histories = {k: _entries(v) for k, v in groups.items() if v[0].sitting_id not in unreadable}
    problems = []
    for did, entries in histories.items():
        short = did.hex[:8]
        found = known.get(did)
        if found is None:
            problems.append(_(UNKNOWN).format(id=short))
            continue
        info, execution = found
        state = L.FollowUp(execution=execution)
        for expected, entry in enumerate(entries, start=1):
            if entry.seq != expected:
                problems.append(_(GAP).format(id=short, seq=entry.seq))
                break
            try:
                L.check_step(state, entry.step, on=entry.on, held_on=info.scheduled_on, today=entry.on,
                             data=entry.data, note=entry.note, kind=info.kind)  # fmt: skip
            except DecisionError as exc:
                problems.append(_(BROKEN).format(seq=entry.seq, id=short, problem=exc.message()))
                break
            state = L.apply(state, entry)
    return problems
