"""The item on the execution of earlier decisions that every agenda of the meeting carries (Reg §9).

The meeting's preparation takes its draft agenda as given; this module, which
knows which decisions are still open, drafts the item for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from zhoob_desktop.services.decisions.register import open_decisions
from zhoob_desktop.services.i18n import N_, Translator
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.texts import TEXT_LANGUAGES, Translation, remember, typing_language

EXECUTION_TITLE = N_("On the execution of decisions of earlier sittings")
EXECUTION_KIND = "execution_of_decisions"


def with_execution_item(
    store: Store, kind: str, scheduled_on: date, agenda: Sequence[Mapping[str, Any] | Any]
) -> list[Any]:
    """The draft agenda of a meeting with the execution item while earlier decisions are open (Reg §9)."""
    items = list(agenda)
    if kind != R.MEETING or any(_kind_of(a) == EXECUTION_KIND for a in items):
        return items
    if not open_decisions(store, scheduled_on):
        return items
    # The title in the language sittings are recorded in, its translation kept for the papers.
    typed = typing_language(store)
    title = Translator(typed)._(EXECUTION_TITLE)
    remember(
        store, [Translation(title, lang, Translator(lang)._(EXECUTION_TITLE)) for lang in TEXT_LANGUAGES]
    )
    return [*items, {"title": title, "kind": EXECUTION_KIND, "source": "execution"}]


def _kind_of(item: Mapping[str, Any] | Any) -> str:
    return item.get("kind", "other") if isinstance(item, Mapping) else getattr(item, "kind", "other")
