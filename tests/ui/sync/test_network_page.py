"""The Sync page with the district service: set-up, "Send now", a live sitting, the district's tabs."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.services.sync.helpers import make_pair
from tests.services.sync.net.service import ThreadService
from tests.services.sync.okrug_data import add_residents, hold_sitting
from zhoob_desktop.services import i18n
from zhoob_desktop.services.sync.district_db import open_district
from zhoob_desktop.services.sync.net import queue as q
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.sync.page import SyncPage


@pytest.fixture
def running(store, tmp_path):
    district = open_district(tmp_path / "district.sqlite")
    pair = make_pair(store, district, tmp_path)
    service = ThreadService(district, tmp_path / "service", pair.keys).start()
    yield pair, service
    service.stop()
    district.close()


@pytest.fixture
def page(qtbot, running, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    widget = SyncPage(running[0].store, Bus())
    qtbot.addWidget(widget)
    yield widget
    widget.okrug.network.stop()
    widget.district.close_database()


def test_set_up_and_send_now_from_the_page(qtbot, page, running, monkeypatch):
    pair, service = running
    box = page.okrug.network
    assert not box.send_button.isEnabled() and "travel as files" in box.summary.text()
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    assert not box.set_up(service.url, "0000 1111 2222 3333 4444 5555 6666 7777")
    assert "not 0000 1111" in warnings[-1]
    assert box.set_up(service.url, service.fingerprint)
    assert box.send_button.isEnabled() and service.fingerprint in box.summary.text()
    assert "confirmed by its fingerprint" in box.summary.text()
    with qtbot.waitSignal(box.round_done, timeout=60000) as blocker:
        box.send_now()
    assert blocker.args[0].delivered == [(1, "imported")]
    assert (
        "Last sent: bundle number 1" in box.summary.text() and "Waiting to be sent: 0" in box.summary.text()
    )
    assert page.okrug.history.item(0, 5).text() != "not acknowledged"  # the receipt came with the answer
    assert not box.problem.isVisible()


def test_a_live_sitting_is_asked_about_before_sending(qtbot, page, running, monkeypatch):
    pair, service = running
    box = page.okrug.network
    box.set_up(service.url, service.fingerprint)
    hold_sitting(pair.store, pair.clock, pair.residents, on=date(2026, 10, 20), close=False)
    box.refresh()
    assert "is being held" in box.summary.text()
    asked = []
    monkeypatch.setattr(box, "confirm_during_sitting", lambda sitting: asked.append(sitting) or False)
    assert box.send_now() is None and asked == ["Жиналыс"]
    assert q.queue_status(pair.store).waiting == []  # nothing written, nothing sent
    monkeypatch.setattr(box, "confirm_during_sitting", lambda sitting: True)
    with qtbot.waitSignal(box.round_done, timeout=60000) as blocker:
        box.send_now()
    assert blocker.args[0].delivered == [(1, "imported")]
    add_residents(pair.store, 1, "Көктөбе")
    with qtbot.waitSignal(box.round_done, timeout=60000) as blocker:
        box.start_round(force=False)  # what the timer starts: it does not send while the sitting is live
    assert blocker.args[0].paused_for == "Жиналыс" and blocker.args[0].exported == []


def test_the_districts_tabs_and_the_akims_decision_back_home(qtbot, page, running, tmp_path):
    from tests.services.sync.net.test_rulings_operator import referred_decision

    pair, service = running
    decision = referred_decision(pair.store)
    box = page.okrug.network
    box.set_up(service.url, service.fingerprint)
    with qtbot.waitSignal(box.round_done, timeout=60000):
        box.send_now()
    district = page.district
    assert district.open_database(str(pair.district.engine.url.database))
    operator, referred = district.operator, district.referred
    assert operator.table.rowCount() == 1 and operator.table.item(0, 0).text() == "Қарағайлы ауылдық округі"
    assert "127.0.0.1" in operator.table.item(0, 1).text()
    # the okrug said at its hello that it held one bundle; it was delivered in the same round
    assert operator.table.item(0, 2).text() == "0" and operator.rows[0].held_at_okrug == 0
    assert int(operator.table.item(0, 6).text()) >= 1  # protocols never handed to the akim (Reg §12)
    assert district.tabs.tabText(district.tabs.indexOf(referred)) == "To the district akim (1)"
    assert referred.table.item(0, 2).text() == "Communal property is needed"
    assert referred.table.item(0, 1).text().endswith("item 1: Property")
    assert referred.rule(decision.id, "upheld", date(2026, 11, 20), "Decision No. 112 of 20.11.2026", "Әкім")
    district.refresh()
    assert district.tabs.tabText(district.tabs.indexOf(referred)) == "To the district akim (0)"
    assert "Decision No. 112" in referred.table.item(0, 5).text()
    # both tables fit the page of a 1366 px screen in every language: no sideways scrolling
    page.resize(1130, 640)
    page.show()
    page.tabs.setCurrentIndex(1)
    for lang in ("kk", "ru", "en"):
        i18n.set_language(lang)
        page.retranslate()
        for tab in (operator, referred):
            district.tabs.setCurrentWidget(tab)
            qtbot.waitUntil(lambda t=tab: t.table.isVisible() and t.table.viewport().width() > 0)
            tab.table.fit()
            header = tab.table.horizontalHeader()
            assert header.length() <= tab.table.viewport().width(), (lang, tab)
            metrics = header.fontMetrics()
            for c in range(header.count()):
                words = tab.table.horizontalHeaderItem(c).text().split()
                assert max(metrics.horizontalAdvance(w) for w in words) < header.sectionSize(c), (lang, c)
    # narrower than the columns' own sizes (the 1280 px laptop, a wider list of sections): the
    # short columns give up room, nothing scrolls sideways
    i18n.set_language("kk")
    page.retranslate()
    district.sections.setFixedWidth(330)
    page.resize(1166, 728)
    for tab in (operator, referred):
        district.tabs.setCurrentWidget(tab)
        qtbot.waitUntil(lambda t=tab: t.table.isVisible() and t.table.viewport().width() > 0)
        tab.table.fit()
        assert tab.table.horizontalHeader().length() <= tab.table.viewport().width(), tab
    i18n.set_language("en")
    page.retranslate()
    with qtbot.waitSignal(box.round_done, timeout=60000) as blocker:
        box.send_now()
    assert blocker.args[0].rulings == 1
    shown = box.rulings.text()
    assert "upheld it on 20/11/2026" in shown and "recorded in the decision's history" in shown
    # named as the Decisions page names it, never by its id
    from zhoob_desktop.services.i18n import format_date

    caption = f"Sitting of {format_date(decision.held_on, 'long')}, item {decision.item_number}: "
    assert shown.startswith(caption + decision.item_title) and decision.id.hex[:8] not in shown
    assert operator.revoke(operator.rows[0].okrug_id, "Сейітов Н.", "lost")
    assert "key revoked" in operator.table.item(0, 0).text()


def test_the_service_box_retranslates(page, running):
    pair, service = running
    page.okrug.network.set_up(service.url, service.fingerprint)
    i18n.set_language("kk")
    page.retranslate()
    assert page.okrug.network.title() == "Аудан қызметі"
    assert page.okrug.network.send_button.text() == "Қазір жіберу"
    i18n.set_language("ru")
    page.retranslate()
    assert page.okrug.network.title() == "Служба района"
    assert page.district.tabs.tabText(page.district.tabs.indexOf(page.district.operator)) == "Связь и сроки"


def test_the_window_sends_by_itself_without_the_page(qtbot, running):
    from zhoob_desktop.ui.sync.sender import sender_for, start_sending

    pair, service = running
    bus = Bus()
    q.set_up(pair.store, service.url, fingerprint=service.fingerprint)
    changed = []
    bus.changed.connect(changed.append)
    sender = start_sending(pair.store, bus)  # what the program does once the window has shown
    try:
        assert sender_for(pair.store, bus) is sender
        with qtbot.waitSignal(sender.round_done, timeout=60000) as blocker:
            pass  # the first look is at once: the round is due (never run)
        assert blocker.args[0].delivered == [(1, "imported")] and {"sync", "decisions"} in changed
        qtbot.waitUntil(lambda: not sender.running())
        assert not q.due(pair.store)  # the next look waits for its interval
        sender.tick()
        assert not sender.running()
        q.set_auto(pair.store, False)
        pair.store.set_setting(q.STATE_SETTING, {})  # as if never run: still nothing when turned off
        sender.tick()
        assert not sender.running()
    finally:
        sender.stop()
