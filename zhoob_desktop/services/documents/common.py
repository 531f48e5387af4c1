"""What every paper of a sitting shares: the okrug in headings and running headers, local time."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

from zhoob_desktop.services.documents.text import Localized, Text
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.okrug import OkrugInfo
from zhoob_desktop.services.okrug_papers import PaperSettings

RURAL_OKRUG = N_("Rural okrug")


def local_time(value: datetime | None, tz: tzinfo) -> time | None:
    """A journal timestamp (UTC) as the clock on the wall of the hall showed it (``okrug_time.okrug_zone``)."""
    if value is None:
        return None
    return value.astimezone(tz).time().replace(second=0, microsecond=0)


def local_date(value: datetime, tz: tzinfo) -> date:
    return value.astimezone(tz).date()


def okrug_heading(okrug: OkrugInfo | None, settings: PaperSettings) -> Localized:
    """The okrug as headings name it, in the genitive ("… ауылдық округінің", "… сельского округа")."""

    def render(tr) -> str:
        text = settings.heading(tr.lang)
        if text:
            return text
        return okrug.name(tr.lang) if okrug else tr._(RURAL_OKRUG)

    return Localized(render)


def okrug_line(okrug: OkrugInfo | None) -> Localized:
    """Region, district and okrug on one line, as a letter from the okrug names its sender."""

    def render(tr) -> str:
        if okrug is None:
            return tr._(RURAL_OKRUG)
        region = okrug.region_ru if tr.lang == "ru" and okrug.region_ru else okrug.region_kk
        return ", ".join(p for p in (region, okrug.district(tr.lang), okrug.name(tr.lang)) if p)

    return Localized(render)


def okrug_name(okrug: OkrugInfo | None) -> Localized:
    """The okrug's name for the running header of every page."""
    return Localized(lambda tr: okrug.name(tr.lang) if okrug else tr._(RURAL_OKRUG))


def akim_line(settings: PaperSettings) -> Text:
    """The akim's position as the okrug's settings name it ("Қарағайлы ауылдық округінің әкімі")."""
    return Localized(lambda tr: settings.akim_position(tr.lang))
