"""Signing the Order 405 report: refused while it is empty or does not add up; corrections as new versions.

The akim and the head of the finance service sign a report that says
something and says it consistently (Order 405, appendix 1): at least one
amount; no cash at the end of the period below zero (more spent than there
was); every line executed below its plan explained in column 11; a plan of
the period within the revised annual plan; an actual amount for every
planned line. The date is the one written by hand on the paper, entered by
the person (not the computer's clock). A signed report is never changed: a
correction is a new version, with its reason, that keeps the signed one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select

from zhoob_desktop.models.monitoring import MonitoringLine, MonitoringReport
from zhoob_desktop.services.i18n import N_, _, format_date
from zhoob_desktop.services.monitoring.report import (
    COLUMN_NUMBERS,
    COLUMNS,
    MonitoringError,
    ReportView,
    editable,
    format_amount,
    load,
    view_of,
)
from zhoob_desktop.services.monitoring.schedule import period_end
from zhoob_desktop.services.okrug_time import okrug_today
from zhoob_desktop.services.store import Store

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Problem:
    """One reason a report cannot be signed: a msgid with its parameters."""

    template: str
    params: dict

    def text(self, gettext: Callable[[str], str] | None = None, lang: str | None = None) -> str:
        tr = gettext or _
        params = {k: format_amount(v, lang) if isinstance(v, Decimal) else v for k, v in self.params.items()}
        return tr(self.template).format(**params)


EMPTY = N_("The report is empty: no amount has been entered.")
NEGATIVE_END = N_(
    "Line 100, column {column}: the cash at the end of the period is {amount} thousand tenge, below zero; "
    "more was spent than there was."
)
NO_REASON = N_("Line {code}: executed {short} thousand tenge below the plan, and column 11 gives no reason.")
HALF_ABOVE_YEAR = N_(
    "Line {code}: the plan of the period (column 5) is above the revised annual plan (column 4)."
)
NO_ACTUAL = N_("Line {code}: a plan is entered but no actual amount (column 6).")


def problems(report: ReportView) -> list[Problem]:
    """Everything that stops the report from being signed, line by line (empty when it can be signed)."""
    out: list[Problem] = []
    if all(line.empty for line in report.lines):
        return [Problem(EMPTY, {})]
    end = report.line("100")
    for col in COLUMNS:
        amount = getattr(end, col)
        if amount is not None and amount < 0:
            out.append(Problem(NEGATIVE_END, {"column": COLUMN_NUMBERS[col], "amount": amount}))
    for line in report.lines:
        if not line.typed:
            continue
        if line.underperformed:
            out.append(Problem(NO_REASON, {"code": line.code, "short": line.shortfall}))
        if (
            line.plan_half is not None
            and line.plan_revised is not None
            and line.plan_half > line.plan_revised
        ):
            out.append(Problem(HALF_ABOVE_YEAR, {"code": line.code}))
        planned = line.plan_half is not None or line.plan_revised is not None
        if planned and line.actual is None:
            out.append(Problem(NO_ACTUAL, {"code": line.code}))
    return out


class ReportNotSignable(MonitoringError):
    """The report does not add up; ``problems`` names each line and the rule it breaks."""

    template = N_("The report cannot be signed: {problems}")

    def __init__(self, found: list[Problem]):
        self.problems = found
        super().__init__(problems="")

    def message(self, gettext: Callable[[str], str] | None = None) -> str:
        tr = gettext or _
        listed = " ".join(p.text(gettext) for p in self.problems)
        return f"{tr(self.template).format(problems=listed)} ({tr(self.citation)})"


class SignatoryMissing(MonitoringError):
    template = N_("The report is signed by the akim and the head of the finance service: enter both names.")


class SignedBeforePeriodEnd(MonitoringError):
    template = N_("The report of a period is signed after it ends ({end}); {date} is not after that.")

    def message(self, gettext: Callable[[str], str] | None = None) -> str:
        tr = gettext or _
        params = {k: format_date(v, "long") for k, v in self.params.items()}
        return f"{tr(self.template).format(**params)} ({tr(self.citation)})"


class SignedInFuture(MonitoringError):
    template = N_("The signing date {date} has not come yet; enter the date written on the signed paper.")

    def message(self, gettext: Callable[[str], str] | None = None) -> str:
        tr = gettext or _
        return (
            f"{tr(self.template).format(date=format_date(self.params['date'], 'long'))} ({tr(self.citation)})"
        )


class NotSignedYet(MonitoringError):
    template = N_("Only a signed report is corrected by a new version; a draft is simply edited.")


class ReasonMissing(MonitoringError):
    template = N_("A corrected version says what it corrects: give the reason.")


class NotTheLatest(MonitoringError):
    template = N_("Version {version} has been corrected already; correct the latest version.")


def _now() -> datetime:
    return datetime.now(UTC)


def sign_report(
    store: Store,
    report_id: uuid.UUID,
    akim_name: str,
    finance_head_name: str,
    on: date,
    institution: str = "",
    *,
    today: date | None = None,
    clock: Clock = _now,
) -> ReportView:
    """Record the signatories and the date written on the paper; the report is frozen from then on."""
    if not akim_name.strip() or not finance_head_name.strip():
        raise SignatoryMissing()
    today = today or okrug_today(store)
    if on > today:
        raise SignedInFuture(date=on)
    with store.session() as s:
        report = load(s, report_id)
        editable(report)
        end = period_end(report.year, report.period)
        if on <= end:
            raise SignedBeforePeriodEnd(end=end, date=on)
        found = problems(view_of(s, report))
        if found:
            raise ReportNotSignable(found)
        report.akim_name = akim_name.strip()
        report.finance_head_name = finance_head_name.strip()
        if institution.strip():
            report.institution = institution.strip()
        report.signed_on = on
        report.signed_at = clock()
        s.flush()
        return view_of(s, report)


def correct_report(store: Store, report_id: uuid.UUID, reason: str) -> ReportView:
    """A new draft version of a signed report, with the same lines, that says what it corrects."""
    if not reason.strip():
        raise ReasonMissing()
    with store.session() as s:
        signed = load(s, report_id)
        if signed.signed_on is None:
            raise NotSignedYet()
        newer = s.scalars(
            select(MonitoringReport).where(
                MonitoringReport.year == signed.year,
                MonitoringReport.period == signed.period,
                MonitoringReport.version > signed.version,
            )
        ).first()
        if newer is not None:
            raise NotTheLatest(version=signed.version)
        draft = MonitoringReport(
            year=signed.year,
            period=signed.period,
            version=signed.version + 1,
            supersedes_id=signed.id,
            correction_reason=reason.strip(),
            institution=signed.institution,
            akim_name=signed.akim_name,
            finance_head_name=signed.finance_head_name,
        )
        draft.lines = [
            MonitoringLine(
                code=line.code,
                position=line.position,
                label=line.label,
                reason=line.reason,
                **{col: getattr(line, col) for col in COLUMNS},
            )
            for line in signed.lines
        ]
        s.add(draft)
        s.flush()
        return view_of(s, draft)
