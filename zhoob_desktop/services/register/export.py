"""Export of the register to xlsx or CSV, in columns the importer reads back."""

from __future__ import annotations

import csv
import io
import sys
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import select

from zhoob_desktop.models.register import Resident, SocialStatus, resident_status
from zhoob_desktop.services.files import atomic_write_bytes
from zhoob_desktop.services.i18n import N_, Translator, get_language
from zhoob_desktop.services.register.errors import RegisterError
from zhoob_desktop.services.register.importer_columns import FIELDS
from zhoob_desktop.services.register.membership import adult_age
from zhoob_desktop.services.register.query import ResidentFilter, address_select, filter_clauses
from zhoob_desktop.services.store import Store

COLUMNS = (
    "surname",
    "given_name",
    "patronymic",
    "iin",
    "birth_date",
    "sex",
    "settlement",
    "street",
    "house",
    "apartment",
    "phone",
    "statuses",
    "registered_on",
)
# Sex as an akimat's list writes it, per language.
SEX_WORDS = {"kk": {"M": "ер", "F": "әйел"}, "ru": {"M": "М", "F": "Ж"}, "en": {"M": "M", "F": "F"}}


class UnknownExportType(RegisterError):
    template = N_("Export writes .xlsx or .csv files, not {suffix}.")


class ExportReasonNeeded(RegisterError):
    template = N_(
        "Say why the register is exported (for whom, for what): a file of residents' personal data "
        "leaves the encrypted store, and the reason is kept in the audit."
    )


def _rows(store: Store, flt: ResidentFilter, lang: str) -> list[list[object]]:
    on = flt.member_on or date.today()
    with store.session() as s:
        names = {}
        for sid, code, kk, ru, en in s.execute(
            select(
                SocialStatus.id,
                SocialStatus.code,
                SocialStatus.name_kk,
                SocialStatus.name_ru,
                SocialStatus.name_en,
            )
        ):
            names[sid] = {"kk": kk, "ru": ru, "en": en}.get(lang) or kk or code
        statuses: dict[object, list[str]] = defaultdict(list)
        for rid, sid in s.execute(select(resident_status.c.resident_id, resident_status.c.status_id)):
            statuses[rid].append(names[sid])
        clauses, params = filter_clauses(flt, on, adult_age(store))
        query = (
            address_select(Resident.phone, Resident.registered_on)
            .where(*clauses)
            .order_by(Resident.search_key, Resident.id)
        )
        sex_words = SEX_WORDS.get(lang, SEX_WORDS["en"])
        out = []
        for rid, sur, giv, pat, iin, born, sex, sname, stname, hnum, apt, phone, reg in s.execute(
            query, params
        ):
            out.append(
                [
                    sur, giv, pat, iin or "", born, sex_words.get(sex or "", ""), sname or "", stname or "",
                    hnum or "", apt, phone, "; ".join(sorted(statuses.get(rid, ()))), reg,
                ]
            )  # fmt: skip
        return out


def export_residents(
    store: Store,
    path: str | Path,
    flt: ResidentFilter = ResidentFilter(),
    *,
    lang: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    reason: str = "",
) -> int:
    """Write the residents matching a filter to ``path`` (.xlsx or .csv); returns the count.

    Headers are in ``lang`` (the UI language by default); the IIN is written
    as text so its leading zero survives; the file is written atomically.
    The file leaves the encrypted store: the operator needs the right to
    export and must give the reason, which the audit keeps with the count.
    """
    from zhoob_desktop.services.security import audit, roles

    roles.require(store, "register.export")
    if store.operator is not None and not reason.strip():
        raise ExportReasonNeeded()
    path = Path(path)
    lang = lang or get_language()
    t = Translator(lang)
    headers = [t._(FIELDS[c][0]) for c in COLUMNS]
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UnknownExportType(suffix=suffix or path.name)
    rows = _rows(store, flt, lang)
    if progress:
        progress(0, len(rows))
    if suffix == ".csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=csv_delimiter(), lineterminator="\r\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else f"{v:%d.%m.%Y}" if isinstance(v, date) else v for v in row])
        data = buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8
    else:
        data = _xlsx(headers, rows, t._("Register of residents"))
    atomic_write_bytes(path, data)
    audit.record(
        store, "register.exported", detail={"reason": reason.strip(), "count": len(rows), "file": path.name}
    )
    if progress:
        progress(len(rows), len(rows))
    return len(rows)


def csv_delimiter(read_list_separator: Callable[[], str | None] | None = None) -> str:
    """The separator Excel expects when it opens a CSV file on this computer.

    Excel splits a CSV file at the "list separator" of Windows' regional
    settings: ";" where the decimal mark is a comma (Kazakh and Russian
    settings), "," with English ones. Elsewhere, and when the setting cannot
    be read, ";" (the settings of the laptops the program is made for).
    """
    separator = (read_list_separator or _windows_list_separator)()
    return separator if separator in (";", ",", "\t", "|") else ";"


def _windows_list_separator() -> str | None:
    if sys.platform != "win32":
        return None
    try:  # pragma: no cover - Windows only
        import winreg

        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, r"Control Panel\International") as key:
            return str(winreg.QueryValueEx(key, "sList")[0])
    except OSError:  # pragma: no cover
        return None


def _xlsx(headers: list[str], rows: list[list[object]], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJKLM", (18, 14, 18, 15, 12, 7, 16, 22, 8, 8, 16, 26, 12), strict=True):
        ws.column_dimensions[letter].width = width
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    date_columns = {COLUMNS.index("birth_date"), COLUMNS.index("registered_on")}
    for row in rows:
        out = []
        for i, value in enumerate(row):
            if i in date_columns and value is not None:
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = "DD.MM.YYYY"
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
