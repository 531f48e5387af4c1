"""The okrug's send queue: a live sitting first, backoff on a dead link, the status the page shows."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.services.sync.net.service import free_port
from tests.services.sync.okrug_data import add_residents, hold_sitting
from zhoob_desktop.commands.sync_net import queue_lines
from zhoob_desktop.services.sync.net import queue as q

pytestmark = pytest.mark.postgres


def test_nothing_is_sent_while_a_sitting_is_live_unless_asked(linked):
    open_sitting = hold_sitting(
        linked.store, linked.clock, linked.residents, on=date(2026, 10, 20), close=False
    )
    assert q.live_sitting(linked.store).id == open_sitting
    result = q.run_round(linked.store, sleep=lambda _s: None)
    assert result.paused_for == "Жиналыс" and not result.exported and not result.delivered
    status = q.queue_status(linked.store)
    assert status.live_sitting == "Жиналыс" and status.paused_for == "Жиналыс" and status.changes_pending
    assert any("is being held" in line for line in queue_lines(status))
    asked = q.run_round(linked.store, force=True, sleep=lambda _s: None)
    assert asked.exported == [1] and asked.delivered == [(1, "imported")] and asked.ok


def test_a_dead_link_is_tried_again_with_growing_waits(linked):
    lk = q.link(linked.store)
    linked.store.set_setting(q.LINK_SETTING, {
        "url": f"https://127.0.0.1:{free_port()}", "certificate": lk.certificate, "fingerprint": lk.fingerprint,
        "confirmed": True, "auto": True,
    })  # fmt: skip
    waits: list[float] = []
    clock = [datetime(2026, 12, 1, 9, 0, tzinfo=UTC)]
    result = q.run_round(
        linked.store, sleep=waits.append, tries=6, now=lambda: clock[0], rng=random.Random(1)
    )
    assert result.tries == 6 and "cannot be reached" in result.error
    assert [round(w) for w in waits] == [1, 2, 4, 8, 16] or all(
        0.8 * 2**n <= w <= 1.2 * 2**n for n, w in enumerate(waits)
    )
    status = q.queue_status(linked.store)
    assert status.failures == 1 and 48 <= (status.next_at - clock[0]).total_seconds() <= 72
    assert not q.due(linked.store, clock[0]) and q.due(linked.store, clock[0] + timedelta(minutes=2))
    q.run_round(linked.store, sleep=lambda _s: None, tries=1, now=lambda: clock[0])
    status = q.queue_status(linked.store)
    assert status.failures == 2 and 96 <= (status.next_at - clock[0]).total_seconds() <= 144
    assert "cannot be reached" in status.last_error
    # the bundle was written once and waits; the link comes back and it goes
    assert [w.seq for w in status.waiting] == [1]
    linked.store.set_setting(q.LINK_SETTING, {**linked.store.get_setting(q.LINK_SETTING), "url": lk.url})
    back = q.run_round(linked.store, sleep=lambda _s: None)
    assert back.delivered == [(1, "imported")] and back.exported == []
    status = q.queue_status(linked.store)
    assert (
        status.failures == 0
        and status.last_error == ""
        and status.waiting == []
        and status.last_sent_seq == 1
    )


def test_changes_make_a_new_bundle_and_nothing_new_makes_none(linked):
    q.run_round(linked.store, sleep=lambda _s: None)
    assert not q.changes_pending(linked.store)
    assert q.run_round(linked.store, sleep=lambda _s: None).exported == []
    add_residents(linked.store, 2, "Көктөбе")
    assert q.changes_pending(linked.store)
    assert q.run_round(linked.store, sleep=lambda _s: None).exported == [2]
    hold_sitting(linked.store, linked.clock, linked.residents, on=date(2026, 10, 21))
    assert q.changes_pending(linked.store)
    assert q.run_round(linked.store, sleep=lambda _s: None).delivered == [(3, "imported")]


def test_sending_by_itself_can_be_turned_off(linked):
    assert q.due(linked.store)
    q.set_auto(linked.store, False)
    assert not q.due(linked.store) and not q.queue_status(linked.store).auto
    assert q.run_round(linked.store, sleep=lambda _s: None).delivered == [(1, "imported")]  # asked: it goes
