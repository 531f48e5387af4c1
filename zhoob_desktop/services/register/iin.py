"""The IIN (ЖСН/ИИН): 12 digits, a check digit, and the birth date and sex it may encode.

Check digit: weighted sum of the first 11 digits with weights 1..11, modulo
11; when that gives 10, a second pass uses weights 3..11, 1, 2; when the
second pass gives 10 as well, no check digit exists and the number is
invalid. The 7th digit encodes century and sex (1-2: 1800s, 3-4: 1900s,
5-6: 2000s; odd is male). Since 2013 an IIN need not encode them, so
whatever is derived from it is a suggestion, never a rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import mul

from zhoob_desktop.services.register.errors import InvalidIIN

WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


@dataclass(frozen=True)
class IinInfo:
    """What an IIN says about its holder, when it says anything (``None`` otherwise)."""

    iin: str
    birth_date: date | None
    sex: str | None  # "M" or "F"


def check_digit(first11: str) -> int | None:
    """The check digit for 11 digits, or None when both passes give 10 (no valid IIN)."""
    if len(first11) != 11:
        raise ValueError(f"11 digits expected, got {first11!r}")
    if first11.isascii() and first11.isdigit():
        # The character codes stand for the digits: each code is its digit plus 48, and both
        # weight sets add up to 66, so the sum is off by 48 * 66 = 11 * 288, nothing modulo 11.
        digits: bytes | list[int] = first11.encode("ascii")
    else:
        digits = [int(c) for c in first11]
    total = sum(map(mul, digits, WEIGHTS_1)) % 11
    if total == 10:
        total = sum(map(mul, digits, WEIGHTS_2)) % 11
        if total == 10:
            return None
    return total


def normalize_iin(text: str) -> str:
    """Digits only (spaces, dashes and dots typed between groups removed)."""
    if type(text) is str and text.isdigit():
        return text  # the usual case: nothing to remove
    return "".join(ch for ch in str(text) if not ch.isspace() and ch not in "-.")


def validate_iin(text: str) -> str:
    """The normalized IIN, or ``InvalidIIN`` naming what is wrong."""
    iin = normalize_iin(text)
    if len(iin) != 12 or not iin.isascii() or not iin.isdigit():
        raise InvalidIIN(InvalidIIN.not_12_digits, iin=text)
    expected = check_digit(iin[:11])
    if expected is None:
        raise InvalidIIN(InvalidIIN.no_check_digit, iin=iin)
    if expected != int(iin[11]):
        raise InvalidIIN(InvalidIIN.wrong_check_digit, iin=iin)
    return iin


def is_valid_iin(text: str) -> bool:
    try:
        validate_iin(text)
    except InvalidIIN:
        return False
    return True


def decode_iin(iin: str) -> IinInfo:
    """Birth date and sex encoded in a (valid) IIN, each None when not encoded."""
    marker = int(iin[6])
    century = _CENTURY.get(marker)
    if century is None:
        return IinInfo(iin, None, None)
    sex = "M" if marker % 2 == 1 else "F"
    try:
        born = date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        born = None
    return IinInfo(iin, born, sex)


def make_iin(born: date, sex: str, serial: int) -> str:
    """A valid IIN for a birth date, sex and 4-digit serial (demo data and tests).

    The serial is moved on until a check digit exists.
    """
    century_digit = {1800: 1, 1900: 3, 2000: 5}[born.year // 100 * 100] + (0 if sex == "M" else 1)
    for step in range(10000):
        body = f"{born:%y%m%d}{century_digit}{(serial + step) % 10000:04d}"
        digit = check_digit(body)
        if digit is not None:
            return f"{body}{digit}"
    raise ValueError("no serial gives a check digit")  # unreachable: most serials work
