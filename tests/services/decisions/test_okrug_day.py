"""The decisions' "today" is the okrug's day, whatever time zone the laptop is set to."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

import pytest

from zhoob_desktop.services import decisions as D
from zhoob_desktop.services import okrug_time as T


@pytest.fixture
def laptop_in_los_angeles(monkeypatch):
    """The laptop's own zone far from the okrug's (UTC−8): its day differs from the okrug's."""
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_today_is_the_okrugs_day_not_the_laptops(store, laptop_in_los_angeles):
    # 18:30 UTC on 10 January 2024: 00:30 on the 11th in Almaty (UTC+6 until March 2024),
    # 23:30 on the 10th in Oral (UTC+5), 10:30 on the 10th on the laptop's clock.
    clock = lambda: datetime(2024, 1, 10, 18, 30, tzinfo=UTC)  # noqa: E731
    assert datetime(2024, 1, 10, 18, 30, tzinfo=UTC).astimezone().date() == date(2024, 1, 10)
    assert D.local_today(store, clock) == date(2024, 1, 11)
    T.set_okrug_zone(store, "Asia/Oral")
    assert D.local_today(store, clock) == date(2024, 1, 10)
    assert T.okrug_today(store, clock()) == date(2024, 1, 10)
