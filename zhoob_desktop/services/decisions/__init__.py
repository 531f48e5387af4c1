"""The decisions register: follow each adopted decision and its legal deadlines (Reg §12–§18).

Public API:

* ``list_decisions(store, which="all"|"open"|"overdue")``, ``get_decision(store, ref)``,
  ``open_decisions(store, before=None)`` (the source of the Reg §9 agenda item);
* ``record_step(store, ref, step, on=, at_sitting=, at_item=, actor=, note=, data=)``: one
  follow-up step, appended to the decision's history, refused with a cited ``DecisionError``
  when out of order; steps taken at a sitting name the held sitting (``sittings_for_step``);
* the per-protocol acts ``hand_over``, ``consider`` (with an ``Outcome`` per decision) and
  ``inform_members``, and ``protocol_view`` / ``list_protocols``;
* ``agenda.execution_agenda`` / ``agenda.with_execution_item``: the execution item (Reg §9, §17);
* ``heard.heard_at(store, sitting)``: what a sitting heard on earlier decisions (its protocol);
* ``deadlines(store, days=30)`` and ``reminders(store)``: the dashboard and the start-up list;
* ``lifecycle.STEPS`` / ``lifecycle.STATUSES``: the vocabulary with labels and citations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zhoob_desktop.lazy import lazy_package
from zhoob_desktop.services.meeting.obligations import provide_open_decisions

if TYPE_CHECKING:
    from zhoob_desktop.services.decisions.acts import (
        Outcome,
        ProtocolView,
        act_warnings,
        consider,
        hand_over,
        inform_members,
        list_protocols,
        protocol_view,
    )
    from zhoob_desktop.services.decisions.deadlines import deadlines, reminders
    from zhoob_desktop.services.decisions.followup import (
        SittingChoice,
        record_district_ruling,
        record_step,
        sittings_for_step,
        step_warnings,
    )
    from zhoob_desktop.services.decisions.lifecycle import STATUSES, STEPS, FollowUp, HistoryEntry
    from zhoob_desktop.services.decisions.register import (
        FILTERS,
        decision_id,
        get_decision,
        list_decisions,
        local_today,
        open_decisions,
    )
    from zhoob_desktop.services.decisions.views import Deadline, DecisionView, Notice

# Imported on first use: a caller of one module (the rules, the lifecycle) does not load them all.
lazy_package(
    __name__,
    {
        "Outcome": "acts",
        "ProtocolView": "acts",
        "act_warnings": "acts",
        "consider": "acts",
        "hand_over": "acts",
        "inform_members": "acts",
        "list_protocols": "acts",
        "protocol_view": "acts",
        "deadlines": "deadlines",
        "reminders": "deadlines",
        "SittingChoice": "followup",
        "record_district_ruling": "followup",
        "record_step": "followup",
        "sittings_for_step": "followup",
        "step_warnings": "followup",
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
        "Deadline": "views",
        "DecisionView": "views",
        "Notice": "views",
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
    "Notice",
    "Outcome",
    "ProtocolView",
    "SittingChoice",
    "act_warnings",
    "consider",
    "deadlines",
    "decision_id",
    "get_decision",
    "hand_over",
    "inform_members",
    "list_decisions",
    "list_protocols",
    "local_today",
    "open_decisions",
    "protocol_view",
    "record_district_ruling",
    "record_step",
    "reminders",
    "sittings_for_step",
    "step_warnings",
]
