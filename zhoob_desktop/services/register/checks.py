"""`zhoob check` for the register: stored IINs, search keys, dates and the change log agree."""

from __future__ import annotations

from sqlalchemy import func, select

from zhoob_desktop.models.register import House, RegisterChange, Resident, Settlement, Street
from zhoob_desktop.services.i18n import _
from zhoob_desktop.services.register.iin import is_valid_iin
from zhoob_desktop.services.register.search import address_key, resident_keys
from zhoob_desktop.services.store import Store


def register_problems(store: Store) -> list[str]:
    """Problems found in the register (an empty list when it is sound)."""
    problems: list[str] = []
    with store.session() as s:
        rows = s.execute(
            select(
                Resident.id,
                Resident.surname,
                Resident.given_name,
                Resident.patronymic,
                Resident.iin,
                Resident.search_key,
                Resident.given_key,
                Resident.registered_on,
                Resident.left_on,
                Resident.address_key,
                Settlement.name,
                Street.name,
                House.number,
                Resident.apartment,
            )
            .outerjoin(Settlement, Settlement.id == Resident.settlement_id)
            .outerjoin(Street, Street.id == Resident.street_id)
            .outerjoin(House, House.id == Resident.house_id)
        ).all()
        logged = set(
            s.scalars(select(RegisterChange.entity_id).where(RegisterChange.entity == "resident").distinct())
        )
        broken_seq = s.scalar(select(func.count()).where(RegisterChange.seq <= 0)) or 0
    for rid, surname, given, patronymic, iin, search_key, given_key, registered, left, akey, *place in rows:
        name = " ".join(p for p in (surname, given, patronymic) if p)
        if iin is not None and not is_valid_iin(iin):
            problems.append(_("{name}: the stored IIN {iin} is not valid.").format(name=name, iin=iin))
        if (search_key, given_key) != resident_keys(surname, given, patronymic) or akey != address_key(
            *place
        ):
            problems.append(_("{name}: the search key is out of date.").format(name=name))
        if registered is not None and left is not None and left < registered:
            problems.append(_("{name}: left the register before being registered.").format(name=name))
        if rid not in logged:
            problems.append(_("{name}: the change log has no entry for this resident.").format(name=name))
    if broken_seq:
        problems.append(_("The change log has entries without a sequence number."))
    return problems
