"""The IIN check digit (two weight passes) and what the 7th digit says."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhoob_desktop.services.register.errors import InvalidIIN
from zhoob_desktop.services.register.iin import (
    check_digit,
    decode_iin,
    is_valid_iin,
    make_iin,
    normalize_iin,
    validate_iin,
)


def reference_check(body: str) -> int | None:
    """The algorithm written out independently: weights 1..11, then 3..11,1,2."""
    d = [int(c) for c in body]
    s = sum(d[i] * (i + 1) for i in range(11)) % 11
    if s == 10:
        w2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
        s = sum(d[i] * w2[i] for i in range(11)) % 11
        if s == 10:
            return None
    return s


def test_valid_first_pass():
    # 8+14+0+16+5+12+21+0+0+50+11 = 137; 137 % 11 = 5
    assert check_digit("87041230051") == 5
    assert validate_iin("870412300515") == "870412300515"
    assert is_valid_iin("870412300515")


def test_second_pass_used_when_first_gives_ten():
    # first pass: 8+14+16+5+12+21 = 76 -> 76 % 11 = 10; second: 24+28+24+7+16+27 = 126 -> 5
    assert check_digit("87041230000") == 5
    assert validate_iin("870412300005") == "870412300005"
    with pytest.raises(InvalidIIN):
        validate_iin("870412300000")  # the first pass's 10 is not a digit to accept


def test_prefix_where_both_passes_give_ten_is_never_valid():
    body = "87041230008"
    assert reference_check(body) is None
    assert check_digit(body) is None
    for last in "0123456789":
        assert not is_valid_iin(body + last)
    with pytest.raises(InvalidIIN) as err:
        validate_iin(body + "0")
    assert "no check digit" in err.value.message()


def test_wrong_check_digit_and_length():
    with pytest.raises(InvalidIIN) as err:
        validate_iin("870412300519")
    assert "check digit" in err.value.message()
    for bad in ("87041230051", "8704123005150", "87041230051x", "", "８７０４１２３００５１５"):
        with pytest.raises(InvalidIIN):
            validate_iin(bad)


def test_spaces_and_dashes_are_ignored():
    assert normalize_iin(" 870412 300 515 ") == "870412300515"
    assert validate_iin("870412-300515") == "870412300515"


def test_leading_zero_kept_and_decoded():
    iin = make_iin(date(2001, 2, 3), "F", 77)
    assert iin.startswith("0102036")
    info = decode_iin(validate_iin(iin))
    assert info.birth_date == date(2001, 2, 3) and info.sex == "F"


@pytest.mark.parametrize(
    ("digit", "year", "sex"),
    [
        ("1", 1887, "M"),
        ("2", 1887, "F"),
        ("3", 1987, "M"),
        ("4", 1987, "F"),
        ("5", 2087, "M"),
        ("6", 2087, "F"),
    ],
)
def test_century_and_sex(digit, year, sex):
    info = decode_iin(f"870412{digit}00000")
    assert info.birth_date == date(year, 4, 12) and info.sex == sex


def test_no_century_or_impossible_date_means_no_suggestion():
    assert decode_iin("870412000000").birth_date is None
    assert decode_iin("870412000000").sex is None
    assert decode_iin("870412700000").sex is None
    info = decode_iin("871332300000")  # month 13
    assert info.birth_date is None and info.sex == "M"


def test_make_iin_agrees_with_reference_everywhere():
    for serial in range(0, 400, 7):
        iin = make_iin(date(1960 + serial % 60, 1 + serial % 12, 1 + serial % 28), "MF"[serial % 2], serial)
        assert reference_check(iin[:11]) == int(iin[11])
        info = decode_iin(iin)
        assert info.sex == "MF"[serial % 2]


@settings(max_examples=300, deadline=None)
@given(st.dates(date(1800, 1, 1), date(2099, 12, 31)), st.sampled_from("MF"), st.integers(0, 9999))
def test_generated_iins_round_trip(born, sex, serial):
    iin = make_iin(born, sex, serial)
    assert validate_iin(iin) == iin
    assert decode_iin(iin).birth_date == born
    assert decode_iin(iin).sex == sex


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_check_digit_agrees_with_the_reference(body):
    assert check_digit(body) == reference_check(body)


def test_check_digit_of_other_scripts_digits_as_before():
    # Digits other than ASCII take the general path (validate_iin refuses them before this).
    body = "٨٧٠٤١٢٣٠٠٥١"
    assert check_digit(body) == reference_check(body)
