"""A smoke run of the window for release checks: start, show the main window, quit.

``ZHOOB_SMOKE_QUIT_MS=N`` makes the program quit N milliseconds after it
starts. ``scripts/smoke-release`` sets it to prove the frozen program opens
its main window. The verdict goes to stdout; a Windows windowed build has no
stdout, so the exit code says it too: 0 with the main window shown, 4 without.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication, QDialogButtonBox

ENV_SMOKE_QUIT_MS = "ZHOOB_SMOKE_QUIT_MS"
ENV_SMOKE_SCREENSHOT = "ZHOOB_SMOKE_SCREENSHOT"  # optional: save the main window there as PNG
SHOWN = "smoke: main window shown"
NOT_SHOWN_EXIT = 4
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


def _finish(app: QApplication, screenshot: str | None = None) -> None:
    from zhoob_desktop.ui.main_window import MainWindow

    visible = [w for w in app.topLevelWidgets() if w.isVisible()]
    windows = [w for w in visible if isinstance(w, MainWindow)]
    if windows:
        if screenshot:
            windows[0].grab().save(screenshot)
        print(f"{SHOWN}; {describe_environment(app)}", flush=True)
        app.exit(0)
        return
    # A dialog (first run, a store error) is in the way: name it and fail.
    names = ", ".join(f"{type(w).__name__} {w.windowTitle()!r}" for w in visible) or "none"
    print(f"smoke: main window NOT shown; visible: {names}", flush=True)
    _hard_exit(NOT_SHOWN_EXIT)


def describe_environment(app: QApplication) -> str:
    """What a release check wants to see: Qt's own button text (its catalog) and the font in use."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "")
    box.deleteLater()
    return f"qt-cancel={cancel!r} font={QFontInfo(app.font()).family()!r}"
