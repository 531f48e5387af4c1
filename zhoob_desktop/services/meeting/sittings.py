"""Sittings: create and prepare them, list them, and start their journal with a frozen roster."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select

from zhoob_desktop.models.core import Okrug
from zhoob_desktop.models.meeting import Sitting
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import citations as C
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.command import iso
from zhoob_desktop.services.meeting.engine import Clock, begin, system_clock
from zhoob_desktop.services.meeting.obligations import open_decisions_json
from zhoob_desktop.services.meeting.representation import format_exact, procedure_in_force, quota_table
from zhoob_desktop.services.meeting.representatives import sync_representatives
from zhoob_desktop.services.meeting.roster import active_roster
from zhoob_desktop.services.meeting.state import Member, SittingState
from zhoob_desktop.services.register.membership import list_members  # the register's API
from zhoob_desktop.services.store import Store

TERRITORY_KINDS = ("settlement", "street", "house")


@dataclass(frozen=True)
class AgendaDraftItem:
    """An item of the draft agenda prepared before the sitting (Reg §4 kind, reporters)."""

    title: str
    kind: str = "other"
    reporter: str = ""
    co_reporters: tuple[str, ...] = ()
    source: str = "draft"  # "draft" or "execution" (Reg §9)


@dataclass(frozen=True)
class Invitee:
    """An invited person (Reg §10): never a member, never votes."""

    name: str
    role: str = "other"
    organisation: str = ""


@dataclass(frozen=True)
class Initiator:
    """A signer of the members' initiative (Reg §5, Law art. 39-3)."""

    name: str
    resident_id: str | None = None
    iin: str | None = None
    address: str = ""


@dataclass(frozen=True)
class SittingInfo:
    """A sitting as prepared (the live record is its journal: ``engine.load_state``)."""

    id: uuid.UUID
    kind: str
    number: int | None
    title: str
    scheduled_on: date
    starts_at: time | None
    place: str
    territory_kind: str | None
    territory_id: uuid.UUID | None
    territory_name: str
    with_representatives: bool
    initiator: str
    initiators: tuple[Initiator, ...]
    initiative_filed_on: date | None
    initiative_decided_on: date | None
    notice_on: date | None
    materials_on: date | None
    agenda_draft: tuple[AgendaDraftItem, ...]
    invited: tuple[Invitee, ...]
    status: str


def _info(row: Sitting) -> SittingInfo:
    return SittingInfo(
        id=row.id,
        kind=row.kind,
        number=row.number,
        title=row.title,
        scheduled_on=row.scheduled_on,
        starts_at=row.starts_at,
        place=row.place,
        territory_kind=row.territory_kind,
        territory_id=row.territory_id,
        territory_name=row.territory_name,
        with_representatives=row.with_representatives,
        initiator=row.initiator,
        initiators=tuple(Initiator(**i) for i in row.initiators or ()),
        initiative_filed_on=row.initiative_filed_on,
        initiative_decided_on=row.initiative_decided_on,
        notice_on=row.notice_on,
        materials_on=row.materials_on,
        agenda_draft=tuple(
            AgendaDraftItem(
                a["title"],
                a.get("kind", "other"),
                a.get("reporter", ""),
                tuple(a.get("co_reporters", ())),
                a.get("source", "draft"),
            )
            for a in row.agenda_draft or ()
        ),
        invited=tuple(Invitee(**i) for i in row.invited or ()),
        status=row.status,
    )


def _check_kind(kind: str) -> None:
    if kind not in R.SITTING_KINDS:
        raise E.InvalidField(name="sitting", field="kind", value=kind)


def _draft_json(items: Sequence[AgendaDraftItem | Mapping[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for it in items:
        if isinstance(it, Mapping):
            it = AgendaDraftItem(
                it["title"],
                it.get("kind", "other"),
                it.get("reporter", ""),
                tuple(it.get("co_reporters", ())),
                it.get("source", "draft"),
            )
        if not it.title.strip():
            raise E.MissingField(name="agenda", field="title")
        if it.kind not in R.AGENDA_ITEM_KINDS:
            raise E.InvalidField(name="agenda", field="kind", value=it.kind)
        out.append(
            {
                "title": it.title.strip(),
                "kind": it.kind,
                "reporter": it.reporter,
                "co_reporters": list(it.co_reporters),
                "source": it.source,
            }
        )
    return out


def create_sitting(
    store: Store,
    *,
    kind: str,
    scheduled_on: date,
    starts_at: time | None = None,
    place: str = "",
    title: str = "",
    number: int | None = None,
    territory_kind: str | None = None,
    territory_id: uuid.UUID | None = None,
    territory_name: str = "",
    with_representatives: bool = False,
    initiator: str = "akim",
    initiators: Sequence[Initiator] = (),
    initiative_filed_on: date | None = None,
    initiative_decided_on: date | None = None,
    notice_on: date | None = None,
    materials_on: date | None = None,
    agenda: Sequence[AgendaDraftItem | Mapping[str, Any]] = (),
    invited: Sequence[Invitee] = (),
) -> SittingInfo:
    """Prepare a sitting (nothing is journaled until ``start_sitting``).

    The draft agenda is taken as given: the item on the execution of earlier
    decisions (Reg §9) is drafted by ``decisions.agenda.with_execution_item``,
    which the screens and the command line call before this.
    """
    _check_kind(kind)
    if initiator not in ("akim", "members"):
        raise E.InvalidField(name="sitting", field="initiator", value=initiator)
    if territory_kind is not None and territory_kind not in TERRITORY_KINDS:
        raise E.InvalidField(name="sitting", field="territory_kind", value=territory_kind)
    if kind == R.SEPARATE_GATHERING and territory_kind is None:
        acts = C.table(store.get_setting(C.SETTING))
        raise E.WrongPhase(
            N_("A separate gathering is held for a village, street or apartment building; choose one."),
            citation=C.in_force(acts, C.SEPARATE_GATHERINGS, scheduled_on).short,
        )
    draft = _draft_json(agenda)
    with store.session() as s:
        okrug = s.scalars(select(Okrug.id).order_by(Okrug.created_at)).first()
        row = Sitting(
            okrug_id=okrug,
            kind=kind,
            number=number,
            title=title.strip(),
            scheduled_on=scheduled_on,
            starts_at=starts_at,
            place=place.strip(),
            territory_kind=territory_kind,
            territory_id=territory_id,
            territory_name=territory_name,
            with_representatives=with_representatives,
            initiator=initiator,
            initiators=[i.__dict__ for i in initiators],
            initiative_filed_on=initiative_filed_on,
            initiative_decided_on=initiative_decided_on,
            notice_on=notice_on,
            materials_on=materials_on,
            agenda_draft=draft,
            invited=[i.__dict__ for i in invited],
            status="prepared",
        )
        s.add(row)
        s.flush()
        return _info(row)


_EDITABLE = {
    "number",
    "title",
    "scheduled_on",
    "starts_at",
    "place",
    "territory_kind",
    "territory_id",
    "territory_name",
    "with_representatives",
    "initiator",
    "initiators",
    "initiative_filed_on",
    "initiative_decided_on",
    "notice_on",
    "materials_on",
    "agenda",
    "invited",
}


def update_sitting(store: Store, sitting_id: uuid.UUID, **changes: Any) -> SittingInfo:
    """Change the preparation of a sitting whose journal has not started."""
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise E.InvalidField(name="sitting", field=sorted(unknown)[0], value="?")
    with store.session() as s:
        row = s.get(Sitting, sitting_id)
        if row is None:
            raise E.SittingNotFound(sitting=str(sitting_id))
        if row.status != "prepared":
            raise E.WrongPhase(N_("The sitting has started; its preparation can no longer change."))
        for name, value in changes.items():
            if name == "agenda":
                row.agenda_draft = _draft_json(value)
            elif name in ("initiators", "invited"):
                setattr(row, name, [v.__dict__ if not isinstance(v, Mapping) else dict(v) for v in value])
            else:
                setattr(row, name, value)
        row.updated_at = datetime.now(UTC)
        s.flush()
        return _info(row)


def get_sitting(store: Store, sitting_id: uuid.UUID | str) -> SittingInfo:
    """A sitting's preparation (``SittingNotFound`` for an unknown or malformed id)."""
    try:
        sid = sitting_id if isinstance(sitting_id, uuid.UUID) else uuid.UUID(str(sitting_id))
    except ValueError:
        raise E.SittingNotFound(sitting=str(sitting_id)) from None
    with store.session() as s:
        row = s.get(Sitting, sid)
        if row is None:
            raise E.SittingNotFound(sitting=str(sitting_id))
        return _info(row)


def list_sittings(store: Store, *, kind: str | None = None, status: str | None = None) -> list[SittingInfo]:
    """Sittings, newest first."""
    with store.session() as s:
        q = select(Sitting).order_by(Sitting.scheduled_on.desc(), Sitting.created_at.desc())
        if kind is not None:
            q = q.where(Sitting.kind == kind)
        if status is not None:
            q = q.where(Sitting.status == status)
        return [_info(r) for r in s.scalars(q)]


def member_json(m: Member | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(m, Mapping):
        if not m.get("id") or not m.get("name"):
            raise E.MissingField(name="members", field="id" if not m.get("id") else "name")
        return {"id": str(m["id"]), "name": m["name"], "iin": m.get("iin"), "address": m.get("address", "")}
    return {"id": m.id, "name": m.name, "iin": m.iin, "address": m.address}


def roster_for(store: Store, info: SittingInfo) -> list[Member]:
    """The members entitled to take part, on the sitting's date.

    Meeting: the okrug's meeting roster; gathering with representatives: the
    elected representatives; gathering: every community member (register);
    separate gathering: the community members of its village, street or house.
    """
    if info.kind == R.MEETING:
        return active_roster(store, "meeting", info.scheduled_on)
    if info.kind == R.GATHERING and info.with_representatives:
        sync_representatives(store)  # the representatives elected at separate gatherings closed so far
        return active_roster(store, "representatives", info.scheduled_on)
    where: dict[str, Any] = {}
    if info.kind == R.SEPARATE_GATHERING and info.territory_id is not None:
        where[f"{info.territory_kind}_id"] = info.territory_id
        procedure = procedure_in_force(store, info.scheduled_on)
        if procedure is not None:  # the age from which the procedure lets residents take part
            where["age"] = procedure.age
    return [
        Member(str(m.id), m.full_name, m.iin, m.address)
        for m in list_members(store, info.scheduled_on, **where)
    ]


def representation_json(store: Store, info: SittingInfo) -> dict[str, Any]:
    """A separate gathering's unit, the procedure in force and the unit's quota (frozen into OPEN)."""
    out: dict[str, Any] = {
        "unit_kind": info.territory_kind,
        "unit_id": str(info.territory_id) if info.territory_id else None,
        "unit_name": info.territory_name,
        "procedure": None,
        "quota": None,
    }
    procedure = procedure_in_force(store, info.scheduled_on)
    if procedure is None or info.territory_id is None:
        return out
    line = None
    if procedure.unit == info.territory_kind:
        line = quota_table(store, info.scheduled_on, procedure).unit(info.territory_id)
    procedure_json = procedure.as_json()
    procedure_json["model_rules"] = procedure.model_rules(store).as_json()
    out["procedure"] = procedure_json
    if line is not None:
        out.update(
            {
                "quota": line.representatives,
                "residents": line.residents,
                "entitled": line.entitled,
                "base": line.base,
                "exact": format_exact(line.exact),
            }
        )
    return out


def open_payload(
    store: Store, info: SittingInfo, members: Sequence[Member | Mapping[str, Any]]
) -> dict[str, Any]:
    """The OPEN event of a sitting: what it is, its roster, rule values, readings, draft agenda.

    Also frozen: the acts cited in force on the sitting's date (``sources``)
    and, for a meeting, the decisions of earlier sittings still open
    (``open_decisions``, Reg §9).
    """
    settings = store.all_settings()
    roster = [member_json(m) for m in members]
    seen: set[str] = set()
    for m in roster:
        if m["id"] in seen:
            raise E.DuplicateMember(person=m["name"])
        seen.add(m["id"])
    agenda = []
    for n, a in enumerate(info.agenda_draft, start=1):
        agenda.append(
            {
                "id": f"D{n}",
                "title": a.title,
                "kind": a.kind,
                "reporter": a.reporter,
                "co_reporters": list(a.co_reporters),
                "source": a.source,
            }
        )
    rules = R.resolve_values(settings.get("meeting.rules"))
    extra: dict[str, Any] = {}
    if info.kind == R.SEPARATE_GATHERING:
        extra["representation"] = representation_json(store, info)
        procedure = extra["representation"]["procedure"]
        if procedure is not None:  # the quorum the approved procedure states
            rules["quorum.separate_gathering"] = procedure["quorum"]
    return {
        **extra,
        "sitting": str(info.id),
        "kind": info.kind,
        "number": info.number,
        "title": info.title,
        "place": info.place,
        "scheduled_on": info.scheduled_on.isoformat(),
        "starts_at": info.starts_at.isoformat() if info.starts_at else None,
        "with_representatives": info.with_representatives,
        "territory": info.territory_name,
        "members": roster,
        "rules": rules,
        "readings": R.resolve_readings(settings),
        "sources": R.resolve_sources(settings, info.scheduled_on),
        "open_decisions": open_decisions_json(store, info.kind, info.scheduled_on),
        "agenda": agenda,
        "invited": [i.__dict__ for i in info.invited],
    }


def start_sitting(
    store: Store,
    sitting_id: uuid.UUID | str,
    *,
    members: Sequence[Member | Mapping[str, Any]] | None = None,
    clock: Clock = system_clock,
    actor: str = "",
    at: datetime | None = None,
) -> SittingState:
    """Start the journal: freeze the roster (given, or from the roster/register) and the rules."""
    info = get_sitting(store, sitting_id)
    roster = list(members) if members is not None else roster_for(store, info)
    if not roster:
        sources = R.resolve_sources(store.all_settings(), info.scheduled_on)
        citation = R.citation_of("opening.registration", sources, info.kind)
        raise E.WrongPhase(N_("The sitting has no members on its list."), citation=citation)
    payload = open_payload(store, info, roster)
    if at is not None:
        payload["at"] = iso(at)
    return begin(store, info.id, payload, clock=clock, actor=actor)
