"""The community commission (Reg §4; Law art. 39-3 p. 4) and its report on a monitoring.

The meeting forms the commission at a sitting from among the participants of
that sitting; the commission monitors the use of budget funds every half year
(and when the meeting orders an extraordinary monitoring) and writes its
report: findings and recommendations, signed by its members (Order 405). A
signed report is frozen; a correction is a new version that keeps it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from zhoob_desktop.models.monitoring import Commission, CommissionMember, CommissionReport, MonitoringRound
from zhoob_desktop.services.i18n import N_, _, format_date
from zhoob_desktop.services.meeting import rules as R
from zhoob_desktop.services.meeting.held import held_meeting, item_heard, open_protocol
from zhoob_desktop.services.monitoring.report import MonitoringError
from zhoob_desktop.services.monitoring.schedule import LAW_39_3
from zhoob_desktop.services.okrug_time import okrug_today
from zhoob_desktop.services.store import Store

Clock = Callable[[], datetime]
FORMING_KIND = "commission_forming"
CHAIR, MEMBER = "chair", "member"


class CommissionError(MonitoringError):
    """Refused; dates show in the user's locale."""

    def message(self, gettext: Callable[[str], str] | None = None) -> str:
        tr = gettext or _
        params = {k: format_date(v, "long") if isinstance(v, date) else v for k, v in self.params.items()}
        text = tr(self.template).format(**params)
        return f"{text} ({tr(self.citation)})" if self.citation else text


class NoMembersChosen(CommissionError):
    template = N_("Choose the members of the commission from the participants of the sitting.")
    citation = R.REG_4


class NotAParticipant(CommissionError):
    template = N_(
        "{name} did not take part in the sitting of {date}; the commission is formed from its participants."
    )
    citation = R.REG_4


class ChairNotAMember(CommissionError):
    template = N_("The chair of the commission is one of its members.")


class AlreadyFormedThere(CommissionError):
    template = N_("A commission was already formed at the sitting of {date}.")


class NoCommission(CommissionError):
    template = N_(
        "No community commission has been formed by {date}; the meeting forms it at a sitting first."
    )
    citation = R.REG_4


class FindingsMissing(CommissionError):
    template = N_("The commission's report states its findings: what the monitoring found.")


class RecommendationsMissing(CommissionError):
    template = N_("The commission's report gives at least one recommendation.")


class SignersNotMembers(CommissionError):
    template = N_("{names}: not a member of the commission.")


class TooFewSigners(CommissionError):
    template = N_(
        "The report is the commission's: more than half of its {members} members sign it; {signed} signed."
    )


class CommissionReportSigned(CommissionError):
    template = N_("The commission's report was signed on {date}; a correction is a new version.")


class CommissionReportNotSigned(CommissionError):
    template = N_("Only a signed report is corrected by a new version; a draft is simply edited.")


class CorrectionReasonMissing(CommissionError):
    template = N_("A corrected version says what it corrects: give the reason.")


class SignedInFuture(CommissionError):
    template = N_("The signing date {date} has not come yet; enter the date written on the signed paper.")


@dataclass(frozen=True)
class MemberView:
    person_id: str
    name: str
    role: str  # "chair" or "member"


@dataclass(frozen=True)
class CommissionView:
    """The commission as formed: the sitting and item it was formed at, its members."""

    id: uuid.UUID
    formed_sitting_id: uuid.UUID
    formed_item_id: str
    formed_on: date
    sitting_number: int | None
    note: str
    members: tuple[MemberView, ...]

    @property
    def chair(self) -> MemberView | None:
        return next((m for m in self.members if m.role == CHAIR), None)


def _commission_view(row: Commission, number: int | None = None) -> CommissionView:
    return CommissionView(
        row.id,
        row.formed_sitting_id,
        row.formed_item_id,
        row.formed_on,
        number,
        row.note,
        tuple(MemberView(m.person_id, m.name, m.role) for m in row.members),
    )


def form_commission(
    store: Store,
    sitting: str | uuid.UUID,
    members: Sequence[str],
    *,
    chair: str | None = None,
    item: str | None = None,
    note: str = "",
) -> CommissionView:
    """Form the commission at a held sitting of the meeting, its members chosen from the participants.

    ``members`` and ``chair`` are person ids on the sitting's list (members of
    the meeting or invited persons who attended); ``item`` the agenda item it
    was formed under (default: the item on forming the commission).
    """
    info, state = held_meeting(store, sitting)
    open_protocol(store, info)
    item_id = item_heard(state, info, item, FORMING_KIND)
    chosen = list(dict.fromkeys(str(m) for m in members))
    if not chosen:
        raise NoMembersChosen()
    for person in chosen:
        attended = state.attendance.get(person)
        if attended is None or not attended.periods:
            name = state.member_index[person].name if person in state.member_index else person
            raise NotAParticipant(name=name, date=info.scheduled_on)
    if chair is not None and str(chair) not in chosen:
        raise ChairNotAMember()
    with store.session() as s:
        existing = s.scalars(select(Commission).where(Commission.formed_sitting_id == info.id)).first()
        if existing is not None:
            raise AlreadyFormedThere(date=info.scheduled_on)
        row = Commission(
            formed_sitting_id=info.id, formed_item_id=item_id, formed_on=info.scheduled_on, note=note.strip()
        )
        row.members = [
            CommissionMember(
                person_id=person,
                name=state.attendance[person].name,
                role=CHAIR if person == str(chair) else MEMBER,
                position=n,
            )
            for n, person in enumerate(chosen)
        ]
        s.add(row)
        s.flush()
        return _commission_view(row, info.number)


def commission_on(store: Store, day: date | None = None) -> CommissionView | None:
    """The commission in office on a day (the one formed last before it), or None."""
    from zhoob_desktop.services.meeting.sittings import get_sitting

    with store.session() as s:
        q = select(Commission).order_by(Commission.formed_on.desc(), Commission.created_at.desc())
        if day is not None:
            q = q.where(Commission.formed_on <= day)
        row = s.scalars(q).first()
        if row is None:
            return None
        view = _commission_view(row)
    number = get_sitting(store, view.formed_sitting_id).number
    return CommissionView(**{**view.__dict__, "sitting_number": number})


def commission_formed_at(store: Store, sitting_id: uuid.UUID) -> CommissionView | None:
    """The commission formed at a sitting (for its protocol), or None."""
    with store.session() as s:
        row = s.scalars(select(Commission).where(Commission.formed_sitting_id == sitting_id)).first()
        return None if row is None else _commission_view(row)


# -- the commission's report ------------------------------------------------------------------


@dataclass(frozen=True)
class CommissionReportView:
    """A version of the commission's report on one monitoring."""

    id: uuid.UUID
    round_id: uuid.UUID
    version: int
    supersedes_id: uuid.UUID | None
    correction_reason: str
    findings: str
    recommendations: tuple[str, ...]
    signers: tuple[MemberView, ...]
    signed_on: date | None
    superseded_signed_on: date | None = None

    @property
    def signed(self) -> bool:
        return self.signed_on is not None


def _report_view(session, row: CommissionReport) -> CommissionReportView:
    before = session.get(CommissionReport, row.supersedes_id) if row.supersedes_id else None
    return CommissionReportView(
        row.id,
        row.round_id,
        row.version,
        row.supersedes_id,
        row.correction_reason,
        row.findings,
        tuple(row.recommendations or ()),
        tuple(MemberView(s["person_id"], s["name"], s.get("role", MEMBER)) for s in row.signers or ()),
        row.signed_on,
        before.signed_on if before is not None else None,
    )


def _latest_report(session, round_id: uuid.UUID) -> CommissionReport | None:
    return session.scalars(
        select(CommissionReport)
        .where(CommissionReport.round_id == round_id)
        .order_by(CommissionReport.version.desc())
    ).first()


def latest_commission_report(store: Store, round_id: uuid.UUID) -> CommissionReportView | None:
    with store.session() as s:
        row = _latest_report(s, round_id)
        return None if row is None else _report_view(s, row)


def first_commission_signed_on(store: Store, round_id: uuid.UUID) -> date | None:
    """The day the commission's report of a round was first signed (Order 405 step 3), or None."""
    with store.session() as s:
        days = [
            d
            for d in s.scalars(
                select(CommissionReport.signed_on).where(CommissionReport.round_id == round_id)
            )
            if d is not None
        ]
        return min(days) if days else None


def open_commission_report(store: Store, round_id: uuid.UUID) -> CommissionReportView:
    """The latest version of the commission's report of a round, a new draft when there is none."""
    with store.session() as s:
        if s.get(MonitoringRound, round_id) is None:
            raise ValueError(f"no monitoring round {round_id}")
        row = _latest_report(s, round_id)
        if row is None:
            row = CommissionReport(round_id=round_id, version=1, recommendations=[], signers=[])
            s.add(row)
            s.flush()
        return _report_view(s, row)


def _draft(session, report_id: uuid.UUID) -> CommissionReport:
    row = session.get(CommissionReport, report_id)
    if row is None:
        raise ValueError(f"no commission report {report_id}")
    if row.signed_on is not None:
        raise CommissionReportSigned(date=row.signed_on)
    return row


def save_commission_report(
    store: Store,
    report_id: uuid.UUID,
    *,
    findings: str | None = None,
    recommendations: Sequence[str] | None = None,
) -> CommissionReportView:
    """Keep the draft's findings and recommendations (empty recommendations are dropped)."""
    with store.session() as s:
        row = _draft(s, report_id)
        if findings is not None:
            row.findings = findings.strip()
        if recommendations is not None:
            row.recommendations = [r.strip() for r in recommendations if r.strip()]
        s.flush()
        return _report_view(s, row)


def _now() -> datetime:
    return datetime.now(UTC)


def sign_commission_report(
    store: Store,
    report_id: uuid.UUID,
    signers: Sequence[str],
    on: date,
    *,
    today: date | None = None,
    clock: Clock = _now,
) -> CommissionReportView:
    """Record the report signed on ``on`` by the members named (person ids): more than half of them.

    Refused without findings or recommendations, without a commission in
    office that day, with a signer who is not a member, or before the steps it
    follows (checked by ``rounds.sign_checks``).
    """
    today = today or okrug_today(store)
    if on > today:
        raise SignedInFuture(date=on)
    commission = commission_on(store, on)
    if commission is None:
        raise NoCommission(date=on)
    with store.session() as s:
        row = _draft(s, report_id)
        if not row.findings.strip():
            raise FindingsMissing(citation=LAW_39_3)
        if not [r for r in row.recommendations or () if r.strip()]:
            raise RecommendationsMissing(citation=LAW_39_3)
        members = {m.person_id: m for m in commission.members}
        chosen = list(dict.fromkeys(str(p) for p in signers))
        strangers = [p for p in chosen if p not in members]
        if strangers:
            raise SignersNotMembers(names=", ".join(strangers))
        if len(chosen) * 2 <= len(members):
            raise TooFewSigners(members=len(members), signed=len(chosen))
        row.signers = [{"person_id": p, "name": members[p].name, "role": members[p].role} for p in chosen]
        row.signed_on = on
        row.signed_at = clock()
        s.flush()
        return _report_view(s, row)


def correct_commission_report(store: Store, report_id: uuid.UUID, reason: str) -> CommissionReportView:
    """A new draft version of a signed commission report, saying what it corrects."""
    if not reason.strip():
        raise CorrectionReasonMissing()
    with store.session() as s:
        signed = s.get(CommissionReport, report_id)
        if signed is None:
            raise ValueError(f"no commission report {report_id}")
        if signed.signed_on is None:
            raise CommissionReportNotSigned()
        latest = _latest_report(s, signed.round_id)
        if latest is not None and latest.version != signed.version:
            signed = latest
            if signed.signed_on is None:
                raise CommissionReportNotSigned()
        row = CommissionReport(
            round_id=signed.round_id,
            version=signed.version + 1,
            supersedes_id=signed.id,
            correction_reason=reason.strip(),
            findings=signed.findings,
            recommendations=list(signed.recommendations or ()),
            signers=[],
        )
        s.add(row)
        s.flush()
        return _report_view(s, row)
