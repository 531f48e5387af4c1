"""Settings: the working-day calendar shows estimates and takes corrections with their decree."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from zhoob_desktop.services.meeting.calendar import WorkCalendar
from zhoob_desktop.ui import calendar_settings as module
from zhoob_desktop.ui.bus import Bus
from zhoob_desktop.ui.calendar_settings import CalendarBox


def _row(box, day):
    return [d.day for d in box.days].index(day)


def test_confirm_add_and_remove(qtbot, store, monkeypatch):
    bus = Bus()
    box = CalendarBox(store, bus, today=date(2026, 3, 1))
    qtbot.addWidget(box)
    row = _row(box, date(2026, 5, 27))
    assert box.table.item(row, 1).text() == "Kurban ait (estimated: confirm when the decree is published)"
    assert box.table.item(row, 2).text() == "" and "1 date of 2026 is only estimated" in box.hint.text()
    box.table.selectRow(row)
    assert box.confirm_button.isEnabled() and not box.remove_button.isEnabled()

    def fill(decree):
        def exec_(dialog):
            dialog.decree.setText(decree)
            dialog.decree_date.setDate(dialog.decree_date.date().fromString("01.04.2026", "dd.MM.yyyy"))
            return QDialog.DialogCode.Accepted

        return exec_

    monkeypatch.setattr(module.CorrectionDialog, "exec", fill("7"))
    with qtbot.waitSignal(bus.changed):
        assert box.confirm()
    row = _row(box, date(2026, 5, 27))
    assert box.table.item(row, 2).text() == "No. 7 of 01/04/2026"
    assert not WorkCalendar.from_store(store).estimated(date(2026, 5, 27))

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    attempts = []

    def no_decree_then_cancel(dialog):
        attempts.append(dialog)
        return QDialog.DialogCode.Accepted if len(attempts) == 1 else QDialog.DialogCode.Rejected

    monkeypatch.setattr(module.CorrectionDialog, "exec", no_decree_then_cancel)
    assert not box.add()
    assert warnings and "number and the date of the decree" in warnings[0]
    box.table.selectRow(_row(box, date(2026, 5, 27)))
    assert box.remove()
    assert WorkCalendar.from_store(store).estimated(date(2026, 5, 27))


def test_a_leap_day_and_rows_sized_when_shown(qtbot, store, monkeypatch):
    """On 29 February the correction offered for a common year starts on the 28th (no crash); shown
    in a narrow box, each row is as tall as its wrapped text."""
    assert module.same_day_in(2027, date(2028, 2, 29)) == date(2027, 2, 28)
    assert module.same_day_in(2028, date(2026, 5, 7)) == date(2028, 5, 7)
    box = CalendarBox(store, Bus(), today=date(2028, 2, 29))
    qtbot.addWidget(box)
    box.year.setValue(2027)
    offered = []
    monkeypatch.setattr(module.CorrectionDialog, "exec", lambda d: offered.append(d.values()[0]) or 0)
    assert not box.add()
    assert offered == [date(2027, 2, 28)]
    box.resize(520, 600)
    box.show()
    qtbot.waitExposed(box)
    row = _row(box, date(2027, 5, 16))  # Kurban ait, estimated: a long name that wraps
    item = box.table.item(row, 1)
    lines = box.table.fontMetrics().boundingRect(
        0, 0, box.table.columnWidth(1) - 8, 10_000, int(Qt.TextFlag.TextWordWrap), item.text()
    )
    assert box.table.rowHeight(row) >= lines.height()
