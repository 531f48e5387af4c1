"""A sitting taken through the console's commands to its first item, as the console tests begin."""

from __future__ import annotations

from typing import Any


def to_first_item(console, ids: list[str], present: int, **opening: Any) -> None:
    """The first ``present`` of ``ids`` registered, the registration announced, the sitting opened
    (``opening``: the open command's fields), the first two elected chair and secretary, every item
    and the agenda approved unanimously, and the first item taken up."""
    ops = console.ops
    for pid in ids[:present]:
        ops.run("register", member=pid)
    ops.run("announce_registration")
    ops.run("open", **opening)
    ops.run("elect", role="chair", person=ids[0], **{"for": present})
    ops.run("elect", role="secretary", person=ids[1], **{"for": present})
    for item in console.state.agenda:
        ops.run("vote_item", item=item.id, **{"for": present})
    ops.run("approve_agenda")
    ops.run("start_item", item=console.state.agenda[0].id)
