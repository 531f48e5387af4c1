"""The meeting engine: sittings, their hash-chained journals, and the rules they follow.

Public API (see docs/journal.md):

* sittings: ``create_sitting``, ``update_sitting``, ``get_sitting``, ``list_sittings``,
  ``start_sitting`` (writes the OPEN event with the frozen roster);
* the engine: ``execute(store, sitting_id, command) -> SittingState``,
  ``load_state(store, sitting_id) -> SittingState``; commands are ``Command`` or
  ``{"cmd": ..., ...}`` dicts, built with ``cmd(name, **fields)``;
* the journal: ``journal_events``, ``verify_chain``; the pure ``fold(events)``;
* the rules: ``rules.RULES``, ``rules.READINGS`` (codes, descriptions, citations).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zhoob_desktop.lazy import lazy_package

if TYPE_CHECKING:
    from zhoob_desktop.services.meeting.commands import COMMAND_NAMES, Command, cmd
    from zhoob_desktop.services.meeting.engine import execute, load_state
    from zhoob_desktop.services.meeting.fold import EVENT_TYPES, fold
    from zhoob_desktop.services.meeting.journal import ChainReport, Event, journal_events, verify_chain
    from zhoob_desktop.services.meeting.sittings import (
        AgendaDraftItem,
        Initiator,
        Invitee,
        SittingInfo,
        create_sitting,
        get_sitting,
        list_sittings,
        start_sitting,
        update_sitting,
    )
    from zhoob_desktop.services.meeting.state import SittingState

# Imported on first use: a caller of one module (the rules, the lifecycle) does not load them all.
lazy_package(
    __name__,
    {
        "COMMAND_NAMES": "commands",
        "Command": "commands",
        "cmd": "commands",
        "execute": "engine",
        "load_state": "engine",
        "EVENT_TYPES": "fold",
        "fold": "fold",
        "ChainReport": "journal",
        "Event": "journal",
        "journal_events": "journal",
        "verify_chain": "journal",
        "AgendaDraftItem": "sittings",
        "Initiator": "sittings",
        "Invitee": "sittings",
        "SittingInfo": "sittings",
        "create_sitting": "sittings",
        "get_sitting": "sittings",
        "list_sittings": "sittings",
        "start_sitting": "sittings",
        "update_sitting": "sittings",
        "SittingState": "state",
    },
)

__all__ = [
    "COMMAND_NAMES",
    "EVENT_TYPES",
    "AgendaDraftItem",
    "ChainReport",
    "Command",
    "Event",
    "Initiator",
    "Invitee",
    "SittingInfo",
    "SittingState",
    "cmd",
    "create_sitting",
    "execute",
    "fold",
    "get_sitting",
    "journal_events",
    "list_sittings",
    "load_state",
    "start_sitting",
    "update_sitting",
    "verify_chain",
]
