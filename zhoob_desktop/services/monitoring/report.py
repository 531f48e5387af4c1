"""The report on the use of budget funds for local self-government (Order 405, appendix 1).

Amounts are kept in tenge and shown in thousand tenge, as the form requires.
Lines 020, 030, 050 and 100 are computed and never typed in; columns 7-10
are computed from columns 4-6.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy import select

from zhoob_desktop.models.monitoring import MonitoringLine, MonitoringReport
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
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
_THOUSAND = Decimal(1000)


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


class DirectionNameMissing(MonitoringError):
    template = N_("An expenditure direction needs a name.")


class SignatoryMissing(MonitoringError):
    template = N_("The report is signed by the akim and the head of the finance service: enter both names.")


@dataclass(frozen=True)
class LineView:
    """A row of the form as shown and printed; amounts in thousand tenge."""

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
    def pct_revised(self) -> Decimal | None:
        """Column 7: actual against the revised annual plan, percent."""
        return _pct(self.actual, self.plan_revised)

    @property
    def pct_half(self) -> Decimal | None:
        """Column 8: actual against the half-year plan, percent."""
        return _pct(self.actual, self.plan_half)

    @property
    def diff_revised(self) -> Decimal | None:
        """Column 9: actual minus the revised annual plan."""
        return _diff(self.actual, self.plan_revised)

    @property
    def diff_half(self) -> Decimal | None:
        """Column 10: actual minus the half-year plan."""
        return _diff(self.actual, self.plan_half)

    @property
    def underperformed(self) -> bool:
        """Actual below plan with no reason given (column 11 expected)."""
        diff = self.diff_half if self.plan_half is not None else self.diff_revised
        return (
            diff is not None
            and diff < 0
            and not self.reason.strip()
            and not self.computed
            and self.code != "010"
        )


@dataclass(frozen=True)
class ReportView:
    id: uuid.UUID
    year: int
    period: str
    institution: str
    akim_name: str
    finance_head_name: str
    signed_on: date | None
    lines: tuple[LineView, ...]

    @property
    def signed(self) -> bool:
        return self.signed_on is not None

    def line(self, code: str) -> LineView:
        for line in self.lines:
            if line.code == code:
                return line
        raise UnknownLine(code=code)


def _pct(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return (part / whole * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _diff(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None or b is None:
        return None
    return a - b


def _sum(values: list[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def to_thousands(tenge: int | None) -> Decimal | None:
    return None if tenge is None else (Decimal(tenge) / _THOUSAND).quantize(Decimal("0.1"), ROUND_HALF_UP)


def parse_amount(value: str | Decimal | int | float | None, code: str) -> int | None:
    """Thousand tenge as typed (``1 234,5`` or ``1234.5``) to whole tenge; blank means no value."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.replace("\u00a0", "").replace(" ", "").replace(",", ".")
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
    return int((amount * _THOUSAND).quantize(Decimal(1), ROUND_HALF_UP))


def _view(report: MonitoringReport) -> ReportView:
    rows = {line.code: line for line in report.lines}
    directions = sorted(
        (line for line in report.lines if line.code.startswith("05") and line.code != "050"),
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
        report.institution,
        report.akim_name,
        report.finance_head_name,
        report.signed_on,
        tuple(lines),
    )


def _load(session, report_id: uuid.UUID) -> MonitoringReport:
    report = session.get(MonitoringReport, report_id)
    if report is None:
        raise ValueError(f"no monitoring report {report_id}")
    return report


def _editable(report: MonitoringReport) -> None:
    if report.signed_on is not None:
        raise ReportSigned(period=f"{report.year} ({report.period})")


def open_report(store: Store, year: int, period: str, institution: str = "") -> ReportView:
    """The report for a period, created with the form's fixed lines if it does not exist yet."""
    if period not in PERIODS:
        raise ValueError(f"unknown period: {period}")
    with store.session() as s:
        report = s.scalars(
            select(MonitoringReport).where(MonitoringReport.year == year, MonitoringReport.period == period)
        ).first()
        if report is None:
            report = MonitoringReport(year=year, period=period, institution=institution)
            report.lines = [
                MonitoringLine(code=code, position=i * 10) for i, (code, _label) in enumerate(FIXED_LINES)
            ]
            s.add(report)
            s.flush()
        return _view(report)


def get_report(store: Store, report_id: uuid.UUID) -> ReportView:
    with store.session() as s:
        return _view(_load(s, report_id))


def list_reports(store: Store) -> list[tuple[uuid.UUID, int, str, bool]]:
    """(id, year, period, signed) of every report, newest first."""
    with store.session() as s:
        rows = s.execute(
            select(
                MonitoringReport.id,
                MonitoringReport.year,
                MonitoringReport.period,
                MonitoringReport.signed_on,
            ).order_by(MonitoringReport.year.desc(), MonitoringReport.period.desc())
        ).all()
        return [(r.id, r.year, r.period, r.signed_on is not None) for r in rows]


def set_line(store: Store, report_id: uuid.UUID, code: str, **fields) -> ReportView:
    """Set amounts (thousand tenge, text or number; blank clears) and/or the reason of one line."""
    if code in COMPUTED_CODES:
        raise LineIsComputed(code=code)
    unknown = set(fields) - {*COLUMNS, "reason", "direction"}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    with store.session() as s:
        report = _load(s, report_id)
        _editable(report)
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
        return _view(report)


def add_direction(store: Store, report_id: uuid.UUID, name: str) -> ReportView:
    """Add an expenditure direction (lines 051, 052, ...) under line 050."""
    if not name.strip():
        raise DirectionNameMissing()
    with store.session() as s:
        report = _load(s, report_id)
        _editable(report)
        used = [int(ln.code) for ln in report.lines if ln.code.startswith("05") and ln.code != "050"]
        number = max(used, default=50) + 1
        if number > 99:
            raise MonitoringError(N_("A report holds at most 49 expenditure directions."))
        report.lines.append(MonitoringLine(code=f"{number:03d}", position=85, label=name.strip()))
        s.flush()
        return _view(report)


def remove_direction(store: Store, report_id: uuid.UUID, code: str) -> ReportView:
    with store.session() as s:
        report = _load(s, report_id)
        _editable(report)
        line = next((ln for ln in report.lines if ln.code == code and ln.label), None)
        if line is None:
            raise UnknownLine(code=code)
        report.lines.remove(line)
        s.flush()
        return _view(report)


def sign_report(
    store: Store,
    report_id: uuid.UUID,
    akim_name: str,
    finance_head_name: str,
    on: date,
    institution: str = "",
) -> ReportView:
    """Record the signatories and the date; the report is frozen from then on."""
    if not akim_name.strip() or not finance_head_name.strip():
        raise SignatoryMissing()
    with store.session() as s:
        report = _load(s, report_id)
        _editable(report)
        report.akim_name = akim_name.strip()
        report.finance_head_name = finance_head_name.strip()
        if institution.strip():
            report.institution = institution.strip()
        report.signed_on = on
        s.flush()
        return _view(report)
