"""The okrug's clock: one time zone for the live console, the journal's display and every paper.

The journal records UTC. What people read (the registration times at the
desk, "announced at 10:42", the protocol's "opened at 10:05", the date a
sitting was held) is the time on the wall of the hall, in the okrug's time
zone: the setting ``okrug.time_zone``, by default ``Asia/Almaty``. All of
Kazakhstan has kept one zone, UTC+5, since 1 March 2024; before that the
east of the country was at UTC+6, so a named zone (not a fixed offset) also
gives the right hour for a sitting typed in from an older paper.

The zone's rules are read from the ``tzdata`` package shipped with the
program, not from the operating system: a laptop whose own table predates
the change (Windows keeps its own, often stale) would otherwise put every
time in the record an hour off. The laptop's own time zone setting plays
no part.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.store import Store

SETTING = "okrug.time_zone"
DEFAULT_ZONE = "Asia/Almaty"

# The zones of Kazakhstan in the tz database; all at UTC+5 since 1 March 2024, with their own history.
KAZAKHSTAN_ZONES: dict[str, str] = {
    "Asia/Almaty": N_("Almaty, Astana and the east"),
    "Asia/Qostanay": N_("Kostanay"),
    "Asia/Qyzylorda": N_("Kyzylorda"),
    "Asia/Aqtobe": N_("Aktobe"),
    "Asia/Aqtau": N_("Aktau"),
    "Asia/Atyrau": N_("Atyrau"),
    "Asia/Oral": N_("Oral"),
}


class UnknownTimeZone(ZhoobError):
    template = N_("{zone} is not a time zone of the tz database.")


@lru_cache(maxsize=32)
def load_zone(name: str) -> ZoneInfo:
    """A time zone by its tz database name, from the shipped ``tzdata`` package first.

    Falls back to the system's table only for a name the package lacks;
    ``UnknownTimeZone`` when neither has it.
    """
    if not name or name.startswith(("/", ".")) or ".." in name:
        raise UnknownTimeZone(zone=name or "—")
    try:
        source = resources.files("tzdata.zoneinfo").joinpath(*name.split("/"))
        with source.open("rb") as fh:
            return ZoneInfo.from_file(fh, key=name)
    except (ModuleNotFoundError, FileNotFoundError, IsADirectoryError, NotADirectoryError, ValueError):
        pass
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownTimeZone(zone=name) from None


def okrug_zone_name(store: Store) -> str:
    """The zone chosen in the settings (the default when none or an unknown one is stored)."""
    name = store.get_setting(SETTING)
    if isinstance(name, str):
        try:
            load_zone(name)
            return name
        except UnknownTimeZone:
            pass
    return DEFAULT_ZONE


def okrug_zone(store: Store) -> ZoneInfo:
    """The okrug's time zone, for everything a person reads."""
    return load_zone(okrug_zone_name(store))


def set_okrug_zone(store: Store, name: str) -> ZoneInfo:
    """Choose the okrug's time zone (``UnknownTimeZone`` for a name the tz database lacks)."""
    zone = load_zone(name.strip())
    store.set_setting(SETTING, zone.key)
    return zone


def to_local(value: datetime, zone: ZoneInfo) -> datetime:
    """A recorded instant as the okrug's wall clock showed it (a naive value is taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone)


def local_today(zone: ZoneInfo, now: datetime | None = None) -> date:
    """Today's date in the okrug (``now``: the clock's reading, by default the machine's)."""
    return to_local(now or datetime.now(UTC), zone).date()


def okrug_today(store: Store, now: datetime | None = None) -> date:
    """Today's date in the okrug's time zone chosen in the settings (not the laptop's zone)."""
    return local_today(okrug_zone(store), now)


def utc_offset_text(zone: ZoneInfo, at: datetime | None = None) -> str:
    """``UTC+5`` (or ``UTC+5:30``) for the zone at an instant, by default now."""
    offset = to_local(at or datetime.now(UTC), zone).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
