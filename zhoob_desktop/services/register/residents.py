"""Residents: create, update, leave, restore; the detail the resident form shows."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from zhoob_desktop.models.base import utcnow
from zhoob_desktop.models.ids import new_uuid
from zhoob_desktop.models.register import House, Resident, Settlement, SocialStatus, Street, resident_status
from zhoob_desktop.services.i18n import _, format_date
from zhoob_desktop.services.register import changelog
from zhoob_desktop.services.register.errors import (
    AddressMismatch,
    AlreadyLeft,
    BirthDateInFuture,
    BirthDateRequired,
    DuplicateIIN,
    IinNeedsConfirmation,
    InvalidLeaveReason,
    InvalidSex,
    LeftBeforeRegistered,
    NameRequired,
    NotFound,
    RegisterError,
    UnknownStatus,
)
from zhoob_desktop.services.register.iin import decode_iin, validate_iin
from zhoob_desktop.services.register.search import address_key, resident_keys
from zhoob_desktop.services.store import Store

LEAVE_REASONS = ("moved", "died", "other")
SEXES = ("M", "F")
# Fields written to the change log, in a stable order.
LOGGED_FIELDS = (
    "surname",
    "given_name",
    "patronymic",
    "iin",
    "birth_date",
    "sex",
    "settlement_id",
    "street_id",
    "house_id",
    "apartment",
    "phone",
    "registered_on",
    "left_on",
    "left_reason",
    "statuses",
)


@dataclass(frozen=True)
class ResidentInput:
    """What the resident form (or an import row) supplies. ``statuses`` are status codes.

    ``birth_date`` and ``sex`` may be left empty when the IIN encodes them.
    """

    surname: str
    given_name: str
    patronymic: str = ""
    iin: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    settlement_id: uuid.UUID | None = None
    street_id: uuid.UUID | None = None
    house_id: uuid.UUID | None = None
    apartment: str = ""
    phone: str = ""
    statuses: tuple[str, ...] = ()
    registered_on: date | None = None


@dataclass(frozen=True)
class ResidentDetail:
    """One resident as the form shows it; ``statuses`` are status codes."""

    id: uuid.UUID
    surname: str
    given_name: str
    patronymic: str
    iin: str | None
    birth_date: date
    sex: str | None
    settlement_id: uuid.UUID | None
    street_id: uuid.UUID | None
    house_id: uuid.UUID | None
    apartment: str
    phone: str
    statuses: tuple[str, ...]
    registered_on: date | None
    left_on: date | None
    left_reason: str | None
    deleted: bool
    address: str
    created_at: datetime
    updated_at: datetime

    @property
    def full_name(self) -> str:
        return full_name(self.surname, self.given_name, self.patronymic)

    def to_input(self) -> ResidentInput:
        """The detail as form input, to edit a few fields and save."""
        return ResidentInput(
            self.surname,
            self.given_name,
            self.patronymic,
            self.iin,
            self.birth_date,
            self.sex,
            self.settlement_id,
            self.street_id,
            self.house_id,
            self.apartment,
            self.phone,
            self.statuses,
            self.registered_on,
        )


@dataclass(frozen=True)
class Issue:
    """A problem found in resident input: ``severity`` is "error" (refused) or "warning"."""

    field: str
    severity: str
    message: str


@dataclass
class _Prepared:
    values: dict[str, Any]
    status_ids: list[uuid.UUID]
    status_codes: tuple[str, ...]
    warnings: list[Issue] = field(default_factory=list)


def full_name(surname: str, given_name: str, patronymic: str = "") -> str:
    return " ".join(p for p in (surname, given_name, patronymic) if p)


def address_line(settlement: str | None, street: str | None, house: str | None, apartment: str = "") -> str:
    """A one-line address: "Қарағайлы, Абай көшесі, 12, apt. 5" (apartment label translated)."""
    parts = [p for p in (settlement, street, house) if p]
    if apartment:
        parts.append(_("apt. {number}").format(number=apartment))
    return ", ".join(parts)


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def _sex(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    text = str(value).strip().upper()
    if text not in SEXES:
        raise InvalidSex(value=value)
    return text


def _prepare(
    s: Session,
    data: ResidentInput,
    *,
    existing: Resident | None,
    iin_confirmed: bool,
    today: date,
) -> _Prepared:
    """Validate input and build column values; raise the first refusal, collect warnings."""
    surname, given, patronymic = _text(data.surname), _text(data.given_name), _text(data.patronymic)
    if not surname or not given:
        raise NameRequired()
    name = full_name(surname, given, patronymic)
    warnings: list[Issue] = []
    iin = validate_iin(data.iin) if data.iin and str(data.iin).strip() else None
    info = decode_iin(iin) if iin else None
    birth = data.birth_date or (info.birth_date if info else None)
    if birth is None:
        raise BirthDateRequired(name=name)
    if birth > today:
        raise BirthDateInFuture(birth_date=format_date(birth, "short"))
    if iin and (existing is None or existing.iin != iin) and not iin_confirmed:
        if data.birth_date is None:
            raise IinNeedsConfirmation(IinNeedsConfirmation.without_birth_date, iin=iin)
        if info is None or info.birth_date != data.birth_date:
            raise IinNeedsConfirmation(iin=iin, birth_date=format_date(data.birth_date, "short"))
    if info and info.birth_date and info.birth_date != birth:
        warnings.append(
            Issue(
                "birth_date",
                "warning",
                _("The IIN encodes the birth date {date}.").format(
                    date=format_date(info.birth_date, "short")
                ),
            )
        )
    sex = _sex(data.sex) or (info.sex if info else None)
    if info and info.sex and sex and info.sex != sex:
        warnings.append(Issue("sex", "warning", _("The IIN encodes the other sex.")))
    if iin:
        holder = s.scalar(select(Resident).where(Resident.iin == iin))
        if holder is not None and (existing is None or holder.id != existing.id):
            raise DuplicateIIN(iin=iin, name=full_name(holder.surname, holder.given_name, holder.patronymic))
    settlement_id, street_id, house_id = data.settlement_id, data.street_id, data.house_id
    house = street = settlement = None
    if house_id is not None:
        house = s.get(House, house_id)
        if house is None:
            raise NotFound()
        if street_id is not None and street_id != house.street_id:
            raise AddressMismatch()
        street_id = house.street_id
    if street_id is not None:
        street = s.get(Street, street_id)
        if street is None:
            raise NotFound()
        if settlement_id is not None and settlement_id != street.settlement_id:
            raise AddressMismatch()
        settlement_id = street.settlement_id
    if settlement_id is not None:
        settlement = s.get(Settlement, settlement_id)
        if settlement is None:
            raise NotFound()
    if settlement_id is None:
        warnings.append(Issue("settlement_id", "warning", _("No address: the resident is in no settlement.")))
    codes = tuple(dict.fromkeys(c for c in data.statuses if c))
    status_ids = []
    if codes:
        query = select(SocialStatus.code, SocialStatus.id).where(SocialStatus.code.in_(codes))
        known = {code: sid for code, sid in s.execute(query)}
        for code in codes:
            if code not in known:
                raise UnknownStatus(code=code)
            status_ids.append(known[code])
    search_key, given_key = resident_keys(surname, given, patronymic)
    values = {
        "surname": surname,
        "given_name": given,
        "patronymic": patronymic,
        "iin": iin,
        "birth_date": birth,
        "sex": sex,
        "settlement_id": settlement_id,
        "street_id": street_id,
        "house_id": house_id,
        "apartment": _text(data.apartment),
        "phone": _text(data.phone),
        "registered_on": data.registered_on,
        "search_key": search_key,
        "given_key": given_key,
        "address_key": address_key(
            settlement.name if settlement else None,
            street.name if street else None,
            house.number if house else None,
            _text(data.apartment),
        ),
    }
    return _Prepared(values, status_ids, tuple(sorted(codes)), warnings)


def status_codes(s: Session, resident_id: uuid.UUID) -> tuple[str, ...]:
    rows = s.scalars(
        select(SocialStatus.code)
        .join(resident_status, resident_status.c.status_id == SocialStatus.id)
        .where(resident_status.c.resident_id == resident_id)
        .order_by(SocialStatus.code)
    )
    return tuple(rows)


def set_statuses(s: Session, resident_id: uuid.UUID, status_ids: list[uuid.UUID]) -> None:
    s.execute(delete(resident_status).where(resident_status.c.resident_id == resident_id))
    if status_ids:
        s.execute(insert(resident_status), [{"resident_id": resident_id, "status_id": i} for i in status_ids])


def logged_values(row: Resident, statuses: tuple[str, ...]) -> dict[str, Any]:
    """The fields of a resident as the change log records them."""
    values = {name: getattr(row, name) for name in LOGGED_FIELDS if name != "statuses"}
    values["statuses"] = statuses
    return values


def _detail(s: Session, row: Resident) -> ResidentDetail:
    settlement = s.get(Settlement, row.settlement_id) if row.settlement_id else None
    street = s.get(Street, row.street_id) if row.street_id else None
    house = s.get(House, row.house_id) if row.house_id else None
    address = address_line(
        settlement.name if settlement else None,
        street.name if street else None,
        house.number if house else None,
        row.apartment,
    )
    return ResidentDetail(
        row.id,
        row.surname,
        row.given_name,
        row.patronymic,
        row.iin,
        row.birth_date,
        row.sex,
        row.settlement_id,
        row.street_id,
        row.house_id,
        row.apartment,
        row.phone,
        status_codes(s, row.id),
        row.registered_on,
        row.left_on,
        row.left_reason,
        row.deleted_at is not None,
        address,
        as_utc(row.created_at),
        as_utc(row.updated_at),
    )


def as_utc(value: datetime) -> datetime:
    """SQLite hands timestamps back without a zone; they were written in UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _get(s: Session, resident_id: uuid.UUID) -> Resident:
    row = s.get(Resident, resident_id)
    if row is None:
        raise NotFound()
    return row


def get_resident(store: Store, resident_id: uuid.UUID) -> ResidentDetail:
    """One resident (also a former or removed one); the IIN masked for a role that does not need it."""
    from zhoob_desktop.services.security import roles

    roles.require(store, "register.read")
    with store.session() as s:
        detail = _detail(s, _get(s, resident_id))
    return roles.masked(store, [detail])[0]


def check_resident(
    store: Store,
    data: ResidentInput,
    *,
    resident_id: uuid.UUID | None = None,
    iin_confirmed: bool = False,
    today: date | None = None,
) -> list[Issue]:
    """What saving this input would say, without saving: the refusal (if any) and warnings.

    The form calls it as the user types to show suggestions from the IIN.
    """
    with store.session() as s:
        existing = s.get(Resident, resident_id) if resident_id else None
        try:
            prepared = _prepare(
                s, data, existing=existing, iin_confirmed=iin_confirmed, today=today or date.today()
            )
        except RegisterError as exc:
            return [Issue(_field_of(exc), "error", exc.message())]
        return prepared.warnings


def _field_of(exc: RegisterError) -> str:
    from zhoob_desktop.services.register import errors

    fields = {
        errors.InvalidIIN: "iin",
        errors.IinNeedsConfirmation: "iin",
        errors.DuplicateIIN: "iin",
        errors.NameRequired: "surname",
        errors.BirthDateRequired: "birth_date",
        errors.BirthDateInFuture: "birth_date",
        errors.InvalidSex: "sex",
        errors.AddressMismatch: "street_id",
        errors.UnknownStatus: "statuses",
    }
    return fields.get(type(exc), "")


def create_resident(
    store: Store,
    data: ResidentInput,
    *,
    iin_confirmed: bool = False,
    actor: str | None = None,
    now: Callable[[], datetime] = utcnow,
    today: date | None = None,
) -> ResidentDetail:
    """Add a resident to the register.

    A typed IIN must agree with the birth date, or be confirmed by a second
    entry (``iin_confirmed=True``); otherwise ``IinNeedsConfirmation``.
    """
    actor = actor if actor is not None else changelog.actor_of(store)
    with store.session() as s:
        prepared = _prepare(s, data, existing=None, iin_confirmed=iin_confirmed, today=today or date.today())
        at = now()
        row = Resident(id=new_uuid(), created_at=at, updated_at=at, **prepared.values)
        s.add(row)
        s.flush()
        set_statuses(s, row.id, prepared.status_ids)
        changelog.record(
            s,
            "resident",
            row.id,
            "create",
            changelog.created(logged_values(row, prepared.status_codes)),
            actor=actor,
            at=at,
        )
        return _detail(s, row)


def update_resident(
    store: Store,
    resident_id: uuid.UUID,
    data: ResidentInput,
    *,
    iin_confirmed: bool = False,
    actor: str | None = None,
    now: Callable[[], datetime] = utcnow,
    today: date | None = None,
) -> ResidentDetail:
    """Save changed fields of a resident; a changed IIN is checked like a new one."""
    actor = actor if actor is not None else changelog.actor_of(store)
    with store.session() as s:
        row = _get(s, resident_id)
        before = logged_values(row, status_codes(s, row.id))
        prepared = _prepare(s, data, existing=row, iin_confirmed=iin_confirmed, today=today or date.today())
        for key, value in prepared.values.items():
            setattr(row, key, value)
        after = logged_values(row, prepared.status_codes)
        changes = changelog.diff(before, after)
        if changes:
            at = now()
            row.updated_at = at
            set_statuses(s, row.id, prepared.status_ids)
            action = "iin_change" if "iin" in changes else "update"
            changelog.record(s, "resident", row.id, action, changes, actor=actor, at=at)
        s.flush()
        return _detail(s, row)


def mark_left(
    store: Store,
    resident_id: uuid.UUID,
    reason: str,
    on: date,
    *,
    actor: str | None = None,
    now: Callable[[], datetime] = utcnow,
) -> ResidentDetail:
    """Record that a resident left the okrug (moved, died, other) on a date; the row stays."""
    if reason not in LEAVE_REASONS:
        raise InvalidLeaveReason()
    actor = actor if actor is not None else changelog.actor_of(store)
    with store.session() as s:
        row = _get(s, resident_id)
        if row.left_on is not None:
            raise AlreadyLeft(
                name=full_name(row.surname, row.given_name, row.patronymic),
                left_on=format_date(row.left_on, "short"),
            )
        if row.registered_on is not None and on < row.registered_on:
            raise LeftBeforeRegistered(
                left_on=format_date(on, "short"), registered_on=format_date(row.registered_on, "short")
            )
        changes = changelog.diff(
            {"left_on": None, "left_reason": None}, {"left_on": on, "left_reason": reason}
        )
        row.left_on, row.left_reason = on, reason
        at = now()
        row.updated_at = at
        changelog.record(s, "resident", row.id, "leave", changes, actor=actor, at=at)
        s.flush()
        return _detail(s, row)


def restore_resident(
    store: Store, resident_id: uuid.UUID, *, actor: str | None = None, now: Callable[[], datetime] = utcnow
) -> ResidentDetail:
    """Undo a leave or a removal: the resident is current again."""
    actor = actor if actor is not None else changelog.actor_of(store)
    with store.session() as s:
        row = _get(s, resident_id)
        before = {
            "left_on": row.left_on,
            "left_reason": row.left_reason,
            "deleted": row.deleted_at is not None,
        }
        changes = changelog.diff(before, {"left_on": None, "left_reason": None, "deleted": False})
        if changes:
            at = now()
            row.left_on = row.left_reason = row.deleted_at = None
            row.updated_at = at
            changelog.record(s, "resident", row.id, "restore", changes, actor=actor, at=at)
        s.flush()
        return _detail(s, row)


def delete_resident(
    store: Store, resident_id: uuid.UUID, *, actor: str | None = None, now: Callable[[], datetime] = utcnow
) -> ResidentDetail:
    """Remove an entry made in error. It becomes a tombstone (kept, hidden, sent to the district)."""
    actor = actor if actor is not None else changelog.actor_of(store)
    with store.session() as s:
        row = _get(s, resident_id)
        if row.deleted_at is None:
            at = now()
            row.deleted_at = row.updated_at = at
            changelog.record(s, "resident", row.id, "delete", {"deleted": [False, True]}, actor=actor, at=at)
        s.flush()
        return _detail(s, row)
