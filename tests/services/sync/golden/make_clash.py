"""Make the stored bundles of the clash case in ``test_golden.py`` and what importing them gave.

    .venv/bin/python -m tests.services.sync.golden.make_clash

Okrug A holds 24 residents with IINs; okrug B registers 24 other residents
with those very IINs (none of them moved), 4 with IINs of their own and 2
without, and sends them in every bundle: each of B's bundles is full of
clashes. The district rejects four of the conflicts and settles one; B then
changes some of the clashing residents (two of the rejected ones, two open
ones) and sends the next bundle, then two more that the district receives
out of order (a gap, then its missing bundle). ``clash/expected.json`` keeps
what each import answered (counts, conflicts with their subjects and
messages in Kazakh, Russian and English), every row of the district store at
the end and what the receipts carried, as the importer of the time gave them
(made before the conflicts of an import were kept in one pass). Like
``make_golden.py``, running this again replaces the files with what today's
code gives: do it only when the bundle format changes.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date
from pathlib import Path

from tests.services.sync.golden import make_golden as golden

HERE = golden.HERE / "clash"
# The imports in this order; "decide" rejects four of the open conflicts and settles one.
ORDER = ["a1.zip", "b1.zip", "decide", "b2.zip", "b4.zip", "b3.zip", "b2.zip"]
REJECT = ("Қайшы0 ", "Қайшы1 ", "Қайшы2 ", "Қайшы3 ")
SETTLE = "Қайшы4 "


def make_bundles(folder: Path) -> None:
    from tests.services.sync.okrug_data import make_okrug
    from zhoob_desktop.services.register.iin import make_iin
    from zhoob_desktop.services.register.residents import ResidentInput, create_resident, update_resident
    from zhoob_desktop.services.register.structure import create_settlement, create_street
    from zhoob_desktop.services.store import open_store
    from zhoob_desktop.services.sync import export as ex

    folder.mkdir(parents=True, exist_ok=True)
    bundles = folder / "bundles"
    shutil.rmtree(bundles, ignore_errors=True)
    bundles.mkdir()
    district_key = golden.HERE / "district.key"
    work = Path(tempfile.mkdtemp(prefix="golden-clash-"))
    born = [date(1950 + i, 1 + i % 12, 1 + i % 27) for i in range(32)]
    iins = [make_iin(b, "M" if i % 2 else "F", 60 + i) for i, b in enumerate(born)]

    def village(store, name):
        settlement = create_settlement(store, name)
        return settlement.id, create_street(store, settlement.id, "Абай көшесі").id

    a = open_store(work / "a", encryption=False)
    make_okrug(a)
    settlement, street = village(a, "Қарағайлы")
    for i in range(24):
        create_resident(
            a,
            ResidentInput(
                surname=f"Ұстаз{i}", given_name="Берік", iin=iins[i], birth_date=born[i],
                settlement_id=settlement, street_id=street, registered_on=date(2019, 3, 1),
            ),
            actor="t",
        )  # fmt: skip
    ex.import_district_key(a, district_key)
    ex.export_public_key(a, folder / "okrug-a.key")
    ex.export_bundle(a, bundles / "a1.zip")

    b = open_store(work / "b", encryption=False)
    make_okrug(b, "Жаңаауыл ауылдық округі")
    settlement, street = village(b, "Жаңаауыл")

    def form(i, given="Нұрлан", phone=""):
        return ResidentInput(
            surname=f"Қайшы{i}", given_name=given, iin=iins[i] if i < 28 else None, birth_date=born[i],
            settlement_id=settlement, street_id=street, phone=phone, registered_on=date(2021, 6, 1),
        )  # fmt: skip

    people = [create_resident(b, form(i), actor="t") for i in range(30)]
    ex.import_district_key(b, district_key)
    ex.export_public_key(b, folder / "okrug-b.key")
    ex.export_bundle(b, bundles / "b1.zip")
    # Two of the rejected, two of the open ones changed; the rest sent again as they were.
    for i in (0, 1, 6, 7):
        update_resident(b, people[i].id, form(i, given="Нұрлыбек"), actor="t")
    ex.export_bundle(b, bundles / "b2.zip")
    update_resident(b, people[8].id, form(8, phone="+7 701 000 00 08"), actor="t")
    ex.export_bundle(b, bundles / "b3.zip")
    update_resident(b, people[9].id, form(9, phone="+7 701 000 00 09"), actor="t")
    ex.export_bundle(b, bundles / "b4.zip")
    for store in (a, b):
        store.close(backup=False)
    shutil.rmtree(work, ignore_errors=True)


def run_imports(folder: Path, dstore, keys) -> dict:
    """Import the stored bundles in ``ORDER``; what each answered, the end state, the receipts."""
    from zhoob_desktop.services import i18n
    from zhoob_desktop.services.sync import conflicts, district
    from zhoob_desktop.services.sync.errors import SyncError
    from zhoob_desktop.services.sync.labels import conflict_text

    i18n.set_language("en")
    district.register_okrug(dstore, folder / "okrug-a.key")
    district.register_okrug(dstore, folder / "okrug-b.key")
    answers = []
    for step, name in enumerate(ORDER):
        at = golden.when(step)
        if name == "decide":
            rows = sorted(district.list_conflicts(dstore), key=lambda c: c.subject)
            decided = []
            for c in rows:
                if c.subject.startswith(REJECT):
                    action = "reject"
                elif c.subject.startswith(SETTLE):
                    action = "settle"
                else:
                    continue
                row = conflicts.resolve(
                    dstore, c.id, action, by="Оператор", reason="Телефон арқылы", now=lambda at=at: at
                )
                decided.append([row.subject, row.status])
            answers.append({"decided": decided})
            continue
        try:
            r = district.import_bundle(dstore, folder / "bundles" / name, keys, now=lambda at=at: at)
        except SyncError as exc:
            answers.append({"file": name, "refused": type(exc).__name__, "params": golden._params(exc)})
            continue
        messages = {}
        for language in ("kk", "ru", "en"):
            i18n.set_language(language)
            messages[language] = [
                conflict_text(c.kind, c.entity, c.subject or c.record_id, c.detail) for c in r.conflicts
            ]
        i18n.set_language("en")
        answers.append({**golden.answer_of(name, r), "messages": messages})
    listed = [
        [
            c.kind,
            c.entity,
            str(c.record_id) if c.record_id else None,
            c.status,
            c.bundle_seq,
            c.seen_seq,
            c.subject,
        ]
        for c in district.list_conflicts(dstore, include_resolved=True)
    ]
    with dstore.session() as s:
        from zhoob_desktop.models.sync import DistrictOkrug

        receipts = {
            o.name: [golden._receipt_line(c) for c in conflicts.for_receipt(s, o.id)]
            for o in s.query(DistrictOkrug).order_by(DistrictOkrug.name)
        }
    return {"imports": answers, "listed": sorted(listed), "receipts": receipts, "store": golden.dump(dstore)}


def main() -> None:
    from zhoob_desktop.services.sync.district_db import open_district

    make_bundles(HERE)
    work = Path(tempfile.mkdtemp(prefix="golden-clash-run-"))
    keys = golden.keys_of(golden.HERE, work)
    lite = open_district(work / "district.sqlite")
    expected = run_imports(HERE, lite, keys)
    lite.close()
    (HERE / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    shutil.rmtree(work, ignore_errors=True)
    print(f"{len(ORDER)} steps; {sum(len(v) for v in expected['store'].values())} rows")


if __name__ == "__main__":
    main()
