"""The okrug's time zone: Asia/Almaty from the shipped tz data, whatever the laptop's own zone says."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime

import pytest

from zhoob_desktop.services import okrug_time as T
from zhoob_desktop.services.documents.issue import papers_status, protocol_source
from zhoob_desktop.services.meeting import cmd, create_sitting, execute, get_sitting, start_sitting


@pytest.fixture
def laptop_in_another_zone():
    """The machine's own zone set to Moscow (UTC+3), as on a laptop bought in Russia."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Moscow"
    time.tzset()
    yield
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


def test_default_is_almaty_at_utc_plus_five_since_march_2024(store):
    zone = T.okrug_zone(store)
    assert zone.key == "Asia/Almaty" == T.DEFAULT_ZONE
    # tz data 2024a and later: the east of Kazakhstan moved from UTC+6 to UTC+5 on 1 March 2024
    assert T.to_local(datetime(2024, 2, 29, 12, tzinfo=UTC), zone).hour == 18
    assert T.to_local(datetime(2024, 3, 1, 12, tzinfo=UTC), zone).hour == 17
    assert T.utc_offset_text(zone, datetime(2026, 11, 25, tzinfo=UTC)) == "UTC+5"
    assert T.to_local(datetime(2026, 11, 25, 4, 50), zone).hour == 9  # a naive time is UTC


def test_zones_come_from_the_shipped_tzdata_package():
    import tzdata

    zone = T.load_zone("Asia/Almaty")
    assert T.load_zone("Asia/Almaty") is zone  # read once
    assert tzdata.IANA_VERSION >= "2024a"
    for name in T.KAZAKHSTAN_ZONES:
        assert T.utc_offset_text(T.load_zone(name), datetime(2026, 11, 25, tzinfo=UTC)) == "UTC+5"


def test_setting_changes_the_zone_and_refuses_unknown_names(store):
    T.set_okrug_zone(store, "Asia/Aqtobe")
    assert T.okrug_zone(store).key == "Asia/Aqtobe"
    with pytest.raises(T.UnknownTimeZone) as refused:
        T.set_okrug_zone(store, "Asia/Nowhere")
    assert "Asia/Nowhere" in refused.value.message()
    for bad in ("", "../etc/passwd", "/etc/localtime"):
        with pytest.raises(T.UnknownTimeZone):
            T.load_zone(bad)
    assert T.okrug_zone(store).key == "Asia/Aqtobe"
    store.set_setting(T.SETTING, "Mars/Olympus")  # written by something else: the default is used
    assert T.okrug_zone(store).key == "Asia/Almaty"


def test_today_follows_the_okrug_not_the_laptop(laptop_in_another_zone):
    zone = T.load_zone("Asia/Almaty")
    late_evening_utc = datetime(2026, 11, 24, 20, 30, tzinfo=UTC)  # 01:30 on the 25th in Almaty
    assert datetime.fromtimestamp(late_evening_utc.timestamp()).date() == date(2026, 11, 24)  # Moscow
    assert T.local_today(zone, late_evening_utc) == date(2026, 11, 25)


def test_papers_use_the_okrug_zone(store, laptop_in_another_zone):
    info = create_sitting(store, kind="meeting", scheduled_on=date(2026, 11, 25), place="Клуб")
    members = [{"id": f"m{i}", "name": f"Мүше {i}"} for i in range(3)]
    late = datetime(2026, 11, 24, 19, 30, tzinfo=UTC)  # 00:30 on the 25th in Almaty, 22:30 in Moscow
    start_sitting(store, info.id, members=members, clock=lambda: late)
    for i, command in enumerate(
        [
            cmd("register", member="m0"),
            cmd("register", member="m1"),
            cmd("announce_registration"),
            cmd("open"),
        ]
    ):
        execute(store, info.id, command, clock=lambda i=i: late.replace(minute=31 + i))
    source = protocol_source(store, get_sitting(store, info.id))
    assert source.tz.key == "Asia/Almaty"
    assert source.sitting.held_on == date(2026, 11, 25)  # the okrug's date, not Moscow's 24th
    assert papers_status(store, info.id).handover_due == date(2026, 11, 27)  # two working days after
    T.set_okrug_zone(store, "Europe/Moscow")  # a setting the okrug could choose: the papers follow it
    assert protocol_source(store, get_sitting(store, info.id)).sitting.held_on == date(2026, 11, 24)
