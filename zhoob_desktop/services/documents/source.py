"""What a paper of a sitting prints, gathered from the sitting's journal, the okrug and the rules.

The papers never read tables of other areas: they take the engine's folded
state (a tree of frozen dataclasses), the chain check of its journal, the
sitting's preparation from the sitting service and the okrug's names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, tzinfo
from typing import Any

from zhoob_desktop.services.meeting.state import SittingState
from zhoob_desktop.services.okrug import OkrugInfo


@dataclass(frozen=True)
class DraftItem:
    """An item of the agenda as prepared (for the notice)."""

    title: str
    reporter: str = ""


@dataclass(frozen=True)
class SittingFacts:
    """The preparation of a sitting as the papers need it."""

    id: str
    kind: str
    number: str
    title: str
    held_on: date
    starts_at: time | None
    place: str
    territory: str
    with_representatives: bool
    agenda: tuple[DraftItem, ...]


@dataclass(frozen=True)
class ProtocolSource:
    """Everything the protocol prints: preparation, journal state and chain, deadline, okrug."""

    sitting: SittingFacts
    state: SittingState
    okrug: OkrugInfo | None
    tz: tzinfo
    chain_ok: bool
    chain_problem: str
    events: int
    handover_due: date | None
    handover_citation: str
    handover_days: int
    # What the sitting heard on earlier decisions (``decisions.heard.HeardStep``), by agenda item.
    heard: tuple[Any, ...] = ()
