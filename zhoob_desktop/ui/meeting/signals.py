"""Emit Qt signals from Python without losing a reference to ``True``.

PySide6 6.12.0 on Python 3.11 returns the ``True`` of ``Signal.emit()``
without taking a reference, so every emit from Python code drops one from
``True``'s count; after a few thousand (a countdown emits once a second) the
interpreter aborts with "bool_dealloc". ``emit`` below gives that reference
back, and only where the running PySide6 is measured to need it, so a fixed
release needs nothing. Signals emitted by Qt itself (timers, views) are not
affected.

The same build returns ``None`` from every void call (``setText``,
``processEvents``...) without a reference either, so a long sitting would
drain ``None`` too, and code outside this package drains ``True`` through its
own emits. Where these faults are measured, ``None``, ``True`` and ``False``
are given a large reserve of references once: they are never freed anyway,
and the program then cannot abort in the middle of a sitting because of it.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    ping = Signal()


def _emit_drops_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(16):
        result = probe.ping.emit()
        del result
    lost = before - sys.getrefcount(True)
    for _ in range(max(0, lost)):
        _incref(True)  # give back what the probe itself cost
    return lost >= 16


def _void_call_drops_a_reference() -> bool:
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(16):
        probe.setObjectName("probe")
    lost = before - sys.getrefcount(None)
    for _ in range(max(0, lost)):
        _incref(None)
    return lost >= 16


EMIT_DROPS_REFERENCE = _emit_drops_a_reference()
VOID_DROPS_REFERENCE = _void_call_drops_a_reference()
RESERVE = 1 << 40


def _reserve_references() -> None:
    for value in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(value))  # ob_refcnt, the first field of every object
        if count.value < RESERVE:
            count.value += RESERVE


if EMIT_DROPS_REFERENCE or VOID_DROPS_REFERENCE:
    _reserve_references()


def emit(signal, *args) -> None:
    """``signal.emit(*args)``, keeping the reference count of the returned bool right."""
    result = signal.emit(*args)
    if EMIT_DROPS_REFERENCE and isinstance(result, bool):
        _incref(result)
