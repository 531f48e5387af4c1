"""Every window and dialog of the program opened on small screens; what is cut, as JSON lines.

    QT_QPA_PLATFORM=offscreen:configfile=SCREENS.json [QT_SCALE_FACTOR=1.25] \\
        python -m tests.ui.window_fit_run [--shots DIR] [--lang kk ru]

Run by ``test_window_sizes.py`` in a process of its own (the screens and the
scale are fixed when Qt starts). The screens come from the configuration
file: each is a laptop screen less its taskbar, or a projector. On each
laptop screen every window is opened the way the program opens it (its own
sizing code, on that screen) and checked with ``window_fit.problems``; the
hall screen is laid out at each projector's full size. Prints one JSON line
per window and screen: ``{"window": ..., "screen": ..., "problems": [...]}``;
``--shots`` also saves a PNG of each.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.window_fit import problems
from zhoob_desktop.ui.app import make_application

TODAY = date(2026, 11, 25)
PROJECTORS = ((1024, 768), (1280, 720), (1920, 1080))
# Pages still taller than a 768-pixel screen at 100% (they scroll down): the Sync page's okrug
# tab stacks the keys, the export, the district service and two tables.
TALL_PAGES = frozenset({"sync"})


class Runner:
    def __init__(self, shots: Path | None, lang: str = "kk"):
        self.shots, self.lang = shots, lang
        self.results: list[dict] = []

    def check(self, name: str, window: QWidget, screen, *, place=None) -> None:
        """Open ``window`` on ``screen`` the way the program does (``place``), settle it, check it."""
        window.setScreen(screen)
        window.move(screen.availableGeometry().topLeft())
        if place is not None:
            place(window)
        window.show()
        for _ in range(3):
            QApplication.processEvents()
        area = screen.availableGeometry().size()
        # The pages of the main window may scroll sideways at 125% (a logical 1024 pixels, the
        # navigation beside them); the console and the dialogs never.
        scaled = float(os.environ.get("QT_SCALE_FACTOR", "1") or 1) > 1
        # A page scrolls down only at 125%: at 100% the buttons at its bottom must be on the screen.
        page = name.startswith("main-")
        tall = name.removeprefix("main-") in TALL_PAGES
        found = problems(window, area, sideways=scaled and page, pages_scroll=scaled or tall)
        tag = f"{area.width()}x{area.height()}"
        if self.shots is not None:
            window.grab().save(str(self.shots / f"{name}-{tag}.png"))
        self.results.append({"window": name, "screen": tag, "lang": self.lang, "problems": found})

    def emit(self) -> None:
        for line in self.results:
            print(json.dumps(line, ensure_ascii=False), flush=True)


def on(parent: QWidget, screen) -> None:
    """Put a dialog's parent on the screen first: a dialog opens on its parent's screen."""
    parent.setScreen(screen)
    parent.move(screen.availableGeometry().topLeft())


def build_store():
    from zhoob_desktop.services import demo
    from zhoob_desktop.services.store import open_store

    folder = Path(tempfile.mkdtemp(prefix="window-fit-"))
    store = open_store(folder)
    demo.create_demo(store, today=TODAY)
    return store


def live_sitting(store):
    """A meeting of the demo roster under way: registered, opened, officers, agenda, a speech."""
    from zhoob_desktop.services.decisions.agenda import with_execution_item
    from zhoob_desktop.services.meeting import create_sitting, start_sitting
    from zhoob_desktop.services.meeting.roster import active_roster

    members = active_roster(store, "meeting", TODAY)
    agenda = [
        {"title": "Ауылдағы су құбырын жөндеу туралы", "kind": "communal_property", "reporter": "Әкім"},
        {"title": "Мектеп алдындағы аялдаманы салу туралы", "kind": "other", "reporter": "Әкім"},
    ]
    info = create_sitting(
        store,
        kind="meeting",
        number=2,
        scheduled_on=TODAY,
        place="Қарағайлы ауылы, мәдениет үйі",
        agenda=with_execution_item(store, "meeting", TODAY, agenda, today=TODAY),  # Reg §9
    )
    start_sitting(store, info.id, members=members, clock=lambda: datetime(2026, 11, 25, 4, 50, tzinfo=UTC))
    return info, members


def console_windows(runner: Runner, store, screens) -> None:
    from zhoob_desktop.ui.bus import Bus
    from zhoob_desktop.ui.meeting.clock import ManualClock
    from zhoob_desktop.ui.meeting.console import LiveConsole
    from zhoob_desktop.ui.meeting.excuse import ExcuseDialog
    from zhoob_desktop.ui.meeting.keys import KeysDialog
    from zhoob_desktop.ui.meeting.voting import CastingVoteDialog

    info, members = live_sitting(store)
    clock = ManualClock(datetime(2026, 11, 25, 4, 55, tzinfo=UTC))
    console = LiveConsole(store, Bus(), str(info.id), clock)
    ops = console.ops

    def refused(_parent, exc):
        raise AssertionError(exc.message())

    ops.present_error = refused  # a refusal here is a broken script, not a window to check
    ids = [m.id for m in members]
    for pid in ids[:17]:
        ops.run("register", member=pid)
    console.registration.search.setText(members[17].name.split()[0][:3])
    console.registration.find(console.registration.search.text())
    for screen in screens:
        runner.check("console-registration", console, screen, place=lambda w: w.fit_to_screen())
    ops.run("announce_registration")
    ops.run("open", by="Ауылдық округ әкімі")
    ops.run("elect", role="chair", person=ids[0], **{"for": 17})
    console.tabs.setCurrentIndex(1)
    for screen in screens:
        runner.check("console-opening", console, screen, place=lambda w: w.fit_to_screen())
    ops.run("elect", role="secretary", person=ids[1], **{"for": 17})
    for item in console.state.agenda:
        ops.run("vote_item", item=item.id, **{"for": 17})
    ops.run("approve_agenda")
    ops.run("start_item", item=console.state.agenda[0].id)
    console.tabs.setCurrentIndex(2)
    for screen in screens:
        runner.check("console-agenda", console, screen, place=lambda w: w.fit_to_screen())
    ops.run("add_speaker", person=ids[2], kind="report")
    ops.run("add_speaker", person=ids[3], kind="debate")
    ops.run("start_speech", speech=console.state.speeches[0].id)
    clock.advance(960)  # over time: the prompt to stop or extend shows
    console.countdown._tick()
    console.tabs.setCurrentIndex(3)
    for screen in screens:
        runner.check("console-speakers", console, screen, place=lambda w: w.fit_to_screen())
    ops.run("stop_speech", speech=console.state.speeches[0].id)
    ops.run("written_question", author=ids[4], to="Әкім", text="Су құбыры қашан жөнделеді?")
    console.tabs.setCurrentIndex(5)
    for screen in screens:
        runner.check("console-questions", console, screen, place=lambda w: w.fit_to_screen())
    console.tabs.setCurrentIndex(4)
    console.voting.request(None)
    console.voting.text.setPlainText("Су құбырын жөндеу 2027 жылдың бірінші тоқсанында басталсын.")
    console.voting._set_counts(8, 9, 0)
    console.voting.record_vote()  # fails: the confirmation shows
    for screen in screens:
        runner.check("console-voting", console, screen, place=lambda w: w.fit_to_screen())
    console.voting.back_to_counts()
    console.voting.roll.setChecked(True)
    for screen in screens:
        runner.check("console-rollcall", console, screen, place=lambda w: w.fit_to_screen())
    console.voting.hands.setChecked(True)
    ops.run("depart", person=ids[16])  # 16 present: an 8 to 8 tie goes to the chair (Reg §12)
    ops.run("vote", item=console.state.agenda[0].id, text="Жөнделсін.", **{"for": 8, "against": 8})
    tie = console.state.pending_tie
    for screen in screens:
        on(console, screen)
        runner.check("casting-vote", CastingVoteDialog(tie, "Байжанова Айым Қайратовна", console), screen)
        runner.check("excuse", ExcuseDialog("Байжанова Айым Қайратовна", parent=console), screen)
        runner.check("keys", KeysDialog(console), screen)
    hall = console.show_projector()
    for w, h in PROJECTORS:
        hall.resize(w, h)
        QApplication.processEvents()
        found = [
            f"{t.objectName()} is cut"
            for t in hall.findChildren(QWidget)
            if hasattr(t, "fits") and t.isVisible() and not t.fits()
        ]
        runner.results.append(
            {"window": "hall", "screen": f"{w}x{h}", "lang": runner.lang, "problems": found}
        )
        if runner.shots is not None:
            hall.grab().save(str(runner.shots / f"hall-{w}x{h}.png"))
    console.close()


def other_windows(runner: Runner, store, screens) -> None:
    from zhoob_desktop.services.meeting import get_sitting, journal_events, list_sittings
    from zhoob_desktop.services.okrug_time import okrug_zone
    from zhoob_desktop.ui.bus import Bus
    from zhoob_desktop.ui.main_window import MainWindow
    from zhoob_desktop.ui.meeting.prepare_dialog import PrepareDialog
    from zhoob_desktop.ui.meeting.recovery import RecoveryDialog

    window = MainWindow(store, Bus())
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        key = window.specs[row].key
        for screen in screens:
            runner.check(f"main-{key}", window, screen, place=lambda w: w.fit_to_screen())
    closed = next(s for s in list_sittings(store) if s.status == "closed")
    for screen in screens:
        on(window, screen)
        runner.check("prepare-new", PrepareDialog(store, None, TODAY, window), screen)
        runner.check(
            "prepare-edit", PrepareDialog(store, get_sitting(store, closed.id), TODAY, window), screen
        )
        events = journal_events(store, closed.id)
        runner.check("recovery", RecoveryDialog(closed, events, okrug_zone(store), window), screen)
    register_windows(runner, store, screens, window)
    followup_windows(runner, store, screens, window)
    representation_windows(runner, store, screens, window)
    window.close()


def representation_windows(runner: Runner, store, screens, parent) -> None:
    """The maslikhat's procedure (with the numbers per village typed in), a new initiative, the decision."""
    from zhoob_desktop.services.meeting.initiatives import add_signer, create_initiative, file_initiative
    from zhoob_desktop.services.register.membership import list_members
    from zhoob_desktop.ui.representation.dialogs import (
        DecisionDialog,
        FileDialog,
        InitiativeDialog,
        ProcedureDialog,
    )

    initiative = create_initiative(
        store, body="gathering", base_on=TODAY, agenda=["Жайылымды пайдалану туралы"]
    )
    add_signer(store, initiative.id, list_members(store, TODAY)[0].iin)
    initiative = file_initiative(store, initiative.id, TODAY)
    for screen in screens:
        on(parent, screen)
        runner.check("procedure", ProcedureDialog(store, TODAY, parent), screen)
        by_table = ProcedureDialog(store, TODAY, parent)
        by_table.by_table.setChecked(True)
        runner.check("procedure-table", by_table, screen)
        runner.check("initiative", InitiativeDialog(store, TODAY, parent), screen)
        runner.check("initiative-filed", FileDialog(store, initiative, TODAY, parent), screen)
        runner.check("initiative-decision", DecisionDialog(store, initiative, TODAY, parent), screen)


def followup_windows(runner: Runner, store, screens, parent) -> None:
    """The decisions' and the monitoring's dialogs, the calendar's correction and the reminder."""
    from zhoob_desktop.services import decisions as D
    from zhoob_desktop.services.meeting.held import held_choices
    from zhoob_desktop.services.monitoring import commission as C
    from zhoob_desktop.services.monitoring.schedule import DESCRIPTIONS
    from zhoob_desktop.ui.calendar_settings import CorrectionDialog
    from zhoob_desktop.ui.decisions import dialogs as DD
    from zhoob_desktop.ui.decisions.reminders import ReminderDialog
    from zhoob_desktop.ui.monitoring import dialogs as MD

    (protocol,) = D.list_protocols(store, today=TODAY)[:1]
    view = protocol.decisions[0]
    choices = held_choices(store, until=TODAY)
    report = next(a for a in DD.ACTIONS if a.key == "not_executed")
    found = D.reminders(store, today=TODAY)
    for screen in screens:
        on(parent, screen)
        consider = DD.ProtocolActDialog("considered", protocol, today=TODAY, actor="", submit=lambda *a: None,
                                        parent=parent)  # fmt: skip
        runner.check("protocol-consideration", consider, screen)
        sittings = D.sittings_for_step(store, view.id, "reported", today=TODAY)
        step = DD.StepDialog(report, view, today=TODAY, actor="", submit=lambda *a: None, sittings=sittings,
                             parent=parent)  # fmt: skip
        runner.check("decision-step", step, screen)
        runner.check("monitoring-sign", MD.SignDialog("Аппарат", "", "", TODAY, parent), screen)
        runner.check("commission-form", MD.FormCommissionDialog(choices, parent), screen)
        runner.check("monitoring-step", MD.StepDialog(4, DESCRIPTIONS[4], TODAY, choices, parent), screen)
        runner.check("monitoring-extra", MD.ExtraordinaryDialog(choices, TODAY, parent), screen)
        runner.check(
            "commission-sign", MD.SignCommissionReportDialog(C.commission_on(store), TODAY, parent), screen
        )
        runner.check("report-correct", MD.ReasonDialog("Түзету", TODAY, parent), screen)
        runner.check("calendar-correction", CorrectionDialog(TODAY, parent=parent), screen)
        runner.check("reminder", ReminderDialog(found, TODAY, parent), screen)


def register_windows(runner: Runner, store, screens, parent) -> None:
    from zhoob_desktop.services.register import importer
    from zhoob_desktop.services.register.membership import list_members
    from zhoob_desktop.ui.register.import_wizard import ImportWizard
    from zhoob_desktop.ui.register.resident_dialog import ResidentDialog

    someone = list_members(store, TODAY)[0]
    path = Path(tempfile.mkdtemp(prefix="window-fit-list-")) / "тізім.csv"
    path.write_text(
        "Тегі Аты Әкесінің аты;ЖСН;Туған күні;Мекенжайы\n"
        f"{someone.full_name};{someone.iin};;Қарағайлы, Абай көшесі, 1\n"
        "Сейітов Бауыржан;850101300123;01.01.1985;Қарағайлы\n"
        "Әбілова Гүлнар;;;\n",
        encoding="utf-8",
    )
    preview = importer.preview_import(store, path, today=TODAY)
    for screen in screens:
        on(parent, screen)
        wizard = ImportWizard(store, today=lambda: TODAY, parent=parent)
        runner.check("import-file", wizard, screen)
        wizard._file_read(preview)
        runner.check("import-columns", wizard, screen)
        wizard._previewed(preview)
        runner.check("import-preview", wizard, screen)
        wizard.close()
        runner.check(
            "resident", ResidentDialog(store, someone.id, today=lambda: TODAY, parent=parent), screen
        )
        runner.check("resident-new", ResidentDialog(store, today=lambda: TODAY, parent=parent), screen)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shots", type=Path)
    parser.add_argument("--lang", nargs="+", default=["kk"])
    args = parser.parse_args()
    app = make_application([sys.argv[0]])
    from zhoob_desktop.services import i18n
    from zhoob_desktop.ui.qt_i18n import install_qt_translations

    laptops = [s for s in app.screens() if s.name().startswith("laptop")]
    store = build_store()
    for lang in args.lang:  # one process for the languages: the screens and the scale are the same
        i18n.set_language(lang)
        install_qt_translations(lang)
        shots = args.shots / lang if args.shots is not None else None
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)
        runner = Runner(shots, lang)
        console_windows(runner, store, laptops)
        other_windows(runner, store, laptops)
        runner.emit()
    store.close(backup=False)


if __name__ == "__main__":
    main()
