"""The report on the use of budget funds for local self-government (Order 405, appendix 1).

Amounts are thousand tenge to one decimal, as the form prints them: a typed
amount is rounded once (half up) when it is entered and kept in hundreds of
tenge, so every sum printed (lines 020, 030, 050, 100; columns 9 and 10)
equals the sum of the lines printed above it. Lines 020, 030, 050 and 100 are
computed and never typed in; columns 7-10 are computed from columns 4-6.

A signed report is frozen; a correction is a new version that keeps the
signed one (``signing.correct_report``). A new report carries the plans and
the expenditure directions of the period before it (``open_report``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import numbers
from sqlalchemy import func, select

from zhoob_desktop.models.monitoring import MonitoringLine, MonitoringReport
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_, babel_locale
from zhoob_desktop.services.monitoring.schedule import ORDER_405, PERIODS
from zhoob_desktop.services.store import Store

FIXED_LINES: tuple[tuple[str, str], ...] = (
    ("010", N_("Cash at the beginning of the year, total")),
    ("020", N_("Receipts of the reporting period, total (sum of lines 021-025)")),
    ("021", N_("Receipts from the lease of communal property managed by the akim")),
    ("022", N_("Fee for placing outdoor (visual) advertising")),
    (
        "023",
        N_(
            "Fines imposed by akims for administrative offences "
            "(Code of Administrative Offences art. 165, 300, 311 and 387)"
        ),
    ),
    ("024", N_("Voluntary contributions of individuals and legal entities")),
    ("025", N_("Other receipts")),
    ("030", N_("Total (lines 010 and 020)")),
    ("050", N_("Expenditures, total")),
    ("100", N_("Cash at the end of the reporting period, total")),
)
RECEIPT_CODES = ("021", "022", "023", "024", "025")
COMPUTED_CODES = ("020", "030", "050", "100")
COLUMNS = ("plan_approved", "plan_revised", "plan_half", "actual")
COLUMN_NUMBERS = {"plan_approved": 3, "plan_revised": 4, "plan_half": 5, "actual": 6}
TENTH = Decimal("0.1")
_PER_THOUSAND = Decimal(10)  # stored units (100 tenge each) in one thousand tenge


class MonitoringError(ZhoobError):
    citation = ORDER_405


class ReportSigned(MonitoringError):
    template = N_("The report for {period} has been signed and can no longer be changed.")


class LineIsComputed(MonitoringError):
    template = N_("Line {code} is computed from the other lines and cannot be typed in.")


class UnknownLine(MonitoringError):
    template = N_("The report has no line {code}.")


class BadAmount(MonitoringError):
    template = N_("“{value}” is not an amount in thousand tenge (line {code}).")


class NegativeAmount(MonitoringError):
    template = N_("Line {code}: an amount cannot be negative.")


class AmountTooLarge(MonitoringError):
    template = N_("Line {code}: {value} thousand tenge is more than a report of an okrug can hold.")


class DirectionNameMissing(MonitoringError):
    template = N_("An expenditure direction needs a name.")


class ReportNotFound(MonitoringError):
    template = N_("There is no such monitoring report.")


@dataclass(frozen=True)
class LineView:
    """A row of the form as shown and printed; amounts in thousand tenge with one decimal."""

    code: str
    fixed_label: str | None  # msgid of a fixed line
    direction: str  # name of an expenditure direction (lines 051...)
    computed: bool
    plan_approved: Decimal | None  # column 3
    plan_revised: Decimal | None  # column 4
    plan_half: Decimal | None  # column 5
    actual: Decimal | None  # column 6
    reason: str  # column 11

    def label(self, gettext: Callable[[str], str]) -> str:
        return gettext(self.fixed_label) if self.fixed_label else self.direction

    @property
    def is_direction(self) -> bool:
        return self.fixed_label is None

    @property
    def typed(self) -> bool:
        """A line whose amounts are typed in (receipts and directions; 010 is carried, not executed)."""
        return not self.computed and self.code != "010"

    @property
    def pct_revised(self) -> Decimal | None:
        """Column 7: actual against the revised annual plan, percent."""
        return _pct(self.actual, self.plan_revised)

    @property
    def pct_half(self) -> Decimal | None:
        """Column 8: actual against the plan of the period, percent."""
        return _pct(self.actual, self.plan_half)

    @property
    def diff_revised(self) -> Decimal | None:
        """Column 9: actual minus the revised annual plan."""
        return _diff(self.actual, self.plan_revised)

    @property
    def diff_half(self) -> Decimal | None:
        """Column 10: actual minus the plan of the period."""
        return _diff(self.actual, self.plan_half)

    @property
    def shortfall(self) -> Decimal | None:
        """Actual below the plan of the period (column 5, else the revised plan): the amount short."""
        diff = self.diff_half if self.plan_half is not None else self.diff_revised
        return -diff if diff is not None and diff < 0 else None

    @property
    def underperformed(self) -> bool:
        """Actual below plan with no reason given (column 11 expected)."""
        return self.typed and self.shortfall is not None and not self.reason.strip()

    @property
    def empty(self) -> bool:
        return all(getattr(self, c) is None for c in COLUMNS)


@dataclass(frozen=True)
class ReportView:
    id: uuid.UUID
    year: int
    period: str
    version: int
    supersedes_id: uuid.UUID | None
    correction_reason: str
    institution: str
    akim_name: str
    finance_head_name: str
    signed_on: date | None
    lines: tuple[LineView, ...]
    superseded_signed_on: date | None = None  # the date the version this one corrects was signed

    @property
    def signed(self) -> bool:
        return self.signed_on is not None

    @property
    def corrected(self) -> bool:
        return self.supersedes_id is not None

    def line(self, code: str) -> LineView:
        for line in self.lines:
            if line.code == code:
                return line
        raise UnknownLine(code=code)


def _pct(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return (part / whole * 100).quantize(TENTH, ROUND_HALF_UP)


def _diff(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None or b is None:
        return None
    return a - b


def _sum(values: list[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def format_amount(value: Decimal | None, lang: str | None = None) -> str:
    """An amount or a percentage as the form prints it: one decimal always (1 250,0 beside 314,2)."""
    if value is None:
        return ""
    return numbers.format_decimal(value, format="#,##0.0;-#,##0.0", locale=babel_locale(lang))


def to_thousands(stored: int | None) -> Decimal | None:
    """A stored amount (hundreds of tenge) in thousand tenge with its one decimal."""
    return None if stored is None else (Decimal(stored) / _PER_THOUSAND).quantize(TENTH)


# 10^12 thousand tenge: ten trillion tenge, far above any okrug's budget, and it still prints.
_LIMIT = Decimal(10) ** 12


def parse_amount(value: str | Decimal | int | float | None, code: str) -> int | None:
    """Thousand tenge as typed (``1 234,56`` or ``1234.5``) to the stored unit, rounded once to 0.1.

    Blank means no value. The stored unit is a tenth of a thousand tenge
    (100 tenge), so what is stored is exactly what the form prints.
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise BadAmount(value=value, code=code) from exc
    else:
        amount = Decimal(str(value))
    if not amount.is_finite():
        raise BadAmount(value=value, code=code)
    if amount < 0:
        raise NegativeAmount(code=code)
    if amount >= _LIMIT:
        raise AmountTooLarge(code=code, value=value)
    return int((amount * _PER_THOUSAND).quantize(Decimal(1), ROUND_HALF_UP))


def _view(report: MonitoringReport, superseded_signed_on: date | None = None) -> ReportView:
    rows = {line.code: line for line in report.lines}
    directions = sorted(
        (line for line in report.lines if 50 < int(line.code) < 100),
        key=lambda line: line.code,
    )
    values: dict[str, dict[str, int | None]] = {
        code: {col: getattr(line, col) for col in COLUMNS} for code, line in rows.items()
    }
    for col in COLUMNS:
        values["020"][col] = _sum([values[c][col] for c in RECEIPT_CODES])
        values["030"][col] = _sum([values["010"][col], values["020"][col]])
        values["050"][col] = _sum([values[d.code][col] for d in directions])
        end = values["030"][col]
        spent = values["050"][col]
        values["100"][col] = None if end is None and spent is None else (end or 0) - (spent or 0)

    def make(code: str, fixed_label: str | None) -> LineView:
        line = rows[code]
        return LineView(
            code=code,
            fixed_label=fixed_label,
            direction=line.label,
            computed=code in COMPUTED_CODES,
            reason=line.reason,
            **{col: to_thousands(values[code][col]) for col in COLUMNS},
        )

    lines: list[LineView] = []
    for code, label in FIXED_LINES:
        if code == "100":
            lines.extend(make(d.code, None) for d in directions)
        lines.append(make(code, label))
    return ReportView(
        report.id,
        report.year,
        report.period,
        report.version,
        report.supersedes_id,
        report.correction_reason,
        report.institution,
        report.akim_name,
        report.finance_head_name,
        report.signed_on,
        tuple(lines),
        superseded_signed_on,
    )


def view_of(session, report: MonitoringReport) -> ReportView:
    """The view of a stored report (with the signing date of the version it corrects)."""
    before = session.get(MonitoringReport, report.supersedes_id) if report.supersedes_id else None
    return _view(report, before.signed_on if before is not None else None)


def load(session, report_id: uuid.UUID) -> MonitoringReport:
    report = session.get(MonitoringReport, report_id)
    if report is None:
        raise ReportNotFound()
    return report


def editable(report: MonitoringReport) -> None:
    if report.signed_on is not None:
        raise ReportSigned(period=f"{report.year} ({report.period})")


def _latest(session, year: int, period: str) -> MonitoringReport | None:
    return session.scalars(
        select(MonitoringReport)
        .where(MonitoringReport.year == year, MonitoringReport.period == period)
        .order_by(MonitoringReport.version.desc())
    ).first()


def _previous_period(year: int, period: str) -> tuple[int, str]:
    """The period whose report a new one starts from: the half year for the year, last year for a half."""
    return (year, "half") if period == "year" else (year - 1, "year")


def _carry(session, report: MonitoringReport, year: int, period: str) -> None:
    """Start a new report from the one before: its directions, its plans, the cash it ended with.

    The year's report takes the half year's approved and revised plans (columns
    3 and 4), its directions with their plans, and its cash at the beginning of
    the year; a half year takes last year's directions (names only) and its cash
    at the end of the year (line 100) as the cash at the beginning (line 010).
    """
    source_year, source_period = _previous_period(year, period)
    source = _latest(session, source_year, source_period)
    if source is None:
        return
    lines = {line.code: line for line in report.lines}
    if period == "year":
        for old in source.lines:
            target = lines.get(old.code)
            if old.label and target is None:
                target = MonitoringLine(code=old.code, position=old.position, label=old.label)
                report.lines.append(target)
                lines[old.code] = target
            if target is None or old.code in COMPUTED_CODES:
                continue
            target.plan_approved, target.plan_revised = old.plan_approved, old.plan_revised
            if old.code == "010":
                target.plan_half, target.actual = old.plan_half, old.actual
    else:
        for old in source.lines:
            if old.label and old.code not in lines:
                report.lines.append(MonitoringLine(code=old.code, position=old.position, label=old.label))
        end = _view(source).line("100").actual
        if end is not None and end >= 0:
            stored = int(end * _PER_THOUSAND)
            for col in COLUMNS:
                setattr(lines["010"], col, stored)


def open_report(store: Store, year: int, period: str, institution: str = "") -> ReportView:
    """The latest version of the report for a period, created with the form's lines if there is none.

    A new report starts from the report of the period before it (``_carry``).
    """
    if period not in PERIODS:
        raise ValueError(f"unknown period: {period}")
    with store.session() as s:
        report = _latest(s, year, period)
        if report is None:
            report = MonitoringReport(year=year, period=period, institution=institution, version=1)
            report.lines = [
                MonitoringLine(code=code, position=i * 10) for i, (code, _label) in enumerate(FIXED_LINES)
            ]
            s.add(report)
            s.flush()
            _carry(s, report, year, period)
            if not institution:
                previous = _latest(s, *_previous_period(year, period))
                report.institution = previous.institution if previous is not None else ""
            s.flush()
        return view_of(s, report)


def get_report(store: Store, report_id: uuid.UUID) -> ReportView:
    with store.session() as s:
        return view_of(s, load(s, report_id))


@dataclass(frozen=True)
class ReportEntry:
    """A version of a report as the lists show it."""

    id: uuid.UUID
    year: int
    period: str
    version: int
    signed_on: date | None

    @property
    def signed(self) -> bool:
        return self.signed_on is not None


def list_reports(store: Store, year: int | None = None, period: str | None = None) -> list[ReportEntry]:
    """Every version of every report (or of one period), newest first."""
    with store.session() as s:
        q = select(
            MonitoringReport.id,
            MonitoringReport.year,
            MonitoringReport.period,
            MonitoringReport.version,
            MonitoringReport.signed_on,
        ).order_by(
            MonitoringReport.year.desc(), MonitoringReport.period.desc(), MonitoringReport.version.desc()
        )
        if year is not None:
            q = q.where(MonitoringReport.year == year)
        if period is not None:
            q = q.where(MonitoringReport.period == period)
        return [ReportEntry(*row) for row in s.execute(q).all()]


def first_signed_on(store: Store, year: int, period: str) -> date | None:
    """The day the report of a period was first signed (Order 405 step 1 done), or None."""
    with store.session() as s:
        return s.scalar(
            select(func.min(MonitoringReport.signed_on)).where(
                MonitoringReport.year == year, MonitoringReport.period == period
            )
        )


def set_line(store: Store, report_id: uuid.UUID, code: str, **fields) -> ReportView:
    """Set amounts (thousand tenge, text or number; blank clears) and/or the reason of one line."""
    if code in COMPUTED_CODES:
        raise LineIsComputed(code=code)
    unknown = set(fields) - {*COLUMNS, "reason", "direction"}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    with store.session() as s:
        report = load(s, report_id)
        editable(report)
        line = next((ln for ln in report.lines if ln.code == code), None)
        if line is None:
            raise UnknownLine(code=code)
        for col in COLUMNS:
            if col in fields:
                setattr(line, col, parse_amount(fields[col], code))
        if "reason" in fields:
            line.reason = (fields["reason"] or "").strip()
        if "direction" in fields and line.label:
            name = (fields["direction"] or "").strip()
            if not name:
                raise DirectionNameMissing()
            line.label = name
        s.flush()
        return view_of(s, report)


def add_direction(store: Store, report_id: uuid.UUID, name: str) -> ReportView:
    """Add an expenditure direction (lines 051, 052, ...) under line 050."""
    if not name.strip():
        raise DirectionNameMissing()
    with store.session() as s:
        report = load(s, report_id)
        editable(report)
        # Directions are numbered from 051 up to 099, past 059 too (the codes between 050 and 100).
        used = [int(ln.code) for ln in report.lines if 50 < int(ln.code) < 100]
        number = max(used, default=50) + 1
        if number > 99:
            raise MonitoringError(N_("A report holds at most 49 expenditure directions."))
        report.lines.append(MonitoringLine(code=f"{number:03d}", position=85, label=name.strip()))
        s.flush()
        return view_of(s, report)


def remove_direction(store: Store, report_id: uuid.UUID, code: str) -> ReportView:
    with store.session() as s:
        report = load(s, report_id)
        editable(report)
        line = next((ln for ln in report.lines if ln.code == code and ln.label), None)
        if line is None:
            raise UnknownLine(code=code)
        report.lines.remove(line)
        s.flush()
        return view_of(s, report)
