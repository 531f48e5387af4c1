"""The decisions register: follow each adopted decision and its legal deadlines (Reg §12–§18).

Public API:

* ``list_decisions(store, which="all"|"open"|"overdue")``, ``get_decision(store, ref)``,
  ``open_decisions(store, before=None)`` (the source of the Reg §9 agenda item);
* ``record_step(store, ref, step, on=, actor=, note=, data=)``: one follow-up step, appended
  to the decision's history, refused with a cited ``DecisionError`` when out of order;
* ``deadlines(store, days=30)``: the dashboard (decisions, quarterly meetings, monitoring);
* ``lifecycle.STEPS`` / ``lifecycle.STATUSES``: the vocabulary with labels and citations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zhoob_desktop.lazy import lazy_package
from zhoob_desktop.services.meeting.obligations import provide_open_decisions

if TYPE_CHECKING:
    from zhoob_desktop.services.decisions.deadlines import deadlines
    from zhoob_desktop.services.decisions.lifecycle import STATUSES, STEPS, FollowUp, HistoryEntry
    from zhoob_desktop.services.decisions.register import (
        FILTERS,
        decision_id,
        get_decision,
        list_decisions,
        local_today,
        open_decisions,
        record_step,
    )
    from zhoob_desktop.services.decisions.views import Deadline, DecisionView

# Imported on first use: a caller of one module (the rules, the lifecycle) does not load them all.
lazy_package(
    __name__,
    {
        "deadlines": "deadlines",
        "STATUSES": "lifecycle",
        "STEPS": "lifecycle",
        "FollowUp": "lifecycle",
        "HistoryEntry": "lifecycle",
        "FILTERS": "register",
        "decision_id": "register",
        "get_decision": "register",
        "list_decisions": "register",
        "local_today": "register",
        "open_decisions": "register",
        "record_step": "register",
        "Deadline": "views",
        "DecisionView": "views",
    },
)


def _still_open(store, before):
    """The decisions of earlier sittings not yet closed (the register is imported only when asked)."""
    from zhoob_desktop.services.decisions.register import open_decisions as still_open

    return still_open(store, before)


# The meeting engine asks which decisions of earlier sittings are still open (Reg §9: the agenda
# always includes their execution); the register answers, without the engine importing it.
provide_open_decisions(_still_open)

__all__ = [
    "FILTERS",
    "STATUSES",
    "STEPS",
    "Deadline",
    "DecisionView",
    "FollowUp",
    "HistoryEntry",
    "deadlines",
    "decision_id",
    "get_decision",
    "list_decisions",
    "local_today",
    "open_decisions",
    "record_step",
]
