"""What a paper of a sitting prints, gathered from the sitting's journal, the okrug and the rules.

The papers never read tables of other areas: they take the engine's folded
state (a tree of frozen dataclasses), the chain check of its journal, the
sitting's preparation from the sitting service, the okrug's names and paper
settings, and the okrug's translations of typed texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, tzinfo
from typing import Any

from zhoob_desktop.services.meeting.state import SittingState
from zhoob_desktop.services.okrug import OkrugInfo
from zhoob_desktop.services.okrug_papers import PaperSettings
from zhoob_desktop.services.texts import TextBook


@dataclass(frozen=True)
class DraftItem:
    """An item of the agenda as prepared (for the notice)."""

    title: str
    reporter: str = ""
    co_reporters: tuple[str, ...] = ()


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
    notice_on: date | None = None


@dataclass(frozen=True)
class Signer:
    """Who signs a paper by hand: the role printed before the line, and the name after it."""

    role: str  # "chair", "secretary"
    name: str


@dataclass(frozen=True)
class ProtocolSource:
    """Everything the protocol prints: preparation, journal state and chain, okrug, settings, texts."""

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
    settings: PaperSettings = field(default_factory=PaperSettings)
    book: TextBook = field(default_factory=TextBook)
    # Set when the protocol is signed: the copy without the draft mark, with the names of who signed.
    signers: tuple[Signer, ...] | None = None
    # What the sitting heard on earlier decisions (``decisions.heard.HeardStep``), by agenda item.
    heard: tuple[Any, ...] = ()

    @property
    def draft(self) -> bool:
        return self.signers is None
