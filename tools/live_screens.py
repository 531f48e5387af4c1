"""Screenshots of the live console and the hall screen, as a secretary and the hall would see them.

    .venv/bin/python tools/live_screens.py --out DIR [--lang kk ru] [--scale 1.25]

Makes the demo okrug in a throw-away data folder, prepares a meeting for
today with the demo roster, and drives it through the console's own
operations to the moments worth looking at: the registration desk with an
ambiguous surname typed, the opening, a count typo refused, the agenda, a
speech running out of time, a tie waiting for the casting vote. At each
moment the console is grabbed at every laptop size and the hall screen at
every projector size, in each language:

    DIR/<lang>-<scale>-console-<moment>-<W>x<H>.png
    DIR/<lang>-<scale>-hall-<moment>-<W>x<H>.png

The sizes are screen sizes; the console gets what a window gets on such a
screen with a taskbar (``ui.screen_fit.window_size``). ``--scale`` runs Qt at that scale
factor (125% on a laptop is ``--scale 1.25``): set before Qt starts, so one
scale per run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LAPTOPS = ((1366, 768), (1280, 720))
TASKBAR = 40  # Windows' taskbar, in logical pixels
PROJECTORS = ((1024, 768), (1280, 720), (1920, 1080))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--lang", nargs="+", default=["kk", "ru"])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = f"{args.scale:g}"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from zhoob_desktop.ui.app import make_application

    app = make_application([sys.argv[0]])
    for lang in args.lang:
        shoot(app, args.out, lang, args.scale)
    QApplication.processEvents()


def shoot(app, out: Path, lang: str, scale: float) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication

    from zhoob_desktop.services import demo, i18n
    from zhoob_desktop.services.decisions.agenda import with_execution_item
    from zhoob_desktop.services.meeting import create_sitting, start_sitting
    from zhoob_desktop.services.meeting.roster import active_roster
    from zhoob_desktop.services.store import open_store

    os.environ.setdefault("ZHOOB_OPERATOR", "secretary")
    os.environ.setdefault("ZHOOB_PASSPHRASE", "screens passphrase")
    from zhoob_desktop.ui.bus import Bus
    from zhoob_desktop.ui.meeting.clock import ManualClock
    from zhoob_desktop.ui.meeting.console import PREFERRED_SIZE, LiveConsole
    from zhoob_desktop.ui.qt_i18n import install_qt_translations
    from zhoob_desktop.ui.screen_fit import window_size

    i18n.set_language(lang)
    install_qt_translations(lang)
    folder = Path(tempfile.mkdtemp(prefix="live-screens-"))
    store = open_store(folder)
    today = date(2026, 11, 25)
    demo.create_demo(store, today=today)
    members = active_roster(store, "meeting", today)
    agenda = [
        {"title": "Ауылдағы су құбырын жөндеу туралы", "kind": "communal_property", "reporter": "Әкім"},
        {"title": "Мектеп алдындағы аялдаманы салу туралы", "kind": "other", "reporter": "Әкім"},
    ]
    info = create_sitting(
        store,
        kind="meeting",
        number=2,
        scheduled_on=today,
        place="Қарағайлы ауылы, мәдениет үйі",
        agenda=with_execution_item(store, "meeting", today, agenda, today=today),  # Reg §9
    )
    clock = ManualClock(datetime(2026, 11, 25, 4, 50, tzinfo=UTC))
    start_sitting(store, info.id, members=members, clock=clock.now)
    console = LiveConsole(store, Bus(), str(info.id), clock)

    def refused(_parent, exc):
        raise SystemExit(f"the script was refused: {exc.message()}")

    console.ops.present_error = refused
    console.show()
    hall = console.show_projector()
    tag = f"{lang}-{scale:g}"

    def grab(moment: str) -> None:
        QApplication.processEvents()
        for w, h in LAPTOPS:
            # the screen in logical pixels at this scale, less a taskbar
            size = window_size(QSize(round(w / scale), round(h / scale) - TASKBAR), PREFERRED_SIZE)
            console.resize(size)
            QApplication.processEvents()
            console.grab().save(str(out / f"{tag}-console-{moment}-{w}x{h}.png"))
        for w, h in PROJECTORS:
            hall.resize(round(w / scale), round(h / scale))
            QApplication.processEvents()
            hall.grab().save(str(out / f"{tag}-hall-{moment}-{w}x{h}.png"))

    ops = console.ops
    ids = [m.id for m in members]
    present = ids[:17]
    for pid in present[:15]:
        clock.advance(20)
        ops.run("register", member=pid)
    desk = console.registration
    surname = members[15].name.split()[0][:4]
    desk.search.setText(surname)
    desk.find(surname)
    grab("registration")
    for pid in present[15:]:
        ops.run("register", member=pid)
    desk.search.clear()
    desk.candidates.clear()
    ops.run("announce_registration")
    ops.run("open", by="Ауылдық округ әкімі")
    ops.run("elect", role="chair", person=present[0], **{"for": 17})
    console.tabs.setCurrentIndex(1)
    grab("opening")
    console.opening.secretary_candidate.setCurrentIndex(1)
    console.opening.ask_election("secretary")
    console.voting.for_spin.setValue(19)  # a typo: more than the 17 present
    grab("vote-typo")
    console.voting.request(None)
    ops.run("elect", role="secretary", person=present[1], **{"for": 16, "abstain": 1})
    for item in console.state.agenda:
        ops.run("vote_item", item=item.id, **{"for": 17})
    ops.run("approve_agenda")
    first = console.state.agenda[0]
    ops.run("start_item", item=first.id)
    console.tabs.setCurrentIndex(2)
    grab("agenda")
    ops.run("add_speaker", person=present[2], kind="report")
    ops.run("add_speaker", person=present[3], kind="debate")
    ops.run("add_speaker", person=present[4], kind="debate")
    ops.run("start_speech", speech=console.state.speeches[0].id)
    clock.advance(900 - 45)
    console.countdown._tick()
    console.tabs.setCurrentIndex(3)
    grab("speech")
    ops.run("stop_speech", speech=console.state.speeches[0].id)
    ops.run(
        "decision_text", item=first.id, text="Су құбырын жөндеу 2027 жылдың бірінші тоқсанында басталсын."
    )
    ops.run("written_question", author=present[5], to="Әкім", text="Су құбыры қашан жөнделеді?")
    console.tabs.setCurrentIndex(5)
    grab("questions")
    console.tabs.setCurrentIndex(4)
    console.voting.request(None)
    ops.run("depart", person=present[16])  # 16 present: an 8 to 8 tie goes to the chair (Reg §12)
    ops.run("vote", item=first.id, **{"for": 8, "against": 8})
    console.voting.casting_dialog and console.voting.casting_dialog.close()
    grab("tie")
    console.close()
    store.close(backup=False)


if __name__ == "__main__":
    main()
