"""The papers page: sittings listed, papers previewed, protocol finalised and corrected."""

from __future__ import annotations

from datetime import date

from tests.services.documents.scripted import play_sitting
from zhoob_desktop.services.documents import issue
from zhoob_desktop.services.meeting import create_sitting
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.documents.page import PapersPage


def _page(qtbot, store, **kw):
    shown = []
    page = PapersPage(store, Bus(), show_dialog=shown.append, **kw)
    qtbot.addWidget(page)
    return page, shown


def test_sitting_not_held_offers_only_the_papers_before_it(qtbot, store):
    create_sitting(store, kind="meeting", number=4, scheduled_on=date(2026, 12, 4), place="Клуб")
    page, shown = _page(qtbot, store)
    assert page.sittings.count() == 1
    assert page.sheet_button.isEnabled() and page.notice_button.isEnabled()
    assert not page.protocol_button.isEnabled() and not page.finalise_button.isEnabled()
    dialog = page.preview("notice")
    assert shown == [dialog] and dialog.paper is not None and dialog.paper.kind == "notice"


def test_finalise_then_addendum(qtbot, store):
    s = play_sitting(store)
    asked = []
    page, shown = _page(
        qtbot,
        store,
        confirm=lambda _p, _t, text: asked.append(text) or True,
        ask_text=lambda *_a: "Үзіліс 15 минутқа созылды.",
    )
    assert page.protocol_button.isEnabled() and page.finalise_button.isEnabled()
    assert not page.addendum_button.isEnabled()
    assert page.item.maximum() == 3
    page.lang.setCurrentIndex(page.lang.findData("ru"))
    with qtbot.waitSignal(page.bus.changed):
        issued = page.finalise()
    assert issued is not None and issued.lang == "ru" and asked
    assert issued.digest in page.state_label.text()
    assert not page.finalise_button.isEnabled() and page.addendum_button.isEnabled()
    with qtbot.waitSignal(page.bus.changed):
        addendum = page.addendum()
    assert addendum.number == "7/1" and "7/1" in page.state_label.text()
    assert shown[-1].paper.digest == addendum.digest
    # The protocol preview now shows the signed copy, whatever language is chosen.
    page.lang.setCurrentIndex(page.lang.findData("kk"))
    dialog = page.preview("protocol")
    assert dialog.paper.frozen and dialog.paper.pdf == issue.finalised_protocol(store, s.id).pdf


def test_refused_finalise_is_shown(qtbot, store, monkeypatch):
    play_sitting(store, close=False)
    page, _shown = _page(qtbot, store, confirm=lambda *_a: True)
    assert not page.finalise_button.isEnabled()
    warnings = []
    monkeypatch.setattr(
        "zhoob_desktop.ui.documents.page.QMessageBox.warning", lambda *a: warnings.append(a[2])
    )
    assert page.finalise() is None
    assert warnings and "closed" in warnings[0]


def test_hidden_page_refreshes_when_shown(qtbot, store):
    page, _shown = _page(qtbot, store)
    assert page.sittings.count() == 0
    create_sitting(store, kind="meeting", number=5, scheduled_on=date(2026, 12, 11), place="Клуб")
    page.bus.emit_changed("sittings")
    assert page.sittings.count() == 0  # hidden: nothing re-read during a live sitting
    page.show()
    qtbot.waitExposed(page)
    assert page.sittings.count() == 1
    create_sitting(store, kind="meeting", number=6, scheduled_on=date(2026, 12, 18), place="Клуб")
    page.bus.emit_changed("sittings")
    assert page.sittings.count() == 2
