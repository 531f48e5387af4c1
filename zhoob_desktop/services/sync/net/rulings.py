"""The district akim's decisions on the okrugs' disagreements (Reg §13), at the district and back home.

When an okrug akim disagrees with a decision of the meeting and the
re-discussion does not settle it, the okrug refers the decision to the
district akim (its ``referred`` step reaches the district in a bundle). The
district records the akim's decision here (``rule``: upheld or overruled, the
date, the document), the receipt carries it back (by file or by the service),
and the okrug records it in the decision's history with that date and
document (``apply_pending``, through the decisions area's own step rules).
Its next bundle carries that step to the district like any other.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhoob_desktop.models.base import utcnow
from zhoob_desktop.models.netsync import DistrictRuling, SyncRuling
from zhoob_desktop.models.sync import DistrictDecision, DistrictOkrug, DistrictSitting
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.sync.district_db import DistrictStore
from zhoob_desktop.services.sync.errors import ReceiptInvalid, SyncError
from zhoob_desktop.services.sync.records import codec

OUTCOMES = {"upheld": "district_upheld", "overruled": "district_overruled"}
WITH_DISTRICT = "with_district"
DOCUMENT_MAX = 300
NAME_MAX = 200
REG_13 = N_("Model Regulation §13")


class RulingError(SyncError):
    citation = REG_13


class DecisionUnknown(RulingError):
    template = N_("The district store holds no decision {ref}; give its id or its first characters.")


class DecisionAmbiguous(RulingError):
    template = N_("{ref} names {count} decisions; give more characters of the id.")


class NotReferred(RulingError):
    template = N_(
        "The decision {ref} is not referred to the district akim (its state: {state}); the district akim "
        "decides only a disagreement the meeting insisted on and the okrug referred."
    )


class AlreadyRuled(RulingError):
    template = N_("The district akim's decision on {ref} is recorded already ({outcome}, {date}).")


class RulingIncomplete(RulingError):
    template = N_("The district akim's decision needs {what}.")


class RulingBeforeReferral(RulingError):
    template = N_("The district akim's decision cannot be dated {date}, before the referral of {referred}.")


@dataclass(frozen=True)
class Referred:
    """A decision waiting for the district akim, or decided by him."""

    decision_id: uuid.UUID
    okrug_id: uuid.UUID
    okrug_name: str
    sitting_id: uuid.UUID
    sitting_title: str
    held_on: date | None
    item: int
    title: str
    text: str
    state: str
    referred_on: date | None
    reasons: str  # the okrug akim's reasons for disagreeing
    ruling: RulingRow | None = None

    @property
    def short_id(self) -> str:
        return self.decision_id.hex[:8]


@dataclass(frozen=True)
class RulingRow:
    id: uuid.UUID
    decision_id: uuid.UUID
    outcome: str
    on_date: date
    document: str
    decided_by: str
    note: str
    recorded_at: datetime


def _decision_id(sitting_id: uuid.UUID, vote_id: str) -> uuid.UUID:
    from zhoob_desktop.services.decisions.register import decision_id

    return decision_id(sitting_id, vote_id)


def _steps(s: Session, sitting_ids: list[uuid.UUID]) -> dict[tuple[uuid.UUID, str], list[dict[str, Any]]]:
    tbl = codec("decision_step").table
    out: dict[tuple[uuid.UUID, str], list[dict[str, Any]]] = {}
    for i in range(0, len(sitting_ids), 500):
        query = select(tbl).where(tbl.c.sitting_id.in_(sitting_ids[i : i + 500])).order_by(tbl.c.seq)
        for r in s.execute(query).mappings():
            out.setdefault((r["sitting_id"], r["vote_id"]), []).append(dict(r))
    return out


def _row(r: DistrictRuling) -> RulingRow:
    return RulingRow(
        r.id, r.decision_id, r.outcome, r.on_date, r.document, r.decided_by, r.note, r.recorded_at
    )


def referred(dstore: DistrictStore, *, include_decided: bool = False) -> list[Referred]:
    """Decisions referred to the district akim and not decided yet (with ``include_decided``, also those
    he decided)."""
    with dstore.session() as s:
        rulings = {r.decision_id: _row(r) for r in s.scalars(select(DistrictRuling))}
        names = dict(s.execute(select(DistrictOkrug.id, DistrictOkrug.name)).all())
        decisions = list(s.scalars(select(DistrictDecision).where(DistrictDecision.outcome == "adopted")))
        wanted = []
        for d in decisions:
            ruled = _decision_id(d.sitting_id, d.vote_id) in rulings
            if (d.state == WITH_DISTRICT and not ruled) or (include_decided and ruled):
                wanted.append(d)
        sittings = {
            x.sitting_id: x
            for x in s.scalars(
                select(DistrictSitting).where(DistrictSitting.sitting_id.in_({d.sitting_id for d in wanted}))
            )
        }
        steps = _steps(s, sorted({d.sitting_id for d in wanted}, key=str))
    out = []
    for d in wanted:
        did = _decision_id(d.sitting_id, d.vote_id)
        history = steps.get((d.sitting_id, d.vote_id), [])
        referral = [h["on_date"] for h in history if h["step"] == "referred"]
        reasons = [h["note"] for h in history if h["step"] == "disagreed"]
        sitting = sittings.get(d.sitting_id)
        out.append(
            Referred(
                did,
                d.okrug_id,
                names.get(d.okrug_id, ""),
                d.sitting_id,
                sitting.title if sitting else "",
                sitting.scheduled_on if sitting else None,
                d.item,
                d.title,
                d.text,
                d.state,
                referral[-1] if referral else None,
                reasons[-1] if reasons else "",
                rulings.get(did),
            )
        )
    out.sort(key=lambda r: (r.ruling is not None, r.referred_on or date.min, r.okrug_name, r.item))
    return out


def _find(dstore: DistrictStore, ref: str) -> Referred:
    text = str(ref).strip().lower().replace("-", "")
    every = referred(dstore, include_decided=True)
    hits = [r for r in every if text and r.decision_id.hex.startswith(text)]
    if not hits:
        with dstore.session() as s:
            for d in s.scalars(select(DistrictDecision).where(DistrictDecision.outcome == "adopted")):
                did = _decision_id(d.sitting_id, d.vote_id)
                if text and did.hex.startswith(text):
                    from zhoob_desktop.services.sync.labels import state_label

                    raise NotReferred(ref=did.hex[:8], state=state_label(d.state))
        raise DecisionUnknown(ref=str(ref)[:40])
    if len(hits) > 1:
        raise DecisionAmbiguous(ref=str(ref)[:40], count=len(hits))
    return hits[0]


def rule(
    dstore: DistrictStore,
    ref: str,
    outcome: str,
    *,
    on: date,
    document: str,
    by: str,
    note: str = "",
    now: Callable[[], datetime] = utcnow,
) -> Referred:
    """Record the district akim's decision on a referred decision: ``upheld`` or ``overruled``.

    ``document`` names the act (its number and date), ``by`` who records it.
    Refused when the decision is not referred to the district, or decided already.
    """
    document, by, note = (document or "").strip(), (by or "").strip(), (note or "").strip()
    if outcome not in OUTCOMES:
        raise RulingIncomplete(what=_("its outcome: upheld or overruled"))
    if not document:
        raise RulingIncomplete(what=_("the document: its number and date"))
    if not by:
        raise RulingIncomplete(what=_("the name of the person who records it"))
    if len(document) > DOCUMENT_MAX or len(by) > NAME_MAX:
        raise RulingIncomplete(what=_("a shorter document name (300 characters) and name (200 characters)"))
    target = _find(dstore, ref)
    if target.ruling is not None:
        from zhoob_desktop.services.i18n import format_date

        raise AlreadyRuled(
            ref=target.short_id,
            outcome=outcome_label(target.ruling.outcome),
            date=format_date(target.ruling.on_date),
        )
    if target.referred_on is not None and on < target.referred_on:
        from zhoob_desktop.services.i18n import format_date

        raise RulingBeforeReferral(date=format_date(on), referred=format_date(target.referred_on))
    with dstore.session() as s:
        s.add(
            DistrictRuling(
                okrug_id=target.okrug_id,
                decision_id=target.decision_id,
                sitting_id=target.sitting_id,
                item=target.item,
                outcome=outcome,
                on_date=on,
                document=document,
                decided_by=by,
                note=note,
                recorded_at=now(),
            )
        )
    return _find(dstore, target.decision_id.hex)


def outcome_label(outcome: str) -> str:
    return {"upheld": _("upheld"), "overruled": _("overruled")}.get(outcome, outcome)


def for_receipt(s: Session, okrug_id: uuid.UUID) -> list[dict[str, Any]]:
    """The district akim's decisions on one okrug's disagreements, as its receipt carries them."""
    return [
        {
            "id": str(r.id),
            "decision_id": str(r.decision_id),
            "outcome": r.outcome,
            "on": r.on_date.isoformat(),
            "document": r.document,
            "by": r.decided_by,
            "note": r.note,
        }
        for r in s.scalars(
            select(DistrictRuling)
            .where(DistrictRuling.okrug_id == okrug_id)
            .order_by(DistrictRuling.recorded_at)
        )
    ]


# -- okrug side ---------------------------------------------------------------------------------


def parse(source: str, items: Any) -> list[dict[str, Any]]:
    """The rulings of a verified receipt, each field checked."""
    try:
        if not isinstance(items, list):
            raise ValueError("rulings")
        out = []
        for r in items:
            if r["outcome"] not in OUTCOMES:
                raise ValueError("outcome")
            out.append(
                {
                    "id": uuid.UUID(r["id"]),
                    "decision_id": uuid.UUID(r["decision_id"]),
                    "outcome": r["outcome"],
                    "on_date": date.fromisoformat(r["on"]),
                    "document": str(r["document"])[:DOCUMENT_MAX],
                    "decided_by": str(r.get("by", ""))[:NAME_MAX],
                    "note": str(r.get("note", "")),
                }
            )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ReceiptInvalid(path=source, detail=_("it is not a receipt of Zhoob Desktop")) from exc
    return out


def keep(s: Session, items: list[dict[str, Any]], now: datetime) -> int:
    """Remember rulings not seen before (inside the receipt's unit of work); how many were new."""
    new = 0
    for r in items:
        if s.get(SyncRuling, r["id"]) is None:
            s.add(SyncRuling(**r, received_at=now))
            new += 1
    return new


def apply_pending(store: Store, *, now: Callable[[], datetime] = utcnow) -> int:
    """Record every received ruling not yet in its decision's history; how many were recorded.

    One that does not fit the history yet (another step first) stays pending
    with the reason, and is tried again with the next receipt.
    """
    from zhoob_desktop.services.decisions.followup import record_district_ruling

    with store.session() as s:
        pending = [
            (r.id, r.decision_id, r.outcome, r.on_date, r.document, r.decided_by, r.note)
            for r in s.scalars(select(SyncRuling).where(SyncRuling.applied_at.is_(None)))
        ]
    done = 0
    for rid, decision, outcome, on, document, by, note in pending:
        problem = None
        try:
            record_district_ruling(
                store, decision, OUTCOMES[outcome], on=on, document=document, actor=by, note=note, ruling=rid
            )
        except ZhoobError as exc:
            problem = {"template": exc.template, "params": {k: str(v) for k, v in exc.params.items()}}
            if exc.citation:
                problem["citation"] = exc.citation
        with store.session() as s:
            row = s.get(SyncRuling, rid)
            row.problem = problem
            if problem is None:
                row.applied_at = now()
                done += 1
    return done


@dataclass(frozen=True)
class ReceivedRuling:
    id: uuid.UUID
    decision_id: uuid.UUID
    outcome: str
    on_date: date
    document: str
    decided_by: str
    received_at: datetime
    applied_at: datetime | None
    problem: str  # why it is not in the history yet, in the current language


def problem_text(problem: dict[str, Any] | None) -> str:
    if not problem:
        return ""
    text = _(problem.get("template", "")).format(**problem.get("params", {}))
    return f"{text} ({_(problem['citation'])})" if problem.get("citation") else text


def received(store: Store) -> list[ReceivedRuling]:
    """The district akim's decisions received, newest first, recorded or not."""
    with store.session() as s:
        rows = list(s.scalars(select(SyncRuling).order_by(SyncRuling.received_at.desc(), SyncRuling.on_date)))
    out = []
    for r in rows:
        try:
            text = problem_text(r.problem)
        except (KeyError, IndexError, ValueError):
            text = str(r.problem)
        out.append(
            ReceivedRuling(
                r.id,
                r.decision_id,
                r.outcome,
                r.on_date,
                r.document,
                r.decided_by,
                r.received_at,
                r.applied_at,
                text,
            )
        )
    return out


__all__ = [
    "OUTCOMES",
    "AlreadyRuled",
    "DecisionUnknown",
    "NotReferred",
    "ReceivedRuling",
    "Referred",
    "RulingRow",
    "apply_pending",
    "for_receipt",
    "keep",
    "outcome_label",
    "parse",
    "received",
    "referred",
    "rule",
]
