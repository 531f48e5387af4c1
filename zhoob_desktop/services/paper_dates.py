"""Dates as Kazakh and Russian official papers write them, for every paper the program prints.

"2026 жылғы 2 қараша" / "2 ноября 2026 года" standing alone; "2026 жылғы 2
қарашадағы (№ 1 хаттама)" qualifying a paper; "2026 жылғы 2 қарашада
(қарады)" for the day something was done. Russian writes the same words in
all three. Babel's dates ("2026 ж. 2 қараша") are for the screen, not for
paper.
"""

from __future__ import annotations

from datetime import date

KK_MONTHS = "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан".split()
KK_MONTHS_ATTRIBUTIVE = (
    "қаңтардағы ақпандағы наурыздағы сәуірдегі мамырдағы маусымдағы шілдедегі тамыздағы "
    "қыркүйектегі қазандағы қарашадағы желтоқсандағы"
).split()
# The locative (жатыс септік): the attributive form without its -ғы/-гі.
KK_MONTHS_LOCATIVE = [m[:-2] for m in KK_MONTHS_ATTRIBUTIVE]
RU_MONTHS_GENITIVE = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
)
EN_MONTHS = "January February March April May June July August September October November December".split()


def paper_date(value: date, lang: str) -> str:
    """A date as official papers write it: "2026 жылғы 2 қараша", "2 ноября 2026 года"."""
    if lang == "kk":
        return f"{value.year} жылғы {value.day} {KK_MONTHS[value.month - 1]}"
    if lang == "ru":
        return f"{value.day} {RU_MONTHS_GENITIVE[value.month - 1]} {value.year} года"
    return f"{value.day} {EN_MONTHS[value.month - 1]} {value.year}"


def attributive_date(value: date, lang: str) -> str:
    """A date qualifying a paper: "2026 жылғы 2 қарашадағы (хаттама)", "(протокол от) 2 ноября 2026 года"."""
    if lang == "kk":
        return f"{value.year} жылғы {value.day} {KK_MONTHS_ATTRIBUTIVE[value.month - 1]}"
    return paper_date(value, lang)


def locative_date(value: date, lang: str) -> str:
    """The day something was done: "2026 жылғы 2 қарашада (қарады)", "2 ноября 2026 года"."""
    if lang == "kk":
        return f"{value.year} жылғы {value.day} {KK_MONTHS_LOCATIVE[value.month - 1]}"
    return paper_date(value, lang)
