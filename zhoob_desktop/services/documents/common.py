"""What every paper of a sitting shares: the okrug header, titles by kind of sitting, local time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

from zhoob_desktop.services.documents.text import Localized, M, Msg
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.okrug import OkrugInfo

# Names of the body that sits, in the genitive the titles need ("... хаттамасы").
PROTOCOL_TITLES = {
    "meeting": N_("Protocol of the sitting of the meeting of the local community"),
    "gathering": N_("Protocol of the gathering of the local community"),
    "separate_gathering": N_("Protocol of the separate gathering of the local community"),
}
NOTICE_TITLES = {
    "meeting": N_("Notice of the convocation of the meeting of the local community"),
    "gathering": N_("Notice of the gathering of the local community"),
    "separate_gathering": N_("Notice of the separate gathering of the local community"),
}
EXTRACT_TITLES = {
    "meeting": N_("Extract from the protocol of the sitting of the meeting of the local community"),
    "gathering": N_("Extract from the protocol of the gathering of the local community"),
    "separate_gathering": N_("Extract from the protocol of the separate gathering of the local community"),
}
REGISTRATION_SUBTITLES = {
    "meeting": N_("for the sitting of the meeting of the local community {when}"),
    "gathering": N_("for the gathering of the local community {when}"),
    "separate_gathering": N_("for the separate gathering of the local community {when}"),
}
NOTICE_SENTENCES = {
    "meeting": N_(
        "The sitting of the meeting of the local community will be held on {date} at {time}, at {place}."
    ),
    "gathering": N_("The gathering of the local community will be held on {date} at {time}, at {place}."),
    "separate_gathering": N_(
        "The separate gathering of the local community will be held on {date} at {time}, at {place}."
    ),
}
NOTICE_SENTENCES_NO_TIME = {
    "meeting": N_("The sitting of the meeting of the local community will be held on {date}, at {place}."),
    "gathering": N_("The gathering of the local community will be held on {date}, at {place}."),
    "separate_gathering": N_(
        "The separate gathering of the local community will be held on {date}, at {place}."
    ),
}
NUMBER_AND_DATE = N_("No. {number} of {date}")
NUMBER_ONLY = N_("No. {number}")


def local_time(value: datetime | None, tz: tzinfo) -> time | None:
    """A journal timestamp (UTC) as the clock on the wall of the hall showed it (``okrug_time.okrug_zone``)."""
    if value is None:
        return None
    return value.astimezone(tz).time().replace(second=0, microsecond=0)


def local_date(value: datetime, tz: tzinfo) -> date:
    return value.astimezone(tz).date()


@dataclass(frozen=True)
class Header:
    """The okrug lines at the top of every paper, in each language the okrug's names exist in."""

    okrug: OkrugInfo | None

    def okrug_name(self) -> Localized:
        info = self.okrug
        return Localized(lambda tr: info.name(tr.lang) if info else tr._(N_("Rural okrug")))

    def full(self) -> Localized:
        """Region, district and okrug on one line, e.g. for the page header."""
        info = self.okrug

        def render(tr) -> str:
            if info is None:
                return tr._(N_("Rural okrug"))
            region = info.region_ru if tr.lang == "ru" and info.region_ru else info.region_kk
            parts = [region, info.district(tr.lang), info.name(tr.lang)]
            return ", ".join(p for p in parts if p)

        return Localized(render)


def number_and_date(number: str | None, on: date) -> Msg:
    """ "No. 3 of 25 November 2026", or the date alone when the paper has no number."""
    if number:
        return M(NUMBER_AND_DATE, number=number, date=on)
    return M(N_("of {date}"), date=on)


def person_line(name: str, extra: str = "") -> str:
    """A person as printed: full name, with the address or organisation after a comma."""
    return f"{name}, {extra}" if extra else name
