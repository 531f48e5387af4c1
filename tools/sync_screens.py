"""Screenshots of the Sync page on both sides after a sync over the network, as people would see them.

    .venv/bin/python tools/sync_screens.py --out DIR [--lang kk ru] [--size 1366x768]

Makes the demo okrug in a throw-away data folder and a district on SQLite with
the district service (in this process, on 127.0.0.1) behind a proxy that cuts
and stalls connections (tests/services/sync/net/faultproxy.py); the okrug sets
the connection up by the certificate's fingerprint and sends through the
faults (each round tries again until it gets through); its akim disagrees
with a decision, the meeting insists, the okrug refers it; the district akim
upholds it; a resident is refused (an IIN another okrug holds). Then the main
window shows the Sync page: the okrug's tab, and the district's "Contact and
deadlines" and "To the district akim" tabs, and the decision's history on the
Decisions page:

    DIR/<lang>-okrug.png, DIR/<lang>-okrug-answers.png, DIR/<lang>-district-contact.png,
    DIR/<lang>-district-referred.png, DIR/<lang>-decision.png
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def scenario(folder: Path):
    """The okrug and the district after a few rounds; (okrug store, district URL, service, decision id)."""
    from tests.services.decisions.helpers import held_sitting
    from tests.services.sync.net.faultproxy import FaultProxy, Faults
    from tests.services.sync.net.service import ThreadService
    from zhoob_desktop.services import decisions as D
    from zhoob_desktop.services import demo
    from zhoob_desktop.services.store import open_store
    from zhoob_desktop.services.sync import export as ex
    from zhoob_desktop.services.sync.district import register_okrug
    from zhoob_desktop.services.sync.district_db import open_district
    from zhoob_desktop.services.sync.keys import DistrictKeys
    from zhoob_desktop.services.sync.net import queue as q
    from zhoob_desktop.services.sync.net import rulings

    store = open_store(folder / "okrug")
    demo.create_demo(store, today=date(2026, 11, 25))
    keys = DistrictKeys(store.data_dir / "district-keys", "Іле ауданы").ensure()
    (folder / "district.key").write_bytes(keys.public().to_json())
    ex.import_district_key(store, folder / "district.key", fingerprint=keys.public().fingerprint)
    ex.export_public_key(store, folder / "okrug.key")
    url = str(folder / "district.sqlite")  # beside the okrug's folder: the service and the page share it
    district = open_district(url)
    register_okrug(district, folder / "okrug.key")
    service = ThreadService(district, folder / "service", keys).start()
    proxy = FaultProxy(service.port, Faults(drop=0.25, stall=0.15, drop_after=(400, 40_000),
                                            stall_seconds=(0.2, 1.5), seed=7)).start()  # fmt: skip
    q.set_up(store, f"https://127.0.0.1:{proxy.port}", fingerprint=service.fingerprint)

    def send() -> None:
        result = q.run_round(store, tries=60, sleep=lambda s: time.sleep(min(s, 0.5)))
        if result.error:
            raise SystemExit(f"the round did not get through: {result.error}")

    send()

    info = held_sitting(store, date(2026, 10, 12), ["Ескі мектеп ғимаратын сату"], titles=["Коммуналдық мүлік"],
                        number=11)  # fmt: skip
    D.hand_over(store, info.id, on=date(2026, 10, 13), today=date(2026, 10, 13))
    (decision,) = D.protocol_view(store, info.id, today=date(2026, 10, 13)).decisions
    D.consider(store, info.id, on=date(2026, 10, 15), today=date(2026, 10, 15),
               outcomes={decision.id: D.Outcome("disagreed", "Ғимарат ауылдық мектепке керек")})  # fmt: skip
    again = held_sitting(store, date(2026, 11, 2), [None], titles=["Бұрынғы шешімдердің орындалуы"],
                         kinds=["execution_of_decisions"], number=12)  # fmt: skip
    D.record_step(store, decision.id, "unresolved", at_sitting=again.id, note="Жиналыс өз шешімінде қалды",
                  today=date(2026, 11, 3))  # fmt: skip
    D.record_step(
        store, decision.id, "referred", on=date(2026, 11, 4), note="№ 45 хат", today=date(2026, 11, 4)
    )
    send()
    rulings.rule(district, decision.short_id, "upheld", on=date(2026, 11, 20), by="Іле ауданының әкімі",
                 document="Іле ауданы әкімінің 2026 жылғы 20 қарашадағы № 112 шешімі")  # fmt: skip
    send()  # the ruling comes back and stands in the history
    send()  # its step goes to the district
    refused_resident(store, district, keys, folder)
    send()
    district.close()
    stats = proxy.stats
    print(f"through the proxy: {stats.connections} connections, {stats.dropped} cut, {stats.stalled} stalled")
    proxy.enabled = False  # the window's own rounds, while the screenshots are taken, pass cleanly
    service.proxy = proxy
    return store, url, service, decision.id


def refused_resident(store, district, keys, folder: Path) -> None:
    """A neighbouring okrug's bundle came by USB stick; this okrug gives one of its residents the IIN
    a resident of that okrug holds: the district refuses it and says so in its receipt."""
    from sqlalchemy import select

    from tests.services.sync.okrug_data import add_residents, make_okrug
    from zhoob_desktop.models.register import Resident
    from zhoob_desktop.services.register.iin import make_iin
    from zhoob_desktop.services.register.residents import ResidentInput, get_resident, update_resident
    from zhoob_desktop.services.store import open_store
    from zhoob_desktop.services.sync import export as ex
    from zhoob_desktop.services.sync import many
    from zhoob_desktop.services.sync.district import register_okrug

    with store.session() as s:
        rid = s.scalars(
            select(Resident.id).where(Resident.iin.is_not(None)).order_by(Resident.surname)
        ).first()
    mine = get_resident(store, rid)
    other = open_store(folder / "other", lock=False)
    make_okrug(other, "Бірлік ауылдық округі")
    (neighbour,) = add_residents(other, 1, "Бірлік")
    taken = make_iin(date(1988, 4, 12), "M", 981)
    update_resident(other, neighbour.id, ResidentInput(
        surname=neighbour.surname, given_name=neighbour.given_name, iin=taken, birth_date=None, sex=None,
        settlement_id=neighbour.settlement_id, street_id=neighbour.street_id, registered_on=date(2020, 1, 1),
    ), iin_confirmed=True)  # fmt: skip
    ex.import_district_key(other, folder / "district.key")
    ex.export_public_key(other, folder / "other.key")
    bundle = ex.export_bundle(other, folder / "other.zip").path
    other.close(backup=False)
    register_okrug(district, folder / "other.key")
    many.import_many(district, [bundle], keys)
    update_resident(store, mine.id, ResidentInput(
        surname=mine.surname, given_name=mine.given_name, patronymic=mine.patronymic, iin=taken,
        birth_date=None, sex=None, settlement_id=mine.settlement_id, street_id=mine.street_id,
        house_id=mine.house_id, registered_on=mine.registered_on,
    ), iin_confirmed=True)  # fmt: skip


def okrug_tab_scroll_to(widget) -> None:
    """Scroll the okrug's tab down to ``widget`` (the district's answers)."""
    from PySide6.QtWidgets import QScrollArea

    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget, 0, 0)


def scroll_to_top(widget) -> None:
    """Scroll every scroll area around ``widget`` back to its top."""
    from PySide6.QtWidgets import QScrollArea

    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.verticalScrollBar().setValue(0)
        parent = parent.parentWidget()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--lang", nargs="+", default=["kk", "ru"])
    parser.add_argument("--size", default="1366x768")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("ZHOOB_OPERATOR", "akim")  # the throw-away folders log in as a script does
    os.environ.setdefault("ZHOOB_PASSPHRASE", "sync screens passphrase")
    args.out.mkdir(parents=True, exist_ok=True)
    width, height = (int(n) for n in args.size.split("x"))

    from PySide6.QtWidgets import QApplication

    from zhoob_desktop.services import i18n
    from zhoob_desktop.ui.app import make_application
    from zhoob_desktop.ui.bus import Bus
    from zhoob_desktop.ui.main_window import MainWindow
    from zhoob_desktop.ui.qt_i18n import install_qt_translations

    app = make_application([sys.argv[0]])
    store, url, service, decision_id = scenario(Path(tempfile.mkdtemp(prefix="sync-screens-")))
    try:
        for lang in args.lang:
            i18n.set_language(lang)
            install_qt_translations(lang)
            bus = Bus()
            window = MainWindow(store, bus)
            window.resize(width, height - 40)
            window.show()
            page = window.show_page("sync")
            page.retranslate()
            page.okrug.refresh()
            QApplication.processEvents()
            window.grab().save(str(args.out / f"{lang}-okrug.png"))
            okrug_tab_scroll_to(page.okrug.answers)
            QApplication.processEvents()
            window.grab().save(str(args.out / f"{lang}-okrug-answers.png"))
            page.tabs.setCurrentIndex(1)
            page.district.open_database(url)
            scroll_to_top(page.district)  # the district's tabs from their top
            for tab, name in ((page.district.operator, "contact"), (page.district.referred, "referred")):
                page.district.tabs.setCurrentWidget(tab)
                QApplication.processEvents()
                window.grab().save(str(args.out / f"{lang}-district-{name}.png"))
            decisions = window.show_page("decisions")
            decisions.select_decision(str(decision_id))
            decisions.history.scrollToBottom()
            QApplication.processEvents()
            window.grab().save(str(args.out / f"{lang}-decision.png"))
            page.district.close_database()
            window.close()
            QApplication.processEvents()
    finally:
        service.proxy.stop()
        service.stop()
        store.close(backup=False)
    app.quit()


if __name__ == "__main__":
    main()
