"""Reading a row the short way gives what reading it in full gives, for clean and messy rows alike."""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest

from zhoob_desktop.services.register.iin import make_iin
from zhoob_desktop.services.register.importer import _known_settlements
from zhoob_desktop.services.register.importer_plan import Parser, status_lookup

from .conftest import TODAY

NAMES = ["Қасымов", "Нұрова", "Ли", "О'Нил", "Әбілқайыр", " Сейіт ", "ahmetov", "Иванова-Петрова", ""]
GIVEN = ["Ерлан", "Әсем", "Анна", 'Мэри "Энн"', " Нұр  Сұлтан ", "", "Aйгүл"]
PATRONYMIC = ["Серікұлы", "Қайратқызы", "", "Иванович", "  "]


def _iins(rng: random.Random) -> list[object]:
    born = date(1950, 1, 1) + (date(2020, 1, 1) - date(1950, 1, 1)) * rng.random()
    good = make_iin(born, rng.choice("MF"), rng.randrange(10000))
    return [
        good,
        good,
        good,
        int(good),  # leading zero lost for births in 2000-2009
        float(good),
        f"{int(good):.11E}",
        f"'{good}",
        f"{good[:6]} {good[6:]}",
        good[:11],
        good[:11] + str((int(good[11]) + 1) % 10),  # wrong check digit
        "12345678901x",
        None,
        "",
        "  ",
        "ЖСН жоқ",
        True,
    ]


def _dates(rng: random.Random, iin: object) -> list[object]:
    encoded = None
    if isinstance(iin, str) and len(iin) == 12 and iin.isdigit() and iin[6] in "3456":
        century = 1900 if iin[6] in "34" else 2000
        try:
            encoded = date(century + int(iin[:2]), int(iin[2:4]), int(iin[4:6]))
        except ValueError:
            encoded = None
    other = date(1940, 1, 1) + (date(2025, 1, 1) - date(1940, 1, 1)) * rng.random()
    shown = [encoded, encoded, other] if encoded else [other]
    out: list[object] = []
    for day in shown:
        out += [day.strftime("%d.%m.%Y"), day.strftime("%d.%m.%Y")]
    out += [
        other.strftime("%d/%m/%Y"),
        other.strftime("%Y-%m-%d"),
        other.strftime("%d.%m.%y"),
        other.strftime("%d.%m.%Y") + " ж.",
        datetime(other.year, other.month, other.day),
        other,
        40000,
        "31.02.1990",
        "12.04.2030",  # in the future
        "вчера",
        None,
        "",
        " 01.02.1980 ",
    ]
    return out


SEXES = ["ер", "әйел", "М", "ж", "муж", "жен.", "F", "male", "", None, "?", "ер ", "Ер"]
VILLAGES = ["Көктөбе", "Ақсу", "с. Қарағайлы", "КӨКТӨБЕ ", "", None]
STREETS = ["Абай көшесі", "ул. Абая", "", None, "Абай  көшесі"]
HOUSES = ["12", "3а", "", None, 7, "д. 5"]
APARTMENTS = ["5", "", None, "кв. 7"]
WHOLE_ADDRESSES = [
    "с. Карагайлы, ул. Абая, д. 12, кв. 5",
    "Көктөбе, Абай көшесі, 3",
    "Ақсу",
    "Абай көшесі 12",
    "",
    None,
]
STATUSES = ["зейнеткер", "Пенсионер; ветеран", "", None, "көп балалы", "белгісіз", "pensioner, pensioner"]
PHONES = ["87011234567", "", None, 87011234567, "8 701 \\ 2"]


def _row(rng: random.Random, layout: str) -> tuple[object, ...]:
    def pick(options: list[object]) -> object:  # the first option is a clean cell: most cells are
        return options[0] if rng.random() < 0.7 else rng.choice(options)

    iin = pick(_iins(rng))
    birth = pick(_dates(rng, iin))
    registered = pick(["01.02.2010", None, "", "2010-02-01", "вчера", 40000])
    sex, statuses, phone = pick(SEXES), pick(STATUSES), pick(PHONES)
    if layout == "split":
        row = (
            pick(NAMES), pick(GIVEN), pick(PATRONYMIC), iin, birth, sex, pick(VILLAGES), pick(STREETS),
            pick(HOUSES), pick(APARTMENTS), phone, statuses, registered,
        )  # fmt: skip
        return row[: pick([13, 9, 5])]  # short rows too
    name = " ".join(p for p in (pick(NAMES), pick(GIVEN), pick(PATRONYMIC)) if p)
    name = pick([name, f" {name}  ", name.upper(), ""])
    return (rng.randrange(1000), name, iin, birth, sex, pick(WHOLE_ADDRESSES), phone, statuses)


LAYOUTS = {
    "split": (
        ("Тегі", "Аты", "Әкесінің аты", "ЖСН", "Туған күні", "Жынысы", "Ауыл", "Көше", "Үй", "Пәтер", "Телефон",
         "Әлеуметтік мәртебе", "Тіркелген күні"),
        {"surname": 0, "given_name": 1, "patronymic": 2, "iin": 3, "birth_date": 4, "sex": 5, "settlement": 6,
         "street": 7, "house": 8, "apartment": 9, "phone": 10, "statuses": 11, "registered_on": 12},
    ),
    "whole": (
        ("№", "ФИО", "ИИН", "Дата рождения", "Пол", "Адрес", "Телефон", "Льгота"),
        {"full_name": 1, "iin": 2, "birth_date": 3, "sex": 4, "address": 5, "phone": 6, "statuses": 7},
    ),
}  # fmt: skip


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_the_short_way_reads_every_row_as_the_full_reading_does(okrug_store, layout):
    headers, mapping = LAYOUTS[layout]
    with okrug_store.session() as s:
        statuses, settlements = status_lookup(s), _known_settlements(s)
    short = Parser(headers, mapping, statuses, settlements, TODAY)
    full = Parser(headers, mapping, statuses, settlements, TODAY)
    rng = random.Random(f"parse-{layout}")
    short_way = with_issues = 0
    for number in range(2, 4002):
        values = _row(rng, layout)
        got = short.parse(number, values)
        assert got == full._read(number, values), values
        short_way += short._clean(number, values) is not None
        with_issues += bool(got.issues)
    assert short_way > 400 and with_issues > 1000  # both ways were taken


def test_a_row_read_the_short_way_and_then_in_full_uses_the_same_caches(okrug_store):
    """A row the short way gives up on is read again in full by the same parser: its caches stay right."""
    headers, mapping = LAYOUTS["split"]
    with okrug_store.session() as s:
        statuses, settlements = status_lookup(s), _known_settlements(s)
    parser = Parser(headers, mapping, statuses, settlements, TODAY)
    fresh = Parser(headers, mapping, statuses, settlements, TODAY)
    iin = make_iin(date(1987, 4, 12), "M", 1)
    rows = [
        ("Қасымов", "Ерлан", "", iin, "12.04.1987", "ер", "Көктөбе", "Абай көшесі", "12", "", "", "", ""),
        ("Қасымов", "Ерлан", "", iin, "12.04.1987", "әйел", "Көктөбе", "Абай көшесі", "12", "", "", "", ""),
        ("Қасымов", "Ерлан", "", iin, "13.04.1987", "ер", "Көктөбе", "", "12", "", "", "белгісіз", ""),
        ("Қасымов", "Ерлан", "", iin, "12.04.1987", "ер", "Көктөбе", "Абай көшесі", "12", "", "", "", ""),
    ]
    for number, values in enumerate(rows, start=2):
        assert parser.parse(number, values) == fresh._read(number, values)
    assert [bool(parser.parse(n, v).issues) for n, v in enumerate(rows, start=2)] == [
        False,
        True,
        True,
        False,
    ]
