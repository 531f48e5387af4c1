"""The stored lists of the import golden test, as akimats keep them (written once, kept in golden/import/).

``write_inputs(folder)`` writes them again; the test reads the stored files, never these rows.
IINs are made by ``make_iin`` so their check digits hold unless a row spoils one on purpose.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import openpyxl

from zhoob_desktop.services.register.iin import make_iin


def iin(born: date, sex: str, serial: int = 1) -> str:
    return make_iin(born, sex, serial)


def spoiled(value: str) -> str:
    """The IIN with a wrong check digit."""
    return value[:11] + str((int(value[11]) + 1) % 10)


# People of the lists (their IINs are used across files, so later lists match earlier imports).
ABENOV = iin(date(1985, 3, 14), "M", 101)
KASYMOVA = iin(date(2001, 2, 3), "F", 77)  # starts with 0: kept as a number it loses it
SERIKBAEV = iin(date(1990, 1, 1), "M", 202)
OMAROVA = iin(date(1985, 3, 15), "F", 303)
ZHUMABEKOV = iin(date(1987, 4, 12), "M", 404)
MURATOVA = iin(date(1992, 4, 3), "F", 505)
KIM = iin(date(2003, 5, 6), "M", 606)  # starts with 0: written as 11 digits of text
AKHMETOV = iin(date(1979, 9, 9), "M", 707)
ZHAKSYLYKOV = iin(date(1995, 7, 20), "M", 808)
ALIEVA = iin(date(1999, 12, 1), "F", 909)
KURMANOV = iin(date(1970, 6, 30), "M", 111)
ABDULLAEV = iin(date(1987, 4, 12), "M", 222)
TURSYNOV = iin(date(1987, 4, 12), "M", 333)
TURSYNOV_OTHER = iin(date(1987, 4, 12), "M", 334)
NURGALIEVA = iin(date(2025, 1, 1), "F", 444)
SMAGULOVA = iin(date(1998, 8, 8), "F", 555)
BAIZHANOV = iin(date(1993, 11, 2), "M", 121)
ESKENDIR_A = iin(date(1980, 1, 15), "M", 131)
ESKENDIR_B = iin(date(1980, 1, 15), "M", 132)
TOLEGEN = iin(date(1966, 2, 28), "M", 141)
KARIMOVA = iin(date(1975, 10, 10), "F", 151)
NEW_RU = iin(date(1960, 5, 5), "F", 161)
NEW_RU2 = iin(date(1958, 3, 8), "M", 171)
TAB_A = iin(date(1982, 2, 2), "F", 181)
TAB_B = iin(date(1991, 9, 19), "M", 191)
STALE_A = iin(date(1989, 12, 31), "F", 211)
STALE_B = iin(date(1977, 7, 7), "M", 231)
OLD = iin(date(1930, 6, 5), "M", 241)
BAIGABYL = iin(date(2000, 1, 5), "F", 251)


def base_rows() -> list[list[object]]:
    """An xlsx with typed cells: title rows above a Kazakh header, split names and address columns."""
    header = [
        "Р/с №", "Тегі", "Аты", "Әкесінің аты", "ЖСН", "Туған күні", "Жынысы", "Елді мекен", "Көшесі", "Үй",
        "Пәтер", "Телефоны", "Әлеуметтік мәртебесі", "Тіркелген күні",
    ]  # fmt: skip
    rows: list[list[object]] = [
        ["Қарағайлы ауылдық округінің тұрғындар тізімі"],
        ["2026 жылғы 1 қарашадағы жағдай бойынша"],
        [],
        header,
        # text IIN, datetime cell, number phone, known status, date cell for registration
        [1, "Әбенов", "Нұрлан", "Қайратұлы", ABENOV, datetime(1985, 3, 14), "ер", "Қарағайлы ауылы", "Абай көшесі",
         "12", "", 87015550101, "Зейнеткер", date(2010, 5, 1)],
        # IIN as a number (leading zero lost), house and apartment marks, a status repeated
        [2, "Қасымова", "Айгүл", "Серікқызы", int(KASYMOVA), datetime(2001, 2, 3), "әйел", "Қарағайлы",
         "Абай көшесі", "үй 12", "пәтер 5", "+7 701 555 01 02", "Көпбалалы отбасы, көпбалалы отбасы",
         "01.06.2015"],
        # IIN as a float, birth date and registration as Excel serial numbers, two statuses with ";"
        [3, "Серікбаев", "Дәулет", "", float(SERIKBAEV), 32874, "Е", "Көктөбе", "Жамбыл көшесі", "7", None, None,
         "Ардагер; Жұмыссыз", 43000.0],
        # IIN with spaces, date with "ж.", sex "Ә", settlement with "с."
        [4, "Омарова", "Гүлнар", "Асқарқызы", f"{OMAROVA[:6]} {OMAROVA[6:]}", "15.03.1985 ж.", "Ә",
         "с. Қарағайлы", "Абай көшесі", "№ 3", None, "", "", None],
        # scientific text, birth date and sex left to the IIN
        [5, "Жұмабеков", "Ерлан", "", f"{int(ZHUMABEKOV):.11E}".replace(".", ","), None, None, "Көктөбе", "", "",
         "", "", "", ""],
        # apostrophe before the IIN, two-digit year
        [6, "Мұратова", "Сәуле", "", "'" + MURATOVA, "3.4.92", "ж", "Көктөбе", "Жамбыл көшесі", "9", "", "", "",
         "15.01.2019"],
        # IIN as 11 digits of text, ISO date
        [7, "Ким", "Виктор", "", KIM[1:], "2003-05-06", "", "", "", "", "", "", "", ""],
        # errors of the IIN: wrong check digit, too short, not whole, not a number, a bool
        [8, "Ахметов", "Болат", "", spoiled(AKHMETOV), "09.09.1979", "м", "", "", "", "", "", "", ""],
        [9, "Иванов", "Сергей", "", "12345", "01.01.1980", "м", "", "", "", "", "", "", ""],
        [10, "Петрова", "Анна", "", 12.5, "01.01.1981", "ж", "", "", "", "", "", "", ""],
        [11, "Нұрланова", "Дана", "", "ЖСН жоқ", "01.01.1982", "ж", "", "", "", "", "", "", ""],
        [12, "Смағұлова", "Әсем", "", True, "08.08.1998", "ж", "", "", "", "", "", "", ""],
        # errors of the birth date: does not exist, not understood, missing, too large a number
        [13, "Тоқтаров", "Асан", "", None, "31.02.1990", "ер", "", "", "", "", "", "", ""],
        [14, "Бекова", "Лаура", "", None, "көктемде", "әйел", "", "", "", "", "", "", ""],
        [15, "Сейітов", "Марат", "", None, None, "ер", "", "", "", "", "", "", ""],
        [16, "Мамыров", "Қайрат", "", None, 250000, "ер", "", "", "", "", "", "", ""],
        # a date contradicting the IIN, a future date, a sex contradicting the IIN, a sex not understood
        [17, "Жақсылықов", "Арман", "", ZHAKSYLYKOV, "20.07.1996", "ер", "Қарағайлы", "", "", "", "", "", ""],
        [18, "Әлиева", "Жанар", "", ALIEVA, "01.01.2030", "әйел", "", "", "", "", "", "", ""],
        [19, "Құрманов", "Ерболат", "", KURMANOV, "30.06.1970", "әйел", "", "", "", "", "", "", ""],
        [20, "Сапарова", "Мадина", "", None, "05.05.1988", "белгісіз", "", "", "", "", "", "", ""],
        # no given name: refused
        [21, "Бақытжан", None, "", None, "01.01.1970", "ер", "", "", "", "", "", "", ""],
        [],
        # a house without a street, a street without a settlement, an unknown status
        [22, "Дәулетов", "Мирас", "", None, "02.02.2002", "ер", "Көктөбе", "", "3", "", "", "", ""],
        [23, "Оспанов", "Қанат", "", None, "03.03.1983", "ер", "", "Бейбітшілік көшесі", "8", "", "", "", ""],
        [24, "Ибраева", "Ботагөз", "", None, "04.04.1964", "әйел", "", "", "", "",
         "", "Зейнеткер, Мүгедектігі бар адам, Тұрмысы төмен", ""],
        # a registration date not understood: refused
        [25, "Есенов", "Талғат", "", None, "05.05.1985", "ер", "", "", "", "", "", "", "бүгін"],
        # dd/mm/yyyy, "М.", IIN with dashes
        [26, "Абдуллаев", "Руслан", "", f"{ABDULLAEV[:6]}-{ABDULLAEV[6:]}", "12/04/1987", "М.", "Қарағайлы",
         "Абай көшесі", "12", "", "", "", ""],
        # two-digit years on either side of today, date with a time, English sex
        [27, "Нұрғалиева", "Айым", "", None, "1.1.25", "ж", "", "", "", "", "", "", ""],
        [28, "Төлеуов", "Сағат", "", None, "5.6.30", "ер", "", "", "", "", "", "", ""],
        [29, "Тұрсынов", "Бауыржан", "", TURSYNOV, "12.04.1987 0:00:00", "male", "", "", "", "", "", "", ""],
        # an IIN kept as a number that lost three leading zeros (born January-September 2000)
        [30, "Байғабыл", "Әлия", "", int(BAIGABYL), None, "", "", "", "", "", "", "", ""],
        [None, "", None, "", None, None, "", "", "", "", "", "", "", ""],
        ["Барлығы: 30 адам"],
        [None, "Барлығы", 29],
    ]  # fmt: skip
    return rows


def update_rows() -> list[list[object]]:
    """A Russian list (cp1251, ","): full names, addresses in one cell, over the register of the base list."""
    return [
        ["Список жителей Карагайлинского сельского округа"],
        ["№", "ФИО", "ИИН", "Дата рождения", "Пол", "Адрес", "Телефон", "Льгота", "Дата регистрации"],
        # same IIN: other letters of the name kept, phone and address changed, registration date stands
        ["1", "Абенов Нурлан Кайратулы", ABENOV, "14.03.1985", "м", "с. Карагайлы, ул. Абая, д. 12, кв. 5",
         "87015550199", "Пенсионер", "01.01.2020"],
        # as in the register: unchanged
        ["2", "Абдуллаев Руслан", ABDULLAEV, "12.04.1987", "муж", "Карагайлы, Абай кошеси, 12", "", "", ""],
        # removed before: brought back
        ["3", "Муратова Сауле", MURATOVA, "03.04.1992", "жен", "", "", "", ""],
        # left before: updated, stays left
        ["4", "Серикбаев Даулет", SERIKBAEV, "01.01.1990", "мужской", "", "87770000004", "", ""],
        # no IIN in the register: matched by name and birth date, the IIN filled
        ["5", "Нургалиева Айым", NURGALIEVA, "01.01.2025", "Женский", "", "", "", ""],
        # same name and birth date as a resident, another IIN: a new resident
        ["6", "Турсынов Бауыржан", TURSYNOV_OTHER, "12-04-1987", "мужчина", "", "", "", ""],
        # the IIN of Kim with a patronymic; then Kim by name and birth date: the same resident twice
        ["7", "Ким Виктор Сергеевич", KIM, "06.05.2003", "М", "", "", "", ""],
        ["8", "Ким Виктор", "", "2003.05.06", "", "", "", "", ""],
        # statuses added ("/" between them)
        ["9", "Жаксылыков Арман", ZHAKSYLYKOV, "20.07.1996", "м", "", "", "Безработный/ветеран", ""],
        # addresses in one cell, every shape
        ["10", "Соколова Мария Ивановна", NEW_RU, "05.05.1960", "Ж", "с. Коктобе, ул. Жамбыла 7", "", "", "05 05 2020"],
        ["11", "Васильев Петр", NEW_RU2, "08.03.1958", "М", "пос. Береке, пер. Садовый, д. 2, кв. 10", "", "", ""],
        ["12", "Орлов Дмитрий", "", "01.02.1971", "м", "а. Жанаауыл, 15", "", "", ""],
        ["13", "Зайцев Олег", "", "01.02.1972", "м", "ул. Ленина, 4", "", "", ""],
        ["14", "Белова Ирина", "", "01.02.1973", "ж", "Карагайлы", "", "", ""],
        ["15", "Морозов Игорь", "", "01.02.1974", "м", "Новое, Школьная, 3", "", "", ""],
        ["16", "Лебедева Ольга", "", "01.02.1975", "ж", "Карагайлы, Абая 5, 7", "", "", ""],
        ["17", "Новиков Павел", "", "01.02.1976", "м", "Коктобе, Жамбыл кошеси, 7", "", "", ""],
        ["18", "Попова", "", "01.02.1977", "ж", "", "", "", ""],
        ["", "", "", "", "", "", "", "", ""],
        ["Итого: 18 человек"],
        ["", "Всего", "18"],
    ]  # fmt: skip


def dups_rows() -> list[list[object]]:
    """A Kazakh list (UTF-8 with BOM, ";"): duplicates within the file, imported with merge."""
    return [
        ["Т.А.Ә.", "ЖСН", "Туған күні", "Жынысы", "Мекенжайы", "Телефон", "Мәртебесі"],
        # the same IIN twice: combined, the later phone taken
        ["Байжанов Ернар Сәкенұлы", BAIZHANOV, "02.11.1993", "ер", "", "87011110001", ""],
        ["Байжанов Ернар Сәкенұлы", BAIZHANOV, "02.11.1993", "ер", "Қарағайлы ауылы, Абай көшесі, 12-үй, 3-пәтер",
         "87011110002", "Жұмыссыз"],
        # the same name and birth date without IINs: combined, a status added
        ["Оразова Күнсұлу", "", "14.02.1968", "әйел", "Көктөбе а., Жамбыл к-сі, 7", "", ""],
        ["ОРАЗОВА  КҮНСҰЛУ", "", "14.02.1968", "", "", "", "Зейнеткер"],
        # the same name and birth date with two IINs: two people
        ["Ескендір Асхат", ESKENDIR_A, "15.01.1980", "ер", "", "", ""],
        ["Ескендір Асхат", ESKENDIR_B, "15.01.1980", "ер", "", "", ""],
        # three rows of one person: by IIN, by name and birth date, by IIN with another spelling
        ["Төлеген Бақыт", TOLEGEN, "28.02.1966", "ер", "Қарағайлы ауылы", "", ""],
        ["Төлеген Бақыт", "", "28.02.1966", "", "", "87051234567", ""],
        ["Толеген Бакыт Ерланулы", TOLEGEN, "28.02.1966", "", "Көктөбе ауылы, Жамбыл көшесі, 9", "", "Ардагер"],
        # a resident of the register twice: combined, then merged
        ["Омарова Гүлнар Асқарқызы", OMAROVA, "15.03.1985", "әйел", "", "87020000011", ""],
        ["Омарова Гүлнар Асқарқызы", OMAROVA, "15.03.1985", "әйел", "", "87020000012", "Көпбалалы отбасы"],
        # IINs in scientific text and with a no-break space
        ["Кәрімова Сара", f"{int(KARIMOVA):.11E}".replace(".", ","), "", "", "", "", ""],
        ["Смағұлова Әсем", f"{SMAGULOVA[:6]}\u00a0{SMAGULOVA[6:]}", "08.08.1998", "әйел", "", "", ""],
        # one word: refused
        ["Айдана", "", "01.01.2000", "әйел", "", "", ""],
        ["Жиыны: 14"],
    ]  # fmt: skip


def tab_rows() -> list[list[object]]:
    """A tab-separated list with split Russian columns, imported without merging (duplicates flagged)."""
    return [
        ["Фамилия", "Имя", "Отчество", "ИИН", "Д.р.", "Пол", "Населенный пункт", "Улица", "Дом", "Кв.",
         "Контактный телефон", "Статус"],
        ["Исаева", "Зарина", "", TAB_A, "02.02.1982", "ж", "Карагайлы", "Абая", "1", "", "", ""],
        ["Исаева", "Зарина", "", TAB_A, "02.02.1982", "ж", "Карагайлы", "Абая", "1", "", "87001112233", ""],
        ["Рахимов", "Тимур", "", "", "19.09.1991", "м", "", "", "", "", "", ""],
        ["рахимов", "тимур", "", "", "19.09.1991", "м", "", "", "", "", "", ""],
        ["Рахимов", "Тимур", "", TAB_B, "19.09.1991", "м", "", "", "", "", "", ""],
        # already in the register
        ["Абенов", "Нурлан", "Кайратулы", ABENOV, "14.03.1985", "м", "", "", "", "", "", ""],
        ["Омарова", "Гульнар", "", "", "15.03.1985", "ж", "", "", "", "", "", ""],
        ["Total: 7"],
    ]  # fmt: skip


def stale_rows() -> list[list[object]]:
    """An English list (UTF-8, ","), previewed before the register changes and imported after."""
    return [
        ["Full name", "IIN", "Date of birth", "Sex", "Address", "Phone", "Status", "Registered on"],
        [
            "Adams Jane",
            STALE_A,
            "31.12.1989",
            "F",
            "Kарагайлы, Абай көшесі, 20",
            "",
            "Pensioner",
            "2026-01-05",
        ],
        ["Brown Tom", STALE_B, "07.07.1977", "M", "", "", "low_income", ""],
        ["Ким Виктор Сергеевич", KIM, "06.05.2003", "M", "", "87000000606", "", ""],
    ]


def odd_rows() -> list[list[object]]:
    """A list whose header names no field: imported with a chosen mapping and a chosen header row."""
    return [
        ["Қосымша тізім"],
        ["A", "B", "C", "D"],
        ["Төлеуов", "Сағат", OLD, "05.06.1930"],
        ["Жаңа", "Адам", "", "10.10.2010"],
    ]


def unnamed_rows() -> list[list[object]]:
    """A list whose first row names its columns by number: with a chosen mapping it is the header."""
    return [
        ["Бағана 1", "Бағана 2", "Бағана 3"],
        ["Жүсіпов", "Нұржан", "17.03.1999"],
        ["Жүсіпова", "", "1.1.01"],
    ]


def iin_only_rows() -> list[list[object]]:
    """A header naming the IIN and the birth date but no name: the mapping must be chosen."""
    return [["ЖСН", "Туған күні"], [ABENOV, "14.03.1985"]]


def no_header_rows() -> list[list[object]]:
    return [["бір", "екі"], ["үш", "төрт"]]


def _csv_bytes(rows: list[list[object]], delimiter: str, encoding: str, bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding)


def _xlsx(path: Path, rows: list[list[object]], title: str) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    other = wb.create_sheet("Басқа")
    other.append(["Бұл парақ оқылмайды"])
    wb.save(path)


FILES = {
    "base.xlsx": lambda p: _xlsx(p, base_rows(), "Тізім"),
    "update_ru_cp1251.csv": lambda p: p.write_bytes(_csv_bytes(update_rows(), ",", "cp1251")),
    "dups_utf8_bom.csv": lambda p: p.write_bytes(_csv_bytes(dups_rows(), ";", "utf-8", bom=True)),
    "dups_tab.txt": lambda p: p.write_bytes(_csv_bytes(tab_rows(), "\t", "utf-8")),
    "stale_en.csv": lambda p: p.write_bytes(_csv_bytes(stale_rows(), ",", "utf-8")),
    "odd_columns.csv": lambda p: p.write_bytes(_csv_bytes(odd_rows(), ";", "utf-8")),
    "unnamed.csv": lambda p: p.write_bytes(_csv_bytes(unnamed_rows(), ";", "utf-8")),
    "iin_only.csv": lambda p: p.write_bytes(_csv_bytes(iin_only_rows(), ";", "utf-8")),
    "no_header.csv": lambda p: p.write_bytes(_csv_bytes(no_header_rows(), ";", "utf-8")),
}


def write_inputs(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, write in FILES.items():
        write(folder / name)
