"""Screenshots of the scripted year of an okrug in the window, at 1366×768, in Kazakh and Russian.

    python tools/year_screens.py OUT_DIR [--lang kk ru] [--width 1366 --height 768]

Builds a data folder with ``tests/scripted_year.py`` (four sittings, their
decisions followed per protocol, a non-execution, two monitorings with the
commission's reports), opens the main window offscreen on a screen of the
size given less a 40-pixel taskbar, and saves a PNG of the Decisions page
(a decision with its history at sittings), each tab of the Monitoring page
for both monitorings, both tabs of the Settings (the general settings and
the working-day calendar), every other page, each tab of the Representatives
page (with an initiative of a long agenda), and the reminder shown at start.
Look at them: every Kazakh letter must render and
nothing may be cut.

With ``--papers`` it also writes every paper of the year into OUT_DIR/papers
in each language: the four protocols, the chair's letter on the
non-execution (Reg §18), the notice to the members of the akim's
consideration (Reg §14), the commission's two reports, and the apparatus's
two Order 405 forms as PDF and as Excel workbooks.
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
    parser.add_argument("--papers", action="store_true", help="write the year's papers too")
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
    add_initiative(store)
    if args.papers:
        write_papers(store, year, out / "papers", args.lang)

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
        shot(window, f"{lang}-settings-general")
        settings.show_calendar()
        settings.calendar_box.year.setValue(2026)
        shot(window, f"{lang}-settings-calendar")
        # every other page as it opens, and each tab of the Representatives page
        for key in ("residents", "meetings", "papers", "sync", "audit"):
            window.show_page(key)
            shot(window, f"{lang}-page-{key}")
        representation = window.show_page("representation")
        for index in range(representation.tabs.count()):
            representation.tabs.setCurrentIndex(index)
            shot(window, f"{lang}-representation-{index + 1}")
        from datetime import date

        reminder = show_reminder(window, store, date(2026, 7, 27))
        if reminder is not None:
            shot(reminder, f"{lang}-reminder")
            reminder.close()
        window.close()
    store.close(backup=False)
    return 0


def add_initiative(store) -> None:
    """A members' initiative with a long agenda, for the Representatives page's Initiatives tab."""
    from datetime import date

    from zhoob_desktop.services.meeting.initiatives import create_initiative

    create_initiative(
        store,
        body="gathering",
        base_on=date(2026, 7, 20),
        agenda=[
            "Ауылдың жайылымдарын пайдалану және оларды маусымдық бөлу тәртібі туралы",
            "Мектепке дейінгі шағын орталықтың ғимаратын жөндеу туралы",
        ],
    )


def write_papers(store, year, out: Path, langs: list[str]) -> None:
    """Every paper the scripted year produces, in each language."""
    from zhoob_desktop.services.documents.commission_papers import commission_report_paper
    from zhoob_desktop.services.documents.followup_papers import consideration_notice, nonexecution_letter
    from zhoob_desktop.services.documents.issue import render_protocol
    from zhoob_desktop.services.monitoring.pdf import write_report_pdf
    from zhoob_desktop.services.monitoring.report import open_report
    from zhoob_desktop.services.monitoring.xlsx import write_report_xlsx

    out.mkdir(parents=True, exist_ok=True)
    for lang in langs:
        papers = {f"protocol-{n}": render_protocol(store, sid, lang).pdf for n, sid in year.sittings.items()}
        papers["letter-nonexecution"] = nonexecution_letter(store, year.decisions["lights"], lang).pdf
        papers["notice-consideration-1"] = consideration_notice(store, year.sittings[1], lang).pdf
        for key, round_id in year.rounds.items():
            papers[f"commission-report-{key}"] = commission_report_paper(store, round_id, lang).pdf
        for name, pdf in papers.items():
            (out / f"{lang}-{name}.pdf").write_bytes(pdf)
        for y, period in ((2025, "year"), (2026, "half")):
            report = open_report(store, y, period)
            write_report_pdf(report, out / f"{lang}-form-{y}-{period}.pdf", lang)
            write_report_xlsx(report, out / f"{lang}-form-{y}-{period}.xlsx", lang)
    print(out)


if __name__ == "__main__":
    sys.exit(main())
