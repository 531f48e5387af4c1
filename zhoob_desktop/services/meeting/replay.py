"""Scripts: a sitting written as JSON lines, run through the rules into a new sitting.

A meeting recorded on paper is typed in afterwards, and tests script whole
sittings. The first line describes the sitting (``{"cmd": "sitting", ...}``),
every other line is a command (see docs/journal.md). The whole script is first
run in memory (the same ``decide`` and ``fold`` as the engine); only when
every line passes is the sitting created and each command executed and
committed, so a bad line never leaves half a sitting behind.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.command import Command, iso
from zhoob_desktop.services.meeting.commands import decide
from zhoob_desktop.services.meeting.engine import Clock, begin, execute_batch, load_state, system_clock
from zhoob_desktop.services.meeting.fold import apply, fold
from zhoob_desktop.services.meeting.journal import GENESIS, OPEN_TYPE, make_event
from zhoob_desktop.services.meeting.sittings import (
    AgendaDraftItem,
    Invitee,
    SittingInfo,
    create_sitting,
    open_payload,
    roster_for,
)
from zhoob_desktop.services.meeting.state import SittingState
from zhoob_desktop.services.register.units import find_unit  # the register's API
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.texts import Translation, remember


class ScriptError(ZhoobError):
    """A line of a script was refused; ``line`` is its number, ``cause`` the refusal."""

    template = N_("Line {line}: {message}")

    def __init__(self, line: int, cause: ZhoobError):
        self.line, self.cause = line, cause
        super().__init__(line=line, message=cause.message())
        self.citation = None

    def message(self, gettext=None) -> str:
        from zhoob_desktop.services.i18n import _

        tr = gettext or _
        return tr(self.template).format(line=self.line, message=self.cause.message(gettext))


class NotJson(E.InvalidCommand):
    template = N_("This is not a JSON object: {detail}")


class NoSittingLine(E.InvalidCommand):
    template = N_('The script must begin with the line describing the sitting, whose "cmd" is "sitting".')


@dataclass(frozen=True)
class Script:
    header: Mapping[str, Any]
    header_line: int
    commands: tuple[tuple[int, Command], ...]
    # Texts written in both languages ("title" and "title_ru"): kept in the okrug's book of translations.
    translations: tuple[Translation, ...] = ()


VERSION_SUFFIXES = {"_kk": "kk", "_ru": "ru"}


def split_versions(obj: Any, out: list[Translation]) -> Any:
    """The object without its ``FIELD_ru`` / ``FIELD_kk`` siblings, which go to ``out`` as translations.

    A paper record in two languages is typed in with both: ``{"title": "...",
    "title_ru": "..."}``; the command itself carries the text as typed, and
    the other language's version is kept for the papers.
    """
    if isinstance(obj, list):
        return [split_versions(item, out) for item in obj]
    if not isinstance(obj, dict):
        return obj
    result: dict[str, Any] = {}
    for key, value in obj.items():
        base, lang = key[:-3], VERSION_SUFFIXES.get(key[-3:])
        if lang is not None and base in obj:
            source = obj[base]
            if isinstance(source, str) and isinstance(value, str):
                out.append(Translation(source, lang, value))
                continue
            if isinstance(source, list) and isinstance(value, list):
                out.extend(
                    Translation(a, lang, b)
                    for a, b in zip(source, value, strict=False)
                    if isinstance(a, str) and isinstance(b, str)
                )
                continue
        result[key] = split_versions(value, out)
    return result


def parse_script(lines: Iterable[str]) -> Script:
    """Read a script; blank lines and lines starting with ``#`` are skipped."""
    header: Mapping[str, Any] | None = None
    header_line = 0
    commands: list[tuple[int, Command]] = []
    translations: list[Translation] = []
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ScriptError(number, NotJson(detail=exc.msg)) from None
        if not isinstance(obj, dict):
            raise ScriptError(number, NotJson(detail=type(obj).__name__))
        obj = split_versions(obj, translations)
        if header is None:
            if obj.get("cmd") != "sitting":
                raise ScriptError(number, NoSittingLine())
            header, header_line = obj, number
            continue
        try:
            commands.append((number, Command.from_json(obj)))
        except ZhoobError as exc:
            raise ScriptError(number, exc) from None
    if header is None:
        raise ScriptError(1, NoSittingLine())
    return Script(header, header_line, tuple(commands), tuple(translations))


def _parse_date(value: Any, name: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise E.InvalidField(name="sitting", field=name, value=str(value)) from None


def _sitting_args(h: Mapping[str, Any]) -> dict[str, Any]:
    kind = h.get("kind", R.MEETING)
    if kind not in R.SITTING_KINDS:
        raise E.InvalidField(name="sitting", field="kind", value=str(kind))
    if "date" not in h:
        raise E.MissingField(name="sitting", field="date")
    territory = h.get("territory") or {}
    return {
        "kind": kind,
        "scheduled_on": _parse_date(h["date"], "date"),
        "starts_at": time.fromisoformat(h["time"]) if h.get("time") else None,
        "place": h.get("place", ""),
        "title": h.get("title", ""),
        "number": h.get("number"),
        "with_representatives": bool(h.get("with_representatives", False)),
        "territory_kind": territory.get("kind") or (kind == R.SEPARATE_GATHERING and "settlement" or None),
        "territory_id": uuid.UUID(territory["id"]) if territory.get("id") else None,
        "territory_name": territory.get("name", ""),
        "agenda": [
            AgendaDraftItem(**a) if not isinstance(a, str) else AgendaDraftItem(a)
            for a in h.get("agenda", [])
        ],
        "invited": [Invitee(**i) for i in h.get("invited", [])],
        "notice_on": _parse_date(h["notice_on"], "notice_on") if h.get("notice_on") else None,
        "materials_on": _parse_date(h["materials_on"], "materials_on") if h.get("materials_on") else None,
    }


def _start_time(h: Mapping[str, Any]) -> datetime | None:
    if h.get("at"):
        value = datetime.fromisoformat(h["at"])
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return None


def timed(script: Script) -> Script:
    """Give every command its time on paper.

    When the sitting line has ``at``, a command without its own ``at`` happens
    one second after the previous one (a paper record has no seconds); the
    events' ``recorded_at`` stays the moment of typing. Without a start time,
    commands without ``at`` take the clock's time as they run. A repeated key
    repeats the time of its first use, so the repetition stays the same command.
    """
    start = _start_time(script.header)
    if start is None:
        return script
    last = start
    first_time: dict[str, datetime] = {}
    out = []
    for line, command in script.commands:
        when = command.at
        if when is None and command.key is not None and command.key in first_time:
            when = first_time[command.key]
        if when is None:
            when = last + timedelta(seconds=1)
        last = max(last, when)
        if command.key is not None:
            first_time.setdefault(command.key, when)
        out.append((line, replace(command, at=when)))
    return Script(script.header, script.header_line, tuple(out), script.translations)


def check_script(
    script: Script, info: SittingInfo, members: list, store: Store, clock: Clock
) -> SittingState:
    """Run the script in memory through the same rules; the final state, or ``ScriptError``."""
    payload = open_payload(store, info, members)
    now = _start_time(script.header) or clock()
    payload["at"] = iso(now)
    ev = make_event(
        str(info.id),
        1,
        OPEN_TYPE,
        payload,
        actor="",
        recorded_at=iso(now),
        key="open",
        command_hash="",
        prev_hash=GENESIS,
    )
    events = [ev]
    state = fold(events)
    keys: dict[str, tuple[str, int, int]] = {}  # key -> (fingerprint, line, event)
    for line, command in script.commands:
        try:
            if command.key is not None and command.key in keys:
                fingerprint, first_line, seq = keys[command.key]
                if fingerprint != command.fingerprint():
                    raise E.IdempotencyConflictInScript(key=command.key, line=first_line, seq=seq)
                continue
            type_, p = decide(state, command, clock())
            ev = make_event(
                str(info.id),
                state.seq + 1,
                type_,
                p,
                actor=command.actor,
                recorded_at=p["at"],
                key=command.key or f"line-{line}",
                command_hash=command.fingerprint(),
                prev_hash=ev.hash,
            )
            events.append(ev)
            state = apply(state, ev, events)
            if command.key is not None:
                keys[command.key] = (command.fingerprint(), line, ev.seq)
        except ZhoobError as exc:
            raise ScriptError(line, exc) from None
    return state


@dataclass(frozen=True)
class ReplayResult:
    sitting_id: uuid.UUID
    state: SittingState


def replay(
    store: Store, lines: Iterable[str], *, clock: Clock = system_clock, actor: str = ""
) -> ReplayResult:
    """Create a new sitting from a script and run every command through the engine."""
    script = timed(parse_script(lines))
    try:
        args = _sitting_args(script.header)
    except (ZhoobError, ValueError, TypeError) as exc:
        cause = (
            exc if isinstance(exc, ZhoobError) else E.InvalidField(name="sitting", field="?", value=str(exc))
        )
        raise ScriptError(script.header_line, cause) from None
    probe = SittingInfo(
        id=uuid.uuid4(),
        number=args["number"],
        title=args["title"],
        scheduled_on=args["scheduled_on"],
        starts_at=args["starts_at"],
        place=args["place"],
        kind=args["kind"],
        territory_kind=args["territory_kind"],
        territory_id=args["territory_id"],
        territory_name=args["territory_name"],
        with_representatives=args["with_representatives"],
        initiator="akim",
        initiators=(),
        initiative_filed_on=None,
        initiative_decided_on=None,
        notice_on=args["notice_on"],
        materials_on=args["materials_on"],
        agenda_draft=tuple(args["agenda"]),
        invited=tuple(args["invited"]),
        status="prepared",
    )
    try:
        members = script.header.get("members")
        if probe.territory_id is None and probe.territory_name and probe.territory_kind:
            # the unit named as in the register; with the members listed in the script it may be any name
            found = find_unit(store, probe.territory_kind, probe.territory_name)
            if found is None and members is None:
                raise E.InvalidField(name="sitting", field="territory", value=probe.territory_name)
            if found is not None:
                probe = replace(probe, territory_id=found)
                args["territory_id"] = found
        if members is None:
            members = roster_for(store, probe)
        script = with_iins_resolved(script, members)
        check_script(script, probe, list(members), store, clock)
    except ScriptError:
        raise
    except ZhoobError as exc:
        raise ScriptError(script.header_line, exc) from None
    # Every line passed in memory: now write it for real, the commands in one transaction.
    info = create_sitting(store, **args)
    payload = open_payload(store, info, list(members))
    payload["at"] = iso(_start_time(script.header) or clock())
    begin(store, info.id, payload, clock=clock, actor=actor)
    commands = [replace(command, actor=command.actor or actor) for _line, command in script.commands]
    try:
        state = (
            execute_batch(store, info.id, commands, clock=clock) if commands else load_state(store, info.id)
        )
    except ZhoobError as exc:  # pragma: no cover - the dry run found every refusal already
        raise ScriptError(script.header_line, exc) from None
    remember(store, script.translations)
    return ReplayResult(info.id, state)


PERSON_FIELDS = ("member", "person", "candidate", "author")


def with_iins_resolved(script: Script, members: list) -> Script:
    """Let a script name a member from the register as ``"iin:123456789012"`` (its id is not known
    when the script is written); every other value is left as it is."""
    by_iin = {}
    for m in members:
        iin = m.get("iin") if isinstance(m, Mapping) else m.iin
        mid = m.get("id") if isinstance(m, Mapping) else m.id
        if iin:
            by_iin[str(iin)] = str(mid)

    def resolve(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("iin:"):
            return by_iin.get(value[4:].strip(), value)
        return value

    out = []
    for line, command in script.commands:
        fields = dict(command.fields)
        changed = False
        for name in PERSON_FIELDS:
            if name in fields and resolve(fields[name]) != fields[name]:
                fields[name], changed = resolve(fields[name]), True
        if isinstance(fields.get("candidates"), list):
            fields["candidates"] = [resolve(v) for v in fields["candidates"]]
            changed = True
        if isinstance(fields.get("roll_call"), Mapping):
            fields["roll_call"] = {resolve(k): v for k, v in fields["roll_call"].items()}
            changed = True
        out.append((line, replace(command, fields=fields) if changed else command))
    return Script(script.header, script.header_line, tuple(out), script.translations)


def outcome(state: SittingState) -> dict[str, Any]:
    """A sitting's outcome as plain JSON: attendance, officers, agenda with votes and decisions."""

    def vote_json(vid: str | None) -> dict[str, Any] | None:
        v = state.vote(vid) if vid else None
        if v is None:
            return None
        return {
            "vote": v.id,
            "subject": v.subject,
            "for": v.votes_for,
            "against": v.votes_against,
            "abstain": v.abstained,
            "present": v.present,
            "eligible": v.eligible,
            "rule": v.rule,
            "base": v.base,
            "required": v.required,
            "outcome": v.outcome,
            "reached_by": v.reached_by,
            "tie_rule": v.tie_rule,
            "casting_vote": v.casting_vote,
            "casting_by": v.casting_by or None,
            "casting_acting": v.casting_acting,
            "citation": v.citation,
            "text": v.text,
        }

    return {
        "sitting": state.sitting_id,
        "kind": state.kind,
        "phase": state.phase,
        "held": state.opened_at is not None,
        "events": state.seq,
        "last_hash": state.last_hash,
        "members": state.member_count,
        "present": state.present_count,
        "registered": sum(1 for a in state.attendance.values() if a.is_member),
        "guests": sum(1 for a in state.attendance.values() if not a.is_member),
        "excused": [
            {"member": m.id, "name": ex.name, "reason": ex.reason}
            for m in state.members
            if (ex := state.excused.get(m.id)) is not None
        ],
        "quorum_required": state.quorum_required,
        "chair": state.chair.name if state.chair else None,
        "secretary": state.secretary.name if state.secretary else None,
        "acting_chair": state.acting_chair.name if state.acting_chair else None,
        "officers": [
            {"role": o.role, "name": o.name, "vote": o.vote_id, "replaces": o.replaces, "reason": o.reason}
            for o in state.officers
        ],
        "announcements": [
            {
                "present": a.present,
                "required": a.required,
                "quorum_met": a.quorum_met,
                "by": a.by,
                "capacity": a.capacity,
                "authorisation": a.authorisation,
            }
            for a in state.announcements
        ],
        "opened_by": state.opened_by,
        "opened_as": state.opened_as,
        "opened_authorisation": state.opened_authorisation,
        "readings": dict(state.readings),
        "readings_in_force": [
            {"rule": r.code, "citation": r.citation}
            for r in R.readings_in_force(state.kind, state.readings, state.sources)
        ],
        "sources": {subject: R.C.short_of(act) for subject, act in state.sources.items()},
        "open_decisions": len(state.open_decisions),
        "agenda": [
            {
                "item": it.id,
                "title": it.title,
                "kind": it.kind,
                "status": it.status,
                "inclusion": vote_json(it.inclusion_vote),
                "not_considered": it.left_reason or None,
                "decisions": [vote_json(v) for v in it.decision_votes],
                "speeches": [
                    {
                        "speech": sp.id,
                        "name": sp.name,
                        "kind": sp.kind,
                        "status": sp.status,
                        "seconds": round(sp.elapsed()),
                        "stop_reason": sp.stop_reason,
                    }
                    for sp in state.speeches_on(it.id)
                ],
            }
            for it in state.agenda
        ],
        "votes": len(state.votes),
        "questions": [
            {
                "question": q.id,
                "author": q.author_name,
                "announced": q.announced_at is not None,
                "not_announced": q.left_reason or None,
            }
            for q in state.questions
        ],
        "corrections": [
            {"seq": c.seq, "target": c.target_seq, "reason": c.reason} for c in state.corrections
        ],
        **_representation(state),
    }


def _representation(state: SittingState) -> dict[str, Any]:
    """A separate gathering: its unit, quota, candidates and the representatives elected."""
    if state.kind != R.SEPARATE_GATHERING:
        return {}
    rep = state.representation
    procedure = rep.get("procedure") or {}
    return {
        "representation": {
            "unit": rep.get("unit_name") or state.territory,
            "procedure": procedure.get("decision_number") if procedure else None,
            "quota": state.quota,
            "candidates": [
                {"name": c.name, "vote": c.vote_id, "elected": c.elected} for c in state.candidates
            ],
            "elected": [c.name for c in state.elected],
        }
    }
