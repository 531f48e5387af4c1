"""A smoke run of the window for release checks: start, show every page, quit.

``ZHOOB_SMOKE_QUIT_MS=N`` makes the program, N milliseconds after it starts,
show each page of the main window once (tabs built lazily get built), then
quit. ``scripts/smoke-release`` sets it to prove the frozen program works.
``ZHOOB_SMOKE_SCREENSHOT=FILE.png`` also saves the first page there and page
``i`` as ``FILE-i.png``. The verdict goes to stdout; a Windows windowed build
has no stdout, so the exit code says it too: 0 with the main window shown and
every page fine, 4 without the main window, 5 when a page raised an error.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

ENV_SMOKE_QUIT_MS = "ZHOOB_SMOKE_QUIT_MS"
ENV_SMOKE_SCREENSHOT = "ZHOOB_SMOKE_SCREENSHOT"
#: ``ZHOOB_STARTUP_PROBE=FILE``: once the main window has painted, write when (wall clock and the
#: process's CPU time) to FILE as JSON and quit; bench/bench_startup.py reads it.
ENV_STARTUP_PROBE = "ZHOOB_STARTUP_PROBE"
#: ``ZHOOB_LOGIN_PROBE=FILE``: once the log-in (or set-up) dialog has painted, write when, and which
#: heavy libraries were loaded by then, to FILE as JSON. Then, with ``ZHOOB_LOGIN_PROBE_TYPE=TEXT``,
#: type TEXT into the passphrase field a key every ``ZHOOB_LOGIN_PROBE_KEY_MS`` (default 150; 0
#: pastes it at once) and press the log-in button, adding to FILE when it was pressed and how late
#: each keystroke was handled; without it, cancel the dialog (the program ends).
ENV_LOGIN_PROBE = "ZHOOB_LOGIN_PROBE"
ENV_LOGIN_PROBE_TYPE = "ZHOOB_LOGIN_PROBE_TYPE"
ENV_LOGIN_PROBE_KEY_MS = "ZHOOB_LOGIN_PROBE_KEY_MS"
#: The libraries the log-in dialog must not wait for (the window's; tests/test_startup.py).
HEAVY_FOR_LOGIN = ("sqlalchemy", "alembic", "reportlab", "holidays", "openpyxl", "zhoob_desktop.models")
SHOWN = "smoke: main window shown"
NOT_SHOWN_EXIT = 4
PAGE_ERROR_EXIT = 5
# A dialog's own event loop would swallow app.exit's code (the first-run dialog
# returns "cancelled" and the program ends with 0), so a failed smoke run ends hard.
_hard_exit = os._exit


def smoke_quit_ms(environ: dict[str, str] | None = None) -> int | None:
    """The delay asked for by ``ZHOOB_SMOKE_QUIT_MS``; None when unset or not a positive number."""
    raw = (os.environ if environ is None else environ).get(ENV_SMOKE_QUIT_MS, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else None


def arm_smoke_quit(app: QApplication, environ: dict[str, str] | None = None) -> bool:
    """Schedule the smoke verdict and quit when the variable is set; True if armed."""
    delay = smoke_quit_ms(environ)
    if delay is None:
        return False
    screenshot = (os.environ if environ is None else environ).get(ENV_SMOKE_SCREENSHOT)
    QTimer.singleShot(delay, lambda: _finish(app, screenshot))
    return True


def arm_startup_probe(app: QApplication, window: QWidget, environ: dict[str, str] | None = None) -> bool:
    """With ``ZHOOB_STARTUP_PROBE`` set, note the moment the window has painted, then quit."""
    target = (os.environ if environ is None else environ).get(ENV_STARTUP_PROBE)
    if not target:
        return False

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                # after this paint event has been handled: the pixels are on the screen
                QTimer.singleShot(0, record)
            return False

    def record() -> None:
        from zhoob_desktop.ui import startup

        moment = {"wall": time.time(), "cpu": time.process_time(), **startup.figures}
        if startup.current is not None:
            moment["imported_after_preload"] = startup.current.imported_since()
        Path(target).write_text(json.dumps(moment), encoding="utf-8")
        app.quit()

    probe = FirstPaint(window)
    window.installEventFilter(probe)
    window.update()
    return True


def arm_login_probe(dialog: QWidget, environ: dict[str, str] | None = None) -> bool:
    """With ``ZHOOB_LOGIN_PROBE`` set, note when ``dialog`` has painted, then type or cancel."""
    env = os.environ if environ is None else environ
    target = env.get(ENV_LOGIN_PROBE)
    if not target:
        return False
    typed = env.get(ENV_LOGIN_PROBE_TYPE)
    raw_ms = env.get(ENV_LOGIN_PROBE_KEY_MS, "150").strip()
    key_ms = int(raw_ms) if raw_ms.isdigit() else 150
    note: dict = {}

    def write() -> None:
        Path(target).write_text(json.dumps(note), encoding="utf-8")

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                dialog.removeEventFilter(self)
                # Noted while the paint is handled: before anything the paint lets start (the imports).
                note["painted"] = {"wall": time.time(), "cpu": time.process_time()}
                note["heavy_loaded"] = [m for m in HEAVY_FOR_LOGIN if m in sys.modules]
                write()
                QTimer.singleShot(0, begin)
            return False

    def begin() -> None:
        if typed is None or not hasattr(dialog, "passphrase") or not hasattr(dialog, "buttons"):
            dialog.reject()
        elif key_ms == 0:
            dialog.passphrase.setText(typed)
            submit()
        else:
            type_key(0, time.perf_counter())

    def type_key(index: int, scheduled: float) -> None:
        if index:  # how late the event loop ran this keystroke (the imports run meanwhile)
            note.setdefault("key_late_ms", []).append(
                1000 * (time.perf_counter() - scheduled - key_ms / 1000)
            )
        if index == len(typed):
            submit()
            return
        dialog.passphrase.insert(typed[index])
        now = time.perf_counter()
        QTimer.singleShot(key_ms, lambda: type_key(index + 1, now))

    def submit() -> None:
        note["submitted"] = {"wall": time.time(), "cpu": time.process_time()}
        write()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    dialog.installEventFilter(FirstPaint(dialog))
    return True


def _finish(app: QApplication, screenshot: str | None = None) -> None:
    from zhoob_desktop.ui.main_window import MainWindow

    visible = [w for w in app.topLevelWidgets() if w.isVisible()]
    windows = [w for w in visible if isinstance(w, MainWindow)]
    if not windows:
        # A dialog (first run, a store error) is in the way: name it and fail.
        names = ", ".join(f"{type(w).__name__} {w.windowTitle()!r}" for w in visible) or "none"
        print(f"smoke: main window NOT shown; visible: {names}", flush=True)
        _hard_exit(NOT_SHOWN_EXIT)
        return
    if screenshot:
        windows[0].grab().save(screenshot)
    pages, errors = visit_pages(app, windows[0], screenshot)
    if errors:
        print(f"smoke: {len(errors)} error(s) on the pages of the main window:", flush=True)
        for error in errors:
            print(f"  {error}", flush=True)
        _hard_exit(PAGE_ERROR_EXIT)
        return
    print(f"{SHOWN}; pages={pages} {describe_environment(app)}", flush=True)
    app.exit(0)


def visit_pages(app: QApplication, window: QWidget, screenshot: str | None = None) -> tuple[int, list[str]]:
    """Show each navigation page once; (pages shown, errors raised meanwhile in Qt's handlers)."""
    errors: list[str] = []
    nav = getattr(window, "nav", None)
    count = nav.count() if nav is not None else 0

    def note(kind, value, tb) -> None:
        errors.append("".join(traceback.format_exception(kind, value, tb)[-2:]).strip().replace("\n", " | "))

    # An error in a handler reaches either the caller (PySide re-raises it after the C++
    # call) or, from the event loop, sys.excepthook: both are noted.
    previous = sys.excepthook
    sys.excepthook = note
    try:
        for row in range(count):
            try:
                nav.setCurrentRow(row)
                app.processEvents()
            except Exception as exc:  # noqa: BLE001 - every failure is the verdict's business
                note(type(exc), exc, exc.__traceback__)
            if screenshot:
                path = Path(screenshot)
                window.grab().save(str(path.with_name(f"{path.stem}-{row}{path.suffix}")))
        if count:
            nav.setCurrentRow(0)
            app.processEvents()
    finally:
        sys.excepthook = previous
    return count, errors


def describe_environment(app: QApplication) -> str:
    """What a release check wants to see: Qt's own button text (its catalog) and the font in use."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "")
    box.deleteLater()
    return f"qt-cancel={cancel!r} font={QFontInfo(app.font()).family()!r}"
