"""The residents list: lazy model, search as you type with look-alikes, filters, sorting, keys."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.register.conftest import TODAY, add, type_text
from zhoob_desktop.services.register.query import ResidentFilter
from zhoob_desktop.services.register.residents import mark_left
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.register.residents_view import MEMBER_NO, MEMBER_YES, ResidentsView
from zhoob_desktop.ui.register.table_model import (
    COL_BIRTH,
    COL_MEMBER,
    COL_NAME,
    COL_STATUSES,
    ID_ROLE,
    ResidentTableModel,
)


def make_view(qtbot, store, bus=None):
    view = ResidentsView(store, bus or Bus(), today=lambda: TODAY)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    return view


def names(model) -> list[str]:
    return [model.index(r, COL_NAME).data() for r in range(model.rowCount())]


def test_model_fetches_pages_lazily(qtbot, qtmodeltester, okrug_store, village):
    for n in range(25):
        add(
            okrug_store,
            f"Жанов{n:02d}",
            "Бек",
            date(1970, 1, 1 + n),
            serial=100 + n,
            settlement_id=village.settlement_id,
        )
    model = ResidentTableModel(okrug_store, page_size=10, today=lambda: TODAY)
    model.refresh()
    assert (model.rowCount(), model.fetches) == (10, 1)
    assert model.wait_for_total() == 25  # counted off the window's thread
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 20
    model.fetch_all_up_to(24)
    assert model.rowCount() == 25 and not model.canFetchMore()
    assert names(model)[:2] == ["Жанов00 Бек", "Жанов01 Бек"]
    assert model.index(0, 0).data(ID_ROLE) == model.id_at(0)
    qtmodeltester.check(model)


def test_sorting_is_done_by_the_service(qtbot, qtmodeltester, okrug_store, people):
    model = ResidentTableModel(okrug_store, today=lambda: TODAY)
    model.refresh()
    model.sort(COL_BIRTH, Qt.SortOrder.DescendingOrder)
    assert (model.order_by, model.descending) == ("birth_date", True)
    assert names(model)[0] == "Қасымов Алихан"  # the youngest
    model.sort(COL_STATUSES)  # not sortable: the order stays
    assert model.order_by == "birth_date"
    qtmodeltester.check(model)


def test_search_as_you_type_folds_lookalikes(qtbot, okrug_store, people):
    view = make_view(qtbot, okrug_store)
    view.show()
    assert view.model.total() == 4
    type_text(view.search, "касым")
    qtbot.waitUntil(lambda: view.model.total() == 2)
    assert sorted(names(view.model)) == ["Қасымов Алихан", "Қасымов Ерлан"]
    assert "2" in view.count_label.text()
    view.search.clear()
    type_text(view.search, "гулн")  # Гүлнар typed on a Russian keyboard, given name
    qtbot.waitUntil(lambda: view.model.filter.text == "гулн")
    assert names(view.model) == ["Әбілова Гүлнар"]
    view.search.clear()
    qtbot.keyClicks(view.search, people["ivanov"].iin[:6])
    qtbot.waitUntil(lambda: view.model.filter.text == people["ivanov"].iin[:6])
    assert names(view.model) == ["Иванов Пётр"]


def test_search_waits_for_a_pause_in_typing(qtbot, okrug_store, people):
    view = make_view(qtbot, okrug_store)
    fetches = []
    view.model.modelReset.connect(lambda: fetches.append(view.model.filter.text))
    type_text(view.search, "Қасым")
    assert fetches == []  # nothing asked while typing
    qtbot.waitUntil(lambda: fetches == ["Қасым"])


def test_filters_settlement_status_membership(qtbot, okrug_store, village, people):
    view = make_view(qtbot, okrug_store)
    view.settlement.setCurrentIndex(view.settlement.findText("Көктөбе"))
    assert names(view.model) == ["Иванов Пётр"]
    view.settlement.setCurrentIndex(0)
    view.status.setCurrentIndex(view.status.findData("pensioner"))
    assert names(view.model) == ["Қасымов Ерлан"]
    view.status.setCurrentIndex(0)
    view.member.setCurrentIndex(view.member.findData(MEMBER_NO))
    assert names(view.model) == ["Қасымов Алихан"]  # a child is not a community member
    assert view.model.index(0, COL_MEMBER).data() == "no"
    view.member.setCurrentIndex(view.member.findData(MEMBER_YES))
    assert view.model.total() == 3
    assert view.current_filter() == ResidentFilter(member=True)


def test_former_residents_only_when_asked(qtbot, okrug_store, people):
    mark_left(okrug_store, people["ivanov"].id, "moved", TODAY)
    view = make_view(qtbot, okrug_store)
    assert "Иванов Пётр" not in names(view.model)
    view.include_left.setChecked(True)
    assert "Иванов Пётр" in names(view.model)
    row = names(view.model).index("Иванов Пётр")
    assert "moved away" in view.model.index(row, COL_NAME).data(Qt.ItemDataRole.ToolTipRole)


def test_header_click_sorts(qtbot, okrug_store, people):
    view = make_view(qtbot, okrug_store)
    with qtbot.waitExposed(view):
        view.show()
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(COL_BIRTH) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert view.model.order_by == "birth_date"
    born = [view.model.row_at(r).birth_date for r in range(view.model.rowCount())]
    assert born == sorted(born) or born == sorted(born, reverse=True)


def test_keyboard_find_new_and_enter(qtbot, okrug_store, people):
    view = make_view(qtbot, okrug_store)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is view.search
    with qtbot.waitSignal(view.dialog_opened) as opened:
        qtbot.keyClick(view.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened.args[0].resident_id is None
    opened.args[0].reject()
    view.table.setFocus()
    view.table.selectRow(1)
    with qtbot.waitSignal(view.dialog_opened) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args[0].resident_id == view.model.id_at(1)
    assert opened.args[0].surname.text() == view.model.row_at(1).full_name.split()[0]
    opened.args[0].reject()


def test_enter_in_search_opens_the_single_match(qtbot, okrug_store, people):
    view = make_view(qtbot, okrug_store)
    type_text(view.search, "иван")
    with qtbot.waitSignal(view.dialog_opened) as opened:
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert opened.args[0].resident_id == people["ivanov"].id
    opened.args[0].reject()


def test_refreshes_on_bus_change_keeping_selection(qtbot, okrug_store, village, people):
    bus = Bus()
    view = make_view(qtbot, okrug_store, bus)
    view.table.selectRow(2)
    selected = view.current_id()
    add(okrug_store, "Аманов", "Бақыт", date(1990, 1, 1), serial=50, settlement_id=village.settlement_id)
    view.refresh()
    assert view.model.total() == 5
    assert view.current_id() == selected


def test_scrolling_to_the_end_fetches_the_next_page(qtbot, okrug_store, village):
    for n in range(30):
        add(okrug_store, f"Жанов{n:02d}", "Бек", date(1970, 1, 1 + n), serial=200 + n)
    view = ResidentsView(okrug_store, Bus(), today=lambda: TODAY, page_size=10)
    qtbot.addWidget(view)
    view.resize(900, 400)
    with qtbot.waitExposed(view):
        view.show()
    qtbot.waitUntil(lambda: view.model.total() == 30)  # counted in the background
    assert "30" in view.count_label.text()
    first = view.model.rowCount()
    assert first < 30  # not everything at once
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() > first)


def test_the_count_is_made_off_the_window_thread_and_a_stale_one_is_dropped(
    qtbot, monkeypatch, okrug_store, village
):
    import threading

    from zhoob_desktop.ui.register import table_model

    for n in range(12):
        add(okrug_store, f"Жанов{n:02d}", "Бек", date(1970, 1, 1 + n), serial=300 + n)
    gate = threading.Event()
    threads = []
    real = table_model.count_residents

    def slow_count(store, flt):
        threads.append(threading.current_thread())
        gate.wait(5)
        return real(store, flt)

    model = ResidentTableModel(okrug_store, page_size=5, today=lambda: TODAY)
    monkeypatch.setattr(table_model, "count_residents", slow_count)
    model.refresh()
    assert model.rowCount() == 5 and model.total() is None  # the first page is there, the count is not
    model.set_filter(replace(model.filter, text="жанов0"))  # typed on: the first count is out of date
    gate.set()
    qtbot.waitUntil(lambda: model.total() is not None)
    assert model.total() == 10 and model.rowCount() == 5
    assert threads and all(t is not threading.main_thread() for t in threads)
    model.shutdown()


def test_typing_counts_once_it_pauses_and_a_count_is_kept_until_the_register_changes(
    qtbot, monkeypatch, okrug_store, village
):
    from zhoob_desktop.ui.register import table_model

    for n in range(12):
        add(okrug_store, f"Жанов{n:02d}", "Бек", date(1970, 1, 1 + n), serial=400 + n)
    counted = []
    real = table_model.count_residents

    def counting(store, flt):
        counted.append(flt.text)
        return real(store, flt)

    monkeypatch.setattr(table_model, "count_residents", counting)
    model = ResidentTableModel(okrug_store, page_size=5, today=lambda: TODAY)
    for typed in ("ж", "жа", "жан", "жано", "жанов"):  # each key a new filter, faster than the pause
        model.set_filter(replace(model.filter, text=typed))
        assert model.total() is None and model.rowCount() == 5
    qtbot.waitUntil(lambda: model.total() == 12)
    assert counted == ["жанов"]  # one count, for what stayed in the box
    model.set_filter(replace(model.filter, text="жан"))
    model.set_filter(replace(model.filter, text="жанов"))
    assert model.total() == 12 and counted == ["жанов"]  # known already: shown at once
    add(okrug_store, "Жанов99", "Бек", date(1971, 1, 1), serial=499)
    model.refresh()
    assert model.total() is None  # the register changed: counted again
    qtbot.waitUntil(lambda: model.total() == 13)
    assert counted == ["жанов", "жанов"]
    model.shutdown()
