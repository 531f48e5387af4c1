"""The console's item models pass Qt's model tester and refresh by diff, not by reset."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QModelIndex, Qt

from zhoob_desktop.ui.meeting.tables import (
    MIME_ROW,
    AgendaModel,
    AgendaRow,
    AttendanceModel,
    AttendanceRow,
    EventRow,
    EventsModel,
    RollCallModel,
    RollRow,
    SittingRow,
    SittingsModel,
    SpeakersModel,
    SpeechRow,
)


def att(key, present=True):
    return AttendanceRow(key, f"Name {key}", "", "member", "09:00", "" if present else "10:00", present, True)


def test_attendance_appends_and_changes_without_reset(qtbot, qtmodeltester):
    model = AttendanceModel()
    model.set_rows([att("a"), att("b")])
    qtmodeltester.check(model, force_py=True)
    resets, inserts, changes = [], [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsInserted.connect(lambda _p, first, last: inserts.append((first, last)))
    model.dataChanged.connect(lambda tl, br, _roles=(): changes.append((tl.row(), br.row())))
    model.set_rows([att("a"), att("b", present=False), att("c")])
    assert inserts == [(2, 2)] and changes == [(1, 1)] and resets == []
    assert model.data(model.index(1, 4)) == "10:00"
    model.set_rows([att("c"), att("a")])  # a different order: the only case that resets
    assert resets == [1] and model.rowCount() == 2
    qtmodeltester.check(model, force_py=True)


def test_speakers_tick_repaints_one_cell(qtbot, qtmodeltester):
    model = SpeakersModel()
    rows = [
        SpeechRow("s1", "Қасымов Ерлан", "report", "finished", 900, 610.0, "—", False),
        SpeechRow("s2", "Әбілова Гүлнар", "debate", "speaking", 300, 0.0, "1 / 2", True),
        SpeechRow("s3", "Иванов Пётр", "debate", "waiting", 300, 0.0, "1 / 2", False),
    ]
    model.set_rows(rows)
    qtmodeltester.check(model, force_py=True)
    changes = []
    model.dataChanged.connect(
        lambda tl, br, _roles=(): changes.append((tl.row(), tl.column(), br.row(), br.column()))
    )
    model.tick(12.4)
    model.tick(-3.2)
    assert changes == [(1, SpeakersModel.COL_TIME, 1, SpeakersModel.COL_TIME)] * 2
    assert model.data(model.index(1, SpeakersModel.COL_TIME)) == "-0:04"
    assert model.data(model.index(0, SpeakersModel.COL_TIME)) == "4:50"
    assert model.data(model.index(2, SpeakersModel.COL_TIME)) == "5:00"


def test_agenda_drag_asks_the_engine(qtbot, qtmodeltester):
    model = AgendaModel()
    model.set_rows(
        [
            AgendaRow("A1", 1, "Budget", "budget", "", "included", False, False),
            AgendaRow("A2", 2, "Road", "other", "", "proposed", False, True),
            AgendaRow("A3", 3, "Water", "other", "", "proposed", False, True),
        ]
    )
    qtmodeltester.check(model, force_py=True)
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.flags(model.index(2, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    moves = []
    model.move_requested.connect(lambda key, pos: moves.append((key, pos)))
    mime = model.mimeData([model.index(2, 1)])
    assert mime.hasFormat(MIME_ROW)
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, QModelIndex()) is False
    assert moves == [("A3", 2)]
    assert [r.key for r in model.rows] == ["A1", "A2", "A3"]  # unchanged until the engine answers
    assert not model.canDropMimeData(QMimeData(), Qt.DropAction.MoveAction, 0, 0, QModelIndex())


def test_roll_call_choices_are_exclusive(qtbot, qtmodeltester):
    model = RollCallModel()
    model.set_rows([RollRow("m1", "One", None), RollRow("m2", "Two", None), RollRow("m3", "Three", None)])
    qtmodeltester.check(model, force_py=True)
    assert model.setData(model.index(0, 1), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.setData(model.index(1, 2), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.setData(model.index(0, 3), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.counts() == {"for": 0, "against": 1, "abstain": 1}
    assert model.roll_call() == {"m1": "abstain", "m2": "against"}
    assert model.data(model.index(0, 1), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    model.set_all("for")
    assert model.counts() == {"for": 3, "against": 0, "abstain": 0}
    qtmodeltester.check(model, force_py=True)


def test_sittings_and_events_models(qtbot, qtmodeltester):
    sittings = SittingsModel()
    sittings.set_rows([SittingRow("x", "25.11.2026", "meeting", "", "Club", "prepared")])
    qtmodeltester.check(sittings, force_py=True)
    events = EventsModel()
    events.set_rows([EventRow(1, "09:00", "Journal opened", ""), EventRow(2, "09:01", "Registered", "")])
    qtmodeltester.check(events, force_py=True)
    assert events.data(events.index(1, 2)) == "Registered"
