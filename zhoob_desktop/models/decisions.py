"""The follow-up of decisions adopted at sittings: an append-only history of steps.

A decision itself lives in its sitting's journal (the adopted ``DECISION_VOTED``
event); this table records only what happened to it afterwards: the protocol
handed to the akim, his consideration, the members told, publication,
execution and its control (Model Regulation §12–§18). Rows are never updated
or deleted (a trigger refuses it in SQLite); the current status is a fold over
a decision's rows in ``seq`` order.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import DDL, JSON, Index, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from zhoob_desktop.models.base import Base, UUIDPrimaryKey, utcnow


class DecisionStep(UUIDPrimaryKey, Base):
    """One recorded step of a decision's follow-up (who, when, what), never edited.

    ``decision_id`` is derived from the sitting and the adopted vote, so the
    same decision has the same id in the okrug and at the district.
    ``on_date`` is the day the step happened (the protocol handed over, the
    akim's consideration...), ``recorded_at`` when it was entered.
    """

    __tablename__ = "decision_step"
    __table_args__ = (
        UniqueConstraint("decision_id", "seq", name="uq_decision_step_seq"),
        Index("ix_decision_step_sitting", "sitting_id"),
        Index("ix_decision_step_at_sitting", "at_sitting_id"),
    )

    decision_id: Mapped[uuid.UUID]
    # The sitting by id without a foreign key, like the documents: the history stays
    # readable on its own and the branch needs no migration order against the meeting's.
    sitting_id: Mapped[uuid.UUID]
    vote_id: Mapped[str] = mapped_column(String(20))
    seq: Mapped[int] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(30))
    on_date: Mapped[date]
    actor: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Where the step happened: the sitting of the meeting that heard it and the agenda item it was
    # heard under (the re-discussion, a report, a non-execution), or the per-protocol act it is part
    # of (the protocol handed over, the akim's consideration, the members told).
    at_sitting_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    at_item_id: Mapped[str | None] = mapped_column(String(20), default=None)
    act_id: Mapped[uuid.UUID | None] = mapped_column(default=None)


# The history is evidence: SQLite itself refuses to change or delete a recorded step.
for _verb in ("UPDATE", "DELETE"):
    event.listen(
        DecisionStep.__table__,
        "after_create",
        DDL(
            f"CREATE TRIGGER decision_step_no_{_verb.lower()} BEFORE {_verb} ON decision_step "
            "BEGIN SELECT RAISE(ABORT, 'decision_step is append-only'); END"
        ).execute_if(dialect="sqlite"),
    )

__all__ = ["DecisionStep"]
