"""The procedure of separate gatherings as data, and the quotas of representatives it gives.

The akim of the okrug drafts, and the district maslikhat approves, the
procedure of separate gatherings and of fixing the number of representatives
of each village, street and apartment building "on the principle of equal
representation" (Law art. 39-3; the Model Rules of separate gatherings:
Government Decree No. 1106 of 18 October 2013, since 23 June 2023 the Order
of the Minister of National Economy No. 122; ``citations.py``).

A procedure is recorded with the decision that approved it (number, date,
body) and states: the unit (village, street or building), the norm — one
representative per N persons, counted among the residents entitled to take
part (``members``) or among all residents (``residents``), rounded as stated,
at least ``minimum`` — or a table of numbers per unit; who may take part (the
age and the residence condition); the quorum of a separate gathering; the term
of the representatives. The procedure in force on a day is the latest that
took effect by then. ``quota_table`` computes the number due for every unit
from the register on a day, with the calculation shown.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from sqlalchemy import select

from zhoob_desktop.models.representation import RepresentationProcedure
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.meeting import citations as C
from zhoob_desktop.services.meeting import errors as E
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.register.units import UNIT_KINDS, unit_counts  # the register's read side
from zhoob_desktop.services.store import Store

UNITS: dict[str, str] = {
    "settlement": N_("village"),
    "street": N_("street"),
    "house": N_("apartment building"),
}
BASES: dict[str, str] = {
    "members": N_("residents entitled to take part"),
    "residents": N_("all registered residents"),
}
ROUNDINGS: dict[str, str] = {
    "up": N_("rounded up: one representative for each full or started norm"),
    "down": N_("rounded down: one representative for each full norm"),
    "half_up": N_("rounded to the nearest whole number, a half upward"),
}


@dataclass(frozen=True)
class Procedure:
    """The procedure approved by the district maslikhat, with the decision that approved it."""

    id: uuid.UUID
    decision_number: str
    decision_date: date
    decision_body: str
    effective_from: date
    unit: str
    norm_per: int | None
    norm_basis: str
    rounding: str
    minimum: int
    norm_table: Mapping[str, int]
    age: int
    residence: str
    quorum: str
    term_years: int | None
    note: str

    def model_rules(self, store: Store) -> C.Source:
        """The Model Rules of separate gatherings in force on the decision's date (the acts table)."""
        return C.in_force(C.table(store.get_setting(C.SETTING)), C.SEPARATE_GATHERINGS, self.decision_date)

    def term_until(self, since: date) -> date | None:
        """The last day of a term that starts on ``since`` (None: until the next election)."""
        return term_end(since, self.term_years)

    def as_json(self) -> dict[str, Any]:
        """The procedure as data (frozen into a separate gathering's OPEN event, carried in bundles)."""
        return {
            "id": str(self.id),
            "decision_number": self.decision_number,
            "decision_date": self.decision_date.isoformat(),
            "decision_body": self.decision_body,
            "effective_from": self.effective_from.isoformat(),
            "unit": self.unit,
            "norm_per": self.norm_per,
            "norm_basis": self.norm_basis,
            "rounding": self.rounding,
            "minimum": self.minimum,
            "norm_table": dict(self.norm_table),
            "age": self.age,
            "residence": self.residence,
            "quorum": self.quorum,
            "term_years": self.term_years,
        }


def term_end(since: date, years: int | None) -> date | None:
    """The last day of a term of ``years`` that starts on ``since`` (None: until the next election)."""
    if not years:
        return None
    try:
        end = since.replace(year=since.year + int(years))
    except ValueError:  # 29 February
        end = date(since.year + int(years), 2, 28)
    return date.fromordinal(end.toordinal() - 1)


def _info(row: RepresentationProcedure) -> Procedure:
    return Procedure(
        row.id,
        row.decision_number,
        row.decision_date,
        row.decision_body,
        row.effective_from,
        row.unit,
        row.norm_per,
        row.norm_basis,
        row.rounding,
        row.minimum,
        {str(k): int(v) for k, v in (row.norm_table or {}).items()},
        row.age,
        row.residence,
        row.quorum,
        row.term_years,
        row.note,
    )


def _invalid(problem: str) -> E.ProcedureInvalid:
    return E.ProcedureInvalid(problem=problem, citation=R.LAW_39_3)


def _check(fields: Mapping[str, Any]) -> None:
    if not str(fields["decision_number"]).strip():
        raise _invalid(N_("the number of the maslikhat's decision is missing."))
    if not str(fields["decision_body"]).strip():
        raise _invalid(N_("the body that approved it (the district maslikhat) is missing."))
    if fields["unit"] not in UNIT_KINDS:
        raise _invalid(N_("the unit must be a village, a street or an apartment building."))
    if fields["norm_basis"] not in BASES:
        raise _invalid(N_("the norm is counted on the residents entitled to take part or on all residents."))
    if fields["rounding"] not in ROUNDINGS:
        raise _invalid(N_("the rounding must be up, down or to the nearest whole number."))
    per, table = fields["norm_per"], fields["norm_table"]
    if per is None and not table:
        raise _invalid(N_("the norm needs the number of residents per representative or a table per unit."))
    if per is not None and (not isinstance(per, int) or isinstance(per, bool) or per < 1):
        raise _invalid(N_("the number of residents per representative must be a whole number of at least 1."))
    for value in (table or {}).values():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise _invalid(N_("every number of the table must be a whole number of at least 0."))
    if not isinstance(fields["minimum"], int) or fields["minimum"] < 0:
        raise _invalid(N_("the least number of representatives of a unit must be a whole number."))
    if not isinstance(fields["age"], int) or not 14 <= fields["age"] <= 21:
        raise _invalid(N_("the age from which residents take part must be between 14 and 21."))
    try:
        q = R.fraction(fields["quorum"])
    except (ValueError, ZeroDivisionError):
        raise _invalid(N_("the quorum must be a fraction such as 1/10.")) from None
    if not 0 < q <= 1:
        raise _invalid(N_("the quorum must be a fraction such as 1/10."))
    term = fields["term_years"]
    if term is not None and (not isinstance(term, int) or term < 1):
        raise _invalid(N_("the term of the representatives must be a whole number of years."))
    if fields["effective_from"] < fields["decision_date"]:
        raise _invalid(N_("the procedure cannot take effect before the decision that approved it."))


def record_procedure(
    store: Store,
    *,
    decision_number: str,
    decision_date: date,
    decision_body: str,
    effective_from: date | None = None,
    unit: str = "settlement",
    norm_per: int | None = None,
    norm_basis: str = "members",
    rounding: str = "up",
    minimum: int = 1,
    norm_table: Mapping[str, int] | None = None,
    age: int = 18,
    residence: str = "",
    quorum: str = "1/10",
    term_years: int | None = None,
    note: str = "",
) -> Procedure:
    """Record the procedure approved by a decision of the district maslikhat (refused with the reason)."""
    fields = {
        "decision_number": decision_number.strip(),
        "decision_date": decision_date,
        "decision_body": decision_body.strip(),
        "effective_from": effective_from or decision_date,
        "unit": unit,
        "norm_per": norm_per,
        "norm_basis": norm_basis,
        "rounding": rounding,
        "minimum": minimum,
        "norm_table": {str(k): v for k, v in (norm_table or {}).items()},
        "age": age,
        "residence": residence.strip(),
        "quorum": str(quorum).strip(),
        "term_years": term_years,
        "note": note.strip(),
    }
    _check(fields)
    with store.session() as s:
        row = RepresentationProcedure(**fields)
        s.add(row)
        s.flush()
        return _info(row)


def list_procedures(store: Store, *, ids: Collection[uuid.UUID] | None = None) -> list[Procedure]:
    """Every procedure recorded (or those of ``ids``: one okrug's at the district), the newest first."""
    with store.session() as s:
        q = select(RepresentationProcedure).order_by(
            RepresentationProcedure.effective_from.desc(), RepresentationProcedure.created_at.desc()
        )
        if ids is not None:
            q = q.where(RepresentationProcedure.id.in_(list(ids)))
        return [_info(r) for r in s.scalars(q)]


def procedure_in_force(
    store: Store, on: date, *, ids: Collection[uuid.UUID] | None = None
) -> Procedure | None:
    """The procedure in force on a day: the latest that took effect by then."""
    for p in list_procedures(store, ids=ids):
        if p.effective_from <= on:
            return p
    return None


def get_procedure(store: Store, procedure_id: uuid.UUID | str) -> Procedure:
    with store.session() as s:
        row = s.get(RepresentationProcedure, uuid.UUID(str(procedure_id)))
        if row is None:
            raise _invalid(N_("there is no such procedure."))
        return _info(row)


# -- quotas ------------------------------------------------------------------------------


def representatives_due(
    procedure: Procedure, unit_id: uuid.UUID | str, count: int
) -> tuple[int, Fraction | None]:
    """(representatives due, the exact quotient) for a unit whose norm base is ``count``.

    The table of the decision wins for a unit it names; a unit with nobody to
    represent elects nobody; otherwise count / norm rounded as stated, at
    least the minimum.
    """
    if str(unit_id) in procedure.norm_table:
        return procedure.norm_table[str(unit_id)], None
    if procedure.norm_per is None or count <= 0:
        return 0, None
    exact = Fraction(count, procedure.norm_per)
    if procedure.rounding == "down":
        n = exact.numerator // exact.denominator
    elif procedure.rounding == "half_up":
        n = int(exact + Fraction(1, 2))
    else:
        n = -(-exact.numerator // exact.denominator)
    return max(procedure.minimum, n), exact


@dataclass(frozen=True)
class UnitQuota:
    """A unit's line of the quota table: who is counted, and the representatives due."""

    kind: str
    id: uuid.UUID
    name: str
    settlement: str
    residents: int
    entitled: int
    base: int  # the count the norm applies to
    representatives: int
    exact: Fraction | None  # base / norm, before rounding (None: a number from the decision's table)


@dataclass(frozen=True)
class QuotaTable:
    """The quotas of every unit on a day under a procedure."""

    procedure: Procedure
    on: date
    units: tuple[UnitQuota, ...]
    outside_residents: int  # registered residents whose address has no unit of this level
    outside_entitled: int

    @property
    def representatives(self) -> int:
        return sum(u.representatives for u in self.units)

    @property
    def entitled(self) -> int:
        return sum(u.entitled for u in self.units)

    @property
    def residents(self) -> int:
        return sum(u.residents for u in self.units)

    def unit(self, unit_id: uuid.UUID | str) -> UnitQuota | None:
        for u in self.units:
            if str(u.id) == str(unit_id):
                return u
        return None


def quota_table(
    store: Store, on: date, procedure: Procedure | None = None, *, okrug_id: uuid.UUID | None = None
) -> QuotaTable:
    """The representatives due to every unit on a day (``NoProcedure`` when none is in force).

    ``okrug_id`` counts one okrug's register in a store that holds many (the district's).
    """
    procedure = procedure or procedure_in_force(store, on)
    if procedure is None:
        raise E.NoProcedure(date=on.isoformat(), citation=R.LAW_39_3)
    counts = unit_counts(store, on, procedure.unit, procedure.age, okrug_id=okrug_id)
    units = []
    for u in counts.units:
        base = u.entitled if procedure.norm_basis == "members" else u.residents
        n, exact = representatives_due(procedure, u.id, base)
        units.append(UnitQuota(u.kind, u.id, u.name, u.settlement, u.residents, u.entitled, base, n, exact))
    return QuotaTable(procedure, on, tuple(units), counts.outside_residents, counts.outside_entitled)


def format_exact(value: Fraction | None, places: int = 2) -> str:
    """A quotient as a decimal with ``places`` digits (for the table's calculation column)."""
    if value is None:
        return ""
    scaled = round(value * 10**places)
    whole, frac = divmod(abs(scaled), 10**places)
    sign = "-" if scaled < 0 else ""
    return f"{sign}{whole}.{frac:0{places}d}" if places else f"{sign}{whole}"


__all__ = [
    "BASES",
    "ROUNDINGS",
    "UNITS",
    "Procedure",
    "QuotaTable",
    "UnitQuota",
    "format_exact",
    "get_procedure",
    "list_procedures",
    "procedure_in_force",
    "quota_table",
    "record_procedure",
    "representatives_due",
    "term_end",
]
