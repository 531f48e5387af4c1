"""Understanding one cell of a list: IINs stored as numbers, dates in many shapes, sex, names, addresses.

Each parser returns the value and, when the cell had to be interpreted, a
warning msgid; a cell that cannot be understood raises ``CellError``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.register.search import fold


class CellError(Exception):
    """A cell that cannot be understood: ``template`` is a msgid, ``params`` fill it."""

    def __init__(self, template: str, **params: Any):
        super().__init__(template)
        self.template = template
        self.params = params


def text(value: Any) -> str:
    """A cell as trimmed text with inner runs of spaces collapsed ("" for empty)."""
    if value is None:
        return ""
    if type(value) is str:
        stripped = value.strip()
        if "  " not in stripped and "\u00a0" not in stripped and "\t" not in stripped and "\n" not in stripped \
                and "\r" not in stripped:  # fmt: skip
            return stripped  # the usual clean cell: nothing to collapse
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).replace("\u00a0", " ").split())


def is_blank(values: tuple[Any, ...]) -> bool:
    return all(text(v) == "" for v in values)


# Words that open the totals line akimats put under a list ("Итого: 250 человек", "Барлығы: 250").
_TOTALS = re.compile(r"^(итого|всего|барлығы|барлыгы|жиыны|total)\b", re.IGNORECASE)


_IIN_LIKE = re.compile(r"\d{11,12}")


def is_totals_line(values: tuple[Any, ...]) -> bool:
    """A totals line: its first text cell opens with a totals word and no cell holds an IIN.

    The first text cell is looked at first: on a list's ordinary rows it is a
    name, and no other cell needs reading.
    """
    first = None
    for v in values:
        cell = text(v)
        if cell and not cell.replace(".", "").isdigit():
            first = cell
            break
    if first is None or not _TOTALS.match(first.strip().lstrip("-–—").strip()):
        return False
    return not any(_IIN_LIKE.fullmatch(text(v).replace(" ", "")) for v in values)


# --- IIN ---------------------------------------------------------------------------------------


def iin_cell(value: Any) -> tuple[str | None, str | None]:
    """(12 digits or None, warning msgid or None) from a cell holding an IIN.

    Handles numbers (the leading zero lost), floats, scientific text
    ("8,70412300515E+11"), apostrophes and spaces typed between groups.
    """
    if type(value) is str and len(value) == 12 and value.isdigit() and value.isascii():
        return value, None  # the usual cell: twelve digits written as text
    warning = None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        raise CellError(N_("The IIN {value} is not a number."), value=value)
    if isinstance(value, int):
        digits = str(value)
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError(N_("The IIN {value} is not a whole number."), value=value)
        digits = str(int(value))
    else:
        raw = str(value).replace("\u00a0", " ").strip().lstrip("'")
        compact = re.sub(r"[\s\-.]", "", raw) if "e" not in raw.lower() else raw.replace(" ", "")
        if compact.isascii() and compact.isdigit():
            digits = compact
        else:
            try:
                number = Decimal(compact.replace(",", "."))
            except InvalidOperation:
                raise CellError(N_("The IIN {value} is not a number."), value=raw) from None
            if number != number.to_integral_value():
                raise CellError(N_("The IIN {value} is not a whole number."), value=raw)
            digits = str(int(number))
            warning = N_("The IIN was written in scientific notation; check that no digit was lost.")
    # A spreadsheet keeps an IIN typed as a number without its leading zeros (three for a birth in
    # January-September 2000); text keeps them, so only one missing digit is taken for a lost zero.
    numeric = isinstance(value, (int, float)) or warning is not None
    if digits.isdigit() and (len(digits) == 11 or (numeric and 6 <= len(digits) < 12)):
        digits = digits.zfill(12)
        warning = warning or N_("The IIN was stored without its leading zeros; they were restored.")
    return digits, warning


# --- dates -------------------------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_TEXT = re.compile(r"^(\d{1,2})[./\-\s](\d{1,2})[./\-\s](\d{2}|\d{4})(?:\s*(?:ж|г|жыл|год)\.?)?$")
_DATE_TIME_TEXT = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4} \d")
_ISO_TEXT = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[ T].*)?$")


def date_cell(value: Any, today: date) -> tuple[date | None, str | None]:
    """(date or None, warning msgid or None) from an Excel date, a serial number or text.

    Text: dd.mm.yyyy, d.m.yy, dd/mm/yyyy, yyyy-mm-dd (a time part is ignored).
    A two-digit year is in this century unless that would be in the future.
    """
    if value is None:
        return None, None
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 100000:  # an Excel serial day number whose date format was lost
            return _EXCEL_EPOCH + timedelta(days=int(value)), N_(
                "The date was stored as a number; it was read as an Excel date."
            )
        raise CellError(N_("The date {value} is not understood; write it as dd.mm.yyyy."), value=value)
    raw = text(value)
    if not raw:
        return None, None
    if len(raw) == 10 and raw[2] == raw[5] == "." and raw.isascii():
        day, month, year = raw[:2], raw[3:5], raw[6:]
        if day.isdigit() and month.isdigit() and year.isdigit():  # dd.mm.yyyy, as most lists write it
            try:
                return date(int(year), int(month), int(day)), None
            except ValueError:
                raise CellError(N_("The date {value} does not exist."), value=raw) from None
    raw_date = raw.split(" ")[0] if _DATE_TIME_TEXT.match(raw) else raw
    try:
        m = _DATE_TEXT.match(raw_date)
        if m:
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if len(m.group(3)) == 2:
                year += 2000
                if date(year, 1, 1) > today:
                    year -= 100
            return date(year, month, day), None
        m = _ISO_TEXT.match(raw)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), None
    except ValueError:
        raise CellError(N_("The date {value} does not exist."), value=raw) from None
    raise CellError(N_("The date {value} is not understood; write it as dd.mm.yyyy."), value=raw)


# --- sex ---------------------------------------------------------------------------------------

_SEX = {
    "м": "M",
    "муж": "M",
    "мужской": "M",
    "мужчина": "M",
    "ер": "M",
    "еркек": "M",
    "е": "M",
    "m": "M",
    "male": "M",
    "ж": "F",
    "жен": "F",
    "женский": "F",
    "женщина": "F",
    "айел": "F",  # әйел folded
    "а": "F",
    "f": "F",
    "female": "F",
}


def sex_cell(value: Any) -> str | None:
    """ "M", "F" or None from ер/әйел, м/ж, муж/жен, М/Ж, M/F (any case, with or without a dot)."""
    raw = text(value)
    if not raw:
        return None
    key = fold(raw).rstrip(".")
    if key in _SEX:
        return _SEX[key]
    latin = raw.strip().rstrip(".").lower()
    if latin in _SEX:
        return _SEX[latin]
    raise CellError(N_("The sex {value} is not understood; write ер/әйел, м/ж or M/F."), value=raw)


# --- names -------------------------------------------------------------------------------------


def split_full_name(value: Any) -> tuple[str, str, str]:
    """(surname, given name, patronymic) from "Тегі Аты Әкесінің аты" in one cell."""
    words = text(value).split(" ")
    if len(words) < 2 or not words[0]:
        raise CellError(
            N_("The full name {value} needs at least a surname and a given name."), value=text(value)
        )
    return words[0], words[1], " ".join(words[2:])


# --- addresses ---------------------------------------------------------------------------------

_SETTLEMENT_MARK = re.compile(
    r"^(?:с\.|село|а\.|ауылы?|п\.|пос\.|посёлок|поселок|aуыл)\s*|\s+(?:ауылы?|а\.|селосы|село|с\.)$",
    re.IGNORECASE,
)
_STREET_WORDS = re.compile(
    r"(?:^|\s)(?:ул\.?|улица|көшесі|көше|к-сі|к\.|пр\.?|проспект|даңғылы|пер\.?|переулок|тұйығы|"
    r"мкр\.?|микрорайон|ықшамаудан|шағын\s+аудан)(?:\s|$)",
    re.IGNORECASE,
)
_HOUSE_MARK = re.compile(r"^(?:д\.|дом|үй|уй|№)\s*|\s*(?:-?үй)$", re.IGNORECASE)
_APT_MARK = re.compile(r"^(?:кв\.?|квартира|пәтер)\s*|\s*(?:-?пәтер)$", re.IGNORECASE)
_HOUSE_LIKE = re.compile(r"^\d+[\w/\-]*$")
_TRAILING_NUMBER = re.compile(r"^(.*\D)\s+(\d+[\w/]*)$")


def settlement_name(value: str) -> str:
    """A settlement name without its "с." / "ауылы" marks: "с. Карагайлы" -> "Карагайлы"."""
    name = text(value)
    for _ in range(2):
        name = _SETTLEMENT_MARK.sub("", name).strip()
    return name


def house_number(value: Any) -> str:
    return _HOUSE_MARK.sub("", text(value)).strip()


def apartment_number(value: Any) -> str:
    return _APT_MARK.sub("", text(value)).strip()


def split_address(value: Any, known_settlements: set[str]) -> tuple[str, str, str, str]:
    """(settlement, street, house, apartment) from an address in one cell.

    Parts are separated by commas; marks (с., ауылы, ул., көшесі, д., үй,
    кв., пәтер) tell the parts apart, a bare number is the house, and a
    part naming a known settlement is that settlement.
    """
    settlement = street = house = apartment = ""
    parts = [p.strip() for p in text(value).split(",") if p.strip()]
    leftovers: list[tuple[int, str]] = []
    street_at = len(parts)
    for index, part in enumerate(parts):
        low = part.lower()
        if _APT_MARK.search(low) and not _STREET_WORDS.search(low):
            apartment = apartment_number(part)
        elif _HOUSE_MARK.search(low) or _HOUSE_LIKE.match(part):
            if house and not apartment:
                apartment = apartment_number(part)
            else:
                house = house_number(part)
        elif _STREET_WORDS.search(low):
            m = _TRAILING_NUMBER.match(part)
            if m and not house:
                part, house = m.group(1).strip(), m.group(2)
            street, street_at = part, index
        elif _SETTLEMENT_MARK.search(part) or fold(settlement_name(part)) in known_settlements:
            settlement = settlement_name(part)
        else:
            leftovers.append((index, part))
    for index, part in leftovers:  # unmarked parts: the settlement comes first, then the street
        if not settlement and (not street or index < street_at):
            settlement = settlement_name(part)
        elif not street:
            m = _TRAILING_NUMBER.match(part)
            if m and not house:
                part, house = m.group(1).strip(), m.group(2)
            street = part
    return settlement, street, house, apartment
