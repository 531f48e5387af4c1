"""Screenshots of the scripted year of an okrug in the window, at 1366×768, in Kazakh and Russian.

    python tools/year_screens.py OUT_DIR [--lang kk ru] [--width 1366 --height 768]

Builds a data folder with ``tests/scripted_year.py`` (four sittings, their
decisions followed per protocol, a non-execution, two monitorings with the
commission's reports), opens the main window offscreen on a screen of the
size given less a 40-pixel taskbar, and saves a PNG of the Decisions page
(a decision with its history at sittings), each tab of the Monitoring page
for both monitorings, the working-day calendar in the Settings, and the
reminder shown at start. Look at them: every Kazakh letter must render and
nothing may be cut.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TASKBAR = 40


def main() -> int:
    parser = argparse.ArgumentParser(prog="year_screens")
    parser.add_argument("out")
    parser.add_argument("--lang", nargs="+", default=["kk", "ru"])
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--height", type=int, default=768)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    screens = Path(tempfile.mkdtemp()) / "screens.json"
    screen = {
        "name": "laptop",
        "x": 0,
        "y": 0,
        "width": args.width,
        "height": args.height - TASKBAR,
        "logicalDpi": 96,
    }
    screens.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screens}"

    from PySide6.QtWidgets import QApplication

    from tests.scripted_year import build_year
    from zhoob_desktop.services import decisions as D
    from zhoob_desktop.services import i18n
    from zhoob_desktop.services.store import open_store
    from zhoob_desktop.ui.app import make_application
    from zhoob_desktop.ui.bus import Bus
    from zhoob_desktop.ui.decisions.reminders import show_reminder
    from zhoob_desktop.ui.main_window import MainWindow
    from zhoob_desktop.ui.qt_i18n import install_qt_translations

    app = make_application([sys.argv[0]])
    os.environ.setdefault("ZHOOB_OPERATOR", "secretary")  # a new, encrypted data folder for the screens
    os.environ.setdefault("ZHOOB_PASSPHRASE", "screens passphrase")
    store = open_store(Path(tempfile.mkdtemp()) / "data")
    year = build_year(store)

    def settle() -> None:
        for _ in range(4):
            app.processEvents()

    def shot(widget, name: str) -> None:
        settle()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        print(path)

    for lang in args.lang:
        i18n.set_language(lang)
        install_qt_translations(lang)
        window = MainWindow(store, Bus())
        window.setGeometry(QApplication.primaryScreen().availableGeometry())
        window.show()
        decisions = window.show_page("decisions")
        decisions.filter.setCurrentIndex(list(D.FILTERS).index("all"))
        decisions.select_decision(str(year.decisions["lights"]))
        shot(window, f"{lang}-decisions-lights")
        decisions.select_decision(str(year.decisions["school"]))
        decisions.lower.setCurrentIndex(1)
        shot(window, f"{lang}-decisions-school")
        monitoring = window.show_page("monitoring")
        for y, label in ((2025, "2025-year"), (2026, "2026-half")):
            monitoring.year.setValue(y)
            monitoring.round_choice.setCurrentIndex(1 if y == 2025 else 0)
            for index, tab in enumerate(("form", "commission", "steps")):
                monitoring.tabs.setCurrentIndex(index)
                shot(window, f"{lang}-monitoring-{label}-{tab}")
        settings = window.show_page("settings")
        settings.calendar_box.year.setValue(2026)
        shot(window, f"{lang}-settings-calendar")
        from datetime import date

        reminder = show_reminder(window, store, date(2026, 7, 27))
        if reminder is not None:
            shot(reminder, f"{lang}-reminder")
            reminder.close()
        window.close()
    store.close(backup=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
