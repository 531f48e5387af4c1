"""Representation at the gathering: the approved procedure, and the members' initiatives.

The procedure of separate gatherings (the akim drafts it, the district
maslikhat approves it, Law art. 39-3) is kept with the decision that approved
it: its number, date and body, the norm of representation, who may take
part, the quorum and the term. An initiative of members (Law art. 39-3 for the
gathering, Reg §5 for the meeting) keeps its signers as entered from the
signature sheet, each checked against the register. Residents and sittings
are referenced by UUID without a foreign key (they travel to the district in
any order).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from zhoob_desktop.models.base import Base, UUIDPrimaryKey, utcnow


class RepresentationProcedure(UUIDPrimaryKey, Base):
    """The procedure of separate gatherings approved by a decision of the district maslikhat.

    ``unit`` is ``settlement``, ``street`` or ``house``. The norm is one
    representative per ``norm_per`` persons counted by ``norm_basis``
    (``members``: residents entitled to take part; ``residents``: everyone
    registered), rounded by ``rounding`` with at least ``minimum``; or, with
    ``norm_table``, the numbers the decision lists per unit (``{unit id: n}``).
    The procedure in force on a day is the latest whose ``effective_from`` is on
    or before it.
    """

    __tablename__ = "representation_procedure"

    decision_number: Mapped[str] = mapped_column(String(60))
    decision_date: Mapped[date]
    decision_body: Mapped[str] = mapped_column(String(300))
    effective_from: Mapped[date]
    unit: Mapped[str] = mapped_column(String(20), default="settlement")
    norm_per: Mapped[int | None] = mapped_column(Integer, default=None)
    norm_basis: Mapped[str] = mapped_column(String(20), default="members")
    rounding: Mapped[str] = mapped_column(String(20), default="up")
    minimum: Mapped[int] = mapped_column(Integer, default=1)
    norm_table: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    age: Mapped[int] = mapped_column(Integer, default=18)
    residence: Mapped[str] = mapped_column(Text, default="")
    quorum: Mapped[str] = mapped_column(String(20), default="1/10")
    term_years: Mapped[int | None] = mapped_column(Integer, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Initiative(UUIDPrimaryKey, Base):
    """An initiative of at least ten percent of members to convene a gathering or a meeting.

    ``body`` is ``gathering`` (petition to the district akim, Law art. 39-3) or
    ``meeting`` (written application to the akim, Reg §5). ``base`` is the
    number of members the share is counted on, on ``base_on``; ``decision`` is
    ``approved`` or ``refused`` once the akim (district akim) has decided.
    """

    __tablename__ = "initiative"

    body: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300), default="")
    agenda: Mapped[list[Any]] = mapped_column(JSON, default=list)
    base_on: Mapped[date]
    filed_on: Mapped[date | None] = mapped_column(default=None)
    decided_on: Mapped[date | None] = mapped_column(default=None)
    decision: Mapped[str | None] = mapped_column(String(20), default=None)
    decision_ref: Mapped[str] = mapped_column(String(200), default="")
    decided_by: Mapped[str] = mapped_column(String(300), default="")
    sitting_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class InitiativeSigner(UUIDPrimaryKey, Base):
    """One signature of an initiative as entered from the sheet, with the result of its check.

    ``accepted`` is False with ``refusal`` (``not_member``, ``duplicate``,
    ``died``, ``moved``, ``unknown``) when the signer does not count.
    """

    __tablename__ = "initiative_signer"

    initiative_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("initiative.id"), index=True)
    resident_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    full_name: Mapped[str] = mapped_column(String(300))
    iin: Mapped[str | None] = mapped_column(String(12), default=None)
    address: Mapped[str] = mapped_column(String(300), default="")
    accepted: Mapped[bool] = mapped_column(Boolean, default=True)
    refusal: Mapped[str | None] = mapped_column(String(20), default=None)
    entered_as: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


__all__ = ["Initiative", "InitiativeSigner", "RepresentationProcedure"]
