"""The Qt binding must not leak references to None or True (PySide6 6.12.0 did, and aborted)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QObject, Signal


class _Emitter(QObject):
    ticked = Signal(int)


def test_emit_and_void_calls_keep_refcounts(qtbot):
    app = QCoreApplication.instance()
    emitter = _Emitter()
    received = []
    emitter.ticked.connect(received.append)
    before_none, before_true = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(1500):  # 6.12.0 loses one reference per call and aborts near 5,000
        emitter.ticked.emit(i)
        app.processEvents()
    assert len(received) == 1500
    assert sys.getrefcount(None) >= before_none - 50
    assert sys.getrefcount(True) >= before_true - 50
