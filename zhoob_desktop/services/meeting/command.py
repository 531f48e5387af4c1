"""A command: what a person asks of a sitting, before the rules have looked at it.

The vocabulary of commands and the events they produce is in ``commands.py``;
this module holds only the command's shape, shared by the checks (``guards``),
the commands, the engine and the scripts, so that they import it one way.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting.journal import canonical


@dataclass(frozen=True)
class Command:
    """One command: its name, its fields, an idempotency key, who gave it and when."""

    name: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    key: str | None = None
    actor: str = ""
    at: datetime | None = None

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> Command:
        """A command from its JSON form ``{"cmd": ..., "key": ..., "actor": ..., "at": ..., ...}``."""
        if not isinstance(obj, Mapping) or not isinstance(obj.get("cmd"), str):
            raise E.MissingField(name="?", field="cmd")
        fields = {k: v for k, v in obj.items() if k not in ("cmd", "key", "actor", "at")}
        at = obj.get("at")
        when = None
        if at is not None:
            try:
                when = _aware(datetime.fromisoformat(str(at)))
            except ValueError:
                raise E.InvalidField(name=obj["cmd"], field="at", value=str(at)) from None
        key = obj.get("key")
        return cls(obj["cmd"], fields, None if key is None else str(key), str(obj.get("actor", "")), when)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"cmd": self.name, **self.fields}
        if self.key is not None:
            out["key"] = self.key
        if self.actor:
            out["actor"] = self.actor
        if self.at is not None:
            out["at"] = self.at.isoformat()
        return out

    def fingerprint(self) -> str:
        """What a repeated click must match: the name, fields and explicit time (not key or actor)."""
        body = {"cmd": self.name, "fields": dict(self.fields)}
        if self.at is not None:
            body["at"] = iso(self.at)
        return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


def cmd(
    command_name: str,
    /,
    *,
    key: str | None = None,
    actor: str = "",
    at: datetime | str | None = None,
    **fields,
) -> Command:
    """Shorthand: ``cmd("register", member=id, key="k1")`` (``at`` may be ISO text)."""
    if isinstance(at, str):
        return Command.from_json({"cmd": command_name, "at": at, **fields, "key": key, "actor": actor})
    return Command(command_name, fields, key, actor, None if at is None else _aware(at))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def iso(value: datetime) -> str:
    """The journal's time format: UTC, ISO-8601, microseconds."""
    return _aware(value).astimezone(UTC).isoformat(timespec="microseconds")


def new_key() -> str:
    """A fresh idempotency key for a command given without one."""
    return uuid.uuid4().hex
