"""The members' initiative to convene a gathering or a meeting.

A gathering (жиын) may be convened on the initiative of at least ten percent
of the community members: the initiators petition the district akim with
each signer's surname, name, patronymic, address and signature, and the
gathering is held after his positive decision (Law art. 39-3). A sitting of
the meeting (жиналыс) may be convened on the written initiative of at least
ten percent of its members, with the agenda; the akim decides within three
working days (Reg §5).

The signature sheet is printed from the register; the signers are entered
back by IIN or by name and checked: a community member (for a meeting: a
member of the meeting) on the day the share is counted, not twice, not dead
or moved away. A signature that does not count stays on record with the
reason. The share is counted on the figure it is computed from, which the
petition states.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from zhoob_desktop.models.register import Resident
from zhoob_desktop.models.representation import Initiative, InitiativeSigner
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.calendar import WorkCalendar
from zhoob_desktop.services.meeting.roster import active_roster
from zhoob_desktop.services.meeting.sittings import AgendaDraftItem, Initiator, SittingInfo, create_sitting
from zhoob_desktop.services.register.iin import normalize_iin  # the register's API
from zhoob_desktop.services.register.membership import adult_age, count_members, is_adult
from zhoob_desktop.services.register.residents import address_line
from zhoob_desktop.services.register.search import fold
from zhoob_desktop.services.store import Store

BODIES: dict[str, str] = {
    R.GATHERING: N_("gathering of the local community"),
    R.MEETING: N_("meeting of the local community"),
}
REFUSALS: dict[str, str] = {
    "unknown": N_("not found in the register"),
    "ambiguous": N_("several residents have this name; enter the IIN"),
    "not_member": N_("not a member on the day the share is counted"),
    "duplicate": N_("has already signed"),
    "died": N_("died"),
    "moved": N_("moved away"),
    "withdrawn": N_("entered by mistake and withdrawn"),
}
DECISIONS = ("approved", "refused")


@dataclass(frozen=True)
class Signer:
    """A signature as entered from the sheet; ``refusal`` says why one does not count."""

    id: uuid.UUID
    resident_id: uuid.UUID | None
    full_name: str
    iin: str | None
    address: str
    accepted: bool
    refusal: str | None
    entered_as: str


@dataclass(frozen=True)
class InitiativeInfo:
    """An initiative with its signers and the share counted on the figure stated."""

    id: uuid.UUID
    body: str
    title: str
    agenda: tuple[str, ...]
    base_on: date
    base: int  # the members the share is counted on (community members, or members of the meeting)
    share: str
    required: int
    filed_on: date | None
    decided_on: date | None
    decision: str | None
    decision_ref: str
    decided_by: str
    sitting_id: uuid.UUID | None
    signers: tuple[Signer, ...]
    answer_due: date | None  # a meeting: the akim's decision within three working days (Reg §5)

    @property
    def accepted(self) -> tuple[Signer, ...]:
        return tuple(s for s in self.signers if s.accepted)

    @property
    def count(self) -> int:
        return len(self.accepted)

    @property
    def enough(self) -> bool:
        return self.count >= self.required

    @property
    def citation(self) -> str:
        return R.LAW_39_3 if self.body == R.GATHERING else R.REG_5

    @property
    def status(self) -> str:
        """``collecting``, ``filed``, ``approved``, ``refused`` or ``convened``."""
        if self.sitting_id is not None:
            return "convened"
        if self.decision:
            return self.decision
        return "filed" if self.filed_on else "collecting"


def _uuid(value: uuid.UUID | str) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value).strip())
    except ValueError:
        raise _refuse(N_("there is no such initiative.")) from None


def _refuse(problem: str, body: str = R.GATHERING) -> E.InitiativeError:
    return E.InitiativeError(problem=problem, citation=R.LAW_39_3 if body == R.GATHERING else R.REG_5)


def _base(store: Store, body: str, on: date) -> int:
    if body == R.MEETING:
        return len(active_roster(store, "meeting", on))
    return count_members(store, on)


def _info(store: Store, row: Initiative, signers: Sequence[InitiativeSigner]) -> InitiativeInfo:
    share = str(R.resolve_values(store.get_setting("meeting.rules"))["initiative.share"])
    base = _base(store, row.body, row.base_on)
    due = None
    if row.body == R.MEETING and row.filed_on is not None:
        days = int(R.resolve_values(store.get_setting("meeting.rules"))["initiative.answer_working_days"])
        due = WorkCalendar.from_store(store).add_working_days(row.filed_on, days)
    return InitiativeInfo(
        id=row.id,
        body=row.body,
        title=row.title,
        agenda=tuple(str(a) for a in row.agenda or ()),
        base_on=row.base_on,
        base=base,
        share=share,
        required=R.at_least(share, base),
        filed_on=row.filed_on,
        decided_on=row.decided_on,
        decision=row.decision,
        decision_ref=row.decision_ref,
        decided_by=row.decided_by,
        sitting_id=row.sitting_id,
        signers=tuple(
            Signer(x.id, x.resident_id, x.full_name, x.iin, x.address, x.accepted, x.refusal, x.entered_as)
            for x in signers
        ),
        answer_due=due,
    )


def _signers(s, initiative_id: uuid.UUID) -> list[InitiativeSigner]:
    return list(
        s.scalars(
            select(InitiativeSigner)
            .where(InitiativeSigner.initiative_id == initiative_id)
            .order_by(InitiativeSigner.created_at, InitiativeSigner.id)
        )
    )


def create_initiative(
    store: Store, *, body: str, base_on: date, title: str = "", agenda: Sequence[str] = ()
) -> InitiativeInfo:
    """Start an initiative: which body it convenes, its agenda, the day the share is counted on."""
    if body not in BODIES:
        raise E.InvalidField(name="initiative", field="body", value=body)
    items = [a.strip() for a in agenda if a and a.strip()]
    if not items:
        raise _refuse(N_("the initiators name the questions they want considered (the agenda)."), body)
    with store.session() as s:
        row = Initiative(body=body, title=title.strip(), agenda=items, base_on=base_on)
        s.add(row)
        s.flush()
        return _info(store, row, [])


def get_initiative(store: Store, initiative_id: uuid.UUID | str) -> InitiativeInfo:
    with store.session() as s:
        row = s.get(Initiative, _uuid(initiative_id))
        if row is None:
            raise _refuse(N_("there is no such initiative."))
        return _info(store, row, _signers(s, row.id))


def list_initiatives(store: Store) -> list[InitiativeInfo]:
    """Every initiative, the newest first."""
    with store.session() as s:
        rows = list(s.scalars(select(Initiative).order_by(Initiative.created_at.desc())))
        return [_info(store, r, _signers(s, r.id)) for r in rows]


def _editable(row: Initiative) -> None:
    if row.filed_on is not None:
        raise _refuse(N_("it has been filed; its signatures no longer change."), row.body)


def _find(s, text: str) -> tuple[list[Resident], str]:
    digits = normalize_iin(text)
    if digits and digits.isdigit() and len(digits) == 12:
        return list(s.scalars(select(Resident).where(Resident.iin == digits))), digits
    key = fold(text)
    if not key:
        return [], ""
    alive = Resident.deleted_at.is_(None)
    found = list(s.scalars(select(Resident).where(Resident.search_key == key, alive)))
    if not found and len(key.split()) == 2:
        # the sheet gives the patronymic "if any": a surname and a name also find one who has a patronymic
        prefix = key + " "
        found = list(
            s.scalars(
                select(Resident).where(
                    Resident.search_key >= prefix, Resident.search_key < prefix + "\U0010ffff", alive
                )
            )
        )
    return found, ""


def add_signer(store: Store, initiative_id: uuid.UUID | str, text: str) -> Signer:
    """Enter a signature from the sheet by IIN or full name; it is checked and kept with the result.

    Counts: a community member on the day the share is counted (for a
    meeting: a member of the meeting), not already signed, not dead or moved
    away. A signature that does not count is kept with its reason.
    """
    entered = text.strip()
    if not entered:
        raise E.MissingField(name="initiative", field="signer")
    with store.session() as s:
        row = s.get(Initiative, _uuid(initiative_id))
        if row is None:
            raise _refuse(N_("there is no such initiative."))
        _editable(row)
        found, iin = _find(s, entered)
        if len(found) > 1:  # a namesake who died, moved away or came later does not make the name ambiguous
            living = [
                r
                for r in found
                if (r.left_on is None or r.left_on > row.base_on)
                and (r.registered_on is None or r.registered_on <= row.base_on)
            ]
            found = living if len(living) == 1 else found
        accepted, refusal, person = False, None, None
        if not found:
            refusal = "unknown"
        elif len(found) > 1:
            refusal = "ambiguous"
        else:
            person = found[0]
            refusal = _check(s, store, row, person)
            accepted = refusal is None
        signer = InitiativeSigner(
            initiative_id=row.id,
            resident_id=person.id if person else None,
            full_name=_name(person) if person else entered,
            iin=person.iin if person else (iin or None),
            address=_address(s, person) if person else "",
            accepted=accepted,
            refusal=refusal,
            entered_as=entered,
        )
        s.add(signer)
        row.updated_at = datetime.now(UTC)
        s.flush()
        return Signer(
            signer.id,
            signer.resident_id,
            signer.full_name,
            signer.iin,
            signer.address,
            signer.accepted,
            signer.refusal,
            signer.entered_as,
        )


def _name(r: Resident) -> str:
    return " ".join(p for p in (r.surname, r.given_name, r.patronymic) if p)


def _address(s, r: Resident) -> str:
    from zhoob_desktop.models.register import House, Settlement, Street

    village = s.get(Settlement, r.settlement_id) if r.settlement_id else None
    street = s.get(Street, r.street_id) if r.street_id else None
    house = s.get(House, r.house_id) if r.house_id else None
    return address_line(
        village.name if village else None,
        street.name if street else None,
        house.number if house else None,
        r.apartment,
    )


def _check(s, store: Store, row: Initiative, person: Resident) -> str | None:
    on = row.base_on
    if person.deleted_at is not None:
        return "unknown"
    if person.left_on is not None and person.left_on <= on:
        return "died" if person.left_reason == "died" else "moved"
    dup = s.scalar(
        select(func.count())
        .select_from(InitiativeSigner)
        .where(
            InitiativeSigner.initiative_id == row.id,
            InitiativeSigner.resident_id == person.id,
            InitiativeSigner.accepted.is_(True),
        )
    )
    if dup:
        return "duplicate"
    if row.body == R.MEETING:
        if str(person.id) not in {m.id for m in active_roster(store, "meeting", on)}:
            return "not_member"
        return None
    registered = person.registered_on is None or person.registered_on <= on
    if not registered or not is_adult(person.birth_date, on, adult_age(store)):
        return "not_member"
    return None


def remove_signer(store: Store, signer_id: uuid.UUID | str) -> None:
    """Take back a signature entered by mistake (before the initiative is filed).

    The entry stays on record, marked withdrawn, and no longer counts.
    """
    with store.session() as s:
        signer = s.get(InitiativeSigner, uuid.UUID(str(signer_id)))
        if signer is None:
            return
        row = s.get(Initiative, signer.initiative_id)
        _editable(row)
        signer.accepted, signer.refusal = False, "withdrawn"
        row.updated_at = datetime.now(UTC)


def file_initiative(store: Store, initiative_id: uuid.UUID | str, filed_on: date) -> InitiativeInfo:
    """The petition is handed over (to the district akim for a gathering, to the akim for a meeting)."""
    with store.session() as s:
        row = s.get(Initiative, _uuid(initiative_id))
        if row is None:
            raise _refuse(N_("there is no such initiative."))
        _editable(row)
        if filed_on < row.base_on:
            raise _refuse(N_("it cannot be filed before the day its share is counted on."), row.body)
        if not any(x.accepted for x in _signers(s, row.id)):
            raise _refuse(N_("it has no signature that counts."), row.body)
        row.filed_on = filed_on
        row.updated_at = datetime.now(UTC)
        s.flush()
        return _info(store, row, _signers(s, row.id))


def record_decision(
    store: Store,
    initiative_id: uuid.UUID | str,
    *,
    decision: str,
    decided_on: date,
    decision_ref: str = "",
    decided_by: str = "",
) -> InitiativeInfo:
    """The district akim's decision on a gathering, or the akim's on a meeting, with its date.

    A positive decision needs the share reached: a gathering is convened on the
    initiative of at least ten percent of the members (Law art. 39-3, Reg §5).
    """
    if decision not in DECISIONS:
        raise E.InvalidField(name="initiative", field="decision", value=decision)
    info = get_initiative(store, initiative_id)
    if info.filed_on is None:
        raise _refuse(N_("it has not been filed yet."), info.body)
    if info.sitting_id is not None:
        raise _refuse(N_("a sitting has already been prepared from it."), info.body)
    if decided_on < info.filed_on:
        raise _refuse(N_("the decision cannot come before the petition."), info.body)
    if decision == "approved" and not info.enough:
        raise _refuse(
            N_("the signatures that count do not reach ten percent of the members; it cannot be approved."),
            info.body,
        )
    with store.session() as s:
        row = s.get(Initiative, info.id)
        row.decision, row.decided_on = decision, decided_on
        row.decision_ref, row.decided_by = decision_ref.strip(), decided_by.strip()
        row.updated_at = datetime.now(UTC)
    return get_initiative(store, info.id)


def prepare_sitting(
    store: Store,
    initiative_id: uuid.UUID | str,
    *,
    scheduled_on: date,
    place: str = "",
    starts_at=None,
    with_representatives: bool = False,
    notice_on: date | None = None,
) -> SittingInfo:
    """Prepare the sitting the approved initiative asks for, with its agenda and its initiators."""
    info = get_initiative(store, initiative_id)
    if info.decision != "approved":
        raise _refuse(N_("only an approved initiative convenes a sitting."), info.body)
    if info.sitting_id is not None:
        raise _refuse(N_("a sitting has already been prepared from it."), info.body)
    if scheduled_on < (info.decided_on or info.base_on):
        raise _refuse(N_("the sitting cannot come before the decision to convene it."), info.body)
    sitting = create_sitting(
        store,
        kind=info.body,
        scheduled_on=scheduled_on,
        starts_at=starts_at,
        place=place,
        title=info.title,
        with_representatives=with_representatives and info.body == R.GATHERING,
        initiator="members",
        initiators=[
            Initiator(x.full_name, str(x.resident_id) if x.resident_id else None, x.iin, x.address)
            for x in info.accepted
        ],
        initiative_filed_on=info.filed_on,
        initiative_decided_on=info.decided_on,
        notice_on=notice_on,
        agenda=[AgendaDraftItem(a) for a in info.agenda],
    )
    with store.session() as s:
        row = s.get(Initiative, info.id)
        row.sitting_id = sitting.id
        row.updated_at = datetime.now(UTC)
    return sitting


__all__ = [
    "BODIES",
    "REFUSALS",
    "InitiativeInfo",
    "Signer",
    "add_signer",
    "create_initiative",
    "file_initiative",
    "get_initiative",
    "list_initiatives",
    "prepare_sitting",
    "record_decision",
    "remove_signer",
]
