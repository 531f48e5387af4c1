"""The item on the execution of earlier decisions that every agenda of the meeting carries (Reg §9).

The meeting's preparation takes its draft agenda as given; this module, which
knows which decisions are still open, drafts the item for it: what the sitting
is to hear on each open decision (the re-discussion of the akim's objections,
the report of the person responsible for its execution, ...) and, as the
item's co-reporters, the persons responsible (Reg §17: the meeting hears them).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from zhoob_desktop.services.decisions.register import local_today, open_decisions
from zhoob_desktop.services.decisions.views import DecisionView
from zhoob_desktop.services.i18n import N_, Translator, _, format_date
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.obligations import EXECUTION_KIND
from zhoob_desktop.services.meeting.sittings import (
    AgendaDraftItem,
    get_sitting,
    list_sittings,
    update_sitting,
)
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.texts import TEXT_LANGUAGES, Translation, remember, typing_language

EXECUTION_TITLE = N_("On the execution of decisions of earlier sittings")

# What the sitting hears on an open decision, by its status.
EXPECTED = {
    "adopted": N_("the protocol is to reach the akim; the meeting hears how the decision stands"),
    "with_akim": N_("the akim has not yet given his consideration; the meeting hears how it stands"),
    "disagreed": N_("re-discussion of the akim's objections: {reasons}"),
    "unresolved": N_("the question is to be referred to the district akim"),
    "with_district": N_("the district akim's decision is awaited"),
    "approved": N_("the responsible body and the due date of the execution are to be set"),
    "in_execution": N_("report of {responsible} on the execution, due {due}"),
    "not_executed": N_("report of {responsible} after the non-execution entered earlier, due {due}"),
}


@dataclass(frozen=True)
class ExecutionLine:
    """One open decision as the execution item lists it: what the sitting is to hear, from whom."""

    decision: DecisionView
    expected: str  # msgid, formatted with ``params``
    params: Mapping[str, Any]
    responsible: str
    overdue: bool  # the execution is past its due date

    def text(self) -> str:
        params = {k: format_date(v, "long") if isinstance(v, date) else v for k, v in self.params.items()}
        return _(self.expected).format(**params)


def execution_agenda(store: Store, scheduled_on: date, *, today: date | None = None) -> list[ExecutionLine]:
    """What the execution item of a sitting on ``scheduled_on`` covers: every decision open before it."""
    today = today or local_today(store)
    out = []
    for view in open_decisions(store, scheduled_on, today=today):
        follow = view.follow
        params: dict[str, Any] = {}
        if view.status == "disagreed":
            params["reasons"] = follow.reasons
        if follow.due_on is not None:
            params.update(responsible=follow.responsible, due=follow.due_on)
        overdue = follow.due_on is not None and follow.due_on < scheduled_on
        out.append(ExecutionLine(view, EXPECTED[view.status], params, follow.responsible, overdue))
    return out


def responsible_persons(lines: Sequence[ExecutionLine]) -> list[str]:
    """The persons responsible for the decisions in execution, each once, in the order of the list."""
    seen: list[str] = []
    for line in lines:
        if line.responsible and line.decision.status in ("in_execution", "not_executed"):
            if line.responsible not in seen:
                seen.append(line.responsible)
    return seen


def execution_draft_item(store: Store, scheduled_on: date, *, today: date | None = None) -> dict | None:
    """The draft of the execution item for a sitting on ``scheduled_on``, or None when nothing is open."""
    lines = execution_agenda(store, scheduled_on, today=today)
    if not lines:
        return None
    # The title in the language sittings are recorded in, its translation kept for the papers.
    title = Translator(typing_language(store))._(EXECUTION_TITLE)
    remember(
        store, [Translation(title, lang, Translator(lang)._(EXECUTION_TITLE)) for lang in TEXT_LANGUAGES]
    )
    return {
        "title": title,
        "kind": EXECUTION_KIND,
        "source": "execution",
        "reporter": "",
        "co_reporters": responsible_persons(lines),
    }


def _kind_of(item: Mapping[str, Any] | Any) -> str:
    return item.get("kind", "other") if isinstance(item, Mapping) else getattr(item, "kind", "other")


def with_execution_item(
    store: Store,
    kind: str,
    scheduled_on: date,
    agenda: Sequence[Mapping[str, Any] | Any],
    *,
    today: date | None = None,
) -> list[Any]:
    """The draft agenda of a meeting with the execution item while earlier decisions are open (Reg §9)."""
    items = list(agenda)
    if kind != R.MEETING or any(_kind_of(a) == EXECUTION_KIND for a in items):
        return items
    item = execution_draft_item(store, scheduled_on, today=today)
    return items if item is None else [*items, item]


def _as_dict(item: AgendaDraftItem) -> dict[str, Any]:
    return {
        "title": item.title,
        "kind": item.kind,
        "reporter": item.reporter,
        "co_reporters": list(item.co_reporters),
        "source": item.source,
    }


def refresh_execution_item(store: Store, sitting_id: uuid.UUID, *, today: date | None = None) -> bool:
    """Bring a prepared meeting's execution item up to date; True when its draft changed.

    The item drafted by this register (``source`` "execution") gets the
    current responsible persons; a draft without it gets it when decisions
    are open. An item typed in by the apparatus is left as it is.
    """
    info = get_sitting(store, sitting_id)
    if info.kind != R.MEETING or info.status != "prepared":
        return False
    draft = [_as_dict(a) for a in info.agenda_draft]
    fresh = execution_draft_item(store, info.scheduled_on, today=today)
    mine = [n for n, a in enumerate(draft) if a["kind"] == EXECUTION_KIND and a["source"] == "execution"]
    if mine:
        if fresh is None:
            return False  # everything closed since: the apparatus removes the item if it wants to
        current = draft[mine[0]]
        if current["co_reporters"] == fresh["co_reporters"]:
            return False
        draft[mine[0]] = {**current, "co_reporters": fresh["co_reporters"]}
    elif fresh is not None and not any(a["kind"] == EXECUTION_KIND for a in draft):
        draft.append(fresh)
    else:
        return False
    update_sitting(store, info.id, agenda=draft)
    return True


def refresh_execution_items(store: Store, *, today: date | None = None) -> int:
    """Refresh the execution item of every prepared sitting of the meeting; the number changed."""
    changed = 0
    for info in list_sittings(store, kind=R.MEETING, status="prepared"):
        changed += refresh_execution_item(store, info.id, today=today)
    return changed


__all__ = [
    "EXECUTION_TITLE",
    "ExecutionLine",
    "execution_agenda",
    "execution_draft_item",
    "refresh_execution_item",
    "refresh_execution_items",
    "responsible_persons",
    "with_execution_item",
]
